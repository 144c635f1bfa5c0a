<?xml version="1.0" encoding="UTF-8"?>
<!--
  arsrapport: the annual report on a committee's IOP agreements, modelled on
  Malmö stad's "Idéburna offentliga partnerskap – årsrapport 2018" to its
  arbetsmarknads- och socialnämnd.

  Input: the report data of one committee (docs/report-data.md).
  Output: a document (docs/document.md).

  Run it with "iopreport build" (the default template) or on the output of
  "iopreport data" with xsltproc: see templates/README.md.

  To change a fixed text (what an IOP is, the legal situation, follow-up),
  import this stylesheet and redefine the named template: see
  templates/common/iop-texts-sv.xsl and templates/README.md.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:iopreport:report-data:1"
    xmlns:iop="urn:iopreport:template"
    xmlns="urn:iopreport:document:1"
    exclude-result-prefixes="d iop"
    iop:scope="committee">

  <xsl:import href="common/richtext.xsl"/>
  <xsl:import href="common/sv.xsl"/>
  <xsl:import href="common/page.xsl"/>
  <xsl:import href="common/iop-texts-sv.xsl"/>
  <xsl:import href="common/charts.xsl"/>
  <xsl:import href="common/agreement.xsl"/>
  <xsl:import href="common/compare.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- a logo at the top of the letterhead: a PNG or SVG file, relative to
       the stylesheet that sets it, or an absolute path (build: param logo) -->
  <xsl:param name="logo" select="''"/>
  <xsl:param name="logo-width" select="'40mm'"/>

  <xsl:variable name="data" select="/d:report-data"/>
  <xsl:variable name="year" select="string($data/@year)"/>
  <xsl:variable name="next-year" select="string($data/@next-year)"/>
  <!-- committee scope: one committee's report; with "all" data, the first -->
  <xsl:variable name="cr" select="$data/d:committee-report[1]"/>
  <xsl:variable name="committee" select="$cr/d:committee"/>
  <xsl:variable name="all" select="$cr/d:totals/d:total[@scope = 'all']"/>
  <xsl:variable name="ongoing" select="$cr/d:agreement[@status = 'ongoing']"/>
  <xsl:variable name="ended" select="$cr/d:agreement[@status = 'ended']"/>
  <!-- the year before (build with compare): a section, two columns, a chart -->
  <xsl:variable name="cmp" select="$cr/d:comparison"/>
  <!-- build with a title option: the document title instead of the usual one -->
  <xsl:param name="title" select="''"/>
  <xsl:variable name="doc-title">
    <xsl:choose>
      <xsl:when test="normalize-space($title)"><xsl:value-of select="normalize-space($title)"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('Idéburna offentliga partnerskap – årsrapport ', $year)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="office">
    <xsl:choose>
      <xsl:when test="$committee/d:administration"><xsl:value-of select="$committee/d:administration"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$committee/d:name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="date">
    <xsl:call-template name="sv-document-date"/>
  </xsl:variable>

  <xsl:template match="/">
    <xsl:if test="not($cr)">
      <xsl:message terminate="yes">arsrapport: the report data holds no committee-report</xsl:message>
    </xsl:if>
    <document lang="sv-SE">
      <meta>
        <title><xsl:value-of select="$doc-title"/></title>
        <author><xsl:value-of select="$office"/></author>
        <subject>
          <xsl:value-of select="concat('Årsrapport ', $year, ' om idéburna offentliga partnerskap till ')"/>
          <xsl:call-template name="sv-lower-first">
            <xsl:with-param name="s" select="$committee/d:name"/>
          </xsl:call-template>
        </subject>
        <keywords>IOP, idéburet offentligt partnerskap, årsrapport</keywords>
        <xsl:if test="string($date)"><date><xsl:value-of select="$date"/></date></xsl:if>
        <xsl:if test="$data/d:case-number">
          <case-number><xsl:value-of select="$data/d:case-number"/></case-number>
        </xsl:if>
      </meta>
      <styles>
        <xsl:call-template name="house-styles"/>
        <xsl:call-template name="chart-styles"/>
        <xsl:call-template name="report-styles"/>
      </styles>
      <xsl:call-template name="house-page">
        <xsl:with-param name="header-left" select="$committee/d:name"/>
        <xsl:with-param name="header-right" select="$doc-title"/>
        <xsl:with-param name="letterhead-left">
          <xsl:if test="string($logo)">
            <img class="logo" src="{$logo}" width="{$logo-width}" alt="Logotyp"/>
          </xsl:if>
          <p class="municipality">
            <xsl:choose>
              <xsl:when test="$committee/d:municipality"><xsl:value-of select="$committee/d:municipality"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$committee/d:name"/></xsl:otherwise>
            </xsl:choose>
          </p>
          <p class="office"><xsl:value-of select="$office"/></p>
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
        <xsl:call-template name="title-block"/>
        <xsl:call-template name="introduction"/>
        <xsl:call-template name="about-iop"/>
        <xsl:call-template name="overview"/>
        <xsl:if test="$cmp">
          <xsl:call-template name="changes"/>
        </xsl:if>
        <xsl:call-template name="follow-up"/>
        <xsl:if test="$ongoing">
          <xsl:call-template name="status-section">
            <xsl:with-param name="status" select="'ongoing'"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="$ended">
          <xsl:call-template name="status-section">
            <xsl:with-param name="status" select="'ended'"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="closing"/>
        <xsl:call-template name="house-underlag">
          <xsl:with-param name="agreements" select="$cr/d:agreement"/>
        </xsl:call-template>
      </body>
    </document>
  </xsl:template>

  <!-- Styles of this report on top of the house styles -->
  <xsl:template name="report-styles">
    <style match="h3.partnership" space-before="18pt" border-top="0.6pt"
           border-color="#c5cdd8"/>
    <style match="h2.partnership" space-before="18pt"/>
    <!-- a partnership's sections look alike whatever their level -->
    <style match="h3.sub" font-size="9.5pt" color="#333333" space-before="8pt"
           space-after="2pt" line-height="1.3"/>
    <style match="h4.sub" font-size="9.5pt" color="#333333" space-before="8pt"
           space-after="2pt"/>
    <style match="table.overview" space-before="6pt"/>
    <style match="td.title" font-weight="bold"/>
    <style match="td.period" hyphenate="false"/>
    <style match="td.status" hyphenate="false"/>
    <!-- names break between words, never inside one ("Röda Kor-set") -->
    <style match="td.party" hyphenate="false"/>
    <style match=".caption" font-family="{$font-heading}" font-size="8.5pt" font-weight="bold"
           color="#333333" space-before="8pt" space-after="0" keep-with-next="true"/>
    <style match="table.changes" space-before="6pt"/>
    <style match=".table-note" font-size="8pt" color="#555555" space-before="3pt"/>
    <style match=".related" font-size="9pt" color="#444444" space-before="4pt"/>
    <style match=".budget-note" font-size="8.5pt" color="#444444"/>
    <!-- an agreement's labelled fields are read as one box: moved whole to
         the next page rather than split after a row -->
    <style match="dl" keep-together="true"/>
    <style match=".remark-kind" font-family="{$font-heading}" font-size="9.5pt"
           font-weight="bold" space-before="8pt" space-after="2pt" keep-with-next="true"/>
  </xsl:template>

  <!-- Page 1: title, committee, the notice about left-out files, contents -->
  <xsl:template name="title-block">
    <p class="doc-title"><xsl:value-of select="$doc-title"/></p>
    <p class="doc-subtitle">
      <xsl:text>Rapport till </xsl:text>
      <xsl:call-template name="sv-lower-first">
        <xsl:with-param name="s" select="$committee/d:name"/>
      </xsl:call-template>
    </p>
    <xsl:call-template name="house-left-out-notice"/>
    <toc depth="2" title="Innehåll"/>
  </xsl:template>

  <xsl:template name="introduction">
    <h1 id="inledning">Inledning</h1>
    <p>
      <xsl:text>Rapporten syftar till att informera </xsl:text>
      <xsl:call-template name="sv-lower-first">
        <xsl:with-param name="s" select="$committee/d:name"/>
      </xsl:call-template>
      <xsl:text> om samverkansformen idéburet offentligt partnerskap (härefter
        benämnt IOP eller partnerskap) och om de partnerskap som nämnden är
        part i.</xsl:text>
    </p>
    <p>
      <xsl:value-of select="$committee/d:name"/>
      <xsl:text> har under </xsl:text>
      <xsl:value-of select="$year"/>
      <xsl:text> varit part i </xsl:text>
      <xsl:call-template name="count-phrase"/>
    </p>
  </xsl:template>

  <!-- "tio idéburna offentliga partnerskap, varav sex fortlöper under 2019
       och fyra har avslutats." -->
  <xsl:template name="count-phrase">
    <xsl:variable name="n" select="count($cr/d:agreement)"/>
    <xsl:variable name="n-on" select="count($ongoing)"/>
    <xsl:variable name="n-end" select="count($ended)"/>
    <xsl:variable name="n-new" select="count($cr/d:agreement[@new = 'true'])"/>
    <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$n"/></xsl:call-template>
    <xsl:choose>
      <xsl:when test="$n = 1"> idéburet offentligt partnerskap</xsl:when>
      <xsl:otherwise> idéburna offentliga partnerskap</xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="$n = 0">.</xsl:when>
      <xsl:when test="$n-end = 0 and $n = 1">, som fortlöper under <xsl:value-of select="$next-year"/>.</xsl:when>
      <xsl:when test="$n-end = 0">, som alla fortlöper under <xsl:value-of select="$next-year"/>.</xsl:when>
      <xsl:when test="$n-on = 0 and $n = 1">, som har avslutats.</xsl:when>
      <xsl:when test="$n-on = 0">, som alla har avslutats.</xsl:when>
      <xsl:otherwise>
        <xsl:text>, varav </xsl:text>
        <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$n-on"/></xsl:call-template>
        <xsl:text> fortlöper under </xsl:text>
        <xsl:value-of select="$next-year"/>
        <xsl:text> och </xsl:text>
        <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$n-end"/></xsl:call-template>
        <xsl:text> har avslutats.</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$n-new &gt; 0">
      <xsl:text> </xsl:text>
      <xsl:call-template name="sv-capitalize">
        <xsl:with-param name="s">
          <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$n-new"/></xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:choose>
        <xsl:when test="$n-new = 1"> av dem började under året.</xsl:when>
        <xsl:otherwise> av dem började under året.</xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <xsl:template name="about-iop">
    <h1 id="iop">Idéburet offentligt partnerskap</h1>
    <xsl:call-template name="iop-text-what"/>
    <h2 id="rattslage">Rättsläge</h2>
    <xsl:call-template name="iop-text-legal"/>
  </xsl:template>

  <!-- The committee's partnerships: what the figures mean, the overview
       table with totals -->
  <xsl:template name="overview">
    <h1 id="oversikt">
      <xsl:value-of select="concat('Nämndens partnerskap ', $year)"/>
    </h1>
    <p>
      <xsl:text>Sammanfattningarna i rapporten bygger på de verksamhetsrapporter
        som respektive organisation har lämnat för </xsl:text>
      <xsl:value-of select="$year"/>
      <xsl:text> års verksamhet och på de samverkansmöten där förvaltningen
        har deltagit tillsammans med berörda parter.</xsl:text>
    </p>
    <xsl:call-template name="iop-text-budget"/>
    <xsl:if test="$cr/d:agreement">
      <p>
        <xsl:text>Nämndens kostnad för partnerskapen </xsl:text>
        <xsl:value-of select="$year"/>
        <xsl:choose>
          <xsl:when test="$all/d:cost/@amount">
            <xsl:text> uppgår till </xsl:text>
            <xsl:value-of select="$all/d:cost"/>
          </xsl:when>
          <xsl:otherwise><xsl:text> anges inte i avtalsunderlaget</xsl:text></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$ongoing and $ended and $all/d:cost/@amount">
          <xsl:text>, varav </xsl:text>
          <xsl:value-of select="$cr/d:totals/d:total[@scope = 'status'][@status = 'ongoing']/d:cost"/>
          <xsl:text> för pågående och </xsl:text>
          <xsl:value-of select="$cr/d:totals/d:total[@scope = 'status'][@status = 'ended']/d:cost"/>
          <xsl:text> för avslutade partnerskap</xsl:text>
        </xsl:if>
        <xsl:text>.</xsl:text>
        <xsl:if test="$all/d:cost/@amount and $all/d:cost/@not-recorded">
          <xsl:variable name="n">
            <xsl:call-template name="sv-count-word">
              <xsl:with-param name="n" select="$all/d:cost/@not-recorded"/>
            </xsl:call-template>
          </xsl:variable>
          <xsl:value-of select="concat(' För ', $n, ' partnerskap anger avtalsunderlaget ingen kostnad för ',
                                       $year, '; de ingår inte i summan.')"/>
        </xsl:if>
        <!-- the value only where every party's contributions are recorded,
             so a sum of some never reads as the whole -->
        <xsl:if test="$all/d:value/@amount and not($all/d:value/@not-recorded) and
                      $all/d:value/@amount != $all/d:cost/@amount">
          <xsl:text> Partnerskapens samlade värde </xsl:text>
          <xsl:value-of select="$year"/>
          <xsl:text>, med alla parters insatser i pengar och i annan form, är </xsl:text>
          <xsl:value-of select="$all/d:value"/>
          <xsl:if test="$all/d:municipal-share">
            <xsl:text>; kommunens andel av värdet är </xsl:text>
            <xsl:value-of select="$all/d:municipal-share"/>
          </xsl:if>
          <xsl:text>.</xsl:text>
        </xsl:if>
      </p>
      <p class="caption">
        <xsl:value-of select="concat('Tabell 1. Partnerskapen ', $year, ' och nämndens kostnad')"/>
      </p>
      <table class="overview">
        <xsl:choose>
          <xsl:when test="$cmp">
            <col width="1.2*"/>
            <col width="1.2*"/>
            <col width="23mm"/>
            <col width="19mm"/>
            <col width="19mm"/>
            <col width="19mm"/>
            <col width="19mm"/>
          </xsl:when>
          <xsl:otherwise>
            <col width="1.7*"/>
            <col width="1*"/>
            <col width="31mm"/>
            <col width="25mm"/>
            <col width="22mm"/>
          </xsl:otherwise>
        </xsl:choose>
        <thead>
          <tr>
            <th>Partnerskap</th>
            <th>Idéburen part</th>
            <th>Avtalsperiod</th>
            <th>Status</th>
            <xsl:if test="$cmp">
              <th class="num"><xsl:value-of select="concat('Kostnad ', $cmp/@previous-year)"/></th>
            </xsl:if>
            <th class="num"><xsl:value-of select="concat('Kostnad ', $year)"/></th>
            <xsl:if test="$cmp"><th class="num">Förändring</th></xsl:if>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$cr/d:agreement">
            <tr>
              <td class="title"><a href="#{@id}"><xsl:value-of select="d:title"/></a></td>
              <td class="party">
                <xsl:for-each select="d:parties/d:party[@kind = 'idea-based']">
                  <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
                  <xsl:value-of select="."/>
                </xsl:for-each>
              </td>
              <td class="period">
                <xsl:call-template name="period-cell">
                  <xsl:with-param name="s" select="string(d:period/d:formatted)"/>
                </xsl:call-template>
                <xsl:if test="d:period/d:terminated">
                  <xsl:text> (avslutat </xsl:text>
                  <xsl:value-of select="d:period/d:terminated"/>
                  <xsl:text>)</xsl:text>
                </xsl:if>
              </td>
              <td class="status"><xsl:call-template name="sv-status"/></td>
              <xsl:variable name="c" select="$cmp/d:item[@ref = current()/@id]"/>
              <xsl:if test="$cmp">
                <td class="num"><xsl:value-of select="$c/d:previous-cost"/></td>
              </xsl:if>
              <td class="num"><xsl:value-of select="d:figures/d:committee-cost"/></td>
              <xsl:if test="$cmp">
                <td class="num"><xsl:value-of select="$c/d:difference"/></td>
              </xsl:if>
            </tr>
          </xsl:for-each>
        </tbody>
        <tfoot>
          <xsl:if test="$ongoing and $ended">
            <xsl:for-each select="$cr/d:totals/d:total[@scope = 'status']">
              <tr class="subtotal">
                <td colspan="4">
                  <xsl:choose>
                    <xsl:when test="@status = 'ongoing'">Pågående partnerskap</xsl:when>
                    <xsl:otherwise>Avslutade partnerskap</xsl:otherwise>
                  </xsl:choose>
                  <xsl:value-of select="concat(' (', d:agreements)"/>
                  <xsl:if test="d:cost/@not-recorded">
                    <xsl:text>, </xsl:text>
                    <xsl:call-template name="not-recorded-note">
                      <xsl:with-param name="n" select="d:cost/@not-recorded"/>
                      <xsl:with-param name="noun" select="''"/>
                    </xsl:call-template>
                  </xsl:if>
                  <xsl:text>)</xsl:text>
                </td>
                <xsl:if test="$cmp"><td class="num"/></xsl:if>
                <td class="num"><xsl:value-of select="d:cost"/></td>
                <xsl:if test="$cmp"><td class="num"/></xsl:if>
              </tr>
            </xsl:for-each>
          </xsl:if>
          <!-- the year before's partnerships that this year's table does
               not hold, so that the column of that year adds up -->
          <xsl:if test="$cmp/d:total[@scope = 'previous-only']/@count &gt; 0">
            <xsl:variable name="gone" select="$cmp/d:total[@scope = 'previous-only']"/>
            <tr class="subtotal">
              <td colspan="4">
                <xsl:value-of select="concat('Partnerskap ', $cmp/@previous-year, ' som inte gäller nämnden ', $year, ' (', $gone/d:agreements, ')')"/>
              </td>
              <td class="num"><xsl:value-of select="$gone/d:cost"/></td>
              <td class="num">–</td>
              <td class="num"><xsl:value-of select="$cmp/d:previous-only-change"/></td>
            </tr>
          </xsl:if>
          <tr class="total">
            <td colspan="4">
              <xsl:value-of select="concat('Summa (', $all/d:agreements, ' partnerskap')"/>
              <xsl:if test="$all/d:cost/@not-recorded">
                <xsl:text>, </xsl:text>
                <xsl:call-template name="not-recorded-note">
                  <xsl:with-param name="n" select="$all/d:cost/@not-recorded"/>
                  <xsl:with-param name="noun" select="''"/>
                </xsl:call-template>
              </xsl:if>
              <!-- the year before's sum leaves out its own missing figures -->
              <xsl:variable name="before" select="$cmp/d:total[@scope = 'previous-year']"/>
              <xsl:if test="$before/d:cost/@not-recorded">
                <xsl:value-of select="concat('; ', $before/@year, ': ', $before/d:agreements, ' partnerskap, ')"/>
                <xsl:call-template name="not-recorded-note">
                  <xsl:with-param name="n" select="$before/d:cost/@not-recorded"/>
                  <xsl:with-param name="noun" select="''"/>
                </xsl:call-template>
              </xsl:if>
              <xsl:text>)</xsl:text>
            </td>
            <xsl:if test="$cmp">
              <td class="num"><xsl:value-of select="$cmp/d:total[@scope = 'previous-year']/d:cost"/></td>
            </xsl:if>
            <td class="num"><xsl:value-of select="$all/d:cost"/></td>
            <xsl:if test="$cmp">
              <td class="num"><xsl:value-of select="$cmp/d:cost-change"/></td>
            </xsl:if>
          </tr>
        </tfoot>
      </table>
      <xsl:if test="$cmp/@source = 'earlier-export'">
        <p class="table-note">
          <xsl:value-of select="concat('Kostnad ', $cmp/@previous-year, ' enligt det tidigare avtalsunderlaget (',
                                $cmp/d:earlier-export, '); uppgifter som har ändrats sedan dess redovisas under Förändringar sedan föregående år.')"/>
        </p>
      </xsl:if>
      <!-- the same figures as pictures: who costs what, and how long each
           partnership has run and may still run -->
      <xsl:if test="$cr/d:agreement/d:figures/d:committee-cost[@amount &gt; 0]">
        <xsl:call-template name="chart-cost">
          <xsl:with-param name="agreements" select="$cr/d:agreement"/>
          <xsl:with-param name="year" select="$year"/>
          <xsl:with-param name="title" select="concat('Figur 1. Nämndens kostnad ', $year, ' per partnerskap')"/>
          <xsl:with-param name="total" select="string($all/d:cost)"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="chart-periods">
        <xsl:with-param name="agreements" select="$cr/d:agreement"/>
        <xsl:with-param name="year" select="$year"/>
        <xsl:with-param name="title">
          <xsl:choose>
            <xsl:when test="$cr/d:agreement/d:figures/d:committee-cost[@amount &gt; 0]">Figur 2. </xsl:when>
            <xsl:otherwise>Figur 1. </xsl:otherwise>
          </xsl:choose>
          <xsl:text>Partnerskapens avtalsperioder</xsl:text>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Förändringar sedan föregående år: the cost against the year before,
       what changed partnership by partnership, the cost of every year, and
       (with an earlier export) what was edited since -->
  <xsl:template name="changes">
    <h1 id="forandringar">Förändringar sedan föregående år</h1>
    <p>
      <xsl:call-template name="compare-cost-sentence">
        <xsl:with-param name="cmp" select="$cmp"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:call-template name="compare-source-sentence">
        <xsl:with-param name="cmp" select="$cmp"/>
      </xsl:call-template>
    </p>
    <xsl:call-template name="compare-changes">
      <xsl:with-param name="cmp" select="$cmp"/>
      <xsl:with-param name="caption" select="concat('Tabell 2. Förändringar sedan ', $cmp/@previous-year)"/>
    </xsl:call-template>
    <xsl:variable name="n-figures">
      <xsl:choose>
        <xsl:when test="not($cr/d:agreement)">0</xsl:when>
        <xsl:when test="$cr/d:agreement/d:figures/d:committee-cost[@amount &gt; 0]">2</xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="compare-years-chart">
      <xsl:with-param name="cmp" select="$cmp"/>
      <xsl:with-param name="title" select="concat('Figur ', $n-figures + 1, '. Nämndens kostnad för partnerskapen per år')"/>
    </xsl:call-template>
    <xsl:if test="$cmp/@source = 'earlier-export'">
      <h2 id="andrade-i-efterhand">Ändrade i efterhand</h2>
      <xsl:call-template name="compare-edits">
        <xsl:with-param name="cmp" select="$cmp"/>
        <xsl:with-param name="caption" select="concat('Tabell 3. Uppgifter för ', $cmp/@previous-year, ' och ', $year, ' som har ändrats i efterhand')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- "1 januari 2019 –" and "31 december 2020" on two lines of a narrow
       column, instead of a hyphenated date -->
  <xsl:template name="period-cell">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, ' – ')">
        <xsl:value-of select="substring-before($s, ' – ')"/>
        <xsl:text> –</xsl:text>
        <br/>
        <xsl:value-of select="substring-after($s, ' – ')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="follow-up">
    <h1 id="uppfoljning">Uppföljning</h1>
    <xsl:call-template name="iop-text-follow-up"/>
  </xsl:template>

  <!-- The ongoing or the ended partnerships, by area when they span more
       than one -->
  <xsl:template name="status-section">
    <xsl:param name="status"/>
    <xsl:variable name="set" select="$cr/d:agreement[@status = $status]"/>
    <xsl:variable name="areas"
        select="$cr/d:totals/d:total[@scope = 'area']
                [(@area != '' and @area = $set/d:area) or (@area = '' and $set[not(d:area)])]"/>
    <xsl:choose>
      <xsl:when test="$status = 'ongoing'">
        <h1 id="pagaende">Pågående partnerskap</h1>
        <p>
          <xsl:call-template name="sv-capitalize">
            <xsl:with-param name="s">
              <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="count($set)"/></xsl:call-template>
            </xsl:with-param>
          </xsl:call-template>
          <xsl:text> partnerskap pågår vid årets slut och fortsätter under </xsl:text>
          <xsl:value-of select="$next-year"/>
          <xsl:call-template name="area-clause">
            <xsl:with-param name="areas" select="$areas"/>
          </xsl:call-template>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:when>
      <xsl:otherwise>
        <h1 id="avslutade"><xsl:value-of select="concat('Avslutade partnerskap under ', $year)"/></h1>
        <p>
          <xsl:value-of select="concat('Under ', $year, ' avslutades ')"/>
          <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="count($set)"/></xsl:call-template>
          <xsl:text> partnerskap</xsl:text>
          <xsl:call-template name="area-clause">
            <xsl:with-param name="areas" select="$areas"/>
          </xsl:call-template>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="$cr/d:agreement/d:area">
        <xsl:for-each select="$areas">
          <xsl:variable name="area" select="string(@area)"/>
          <xsl:variable name="group" select="$set[string(d:area) = $area]"/>
          <h2>
            <xsl:choose>
              <xsl:when test="$area != ''"><xsl:value-of select="$area"/></xsl:when>
              <xsl:otherwise>Övriga partnerskap</xsl:otherwise>
            </xsl:choose>
          </h2>
          <xsl:apply-templates select="$group" mode="partnership">
            <xsl:with-param name="level" select="3"/>
          </xsl:apply-templates>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$set" mode="partnership">
          <xsl:with-param name="level" select="2"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ", samtliga inom området Arbetsmarknad" when one area holds them all -->
  <xsl:template name="area-clause">
    <xsl:param name="areas"/>
    <xsl:if test="count($areas) = 1 and $areas/@area != ''">
      <xsl:text>, samtliga inom området </xsl:text>
      <xsl:call-template name="sv-lower-noun"><xsl:with-param name="s" select="string($areas/@area)"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="count($areas) &gt; 1">
      <xsl:text>, inom områdena </xsl:text>
      <xsl:call-template name="sv-join">
        <xsl:with-param name="items" select="$areas/@area[. != '']"/>
        <xsl:with-param name="lower" select="true()"/>
      </xsl:call-template>
      <xsl:if test="$areas[@area = '']"> och inom andra områden</xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- One partnership: heading with case numbers, labelled fields, then the
       narrative -->
  <xsl:template match="d:agreement" mode="partnership">
    <xsl:param name="level" select="2"/>
    <xsl:element name="h{$level}" namespace="urn:iopreport:document:1">
      <xsl:attribute name="id"><xsl:value-of select="@id"/></xsl:attribute>
      <xsl:attribute name="class">partnership</xsl:attribute>
      <xsl:call-template name="sv-title-with-case-numbers"/>
    </xsl:element>
    <!-- an agreement written in another language keeps it (its /Lang) -->
    <div lang="{@lang}">
      <xsl:call-template name="fields"/>
      <xsl:call-template name="narrative">
        <xsl:with-param name="level" select="$level + 1"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <xsl:template name="fields">
    <dl>
      <dt>Partnerskap</dt>
      <dd>
        <xsl:call-template name="sv-join">
          <xsl:with-param name="items" select="d:parties/d:party"/>
        </xsl:call-template>
      </dd>
      <dt>Avtalsperiod</dt>
      <dd><xsl:call-template name="sv-period-line"/></dd>
      <xsl:if test="d:previous-period">
        <dt>Tidigare perioder</dt>
        <dd>
          <xsl:for-each select="d:previous-period">
            <xsl:if test="position() &gt; 1"><br/></xsl:if>
            <xsl:value-of select="d:formatted"/>
            <xsl:if test="d:note">
              <xsl:value-of select="concat(' (', d:note, ')')"/>
            </xsl:if>
          </xsl:for-each>
        </dd>
      </xsl:if>
      <xsl:if test="d:budget/d:contribution">
        <dt>Budget</dt>
        <dd>
          <!-- the amounts as the agreement states them, one a line; what the
               agreement says of an amount follows as a numbered note, so
               that no parenthesis holds another -->
          <xsl:for-each select="d:budget/d:contribution">
            <xsl:if test="position() &gt; 1"><br/></xsl:if>
            <xsl:call-template name="agreement-contribution">
              <xsl:with-param name="span" select="'own'"/>
              <xsl:with-param name="in-kind" select="', värderad insats i annan form än pengar'"/>
              <xsl:with-param name="note" select="false()"/>
            </xsl:call-template>
            <xsl:if test="d:text">
              <xsl:call-template name="note-mark"/>
            </xsl:if>
          </xsl:for-each>
          <xsl:for-each select="d:budget/d:contribution[d:text]">
            <br/>
            <span class="budget-note">
              <xsl:call-template name="note-mark"/>
              <xsl:value-of select="concat('&#160;', d:text)"/>
            </span>
          </xsl:for-each>
        </dd>
      </xsl:if>
      <dt><xsl:value-of select="concat('Kostnad ', $year)"/></dt>
      <dd>
        <xsl:choose>
          <xsl:when test="d:figures/d:committee-cost/@amount">
            <xsl:value-of select="d:figures/d:committee-cost"/>
            <xsl:text> för nämnden</xsl:text>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="sv-capitalize">
              <xsl:with-param name="s" select="string(d:figures/d:committee-cost)"/>
            </xsl:call-template>
            <xsl:value-of select="concat(': avtalsunderlaget anger ingen kostnad för nämnden för ', $year)"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="d:figures/d:value/@amount and
                      d:figures/d:value/@amount != d:figures/d:committee-cost/@amount">
          <xsl:text>; partnerskapets värde </xsl:text>
          <xsl:value-of select="d:figures/d:value"/>
          <xsl:if test="d:figures/d:municipal-share">
            <xsl:text>, varav kommunens andel </xsl:text>
            <xsl:value-of select="d:figures/d:municipal-share"/>
          </xsl:if>
        </xsl:if>
        <xsl:if test="not(d:figures/d:committee-cost/@amount) and
                      d:period/@starts-after-year = 'true'">
          <xsl:text> (den angivna budgeten gäller avtalsperioden från </xsl:text>
          <xsl:value-of select="d:period/d:start"/>
          <xsl:text>)</xsl:text>
        </xsl:if>
      </dd>
      <xsl:if test="d:target-group">
        <dt>Målgrupp</dt>
        <dd><xsl:value-of select="d:target-group"/></dd>
      </xsl:if>
      <xsl:call-template name="participants"/>
      <xsl:if test="d:referral">
        <dt>Anvisning</dt>
        <dd>
          <xsl:call-template name="sv-join">
            <xsl:with-param name="items" select="d:referral"/>
          </xsl:call-template>
        </dd>
      </xsl:if>
      <xsl:if test="d:follow-up/d:steering-group">
        <dt>Styrgrupp</dt>
        <dd><xsl:value-of select="d:follow-up/d:steering-group"/></dd>
      </xsl:if>
    </dl>
  </xsl:template>

  <!-- The superscript number of a contribution's note: its place among the
       agreement's contributions that have one -->
  <xsl:template name="note-mark">
    <xsl:variable name="n"><xsl:number count="d:contribution[d:text]"/></xsl:variable>
    <xsl:value-of select="translate($n, '0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹')"/>
  </xsl:template>

  <!-- the participants of the report year, else the first year given
       (the data's @shown) -->
  <xsl:template name="participants">
    <xsl:variable name="pp" select="d:participants[@shown = 'true']"/>
    <xsl:if test="$pp">
      <dt><xsl:value-of select="concat('Deltagare ', $pp/@year)"/></dt>
      <dd>
        <xsl:call-template name="agreement-participant-figures">
          <xsl:with-param name="pp" select="$pp"/>
        </xsl:call-template>
      </dd>
    </xsl:if>
  </xsl:template>

  <!-- headings one level below the partnership's: a screen reader's
       outline never skips a level -->
  <xsl:template name="narrative">
    <xsl:param name="level" select="3"/>
    <xsl:if test="d:purpose">
      <xsl:element name="h{$level}" namespace="urn:iopreport:document:1"><xsl:attribute name="class">sub</xsl:attribute>Syfte</xsl:element>
      <xsl:apply-templates select="d:purpose/*" mode="rich"/>
    </xsl:if>
    <xsl:if test="d:goal">
      <xsl:element name="h{$level}" namespace="urn:iopreport:document:1"><xsl:attribute name="class">sub</xsl:attribute>Mål</xsl:element>
      <xsl:choose>
        <xsl:when test="count(d:goal) = 1">
          <xsl:apply-templates select="d:goal" mode="goal-block"/>
        </xsl:when>
        <xsl:otherwise>
          <ul>
            <xsl:for-each select="d:goal">
              <li><xsl:apply-templates select="." mode="goal-inline"/></li>
            </xsl:for-each>
          </ul>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
    <xsl:variable name="results" select="d:result[@current = 'true']"/>
    <xsl:variable name="report" select="d:report[@current = 'true']"/>
    <xsl:if test="$report/* or $results/d:value or $results/d:text">
      <xsl:element name="h{$level}" namespace="urn:iopreport:document:1"><xsl:attribute name="class">sub</xsl:attribute><xsl:value-of select="concat('Verksamhet och resultat ', $year)"/></xsl:element>
      <xsl:apply-templates select="$report/*" mode="rich"/>
      <!-- a result whose text the year's report already says is shown once -->
      <xsl:variable name="told" select="normalize-space($report)"/>
      <xsl:for-each select="$results/d:text/*">
        <xsl:if test="not(contains($told, normalize-space(.)))">
          <xsl:apply-templates select="." mode="rich"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="$results[d:value]">
        <table class="results">
          <col width="*"/>
          <col width="28mm"/>
          <thead>
            <tr>
              <th>Resultat</th>
              <th class="num"><xsl:value-of select="$year"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$results[d:value]">
              <tr>
                <td>
                  <xsl:call-template name="sv-capitalize">
                    <xsl:with-param name="s" select="string(@indicator)"/>
                  </xsl:call-template>
                </td>
                <td class="num"><xsl:value-of select="d:value"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>
    </xsl:if>
    <xsl:if test="d:follow-up/d:text">
      <xsl:element name="h{$level}" namespace="urn:iopreport:document:1"><xsl:attribute name="class">sub</xsl:attribute>Uppföljning och samverkan</xsl:element>
      <xsl:apply-templates select="d:follow-up/d:text/*" mode="rich"/>
    </xsl:if>
    <xsl:if test="d:commitment">
      <xsl:element name="h{$level}" namespace="urn:iopreport:document:1"><xsl:attribute name="class">sub</xsl:attribute>Parternas åtaganden</xsl:element>
      <ul>
        <xsl:for-each select="d:commitment">
          <li><xsl:value-of select="concat(@party, ': ', .)"/></li>
        </xsl:for-each>
      </ul>
    </xsl:if>
    <xsl:if test="d:assessment[@current = 'true']">
      <xsl:element name="h{$level}" namespace="urn:iopreport:document:1"><xsl:attribute name="class">sub</xsl:attribute>Förvaltningens bedömning</xsl:element>
      <xsl:apply-templates select="d:assessment[@current = 'true']/*" mode="rich"/>
    </xsl:if>
    <xsl:if test="d:lessons">
      <xsl:element name="h{$level}" namespace="urn:iopreport:document:1"><xsl:attribute name="class">sub</xsl:attribute>Lärdomar</xsl:element>
      <xsl:apply-templates select="d:lessons/*" mode="rich"/>
    </xsl:if>
    <xsl:for-each select="d:related">
      <xsl:variable name="ref" select="@ref"/>
      <p class="related">
        <xsl:text>Se även </xsl:text>
        <xsl:choose>
          <xsl:when test="$cr/d:agreement[@id = $ref]">
            <a href="#{$ref}"><xsl:value-of select="@title"/></a>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="@title"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="normalize-space(.)">
          <xsl:value-of select="concat('. ', normalize-space(.))"/>
        </xsl:if>
      </p>
    </xsl:for-each>
  </xsl:template>

  <!-- A goal: its text, or its indicator and target -->
  <xsl:template match="d:goal" mode="goal-block">
    <xsl:choose>
      <xsl:when test="d:text"><xsl:apply-templates select="d:text/*" mode="rich"/></xsl:when>
      <xsl:otherwise><p><xsl:apply-templates select="." mode="goal-inline"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="d:goal" mode="goal-inline">
    <xsl:choose>
      <xsl:when test="d:text"><xsl:apply-templates select="d:text/*" mode="inline"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="sv-capitalize">
          <xsl:with-param name="s" select="string(@indicator)"/>
        </xsl:call-template>
        <xsl:if test="d:target">
          <xsl:value-of select="concat(': ', d:target)"/>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- What needs the committee's attention: agreements that expire, and
       what the data shows against the IOP criteria -->
  <xsl:template name="closing">
    <xsl:variable name="findings" select="$cr/d:remarks/d:remark[@category = 'finding']"/>
    <xsl:variable name="gaps" select="$cr/d:remarks/d:remark[@category = 'gap']"/>
    <xsl:variable name="threshold" select="$cr/d:remarks/d:threshold[@kind = 'high-municipal-share']"/>
    <h1 id="att-uppmarksamma">Att uppmärksamma</h1>
    <h2>Avtal som löper ut inom tolv månader</h2>
    <xsl:choose>
      <xsl:when test="$cr/d:expiring/d:item">
        <p>
          <xsl:text>Följande avtal löper ut senast </xsl:text>
          <xsl:value-of select="$cr/d:expiring/d:until"/>
          <xsl:text>. Nämnden behöver ta ställning till om partnerskapen ska
            förlängas, ersättas av nya avtal eller avslutas.</xsl:text>
        </p>
        <table class="expiring">
          <col width="2*"/>
          <col width="32mm"/>
          <col width="1*"/>
          <thead>
            <tr>
              <th>Partnerskap</th>
              <th>Löper ut</th>
              <th>Möjlighet till förlängning</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$cr/d:expiring/d:item">
              <xsl:sort select="d:end/@date"/>
              <xsl:variable name="ref" select="@ref"/>
              <xsl:variable name="a" select="$cr/d:agreement[@id = $ref]"/>
              <tr>
                <td><a href="#{$ref}"><xsl:value-of select="d:title"/></a></td>
                <td><xsl:value-of select="d:end"/></td>
                <td>
                  <xsl:choose>
                    <xsl:when test="$a/d:period/d:extension">
                      <xsl:value-of select="$a/d:period/d:extension"/>
                      <xsl:if test="$a/d:period/d:latest-end">
                        <xsl:value-of select="concat(', längst till ', $a/d:period/d:latest-end)"/>
                      </xsl:if>
                    </xsl:when>
                    <xsl:otherwise>Ingen angiven</xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        <!-- the agreements' own words about what comes next, quoted whole,
             and a successor the data names -->
        <xsl:if test="$cr/d:expiring/d:item/d:outlook or
                      $cr/d:agreement[@id = $cr/d:expiring/d:item/@ref]/d:related[@type = 'successor']">
          <p>Vad avtalsunderlaget säger om hur partnerskapen ska fortsätta:</p>
        </xsl:if>
        <xsl:for-each select="$cr/d:expiring/d:item">
          <xsl:sort select="d:end/@date"/>
          <xsl:variable name="ref" select="@ref"/>
          <xsl:variable name="next" select="$cr/d:agreement[@id = $ref]/d:related[@type = 'successor']"/>
          <xsl:if test="d:outlook or $next">
            <p>
              <strong><xsl:value-of select="d:title"/></strong>
              <xsl:for-each select="d:outlook">
                <xsl:choose>
                  <xsl:when test="@source = 'assessment'">
                    <xsl:value-of select="concat(' – ur förvaltningens bedömning ', @year, ': ”')"/>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:value-of select="concat(' – ur verksamhetsrapporten ', @year, ': ”')"/>
                  </xsl:otherwise>
                </xsl:choose>
                <xsl:for-each select="d:sentence">
                  <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
                  <xsl:value-of select="."/>
                </xsl:for-each>
                <xsl:text>”</xsl:text>
              </xsl:for-each>
              <xsl:for-each select="$next">
                <xsl:text> Följs av </xsl:text>
                <xsl:choose>
                  <xsl:when test="@title"><xsl:value-of select="@title"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@ref"/></xsl:otherwise>
                </xsl:choose>
                <xsl:text>.</xsl:text>
              </xsl:for-each>
            </p>
          </xsl:if>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <p>
          <xsl:text>Inget av nämndens avtal löper ut till och med </xsl:text>
          <xsl:value-of select="$cr/d:expiring/d:until"/>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:otherwise>
    </xsl:choose>

    <!-- what the data shows, apart from what it does not record: a gap
         asks for the agreement data, a finding for the committee's view -->
    <h2>Avstämning mot IOP-kriterierna</h2>
    <xsl:choose>
      <xsl:when test="$findings">
        <p>Avtalsuppgifterna har stämts av mot de kriterier för IOP som
          kan bedömas utifrån dem. Följande avvikelser bör ses över i
          avtalen eller kommenteras när partnerskapen följs upp.</p>
        <xsl:call-template name="remark-group">
          <xsl:with-param name="remarks" select="$findings[@kind = 'short-period']"/>
          <xsl:with-param name="heading">Partnerskap kortare än ett år</xsl:with-param>
          <xsl:with-param name="explanation">Enligt kriterierna avses verksamheten
            drivas under en längre tid.</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="remark-group">
          <xsl:with-param name="remarks" select="$findings[@kind = 'high-municipal-share']"/>
          <xsl:with-param name="heading" select="concat('Kommunen står för mer än ', $threshold, ' av värdet')"/>
          <xsl:with-param name="explanation"
              select="concat('Enligt de redovisade bidragen från alla parter står kommunen för mer än ',
                             $threshold, ' av partnerskapets värde ', $year, '.')"/>
          <xsl:with-param name="show-share" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="remark-group">
          <xsl:with-param name="remarks"
              select="$findings[@kind != 'short-period' and @kind != 'high-municipal-share']"/>
          <xsl:with-param name="heading">Övriga anmärkningar</xsl:with-param>
          <xsl:with-param name="show-message" select="true()"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <p>Avtalsuppgifterna visar inga avvikelser från de kriterier för
          IOP som kan bedömas utifrån dem.</p>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$gaps">
      <h2>Uppgifter som saknas i avtalsunderlaget</h2>
      <p>Det här är inte avvikelser från kriterierna utan uppgifter som
        avtalsunderlaget inte anger. De bör kompletteras innan partnerskapen
        kan stämmas av i dessa delar.</p>
      <xsl:call-template name="remark-group">
        <xsl:with-param name="remarks" select="$gaps[@kind = 'cost-not-recorded']"/>
        <xsl:with-param name="heading" select="concat('Ingen kostnad för nämnden angiven för ', $year)"/>
        <xsl:with-param name="explanation">Avtalsunderlaget anger inget belopp
          från nämnden som gäller året; kostnaden anges därför som
          uppgift saknas och ingår inte i summorna.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="remark-group">
        <xsl:with-param name="remarks" select="$gaps[@kind = 'no-idea-based-contribution']"/>
        <xsl:with-param name="heading">Ingen insats från idéburen part angiven</xsl:with-param>
        <xsl:with-param name="explanation">Avtalsunderlaget anger varken bidrag
          eller åtagande från någon idéburen part. Enligt kriterierna är båda
          parterna med och finansierar verksamheten, med pengar eller andra
          insatser.</xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="remark-group">
        <xsl:with-param name="remarks"
            select="$gaps[@kind != 'cost-not-recorded' and @kind != 'no-idea-based-contribution']"/>
        <xsl:with-param name="heading">Övriga uppgifter som saknas</xsl:with-param>
        <xsl:with-param name="show-message" select="true()"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="remark-group">
    <xsl:param name="remarks"/>
    <xsl:param name="heading"/>
    <xsl:param name="explanation"/>
    <xsl:param name="show-share" select="false()"/>
    <xsl:param name="show-message" select="false()"/>
    <xsl:if test="$remarks">
      <p class="remark-kind"><xsl:value-of select="$heading"/></p>
      <xsl:if test="string($explanation)">
        <p><xsl:value-of select="normalize-space($explanation)"/></p>
      </xsl:if>
      <ul>
        <xsl:for-each select="$remarks">
          <xsl:variable name="ref" select="@ref"/>
          <xsl:variable name="a" select="$cr/d:agreement[@id = $ref]"/>
          <li>
            <xsl:choose>
              <xsl:when test="$a"><a href="#{$ref}"><xsl:value-of select="d:title"/></a></xsl:when>
              <xsl:otherwise><xsl:value-of select="d:title"/></xsl:otherwise>
            </xsl:choose>
            <xsl:if test="$show-share and $a/d:figures/d:municipal-share">
              <xsl:value-of select="concat(': ', $a/d:figures/d:municipal-share)"/>
            </xsl:if>
            <xsl:if test="$show-message">
              <xsl:value-of select="concat(': ', d:message)"/>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
