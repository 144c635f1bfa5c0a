<?xml version="1.0" encoding="UTF-8"?>
<!--
  Rich text of the report data (p, ul, ol, li, em, strong, q) as document
  blocks: apply-templates select="d:purpose/*" mode="rich".
  Shared by every built-in template.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:iopreport:report-data:1"
    xmlns="urn:iopreport:document:1"
    exclude-result-prefixes="d">

  <xsl:template match="d:p" mode="rich">
    <p><xsl:apply-templates mode="rich"/></p>
  </xsl:template>

  <xsl:template match="d:ul" mode="rich">
    <ul><xsl:apply-templates select="d:li" mode="rich"/></ul>
  </xsl:template>

  <xsl:template match="d:ol" mode="rich">
    <ol><xsl:apply-templates select="d:li" mode="rich"/></ol>
  </xsl:template>

  <xsl:template match="d:li" mode="rich">
    <li><xsl:apply-templates mode="rich"/></li>
  </xsl:template>

  <xsl:template match="d:em" mode="rich">
    <em><xsl:apply-templates mode="rich"/></em>
  </xsl:template>

  <xsl:template match="d:strong" mode="rich">
    <strong><xsl:apply-templates mode="rich"/></strong>
  </xsl:template>

  <!-- the engine sets ”…” around q; the sources sometimes put a space
       just inside the quotation, which would print as ” en -->
  <xsl:template match="d:q" mode="rich">
    <q><xsl:apply-templates mode="rich"/></q>
  </xsl:template>

  <xsl:template match="d:q/text()[1]" mode="rich" priority="2">
    <xsl:call-template name="trim-left"><xsl:with-param name="s" select="."/></xsl:call-template>
  </xsl:template>

  <xsl:template match="text()" mode="rich">
    <xsl:value-of select="."/>
  </xsl:template>

  <!-- anything unknown: keep its text rather than lose it -->
  <xsl:template match="*" mode="rich">
    <xsl:apply-templates mode="rich"/>
  </xsl:template>

  <xsl:template name="trim-left">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="starts-with($s, ' ') or starts-with($s, '&#10;') or starts-with($s, '&#9;')">
        <xsl:call-template name="trim-left">
          <xsl:with-param name="s" select="substring($s, 2)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Mode "inline": a rich text as inline content only (blocks become
       runs separated by spaces, list items by semicolons), for places that
       take inline content, like table cells and dd:
       apply-templates select="d:purpose/*" mode="inline" -->
  <xsl:template match="d:p | d:ul | d:ol" mode="inline">
    <xsl:if test="preceding-sibling::*"><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates mode="inline"/>
  </xsl:template>

  <xsl:template match="d:li" mode="inline">
    <xsl:if test="preceding-sibling::d:li"><xsl:text>; </xsl:text></xsl:if>
    <xsl:apply-templates mode="inline"/>
  </xsl:template>

  <xsl:template match="d:em" mode="inline">
    <em><xsl:apply-templates mode="inline"/></em>
  </xsl:template>

  <xsl:template match="d:strong" mode="inline">
    <strong><xsl:apply-templates mode="inline"/></strong>
  </xsl:template>

  <xsl:template match="d:q" mode="inline">
    <q><xsl:apply-templates mode="inline"/></q>
  </xsl:template>

  <xsl:template match="d:q/text()[1]" mode="inline" priority="2">
    <xsl:call-template name="trim-left"><xsl:with-param name="s" select="."/></xsl:call-template>
  </xsl:template>

  <xsl:template match="text()" mode="inline">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="*" mode="inline">
    <xsl:apply-templates mode="inline"/>
  </xsl:template>
</xsl:stylesheet>
