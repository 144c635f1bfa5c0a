#!/usr/bin/env bash
# Output faults keep their promises (docs/security.md): when a PDF cannot be
# written — over a file-size limit (EFBIG), a full disk (ENOSPC on a small
# tmpfs), an unwritable folder, a device or pipe in the output's place — the
# exit status is non-zero, the message names the file, no partial or
# zero-byte file is left under the final name, the temporary file is gone,
# and an older report with that name is left exactly as it was. A render
# killed with SIGKILL never leaves a half-written PDF under the final name.
# Checked for `render` and for `build`.
. "$(dirname "$0")/lib.sh"

DOC=$IOP_SOURCE_DIR/tests/documents/long-report.xml
SAMPLE=$IOP_SOURCE_DIR/samples/malmo-2018
OLD='%PDF-1.5 an older report that must survive'

# A good render first: the document is fine, so every failure below is the fault's.
run "$IOPREPORT" render "$DOC" -o "$TMP/good.pdf"
expect_rc 0
SIZE=$(stat -c %s "$TMP/good.pdf" 2>/dev/null || echo 0)
if [ "$SIZE" -gt 100000 ]; then pass; else fail "the test document makes only $SIZE bytes"; fi

# expect_guarantees WHAT DIR FILE [NAMED]: after a failed run writing
# DIR/FILE; the message names FILE (or NAMED: build names a folder it
# cannot write in before it makes anything)
expect_guarantees() {
  local what=$1 dir=$2 file=$3 named=${4:-$3}
  if [ "$RC" -ge 128 ]; then fail "$what: killed by signal $((RC - 128))"; else pass; fi
  if [ "$RC" -ne 0 ]; then pass; else fail "$what: exit 0 although the file could not be written"; fi
  if grep -qF -- "$named" "$TMP/err"; then pass; else
    fail "$what: the message does not name $named"; sed 's/^/  stderr: /' "$TMP/err" | head -3 >&2; fi
  if [ "$(cat "$dir/$file" 2>/dev/null)" = "$OLD" ]; then pass; else
    fail "$what: the older $file was changed or removed"; fi
  if find "$dir" -name '*.tmp*' | grep -q .; then
    fail "$what: a temporary file was left:"; find "$dir" -name '*.tmp*' >&2; else pass; fi
  if find "$dir" -type f -size 0 | grep -q .; then fail "$what: a zero-byte file was left"; else pass; fi
}

# --- a file-size limit: the write fails with EFBIG in the middle of the PDF
mkdir -p "$TMP/efbig"
printf '%s' "$OLD" >"$TMP/efbig/r.pdf"
run bash -c 'ulimit -f 32 && exec "$@"' _ "$IOPREPORT" render "$DOC" -o "$TMP/efbig/r.pdf"
expect_guarantees "render over ulimit -f" "$TMP/efbig" r.pdf
expect_in "$TMP/err" "File too large"

# the OpenDocument text goes through the same atomic writer
mkdir -p "$TMP/efbig-odt"
printf '%s' "$OLD" >"$TMP/efbig-odt/r.odt"
run bash -c 'ulimit -f 8 && exec "$@"' _ "$IOPREPORT" render "$DOC" -o "$TMP/efbig-odt/r.odt"
expect_guarantees "render ODT over ulimit -f" "$TMP/efbig-odt" r.odt

mkdir -p "$TMP/efbig-build"
printf '%s' "$OLD" >"$TMP/efbig-build/malmo-asn-arsrapport-2018.pdf"
run bash -c 'ulimit -f 32 && exec "$@"' _ "$IOPREPORT" build "$SAMPLE" --year 2018 \
  --out "$TMP/efbig-build" --force -j 1
expect_guarantees "build over ulimit -f" "$TMP/efbig-build" malmo-asn-arsrapport-2018.pdf

# --- a full disk: a 64 KiB tmpfs in a private mount namespace (needs root)
if unshare -m true 2>/dev/null; then
  mkdir -p "$TMP/full"
  run unshare -m bash -c 'mount -t tmpfs -o size=64k tmpfs "$1" && printf %s "$2" >"$1/r.pdf" &&
    "$3" render "$4" -o "$1/r.pdf"; rc=$?
    # look before the mount goes away with the namespace
    cat "$1/r.pdf" >"$5/full-after"; ls -A "$1" >"$5/full-ls"; exit $rc' \
    _ "$TMP/full" "$OLD" "$IOPREPORT" "$DOC" "$TMP"
  if [ "$RC" -ne 0 ] && grep -qF 'r.pdf' "$TMP/err"; then pass; else fail "render on a full disk: exit $RC"; fi
  if [ "$(cat "$TMP/full-after")" = "$OLD" ]; then pass; else fail "render on a full disk: the older file changed"; fi
  if [ "$(cat "$TMP/full-ls")" = r.pdf ]; then pass; else
    fail "render on a full disk: files left: $(tr '\n' ' ' <"$TMP/full-ls")"; fi
else
  echo "note: cannot mount a tmpfs here (not root?): the full-disk case is skipped" >&2
fi

# --- an unwritable folder. Root writes anywhere, so as root the program runs
# without the capability that allows it.
mkdir -p "$TMP/ro"
printf '%s' "$OLD" >"$TMP/ro/r.pdf"
chmod 555 "$TMP/ro"
NOCAPS=()
if [ "$(id -u)" -eq 0 ]; then
  if setpriv --bounding-set=-dac_override,-dac_read_search true 2>/dev/null; then
    NOCAPS=(setpriv --bounding-set=-dac_override,-dac_read_search)
  else
    NOCAPS=(skip)
    echo "note: root without setpriv: the unwritable-folder case is skipped" >&2
  fi
fi
if [ "${NOCAPS[0]:-}" != skip ]; then
  run "${NOCAPS[@]}" "$IOPREPORT" render "$DOC" -o "$TMP/ro/r.pdf"
  expect_guarantees "render into a read-only folder" "$TMP/ro" r.pdf
  expect_in "$TMP/err" "Permission denied"
  chmod 755 "$TMP/ro"
  printf '%s' "$OLD" >"$TMP/ro/malmo-asn-arsrapport-2018.pdf"
  chmod 555 "$TMP/ro"
  run "${NOCAPS[@]}" "$IOPREPORT" build "$SAMPLE" --year 2018 --out "$TMP/ro" --force -j 1
  expect_guarantees "build into a read-only folder" "$TMP/ro" malmo-asn-arsrapport-2018.pdf "$TMP/ro"
fi
chmod 755 "$TMP/ro"

# --- something that is not a regular file where the output goes: left alone
# (renaming over it would replace a device, even /dev/null as root)
mkfifo "$TMP/pipe.pdf"
run "$IOPREPORT" render "$DOC" -o "$TMP/pipe.pdf"
if [ "$RC" -eq 1 ] && [ -p "$TMP/pipe.pdf" ]; then pass; else fail "render onto a FIFO: exit $RC, or the FIFO was replaced"; fi
expect_in "$TMP/err" "pipe.pdf: error: is not a regular file"
if [ "$(id -u)" -eq 0 ] && mknod "$TMP/null.pdf" c 1 3 2>/dev/null; then
  run "$IOPREPORT" render "$DOC" -o "$TMP/null.pdf"
  if [ "$RC" -eq 1 ] && [ -c "$TMP/null.pdf" ]; then pass; else fail "render onto a device: exit $RC, or the device was replaced"; fi
fi
mkdir -p "$TMP/folder.pdf"
run "$IOPREPORT" render "$DOC" -o "$TMP/folder.pdf"
if [ "$RC" -eq 1 ] && [ -d "$TMP/folder.pdf" ]; then pass; else fail "render onto a folder: exit $RC"; fi
expect_in "$TMP/err" "folder.pdf: error: is a folder, not a file"

# --- killed mid-run: the final name holds the old report or a whole new one
mkdir -p "$TMP/kill"
for delay in 0.2 0.5 0.8; do
  printf '%s' "$OLD" >"$TMP/kill/r.pdf"
  "$IOPREPORT" render "$DOC" -o "$TMP/kill/r.pdf" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$(cat "$TMP/kill/r.pdf")" = "$OLD" ] || qpdf --check "$TMP/kill/r.pdf" >/dev/null 2>&1; then
    pass; else fail "kill -9 after ${delay}s: r.pdf is neither the old report nor a whole PDF"; fi
  # a temporary file may survive SIGKILL, but never under a name a reader opens
  find "$TMP/kill" -type f ! -name r.pdf ! -name '.r.pdf.tmp*' >"$TMP/stray"
  if [ -s "$TMP/stray" ]; then fail "kill -9: unexpected files: $(cat "$TMP/stray")"; else pass; fi
done

finish
