<?xml version="1.0" encoding="UTF-8"?>
<!--
  Charts of the report data, for any template: the document's <chart>
  elements (docs/document.md, "Charts") filled from agreements.

    chart-styles          inside <styles>, after house-styles: the charts in
                          the house's sans, titles like the table captions
    chart-cost            bar chart: one amount of each agreement's figures
                          (the committee's cost by default), largest first
    chart-periods         timeline: each agreement's earlier periods, the
                          current one and the extension option, the report
                          year shaded
    chart-municipal-share split bars: the municipality's and the other
                          parties' shares of each agreement's value

  Every amount shown is the report data's own Swedish text; the numbers
  given to the engine are the raw attributes, used only for lengths.
  Import it next to common/page.xsl and common/sv.xsl (it uses
  $font-heading, sv-count-word and sv-capitalize from them).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:iopreport:report-data:1"
    xmlns="urn:iopreport:document:1"
    exclude-result-prefixes="d">

  <xsl:template name="chart-styles">
    <style match="chart" font-family="{$font-heading}" font-size="8pt" space-before="10pt"
           space-after="12pt"/>
    <style match="chart-title" font-size="8.5pt" font-weight="bold" color="#333333"/>
    <style match="chart-caption" font-size="7.5pt" color="#555555"/>
  </xsl:template>

  <!-- Bar chart of one amount per agreement.
       agreements: the d:agreement nodes; year: the report year;
       title: the chart's title; amount: the name of the element of
       d:figures to show (committee-cost, value, municipal; default the
       committee's cost); total: the formatted total for the alt text
       (optional).  Agreements whose amount is 0 are left out and the alt
       text says so. -->
  <xsl:template name="chart-cost">
    <xsl:param name="agreements"/>
    <xsl:param name="year"/>
    <xsl:param name="title"/>
    <xsl:param name="amount" select="'committee-cost'"/>
    <xsl:param name="total" select="''"/>
    <xsl:variable name="shown" select="$agreements[d:figures/*[local-name() = $amount]/@amount &gt; 0]"/>
    <xsl:variable name="left-out" select="count($agreements) - count($shown)"/>
    <chart kind="bar" title="{$title}" axis-label="Kronor">
      <xsl:attribute name="alt">
        <xsl:text>Stapeldiagram: </xsl:text>
        <xsl:choose>
          <xsl:when test="$amount = 'committee-cost'">nämndens kostnad </xsl:when>
          <xsl:when test="$amount = 'municipal'">kommunens insats </xsl:when>
          <xsl:otherwise>värdet </xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="concat($year, ' för varje partnerskap')"/>
        <xsl:if test="string($total)">
          <xsl:value-of select="concat(', sammanlagt ', $total)"/>
        </xsl:if>
        <xsl:text>.</xsl:text>
        <xsl:for-each select="$shown">
          <xsl:sort select="d:figures/*[local-name() = $amount]/@amount" data-type="number"
                    order="descending"/>
          <xsl:if test="position() = 1 and last() &gt; 1">
            <xsl:value-of select="concat(' Störst är ', d:title, ' med ',
                                  d:figures/*[local-name() = $amount], '.')"/>
          </xsl:if>
        </xsl:for-each>
        <!-- a figure the data does not record gets no bar and is named
             apart from a recorded 0 (not recorded is not zero) -->
        <xsl:variable name="missing" select="count($agreements[d:figures/*[local-name() = $amount]/@recorded = 'false'])"/>
        <xsl:if test="$missing &gt; 0">
          <xsl:variable name="word">
            <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$missing"/></xsl:call-template>
          </xsl:variable>
          <xsl:text> </xsl:text>
          <xsl:call-template name="sv-capitalize"><xsl:with-param name="s" select="$word"/></xsl:call-template>
          <xsl:text> partnerskap utan uppgift om </xsl:text>
          <xsl:choose>
            <xsl:when test="$amount = 'committee-cost'">kostnad</xsl:when>
            <xsl:when test="$amount = 'municipal'">kommunens insats</xsl:when>
            <xsl:otherwise>värde</xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="concat(' för ', $year, ' visas inte.')"/>
        </xsl:if>
        <xsl:if test="$left-out - $missing &gt; 0">
          <xsl:variable name="word">
            <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$left-out - $missing"/></xsl:call-template>
          </xsl:variable>
          <xsl:text> </xsl:text>
          <xsl:call-template name="sv-capitalize"><xsl:with-param name="s" select="$word"/></xsl:call-template>
          <xsl:text> partnerskap med 0&#160;kr visas utan stapel.</xsl:text>
        </xsl:if>
      </xsl:attribute>
      <xsl:for-each select="$shown">
        <xsl:sort select="d:figures/*[local-name() = $amount]/@amount" data-type="number"
                  order="descending"/>
        <xsl:variable name="a" select="d:figures/*[local-name() = $amount]"/>
        <item label="{d:title}" value="{$a/@amount}" display="{$a}"/>
      </xsl:for-each>
    </chart>
  </xsl:template>

  <!-- Timeline of the agreements' periods, in the order given, with the
       report year shaded.  The option to extend is drawn where the data
       gives its end (option-last-day: the extension is a number of years,
       "1+1 år", "2 år", and the period has an end and was not
       terminated). -->
  <xsl:template name="chart-periods">
    <xsl:param name="agreements"/>
    <xsl:param name="year"/>
    <xsl:param name="title"/>
    <chart kind="timeline" title="{$title}" highlight-from="{$year}-01-01"
           highlight-to="{$year}-12-31" highlight-label="Rapportåret {$year}">
      <xsl:attribute name="alt">
        <xsl:text>Tidslinje över avtalsperioderna för </xsl:text>
        <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="count($agreements)"/></xsl:call-template>
        <xsl:value-of select="concat(' partnerskap: tidigare perioder, den nuvarande perioden och ',
                              'möjlig förlängning, med ', $year, ' markerat.')"/>
      </xsl:attribute>
      <!-- the legend names only the series drawn, in this order -->
      <series id="previous" look="medium" label="Tidigare avtalsperiod"/>
      <series id="current" look="dark" label="Nuvarande avtalsperiod"/>
      <series id="option" look="hatched" label="Möjlig förlängning"/>
      <xsl:for-each select="$agreements">
        <row label="{d:title}">
          <!-- the days each period covers come with the data (first-day,
               last-day: a terminated period ends at its termination) -->
          <xsl:for-each select="d:previous-period[@first-day and @last-day]">
            <span series="previous" from="{@first-day}" to="{@last-day}"/>
          </xsl:for-each>
          <xsl:variable name="p" select="d:period"/>
          <span series="current" from="{$p/@first-day}">
            <xsl:if test="$p/@last-day">
              <xsl:attribute name="to"><xsl:value-of select="$p/@last-day"/></xsl:attribute>
            </xsl:if>
          </span>
          <xsl:if test="$p/@option-last-day">
            <span series="option" to="{$p/@option-last-day}"/>
          </xsl:if>
        </row>
      </xsl:for-each>
    </chart>
  </xsl:template>

  <!-- Split bars: the municipality's part of each agreement's value for the
       year against the other parties' (agreements without a value are left
       out).  The total after each bar is the data's own text. -->
  <xsl:template name="chart-municipal-share">
    <xsl:param name="agreements"/>
    <xsl:param name="year"/>
    <xsl:param name="title"/>
    <xsl:variable name="shown" select="$agreements[d:figures/d:value/@amount &gt; 0]"/>
    <chart kind="split" title="{$title}">
      <xsl:attribute name="alt">
        <xsl:value-of select="concat('Delade staplar: kommunens och de andra parternas andel av ',
                              'värdet ', $year, ' för varje partnerskap, med värdet efter stapeln.')"/>
        <xsl:variable name="missing" select="count($agreements[d:figures/d:value/@recorded = 'false'])"/>
        <xsl:if test="$missing &gt; 0">
          <xsl:variable name="word">
            <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$missing"/></xsl:call-template>
          </xsl:variable>
          <xsl:text> </xsl:text>
          <xsl:call-template name="sv-capitalize"><xsl:with-param name="s" select="$word"/></xsl:call-template>
          <xsl:text> partnerskap där de andra parternas bidrag inte är redovisade visas inte.</xsl:text>
        </xsl:if>
      </xsl:attribute>
      <series label="Kommunen" look="dark"/>
      <series label="Idéburna parter och andra" look="light"/>
      <xsl:for-each select="$shown">
        <item label="{d:title}" display="{d:figures/d:value}">
          <part value="{d:figures/d:municipal/@amount}"/>
          <part value="{d:figures/d:others/@amount}"/>
        </item>
      </xsl:for-each>
    </chart>
  </xsl:template>

</xsl:stylesheet>
