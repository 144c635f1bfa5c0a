#!/usr/bin/env bash
# Goldens of the two intermediate results that every PDF is made from:
#   - the laid-out boxes of each document in tests/documents/ (`render
#     --dump`: every line, its position and its structure tag);
#   - the report data of each sample (`iopreport data`: every figure a
#     template can print, "not recorded" included).
# A change that moves a line or a figure shows here as a diff, before it
# shows in a PDF. After a deliberate change, regenerate every golden of the
# project with tests/update-goldens and review the diff before committing.
. "$(dirname "$0")/lib.sh"

G=$IOP_SOURCE_DIR/tests/golden
REGEN=${IOP_REGENERATE:-0}
mkdir -p "$G"

# compare NAME: $TMP/out against tests/golden/NAME (or write it)
compare() {
  local name=$1
  if [ "$REGEN" = 1 ]; then cp "$TMP/out" "$G/$name"; pass; return; fi
  if [ ! -e "$G/$name" ]; then fail "tests/golden/$name is missing (tests/update-goldens)"; return; fi
  if diff -u "$G/$name" "$TMP/out" >"$TMP/diff"; then pass; else
    fail "$name differs from tests/golden/$name:"; head -30 "$TMP/diff" >&2; fi
}

# the laid-out boxes, from inside the documents' folder (relative images)
for doc in "$IOP_SOURCE_DIR"/tests/documents/*.xml; do
  name=$(basename "$doc" .xml)
  (cd "$IOP_SOURCE_DIR/tests/documents" && run "$IOPREPORT" render "$name.xml" --dump; echo "$RC" >"$TMP/rc")
  RC=$(cat "$TMP/rc")
  expect_rc 0
  compare "dump-$name.txt"
done

# the report data of every sample, with its demo.args' year, date and case
# number, from the source folder (file names in the data are relative)
for set in "$IOP_SOURCE_DIR"/samples/*/; do
  name=$(basename "$set")
  [ -f "$set/demo.args" ] || continue
  read -r -a args <"$set/demo.args"
  opts=()
  for ((i = 0; i < ${#args[@]} - 1; i++)); do
    case ${args[i]} in --year | --date | --case-number) opts+=("${args[i]}" "${args[i + 1]}") ;; esac
  done
  (cd "$IOP_SOURCE_DIR" && run "$IOPREPORT" data "samples/$name" --all "${opts[@]}"; echo "$RC" >"$TMP/rc")
  RC=$(cat "$TMP/rc")
  expect_rc 0
  compare "data-$name.xml"
done

finish
