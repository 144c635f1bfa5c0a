<?xml version="1.0" encoding="UTF-8"?>
<!--
  The house look of the built-in templates: fonts, styles, the A4 page with
  a letterhead on page 1, a running header and "2 (5)" page numbers, and the
  notice about files left out of a report. A template calls
  "house-styles" inside <styles> (and adds its own rules after it), and
  "house-page" for <page>. Change the look of every report here.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:d="urn:iopreport:report-data:1"
    xmlns:exsl="http://exslt.org/common"
    xmlns="urn:iopreport:document:1"
    extension-element-prefixes="exsl"
    exclude-result-prefixes="d exsl">

  <xsl:param name="font-text" select="'Noto Serif'"/>
  <xsl:param name="font-heading" select="'Noto Sans'"/>
  <xsl:param name="colour-heading" select="'#1d3557'"/>
  <xsl:param name="colour-rule" select="'#8a99ad'"/>
  <xsl:param name="colour-shade" select="'#e8edf3'"/>

  <xsl:template name="house-styles">
    <style match="body" font-family="{$font-text}" font-size="10.5pt" line-height="1.38"
           color="#1a1a1a"/>
    <style match="p" space-after="5pt"/>
    <style match="h1" font-family="{$font-heading}" font-size="15pt" font-weight="bold"
           color="{$colour-heading}" space-before="20pt" space-after="6pt" line-height="1.2"/>
    <style match="h2" font-family="{$font-heading}" font-size="12.5pt" font-weight="bold"
           color="{$colour-heading}" space-before="16pt" space-after="4pt" line-height="1.2"/>
    <style match="h3" font-family="{$font-heading}" font-size="11pt" font-weight="bold"
           space-before="14pt" space-after="4pt" line-height="1.25"/>
    <style match="h4" font-family="{$font-heading}" font-size="9.5pt" font-weight="bold"
           color="#333333" space-before="8pt" space-after="2pt"/>
    <style match="ul" space-after="5pt"/>
    <style match="ol" space-after="5pt"/>
    <style match="li" space-after="2pt"/>

    <style match="table" font-family="{$font-heading}" font-size="8.5pt" line-height="1.25"
           rules="rows" rule-width="0.4pt" rule-color="#c5cdd8" space-before="4pt" space-after="8pt"/>
    <style match="th" font-weight="bold" background="{$colour-shade}" padding="3pt"
           border-bottom="0.8pt" border-color="{$colour-rule}"/>
    <style match="td" padding="3pt"/>
    <style match="td.num" text-align="right" tabular="true"/>
    <style match="th.num" text-align="right"/>
    <style match="tr.total" font-weight="bold" border-top="0.8pt" border-color="{$colour-rule}"/>
    <style match="tr.subtotal" color="#333333"/>

    <style match="dl" font-size="10pt" space-before="2pt" space-after="6pt"/>
    <style match="dt" font-family="{$font-heading}" font-size="8.5pt" font-weight="bold"
           color="#333333"/>
    <style match="dd" space-after="2pt"/>

    <style match="header" font-family="{$font-heading}" font-size="8pt" color="#555555"/>
    <style match="footer" font-family="{$font-heading}" font-size="8pt" color="#555555"/>
    <style match="a" color="{$colour-heading}"/>
    <style match="toc" font-family="{$font-heading}" font-size="9.5pt" space-after="6pt"/>

    <!-- letterhead -->
    <style match=".municipality" font-family="{$font-heading}" font-size="16pt"
           font-weight="bold" color="{$colour-heading}" space-after="1pt"/>
    <style match=".office" font-family="{$font-heading}" font-size="9pt" color="#333333"
           space-after="0"/>
    <style match=".meta" font-family="{$font-heading}" font-size="8.5pt" color="#333333"
           text-align="right" space-after="0"/>
    <!-- the title block of page 1 -->
    <style match=".doc-title" font-family="{$font-heading}" font-size="21pt" font-weight="bold"
           color="{$colour-heading}" line-height="1.15" space-before="30pt" space-after="4pt"/>
    <style match=".doc-subtitle" font-family="{$font-heading}" font-size="12pt"
           color="#333333" space-after="18pt"/>
    <style match=".lead" font-size="11pt"/>
    <style match=".small" font-size="9pt" color="#444444"/>
    <!-- a shaded box: a one-cell table -->
    <style match="table.notice" rules="frame" rule-width="0.8pt" rule-color="#b45309"
           space-before="6pt" space-after="10pt" font-size="9pt"/>
    <style match="td.notice" background="#fdf3e7" padding="6pt"/>
  </xsl:template>

  <!-- A4 with a letterhead on page 1; later pages carry $header-left and
       $header-right (text, or inline content such as fields); every page
       its number as "2 (5)", in the footer, or with $page-numbers =
       'header' at the end of the header's right part (as Swedish memos have
       it), or with 'none' where the template puts them itself. -->
  <xsl:template name="house-page">
    <xsl:param name="header-left"/>
    <xsl:param name="header-right"/>
    <xsl:param name="letterhead-left"/>
    <xsl:param name="letterhead-right"/>
    <xsl:param name="page-numbers" select="'footer'"/>
    <!-- 'same': page 1 has the running header too, no letterhead -->
    <xsl:param name="first-page" select="'letterhead'"/>
    <xsl:param name="margin-top" select="'27mm'"/>
    <xsl:param name="margin-bottom" select="'24mm'"/>
    <!-- the pages the document should fit on (a fact sheet: 1), or empty -->
    <xsl:param name="fit-pages" select="''"/>
    <page size="A4" margin-top="{$margin-top}" margin-bottom="{$margin-bottom}" margin-left="25mm"
          margin-right="25mm" header-offset="13mm" footer-offset="12mm">
      <xsl:if test="string($fit-pages)">
        <xsl:attribute name="fit-pages"><xsl:value-of select="$fit-pages"/></xsl:attribute>
      </xsl:if>
      <header>
        <left><xsl:call-template name="house-inline">
          <xsl:with-param name="content" select="$header-left"/>
        </xsl:call-template></left>
        <right>
          <xsl:call-template name="house-inline">
            <xsl:with-param name="content" select="$header-right"/>
          </xsl:call-template>
          <xsl:if test="$page-numbers = 'header'">
            <xsl:if test="string($header-right)"><xsl:text>&#8195;&#8195;</xsl:text></xsl:if>
            <field name="page"/><xsl:text> (</xsl:text><field name="pages"/><xsl:text>)</xsl:text>
          </xsl:if>
        </right>
      </header>
      <footer>
        <xsl:if test="$page-numbers = 'footer'">
          <right><field name="page"/> (<field name="pages"/>)</right>
        </xsl:if>
      </footer>
      <xsl:choose>
        <xsl:when test="$first-page = 'same'">
          <first-page header="same" footer="true"/>
        </xsl:when>
        <xsl:otherwise>
          <first-page header="letterhead" footer="true">
            <letterhead>
              <left><xsl:copy-of select="$letterhead-left"/></left>
              <right><xsl:copy-of select="$letterhead-right"/></right>
            </letterhead>
          </first-page>
        </xsl:otherwise>
      </xsl:choose>
    </page>
  </xsl:template>

  <!-- A parameter as inline content: a result tree fragment (text with
       fields, em, ...) is copied, anything else (a string, data nodes) is
       printed as its text -->
  <xsl:template name="house-inline">
    <xsl:param name="content"/>
    <xsl:choose>
      <xsl:when test="exsl:object-type($content) = 'RTF'"><xsl:copy-of select="$content"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$content"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Files that could not be read (iopreport build with keep-going): the
       report is incomplete, and says so where a reader starts. -->
  <!-- The appendix "Underlag": the agreement files the report is made
       from, which a reader can ask for.  Names only: the digests of the
       files are in the PDF's metadata (docs/provenance.md), and
       `iopreport verify` checks them. -->
  <xsl:template name="house-underlag">
    <xsl:param name="agreements"/>
    <xsl:param name="level" select="'h1'"/>
    <xsl:variable name="files" select="$agreements[@file][not(@file = preceding-sibling::d:agreement/@file)]"/>
    <xsl:if test="$files">
      <xsl:element name="{$level}">
        <xsl:attribute name="id">underlag</xsl:attribute>
        <xsl:text>Underlag</xsl:text>
      </xsl:element>
      <p>
        <xsl:text>Uppgifterna bygger på följande avtalsfiler, som kan begäras ut:</xsl:text>
      </p>
      <ul>
        <xsl:for-each select="$files">
          <xsl:sort select="@file"/>
          <li>
            <xsl:call-template name="house-file-name">
              <xsl:with-param name="path" select="@file"/>
            </xsl:call-template>
            <xsl:text> (</xsl:text>
            <xsl:value-of select="d:title"/>
            <xsl:text>)</xsl:text>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <!-- The last part of a path: the name a reader asks for -->
  <xsl:template name="house-file-name">
    <xsl:param name="path"/>
    <xsl:choose>
      <xsl:when test="contains($path, '/')">
        <xsl:call-template name="house-file-name">
          <xsl:with-param name="path" select="substring-after($path, '/')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$path"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="house-left-out-notice">
    <xsl:variable name="files" select="/d:report-data/d:left-out/d:file"/>
    <xsl:if test="$files">
      <table class="notice">
        <tbody>
          <tr>
            <td class="notice">
              <strong>Observera: rapporten är ofullständig.</strong>
              <xsl:text> </xsl:text>
              <xsl:choose>
                <xsl:when test="count($files) = 1">Följande fil kunde inte läsas och ingår inte i rapporten: </xsl:when>
                <xsl:otherwise>Följande filer kunde inte läsas och ingår inte i rapporten: </xsl:otherwise>
              </xsl:choose>
              <xsl:for-each select="$files">
                <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
                <xsl:value-of select="."/>
              </xsl:for-each>
              <xsl:text>. Avtal i dessa filer saknas i sammanställningen och i summorna.</xsl:text>
            </td>
          </tr>
        </tbody>
      </table>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
