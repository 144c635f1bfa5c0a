#!/usr/bin/env bash
# The built-in templates only select and format (issue 17): every sum,
# share, date and year comes computed in the report data
# (docs/report-data.md), and each wording rule has one home. A check of the
# templates' text, so that a sum or a date rule written into a template
# again fails here rather than drifting from the aggregate layer's.
. "$(dirname "$0")/lib.sh"
T=$IOP_SOURCE_DIR/templates

# every XPath expression of a stylesheet, one a line: select, test, and
# attribute values with {…}
cat >"$TMP/expr.xsl" <<'XSL'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//@select | //@test | //@*[contains(., '{')]">
      <xsl:value-of select="concat(name(), '=', normalize-space(.), '&#10;')"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
XSL

# XPath arithmetic and number formatting, in any template but
# common/numbers.xsl (kept for users' own sums, docs/templates.md)
for f in "$T"/*.xsl "$T"/common/*.xsl; do
  case $f in */common/numbers.xsl) continue ;; esac
  if ! xsltproc "$TMP/expr.xsl" "$f" >"$TMP/expr"; then fail "cannot read $f"; continue; fi
  if grep -nE 'sum\(|[^-a-z]div[^-a-z]|[^-a-z]mod[^-a-z]|number\(|format-number\(|round\(|floor\(|ceiling\(' \
       "$TMP/expr" >"$TMP/hits"; then
    fail "$(basename "$f") computes: $(head -3 "$TMP/hits" | tr '\n' ' ')"
  else
    pass
  fi
  # dates are not taken apart: substring() of a date or year attribute
  if grep -nE 'substring\([^)]*@(date|start|end|year|first-day|last-day)' "$TMP/expr" >"$TMP/hits"; then
    fail "$(basename "$f") takes a date apart: $(head -3 "$TMP/hits" | tr '\n' ' ')"
  else
    pass
  fi
done

# one home for each rule: the named template is defined once in all the
# templates, where it belongs
one_home() { # one_home NAME FILE
  local n
  n=$(cat "$T"/*.xsl "$T"/common/*.xsl | grep -c "<xsl:template name=\"$1\"" || true)
  if [ "$n" -eq 1 ] && grep -q "<xsl:template name=\"$1\"" "$T/$2"; then pass; else
    fail "$1 should be defined once, in $2 (found $n)"; fi
}
one_home sv-lower-first common/sv.xsl
one_home sv-count-word common/sv.xsl
one_home agreement-contribution common/agreement.xsl
one_home agreement-participants common/agreement.xsl
one_home agreement-participant-figures common/agreement.xsl
one_home agreement-participant-counts common/agreement.xsl
for copy in lower-first count-word contribution participants-cell chart-day chart-option-years \
            chart-sum check-highlight; do
  if cat "$T"/*.xsl "$T"/common/*.xsl | grep -q "<xsl:template name=\"$copy\""; then
    fail "a copy of a rule is back: $copy"; else pass; fi
done
# --highlight arrives as a list in the data, not a string to split
expect_not_in "$T/exempelsamling.xsl" '<xsl:param name="highlight"'

finish
