#!/usr/bin/env bash
# The space a line breaks at, in the PDF: the layout keeps it in the text,
# so that text extraction and tag-based reading keep the last word of a
# line apart from the first word of the next, but pango 1.50 gives it no
# glyph, and cairo 1.16 wrote each such space as an empty
# `/Span << /ActualText <feff0020> >> BDC EMC` (405 in a 22-page report).
# It is drawn as the font's space glyph with no advance, which the font's
# ToUnicode map gives U+0020: no such span is left, and the text read
# through ToUnicode has one U+0020 between the words at every line end, in
# a font whose first space is one at a line end as well as in the others,
# in justified text, and next to a no-break space at a line end.
. "$(dirname "$0")/lib.sh"
: "${IOP_PYTHON3:=/usr/bin/python3}"

require_pikepdf

# numbers from $1 to $2 - 1 (words never hyphenated, whose order shows),
# joined by $3 (a space unless given)
words() { seq -s "${3:- }" "$1" "$(($2 - 1))"; }
NB=$'\u00a0'
# 80 digits, then 20: the monospaced paragraph's first line ends with its
# first space, the first use of that font's space glyph in the PDF
long=$(printf '1%.0s' $(seq 80))
second=$(printf '2%.0s' $(seq 20))
MONO="$long $second $(words 3000 3200)"
PLAIN=$(words 1000 1300)
JUSTIFIED=$(words 2000 2300)
# pairs joined by a no-break space: some lines end with "N\u00a0N " and
# break at the space after the pair
NBSP="$(words 4000 4150 " " | sed "s/\([0-9][0-9]*\) \([0-9][0-9]*\)/\1$NB\2/g")"

cat >"$TMP/doc.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="urn:iopreport:document:1" lang="sv">
  <meta><title>Mellanrum vid radslut</title><author>Test</author><date>3 april 2019</date></meta>
  <styles>
    <style match="body" font-family="Noto Sans" font-size="10pt" line-height="1.4"/>
    <style match="p.justified" text-align="justify"/>
    <style match="p.mono" font-family="Liberation Mono" font-size="8pt"/>
    <style match=".rtl" font-family="Noto Sans Arabic, Noto Sans"/>
  </styles>
  <page margin-left="25mm" margin-right="25mm"/>
  <body>
    <p class="mono">$MONO</p>
    <p>$PLAIN</p>
    <p class="justified">$JUSTIFIED</p>
    <p>$NBSP</p>
    <p class="rtl" lang="ar" align="right">مرحبا بكم في مكان اللقاء. نلتقي كل يوم ثلاثاء في المكتبة، الساعة ١٨:٠٠. مرحبا بكم في مكان اللقاء. نلتقي كل يوم ثلاثاء في المكتبة، الساعة ١٨:٠٠. مرحبا بكم في مكان اللقاء. نلتقي كل يوم ثلاثاء في المكتبة.</p>
  </body>
</document>
EOF
run "$IOPREPORT" render "$TMP/doc.xml" -o "$TMP/doc.pdf"
expect_rc 0
[ -s "$TMP/doc.pdf" ] || { fail "no PDF"; finish; }
expect_valid_pdf "$TMP/doc.pdf"

# a report whose text has many line breaks
malmo_report
REPORT=$MALMO_REPORT

cat >"$TMP/check.py" <<'EOF'
"""check.py PDF [EXPECTED...]: the PDF's text read as a reader of its
content streams does (show operators through the fonts' ToUnicode maps,
/ActualText in place of what its span shows, artifacts left out), with
nothing for moves to a new line or page.  Prints the number of /ActualText spans whose text is only
U+0020, then each EXPECTED text that the PDF's text does not hold."""
import re
import sys

import pikepdf
from pdf_text import to_unicode
from pikepdf import Array, Dictionary, String


def as_list(o):
    return list(o) if isinstance(o, Array) else [o]




pdf = pikepdf.open(sys.argv[1])
spaces, text = 0, []
for page in pdf.pages:
    fonts = page.Resources.get("/Font", Dictionary())
    cmap, stack = ({}, 1), []
    for ins in pikepdf.parse_content_stream(page):
        op, ops = str(ins.operator), ins.operands
        if op in ("BMC", "BDC"):
            props = ops[1] if op == "BDC" and isinstance(ops[1], Dictionary) else Dictionary()
            actual = props.get("/ActualText")
            if actual is not None:
                actual = str(actual)
                spaces += actual == " "
            if actual is not None and not any(stack):
                text.append(actual)
            # what a span or an artifact holds is not read
            stack.append(actual is not None or str(ops[0]) == "/Artifact")
        elif op == "EMC":
            stack.pop()
        elif op == "Tf":
            cmap = to_unicode(fonts[str(ops[0])])
        elif op in ("Tj", "TJ") and not any(stack):
            m, w = cmap
            for s in as_list(ops[0]) if op == "TJ" else [ops[0]]:
                if isinstance(s, String):
                    b = bytes(s)
                    text.append("".join(m.get(b[i:i + w], "?") for i in range(0, len(b), w)))
print(spaces)
joined = "".join(text)
for want in sys.argv[2:]:
    if want not in joined:
        cut = next((i for i in range(len(want)) if want[:i + 1] not in joined), 0)
        print("not in the PDF's text: %r..., from %r on" % (want[:30], want[max(0, cut - 20):cut + 20]))
EOF

# no empty span for a line-end space, in the test document and in the report
for pdf in "$TMP/doc.pdf" "$REPORT"; do
  if PYTHONPATH="$IOP_SOURCE_DIR/tests/tools" "$IOP_PYTHON3" "$TMP/check.py" "$pdf" >"$TMP/spans" 2>&1; then pass; else
    fail "check.py $(basename "$pdf"): $(tail -3 "$TMP/spans")"; continue; fi
  n=$(head -1 "$TMP/spans")
  if [ "$n" = 0 ]; then pass; else
    fail "$(basename "$pdf"): $n line-end spaces as /Span << /ActualText <feff0020> >> (an empty span each)"
  fi
done

# the text through ToUnicode: every paragraph whole, with its separators,
# across its line ends (the monospaced one: its first space ends a line)
PYTHONPATH="$IOP_SOURCE_DIR/tests/tools" "$IOP_PYTHON3" "$TMP/check.py" "$TMP/doc.pdf" "$MONO" "$PLAIN" "$JUSTIFIED" "$NBSP" >"$TMP/text" 2>&1 || true
tail -n +2 "$TMP/text" >"$TMP/missing"
if [ -s "$TMP/missing" ]; then fail "$(head -5 "$TMP/missing")"; else pass; fi
# the paragraphs do break lines at spaces (else this tests nothing)
pdftotext -raw "$TMP/doc.pdf" "$TMP/raw.txt"
lines=$(grep -c '^[0-9]' "$TMP/raw.txt" || true)
if [ "$lines" -ge 20 ]; then pass; else fail "only $lines lines of numbers: the paragraphs do not wrap"; fi
expect_in "$TMP/raw.txt" "$long"
if sed -n '/^1\{80\}$/{n;p;q}' "$TMP/raw.txt" | grep -q "^$second "; then pass; else
  fail "the monospaced paragraph's first line is not its first word alone"; fi
# and pdftotext -raw reads the same words with a space at every line end
tr '\n' ' ' <"$TMP/raw.txt" >"$TMP/raw-joined.txt"
for want in "$PLAIN" "$JUSTIFIED" "$MONO"; do
  expect_in "$TMP/raw-joined.txt" "$want"
done
finish
