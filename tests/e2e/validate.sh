#!/usr/bin/env bash
# `iopreport validate` end to end: the samples are valid; every input in
# tests/inputs/bad gives exit 1 and exactly the messages in its .expected
# file; every input in tests/inputs/good gives exit 0 and exactly the
# warnings in its .expected file (none when there is no such file); usage
# errors give exit 2.
#
# Each entry (a file NAME.xml or a folder NAME/) is validated on its own from
# inside its folder, so messages read `NAME.xml:LINE: error: ...`; the
# expected stderr is in NAME.expected. After a deliberate change to the
# messages, regenerate them (with every other golden) with
#   tests/update-goldens
# and review the diff before committing.
. "$(dirname "$0")/lib.sh"

INPUTS=$IOP_SOURCE_DIR/tests/inputs
# the checks run from inside the input folders
IOPREPORT=$(cd "$(dirname "$IOPREPORT")" && pwd)/$(basename "$IOPREPORT")
REGEN=${IOP_REGENERATE:-0}

# check_entry DIR ENTRY RC: validate ENTRY inside DIR, expect RC and the golden stderr
check_entry() {
  local dir=$1 entry=$2 want_rc=$3 name=${2%.xml}
  local expected=$dir/$name.expected
  (cd "$dir" && run "$IOPREPORT" validate --quiet "$entry"; echo "$RC" >"$TMP/rc")
  RC=$(cat "$TMP/rc")
  if [ "$RC" -ge 128 ]; then fail "$entry: killed by signal $((RC - 128))"; fi
  if [ "$RC" -ne "$want_rc" ]; then
    fail "$entry: expected exit $want_rc, got $RC"
    sed 's/^/  stderr: /' "$TMP/err" | head -10 >&2
  else
    pass
  fi
  if [ "$REGEN" = 1 ]; then
    [ "$RC" -eq "$want_rc" ] || return
    if [ -s "$TMP/err" ] || [ "$want_rc" -ne 0 ]; then cp "$TMP/err" "$expected"; else rm -f "$expected"; fi
    return
  fi
  if [ ! -e "$expected" ]; then
    if [ "$want_rc" -ne 0 ]; then fail "$entry: $name.expected is missing"; return; fi
    : >"$TMP/expected"
  else
    cp "$expected" "$TMP/expected"
  fi
  if diff -u "$TMP/expected" "$TMP/err" >"$TMP/diff"; then pass; else
    fail "$entry: messages differ from $name.expected"; sed 's/^/  /' "$TMP/diff" >&2; fi
  # every error names its file and line (an empty file has no line)
  if grep -vqE '^[^:]+(/[^:]+)*\.xml(:[0-9]+(:[0-9]+)?)?: (error|warning): ' "$TMP/err"; then
    fail "$entry: a message without FILE[:LINE]: severity:"; grep -vE '\.xml' "$TMP/err" >&2
  else pass; fi
}

n_bad=0
for path in "$INPUTS"/bad/*.xml "$INPUTS"/bad/*/; do
  [ -e "$path" ] || continue
  entry=$(basename "$path")
  check_entry "$INPUTS/bad" "$entry" 1
  n_bad=$((n_bad + 1))
done
[ "$n_bad" -ge 20 ] && pass || fail "only $n_bad bad inputs found"

for path in "$INPUTS"/good/*.xml "$INPUTS"/good/*/; do
  [ -e "$path" ] || continue
  check_entry "$INPUTS/good" "$(basename "$path")" 0
done

[ "$REGEN" = 1 ] && { echo "expected files regenerated: review with git diff"; exit 0; }

# Errors in some lines: every error line appears in a line that names it.
for exp in "$INPUTS"/bad/*.expected; do
  if ! grep -qE ':[0-9]+(:[0-9]+)?: error: ' "$exp" && ! grep -q 'empty' "$exp"; then
    fail "$(basename "$exp") has no FILE:LINE: error: line"
  else pass; fi
done

# The whole folder at once: one bad file hides nothing of the others (the
# FILE:LINE: error: of every expected message is there; the messages
# themselves were compared above).
cd "$INPUTS/bad"
run "$IOPREPORT" validate .
expect_rc 1
for exp in *.expected; do
  while IFS= read -r line; do
    expect_in "$TMP/err" "./${line%%: error: *}: error: "
  done <"$exp"
done
expect_match "$TMP/out" "^[0-9]+ of [0-9]+ files invalid: [0-9]+ errors"
cd - >/dev/null

# The samples are valid.
for set in malmo-2018 linkoping-2021; do
  run "$IOPREPORT" validate "$IOP_SOURCE_DIR/samples/$set"
  expect_rc 0
  expect_match "$TMP/out" "files valid: [0-9]+ agreements"
  if grep -q ': error: ' "$TMP/err"; then fail "samples/$set: errors reported"; cat "$TMP/err" >&2; else pass; fi
done
run "$IOPREPORT" validate "$IOP_SOURCE_DIR/samples/malmo-2018"
expect_in "$TMP/out" "11 files valid: 10 agreements, 1 committee"
# options after the paths, as with the other commands (they were taken for
# paths: "no such file or folder: --quiet")
run "$IOPREPORT" validate "$IOP_SOURCE_DIR/samples/malmo-2018" --quiet
expect_rc 0
if [ -s "$TMP/out" ] || [ -s "$TMP/err" ]; then fail "validate PATH --quiet printed something"; else pass; fi
run "$IOPREPORT" validate "$IOP_SOURCE_DIR/samples/malmo-2018" -j 1
expect_rc 0
expect_in "$TMP/out" "11 files valid: 10 agreements, 1 committee"
# after --, a name that looks like an option is a path
run "$IOPREPORT" validate -- --quiet
expect_rc 2
expect_in "$TMP/err" "--quiet"

# Usage errors exit 2 with a hint; --help exits 0.
run "$IOPREPORT" validate
expect_rc 2
expect_in "$TMP/err" "no files or folders given"
run "$IOPREPORT" validate --no-such-option "$INPUTS/good"
expect_rc 2
expect_in "$TMP/err" "Try 'iopreport validate --help'"
for bad in 0 -1 abc 4097 12x; do
  run "$IOPREPORT" validate --max-file-size="$bad" "$INPUTS/good"
  expect_rc 2
done
run "$IOPREPORT" validate --help
expect_rc 0
expect_in "$TMP/out" "Usage: iopreport validate"
run "$IOPREPORT" validate -h
expect_rc 0

# A path that does not exist is a typo in the command: a usage error (2)
# that names it (issue 14; it used to be "cannot read", exit 1).
run "$IOPREPORT" validate "$TMP/does-not-exist.xml"
expect_rc 2
expect_in "$TMP/err" "no such file or folder: $TMP/does-not-exist.xml"

# A folder with no *.xml at all is not "all valid".
mkdir -p "$TMP/none"
run "$IOPREPORT" validate "$TMP/none"
expect_rc 1
expect_in "$TMP/out" "no *.xml files found"

# Files are read on several threads: the messages, their order, the summary
# and the exit code are what one thread gives, for good, bad and hostile
# files and folders mixed (a register, duplicate ids across files, files
# that are no XML at all).
MIXED="$IOP_SOURCE_DIR/tests/hostile $INPUTS $IOP_SOURCE_DIR/samples $INPUTS/bad/duplicate-ids"
for opt in "" --codes; do
  # shellcheck disable=SC2086
  run "$IOPREPORT" validate $opt --jobs=1 $MIXED
  cp "$TMP/out" "$TMP/one.out"; cp "$TMP/err" "$TMP/one.err"; ONE_RC=$RC
  [ "$(wc -l <"$TMP/one.err")" -gt 100 ] && pass || fail "validate --jobs=1 $opt: too few messages to compare"
  for jobs in 2 4 7; do
    # shellcheck disable=SC2086
    run "$IOPREPORT" validate $opt --jobs=$jobs $MIXED
    if [ "$RC" = "$ONE_RC" ] && cmp -s "$TMP/out" "$TMP/one.out" && cmp -s "$TMP/err" "$TMP/one.err"; then
      pass
    else
      fail "validate $opt --jobs=$jobs: not what --jobs=1 gives (exit $RC against $ONE_RC)"
      diff "$TMP/one.err" "$TMP/err" | head -10 >&2
    fi
  done
done
run "$IOPREPORT" validate --jobs=0 "$INPUTS"
expect_rc 2

finish
