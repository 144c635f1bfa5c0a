#!/usr/bin/env bash
# Killed mid-run (kill -9 of the whole process group): no half-written PDF
# under a report's name; the next run finishes the job.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/in"
n=16
for i in $(seq 1 $n); do
  for f in "$IOP_SOURCE_DIR"/samples/malmo-2018/malmo-*.xml; do
    b=$(basename "$f" .xml)
    sed -e "s/committee=\"malmo-asn\"/committee=\"c-$i\"/g" -e "s/party=\"malmo-asn\"/party=\"c-$i\"/g" \
        -e "s/ id=\"$b\"/ id=\"$b-$i\"/" "$f" >"$TMP/in/$b-$i.xml"
  done
done
rm -f "$TMP/in"/committees*.xml
"$IOPREPORT" validate "$TMP/in" >/dev/null 2>&1 && pass || fail "generated input not valid"

for delay in 0.2 0.6 1.2; do
  rm -rf "$TMP/r"
  setsid "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/r" -j 2 >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 -- -"$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 0.2
  bad=0 seen=0
  for pdf in "$TMP/r"/*.pdf; do
    [ -e "$pdf" ] || continue
    seen=$((seen + 1))
    qpdf --check "$pdf" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "broken after kill: $pdf" >&2; }
  done
  [ "$bad" -eq 0 ] && pass || fail "$bad half-written PDFs under their final names (kill after ${delay}s)"
  total_seen=$((${total_seen:-0} + seen))
done
# the kills must come in the middle of the work, or nothing was tested
[ "$total_seen" -gt 0 ] && pass || fail "no report was finished before any kill: nothing was tested"


# the next run makes what is missing and clears the temporaries
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/r" -j 2
expect_rc 0
[ "$(ls "$TMP/r"/*.pdf | wc -l)" -eq $n ] && pass || fail "not every report after the rerun"
[ -z "$(find "$TMP/r" -name '.*.tmp*')" ] && pass || fail "temporary files left after the rerun"

finish
