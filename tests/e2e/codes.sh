#!/usr/bin/env bash
# Diagnostic codes (docs/diagnostic-codes.md): `validate --codes` ends each
# problem with its stable code, so scripts and these tests match the kind of
# a problem rather than its words, which may be improved at any time. The
# default output carries no codes. Every code the sources use is listed in
# the documentation, and every listed code is used.
. "$(dirname "$0")/lib.sh"

BAD=$IOP_SOURCE_DIR/tests/inputs/bad
DOC=$IOP_SOURCE_DIR/docs/diagnostic-codes.md

# expect_code ENTRY CODE...: validating ENTRY (inside tests/inputs/bad) gives
# exit 1 and a problem with each CODE; every line names FILE:LINE and ends in
# a code of the documented form or in nothing.
expect_code() {
  local entry=$1; shift
  (cd "$BAD" && run "$IOPREPORT" validate --quiet --codes "$entry"; echo "$RC" >"$TMP/rc")
  RC=$(cat "$TMP/rc")
  expect_rc 1
  for code in "$@"; do
    if grep -qE -- ": (error|warning): .* \[$code\]\$" "$TMP/err"; then pass; else
      fail "$entry: no [$code]"; sed 's/^/  stderr: /' "$TMP/err" | head -10 >&2; fi
  done
  if grep -E -- '\[[^]]*\]$' "$TMP/err" | grep -vqE -- ' \[IOP(-[A-Z]+)+\]$'; then
    fail "$entry: a code not of the form IOP-WORD"; else pass; fi
}

expect_code doctype.xml IOP-DOCTYPE
expect_code not-well-formed.xml IOP-XML
expect_code misspelt-names.xml IOP-SCHEMA
expect_code missing-required.xml IOP-SCHEMA
expect_code bad-dates.xml IOP-DATE
expect_code dates-out-of-range.xml IOP-DATE
expect_code bad-amounts.xml IOP-AMOUNT
expect_code amount-over-limit.xml IOP-AMOUNT
expect_code unit-in-number.xml IOP-NUMBER
expect_code title-too-long.xml IOP-LIMIT
expect_code end-before-start.xml IOP-PERIOD
expect_code previous-overlap.xml IOP-PERIOD
expect_code no-public.xml IOP-PARTIES
expect_code contribution-party.xml IOP-PARTY-REF
expect_code contribution-spans.xml IOP-CONTRIBUTION
expect_code no-namespace.xml IOP-ROOT
expect_code duplicate-ids/ IOP-DUPLICATE-ID
expect_code unknown-committee/ IOP-UNKNOWN-COMMITTEE

# Warnings carry codes too: the placeholders of a fresh skeleton, a related
# agreement that is not there, a folder without files.
"$IOPREPORT" new agreement >"$TMP/skeleton.xml"
run "$IOPREPORT" validate --quiet --codes "$TMP/skeleton.xml"
expect_rc 0
expect_match "$TMP/err" ': warning: .* \[IOP-PLACEHOLDER\]$'
run "$IOPREPORT" validate --quiet --codes "$IOP_SOURCE_DIR/tests/inputs/good/warnings"
expect_rc 0
expect_match "$TMP/err" ': warning: .* \[IOP-UNKNOWN-RELATED\]$'
mkdir -p "$TMP/empty"
: >"$TMP/empty/notes.txt"
run "$IOPREPORT" validate --quiet --codes "$TMP/empty"
expect_match "$TMP/err" ': warning: no \*\.xml files in this folder \[IOP-NO-FILES\]$'

# Without --codes the messages are as they always were: no code.
(cd "$BAD" && run "$IOPREPORT" validate --quiet doctype.xml; cp "$TMP/err" "$TMP/plain")
expect_not_in "$TMP/plain" "[IOP-"
expect_in "$TMP/plain" "doctype.xml:"
# ... and --codes adds only the code: the same lines with " [CODE]" removed.
(cd "$BAD" && run "$IOPREPORT" validate --quiet --codes . ; cp "$TMP/err" "$TMP/coded")
(cd "$BAD" && run "$IOPREPORT" validate --quiet . ; cp "$TMP/err" "$TMP/uncoded")
sed -E 's/ \[IOP(-[A-Z]+)+\]$//' "$TMP/coded" >"$TMP/stripped"
if diff -u "$TMP/uncoded" "$TMP/stripped" >"$TMP/diff"; then pass; else
  fail "--codes changes more than the codes"; head -20 "$TMP/diff" >&2; fi

# The list in the documentation and the codes in the sources are the same.
grep -rhoE '"IOP(-[A-Z]+)+"' "$IOP_SOURCE_DIR/src" | tr -d '"' | sort -u >"$TMP/used"
grep -oE '^\| `IOP(-[A-Z]+)+`' "$DOC" | grep -oE 'IOP(-[A-Z]+)+' | sort -u >"$TMP/documented"
[ -s "$TMP/used" ] && pass || fail "no codes found in src/"
if diff -u "$TMP/documented" "$TMP/used" >"$TMP/diff"; then pass; else
  fail "docs/diagnostic-codes.md and src/ disagree (- documented only, + used only)"
  cat "$TMP/diff" >&2; fi

finish
