#!/usr/bin/python3
"""Every check of pdfua_check.py can fail, and only for its own reason.

Builds a small PDF that conforms to everything the checker checks (one
page: H1, P, a Table with THead/TBody and a TH with Scope, a list, a Figure
with Alt, a Link with its OBJR and annotation, a role-mapped section,
artifacts, an embedded TrueType CIDFont with ToUnicode and CIDToGIDMap, XMP
with the PDF/A and PDF/UA identification, an sRGB output intent), asserts
that the checker passes it, then breaks it once per mutation below and
asserts that the mutation's check fails and no check outside the ones it
may also break. Every check that `pdfua_check.py --list` names must have a
mutation, so a new check without one fails this test. Also the command
line (exit statuses, --only) and pdf_structure.py on the same PDF.

    /usr/bin/python3 tests/tools/pdfua_check_selftest.py [--keep DIR]
"""

import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib

try:
    import pikepdf
    from pikepdf import Array, Dictionary, Name, Stream, String
except ImportError:  # the test must fail, not skip, without pikepdf
    sys.stderr.write("pdfua_check_selftest.py: FAIL: the Python module pikepdf is missing "
                     "(Debian: apt-get install python3-pikepdf; run with /usr/bin/python3)\n")
    sys.exit(1)

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, "pdfua_check.py")
STRUCTURE = os.path.join(HERE, "pdf_structure.py")
PYTHON = sys.executable or "/usr/bin/python3"

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
]
ICC_CANDIDATES = [
    "/usr/share/color/icc/sRGB.icc",  # icc-profiles-free
    "/usr/share/color/icc/colord/sRGB.icc",  # colord-data
    "/usr/share/color/icc/ghostscript/srgb.icc",  # ghostscript
]


# --- the pieces of the conforming PDF -------------------------------------------------

class TrueType:
    """The glyph ids and advance widths of a TrueType font (cmap format 4)."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = data = f.read()
        n = struct.unpack(">H", data[4:6])[0]
        self.tables = {}
        for i in range(n):
            tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
            self.tables[tag.decode("latin1")] = (off, length)
        head = self.tables["head"][0]
        self.units = struct.unpack(">H", data[head + 18: head + 20])[0]
        hhea = self.tables["hhea"][0]
        self.n_hmetrics = struct.unpack(">H", data[hhea + 34: hhea + 36])[0]
        self.cmap = self._cmap4()

    def _cmap4(self):
        data = self.data
        base = self.tables["cmap"][0]
        n = struct.unpack(">H", data[base + 2: base + 4])[0]
        for i in range(n):
            pid, eid, off = struct.unpack(">HHI", data[base + 4 + 8 * i: base + 12 + 8 * i])
            sub = base + off
            if pid == 3 and eid == 1 and struct.unpack(">H", data[sub: sub + 2])[0] == 4:
                seg2 = struct.unpack(">H", data[sub + 6: sub + 8])[0]
                segs = seg2 // 2
                ends = struct.unpack(">%dH" % segs, data[sub + 14: sub + 14 + seg2])
                starts = struct.unpack(">%dH" % segs, data[sub + 16 + seg2: sub + 16 + 2 * seg2])
                deltas = struct.unpack(">%dh" % segs, data[sub + 16 + 2 * seg2: sub + 16 + 3 * seg2])
                ro_at = sub + 16 + 3 * seg2
                ranges = struct.unpack(">%dH" % segs, data[ro_at: ro_at + seg2])
                cmap = {}
                for s in range(segs):
                    for c in range(starts[s], ends[s] + 1):
                        if c == 0xFFFF:
                            continue
                        if ranges[s] == 0:
                            g = (c + deltas[s]) & 0xFFFF
                        else:
                            at = ro_at + 2 * s + ranges[s] + 2 * (c - starts[s])
                            g = struct.unpack(">H", data[at: at + 2])[0]
                            if g:
                                g = (g + deltas[s]) & 0xFFFF
                        if g:
                            cmap[c] = g
                return cmap
        raise RuntimeError("no Unicode cmap (3,1,4) in the font")

    def width(self, gid):
        at = self.tables["hmtx"][0] + 4 * min(gid, self.n_hmetrics - 1)
        return struct.unpack(">H", self.data[at: at + 2])[0] * 1000 // self.units


def icc_profile():
    for p in ICC_CANDIDATES:
        if os.path.exists(p):
            with open(p, "rb") as f:
                data = f.read()
            if data[36:40] == b"acsp" and data[16:20] == b"RGB ":
                return data
    # a display-class RGB header with no tags: enough for what the checker reads
    hdr = struct.pack(">I4sI4s4s4s12s4s4sI4s4sQI12s4s16s28s",
                      132, b"none", 0x02100000, b"mntr", b"RGB ", b"XYZ ", b"\0" * 12,
                      b"acsp", b"APPL", 0, b"none", b"none", 0, 0,
                      struct.pack(">iii", 63190, 65536, 54061), b"none", b"\0" * 16, b"\0" * 28)
    return hdr + struct.pack(">I", 0)


def lzw_encode(data):
    """LZW as PDF's LZWDecode reads it: 9-bit codes, a clear code before the
    table would grow past them (EarlyChange 1)."""
    bits, nbits = [], 0
    out = bytearray()
    acc = 0

    def put(code):
        nonlocal acc, nbits
        acc = (acc << 9) | code
        nbits += 9
        while nbits >= 8:
            nbits -= 8
            out.append((acc >> nbits) & 0xFF)
    put(256)
    for i, b in enumerate(data):
        if i and i % 200 == 0:
            put(256)
        put(b)
    put(257)
    if nbits:
        out.append((acc << (8 - nbits)) & 0xFF)
    del bits
    return bytes(out)


TITLE = "Årsrapport IOP 2018"
# The extension schema comes first, in its own rdf:Description: PDFBox's
# xmpbox (Preflight) only knows a namespace that was declared before it is used.
XMP_TEMPLATE = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
     <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
     <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
     <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
     <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
       <pdfaProperty:name>part</pdfaProperty:name>
       <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
       <pdfaProperty:category>internal</pdfaProperty:category>
       <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
     </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">@TITLE@</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>Arbetsmarknads- och socialnämnden</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">IOP-avtal 2018</rdf:li></rdf:Alt></dc:description>
   <pdf:Keywords>IOP, årsrapport</pdf:Keywords>
   <pdf:Producer>pikepdf selftest</pdf:Producer>
   <xmp:CreatorTool>iopreport selftest</xmp:CreatorTool>
   <xmp:CreateDate>2023-11-14T23:13:20+01:00</xmp:CreateDate>
   <xmp:ModifyDate>2023-11-14T22:13:20Z</xmp:ModifyDate>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>A</pdfaid:conformance>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


class Ctx:
    """The conforming PDF under construction; a mutation edits it."""

    def __init__(self):
        self.post = None  # bytes -> bytes, applied to the saved file
        self.post_grows = False  # post appends (else it keeps every offset)
        self.save_opts = {}
        self.encryption = None

    def set_content(self, text):
        self.content_text = text
        self.page.Contents = Stream(self.pdf, text.encode("latin1"))

    def replace_content(self, old, new):
        assert old in self.content_text, old
        self.set_content(self.content_text.replace(old, new, 1))

    def set_xmp(self, text):
        self.xmp_text = text
        md = Stream(self.pdf, text.encode("utf-8"))
        md.Type = Name.Metadata
        md.Subtype = Name.XML
        self.pdf.Root.Metadata = self.pdf.make_indirect(md)

    def replace_xmp(self, old, new):
        assert old in self.xmp_text, old
        self.set_xmp(self.xmp_text.replace(old, new, 1))


def build(path, mutate=None):
    """Write the conforming PDF to path, broken by mutate(ctx) if given."""
    c = Ctx()
    pdf = c.pdf = pikepdf.new()
    font_path = next(p for p in FONT_CANDIDATES if os.path.exists(p))
    tt = TrueType(font_path)
    used = {}

    def show(text):
        """The hex string of text in the Identity-H font (codes = glyph ids)."""
        codes = []
        for ch in text:
            g = tt.cmap[ord(ch)]
            used[g] = ch
            codes.append("%04X" % g)
        return "<" + "".join(codes) + ">"

    # the content: every painting operator tagged or an artifact
    parts = [
        ("/Artifact BMC\n0.85 0.85 0.85 rg\n50 800 495 1 re f\nEMC", None),
        ("/H1 <</MCID 0>> BDC\n0.1 0.2 0.4 rg\nBT /F1 20 Tf 50 760 Td %s Tj ET\nEMC" % show(TITLE), None),
        ("/P <</MCID 1>> BDC\n0.2 0.2 0.2 rg\nBT /F1 11 Tf 50 730 Td %s Tj ET\nEMC" % show("Nämnden har tre avtal."), None),
        ("/Artifact BMC\n0.9 0.9 0.95 rg\n50 690 200 16 re f\nEMC", None),
        ("/TH <</MCID 2>> BDC\n0.2 0.2 0.2 rg\nBT /F1 11 Tf 52 694 Td %s Tj ET\nEMC" % show("Förening"), None),
        ("/TD <</MCID 3>> BDC\nBT /F1 11 Tf 52 676 Td %s Tj ET\nEMC" % show("Hassela"), None),
        ("/Lbl <</MCID 4>> BDC\nBT /F1 11 Tf 50 640 Td %s Tj ET\nEMC" % show("•"), None),
        ("/LBody <</MCID 5>> BDC\nBT /F1 11 Tf 62 640 Td %s Tj ET\nEMC" % show("Ett avtal löper ut."), None),
        ("/Figure <</MCID 6>> BDC\nq 40 0 0 40 50 580 cm /Im1 Do Q\nEMC", None),
        ("/Link <</MCID 7>> BDC\n0 0 0.6 rg\nBT /F1 11 Tf 50 550 Td %s Tj ET\nEMC" % show("Läs mer"), None),
        ("/H2 <</MCID 8>> BDC\nBT /F1 14 Tf 50 520 Td %s Tj ET\nEMC" % show("Avtalen"), None),
        ("/Artifact <</Type /Pagination>> BDC\nBT /F1 9 Tf 280 40 Td %s Tj ET\nEMC" % show("1 (1)"), None),
    ]
    content = "\n".join(p for p, _ in parts) + "\n"

    # the font: a Type0 font over the whole TrueType program, Identity-H
    ff = Stream(pdf, tt.data)
    ff.Length1 = len(tt.data)
    ff = pdf.make_indirect(ff)
    desc = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/LiberationSans"), Flags=32,
        FontBBox=Array([-544, -303, 1302, 980]), ItalicAngle=0, Ascent=905, Descent=-212,
        CapHeight=729, StemV=80, FontFile2=ff))
    widths = Array()
    for g in sorted(used):
        widths.append(g)
        widths.append(Array([tt.width(g)]))
    cidfont = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/LiberationSans"),
        CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0),
        FontDescriptor=desc, DW=1000, W=widths, CIDToGIDMap=Name.Identity))
    bf = "".join("<%04X> <%04X>\n" % (g, ord(ch)) for g, ch in sorted(used.items()))
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            "%d beginbfchar\n%sendbfchar\nendcmap\n"
            "CMapName currentdict /CMap defineresource pop\nend\nend\n") % (len(used), bf)
    font = c.font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/LiberationSans"),
        Encoding=Name("/Identity-H"), DescendantFonts=Array([cidfont]),
        ToUnicode=pdf.make_indirect(Stream(pdf, cmap.encode("ascii")))))
    c.cidfont, c.descriptor = cidfont, desc

    image = c.image = Stream(pdf, bytes([200, 30, 30, 30, 120, 200, 250, 200, 40, 255, 255, 255]))
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width, image.Height, image.BitsPerComponent = 2, 2, 8
    image.ColorSpace = Name.DeviceRGB
    image = c.image = pdf.make_indirect(image)

    page = c.page = pdf.make_indirect(Dictionary(
        Type=Name.Page, MediaBox=Array([0, 0, 595, 842]),
        Resources=Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Im1=image)),
        Group=Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceRGB),
        StructParents=0, Tabs=Name.S))
    pdf.pages.append(pikepdf.Page(page))
    page = c.page = pdf.pages[0].obj
    c.set_content(content)

    annot = c.annot = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([50, 546, 95, 560]),
        Border=Array([0, 0, 0]), F=4, Contents=String("Läs mer på malmo.se"),
        A=Dictionary(S=Name.URI, URI=String("https://malmo.se/")), StructParent=1))
    page.Annots = Array([annot])

    # the structure tree
    root = c.struct_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    elems = c.elems = {}

    def elem(key, s, parent, mcid=None, **extra):
        e = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + s), P=parent, Pg=page, **extra))
        e.K = Array([mcid]) if mcid is not None else Array()
        parent.K.append(e)
        elems[key] = e
        return e

    root.K = Array()
    doc = elem("Document", "Document", root)
    elem("H1", "H1", doc, 0)
    elem("P", "P", doc, 1)
    table = elem("Table", "Table", doc)
    thead = elem("THead", "THead", table)
    tr1 = elem("TR1", "TR", thead)
    elem("TH", "TH", tr1, 2, A=Dictionary(O=Name.Table, Scope=Name.Column))
    tbody = elem("TBody", "TBody", table)
    tr2 = elem("TR2", "TR", tbody)
    elem("TD", "TD", tr2, 3)
    lst = elem("L", "L", doc)
    li = elem("LI", "LI", lst)
    elem("Lbl", "Lbl", li, 4)
    elem("LBody", "LBody", li, 5)
    elem("Figure", "Figure", doc, 6, Alt=String("Malmö stads logotyp"))
    sect = elem("Kapitel", "Kapitel", doc)
    p2 = elem("P2", "P", sect)
    link = elem("Link", "Link", p2, 7)
    link.K.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=page))
    elem("H2", "H2", sect, 8)
    by_mcid = [elems[k] for k in ("H1", "P", "TH", "TD", "Lbl", "LBody", "Figure", "Link", "H2")]
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([0, Array(by_mcid), 1, link])))
    root.ParentTreeNextKey = 2
    root.RoleMap = Dictionary(Kapitel=Name.Sect)

    cat = pdf.Root
    cat.StructTreeRoot = root
    cat.MarkInfo = Dictionary(Marked=True)
    cat.Lang = String("sv-SE")
    cat.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    icc = Stream(pdf, icc_profile())
    icc.N = 3
    c.icc = icc = pdf.make_indirect(icc)
    c.intent = Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1,
                          OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
                          Info=String("sRGB IEC61966-2.1"), DestOutputProfile=icc)
    cat.OutputIntents = Array([c.intent])
    c.set_xmp(XMP_TEMPLATE.replace("@TITLE@", TITLE))
    c.info = pdf.trailer.Info = pdf.make_indirect(Dictionary(
        Title=String(TITLE), Author=String("Arbetsmarknads- och socialnämnden"),
        Subject=String("IOP-avtal 2018"), Keywords=String("IOP, årsrapport"),
        Producer=String("pikepdf selftest"), Creator=String("iopreport selftest"),
        CreationDate=String("D:20231114221320Z"), ModDate=String("D:20231114221320+00'00'")))

    if mutate:
        mutate(c)
    # classic xref table and trailer, so that byte-level mutations can find /ID
    pdf.save(path, min_version="1.7", static_id=True, fix_metadata_version=False,
             object_stream_mode=pikepdf.ObjectStreamMode.disable,
             encryption=c.encryption, **c.save_opts)
    if c.post:
        with open(path, "rb") as f:
            data = f.read()
        new = c.post(data)
        assert c.post_grows or len(new) == len(data), "byte-level mutations keep every offset"
        with open(path, "wb") as f:
            f.write(new)


# --- the mutations: one way (or more) to break each check --------------------------------

def m(check, also=()):
    """Register a mutation that must make `check` fail (and may make the
    checks in `also` fail as a consequence, no others)."""
    def reg(fn):
        MUTATIONS.append((check, set(also), fn))
        return fn
    return reg


MUTATIONS = []
XMP_CHECKS = ("xmp-dc-title", "xmp-pdfuaid", "xmp-pdfua-extension", "xmp-pdfaid", "xmp-matches-info",
              "xmp-extension-schemas")


def incremental_update(data, num, body):
    """data with object num replaced by body in an appended update."""
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    trailer = re.findall(rb"trailer\s*<<(.*?)>>\s*startxref", data, re.S)[-1]
    out = data + b"\n"
    off = len(out)
    out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n" % (num, off)
    out += b"trailer\n<<" + trailer + b" /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (prev, xref)
    return out


def patch(old, new):
    def post(data):
        assert old in data, old
        return data.replace(old, new, 1)
    return post


@m("header-version")
def _(c):
    c.post = patch(b"%PDF-1.7", b"%PDF-2.0")


@m("header-version")
def _(c):
    c.pdf.Root.Version = Name("/1.3")


@m("binary-comment")
def _(c):
    def post(data):
        nl = data.index(b"\n")
        return data[:nl + 2] + b"abcd" + data[nl + 6:]
    c.post = post


@m("trailer-id")
def _(c):
    c.post = patch(b"/ID [", b"/XD [")


@m("no-encryption", also=("xmp-present",))  # qpdf compresses encrypted metadata
def _(c):
    c.encryption = pikepdf.Encryption(owner="owner", user="", R=4, aes=True)


@m("no-lzw")
def _(c):
    c.save_opts = dict(compress_streams=False)  # or qpdf recodes LZW as Flate
    c.image.write(lzw_encode(c.image.read_bytes()), filter=Name.LZWDecode)


@m("no-external-streams")
def _(c):
    c.image.F = String("image.raw")


@m("no-javascript")
def _(c):
    c.pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert('x')"))


@m("no-javascript")
def _(c):
    c.page.AA = Dictionary(O=Dictionary(S=Name.URI, URI=String("https://example.org/")))


@m("actions-allowed")
def _(c):
    c.annot.A = Dictionary(S=Name.Launch, F=String("calc.exe"))


@m("no-embedded-files")
def _(c):
    ef = Stream(c.pdf, b"hello")
    ef.Type = Name.EmbeddedFile
    spec = Dictionary(Type=Name.Filespec, F=String("a.txt"), UF=String("a.txt"),
                      EF=Dictionary(F=c.pdf.make_indirect(ef)))
    c.pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String("a.txt"), spec])))


@m("marked")
def _(c):
    c.pdf.Root.MarkInfo.Marked = False


@m("marked")
def _(c):
    c.pdf.Root.MarkInfo.Suspects = True


@m("lang-catalog")
def _(c):
    del c.pdf.Root["/Lang"]


@m("lang-catalog")
def _(c):
    c.pdf.Root.Lang = String("sv_SE")


@m("lang-elements")
def _(c):
    c.elems["P"].Lang = String("en--GB")


@m("lang-elements")
def _(c):
    c.replace_content("/Lbl <</MCID 4>> BDC", "/Lbl <</MCID 4 /Lang (sv SE)>> BDC")


@m("display-doc-title")
def _(c):
    del c.pdf.Root["/ViewerPreferences"]


@m("xmp-present", also=XMP_CHECKS)
def _(c):
    c.set_xmp(c.xmp_text.replace("</x:xmpmeta>", "</x:xmpmeta"))


@m("xmp-present")
def _(c):
    # qpdf always writes metadata uncompressed, so the compressed stream
    # comes as an incremental update of the saved file
    data = c.xmp_text.encode("utf-8")

    def post(pdf_bytes):
        m_ = re.search(rb"\n(\d+) 0 obj\n<<[^>]*/Type /Metadata[^>]*>>\nstream", pdf_bytes)
        z = zlib.compress(data)
        body = (b"<< /Length %d /Filter /FlateDecode /Subtype /XML /Type /Metadata >>\nstream\n"
                % len(z)) + z + b"\nendstream"
        return incremental_update(pdf_bytes, int(m_.group(1)), body)
    c.post = post
    c.post_grows = True


@m("xmp-present", also=XMP_CHECKS)
def _(c):
    del c.pdf.Root["/Metadata"]


@m("xmp-dc-title")
def _(c):
    c.replace_xmp('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:title>' % TITLE, "")
    del c.info["/Title"]


@m("xmp-pdfuaid")
def _(c):
    c.replace_xmp("<pdfuaid:part>1</pdfuaid:part>", "<pdfuaid:part>2</pdfuaid:part>")


@m("xmp-pdfuaid")
def _(c):
    c.set_xmp(c.xmp_text.replace('xmlns:pdfuaid=', 'xmlns:ua=').replace("pdfuaid:part>", "ua:part>"))


@m("xmp-pdfua-extension", also=("xmp-extension-schemas",))
def _(c):
    start = c.xmp_text.index("<pdfaExtension:schemas>")
    end = c.xmp_text.index("</pdfaExtension:schemas>") + len("</pdfaExtension:schemas>")
    c.set_xmp(c.xmp_text[:start] + c.xmp_text[end:])


@m("xmp-extension-schemas")
def _(c):
    # a property of a namespace no extension schema declares
    c.replace_xmp("<pdfuaid:part>1</pdfuaid:part>",
                  '<pdfuaid:part>1</pdfuaid:part><t:made xmlns:t="urn:test:undeclared/">x</t:made>')


@m("xmp-pdfaid")
def _(c):
    c.replace_xmp("<pdfaid:conformance>A</pdfaid:conformance>", "<pdfaid:conformance>B</pdfaid:conformance>")


@m("xmp-pdfaid")
def _(c):
    c.set_xmp(c.xmp_text.replace('xmlns:pdfaid=', 'xmlns:a=').replace("pdfaid:part>", "a:part>")
              .replace("pdfaid:conformance>", "a:conformance>"))


@m("xmp-matches-info")
def _(c):
    c.replace_xmp(">%s<" % TITLE, ">Årsrapport IOP 2019<")


@m("xmp-matches-info")
def _(c):
    c.replace_xmp("2023-11-14T23:13:20+01:00", "2023-11-14T23:13:20Z")


@m("xmp-matches-info")
def _(c):
    c.replace_xmp("<rdf:li>Arbetsmarknads- och socialnämnden</rdf:li>",
                  "<rdf:li>Arbetsmarknads- och socialnämnden</rdf:li><rdf:li>Malmö stad</rdf:li>")


@m("output-intent", also=("device-colour",))
def _(c):
    del c.intent["/DestOutputProfile"]


@m("output-intent")
def _(c):
    c.icc.N = 4


@m("device-colour")
def _(c):
    c.replace_content("0.85 0.85 0.85 rg", "0 0 0 0.15 k")


@m("device-colour")
def _(c):
    c.page.Group.CS = Name.DeviceCMYK


@m("image-keys")
def _(c):
    c.image.Interpolate = True


@m("image-keys")
def _(c):
    c.image.OPI = Dictionary()


@m("graphics-state")
def _(c):
    c.page.Resources.ExtGState = Dictionary(G0=Dictionary(Type=Name.ExtGState, TR=Name.Identity))
    c.replace_content("/Artifact BMC\n0.85", "/Artifact BMC\n/G0 gs\n0.85")


@m("graphics-state")
def _(c):
    c.page.Resources.ExtGState = Dictionary(G0=Dictionary(Type=Name.ExtGState, BM=Name("/Dissolve")))


@m("struct-tree", also=("content-tagged",))
def _(c):
    del c.page["/StructParents"]


@m("struct-tree", also=("content-tagged", "link-annot-tagged"))
def _(c):
    del c.struct_root["/ParentTree"]


@m("struct-parent-links")
def _(c):
    c.elems["P"].P = c.struct_root


@m("standard-types")
def _(c):
    c.elems["P"].S = Name("/Stycke")


@m("standard-types")
def _(c):
    c.struct_root.RoleMap.P = Name.Span


@m("required-parent")
def _(c):
    c.elems["TR2"].S = Name.Div


@m("required-parent")
def _(c):
    c.elems["LI"].S = Name.Div


@m("th-scope")
def _(c):
    del c.elems["TH"]["/A"]


@m("th-scope")
def _(c):
    c.elems["TH"].A.Scope = Name("/Diagonal")


@m("figure-alt")
def _(c):
    del c.elems["Figure"]["/Alt"]


@m("link-objr", also=("link-annot-tagged",))
def _(c):
    c.elems["Link"].K = Array([7])


@m("link-annot-tagged")
def _(c):
    del c.annot["/StructParent"]


@m("link-annot-tagged")
def _(c):
    c.elems["P2"].K.append(Dictionary(Type=Name.OBJR, Obj=c.annot, Pg=c.page))


@m("heading-levels")
def _(c):
    c.elems["H2"].S = Name.H3
    c.replace_content("/H2 <<", "/H3 <<")


@m("heading-levels")
def _(c):
    c.elems["H1"].S = Name.H2
    c.replace_content("/H1 <<", "/H2 <<")


@m("content-tagged")
def _(c):
    c.set_content(c.content_text + "BT /F1 9 Tf 50 20 Td <0024> Tj ET\n")


@m("content-tagged", also=("mcid-once",))
def _(c):
    c.replace_content("/H2 <</MCID 8>> BDC", "/H2 <</MCID 9>> BDC")


@m("content-tagged")
def _(c):
    c.set_content(c.content_text + "0 0 1 rg 10 10 5 5 re f\nq 10 0 0 10 0 0 cm /Im1 Do Q\n")


@m("artifact-nesting")
def _(c):
    c.replace_content("BT /F1 11 Tf 50 730 Td", "/Artifact BMC 50 728 100 0.5 re f EMC\nBT /F1 11 Tf 50 730 Td")


@m("artifact-nesting", also=("content-tagged", "mcid-once"))
def _(c):
    c.replace_content("/Artifact BMC\n0.9 0.9 0.95 rg", "/Artifact BMC\n/Span <</MCID 10>> BDC EMC\n0.9 0.9 0.95 rg")


@m("mcid-once")
def _(c):
    c.elems["H1"].K.append(1)  # the paragraph's MCID in the heading too


@m("mcid-once")
def _(c):
    c.elems["H2"].K.append(12)  # no sequence has it


@m("mcid-once")
def _(c):
    c.set_content(c.content_text + "/P <</MCID 9>> BDC EMC\n")  # in no element


@m("struct-not-empty")
def _(c):
    doc = c.elems["Document"]
    doc.K.append(c.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Div, P=doc,
                                                K=Array())))


@m("tabs-order")
def _(c):
    del c.page["/Tabs"]


@m("link-contents")
def _(c):
    del c.annot["/Contents"]


@m("annot-flags")
def _(c):
    c.annot.F = 0


@m("annot-flags")
def _(c):
    c.annot.F = 4 | 2


@m("fonts-embedded")
def _(c):
    del c.descriptor["/FontFile2"]


@m("fonts-tounicode")
def _(c):
    del c.font["/ToUnicode"]


@m("cidtogidmap")
def _(c):
    del c.cidfont["/CIDToGIDMap"]


# --- running it ------------------------------------------------------------------------

EXPECTED_STRUCTURE = """Document
  H1
  P
  Table
    THead
      TR
        TH Scope=Column
    TBody
      TR
        TD
  L
    LI
      Lbl
      LBody
  Figure Alt=yes
  Kapitel (Sect)
    P
      Link OBJR
    H2
"""


def checker(*args):
    r = subprocess.run([PYTHON, CHECKER] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    return r.returncode, r.stdout, r.stderr


def failed_checks(out):
    names = set()
    for line in out.splitlines():
        parts = line.split(": ", 2)
        if len(parts) >= 2:
            names.add(parts[1])
    return names


def main(argv):
    keep = argv[1] if len(argv) == 2 and argv[0] == "--keep" else None
    work = keep or tempfile.mkdtemp(prefix="iop-pdfua-selftest.")
    os.makedirs(work, exist_ok=True)
    failures = []

    def fail(msg):
        failures.append(msg)
        print("FAIL: " + msg)

    rc, out, err = checker("--list")
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    if rc != 0 or len(names) < 30:
        fail("--list: exit %d, %d checks" % (rc, len(names)))

    # the conforming PDF passes every check
    base = os.path.join(work, "conforming.pdf")
    build(base)
    rc, out, err = checker(base)
    if rc != 0 or out or err:
        fail("the conforming PDF does not pass (exit %d):\n%s%s" % (rc, out, err))

    # its structure tree, as pdf_structure.py prints it
    r = subprocess.run([PYTHON, STRUCTURE, base], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    if r.returncode != 0 or r.stdout != EXPECTED_STRUCTURE:
        fail("pdf_structure.py prints (exit %d):\n%s%s" % (r.returncode, r.stdout, r.stderr))

    # every mutation breaks its check and nothing it should not
    covered = set()
    for i, (name, also, fn) in enumerate(MUTATIONS):
        if name not in names:
            fail("mutation %d is for %s, which --list does not name" % (i, name))
            continue
        path = os.path.join(work, "m%02d-%s.pdf" % (i, name))
        try:
            build(path, fn)
        except Exception as e:
            fail("mutation %d (%s) could not be made: %s: %s" % (i, name, type(e).__name__, e))
            continue
        rc, out, err = checker(path)
        got = failed_checks(out)
        if rc != 1 or name not in got:
            fail("%s: mutation %d does not make it fail (exit %d):\n%s%s" % (name, i, rc, out, err))
            continue
        extra = got - {name} - also
        if extra:
            fail("%s: mutation %d also fails %s:\n%s" % (name, i, ", ".join(sorted(extra)), out))
            continue
        # --only runs that check alone
        rc, out, err = checker("--only", name, path)
        if rc != 1 or failed_checks(out) != {name}:
            fail("%s: --only %s on mutation %d: exit %d\n%s%s" % (name, name, i, rc, out, err))
            continue
        covered.add(name)
        print("ok %-22s mutation %d: %s" % (name, i, out.splitlines()[0].split(": ", 2)[2]))
    missing = [n for n in names if n not in {m_[0] for m_ in MUTATIONS}]
    if missing:
        fail("checks without a mutation that proves they can fail: %s" % ", ".join(missing))

    # the command line: usage errors and unreadable files are exit 2
    for args, want in ((["--only", "no-such-check", base], 2), ([], 2),
                       ([os.path.join(work, "missing.pdf")], 2), (["--only", "marked", base], 0)):
        rc, out, err = checker(*args)
        if rc != want:
            fail("pdfua_check.py %s: exit %d, expected %d" % (" ".join(args), rc, want))
    notpdf = os.path.join(work, "not.pdf")
    with open(notpdf, "w") as f:
        f.write("not a pdf\n")
    rc, out, err = checker(notpdf)
    if rc != 2 or "not.pdf" not in err:
        fail("a file that is not a PDF: exit %d, %s" % (rc, err.strip()))

    if not keep:
        for f in os.listdir(work):
            os.unlink(os.path.join(work, f))
        os.rmdir(work)
    if failures:
        print("pdfua_check_selftest: %d failures" % len(failures))
        return 1
    print("pdfua_check_selftest: %d checks, %d mutations, every check can fail" % (len(names), len(MUTATIONS)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
