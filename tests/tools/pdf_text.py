"""What the e2e checks share to read a PDF's text as a reader does: a
font's ToUnicode map. Imported by the check scripts the e2e tests write
(PYTHONPATH=tests/tools)."""

import re


def to_unicode(font):
    """{code bytes: text} of a font's ToUnicode CMap, and its code length."""
    m = {}
    tu = font.get("/ToUnicode")
    data = tu.read_bytes() if tu is not None else b""
    for blk in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for a, b in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", blk):
            m[bytes.fromhex(a.decode())] = bytes.fromhex(b.decode()).decode("utf-16-be")
    for blk in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for a, b, c in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", blk):
            base = bytes.fromhex(c.decode()).decode("utf-16-be")
            for k in range(int(a, 16), int(b, 16) + 1):
                m[k.to_bytes(len(a) // 2, "big")] = base[:-1] + chr(ord(base[-1]) + k - int(a, 16))
    return m, 2 if font.get("/Subtype") == "/Type0" else 1
