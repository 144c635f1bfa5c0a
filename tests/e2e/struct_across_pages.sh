#!/usr/bin/env bash
# A paragraph, a list item's body and a table row that a page break cuts
# are each ONE structure element with marked content on every page they
# take (docs/accessibility.md), not one element per page: a screen reader
# announces one paragraph and reads it whole, in order. cairo 1.16 begins
# a new element after each page break; the tagger notes the continuation
# and pdf_finish joins the two (/K with marked-content references and
# their /Pg, the ParentTree mapping the next page's MCIDs to the joined
# element). Read with pikepdf: every MCID on a page belongs to exactly one
# element, the ParentTree agrees with the elements, no element is empty,
# and each cut block's text, collected MCID by MCID in the order of its
# /K, is the whole block in reading order.
. "$(dirname "$0")/lib.sh"
: "${IOP_PYTHON3:=/usr/bin/python3}"

require_pikepdf

# numbers from $1 to $2 - 1: words never hyphenated, whose order shows
words() { seq -s ' ' "$1" "$(($2 - 1))"; }

# A5 with a running header and footer (drawn on every page, between the
# two parts of each cut block): a paragraph over three pages, a list item
# over two, a table row taller than a page.
cat >"$TMP/doc.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="urn:iopreport:document:1" lang="sv">
  <meta><title>Stycken över sidbrytningar</title><author>Test</author></meta>
  <page size="A5" margin-top="20mm" margin-bottom="20mm" margin-left="20mm" margin-right="20mm">
    <header><left><field name="title"/></left></header>
    <footer><right><field name="page"/> (<field name="pages"/>)</right></footer>
  </page>
  <body>
    <h1>Stycken över sidbrytningar</h1>
    <p>$(words 1000 1040)</p>
    <p>$(words 2000 2900)</p>
    <ul>
      <li>$(words 3000 3010)</li>
      <li>$(words 4000 4500)</li>
    </ul>
    <table>
      <thead><tr><th>Rubrik</th><th>Text</th></tr></thead>
      <tbody>
        <tr><td>$(words 5000 5005)</td><td>$(words 6000 6900)</td></tr>
        <tr><td>kort</td><td>rad</td></tr>
      </tbody>
    </table>
    <p>$(words 7000 7020)</p>
  </body>
</document>
EOF
run "$IOPREPORT" render "$TMP/doc.xml" -o "$TMP/doc.pdf"
expect_rc 0
expect_valid_pdf "$TMP/doc.pdf"

cat >"$TMP/check.py" <<'EOF'
import re
import sys

import pikepdf
from pdf_text import to_unicode
from pikepdf import Array, Dictionary, Name, String

pdf = pikepdf.open(sys.argv[1])
page_no = {p.objgen: i + 1 for i, p in enumerate(pdf.pages)}
problems = []


def as_list(o):
    if o is None:
        return []
    return list(o) if isinstance(o, Array) else [o]




# --- the marked content of every page: {(page, mcid): text} -----------------
content = {}
for pno, page in enumerate(pdf.pages, 1):
    fonts = page.Resources.get("/Font", Dictionary())
    cmap, width, stack = ({}, 1), 1, []
    for ins in pikepdf.parse_content_stream(page):
        op, ops = str(ins.operator), ins.operands
        if op in ("BMC", "BDC"):
            props = ops[1] if op == "BDC" and isinstance(ops[1], Dictionary) else Dictionary()
            mcid = int(props.MCID) if "/MCID" in props else None
            if mcid is not None:
                if (pno, mcid) in content:
                    problems.append("page %d: MCID %d marks two sequences" % (pno, mcid))
                content[(pno, mcid)] = ""
            stack.append((mcid, str(ops[0]) == "/Artifact", props.get("/ActualText")))
            continue
        if op == "EMC":
            stack.pop()
            continue
        if op == "Tf":
            cmap = to_unicode(fonts[str(ops[0])])
            continue
        mcids = [m for m, _, _ in stack if m is not None]
        if not mcids or any(art for _, art, _ in stack):
            continue
        key = (pno, mcids[-1])
        if op in ("BT", "Td", "TD", "Tm", "T*"):
            content[key] += " "
        elif op in ("Tj", "TJ"):
            if any(at is not None for _, _, at in stack):
                continue  # a soft hyphen's ActualText: no word
            parts = as_list(ops[0]) if op == "TJ" else [ops[0]]
            m, w = cmap
            for s in parts:
                if isinstance(s, String):
                    b = bytes(s)
                    content[key] += "".join(m.get(b[i:i + w], "?") for i in range(0, len(b), w))
                elif float(s) < -200:
                    content[key] += " "

# --- the structure elements, each with its marked content in /K order ------
elems = []


def walk(e, parent):
    pg = e.get("/Pg")
    rec = {"obj": e, "S": str(e.get("/S")), "mc": [], "kids": [], "parent": parent}
    if not as_list(e.get("/K")):
        problems.append("an empty %s element" % rec["S"])
    for k in as_list(e.get("/K")):
        if isinstance(k, int):
            rec["mc"].append((page_no.get(pg.objgen) if pg is not None else None, int(k)))
        elif isinstance(k, Dictionary) and k.get("/Type") == "/MCR":
            rec["mc"].append((page_no.get(k.Pg.objgen), int(k.MCID)))
        elif isinstance(k, Dictionary) and k.get("/Type") == "/OBJR":
            pass
        elif isinstance(k, Dictionary) and "/S" in k:
            if not (isinstance(k.get("/P"), Dictionary) and k.P.objgen == e.objgen):
                problems.append("a %s whose /P is not the %s that holds it" % (k.S, rec["S"]))
            rec["kids"].append(walk(k, rec))
        else:
            problems.append("a %s with a kid that is no element or content: %r" % (rec["S"], k))
    elems.append(rec)
    return rec


for k in as_list(pdf.Root.StructTreeRoot.K):
    walk(k, None)

# every MCID in exactly one element, every element's MCID on its page
owner = {}
for r in elems:
    for m in r["mc"]:
        if m in owner:
            problems.append("page %s MCID %d in two elements" % m)
        owner[m] = r
        if m not in content:
            problems.append("a %s refers to MCID %d of page %s, which has none" % (r["S"], m[1], m[0]))
for m in content:
    if m not in owner:
        problems.append("page %d MCID %d in no element" % m)

# the ParentTree: each page's array maps its MCIDs to their elements
nums = {}


def number_tree(node):
    n = node.get("/Nums", Array())
    for i in range(0, len(n), 2):
        nums[int(n[i])] = n[i + 1]
    for kid in node.get("/Kids", Array()):
        number_tree(kid)


number_tree(pdf.Root.StructTreeRoot.ParentTree)
for pno, page in enumerate(pdf.pages, 1):
    on_page = sorted(i for p, i in content if p == pno)
    if not on_page:
        continue
    arr = nums.get(int(page.obj.get("/StructParents", -1)))
    if not isinstance(arr, Array) or len(arr) != len(on_page):
        problems.append("page %d: no ParentTree array of its %d MCIDs" % (pno, len(on_page)))
        continue
    for i, target in enumerate(arr):
        r = owner.get((pno, i))
        if r is None or not isinstance(target, Dictionary) or target.objgen != r["obj"].objgen:
            problems.append("page %d: the ParentTree maps MCID %d to another element than the one "
                            "that holds it" % (pno, i))


def text(r):
    return " ".join(content.get(m, "") for m in r["mc"]).split()


def block(kind, first, last, min_pages):
    """The one element of `kind` whose text is first..last-1, whole and in order."""
    want = [str(i) for i in range(first, last)]
    found = [r for r in elems if r["S"] == "/" + kind and str(first) in text(r)]
    if len(found) != 1:
        problems.append("%s %d..: %d elements hold its words, not one" % (kind, first, len(found)))
        return None
    r = found[0]
    pages = sorted({p for p, _ in r["mc"]})
    if len(pages) < min_pages:
        problems.append("%s %d..: content on pages %s, not on %d pages" % (kind, first, pages, min_pages))
    got = text(r)
    if got != want:
        cut = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        problems.append("%s %d..: the text is not the whole block in order (%d words of %d; "
                        "from word %d: %s)" % (kind, first, len(got), len(want), cut,
                                               " ".join(got[cut:cut + 5])))
    return r


block("P", 1000, 1040, 1)
block("P", 2000, 2900, 3)
body = block("LBody", 4000, 4500, 2)
if body is not None and len([k for k in body["parent"]["kids"] if k["S"] == "/LBody"]) != 1:
    problems.append("the list item has more than one LBody")
cell = block("TD", 6000, 6900, 2)
if cell is not None:
    row = cell["parent"]
    if row["S"] != "/TR" or [k["S"] for k in row["kids"]] != ["/TD", "/TD"]:
        problems.append("the tall row is not one TR of two TDs: %s" % [k["S"] for k in row["kids"]])
    elif text(row["kids"][0]) != [str(i) for i in range(5000, 5005)]:
        problems.append("the tall row's first cell is not 5000..5004")
    rows = [k for k in row["parent"]["kids"]]
    if len(rows) != 2:
        problems.append("the table body has %d rows, not 2" % len(rows))
block("P", 7000, 7020, 1)

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
if PYTHONPATH="$IOP_SOURCE_DIR/tests/tools" "$IOP_PYTHON3" "$TMP/check.py" "$TMP/doc.pdf" >"$TMP/check.out" 2>&1; then pass; else
  fail "the structure of blocks cut by page breaks:
$(head -20 "$TMP/check.out")"
fi
# and the rest of PDF/UA as our checker sees it
if "$IOP_PYTHON3" "$IOP_SOURCE_DIR/tests/tools/pdfua_check.py" "$TMP/doc.pdf" >"$TMP/ua" 2>&1; then
  pass
else fail "pdfua_check: $(head -5 "$TMP/ua")"; fi
finish
