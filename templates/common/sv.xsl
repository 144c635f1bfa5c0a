<?xml version="1.0" encoding="UTF-8"?>
<!--
  Swedish wording helpers shared by the built-in templates. No number or
  date formatting happens here: amounts and dates come formatted in the
  report data. These only join, count in words and capitalise.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:iopreport:report-data:1"
    xmlns="urn:iopreport:document:1"
    exclude-result-prefixes="d">

  <xsl:strip-space elements="d:purpose d:report d:assessment d:lessons d:text
                             d:follow-up d:ul d:ol d:goal d:result d:budget
                             d:parties d:left-out d:remarks d:expiring"/>

  <!-- "A", "A och B", "A, B och C" from the string values of $items -->
  <xsl:template name="sv-join">
    <xsl:param name="items"/>
    <xsl:param name="last" select="' och '"/>
    <!-- lower=true(): common nouns in running text ("arbetsmarknad") -->
    <xsl:param name="lower" select="false()"/>
    <xsl:for-each select="$items">
      <xsl:choose>
        <xsl:when test="position() = 1"/>
        <xsl:when test="position() = last()"><xsl:value-of select="$last"/></xsl:when>
        <xsl:otherwise><xsl:text>, </xsl:text></xsl:otherwise>
      </xsl:choose>
      <xsl:choose>
        <xsl:when test="$lower">
          <xsl:call-template name="sv-lower-noun"><xsl:with-param name="s" select="normalize-space(.)"/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- An area ("Arbetsmarknad", "Socialt – barn och unga") is a common noun
       in running text: its first letter lower-cased, unless the word is an
       abbreviation ("IT", "SFI"), whose second letter is a capital too. -->
  <xsl:template name="sv-lower-noun">
    <xsl:param name="s"/>
    <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉÜ'"/>
    <xsl:choose>
      <xsl:when test="string-length($s) &gt; 1 and contains($upper, substring($s, 2, 1))">
        <xsl:value-of select="$s"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="translate(substring($s, 1, 1), $upper, 'abcdefghijklmnopqrstuvwxyzåäöéü')"/>
        <xsl:value-of select="substring($s, 2)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The genitive of a name: "AN:s" for an abbreviation (all capitals),
       "nämndens" otherwise; a name ending in s, x or z takes nothing. -->
  <xsl:template name="sv-genitive">
    <xsl:param name="s"/>
    <xsl:variable name="last" select="substring($s, string-length($s))"/>
    <xsl:choose>
      <xsl:when test="translate($s, 'ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ0123456789-', '') = ''">
        <xsl:value-of select="concat($s, ':s')"/>
      </xsl:when>
      <xsl:when test="$last = 's' or $last = 'x' or $last = 'z'"><xsl:value-of select="$s"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($s, 's')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Swedish prose writes small counts in words: "tio partnerskap".
       $n is a raw count; $gender "n" (ett) or "u" (en); $fallback is the
       formatted count, printed from 13 up. -->
  <xsl:template name="sv-count-word">
    <xsl:param name="n"/>
    <xsl:param name="gender" select="'n'"/>
    <xsl:param name="fallback" select="$n"/>
    <xsl:choose>
      <xsl:when test="$n = 0">inga</xsl:when>
      <xsl:when test="$n = 1 and $gender = 'u'">en</xsl:when>
      <xsl:when test="$n = 1">ett</xsl:when>
      <xsl:when test="$n = 2">två</xsl:when>
      <xsl:when test="$n = 3">tre</xsl:when>
      <xsl:when test="$n = 4">fyra</xsl:when>
      <xsl:when test="$n = 5">fem</xsl:when>
      <xsl:when test="$n = 6">sex</xsl:when>
      <xsl:when test="$n = 7">sju</xsl:when>
      <xsl:when test="$n = 8">åtta</xsl:when>
      <xsl:when test="$n = 9">nio</xsl:when>
      <xsl:when test="$n = 10">tio</xsl:when>
      <xsl:when test="$n = 11">elva</xsl:when>
      <xsl:when test="$n = 12">tolv</xsl:when>
      <xsl:otherwise><xsl:value-of select="$fallback"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A text block the user supplies (a template parameter), as
       paragraphs: a blank line starts a new one, other line breaks are
       spaces. -->
  <xsl:template name="sv-text-block">
    <xsl:param name="s"/>
    <xsl:param name="class" select="''"/>
    <xsl:variable name="t" select="translate($s, '&#13;', '')"/>
    <xsl:variable name="para">
      <xsl:choose>
        <xsl:when test="contains($t, '&#10;&#10;')"><xsl:value-of select="substring-before($t, '&#10;&#10;')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="normalize-space($para)">
      <p xmlns="urn:iopreport:document:1">
        <xsl:if test="$class"><xsl:attribute name="class"><xsl:value-of select="$class"/></xsl:attribute></xsl:if>
        <xsl:value-of select="normalize-space($para)"/>
      </p>
    </xsl:if>
    <xsl:if test="contains($t, '&#10;&#10;')">
      <xsl:call-template name="sv-text-block">
        <xsl:with-param name="s" select="substring-after($t, '&#10;&#10;')"/>
        <xsl:with-param name="class" select="$class"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- "varav två partnerskap utan uppgift om kostnad": how many of a
       total's agreements have no figure (not recorded is not zero).
       $n: the raw count; $noun: what is counted (' partnerskap', or ''
       where the sentence has named it); $what: the missing figure. -->
  <xsl:template name="not-recorded-note">
    <xsl:param name="n"/>
    <xsl:param name="noun" select="' partnerskap'"/>
    <xsl:param name="what" select="'kostnad'"/>
    <xsl:text>varav&#160;</xsl:text>
    <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$n"/></xsl:call-template>
    <xsl:value-of select="concat($noun, ' utan uppgift om ', $what)"/>
  </xsl:template>

  <xsl:template name="sv-capitalize">
    <xsl:param name="s"/>
    <xsl:value-of select="translate(substring($s, 1, 1),
                          'abcdefghijklmnopqrstuvwxyzåäöéü', 'ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉÜ')"/>
    <xsl:value-of select="substring($s, 2)"/>
  </xsl:template>

  <!-- "ASN-2017-8595 och ASN-2018-4383" -->
  <xsl:template name="sv-case-numbers">
    <xsl:param name="agreement" select="."/>
    <xsl:call-template name="sv-join">
      <xsl:with-param name="items" select="$agreement/d:case-number"/>
    </xsl:call-template>
  </xsl:template>

  <!-- "Titel (ASN-2017-8595 och ASN-2018-4383)" as inline content -->
  <xsl:template name="sv-title-with-case-numbers">
    <xsl:param name="agreement" select="."/>
    <xsl:value-of select="$agreement/d:title"/>
    <xsl:if test="$agreement/d:case-number">
      <xsl:text> (</xsl:text>
      <xsl:call-template name="sv-case-numbers">
        <xsl:with-param name="agreement" select="$agreement"/>
      </xsl:call-template>
      <xsl:text>)</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- The current period as one line: "1 juli 2018 – 30 juni 2020, med
       möjlighet till förlängning 1+1 år", and a terminated agreement's end -->
  <xsl:template name="sv-period-line">
    <xsl:param name="agreement" select="."/>
    <xsl:variable name="p" select="$agreement/d:period"/>
    <xsl:value-of select="$p/d:formatted"/>
    <xsl:if test="$p/d:extension">
      <xsl:text>, med möjlighet till förlängning </xsl:text>
      <xsl:value-of select="$p/d:extension"/>
    </xsl:if>
    <xsl:if test="$p/d:terminated">
      <xsl:text> (avslutat i förtid </xsl:text>
      <xsl:value-of select="$p/d:terminated"/>
      <xsl:text>)</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- "Pågående", "Pågående, nytt", "Avslutat" -->
  <xsl:template name="sv-status">
    <xsl:param name="agreement" select="."/>
    <xsl:call-template name="sv-capitalize">
      <xsl:with-param name="s" select="$agreement/d:status-text"/>
    </xsl:call-template>
    <xsl:if test="$agreement/@new = 'true'">, nytt</xsl:if>
  </xsl:template>

  <!-- The date a document is dated: the one given on the command line,
       else the day it was made -->
  <xsl:template name="sv-document-date">
    <xsl:choose>
      <xsl:when test="/d:report-data/d:date"><xsl:value-of select="/d:report-data/d:date"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="/d:report-data/d:generated"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- A committee's name inside a sentence: names of committees are common
       nouns ("inom arbetsmarknadsnämnden"); a name that does not end like
       one ("Kommunstyrelsen" does, "Malmö stad" does not) keeps its capital. -->
  <xsl:template name="sv-lower-first">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="substring($s, string-length($s) - 4) = 'nämnd' or
                      substring($s, string-length($s) - 6) = 'nämnden' or
                      substring($s, string-length($s) - 8) = 'styrelsen'">
        <xsl:value-of select="translate(substring($s, 1, 1), 'ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ',
                                        'abcdefghijklmnopqrstuvwxyzåäö')"/>
        <xsl:value-of select="substring($s, 2)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
