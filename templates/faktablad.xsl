<?xml version="1.0" encoding="UTF-8"?>
<!--
  faktablad: a fact sheet about one agreement, modelled on SKR's example
  "Idéburet offentligt partnerskap (IOP) – exemplet Yalla Trappan i Malmö"
  (2019): a lead, an "Om exemplet" box (municipality, period, area) with
  Figur 1, a timeline of the periods, under it, Bakgrund, Genomförande,
  results, Lärdomar and contacts.

  Input: the report data of the whole input ("iopreport data PATH", year given,
  without committee), docs/report-data.md. Output: a document.

  Parameters:
    agreement  the id of the agreement to show; empty: every agreement of
               the catalogue in turn, each from a new page (build combine)
    title      the document title instead of the agreement's
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:iopreport:report-data:1"
    xmlns:iop="urn:iopreport:template"
    xmlns:exsl="http://exslt.org/common"
    xmlns="urn:iopreport:document:1"
    exclude-result-prefixes="d iop exsl"
    iop:scope="agreement">

  <xsl:import href="common/richtext.xsl"/>
  <xsl:import href="common/sv.xsl"/>
  <xsl:import href="common/page.xsl"/>
  <xsl:import href="common/agreement.xsl"/>
  <xsl:import href="common/charts.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="agreement" select="''"/>
  <!-- a logo at the top right of every sheet: a PNG or SVG file, relative
       to the template that sets it (see docs/templates.md) -->
  <xsl:param name="logo" select="''"/>
  <xsl:param name="logo-width" select="'30mm'"/>
  <xsl:param name="title" select="''"/>

  <xsl:variable name="data" select="/d:report-data"/>
  <xsl:variable name="year" select="string($data/@year)"/>
  <!-- the agreements of the year (the catalogue holds the others too) -->
  <xsl:variable name="catalogue" select="$data/d:catalogue/d:municipality/d:agreement[not(@in-year = 'false')]"/>
  <xsl:variable name="id" select="normalize-space($agreement)"/>
  <xsl:variable name="sheets" select="$catalogue[$id = '' or @id = $id]"/>
  <xsl:variable name="date">
    <xsl:call-template name="sv-document-date"/>
  </xsl:variable>
  <xsl:variable name="doc-title">
    <xsl:choose>
      <xsl:when test="normalize-space($title)"><xsl:value-of select="normalize-space($title)"/></xsl:when>
      <xsl:when test="$id != ''">
        <xsl:value-of select="concat('Idéburet offentligt partnerskap – ', $sheets[1]/d:title)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('Idéburna offentliga partnerskap ', $year, ' – faktablad')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:if test="not($data/d:catalogue)">
      <xsl:message terminate="yes">faktablad: the report data holds no catalogue (run "iopreport data" without a committee)</xsl:message>
    </xsl:if>
    <xsl:if test="not($sheets)">
      <xsl:choose>
        <xsl:when test="$id != ''">
          <xsl:message terminate="yes">
            <xsl:value-of select="concat('faktablad: no agreement &quot;', $id, '&quot; in ', $year)"/>
          </xsl:message>
        </xsl:when>
        <xsl:otherwise>
          <xsl:message terminate="yes">
            <xsl:value-of select="concat('faktablad: no agreements in ', $year)"/>
          </xsl:message>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
    <document lang="sv-SE">
      <meta>
        <title><xsl:value-of select="$doc-title"/></title>
        <author>
          <xsl:choose>
            <xsl:when test="$id != ''">
              <xsl:call-template name="sv-join">
                <xsl:with-param name="items" select="$sheets[1]/d:parties/d:party[@kind = 'public']"/>
              </xsl:call-template>
              <xsl:value-of select="concat(', ', $sheets[1]/d:municipality)"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="sv-join">
                <xsl:with-param name="items" select="$data/d:catalogue/d:municipality[d:agreement[not(@in-year = 'false')]]/@name"/>
              </xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
        </author>
        <subject>
          <xsl:value-of select="concat('Faktablad om idéburet offentligt partnerskap (IOP), ', $year)"/>
        </subject>
        <keywords>IOP, idéburet offentligt partnerskap, faktablad, exempel</keywords>
        <xsl:if test="string($date)"><date><xsl:value-of select="$date"/></date></xsl:if>
        <xsl:if test="$data/d:case-number">
          <case-number><xsl:value-of select="$data/d:case-number"/></case-number>
        </xsl:if>
      </meta>
      <styles>
        <xsl:call-template name="house-styles"/>
        <xsl:call-template name="agreement-styles"/>
        <xsl:call-template name="chart-styles"/>
        <xsl:call-template name="sheet-styles"/>
      </styles>
      <xsl:call-template name="house-page">
        <xsl:with-param name="first-page" select="'same'"/>
        <!-- one sheet is one page: a few lines over are tightened to fit -->
        <xsl:with-param name="fit-pages">
          <xsl:if test="$id != ''">1</xsl:if>
        </xsl:with-param>
        <xsl:with-param name="margin-top" select="'20mm'"/>
        <xsl:with-param name="margin-bottom" select="'19mm'"/>
        <xsl:with-param name="header-left" select="'Faktablad · Idéburet offentligt partnerskap (IOP)'"/>
        <xsl:with-param name="header-right">
          <xsl:choose>
            <xsl:when test="$id != ''"><xsl:value-of select="$sheets[1]/d:municipality"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$year"/></xsl:otherwise>
          </xsl:choose>
          <!-- the publication date, in the header so that a sheet keeps to
               its page -->
          <xsl:if test="string($date)"><xsl:value-of select="concat(' · Publicerad ', $date)"/></xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <body>
        <xsl:for-each select="$sheets">
          <xsl:if test="position() &gt; 1"><page-break/></xsl:if>
          <xsl:if test="position() = 1"><xsl:call-template name="house-left-out-notice"/></xsl:if>
          <!-- an agreement written in another language keeps it (its /Lang) -->
          <div lang="{@lang}">
            <xsl:call-template name="sheet"/>
          </div>
        </xsl:for-each>
      </body>
    </document>
  </xsl:template>

  <!-- The line above the title -->
  <xsl:template name="sheet-kicker">
    <xsl:value-of select="concat('Idéburet offentligt partnerskap · ', d:municipality)"/>
    <xsl:if test="d:area"><xsl:value-of select="concat(' · ', d:area)"/></xsl:if>
  </xsl:template>

  <xsl:template name="sheet-styles">
    <!-- a fact sheet is meant to fit on one page, with its timeline -->
    <style match="body" font-size="9.5pt" line-height="1.33"/>
    <style match="p" space-after="3pt"/>
    <style match=".kicker" font-family="{$font-heading}" font-size="9pt" font-weight="bold"
           color="{$colour-rule}" space-after="2pt"/>
    <style match="h1.sheet" font-size="19pt" space-before="0" space-after="3pt" line-height="1.15"/>
    <style match=".sheet-parties" font-family="{$font-heading}" font-size="10pt" color="#333333"
           space-after="10pt"/>
    <style match="h2" font-size="11.5pt" space-before="8pt" space-after="2pt"/>
    <style match=".lead" font-size="10pt" line-height="1.38"/>
    <style match="img.logo" space-after="4pt"/>
    <!-- the timeline right under the box, small, as part of "Om exemplet" -->
    <style match="table.about" space-after="6pt"/>
    <style match="chart" font-size="7.5pt" space-before="0" space-after="4pt"/>
    <style match="chart-caption" font-size="7pt"/>
  </xsl:template>

  <!-- One agreement: kicker, title, parties, lead, the box, the sections -->
  <xsl:template name="sheet">
    <xsl:if test="string($logo)">
      <img class="logo" src="{$logo}" width="{$logo-width}" align="right" alt="Logotyp"/>
    </xsl:if>
    <p class="kicker"><xsl:call-template name="sheet-kicker"/></p>
    <h1 class="sheet" id="{@id}"><xsl:value-of select="d:title"/></h1>
    <p class="sheet-parties">
      <xsl:call-template name="sv-join">
        <xsl:with-param name="items" select="d:parties/d:party"/>
      </xsl:call-template>
    </p>
    <xsl:call-template name="agreement-lead"/>
    <xsl:call-template name="agreement-about-box"/>
    <xsl:call-template name="sheet-timeline"/>
    <xsl:call-template name="agreement-sections">
      <xsl:with-param name="level" select="2"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Figur 1: the agreement's periods, the option and the year, right
       under the box, when there is more to see than the box's Tidsperiod
       says (earlier periods or an extension option).  The common timeline
       with one row, made small so that a sheet stays on one page: no title
       above it (the figure's number starts its caption), a short label
       (the sheet's heading names the partnership), a one-line text
       alternative (the dates are written out under Genomförande). -->
  <xsl:template name="sheet-timeline">
    <xsl:variable name="chart">
      <xsl:call-template name="chart-periods">
        <xsl:with-param name="agreements" select="."/>
        <xsl:with-param name="year" select="$year"/>
        <xsl:with-param name="title" select="''"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:for-each select="exsl:node-set($chart)/*[count(*/*) &gt; 1]">
      <xsl:copy>
        <xsl:copy-of select="@*[name() != 'title']"/>
        <xsl:attribute name="alt">
          <xsl:value-of select="concat('Figur 1. Tidslinje över partnerskapets avtalsperioder med ', $year,
                                       ' markerat. Datumen står under Genomförande.')"/>
        </xsl:attribute>
        <xsl:copy-of select="*[local-name() = 'series']"/>
        <xsl:for-each select="*[local-name() = 'row']">
          <xsl:copy>
            <xsl:attribute name="label">Avtalsperioder</xsl:attribute>
            <xsl:copy-of select="node()"/>
          </xsl:copy>
        </xsl:for-each>
      </xsl:copy>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
