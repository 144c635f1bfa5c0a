#!/usr/bin/env bash
# Soft hyphens in the PDF: the layout puts U+00AD at every hyphenation
# point of Swedish text so that pango may break words there.  Where a line
# breaks at one, the PDF shows "-" and its text is U+00AD at the line's end
# (ISO 32000-1, 14.8.2.2.3); everywhere else the soft hyphen is no content,
# so it must not reach the PDF: cairo 1.16 would write it as an empty
# `/Span << /ActualText <feff00ad> >> BDC EMC`, which splits the word's text
# object, costs bytes and is noise for screen readers.
. "$(dirname "$0")/lib.sh"

malmo_report
PDF=$MALMO_REPORT
expect_valid_pdf "$PDF"

qpdf --qdf --object-streams=disable "$PDF" "$TMP/qdf.pdf" 2>/dev/null || true
[ -s "$TMP/qdf.pdf" ] || { fail "qpdf could not expand $PDF"; finish; }

# Spans whose actual text is only soft hyphens: empty ones (nothing shown
# before their EMC) and those around a shown hyphen.
awk '
  span && /^EMC$/ { empty++; span = 0; next }
  span { shown++; span = 0 }
  /\/ActualText <feff(00ad)+> >> BDC$/ { span = 1 }
  END { print empty + 0, shown + 0 }
' "$TMP/qdf.pdf" >"$TMP/spans"
read -r empty shown <"$TMP/spans"
if [ "$empty" -eq 0 ]; then pass; else
  fail "$empty soft hyphens not at a line break are in the PDF as empty /ActualText spans"; fi

# The hyphens of broken lines are still there, as U+00AD at the lines' ends
# and nowhere else.
pdftotext "$PDF" "$TMP/text.txt"
broken=$(grep -c $'\u00ad$' "$TMP/text.txt" || true)
if [ "$broken" -ge 1 ]; then pass; else fail "no line of the report breaks at a soft hyphen any more"; fi
# a shown hyphen's text is U+00AD either through a span like these or, when
# cairo gives the glyph a code of its own, through the font's ToUnicode map
# (both read as U+00AD above); spans are never more than the broken lines
if [ "$shown" -le "$broken" ]; then pass; else
  fail "$shown hyphens shown with the text U+00AD, but only $broken lines of text end with one"; fi
grep -aqi '<00ad>' "$TMP/qdf.pdf" || [ "$shown" -ge 1 ] && pass ||
  fail "no shown hyphen carries the text U+00AD (no span, no ToUnicode entry)"
grep $'\u00ad.' "$TMP/text.txt" >"$TMP/inside" || true
[ ! -s "$TMP/inside" ] && pass || { fail "soft hyphens inside lines"; head -3 "$TMP/inside" >&2; }

# Words with hyphenation points that the lines do not break at come out
# whole, from one show operator each (no span splits them).
for word in Avtalsperiod Partnerskap 'Idéburen part' 'Pågående partnerskap'; do
  expect_in "$TMP/text.txt" "$word"
done
for shown_text in '(Avtalsperiod)Tj' '(Partnerskap)Tj'; do
  expect_in "$TMP/qdf.pdf" "$shown_text"
done

finish
