<?xml version="1.0" encoding="UTF-8"?>
<!--
  Sums a user's template adds up itself (totals the report data does not
  give; the built-in templates need none), printed the way the report data
  prints its figures: "2 490 604 kr", "1 234", "63,5 %".
  Inside iopreport the functions iop:kronor, iop:count and iop:percent do
  it; under a plain xsltproc the same text is made with format-number, so
  the built-in templates run the same in both.
  Only whole kronor and counts are added: amounts in the report data are
  already rounded per agreement, so sums of them add up in the tables.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:iopf="urn:iopreport:functions"
    xmlns="urn:iopreport:document:1"
    exclude-result-prefixes="iopf">

  <!-- no-break spaces between digit groups and before the unit, as the
       report data has them -->
  <xsl:decimal-format name="iop-sv" grouping-separator="&#160;" decimal-separator=","
                      minus-sign="&#8722;"/>

  <!-- "2 490 604 kr" from a number of whole kronor -->
  <xsl:template name="num-kronor">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="function-available('iopf:kronor')"><xsl:value-of select="iopf:kronor($n)"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat(format-number((1 - 2 * ($n &lt; 0)) * round((1 - 2 * ($n &lt; 0)) * $n), '#&#160;##0', 'iop-sv'), '&#160;kr')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "1 234" -->
  <xsl:template name="num-count">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="function-available('iopf:count')"><xsl:value-of select="iopf:count($n)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="format-number((1 - 2 * ($n &lt; 0)) * round((1 - 2 * ($n &lt; 0)) * $n), '#&#160;##0', 'iop-sv')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "58,2 %", "90,0 %": $part of $whole, always to one decimal as the
       report data gives shares; nothing when $whole is 0 -->
  <xsl:template name="num-share">
    <xsl:param name="part"/>
    <xsl:param name="whole"/>
    <xsl:if test="number($whole) != 0">
      <xsl:variable name="p" select="round($part * 1000 div $whole) div 10"/>
      <xsl:choose>
        <xsl:when test="function-available('iopf:percent')"><xsl:value-of select="iopf:percent($p)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="concat(format-number($p, '0,0', 'iop-sv'), '&#160;%')"/></xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
