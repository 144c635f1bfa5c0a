# Shared helpers for end-to-end tests. Source it first:  . "$(dirname "$0")/lib.sh"
# Environment (set by ctest): IOPREPORT (the binary), IOP_SOURCE_DIR, IOP_BUILD_DIR.
set -u
: "${IOP_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${IOP_BUILD_DIR:=$IOP_SOURCE_DIR/build}"
: "${IOPREPORT:=$IOP_BUILD_DIR/iopreport}"
export LC_ALL=C.UTF-8 TZ=UTC SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

TEST_NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/iop-$TEST_NAME.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
FAILURES=0
CHECKS=0

fail() { echo "FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }
pass() { CHECKS=$((CHECKS + 1)); }

# run CMD...: runs it, capturing stdout in $TMP/out, stderr in $TMP/err, status in $RC
run() {
  set +e
  "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  set -e
  if [ $RC -ge 128 ]; then fail "killed by signal $((RC - 128)): $*"; fi
}

expect_rc() { # expect_rc N: the last run's exit status
  if [ "$RC" -eq "$1" ]; then pass; else
    fail "expected exit $1, got $RC"; sed 's/^/  stderr: /' "$TMP/err" | head -20 >&2; fi
}

expect_in() { # expect_in FILE TEXT: FILE contains TEXT (fixed string)
  if grep -qF -- "$2" "$1"; then pass; else fail "'$2' not found in $(basename "$1")"; fi
}

expect_not_in() { # expect_not_in FILE TEXT
  if grep -qF -- "$2" "$1"; then fail "'$2' unexpectedly found in $(basename "$1")"; else pass; fi
}

expect_match() { # expect_match FILE REGEX (extended)
  if grep -qE -- "$2" "$1"; then pass; else fail "/$2/ not matched in $(basename "$1")"; fi
}

# pdf_text PDF: pdftotext -layout of a PDF to stdout
pdf_text() { pdftotext -layout "$1" -; }

# expect_valid_pdf PDF: qpdf --check passes and every font is embedded
expect_valid_pdf() {
  if qpdf --check "$1" >/dev/null 2>&1; then pass; else fail "qpdf --check failed on $1"; fi
  if pdffonts "$1" 2>/dev/null | awk 'NR>2 && $(NF-4)!="yes"{bad=1} END{exit bad}'; then pass; else
    fail "a font is not embedded in $1"; fi
}

# malmo_report: builds the Malmö 2018 annual report (samples/malmo-2018,
# the longest sample text) into $TMP/reports and sets MALMO_REPORT to its
# path; the test ends there when it is not written.
malmo_report() {
  run "$IOPREPORT" build "$IOP_SOURCE_DIR/samples/malmo-2018" --year 2018 --template arsrapport \
    --out "$TMP/reports" --force --quiet
  expect_rc 0
  MALMO_REPORT="$TMP/reports/malmo-asn-arsrapport-2018.pdf"
  [ -f "$MALMO_REPORT" ] || { fail "no report written"; finish; }
}

# require_pikepdf: the checks that read a PDF's structure and text need
# the Python module pikepdf (Debian: python3-pikepdf, which run.sh test
# installs); without it the test fails, it does not skip.
require_pikepdf() {
  : "${IOP_PYTHON3:=/usr/bin/python3}"
  if ! "$IOP_PYTHON3" -c 'import pikepdf' 2>"$TMP/py.err"; then
    fail "$IOP_PYTHON3 cannot import pikepdf (Debian: python3-pikepdf, which run.sh test installs): $(tail -1 "$TMP/py.err")"
    finish
  fi
  pass
}

# The whole test cannot run here: ctest reports it as skipped (77 is its
# SKIP_RETURN_CODE), never as passed.
skip_test() {
  echo "$TEST_NAME: skipped: $*"
  exit 77
}

finish() {
  if [ "$FAILURES" -eq 0 ]; then
    echo "$TEST_NAME: $CHECKS checks passed"
    exit 0
  fi
  echo "$TEST_NAME: $FAILURES of $((CHECKS + FAILURES)) checks failed" >&2
  exit 1
}
set -e
