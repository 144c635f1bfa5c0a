<?xml version="1.0" encoding="UTF-8"?>
<!--
  Year over year, for any committee template: the report data's
  <comparison> (docs/report-data.md, "Year over year") as text, tables and
  a chart.  Every figure and difference is the report data's own text;
  nothing is computed here.

    compare-source-sentence  which data the year before comes from
    compare-cost-sentence    the cost and municipal share against the year
                             before, with the change ("uppgift saknas" when
                             a figure is not recorded)
    compare-changes          the table of what changed, partnership by
                             partnership (caption number as a parameter)
    compare-years-chart      a bar per year: the committee's cost, this
                             year marked, with its text alternative
    compare-edits            with an earlier export: the figures edited
                             since, old → new

  Import it next to common/sv.xsl and common/charts.xsl.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:iopreport:report-data:1"
    xmlns="urn:iopreport:document:1"
    exclude-result-prefixes="d">

  <!-- "Jämförelsen med 2020 bygger på …" -->
  <xsl:template name="compare-source-sentence">
    <xsl:param name="cmp"/>
    <!-- whether the document lists the edits (compare-edits) -->
    <xsl:param name="edits-listed" select="true()"/>
    <xsl:choose>
      <xsl:when test="$cmp/@source = 'earlier-export'">
        <xsl:value-of select="concat('Siffrorna för ', $cmp/@previous-year,
                              ' är hämtade ur det tidigare avtalsunderlaget (', $cmp/d:earlier-export,
                              '), det som gällde när förra årets rapport gjordes; siffrorna för ',
                              $cmp/@year, ' ur dagens underlag.')"/>
        <xsl:if test="$edits-listed"> Uppgifter som har ändrats i efterhand redovisas för sig.</xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('Siffrorna för ', $cmp/@previous-year, ' och ', $cmp/@year,
                              ' är hämtade ur samma avtalsunderlag.')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Nämndens kostnad för partnerskapen är 1 059 507 kr 2021 mot 970 000 kr
       2020, en ökning med 89 507 kr. Kommunens andel …" -->
  <xsl:template name="compare-cost-sentence">
    <xsl:param name="cmp"/>
    <xsl:variable name="before" select="$cmp/d:total[@scope = 'previous-year']"/>
    <xsl:variable name="now" select="$cmp/d:total[@scope = 'year']"/>
    <xsl:variable name="change" select="$cmp/d:cost-change"/>
    <xsl:value-of select="concat('Nämndens kostnad för partnerskapen är ', $now/d:cost, ' ', $cmp/@year)"/>
    <!-- a sum that leaves out what is not recorded says so, on each side -->
    <xsl:if test="$now/d:cost/@amount and $now/d:cost/@not-recorded">
      <xsl:text> (</xsl:text>
      <xsl:call-template name="not-recorded-note">
        <xsl:with-param name="n" select="$now/d:cost/@not-recorded"/>
        <xsl:with-param name="noun" select="concat(' av ', $now/d:agreements, ' partnerskap')"/>
      </xsl:call-template>
      <xsl:text>)</xsl:text>
    </xsl:if>
    <xsl:value-of select="concat(' mot ', $before/d:cost, ' ', $cmp/@previous-year)"/>
    <xsl:if test="$before/d:cost/@amount and $before/d:cost/@not-recorded">
      <xsl:text> (</xsl:text>
      <xsl:call-template name="not-recorded-note">
        <xsl:with-param name="n" select="$before/d:cost/@not-recorded"/>
        <xsl:with-param name="noun" select="concat(' av ', $before/d:agreements, ' partnerskap')"/>
      </xsl:call-template>
      <xsl:text>)</xsl:text>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$change/@recorded = 'false'">
        <xsl:text>; förändringen kan inte anges, eftersom avtalsunderlaget inte anger kostnaden för alla partnerskap båda åren (uppgift saknas).</xsl:text>
      </xsl:when>
      <xsl:when test="$change/@amount &gt; 0">
        <xsl:value-of select="concat(', en ökning med ', substring-after($change, '+'), '.')"/>
      </xsl:when>
      <xsl:when test="$change/@amount &lt; 0">
        <xsl:value-of select="concat(', en minskning med ', substring-after($change, '−'), '.')"/>
      </xsl:when>
      <xsl:otherwise><xsl:text>, oförändrat.</xsl:text></xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="$cmp/d:share-change/@permille">
        <xsl:value-of select="concat(' Kommunens andel av partnerskapens värde är ', $now/d:municipal-share,
                              ' ', $cmp/@year, ' mot ', $before/d:municipal-share, ' ', $cmp/@previous-year,
                              ' (', $cmp/d:share-change, ').')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat(' Förändringen av kommunens andel av värdet kan inte anges: avtalsunderlaget redovisar inte alla parters bidrag båda åren (uppgift saknas).', '')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The partnerships that changed: new, ended, extended, terminated
       early, changed cost or committee, with both years' cost. -->
  <xsl:template name="compare-changes">
    <xsl:param name="cmp"/>
    <xsl:param name="caption"/>
    <xsl:variable name="changed" select="$cmp/d:item[@changed = 'true']"/>
    <xsl:choose>
      <xsl:when test="not($changed)">
        <p>
          <xsl:value-of select="concat('Inga partnerskap har tillkommit, avslutats, förlängts eller fått ändrad kostnad sedan ',
                                $cmp/@previous-year, '.')"/>
        </p>
      </xsl:when>
      <xsl:otherwise>
        <p class="caption"><xsl:value-of select="$caption"/></p>
        <table class="changes">
          <col width="1.3*"/>
          <col width="1.5*"/>
          <col width="23mm"/>
          <col width="23mm"/>
          <col width="23mm"/>
          <thead>
            <tr>
              <th>Partnerskap</th>
              <th>Förändring</th>
              <th class="num"><xsl:value-of select="concat('Kostnad ', $cmp/@previous-year)"/></th>
              <th class="num"><xsl:value-of select="concat('Kostnad ', $cmp/@year)"/></th>
              <th class="num">Skillnad</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$changed">
              <tr>
                <td class="title"><xsl:value-of select="d:title"/></td>
                <td>
                  <xsl:for-each select="d:change">
                    <xsl:if test="position() &gt; 1"><xsl:text>; </xsl:text></xsl:if>
                    <xsl:choose>
                      <xsl:when test="position() = 1">
                        <xsl:call-template name="sv-capitalize"><xsl:with-param name="s" select="string(.)"/></xsl:call-template>
                      </xsl:when>
                      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
                    </xsl:choose>
                  </xsl:for-each>
                </td>
                <td class="num"><xsl:value-of select="d:previous-cost"/></td>
                <td class="num"><xsl:value-of select="d:cost"/></td>
                <td class="num"><xsl:value-of select="d:difference"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        <p class="table-note">
          <xsl:text>– betyder att partnerskapet inte gällde nämnden det året; uppgift saknas, att avtalsunderlaget inte anger kostnaden.</xsl:text>
        </p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The committee's cost per year, every year the data covers, this year
       marked in its label ("2021, rapportåret"); a year whose cost is not
       recorded gets no bar and says so. -->
  <xsl:template name="compare-years-chart">
    <xsl:param name="cmp"/>
    <xsl:param name="title"/>
    <xsl:variable name="years" select="$cmp/d:years/d:year"/>
    <chart kind="bar" title="{$title}" axis-label="Kronor">
      <xsl:attribute name="alt">
        <!-- without a cost above 0 there are no bars, only each year's text -->
        <xsl:if test="$years/d:cost[@amount &gt; 0]">Stapeldiagram: n</xsl:if>
        <xsl:if test="not($years/d:cost[@amount &gt; 0])">N</xsl:if>
        <xsl:value-of select="concat('ämndens kostnad för partnerskapen per år ',
                              $years[1]/@year, '–', $years[last()]/@year, ', rapportåret ', $cmp/@year, ' markerat')"/>
        <!-- never blended: every bar is today's data, which the text says
             when the year before comes from an earlier export -->
        <xsl:if test="$cmp/@source = 'earlier-export'">, alla år enligt dagens avtalsunderlag</xsl:if>
        <xsl:text>. </xsl:text>
        <xsl:for-each select="$years">
          <xsl:if test="position() &gt; 1"><xsl:text>; </xsl:text></xsl:if>
          <xsl:value-of select="concat(@year, ': ')"/>
          <xsl:call-template name="compare-year-text"/>
        </xsl:for-each>
        <xsl:text>.</xsl:text>
      </xsl:attribute>
      <xsl:for-each select="$years">
        <xsl:variable name="label">
          <xsl:value-of select="@year"/>
          <xsl:if test="@current = 'true'">, rapportåret</xsl:if>
        </xsl:variable>
        <xsl:variable name="display">
          <xsl:call-template name="compare-year-text"/>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="d:cost/@amount">
            <item label="{$label}" value="{d:cost/@amount}" display="{$display}"/>
          </xsl:when>
          <xsl:when test="@count = 0">
            <item label="{$label}" value="0" display="{$display}"/>
          </xsl:when>
          <!-- not recorded is not 0: no value, no bar, "uppgift saknas" -->
          <xsl:otherwise>
            <item label="{$label}" display="{$display}"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </chart>
  </xsl:template>

  <!-- One year's bar text: "750 000 kr", "uppgift saknas", "0 kr (inga
       partnerskap)", "900 000 kr (1 partnerskap utan uppgift)". -->
  <xsl:template name="compare-year-text">
    <xsl:choose>
      <xsl:when test="@count = 0">0&#160;kr (inga partnerskap)</xsl:when>
      <xsl:when test="d:cost/@recorded = 'false'">uppgift saknas</xsl:when>
      <xsl:when test="d:cost/@not-recorded">
        <xsl:value-of select="concat(d:cost, ' (', d:cost/@not-recorded, ' partnerskap utan uppgift)')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="d:cost"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- With an earlier export: what differs between it and today's data. -->
  <xsl:template name="compare-edits">
    <xsl:param name="cmp"/>
    <xsl:param name="caption"/>
    <xsl:variable name="edits" select="$cmp/d:edits/d:edit"/>
    <p>
      <xsl:value-of select="concat('Det tidigare avtalsunderlaget (', $cmp/d:earlier-export, ') och dagens har jämförts för ',
                            $cmp/@previous-year, ' och ', $cmp/@year, '. ')"/>
      <xsl:choose>
        <xsl:when test="$edits">
          <xsl:text>Uppgifterna nedan har ändrats i efterhand; jämförelsen ovan bygger för </xsl:text>
          <xsl:value-of select="$cmp/@previous-year"/>
          <xsl:text> på de tidigare uppgifterna.</xsl:text>
        </xsl:when>
        <xsl:otherwise>Inga uppgifter har ändrats i efterhand.</xsl:otherwise>
      </xsl:choose>
    </p>
    <xsl:if test="$edits">
      <p class="caption"><xsl:value-of select="$caption"/></p>
      <table class="changes">
        <col width="1.4*"/>
        <col width="12mm"/>
        <col width="1*"/>
        <col width="23mm"/>
        <col width="23mm"/>
        <col width="23mm"/>
        <thead>
          <tr>
            <th>Partnerskap</th>
            <th>År</th>
            <th>Uppgift</th>
            <th class="num">Tidigare</th>
            <th class="num">Nu</th>
            <th class="num">Skillnad</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$edits">
            <tr>
              <td class="title"><xsl:value-of select="d:title"/></td>
              <td><xsl:value-of select="@year"/></td>
              <td>
                <xsl:choose>
                  <xsl:when test="@figure = 'value'">Värde, alla parter</xsl:when>
                  <xsl:otherwise>Nämndens kostnad</xsl:otherwise>
                </xsl:choose>
              </td>
              <td class="num"><xsl:value-of select="d:before"/></td>
              <td class="num"><xsl:value-of select="d:after"/></td>
              <td class="num"><xsl:value-of select="d:difference"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <p class="table-note">
        <xsl:text>– betyder att partnerskapet inte gällde nämnden det året i det underlaget.</xsl:text>
      </p>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
