<?xml version="1.0" encoding="UTF-8"?>
<!--
  One agreement told in full, as a fact sheet tells it (modelled on SKR's
  example "Yalla Trappan i Malmö", 2019): the lead, an "Om exemplet" box,
  Bakgrund, Genomförande, results, Lärdomar and contacts. Shared by
  faktablad.xsl (one agreement a page) and exempelsamling.xsl (the
  highlighted examples); the contribution line and the participants lines
  are also the annual report's and the memo's. The context node is a
  d:agreement; $year is the report year.
  Needs common/richtext.xsl and common/sv.xsl imported before it.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:iopreport:report-data:1"
    xmlns="urn:iopreport:document:1"
    exclude-result-prefixes="d">

  <!-- the styles these pieces use; call inside <styles> after house-styles -->
  <xsl:template name="agreement-styles">
    <style match="table.about" font-size="8.5pt" rules="none" space-before="8pt" space-after="10pt"
           keep-together="true"/>
    <style match="th.about" background="{$colour-heading}" color="#ffffff" border-bottom="0"
           padding="4pt"/>
    <style match="td.about-label" background="{$colour-shade}" font-weight="bold" padding="3pt"/>
    <style match="td.about-value" background="{$colour-shade}" padding="3pt"/>
    <style match="table.results" space-before="2pt"/>
    <style match=".caption-inline" font-family="{$font-heading}" font-size="9pt" font-weight="bold"
           color="#333333" space-before="4pt" space-after="1pt" keep-with-next="true"/>
    <style match=".contact-name" font-weight="bold" space-after="0"/>
    <style match=".contact-line" space-after="0" font-size="9.5pt"/>
    <style match=".contact" space-after="6pt"/>
    <style match=".contribution-note" font-size="8.5pt" color="#444444"/>
  </xsl:template>

  <!-- "Malmö stad samverkar med Yalla Trappan i ett idéburet offentligt
       partnerskap (IOP). Partnerskapet pågår till 31 december 2020." -->
  <xsl:template name="agreement-lead">
    <xsl:variable name="ended" select="@status = 'ended'"/>
    <xsl:variable name="idea" select="d:parties/d:party[@kind = 'idea-based']"/>
    <p class="lead">
      <xsl:value-of select="d:municipality"/>
      <xsl:choose>
        <xsl:when test="$ended"> samverkade</xsl:when>
        <xsl:otherwise> samverkar</xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$idea">
        <xsl:text> med </xsl:text>
        <xsl:call-template name="sv-join"><xsl:with-param name="items" select="$idea"/></xsl:call-template>
      </xsl:if>
      <xsl:text> i ett idéburet offentligt partnerskap (IOP). </xsl:text>
      <xsl:choose>
        <xsl:when test="$ended">
          <xsl:value-of select="concat('Partnerskapet avslutades ', (d:period/d:terminated | d:period/d:end)[last()], '.')"/>
        </xsl:when>
        <xsl:when test="not(d:period/d:end)">Partnerskapet gäller tills vidare.</xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="concat('Partnerskapet pågår till ', d:period/d:end, '.')"/>
        </xsl:otherwise>
      </xsl:choose>
    </p>
  </xsl:template>

  <!-- The "Om exemplet" box: where, when, what, who -->
  <xsl:template name="agreement-about-box">
    <xsl:param name="heading" select="'Om exemplet'"/>
    <table class="about">
      <col width="34mm"/>
      <col width="*"/>
      <thead>
        <tr><th class="about" colspan="2"><xsl:value-of select="$heading"/></th></tr>
      </thead>
      <tbody>
        <tr>
          <td class="about-label">Kommun</td>
          <td class="about-value"><xsl:value-of select="d:municipality"/></td>
        </tr>
        <tr>
          <td class="about-label">Tidsperiod</td>
          <td class="about-value">
            <xsl:value-of select="d:timeline"/>
          </td>
        </tr>
        <xsl:if test="d:area">
          <tr>
            <td class="about-label">Verksamhetsområde</td>
            <td class="about-value"><xsl:value-of select="d:area"/></td>
          </tr>
        </xsl:if>
        <!-- the share only where every party's contributions are
             recorded: never a false "kommunens andel 100 %"; no row when
             nothing is recorded for the year (the contributions below
             say for when their amounts are) -->
        <xsl:if test="d:figures/d:value/@amount or d:figures/d:municipal/@amount">
        <tr>
            <td class="about-label"><xsl:value-of select="concat('Värde ', $year)"/></td>
            <td class="about-value">
              <xsl:choose>
                <xsl:when test="d:figures/d:value/@amount">
                  <xsl:value-of select="d:figures/d:value"/>
                  <xsl:if test="d:figures/d:municipal-share">
                    <xsl:value-of select="concat(', varav kommunens andel ', d:figures/d:municipal-share)"/>
                  </xsl:if>
                </xsl:when>
                <xsl:when test="d:figures/d:municipal/@amount">
                  <xsl:value-of select="concat('Kommunens bidrag ', d:figures/d:municipal,
                                        '; de andra parternas bidrag är inte redovisade')"/>
                </xsl:when>
              </xsl:choose>
            </td>
          </tr>
        </xsl:if>
        <!-- rows a custom template adds (docs/templates.md) -->
        <xsl:call-template name="agreement-about-extra"/>
        <tr>
          <td class="about-label">Kontakt</td>
          <td class="about-value">
            <xsl:choose>
              <xsl:when test="d:contact">
                <xsl:for-each select="d:contact">
                  <xsl:if test="position() &gt; 1">; </xsl:if>
                  <xsl:value-of select="@name"/>
                  <xsl:if test="@role"><xsl:value-of select="concat(', ', @role)"/></xsl:if>
                  <xsl:if test="@organisation"><xsl:value-of select="concat(', ', @organisation)"/></xsl:if>
                  <xsl:if test="@email"><xsl:value-of select="concat(', ', @email)"/></xsl:if>
                  <xsl:if test="@phone"><xsl:value-of select="concat(', ', @phone)"/></xsl:if>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="sv-join">
                  <xsl:with-param name="items" select="d:parties/d:party[@kind = 'public']"/>
                </xsl:call-template>
                <xsl:value-of select="concat(', ', d:municipality)"/>
              </xsl:otherwise>
            </xsl:choose>
          </td>
        </tr>
        <xsl:if test="d:case-number">
          <tr>
            <td class="about-label">Diarienummer</td>
            <td class="about-value"><xsl:call-template name="sv-case-numbers"/></td>
          </tr>
        </xsl:if>
      </tbody>
    </table>
  </xsl:template>

  <!-- Further rows of the box, for custom templates to define: each a
       <tr> with <td class="about-label"> and <td class="about-value">.
       The context node is the agreement. -->
  <xsl:template name="agreement-about-extra"/>

  <!-- Bakgrund, Genomförande, results, Lärdomar, Kontakt; headings at
       $level (2: h2) -->
  <xsl:template name="agreement-sections">
    <xsl:param name="level" select="2"/>
    <xsl:param name="contacts" select="true()"/>
    <xsl:variable name="h" select="concat('h', $level)"/>

    <xsl:if test="d:purpose or d:goal or d:target-group">
      <xsl:element name="{$h}" namespace="urn:iopreport:document:1">Bakgrund</xsl:element>
      <xsl:apply-templates select="d:purpose/*" mode="rich"/>
      <xsl:if test="d:target-group">
        <p><xsl:value-of select="concat('Målgrupp: ', d:target-group)"/></p>
      </xsl:if>
      <xsl:for-each select="d:goal[d:text]">
        <xsl:apply-templates select="d:text/*" mode="rich"/>
      </xsl:for-each>
      <xsl:if test="d:goal[not(d:text)]">
        <ul>
          <xsl:for-each select="d:goal[not(d:text)]">
            <li>
              <xsl:call-template name="sv-capitalize">
                <xsl:with-param name="s" select="string(@indicator)"/>
              </xsl:call-template>
              <xsl:if test="d:target"><xsl:value-of select="concat(': ', d:target)"/></xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </xsl:if>

    <xsl:element name="{$h}" namespace="urn:iopreport:document:1">Genomförande</xsl:element>
    <p>
      <xsl:text>Avtalsperiod: </xsl:text>
      <xsl:call-template name="sv-period-line"/>
      <xsl:text>.</xsl:text>
      <xsl:if test="d:previous-period">
        <xsl:text> Tidigare perioder: </xsl:text>
        <xsl:for-each select="d:previous-period">
          <xsl:if test="position() &gt; 1">; </xsl:if>
          <xsl:value-of select="d:formatted"/>
          <xsl:if test="d:note"><xsl:value-of select="concat(' (', d:note, ')')"/></xsl:if>
        </xsl:for-each>
        <xsl:text>.</xsl:text>
      </xsl:if>
    </p>
    <xsl:if test="d:activity">
      <p class="caption-inline">Verksamhet:</p>
      <ul>
        <xsl:for-each select="d:activity"><li><xsl:value-of select="."/></li></xsl:for-each>
      </ul>
    </xsl:if>
    <xsl:call-template name="agreement-participants"/>
    <xsl:if test="d:commitment">
      <p class="caption-inline">Parternas åtaganden:</p>
      <ul>
        <xsl:for-each select="d:commitment">
          <li><xsl:value-of select="concat(@party, ': ', .)"/></li>
        </xsl:for-each>
      </ul>
    </xsl:if>
    <xsl:if test="d:budget/d:contribution">
      <p class="caption-inline">Parternas bidrag:</p>
      <ul>
        <xsl:for-each select="d:budget/d:contribution">
          <li><xsl:call-template name="agreement-contribution"/></li>
        </xsl:for-each>
      </ul>
    </xsl:if>
    <xsl:apply-templates select="d:follow-up/d:text/*" mode="rich"/>
    <xsl:if test="d:follow-up/d:steering-group">
      <p>
        <xsl:value-of select="concat('Styrgrupp: ', d:follow-up/d:steering-group)"/>
        <xsl:if test="substring(normalize-space(d:follow-up/d:steering-group), string-length(normalize-space(d:follow-up/d:steering-group))) != '.'">.</xsl:if>
      </p>
    </xsl:if>

    <!-- the report year's results; for an agreement outside the year (a
         catalogue's highlighted example that has ended) its latest: the
         data's results-year -->
    <xsl:variable name="ry" select="string(@results-year)"/>
    <xsl:variable name="report" select="d:report[@year = $ry]"/>
    <xsl:variable name="results" select="d:result[@year = $ry]"/>
    <xsl:variable name="assessment" select="d:assessment[@year = $ry]"/>
    <xsl:element name="{$h}" namespace="urn:iopreport:document:1">
      <xsl:value-of select="concat('Resultat ', $ry)"/>
    </xsl:element>
    <xsl:choose>
      <xsl:when test="$report/* or $results or $assessment">
        <xsl:apply-templates select="$report/*" mode="rich"/>
        <!-- a result whose text the year's report already says is shown once -->
        <xsl:variable name="told" select="normalize-space($report)"/>
        <xsl:for-each select="$results[not(d:value)]/d:text/*">
          <xsl:if test="not(contains($told, normalize-space(.)))">
            <xsl:apply-templates select="." mode="rich"/>
          </xsl:if>
        </xsl:for-each>
        <xsl:if test="$results[d:value]">
          <table class="results">
            <col width="*"/>
            <col width="30mm"/>
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
        <xsl:apply-templates select="$assessment/*" mode="rich"/>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:value-of select="concat('Ingen återrapport för ', $ry, ' finns i avtalsuppgifterna.')"/></p>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:if test="d:lessons">
      <xsl:element name="{$h}" namespace="urn:iopreport:document:1">Lärdomar</xsl:element>
      <xsl:apply-templates select="d:lessons/*" mode="rich"/>
    </xsl:if>

    <xsl:if test="$contacts">
      <xsl:call-template name="agreement-contacts">
        <xsl:with-param name="level" select="$level"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The participants of an agreement, each way the reports put them: the
       one home of these lines (issue 17). Which year's entry a report shows
       the data says: @current (the report year's) or @shown (the report
       year's, else the first given). -->

  <!-- "Under 2019 var 48 deltagare planerade och 45 deltog." -->
  <xsl:template name="agreement-participants">
    <xsl:variable name="pp" select="d:participants[@current = 'true']"/>
    <xsl:if test="$pp/d:planned or $pp/d:actual">
      <p>
        <xsl:value-of select="concat('Under ', $year, ' ')"/>
        <xsl:choose>
          <xsl:when test="$pp/d:planned and $pp/d:actual">
            <xsl:value-of select="concat('var ', $pp/d:planned, ' deltagare planerade och ', $pp/d:actual, ' deltog')"/>
          </xsl:when>
          <xsl:when test="$pp/d:planned">
            <xsl:value-of select="concat('var ', $pp/d:planned, ' deltagare planerade')"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="concat('deltog ', $pp/d:actual)"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$pp/d:count">
          <xsl:text> (</xsl:text>
          <xsl:call-template name="agreement-participant-counts">
            <xsl:with-param name="pp" select="$pp"/>
          </xsl:call-template>
          <xsl:text>)</xsl:text>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- "48 planerade, 45 deltog (Storkök 28, Café 17)": the figures of the
       entry $pp, as a field of a list -->
  <xsl:template name="agreement-participant-figures">
    <xsl:param name="pp"/>
    <xsl:if test="$pp/d:planned">
      <xsl:value-of select="concat($pp/d:planned, ' planerade')"/>
    </xsl:if>
    <xsl:if test="$pp/d:actual">
      <xsl:if test="$pp/d:planned">, </xsl:if>
      <xsl:value-of select="concat($pp/d:actual, ' deltog')"/>
    </xsl:if>
    <xsl:if test="$pp/d:count">
      <xsl:if test="$pp/d:planned or $pp/d:actual"> (</xsl:if>
      <xsl:call-template name="agreement-participant-counts">
        <xsl:with-param name="pp" select="$pp"/>
      </xsl:call-template>
      <xsl:if test="$pp/d:planned or $pp/d:actual">)</xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- "48 st." over "deltog 45" and the groups one a line: the entry $pp
       in a narrow table cell -->
  <xsl:template name="agreement-participant-cell">
    <xsl:param name="pp"/>
    <xsl:choose>
      <xsl:when test="$pp/d:planned">
        <xsl:value-of select="concat($pp/d:planned, '&#160;st.')"/>
        <xsl:if test="$pp/d:actual">
          <br/><xsl:value-of select="concat('deltog ', $pp/d:actual)"/>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$pp/d:actual">
        <xsl:value-of select="concat($pp/d:actual, '&#160;st. deltog')"/>
      </xsl:when>
    </xsl:choose>
    <xsl:call-template name="agreement-participant-counts">
      <xsl:with-param name="pp" select="$pp"/>
      <xsl:with-param name="lines" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- "Storkök 28, Café 17"; with lines=true() each group on a line of its
       own ("Storkök 28" after a line break, the count kept with its label) -->
  <xsl:template name="agreement-participant-counts">
    <xsl:param name="pp"/>
    <xsl:param name="lines" select="false()"/>
    <xsl:for-each select="$pp/d:count">
      <xsl:choose>
        <xsl:when test="$lines">
          <br/>
          <xsl:value-of select="concat(@label, '&#160;', .)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="concat(@label, ' ', .)"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- "Arbetsmarknads- och socialnämnden: 2 490 604 kr per år – Lönekostnader":
       one contribution (the context node), the one home of this line.
       span: when its span is said, "period" for a lump sum only, "own" also
       for an amount per year whose span is not the current period's;
       in-kind: the words for a contribution in another form than money;
       note: false() when the caller sets the agreement's words on the
       amount apart (the annual report's numbered notes) -->
  <xsl:template name="agreement-contribution">
    <xsl:param name="span" select="'period'"/>
    <xsl:param name="in-kind" select="', i annan form än pengar'"/>
    <xsl:param name="note" select="true()"/>
    <xsl:value-of select="concat(d:party-name, ': ', d:amount, ' ', d:per-text)"/>
    <xsl:if test="d:span and (@per = 'period' or
                  ($span = 'own' and (d:span/@start != ../../d:period/d:start/@date or
                   string(d:span/@end) != string(../../d:period/d:end/@date))))">
      <xsl:value-of select="concat(' ', d:span)"/>
    </xsl:if>
    <xsl:if test="@kind = 'in-kind'"><xsl:value-of select="$in-kind"/></xsl:if>
    <!-- what the agreement says of the amount follows as a remark in
         smaller type, not in parentheses, so that none holds another (a
         sheet keeps to its page) -->
    <xsl:if test="$note and d:text">
      <span class="contribution-note"><xsl:value-of select="concat(' – ', d:text)"/></span>
    </xsl:if>
  </xsl:template>

  <!-- Kontaktpersoner: how to reach the agreement's contacts (the box
       names them; without contacts it names the public parties) -->
  <xsl:template name="agreement-contacts">
    <xsl:param name="level" select="2"/>
    <xsl:if test="d:contact">
      <xsl:element name="h{$level}" namespace="urn:iopreport:document:1">Kontaktpersoner</xsl:element>
      <xsl:for-each select="d:contact">
        <keep class="contact">
          <p class="contact-name"><xsl:value-of select="@name"/></p>
          <xsl:if test="@role"><p class="contact-line"><xsl:value-of select="@role"/></p></xsl:if>
          <xsl:if test="@organisation"><p class="contact-line"><xsl:value-of select="@organisation"/></p></xsl:if>
          <xsl:if test="@phone or @email">
            <p class="contact-line">
              <xsl:value-of select="@phone"/>
              <xsl:if test="@phone and @email"><xsl:text>, </xsl:text></xsl:if>
              <xsl:value-of select="@email"/>
            </p>
          </xsl:if>
        </keep>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
