#!/usr/bin/env bash
# The meeting packet (issue 15 §3, docs/packet.md): build --packet NAME
# writes OUT/<committee>-NAME-<year>.pdf, the memo, the annual report and a
# fact sheet per agreement in one PDF, instead of the single documents. On
# Linköping 2021 and Malmö 2018: its page count is the sum of the single
# PDFs' (the memo may run a page longer, as it lists the other parts); qpdf --check; one top-level outline entry per document, titled as
# the document, with the document's own entries below it; a Part element
# per document in the structure tree; the memo's Beslutsunderlag links to
# the annual report's first page and to each fact sheet inside the packet;
# the page fields count across the packet ("6 (18)"), or with
# --packet-numbering=per-document each document's own ("1 (8)"), and the
# annual report's table of contents follows; the accessibility checker
# passes; verify reads its provenance record back; a second run is skipped
# as up to date; a template that declares iop:packet makes the run a packet
# run; bad options are refused.
. "$(dirname "$0")/lib.sh"
: "${IOP_PYTHON3:=/usr/bin/python3}"
TOOLS=$IOP_SOURCE_DIR/tests/tools
if ! "$IOP_PYTHON3" -c 'import pikepdf' 2>/dev/null; then
  skip_test "$IOP_PYTHON3 cannot import pikepdf (Debian: python3-pikepdf)"
fi
L=$IOP_SOURCE_DIR/samples/linkoping-2021
M=$IOP_SOURCE_DIR/samples/malmo-2018
# the arbetsmarknadsnämnd only (the sample also holds the bildningsnämnd,
# which pays part of one partnership)
LARGS=(--year 2020 --committee linkoping-an --case-number AN-2021-0123 --date 2021-02-15)
MARGS=(--year 2018 --case-number ASN-2019-1234 --date 2019-03-20)

pages() { pdfinfo "$1" | awk '/^Pages:/{print $2}'; }

# --- the packet and its parts as single documents ------------------------------
run "$IOPREPORT" build "$L" "${LARGS[@]}" --packet handlingar --out "$TMP/lp" -j 1
expect_rc 0
P=$TMP/lp/linkoping-an-handlingar-2020.pdf
if [ -s "$P" ]; then pass; else fail "no packet $P"; ls "$TMP/lp" >&2; finish; fi
n_files=$(ls "$TMP/lp" | grep -c '\.pdf$')
if [ "$n_files" -eq 1 ]; then pass; else fail "--packet wrote $n_files PDFs, not the packet alone"; fi
expect_in "$TMP/out" "linkoping-an-handlingar-2020.pdf (18 pages)"
expect_valid_pdf "$P"

run "$IOPREPORT" build "$L" "${LARGS[@]}" -t tjansteskrivelse -t arsrapport -t faktablad \
  --out "$TMP/ls" -q
expect_rc 0
sum=0
for f in "$TMP"/ls/*.pdf; do sum=$((sum + $(pages "$f"))); done
if [ "$(pages "$P")" -eq "$sum" ] && [ "$sum" -gt 10 ]; then pass; else
  fail "the packet has $(pages "$P") pages, its parts $sum"; fi

# --- outline, structure, links, title: read with pikepdf -------------------------
cat >"$TMP/packet_outline.py" <<'EOF'
import sys, pikepdf
from pikepdf import NameTree
pdf = pikepdf.open(sys.argv[1])
num = {p.objgen: i + 1 for i, p in enumerate(pdf.pages)}
print("title", str(pdf.docinfo.get("/Title")))
print("lang", str(pdf.Root.get("/Lang")))
with pdf.open_outline() as ol:
    for it in ol.root:
        d = it.destination
        page = num.get(d[0].objgen) if isinstance(d, pikepdf.Array) else None
        if page is None and d is not None:
            page = num.get(NameTree(pdf.Root.Names.Dests)[str(d)][0].objgen)
        print("outline", page, len(it.children), it.title)
root = pdf.Root.StructTreeRoot.K
root = root[0] if isinstance(root, pikepdf.Array) else root
print("root", str(root.S))
for k in root.K:
    if isinstance(k, pikepdf.Dictionary):
        print("elem", str(k.S), str(k.get("/T", "")))
dests = NameTree(pdf.Root.Names.Dests)
for i, p in enumerate(pdf.pages):
    for a in p.get("/Annots", []):
        d = a.get("/Dest")
        if d is not None:
            print("link", i + 1, num.get(dests[str(d)][0].objgen), str(d))
EOF
run "$IOP_PYTHON3" "$TMP/packet_outline.py" "$P"
expect_rc 0
cp "$TMP/out" "$TMP/lp.txt"
expect_in "$TMP/lp.txt" "title Handlingar: Arbetsmarknadsnämnden 2020"
expect_in "$TMP/lp.txt" "lang sv-SE"
n_top=$(grep -c '^outline ' "$TMP/lp.txt")
if [ "$n_top" -eq 7 ]; then pass; else fail "$n_top top-level outline entries, not 7 (memo, report, 5 sheets)"; fi
expect_match "$TMP/lp.txt" '^outline 1 [0-9]+ Information om idéburna offentliga partnerskap \(IOP\) 2020$'
expect_match "$TMP/lp.txt" '^outline 6 [0-9]+ Idéburna offentliga partnerskap – årsrapport 2020$'
expect_match "$TMP/lp.txt" '^outline 14 1 Idéburet offentligt partnerskap – Bromodellen'
expect_match "$TMP/lp.txt" '^outline 18 1 Idéburet offentligt partnerskap – Språkvänner$'
if grep '^outline 6 ' "$TMP/lp.txt" | awk '{exit !($3 >= 5)}'; then pass; else
  fail "the annual report's headings are not below its outline entry"; fi
expect_in "$TMP/lp.txt" "root /Document"
n_parts=$(grep -c '^elem /Part ' "$TMP/lp.txt")
n_elems=$(grep -c '^elem ' "$TMP/lp.txt")
if [ "$n_parts" -eq 7 ] && [ "$n_elems" -eq 7 ]; then pass; else
  fail "the document holds $n_elems elements, $n_parts of them Parts, not 7 Parts"; fi
expect_in "$TMP/lp.txt" "elem /Part Idéburna offentliga partnerskap – årsrapport 2020"
# the memo's Beslutsunderlag (page 1) leads to the annual report (page 6)
# and to each fact sheet
expect_in "$TMP/lp.txt" "link 1 6 d.part_3Aarsrapport"
expect_in "$TMP/lp.txt" "link 1 18 d.part_3Afaktablad_3Alinkoping-sprakvanner"
# the memo's own links (its overview table) stay inside the memo
if grep '^link ' "$TMP/lp.txt" | grep -v 'd.part_' | awk '$2 <= 5 && $3 > 5 {bad=1} END{exit bad}'; then pass; else
  fail "a link of the memo leads out of the memo"; fi
if grep -q '^link [0-9]* [0-9]* d\.p1\.' "$TMP/lp.txt"; then pass; else
  fail "no link of the memo to its own (part-prefixed) destinations"; fi

# --- the text: Beslutsunderlag and page numbers across the packet --------------------
pdf_text "$P" >"$TMP/lp.pdf.txt"
expect_in "$TMP/lp.pdf.txt" "Idéburna offentliga partnerskap – årsrapport 2020"
expect_match "$TMP/lp.pdf.txt" 'TJÄNSTESKRIVELSE 1 \(18\)'
expect_match "$TMP/lp.pdf.txt" '(^| )6 \(18\)'
expect_match "$TMP/lp.pdf.txt" '(^| )18 \(18\)'
expect_not_in "$TMP/lp.pdf.txt" "1 (8)"
# the annual report's table of contents gives packet pages (Inledning on 6)
expect_match "$TMP/lp.pdf.txt" '^Inledning +6$'
pdftotext -layout -f 14 -l 14 "$P" - >"$TMP/p14.txt"
expect_in "$TMP/p14.txt" "Bromodellen"
expect_match "$TMP/p14.txt" '14 \(18\)'

# --- accessibility ----------------------------------------------------------------------
run "$IOP_PYTHON3" "$TOOLS/pdfua_check.py" "$P"
if [ "$RC" -eq 0 ]; then pass; else fail "pdfua_check.py on the packet:"; head -20 "$TMP/out" >&2; fi

# --- provenance: verify reads the packet's record back ------------------------------------
run "$IOPREPORT" verify "$P" "$L"
expect_rc 0
expect_in "$TMP/out" "tjansteskrivelse + arsrapport + faktablad, linkoping-an, 2020"
expect_in "$TMP/out" "unchanged  $L/linkoping-sprakvanner.xml"
expect_in "$TMP/out" "unchanged  faktablad.xsl  (template)"
expect_in "$TMP/out" "the same: every file is as it was"

# --- up to date; per-document numbering is another packet ----------------------------
run "$IOPREPORT" build "$L" "${LARGS[@]}" --packet handlingar --out "$TMP/lp" -j 1
expect_rc 0
expect_in "$TMP/out" "0 written, 1 up to date"
run "$IOPREPORT" build "$L" "${LARGS[@]}" --packet handlingar --packet-numbering=per-document \
  --out "$TMP/lp" -j 1
expect_rc 0
expect_in "$TMP/out" "1 written"
pdf_text "$P" >"$TMP/lpd.txt"
expect_match "$TMP/lpd.txt" 'TJÄNSTESKRIVELSE 1 \(5\)'
expect_match "$TMP/lpd.txt" '(^| )1 \(8\)'
expect_match "$TMP/lpd.txt" '^Inledning +1$'
expect_not_in "$TMP/lpd.txt" "(18)"
if [ "$(pages "$P")" -eq "$sum" ]; then pass; else fail "per-document: $(pages "$P") pages, not $sum"; fi
run "$IOP_PYTHON3" "$TOOLS/pdfua_check.py" "$P"
if [ "$RC" -eq 0 ]; then pass; else fail "pdfua_check.py on the per-document packet:"; head -20 "$TMP/out" >&2; fi

# --- Malmö 2018: ten fact sheets, the templates in the order given --------------------------
run "$IOPREPORT" build "$M" "${MARGS[@]}" --packet handlingar -t tjansteskrivelse -t arsrapport \
  -t faktablad --out "$TMP/mp" -q
expect_rc 0
MP=$TMP/mp/malmo-asn-handlingar-2018.pdf
run "$IOPREPORT" build "$M" "${MARGS[@]}" -t tjansteskrivelse -t arsrapport -t faktablad \
  --out "$TMP/ms" -q
expect_rc 0
run "$IOP_PYTHON3" "$TMP/packet_outline.py" "$MP"
expect_rc 0
cp "$TMP/out" "$TMP/mp.txt"
# the memo lists the ten sheets and the report under Beslutsunderlag, so in
# the packet it may run a page longer than alone; every other part is as
# long as its single PDF
report_page=$(awk '/^outline [0-9]+ [0-9]+ Idéburna offentliga partnerskap – årsrapport 2018$/{print $2}' "$TMP/mp.txt")
memo_alone=$(pages "$TMP/ms/malmo-asn-tjansteskrivelse-2018.pdf")
memo_in=$(( ${report_page:-1} - 1 ))
if [ "$memo_in" -ge "$memo_alone" ] && [ "$memo_in" -le $((memo_alone + 1)) ]; then pass; else
  fail "Malmö: the memo has $memo_in pages in the packet, $memo_alone alone"; fi
sum=$memo_in
for f in "$TMP"/ms/*.pdf; do
  case $f in *tjansteskrivelse*) ;; *) sum=$((sum + $(pages "$f"))) ;; esac
done
if [ "$(pages "$MP")" -eq "$sum" ]; then pass; else
  fail "Malmö: the packet has $(pages "$MP") pages, its parts $sum"; fi
expect_valid_pdf "$MP"
n_top=$(grep -c '^outline ' "$TMP/mp.txt")
if [ "$n_top" -eq 12 ]; then pass; else fail "Malmö: $n_top top-level outline entries, not 12"; fi
if grep -qE "^link [0-9]+ $report_page d.part_3Aarsrapport$" "$TMP/mp.txt"; then pass; else
  fail "Malmö: no link from the memo to the annual report on page $report_page"; fi
pdf_text "$MP" >"$TMP/mp.pdf.txt"
expect_match "$TMP/mp.pdf.txt" "(^| )$sum \\($sum\\)"
run "$IOP_PYTHON3" "$TOOLS/pdfua_check.py" "$MP"
if [ "$RC" -eq 0 ]; then pass; else fail "pdfua_check.py on the Malmö packet:"; head -20 "$TMP/out" >&2; fi

# --- a template that declares its packet (iop:packet) ------------------------------------
mkdir -p "$TMP/tpl"
for name in memo:moteshandlingar other:annat; do
  cat >"$TMP/tpl/${name%%:*}.xsl" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:iop="urn:iopreport:template" exclude-result-prefixes="iop"
    iop:packet="${name#*:}">
  <xsl:import href="$IOP_SOURCE_DIR/templates/tjansteskrivelse.xsl"/>
</xsl:stylesheet>
EOF
done
run "$IOPREPORT" build "$L" "${LARGS[@]}" -t "$TMP/tpl/memo.xsl" -t arsrapport --out "$TMP/dp" -q
expect_rc 0
DP=$TMP/dp/linkoping-an-moteshandlingar-2020.pdf
if [ -s "$DP" ] && [ "$(ls "$TMP/dp" | grep -c '\.pdf$')" -eq 1 ]; then pass; else
  fail "iop:packet: not the packet alone: $(ls "$TMP/dp" | tr '\n' ' ')"; fi
run "$IOP_PYTHON3" "$TMP/packet_outline.py" "$DP"
n_top=$(grep -c '^outline ' "$TMP/out")
if [ "$n_top" -eq 2 ]; then pass; else fail "iop:packet: $n_top top-level outline entries, not 2"; fi
expect_in "$TMP/out" "link 1 6 d.part_3Aarsrapport"
# --packet names another: it wins
run "$IOPREPORT" build "$L" "${LARGS[@]}" -t "$TMP/tpl/memo.xsl" --packet egen --out "$TMP/dp2" -q
expect_rc 0
if [ -s "$TMP/dp2/linkoping-an-egen-2020.pdf" ]; then pass; else fail "--packet did not win over iop:packet"; fi
# two templates, two packets: refused
run "$IOPREPORT" build "$L" "${LARGS[@]}" -t "$TMP/tpl/memo.xsl" -t "$TMP/tpl/other.xsl" \
  --out "$TMP/dp3" -q
expect_rc 1
expect_in "$TMP/err" 'the templates declare two packets, iop:packet="moteshandlingar" and "annat"'
if [ -z "$(ls "$TMP/dp3" 2>/dev/null)" ]; then pass; else fail "two packets declared, yet PDFs written"; fi

# --- usage errors ---------------------------------------------------------------------------
run "$IOPREPORT" build "$L" --packet handlingar --combine --out "$TMP/x"
expect_rc 2
expect_in "$TMP/err" "--combine and --packet"
run "$IOPREPORT" build "$L" --packet handlingar --packet-numbering=roman --out "$TMP/x"
expect_rc 2
expect_in "$TMP/err" "--packet-numbering wants continuous or per-document"
run "$IOPREPORT" build --help
expect_in "$TMP/out" "--packet=NAME"

finish
