#!/usr/bin/env bash
# Year over year (issue 15 §1) on samples/exempelkommun-2021, whose README
# computes every figure by hand: the section "Förändringar sedan
# föregående år", the overview's columns for 2020 and the change, the
# chart of each year's cost with its text alternative, the memo's economy;
# --compare-with the earlier export (samples/exempelkommun-2021-tidigare):
# the year before from it, and the figures edited since listed as such;
# an earlier export with errors stops the run; --no-compare; not recorded
# is not zero in every difference.
. "$(dirname "$0")/lib.sh"
S=$IOP_SOURCE_DIR/samples/exempelkommun-2021
E=$IOP_SOURCE_DIR/samples/exempelkommun-2021-tidigare
NB=$'\u00a0'
SHY=$'\u00ad'

# a word hyphenated at a line's end is read whole
flat() { pdftotext "$1" - | sed "s/$NB/ /g" | tr '\n' ' ' | tr -s ' ' | sed "s/$SHY //g"; }
layout() { pdftotext -layout "$1" - | sed "s/$NB/ /g" | tr -s ' '; }

# --- the default: on for the annual report and the memo -----------------------
run "$IOPREPORT" build "$S" --year 2021 --date 2022-02-10 --out "$TMP/same" -j1 \
  --template arsrapport --template tjansteskrivelse --template faktablad
expect_rc 0
A=$TMP/same/exempel-sn-arsrapport-2021.pdf
M=$TMP/same/exempel-sn-tjansteskrivelse-2021.pdf
for f in "$A" "$M"; do expect_valid_pdf "$f"; done
flat "$A" >"$TMP/a"
layout "$A" >"$TMP/a-layout"

# the section, after the overview, in the contents
expect_match "$TMP/a-layout" "^Förändringar sedan föregående år +3$"
expect_in "$TMP/a" "Nämndens kostnad för partnerskapen är 1 059 507 kr 2021 mot 970 000 kr 2020, en ökning med 89 507 kr."
expect_in "$TMP/a" "Kommunens andel av partnerskapens värde är 70,2 % 2021 mot 66,0 % 2020 (+4,2 procentenheter)."
expect_in "$TMP/a" "Siffrorna för 2020 och 2021 är hämtade ur samma avtalsunderlag."
# the table of changes: one row per partnership that changed, both years'
# cost and the difference; Mötesplats Centrum did not change
expect_in "$TMP/a" "Tabell 2. Förändringar sedan 2020"
expect_match "$TMP/a-layout" "^Frukostklubben +Avslutat i förtid 30 juni 2021 .*120 000 kr 59 507 kr −60 493 kr$"
expect_match "$TMP/a-layout" "^Natthärbärget +Ändrad kostnad +400 000 kr 450 000 kr \+50 000 kr$"
expect_match "$TMP/a-layout" "^Samtalsgrupper för anhö.?.? Avslutat 31 december 2020 +200 000 kr – −200 000 kr$"
expect_match "$TMP/a-layout" "^Stödboende för unga +Nytt från 1 januari 2021 +– 300 000 kr \+300 000 kr$"
expect_match "$TMP/a-layout" "^Väntjänst +Förlängt till 31 december 2022 +150 000 kr 150 000 kr 0 kr$"
if grep -qE "^Mötesplats Centrum +(Nytt|Avslutat|Förlängt|Ändrad|Tidigare)" "$TMP/a-layout"; then
  fail "Mötesplats Centrum is listed as changed"; else pass; fi

# the overview: Kostnad 2020, Kostnad 2021, Förändring; the partnership
# gone since 2020 in a row of its own, so that the 2020 column adds up
expect_match "$TMP/a-layout" "Status +Kostnad +Kostnad +Förändring"
expect_match "$TMP/a-layout" "^Natthärbärget .*Pågående 400 000 kr 450 000 kr \+50 000 kr$"
expect_match "$TMP/a-layout" "^Stödboende för .*Pågående, – 300 000 kr \+300 000 kr$"
expect_match "$TMP/a-layout" "^Mötesplats .*Pågående 100 000 kr 100 000 kr 0 kr$"
expect_match "$TMP/a-layout" "^Frukostklubben .*Avslutat 120 000 kr 59 507 kr −60 493 kr$"
expect_match "$TMP/a-layout" "^Partnerskap 2020 som inte gäller nämnden 2021 \(1\) 200 000 kr – −200 000 kr$"
expect_match "$TMP/a-layout" "^Summa \(5 partnerskap\) 970 000 kr 1 059 507 kr \+89 507 kr$"

# the chart: a bar per year 2018–2021, this year marked, 2018 not recorded
expect_in "$TMP/a" "Figur 3. Nämndens kostnad för partnerskapen per år"
expect_match "$TMP/a-layout" "^2018 uppgift saknas$"
expect_match "$TMP/a-layout" "^2019 +750 000 kr$"
expect_match "$TMP/a-layout" "^2020 +970 000 kr$"
expect_match "$TMP/a-layout" "^2021, rapportåret +1 059 507 kr$"
expect_in "$TMP/a" "Stapeldiagram: nämndens kostnad för partnerskapen per år 2018–2021, rapportåret 2021 markerat. 2018: uppgift saknas; 2019: 750 000 kr; 2020: 970 000 kr; 2021: 1 059 507 kr."
# its text alternative is the figure's /Alt too
# (UTF-16: "per år 2018")
qpdf --qdf --object-streams=disable "$A" "$TMP/a.qdf" 2>/dev/null || true
if [ "$(grep -a "/Alt" "$TMP/a.qdf" | grep -aic "007000650072002000e5007200200032003000310038")" -ge 1 ]; then pass; else
  fail "the chart of each year's cost has no /Alt"; fi
# no edits without an earlier export
expect_not_in "$TMP/a" "Ändrade i efterhand"

# the memo's economy: the change in cost and in the municipal share
flat "$M" >"$TMP/m"
expect_in "$TMP/m" "Nämndens kostnad för partnerskapen är 1 059 507 kr 2021 mot 970 000 kr 2020, en ökning med 89 507 kr. Kommunens andel av partnerskapens värde är 70,2 % 2021 mot 66,0 % 2020 (+4,2 procentenheter)."
# fact sheets are not compared
if ls "$TMP/same"/*-faktablad-2021.pdf >/dev/null 2>&1 &&
   ! pdftotext "$(ls "$TMP/same"/*-faktablad-2021.pdf | head -1)" - | grep -q "föregående år"; then
  pass; else fail "fact sheets: not made, or compared"; fi

# the report data carries what the templates print (docs/report-data.md)
run "$IOPREPORT" data "$S" --year 2021 --committee exempel-sn --compare
expect_rc 0
cp "$TMP/out" "$TMP/data.xml"
expect_in "$TMP/data.xml" "<cost-change amount=\"89507\">+89${NB}507${NB}kr</cost-change>"
expect_in "$TMP/data.xml" "<share-change permille=\"42\">+4,2${NB}procentenheter</share-change>"
expect_in "$TMP/data.xml" "<change kind=\"extended\">förlängt till 31${NB}december${NB}2022</change>"
run "$IOPREPORT" data "$S" --year 2021 --committee exempel-sn --compare-with "$E"
expect_rc 0
cp "$TMP/out" "$TMP/data-with.xml"
expect_in "$TMP/data-with.xml" '<edits count="7" agreements="4">'
for f in "$TMP/data.xml" "$TMP/data-with.xml"; do
  if xmllint --noout --relaxng "$IOP_SOURCE_DIR/schema/report-data.rng" "$f" 2>"$TMP/rng.err"; then
    pass; else fail "$(basename "$f") does not follow schema/report-data.rng: $(head -3 "$TMP/rng.err")"; fi
done
# the committee it left: moved, its 2020 cost gone from 2021
run "$IOPREPORT" data "$S" --year 2021 --committee exempel-kfn --compare-with "$E"
expect_rc 0
expect_in "$TMP/out" '<change kind="committee">flyttat till Socialnämnden</change>'
expect_in "$TMP/out" "<difference amount=\"-100000\">−100${NB}000${NB}kr</difference>"
run "$IOPREPORT" data "$S" --year 2021 --compare
expect_rc 2
expect_in "$TMP/err" "want --committee"

# --- --no-compare: the report of one year ------------------------------------
run "$IOPREPORT" build "$S" --year 2021 --date 2022-02-10 --out "$TMP/none" -j1 --no-compare
expect_rc 0
flat "$TMP/none/exempel-sn-arsrapport-2021.pdf" >"$TMP/none.txt"
expect_not_in "$TMP/none.txt" "Förändringar sedan föregående år"
expect_not_in "$TMP/none.txt" "Kostnad 2020"
# --compare on a template that does not compare by default: the data has it
run "$IOPREPORT" build "$S" --year 2021 --no-compare --compare-with "$E" --out "$TMP/x"
expect_rc 2
expect_in "$TMP/err" "exclude each other"

# --- no year before in the input: no comparison by default --------------------
mkdir -p "$TMP/one"
cp "$S/committees.xml" "$S/exempel-stodboende.xml" "$TMP/one/"
run "$IOPREPORT" build "$TMP/one" --year 2021 --out "$TMP/one-out" -j1
expect_rc 0
expect_not_in <(flat "$TMP/one-out/exempel-sn-arsrapport-2021.pdf") "Förändringar sedan"
run "$IOPREPORT" build "$TMP/one" --year 2021 --out "$TMP/one-forced" -j1 --compare
expect_rc 0
flat "$TMP/one-forced/exempel-sn-arsrapport-2021.pdf" >"$TMP/one.txt"
expect_in "$TMP/one.txt" "Nämndens kostnad för partnerskapen är 300 000 kr 2021 mot 0 kr 2020, en ökning med 300 000 kr."

# --- not recorded is not zero: no 2020 money for one partnership -------------
mkdir -p "$TMP/gap"
cp "$S"/*.xml "$TMP/gap/"
sed -i 's|<contribution party="exempel-sn" amount="400000" per="year" from="2019-01-01" to="2020-12-31">Bidrag 2019–2020</contribution>||' \
  "$TMP/gap/exempel-natthabarget.xml"
run "$IOPREPORT" build "$TMP/gap" --year 2021 --date 2022-02-10 --out "$TMP/gap-out" -j1 \
  --template arsrapport --template tjansteskrivelse
expect_rc 0
flat "$TMP/gap-out/exempel-sn-arsrapport-2021.pdf" >"$TMP/gap.txt"
layout "$TMP/gap-out/exempel-sn-arsrapport-2021.pdf" >"$TMP/gap-layout"
expect_in "$TMP/gap.txt" "Nämndens kostnad för partnerskapen är 1 059 507 kr 2021 mot 570 000 kr 2020 (varav ett av 5 partnerskap utan uppgift om kostnad); förändringen kan inte anges"
# "uppgift saknas" on two lines of the narrow columns
expect_match "$TMP/gap-layout" "^Natthärbärget .*Pågående uppgift 450 000 kr uppgift$"
expect_in "$TMP/gap.txt" "Summa (5 partnerskap; 2020: 5 partnerskap, varav ett utan uppgift om kostnad) 570 000 kr 1 059 507 kr"
expect_match "$TMP/gap-layout" "^Summa \(5 partnerskap; 2020: 5 partnerskap, .* 570 000 kr 1 059 507 kr uppgift$"
expect_match "$TMP/gap-layout" "^2020 +570 000 kr \(1 partnerskap utan uppgift\)$"
expect_not_in "$TMP/gap.txt" "+489 507"
expect_in <(flat "$TMP/gap-out/exempel-sn-tjansteskrivelse-2021.pdf") "förändringen kan inte anges"

# --- --compare-with: the year before from the earlier export ------------------
# The reports name the export as it was given. Given by a name that does
# not depend on where the tree is checked out: a long path breaks across
# lines at its hyphens, and pdftotext drops a hyphen that ends a line, so
# the text checked below came out as ".../exempelkommun-2021tidigare" in a
# clone whose folder name was wide enough to move the break there.
ln -s "$E" "$TMP/tidigare"
cd "$TMP"
run "$IOPREPORT" build "$S" --year 2021 --date 2022-02-10 --out "$TMP/with" -j1 \
  --template arsrapport --template tjansteskrivelse --compare-with tidigare
expect_rc 0
cd - >/dev/null
flat "$TMP/with/exempel-sn-arsrapport-2021.pdf" >"$TMP/w"
layout "$TMP/with/exempel-sn-arsrapport-2021.pdf" >"$TMP/w-layout"
expect_in "$TMP/w" "Nämndens kostnad för partnerskapen är 1 059 507 kr 2021 mot 850 000 kr 2020, en ökning med 209 507 kr."
expect_in "$TMP/w" "(+2,2 procentenheter)"
expect_in "$TMP/w" "Siffrorna för 2020 är hämtade ur det tidigare avtalsunderlaget (tidigare)"
expect_match "$TMP/w-layout" "^Mötesplats Centrum +Tidigare under Kultur- och fri.?.? +– 100 000 kr \+100 000 kr$"
expect_match "$TMP/w-layout" "^Natthärbärget +Förlängt till 31 december 2022 +380 000 kr 450 000 kr \+70 000 kr$"
expect_match "$TMP/w-layout" "^Summa \(5 partnerskap\) 850 000 kr 1 059 507 kr \+209 507 kr$"
expect_in "$TMP/w" "Kostnad 2020 enligt det tidigare avtalsunderlaget (tidigare)"
# the chart is today's data, and says so
expect_in "$TMP/w" "rapportåret 2021 markerat, alla år enligt dagens avtalsunderlag. 2018: uppgift saknas; 2019: 750 000 kr; 2020: 970 000 kr"
# the edits, old → new, never blended into the columns above
expect_in "$TMP/w" "Ändrade i efterhand"
expect_match "$TMP/w-layout" "^Natthärbärget +2020 +Nämndens kostnad +380 000 kr 400 000 kr \+20 000 kr$"
expect_match "$TMP/w-layout" "^Natthärbärget +2020 +Värde, alla parter +480 000 kr 500 000 kr \+20 000 kr$"
expect_match "$TMP/w-layout" "^Frukostklubben +2021 +Nämndens kostnad +120 000 kr 59 507 kr −60 493 kr$"
expect_match "$TMP/w-layout" "^Frukostklubben +2021 +Värde, alla parter +220 000 kr 109 096 kr −110 904 kr$"
expect_match "$TMP/w-layout" "^Mötesplats Centrum +2020 +Nämndens kostnad +– 100 000 kr \+100 000 kr$"
expect_match "$TMP/w-layout" "^Stödboende för unga +2021 +Nämndens kostnad +– 300 000 kr \+300 000 kr$"
if [ "$(grep -cE "^(Natthärbärget|Frukostklubben|Mötesplats Centrum|Stödboende för unga) +20(20|21) +(Nämndens|Värde)" "$TMP/w-layout")" -eq 7 ]; then
  pass; else fail "not seven edits"; fi
expect_in <(flat "$TMP/with/exempel-sn-tjansteskrivelse-2021.pdf") "Uppgifter för 2020 eller 2021 om fyra partnerskap har ändrats i efterhand sedan dess."
# verify makes the comparison again from what the PDF records, reading the
# export's recorded name where build ran
cd "$TMP"
run "$IOPREPORT" verify "$TMP/with/exempel-sn-arsrapport-2021.pdf" "$S"
expect_rc 0
cd - >/dev/null
# elsewhere the name leads nowhere: verify says it cannot tell, not that the
# report data differs
run "$IOPREPORT" verify "$TMP/with/exempel-sn-arsrapport-2021.pdf" "$S"
expect_rc 1
expect_in "$TMP/out" "cannot tell: the report compares with the earlier export tidigare, which cannot be read now"
expect_in "$TMP/out" "run verify from that folder, or give its folder with --compare-with"
expect_not_in "$TMP/out" "the report data differs"
# or it is told where the export is now; the report still names it as recorded
run "$IOPREPORT" verify --compare-with="$E" "$TMP/with/exempel-sn-arsrapport-2021.pdf" "$S"
expect_rc 0
expect_in "$TMP/out" "the same: every file is as it was"
run "$IOPREPORT" verify --compare-with="$TMP/no-such" "$TMP/with/exempel-sn-arsrapport-2021.pdf" "$S"
expect_rc 1
expect_in "$TMP/out" "cannot be read from $TMP/no-such"
# a report compared with its own files' year before has no export to find
run "$IOPREPORT" verify --compare-with="$E" "$A" "$S"
expect_rc 2
expect_in "$TMP/err" "was not compared with an earlier export"

# an earlier export with an error: named with file:line, and nothing made
mkdir -p "$TMP/bad-export"
cp "$E"/*.xml "$TMP/bad-export/"
sed -i 's|amount="380000"|amount="many"|' "$TMP/bad-export/exempel-natthabarget.xml"
run "$IOPREPORT" build "$S" --year 2021 --out "$TMP/bad-out" -j1 --compare-with "$TMP/bad-export"
expect_rc 1
expect_match "$TMP/err" "bad-export/exempel-natthabarget.xml:[0-9]+: error"
expect_in "$TMP/err" "the earlier export has errors"
if ls "$TMP/bad-out"/*.pdf >/dev/null 2>&1; then fail "a report made from a broken comparison"; else pass; fi
run "$IOPREPORT" build "$S" --year 2021 --out "$TMP/bad-out" --compare-with "$TMP/no-such"
expect_rc 2

finish
