#!/usr/bin/env bash
# summary and data on the samples: statuses and costs as hand-computed in
# samples/*/README.md, CSV for a spreadsheet and TSV for scripts, the
# report-data XML, exit codes.
. "$(dirname "$0")/lib.sh"
S=$IOP_SOURCE_DIR/samples
NB=$'\u00a0'

# --- Malmö 2018: all ten partnerships, 6 ongoing, 4 ended, 1 new -------------
run "$IOPREPORT" summary "$S/malmo-2018" --year 2018
expect_rc 0
expect_in "$TMP/out" "malmo-asn  Arbetsmarknads- och socialnämnden, 2018: 10 agreements (6 ongoing, 4 ended, 1 new)"
expect_match "$TMP/out" "^  total +6${NB}987${NB}231${NB}kr\$"
for row in \
  "malmo-crossroads-vinternatt ongoing, new, expiring 2${NB}560${NB}499${NB}kr" \
  "malmo-rodakorset-barn ongoing 400${NB}000${NB}kr" \
  "malmo-hassela-movement ongoing, expiring 160${NB}559${NB}kr" \
  "malmo-karriarakademin ongoing 814${NB}137${NB}kr" \
  "malmo-rodakorset-behandling ongoing, expiring uppgift saknas" \
  "malmo-yalla-trappan-2019 ongoing uppgift saknas" \
  "malmo-next-by-fcr ended 955${NB}356${NB}kr" \
  "malmo-hassela-empowerment ended 721${NB}362${NB}kr" \
  "malmo-carpe-sophia ended 375${NB}318${NB}kr" \
  "malmo-uvas ended 1${NB}000${NB}000${NB}kr"; do
  # columns are padded with spaces: compare with runs of spaces squeezed
  if tr -s ' ' <"$TMP/out" | grep -qF -- " $row "; then pass; else fail "row '$row' not in summary"; fi
done
# not recorded is not zero: the budgets of these two cover 2019 on, so their
# 2018 cost is missing (README), not 0 kr, and the total says so
expect_not_in "$TMP/out" " 0${NB}kr"
expect_in "$TMP/out" "(the total leaves out 2 agreements with no cost recorded for 2018)"
# ongoing ones come first
first_ended=$(grep -n ' ended ' "$TMP/out" | head -1 | cut -d: -f1)
last_ongoing=$(grep -n ' ongoing' "$TMP/out" | tail -1 | cut -d: -f1)
if [ "$last_ongoing" -lt "$first_ended" ]; then pass; else fail "ongoing not before ended"; fi

# the same for scripts as TSV, one line per agreement plus the header
TAB=$'\t'
run "$IOPREPORT" summary "$S/malmo-2018" --year 2018 --format tsv
expect_rc 0
if [ "$(wc -l <"$TMP/out")" -eq 11 ]; then pass; else fail "TSV should have 11 lines"; fi
expect_in "$TMP/out" "$(printf 'committee\tyear\tid\ttitle\tarea\tstart\tend\tterminated\tstatus\tnew\texpiring\tcost\tvalue\tfile')"
expect_in "$TMP/out" "malmo-asn${TAB}2018${TAB}malmo-rodakorset-barn${TAB}Barnverksamhet på Röda Korsets behandlingscentrum för tortyr- och krigsskadade${TAB}Socialt – barn och unga${TAB}2017${TAB}2020${TAB}${TAB}ongoing${TAB}no${TAB}no${TAB}400000${TAB}1200000${TAB}"
# a value is not recorded where only the committee's money is: an empty field
expect_in "$TMP/out" "malmo-asn${TAB}2018${TAB}malmo-crossroads-vinternatt${TAB}Crossroads och Vinternatt${TAB}Socialt – hemlöshet${TAB}2018${TAB}2019-03${TAB}${TAB}ongoing${TAB}yes${TAB}yes${TAB}2560499${TAB}${TAB}"
expect_in "$TMP/out" "${TAB}malmo-rodakorset-behandling${TAB}Behandlingscenter för krigsskadade och torterade i Malmö${TAB}Arbetsmarknad${TAB}2019-01-01${TAB}2019-12-31${TAB}${TAB}ongoing${TAB}no${TAB}yes${TAB}${TAB}${TAB}"

# 2019: the four ended ones are gone
run "$IOPREPORT" summary "$S/malmo-2018" --year 2019 --format tsv
expect_rc 0
expect_not_in "$TMP/out" "malmo-uvas"
# ends 31 December 2020: within twelve months of 31 December 2019, expiring
expect_in "$TMP/out" "${TAB}malmo-yalla-trappan-2019${TAB}Y-allas väg till arbete 2.0${TAB}Arbetsmarknad${TAB}2019-01-01${TAB}2020-12-31${TAB}${TAB}ongoing${TAB}no${TAB}yes${TAB}2490604${TAB}${TAB}"
expect_in "$TMP/out" "${TAB}malmo-crossroads-vinternatt${TAB}Crossroads och Vinternatt${TAB}Socialt – hemlöshet${TAB}2018${TAB}2019-03${TAB}${TAB}ended${TAB}no${TAB}no${TAB}1241900${TAB}"

# CSV for a Swedish spreadsheet: a BOM, ';', Swedish headers and words, CRLF
run "$IOPREPORT" summary "$S/malmo-2018" --year 2018 --format csv
expect_rc 0
if [ "$(wc -l <"$TMP/out")" -eq 11 ]; then pass; else fail "CSV should have 11 lines"; fi
if [ "$(head -c 3 "$TMP/out" | od -An -tx1 | tr -d ' ')" = efbbbf ]; then pass; else fail "CSV without a UTF-8 BOM"; fi
expect_in "$TMP/out" $'nämnd;år;id;titel;område;start;slut;uppsagt;status;ny;löper ut;kostnad (kr);värde (kr);fil\r'
expect_in "$TMP/out" "malmo-asn;2018;malmo-rodakorset-barn;Barnverksamhet på Röda Korsets behandlingscentrum för tortyr- och krigsskadade;Socialt – barn och unga;2017;2020;;pågående;nej;nej;400000;1200000;"
expect_in "$TMP/out" "malmo-asn;2018;malmo-crossroads-vinternatt;Crossroads och Vinternatt;Socialt – hemlöshet;2018;2019-03;;pågående;ja;ja;2560499;;"
expect_in "$TMP/out" ";malmo-rodakorset-behandling;Behandlingscenter för krigsskadade och torterade i Malmö;Arbetsmarknad;2019-01-01;2019-12-31;;pågående;nej;ja;;;"
if [ "$(grep -c $'\r$' "$TMP/out")" -eq 11 ]; then pass; else fail "CSV lines should end in CRLF"; fi

# a cell that a spreadsheet would run as a formula is made text (OWASP)
mkdir -p "$TMP/formula"
cat >"$TMP/formula/f.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:iopreport:1" id="@f1">
  <title>=HYPERLINK("http://example.org/x";"Klicka")</title>
  <municipality>Malmö stad</municipality>
  <area>-2+3; "citat"</area>
  <parties>
    <public committee="+nämnd">Nämnden</public>
    <idea-based>Föreningen</idea-based>
  </parties>
  <period start="2018-01-01" end="2019-12-31"/>
</agreement>
XML
run "$IOPREPORT" summary "$TMP/formula" --year 2018 --format csv
expect_rc 0
expect_in "$TMP/out" "\"'+nämnd\";2018;\"'@f1\";\"'=HYPERLINK(\"\"http://example.org/x\"\";\"\"Klicka\"\")\";\"'-2+3; \"\"citat\"\"\";2018-01-01"
expect_not_in "$TMP/out" ";=HYPERLINK"
run "$IOPREPORT" summary "$TMP/formula" --year 2018 --format tsv
expect_rc 0
expect_in "$TMP/out" "+nämnd${TAB}2018${TAB}@f1${TAB}=HYPERLINK(\"http://example.org/x\";\"Klicka\")${TAB}-2+3; \"citat\"${TAB}"

# --- Linköping 2020: five open-ended partnerships ----------------------------
run "$IOPREPORT" summary "$S/linkoping-2021" --year 2020
expect_rc 0
expect_in "$TMP/out" "linkoping-an  Arbetsmarknadsnämnden, 2020: 5 agreements (5 ongoing, 0 ended, 0 new)"
expect_match "$TMP/out" "total +3${NB}375${NB}000${NB}kr\$"
expect_in "$TMP/out" "2019 – tills vidare"

# --- data: the report-data XML ----------------------------------------------
run "$IOPREPORT" data "$S/malmo-2018" --year 2018 --committee malmo-asn --case-number ASN-2019-1 --date 2019-04-24
expect_rc 0
cp "$TMP/out" "$TMP/data.xml"
if xmllint --noout "$TMP/data.xml" 2>"$TMP/xmllint.err"; then pass; else fail "data is not well-formed: $(head -3 "$TMP/xmllint.err")"; fi
# the report data follows its schema
if xmllint --noout --relaxng "$IOP_SOURCE_DIR/schema/report-data.rng" "$TMP/data.xml" 2>"$TMP/rng.err"; then
  pass; else fail "data does not follow schema/report-data.rng: $(head -3 "$TMP/rng.err")"; fi
expect_in "$TMP/data.xml" '<report-data xmlns="urn:iopreport:report-data:1" year="2018" next-year="2019" scope="committee">'
# totals of the recorded figures, with how many agreements have none
expect_in "$TMP/data.xml" "<cost amount=\"6987231\" not-recorded=\"2\">6${NB}987${NB}231${NB}kr</cost>"
expect_in "$TMP/data.xml" "<value amount=\"1200000\" not-recorded=\"9\">1${NB}200${NB}000${NB}kr</value>"
expect_in "$TMP/data.xml" '<committee-cost committee="malmo-asn" recorded="false">uppgift saknas</committee-cost>'
expect_in "$TMP/data.xml" '<committee-cost committee="malmo-asn" amount="400000">400'
expect_in "$TMP/data.xml" '<threshold kind="high-municipal-share" permille="750" percent="75">75'
expect_in "$TMP/data.xml" 'kind="cost-not-recorded" category="gap" ref="malmo-yalla-trappan-2019"'
expect_in "$TMP/data.xml" 'kind="no-idea-based-contribution" category="gap"'
expect_not_in "$TMP/data.xml" '<remark kind="high-municipal-share"'
# expiring from the document's date: within twelve months of 24 April 2019;
# Crossroads ended 31 March 2019, before it: no decision is due
expect_in "$TMP/data.xml" "<from date=\"2019-04-24\" precision=\"day\">24${NB}april${NB}2019</from>"
expect_in "$TMP/data.xml" "<until date=\"2020-04-24\" precision=\"day\">24${NB}april${NB}2020</until>"
expect_in "$TMP/data.xml" '<item ref="malmo-rodakorset-behandling">'
expect_not_in "$TMP/data.xml" '<item ref="malmo-crossroads-vinternatt">'
expect_in "$TMP/data.xml" 'id="malmo-crossroads-vinternatt" status="ongoing" new="true" expiring="false"'
# without --date the document is dated 31 December 2018
run "$IOPREPORT" data "$S/malmo-2018" --year 2018 --committee malmo-asn
expect_in "$TMP/out" "<until date=\"2019-12-31\" precision=\"day\">31${NB}december${NB}2019</until>"
expect_in "$TMP/out" '<item ref="malmo-crossroads-vinternatt">'
expect_not_in "$TMP/out" '<item ref="malmo-karriarakademin">'
# summary --remarks lists every remark, one line per agreement and kind
run "$IOPREPORT" summary "$S/malmo-2018" --year 2018 --remarks
expect_rc 0
expect_in "$TMP/err" "malmo-yalla-trappan-2019.xml:3: warning: malmo-yalla-trappan-2019: Avtalsunderlaget anger inget kommunalt bidrag för 2018."
if [ "$(grep -c 'anger varken bidrag eller åtagande' "$TMP/err")" -eq 7 ]; then pass; else fail "summary --remarks should list 7 agreements without idea-based input"; fi
run "$IOPREPORT" data "$S/malmo-2018" --year 2018 --committee malmo-asn --case-number ASN-2019-1 --date 2019-04-24
cp "$TMP/out" "$TMP/data.xml"
expect_in "$TMP/data.xml" '<case-number>ASN-2019-1</case-number>'
# dates are never broken: no-break spaces
expect_in "$TMP/data.xml" "<date date=\"2019-04-24\" precision=\"day\">24${NB}april${NB}2019</date>"
expect_in "$TMP/data.xml" "<generated date=\"2023-11-14\" precision=\"day\">14${NB}november${NB}2023</generated>"
expect_in "$TMP/data.xml" "<end date=\"2019-06-30\" precision=\"day\">30${NB}juni${NB}2019</end>"
expect_in "$TMP/data.xml" "<extension>1+1${NB}år</extension>"
if [ "$(grep -c '<agreement id=' "$TMP/data.xml")" -eq 10 ]; then pass; else fail "data should hold 10 agreements"; fi

# the minimal template of docs/report-data.md works with xsltproc
cat >"$TMP/t.xsl" <<'XSL'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:d="urn:iopreport:report-data:1">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/d:report-data">
    <xsl:for-each select="d:committee-report">
      <xsl:value-of select="d:committee/d:name"/> – <xsl:value-of select="/d:report-data/@year"/>
      <xsl:text>&#10;</xsl:text>
      <xsl:for-each select="d:agreement">
        <xsl:value-of select="d:title"/>: <xsl:value-of select="d:figures/d:committee-cost"/>
        <xsl:text> (</xsl:text><xsl:value-of select="d:status-text"/><xsl:text>)&#10;</xsl:text>
      </xsl:for-each>
      <xsl:text>Summa: </xsl:text><xsl:value-of select="d:totals/d:total[@scope='all']/d:cost"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
XSL
run xsltproc "$TMP/t.xsl" "$TMP/data.xml"
expect_rc 0
expect_in "$TMP/out" "Arbetsmarknads- och socialnämnden – 2018"
expect_in "$TMP/out" "Karriärakademin: 814${NB}137${NB}kr (pågående)"
expect_in "$TMP/out" "Summa: 6${NB}987${NB}231${NB}kr"

# every committee and the catalogue in one document
run "$IOPREPORT" data "$S/malmo-2018" "$S/linkoping-2021" --year 2020
expect_rc 0
if xmllint --noout --relaxng "$IOP_SOURCE_DIR/schema/report-data.rng" "$TMP/out" 2>"$TMP/rng.err"; then
  pass; else fail "batch data does not follow schema/report-data.rng: $(head -3 "$TMP/rng.err")"; fi
expect_in "$TMP/out" 'scope="all"'
expect_in "$TMP/out" '<committee-report committee="linkoping-an">'
expect_in "$TMP/out" '<committee-report committee="malmo-asn">'
expect_in "$TMP/out" '<municipality name="Linköpings kommun"'

# --- invalid input: still summarise what is valid, exit 1 --------------------
mkdir -p "$TMP/mixed"
cp "$S/malmo-2018/malmo-uvas.xml" "$S/malmo-2018/committees.xml" "$TMP/mixed/"
printf '<agreement xmlns="urn:iopreport:1" id="broken">\n  <title>Trasig\n' >"$TMP/mixed/broken.xml"
run "$IOPREPORT" summary "$TMP/mixed" --year 2018
expect_rc 1
expect_in "$TMP/out" "malmo-uvas"
expect_match "$TMP/err" "broken\.xml:[0-9]+"
run "$IOPREPORT" data "$TMP/mixed" --year 2018
expect_rc 1
expect_in "$TMP/out" "<file path=\"$TMP/mixed/broken.xml\">"

# --- <steering-group> anywhere in <follow-up>: here last, the text whole ------
run "$IOPREPORT" data "$IOP_SOURCE_DIR/tests/inputs/good/steering-group-last.xml" --year 2019
expect_rc 0
expect_in "$TMP/out" "<text><p>Styrgruppen möts fyra gånger per år.</p><p>Föreningen lämnar en verksamhetsrapport varje år.</p></text>"
expect_in "$TMP/out" "<steering-group>Enhetschef från förvaltningen och föreningens verksamhetsansvariga.</steering-group>"

# --- usage -----------------------------------------------------------------
run "$IOPREPORT" summary --help
expect_rc 0
expect_in "$TMP/out" "Usage: iopreport summary"
run "$IOPREPORT" data --help
expect_rc 0
# without --year, summary and data take the year build takes: the last full
# one (SOURCE_DATE_EPOCH is 14 November 2023 here), so summary previews it
run "$IOPREPORT" summary "$S/linkoping-2021"
expect_rc 0
expect_in "$TMP/out" "linkoping-an  Arbetsmarknadsnämnden, 2022: 5 agreements"
run "$IOPREPORT" data "$S/linkoping-2021" --committee linkoping-an
expect_rc 0
expect_match "$TMP/out" '<report-data [^>]*year="2022"'
run "$IOPREPORT" build "$S/linkoping-2021" --committee linkoping-an --out "$TMP/default-year"
expect_rc 0
[ -f "$TMP/default-year/linkoping-an-arsrapport-2022.pdf" ] && pass || fail "build's default year is not 2022"
run "$IOPREPORT" summary
expect_rc 2
run "$IOPREPORT" summary "$S/malmo-2018" --year 18
expect_rc 2
run "$IOPREPORT" summary "$S/malmo-2018" --format pdf
expect_rc 2
run "$IOPREPORT" data "$S/malmo-2018" --committee malmo-asn --all
expect_rc 2
run "$IOPREPORT" data "$S/malmo-2018" --date 2019-13
expect_rc 2
run "$IOPREPORT" data "$S/malmo-2018" --committee no-such-committee
expect_rc 1
run "$IOPREPORT" data "$S/malmo-2018" --committee malmo-asm
expect_rc 1
expect_in "$TMP/err" "names committee 'malmo-asm': did you mean 'malmo-asn'? The committees are: malmo-asn"

# a path that does not exist is a usage error, as for build, data and validate
run "$IOPREPORT" summary "$TMP/no-such-folder" --year 2018
expect_rc 2
expect_in "$TMP/err" "no such file or folder: $TMP/no-such-folder"

finish
