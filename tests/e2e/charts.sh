#!/usr/bin/env bash
# Charts end to end: a document with a bar chart, a timeline and a split bar
# typeset to PDF (valid, vector only, labels and Swedish numbers as text,
# one Figure structure element per chart), to PNG and SVG; a bad chart is
# refused with its file and line.
. "$(dirname "$0")/lib.sh"
NB=$'\u00a0'

cat >"$TMP/charts.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="urn:iopreport:document:1" lang="sv">
  <meta><title>Diagram</title></meta>
  <body>
    <h1>Diagram</h1>
    <chart kind="bar" title="Figur 1. Nämndens kostnad 2018 per partnerskap" axis-label="Kronor"
           alt="Stapeldiagram: nämndens kostnad 2018, störst för Crossroads och Vinternatt.">
      <item label="Crossroads och Vinternatt" value="2560499" display="2${NB}560${NB}499${NB}kr"/>
      <item label="IOP för att söka upp ungdomar som varken arbetar eller studerar (UVAS)"
            value="1000000" display="1${NB}000${NB}000${NB}kr"/>
      <item label="Hassela Movement" value="160559" display="160${NB}559${NB}kr"/>
    </chart>
    <chart kind="timeline" title="Figur 2. Avtalsperioder" highlight-from="2018-01-01"
           highlight-to="2018-12-31" highlight-label="Rapportåret 2018"
           alt="Tidslinje över avtalsperioderna med 2018 markerat.">
      <series id="previous" look="medium" label="Tidigare avtalsperiod"/>
      <series id="current" look="dark" label="Nuvarande avtalsperiod"/>
      <series id="option" look="hatched" label="Möjlig förlängning"/>
      <series id="unused" look="dotted" label="Ingen sådan period"/>
      <row label="Y-allas väg till arbete 2.0">
        <span series="previous" from="2016-01-01" to="2017-12-31"/>
        <span series="current" from="2018-01-01" to="2020-12-31"/>
        <span series="option" to="2022-12-31"/>
      </row>
      <row label="Karriärakademin">
        <span series="previous" from="2015-07-01" to="2018-06-30"/>
        <span series="current" from="2018-07-01" to="2020-06-30"/>
      </row>
    </chart>
    <chart kind="split" title="Figur 3. Finansiering 2018"
           alt="Delade staplar: kommunens och övriga parters andel av värdet.">
      <series label="Kommunen"/>
      <series label="Idéburna parter och andra"/>
      <item label="Barnverksamhet" display="1${NB}200${NB}000${NB}kr">
        <part value="400000"/><part value="800000"/>
      </item>
      <item label="Next by FCR" display="955${NB}356${NB}kr">
        <part value="955356"/><part value="0"/>
      </item>
    </chart>
  </body>
</document>
EOF

# the document is what the schema describes
if xmllint --noout --relaxng "$IOP_SOURCE_DIR/schema/document.rng" "$TMP/charts.xml" 2>"$TMP/rng"; then
  pass; else fail "charts.xml does not match schema/document.rng"; head -5 "$TMP/rng" >&2; fi

# --- PDF ----------------------------------------------------------------------
run "$IOPREPORT" render "$TMP/charts.xml" -o "$TMP/charts.pdf"
expect_rc 0
if [ ! -s "$TMP/charts.pdf" ]; then fail "no PDF"; finish; fi
expect_valid_pdf "$TMP/charts.pdf"
# vectors only: no image in the file
if [ "$(pdfimages -list "$TMP/charts.pdf" 2>/dev/null | awk 'NR>2' | wc -l)" -eq 0 ]; then pass; else
  fail "the charts contain raster images"; fi

# (pdftotext gives the no-break spaces as plain spaces)
pdftotext -layout "$TMP/charts.pdf" - | sed "s/$NB/ /g" >"$TMP/layout"
pdftotext "$TMP/charts.pdf" - | sed "s/$NB/ /g" | tr '\n' ' ' | tr -s ' ' >"$TMP/flat"
# labels, values in the data's Swedish format, axis numbers with digit groups
expect_match "$TMP/layout" "Crossroads och Vinternatt +2 560 499 kr"
expect_in "$TMP/layout" "1 000 000 kr"
expect_match "$TMP/layout" "^ *0 +1 000 000 +2 000 000 +3 000 000 *\$"
expect_in "$TMP/flat" "IOP för att söka upp ungdomar som varken arbetar eller studerar (UVAS)"
expect_in "$TMP/layout" "Kronor"
# the timeline: years, the report year, and a legend that names every
# series drawn, with the document's texts, and no series that is not
expect_match "$TMP/layout" "2015 +2016 +2017 +2018 +2019 +2020 +2021 +2022"
for t in "Tidigare avtalsperiod" "Nuvarande avtalsperiod" "Möjlig förlängning" "Rapportåret 2018"; do
  expect_in "$TMP/layout" "$t"
done
expect_not_in "$TMP/layout" "Ingen sådan period"
# the split: shares computed in Swedish format, totals from the document
expect_match "$TMP/layout" "33 % +67 % +1 200 000 kr"
expect_match "$TMP/layout" "100 % +955 356 kr"
expect_in "$TMP/layout" "Idéburna parter och andra"
# the text alternatives are in the file, after each chart
expect_in "$TMP/flat" "Stapeldiagram: nämndens kostnad 2018, störst för Crossroads och Vinternatt."
expect_in "$TMP/flat" "Tidslinje över avtalsperioderna med 2018 markerat."
expect_in "$TMP/flat" "Delade staplar: kommunens och övriga parters andel av värdet."
# reading order: title, rows in order, caption
pos() { grep -bo -F -- "$1" "$TMP/flat" | head -1 | cut -d: -f1; }
a=$(pos "Figur 1."); b=$(pos "Crossroads och Vinternatt"); c=$(pos "Hassela Movement")
d=$(pos "Stapeldiagram:"); e=$(pos "Figur 2.")
if [ -n "$a$b$c$d$e" ] && [ "$a" -lt "$b" ] && [ "$b" -lt "$c" ] && [ "$c" -lt "$d" ] &&
   [ "$d" -lt "$e" ]; then pass; else fail "chart text out of reading order"; fi

# the engine's own numbers group digits with no-break spaces (the box dump)
run "$IOPREPORT" render --dump "$TMP/charts.xml" -o "$TMP/unused.pdf"
expect_rc 0
expect_in "$TMP/out" "\"3${NB}000${NB}000\""
expect_in "$TMP/out" "\"67${NB}%\""
expect_match "$TMP/out" "fill .* #ffffff hatch ink=#[0-9a-f]+ lw=0.60 tag=Figure"

# tagged: one Figure structure element per chart, holding its text
qpdf --qdf --object-streams=disable "$TMP/charts.pdf" "$TMP/qdf.pdf" 2>/dev/null || true
n_fig=$(grep -a -c "/S /Figure" "$TMP/qdf.pdf" || true)
if [ "$n_fig" -eq 3 ]; then pass; else fail "expected 3 Figure elements, found $n_fig"; fi
if grep -a -q "/Figure << /MCID" "$TMP/qdf.pdf"; then pass; else fail "no marked Figure content"; fi

# --- PNG and SVG previews -------------------------------------------------------
run "$IOPREPORT" render "$TMP/charts.xml" -o "$TMP/charts.png" --dpi 60
expect_rc 0
if file "$TMP/charts.png" | grep -q "PNG image data"; then pass; else fail "no PNG written"; fi
# a blank page compresses to a few hundred bytes; bars, text and hatching do not
if [ "$(stat -c %s "$TMP/charts.png")" -gt 8000 ]; then pass; else fail "the PNG looks empty"; fi
run "$IOPREPORT" render "$TMP/charts.xml" -o "$TMP/charts.svg"
expect_rc 0
expect_in "$TMP/charts.svg" "<svg"

# --- a bad chart: the file and line, nothing written ----------------------------
sed -e 's|value="160559"|value="-160559"|' -e 's| alt="Tidslinje[^"]*"||' \
  "$TMP/charts.xml" >"$TMP/bad.xml"
run "$IOPREPORT" render "$TMP/bad.xml" -o "$TMP/bad.pdf"
expect_rc 1
expect_match "$TMP/err" "bad.xml:1[0-9]:.*value must be a number that is not negative, like 2490604"
expect_match "$TMP/err" "bad.xml:1[0-9]:.*<chart> needs an alt text"
if [ ! -e "$TMP/bad.pdf" ]; then pass; else fail "a PDF was written for a bad document"; fi

finish
