#!/usr/bin/env bash
# A table row taller than a page (issue 12, finding 4): an agreement with
# twenty idea-based parties with long names makes the parties' cell of the
# memo's, the annual report's and the catalogue's tables longer than a page.
# The row is split between lines: every party is in the text (as often as
# the template names it), no text runs below the body into or past the
# footer, no "taller than a page" warning, and the PDF passes the PDF/UA
# checker (the row one TR, each cell one element across its pages).
. "$(dirname "$0")/lib.sh"
: "${IOP_PYTHON3:=/usr/bin/python3}"
D=$TMP/data
OUT=$TMP/pdf
mkdir -p "$D" "$OUT"
cp "$IOP_SOURCE_DIR/samples/malmo-2018/committees.xml" "$D/"
{
  cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:iopreport:1" id="tjugo">
  <title>Ett avtal med tjugo parter</title>
  <case-number>ASN-2018-1</case-number>
  <municipality code="1280">Malmö stad</municipality>
  <area>Arbetsmarknad</area>
  <parties>
    <public committee="malmo-asn">Arbetsmarknads- och socialnämnden</public>
EOF
  for i in $(seq -w 1 20); do
    echo "    <idea-based>Föreningen för social gemenskap och utveckling i Malmö, part nummer $i</idea-based>"
  done
  cat <<'EOF'
  </parties>
  <period start="2018-01-01" end="2018-12-31"/>
  <budget>
    <contribution party="malmo-asn" amount="100000" per="year"/>
  </budget>
  <purpose>Att pröva många parter.</purpose>
</agreement>
EOF
} >"$D/tjugo.xml"

# how many times each template names each party
for spec in tjansteskrivelse:1 exempelsamling:1 arsrapport:2; do
  t=${spec%%:*}
  want=${spec#*:}
  run "$IOPREPORT" build "$D" --year 2018 --template "$t" --out "$OUT"
  expect_rc 0
  expect_not_in "$TMP/err" "taller than a page"
  pdf=$(ls "$OUT"/*"$t"*.pdf 2>/dev/null | head -1)
  if [ -n "$pdf" ] && [ -s "$pdf" ]; then pass; else fail "$t: no PDF"; continue; fi
  expect_valid_pdf "$pdf"
  # the text with lines joined and the soft hyphens of broken words removed
  pdftotext "$pdf" - | tr '\n' ' ' | sed -e 's/\xc2\xad //g; s/\xc2\xa0/ /g' >"$TMP/$t.txt"
  for i in $(seq -w 1 20); do
    # (a line of the cell may end a page with "ut-", the header between)
    n=$(grep -oE "nummer $i([^0-9]|\$)" "$TMP/$t.txt" | wc -l)
    if [ "$n" -eq "$want" ]; then pass; else fail "$t: party $i $n times, not $want"; fi
  done
  # Nothing between the body's bottom (A4 less the 24 mm margin: 773.9 pt)
  # and the footer line (from 790 pt), nor below the footer (810 pt).
  if pdftotext -bbox "$pdf" - | awk -F'"' -v t="$t" '
    /<page / { page++ }
    /<word / {
      ymin = $4 + 0; ymax = $8 + 0
      w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w)
      if ((ymax > 775 && ymin < 790) || ymin > 810) {
        printf "%s: page %d: \"%s\" at %.1f..%.1f, below the body\n", t, page, w, ymin, ymax
        bad = 1
      }
    }
    END { exit bad }' >"$TMP/below" 2>&1; then
    pass
  else fail "$(head -3 "$TMP/below")"; fi
  if "$IOP_PYTHON3" "$IOP_SOURCE_DIR/tests/tools/pdfua_check.py" "$pdf" >"$TMP/ua" 2>&1; then
    pass
  else fail "$t: pdfua_check: $(head -3 "$TMP/ua")"; fi
done
finish
