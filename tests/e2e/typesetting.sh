#!/usr/bin/env bash
# Swedish typesetting in the built-in templates on the samples: a date
# ("1 januari 2018"), an amount ("2 560 499 kr"), a percentage, "1+1 år" and
# "243 st" are never broken over two lines, in the figures the report data
# formats and in the agreements' own running text; words are never split
# so that a line begins with a part shorter than three letters.
. "$(dirname "$0")/lib.sh"
S=$IOP_SOURCE_DIR/samples

run "$IOPREPORT" build "$S/malmo-2018" --year 2018 --out "$TMP/m" --template arsrapport \
  --template faktablad --template tjansteskrivelse --date 2019-03-20
expect_rc 0
run "$IOPREPORT" build "$S/linkoping-2021" --year 2020 --out "$TMP/l" --template arsrapport \
  --template tjansteskrivelse --template exempelsamling --template faktablad --date 2021-02-15
expect_rc 0
M='(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)'
n=0
for pdf in "$TMP"/m/*.pdf "$TMP"/l/*.pdf; do
  n=$((n + 1))
  pdftotext "$pdf" "$TMP/t.txt"
  # each line and the next: a break inside a date, an amount, a unit
  if awk -v M="$M" -v f="$(basename "$pdf")" '
    BEGIN { bad = 0 }
    NR > 1 {
      if (prev ~ ("(^|[ (])[0-9]{1,2}$") && $0 ~ ("^" M "([^a-zåäö]|$)")) { print f ": date broken: " prev " / " $0; bad = 1 }
      if (prev ~ ("(^|[ (])" M "$") && $0 ~ /^[0-9]{4}([^0-9]|$)/) { print f ": date broken: " prev " / " $0; bad = 1 }
      if (prev ~ /[0-9]$/ && $0 ~ /^(kr|%|st|år)([^a-zåäö]|$)/) { print f ": unit broken: " prev " / " $0; bad = 1 }
      if (prev ~ /(^| )[0-9]{1,3}$/ && $0 ~ /^[0-9]{3}([^0-9]|$)/) { print f ": amount broken: " prev " / " $0; bad = 1 }
      if (prev ~ /[a-zåäö]­?-$/ && $0 ~ /^[a-zåäö]{1,2}([^a-zåäö]|$)/) { print f ": short part: " prev " / " $0; bad = 1 }
    }
    { prev = $0 }
    END { exit bad }' "$TMP/t.txt" >"$TMP/bad"; then
    pass
  else
    fail "$(head -3 "$TMP/bad")"
  fi
done
if [ "$n" -ge 20 ]; then pass; else fail "only $n PDFs made"; fi

# names are not hyphenated in the tables (party names in the overview)
pdftotext -layout "$TMP/m/malmo-asn-arsrapport-2018.pdf" - | tr -s ' ' >"$TMP/m-layout"
if grep -nE "(Kor|Fotbollföre|Hasse|Stads)(-|­)( |$)" "$TMP/m-layout" >"$TMP/split"; then
  fail "a name is hyphenated: $(head -2 "$TMP/split")"; else pass; fi
expect_match "$TMP/m-layout" "Svenska Röda +Korset|Svenska Röda Korset"
expect_match "$TMP/m-layout" " Fotbollförening"
finish
