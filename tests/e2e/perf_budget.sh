#!/usr/bin/env bash
# Speed regression check that cannot flake: the instructions one annual
# report costs (Malmö 2018, process start included, made in the main process)
# counted by valgrind's callgrind, against the budget below. Instruction
# counts do not depend on the machine's load, unlike wall or CPU time; they
# move with the code and, a little, with the libraries' versions, hence the
# margin. Skipped when valgrind is missing (a failure in CI), under the
# sanitizer build, and for builds that are not optimised (Debug).
. "$(dirname "$0")/lib.sh"

# Measured with `./run.sh test`'s build (RelWithDebInfo, Debian 12) and the
# test fonts (tests/fonts/fonts.conf): 807.1 M after issue 18's second
# round (layouts shared and shaped less, fontconfig started without its
# template folder, no warm-up for a report made in-process, report data
# parsed once), merged with main at ea4df82, which measured 918.8 M (its
# locale layer, comparison and packet work came after the 752 M recorded
# for the first round). A change that makes reports faster should lower it
# to the new count, so the next slowdown is caught from there: 682.2 M after
# issue 18's third round (layout: font matching once per font, not per
# size, style rules by element, a block's text built once per run; render:
# page contents deflated once, pdf_finish reading each dictionary once, the
# output profile compressed at build time; the report data handed to the
# template as a tree), then, measured after all of issue 18's fourth round:
# the render's rules of an element stroked as one path and the artifact
# scanner copying between its marks in one piece; the batch front work
# (provenance digests read from the report data's text, month names tried
# last when tying words, strings copied with strnlen); the schema's value
# patterns compiled once; what the process holds at its end left to its
# exit; the layout's own work (pages take the units' boxes, the paragraph
# memo keeps lines, tables keep their column widths, fonts made once a
# document, right-aligned figures set once): 622.8 M; then 622.5 M with the
# soft hyphens of unbroken lines left out of the PDF's text (623.3 M just
# before, as this test counts); then 600.2 M with cairo's numbers printed
# without glibc's printf (src/render/numbers.c), counted on one thread (-j 1);
# the line break and column width rules (no single letter after a break,
# columns as wide as their widest unbreakable piece, dictionary points for
# too-wide words) raised it to 616.9 M, then 599.4 M with their measures
# bounded by the fonts' advances instead of shaping (src/layout/advance.c:
# a table cell is shaped to measure it only when its column's width
# depends on it, a word only when it may be wider than its line); then
# 605.7 M with SHA-256 by GLib again (libgcrypt's, which counted 6 M less,
# cost 0.7 MiB of peak memory in a batch).  Stop 15: 596.6 M with the
# process start's loader work cut (libraries named in the order the
# symbols are found, relative relocations packed), line-end spaces and
# every plain run drawn without pango's renderer (-12 M), and at most two
# hyphenated lines in a row (+1.1 M).  Stop 17: 522.8 M with a text
# shaped once and its pieces cut from that shaping where harfbuzz allows
# it (src/layout/shapecache.c: pango 1.50 shapes the pieces of its lines
# again).  Stop 18: 516.4 M with the colour of a face's glyphs asked once
# per face (src/layout/glyphcolor.c).
BUDGET=516800000
MARGIN_PERCENT=25

if ! command -v valgrind >/dev/null 2>&1; then
  # ./run.sh test installs it: in CI a missing valgrind is a failure
  [ "${CI:-}" = true ] && { fail "valgrind is not installed"; finish; }
  skip_test "valgrind is not installed"
fi
if ldd "$IOPREPORT" 2>/dev/null | grep -qE 'libasan|libubsan'; then
  skip_test "$IOPREPORT is built with sanitizers"
fi
case "${IOP_BUILD_TYPE:-RelWithDebInfo}" in
  Release | RelWithDebInfo | MinSizeRel) ;;
  *) skip_test "the budget is for an optimised build, not ${IOP_BUILD_TYPE}" ;;
esac

# A font cache of its own, written without SOURCE_DATE_EPOCH: fontconfig
# 2.14 records that date instead of the font folders' times in a cache it
# writes, so such a cache never matches the folders and every process
# rescans the fonts (~180 M instructions). The shared test cache flips
# between the two states as other tests write it.
conf=${FONTCONFIG_FILE:-$IOP_SOURCE_DIR/tests/fonts/fonts.conf}
sed "s|<cachedir>[^<]*</cachedir>|<cachedir>$TMP/fontcache</cachedir>|" "$conf" >"$TMP/fonts.conf"
export FONTCONFIG_FILE="$TMP/fonts.conf"

# -j 1: on one thread, so the count does not depend on the machine's cores
# or on where the layout's second thread (-j 2, one report) meets this one
ARGS=(build "$IOP_SOURCE_DIR/samples/malmo-2018" --year 2018 --template arsrapport
  --out "$TMP/pdf" --force --quiet -j 1)
export IOPREPORT_NO_FORK=1

# Once without valgrind: the report must be made at all, and the font cache
# is built before counting.
run env -u SOURCE_DATE_EPOCH "$IOPREPORT" "${ARGS[@]}"
expect_rc 0

run valgrind --tool=callgrind --callgrind-out-file="$TMP/callgrind.out" "$IOPREPORT" "${ARGS[@]}"
expect_rc 0
used=$(sed -n 's/^summary: *\([0-9][0-9]*\).*/\1/p' "$TMP/callgrind.out" 2>/dev/null | head -1)
limit=$((BUDGET + BUDGET / 100 * MARGIN_PERCENT))
if [ "$RC" -ne 0 ]; then
  : # reported above
elif [ -z "$used" ]; then
  fail "callgrind reported no instruction count"; sed 's/^/  stderr: /' "$TMP/err" | head -20 >&2
elif [ "$used" -gt "$limit" ]; then
  fail "one report took $used instructions, over the budget of $BUDGET + $MARGIN_PERCENT % ($limit):" \
    "a change made reports slower (profile it: valgrind --tool=callgrind," \
    "then callgrind_annotate); if the cost is wanted, raise BUDGET in $0"
else
  pass
  echo "$TEST_NAME: $used instructions, $((used * 100 / BUDGET)) % of the budget ($BUDGET)"
  if [ "$used" -lt $((BUDGET / 100 * 80)) ]; then
    echo "$TEST_NAME: well under the budget: lower BUDGET in $0 to $used so a slowdown is caught"
  fi
fi
finish
