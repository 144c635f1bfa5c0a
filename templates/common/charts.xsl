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
       report year shaded.  The option to extend is drawn when its text is
       a number of years ("1+1 år", "2 år") and the period has an end and
       was not terminated. -->
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
          <xsl:for-each select="d:previous-period[d:start and d:end]">
            <span series="previous">
              <xsl:attribute name="from">
                <xsl:call-template name="chart-day"><xsl:with-param name="d" select="d:start"/></xsl:call-template>
              </xsl:attribute>
              <xsl:attribute name="to">
                <xsl:call-template name="chart-day">
                  <xsl:with-param name="d" select="d:end"/>
                  <xsl:with-param name="end" select="true()"/>
                </xsl:call-template>
              </xsl:attribute>
            </span>
          </xsl:for-each>
          <xsl:variable name="p" select="d:period"/>
          <!-- a terminated period ends at its termination -->
          <xsl:variable name="stop" select="$p/d:terminated | $p/d:end[not(../d:terminated)]"/>
          <span series="current">
            <xsl:attribute name="from">
              <xsl:call-template name="chart-day"><xsl:with-param name="d" select="$p/d:start"/></xsl:call-template>
            </xsl:attribute>
            <xsl:if test="$stop">
              <xsl:attribute name="to">
                <xsl:call-template name="chart-day">
                  <xsl:with-param name="d" select="$stop"/>
                  <xsl:with-param name="end" select="true()"/>
                </xsl:call-template>
              </xsl:attribute>
            </xsl:if>
          </span>
          <xsl:if test="$p/d:extension and $p/d:end and not($p/d:terminated)">
            <xsl:variable name="years">
              <xsl:call-template name="chart-option-years">
                <xsl:with-param name="s" select="string($p/d:extension)"/>
              </xsl:call-template>
            </xsl:variable>
            <xsl:if test="number($years) &gt; 0">
              <xsl:variable name="end">
                <xsl:call-template name="chart-day">
                  <xsl:with-param name="d" select="$p/d:end"/>
                  <xsl:with-param name="end" select="true()"/>
                </xsl:call-template>
              </xsl:variable>
              <xsl:variable name="md" select="substring($end, 5)"/>
              <span series="option"
                    to="{concat(number(substring($end, 1, 4)) + number($years),
                         substring('-02-28', 1, 6 * ($md = '-02-29')),
                         substring($md, 1, 6 * not($md = '-02-29')))}"/>
            </xsl:if>
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
          <part value="{d:figures/d:value/@amount - d:figures/d:municipal/@amount}"/>
        </item>
      </xsl:for-each>
    </chart>
  </xsl:template>

  <!-- A date of the report data (precision day, month or year) as the
       first day it covers, or with end=true() the last. -->
  <xsl:template name="chart-day">
    <xsl:param name="d"/>
    <xsl:param name="end" select="false()"/>
    <xsl:variable name="v" select="string($d/@date)"/>
    <xsl:choose>
      <xsl:when test="string-length($v) = 10"><xsl:value-of select="$v"/></xsl:when>
      <xsl:when test="string-length($v) = 7 and not($end)"><xsl:value-of select="concat($v, '-01')"/></xsl:when>
      <xsl:when test="string-length($v) = 7">
        <xsl:variable name="y" select="number(substring($v, 1, 4))"/>
        <xsl:variable name="m" select="substring($v, 6, 2)"/>
        <xsl:variable name="leap" select="($y mod 4 = 0 and $y mod 100 != 0) or $y mod 400 = 0"/>
        <xsl:value-of select="$v"/>
        <xsl:choose>
          <xsl:when test="$m = '02' and $leap">-29</xsl:when>
          <xsl:when test="$m = '02'">-28</xsl:when>
          <xsl:when test="$m = '04' or $m = '06' or $m = '09' or $m = '11'">-30</xsl:when>
          <xsl:otherwise>-31</xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$end"><xsl:value-of select="concat($v, '-12-31')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($v, '-01-01')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The years of an extension option written as "1+1 år" or "2 år";
       0 for anything else (months, free text). -->
  <xsl:template name="chart-option-years">
    <xsl:param name="s"/>
    <xsl:variable name="t" select="normalize-space($s)"/>
    <xsl:choose>
      <xsl:when test="substring($t, string-length($t) - 1) = 'år'">
        <xsl:call-template name="chart-sum">
          <xsl:with-param name="s" select="translate(substring($t, 1, string-length($t) - 2), ' &#160;', '')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>0</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="chart-sum">
    <xsl:param name="s"/>
    <xsl:variable name="head">
      <xsl:choose>
        <xsl:when test="contains($s, '+')"><xsl:value-of select="substring-before($s, '+')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="string($head) = '' or translate($head, '0123456789', '') != ''">0</xsl:when>
      <xsl:when test="contains($s, '+')">
        <xsl:variable name="rest">
          <xsl:call-template name="chart-sum">
            <xsl:with-param name="s" select="substring-after($s, '+')"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:value-of select="number($head) * number($rest != 0) + number($rest)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="number($head)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
