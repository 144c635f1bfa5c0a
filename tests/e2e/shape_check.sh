#!/usr/bin/env bash
# Shapings kept and cut (src/layout/shapecache.c) give harfbuzz's glyphs.
# The executable answers a request to shape text that it shaped before,
# whole or cut where harfbuzz marks the cut safe, from what it kept. With
# IOPREPORT_SHAPE_CHECK=1 it also shapes every answered request with
# harfbuzz and aborts on any difference. Every sample's reports (each
# template of its demo.args, a run with every kind of text the templates
# make) and every document of tests/documents are made so, and their PDFs
# must be the same bytes as those made without the check.
. "$(dirname "$0")/lib.sh"

made=0
for set in "$IOP_SOURCE_DIR"/samples/*/; do
  [ -f "$set/demo.args" ] || continue
  name=$(basename "$set")
  read -r -a args <"$set/demo.args"
  for mode in plain checked; do
    if [ "$mode" = checked ]; then export IOPREPORT_SHAPE_CHECK=1; else unset IOPREPORT_SHAPE_CHECK; fi
    (cd "$set" && run "$IOPREPORT" build . "${args[@]}" --out "$TMP/$mode/$name" --force --quiet
      echo "$RC" >"$TMP/rc"; cp "$TMP/err" "$TMP/err.$mode")
    RC=$(cat "$TMP/rc")
    if [ "$RC" -eq 0 ]; then pass; else
      fail "$name ($mode): exit $RC"; sed 's/^/  stderr: /' "$TMP/err.$mode" | head -5 >&2; fi
  done
  unset IOPREPORT_SHAPE_CHECK
  for pdf in "$TMP/plain/$name"/*.pdf; do
    [ -f "$pdf" ] || continue
    made=$((made + 1))
    if cmp -s "$pdf" "$TMP/checked/$name/$(basename "$pdf")"; then pass; else
      fail "$name/$(basename "$pdf") differs when every kept shaping is checked"; fi
  done
done

mkdir -p "$TMP/docs"
for doc in "$IOP_SOURCE_DIR"/tests/documents/*.xml; do
  name=$(basename "$doc" .xml)
  for mode in plain checked; do
    if [ "$mode" = checked ]; then export IOPREPORT_SHAPE_CHECK=1; else unset IOPREPORT_SHAPE_CHECK; fi
    (cd "$IOP_SOURCE_DIR/tests/documents" &&
      run "$IOPREPORT" render "$name.xml" -o "$TMP/docs/$name.$mode.pdf"; echo "$RC" >"$TMP/rc")
    RC=$(cat "$TMP/rc")
    if [ "$RC" -eq 0 ]; then pass; else fail "tests/documents/$name.xml ($mode): exit $RC"; fi
  done
  unset IOPREPORT_SHAPE_CHECK
  made=$((made + 1))
  if cmp -s "$TMP/docs/$name.plain.pdf" "$TMP/docs/$name.checked.pdf"; then pass; else
    fail "tests/documents/$name.xml differs when every kept shaping is checked"; fi
done

# the samples and documents are all there
if [ "$made" -ge 20 ]; then pass; else fail "only $made PDFs were compared"; fi
finish
