#!/usr/bin/python3
"""A layer can compile against exactly the third-party libraries it links.

Third-party include paths are PRIVATE to the layers that link the library
(cmake/IopTargets.cmake), so that, say, the model layer cannot include
<cairo.h> and only fail later at link time, or worse, not at all because
the program links cairo anyway. This compiles a one-line probe per library
with the flags that one source file of each layer is compiled with
(compile_commands.json) and checks that the probe compiles where the layer
may use the library and fails everywhere else. The table below is the
intended layering, stated a second time on purpose: a new dependency of a
layer is a decision that changes it too.

    /usr/bin/python3 tests/tools/check_layering.py BUILD_DIR/compile_commands.json
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile

PROBES = {
    "libxml2": "libxml/parser.h",
    "libxslt": "libxslt/xslt.h",
    "cairo": "cairo.h",
    "pango": "pango/pango.h",
    "glib": "glib.h",
    "rsvg": "librsvg/rsvg.h",
}

# What each layer may include (pango's and librsvg's flags bring cairo's and
# glib's). libxslt's headers are in /usr/include itself and include libxml2's,
# so include paths cannot keep them from a layer that has libxml2's: there
# they compile, and only linking stops a layer that does not link libxslt.
# zlib's and hyphen's headers are in /usr/include too and are not probed.
ALLOWED = {
    # util holds the one safe XML parse that load, document and template share,
    # and SHA-256 (GLib's)
    "util": {"libxml2", "glib"},
    "locale": set(),
    "model": set(),
    "import": set(),
    "aggregate": set(),
    "load": {"libxml2"},
    "document": {"libxml2"},
    "template": {"libxml2", "libxslt"},
    "layout": {"pango", "cairo", "glib", "rsvg"},
    "render": {"cairo", "glib"},
    "odt": {"libxml2"},
    "cli": {"libxml2", "glib"},
}


def layer_flags(commands, source_dir, layer):
    """The compiler and flags of the first source file of src/LAYER/."""
    prefix = os.path.join(source_dir, "src", layer) + os.sep
    for entry in commands:
        if entry["file"].startswith(prefix) and entry["file"].endswith(".c"):
            args = entry.get("arguments") or shlex.split(entry["command"])
            kept, skip = [], False
            for a in args:
                if skip:
                    skip = False
                elif a == "-o":
                    skip = True
                elif a == "-c" or a == entry["file"] or a.startswith("-fsanitize"):
                    continue
                else:
                    kept.append(a)
            return kept, entry["directory"]
    return None, None


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        commands = json.load(f)
    source_dir = os.environ.get("IOP_SOURCE_DIR") or os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    failures = 0
    # a new layer must say what it may include: else it escapes the check
    src_prefix = os.path.join(source_dir, "src") + os.sep
    layers = {e["file"][len(src_prefix):].split(os.sep)[0] for e in commands
              if e["file"].startswith(src_prefix) and os.sep in e["file"][len(src_prefix):]}
    for layer in sorted(layers - set(ALLOWED) - {"tools"}):
        print(f"FAIL {layer}: src/{layer} is not in ALLOWED of {os.path.basename(__file__)}: "
              "add the libraries it may include (those its iop_layer line names)")
        failures += 1
    with tempfile.TemporaryDirectory() as tmp:
        for layer, allowed in ALLOWED.items():
            flags, cwd = layer_flags(commands, source_dir, layer)
            if flags is None:
                print(f"FAIL {layer}: no source file of src/{layer} in {sys.argv[1]}")
                failures += 1
                continue
            if "libxml2" in allowed:
                allowed = allowed | {"libxslt"}
            for lib, header in PROBES.items():
                probe = os.path.join(tmp, f"{layer}_{lib}.c")
                with open(probe, "w", encoding="utf-8") as f:
                    f.write(f"#include <{header}>\n")
                r = subprocess.run(flags + ["-fsyntax-only", probe], cwd=cwd,
                                   capture_output=True, text=True)
                compiles = r.returncode == 0
                if compiles != (lib in allowed):
                    want = "compile" if lib in allowed else "fail"
                    print(f"FAIL {layer}: #include <{header}> should {want}"
                          + ("" if compiles else f":\n{r.stderr.strip()[:400]}"))
                    failures += 1
                else:
                    print(f"ok   {layer}: <{header}> {'compiles' if compiles else 'refused'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
