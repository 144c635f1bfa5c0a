#!/usr/bin/env bash
# The committee memo (templates/tjansteskrivelse.xsl) on the Linköping 2021
# sample for 2020, as the seed memo to the arbetsmarknadsnämnd: the proposal,
# the fixed sections, the five partnerships' figures in the overview table
# (samples/linkoping-2021/README.md), the economy with the municipal share,
# the signatory, "2 (5)" and the case number on every page; the title and
# proposal parameters.
. "$(dirname "$0")/lib.sh"
S=$IOP_SOURCE_DIR/samples/linkoping-2021
XSL=$IOP_SOURCE_DIR/templates/tjansteskrivelse.xsl
NB=$'\u00a0'
CASE="AN 2021-0042"

# --- the template alone, as a user runs it with xsltproc -----------------------
run "$IOPREPORT" data "$S" --year 2020 --committee linkoping-an --date 2021-02-10 --case-number "$CASE"
expect_rc 0
cp "$TMP/out" "$TMP/data.xml"
run xsltproc "$XSL" "$TMP/data.xml"
expect_rc 0
cp "$TMP/out" "$TMP/doc.xml"
if xmllint --noout "$TMP/doc.xml" 2>/dev/null; then pass; else fail "document not well-formed"; fi
if xmllint --noout --relaxng "$IOP_SOURCE_DIR/schema/document.rng" "$TMP/doc.xml" 2>"$TMP/rng"; then
  pass
else fail "document does not match schema/document.rng"; head -5 "$TMP/rng" >&2; fi
expect_in "$TMP/doc.xml" "6${NB}300${NB}926${NB}kr"
expect_in "$TMP/doc.xml" '<first-page header="same" footer="true"/>'
expect_in "$TMP/doc.xml" "<case-number>$CASE</case-number>"
expect_not_in "$TMP/doc.xml" "urn:iopreport:report-data:1"

# data without a committee report stops with a message
printf '<report-data xmlns="urn:iopreport:report-data:1" year="2020"/>\n' >"$TMP/empty.xml"
run xsltproc "$XSL" "$TMP/empty.xml"
if [ "$RC" -ne 0 ]; then pass; else fail "template accepted data without a committee"; fi
expect_in "$TMP/err" "no committee-report"

# --- the PDF ------------------------------------------------------------------
# make_memo DIR [build options...]: the memo as OUT/linkoping-an-tjansteskrivelse-2020.pdf
make_memo() {
  local dir=$1; shift
  mkdir -p "$dir"
  run "$IOPREPORT" build "$S" --year 2020 --template tjansteskrivelse --date 2021-02-10 \
      --case-number "$CASE" --out "$dir" -j1 "$@"
  expect_rc 0
}

make_memo "$TMP/pdf"
PDF=$TMP/pdf/linkoping-an-tjansteskrivelse-2020.pdf
if [ ! -s "$PDF" ]; then
  fail "no PDF at $PDF"
  finish
fi
expect_valid_pdf "$PDF"

pdfinfo "$PDF" >"$TMP/info" 2>&1 || true
expect_match "$TMP/info" "^Title: +Information om idéburna offentliga partnerskap \\(IOP\\) 2020$"
expect_match "$TMP/info" "^Author: +Utbildnings- och arbetsmarknadsförvaltningen$"
PAGES=$(awk '/^Pages:/{print $2}' "$TMP/info")
if [ -n "$PAGES" ] && [ "$PAGES" -ge 3 ] && [ "$PAGES" -le 8 ]; then pass; else
  fail "unexpected page count '$PAGES'"; PAGES=1; fi

# the text, no-break spaces as spaces and soft hyphens dropped, lines joined
clean() { sed -e "s/$NB/ /g" -e $'s/\u00ad//g'; }
pdftotext "$PDF" - | clean >"$TMP/text"
tr '\n' ' ' <"$TMP/text" | tr -s ' ' >"$TMP/flat"
pdftotext -layout "$PDF" - | clean | tr -s ' ' >"$TMP/layout"

# every page: the head with the kind, "n (N)", the date and the case number
for p in $(seq 1 "$PAGES"); do
  pdftotext -f "$p" -l "$p" "$PDF" - | clean >"$TMP/page$p"
  expect_in "$TMP/page$p" "TJÄNSTESKRIVELSE $p ($PAGES)"
  expect_in "$TMP/page$p" "Diarienummer $CASE"
  expect_in "$TMP/page$p" "Datum 10 februari 2021"
  expect_in "$TMP/page$p" "Linköpings kommun"
done
expect_in "$TMP/page1" "Arbetsmarknadsnämnden"
expect_in "$TMP/page1" "Information om idéburna offentliga partnerskap (IOP) 2020"

# the sections of the seed memo, in its order
prev=-1
for h in "Förslag till beslut" "1. Informationen noteras." "Ärende" "Beslutsunderlag" "Bakgrund" \
         "Översikt IOP inom arbetsmarknadsnämnden" "Sammanfattning och återrapport 2020" \
         "Ekonomiska konsekvenser" "Figur 1. Kommunens och de andra parternas andel av värdet 2020" \
         "Kommunala mål" "Jämställdhet" "Samråd" "Uppföljning och utvärdering" \
         "Information eller förhandling enligt lag (1976:580) om medbestämmande i arbetslivet" \
         "Utbildnings- och arbetsmarknadsförvaltningen Anders Jolby"; do
  at=$(grep -bo -F -- "$h" "$TMP/flat" | tail -1 | cut -d: -f1)
  if [ -z "$at" ]; then fail "'$h' not in the memo"
  elif [ "$at" -le "$prev" ]; then fail "'$h' out of order"
  else pass; prev=$at; fi
done
expect_in "$TMP/flat" "Inom arbetsmarknadsnämnden fanns under 2020 fem idéburna offentliga partnerskap, IOP, med fem olika idéburna aktörer. Alla fortsätter under 2021."
expect_in "$TMP/flat" "MBL-information eller förhandling är inte påkallad."
expect_in "$TMP/flat" "Samråd är inte påkallat."

# Beslutsunderlag: the five attachments as the files are named
for f in "IOP Bilda.pdf" "IOP Bilda och Erikshjälpen.pdf" "IOP IKF.pdf" \
         "IOP Linköpings Stadsmission.pdf" "IOP Linköping Södra Röda korset.pdf"; do
  expect_in "$TMP/text" "$f"
done

# the overview table: the five partnerships' value and the committee's cost
# for 2020 (README oracle), on the row of their organisation, and the totals
for h in "Förening" "Antal deltagare" "Målgrupp" "Anvisning" "Värde 2020" "AN:s kostnad" "Aktivitet"; do
  expect_in "$TMP/flat" "$h"
done
# (the organisation's name wraps between its words, never inside one)
expect_match "$TMP/layout" "^Linköpings 39 st\\. .* 2 080 500 kr 1 100 000 kr "
expect_match "$TMP/layout" "^Stadsmission "
expect_match "$TMP/layout" "^Bilda 55 st\\. .* 897 626 kr 590 000 kr, "
# BIN pays half of Kompletterande språkträning (the seed: "590 000 kr varav
# hälften finansieras av BIN"): the cell gives the public cost and BIN's part,
# the sum only the committee's own cost, and the note under the table says so
# (the cell wraps, so its words are read from the row's lines in order)
sed -n '/^Bilda 55 st/,/^Linköping södra/p' "$TMP/layout" |
  grep -o -E '590 000 kr,|varav|295 000 kr|finansieras av|BIN' | tr '\n' '|' >"$TMP/cofin"
expect_in "$TMP/cofin" "590 000 kr,|varav|295 000 kr|finansieras av|BIN|"
expect_in "$TMP/flat" "summan är nämndens egen kostnad."
expect_match "$TMP/layout" "^Erikshjälpen och 44 st\\. .* 1 791 200 kr 1 150 000 kr "
expect_match "$TMP/layout" "^IKF 60 st\\. .* 454 000 kr 230 000 kr "
expect_match "$TMP/layout" "^Linköping södra 243 st\\. .* 1 077 600 kr 600 000 kr "
expect_match "$TMP/layout" "^Summa \\(5 partnerskap\\) 6 300 926 kr 3 375 000 kr$"
expect_in "$TMP/flat" "sammanlagt 441."
expect_not_in "$TMP/flat" "ANs"

# the yearly summaries, one per partnership, with Språkvänner's key figures
for t in "Bromodellen – Vägen till anställningsbarhet" "Hoppfull framtid" "Inkludering på lika villkor" \
         "Kompletterande språkträning" "Språkvänner"; do
  expect_in "$TMP/text" "$t"
done
expect_in "$TMP/flat" "Gårdshuset Bilda ställde snabbt om sin verksamhet"
expect_match "$TMP/layout" "^Matchningar 74 st$"
expect_match "$TMP/layout" "^Deltagare i cykelskolan, Berga 65 personer$"

# Ekonomiska konsekvenser: totals and municipal shares (README oracle)
expect_in "$TMP/flat" "Nämndens kostnad för partnerskapen 2020 är 3 375 000 kr."
expect_in "$TMP/flat" "är 6 300 926 kr. Kommunens andel av värdet är 58,2 % (3 670 000 kr)"
expect_match "$TMP/layout" "^Hoppfull framtid 2 080 500 kr 1 100 000 kr 52,9 %$"
expect_match "$TMP/layout" "^Kompletterande språkträning 897 626 kr 590 000 kr 65,7 %$"
expect_match "$TMP/layout" "^Bromodellen – Vägen till anställningsbarhet 1 791 200 kr 1 150 000 kr 64,2 %$"
expect_match "$TMP/layout" "^Inkludering på lika villkor 454 000 kr 230 000 kr 50,7 %$"
expect_match "$TMP/layout" "^Språkvänner 1 077 600 kr 600 000 kr 55,7 %$"
expect_match "$TMP/layout" "^Summa 6 300 926 kr 3 670 000 kr 58,2 %$"

# Figur 1: each partnership's value split into the municipality's share and
# the others', the value after the bar, a legend and the text alternative;
# the only chart in the memo (the overview table already has the cost)
expect_match "$TMP/layout" "^Hoppfull framtid 53 % 47 % 2 080 500 kr$"
expect_match "$TMP/layout" "^Inkludering på lika villkor 51 % 49 % 454 000 kr$"
expect_match "$TMP/layout" "^Kompletterande språkträning 66 % 34 % 897 626 kr$"
expect_match "$TMP/layout" "^Språkvänner 56 % 44 % 1 077 600 kr$"
expect_match "$TMP/layout" "^ ?Kommunen Idéburna parter och andra$"
expect_in "$TMP/flat" "Delade staplar: kommunens och de andra parternas andel av värdet 2020 för varje partnerskap, med värdet efter stapeln."
expect_not_in "$TMP/flat" "Figur 2"
expect_in "$TMP/doc.xml" '<chart kind="split"'

# --- title and proposal given: the title everywhere, the proposal numbered ------
make_memo "$TMP/pdf2" --title "Återrapport IOP 2020" --proposal $'Informationen noteras.\nFörvaltningen får i uppdrag att återkomma i juni.'
PDF2=$TMP/pdf2/linkoping-an-tjansteskrivelse-2020.pdf
if [ -s "$PDF2" ]; then
  pdfinfo "$PDF2" >"$TMP/info2" 2>&1 || true
  expect_match "$TMP/info2" "^Title: +Återrapport IOP 2020$"
  pdftotext -f 1 -l 1 "$PDF2" - | clean >"$TMP/p2"
  expect_in "$TMP/p2" "Återrapport IOP 2020"
  expect_in "$TMP/p2" "1. Informationen noteras."
  expect_in "$TMP/p2" "2. Förvaltningen får i uppdrag att återkomma i juni."
  expect_not_in "$TMP/p2" "Information om idéburna offentliga partnerskap (IOP) 2020"
else
  fail "no PDF with title and proposal"
fi

# --- --proposal repeated: one decision each, numbered in order ----------------
make_memo "$TMP/pdf3" --proposal "Informationen noteras." \
    --proposal "Förvaltningen får i uppdrag att återkomma i juni." --proposal "Paragrafen justeras omedelbart."
PDF3=$TMP/pdf3/linkoping-an-tjansteskrivelse-2020.pdf
if [ -s "$PDF3" ]; then
  pdftotext -f 1 -l 1 "$PDF3" - | clean >"$TMP/p3"
  expect_in "$TMP/p3" "1. Informationen noteras."
  expect_in "$TMP/p3" "2. Förvaltningen får i uppdrag att återkomma i juni."
  expect_in "$TMP/p3" "3. Paragrafen justeras omedelbart."
else
  fail "no PDF with three --proposal"
fi
# the municipality's guidelines as a text block from a file, under Ekonomiska
# konsekvenser: paragraphs at blank lines, lines joined
printf 'Enligt riktlinjerna ska kommunens andel av värdet\nvara ungefär hälften.\n\nRiktmärket följs upp varje år.\n' >"$TMP/policy.txt"
make_memo "$TMP/pdf3" --param-file "policy=$TMP/policy.txt"
PDF3=$TMP/pdf3/linkoping-an-tjansteskrivelse-2020.pdf
if [ -s "$PDF3" ]; then
  pdftotext "$PDF3" - | clean | tr '\n' ' ' | tr -s ' ' >"$TMP/p3"
  expect_in "$TMP/p3" "resten är de idéburna parternas insatser. Enligt riktlinjerna ska kommunens andel av värdet vara ungefär hälften. Riktmärket följs upp varje år."
  pdftotext "$PDF3" - | clean >"$TMP/p3lines"
  expect_match "$TMP/p3lines" "^Riktmärket följs upp varje år\.$"
else
  fail "no PDF with the policy text"
fi
expect_not_in "$TMP/flat" "Riktmärket"
# a file that cannot be read is a usage error, before anything is made
run "$IOPREPORT" build "$S" --year 2020 --template tjansteskrivelse --out "$TMP/pdf4" \
    --param-file "policy=$TMP/no-such-file.txt"
expect_rc 2
expect_in "$TMP/err" "--param-file policy: '$TMP/no-such-file.txt' No such file or directory"
if [ ! -e "$TMP/pdf4" ]; then pass; else fail "a PDF folder was made despite the bad --param-file"; fi

finish
