#!/usr/bin/env bash
# Apache PDFBox Preflight on PDFs, as a second opinion that reports and
# never gates:
#     tests/tools/preflight.sh FILE.pdf...
# Preflight validates PDF/A-1b only, and our PDFs are PDF/A-2a: some of
# what it finds is allowed in PDF/A-2 (transparency, pdfaid:part 2, ...),
# which is why this script never fails on findings. For each file it prints
# the findings grouped (the count, the rule, the message without its page),
# the ones PDF/A-2 allows marked. Exit 0 when Preflight ran on every file;
# 77 (the skip status of ctest and automake) when it cannot run here (no
# Java, or Debian's libpdfbox2-java and what Preflight needs of Java's old
# XML libraries are not installed: see PACKAGES in run.sh); 2 on a usage
# error. IOP_PDFBOX_JARS overrides the folder of the jars (/usr/share/java).
set -u
jars=${IOP_PDFBOX_JARS:-/usr/share/java}

if [ $# -eq 0 ]; then
  echo "usage: tests/tools/preflight.sh FILE.pdf..." >&2
  exit 2
fi
for f in "$@"; do
  if [ ! -r "$f" ]; then echo "preflight.sh: $f: cannot be read" >&2; exit 2; fi
done

if ! command -v java >/dev/null 2>&1; then
  echo "preflight.sh: skipped: no java (Debian: default-jre-headless)" >&2
  exit 77
fi
# Debian's preflight.jar needs javax.activation (libactivation-java) and
# javax.xml.bind (libjaxb-api-java), which its package does not depend on.
cp=
for j in preflight pdfbox2 fontbox2 xmpbox commons-logging javax.activation jaxb-api; do
  if [ ! -r "$jars/$j.jar" ]; then
    echo "preflight.sh: skipped: no $jars/$j.jar (Debian: libpdfbox2-java libactivation-java libjaxb-api-java)" >&2
    exit 77
  fi
  cp=${cp:+$cp:}$jars/$j.jar
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/iop-preflight.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for f in "$@"; do
  java -Djava.awt.headless=true -cp "$cp" org.apache.pdfbox.preflight.Validator_A1b "$f" \
    >"$tmp/out" 2>"$tmp/err"
  rc=$?
  # 0: valid PDF/A-1b; 255: findings; anything else: Preflight itself failed
  if [ "$rc" -eq 0 ]; then
    echo "preflight: $f: valid PDF/A-1b"
    continue
  fi
  if [ "$rc" -ne 255 ]; then
    echo "preflight.sh: skipped: Preflight failed on $f (exit $rc):" >&2
    head -5 "$tmp/err" "$tmp/out" >&2
    exit 77
  fi
  # "2.4.1 : Invalid Color space, The operator "rg" ... on page 2" -> grouped
  # (messages that print a whole dictionary cut at 160 characters)
  grep -E '^[0-9]+(\.[0-9]+)* : ' "$tmp/out" | sed -E 's/ on page [0-9]+$//; s/^(.{160}).+/\1.../' |
    sort | uniq -c | sort -k1,1nr -k2 >"$tmp/grouped"
  n=$(grep -cE '^[0-9]+(\.[0-9]+)* : ' "$tmp/out")
  echo "preflight: $f: $n findings against PDF/A-1b (report only; (A-2) marks what PDF/A-2 allows)"
  awk '{
    n = $1; sub(/^ *[0-9]+ /, "")
    allowed = ($0 ~ /^2\.2\.1 : .*transparency/ || $0 ~ /^2\.2\.2 : .*Soft Mask/ || $0 ~ /^7\.11\.2 : .*part must be 1/ ||
               $0 ~ /^1\.4\.[0-9]+ : .*(XRef|Object Stream|object stream)/ ||
               $0 ~ /^3\.1\.11 : .*CIDSet entry is missing/)
    printf "  %5d x %s%s\n", n, $0, (allowed ? "  (A-2)" : "")
  }' "$tmp/grouped"
done
exit 0
