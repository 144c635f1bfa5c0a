#!/usr/bin/env bash
# The annual report (templates/arsrapport.xsl) on the Malmö 2018 sample: the
# template's document, and the PDF a committee gets — all ten partnerships,
# statuses, costs and totals, Swedish dates, page numbers "1 (N)", metadata,
# embedded fonts, and the notice about files left out.
. "$(dirname "$0")/lib.sh"
S=$IOP_SOURCE_DIR/samples/malmo-2018
XSL=$IOP_SOURCE_DIR/templates/arsrapport.xsl
NB=$'\u00a0'

# --- the template alone, as a user runs it with xsltproc -----------------------
run "$IOPREPORT" data "$S" --year 2018 --committee malmo-asn
expect_rc 0
cp "$TMP/out" "$TMP/data.xml"
run xsltproc "$XSL" "$TMP/data.xml"
expect_rc 0
cp "$TMP/out" "$TMP/doc.xml"
if xmllint --noout "$TMP/doc.xml" 2>/dev/null; then pass; else fail "document not well-formed"; fi
if xmllint --noout --relaxng "$IOP_SOURCE_DIR/schema/document.rng" "$TMP/doc.xml" 2>"$TMP/rng"; then
  pass
else fail "document does not match schema/document.rng"; head -5 "$TMP/rng" >&2; fi
# amounts come from the data with their no-break spaces, never reformatted
expect_in "$TMP/doc.xml" "6${NB}987${NB}231${NB}kr"
expect_in "$TMP/doc.xml" "2${NB}490${NB}604${NB}kr per år"
expect_in "$TMP/doc.xml" '<footer><right><field name="page"/> (<field name="pages"/>)</right></footer>'
expect_in "$TMP/doc.xml" '<toc depth="2" title="Innehåll"/>'
expect_not_in "$TMP/doc.xml" "urn:iopreport:report-data:1"
expect_not_in "$TMP/doc.xml" "Observera"

# a file left out (--keep-going): a notice on page 1 names it
sed -e 's|<left-out/>|<left-out></left-out>|' \
    -e 's|<left-out>|<left-out><file path="trasig.xml">trasig.xml</file>|' "$TMP/data.xml" >"$TMP/data-left-out.xml"
run xsltproc "$XSL" "$TMP/data-left-out.xml"
expect_rc 0
expect_in "$TMP/out" "Observera: rapporten är ofullständig."
expect_in "$TMP/out" "ingår inte i rapporten: trasig.xml."

# a committee's name is a common noun in running text, whichever of the
# three endings it has (a name ending in "-nämnd" once kept its capital in
# the annual report only: sv-lower-first is the one rule); other names keep
# their capital
for name in "Arbetsmarknadsnämnd:arbetsmarknadsnämnd" "Kulturnämnden:kulturnämnden" \
            "Kommunstyrelsen:kommunstyrelsen" "Malmö stad:Malmö stad"; do
  sed -e "s|<name>Arbetsmarknads- och socialnämnden</name>|<name>${name%%:*}</name>|" \
      "$TMP/data.xml" >"$TMP/data-name.xml"
  run xsltproc "$XSL" "$TMP/data-name.xml"
  expect_rc 0
  expect_in "$TMP/out" "Rapport till ${name#*:}</p>"
  expect_in "$TMP/out" "Rapporten syftar till att informera ${name#*:} om"
done

# a template error stops with a message: data without a committee report
printf '<report-data xmlns="urn:iopreport:report-data:1" year="2018"/>\n' >"$TMP/empty.xml"
run xsltproc "$XSL" "$TMP/empty.xml"
if [ "$RC" -ne 0 ]; then pass; else fail "template accepted data without a committee"; fi
expect_in "$TMP/err" "no committee-report"

# --- the PDF ------------------------------------------------------------------
PDF=$TMP/pdf/malmo-asn-arsrapport-2018.pdf
mkdir -p "$TMP/pdf"
# the overview of one year (the comparison with 2017: tests/e2e/compare.sh)
run "$IOPREPORT" build "$S" --year 2018 --out "$TMP/pdf" --no-compare
expect_rc 0
if [ ! -s "$PDF" ]; then
  fail "no PDF at $PDF"
  finish
fi
expect_valid_pdf "$PDF"

# one report made alone with a core to spare lays out the end of the body on
# a second thread (-j 2): the same bytes as on one thread (-j 1)
for j in 1 2; do
  mkdir -p "$TMP/j$j"
  run "$IOPREPORT" build "$S" --year 2018 --out "$TMP/j$j" --no-compare -j $j --quiet
  expect_rc 0
done
if cmp -s "$TMP/j1/malmo-asn-arsrapport-2018.pdf" "$TMP/j2/malmo-asn-arsrapport-2018.pdf" &&
   cmp -s "$PDF" "$TMP/j1/malmo-asn-arsrapport-2018.pdf"; then pass; else
  fail "the report laid out on two threads differs from the one laid out on one"; fi
# with a core to spare its provenance record is made beside the template:
# the same record, so the same digest of what the report was made from
d1=$(sed -n 2p "$TMP/j1/.malmo-asn-arsrapport-2018.pdf.digest" 2>/dev/null)
d2=$(sed -n 2p "$TMP/j2/.malmo-asn-arsrapport-2018.pdf.digest" 2>/dev/null)
if [ -n "$d1" ] && [ "$d1" = "$d2" ]; then pass; else
  fail "the build records of -j 1 and -j 2 differ: '$d1' against '$d2'"; fi

pdfinfo "$PDF" >"$TMP/info" 2>&1 || true
expect_match "$TMP/info" "^Title: +Idéburna offentliga partnerskap – årsrapport 2018$"
PAGES=$(awk '/^Pages:/{print $2}' "$TMP/info")
if [ -n "$PAGES" ] && [ "$PAGES" -ge 6 ] && [ "$PAGES" -le 40 ]; then pass; else
  fail "unexpected page count '$PAGES'"; PAGES=1; fi

# the text, no-break spaces as spaces, lines joined (titles may wrap)
pdftotext "$PDF" - | sed "s/$NB/ /g" >"$TMP/text"
tr '\n' ' ' <"$TMP/text" | tr -s ' ' >"$TMP/flat"
pdftotext -layout "$PDF" - | sed "s/$NB/ /g" | tr -s ' ' >"$TMP/layout"

# page 1: letterhead, title, committee; every page numbered "n (N)"
pdftotext -f 1 -l 1 "$PDF" - | sed "s/$NB/ /g" >"$TMP/page1"
tr '\n' ' ' <"$TMP/page1" | tr -s ' ' >"$TMP/page1flat"
expect_in "$TMP/page1" "Malmö stad"
expect_in "$TMP/page1" "Arbetsmarknads- och socialförvaltningen"
expect_in "$TMP/page1flat" "Idéburna offentliga partnerskap – årsrapport 2018"
expect_in "$TMP/page1" "Rapport till arbetsmarknads- och socialnämnden"
expect_in "$TMP/page1" "Innehåll"
expect_match "$TMP/page1" "^1 \\($PAGES\\)\$"
pdftotext -f "$PAGES" -l "$PAGES" "$PDF" - >"$TMP/pagelast"
expect_match "$TMP/pagelast" "^$PAGES \\($PAGES\\)\$"
if [ "$PAGES" -ge 2 ]; then
  pdftotext -f 2 -l 2 "$PDF" - >"$TMP/page2"
  expect_match "$TMP/page2" "^2 \\($PAGES\\)\$"
  expect_in "$TMP/page2" "Arbetsmarknads- och socialnämnden"   # running header
fi

# all ten partnerships with their case numbers
for t in \
  "Crossroads och Vinternatt (ASN-2017-5149)" \
  "Barnverksamhet på Röda Korsets behandlingscentrum för tortyr- och krigsskadade (ASN-2018-572)" \
  "Hassela Movement (ASN-2017-8595 och ASN-2018-4383)" \
  "Karriärakademin (ASN-2017-8596)" \
  "Behandlingscenter för krigsskadade och torterade i Malmö (ASN-2017-348 och ASN-2018-4475)" \
  "Y-allas väg till arbete 2.0 (ASN-2018-5351)" \
  "Next by FCR (GYVF-2017-296)" \
  "Hassela Empowerment (ASN-2017-8595)" \
  "Carpe Sophia (GYVF-2015-3382 och GYVF-2017-295)" \
  "IOP för att söka upp ungdomar som varken arbetar eller studerar (UVAS) (ASN-2017-349)"; do
  expect_in "$TMP/flat" "$t"
done

# areas are common nouns in running text, lower-cased
expect_in "$TMP/flat" "Sex partnerskap pågår vid årets slut och fortsätter under 2019, inom områdena arbetsmarknad, socialt – barn och unga och socialt – hemlöshet."
expect_in "$TMP/flat" "Rapporten syftar till att informera arbetsmarknads- och socialnämnden om"

# the sections, in the seed's order: ongoing before ended
for h in "Inledning" "Idéburet offentligt partnerskap" "Rättsläge" "Nämndens partnerskap 2018" \
         "Uppföljning" "Pågående partnerskap" "Avslutade partnerskap under 2018" \
         "Att uppmärksamma" "Avtal som löper ut inom tolv månader" "Avstämning mot IOP-kriterierna" \
         "Uppgifter som saknas i avtalsunderlaget" \
         "Syfte" "Mål" "Verksamhet och resultat 2018" "Förvaltningens bedömning" "Lärdomar"; do
  expect_in "$TMP/text" "$h"
done
pos() { grep -bo -F -- "$1" "$TMP/flat" | tail -1 | cut -d: -f1; }
p_cross=$(pos "Crossroads och Vinternatt (ASN-2017-5149)")
p_yalla=$(pos "Y-allas väg till arbete 2.0 (ASN-2018-5351)")
p_ended=$(pos "Avslutade partnerskap under 2018 Under 2018 avslutades fyra partnerskap")
p_carpe=$(pos "Carpe Sophia (GYVF-2015-3382")
if [ -n "$p_cross" ] && [ -n "$p_yalla" ] && [ -n "$p_ended" ] && [ -n "$p_carpe" ] &&
   [ "$p_cross" -lt "$p_ended" ] && [ "$p_yalla" -lt "$p_ended" ] && [ "$p_ended" -lt "$p_carpe" ]; then
  pass; else fail "ongoing partnerships not before the ended ones"; fi

# counts in words, the totals and the cost of each partnership in the overview
expect_in "$TMP/flat" "varit part i tio idéburna offentliga partnerskap, varav sex fortlöper under 2019 och fyra har avslutats."
expect_in "$TMP/flat" "Nämndens kostnad för partnerskapen 2018 uppgår till 6 987 231 kr, varav 3 935 195 kr för pågående och 3 052 036 kr för avslutade partnerskap."
# not recorded is not zero: two budgets cover 2019 on (README); the totals
# say how many they leave out, the rows and boxes say "uppgift saknas"
expect_match "$TMP/layout" "Summa \\(10 partnerskap, varav två utan uppgift om kostnad\\) 6 987 231 kr"
expect_match "$TMP/layout" "Pågående partnerskap \\(6, varav två utan uppgift om kostnad\\) 3 935 195 kr"
expect_in "$TMP/flat" "För två partnerskap anger avtalsunderlaget ingen kostnad för 2018; de ingår inte i summan."
expect_in "$TMP/flat" "Kostnad 2018 Uppgift saknas: avtalsunderlaget anger ingen kostnad för nämnden för 2018 (den angivna budgeten gäller avtalsperioden från 1 januari 2019)"
expect_match "$TMP/layout" "Y-allas väg till arbete 2.0 +Yalla Trappan .*Pågående +uppgift\$"
expect_not_in "$TMP/flat" " 0 kr"
expect_not_in "$TMP/flat" "kommunens andel 100"
# the value of all is not claimed: only one partnership records the others' part
expect_not_in "$TMP/flat" "Partnerskapens samlade värde"
expect_match "$TMP/layout" "Avslutade partnerskap \\(4\\) 3 052 036 kr"
for row in \
  "Hassela Movement.*Pågående 160 559 kr" \
  "Karriärakademin.*Pågående 814 137 kr" \
  "Next by FCR.*Avslutat 955 356 kr" \
  "Hassela Empowerment.*Avslutat 721 362 kr" \
  "Carpe Sophia.*Avslutat 375 318 kr"; do
  expect_match "$TMP/layout" "$row"
done
expect_match "$TMP/layout" "Pågående, nytt 2 560 499 kr"
expect_match "$TMP/layout" "Avslutat 1 000 000 kr"
expect_match "$TMP/layout" "Pågående 400 000 kr"

# the charts after the overview: bars with the cost as the table has it,
# the periods' timeline with the report year; each with its text alternative
expect_in "$TMP/flat" "Figur 1. Nämndens kostnad 2018 per partnerskap"
expect_match "$TMP/layout" "Crossroads och Vinternatt +2 560 499 kr\$"
expect_in "$TMP/flat" "Två partnerskap utan uppgift om kostnad för 2018 visas inte."
expect_in "$TMP/flat" "Figur 2. Partnerskapens avtalsperioder"
expect_match "$TMP/layout" "2015 +2016 +2017 +2018 +2019 +2020 +2021 +2022"
expect_in "$TMP/flat" "Möjlig förlängning"
expect_in "$TMP/flat" "Tidslinje över avtalsperioderna för tio partnerskap"

# no text printed twice: Barnverksamhet's result repeats a sentence of its
# 2018 report, which is shown once
if [ "$(grep -o "Lika många flickor och pojkar deltar" "$TMP/flat" | wc -l)" -eq 1 ]; then pass; else
  fail "Barnverksamhet's result text is printed twice"; fi

# labelled fields with amounts and dates as the agreements state them
expect_in "$TMP/flat" "Avtalsperiod 1 januari 2019 – 31 december 2020, med möjlighet till förlängning 1+1 år"
expect_in "$TMP/flat" "Arbetsmarknads- och socialnämnden: 2 490 604 kr per år"
expect_in "$TMP/flat" "Arbetsmarknads- och socialnämnden: 318 500 kr för perioden 1 juli 2018 – 30 juni 2019"
# what the agreement says of an amount is a numbered note under the amounts,
# never a parenthesis inside another
expect_in "$TMP/flat" "Arbetsmarknads- och socialnämnden: 610 400 kr för perioden 1 januari 2019 – 31 mars 2019³ ¹ Crossroads, hela 2018 ² Crossroads, januari–mars 2019 ³ Vinternatt, januari–mars 2019 (drevs inte i denna form under 2018) Kostnad 2018"
expect_not_in "$TMP/flat" "2018))"
expect_not_in "$TMP/flat" "(Per helår"
expect_in "$TMP/flat" "Kostnad 2018 814 137 kr för nämnden"
expect_in "$TMP/flat" "Kostnad 2018 400 000 kr för nämnden; partnerskapets värde 1 200 000 kr, varav kommunens andel 33,3 %"
expect_in "$TMP/flat" "Tidigare perioder 1 januari 2016 – 31 december 2017 (ursprungligt avtal)"
expect_in "$TMP/flat" "Målgrupp EU-medborgare i socialt och ekonomiskt utsatta situationer i Malmö."

# what needs a decision: the three that end within twelve months of the
# document's date (31 December 2018 by default)
expect_match "$TMP/layout" "Hassela Movement +30 juni 2019"
expect_match "$TMP/layout" "Crossroads och Vinternatt +31 mars 2019"
expect_match "$TMP/layout" "Behandlingscenter för krigsskadade och torterade i Malmö +31 december 2019"
expect_in "$TMP/flat" "Följande avtal löper ut senast 31 december 2019."
# beside them, the agreements' own words about what comes next: the plans
# when a text states any, quoted whole with where they come from
expect_in "$TMP/flat" "Vad avtalsunderlaget säger om hur partnerskapen ska fortsätta:"
expect_in "$TMP/flat" "Crossroads och Vinternatt – ur förvaltningens bedömning 2018: ”Samverkan och kommunikation för och kring målgruppen i partnerskapet har fungerat väl, och parterna kommer under sommaren 2019 att föra dialog om ett eventuellt nytt partnerskap inför vintern 2019–2020.”"
expect_in "$TMP/flat" "Behandlingscenter för krigsskadade och torterade i Malmö – ur verksamhetsrapporten 2018: ”Parterna kommer att inleda en dialog under våren 2019 om ett eventuellt nytt partnerskap.”"
expect_not_in "$TMP/flat" "verksamhetsrapporten 2018: ”Avtalet har förlängts två gånger"
# data gaps apart from findings: nothing in the data breaks the criteria
expect_in "$TMP/flat" "Avstämning mot IOP-kriterierna Avtalsuppgifterna visar inga avvikelser"
expect_in "$TMP/flat" "Uppgifter som saknas i avtalsunderlaget Det här är inte avvikelser"
expect_in "$TMP/flat" "Ingen insats från idéburen part angiven"
expect_in "$TMP/flat" "Ingen kostnad för nämnden angiven för 2018"
expect_not_in "$TMP/flat" "Kommunen står för mer än"

# --- a file left out with --keep-going: the notice is on page 1 -----------------
mkdir -p "$TMP/in" "$TMP/out2"
cp "$S"/*.xml "$TMP/in/"
printf '<agreement><title>Trasig\n' >"$TMP/in/trasig.xml"
run "$IOPREPORT" build "$TMP/in" --year 2018 --out "$TMP/out2" --keep-going
if [ -s "$TMP/out2/malmo-asn-arsrapport-2018.pdf" ]; then
  pass
  pdftotext -f 1 -l 1 "$TMP/out2/malmo-asn-arsrapport-2018.pdf" - | tr '\n' ' ' | tr -s ' ' >"$TMP/lo1"
  expect_in "$TMP/lo1" "Observera: rapporten är ofullständig."
  expect_in "$TMP/lo1" "trasig.xml"
else
  fail "no report written with --keep-going"
fi

# --title gives the document its title: the PDF's, the running header's and
# the title page's
run "$IOPREPORT" build "$IOP_SOURCE_DIR/samples/malmo-2018" --year 2018 --out "$TMP/titled" -j1 \
    --title "Årsrapport IOP 2018 – ASN"
expect_rc 0
if pdfinfo "$TMP/titled/malmo-asn-arsrapport-2018.pdf" | grep -q '^Title: *Årsrapport IOP 2018 – ASN$'; then
  pass; else fail "--title did not become the PDF's title"; fi
pdftotext -f 1 -l 2 "$TMP/titled/malmo-asn-arsrapport-2018.pdf" - >"$TMP/titled.txt"
expect_in "$TMP/titled.txt" "Årsrapport IOP 2018 – ASN"

finish
