#!/usr/bin/env bash
# iopreport new: the skeletons validate as written, warn for every
# placeholder until it is replaced, and build once it is; every sample
# points editors at the schema; schema/iopreport.rnc is the RNG converted.
. "$(dirname "$0")/lib.sh"
S=$IOP_SOURCE_DIR/samples

# fill in FILE: what a person does with the skeleton, done with sed
fill_in() { sed -e 's/ERSÄTT: //g' -e 's/ERSÄTT-//g' -e '/<?ersätt /d' -e '/<?ersätt?>/d' "$1"; }

# --- new agreement ---
run "$IOPREPORT" new agreement --id test-avtal --committee test-sn
expect_rc 0
cp "$TMP/out" "$TMP/avtal.xml"
expect_in "$TMP/avtal.xml" '<?xml-model href="'
expect_in "$TMP/avtal.xml" 'schematypens="http://relaxng.org/ns/structure/1.0"?>'
expect_in "$TMP/avtal.xml" 'id="test-avtal"'
expect_in "$TMP/avtal.xml" '<public committee="test-sn">'
# every element of the format is there, in the order of docs/format.md
prev=0
for el in title case-number municipality area parties period previous-period budget \
          target-group participants referral activity purpose goal result follow-up \
          report assessment lessons commitment related contact attachment; do
  line=$(grep -n "<$el[ >]" "$TMP/avtal.xml" | head -1 | cut -d: -f1)
  if [ -z "$line" ]; then fail "new agreement: no <$el>"; continue; fi
  if [ "$line" -gt "$prev" ]; then pass; else fail "new agreement: <$el> out of order (line $line)"; fi
  prev=$line
done
# validates as written (also with xmllint and the schema file), with warnings
run "$IOPREPORT" validate "$TMP/avtal.xml"
expect_rc 0
expect_in "$TMP/out" "(with warnings)"
expect_match "$TMP/err" 'avtal\.xml:[0-9]+: warning: placeholder "ERSÄTT: Avtalets namn[^"]*" in <title> not replaced'
expect_match "$TMP/err" 'avtal\.xml:[0-9]+: warning: placeholder start, end on <period> not replaced'
expect_match "$TMP/err" 'avtal\.xml:[0-9]+: warning: placeholder amount on <contribution> not replaced'
if [ "$(grep -c 'warning: placeholder' "$TMP/err")" -ge 6 ]; then pass; else fail "fewer placeholder warnings than expected"; fi
if xmllint --noout --relaxng "$IOP_SOURCE_DIR/schema/iopreport.rng" "$TMP/avtal.xml" 2>/dev/null; then pass; else fail "xmllint rejects new agreement"; fi
# the placeholder id is a placeholder too
"$IOPREPORT" new agreement >"$TMP/bare.xml"
run "$IOPREPORT" validate "$TMP/bare.xml"
expect_rc 0
expect_match "$TMP/err" 'warning: placeholder id="ERSÄTT-avtalets-id" on <agreement>'
expect_match "$TMP/err" 'warning: placeholder committee="ERSÄTT-namndens-id" on <public>'
# filled in: no warning, and what validate accepts, build makes
mkdir "$TMP/filled"
fill_in "$TMP/avtal.xml" >"$TMP/filled/avtal.xml"
run "$IOPREPORT" validate "$TMP/filled/avtal.xml"
expect_rc 0
if [ -s "$TMP/err" ]; then fail "filled-in agreement still warns: $(head -3 "$TMP/err")"; else pass; fi
run "$IOPREPORT" summary "$TMP/filled" --year 2021
expect_rc 0
expect_in "$TMP/out" "test-avtal"
expect_match "$TMP/out" '500.{1,3}000.{1,3}kr'
run "$IOPREPORT" build "$TMP/filled" --year 2021 --out "$TMP/pdf" -q
expect_rc 0
expect_valid_pdf "$TMP/pdf/test-sn-arsrapport-2021.pdf"
# a typed value replaced but its marker left: still a warning, never silent
sed -e 's/ERSÄTT: //g' -e 's/ERSÄTT-//g' "$TMP/avtal.xml" >"$TMP/marker-left.xml"
run "$IOPREPORT" validate "$TMP/marker-left.xml"
expect_rc 0
expect_match "$TMP/err" 'warning: placeholder start, end on <period> not replaced: .*delete the line <\?ersätt start end\?> \(line [0-9]+\)'
if [ "$(grep -c 'warning: placeholder' "$TMP/err")" -eq 3 ]; then pass; else fail "expected 3 marker warnings"; cat "$TMP/err" >&2; fi

# --- new committees ---
run "$IOPREPORT" new committees --committee test-sn
expect_rc 0
cp "$TMP/out" "$TMP/committees.xml"
prev=0
for el in committees committee name short-name administration signatory; do
  line=$(grep -n "<$el[ >]" "$TMP/committees.xml" | head -1 | cut -d: -f1)
  if [ -z "$line" ]; then fail "new committees: no <$el>"; continue; fi
  if [ "$line" -gt "$prev" ]; then pass; else fail "new committees: <$el> out of order"; fi
  prev=$line
done
run "$IOPREPORT" validate "$TMP/committees.xml"
expect_rc 0
expect_in "$TMP/out" "1 committee in the register (with warnings)"
expect_match "$TMP/err" 'committees\.xml:[0-9]+: warning: placeholder "ERSÄTT: Nämndens namn[^"]*" in <name> not replaced'
expect_match "$TMP/err" 'warning: placeholder code on <committee> not replaced'
fill_in "$TMP/committees.xml" >"$TMP/filled/committees.xml"
run "$IOPREPORT" validate "$TMP/filled/committees.xml"
expect_rc 0
if [ -s "$TMP/err" ]; then fail "filled-in register still warns: $(head -3 "$TMP/err")"; else pass; fi
# the agreement and the register filled in together: one batch, no warning
run "$IOPREPORT" validate "$TMP/filled"
expect_rc 0
if [ -s "$TMP/err" ]; then fail "filled-in batch warns: $(head -3 "$TMP/err")"; else pass; fi

# --- the command line ---
run "$IOPREPORT" new --help
expect_rc 0
expect_in "$TMP/out" "Usage: iopreport new agreement"
run "$IOPREPORT" new
expect_rc 2
run "$IOPREPORT" new agrement
expect_rc 2
expect_in "$TMP/err" "'agrement' is not something new writes"
run "$IOPREPORT" new agreement --id "två ord"
expect_rc 2
run "$IOPREPORT" new committees --id x
expect_rc 2
run "$IOPREPORT" new agreement --id 'a&b' --schema 'x.rng'
expect_rc 0
expect_in "$TMP/out" 'id="a&amp;b"'
expect_in "$TMP/out" '<?xml-model href="x.rng"'
run "$IOPREPORT" --help
expect_in "$TMP/out" "new "

# --- every sample carries the xml-model line, pointing at the schema ---
for f in "$S"/*/*.xml; do
  if sed -n 2p "$f" | grep -qF '<?xml-model href="../../schema/iopreport.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>'; then
    pass; else fail "$(basename "$f"): no <?xml-model?> on line 2"; fi
done

# --- schema/iopreport.rnc is trang's conversion of the RNG ---
if command -v trang >/dev/null 2>&1; then
  trang -I rng -O rnc "$IOP_SOURCE_DIR/schema/iopreport.rng" "$TMP/iopreport.rnc"
  if cmp -s "$TMP/iopreport.rnc" "$IOP_SOURCE_DIR/schema/iopreport.rnc"; then pass; else
    fail "schema/iopreport.rnc is out of date: run trang -I rng -O rnc schema/iopreport.rng schema/iopreport.rnc"; fi
elif [ "${CI:-}" = true ]; then
  fail "trang is not installed (Debian package trang): cannot check schema/iopreport.rnc"
else
  echo "new: trang not installed, schema/iopreport.rnc not checked" >&2
fi

finish
