#!/usr/bin/env bash
# The memo as an editable OpenDocument text (issue 16 §3, docs/odt.md):
# `render -o X.odt` of tests/documents/tjansteskrivelse.xml and `build
# --format odt` of the Linköping memo.  The package: mimetype first and
# stored, a manifest that lists every file, content.xml, styles.xml and
# meta.xml valid against the OASIS ODF 1.2 schema (schema/odf/); the
# structure that matters to an officer who edits the memo: headings with
# outline levels, repeating table header rows, the letterhead in the first
# page's header, the page number and count as fields, the case number in
# the header, images with their alt text, styles named after the classes.
# LibreOffice's view of the file: tests/e2e/odt_libreoffice.sh.
. "$(dirname "$0")/lib.sh"
RNG=$IOP_SOURCE_DIR/schema/odf/OpenDocument-v1.2-os-schema.rng
MANIFEST_RNG=$IOP_SOURCE_DIR/schema/odf/OpenDocument-v1.2-os-manifest-schema.rng
command -v unzip >/dev/null || skip_test "unzip is not installed"

# xcount FILE XPATH: how many nodes match (namespaces by local-name())
xcount() { xmllint --xpath "count($2)" "$1" 2>/dev/null || echo 0; }
expect_xpath() { # expect_xpath FILE XPATH WHAT: at least one node matches
  local n
  n=$(xcount "$1" "$2")
  if [ "${n%.*}" -ge 1 ] 2>/dev/null; then pass; else fail "$3 ($(basename "$1"): $2)"; fi
}
ln() { printf "*[local-name()='%s']" "$1"; }
at() { printf "@*[local-name()='%s']" "$1"; }

# check_package ODT DIR: unpack into DIR and check what every package needs
check_package() {
  local odt=$1 dir=$2
  rm -rf "$dir"; mkdir -p "$dir"
  if (cd "$dir" && unzip -q "$odt"); then pass; else fail "$odt does not unzip"; return; fi
  # mimetype: the first entry, stored, no extra field: its bytes right after
  # the 30-byte local header and the 8-byte name
  if [ "$(unzip -Z1 "$odt" | head -1)" = mimetype ]; then pass; else fail "mimetype is not first"; fi
  local method
  method=$(od -An -tu2 -j8 -N2 "$odt" | tr -d ' ')
  if [ "$method" = 0 ]; then pass; else fail "mimetype is compressed (method $method)"; fi
  if [ "$(dd if="$odt" bs=1 skip=30 count=47 2>/dev/null)" = \
       "mimetypeapplication/vnd.oasis.opendocument.text" ]; then pass; else
    fail "mimetype's bytes are not where a reader looks for them"; fi
  # the manifest lists every file but itself and the mimetype
  local f
  while read -r f; do
    case $f in mimetype|META-INF/manifest.xml) continue ;; esac
    expect_in "$dir/META-INF/manifest.xml" "manifest:full-path=\"$f\""
  done < <(unzip -Z1 "$odt")
  for f in content.xml styles.xml meta.xml; do
    if xmllint --noout --relaxng "$RNG" "$dir/$f" 2>"$TMP/rng"; then pass; else
      fail "$f does not match the ODF 1.2 schema"; grep -v validates "$TMP/rng" | head -5 >&2; fi
  done
  if xmllint --noout --relaxng "$MANIFEST_RNG" "$dir/META-INF/manifest.xml" 2>"$TMP/rng"; then
    pass; else fail "manifest.xml does not match the ODF 1.2 manifest schema"; head -5 "$TMP/rng" >&2; fi
  # the language and title, for screen readers and the editor
  expect_in "$dir/styles.xml" 'fo:language="sv" fo:country="SE"'
  expect_xpath "$dir/meta.xml" "//$(ln title)" "no title in meta.xml"
  expect_xpath "$dir/meta.xml" "//$(ln language)[starts-with(., 'sv')]" "no language in meta.xml"
}

# --- render: the council memo of tests/documents ---------------------------------
DOC=$IOP_SOURCE_DIR/tests/documents/tjansteskrivelse.xml
run "$IOPREPORT" render "$DOC" -o "$TMP/memo.odt"
expect_rc 0
if [ -s "$TMP/memo.odt" ]; then pass; else fail "no ODT written"; finish; fi
check_package "$TMP/memo.odt" "$TMP/m"
C=$TMP/m/content.xml S=$TMP/m/styles.xml
expect_xpath "$C" "//$(ln h)[$(at outline-level)='1'][contains(., 'Förlängning av IOP-avtal')]" \
  "the title is not a level-1 heading"
expect_xpath "$C" "//$(ln h)[$(at outline-level)='2'][.='Sammanfattning']" "no level-2 heading"
expect_xpath "$S" "//$(ln style)[$(at name)='h2'][$(at default-outline-level)='2']" \
  "the h2 style has no outline level"
expect_xpath "$C" "//$(ln table-header-rows)/$(ln table-row)/$(ln table-cell)[.='Deltagare']" \
  "the table's header row is not marked to repeat"
expect_xpath "$C" "//$(ln table-cell)[$(at number-columns-spanned)='2']" "a colspan is lost"
expect_xpath "$C" "//$(ln list)/$(ln list-item)[contains(., 'verksamhetsberättelse 2018')]" "no list"
expect_xpath "$C" "//$(ln a)[$(at href)='https://www.ekby.se/iop/laxhjalpen?ar=2019&typ=avtal']" \
  "a link is lost"
expect_xpath "$C" "//$(ln a)[$(at href)='#bilaga']" "an internal link is lost"
expect_xpath "$C" "//$(ln bookmark)[$(at name)='bilaga']" "a heading's id is not a bookmark"
expect_in "$C" "”stärka elevernas"
expect_in "$C" "450${NB:=$'\u00a0'}000${NB}kr"
# the first page: a master page of its own whose header is the letterhead
expect_xpath "$C" "//$(ln style)[$(at master-page-name)='Forsta_sidan']" \
  "the first paragraph does not start the first-page master"
FIRST="//$(ln master-page)[$(at name)='Forsta_sidan'][$(at next-style-name)='Standard']"
expect_xpath "$S" "$FIRST/$(ln header)//$(ln p)[.='Ekby kommun']" "the letterhead is not in the first page's header"
expect_xpath "$S" "$FIRST/$(ln header)//$(ln p)[contains(., 'KFN 2019/0142')]" "no case number in the letterhead"
expect_xpath "$S" "$FIRST/$(ln header)//$(ln frame)[$(ln title)='Kommunens vapen']/$(ln image)" \
  "the logo (with its alt text) is not in the letterhead"
# every other page: title and case number in the header, "2 (5)" in the footer as fields
STD="//$(ln master-page)[$(at name)='Standard']"
expect_xpath "$S" "$STD/$(ln header)//$(ln p)[contains(., 'KFN 2019/0142')]" "no case number in the header"
expect_xpath "$S" "$STD/$(ln footer)//$(ln p)[$(ln page-number)][$(ln page-count)]" \
  "the page number and count are not fields in the footer"
expect_match "$S" '<text:page-number text:select-page="current">[0-9]+</text:page-number> \(<text:page-count>'
# styles named after the vocabulary's elements and classes, for restyling
for name in p h1 h2 td th li municipality office meta decision muted; do
  expect_xpath "$S" "/*/$(ln styles)/$(ln style)[$(at name)='$name']" "no style named $name"
done
expect_xpath "$S" "/*/$(ln styles)/$(ln style)[$(at name)='municipality'][$(at parent-style-name)='p']" \
  "a class style does not inherit its element's"
expect_xpath "$C" "//$(ln p)[contains($(at style-name), 'muted')][contains(., 'Beslutet skickas till')]" \
  "the muted paragraph lost its style"
if unzip -Z1 "$TMP/memo.odt" | grep -qx 'Pictures/1.png'; then pass; else fail "the logo is not in the package"; fi

# the same document makes the same bytes (SOURCE_DATE_EPOCH is pinned)
run "$IOPREPORT" render "$DOC" -o "$TMP/again.odt"
if cmp -s "$TMP/memo.odt" "$TMP/again.odt"; then pass; else fail "two runs made different files"; fi
# --format odt whatever the extension; unknown formats are usage errors
run "$IOPREPORT" render "$DOC" --format odt -o "$TMP/memo.bin"
expect_rc 0
if [ "$(head -c 2 "$TMP/memo.bin")" = PK ]; then pass; else fail "--format odt did not write a package"; fi
run "$IOPREPORT" render "$DOC" --format doc -o "$TMP/x.doc"
expect_rc 2
expect_in "$TMP/err" "pdf, png, svg or odt"
# atomic: a failed run leaves the existing file as it was, and no temporary
cp "$TMP/memo.odt" "$TMP/keep.odt"
mkdir -p "$TMP/ro"; cp "$TMP/memo.odt" "$TMP/ro/memo.odt"
printf '<document xmlns="urn:iopreport:document:1"><body><p>x</p><bogus/></body></document>' >"$TMP/bad.xml"
run "$IOPREPORT" render "$TMP/bad.xml" -o "$TMP/ro/memo.odt"
expect_rc 1
if cmp -s "$TMP/ro/memo.odt" "$TMP/keep.odt"; then pass; else fail "a failed run changed the file"; fi
if [ -d /proc/self ] && [ "$(id -u)" -ne 0 ]; then
  chmod a-w "$TMP/ro"
  run "$IOPREPORT" render "$DOC" -o "$TMP/ro/memo.odt"
  expect_rc 1
  chmod u+w "$TMP/ro"
fi
if ls -A "$TMP/ro" | grep -q tmp; then fail "a temporary file was left behind"; else pass; fi
run "$IOPREPORT" render "$DOC" -o "$TMP"
expect_rc 1
expect_in "$TMP/err" "folder"

# --- build --format odt: the Linköping memo -------------------------------------
S_DIR=$IOP_SOURCE_DIR/samples/linkoping-2021
CASE="AN 2021-0042"
run "$IOPREPORT" build "$S_DIR" --year 2020 --template tjansteskrivelse --date 2021-02-10 \
    --case-number "$CASE" --out "$TMP/bo" -j1 --format odt
expect_rc 0
ODT=$TMP/bo/linkoping-an-tjansteskrivelse-2020.odt
if [ -s "$ODT" ]; then pass; else fail "build --format odt wrote no $ODT"; ls "$TMP/bo" >&2; finish; fi
if ls "$TMP/bo"/*.pdf >/dev/null 2>&1; then fail "build --format odt wrote a PDF"; else pass; fi
# the same bytes whichever worker drew the charts, after whatever else it
# drew: cairo numbers an SVG's ids per process (render/svg_ids.c); the
# annual reports made first in the same process shift that numbering
run "$IOPREPORT" build "$S_DIR" --year 2020 --template arsrapport --template tjansteskrivelse \
    --date 2021-02-10 --case-number "$CASE" --out "$TMP/bo2" -j1 --format odt
expect_rc 0
if cmp -s "$ODT" "$TMP/bo2/linkoping-an-tjansteskrivelse-2020.odt"; then pass; else
  fail "the memo's ODT depends on what the process drew before it"; fi
check_package "$ODT" "$TMP/b"
C=$TMP/b/content.xml S=$TMP/b/styles.xml
expect_xpath "$C" "//$(ln h)[$(at outline-level)][contains(., 'Förslag till beslut')]" "no heading for the proposal"
expect_xpath "$C" "//$(ln table-header-rows)" "no repeating header rows"
expect_in "$C" "6${NB}300${NB}926${NB}kr"
expect_xpath "$S" "$STD/$(ln header)//$(ln p)[contains(., 'Diarienummer $CASE')]" "no case number in the header"
expect_xpath "$S" "$STD/$(ln header)//$(ln page-number)" "no page number field in the header"
expect_xpath "$S" "$STD/$(ln header)//$(ln page-count)" "no page count field in the header"
# the chart, drawn as SVG, with its text alternative
expect_xpath "$C" "//$(ln frame)[$(ln title)]/$(ln image)[contains($(at href), '.svg')]" \
  "the chart is not an SVG picture with alt text"
if unzip -Z1 "$ODT" | grep -q '^Pictures/.*\.svg$'; then pass; else fail "no chart in the package"; fi
expect_xpath "$C" "//$(ln frame)[$(ln image)[1][contains($(at href), '.svg')]]/$(ln image)[2][contains($(at href), '.png')]" \
  "the chart has no PNG for readers without SVG"
# up to date the second time; the PDF and ODT of one memo do not share a record
run "$IOPREPORT" build "$S_DIR" --year 2020 --template tjansteskrivelse --date 2021-02-10 \
    --case-number "$CASE" --out "$TMP/bo" -j1 --format odt -v
expect_rc 0
expect_in "$TMP/out" "current  $ODT"
run "$IOPREPORT" build "$S_DIR" --year 2020 --template tjansteskrivelse --out "$TMP/bo" --format rtf
expect_rc 2
run "$IOPREPORT" build --help
expect_in "$TMP/out" "--format=FORMAT"
finish
