#!/usr/bin/env bash
# `iopreport build`: which reports are written when some input is bad,
# safe output names, skipping unchanged reports, and failures that leave
# nothing half-written.
. "$(dirname "$0")/lib.sh"

agreement() { # agreement ID COMMITTEE [PERIOD-START]: a small valid agreement on stdout
  cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:iopreport:1" id="$1">
  <title>Partnerskap $1</title>
  <municipality code="1280">Malmö stad</municipality>
  <area>Arbetsmarknad</area>
  <parties>
    <public committee="$2">Nämnden $2</public>
    <idea-based>Föreningen $1</idea-based>
  </parties>
  <period start="${3:-2017-01-01}" end="2019-12-31"/>
  <budget><contribution party="$2" amount="120000"/></budget>
</agreement>
XML
}

# ---- an invalid agreement holds back its committee only ----------------
mkdir -p "$TMP/in"
cp "$IOP_SOURCE_DIR"/samples/malmo-2018/*.xml "$TMP/in/"
agreement other-1 c-other > "$TMP/in/other.xml"
agreement bad-1 c-bad | sed 's/end="2019-12-31"/end="2016-12-31"/' > "$TMP/in/bad.xml"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/out1" -j 2
expect_rc 1
[ -s "$TMP/out1/malmo-asn-arsrapport-2018.pdf" ] && pass || fail "malmo-asn report not written"
[ -s "$TMP/out1/c-other-arsrapport-2018.pdf" ] && pass || fail "c-other report not written"
[ ! -e "$TMP/out1/c-bad-arsrapport-2018.pdf" ] && pass || fail "c-bad report written despite its invalid file"
expect_match "$TMP/err" "bad.xml:[0-9]+: error: the period ends"
expect_match "$TMP/out" "FAILED .*c-bad-arsrapport-2018.pdf: .*bad.xml has errors"
expect_match "$TMP/out" "wrote +.*malmo-asn-arsrapport-2018.pdf"
expect_valid_pdf "$TMP/out1/malmo-asn-arsrapport-2018.pdf"

# ---- a file that cannot be read stops everything, unless --keep-going ----
rm "$TMP/in/bad.xml"
printf '<agreement xmlns="urn:iopreport:1" id="x"><title>half' > "$TMP/in/broken.xml"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/out2"
expect_rc 1
[ -z "$(ls -A "$TMP/out2" 2>/dev/null)" ] && pass || fail "reports written although a file could not be read"
expect_in "$TMP/err" "--keep-going"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/out3" --keep-going
expect_rc 1
[ -s "$TMP/out3/malmo-asn-arsrapport-2018.pdf" ] && pass || fail "--keep-going did not write the report"
if [ -s "$TMP/out3/malmo-asn-arsrapport-2018.pdf" ]; then
  pdftotext -f 1 -l 1 "$TMP/out3/malmo-asn-arsrapport-2018.pdf" "$TMP/p1.txt"
  expect_in "$TMP/p1.txt" "broken.xml"
fi
rm "$TMP/in/broken.xml"

# ---- ids never lead outside --out; colliding names are an error ---------
mkdir -p "$TMP/paths"
agreement p1 "../../etc/x" > "$TMP/paths/p1.xml"
agreement p2 "a/b" > "$TMP/paths/p2.xml"
run "$IOPREPORT" build "$TMP/paths" --year 2018 --out "$TMP/sub/out4"
expect_rc 0
[ ! -e "$TMP/etc" ] && [ ! -e "$TMP/sub/etc" ] && pass || fail "an output escaped --out"
n=$(find "$TMP" -name '*.pdf' -path "$TMP/sub/out4/*" | wc -l)
[ "$n" -eq 2 ] && pass || fail "expected 2 reports inside --out, found $n"
[ "$(find "$TMP" -name '*.pdf' ! -path "$TMP/sub/out4/*" ! -path "$TMP/out*" | wc -l)" -eq 0 ] && pass \
  || fail "a PDF landed outside --out"
agreement p3 "a_b" > "$TMP/paths/p3.xml"
run "$IOPREPORT" build "$TMP/paths" --year 2018 --out "$TMP/out5"
expect_rc 1
expect_in "$TMP/err" "would both be written to"
[ ! -e "$TMP/out5/a_b-arsrapport-2018.pdf" ] && pass || fail "a colliding report was written"

# ---- unchanged inputs are skipped; --force rebuilds ----------------------
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/out1" --committee malmo-asn
expect_rc 0
expect_match "$TMP/out" "0 written, 1 up to date"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/out1" --committee malmo-asn --force
expect_rc 0
expect_match "$TMP/out" "1 written"

# ---- an output folder that cannot be made ------------------------------
: > "$TMP/not-a-folder"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/not-a-folder/x"
expect_rc 1
expect_in "$TMP/err" "not-a-folder"

# ---- usage errors --------------------------------------------------------
run "$IOPREPORT" build --year nineteen "$TMP/in"
expect_rc 2
run "$IOPREPORT" build
expect_rc 2
run "$IOPREPORT" build --help
expect_rc 0
expect_in "$TMP/out" "--keep-going"

finish
