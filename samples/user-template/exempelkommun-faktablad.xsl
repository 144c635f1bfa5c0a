<?xml version="1.0" encoding="UTF-8"?>
<!--
  exempelkommun-faktablad: the built-in fact sheet (faktablad.xsl) in the
  look of a made-up municipality, Exempelkommun: its logo, fonts and
  colours, other wording, and one field more in the "Om exemplet" box
  (the year's participants). docs/templates.md walks through it.

    iopreport build samples/linkoping-2021 year 2020,
        template samples/user-template/exempelkommun-faktablad.xsl

  It imports the built-in template rather than copying all of it, so it
  keeps the fixes and improvements of new versions; what it defines here
  wins over what it imports.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:iopreport:report-data:1"
    xmlns:iop="urn:iopreport:template"
    xmlns="urn:iopreport:document:1"
    exclude-result-prefixes="d iop"
    iop:scope="agreement">

  <!-- 1. The built-in template, found from this file's folder. An installed
       iopreport has it in share/iopreport/templates/faktablad.xsl. -->
  <xsl:import href="../../templates/faktablad.xsl"/>

  <!-- 2. The logo (relative to this file) and the house style: fonts and
       colours are parameters of templates/common/page.xsl -->
  <xsl:param name="logo" select="'logo.svg'"/>
  <xsl:param name="logo-width" select="'52mm'"/>
  <xsl:param name="font-text" select="'Liberation Serif'"/>
  <xsl:param name="font-heading" select="'Liberation Sans'"/>
  <xsl:param name="colour-heading" select="'#2f6b3a'"/>
  <xsl:param name="colour-rule" select="'#5b8f63'"/>
  <xsl:param name="colour-shade" select="'#eaf2ea'"/>

  <!-- 3. Texts: the line above the title -->
  <xsl:template name="sheet-kicker">
    <xsl:value-of select="concat('Exempelkommun samverkar · Faktablad ', $year)"/>
  </xsl:template>

  <!-- 4. A field more in the box: the year's participants -->
  <xsl:template name="agreement-about-extra">
    <xsl:variable name="pp" select="d:participants[@current = 'true']"/>
    <xsl:if test="$pp/d:planned or $pp/d:actual">
      <tr>
        <td class="about-label"><xsl:value-of select="concat('Deltagare ', $year)"/></td>
        <td class="about-value">
          <xsl:choose>
            <xsl:when test="$pp/d:actual"><xsl:value-of select="concat($pp/d:actual, ' deltog')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="concat($pp/d:planned, ' planerade')"/></xsl:otherwise>
          </xsl:choose>
        </td>
      </tr>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
