#!/usr/bin/env bash
# `cmake --install`: the installed binary finds its built-in templates from
# any working directory, with no source tree and no build tree around.
. "$(dirname "$0")/lib.sh"

if ! cmake --install "$IOP_BUILD_DIR" --prefix "$TMP/prefix" >"$TMP/install.log" 2>&1; then
  fail "cmake --install failed"; cat "$TMP/install.log" >&2; finish
fi
BIN=$TMP/prefix/bin/iopreport
[ -x "$BIN" ] && pass || fail "no installed binary"
[ -f "$TMP/prefix/share/iopreport/templates/arsrapport.xsl" ] && pass || fail "templates not installed"

mkdir -p "$TMP/elsewhere"
cp -r "$IOP_SOURCE_DIR/samples/malmo-2018" "$TMP/elsewhere/in"
cd "$TMP/elsewhere"
# no hint where the sources are: the binary must find share/ beside bin/
run env -u IOP_SOURCE_DIR -u IOPREPORT_TEMPLATES "$BIN" build in --year 2018 --out out -q
expect_rc 0
expect_valid_pdf "out/malmo-asn-arsrapport-2018.pdf"
run env -u IOP_SOURCE_DIR "$BIN" build --help
expect_rc 0
# `new` points editors at the installed schema, which is there
[ -f "$TMP/prefix/share/iopreport/schema/iopreport.rnc" ] && pass || fail "iopreport.rnc not installed"
run "$BIN" new agreement
expect_rc 0
expect_in "$TMP/out" "<?xml-model href=\"$(cd "$TMP/prefix/share/iopreport/schema" && pwd -P)/iopreport.rng\""
finish
