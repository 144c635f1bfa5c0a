<?xml version="1.0" encoding="UTF-8"?>
<!--
  exempelsamling: the catalogue of every agreement in the input for a year,
  municipality by municipality and committee by committee, in the way
  municipalities list their partnerships ("Idéburen aktör | Offentlig
  aktör | Innehåll"), with a few highlighted examples told in full and,
  under each municipality's totals, its partnerships' values as bars
  (Figur 1, 2, ... through the catalogue).

  Input: the report data of the whole input ("iopreport data PATH" with a
  year and no committee), docs/report-data.md. Output: a document.

  The agreements told in full are those the report data lists
  (d:catalogue/d:highlight: the ids given to build or data as highlight); without
  any, the agreements of the year marked example="true" in the input.

  Parameters:
    title      the document title instead of "Idéburna offentliga
               partnerskap Y – exempelsamling"
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:iopreport:report-data:1"
    xmlns:iop="urn:iopreport:template"
    xmlns="urn:iopreport:document:1"
    exclude-result-prefixes="d iop"
    iop:scope="all">

  <xsl:import href="common/richtext.xsl"/>
  <xsl:import href="common/sv.xsl"/>
  <xsl:import href="common/numbers.xsl"/>
  <xsl:import href="common/page.xsl"/>
  <xsl:import href="common/agreement.xsl"/>
  <xsl:import href="common/charts.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="title" select="''"/>
  <!-- a logo at the top of the letterhead: a PNG or SVG file, relative to
       the stylesheet that sets it, or an absolute path (build: param logo) -->
  <xsl:param name="logo" select="''"/>
  <xsl:param name="logo-width" select="'40mm'"/>
  <!-- the organisation that publishes the catalogue (the letterhead's
       first line), and an introduction and guidelines of its own placed
       before the overview: text blocks, a blank line between paragraphs -->
  <xsl:param name="publisher" select="''"/>
  <xsl:param name="scope" select="'in-force'"/>
  <xsl:param name="intro" select="''"/>

  <xsl:variable name="data" select="/d:report-data"/>
  <xsl:variable name="year" select="string($data/@year)"/>
  <!-- every agreement of the input; those listed: the year's (scope
       "in-force", the default) or all of them, ended ones included ("all") -->
  <xsl:variable name="input" select="$data/d:catalogue/d:municipality/d:agreement"/>
  <xsl:variable name="catalogue"
      select="$input[$scope = 'all' or not(@in-year = 'false')]"/>
  <!-- any agreement of the input may be highlighted -->
  <xsl:variable name="highlighted" select="$data/d:catalogue/d:highlight"/>
  <xsl:variable name="examples"
      select="$input[(not($highlighted) and @example = 'true' and
                      count(. | $catalogue) = count($catalogue)) or
                     @id = $highlighted/@ref]"/>
  <xsl:variable name="municipalities"
      select="$data/d:catalogue/d:municipality[d:agreement[count(. | $catalogue | $examples) =
                                                           count($catalogue | $examples)]]"/>
  <xsl:variable name="doc-title">
    <xsl:choose>
      <xsl:when test="normalize-space($title)"><xsl:value-of select="normalize-space($title)"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('Idéburna offentliga partnerskap ', $year, ' – exempelsamling')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="date">
    <xsl:call-template name="sv-document-date"/>
  </xsl:variable>
  <!-- a catalogue without any money for the year shows no money columns
       and no 0 kr totals (not recorded is not zero) -->
  <xsl:variable name="has-money" select="boolean($catalogue/d:figures/d:municipal/@amount)"/>

  <xsl:template match="/">
    <xsl:if test="not($data/d:catalogue)">
      <xsl:message terminate="yes">exempelsamling: the report data holds no catalogue (run "iopreport data" without a committee)</xsl:message>
    </xsl:if>
    <!-- iopreport checks the ids; data written by hand may not be -->
    <xsl:for-each select="$highlighted[not(@ref = $input/@id)][1]">
      <xsl:message terminate="yes">
        <xsl:value-of select="concat('exempelsamling: highlight names &quot;', @ref,
                                     '&quot;, which is not an agreement of the input')"/>
      </xsl:message>
    </xsl:for-each>
    <document lang="sv-SE">
      <meta>
        <title><xsl:value-of select="$doc-title"/></title>
        <author>
          <xsl:call-template name="sv-join">
            <xsl:with-param name="items" select="$municipalities/@name"/>
          </xsl:call-template>
        </author>
        <subject>
          <xsl:value-of select="concat('Exempel på idéburna offentliga partnerskap ', $year,
                                       ', per kommun och nämnd')"/>
        </subject>
        <keywords>IOP, idéburet offentligt partnerskap, exempelsamling</keywords>
        <xsl:if test="string($date)"><date><xsl:value-of select="$date"/></date></xsl:if>
        <xsl:if test="$data/d:case-number">
          <case-number><xsl:value-of select="$data/d:case-number"/></case-number>
        </xsl:if>
      </meta>
      <styles>
        <xsl:call-template name="house-styles"/>
        <xsl:call-template name="agreement-styles"/>
        <xsl:call-template name="chart-styles"/>
        <xsl:call-template name="catalogue-styles"/>
      </styles>
      <xsl:call-template name="house-page">
        <xsl:with-param name="header-left" select="'Idéburna offentliga partnerskap'"/>
        <xsl:with-param name="header-right" select="$doc-title"/>
        <xsl:with-param name="letterhead-left">
          <xsl:if test="string($logo)">
            <img class="logo" src="{$logo}" width="{$logo-width}" alt="Logotyp"/>
          </xsl:if>
          <p class="municipality">
            <xsl:choose>
              <xsl:when test="normalize-space($publisher)"><xsl:value-of select="normalize-space($publisher)"/></xsl:when>
              <xsl:otherwise>Exempelsamling</xsl:otherwise>
            </xsl:choose>
          </p>
          <p class="office"><xsl:value-of select="concat('Idéburna offentliga partnerskap ', $year)"/></p>
        </xsl:with-param>
        <xsl:with-param name="letterhead-right">
          <xsl:if test="string($date)">
            <p class="meta">Datum <xsl:value-of select="$date"/></p>
          </xsl:if>
          <xsl:if test="$data/d:case-number">
            <p class="meta">Diarienummer <xsl:value-of select="$data/d:case-number"/></p>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <body>
        <p class="doc-title"><xsl:value-of select="$doc-title"/></p>
        <p class="doc-subtitle"><xsl:call-template name="subtitle"/></p>
        <xsl:call-template name="house-left-out-notice"/>
        <xsl:call-template name="introduction"/>
        <xsl:call-template name="sv-text-block">
          <xsl:with-param name="s" select="$intro"/>
        </xsl:call-template>
        <toc depth="2" title="Innehåll"/>
        <xsl:call-template name="overview"/>
        <xsl:for-each select="$municipalities">
          <xsl:call-template name="municipality"/>
        </xsl:for-each>
      </body>
    </document>
  </xsl:template>

  <xsl:template name="catalogue-styles">
    <style match="table.catalogue" font-size="8.5pt" space-before="4pt"/>
    <!-- names break between words, not inside them -->
    <style match="td.idea" font-weight="bold" hyphenate="false"/>
    <style match="td.public" hyphenate="false"/>
    <style match=".entry-title" font-weight="bold"/>
    <style match=".entry-period" color="#444444"/>
    <style match=".example-mark" color="{$colour-heading}" font-weight="bold"/>
    <style match="h2.example" page-break-before="false" border-top="0.6pt" border-color="#c5cdd8"
           space-before="16pt"/>
    <style match=".municipality-totals" font-size="10pt"/>
    <style match=".table-note" font-size="8.5pt" color="#444444"/>
    <style match="h1.municipality" page-break-before="true"/>
  </xsl:template>

  <!-- "Elva partnerskap i Linköpings kommun och Malmö stad" -->
  <xsl:template name="subtitle">
    <xsl:variable name="n" select="count($catalogue)"/>
    <xsl:call-template name="sv-capitalize">
      <xsl:with-param name="s">
        <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$n"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="$n = 1"> partnerskap i </xsl:when>
      <xsl:otherwise> partnerskap i </xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="count($municipalities) &lt;= 3">
        <xsl:call-template name="sv-join"><xsl:with-param name="items" select="$municipalities/@name"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="sv-count-word">
          <xsl:with-param name="n" select="count($municipalities)"/>
          <xsl:with-param name="gender" select="'u'"/>
        </xsl:call-template>
        <xsl:text> kommuner och regioner</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="introduction">
    <p>
      <xsl:text>Samlingen visar de idéburna offentliga partnerskap (IOP) som
        gällde under </xsl:text>
      <xsl:value-of select="$year"/>
      <xsl:text>, kommun för kommun och nämnd för nämnd: vilka idéburna och
        offentliga aktörer som samverkar, under vilken period och i vilket
        syfte.</xsl:text>
      <xsl:if test="$examples">
        <xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="count($examples) = 1">Ett partnerskap beskrivs utförligt som exempel</xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="sv-capitalize">
              <xsl:with-param name="s">
                <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="count($examples)"/></xsl:call-template>
              </xsl:with-param>
            </xsl:call-template>
            <xsl:text> partnerskap beskrivs utförligt som exempel</xsl:text>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:text>, före tabellen över kommunens partnerskap.</xsl:text>
      </xsl:if>
    </p>
    <xsl:if test="$has-money">
      <p>
        <xsl:text>Värdet är alla parters insatser </xsl:text>
        <xsl:value-of select="$year"/>
        <xsl:text>, i pengar och i annan form, fördelade på årets dagar inom
          avtalsperioden; kommunens insats är de bidrag som kommunens nämnder
          och styrelser lämnar.</xsl:text>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- Totals per municipality, and for all together -->
  <xsl:template name="overview">
    <h1 id="oversikt">Översikt</h1>
    <p class="caption"><xsl:value-of select="concat('Tabell 1. Partnerskap per kommun ', $year)"/></p>
    <table class="totals">
      <col width="*"/>
      <col width="22mm"/>
      <xsl:if test="$has-money">
        <col width="27mm"/>
        <col width="27mm"/>
        <col width="20mm"/>
      </xsl:if>
      <thead>
        <tr>
          <th>Kommun</th>
          <th class="num">Partnerskap</th>
          <xsl:if test="$has-money">
            <th class="num"><xsl:value-of select="concat('Värde ', $year)"/></th>
            <th class="num">Kommunens insats</th>
            <th class="num">Andel</th>
          </xsl:if>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$municipalities">
          <tr>
            <td><a href="#{generate-id()}"><xsl:value-of select="@name"/></a></td>
            <xsl:call-template name="total-cells">
              <xsl:with-param name="agreements" select="d:agreement[count(. | $catalogue) = count($catalogue)]"/>
              <xsl:with-param name="total" select="d:total"/>
            </xsl:call-template>
          </tr>
        </xsl:for-each>
      </tbody>
      <xsl:if test="count($municipalities) &gt; 1">
        <tfoot>
          <tr class="total">
            <td>Summa</td>
            <xsl:call-template name="total-cells">
              <xsl:with-param name="agreements" select="$catalogue"/>
              <xsl:with-param name="total" select="$data/d:catalogue/d:total"/>
            </xsl:call-template>
          </tr>
        </tfoot>
      </xsl:if>
    </table>
    <xsl:variable name="unvalued" select="count($catalogue[not(d:figures/d:value/@amount)])"/>
    <xsl:if test="$has-money and $unvalued &gt; 0">
      <p class="table-note">
        <xsl:text>Värdet, kommunens insats och andelen räknas för de partnerskap där
          alla parters bidrag för året är redovisade. För </xsl:text>
        <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$unvalued"/></xsl:call-template>
        <xsl:text> partnerskap saknas uppgift om de andra parternas bidrag; de ingår inte i
          summorna.</xsl:text>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- the value and the municipal part over the agreements whose value is
       recorded, so that the share is of the same agreements: the report
       data's total of the year's agreements ($total), which are the only
       ones with figures for the year -->
  <xsl:template name="total-cells">
    <xsl:param name="agreements"/>
    <xsl:param name="total"/>
    <xsl:variable name="valued" select="$agreements[d:figures/d:value/@amount]"/>
    <td class="num">
      <xsl:call-template name="num-count"><xsl:with-param name="n" select="count($agreements)"/></xsl:call-template>
    </td>
    <xsl:if test="$has-money">
      <xsl:choose>
        <xsl:when test="$valued">
          <td class="num"><xsl:value-of select="$total/d:value"/></td>
          <td class="num"><xsl:value-of select="$total/d:municipal"/></td>
          <td class="num"><xsl:value-of select="$total/d:municipal-share"/></td>
        </xsl:when>
        <xsl:otherwise>
          <td class="num">uppgift saknas</td>
          <td class="num">uppgift saknas</td>
          <td class="num">uppgift saknas</td>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- A municipality: its totals, its examples in full, then a table per
       committee -->
  <xsl:template name="municipality">
    <xsl:variable name="m" select="."/>
    <xsl:variable name="mine" select="d:agreement[count(. | $catalogue) = count($catalogue)]"/>
    <xsl:variable name="valued" select="$mine[d:figures/d:value/@amount]"/>
    <xsl:variable name="total" select="d:total"/>
    <h1 class="municipality" id="{generate-id()}"><xsl:value-of select="@name"/></h1>
    <p class="municipality-totals">
      <xsl:value-of select="concat(@name, ' var under ', $year, ' part i ')"/>
      <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="count($mine)"/></xsl:call-template>
      <xsl:choose>
        <xsl:when test="count($mine) = 1"> idéburet offentligt partnerskap</xsl:when>
        <xsl:otherwise> idéburna offentliga partnerskap</xsl:otherwise>
      </xsl:choose>
      <xsl:choose>
        <xsl:when test="$valued and count($valued) = count($mine)">
          <xsl:text> med ett samlat värde av </xsl:text>
          <xsl:value-of select="$total/d:value"/>
          <xsl:text>, varav kommunens insats </xsl:text>
          <xsl:value-of select="$total/d:municipal"/>
          <xsl:text> (</xsl:text>
          <xsl:value-of select="$total/d:municipal-share"/>
          <xsl:text>).</xsl:text>
        </xsl:when>
        <xsl:when test="$valued">
          <xsl:text>. Där alla parters bidrag är redovisade (</xsl:text>
          <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="count($valued)"/></xsl:call-template>
          <xsl:text> partnerskap) är värdet </xsl:text>
          <xsl:value-of select="$total/d:value"/>
          <xsl:text>, varav kommunens insats </xsl:text>
          <xsl:value-of select="$total/d:municipal"/>
          <xsl:text> (</xsl:text>
          <xsl:value-of select="$total/d:municipal-share"/>
          <xsl:text>); för övriga saknas uppgift om de andra parternas bidrag.</xsl:text>
        </xsl:when>
        <xsl:otherwise>.</xsl:otherwise>
      </xsl:choose>
    </p>
    <xsl:call-template name="municipality-chart"/>

    <xsl:for-each select="d:agreement[count(. | $examples) = count($examples)]">
      <h2 class="example" id="{@id}"><xsl:value-of select="concat('Exempel: ', d:title)"/></h2>
      <xsl:call-template name="agreement-lead"/>
      <xsl:call-template name="agreement-about-box"/>
      <xsl:call-template name="agreement-sections">
        <xsl:with-param name="level" select="3"/>
      </xsl:call-template>
      <!-- the agreement itself, linked where its address is a web address -->
      <xsl:for-each select="d:attachment">
        <p class="attachment">
          <xsl:text>Avtalet: </xsl:text>
          <xsl:choose>
            <xsl:when test="starts-with(@href, 'https://') or starts-with(@href, 'http://')">
              <a href="{@href}"><xsl:value-of select="."/></a>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="."/>
              <xsl:if test="@href and string(@href) != string(.)">
                <xsl:value-of select="concat(' (', @href, ')')"/>
              </xsl:if>
            </xsl:otherwise>
          </xsl:choose>
        </p>
      </xsl:for-each>
    </xsl:for-each>

    <!-- each agreement once per municipality: under its first committee,
         the Offentlig aktör cell naming every public party -->
    <xsl:for-each select="$mine/d:committees/d:committee-ref[1]
                          [not(@id = ../../preceding-sibling::d:agreement[count(. | $catalogue) = count($catalogue)]/d:committees/d:committee-ref[1]/@id)]">
      <xsl:sort select="."/>
      <xsl:variable name="cid" select="@id"/>
      <h2 id="{generate-id()}"><xsl:value-of select="."/></h2>
      <xsl:call-template name="catalogue-table">
        <xsl:with-param name="agreements" select="$mine[d:committees/d:committee-ref[1]/@id = $cid]"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:if test="$mine[not(d:committees/d:committee-ref)]">
      <h2>Utan angiven nämnd</h2>
      <xsl:call-template name="catalogue-table">
        <xsl:with-param name="agreements" select="$mine[not(d:committees/d:committee-ref)]"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Figur N: the value of each of the municipality's partnerships, the
       bars under the sentence with the total; numbered through the
       catalogue, one per municipality with two or more values to compare -->
  <xsl:template name="municipality-chart">
    <xsl:variable name="listed" select="d:agreement[count(. | $catalogue) = count($catalogue)]"/>
    <xsl:variable name="valued" select="$listed[d:figures/d:value/@amount &gt; 0]"/>
    <xsl:if test="count($valued) &gt; 1">
      <xsl:variable name="n"
          select="count(preceding-sibling::d:municipality[count(d:agreement[count(. | $catalogue) = count($catalogue)][d:figures/d:value/@amount &gt; 0]) &gt; 1]) + 1"/>
      <xsl:call-template name="chart-cost">
        <xsl:with-param name="agreements" select="$listed"/>
        <xsl:with-param name="year" select="$year"/>
        <xsl:with-param name="amount" select="'value'"/>
        <xsl:with-param name="title"
            select="concat('Figur ', $n, '. Partnerskapens värde ', $year, ', ', @name)"/>
        <xsl:with-param name="total" select="string(d:total/d:value)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Idéburen aktör | Offentlig aktör | Innehåll (title, period, purpose) -->
  <xsl:template name="catalogue-table">
    <xsl:param name="agreements"/>
    <table class="catalogue">
      <col width="34mm"/>
      <col width="38mm"/>
      <col width="*"/>
      <thead>
        <tr>
          <th>Idéburen aktör</th>
          <th>Offentlig aktör</th>
          <th>Innehåll</th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$agreements">
          <tr>
            <!-- "A, B och C": names stacked one a line would read as one -->
            <td class="idea">
              <xsl:call-template name="sv-join">
                <xsl:with-param name="items" select="d:parties/d:party[@kind = 'idea-based']"/>
              </xsl:call-template>
            </td>
            <td class="public">
              <xsl:call-template name="sv-join">
                <xsl:with-param name="items" select="d:parties/d:party[@kind != 'idea-based']"/>
              </xsl:call-template>
            </td>
            <td>
              <span class="entry-title"><xsl:value-of select="d:title"/></span>
              <br/>
              <span class="entry-period">
                <xsl:call-template name="sv-period-line"/>
                <xsl:if test="@status = 'ended'">; avslutat</xsl:if>
                <xsl:if test="@status = 'upcoming'">; har inte börjat</xsl:if>
              </span>
              <xsl:if test="d:purpose">
                <br/>
                <xsl:apply-templates select="d:purpose/*" mode="inline"/>
              </xsl:if>
              <xsl:if test="count(. | $examples) = count($examples)">
                <xsl:text> </xsl:text>
                <a href="#{@id}"><span class="example-mark">Se exemplet.</span></a>
              </xsl:if>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>
</xsl:stylesheet>
