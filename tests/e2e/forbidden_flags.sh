#!/usr/bin/env bash
# No code in src/, include/ or fuzz/ may turn on a libxml2 feature that lets a
# file reach outside itself or grow without bound: entity substitution, DTD
# loading or validation, XInclude, the HUGE limits, or RECOVER (which would
# accept broken files). Comments may name them (to say why they are absent):
# comments are stripped before the search, so only code counts.
. "$(dirname "$0")/lib.sh"

FORBIDDEN='XML_PARSE_NOENT|XML_PARSE_DTDLOAD|XML_PARSE_DTDVALID|XML_PARSE_DTDATTR|XML_PARSE_XINCLUDE|XML_PARSE_HUGE|XML_PARSE_RECOVER|xmlXIncludeProcess[A-Za-z]*|xmlSubstituteEntitiesDefault[[:space:]]*\([[:space:]]*[^0[:space:])]|xmlLoadExtDtdDefaultValue|xmlRecoverMemory|xmlRecoverFile|xmlRecoverDoc'

# code_of FILE: the file with C comments replaced by blanks (line numbers
# kept, so a hit can be reported where it is). String literals are kept:
# a flag spelt inside a string is still suspicious.
code_of() {
  perl -0777 -pe '
    s{("(?:\\.|[^"\\\n])*")|(\x27(?:\\.|[^\x27\\\n])*\x27)|(/\*.*?\*/)|(//[^\n]*)}{
      defined $1 ? $1 : defined $2 ? $2 : defined $3 ? ($3 =~ tr/\n//cdr) : ""
    }gse' "$1"
}

# scan FILE...: print FILE:LINE: TEXT for every forbidden use in code
scan() {
  local f
  for f in "$@"; do
    code_of "$f" | grep -nE -- "$FORBIDDEN" | sed "s|^|$f:|"
  done
}

# The scanner itself must be able to fail: a flag in code is found, one in a
# comment is not.
cat >"$TMP/probe.c" <<'EOF'
/* XML_PARSE_NOENT would substitute entities: never.
 * xmlXIncludeProcess neither. */
// XML_PARSE_HUGE lifts the limits: never.
static const char *s = "/* not a comment */";
int flags = XML_PARSE_NONET | XML_PARSE_BIG_LINES; /* XML_PARSE_DTDLOAD: no */
int bad = XML_PARSE_NONET |
          XML_PARSE_NOENT;
void f(void) { xmlSubstituteEntitiesDefault(0); xmlSubstituteEntitiesDefault( 1 ); }
EOF
hits=$(scan "$TMP/probe.c")
if [ "$(printf '%s\n' "$hits" | grep -c .)" -eq 2 ] &&
   printf '%s\n' "$hits" | grep -q "probe.c:7:.*XML_PARSE_NOENT" &&
   printf '%s\n' "$hits" | grep -q "probe.c:8:.*xmlSubstituteEntitiesDefault( 1 )"; then
  pass
else
  fail "the scanner does not find exactly the two uses in code in its probe:"
  printf '  %s\n' "$hits" >&2
fi

files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(
  find "$IOP_SOURCE_DIR/src" "$IOP_SOURCE_DIR/include" "$IOP_SOURCE_DIR/fuzz" \
       -type f \( -name '*.c' -o -name '*.h' \) -print0 2>/dev/null | sort -z)
if [ "${#files[@]}" -ge 10 ]; then pass; else fail "only ${#files[@]} source files found to scan"; fi

hits=$(scan "${files[@]}")
if [ -z "$hits" ]; then
  pass
else
  fail "forbidden libxml2 parser features in the code:"
  printf '  %s\n' "$hits" >&2
fi

# The one safe parse's flags are the safe ones (this also catches a rename
# that would let the scan above pass vacuously).
expect_match "$IOP_SOURCE_DIR/src/util/xml_safe.c" "XML_PARSE_NONET"
# Files from outside (agreements, documents, templates) are parsed there
# only: a second parser set-up would be a second set of rules to keep safe.
others=$(grep -rln 'xmlCtxtReadMemory\|xmlCtxtReadFile\|xmlReadFile' "$IOP_SOURCE_DIR/src" |
  grep -v '/src/util/xml_safe\.c$' || true)
[ -z "$others" ] && pass || fail "a parser of files outside src/util/xml_safe.c: $others"
for f in load/xml_safe.c document/parse.c template/setup.c; do
  expect_in "$IOP_SOURCE_DIR/src/$f" "iop_xml_parse_safe("
done

finish
