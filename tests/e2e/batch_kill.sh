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

# kill when the first report is done, then when a few are: always in the
# middle of the work, however fast or loaded the machine is
for after in 1 3 6; do
  rm -rf "$TMP/r"
  setsid "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/r" -j 2 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    [ "$(ls "$TMP/r"/*.pdf 2>/dev/null | wc -l)" -ge "$after" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -9 -- -"$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  bad=0 seen=0
  for pdf in "$TMP/r"/*.pdf; do
    [ -e "$pdf" ] || continue
    seen=$((seen + 1))
    qpdf --check "$pdf" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "broken after kill: $pdf" >&2; }
  done
  [ "$bad" -eq 0 ] && pass || fail "$bad half-written PDFs under their final names (killed after $after)"
  if [ "$seen" -ge "$after" ] && [ "$seen" -lt "$n" ]; then pass
  else fail "the kill did not come in the middle of the work ($seen of $n done)"; fi
done

# the next run makes what is missing and clears the temporaries, the
# build records' too (a kill while one was written leaves .NAME.digest.tmpPID)
some=$(ls "$TMP/r"/*.pdf | head -1)
touch "$TMP/r/.$(basename "$some").digest.tmp4242"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/r" -j 2
expect_rc 0
[ "$(ls "$TMP/r"/*.pdf | wc -l)" -eq $n ] && pass || fail "not every report after the rerun"
[ -z "$(find "$TMP/r" -name '.*.tmp*')" ] && pass || fail "temporary files left after the rerun"

# One worker killed (kill -9) in the middle of the batch: its report is
# reported as failed, every other report is written.
rm -rf "$TMP/w"
"$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/w" -j 2 >"$TMP/w.out" 2>/dev/null &
pid=$!
victim=""
for _ in $(seq 1 3000); do
  if [ "$(ls "$TMP/w"/*.pdf 2>/dev/null | wc -l)" -ge 1 ]; then
    victim=$(pgrep -P "$pid" | head -1)
    [ -n "$victim" ] && break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.02
done
if [ -n "$victim" ]; then
  kill -9 "$victim" 2>/dev/null || true
  set +e; wait "$pid"; rc=$?; set -e
  failed=$(grep -c '^FAILED' "$TMP/w.out")
  written=$(ls "$TMP/w"/*.pdf | wc -l)
  # (a worker killed just after its rename leaves a whole PDF that the
  # summary, not having heard back, counts as failed)
  if [ "$failed" -le 1 ] && [ "$written" -ge $((n - failed)) ]; then pass
  else fail "one killed worker: $written written and $failed failed of $n"; cat "$TMP/w.out" >&2; fi
  if [ "$failed" -eq 1 ]; then
    [ "$rc" -eq 1 ] && pass || fail "exit $rc after a worker was killed"
    expect_match "$TMP/w.out" "^FAILED .*: the worker making it stopped with signal 9"
  else
    echo "note: the killed worker was between reports; nothing was lost" >&2
  fi
  for pdf in "$TMP/w"/*.pdf; do qpdf --check "$pdf" >/dev/null 2>&1 || fail "broken: $pdf"; done
else
  wait "$pid" || true
  echo "note: no worker to kill was seen; not tested" >&2
fi

# Ctrl-C or SIGTERM while a PDF is being written: its temporary file goes
# too. The writes are slowed down (strace fault injection) so that the
# signal surely comes while the temporary file exists: a tenth of a second
# each (this PDF goes out in about twenty writes), since a few
# milliseconds were shorter than this loop's look at the folder under load.
if command -v strace >/dev/null 2>&1; then
  for sig in TERM INT; do
    rm -rf "$TMP/s"; mkdir -p "$TMP/s"
    strace -f -o /dev/null -e trace=write -e inject=write:delay_enter=100000 \
      "$IOPREPORT" render "$IOP_SOURCE_DIR/tests/documents/long-report.xml" \
      -o "$TMP/s/long.pdf" >/dev/null 2>&1 &
    tracer=$!
    for _ in $(seq 1 3000); do
      [ -n "$(find "$TMP/s" -name '.long.pdf.tmp*' 2>/dev/null)" ] && break
      kill -0 "$tracer" 2>/dev/null || break
      sleep 0.01
    done
    had_tmp=$(find "$TMP/s" -name '.long.pdf.tmp*' | wc -l)
    kill -s "$sig" "$(pgrep -P "$tracer" | head -1)" 2>/dev/null || true
    wait "$tracer" 2>/dev/null || true
    if [ "$had_tmp" -eq 0 ]; then
      fail "SIG$sig: no temporary file was seen while the PDF was written"
    else
      [ -z "$(find "$TMP/s" -name '.long.pdf.tmp*')" ] && pass || fail "SIG$sig left the temporary file"
      [ ! -e "$TMP/s/long.pdf" ] && pass || fail "SIG$sig: a PDF appeared although the run was stopped"
    fi
  done
else
  echo "note: no strace; the signal cases are not tested" >&2
fi

finish
