#!/usr/bin/env bash
# "Not recorded is not zero" on samples/exempelkommun-2020 (figures in its
# README): a partnership without money for the year shows "uppgift saknas"
# in every template and totals say how many they leave out; a recorded 0 is
# 0 kr; no municipal share where the other parties' contributions are not
# recorded; remarks are gaps apart from findings, with the threshold in the
# heading; expiring counted from --date; a batch prints one line per kind of
# remark; a catalogue without money has no money columns.
. "$(dirname "$0")/lib.sh"
S=$IOP_SOURCE_DIR/samples/exempelkommun-2020
NB=$'\u00a0'

flat() { pdftotext "$1" - | sed "s/$NB/ /g" | tr '\n' ' ' | tr -s ' '; }
layout() { pdftotext -layout "$1" - | sed "s/$NB/ /g" | tr -s ' '; }

# the overview of one year (the comparison with 2019: tests/e2e/compare.sh)
run "$IOPREPORT" build "$S" --year 2020 --date 2021-01-20 --out "$TMP/out-pdf" --no-compare \
  --template arsrapport --template tjansteskrivelse --template faktablad --template exempelsamling
expect_rc 0
O=$TMP/out-pdf
for f in exempel-kfn-arsrapport-2020 exempel-sn-arsrapport-2020 exempel-kfn-tjansteskrivelse-2020 \
         exempel-sn-tjansteskrivelse-2020 exempelsamling-2020 exempel-laxhjalp-faktablad-2020 \
         exempel-motesplats-faktablad-2020 exempel-sommarlov-faktablad-2020; do
  if [ -s "$O/$f.pdf" ]; then pass; else fail "no $f.pdf"; finish; fi
done

# --- a batch prints one line per kind of remark, with a count ----------------
expect_in "$TMP/err" "remarks: 1 agreement: no cost for the committee recorded for the year (a gap in the agreement data)"
expect_in "$TMP/err" "remarks: 1 agreement: municipal share of the value above 75 %"
expect_in "$TMP/err" "remarks: 1 agreement: ends within twelve months of the document's date: a decision on extension is due"
expect_in "$TMP/err" "iopreport summary --year 2020 --remarks"
expect_not_in "$TMP/err" "warning:"
# the same with more agreements of one kind: Malmö, seven without idea-based input
run "$IOPREPORT" build "$IOP_SOURCE_DIR/samples/malmo-2018" --year 2018 --out "$TMP/out-malmo"
expect_rc 0
expect_in "$TMP/err" "remarks: 7 agreements: no contribution or commitment of an idea-based party recorded (a gap in the agreement data)"
if [ "$(grep -c '^remarks: ' "$TMP/err")" -eq 4 ]; then pass; else fail "Malmö: not one line per kind of remark"; cat "$TMP/err" >&2; fi
# quiet: none of it
run "$IOPREPORT" build "$IOP_SOURCE_DIR/samples/malmo-2018" --year 2018 --out "$TMP/out-malmo" --force --quiet
expect_not_in "$TMP/err" "remarks:"

# --- annual report, Kultur- och fritidsnämnden: Läxhjälp has no money for 2020
flat "$O/exempel-kfn-arsrapport-2020.pdf" >"$TMP/kfn"
layout "$O/exempel-kfn-arsrapport-2020.pdf" >"$TMP/kfn-layout"
expect_match "$TMP/kfn-layout" "^Läxhjälp i Norra .*Pågående, nytt +uppgift$"
# the committee's premises are in kind: its money for Mötesplats is a recorded 0
expect_match "$TMP/kfn-layout" "^Mötesplats Centrum .*Pågående +0 kr$"
expect_match "$TMP/kfn-layout" "^Summa \(2 partnerskap, varav ett utan uppgift om kostnad\) +0 kr$"
expect_in "$TMP/kfn" "Nämndens kostnad för partnerskapen 2020 uppgår till 0 kr. För ett partnerskap anger avtalsunderlaget ingen kostnad för 2020; de ingår inte i summan."
expect_in "$TMP/kfn" "Kostnad 2020 Uppgift saknas: avtalsunderlaget anger ingen kostnad för nämnden för 2020"
# no cost chart: nothing to draw (a 0 and a missing figure)
expect_not_in "$TMP/kfn" "Nämndens kostnad 2020 per partnerskap"
# gaps apart from findings
expect_in "$TMP/kfn" "Uppgifter som saknas i avtalsunderlaget"
expect_in "$TMP/kfn" "Ingen kostnad för nämnden angiven för 2020 Avtalsunderlaget anger inget belopp från nämnden som gäller året; kostnaden anges därför som uppgift saknas och ingår inte i summorna. • Läxhjälp i Norra"
# Läxhjälp's idea-based party commits itself: no gap about it
expect_not_in "$TMP/kfn" "Ingen insats från idéburen part angiven"

# --- annual report, Socialnämnden: a finding, and what expires --------------
flat "$O/exempel-sn-arsrapport-2020.pdf" >"$TMP/sn"
layout "$O/exempel-sn-arsrapport-2020.pdf" >"$TMP/sn-layout"
expect_match "$TMP/sn-layout" "^Summa \(2 partnerskap\) +449 836 kr$"
expect_in "$TMP/sn" "Partnerskapens samlade värde 2020, med alla parters insatser i pengar och i annan form, är 774 754 kr; kommunens andel av värdet är 83,9 %."
# the heading and its explanation say the same threshold as the data
expect_in "$TMP/sn" "Kommunen står för mer än 75 % av värdet Enligt de redovisade bidragen från alla parter står kommunen för mer än 75 % av partnerskapets värde 2020. • Mötesplats Centrum: 85,7 %"
expect_not_in "$TMP/sn" "långt över hälften"
expect_not_in "$TMP/sn" "Uppgifter som saknas i avtalsunderlaget"
# expiring: within twelve months of the document's date, 20 January 2021
expect_in "$TMP/sn" "Avtal som löper ut inom tolv månader Följande avtal löper ut senast 20 januari 2022."
expect_match "$TMP/sn-layout" "^Mötesplats Centrum +30 juni 2021 +1 år, längst till 30 juni 2022$"
# with the document dated a year later Mötesplats has ended: nothing is due
run "$IOPREPORT" build "$S" --year 2020 --date 2021-07-01 --committee exempel-sn --out "$TMP/later"
expect_rc 0
flat "$TMP/later/exempel-sn-arsrapport-2020.pdf" >"$TMP/later.txt"
expect_in "$TMP/later.txt" "Inget av nämndens avtal löper ut till och med 1 juli 2022."

# --- memo: the cost missing, the value only where every party's is recorded --
flat "$O/exempel-kfn-tjansteskrivelse-2020.pdf" >"$TMP/memo"
expect_in "$TMP/memo" "Nämndens kostnad för partnerskapen 2020 är 0 kr. För ett partnerskap anger avtalsunderlaget ingen kostnad för 2020; de ingår inte i summan."
expect_in "$TMP/memo" "För ett partnerskap redovisar avtalsunderlaget inte de andra parternas bidrag 2020, så värdet och kommunens andel kan inte anges för dem."
expect_in "$TMP/memo" "Summa (2 partnerskap, varav ett utan uppgift om kostnad; ett utan uppgift om värde)"
layout "$O/exempel-kfn-tjansteskrivelse-2020.pdf" >"$TMP/memo-layout"
# Tabell 2 lists the partnerships with a value, so the rows add up to the sum
expect_match "$TMP/memo-layout" "^Mötesplats Centrum +700 000 kr +600 000 kr +85,7 %$"
expect_match "$TMP/memo-layout" "^Summa +700 000 kr +600 000 kr +85,7 %$"

# --- fact sheets: never a municipal share the data cannot give --------------
flat "$O/exempel-laxhjalp-faktablad-2020.pdf" >"$TMP/fl"
expect_not_in "$TMP/fl" "Värde 2020"
expect_not_in "$TMP/fl" " 0 kr"
expect_in "$TMP/fl" "Kultur- och fritidsnämnden: 150 000 kr per år"
# the contact person in the box: name, role, organisation, e-mail, phone
flat "$O/exempel-motesplats-faktablad-2020.pdf" >"$TMP/fm"
expect_in "$TMP/fm" "Kontakt Eva Ek, Samordnare, Socialförvaltningen, eva.ek@exempelkommun.se, 010-123 45 67"
flat "$O/exempel-sommarlov-faktablad-2020.pdf" >"$TMP/fs"
expect_in "$TMP/fs" "Värde 2020 74 754 kr, varav kommunens andel 66,7 %"

# --- the catalogue: a bar for each recorded value, a note for the missing ----
flat "$O/exempelsamling-2020.pdf" >"$TMP/cat"
expect_in "$TMP/cat" "Ett partnerskap utan uppgift om värde för 2020 visas inte."
expect_in "$TMP/cat" "För ett partnerskap saknas uppgift om de andra parternas bidrag; de ingår inte i summorna."
# an agreement of two committees is listed once, under its first, with both
# named in "Offentlig aktör"; actors joined "A och B", not stacked
if [ "$(grep -o "Mötesplats Centrum 1 januari 2019" "$TMP/cat" | wc -l)" -eq 1 ]; then pass; else
  fail "Mötesplats Centrum is not listed exactly once in the catalogue"; fi
expect_in "$TMP/cat" "Föreningen Gemenskap Socialnämnden och Kultur- och fritidsnämnden Mötesplats Centrum"
layout "$O/exempelsamling-2020.pdf" >"$TMP/cat-layout"
expect_match "$TMP/cat-layout" "^Exempelkommun 3 774 754 kr 649 836 kr 83,9 %$"

# a highlighted example links to its agreement document
run "$IOPREPORT" build "$S" --year 2020 --template exempelsamling --highlight exempel-motesplats \
    --out "$TMP/hl"
expect_rc 0
flat "$TMP/hl/exempelsamling-2020.pdf" >"$TMP/hl.txt"
expect_in "$TMP/hl.txt" "Exempel: Mötesplats Centrum"
expect_in "$TMP/hl.txt" "Avtalet: Överenskommelse om IOP Mötesplats Centrum"
if qpdf --qdf --object-streams=disable "$TMP/hl/exempelsamling-2020.pdf" "$TMP/hl.qdf" 2>/dev/null &&
   grep -aq "https://www.exempelkommun.se/iop/motesplats-centrum.pdf" "$TMP/hl.qdf"; then pass; else
  fail "no link to the agreement document"; fi

# --- a catalogue without any money: no money columns, no 0 kr ---------------
mkdir -p "$TMP/nomoney"
cp "$S/committees.xml" "$S/exempel-laxhjalp.xml" "$TMP/nomoney/"
run "$IOPREPORT" build "$TMP/nomoney" --year 2020 --template exempelsamling --out "$TMP/nomoney-out"
expect_rc 0
flat "$TMP/nomoney-out/exempelsamling-2020.pdf" >"$TMP/nm"
layout "$TMP/nomoney-out/exempelsamling-2020.pdf" >"$TMP/nm-layout"
expect_match "$TMP/nm-layout" "^Kommun +Partnerskap$"
expect_match "$TMP/nm-layout" "^Exempelkommun +1$"
expect_not_in "$TMP/nm" "Värdet är alla parters insatser"
expect_not_in "$TMP/nm" "Värde 2020"
expect_not_in "$TMP/nm" "Kommunens insats"
expect_not_in "$TMP/nm" " kr"
expect_not_in "$TMP/nm" "Stapeldiagram"

# --- the cost per year when the committee pays only in kind -----------------
# exempel-kfn's cost is 0 kr in 2019 and 2020: the chart invents no scale
# (it drew an axis from 0 to 1 kronor), each year says its cost in words;
# a year not recorded has no value at all, never a bar of 0
run "$IOPREPORT" data "$S" --year 2020 --committee exempel-kfn --compare --date 2021-01-20
expect_rc 0
cp "$TMP/out" "$TMP/kfn-data.xml"
run xsltproc "$IOP_SOURCE_DIR/templates/arsrapport.xsl" "$TMP/kfn-data.xml"
expect_rc 0
cp "$TMP/out" "$TMP/kfn.xml"
if xmllint --noout --relaxng "$IOP_SOURCE_DIR/schema/document.rng" "$TMP/kfn.xml" 2>"$TMP/rng"; then
  pass; else fail "kfn: document does not match schema/document.rng"; head -5 "$TMP/rng" >&2; fi
expect_in "$TMP/kfn.xml" "<item label=\"2019\" value=\"0\" display=\"0${NB}kr\"/>"
expect_not_in "$TMP/kfn.xml" "Stapeldiagram: nämndens kostnad för partnerskapen per år"
run "$IOPREPORT" render --dump "$TMP/kfn.xml" -o "$TMP/kfn.pdf"
expect_rc 0
# the chart's boxes, from its title to its caption
sed -n '/"Figur 2\. Nämndens kostnad för partnerskapen per år"/,/"Nämndens kostnad för partnerskapen per år 2019/p' \
  "$TMP/out" >"$TMP/kfn-chart"
if [ "$(wc -l <"$TMP/kfn-chart")" -ge 4 ]; then pass; else fail "kfn: the chart not found in the dump"; fi
expect_in "$TMP/kfn-chart" "\"0${NB}kr\""
expect_in "$TMP/kfn-chart" "\"0${NB}kr (1 partnerskap utan uppgift)\""
expect_not_in "$TMP/kfn-chart" '"Kronor"'
expect_not_in "$TMP/kfn-chart" '"1"'
expect_not_in "$TMP/kfn-chart" '"0"'
expect_not_in "$TMP/kfn-chart" ' fill '
# a year not recorded beside a 0: no value, its words, still no scale
cat >"$TMP/missing.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="urn:iopreport:document:1" lang="sv"><meta><title>T</title></meta><body>
<chart kind="bar" title="Per år" axis-label="Kronor" alt="Kostnad per år.">
<item label="2019" display="uppgift saknas"/><item label="2020" value="0" display="0${NB}kr"/>
</chart></body></document>
EOF
run "$IOPREPORT" render --dump "$TMP/missing.xml" -o "$TMP/missing.pdf"
expect_rc 0
expect_in "$TMP/out" '"uppgift saknas"'
expect_not_in "$TMP/out" '"Kronor"'

# --- the report data ----------------------------------------------------------
run "$IOPREPORT" data "$S" --year 2020 --date 2021-01-20
expect_rc 0
cp "$TMP/out" "$TMP/data.xml"
if xmllint --noout --relaxng "$IOP_SOURCE_DIR/schema/report-data.rng" "$TMP/data.xml" 2>"$TMP/rng.err"; then
  pass; else fail "data does not follow schema/report-data.rng: $(head -3 "$TMP/rng.err")"; fi
expect_in "$TMP/data.xml" '<committee-cost committee="exempel-kfn" recorded="false">uppgift saknas</committee-cost>'
expect_in "$TMP/data.xml" "<committee-cost committee=\"exempel-kfn\" amount=\"0\">0${NB}kr</committee-cost>"
expect_in "$TMP/data.xml" '<year-amount recorded="false" year="2020">uppgift saknas</year-amount>'
expect_in "$TMP/data.xml" "<cost amount=\"0\" not-recorded=\"1\">0${NB}kr</cost>"
expect_in "$TMP/data.xml" "<value amount=\"74754\">74${NB}754${NB}kr</value>"
expect_in "$TMP/data.xml" 'kind="high-municipal-share" category="finding" ref="exempel-motesplats"'
finish
