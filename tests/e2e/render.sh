#!/usr/bin/env bash
# The typesetting engine end to end: every document in tests/documents/ is
# valid against schema/document.rng and renders to a PDF that qpdf accepts,
# with its title, tagged structure, embedded fonts, an outline, working
# internal links, "N (M)" on every page, and nothing outside the margins;
# the 300-row table repeats its header on every page and sets its totals
# once; output is reproducible; PNG and SVG previews; broken documents and
# failed writes end with a message, exit 1 and no (partial) output.
. "$(dirname "$0")/lib.sh"
D=$IOP_SOURCE_DIR/tests/documents
RNG=$IOP_SOURCE_DIR/schema/document.rng
NB=$'\u00a0'

# pages_expected NAME: "min max" page count of each document
pages_expected() {
  case "$1" in
    long-report) echo "40 48" ;;
    tjansteskrivelse) echo "2 2" ;;
    scripts) echo "2 2" ;;
    styles) echo "4 4" ;;
    *) echo "1 1000" ;;
  esac
}

# text boxes of a --dump that leave the text area: "page x w" per offender
outside_margins() { # DUMP LEFT RIGHT_EDGE
  awk -v L="$2" -v R="$3" '
    /^page /{p=$2}
    $1=="text"{ w=substr($4,3); if ($2 < L-0.5 || $2+w > R+0.5) print "page " p ": " $0 }' "$1"
}

n_docs=0
for doc in "$D"/*.xml; do
  name=$(basename "$doc" .xml)
  n_docs=$((n_docs + 1))

  # --- the schema accepts what the parser accepts ---------------------------------
  if xmllint --noout --relaxng "$RNG" "$doc" 2>"$TMP/rng"; then pass; else
    fail "$name: not valid against schema/document.rng"; head -5 "$TMP/rng" >&2; fi

  # --- the PDF -------------------------------------------------------------------
  pdf=$TMP/$name.pdf
  run "$IOPREPORT" render "$doc" -o "$pdf"
  expect_rc 0
  cp "$TMP/err" "$TMP/$name.err"
  if [ ! -s "$pdf" ]; then fail "$name: no PDF"; continue; fi
  expect_valid_pdf "$pdf"
  pdfinfo "$pdf" >"$TMP/info" 2>&1
  title=$(xmllint --xpath 'string(/*[local-name()="document"]/*[local-name()="meta"]/*[local-name()="title"])' "$doc")
  expect_match "$TMP/info" "^Title: +$(printf '%s' "$title" | sed 's/[][\.*^$()+?{}|]/\\&/g')\$"
  expect_match "$TMP/info" "^Tagged: +yes"
  expect_match "$TMP/info" "^Creator: +iopreport"
  # SOURCE_DATE_EPOCH=1700000000 is 2023-11-14 22:13:20 UTC
  expect_match "$TMP/info" "^CreationDate: +Tue Nov 14 22:13:20 2023"
  pages=$(awk '/^Pages:/{print $2}' "$TMP/info")
  read -r lo hi <<<"$(pages_expected "$name")"
  if [ -n "$pages" ] && [ "$pages" -ge "$lo" ] && [ "$pages" -le "$hi" ]; then pass; else
    fail "$name: $pages pages, expected $lo to $hi"; pages=${pages:-1}; fi
  # fonts subset (the "ABCDEF+" prefix) as well as embedded
  if pdffonts "$pdf" | awk 'NR>2 && $(NF-3)!="yes"{bad=1} END{exit bad}'; then pass; else
    fail "$name: a font is not subset"; fi

  # "N (M)" in the footer of every page (a first page may be set without one)
  first=1
  grep -q 'footer="false"' "$doc" && first=2
  for ((p = first; p <= pages; p++)); do
    pdftotext -layout -f $p -l $p "$pdf" - >"$TMP/page"
    if grep -qE "(^| )$p \\($pages\\) *\$" "$TMP/page"; then pass; else
      fail "$name: page $p has no '$p ($pages)'"; fi
  done

  # every internal link goes to a destination that exists
  pdfinfo -dests "$pdf" | awk 'NR>1{print $NF}' | tr -d '"' | sort -u >"$TMP/dests"
  qpdf --qdf --object-streams=disable "$pdf" "$TMP/qdf.pdf" 2>/dev/null || true
  grep -a -o '/Dest ([^)]*)' "$TMP/qdf.pdf" | sed 's|/Dest (||; s|)$||' | sort -u >"$TMP/links"
  missing=$(comm -23 "$TMP/links" "$TMP/dests")
  if [ -z "$missing" ]; then pass; else fail "$name: links to missing destinations: $missing"; fi
  # a link annotation without a target (cairo's forward page links) is dead
  dead=$(awk '/^%% Original object/{if (link && !target) n++; link=0; target=0}
              /\/Subtype \/Link/{link=1} /\/Dest|\/URI/{target=1}
              END{if (link && !target) n++; print n+0}' "$TMP/qdf.pdf")
  if [ "$dead" -eq 0 ]; then pass; else fail "$name: $dead links without a target"; fi

  # headings in the outline
  if grep -q '<h1\|<h2' "$doc"; then
    qpdf --json --json-key=outlines "$pdf" >"$TMP/outline" 2>/dev/null || true
    if grep -q '"title"' "$TMP/outline"; then pass; else fail "$name: no outline"; fi
  fi

  # nothing set outside the text area (long words, a 500-character string)
  run "$IOPREPORT" render "$doc" --dump
  expect_rc 0
  cp "$TMP/out" "$TMP/$name.dump"
  ml=$(xmllint --xpath 'string(//*[local-name()="page"]/@margin-left)' "$doc")
  mr=$(xmllint --xpath 'string(//*[local-name()="page"]/@margin-right)' "$doc")
  width=$(awk '/^page 1 /{split($3, a, "x"); print a[1]; exit}' "$TMP/$name.dump")
  mm() { case "$1" in *mm) echo "${1%mm} * 72 / 25.4" | bc -l ;; "") echo "25 * 72 / 25.4" | bc -l ;; *) echo "bad" ;; esac; }
  L=$(mm "$ml"); R=$(echo "$width - $(mm "$mr")" | bc -l)
  outside_margins "$TMP/$name.dump" "$L" "$R" >"$TMP/outside"
  if [ ! -s "$TMP/outside" ]; then pass; else
    fail "$name: text outside the margins"; head -3 "$TMP/outside" >&2; fi
done
if [ "$n_docs" -ge 4 ]; then pass; else fail "only $n_docs documents in tests/documents"; fi

# --- the long report: a 300-row table over many pages ----------------------------
pdf=$TMP/long-report.pdf
pages=$(pdfinfo "$pdf" | awk '/^Pages:/{print $2}')
start=0; end=0
for ((p = 1; p <= pages; p++)); do
  pdftotext -layout -f $p -l $p "$pdf" - | sed "s/$NB/ /g" >"$TMP/p$p"
  if [ $start -eq 0 ] && grep -q "B-0001" "$TMP/p$p"; then start=$p; fi
  if grep -q "B-0300" "$TMP/p$p"; then end=$p; fi
done
if [ $start -gt 0 ] && [ $end -gt $((start + 3)) ]; then pass; else
  fail "the 300-row table is not spread over pages ($start..$end)"; fi
for ((p = start; p <= end; p++)); do
  # the header row on every page of the table, with all its columns
  if grep -qE "Bidragsnr +Organisation +Verksamhets.* +Period +Belopp" "$TMP/p$p"; then pass; else
    fail "page $p of the table has no header row"; fi
done
for ((p = 1; p <= pages; p++)); do
  n=$(grep -c "Summa, 300 beslut" "$TMP/p$p" || true)
  if [ "$p" -eq "$end" ]; then
    if [ "$n" -eq 1 ]; then pass; else fail "the totals row is not on the table's last page"; fi
  elif [ "$n" -ne 0 ]; then fail "a totals row on page $p, before the table ends"; fi
done
# every row exactly once, in order
cat "$TMP"/p{1..200} 2>/dev/null | grep -oE "B-[0-9]{4}" >"$TMP/rows" || true
seq -f "B-%04g" 1 300 >"$TMP/rows.want"
if cmp -s "$TMP/rows" "$TMP/rows.want"; then pass; else fail "table rows missing, repeated or out of order"; fi
# the header row is a header (TH) where the table starts; repeated on the
# continuation pages it is an artifact (untagged), read once by a screen reader
th_pages=$(awk '/^page /{p=$2} /tag=TH "Bidragsnr"/{print p}' "$TMP/long-report.dump" | sort -un | wc -l)
if [ "$th_pages" -eq 1 ]; then pass; else
  fail "the header row is tagged TH on $th_pages pages, not once"; fi
rep_pages=$(awk '/^page /{p=$2} /text .*"Bidragsnr"/ && !/tag=/{print p}' "$TMP/long-report.dump" | sort -un | wc -l)
if [ "$rep_pages" -eq $((end - start)) ]; then pass; else
  fail "the header row is repeated as an artifact on $rep_pages pages, the table continues on $((end - start))"; fi
# long compound words in the narrow column are hyphenated, not cut or overflowing
expect_match "$TMP/long-report.dump" 'tag=TD "[[:alpha:]]+-"'
# the TOC lists chapters with their page numbers and the appendix
pdftotext -layout -f 1 -l 1 "$pdf" - >"$TMP/toc"
expect_match "$TMP/toc" "^ *1 Inledning +[0-9]+$"
expect_match "$TMP/toc" "Bilaga: Samtliga beviljade bidrag 2018 +$start$"
# justified Swedish text is hyphenated
expect_match "$TMP/long-report.dump" 'tag=P "[^"]*[[:alpha:]]-"'

# --- scripts: Unicode beyond Latin, and a font that is not installed ---------------
pdftotext "$TMP/scripts.pdf" - >"$TMP/scripts.txt"
expect_in "$TMP/scripts.txt" "Ελληνικός Σύλλογος"
expect_in "$TMP/scripts.txt" "Українське"
expect_in "$TMP/scripts.dump" "محمد الأحمد"
expect_in "$TMP/scripts.err" "warning: font 'Helvetica Neue Ultra' is not installed; using"
expect_not_in "$TMP/scripts.err" "error"
# English is not hyphenated with Swedish patterns
expect_not_in "$TMP/scripts.dump" 'internationaliza-'
# the 500-character string is broken over several lines of the text width
n=$(grep -c 'tag=P "[A-Za-z0-9]\{40,\}' "$TMP/scripts.dump" || true)
if [ "$n" -ge 4 ]; then pass; else fail "the 500-character string is not wrapped ($n lines)"; fi
# the letterhead logos: an SVG and a PNG, as images on page 1
awk '/^page 2/{exit} {print}' "$TMP/scripts.dump" >"$TMP/sp1"
expect_match "$TMP/sp1" "^  image "
awk '/^page 2/{exit} {print}' "$TMP/tjansteskrivelse.dump" >"$TMP/tp1"
expect_match "$TMP/tp1" "^  image "
# the memo's page 2 has the running header; page 1 the letterhead instead
pdftotext -layout -f 2 -l 2 "$TMP/tjansteskrivelse.pdf" - >"$TMP/t2"
expect_match "$TMP/t2" "Förlängning av IOP-avtal med Föreningen Läxhjälpen +KFN 2019/0142"
pdftotext -layout -f 1 -l 1 "$TMP/tjansteskrivelse.pdf" - >"$TMP/t1"
expect_in "$TMP/t1" "Dnr KFN 2019/0142"
expect_in "$TMP/t1" "”stärka elevernas"

# --- reproducible: the same bytes twice -------------------------------------------
run "$IOPREPORT" render "$D/tjansteskrivelse.xml" -o "$TMP/again.pdf"
expect_rc 0
if cmp -s "$TMP/tjansteskrivelse.pdf" "$TMP/again.pdf"; then pass; else
  fail "two runs with SOURCE_DATE_EPOCH give different PDFs"; fi
SOURCE_DATE_EPOCH=1500000000 run "$IOPREPORT" render "$D/tjansteskrivelse.xml" -o "$TMP/other.pdf"
pdfinfo "$TMP/other.pdf" >"$TMP/info"
expect_match "$TMP/info" "^CreationDate: +Fri Jul 14 02:40:00 2017"

# --- PNG and SVG previews -----------------------------------------------------------
mkdir -p "$TMP/png" "$TMP/svg"
run "$IOPREPORT" render "$D/styles.xml" -o "$TMP/png/styles.png" --dpi 50
expect_rc 0
for p in 1 2 3 4; do
  f=$TMP/png/styles-$p.png
  if [ -s "$f" ] && [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then
    pass; else fail "no PNG page $p"; fi
done
# A5 at 50 dpi: 292 x 414 pixels
dims=$(od -An -tu1 -j16 -N8 "$TMP/png/styles-1.png" | awk '{print $3*256+$4 "x" $7*256+$8}')
if [ "$dims" = "292x414" ]; then pass; else fail "PNG page is $dims, expected 292x414"; fi
if [ ! -e "$TMP/png/styles-5.png" ] && [ ! -e "$TMP/png/styles.png" ]; then pass; else
  fail "unexpected PNG files"; fi
run "$IOPREPORT" render "$D/styles.xml" -o "$TMP/svg/styles.svg"
expect_rc 0
for p in 1 2 3 4; do
  if xmllint --noout "$TMP/svg/styles-$p.svg" 2>/dev/null && grep -q "<svg" "$TMP/svg/styles-$p.svg"; then
    pass; else fail "SVG page $p missing or not well-formed"; fi
done
run "$IOPREPORT" render "$D/styles.xml" --format png -o "$TMP/png/forced.out"
expect_rc 0
if [ -s "$TMP/png/forced-1.out" ]; then pass; else fail "--format png ignored"; fi
if ls -a "$TMP/png" "$TMP/svg" | grep -q '\.tmp'; then fail "temporary files left behind"; else pass; fi

# --- broken documents: file:line: error, exit 1, no output ------------------------
for doc in "$D"/bad/*.xml; do
  name=$(basename "$doc" .xml)
  (cd "$D/bad" && run "$IOPREPORT" render "$name.xml" -o "$TMP/bad.pdf"
   echo "$RC" >"$TMP/bad.rc")
  RC=$(cat "$TMP/bad.rc")
  expect_rc 1
  if diff -u "$D/bad/$name.expected" "$TMP/err" >"$TMP/diff"; then pass; else
    fail "$name: messages differ"; head -10 "$TMP/diff" >&2; fi
  if grep -qE "^$name\\.xml:[0-9]+(:[0-9]+)?: error: " "$TMP/err"; then pass; else
    fail "$name: no file:line: error message"; fi
  if [ ! -e "$TMP/bad.pdf" ]; then pass; else fail "$name: an output was written"; rm -f "$TMP/bad.pdf"; fi
  # the schema refuses them too (a DOCTYPE is beyond what RELAX NG sees)
  if [ "$name" = doctype ]; then continue; fi
  if ! xmllint --noout --relaxng "$RNG" "$doc" >/dev/null 2>&1; then pass; else
    fail "$name: the schema accepts a document the parser refuses"; fi
done

# --- failed writes: exit 1, the file named, nothing partial, old file intact ------
mkdir -p "$TMP/w"
printf 'old report\n' >"$TMP/w/report.pdf"
touch -d '2020-01-01' "$TMP/w/report.pdf"
# a file size limit (SIGXFSZ ignored, so write() fails with EFBIG)
run bash -c "trap '' XFSZ; ulimit -f 8; exec \"\$0\" render \"\$1\" -o \"\$2\"" \
  "$IOPREPORT" "$D/long-report.xml" "$TMP/w/report.pdf"
expect_rc 1
expect_in "$TMP/err" "report.pdf"
expect_match "$TMP/err" "error: .*(write|large)"
if [ "$(cat "$TMP/w/report.pdf")" = "old report" ]; then pass; else fail "the old file was changed"; fi
if [ "$(stat -c %Y "$TMP/w/report.pdf")" = "$(date -d 2020-01-01 +%s)" ]; then pass; else
  fail "the old file was touched"; fi
if [ "$(ls -A "$TMP/w")" = "report.pdf" ]; then pass; else fail "left behind: $(ls -A "$TMP/w")"; fi
# the same for PNG pages
run bash -c "trap '' XFSZ; ulimit -f 4; exec \"\$0\" render \"\$1\" -o \"\$2\" --dpi 200" \
  "$IOPREPORT" "$D/tjansteskrivelse.xml" "$TMP/w/page.png"
expect_rc 1
expect_in "$TMP/err" "page-1.png"
if [ "$(ls -A "$TMP/w")" = "report.pdf" ]; then pass; else fail "left behind: $(ls -A "$TMP/w")"; fi
# a directory that does not exist
run "$IOPREPORT" render "$D/styles.xml" -o "$TMP/no/such/dir/x.pdf"
expect_rc 1
expect_in "$TMP/err" "$TMP/no/such/dir/x.pdf"
# a directory in the way of the output: nothing replaced, nothing left
mkdir -p "$TMP/w/busy.pdf"
run "$IOPREPORT" render "$D/styles.xml" -o "$TMP/w/busy.pdf"
expect_rc 1
expect_in "$TMP/err" "busy.pdf"
if [ -d "$TMP/w/busy.pdf" ] && [ "$(ls -A "$TMP/w" | tr '\n' ' ')" = "busy.pdf report.pdf " ]; then pass; else
  fail "after a failed rename: $(ls -A "$TMP/w")"; fi

# a document without a <title>: the PDF (PDF/UA shows a title) is titled
# after its file name, and render says so
printf '<?xml version="1.0"?>\n<document xmlns="urn:iopreport:document:1"><body><p>x</p></body></document>\n' \
  >"$TMP/untitled.xml"
run "$IOPREPORT" render "$TMP/untitled.xml" -o "$TMP/Rapport utan titel.pdf"
expect_rc 0
expect_in "$TMP/err" "the document has no <title>; the PDF is titled 'Rapport utan titel' after its file name"
if pdfinfo "$TMP/Rapport utan titel.pdf" | grep -q '^Title: *Rapport utan titel$'; then pass; else
  fail "an untitled document's PDF is not titled after its file name"; fi

finish
