#!/usr/bin/env bash
# The catalogue (templates/exempelsamling.xsl) over both samples for 2019:
# per municipality and committee the table "Idéburen aktör | Offentlig aktör
# | Innehåll", totals per municipality (the samples' README oracles give the
# 2019 figures) and a bar chart of the partnerships' values per
# municipality, the example marked in the input told in full, the table of
# contents, page numbers; --highlight choosing other examples; a highlight
# that names no agreement is an error.
. "$(dirname "$0")/lib.sh"
L=$IOP_SOURCE_DIR/samples/linkoping-2021
M=$IOP_SOURCE_DIR/samples/malmo-2018
XSL=$IOP_SOURCE_DIR/templates/exempelsamling.xsl
NB=$'\u00a0'

run "$IOPREPORT" data "$L" "$M" --year 2019
expect_rc 0
cp "$TMP/out" "$TMP/data.xml"
run xsltproc "$XSL" "$TMP/data.xml"
expect_rc 0
cp "$TMP/out" "$TMP/doc.xml"
if xmllint --noout --relaxng "$IOP_SOURCE_DIR/schema/document.rng" "$TMP/doc.xml" 2>"$TMP/rng"; then
  pass
else fail "document does not match schema/document.rng"; head -5 "$TMP/rng" >&2; fi
# totals the template adds up come out as the report data prints amounts
# (not recorded is not zero: only the partnerships whose every party's
# contributions are recorded count towards the value: Linköping's five and
# Malmö's Barnverksamhet, 6 300 926 + 1 200 000)
expect_in "$TMP/doc.xml" "7${NB}500${NB}926${NB}kr"

# committee data has no catalogue: a message, not an empty document
run "$IOPREPORT" data "$M" --year 2018 --committee malmo-asn
cp "$TMP/out" "$TMP/committee.xml"
run xsltproc "$XSL" "$TMP/committee.xml"
if [ "$RC" -ne 0 ]; then pass; else fail "template accepted data without a catalogue"; fi
expect_in "$TMP/err" "no catalogue"

# any agreement of the input may be highlighted, one that ended before the
# year too (it is told in full; the year's list stays the year's); the ids
# reach the template as a list in the report data, each once; a highlight
# that names no agreement is an error of data, and of the template when the
# data was written by hand
run "$IOPREPORT" data "$L" "$M" --year 2019 --highlight malmo-uvas --highlight malmo-uvas
expect_rc 0
cp "$TMP/out" "$TMP/data-hl.xml"
if [ "$(grep -c '<highlight ref="malmo-uvas"/>' "$TMP/data-hl.xml")" -eq 1 ]; then pass; else
  fail "the report data should list the highlight once"; fi
run xsltproc "$XSL" "$TMP/data-hl.xml"
expect_rc 0
expect_in "$TMP/out" "Exempel: IOP för att söka upp ungdomar som varken arbetar eller studerar (UVAS)"
# the year has no report of it: its latest, 2018, is told
expect_in "$TMP/out" "Resultat 2018</h3>"
if [ "$(grep -o '<span class="entry-title">' "$TMP/out" | wc -l)" -eq 11 ]; then pass; else
  fail "the 2019 list should keep its eleven partnerships"; fi
run "$IOPREPORT" data "$L" "$M" --year 2019 --highlight no-such-id
expect_rc 1
expect_in "$TMP/err" '--highlight names "no-such-id", which is not an agreement of the input'
sed -e 's|<highlight ref="malmo-uvas"/>|<highlight ref="no-such-id"/>|' "$TMP/data-hl.xml" >"$TMP/data-bad.xml"
run xsltproc "$XSL" "$TMP/data-bad.xml"
if [ "$RC" -ne 0 ]; then pass; else fail "a highlight of no agreement was accepted"; fi
expect_in "$TMP/err" 'highlight names "no-such-id", which is not an agreement of the input'

# scope=all: every agreement of the input, the ended ones marked, each once
run xsltproc --stringparam scope all "$XSL" "$TMP/data.xml"
expect_rc 0
if [ "$(grep -o '<span class="entry-title">' "$TMP/out" | wc -l)" -eq 15 ]; then pass; else
  fail "scope=all should list the fifteen agreements of the input"; fi
expect_in "$TMP/out" "15 partnerskap i Linköpings kommun och Malmö stad"
expect_in "$TMP/out" "<span class=\"entry-title\">Carpe Sophia</span><br/><span class=\"entry-period\">1${NB}september${NB}2015 – 31${NB}augusti${NB}2018; avslutat</span>"
# the report data holds them all, those outside the year marked
expect_in "$TMP/data.xml" 'id="malmo-carpe-sophia" status="ended" in-year="false"'

# make_catalogue DIR [HIGHLIGHT-ID...]: DIR/exempelsamling-2019.pdf
make_catalogue() {
  local dir=$1; shift
  mkdir -p "$dir"
  local hl=() id
  for id in "$@"; do hl+=(--highlight "$id"); done
  run "$IOPREPORT" build "$L" "$M" --year 2019 --template exempelsamling --out "$dir" -j1 "${hl[@]}"
  expect_rc 0
}

make_catalogue "$TMP/pdf"
PDF=$TMP/pdf/exempelsamling-2019.pdf
if [ ! -s "$PDF" ]; then
  fail "no PDF at $PDF"
  finish
fi
expect_valid_pdf "$PDF"
pdfinfo "$PDF" >"$TMP/info" 2>&1 || true
expect_match "$TMP/info" "^Title: +Idéburna offentliga partnerskap 2019 – exempelsamling$"
PAGES=$(awk '/^Pages:/{print $2}' "$TMP/info")
if [ -n "$PAGES" ] && [ "$PAGES" -ge 3 ] && [ "$PAGES" -le 20 ]; then pass; else
  fail "unexpected page count '$PAGES'"; PAGES=1; fi

clean() { sed -e "s/$NB/ /g" -e $'s/\u00ad//g'; }
pdftotext "$PDF" - | clean >"$TMP/text"
# a soft hyphen belongs only where a line was broken; inside a line (say in
# a ligature, "Of\u00adfentlig") it hides the word from search
pdftotext "$PDF" - | grep $'\u00ad.' >"$TMP/shy" || true
[ ! -s "$TMP/shy" ] && pass || { fail "soft hyphens inside lines"; head -3 "$TMP/shy" >&2; }
tr '\n' ' ' <"$TMP/text" | tr -s ' ' >"$TMP/flat"
pdftotext -layout "$PDF" - | clean | tr -s ' ' >"$TMP/layout"

for p in $(seq 1 "$PAGES"); do
  pdftotext -f "$p" -l "$p" "$PDF" - >"$TMP/page"
  expect_match "$TMP/page" "^$p \\($PAGES\\)\$"
done
pdftotext -f 1 -l 1 "$PDF" - | clean >"$TMP/page1"
expect_in "$TMP/page1" "Elva partnerskap i Linköpings kommun och Malmö stad"
expect_in "$TMP/page1" "Innehåll"

# totals per municipality and for both (README oracles, 2019)
expect_match "$TMP/layout" "^ ?Linköpings kommun 5 6 300 926 kr 3 670 000 kr 58,2 %$"
expect_match "$TMP/layout" "^ ?Malmö stad 6 1 200 000 kr 400 000 kr 33,3 %$"
expect_match "$TMP/layout" "^ ?Summa 11 7 500 926 kr 4 070 000 kr 54,3 %$"
expect_in "$TMP/flat" "För fem partnerskap saknas uppgift om de andra parternas bidrag; de ingår inte i summorna."
expect_in "$TMP/flat" "Malmö stad var under 2019 part i sex idéburna offentliga partnerskap. Där alla parters bidrag är redovisade (ett partnerskap) är värdet 1 200 000 kr, varav kommunens insats 400 000 kr (33,3 %); för övriga saknas uppgift om de andra parternas bidrag."
expect_not_in "$TMP/flat" "kommunens andel 100"
expect_not_in "$TMP/flat" "(100 %)"
expect_in "$TMP/flat" "Linköpings kommun var under 2019 part i fem idéburna offentliga partnerskap med ett samlat värde av 6 300 926 kr, varav kommunens insats 3 670 000 kr (58,2 %)."

# per municipality, bars of each partnership's value under the totals
# sentence, largest first, numbered through the catalogue, with the text
# alternative naming the total and the largest
expect_in "$TMP/flat" "Figur 1. Partnerskapens värde 2019, Linköpings kommun"
expect_match "$TMP/layout" "^ ?Hoppfull framtid 2 080 500 kr$"
expect_match "$TMP/layout" "^ ?Inkludering på lika villkor 454 000 kr$"
expect_match "$TMP/layout" "^ ?0 500 000 1 000 000 1 500 000 2 000 000 2 500 000$"
expect_in "$TMP/flat" "Stapeldiagram: värdet 2019 för varje partnerskap, sammanlagt 6 300 926 kr. Störst är Hoppfull framtid med 2 080 500 kr."
# Malmö records the value of one partnership only: nothing to compare, no
# chart (and no bar of a value that is not recorded)
expect_not_in "$TMP/flat" "Figur 2. Partnerskapens värde 2019"
if [ "$(grep -o '<chart kind="bar"' "$TMP/doc.xml" | wc -l)" -eq 1 ]; then pass; else fail "not one bar chart (Linköping's)"; fi
at_totals=$(grep -bo -F "Linköpings kommun var under 2019 part i fem" "$TMP/flat" | tail -1 | cut -d: -f1)
at_chart=$(grep -bo -F "Figur 1. Partnerskapens värde 2019" "$TMP/flat" | tail -1 | cut -d: -f1)
at_table=$(grep -bo -F "Arbetsmarknadsnämnden Idéburen aktör" "$TMP/flat" | tail -1 | cut -d: -f1)
if [ -n "$at_totals" ] && [ -n "$at_chart" ] && [ -n "$at_table" ] &&
   [ "$at_totals" -lt "$at_chart" ] && [ "$at_chart" -lt "$at_table" ]; then pass; else
  fail "Linköping's chart is not between its totals and its table"; fi

# per municipality, per committee, the three-column table with every agreement
expect_in "$TMP/text" "Arbetsmarknadsnämnden"
expect_in "$TMP/text" "Arbetsmarknads- och socialnämnden"
expect_match "$TMP/layout" "Idéburen aktör +Offentlig aktör +Innehåll"
for t in "Bromodellen – Vägen till anställningsbarhet" "Hoppfull framtid" "Inkludering på lika villkor" \
         "Kompletterande språkträning" "Språkvänner" "Crossroads och Vinternatt" "Hassela Movement" \
         "Karriärakademin" "Behandlingscenter för krigsskadade och torterade i" \
         "Y-allas väg till arbete 2.0" "Barnverksamhet på Röda Korsets behandlingscentrum"; do
  expect_in "$TMP/text" "$t"
done
# ended in 2018: not in the 2019 catalogue
expect_not_in "$TMP/flat" "Carpe Sophia"
expect_not_in "$TMP/flat" "Next by FCR"
# the period and the purpose in Innehåll
expect_in "$TMP/doc.xml" "<span class=\"entry-title\">Y-allas väg till arbete 2.0</span><br/><span class=\"entry-period\">1${NB}januari${NB}2019 – 31${NB}december${NB}2020, med möjlighet till förlängning 1+1${NB}år</span><br/>Syftet med partnerskapet är att delge arbetslösa kvinnor"
expect_match "$TMP/layout" "^ ?Yalla Trappan +Arbetsmarknads- och +Y-allas väg till arbete 2.0$"
expect_match "$TMP/layout" "^ +socialnämnden +1 januari 2019 – 31 december 2020, med möjlighet till"
expect_match "$TMP/layout" "^ ?Svenska Röda Korset +Arbetsmarknads- och +Barnverksamhet på Röda Korsets"
expect_in "$TMP/flat" "Region Skåne"

# the example marked in the input (Yalla Trappan), in full, before Malmö's table
expect_in "$TMP/flat" "Exempel: Y-allas väg till arbete 2.0"
expect_in "$TMP/flat" "Om exemplet"
expect_in "$TMP/flat" "Malmö stad samverkar med Yalla Trappan i ett idéburet offentligt partnerskap (IOP). Partnerskapet pågår till 31 december 2020."
expect_in "$TMP/flat" "Värde 2019 Kommunens bidrag 2 490 604 kr; de andra parternas bidrag är inte redovisade"
expect_in "$TMP/flat" "Se exemplet."
pos() { grep -bo -F -- "$1" "$TMP/flat" | tail -1 | cut -d: -f1; }
p_ex=$(pos "Exempel: Y-allas väg till arbete 2.0 Malmö stad samverkar")
p_tab=$(pos "Arbetsmarknads- och socialnämnden Idéburen aktör")
if [ -n "$p_ex" ] && [ -n "$p_tab" ] && [ "$p_ex" -lt "$p_tab" ]; then pass; else
  fail "the example does not come before Malmö's table"; fi
expect_not_in "$TMP/flat" "Exempel: Språkvänner"

# --highlight: the chosen agreements instead of the marked one
make_catalogue "$TMP/pdf2" linkoping-sprakvanner malmo-karriarakademin
PDF2=$TMP/pdf2/exempelsamling-2019.pdf
if [ -s "$PDF2" ]; then
  pdftotext "$PDF2" - | clean | tr '\n' ' ' | tr -s ' ' >"$TMP/flat2"
  expect_in "$TMP/flat2" "Exempel: Språkvänner"
  expect_in "$TMP/flat2" "Exempel: Karriärakademin"
  expect_not_in "$TMP/flat2" "Exempel: Y-allas väg till arbete 2.0"
  expect_in "$TMP/flat2" "Två partnerskap beskrivs utförligt som exempel"
else
  fail "no PDF with highlights"
fi

# through build, an unknown highlight is an error before anything is made,
# whichever templates are asked for
run "$IOPREPORT" build "$M" --year 2018 --template exempelsamling --template arsrapport \
    --highlight nope --out "$TMP/pdf3" -j1
expect_rc 1
expect_in "$TMP/err" '--highlight names "nope", which is not an agreement of the input'
if [ -e "$TMP/pdf3/exempelsamling-2018.pdf" ] || [ -e "$TMP/pdf3/malmo-asn-arsrapport-2018.pdf" ]; then
  fail "a PDF was written despite the error"; else pass; fi

# --committee narrows the catalogue to those committees' agreements
run "$IOPREPORT" build "$L" "$M" --year 2019 --template exempelsamling --committee linkoping-an \
    --out "$TMP/pdf4" -j1
expect_rc 0
if [ -s "$TMP/pdf4/exempelsamling-2019.pdf" ]; then
  pdftotext "$TMP/pdf4/exempelsamling-2019.pdf" - | tr -s ' \n' ' ' >"$TMP/only"
  expect_in "$TMP/only" "Linköping"
  expect_not_in "$TMP/only" "Malmö"
else
  fail "no catalogue with --committee"
fi
# Malmö's agreements name related ones: the narrowed data is read whole
run "$IOPREPORT" build "$L" "$M" --year 2018 --template exempelsamling --committee malmo-asn \
    --out "$TMP/pdf6" -j1
expect_rc 0
[ -s "$TMP/pdf6/exempelsamling-2018.pdf" ] && pass || fail "no Malmö catalogue with --committee"
# the publisher in the letterhead, the user's own introduction before the
# overview (a text block from a file: a paragraph per blank line)
printf 'Exemplen har samlats in under våren.\n\nRiktlinjer för urvalet: minst två parter.\n' >"$TMP/intro.txt"
run "$IOPREPORT" build "$L" "$M" --year 2019 --template exempelsamling --out "$TMP/pdf5" -j1 \
    --param "publisher=Sveriges Kommuner och Regioner" --param-file "intro=$TMP/intro.txt"
expect_rc 0
pdftotext -f 1 -l 1 "$TMP/pdf5/exempelsamling-2019.pdf" - | clean | tr '\n' ' ' | tr -s ' ' >"$TMP/p5"
expect_in "$TMP/p5" "Sveriges Kommuner och Regioner"
expect_not_in "$TMP/p5" "Exempelsamling Idéburna"
expect_in "$TMP/p5" "styrelser lämnar. Exemplen har samlats in under våren. Riktlinjer för urvalet: minst två parter. Innehåll"

finish
