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
# the samples come with a register: a committee outside it is a typo
cat >"$TMP/in/more-committees.xml" <<XML
<committees xmlns="urn:iopreport:1">
  <committee id="c-other"><name>Nämnden c-other</name></committee>
  <committee id="c-bad"><name>Nämnden c-bad</name></committee>
</committees>
XML
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

# ---- data holds back what build holds back (one rule: aggregate/selection.c)
run "$IOPREPORT" data "$TMP/in" --year 2018 --committee c-bad
expect_rc 1
[ ! -s "$TMP/out" ] && pass || fail "data wrote c-bad's report data despite its invalid file"
expect_in "$TMP/err" "the report data of committee 'c-bad' is not written: $TMP/in/bad.xml has errors"
run "$IOPREPORT" data "$TMP/in" --year 2018 --committee c-other
expect_rc 1
expect_in "$TMP/out" '<committee-report committee="c-other">'
# every committee's data at once: any invalid file could change it
run "$IOPREPORT" data "$TMP/in" --year 2018
expect_rc 1
[ ! -s "$TMP/out" ] && pass || fail "data wrote every committee's data despite an invalid file"
expect_in "$TMP/err" "the report data is not written: $TMP/in/bad.xml has errors"

# a committee that only an invalid file names has a report, held back, and
# is never said to have no agreements
mkdir -p "$TMP/only"
agreement a-1 c-a > "$TMP/only/a.xml"
agreement only-1 c-only | sed 's/end="2019-12-31"/end="2016-12-31"/' > "$TMP/only/only.xml"
run "$IOPREPORT" data "$TMP/only" --year 2018 --committee c-only
expect_rc 1
[ ! -s "$TMP/out" ] && pass || fail "data wrote report data for a committee only an invalid file names"
expect_not_in "$TMP/err" "no agreement or register entry names"
expect_in "$TMP/err" "the report data of committee 'c-only' is not written: $TMP/only/only.xml has errors"
run "$IOPREPORT" build "$TMP/only" --year 2018 --committee c-only --out "$TMP/out-only"
expect_rc 1
expect_match "$TMP/out" "FAILED .*c-only-arsrapport-2018.pdf: .*only.xml has errors"
[ ! -e "$TMP/out-only/c-only-arsrapport-2018.pdf" ] && pass || fail "c-only report written"
run "$IOPREPORT" build "$TMP/only" --year 2018 --out "$TMP/out-only2"
expect_rc 1
expect_match "$TMP/out" "FAILED .*c-only-arsrapport-2018.pdf: .*only.xml has errors"
[ -s "$TMP/out-only2/c-a-arsrapport-2018.pdf" ] && pass || fail "c-a report not written"

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

# ---- no --year: the last full year; a committee without agreements then --
# SOURCE_DATE_EPOCH (lib.sh) is in November 2023: the reports are for 2022.
mkdir -p "$TMP/years"
agreement y-1 c-active 2021-01-01 | sed 's/end="2019-12-31"/end="2023-12-31"/' > "$TMP/years/y1.xml"
cat >"$TMP/years/committees.xml" <<XML
<committees xmlns="urn:iopreport:1">
  <committee id="c-active"><name>Aktiva nämnden</name></committee>
  <committee id="c-idle"><name>Vilande nämnden</name></committee>
</committees>
XML
run "$IOPREPORT" build "$TMP/years" --out "$TMP/out6"
expect_rc 0
expect_in "$TMP/out" "report year 2022 (the last full year; give --year for another)"
[ -s "$TMP/out6/c-active-arsrapport-2022.pdf" ] && pass || fail "the last full year's report not written"
[ ! -e "$TMP/out6/c-idle-arsrapport-2022.pdf" ] && pass || fail "an empty report written unasked"
expect_in "$TMP/out" "no report for 1 committee without an agreement in 2022 (give --committee ID to write one anyway): c-idle"
run "$IOPREPORT" build "$TMP/years" --out "$TMP/out6" --committee c-idle
expect_rc 0
[ -s "$TMP/out6/c-idle-arsrapport-2022.pdf" ] && pass || fail "--committee did not write the empty report"
run "$IOPREPORT" build "$TMP/years" --out "$TMP/out6" --year 2010
expect_rc 1
expect_in "$TMP/out" "nothing to write: no agreement runs in 2010"
run "$IOPREPORT" build "$TMP/years" --out "$TMP/out6" --committee c-actve
expect_rc 1
expect_in "$TMP/err" "--committee c-actve: no agreement or register entry names this committee: did you mean 'c-active'? The committees are: c-active, c-idle"

# ---- a committee id that the register does not know is a typo -----------
agreement y-2 c-activ 2018-01-01 > "$TMP/years/y2.xml"
run "$IOPREPORT" build "$TMP/years" --year 2019 --out "$TMP/out7"
expect_rc 1
expect_match "$TMP/err" "y2.xml:[0-9]+: error: committee 'c-activ' is not in the committee register: did you mean 'c-active'\?"
[ -z "$(ls -A "$TMP/out7" 2>/dev/null)" ] && pass || fail "a report written for a misspelt committee, or without its agreement"
expect_match "$TMP/out" "FAILED .*c-active-arsrapport-2019.pdf: .*y2.xml has errors"
expect_not_in "$TMP/out" "(null)"
rm "$TMP/years/y2.xml"

# ---- invalid inputs that hold back no report: the summary says what changed
sed 's/ xmlns="urn:iopreport:1"//' "$TMP/years/committees.xml" > "$TMP/years/register.xml"
mv "$TMP/years/register.xml" "$TMP/years/committees.xml"
printf '<?xml version="1.0"?>\n<lista><rad>1</rad></lista>\n' > "$TMP/years/lista.xml"
run "$IOPREPORT" build "$TMP/years" --year 2022 --out "$TMP/out8"
expect_rc 1
expect_match "$TMP/out" "invalid  .*committees.xml: the committee register was not read: names and signatories come from the agreements"
expect_match "$TMP/out" "invalid  .*lista.xml: not an agreement file or committee register"
expect_in "$TMP/out" "1 written, 0 up to date, 0 not written; report year 2022; 2 inputs invalid"

# ---- an output folder that cannot be made ------------------------------
: > "$TMP/not-a-folder"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/not-a-folder/x"
expect_rc 1
expect_in "$TMP/err" "not-a-folder"

# ---- --out is a folder: a file, or a name like one, is refused at once ---
: > "$TMP/report.pdf"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/report.pdf"
expect_rc 2
expect_in "$TMP/err" "--out $TMP/report.pdf is a file, not a folder"
expect_not_in "$TMP/err" "error:" # nothing was read or validated first
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/rapport.pdf"
expect_rc 2
expect_in "$TMP/err" "looks like a file name"
[ ! -e "$TMP/rapport.pdf" ] && pass || fail "--out rapport.pdf was made"
run "$IOPREPORT" build "$TMP/in" --year 2018 --format odt --out "$TMP/memo.odt"
expect_rc 2
expect_in "$TMP/err" "--out $TMP/memo.odt looks like a file name: --out names the folder where the reports go"
[ ! -e "$TMP/memo.odt" ] && pass || fail "--out memo.odt was made"

# ---- usage errors --------------------------------------------------------
run "$IOPREPORT" build --year nineteen "$TMP/in"
expect_rc 2
run "$IOPREPORT" build
expect_rc 2
run "$IOPREPORT" build --help
expect_rc 0
expect_in "$TMP/out" "--keep-going"

finish
