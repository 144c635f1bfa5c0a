<?xml version="1.0" encoding="UTF-8"?>
<!--
  tjansteskrivelse: the administration's memo to a committee meeting about
  the committee's IOP agreements, modelled on Linköping's tjänsteskrivelse
  "Information om Idéburet offentligt partnerskap (IOP)" to its
  arbetsmarknadsnämnd, February 2021.

  Input: the report data of one committee (docs/report-data.md).
  Output: a document (docs/document.md).

  Parameters (iopreport build: title with title, proposal with proposal):
    title     the memo's title instead of "Information om idéburna
              offentliga partnerskap (IOP) Y"
    proposal  the proposed decision instead of "Informationen noteras.";
              one item per line
    logo, logo-width  a logo at the top right of page 1 (build: param logo)
    packet-parts  set by build packet: the documents that follow the memo
              in the meeting packet, one a line, NAME TAB TITLE; each is
              listed first under Beslutsunderlag, linked to "#part:NAME"
              (docs/packet.md)
  Date and case number come in the report data (build's date and
  case-number options).

  The fixed texts (Bakgrund, Jämställdhet, Samråd, MBL, ...) are named
  templates in common/iop-texts-sv.xsl; redefine them in a stylesheet that
  imports this one (templates/README.md, docs/templates.md).
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
  <xsl:import href="common/numbers.xsl"/>
  <xsl:import href="common/page.xsl"/>
  <xsl:import href="common/iop-texts-sv.xsl"/>
  <xsl:import href="common/charts.xsl"/>
  <xsl:import href="common/agreement.xsl"/>
  <xsl:import href="common/compare.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="title" select="''"/>
  <xsl:param name="proposal" select="''"/>
  <!-- a logo at the top right of page 1: a PNG or SVG file, relative to the
       stylesheet that sets it, or an absolute path (build: param logo) -->
  <xsl:param name="logo" select="''"/>
  <xsl:param name="logo-width" select="'30mm'"/>
  <!-- the municipality's own guidelines for the economy section
       (riktlinjer, a benchmark for the municipal share): a text block, a
       blank line between paragraphs (docs/templates.md) -->
  <xsl:param name="policy" select="''"/>
  <!-- in a meeting packet (build packet): the parts after this memo -->
  <xsl:param name="packet-parts" select="''"/>

  <xsl:variable name="data" select="/d:report-data"/>
  <xsl:variable name="year" select="string($data/@year)"/>
  <xsl:variable name="next-year" select="string($data/@next-year)"/>
  <xsl:variable name="cr" select="$data/d:committee-report[1]"/>
  <xsl:variable name="committee" select="$cr/d:committee"/>
  <xsl:variable name="agreements" select="$cr/d:agreement"/>
  <xsl:variable name="all" select="$cr/d:totals/d:total[@scope = 'all']"/>
  <!-- the year before (build with compare): the change in the economy -->
  <xsl:variable name="cmp" select="$cr/d:comparison"/>
  <xsl:variable name="case-number" select="string($data/d:case-number)"/>
  <xsl:variable name="doc-title">
    <xsl:choose>
      <xsl:when test="normalize-space($title)"><xsl:value-of select="normalize-space($title)"/></xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('Information om idéburna offentliga partnerskap (IOP) ', $year)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="office">
    <xsl:choose>
      <xsl:when test="$committee/d:administration"><xsl:value-of select="$committee/d:administration"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$committee/d:name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="committee-in-text">
    <xsl:call-template name="sv-lower-first">
      <xsl:with-param name="s" select="$committee/d:name"/>
    </xsl:call-template>
  </xsl:variable>
  <!-- "AN:s kostnad" (the seed heads the column "ANs"; an abbreviation takes
       a colon before its genitive s); "Nämndens kostnad"
       when the register gives no short name -->
  <xsl:variable name="cost-label">
    <xsl:choose>
      <xsl:when test="$committee/d:short-name">
        <xsl:call-template name="sv-genitive"><xsl:with-param name="s" select="string($committee/d:short-name)"/></xsl:call-template>
        <xsl:text> kostnad</xsl:text>
      </xsl:when>
      <xsl:otherwise>Nämndens kostnad</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="date">
    <xsl:call-template name="sv-document-date"/>
  </xsl:variable>

  <!-- the idea-based organisations, each once -->
  <xsl:key name="idea-party" match="d:party[@kind = 'idea-based']" use="normalize-space(.)"/>
  <xsl:variable name="idea-parties"
      select="$agreements/d:parties/d:party[@kind = 'idea-based']
              [generate-id() = generate-id(key('idea-party', normalize-space(.))[ancestor::d:committee-report = $cr][1])]"/>

  <xsl:template match="/">
    <xsl:if test="not($cr)">
      <xsl:message terminate="yes">tjansteskrivelse: the report data holds no committee-report</xsl:message>
    </xsl:if>
    <document lang="sv-SE">
      <meta>
        <title><xsl:value-of select="$doc-title"/></title>
        <author><xsl:value-of select="$office"/></author>
        <subject>
          <xsl:value-of select="concat('Tjänsteskrivelse till ', $committee-in-text,
                                       ' om idéburna offentliga partnerskap ', $year)"/>
        </subject>
        <keywords>IOP, idéburet offentligt partnerskap, tjänsteskrivelse</keywords>
        <xsl:if test="string($date)"><date><xsl:value-of select="$date"/></date></xsl:if>
        <xsl:if test="$case-number"><case-number><xsl:value-of select="$case-number"/></case-number></xsl:if>
      </meta>
      <styles>
        <xsl:call-template name="house-styles"/>
        <xsl:call-template name="chart-styles"/>
        <xsl:call-template name="memo-styles"/>
      </styles>
      <!-- the memo's head on every page, as the seed has it: municipality
           and administration left; kind, page, date and case number right -->
      <xsl:call-template name="house-page">
        <xsl:with-param name="first-page" select="'same'"/>
        <xsl:with-param name="page-numbers" select="'none'"/>
        <xsl:with-param name="margin-top" select="'32mm'"/>
        <xsl:with-param name="header-left">
          <span class="head-municipality">
            <xsl:choose>
              <xsl:when test="$committee/d:municipality"><xsl:value-of select="$committee/d:municipality"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$committee/d:name"/></xsl:otherwise>
            </xsl:choose>
          </span>
          <br/>
          <xsl:value-of select="$office"/>
        </xsl:with-param>
        <xsl:with-param name="header-right">
          <span class="head-kind">TJÄNSTESKRIVELSE</span>
          <xsl:text>&#8195;</xsl:text>
          <field name="page"/><xsl:text> (</xsl:text><field name="pages"/><xsl:text>)</xsl:text>
          <xsl:if test="string($date)">
            <br/><xsl:value-of select="concat('Datum ', $date)"/>
          </xsl:if>
          <xsl:if test="$case-number">
            <br/><xsl:value-of select="concat('Diarienummer ', $case-number)"/>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <body>
        <xsl:if test="string($logo)">
          <img class="logo" src="{$logo}" width="{$logo-width}" align="right" alt="Logotyp"/>
        </xsl:if>
        <p class="addressee"><xsl:value-of select="$committee/d:name"/></p>
        <p class="memo-title"><xsl:value-of select="$doc-title"/></p>
        <xsl:call-template name="house-left-out-notice"/>
        <xsl:call-template name="proposal"/>
        <xsl:call-template name="matter"/>
        <xsl:call-template name="attachments"/>
        <xsl:call-template name="background"/>
        <xsl:call-template name="overview"/>
        <xsl:call-template name="summaries"/>
        <xsl:call-template name="economy"/>
        <xsl:call-template name="closing-sections"/>
        <xsl:call-template name="signature"/>
        <xsl:call-template name="house-underlag">
          <xsl:with-param name="agreements" select="$agreements"/>
        </xsl:call-template>
      </body>
    </document>
  </xsl:template>

  <!-- A memo is quieter than a report: smaller headings, no colour bands -->
  <xsl:template name="memo-styles">
    <style match="h1" font-size="12pt" space-before="14pt" space-after="3pt"/>
    <style match="h2" font-size="10.5pt" space-before="10pt" space-after="2pt"/>
    <style match="header" font-size="8pt" line-height="1.3"/>
    <style match=".head-municipality" font-size="11pt" font-weight="bold" color="{$colour-heading}"/>
    <style match=".head-kind" font-weight="bold" color="#1a1a1a"/>
    <style match="li.proposal" list-style="decimal"/>
    <style match=".addressee" font-family="{$font-heading}" font-size="10.5pt" font-weight="bold"
           space-before="0" space-after="10pt"/>
    <style match=".memo-title" font-family="{$font-heading}" font-size="14.5pt" font-weight="bold"
           color="{$colour-heading}" line-height="1.2" space-after="8pt"/>
    <style match="ol.proposal" space-after="4pt"/>
    <style match="ul.attachments" list-style="none" margin-left="0" space-after="4pt"/>
    <style match="li.attachment" space-after="0"/>
    <!-- the wide overview table: small type, hyphenated cells -->
    <style match="table.overview" font-size="7.5pt" line-height="1.22" space-before="4pt"
           hyphenate="true"/>
    <style match="th.ov" padding="2.2pt" hyphenate="false"/>
    <style match="td.ov" padding="2.2pt"/>
    <style match="td.num" hyphenate="false"/>
    <!-- names break between words, never inside one -->
    <style match="td.org" font-weight="bold" hyphenate="false"/>
    <style match=".partnership-name" font-weight="normal" font-style="italic"/>
    <style match=".caption" font-family="{$font-heading}" font-size="8.5pt" font-weight="bold"
           color="#333333" space-before="8pt" space-after="0" keep-with-next="true"/>
    <style match="table.figures" space-before="2pt"/>
    <style match=".sign-office" space-before="20pt" space-after="14pt"/>
    <style match=".sign-name" space-after="0"/>
    <style match=".sign-role" font-size="9.5pt" color="#333333"/>
  </xsl:template>

  <!-- Förslag till beslut: numbered, one item per line of $proposal -->
  <xsl:template name="proposal">
    <h1 id="forslag">Förslag till beslut</h1>
    <ol class="proposal">
      <xsl:choose>
        <xsl:when test="normalize-space($proposal)">
          <xsl:call-template name="proposal-items">
            <xsl:with-param name="s" select="$proposal"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><li class="proposal">Informationen noteras.</li></xsl:otherwise>
      </xsl:choose>
    </ol>
  </xsl:template>

  <xsl:template name="proposal-items">
    <xsl:param name="s"/>
    <xsl:variable name="line">
      <xsl:choose>
        <xsl:when test="contains($s, '&#10;')"><xsl:value-of select="substring-before($s, '&#10;')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="normalize-space($line)">
      <li class="proposal"><xsl:value-of select="normalize-space($line)"/></li>
    </xsl:if>
    <xsl:if test="contains($s, '&#10;')">
      <xsl:call-template name="proposal-items">
        <xsl:with-param name="s" select="substring-after($s, '&#10;')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Ärende: how many partnerships, with how many organisations, and what
       continues next year -->
  <xsl:template name="matter">
    <xsl:variable name="n" select="count($agreements)"/>
    <xsl:variable name="n-on" select="count($agreements[@status = 'ongoing'])"/>
    <xsl:variable name="n-org" select="count($idea-parties)"/>
    <h1 id="arende">Ärende</h1>
    <p>
      <xsl:value-of select="concat('Inom ', $committee-in-text, ' fanns under ', $year, ' ')"/>
      <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$n"/></xsl:call-template>
      <xsl:choose>
        <xsl:when test="$n = 1"> idéburet offentligt partnerskap, IOP</xsl:when>
        <xsl:otherwise> idéburna offentliga partnerskap, IOP</xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$n-org &gt; 0">
        <xsl:text>, med </xsl:text>
        <xsl:call-template name="sv-count-word">
          <xsl:with-param name="n" select="$n-org"/>
          <xsl:with-param name="gender" select="'u'"/>
        </xsl:call-template>
        <xsl:choose>
          <xsl:when test="$n-org = 1"> idéburen aktör</xsl:when>
          <xsl:when test="$n = $n-org"> olika idéburna aktörer</xsl:when>
          <xsl:otherwise> idéburna aktörer</xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <xsl:text>.</xsl:text>
      <xsl:if test="$n &gt; 0">
        <xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="$n-on = $n and $n = 1">Partnerskapet fortsätter under </xsl:when>
          <xsl:when test="$n-on = $n">Alla fortsätter under </xsl:when>
          <xsl:when test="$n-on = 0 and $n = 1">Partnerskapet avslutades under året och fortsätter inte under </xsl:when>
          <xsl:when test="$n-on = 0">Alla avslutades under året och inget fortsätter under </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="sv-capitalize">
              <xsl:with-param name="s">
                <xsl:call-template name="sv-count-word"><xsl:with-param name="n" select="$n-on"/></xsl:call-template>
              </xsl:with-param>
            </xsl:call-template>
            <xsl:text> av dem fortsätter under </xsl:text>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="concat($next-year, '.')"/>
      </xsl:if>
    </p>
    <p>
      <xsl:text>Tjänsteskrivelsen ger en översikt över partnerskapen, deras
        värde och nämndens kostnad för </xsl:text>
      <xsl:value-of select="$year"/>
      <xsl:text> samt en sammanfattning av vad som har gjorts inom vart och
        ett av dem under året.</xsl:text>
    </p>
  </xsl:template>

  <!-- Beslutsunderlag: the agreements' attachments, as the files are named -->
  <xsl:template name="attachments">
    <h1 id="beslutsunderlag">Beslutsunderlag</h1>
    <xsl:if test="normalize-space($packet-parts)">
      <ul class="attachments">
        <xsl:call-template name="packet-part-items">
          <xsl:with-param name="s" select="$packet-parts"/>
        </xsl:call-template>
      </ul>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$agreements/d:attachment">
        <ul class="attachments">
          <xsl:for-each select="$agreements/d:attachment">
            <xsl:sort select="translate(@href, 'abcdefghijklmnopqrstuvwxyzåäö', 'ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ')"/>
            <li class="attachment">
              <xsl:choose>
                <xsl:when test="starts-with(@href, 'https://') or starts-with(@href, 'http://')">
                  <a href="{@href}"><xsl:value-of select="."/></a>
                </xsl:when>
                <xsl:when test="string(@href)"><xsl:value-of select="@href"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:when test="normalize-space($packet-parts)"/>
      <xsl:otherwise><p>Denna tjänsteskrivelse.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One attachment per line of $packet-parts (NAME TAB TITLE): a link
       to that document's first page in the packet -->
  <xsl:template name="packet-part-items">
    <xsl:param name="s"/>
    <xsl:variable name="line">
      <xsl:choose>
        <xsl:when test="contains($s, '&#10;')"><xsl:value-of select="substring-before($s, '&#10;')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="contains($line, '&#9;')">
      <li class="attachment">
        <a href="#part:{substring-before($line, '&#9;')}">
          <xsl:value-of select="normalize-space(substring-after($line, '&#9;'))"/>
        </a>
      </li>
    </xsl:if>
    <xsl:if test="contains($s, '&#10;')">
      <xsl:call-template name="packet-part-items">
        <xsl:with-param name="s" select="substring-after($s, '&#10;')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="background">
    <h1 id="bakgrund">Bakgrund</h1>
    <xsl:call-template name="iop-text-memo-background"/>
  </xsl:template>

  <!-- The overview table: seven columns on a portrait page -->
  <xsl:template name="overview">
    <h1 id="oversikt">
      <xsl:value-of select="concat('Översikt IOP inom ', $committee-in-text)"/>
    </h1>
    <xsl:call-template name="iop-text-memo-overview"/>
    <xsl:if test="$agreements">
      <p class="caption">
        <xsl:value-of select="concat('Tabell 1. Partnerskapen ', $year)"/>
      </p>
      <table class="overview">
        <col width="26mm"/>
        <col width="17mm"/>
        <col width="1*"/>
        <col width="19mm"/>
        <col width="19mm"/>
        <col width="19mm"/>
        <col width="1*"/>
        <thead>
          <tr>
            <th class="ov">Förening</th>
            <th class="ov"><xsl:value-of select="concat('Antal deltagare ', $year)"/></th>
            <th class="ov">Målgrupp</th>
            <th class="ov">Anvisning</th>
            <th class="ov num"><xsl:value-of select="concat('Värde ', $year)"/></th>
            <th class="ov num"><xsl:value-of select="concat($cost-label, ' ', $year)"/></th>
            <th class="ov">Aktivitet</th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$agreements">
            <tr>
              <td class="ov org">
                <xsl:call-template name="sv-join">
                  <xsl:with-param name="items" select="d:parties/d:party[@kind = 'idea-based']"/>
                </xsl:call-template>
                <xsl:if test="d:parties/d:party[@kind = 'idea-based']"><br/></xsl:if>
                <a href="#{@id}"><span class="partnership-name"><xsl:value-of select="d:title"/></span></a>
              </td>
              <td class="ov">
                <!-- the year's participants: planned, else those who took
                     part; the groups under it -->
                <xsl:call-template name="agreement-participant-cell">
                  <xsl:with-param name="pp" select="d:participants[@current = 'true']"/>
                </xsl:call-template>
              </td>
              <td class="ov"><xsl:value-of select="d:target-group"/></td>
              <td class="ov">
                <xsl:for-each select="d:referral">
                  <xsl:if test="position() &gt; 1"><br/></xsl:if>
                  <xsl:value-of select="."/>
                </xsl:for-each>
              </td>
              <td class="ov num"><xsl:value-of select="d:figures/d:value"/></td>
              <td class="ov num"><xsl:call-template name="cost-cell"/></td>
              <td class="ov">
                <xsl:for-each select="d:activity">
                  <xsl:if test="position() &gt; 1"><br/></xsl:if>
                  <xsl:value-of select="."/>
                </xsl:for-each>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
        <tfoot>
          <tr class="total">
            <td class="ov" colspan="4">
              <xsl:value-of select="concat('Summa (', $all/d:agreements, ' partnerskap')"/>
              <xsl:call-template name="total-missing"/>
              <xsl:text>)</xsl:text>
            </td>
            <td class="ov num"><xsl:value-of select="$all/d:value"/></td>
            <td class="ov num"><xsl:value-of select="$all/d:cost"/></td>
            <td class="ov"/>
          </tr>
        </tfoot>
      </table>
      <xsl:call-template name="participants-total"/>
    </xsl:if>
  </xsl:template>

  <!-- ", varav två utan uppgift om kostnad": the agreements a total's
       sums leave out, because the data records no figure for them -->
  <xsl:template name="total-missing">
    <xsl:param name="total" select="$all"/>
    <xsl:if test="$total/d:cost/@not-recorded">
      <xsl:text>, </xsl:text>
      <xsl:call-template name="not-recorded-note">
        <xsl:with-param name="n" select="$total/d:cost/@not-recorded"/>
        <xsl:with-param name="noun" select="''"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$total/d:value/@not-recorded">
      <xsl:choose>
        <xsl:when test="$total/d:cost/@not-recorded">; </xsl:when>
        <xsl:otherwise>, varav </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="sv-count-word">
        <xsl:with-param name="n" select="$total/d:value/@not-recorded"/>
      </xsl:call-template>
      <xsl:text> utan uppgift om värde</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- The committee's cost, or, when other public bodies pay part of it,
       the public money and who pays what ("590 000 kr, varav 295 000 kr
       finansieras av BIN"), as the seed's cost column says it -->
  <xsl:template name="cost-cell">
    <xsl:variable name="f" select="d:figures"/>
    <xsl:choose>
      <xsl:when test="$f/d:financed-by">
        <xsl:value-of select="$f/d:public-money"/>
        <xsl:for-each select="$f/d:financed-by">
          <xsl:choose>
            <xsl:when test="position() = 1">, varav </xsl:when>
            <xsl:when test="position() = last()"> och </xsl:when>
            <xsl:otherwise>, </xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="concat(., ' finansieras av ', @party)"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$f/d:committee-cost"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Sammanlagt är 441 deltagare planerade 2020." when the year's figures
       are planned for every partnership -->
  <xsl:template name="participants-total">
    <xsl:variable name="planned" select="$agreements/d:participants[@current = 'true']/d:planned"/>
    <xsl:if test="count($planned) &gt; 1">
      <p class="small">
        <xsl:text>Antal deltagare: de som partnerskapen är tänkta att ta emot under året</xsl:text>
        <xsl:if test="count($planned) = count($agreements)">
          <xsl:value-of select="concat(', sammanlagt ', $all/d:planned)"/>
        </xsl:if>
        <xsl:value-of select="concat('. Värde: alla parters insatser ', $year, ', i pengar och i annan form. ',
                                     $cost-label, ': nämndens bidrag i pengar, fördelade på årets dagar
                                     inom avtalsperioden.')"/>
        <xsl:if test="$agreements/d:figures/d:financed-by">
          <xsl:text> Där en annan offentlig part betalar en del av kostnaden anges hela den
            offentliga kostnaden och den delen; summan är nämndens egen kostnad.</xsl:text>
        </xsl:if>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- Sammanfattning och återrapport Y: per partnership the year's report
       and key figures -->
  <xsl:template name="summaries">
    <xsl:if test="$agreements">
      <h1 id="aterrapport"><xsl:value-of select="concat('Sammanfattning och återrapport ', $year)"/></h1>
      <xsl:for-each select="$agreements">
        <xsl:variable name="report" select="d:report[@current = 'true']"/>
        <xsl:variable name="results" select="d:result[@current = 'true'][d:value]"/>
        <h2 id="{@id}"><xsl:call-template name="sv-title-with-case-numbers"/></h2>
        <xsl:choose>
          <xsl:when test="$report/*">
            <xsl:apply-templates select="$report/*" mode="rich"/>
          </xsl:when>
          <xsl:otherwise>
            <p>
              <xsl:value-of select="concat('Ingen återrapport för ', $year, ' finns i avtalsuppgifterna.')"/>
            </p>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$results">
          <table class="figures">
            <col width="*"/>
            <col width="30mm"/>
            <tbody>
              <xsl:for-each select="$results">
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
        <xsl:if test="d:assessment[@current = 'true']">
          <xsl:apply-templates select="d:assessment[@current = 'true']/*" mode="rich"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- Ekonomiska konsekvenser: the year's cost, value and municipal share,
       and the same per partnership, as a table and as split bars (the
       municipality aims to carry about half of each partnership).  The cost
       is not drawn as bars: the overview table shows it, and a memo should
       stay a few pages long. -->
  <xsl:template name="economy">
    <xsl:variable name="ongoing-total" select="$cr/d:totals/d:total[@scope = 'status'][@status = 'ongoing']"/>
    <xsl:variable name="ended-total" select="$cr/d:totals/d:total[@scope = 'status'][@status = 'ended']"/>
    <h1 id="ekonomi">Ekonomiska konsekvenser</h1>
    <xsl:choose>
      <xsl:when test="not($agreements)">
        <p>Informationen har inga ekonomiska konsekvenser.</p>
      </xsl:when>
      <xsl:otherwise>
        <p>
          <xsl:value-of select="concat('Nämndens kostnad för partnerskapen ', $year)"/>
          <xsl:choose>
            <xsl:when test="$all/d:cost/@amount">
              <xsl:value-of select="concat(' är ', $all/d:cost)"/>
              <xsl:if test="$ongoing-total/@count &gt; 0 and $ended-total/@count &gt; 0">
                <xsl:value-of select="concat(', varav ', $ongoing-total/d:cost, ' för pågående och ',
                                             $ended-total/d:cost, ' för avslutade partnerskap')"/>
              </xsl:if>
            </xsl:when>
            <xsl:otherwise> anges inte i avtalsunderlaget</xsl:otherwise>
          </xsl:choose>
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
          <!-- the value of all only where every party's contributions are
               recorded: a sum of some never reads as the whole -->
          <xsl:if test="$all/d:value/@amount and not($all/d:value/@not-recorded) and
                        $all/d:value/@amount != $all/d:cost/@amount">
            <xsl:value-of select="concat(' Partnerskapens samlade värde, med alla parters insatser i
              pengar och i annan form, är ', $all/d:value)"/>
            <xsl:choose>
              <xsl:when test="$all/d:municipal-share">
                <xsl:value-of select="concat('. Kommunens andel av värdet är ', $all/d:municipal-share,
                                             ' (', $all/d:municipal, ')')"/>
                <xsl:choose>
                  <xsl:when test="$agreements/d:parties/d:party[@kind = 'other']">
                    <xsl:text>; resten är de idéburna och övriga parternas insatser.</xsl:text>
                  </xsl:when>
                  <xsl:otherwise><xsl:text>; resten är de idéburna parternas insatser.</xsl:text></xsl:otherwise>
                </xsl:choose>
              </xsl:when>
              <xsl:otherwise><xsl:text>.</xsl:text></xsl:otherwise>
            </xsl:choose>
          </xsl:if>
          <xsl:if test="$all/d:value/@not-recorded">
            <xsl:variable name="n">
              <xsl:call-template name="sv-count-word">
                <xsl:with-param name="n" select="$all/d:value/@not-recorded"/>
              </xsl:call-template>
            </xsl:variable>
            <xsl:value-of select="concat(' För ', $n, ' partnerskap redovisar avtalsunderlaget inte de andra parternas bidrag ',
                                         $year, ', så värdet och kommunens andel kan inte anges för dem.')"/>
          </xsl:if>
        </p>
        <xsl:call-template name="sv-text-block">
          <xsl:with-param name="s" select="$policy"/>
        </xsl:call-template>
        <xsl:if test="$cmp">
          <p>
            <xsl:call-template name="compare-cost-sentence">
              <xsl:with-param name="cmp" select="$cmp"/>
            </xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:call-template name="compare-source-sentence">
              <xsl:with-param name="cmp" select="$cmp"/>
              <xsl:with-param name="edits-listed" select="false()"/>
            </xsl:call-template>
            <xsl:if test="$cmp/d:edits/d:edit">
              <xsl:variable name="n">
                <xsl:call-template name="sv-count-word">
                  <xsl:with-param name="n" select="$cmp/d:edits/@agreements"/>
                </xsl:call-template>
              </xsl:variable>
              <xsl:value-of select="concat(' Uppgifter för ', $cmp/@previous-year, ' eller ', $year,
                                    ' om ', $n, ' partnerskap har ändrats i efterhand sedan dess.')"/>
            </xsl:if>
          </p>
        </xsl:if>
        <xsl:if test="$all/d:value/@amount &gt; 0">
          <!-- a short table is not split to leave a row and its sum alone -->
          <keep>
          <p class="caption">
            <xsl:value-of select="concat('Tabell 2. Värde och kommunens andel ', $year)"/>
          </p>
          <table class="economy">
            <col width="*"/>
            <col width="27mm"/>
            <col width="27mm"/>
            <col width="22mm"/>
            <thead>
              <tr>
                <th>Partnerskap</th>
                <th class="num"><xsl:value-of select="concat('Värde ', $year)"/></th>
                <th class="num">Kommunens insats</th>
                <th class="num">Kommunens andel</th>
              </tr>
            </thead>
            <tbody>
              <!-- the partnerships whose value is recorded, so that the
                   rows add up to the sum (the text names the others) -->
              <xsl:for-each select="$agreements[d:figures/d:value/@amount]">
                <tr>
                  <td><xsl:value-of select="d:title"/></td>
                  <td class="num"><xsl:value-of select="d:figures/d:value"/></td>
                  <td class="num"><xsl:value-of select="d:figures/d:municipal"/></td>
                  <td class="num">
                    <xsl:choose>
                      <xsl:when test="d:figures/d:municipal-share"><xsl:value-of select="d:figures/d:municipal-share"/></xsl:when>
                      <xsl:otherwise>–</xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
            <tfoot>
              <tr class="total">
                <td>Summa</td>
                <td class="num"><xsl:value-of select="$all/d:value"/></td>
                <td class="num"><xsl:value-of select="$all/d:municipal"/></td>
                <td class="num"><xsl:value-of select="$all/d:municipal-share"/></td>
              </tr>
            </tfoot>
          </table>
          </keep>
          <xsl:call-template name="chart-municipal-share">
            <xsl:with-param name="agreements" select="$agreements"/>
            <xsl:with-param name="year" select="$year"/>
            <xsl:with-param name="title" select="concat('Figur 1. Kommunens och de andra parternas andel av värdet ', $year)"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Kommunala mål (when the agreements share one goal text), Jämställdhet,
       Samråd, Uppföljning och utvärdering, MBL -->
  <xsl:template name="closing-sections">
    <xsl:variable name="goal" select="$agreements[1]/d:goal[1]/d:text"/>
    <xsl:if test="$goal and count($agreements) &gt; 1 and
                  count($agreements[string(d:goal[1]/d:text) = string($goal)]) = count($agreements)">
      <h1 id="mal">Kommunala mål</h1>
      <xsl:apply-templates select="$goal/*" mode="rich"/>
    </xsl:if>
    <h1 id="jamstalldhet">Jämställdhet</h1>
    <xsl:call-template name="iop-text-equality"/>
    <h1 id="samrad">Samråd</h1>
    <xsl:call-template name="iop-text-consultation"/>
    <h1 id="uppfoljning">Uppföljning och utvärdering</h1>
    <xsl:variable name="fu" select="$agreements[1]/d:follow-up/d:text"/>
    <xsl:choose>
      <xsl:when test="$fu and
                      count($agreements[string(d:follow-up/d:text) = string($fu)]) = count($agreements)">
        <xsl:apply-templates select="$fu/*" mode="rich"/>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="iop-text-evaluation"/></xsl:otherwise>
    </xsl:choose>
    <h1 id="mbl">Information eller förhandling enligt lag (1976:580) om medbestämmande i arbetslivet</h1>
    <xsl:call-template name="iop-text-mbl"/>
  </xsl:template>

  <!-- The administration and the signatory from the committee register -->
  <xsl:template name="signature">
    <keep>
      <p class="sign-office"><xsl:value-of select="$office"/></p>
      <xsl:if test="$committee/d:signatory">
        <p class="sign-name"><xsl:value-of select="$committee/d:signatory/@name"/></p>
        <xsl:if test="$committee/d:signatory/@role">
          <p class="sign-role"><xsl:value-of select="$committee/d:signatory/@role"/></p>
        </xsl:if>
      </xsl:if>
    </keep>
  </xsl:template>
</xsl:stylesheet>
