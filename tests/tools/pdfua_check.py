#!/usr/bin/python3
"""Check PDFs against the machine-checkable rules of PDF/UA-1 (the Matterhorn
protocol) and PDF/A-2 level A that iopreport promises.

    pdfua_check.py [--only NAME]... FILE.pdf...
    pdfua_check.py --list

Prints one line per failed check, `FILE: check-name: what is wrong (where)`,
and exits 1 when any check failed, 0 when every check passed on every file,
2 on a usage error or a file that cannot be opened. `--list` prints the
name and rule of every check. Needs pikepdf (Debian: python3-pikepdf) under
/usr/bin/python3.

This is our own checker, not a certification: veraPDF and PAC check more
(docs/accessibility.md). Every check has a test that breaks a conforming
PDF in exactly its way (tests/tools/pdfua_check_selftest.py).
"""

import datetime
import io
import re
import sys
import xml.etree.ElementTree as ET

try:
    import pikepdf
    from pikepdf import Array, Dictionary, Name, Stream
except ImportError:  # a test must fail loudly, not skip
    sys.stderr.write("pdfua_check.py: the Python module pikepdf is missing "
                     "(Debian: apt-get install python3-pikepdf; run with /usr/bin/python3)\n")
    sys.exit(2)

CHECKS = []  # (name, function), in the order they run


def check(name):
    """Register a check: a function of a Doc that yields its findings."""
    def register(fn):
        CHECKS.append((name, fn))
        return fn
    return register


# --- the document and what several checks share ----------------------------------

# PDF 1.7 (ISO 32000-1, 14.8.4) standard structure types, the only ones
# PDF/UA-1 allows without a RoleMap entry.
STANDARD_TYPES = frozenset("""
Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot
Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP
Figure Formula Form""".split())

# element type: the standard types its parent must have
REQUIRED_PARENTS = {
    "TD": {"TR"}, "TH": {"TR"},
    "TR": {"Table", "THead", "TBody", "TFoot"},
    "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"},
    "LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"},
    "TOCI": {"TOC"},
}

TEXT_OPS = {"Tj", "TJ", "'", '"'}
PATH_PAINT_OPS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"}
IMAGE_OPS = {"Do", "BI", "INLINE IMAGE"}
PAINT_OPS = TEXT_OPS | PATH_PAINT_OPS | IMAGE_OPS

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "x": "adobe:ns:meta/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
RDF = "{%s}" % NS["rdf"]

# BCP 47 (RFC 5646) language tag, well-formed (not checked against the registry)
_BCP47 = re.compile(r"""^(
    (?P<langtag>
      ([A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})  # language
      (-[A-Za-z]{4})?                                               # script
      (-([A-Za-z]{2}|[0-9]{3}))?                                    # region
      (-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*                    # variants
      (-[0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+)*                     # extensions
      (-[Xx](-[A-Za-z0-9]{1,8})+)?                                  # private use
    )
  | [Xx](-[A-Za-z0-9]{1,8})+
  | [Ii]-[A-Za-z]{2,8}|[A-Za-z]{2}-[A-Za-z]{2}(-[A-Za-z]{2,3})?     # grandfathered (loose)
)$""", re.VERBOSE)


def well_formed_lang(s):
    return bool(s) and bool(_BCP47.match(s))


def oid(obj):
    """'12 0 R' for an indirect object, '(direct)' otherwise."""
    try:
        if obj.is_indirect:
            n, g = obj.objgen
            return "%d %d R" % (n, g)
    except Exception:
        pass
    return "(direct)"


def name_of(obj):
    """The name without its slash, or None when obj is not a name."""
    if isinstance(obj, Name):
        return str(obj)[1:]
    return None


def text_of(obj):
    """A PDF string as text, or None."""
    if isinstance(obj, pikepdf.String):
        return str(obj)
    return None


def as_list(obj):
    if obj is None:
        return []
    if isinstance(obj, Array):
        return list(obj)
    return [obj]


def number_tree_items(node, seen=None):
    """(key, value) of a number tree, in order (Nums and Kids)."""
    if seen is None:
        seen = set()
    if not isinstance(node, Dictionary):
        return
    if node.is_indirect:
        if node.objgen in seen:
            return
        seen.add(node.objgen)
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for i in range(0, len(nums) - 1, 2):
            yield int(nums[i]), nums[i + 1]
    for kid in as_list(node.get("/Kids")):
        yield from number_tree_items(kid, seen)


def same(a, b):
    """The same PDF object (indirect objects compared by number)."""
    try:
        if a.is_indirect and b.is_indirect:
            return a.objgen == b.objgen
    except Exception:
        pass
    return a is b


class Elem:
    """A structure element in document order, with its resolved type."""

    def __init__(self, obj, parent, depth):
        self.obj = obj
        self.parent = parent  # Elem or None (the StructTreeRoot)
        self.depth = depth
        self.s = name_of(obj.get("/S")) or ""
        self.std = None  # the standard type through the RoleMap, or None
        self.kids = []  # Elem
        self.mcrs = []  # (mcid, page object or None)
        self.objrs = []  # the /Obj of each OBJR kid

    def where(self):
        return "%s %s" % (self.s or "?", oid(self.obj))


class Doc:
    """A PDF opened once, with what several checks share, computed on demand."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.head = f.read(1024)
        self.pdf = pikepdf.open(path)
        self.root = self.pdf.Root
        self.pages = [p.obj for p in self.pdf.pages]
        self._page_index = {p.objgen: i for i, p in enumerate(self.pages)}
        self._elems = None
        self._parsed = {}
        self._xmp = None
        self._xmp_error = None
        self._xmp_done = False

    def page_no(self, page):
        try:
            return self._page_index.get(page.objgen, -1) + 1
        except Exception:
            return 0

    # --- structure tree
    def role_map(self):
        st = self.root.get("/StructTreeRoot")
        rm = st.get("/RoleMap") if isinstance(st, Dictionary) else None
        return rm if isinstance(rm, Dictionary) else Dictionary()

    def resolve_role(self, s):
        rm = self.role_map()
        seen = set()
        while s and s not in STANDARD_TYPES:
            if s in seen:
                return None
            seen.add(s)
            s = name_of(rm.get("/" + s))
        return s or None

    def elems(self):
        """Every structure element in document (depth-first) order."""
        if self._elems is not None:
            return self._elems
        self._elems = []
        st = self.root.get("/StructTreeRoot")
        if not isinstance(st, Dictionary):
            return self._elems
        seen = set()

        def walk(kids, parent, depth):
            for k in kids:
                if isinstance(k, int) and not isinstance(k, bool):
                    if parent is not None:
                        parent.mcrs.append((int(k), parent.obj.get("/Pg")))
                    continue
                if not isinstance(k, Dictionary):
                    continue
                t = name_of(k.get("/Type"))
                if t == "MCR":
                    if parent is not None and "/Stm" not in k:  # content of a page, not a form
                        parent.mcrs.append((int(k.get("/MCID", -1)), k.get("/Pg", parent.obj.get("/Pg"))))
                    continue
                if t == "OBJR":
                    if parent is not None:
                        parent.objrs.append(k.get("/Obj"))
                    continue
                if "/S" not in k:
                    continue
                if k.is_indirect:
                    if k.objgen in seen:
                        continue
                    seen.add(k.objgen)
                e = Elem(k, parent, depth)
                e.std = self.resolve_role(e.s)
                self._elems.append(e)
                if parent is not None:
                    parent.kids.append(e)
                walk(as_list(k.get("/K")), e, depth + 1)

        walk(as_list(st.get("/K")), None, 0)
        return self._elems

    def parent_tree(self):
        """{key: value} of the StructTreeRoot's ParentTree."""
        st = self.root.get("/StructTreeRoot")
        if not isinstance(st, Dictionary) or not isinstance(st.get("/ParentTree"), Dictionary):
            return {}
        return dict(number_tree_items(st.ParentTree))

    # --- content
    def parse(self, holder):
        """The instructions of a page or a content stream, cached."""
        key = holder.objgen if holder.is_indirect else id(holder)
        if key not in self._parsed:
            try:
                self._parsed[key] = pikepdf.parse_content_stream(holder)
            except Exception as e:  # reported by the checks that need it
                self._parsed[key] = e
        return self._parsed[key]

    def page_resources(self, page):
        """The page's /Resources, inherited from its Pages nodes if need be."""
        node, depth = page, 0
        while isinstance(node, Dictionary) and depth < 64:
            res = node.get("/Resources")
            if isinstance(res, Dictionary):
                return res
            node, depth = node.get("/Parent"), depth + 1
        return Dictionary()

    def content_holders(self):
        """(holder, resources, label) of every content stream that is drawn:
        pages, form XObjects, tiling patterns, Type 3 glyphs, soft masks,
        annotation appearances."""
        if getattr(self, "_holders", None) is None:
            self._holders = self._content_holders()
        return self._holders

    def _content_holders(self):
        out = []
        seen = set()

        def add(holder, label):
            if holder.is_indirect:
                if holder.objgen in seen:
                    return
                seen.add(holder.objgen)
            res = holder.get("/Resources")
            if not isinstance(res, Dictionary):
                res = Dictionary()
            out.append((holder, res, label))
            visit_resources(res, label)

        def visit_resources(res, label):
            for key in ("/XObject", "/Pattern"):
                d = res.get(key)
                if not isinstance(d, Dictionary):
                    continue
                for n, x in d.items():
                    if isinstance(x, Stream) and (name_of(x.get("/Subtype")) == "Form" or
                                                  int(x.get("/PatternType", 0)) == 1):
                        add(x, "%s %s %s" % (label, n, oid(x)))
            fonts = res.get("/Font")
            if isinstance(fonts, Dictionary):
                for n, f in fonts.items():
                    if isinstance(f, Dictionary) and name_of(f.get("/Subtype")) == "Type3":
                        add_type3(f, "%s Type 3 font %s" % (label, n))
            gs = res.get("/ExtGState")
            if isinstance(gs, Dictionary):
                for n, g in gs.items():
                    sm = g.get("/SMask") if isinstance(g, Dictionary) else None
                    if isinstance(sm, Dictionary) and isinstance(sm.get("/G"), Stream):
                        add(sm.G, "%s soft mask %s" % (label, oid(sm.G)))

        def add_type3(font, label):
            """The glyph procedures, drawn with the font's resources."""
            if font.is_indirect:
                if ("t3", font.objgen) in seen:
                    return
                seen.add(("t3", font.objgen))
            res = font.get("/Resources")
            if not isinstance(res, Dictionary):
                res = Dictionary()
            procs = font.get("/CharProcs")
            if isinstance(procs, Dictionary):
                for n, proc in procs.items():
                    if isinstance(proc, Stream) and not (proc.is_indirect and proc.objgen in seen):
                        if proc.is_indirect:
                            seen.add(proc.objgen)
                        out.append((proc, res, "%s glyph %s" % (label, n)))
            visit_resources(res, label)

        for i, page in enumerate(self.pages):
            label = "page %d" % (i + 1)
            if not page.is_indirect or page.objgen not in seen:
                if page.is_indirect:
                    seen.add(page.objgen)
                res = self.page_resources(page)
                out.append((page, res, label))
                visit_resources(res, label)
            for a in as_list(page.get("/Annots")):
                ap = a.get("/AP") if isinstance(a, Dictionary) else None
                if not isinstance(ap, Dictionary):
                    continue
                for key in ("/N", "/R", "/D"):
                    v = ap.get(key)
                    if isinstance(v, Stream):
                        add(v, "%s annotation appearance" % label)
                    elif isinstance(v, Dictionary):
                        for _, s in v.items():
                            if isinstance(s, Stream):
                                add(s, "%s annotation appearance" % label)
        return out

    def fonts(self):
        """(font dictionary, where) of every font in the resources."""
        out, seen = [], set()
        for holder, res, label in self.content_holders():
            fd = res.get("/Font")
            if not isinstance(fd, Dictionary):
                continue
            for n, f in fd.items():
                if not isinstance(f, Dictionary):
                    continue
                if f.is_indirect:
                    if f.objgen in seen:
                        continue
                    seen.add(f.objgen)
                out.append((f, "%s %s %s" % (label, n, name_of(f.get("/BaseFont")) or "")))
        return out

    def annotations(self):
        """(annotation, page number) of every annotation."""
        out = []
        for i, page in enumerate(self.pages):
            for a in as_list(page.get("/Annots")):
                if isinstance(a, Dictionary):
                    out.append((a, i + 1))
        return out

    # --- XMP
    def xmp(self):
        """The parsed XMP packet (an Element), or None; xmp_error says why."""
        if self._xmp_done:
            return self._xmp
        self._xmp_done = True
        md = self.root.get("/Metadata")
        if not isinstance(md, Stream):
            self._xmp_error = "no /Metadata stream in the catalog"
            return None
        try:
            data = md.read_bytes()
        except Exception as e:
            self._xmp_error = "the metadata stream cannot be read: %s" % e
            return None
        try:
            self._xmp = ET.fromstring(data)
            self.xmp_prefixes = set()  # (prefix, namespace) as bound in the packet
            for _, (prefix, uri) in ET.iterparse(io.BytesIO(data), events=("start-ns",)):
                self.xmp_prefixes.add((prefix, uri))
        except ET.ParseError as e:
            self._xmp_error = "the XMP is not well-formed XML: %s" % e
            self._xmp = None
            return None
        return self._xmp

    def xmp_prefix_problem(self, prefix):
        """A message when the namespace of prefix is bound to another prefix
        (veraPDF checks the identification schemas' prefixes), or None."""
        uri = NS[prefix]
        other = sorted(p for p, u in self.xmp_prefixes if u == uri and p != prefix)
        if other:
            return "the namespace %s has the prefix %s, not %s" % (uri, other[0], prefix)
        return None

    def xmp_prop(self, prefix, local):
        """The first element or attribute value of property prefix:local in any
        rdf:Description: an Element, a str (attribute form), or None."""
        x = self.xmp()
        if x is None:
            return None
        tag = "{%s}%s" % (NS[prefix], local)
        for d in x.iter(RDF + "Description"):
            if tag in d.attrib:
                return d.attrib[tag]
            for c in d:
                if c.tag == tag:
                    return c
        return None

    def xmp_text(self, prefix, local):
        """A simple property's text (attribute or element)."""
        v = self.xmp_prop(prefix, local)
        if v is None or isinstance(v, str):
            return v
        if v.get(RDF + "resource") is not None:
            return v.get(RDF + "resource")
        return (v.text or "").strip()

    def xmp_items(self, prefix, local):
        """The rdf:li texts of an array property ((lang, text) pairs), or None."""
        v = self.xmp_prop(prefix, local)
        if v is None:
            return None
        if isinstance(v, str):
            return [(None, v)]
        items = []
        for arr in v:
            if arr.tag in (RDF + "Alt", RDF + "Seq", RDF + "Bag"):
                for li in arr.findall(RDF + "li"):
                    items.append((li.get("{http://www.w3.org/XML/1998/namespace}lang"),
                                  (li.text or "").strip()))
        if not items and (v.text or "").strip():
            items.append((None, v.text.strip()))
        return items


# --- helpers of the content checks ---------------------------------------------------

def op_name(ins):
    return str(ins.operator)


def marked_content_walk(doc, holder, res):
    """Yields (instruction, stack) for every instruction of a content
    stream, stack being the open marked-content sequences as
    (tag, mcid or None, is_artifact). Raises what parsing raised."""
    parsed = doc.parse(holder)
    if isinstance(parsed, Exception):
        raise parsed
    stack = []
    props = res.get("/Properties") if isinstance(res, Dictionary) else None
    for ins in parsed:
        op = op_name(ins)
        if op == "BMC":
            tag = name_of(ins.operands[0]) if ins.operands else None
            stack.append((tag, None, tag == "Artifact"))
        elif op == "BDC":
            tag = name_of(ins.operands[0]) if ins.operands else None
            p = ins.operands[1] if len(ins.operands) > 1 else None
            if isinstance(p, Name) and isinstance(props, Dictionary):
                p = props.get(str(p))
            mcid = None
            if isinstance(p, Dictionary) and "/MCID" in p:
                try:
                    mcid = int(p.MCID)
                except Exception:
                    mcid = -1
            stack.append((tag, mcid, tag == "Artifact"))
        elif op == "EMC":
            if stack:
                stack.pop()
        yield ins, stack


def device_space_of(cs, res):
    """The device colour space a colour space object amounts to, or None."""
    n = name_of(cs)
    if n in ("DeviceRGB", "RGB"):
        return "DeviceRGB"
    if n in ("DeviceGray", "G"):
        return "DeviceGray"
    if n in ("DeviceCMYK", "CMYK"):
        return "DeviceCMYK"
    if n and isinstance(res, Dictionary) and isinstance(res.get("/ColorSpace"), Dictionary):
        v = res.ColorSpace.get("/" + n)
        if v is not None and not same(v, cs):
            return device_space_of(v, None)
    if isinstance(cs, Array) and len(cs) >= 2:
        fam = name_of(cs[0])
        if fam in ("Indexed", "I", "Pattern"):
            return device_space_of(cs[1], res)
        if fam in ("Separation", "DeviceN"):
            return device_space_of(cs[2] if len(cs) > 2 else None, res)
    return None


def parse_pdf_date(s):
    m = re.match(r"^(D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                 r"(Z|[+-]\d{2}'?(\d{2})?'?)?", s or "")
    if not m:
        return None
    y = int(m.group(2))
    mo, d, h, mi, se = (int(g) if g else dflt for g, dflt in
                        zip(m.group(3, 4, 5, 6, 7), (1, 1, 0, 0, 0)))
    tz = m.group(8)
    try:
        dt = datetime.datetime(y, mo, d, h, mi, se)
    except ValueError:
        return None
    if tz is None:
        return dt
    if tz == "Z":
        return dt.replace(tzinfo=datetime.timezone.utc)
    hh = int(tz[1:3])
    mm = int(m.group(9) or 0)
    off = datetime.timedelta(hours=hh, minutes=mm)
    return dt.replace(tzinfo=datetime.timezone(off if tz[0] == "+" else -off))


def parse_xmp_date(s):
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                 r"(Z|[+-]\d{2}:\d{2})?)?)?)?$", (s or "").strip())
    if not m:
        return None
    y = int(m.group(1))
    mo, d, h, mi, se = (int(g) if g else dflt for g, dflt in
                        zip(m.group(2, 3, 4, 5, 6), (1, 1, 0, 0, 0)))
    try:
        dt = datetime.datetime(y, mo, d, h, mi, se)
    except ValueError:
        return None
    tz = m.group(7)
    if tz is None:
        return dt
    if tz == "Z":
        return dt.replace(tzinfo=datetime.timezone.utc)
    off = datetime.timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
    return dt.replace(tzinfo=datetime.timezone(off if tz[0] == "+" else -off))


def all_objects(doc):
    """Every indirect dictionary and stream."""
    for obj in doc.pdf.objects:
        if isinstance(obj, (Dictionary, Stream)):
            yield obj


def all_dicts(doc):
    """(dictionary, the indirect object it is in) of every dictionary, direct
    ones included (a stream gives its stream dictionary)."""
    def inner(o, top, depth):
        if depth > 64:
            return
        if isinstance(o, Stream):
            o = o.stream_dict
        if isinstance(o, Dictionary):
            yield o, top
            items = [v for _, v in o.items()]
        elif isinstance(o, Array):
            items = list(o)
        else:
            return
        for v in items:
            if isinstance(v, (Dictionary, Array, Stream)) and not v.is_indirect:
                yield from inner(v, top, depth + 1)
    for obj in doc.pdf.objects:
        if isinstance(obj, (Dictionary, Array, Stream)):
            yield from inner(obj, obj, 0)


# --- the checks --------------------------------------------------------------------

@check("header-version")
def c_header(doc):
    """The file starts with %PDF-1.4 to %PDF-1.7 (PDF/A-2 6.1.2), and a
    catalog /Version, if any, names one of those too."""
    m = re.match(rb"%PDF-(\d+\.\d+)", doc.head)
    if not m:
        yield "the file does not start with %PDF-n.m"
    elif m.group(1) not in (b"1.4", b"1.5", b"1.6", b"1.7"):
        yield "header version %s, PDF/A-2 allows 1.4 to 1.7" % m.group(1).decode()
    v = name_of(doc.root.get("/Version"))
    if v is not None and v not in ("1.4", "1.5", "1.6", "1.7"):
        yield "catalog /Version %s, PDF/A-2 allows 1.4 to 1.7" % v


@check("binary-comment")
def c_binary_comment(doc):
    """The header line is followed by a comment of at least four bytes above
    127, which marks the file as binary (PDF/A-2 6.1.2)."""
    m = re.match(rb"%PDF-\d+\.\d+\r?\n?\r?%([^\r\n]*)", doc.head)
    if not m or sum(1 for b in m.group(1)[:4] if b > 127) < 4:
        yield "no comment of four bytes above 127 after the header line"


@check("trailer-id")
def c_trailer_id(doc):
    """The trailer has an /ID of two strings (PDF/A-2 6.1.3)."""
    i = doc.pdf.trailer.get("/ID")
    if not isinstance(i, Array) or len(i) != 2 or not all(isinstance(x, pikepdf.String) for x in i):
        yield "the trailer has no /ID of two strings"


@check("no-encryption")
def c_encryption(doc):
    """The file is not encrypted (PDF/A-2 6.1.3)."""
    if "/Encrypt" in doc.pdf.trailer or doc.pdf.is_encrypted:
        yield "the file is encrypted"


@check("no-lzw")
def c_lzw(doc):
    """No stream or inline image is LZW-compressed (PDF/A-2 6.1.7.2)."""
    for obj in all_objects(doc):
        if isinstance(obj, Stream):
            fs = [name_of(f) for f in as_list(obj.get("/Filter"))]
            if "LZWDecode" in fs:
                yield "LZWDecode stream (%s)" % oid(obj)
    for holder, res, label in doc.content_holders():
        parsed = doc.parse(holder)
        if isinstance(parsed, Exception):
            continue
        for ins in parsed:
            if op_name(ins) == "INLINE IMAGE":
                d = ins.iimage.obj if hasattr(ins, "iimage") else None
                fs = [name_of(f) for f in as_list(d.get("/Filter", d.get("/F"))) ] if d is not None else []
                if "LZWDecode" in fs or "LZW" in fs:
                    yield "LZW inline image (%s)" % label


@check("no-external-streams")
def c_external(doc):
    """No stream keeps its data in an external file (/F, /FFilter,
    /FDecodeParms; PDF/A-2 6.1.7.1)."""
    for obj in all_objects(doc):
        if isinstance(obj, Stream):
            for k in ("/F", "/FFilter", "/FDecodeParms"):
                if k in obj.stream_dict:
                    yield "stream with %s (%s)" % (k, oid(obj))
                    break


@check("no-javascript")
def c_javascript(doc):
    """No JavaScript: no /JavaScript name tree, no JavaScript action, no /JS
    (PDF/A-2 6.6.1), and no additional actions /AA (6.6.2)."""
    names = doc.root.get("/Names")
    if isinstance(names, Dictionary) and "/JavaScript" in names:
        yield "the /Names dictionary has a /JavaScript tree"
    for d, top in all_dicts(doc):
        if "/JS" in d:
            yield "a dictionary with /JS (in %s)" % oid(top)
        if name_of(d.get("/S")) == "JavaScript":
            yield "a JavaScript action (in %s)" % oid(top)
        if "/AA" in d:
            yield "additional actions /AA (in %s)" % oid(top)


# PDF/A-2 6.6.1: the action types that are not permitted
FORBIDDEN_ACTIONS = {"Launch", "Sound", "Movie", "ResetForm", "ImportData", "Hide",
                     "SetOCGState", "Rendition", "Trans", "GoTo3DView", "JavaScript"}


@check("actions-allowed")
def c_actions(doc):
    """No action of a type PDF/A-2 forbids (Launch, Sound, Movie, ResetForm,
    ImportData, Hide, SetOCGState, Rendition, Trans, GoTo3DView; 6.6.1)."""
    for d, top in all_dicts(doc):
        s = name_of(d.get("/S"))
        if s in FORBIDDEN_ACTIONS - {"JavaScript"} and ("/Type" not in d or name_of(d.get("/Type")) == "Action"):
            yield "a %s action (in %s)" % (s, oid(top))


@check("no-embedded-files")
def c_embedded(doc):
    """No embedded files (PDF/A-2 allows only PDF/A attachments; ours have
    none)."""
    names = doc.root.get("/Names")
    if isinstance(names, Dictionary) and "/EmbeddedFiles" in names:
        yield "the /Names dictionary has /EmbeddedFiles"
    for a, pno in doc.annotations():
        if name_of(a.get("/Subtype")) == "FileAttachment":
            yield "a file attachment annotation (page %d)" % pno


@check("marked")
def c_marked(doc):
    """The catalog's /MarkInfo has /Marked true and no /Suspects true
    (PDF/UA-1 7.1, Matterhorn 01-002)."""
    mi = doc.root.get("/MarkInfo")
    if not isinstance(mi, Dictionary) or mi.get("/Marked") is not True:
        yield "the catalog has no /MarkInfo << /Marked true >>"
    elif bool(mi.get("/Suspects", False)):
        yield "/MarkInfo /Suspects is true"


@check("lang-catalog")
def c_lang_catalog(doc):
    """The catalog has a /Lang that is a well-formed BCP 47 tag (PDF/UA-1
    7.2, Matterhorn 11-006)."""
    lang = text_of(doc.root.get("/Lang"))
    if lang is None:
        yield "the catalog has no /Lang"
    elif not well_formed_lang(lang):
        yield "the catalog's /Lang %r is not a well-formed language tag" % lang


@check("lang-elements")
def c_lang_elements(doc):
    """Every /Lang on a structure element or in a marked-content property
    list is a well-formed BCP 47 tag (Matterhorn 11-001 to 11-005)."""
    for e in doc.elems():
        if "/Lang" in e.obj:
            lang = text_of(e.obj.get("/Lang"))
            if lang is None or not well_formed_lang(lang):
                yield "/Lang %r is not a well-formed language tag (%s)" % (lang, e.where())
    for holder, res, label in doc.content_holders():
        parsed = doc.parse(holder)
        if isinstance(parsed, Exception):
            continue
        props = res.get("/Properties")
        for ins in parsed:
            if op_name(ins) != "BDC" or len(ins.operands) < 2:
                continue
            p = ins.operands[1]
            if isinstance(p, Name) and isinstance(props, Dictionary):
                p = props.get(str(p))
            if isinstance(p, Dictionary) and "/Lang" in p:
                lang = text_of(p.get("/Lang"))
                if lang is None or not well_formed_lang(lang):
                    yield "/Lang %r is not a well-formed language tag (marked content, %s)" % (lang, label)


@check("display-doc-title")
def c_display_doc_title(doc):
    """/ViewerPreferences /DisplayDocTitle true: the window shows the title,
    not the file name (PDF/UA-1 7.1, Matterhorn 07-001)."""
    vp = doc.root.get("/ViewerPreferences")
    if not isinstance(vp, Dictionary) or not bool(vp.get("/DisplayDocTitle", False)):
        yield "the catalog has no /ViewerPreferences << /DisplayDocTitle true >>"


@check("xmp-present")
def c_xmp_present(doc):
    """The catalog has a /Metadata stream (Type /Metadata, Subtype /XML, not
    filtered) whose content is well-formed XMP (PDF/A-2 6.6.2.1, Matterhorn
    06-001)."""
    md = doc.root.get("/Metadata")
    if isinstance(md, Stream):
        if name_of(md.get("/Type")) != "Metadata" or name_of(md.get("/Subtype")) != "XML":
            yield "the metadata stream is not /Type /Metadata /Subtype /XML (%s)" % oid(md)
        if "/Filter" in md.stream_dict:
            yield "the metadata stream is compressed (%s)" % oid(md)
    x = doc.xmp()
    if x is None:
        yield doc._xmp_error
    elif not list(x.iter(RDF + "RDF")):
        yield "the XMP has no rdf:RDF"


@check("xmp-dc-title")
def c_xmp_title(doc):
    """The XMP has a non-empty dc:title (PDF/UA-1 7.1, Matterhorn 06-003)."""
    if doc.xmp() is None:
        yield "no XMP, so no dc:title"
        return
    items = doc.xmp_items("dc", "title")
    if not items or not any(t for _, t in items):
        yield "the XMP has no dc:title"


@check("xmp-pdfuaid")
def c_xmp_pdfuaid(doc):
    """The XMP says pdfuaid:part 1, with that prefix (PDF/UA-1 5, Matterhorn
    06-002)."""
    if doc.xmp() is None:
        yield "no XMP, so no pdfuaid:part"
        return
    v = doc.xmp_text("pdfuaid", "part")
    if v is None:
        yield "the XMP has no pdfuaid:part"
    elif v != "1":
        yield "pdfuaid:part is %r, not 1" % v
    problem = doc.xmp_prefix_problem("pdfuaid")
    if problem:
        yield problem


@check("xmp-pdfua-extension")
def c_xmp_extension(doc):
    """The pdfuaid schema is declared in a pdfaExtension:schemas entry
    (namespace http://www.aiim.org/pdfua/ns/id/, prefix pdfuaid, property
    part), as PDF/A requires of every schema it does not predefine
    (PDF/A-2 6.6.2.3)."""
    x = doc.xmp()
    if x is None:
        yield "no XMP, so no extension schema"
        return
    schemas = "{%s}schemas" % NS["pdfaExtension"]
    found = False
    for s in x.iter(schemas):
        for li in s.iter(RDF + "li"):
            ns_uri = li.findtext("{%s}namespaceURI" % NS["pdfaSchema"])
            if ns_uri is None:
                ns_uri = li.get("{%s}namespaceURI" % NS["pdfaSchema"])
            if (ns_uri or "").strip() != NS["pdfuaid"]:
                continue
            prefix = li.findtext("{%s}prefix" % NS["pdfaSchema"]) or li.get("{%s}prefix" % NS["pdfaSchema"])
            names = [(n.text or "").strip() for n in li.iter("{%s}name" % NS["pdfaProperty"])]
            names += [p.get("{%s}name" % NS["pdfaProperty"]) for p in li.iter()
                      if p.get("{%s}name" % NS["pdfaProperty"])]
            if (prefix or "").strip() == "pdfuaid" and "part" in names:
                found = True
    if not found:
        yield ("no pdfaExtension:schemas entry declares the pdfuaid schema "
               "(%s, prefix pdfuaid, property part)" % NS["pdfuaid"])


# Schemas PDF/A-2 predefines (ISO 19005-2 6.6.2.3.1: those of XMP 2005 and the
# PDF/A identification); properties in any other namespace need an extension schema.
PREDEFINED_XMP = frozenset([
    "http://purl.org/dc/elements/1.1/", "http://ns.adobe.com/xap/1.0/",
    "http://ns.adobe.com/xap/1.0/rights/", "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/", "http://ns.adobe.com/pdf/1.3/",
    "http://ns.adobe.com/photoshop/1.0/", "http://ns.adobe.com/camera-raw-settings/1.0/",
    "http://ns.adobe.com/exif/1.0/", "http://ns.adobe.com/exif/1.0/aux/",
    "http://ns.adobe.com/tiff/1.0/", NS["pdfaid"], NS["pdfaExtension"],
])


@check("xmp-extension-schemas")
def c_xmp_extension_schemas(doc):
    """Every XMP property outside the predefined schemas (our provenance
    record, docs/provenance.md, among them) is declared, with its value
    type, in a pdfaExtension:schemas entry for its namespace (PDF/A-2
    6.6.2.3.1)."""
    x = doc.xmp()
    if x is None:
        yield "no XMP, so no properties to declare"
        return
    declared = {}  # namespace URI: {property name: value type}
    for s in x.iter("{%s}schemas" % NS["pdfaExtension"]):
        for bag in s:
            for li in bag:
                uri = (li.findtext("{%s}namespaceURI" % NS["pdfaSchema"]) or "").strip()
                props = declared.setdefault(uri, {})
                for p in li.iter():
                    name = p.findtext("{%s}name" % NS["pdfaProperty"])
                    if name:
                        props[name.strip()] = (p.findtext("{%s}valueType" % NS["pdfaProperty"]) or "").strip()
    for d in x.iter(RDF + "Description"):
        used = [c.tag for c in d] + [a for a in d.attrib if a.startswith("{")]
        for tag in used:
            uri, local = tag[1:].split("}", 1)
            if uri in PREDEFINED_XMP or uri == NS["rdf"]:
                continue
            vt = declared.get(uri, {}).get(local)
            if vt is None:
                yield "the XMP property %s (%s) is not declared in an extension schema" % (local, uri)
            elif not vt:
                yield "the XMP property %s (%s) is declared without a value type" % (local, uri)


@check("xmp-pdfaid")
def c_xmp_pdfaid(doc):
    """The XMP says pdfaid:part 2 and pdfaid:conformance A, with that
    prefix (PDF/A-2 6.6.4)."""
    if doc.xmp() is None:
        yield "no XMP, so no pdfaid"
        return
    part = doc.xmp_text("pdfaid", "part")
    conf = doc.xmp_text("pdfaid", "conformance")
    if part != "2":
        yield "pdfaid:part is %r, not 2" % part
    if conf != "A":
        yield "pdfaid:conformance is %r, not A" % conf
    problem = doc.xmp_prefix_problem("pdfaid")
    if problem:
        yield problem


INFO_XMP = [
    ("/Title", "dc", "title", "alt"),
    ("/Author", "dc", "creator", "seq"),
    ("/Subject", "dc", "description", "alt"),
    ("/Keywords", "pdf", "Keywords", "text"),
    ("/Producer", "pdf", "Producer", "text"),
    ("/Creator", "xmp", "CreatorTool", "text"),
    ("/CreationDate", "xmp", "CreateDate", "date"),
    ("/ModDate", "xmp", "ModifyDate", "date"),
]


@check("xmp-matches-info")
def c_xmp_info(doc):
    """Every field of the Info dictionary has its XMP equivalent with the
    same value (Title, Author, Subject, Keywords, Producer, Creator; the dates
    as the same instant; PDF/A-2 6.6.2.3.1 via PDF/A-1 6.7.3)."""
    info = doc.pdf.trailer.get("/Info")
    if not isinstance(info, Dictionary):
        return
    if doc.xmp() is None:
        if any(k in info for k, *_ in INFO_XMP):
            yield "the Info dictionary has fields but there is no XMP"
        return
    for key, prefix, local, kind in INFO_XMP:
        if key not in info:
            continue
        v = text_of(info.get(key))
        if v is None:
            yield "Info %s is not a string" % key
            continue
        prop = "%s:%s" % (prefix, local)
        if kind == "alt":
            items = doc.xmp_items(prefix, local)
            xv = None
            if items:
                xv = next((t for lang, t in items if lang == "x-default"), items[0][1])
            if xv != v:
                yield "Info %s %r but XMP %s %r" % (key[1:], v, prop, xv)
        elif kind == "seq":
            items = doc.xmp_items(prefix, local)
            xv = [t for _, t in items] if items else None
            if xv != [v]:
                yield "Info %s %r but XMP %s %r" % (key[1:], v, prop, xv)
        elif kind == "text":
            xv = doc.xmp_text(prefix, local)
            if xv != v:
                yield "Info %s %r but XMP %s %r" % (key[1:], v, prop, xv)
        else:
            xv = doc.xmp_text(prefix, local)
            a, b = parse_pdf_date(v), parse_xmp_date(xv) if xv else None
            if a is None:
                yield "Info %s %r is not a PDF date" % (key[1:], v)
            elif b is None:
                yield "Info %s %r but XMP %s %r" % (key[1:], v, prop, xv)
            elif (a.tzinfo is None) != (b.tzinfo is None) or a != b:
                yield "Info %s %r but XMP %s %r: not the same instant" % (key[1:], v, prop, xv)


def output_intent(doc):
    """(colour space of the GTS_PDFA1 intent's profile: 'RGB', 'CMYK',
    'GRAY' or None, and the problems found)."""
    problems = []
    ois = [oi for oi in as_list(doc.root.get("/OutputIntents")) if isinstance(oi, Dictionary)]
    pdfa = [oi for oi in ois if name_of(oi.get("/S")) == "GTS_PDFA1"]
    if not pdfa:
        return None, ["the catalog has no /OutputIntents entry with /S /GTS_PDFA1"]
    profiles = [oi.get("/DestOutputProfile") for oi in ois if "/DestOutputProfile" in oi]
    first = profiles[0] if profiles else None
    for p in profiles[1:]:
        if not same(p, first):
            problems.append("output intents with different /DestOutputProfile streams (PDF/A-2 6.2.3)")
    prof = pdfa[0].get("/DestOutputProfile")
    if not isinstance(prof, Stream):
        return None, problems + ["the GTS_PDFA1 output intent has no embedded /DestOutputProfile stream"]
    try:
        data = prof.read_bytes()
    except Exception as e:
        return None, problems + ["the ICC profile cannot be read: %s" % e]
    if len(data) < 128 or data[36:40] != b"acsp":
        return None, problems + ["the /DestOutputProfile is not an ICC profile (%s)" % oid(prof)]
    space = data[16:20].decode("latin1").strip().upper()
    cls = data[12:16]
    if cls not in (b"prtr", b"mntr"):
        problems.append("the ICC profile's class is %r, not an output or display profile" % cls.decode("latin1"))
    n = {"RGB": 3, "CMYK": 4, "GRAY": 1}.get(space)
    if n is None:
        return None, problems + ["the ICC profile's colour space %r is not RGB, CMYK or gray" % space]
    if int(prof.get("/N", 0)) != n:
        problems.append("the ICC profile is %s but its /N is %s" % (space, prof.get("/N")))
    return space, problems


@check("output-intent")
def c_output_intent(doc):
    """An /OutputIntents entry /S /GTS_PDFA1 with an embedded ICC output
    profile whose /N matches its colour space (3 for RGB); several intents
    share one profile (PDF/A-2 6.2.3)."""
    _, problems = output_intent(doc)
    yield from problems


@check("device-colour")
def c_device_colour(doc):
    """DeviceRGB, DeviceCMYK and DeviceGray (in content streams, inline
    images, images, shadings and transparency groups) only with a matching
    PDF/A output intent: RGB needs an RGB profile, CMYK a CMYK profile, gray
    any (PDF/A-2 6.2.4.3)."""
    space, _ = output_intent(doc)
    allowed = {"DeviceGray"} if space else set()
    if space == "RGB":
        allowed.add("DeviceRGB")
    if space == "CMYK":
        allowed.add("DeviceCMYK")
    found = {}  # space: first place

    def use(dev, where, res=None):
        if dev is None or dev in allowed:
            return
        if isinstance(res, Dictionary) and isinstance(res.get("/ColorSpace"), Dictionary):
            default = {"DeviceRGB": "/DefaultRGB", "DeviceGray": "/DefaultGray",
                       "DeviceCMYK": "/DefaultCMYK"}[dev]
            if default in res.ColorSpace:
                return
        found.setdefault(dev, where)

    for i, page in enumerate(doc.pages):
        g = page.get("/Group")
        if isinstance(g, Dictionary) and "/CS" in g:
            use(device_space_of(g.CS, None), "page %d /Group /CS" % (i + 1))
    for holder, res, label in doc.content_holders():
        g = holder.get("/Group")
        if isinstance(holder, Stream) and isinstance(g, Dictionary) and "/CS" in g:
            use(device_space_of(g.CS, None), "%s /Group /CS" % label)
        xo = res.get("/XObject")
        if isinstance(xo, Dictionary):
            for n, x in xo.items():
                if isinstance(x, Stream) and name_of(x.get("/Subtype")) == "Image" and \
                        not bool(x.get("/ImageMask", False)) and "/ColorSpace" in x:
                    use(device_space_of(x.ColorSpace, res), "%s image %s" % (label, n), res)
        shadings = []
        sh = res.get("/Shading")
        if isinstance(sh, Dictionary):
            shadings += [(n, s) for n, s in sh.items()]
        pat = res.get("/Pattern")
        if isinstance(pat, Dictionary):
            shadings += [(n, p.get("/Shading")) for n, p in pat.items()
                         if isinstance(p, Dictionary) and "/Shading" in p]
        for n, s in shadings:
            if isinstance(s, Dictionary) and "/ColorSpace" in s:
                use(device_space_of(s.ColorSpace, res), "%s shading %s" % (label, n), res)
        parsed = doc.parse(holder)
        if isinstance(parsed, Exception):
            continue
        for ins in parsed:
            op = op_name(ins)
            if op in ("rg", "RG"):
                use("DeviceRGB", "%s operator %s" % (label, op), res)
            elif op in ("k", "K"):
                use("DeviceCMYK", "%s operator %s" % (label, op), res)
            elif op in ("g", "G"):
                use("DeviceGray", "%s operator %s" % (label, op), res)
            elif op in ("cs", "CS") and ins.operands:
                use(device_space_of(ins.operands[0], res), "%s operator %s" % (label, op), res)
            elif op == "INLINE IMAGE":
                d = ins.iimage.obj
                cs = d.get("/CS", d.get("/ColorSpace"))
                if cs is not None and not bool(d.get("/IM", d.get("/ImageMask", False))):
                    use(device_space_of(cs, res), "%s inline image" % label, res)
    for dev, where in found.items():
        yield "%s without a matching output intent (first: %s)" % (dev, where)


@check("image-keys")
def c_image_keys(doc):
    """No image with /Interpolate true, /Alternates or /OPI (inline images
    included), and no PostScript or OPI form XObject (PDF/A-2 6.2.8, 6.2.9)."""
    found = {}
    for holder, res, label in doc.content_holders():
        if isinstance(holder, Stream) and "/OPI" in holder.stream_dict:
            found.setdefault("a form XObject with /OPI", label)
        xo = res.get("/XObject")
        if isinstance(xo, Dictionary):
            for n, x in xo.items():
                if not isinstance(x, Stream):
                    continue
                sub = name_of(x.get("/Subtype"))
                where = "%s %s %s" % (label, n, oid(x))
                if sub == "PS" or name_of(x.get("/Subtype2")) == "PS":
                    found.setdefault("a PostScript XObject", where)
                if sub == "Image":
                    if x.get("/Interpolate") is True:
                        found.setdefault("an image with /Interpolate true", where)
                    for k in ("/Alternates", "/OPI"):
                        if k in x.stream_dict:
                            found.setdefault("an image with %s" % k, where)
        parsed = doc.parse(holder)
        if isinstance(parsed, Exception):
            continue
        for ins in parsed:
            if op_name(ins) == "INLINE IMAGE":
                d = ins.iimage.obj
                if d.get("/I", d.get("/Interpolate")) is True:
                    found.setdefault("an inline image with /Interpolate true", label)
    for what, where in found.items():
        yield "%s (first: %s)" % (what, where)


@check("graphics-state")
def c_graphics_state(doc):
    """No graphics state with a transfer function (/TR, /TR2 other than
    /Default), /HTO, a halftone of a type other than 1 or 5, or a blend mode
    outside ISO 32000-1's list (PDF/A-2 6.2.5, 6.2.10.5)."""
    modes = {"Normal", "Compatible", "Multiply", "Screen", "Overlay", "Darken", "Lighten",
             "ColorDodge", "ColorBurn", "HardLight", "SoftLight", "Difference", "Exclusion",
             "Hue", "Saturation", "Color", "Luminosity"}
    seen = set()
    for holder, res, label in doc.content_holders():
        gs = res.get("/ExtGState")
        if not isinstance(gs, Dictionary):
            continue
        for n, g in gs.items():
            if not isinstance(g, Dictionary):
                continue
            if g.is_indirect:
                if g.objgen in seen:
                    continue
                seen.add(g.objgen)
            where = "%s %s" % (label, n)
            if "/TR" in g:
                yield "a graphics state with /TR (%s)" % where
            if "/TR2" in g and name_of(g.get("/TR2")) != "Default":
                yield "a graphics state with /TR2 other than /Default (%s)" % where
            if "/HTO" in g:
                yield "a graphics state with /HTO (%s)" % where
            ht = g.get("/HT")
            if isinstance(ht, Dictionary) and int(ht.get("/HalftoneType", 1)) not in (1, 5):
                yield "a halftone of type %s (%s)" % (ht.get("/HalftoneType"), where)
            for bm in as_list(g.get("/BM")):
                if name_of(bm) not in modes:
                    yield "blend mode %s (%s)" % (bm, where)


@check("struct-tree")
def c_struct_tree(doc):
    """A StructTreeRoot with a /ParentTree, and /StructParents on every page
    with marked content that has an MCID (PDF/UA-1 7.1, Matterhorn 01)."""
    st = doc.root.get("/StructTreeRoot")
    if not isinstance(st, Dictionary):
        yield "the catalog has no /StructTreeRoot"
        return
    if not isinstance(st.get("/ParentTree"), Dictionary):
        yield "the StructTreeRoot has no /ParentTree"
    if not as_list(st.get("/K")):
        yield "the structure tree is empty"
    for i, page in enumerate(doc.pages):
        parsed = doc.parse(page)
        if isinstance(parsed, Exception):
            yield "page %d: the content stream cannot be parsed: %s" % (i + 1, parsed)
            continue
        has_mcid = any(op_name(ins) == "BDC" and len(ins.operands) > 1 and
                       isinstance(ins.operands[1], Dictionary) and "/MCID" in ins.operands[1]
                       for ins in parsed)
        if has_mcid and "/StructParents" not in page:
            yield "page %d has marked content but no /StructParents" % (i + 1)


@check("struct-parent-links")
def c_struct_p(doc):
    """Every structure element's /P is the element (or the StructTreeRoot)
    that lists it as a kid."""
    st = doc.root.get("/StructTreeRoot")
    for e in doc.elems():
        p = e.obj.get("/P")
        want = e.parent.obj if e.parent is not None else st
        if p is None or not same(p, want):
            yield "/P is not its parent (%s)" % e.where()


@check("standard-types")
def c_standard_types(doc):
    """Every structure type is standard (PDF 1.7) or mapped to one through
    /RoleMap, and no standard type is remapped (PDF/UA-1 7.1, Matterhorn
    02-001 to 02-004)."""
    for e in doc.elems():
        if e.std is None:
            yield "structure type /%s is neither standard nor mapped to a standard type (%s)" % (e.s, oid(e.obj))
    for k, v in doc.role_map().items():
        if k[1:] in STANDARD_TYPES:
            yield "the RoleMap remaps the standard type %s to %s" % (k, v)


@check("required-parent")
def c_required_parent(doc):
    """Table and list parts sit in their parents: TD and TH in TR; TR in
    Table, THead, TBody or TFoot; THead, TBody, TFoot in Table; LI in L; Lbl
    and LBody in LI; TOCI in TOC (ISO 32000-1 14.8.4, Matterhorn 09-004)."""
    for e in doc.elems():
        need = REQUIRED_PARENTS.get(e.std)
        if need is None:
            continue
        ptype = e.parent.std if e.parent is not None else "StructTreeRoot"
        if ptype not in need:
            yield "%s in %s, not in %s (%s)" % (e.std, ptype, "/".join(sorted(need)), oid(e.obj))


def attributes(doc, e):
    """The attribute dictionaries of an element (/A and through /C the
    ClassMap)."""
    out = [a for a in as_list(e.obj.get("/A")) if isinstance(a, Dictionary)]
    st = doc.root.get("/StructTreeRoot")
    cm = st.get("/ClassMap") if isinstance(st, Dictionary) else None
    if isinstance(cm, Dictionary):
        for c in as_list(e.obj.get("/C")):
            if isinstance(c, Name):
                out += [a for a in as_list(cm.get(str(c))) if isinstance(a, Dictionary)]
    return out


@check("th-scope")
def c_th_scope(doc):
    """Every TH has a Table attribute /Scope of Row, Column or Both (PDF/UA-1
    7.5, Matterhorn 15-003)."""
    for e in doc.elems():
        if e.std != "TH":
            continue
        scopes = [name_of(a.get("/Scope")) for a in attributes(doc, e)
                  if name_of(a.get("/O")) == "Table" and "/Scope" in a]
        if not scopes:
            yield "TH without /A << /O /Table /Scope ... >> (%s)" % oid(e.obj)
        elif scopes[0] not in ("Row", "Column", "Both"):
            yield "TH with /Scope %s (%s)" % (scopes[0], oid(e.obj))


@check("figure-alt")
def c_figure_alt(doc):
    """Every Figure and Formula has a non-empty /Alt (PDF/UA-1 7.3, 7.7;
    Matterhorn 13-004, 17-002)."""
    for e in doc.elems():
        if e.std in ("Figure", "Formula"):
            alt = text_of(e.obj.get("/Alt"))
            if not alt or not alt.strip():
                yield "%s without /Alt (%s)" % (e.std, oid(e.obj))


@check("link-objr")
def c_link_objr(doc):
    """Every Link element has an OBJR kid naming a Link annotation
    (PDF/UA-1 7.18.5, Matterhorn 28-011)."""
    for e in doc.elems():
        if e.std != "Link":
            continue
        if not any(isinstance(o, Dictionary) and name_of(o.get("/Subtype")) == "Link" for o in e.objrs):
            yield "Link element without an OBJR of a link annotation (%s)" % oid(e.obj)


@check("link-annot-tagged")
def c_link_annot(doc):
    """Every link annotation is the object of exactly one OBJR, in a Link
    element, and has a /StructParent that the ParentTree maps to that
    element (PDF/UA-1 7.18.1, 7.18.5; Matterhorn 28-011)."""
    holders = {}  # annotation objgen: [Elem]
    for e in doc.elems():
        for o in e.objrs:
            if isinstance(o, Dictionary) and o.is_indirect:
                holders.setdefault(o.objgen, []).append(e)
    pt = doc.parent_tree()
    for a, pno in doc.annotations():
        if name_of(a.get("/Subtype")) != "Link":
            continue
        where = "page %d, %s" % (pno, oid(a))
        es = holders.get(a.objgen, []) if a.is_indirect else []
        if len(es) != 1:
            yield "link annotation in %d OBJRs, not one (%s)" % (len(es), where)
            continue
        if es[0].std != "Link":
            yield "link annotation in a %s element, not a Link (%s)" % (es[0].s, where)
        sp = a.get("/StructParent")
        if sp is None:
            yield "link annotation without /StructParent (%s)" % where
        elif not same(pt.get(int(sp), Dictionary()), es[0].obj):
            yield "the ParentTree does not map the link's /StructParent %d to its element (%s)" % (int(sp), where)


@check("heading-levels")
def c_headings(doc):
    """Numbered headings start at H1 and never skip a level going down, in
    document order (PDF/UA-1 7.4.2, Matterhorn 14-002, 14-003)."""
    prev = 0
    for e in doc.elems():
        m = re.match(r"^H([1-6])$", e.std or "")
        if not m:
            continue
        lvl = int(m.group(1))
        if prev == 0 and lvl != 1:
            yield "the first heading is H%d, not H1 (%s)" % (lvl, oid(e.obj))
        elif lvl > prev + 1 and prev != 0:
            yield "H%d follows H%d (%s)" % (lvl, prev, oid(e.obj))
        prev = lvl


def mcid_owners(doc):
    """{(page objgen, mcid): Elem} from the elements' kids."""
    out = {}
    for e in doc.elems():
        for mcid, pg in e.mcrs:
            if isinstance(pg, Dictionary) and pg.is_indirect:
                out[(pg.objgen, mcid)] = e
    return out


def form_stream(res, name):
    xo = res.get("/XObject") if isinstance(res, Dictionary) else None
    x = xo.get(str(name)) if isinstance(xo, Dictionary) and isinstance(name, Name) else None
    if isinstance(x, Stream) and name_of(x.get("/Subtype")) == "Form":
        return x
    return None


@check("content-tagged")
def c_content_tagged(doc):
    """Every text, path-painting and image operator on every page (and in
    the form XObjects a page draws outside marked content) is inside either
    a marked-content sequence with an MCID that the ParentTree maps, for that
    page, to the structure element that holds that MCID, or inside an
    /Artifact (PDF/UA-1 7.1, Matterhorn 01-005)."""
    pt = doc.parent_tree()
    owners = mcid_owners(doc)
    for i, page in enumerate(doc.pages):
        pno = i + 1
        counts = {}  # problem: [count, first example]

        def note(what, example):
            c = counts.setdefault(what, [0, example])
            c[0] += 1

        def scan(holder, res, key_holder, depth, label):
            sp = key_holder.get("/StructParents")
            arr = pt.get(int(sp)) if sp is not None else None
            try:
                for ins, stack in marked_content_walk(doc, holder, res):
                    op = op_name(ins)
                    if op not in PAINT_OPS:
                        continue
                    if any(art for _, _, art in stack):
                        continue
                    mcids = [m for _, m, _ in stack if m is not None]
                    if op == "Do" and not mcids and depth < 8:
                        f = form_stream(res, ins.operands[0] if ins.operands else None)
                        if f is not None:
                            fres = f.get("/Resources")
                            scan(f, fres if isinstance(fres, Dictionary) else res,
                                 f if "/StructParents" in f else key_holder, depth + 1,
                                 "%s form %s" % (label, ins.operands[0]))
                            continue
                    if not mcids:
                        note("painting operators outside tagged content and artifacts",
                             "%s %s" % (label, op))
                        continue
                    mcid = mcids[-1]
                    target = arr[mcid] if isinstance(arr, Array) and 0 <= mcid < len(arr) else None
                    if not isinstance(target, Dictionary):
                        note("painting operators in marked content whose MCID the ParentTree does not map",
                             "%s MCID %d" % (label, mcid))
                        continue
                    owner = owners.get((page.objgen, mcid)) if key_holder is page else None
                    if key_holder is page and (owner is None or not same(owner.obj, target)):
                        note("painting operators in marked content whose MCID's element does not list it",
                             "%s MCID %d" % (label, mcid))
            except Exception as e:
                note("content that cannot be parsed", "%s: %s" % (label, e))

        scan(page, doc.page_resources(page), page, 0, "page %d" % pno)
        for what, (n, example) in counts.items():
            yield "%d %s (page %d, first: %s)" % (n, what, pno, example)


@check("mcid-once")
def c_mcid_once(doc):
    """Every marked-content sequence with an MCID on a page is the kid of
    exactly one structure element, and every MCID an element lists is on
    the page it names: a paragraph a page break cuts is one element with
    content on both pages, not two (ISO 32000-1 14.7.4.2, PDF/UA-1 7.1)."""
    on_page = {}  # (page objgen, mcid): [page number, sequences]
    for i, page in enumerate(doc.pages):
        try:
            for ins, stack in marked_content_walk(doc, page, doc.page_resources(page)):
                if op_name(ins) == "BDC" and stack and stack[-1][1] is not None:
                    on_page.setdefault((page.objgen, stack[-1][1]), [i + 1, 0])[1] += 1
        except Exception:
            continue  # content-tagged reports it
    listed = {}
    for e in doc.elems():
        for mcid, pg in e.mcrs:
            key = (pg.objgen if isinstance(pg, Dictionary) and pg.is_indirect else None, mcid)
            listed.setdefault(key, []).append(e)
    for key, (pno, n) in sorted(on_page.items(), key=lambda kv: (kv[1][0], kv[0][1])):
        owners = listed.get(key, [])
        if n > 1:
            yield "page %d: MCID %d marks %d sequences" % (pno, key[1], n)
        if not owners:
            yield "page %d: MCID %d is in no structure element" % (pno, key[1])
        elif len(owners) > 1:
            yield "page %d: MCID %d is in %d structure elements (%s)" % (
                pno, key[1], len(owners), ", ".join(o.where() for o in owners))
    for key, owners in listed.items():
        if key not in on_page:
            for o in owners:
                yield "MCID %d that its page does not have (%s)" % (key[1], o.where())


@check("struct-not-empty")
def c_struct_not_empty(doc):
    """Every structure element has kids: content, elements or an annotation
    (an element with nothing in it is announced and read as nothing; one
    left behind when two are joined is a sign of a broken tree)."""
    for e in doc.elems():
        if not e.kids and not e.mcrs and not e.objrs:
            yield "an element without kids (%s)" % e.where()


@check("artifact-nesting")
def c_artifact_nesting(doc):
    """No artifact inside tagged content and no tagged content inside an
    artifact (Matterhorn 01-003, 01-004)."""
    for i, page in enumerate(doc.pages):
        try:
            n_art_in_tag = n_tag_in_art = 0
            for ins, stack in marked_content_walk(doc, page, doc.page_resources(page)):
                if op_name(ins) not in ("BMC", "BDC") or not stack:
                    continue
                tag, mcid, art = stack[-1]
                outer = stack[:-1]
                if art and any(m is not None for _, m, _ in outer):
                    n_art_in_tag += 1
                if mcid is not None and any(a for _, _, a in outer):
                    n_tag_in_art += 1
        except Exception:
            continue  # content-tagged reports it
        if n_art_in_tag:
            yield "%d artifacts inside tagged content (page %d)" % (n_art_in_tag, i + 1)
        if n_tag_in_art:
            yield "%d tagged sequences inside artifacts (page %d)" % (n_tag_in_art, i + 1)


@check("tabs-order")
def c_tabs(doc):
    """Every page with annotations has /Tabs /S, the tab order of the
    structure (PDF/UA-1 7.18.3, Matterhorn 28-010)."""
    for i, page in enumerate(doc.pages):
        if as_list(page.get("/Annots")) and name_of(page.get("/Tabs")) != "S":
            yield "page %d has annotations but no /Tabs /S" % (i + 1)


@check("link-contents")
def c_link_contents(doc):
    """Every link annotation has a non-empty /Contents, the description a
    screen reader speaks (PDF/UA-1 7.18.1, Matterhorn 28-004)."""
    n, first = 0, None
    for a, pno in doc.annotations():
        if name_of(a.get("/Subtype")) == "Link":
            c = text_of(a.get("/Contents"))
            if not c or not c.strip():
                n += 1
                first = first or "page %d, %s" % (pno, oid(a))
    if n:
        yield "%d link annotations without /Contents (first: %s)" % (n, first)


@check("annot-flags")
def c_annot_flags(doc):
    """Every annotation (but Popup) has the print flag, and none is hidden,
    invisible, no-view or toggle-no-view (PDF/A-2 6.3.2)."""
    bad = {}
    for a, pno in doc.annotations():
        if name_of(a.get("/Subtype")) == "Popup":
            continue
        f = int(a.get("/F", 0))
        where = "page %d, %s" % (pno, oid(a))
        if not f & 4:
            bad.setdefault("without the print flag", [0, where])[0] += 1
        if f & (1 | 2 | 32 | 256):
            bad.setdefault("hidden, invisible or no-view", [0, where])[0] += 1
    for what, (n, where) in bad.items():
        yield "%d annotations %s (first: %s)" % (n, what, where)


def font_file(font):
    fd = font.get("/FontDescriptor")
    if not isinstance(fd, Dictionary):
        return None
    for k in ("/FontFile", "/FontFile2", "/FontFile3"):
        if isinstance(fd.get(k), Stream):
            return fd.get(k)
    return None


@check("fonts-embedded")
def c_fonts_embedded(doc):
    """Every font but Type 3 has its program embedded (FontFile, FontFile2
    or FontFile3; PDF/A-2 6.2.11.4.1, Matterhorn 31-001)."""
    for f, where in doc.fonts():
        st = name_of(f.get("/Subtype"))
        if st == "Type3":
            continue
        target = f
        if st == "Type0":
            df = as_list(f.get("/DescendantFonts"))
            target = df[0] if df and isinstance(df[0], Dictionary) else None
        if target is None or font_file(target) is None:
            yield "font not embedded (%s)" % where


@check("fonts-tounicode")
def c_fonts_tounicode(doc):
    """Every font has a /ToUnicode CMap, so its text can be read out (strict
    form of PDF/UA-1 7.21.7 and PDF/A-2 level A 6.2.11.7)."""
    for f, where in doc.fonts():
        if not isinstance(f.get("/ToUnicode"), Stream):
            yield "font without /ToUnicode (%s)" % where


@check("cidtogidmap")
def c_cidtogidmap(doc):
    """Every CIDFontType2 font has a /CIDToGIDMap (PDF/A-2 6.2.11.3.2,
    Matterhorn 31-003)."""
    for f, where in doc.fonts():
        if name_of(f.get("/Subtype")) != "Type0":
            continue
        for d in as_list(f.get("/DescendantFonts")):
            if isinstance(d, Dictionary) and name_of(d.get("/Subtype")) == "CIDFontType2":
                m = d.get("/CIDToGIDMap")
                if not (isinstance(m, Stream) or name_of(m) == "Identity"):
                    yield "CIDFontType2 without /CIDToGIDMap (%s)" % where


# --- the command ---------------------------------------------------------------------

def run_checks(path, only=None):
    """[(check name, message)] of one file; raises when it cannot be opened."""
    doc = Doc(path)
    out = []
    for name, fn in CHECKS:
        if only and name not in only:
            continue
        try:
            for msg in fn(doc):
                out.append((name, msg))
        except Exception as e:  # a check that cannot run on this file fails
            out.append((name, "the check could not run: %s: %s" % (type(e).__name__, e)))
    return out


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(
        prog="pdfua_check.py",
        description="Check PDFs against machine-checkable rules of PDF/UA-1 and PDF/A-2a.")
    ap.add_argument("--list", action="store_true", help="list the checks and exit")
    ap.add_argument("--only", action="append", metavar="NAME", help="run only this check (repeatable)")
    ap.add_argument("files", nargs="*", metavar="FILE.pdf")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    names = [n for n, _ in CHECKS]
    if args.list:
        for n, fn in CHECKS:
            doc = " ".join((fn.__doc__ or "").split())
            print("%-22s %s" % (n, doc))
        return 0
    if args.only:
        unknown = [n for n in args.only if n not in names]
        if unknown:
            sys.stderr.write("pdfua_check.py: unknown check %s (see --list)\n" % ", ".join(unknown))
            return 2
    if not args.files:
        ap.print_usage(sys.stderr)
        return 2
    status = 0
    for path in args.files:
        try:
            findings = run_checks(path, set(args.only or []))
        except Exception as e:
            sys.stderr.write("%s: cannot be opened as a PDF: %s\n" % (path, e))
            return 2
        for name, msg in findings:
            print("%s: %s: %s" % (path, name, msg))
        if findings:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
