#!/usr/bin/env bash
# Writes the tests' font cache once, before any test.
# Why: every test runs under SOURCE_DATE_EPOCH, and fontconfig 2.14 records
# that date instead of the font folders' times in a cache it writes; such a
# cache never matches the folders, so each later process rescanned every
# font (about 180 M instructions, a quarter of a report) and wrote the cache
# again. A cache written without it stays valid, and fontconfig rewrites
# only a cache it finds stale, so no test writes it afterwards.
set -eu
conf=${FONTCONFIG_FILE:?}
dir=$(sed -n 's|.*<cachedir>\([^<]*\)</cachedir>.*|\1|p' "$conf")
[ -n "$dir" ] || { echo "prime-cache: no <cachedir> in $conf" >&2; exit 1; }
if ! command -v fc-cache >/dev/null 2>&1; then
  echo "prime-cache: fc-cache is missing (Debian package fontconfig): tests run, but slower" >&2
  exit 0
fi
mkdir -p "$dir"
find "$dir" -mindepth 1 -delete
env -u SOURCE_DATE_EPOCH fc-cache -f
