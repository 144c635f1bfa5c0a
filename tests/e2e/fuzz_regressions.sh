#!/usr/bin/env bash
# Every input a fuzzer crashed on (fuzz/regressions/) goes through the same
# path as in its harness, via the program: load/ files through `validate`
# and `data`, render/ files through `render` to a PDF, import/ lists
# through `import` (and what it writes through `validate`). None may end in a
# signal (in the ASan build of ./run.sh test, a memory error is one).
. "$(dirname "$0")/lib.sh"

R=$IOP_SOURCE_DIR/fuzz/regressions
n=0
for f in "$R"/load/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  run "$IOPREPORT" validate "$f"
  if [ "$RC" -le 1 ]; then pass; else fail "validate $(basename "$f"): exit $RC"; fi
  run "$IOPREPORT" data --year 2019 "$f"
  if [ "$RC" -le 1 ]; then pass; else fail "data $(basename "$f"): exit $RC"; fi
done
for f in "$R"/render/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  run "$IOPREPORT" render "$f" -o "$TMP/out.pdf"
  if [ "$RC" -le 1 ]; then pass; else fail "render $(basename "$f"): exit $RC"; fi
  run "$IOPREPORT" render "$f" -o "$TMP/out.odt"
  if [ "$RC" -le 1 ]; then pass; else fail "render $(basename "$f") as ODT: exit $RC"; fi
done
for f in "$R"/import/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  rm -rf "$TMP/import"
  run "$IOPREPORT" import "$f" --out "$TMP/import" --committee fuzz-sn --municipality "Fuzz kommun"
  if [ "$RC" -le 1 ]; then pass; else fail "import $(basename "$f"): exit $RC"; fi
  # what import writes, validate accepts
  if [ "$RC" -eq 0 ]; then
    run "$IOPREPORT" validate "$TMP/import"
    if [ "$RC" -eq 0 ]; then pass; else fail "import $(basename "$f") wrote files that do not validate"; fi
  fi
done
echo "$n regression inputs"
finish
