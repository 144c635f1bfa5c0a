#!/usr/bin/env bash
# A user's own template (samples/user-template, docs/templates.md): the
# built-in fact sheet imported and changed — logo, fonts, colours, a text and
# an added field — renders from the Linköping sample; a template with an
# error is reported with its file and line.
. "$(dirname "$0")/lib.sh"
S=$IOP_SOURCE_DIR/samples/linkoping-2021
U=$IOP_SOURCE_DIR/samples/user-template
NB=$'\u00a0'
clean() { sed -e "s/$NB/ /g" -e $'s/\u00ad//g'; }


PDF=$TMP/pdf/linkoping-sprakvanner-exempelkommun-faktablad-2020.pdf
mkdir -p "$TMP/pdf"
run "$IOPREPORT" build "$S" --year 2020 --template "$U/exempelkommun-faktablad.xsl" --out "$TMP/pdf" -j1
expect_rc 0
expect_not_in "$TMP/err" "cannot be read"   # the logo is found next to the template
if [ ! -s "$PDF" ]; then
  fail "no PDF at $PDF"
  finish
fi
expect_valid_pdf "$PDF"

# the user's fonts, and the built-in sheet with the user's changes
pdffonts "$PDF" >"$TMP/fonts" 2>&1
expect_in "$TMP/fonts" "LiberationSerif"
expect_in "$TMP/fonts" "LiberationSans"
expect_not_in "$TMP/fonts" "NotoSerif"
pdftotext "$PDF" - | clean | tr '\n' ' ' | tr -s ' ' >"$TMP/flat"
expect_in "$TMP/flat" "Exempelkommun samverkar · Faktablad 2020"
expect_in "$TMP/flat" "Deltagare 2020 243 planerade"
expect_in "$TMP/flat" "Värde 2020 1 077 600 kr, varav kommunens andel 55,7 %"
expect_in "$TMP/flat" "Om exemplet"
expect_in "$TMP/flat" "Resultat 2020"
expect_not_in "$TMP/flat" "Idéburet offentligt partnerskap · Linköpings kommun"
# the user's colour and logo in the document
"$IOPREPORT" data "$S" --year 2020 >"$TMP/data2.xml"
xsltproc --stringparam agreement linkoping-sprakvanner "$U/exempelkommun-faktablad.xsl" "$TMP/data2.xml" >"$TMP/doc2.xml"
expect_in "$TMP/doc2.xml" 'background="#2f6b3a"'
expect_in "$TMP/doc2.xml" '<img class="logo" src="logo.svg" width="52mm" align="right" alt="Logotyp"/>'

# --- a template with an error: its file and line -------------------------------
mkdir -p "$TMP/bad"
cat >"$TMP/bad/trasig.xsl" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:iopreport:document:1">
  <xsl:template match="/">
    <document>
      <body>
        <p><xsl:value-of select="concat('Summa: ',"/></p>
      </body>
    </document>
  </xsl:template>
</xsl:stylesheet>
EOF
cat >"$TMP/bad/ofullstandig.xsl" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:iopreport:document:1">
  <xsl:template match="/">
    <document>
      <body>
        <p>Ingen sluttagg
      </body>
    </document>
  </xsl:template>
</xsl:stylesheet>
EOF
run "$IOPREPORT" build "$S" --year 2020 --template "$TMP/bad/trasig.xsl" --out "$TMP/bad-out" -j1
expect_rc 1
expect_match "$TMP/err" "trasig\\.xsl:7: error"
run "$IOPREPORT" build "$S" --year 2020 --template "$TMP/bad/ofullstandig.xsl" --out "$TMP/bad-out" -j1
if [ "$RC" -ne 0 ]; then pass; else fail "a template that is not well-formed was accepted"; fi
expect_match "$TMP/err" "ofullstandig\\.xsl:8:[0-9]+: error: Opening and ending tag mismatch"
if ls "$TMP/bad-out"/*.pdf >/dev/null 2>&1; then fail "a PDF was written from a broken template"; else pass; fi

# ---- names and imports that are wrong say so; an import inherits the scope --
run "$IOPREPORT" build "$S" --year 2020 --template faktabald --out "$TMP/names-out" -j1
expect_rc 1
expect_in "$TMP/err" "no built-in template 'faktabald': did you mean 'faktablad'? The built-in templates are arsrapport, exempelsamling, faktablad, tjansteskrivelse"
mkdir -p "$TMP/imp"
cat >"$TMP/imp/saknas.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:import href="mallar/faktablad.xsl"/>
</xsl:stylesheet>
EOF
run "$IOPREPORT" build "$S" --year 2020 --template "$TMP/imp/saknas.xsl" --out "$TMP/imp-out" -j1
expect_rc 1
expect_in "$TMP/err" "mallar/faktablad.xsl: error: no such file"
expect_not_in "$TMP/err" "may only read files below"
# no iop:scope of its own: the imported fact sheet's scope, one file per agreement
cat >"$TMP/imp/eget.xsl" <<EOF
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:import href="$IOP_SOURCE_DIR/templates/faktablad.xsl"/>
</xsl:stylesheet>
EOF
run "$IOPREPORT" build "$S" --year 2020 --template "$TMP/imp/eget.xsl" --out "$TMP/imp-out" -j1
expect_rc 0
[ -s "$TMP/imp-out/linkoping-sprakvanner-eget-2020.pdf" ] && pass || fail "the imported scope (agreement) was not inherited"

# ---- --param logo on every built-in template (docs/templates.md) -----------
for t in arsrapport tjansteskrivelse exempelsamling faktablad; do
  run "$IOPREPORT" build "$S" --year 2020 --template $t --committee linkoping-an \
      --param logo="$IOP_SOURCE_DIR/tests/documents/logo.png" --param logo-width=25mm \
      --out "$TMP/logo-$t" -j1
  expect_rc 0
  pdf=$(ls "$TMP/logo-$t"/*.pdf 2>/dev/null | head -1)
  if [ -n "$pdf" ] && pdfimages -f 1 -l 1 -list "$pdf" 2>/dev/null | grep -q ' image '; then pass
  else fail "$t: --param logo gives no image on page 1"; fi
done
run "$IOPREPORT" build "$S" --year 2020 --template arsrapport --out "$TMP/logo-none" -j1
pdf=$TMP/logo-none/linkoping-an-arsrapport-2020.pdf
if [ -s "$pdf" ] && ! pdfimages -f 1 -l 1 -list "$pdf" 2>/dev/null | grep -q ' image '; then pass
else fail "arsrapport: an image on page 1 without --param logo"; fi

finish
