#!/usr/bin/env bash
# An amount is never broken (issue 12, finding 11): the Malmö 2018 sample
# with one more agreement of 999 999 999 999 kr a year, built with the
# annual report (its narrow "Kostnad 2018" column), the memo (its narrow
# money columns) and the catalogue. Every figure with 999 in the PDFs'
# text is the whole "999 999 999 999 kr", never "999 999 999 9" with
# "99 kr" on the next line.
. "$(dirname "$0")/lib.sh"
D=$TMP/data
OUT=$TMP/pdf
mkdir -p "$D" "$OUT"
cp "$IOP_SOURCE_DIR"/samples/malmo-2018/*.xml "$D/"
cat >"$D/miljarder.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:iopreport:1" id="miljarder">
  <title>Det stora avtalet</title>
  <case-number>ASN-2018-9</case-number>
  <municipality code="1280">Malmö stad</municipality>
  <area>Arbetsmarknad</area>
  <parties>
    <public committee="malmo-asn">Arbetsmarknads- och socialnämnden</public>
    <idea-based>Storföreningen</idea-based>
  </parties>
  <period start="2018-01-01" end="2018-12-31"/>
  <budget>
    <contribution party="malmo-asn" amount="999999999999" per="year"/>
  </budget>
  <purpose>Att pröva det svåra.</purpose>
</agreement>
EOF

for t in arsrapport tjansteskrivelse exempelsamling; do
  run "$IOPREPORT" build "$D" --year 2018 --template "$t" --out "$OUT"
  expect_rc 0
  pdf=$(ls "$OUT"/*"$t"*.pdf 2>/dev/null | head -1)
  if [ -n "$pdf" ] && [ -s "$pdf" ]; then pass; else fail "$t: no PDF"; continue; fi
  # runs of digit groups (no-break spaces as spaces), with their unit
  pdftotext "$pdf" - | sed -e 's/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g' |
    grep -oE '[0-9][0-9 ]*[0-9]( kr)?' | grep 999 >"$TMP/$t.figures" || true
  # the annual report's cost column and the memo's money columns show it
  n=$(wc -l <"$TMP/$t.figures")
  if [ "$t" = exempelsamling ] || [ "$n" -ge 1 ]; then pass; else
    fail "$t: the amount is not in the text"; fi
  if grep -vxF '999 999 999 999 kr' "$TMP/$t.figures" >"$TMP/$t.broken"; then
    fail "$t: an amount broken: $(head -3 "$TMP/$t.broken" | tr '\n' '|')"
  else pass; fi
done
finish
