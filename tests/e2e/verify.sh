#!/usr/bin/env bash
# The provenance record in every PDF and `iopreport verify` (issue 15, 2):
# unchanged, changed without and with an effect on the report's figures,
# a file removed, a file added, a foreign PDF; byte-identical builds.
. "$(dirname "$0")/lib.sh"

cd "$TMP"
mkdir data
cp "$IOP_SOURCE_DIR"/samples/malmo-2018/*.xml data/
R=pdfs/malmo-asn-arsrapport-2018.pdf
M=pdfs/malmo-asn-tjansteskrivelse-2018.pdf

# ---- the record, and byte-identical output -------------------------------
run "$IOPREPORT" build --year 2018 -t arsrapport -t tjansteskrivelse -o pdfs data
expect_rc 0
run "$IOPREPORT" build --year 2018 -t arsrapport -t tjansteskrivelse -o again data
expect_rc 0
for f in "$R" "$M"; do
  if cmp -s "$f" "again/${f#pdfs/}"; then pass; else fail "two builds of $f differ"; fi
  expect_valid_pdf "$f"
  # the record: our namespace declared as a PDF/A extension schema, files by name
  strings "$f" >"$TMP/strings"
  expect_in "$TMP/strings" "<pdfaSchema:namespaceURI>urn:iopreport:ns:provenance:1/</pdfaSchema:namespaceURI>"
  expect_match "$TMP/strings" "<rdf:li>[0-9a-f]{64}  data/malmo-uvas.xml</rdf:li>"
  expect_match "$TMP/strings" "<rdf:li>[0-9a-f]{64}  data/committees.xml</rdf:li>"
  expect_match "$TMP/strings" "<rdf:li>[0-9a-f]{64}  common/sv.xsl</rdf:li>"
  expect_in "$TMP/strings" "<rdf:li>year=2018</rdf:li>"
  expect_match "$TMP/strings" "<iopprov:inputData><rdf:Seq>"
  expect_match "$TMP/strings" "<iopprov:reportData>[0-9a-f]{64}</iopprov:reportData>"
  # no path of this machine in it
  expect_not_in "$TMP/strings" "$TMP"
  expect_not_in "$TMP/strings" "$IOP_SOURCE_DIR"
done
if [ -x /usr/bin/python3 ]; then
  run /usr/bin/python3 "$IOP_SOURCE_DIR/tests/tools/pdfua_check.py" "$R" "$M"
  expect_rc 0
fi
# the appendix lists the agreement files a reader can ask for
pdf_text "$R" >"$TMP/r.txt"
expect_in "$TMP/r.txt" "Underlag"
expect_in "$TMP/r.txt" "malmo-uvas.xml"
pdf_text "$M" >"$TMP/m.txt"
expect_in "$TMP/m.txt" "Underlag"
expect_in "$TMP/m.txt" "malmo-uvas.xml"

# ---- unchanged -----------------------------------------------------------
run "$IOPREPORT" verify "$R"
expect_rc 0
expect_in "$TMP/out" "unchanged  data/malmo-uvas.xml"
expect_in "$TMP/out" "unchanged  data/committees.xml"
expect_in "$TMP/out" "unchanged  arsrapport.xsl"
expect_in "$TMP/out" "the same: every file is as it was"
# the folder given again, and the memo
run "$IOPREPORT" verify "$M" data
expect_rc 0
expect_in "$TMP/out" "the same"

# a catalogue and an agreement's fact sheet (their data: every agreement)
run "$IOPREPORT" build --year 2018 -t exempelsamling -t faktablad -o cat data
expect_rc 0
run "$IOPREPORT" verify cat/exempelsamling-2018.pdf
expect_rc 0
expect_in "$TMP/out" "exempelsamling, all, 2018"
run "$IOPREPORT" verify cat/malmo-uvas-faktablad-2018.pdf
expect_rc 0
expect_in "$TMP/out" "faktablad, malmo-uvas, 2018"
# --highlight is part of the catalogue's report data: verify makes it again
# with the recorded ids
run "$IOPREPORT" build --year 2018 -t exempelsamling --highlight malmo-uvas \
    --highlight malmo-carpe-sophia -o cat-hl data
expect_rc 0
run "$IOPREPORT" verify cat-hl/exempelsamling-2018.pdf
expect_rc 0
expect_in "$TMP/out" "the same: every file is as it was"

# ---- a change that does not reach the report: a comment ------------------
cp data/malmo-uvas.xml uvas.orig
echo "<!-- reviewed by the committee secretary -->" >>data/malmo-uvas.xml
run "$IOPREPORT" verify "$R"
expect_rc 0
expect_in "$TMP/out" "changed    data/malmo-uvas.xml  (does not alter the report"
expect_in "$TMP/out" "the same: 1 file changed in ways that do not reach the report"
run "$IOPREPORT" verify -q "$R"
expect_not_in "$TMP/out" "unchanged"

# ---- a change of an amount ------------------------------------------------
sed -i 's/amount="1000000"/amount="1100000"/' data/malmo-uvas.xml
if grep -q 'amount="1100000"' data/malmo-uvas.xml; then pass; else fail "the amount was not edited"; fi
run "$IOPREPORT" verify "$R"
expect_rc 1
expect_in "$TMP/out" "changed    data/malmo-uvas.xml  (alters the report: its figures or texts)"
expect_in "$TMP/out" "not the same: the report data differs"
run "$IOPREPORT" verify cat/malmo-uvas-faktablad-2018.pdf
expect_rc 1
expect_in "$TMP/out" "changed    data/malmo-uvas.xml  (alters the report"
# another agreement's fact sheet: its data (every agreement) differs
run "$IOPREPORT" verify cat/malmo-carpe-sophia-faktablad-2018.pdf
expect_rc 1
expect_in "$TMP/out" "it covers every agreement, and another file changed"
# two files changed: each line says which of them alters the report
cp data/malmo-next-by-fcr.xml next.orig
echo "<!-- checked -->" >>data/malmo-next-by-fcr.xml
run "$IOPREPORT" verify "$R"
expect_rc 1
expect_in "$TMP/out" "changed    data/malmo-uvas.xml  (alters the report: its figures or texts)"
expect_in "$TMP/out" "changed    data/malmo-next-by-fcr.xml  (does not alter what the report shows of it)"
cp next.orig data/malmo-next-by-fcr.xml
cp uvas.orig data/malmo-uvas.xml

# ---- a file removed -------------------------------------------------------
mv data/malmo-uvas.xml uvas.moved
run "$IOPREPORT" verify "$R"
expect_rc 1
expect_in "$TMP/out" "missing    data/malmo-uvas.xml"
expect_in "$TMP/out" "not the same"
mv uvas.moved data/malmo-uvas.xml
run "$IOPREPORT" verify "$R"
expect_rc 0

# ---- a file added ---------------------------------------------------------
# for another committee: none of this report's business
sed -e 's/id="malmo-uvas"/id="other-uvas"/' -e 's/malmo-asn/malmo-other/g' \
  data/malmo-uvas.xml >data/other-uvas.xml
cat >data/other-committees.xml <<XML
<committees xmlns="urn:iopreport:1">
  <committee id="malmo-other" municipality="Malmö stad" code="1280">
    <name>Annan nämnd</name>
  </committee>
</committees>
XML
run "$IOPREPORT" validate data
expect_rc 0
run "$IOPREPORT" verify "$R"
expect_rc 0
expect_not_in "$TMP/out" "other-uvas"
expect_not_in "$TMP/out" "other-committees"
rm data/other-committees.xml
rm -f data/other-uvas.xml
# for this committee: it enters the report
sed 's/id="malmo-uvas"/id="malmo-uvas-2"/' data/malmo-uvas.xml >data/malmo-uvas-2.xml
run "$IOPREPORT" verify "$R"
expect_rc 1
expect_in "$TMP/out" "new        data/malmo-uvas-2.xml"
expect_in "$TMP/out" "not the same: the report data differs"
rm data/malmo-uvas-2.xml

# ---- a template changed ---------------------------------------------------
mkdir tpl
cp -r "$IOP_SOURCE_DIR"/templates/* tpl/
run "$IOPREPORT" build --year 2018 -t tpl/arsrapport.xsl -o own data
expect_rc 0
run "$IOPREPORT" verify own/malmo-asn-arsrapport-2018.pdf
expect_rc 0
echo "<!-- edited -->" >>tpl/common/sv.xsl
run "$IOPREPORT" verify own/malmo-asn-arsrapport-2018.pdf
expect_rc 1
expect_in "$TMP/out" "changed    common/sv.xsl  (template)"
expect_in "$TMP/out" "the template changed"

# ---- paths outside the folder: verify does not go there by itself -----------
run "$IOPREPORT" build --year 2018 -t arsrapport -o abs "$TMP/data"
expect_rc 0
run "$IOPREPORT" verify abs/malmo-asn-arsrapport-2018.pdf
expect_rc 2
expect_in "$TMP/err" "which is not below this folder; give the files and folders to check"
run "$IOPREPORT" verify abs/malmo-asn-arsrapport-2018.pdf "$TMP/data"
expect_rc 0

# ---- a PDF that render typeset: the document it was made from --------------
cp "$IOP_SOURCE_DIR/tests/documents/styles.xml" doc.xml
run "$IOPREPORT" render doc.xml -o doc.pdf
expect_rc 0
run "$IOPREPORT" verify doc.pdf
expect_rc 0
expect_in "$TMP/out" "unchanged  doc.xml"
echo "<!-- edited -->" >>doc.xml
run "$IOPREPORT" verify doc.pdf
expect_rc 1
expect_in "$TMP/out" "changed    doc.xml"
if [ -x /usr/bin/python3 ]; then
  run /usr/bin/python3 "$IOP_SOURCE_DIR/tests/tools/pdfua_check.py" doc.pdf
  expect_rc 0
fi

# ---- PDFs we did not make, and usage --------------------------------------
pdftocairo -pdf "$R" foreign.pdf  # poppler-utils, as pdftotext
run "$IOPREPORT" verify foreign.pdf
expect_rc 2
expect_in "$TMP/err" "foreign.pdf: was not made by iopreport: it holds no provenance record"
printf '%%PDF-1.4\n%%%%EOF\n' >tiny.pdf
run "$IOPREPORT" verify tiny.pdf
expect_rc 2
expect_in "$TMP/err" "was not made by iopreport"
# our namespace, but not a record we wrote: refused, never a crash
printf '%%PDF-1.4\n<x:xmpmeta xmlns:x="adobe:ns:meta/"><r xmlns="urn:iopreport:ns:provenance:1/"/></x:xmpmeta>\n' >half.pdf
run "$IOPREPORT" verify half.pdf
expect_rc 2
expect_in "$TMP/err" "has a provenance record that cannot be read"
printf '%%PDF-1.4\n<x:xmpmeta urn:iopreport:ns:provenance:1/ <<<</x:xmpmeta>\n' >broken.pdf
run "$IOPREPORT" verify broken.pdf
expect_rc 2
expect_in "$TMP/err" "has a provenance record that cannot be read"
run "$IOPREPORT" verify "$IOP_SOURCE_DIR/README.md"
expect_rc 2
expect_in "$TMP/err" "is not a PDF"
run "$IOPREPORT" verify no-such.pdf
expect_rc 2
expect_in "$TMP/err" "no-such.pdf: cannot be read"
run "$IOPREPORT" verify
expect_rc 2
run "$IOPREPORT" verify --help
expect_rc 0
expect_in "$TMP/out" "Exit status: 0 the report would come out the same"

finish
