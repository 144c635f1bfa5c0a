#!/usr/bin/python3
"""Print the structure tree of a tagged PDF as indented text, for goldens:

    pdf_structure.py FILE.pdf

One line per structure element, two spaces of indent per level: its type
(a role-mapped type as `Custom (Standard)`), then the attributes that matter
to a reader: `Scope=Column` of a TH or TD, `Alt=yes`/`Alt=no` of a Figure
or Formula (and `Alt=yes` of any other element that has one), `ActualText`,
`Lang=...`, and `OBJR` (`OBJR=Widget` for an annotation that is not a link)
for each annotation it holds. No MCIDs, no object numbers and no text, so
the output only changes when the structure does. Exit 2 when the file cannot
be read, 1 when it has no structure tree.
"""

import sys

try:
    import pikepdf
    from pikepdf import Array, Dictionary, Name
except ImportError:
    sys.stderr.write("pdf_structure.py: the Python module pikepdf is missing "
                     "(Debian: apt-get install python3-pikepdf; run with /usr/bin/python3)\n")
    sys.exit(2)


def name_of(obj):
    return str(obj)[1:] if isinstance(obj, Name) else None


def as_list(obj):
    if obj is None:
        return []
    return list(obj) if isinstance(obj, Array) else [obj]


def scope(elem):
    for a in as_list(elem.get("/A")):
        if isinstance(a, Dictionary) and name_of(a.get("/O")) == "Table" and "/Scope" in a:
            return name_of(a.get("/Scope")) or "?"
    return None


def describe(elem, role_map):
    s = name_of(elem.get("/S")) or "?"
    words = [s]
    std, seen = s, set()
    while isinstance(role_map, Dictionary) and ("/" + std) in role_map and std not in seen:
        seen.add(std)
        std = name_of(role_map.get("/" + std)) or "?"
    if std != s:
        words[0] = "%s (%s)" % (s, std)
    sc = scope(elem)
    if sc:
        words.append("Scope=" + sc)
    has_alt = isinstance(elem.get("/Alt"), pikepdf.String) and str(elem.get("/Alt")).strip() != ""
    if std in ("Figure", "Formula"):
        words.append("Alt=yes" if has_alt else "Alt=no")
    elif has_alt:
        words.append("Alt=yes")
    if "/ActualText" in elem:
        words.append("ActualText")
    if isinstance(elem.get("/Lang"), pikepdf.String):
        words.append("Lang=" + str(elem.get("/Lang")))
    for k in as_list(elem.get("/K")):
        if isinstance(k, Dictionary) and name_of(k.get("/Type")) == "OBJR":
            o = k.get("/Obj")
            sub = name_of(o.get("/Subtype")) if isinstance(o, Dictionary) else None
            words.append("OBJR" if sub == "Link" else "OBJR=%s" % (sub or "?"))
    return " ".join(words)


def main(argv):
    if len(argv) != 1 or argv[0].startswith("-"):
        sys.stderr.write("usage: pdf_structure.py FILE.pdf\n")
        return 2
    try:
        pdf = pikepdf.open(argv[0])
    except Exception as e:
        sys.stderr.write("%s: cannot be opened as a PDF: %s\n" % (argv[0], e))
        return 2
    st = pdf.Root.get("/StructTreeRoot")
    if not isinstance(st, Dictionary):
        sys.stderr.write("%s: no structure tree\n" % argv[0])
        return 1
    role_map = st.get("/RoleMap")
    seen = set()
    out = []

    def walk(kids, depth):
        for k in kids:
            if not isinstance(k, Dictionary) or "/S" not in k:
                continue  # MCIDs, MCRs, OBJRs: content, not structure
            if k.is_indirect:
                if k.objgen in seen:
                    out.append("  " * depth + "(cycle)")
                    continue
                seen.add(k.objgen)
            out.append("  " * depth + describe(k, role_map))
            walk(as_list(k.get("/K")), depth + 1)

    walk(as_list(st.get("/K")), 0)
    sys.stdout.write("".join(line + "\n" for line in out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
