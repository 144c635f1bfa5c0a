#!/usr/bin/env bash
# The OpenDocument memo as LibreOffice reads it: both memos of
# tests/e2e/odt.sh converted to PDF headless, their text compared with the
# PDF iopreport makes of the same document (the same words, page numbers
# "2 (5)" from the fields, the case number in the header, the figures).
# Skipped where LibreOffice is not installed (Debian: libreoffice-writer-nogui;
# not installed by run.sh: it is large).
. "$(dirname "$0")/lib.sh"
SOFFICE=$(command -v soffice || command -v libreoffice || true)
[ -n "$SOFFICE" ] || skip_test "LibreOffice (soffice) is not installed"
NB=$'\u00a0'

# to_pdf ODT: LibreOffice's PDF of it, beside it (a profile of its own in $TMP)
to_pdf() {
  local odt=$1
  if timeout 300 "$SOFFICE" "-env:UserInstallation=file://$TMP/lo-profile" --headless \
       --convert-to pdf --outdir "$(dirname "$odt")" "$odt" >"$TMP/lo.log" 2>&1 &&
     [ -s "${odt%.odt}.pdf" ]; then pass; else
    fail "LibreOffice did not convert $(basename "$odt")"; sed 's/^/  /' "$TMP/lo.log" | tail -5 >&2
  fi
}

# words PDF: the distinct words of its text, lines broken by a hyphen joined
words() {
  pdftotext "$1" - | sed -e ':a' -e '/-$/{N;s/-\n//;ba' -e '}' | tr -s '[:space:]' '\n' |
    sed 's/^[[:punct:]”’]*//; s/[[:punct:]”’]*$//' | grep -v '^$' | sort -u
}

# same_words A.pdf B.pdf PERCENT: at least PERCENT % of A's words are in B's,
# and the other way round (hyphenation at other places and the text drawn
# inside a chart are what may differ)
same_words() {
  words "$1" >"$TMP/wa"
  words "$2" >"$TMP/wb"
  local na nb ab ba
  na=$(wc -l <"$TMP/wa") nb=$(wc -l <"$TMP/wb")
  ab=$(comm -12 "$TMP/wa" "$TMP/wb" | wc -l)
  if [ "$na" -gt 50 ] && [ $((ab * 100)) -ge $((na * $3)) ] && [ $((ab * 100)) -ge $((nb * $3)) ]; then
    pass
  else
    fail "the ODT's text differs from the PDF's: $ab words shared of $na (PDF) and $nb (ODT)"
    comm -3 "$TMP/wa" "$TMP/wb" | head -20 | sed 's/^/  /' >&2
  fi
}

# --- the council memo of tests/documents ---------------------------------------
DOC=$IOP_SOURCE_DIR/tests/documents/tjansteskrivelse.xml
run "$IOPREPORT" render "$DOC" -o "$TMP/iop.pdf"
expect_rc 0
mkdir -p "$TMP/lo"
run "$IOPREPORT" render "$DOC" -o "$TMP/lo/memo.odt"
expect_rc 0
to_pdf "$TMP/lo/memo.odt"
ODT_PDF=$TMP/lo/memo.pdf
same_words "$TMP/iop.pdf" "$ODT_PDF" 97
pdftotext -layout "$ODT_PDF" "$TMP/odt.txt"
# (LibreOffice's PDF draws the no-break space as a space: content.xml has
# it, tests/e2e/odt.sh checks that)
SP="[ $NB]"
expect_match "$TMP/odt.txt" "1${SP}200${SP}000${SP}kr"
expect_in "$TMP/odt.txt" "Dnr KFN 2019/0142"
expect_in "$TMP/odt.txt" "Ekby kommun"
P_IOP=$(pdfinfo "$TMP/iop.pdf" | awk '/^Pages:/{print $2}')
P_ODT=$(pdfinfo "$ODT_PDF" | awk '/^Pages:/{print $2}')
expect_match "$TMP/odt.txt" "2 \\($P_ODT\\)"
if [ "$P_ODT" -ge 1 ] && [ $((P_ODT - P_IOP)) -le 1 ] && [ $((P_IOP - P_ODT)) -le 1 ]; then pass; else
  fail "LibreOffice sets the memo on $P_ODT pages, iopreport on $P_IOP"; fi

# --- the Linköping memo, built both ways ----------------------------------------
S=$IOP_SOURCE_DIR/samples/linkoping-2021
CASE="AN 2021-0042"
for fmt in pdf odt; do
  run "$IOPREPORT" build "$S" --year 2020 --template tjansteskrivelse --date 2021-02-10 \
      --case-number "$CASE" --out "$TMP/$fmt" -j1 --format "$fmt"
  expect_rc 0
done
NAME=linkoping-an-tjansteskrivelse-2020
to_pdf "$TMP/odt/$NAME.odt"
same_words "$TMP/pdf/$NAME.pdf" "$TMP/odt/$NAME.pdf" 93
pdftotext -layout "$TMP/odt/$NAME.pdf" "$TMP/odt.txt"
expect_match "$TMP/odt.txt" "6${SP}300${SP}926${SP}kr"
expect_in "$TMP/odt.txt" "Diarienummer $CASE"
P_IOP=$(pdfinfo "$TMP/pdf/$NAME.pdf" | awk '/^Pages:/{print $2}')
P_ODT=$(pdfinfo "$TMP/odt/$NAME.pdf" | awk '/^Pages:/{print $2}')
expect_match "$TMP/odt.txt" "TJÄNSTESKRIVELSE +2 \\($P_ODT\\)"
if [ $((P_ODT - P_IOP)) -le 1 ] && [ $((P_IOP - P_ODT)) -le 1 ]; then pass; else
  fail "LibreOffice sets the memo on $P_ODT pages, iopreport on $P_IOP"; fi
finish
