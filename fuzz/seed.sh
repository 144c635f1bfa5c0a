#!/usr/bin/env bash
# Fills the seed corpora for the fuzzers:
#   DIR/load/    every agreement file of samples/, tests/inputs/ and
#                tests/hostile/ (small generated ones too), and the regressions
#   DIR/import/  the spreadsheet lists of samples/ and tests/, and the
#                regressions
#   DIR/render/  the documents of tests/documents/, each sample's annual
#                report document (when a built iopreport is given), and the
#                regressions
# Usage: fuzz/seed.sh DIR [IOPREPORT]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: seed.sh DIR [IOPREPORT]}
iop=${2:-}
mkdir -p "$dir/load" "$dir/render" "$dir/import"

# seed FILE DEST: copy under a name that keeps where it came from
seed() {
  local name
  name=$(realpath --relative-to="$src" "$1" | tr '/' '_')
  cp "$1" "$2/$name"
}

# libFuzzer's default -max_len is 4096; bigger seeds only slow it down
while IFS= read -r -d '' f; do
  if [ "$(stat -c %s "$f")" -le 65536 ]; then seed "$f" "$dir/load"; fi
done < <(find "$src/samples" "$src/tests/inputs" "$src/tests/hostile" "$src/fuzz/regressions/load" \
           -name '*.xml' -type f -print0 2>/dev/null)
while IFS= read -r -d '' f; do
  seed "$f" "$dir/load"
done < <(find "$src/fuzz/regressions/load" -type f ! -name '*.md' -print0 2>/dev/null)

while IFS= read -r -d '' f; do
  if [ "$(stat -c %s "$f")" -le 262144 ]; then seed "$f" "$dir/render"; fi
done < <(find "$src/tests/documents" -name '*.xml' -type f -print0 2>/dev/null)
while IFS= read -r -d '' f; do
  seed "$f" "$dir/render"
done < <(find "$src/fuzz/regressions/render" -type f ! -name '*.md' -print0 2>/dev/null)

while IFS= read -r -d '' f; do
  seed "$f" "$dir/import"
done < <(find "$src/samples" "$src/tests" "$src/fuzz/regressions/import" -name '*.csv' -type f \
           -print0 2>/dev/null)

# the documents the built-in template makes from the samples
if [ -n "$iop" ] && command -v xsltproc >/dev/null; then
  for s in "$src"/samples/*/; do
    name=$(basename "$s")
    [ -f "$s/demo.args" ] || continue
    year=$(sed -n 's/.*--year[ =]\([0-9]*\).*/\1/p' "$s/demo.args")
    [ -n "$year" ] || continue
    "$iop" data "$s" --year "$year" 2>/dev/null |
      xsltproc "$src/templates/arsrapport.xsl" - >"$dir/render/sample-$name.xml" 2>/dev/null ||
      rm -f "$dir/render/sample-$name.xml"
  done
fi
echo "seeds: $(ls "$dir/load" | wc -l) for fuzz_load, $(ls "$dir/render" | wc -l) for fuzz_render"
