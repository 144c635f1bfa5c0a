#!/usr/bin/env bash
# `iopreport build` as a batch: many committees, several templates, filters,
# worker isolation (a worker that crashes costs one report), the summary,
# quiet and verbose output, and no progress line when stdout is no terminal.
. "$(dirname "$0")/lib.sh"

agreement() { # agreement ID COMMITTEE...: a small valid agreement on stdout
  local id=$1; shift
  local parties="" budget=""
  for c in "$@"; do
    parties="$parties<public committee=\"$c\">Nämnden $c</public>"
    budget="$budget<contribution party=\"$c\" amount=\"120000\"/>"
  done
  cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:iopreport:1" id="$id">
  <title>Partnerskap $id</title>
  <municipality code="1280">Malmö stad</municipality>
  <area>Arbetsmarknad</area>
  <parties>$parties<idea-based>Föreningen $id</idea-based></parties>
  <period start="2017-01-01" end="2019-12-31"/>
  <budget>$budget<contribution party="Föreningen $id" amount="40000"/></budget>
</agreement>
XML
}

mkdir -p "$TMP/in"
for c in 1 2 3 4 5 6; do
  agreement "a-$c" "c-$c" > "$TMP/in/a-$c.xml"
done
agreement shared c-1 c-2 > "$TMP/in/shared.xml"   # in two committees' reports

# ---- every committee, two workers; the summary lists every output --------
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/r" -j 2
expect_rc 0
for c in 1 2 3 4 5 6; do
  expect_valid_pdf "$TMP/r/c-$c-arsrapport-2018.pdf"
  expect_match "$TMP/out" "^wrote +$TMP/r/c-$c-arsrapport-2018.pdf \\([0-9]+ pages?\\)$"
done
expect_match "$TMP/out" "^6 written, 0 up to date, 0 not written; report year 2018$"
# not a terminal: no progress line, nothing but the summary on stdout
if grep -q $'\r' "$TMP/out"; then fail "progress written to a non-terminal"; else pass; fi
[ "$(wc -l <"$TMP/out")" -eq 7 ] && pass || fail "stdout holds more than the summary"
pdftotext "$TMP/r/c-2-arsrapport-2018.pdf" - | tr '\n' ' ' >"$TMP/c2.txt"
expect_in "$TMP/c2.txt" "Partnerskap shared"
expect_in "$TMP/c2.txt" "Partnerskap a-2"
expect_not_in "$TMP/c2.txt" "Partnerskap a-3"

# ---- a second run: up to date; touching one input remakes only that report
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/r"
expect_rc 0
expect_match "$TMP/out" "^0 written, 6 up to date"
sed -i 's/amount="120000"/amount="130000"/' "$TMP/in/a-3.xml"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/r"
expect_rc 0
expect_match "$TMP/out" "^wrote +.*c-3-arsrapport-2018.pdf"
expect_match "$TMP/out" "^1 written, 5 up to date"
# a changed template option remakes the report too
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/r" --case-number "ASN-2018-1"
expect_match "$TMP/out" "^6 written"

# ---- --committee filters (repeatable); an unknown one is an error --------
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/f" --committee c-1 --committee c-4
expect_rc 0
[ "$(ls "$TMP/f"/*.pdf | wc -l)" -eq 2 ] && pass || fail "--committee did not filter"
[ -s "$TMP/f/c-4-arsrapport-2018.pdf" ] && pass || fail "c-4 missing"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/f2" --committee nobody
expect_rc 1
expect_in "$TMP/err" "nobody"
[ ! -e "$TMP/f2" ] || [ -z "$(ls -A "$TMP/f2")" ] && pass || fail "output written for an unknown committee"

# ---- a worker that dies costs its own report only -------------------------
run env IOPREPORT_TEST_CRASH="c-2 arsrapport" "$IOPREPORT" build "$TMP/in" --year 2018 \
  --out "$TMP/crash" -j 2
expect_rc 1
expect_match "$TMP/out" "^FAILED +$TMP/crash/c-2-arsrapport-2018.pdf: the worker making it stopped with signal 6"
for c in 1 3 4 5 6; do expect_valid_pdf "$TMP/crash/c-$c-arsrapport-2018.pdf"; done
[ ! -e "$TMP/crash/c-2-arsrapport-2018.pdf" ] && pass || fail "a crashed report left a file"
expect_match "$TMP/out" "^5 written, 0 up to date, 1 not written"
# the same with one worker: the replacement worker makes the rest
run env IOPREPORT_TEST_CRASH="c-1 arsrapport" "$IOPREPORT" build "$TMP/in" --year 2018 \
  --out "$TMP/crash1" -j 1
expect_rc 1
expect_match "$TMP/out" "^5 written, 0 up to date, 1 not written"

# ---- a broken template: its file and line; other templates still run -----
cat >"$TMP/broken.xsl" <<'XSL'
<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <xsl:value-of select="count(("/>
  </xsl:template>
</xsl:stylesheet>
XSL
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/tpl" --template "$TMP/broken.xsl" \
  --template arsrapport
expect_rc 1
expect_match "$TMP/err" "broken.xsl:4"
expect_match "$TMP/out" "^FAILED +template .*broken.xsl"
expect_match "$TMP/out" "^6 written, 0 up to date, 1 not written"

# ---- --quiet prints failures and the count only; --verbose each report ---
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/q" --quiet
expect_rc 0
[ "$(wc -l <"$TMP/out")" -eq 1 ] && pass || fail "--quiet printed more than the count"
[ ! -s "$TMP/err" ] && pass || fail "--quiet printed warnings"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/v" --verbose -j 1
expect_rc 0
expect_match "$TMP/out" "^\\[3/6\\] c-3 arsrapport: wrote$"

# ---- on a terminal: a progress line "[done/total] elapsed name" ----------
if command -v script >/dev/null 2>&1; then
  script -qec "$IOPREPORT build $TMP/in --year 2018 --out $TMP/tty --force -j 2 2>/dev/null" \
    /dev/null >"$TMP/tty.txt" 2>&1 || true
  tr '\r' '\n' <"$TMP/tty.txt" >"$TMP/tty.lines"
  expect_match "$TMP/tty.lines" "\\[0/6\\] 0:00"
  expect_match "$TMP/tty.lines" "\\[6/6\\] [0-9]+:[0-9]{2} c-[1-6] arsrapport"
  expect_match "$TMP/tty.lines" "^6 written"
else
  echo "note: no 'script' command; progress on a terminal not checked" >&2
fi

# ---- stale temporaries of a killed run are cleared, others left alone ---
: >"$TMP/r/.c-1-arsrapport-2018.pdf.tmpAbC123"
: >"$TMP/r/.notes.txt.tmpAbC123"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/r" --force -j 2
expect_rc 0
[ ! -e "$TMP/r/.c-1-arsrapport-2018.pdf.tmpAbC123" ] && pass || fail "stale temporary left"
[ -e "$TMP/r/.notes.txt.tmpAbC123" ] && pass || fail "someone else's file removed"

finish
