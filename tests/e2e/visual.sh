#!/usr/bin/env bash
# Visual regression: the reference pages in tests/visual/ (tests/visual/pages.sh
# says how each is made) are rendered again and compared pixel by pixel with
# iop_pngdiff. A page fails when more than 0.5 % of its pixels differ by more
# than 32 in a channel; its new rendering and a diff image (differences in
# red) are then kept in the build folder and named. After a deliberate
# change of the look: tests/visual/update (tests/visual/README.md).
. "$(dirname "$0")/lib.sh"
: "${IOP_PNGDIFF:=$IOP_BUILD_DIR/tests/iop_pngdiff}"
V=$IOP_SOURCE_DIR/tests/visual
. "$V/pages.sh"
visual_env
OUT=$IOP_BUILD_DIR/visual-failures
rm -rf "$OUT"

# --- the comparer itself: a page matches itself and not another page --------
set -- $VISUAL_PAGES
run "$IOP_PNGDIFF" "$V/$1.png" "$V/$1.png" "$TMP/self.diff.png"
expect_rc 0
expect_in "$TMP/out" "0 of "
if [ ! -e "$TMP/self.diff.png" ]; then pass; else fail "a diff image for identical pages"; fi
run "$IOP_PNGDIFF" "$V/$1.png" "$V/$2.png" "$TMP/other.diff.png"
expect_rc 1
if [ -s "$TMP/other.diff.png" ]; then pass; else fail "no diff image for different pages"; fi
run "$IOP_PNGDIFF" "$V/$1.png" "$TMP/missing.png" "$TMP/missing.diff.png"
expect_rc 2

# --- a small change is seen: the first page of styles.xml with one word more --
sed 's|<h1>Riktlinjer för idéburna offentliga partnerskap</h1>|<h1>Riktlinjer för idéburna offentliga partnerskap i kommunen</h1>|' \
  "$IOP_SOURCE_DIR/tests/documents/styles.xml" >"$TMP/changed.xml"
if cmp -s "$TMP/changed.xml" "$IOP_SOURCE_DIR/tests/documents/styles.xml"; then
  fail "the change to styles.xml did not apply"
fi
run "$IOPREPORT" render "$TMP/changed.xml" -o "$TMP/changed.png" --dpi "$VISUAL_DPI"
expect_rc 0
run "$IOPREPORT" render "$IOP_SOURCE_DIR/tests/documents/styles.xml" -o "$TMP/same.png" --dpi "$VISUAL_DPI"
expect_rc 0
run "$IOP_PNGDIFF" "$TMP/same-1.png" "$TMP/changed-1.png" "$TMP/changed.diff.png"
expect_rc 1

# --- every reference page ----------------------------------------------------------
n=0
for name in $VISUAL_PAGES; do
  n=$((n + 1))
  if [ ! -s "$V/$name.png" ]; then fail "$name: no reference tests/visual/$name.png"; continue; fi
  if ! visual_render "$name" "$TMP" 2>"$TMP/render.err"; then
    fail "$name: could not be rendered"; sed 's/^/  /' "$TMP/render.err" >&2; continue
  fi
  run "$IOP_PNGDIFF" "$V/$name.png" "$TMP/$name.png" "$TMP/$name.diff.png"
  if [ "$RC" -eq 0 ]; then pass; continue; fi
  mkdir -p "$OUT"
  cp "$TMP/$name.png" "$OUT/$name.png"
  [ -e "$TMP/$name.diff.png" ] && cp "$TMP/$name.diff.png" "$OUT/$name.diff.png"
  fail "$name: differs from tests/visual/$name.png: $(tr '\n' ' ' <"$TMP/out")$(cat "$TMP/err")
  new page:   $OUT/$name.png
  diff image: $OUT/$name.diff.png (differences in red)
  if the change is meant: tests/visual/update $name"
done
if [ "$n" -ge 4 ]; then pass; else fail "only $n reference pages"; fi
finish
