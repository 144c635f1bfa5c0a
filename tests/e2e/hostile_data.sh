#!/usr/bin/env bash
# Valid but awkward data must render, not crash: a 500-character unbroken
# word, Arabic right-to-left text and emoji in names, control characters
# that XML allows (DEL, C1 controls, bidi overrides, zero-width spaces), an
# amount of 999 999 999 999 kr, a period of 50 years, and a committee with
# 500 agreements; committee ids that look like paths. Each committee's
# annual report is made into a PDF with `iopreport build`, which must pass
# qpdf --check and show the awkward text.
. "$(dirname "$0")/lib.sh"

D=$TMP/data
OUT=$TMP/out-pdf
mkdir -p "$D/stor" "$OUT"
YEAR=2019

# agreement ID COMMITTEE TITLE PARTNER START END AMOUNT [PURPOSE]
agreement() {
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:iopreport:1" id="$1">
  <title>$3</title>
  <case-number>ASN-2019-$RANDOM</case-number>
  <municipality code="1280">Malmö stad</municipality>
  <area>Arbetsmarknad</area>
  <parties>
    <public committee="$2">Nämnden $2</public>
    <idea-based>$4</idea-based>
  </parties>
  <period start="$5" end="$6"/>
  <budget>
    <contribution party="$2" amount="$7" per="year"/>
  </budget>
  <purpose>${8:-Att pröva det svåra.}</purpose>
</agreement>
EOF
}

# a Swedish compound run on to exactly 500 letters, with no place to break
WORD=$(printf 'arbetsmarknadsutbildningsförvaltningens%.0s' $(seq 1 13))
WORD=${WORD:0:500}
[ "$(printf %s "$WORD" | wc -m)" -eq 500 ] && pass || fail "the long word is not 500 characters"
ARABIC='جمعية الأمل للتنمية الاجتماعية'
EMOJI='Föreningen 🌍✨ Gemenskap 👩‍👧‍👦'
# DEL, NEL, CSI, a right-to-left override and its pop, zero-width space, BOM, tab
CONTROL=$'Kontroll\u007ftecken\u0085och\u009b\u202eomvänt\u202c\u200bord\ufeff\tslut'

agreement lang-ord malmo-asn "Avtal $WORD" "Förening $WORD" 2019-01-01 2020-12-31 100000 \
  "Syftet är $WORD och mer." >"$D/long-word.xml"
agreement arabiska malmo-asn "شراكة $ARABIC" "$ARABIC" 2019-01-01 2020-12-31 200000 \
  "Samverkan med $ARABIC ($EMOJI)." >"$D/arabic.xml"
agreement emoji malmo-asn "Mötesplats 🎉 för alla 🙂" "$EMOJI" 2019-01-01 2020-12-31 300000 >"$D/emoji.xml"
agreement kontroll malmo-asn "$CONTROL" "Förening $CONTROL" 2019-01-01 2020-12-31 400000 \
  "$CONTROL" >"$D/control.xml"
agreement miljarder malmo-asn "Det stora avtalet" "Storföreningen" 2019-01-01 2019-12-31 999999999999 \
  >"$D/huge-amount.xml"
agreement femtio-ar malmo-asn "Ett avtal för ett halvt sekel" "Långa föreningen" 2000-01-01 2049-12-31 \
  50000 >"$D/fifty-years.xml"
for i in $(seq -w 1 500); do
  agreement "stor-$i" stora-namnden "Partnerskap nummer $i" "Förening nummer $i" 2019-01-01 \
    2021-12-31 $((10#$i * 1000)) >"$D/stor/agreement-$i.xml"
done

run "$IOPREPORT" validate "$D"
expect_rc 0
expect_in "$TMP/out" "506 files valid"

# Each committee's annual report as $OUT/COMMITTEE-arsrapport-YEAR.pdf
run "$IOPREPORT" build "$D" --year $YEAR --out "$OUT"
expect_rc 0
ASN=$OUT/malmo-asn-arsrapport-$YEAR.pdf
STOR=$OUT/stora-namnden-arsrapport-$YEAR.pdf

for f in "$ASN" "$STOR"; do
  if [ -s "$f" ]; then pass; else fail "no $(basename "$f")"; finish; fi
  if qpdf --check "$f" >/dev/null 2>&1; then pass; else fail "qpdf --check failed on $(basename "$f")"; fi
done

# What a reader sees. pdftotext without -layout keeps runs of text whole;
# the joined copy has no line ends, spaces or hyphens, so text that was
# broken across lines (or hyphenated) is still found.
pdftotext "$ASN" "$TMP/asn.txt"
sed -e 's/\xc2\xa0/ /g' "$TMP/asn.txt" >"$TMP/asn-spaces.txt"
tr -d '\n' <"$TMP/asn.txt" | sed -e 's/\xc2\xa0//g; s/\xc2\xad//g; s/[ -]//g' >"$TMP/asn-joined.txt"
expect_in "$TMP/asn-spaces.txt" "999 999 999 999 kr"
expect_in "$TMP/asn-joined.txt" "1januari2000–31december2049"
expect_in "$TMP/asn.txt" "الأمل"
expect_in "$TMP/asn.txt" "Gemenskap"
expect_in "$TMP/asn.txt" "Mötesplats"
# the long word is all there, whatever line breaks it got
expect_in "$TMP/asn-joined.txt" "$WORD"
# DEL and C1 controls are dropped by the loader (a font would draw boxes);
# NEL is a line end, so a space; nothing turned into a replacement character
expect_in "$TMP/asn.txt" "Kontrolltecken och"
expect_not_in "$TMP/asn.txt" $'\u007f'
expect_not_in "$TMP/asn.txt" $'\u0085'
expect_not_in "$TMP/asn.txt" $'\u009b'
expect_not_in "$TMP/asn.txt" $'\ufffd'
# emoji are scaled to the text: a bitmap emoji font drawn at its own size
# (136 px) makes a glyph over an inch tall
for f in "$OUT"/*.pdf; do
  if pdfimages -list "$f" | awk 'NR>2 && $2 != "" && ($4 > 100 && $13+0 < 150) {bad=1} END{exit bad}'; then
    pass; else fail "$(basename "$f"): an image over 100 px at under 150 ppi (a huge emoji?)"; fi
done

pdftotext "$STOR" "$TMP/stor.txt"
for i in 001 250 500; do expect_in "$TMP/stor.txt" "Partnerskap nummer $i"; done
PAGES=$(pdfinfo "$STOR" | awk '/^Pages:/{print $2}')
if [ "${PAGES:-0}" -ge 10 ]; then pass; else fail "500 agreements on only ${PAGES:-0} pages"; fi

# Committee ids that look like paths never put a file outside --out, and
# two ids that come to the same file name are an error, not an overwrite.
P=$TMP/paths
mkdir -p "$P/in" "$P/a/b/out"
i=0
for c in ../../evil a/b a_b /abs; do
  i=$((i + 1))
  agreement "p$i" "$c" "Avtal $i" "Förening $i" 2019-01-01 2019-12-31 1000 >"$P/in/p$i.xml"
done
run "$IOPREPORT" build "$P/in" --year $YEAR --out "$P/a/b/out"
if [ "$RC" -ge 128 ]; then fail "build with path-like ids: signal"; else pass; fi
expect_in "$TMP/err" "'a/b' and 'a_b' would both be written to"
find "$P" -name '*.pdf' ! -path "$P/a/b/out/*" >"$TMP/outside"
if [ -s "$TMP/outside" ]; then fail "a PDF outside --out:"; sed 's/^/  /' "$TMP/outside" >&2; else pass; fi
if [ "$(find "$P/a/b/out" -name '*.pdf' | wc -l)" -eq 2 ]; then pass; else
  fail "expected 2 PDFs (../../evil and /abs) in --out"; find "$P/a/b/out" >&2; fi

# pictures of the first pages, for a person to look at: IOP_KEEP=DIR
if [ -n "${IOP_KEEP:-}" ]; then
  mkdir -p "$IOP_KEEP" && cp "$OUT"/*.pdf "$IOP_KEEP"/
fi
finish
