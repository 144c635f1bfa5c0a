#!/usr/bin/env bash
# valgrind (memcheck) is clean on the end-to-end samples: validate, data and
# the PDFs of every sample (build, or render where build is missing), and
# new and import. No
# invalid read or write, no use of uninitialised memory. Leaks are the ASan
# run's job (tests/lsan.supp), so they are not counted here. Skipped when
# valgrind is missing or the binary is built with a sanitizer.
. "$(dirname "$0")/lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
  # ./run.sh test installs it: in CI a missing valgrind is a failure
  [ "${CI:-}" = true ] && { fail "valgrind is not installed"; finish; }
  skip_test "valgrind is not installed"
fi
if ldd "$IOPREPORT" 2>/dev/null | grep -qE 'libasan|libubsan'; then
  skip_test "$IOPREPORT is built with sanitizers"
fi
VG=(valgrind -q --error-exitcode=99 --leak-check=no --track-origins=no --child-silent-after-fork=no)

# vg WHAT ARGS...: run under memcheck; exit 99 means memcheck found an error
vg() {
  local what=$1; shift
  run "${VG[@]}" "$IOPREPORT" "$@"
  if [ "$RC" -eq 99 ] || grep -q '^==[0-9]*== ' "$TMP/err"; then
    fail "$what: memcheck errors"; grep '^==' "$TMP/err" | head -30 >&2
  else pass; fi
  if [ "$RC" -le 1 ]; then pass; else fail "$what: exit $RC"; fi
}

for s in "$IOP_SOURCE_DIR"/samples/*/; do
  name=$(basename "$s")
  [ -f "$s/demo.args" ] || continue
  year=$(sed -n 's/.*--year[ =]\([0-9]*\).*/\1/p' "$s/demo.args")
  [ -n "$year" ] || continue
  vg "validate $name" validate "$s"
  vg "data $name" data "$s" --year "$year"
  vg "build $name" build "$s" --year "$year" --out "$TMP/$name" -j 1 --force
  ls "$TMP/$name"/*.pdf >/dev/null 2>&1 && pass || fail "build $name: no PDF"
done
# Nothing leaks per report: a batch made in one process holds no more than
# one report's worth of what it cannot free (the libraries' one-time
# allocations), so the memory of a worker that makes hundreds of reports
# stays flat. Two memos leak exactly what one does (a chart's label
# layouts, one reference too many, grew a worker by ~170 KB a report).
# The run frees everything before it exits, as a sanitizer build does
# (src/cli/build.h): what a normal run leaves to its exit is one report's
# pages, whose pango objects memcheck counts lost in varying amounts.
lost() {
  IOPREPORT_NO_FORK=1 IOPREPORT_FREE_AT_EXIT=1 valgrind --leak-check=full --show-leak-kinds=definite \
    "$IOPREPORT" build "$IOP_SOURCE_DIR/samples/linkoping-2021" --year 2020 \
    --template tjansteskrivelse --out "$TMP/lost" --force -q "$@" 2>&1 >/dev/null |
    sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' | tr -d ,
}
one=$(lost --committee linkoping-an)
two=$(lost --committee linkoping-an --committee linkoping-bin)
if [ -n "$one" ] && [ "$one" = "$two" ]; then pass; else
  fail "leaks grow with the reports: $one bytes lost for one memo, $two for two"; fi
# the commands that write agreement files
vg "new agreement" new agreement
vg "import" import "$IOP_SOURCE_DIR/samples/linkoping-2021/oversikt.csv" --out "$TMP/import" \
  --committee linkoping-an --municipality "Linköpings kommun"
finish
