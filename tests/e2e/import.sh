#!/usr/bin/env bash
# iopreport import: a spreadsheet list becomes agreement files that
# validate; the Linköping overview as a CSV gives the same figures as the
# hand-written sample; every unreadable cell is FILE:LINE:COLUMN with its
# text, and then nothing is written.
. "$(dirname "$0")/lib.sh"
S=$IOP_SOURCE_DIR/samples/linkoping-2021
LK=(--committee linkoping-an --municipality "Linköpings kommun" --municipality-code 0580)

# the figures a report shows: costs, values, shares, participants, and the
# texts taken from the list
figures() {
  "$IOPREPORT" data "$1" --year 2020 --committee linkoping-an |
    grep -E '<(cost|value amount=|municipal-share|committee-cost|planned|total|referral|activity|target-group)[ >]'
}

# --- the Linköping overview (UTF-8 with BOM, ';', CRLF, no-break spaces, kr) ---
run "$IOPREPORT" import "$S/oversikt.csv" --out "$TMP/lk" "${LK[@]}"
expect_rc 0
expect_in "$TMP/out" "5 agreements written to $TMP/lk"
for id in linkoping-hoppfull-framtid linkoping-kompletterande-spraktraning linkoping-bromodellen \
          linkoping-inkludering-pa-lika-villkor linkoping-sprakvanner; do
  [ -f "$TMP/lk/$id.xml" ] && pass || fail "no $id.xml"
done
expect_in "$TMP/lk/linkoping-bromodellen.xml" '<?xml-model href="'
cp "$S/committees.xml" "$TMP/lk/"
run "$IOPREPORT" validate "$TMP/lk"
expect_rc 0
if [ -s "$TMP/err" ]; then fail "imported files warn: $(head -3 "$TMP/err")"; else pass; fi
"$IOPREPORT" summary "$S" --year 2020 >"$TMP/summary.sample"
"$IOPREPORT" summary "$TMP/lk" --year 2020 >"$TMP/summary.import"
if cmp -s "$TMP/summary.sample" "$TMP/summary.import"; then pass; else
  fail "summary of the import differs from the sample's"; diff "$TMP/summary.sample" "$TMP/summary.import" >&2; fi
figures "$S" >"$TMP/fig.sample"
figures "$TMP/lk" >"$TMP/fig.import"
if [ "$(wc -l <"$TMP/fig.sample")" -ge 40 ] && cmp -s "$TMP/fig.sample" "$TMP/fig.import"; then pass; else
  fail "report figures of the import differ from the sample's"; diff "$TMP/fig.sample" "$TMP/fig.import" >&2; fi
# and the annual report itself
run "$IOPREPORT" build "$TMP/lk" --year 2020 --out "$TMP/pdf" -q
expect_rc 0
pdf_text "$TMP/pdf/linkoping-an-arsrapport-2020.pdf" >"$TMP/arsrapport.txt"
expect_match "$TMP/arsrapport.txt" "3.375.000.kr"
expect_match "$TMP/arsrapport.txt" "6.300.926.kr"

# --- the same list from an older Excel: Windows-1252, no BOM ---
tail -c +4 "$S/oversikt.csv" | iconv -f UTF-8 -t WINDOWS-1252 >"$TMP/oversikt-1252.csv"
run "$IOPREPORT" import "$TMP/oversikt-1252.csv" --out "$TMP/lk1252" "${LK[@]}"
expect_rc 0
expect_in "$TMP/err" "oversikt-1252.csv: note: read as Windows-1252 (the list is not UTF-8) and converted"
cp "$S/committees.xml" "$TMP/lk1252/"
"$IOPREPORT" summary "$TMP/lk1252" --year 2020 >"$TMP/summary.1252"
if cmp -s "$TMP/summary.sample" "$TMP/summary.1252"; then pass; else fail "Windows-1252 import differs"; fi

# --- ',' between fields, decimal comma, Swedish dates, no id column ---
cat >"$TMP/lista.csv" <<'CSV'
Förening,Avtal,DIARIENUMMER,Startdatum,Slutdatum,Förlängning,Belopp för perioden,Belopp per år,Kommun,Nämnd-id,Kontaktperson,Färg
Malmö Fotbollförening,Karriärakademin,ASN-2018-5351,1 juli 2018,30 juni 2020,1+1 år,"318 500,50 kr",1615000,Malmö stad,malmo-asn,Anna Andersson,blå
"Röda Korset, Malmö",Läxhjälp & språk,,2019-01,december 2019,,,"12 000",Malmö stad,malmo-asn,,
CSV
run "$IOPREPORT" import "$TMP/lista.csv" --out "$TMP/malmo"
expect_rc 0
expect_in "$TMP/err" "lista.csv:1: note: columns not read (unknown headers, see docs/import.md): 'Färg'"
F=$TMP/malmo/karriarakademin.xml
[ -f "$F" ] && pass || fail "no karriarakademin.xml (id from the title)"
expect_in "$F" '<period start="2018-07-01" end="2020-06-30" extension="1+1 år"/>'
expect_in "$F" 'amount="318500.50" per="period"'
expect_in "$F" 'amount="1615000" per="year"'
expect_in "$F" '<case-number>ASN-2018-5351</case-number>'
expect_in "$F" '<contact name="Anna Andersson"/>'
expect_in "$F" '<public committee="malmo-asn">malmo-asn</public>'
G=$TMP/malmo/laxhjalp-sprak.xml
[ -f "$G" ] && pass || fail "no laxhjalp-sprak.xml"
expect_in "$G" '<title>Läxhjälp &amp; språk</title>'
expect_in "$G" '<idea-based>Röda Korset, Malmö</idea-based>'
expect_in "$G" '<period start="2019-01" end="2019-12"/>'
run "$IOPREPORT" validate "$TMP/malmo"
expect_rc 0
# run again: the files exist, nothing is overwritten without --force
echo "changed" >>"$F"
run "$IOPREPORT" import "$TMP/lista.csv" --out "$TMP/malmo"
expect_rc 1
expect_match "$TMP/err" "lista.csv:2: error: .*karriarakademin.xml exists: not overwritten \(--force overwrites\)"
expect_in "$TMP/err" "nothing written"
expect_in "$F" "changed"
run "$IOPREPORT" import "$TMP/lista.csv" --out "$TMP/malmo" --force
expect_rc 0
expect_not_in "$F" "changed"

# a Nämnd-id column overrides --committee for its rows; an empty cell takes the option
printf 'Avtal;Idéburen part;Startdatum;Nämnd-id\nEtt;A;2019;egen-sn\nTvå;B;2019;\n' >"$TMP/namnd.csv"
run "$IOPREPORT" import "$TMP/namnd.csv" --out "$TMP/namnd" --committee x-sn --municipality X
expect_rc 0
expect_in "$TMP/namnd/ett.xml" '<public committee="egen-sn">'
expect_in "$TMP/namnd/tva.xml" '<public committee="x-sn">'
run "$IOPREPORT" import "$TMP/namnd.csv" --out "$TMP/namnd2" --municipality X
expect_rc 1
expect_in "$TMP/err" 'namnd.csv:3:4: error: Nämnd-id "": no committee for this row'

# a list whose name has "--" (not allowed in the XML comment naming it)
printf 'Avtal;Idéburen part;Startdatum\nEtt;A;2019\n' >"$TMP/lista--2.csv"
run "$IOPREPORT" import "$TMP/lista--2.csv" --out "$TMP/streck" --committee x-sn --municipality X
expect_rc 0
expect_in "$TMP/streck/ett.xml" '<!-- Importerad från lista- -2.csv, rad 2. -->'

# --- every unreadable cell, with its place and text; nothing written ---
cat >"$TMP/fel.csv" <<'CSV'
Id;Avtal;Idéburen part;Startdatum;Slutdatum;Belopp per år;Antal deltagare
a1;Ett;Förening A;2019-13-01;;1 000 kr;10
a2;Två;Förening B;2019-01-01;2018-12-31;12,345;ca 40
a3;Tre;;1 jan 2019;;1.100;
a3;Fyra;Förening D;2019;;"12 34";
CSV
run "$IOPREPORT" import "$TMP/fel.csv" --out "$TMP/fel" --committee x-sn --municipality X
expect_rc 1
expect_in "$TMP/err" 'fel.csv:2:4: error: Startdatum "2019-13-01": not a date'
expect_in "$TMP/err" 'fel.csv:3:5: error: Slutdatum "2018-12-31": the agreement ends before it starts (2019-01-01)'
expect_in "$TMP/err" 'fel.csv:3:6: error: Belopp per år "12,345": not an amount'
expect_in "$TMP/err" 'fel.csv:3:7: error: Antal deltagare "ca 40": not a number of participants'
expect_in "$TMP/err" 'fel.csv:4:3: error: Idéburen part "": no idea-based organisation'
expect_in "$TMP/err" 'fel.csv:4:4: error: Startdatum "1 jan 2019": not a date'
expect_in "$TMP/err" 'fel.csv:4:6: error: Belopp per år "1.100": not an amount'
expect_in "$TMP/err" 'fel.csv:5:6: error: Belopp per år "12 34": not an amount'
[ ! -e "$TMP/fel" ] && pass || fail "an import with errors made its folder"
# duplicate ids; only the good rows would be written: still nothing
printf 'Id;Avtal;Idéburen part;Startdatum\nb1;Ett;A;2019\nb1;Två;B;2019\n' >"$TMP/dubbel.csv"
run "$IOPREPORT" import "$TMP/dubbel.csv" --out "$TMP/dubbel" --committee x-sn --municipality X
expect_rc 1
expect_in "$TMP/err" "dubbel.csv:3: error: the id 'b1' is also the id of the row on line 2"
[ ! -e "$TMP/dubbel" ] && pass || fail "an import with duplicate ids wrote files"
# no committee, no municipality, a missing column
printf 'Avtal;Startdatum\nEtt;2019\n' >"$TMP/kort.csv"
run "$IOPREPORT" import "$TMP/kort.csv" --out "$TMP/kort"
expect_rc 1
expect_in "$TMP/err" "kort.csv:1: error: the list has no column Idéburen part"
expect_in "$TMP/err" "Give --committee ID"
expect_in "$TMP/err" "Give --municipality NAME"
# a ';' inside an unquoted cell shifts the row: refused, not read shifted;
# a short row (trailing cells left out) is fine
printf 'Avtal;Idéburen part;Startdatum;Målgrupp;Belopp per år\nEtt;A;2019;unga; vuxna;100 kr\nTvå;B;2019\n' >"$TMP/skift.csv"
run "$IOPREPORT" import "$TMP/skift.csv" --out "$TMP/skift" --committee x-sn --municipality X
expect_rc 1
expect_in "$TMP/err" "skift.csv:2:6: error: the row has 6 cells but the header 5 columns"
expect_not_in "$TMP/err" "skift.csv:3"
# a control character cannot go into an agreement file
printf 'Avtal;Idéburen part;Startdatum\nE\016tt;A;2019\n' >"$TMP/kontroll.csv"
run "$IOPREPORT" import "$TMP/kontroll.csv" --out "$TMP/kontroll" --committee x-sn --municipality X
expect_rc 1
expect_in "$TMP/err" "kontroll.csv:2:1: error: Avtal"
expect_in "$TMP/err" "the cell holds a control character (U+000E)"
# an unclosed quote
printf 'Avtal;Idéburen part;Startdatum\n"Ett;A;2019\n' >"$TMP/citat.csv"
run "$IOPREPORT" import "$TMP/citat.csv" --out "$TMP/citat" --committee x-sn --municipality X
expect_rc 1
expect_in "$TMP/err" "citat.csv:2: error: a quoted cell is not closed"
# the command line
run "$IOPREPORT" import --help
expect_rc 0
run "$IOPREPORT" import "$TMP/kort.csv"
expect_rc 2
run "$IOPREPORT" import "$TMP/nothing.csv" --out "$TMP/x"
expect_rc 1
expect_in "$TMP/err" "nothing.csv: error: cannot read the list"

finish
