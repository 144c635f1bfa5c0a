#!/usr/bin/env bash
# Writes the hostile inputs that are too big to keep in git into DIR:
#   deep-nesting.xml     10 000 nested elements
#   huge-title.xml       a 5 MB title
#   over-cap.xml         a sparse file just over the 64 MiB cap (takes no disk)
#   over-small-cap.xml   2 MiB, over a --max-file-size=1 cap
#   line-70000.xml       a schema error on line 70 004 (libxml2 keeps 16-bit lines)
# Usage: generate.sh DIR     (used by tests/e2e/hostile.sh and fuzz/seed.sh)
set -euo pipefail
dir=${1:?usage: generate.sh DIR}
mkdir -p "$dir"

head='<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:iopreport:1" id="h1">'
tail='  <municipality code="1280">Malmö stad</municipality>
  <parties>
    <public committee="malmo-asn">Nämnden</public>
    <idea-based>Föreningen</idea-based>
  </parties>
  <period start="2019-01-01" end="2020-12-31"/>
</agreement>'

# repeat N TEXT: TEXT N times
repeat() { printf -- "$2%.0s" $(seq 1 "$1"); }

{ echo "$head"; echo '  <title>Djup</title>'
  printf '  <purpose>'; repeat 10000 '<em>'; printf 'x'; repeat 10000 '</em>'; echo '</purpose>'
  echo "$tail"; } >"$dir/deep-nesting.xml"

{ echo "$head"; printf '  <title>'; head -c 5000000 /dev/zero | tr '\0' 'a'; echo '</title>'
  echo "$tail"; } >"$dir/huge-title.xml"

rm -f "$dir/over-cap.xml"
truncate -s $((64 * 1024 * 1024 + 1)) "$dir/over-cap.xml"

{ echo "$head"; echo '  <title>Stor</title>'; printf '  <purpose>'
  head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a'; echo '</purpose>'
  echo "$tail"; } >"$dir/over-small-cap.xml"

# line 1-3 header and title, 70 000 comment lines, then the error
{ echo "$head"; echo '  <title>Lång</title>'
  seq 1 70000 | sed 's/.*/  <!-- rad & -->/'
  echo '  <bogus/>'; echo "$tail"; } >"$dir/line-70000.xml"
