<?xml version="1.0" encoding="UTF-8"?>
<!--
  Fixed texts about IOP that reports print as they stand. Each is a named
  template, so an organisation can replace one by importing the report
  template and defining a template of the same name, e.g.

    <xsl:import href="arsrapport.xsl"/>
    <xsl:template name="iop-text-legal"><p>Vår egen text …</p></xsl:template>

  They produce document blocks (p, ul).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="urn:iopreport:document:1">

  <!-- What an IOP is, and the criteria (after Forum) -->
  <xsl:template name="iop-text-what">
    <p>Ett idéburet offentligt partnerskap (IOP) är ett avtal om samverkan
      mellan offentliga aktörer och aktörer inom den idéburna sektorn.
      Paraplyorganisationen Forum – idéburna organisationer med social
      inriktning tog fram IOP som en modell för samverkan 2010. Modellen
      bygger på gemensamt lärande, dialog och samarbete mellan sektorerna.</p>
    <p>Ett IOP är, enligt Forum, lämpligt och juridiskt möjligt när följande
      kriterier är uppfyllda:</p>
    <ul>
      <li>Verksamheten sker på initiativ av den idéburna organisationen.</li>
      <li>Verksamheten är ett led i att förverkliga ett politiskt program
        eller en plan där idéburna organisationer särskilt nämns.</li>
      <li>Verksamheten kan inte ses som en del av det normerade
        föreningsbidraget.</li>
      <li>Det finns ingen marknad eller konkurrenssituation att värna.</li>
      <li>Båda parterna är med och finansierar verksamheten, med pengar
        eller andra insatser.</li>
      <li>Verksamheten detaljregleras inte från kommunen.</li>
      <li>Verksamheten avses att drivas under en längre tid.</li>
    </ul>
  </xsl:template>

  <!-- The legal situation -->
  <xsl:template name="iop-text-legal">
    <p>Det finns ingen särskild lagstiftning som reglerar IOP, och
      rättsläget är delvis oklart. Kriterierna för när ett IOP är möjligt
      är utformade mot bakgrund av kommunallagen (2017:725), lagen
      (2016:1145) om offentlig upphandling (LOU) och EU:s
      statsstödsregler. Avgörande är att verksamheten inte är en tjänst som
      kommunen köper och som borde ha upphandlats.</p>
    <p>Förvaltningen följer löpande utvecklingen av rättsläget på området,
      bland annat domstolarnas praxis och regeringens arbete med att
      tydliggöra de idéburna aktörernas förhållande till offentliga aktörer
      vid bidragsgivning, köp av verksamhet och partnerskap.</p>
  </xsl:template>

  <!-- How partnerships are followed up -->
  <xsl:template name="iop-text-follow-up">
    <p>Uppföljningsarbetet i ett IOP kan se olika ut beroende på de
      deltagande parterna och partnerskapets syfte. Utgångspunkten för
      uppföljningen är tillit och gemensamt ansvarstagande. Uppföljning,
      återkoppling och dialog kan till exempel ske genom dialogmöten,
      styrgruppsmöten och rapporter från verksamheten. När ett IOP tecknas
      anges alltid hur dialogen och uppföljningen av verksamheten ska
      organiseras. Om någon av parterna inte uppfyller sin del av
      partnerskapet finns möjlighet att säga upp avtalet.</p>
  </xsl:template>

  <!-- What the budget figures mean -->
  <xsl:template name="iop-text-budget">
    <p>Uppgifter om budget och kostnad avser nämndens ekonomiska insats i
      partnerskapen. Kostnaden för året är avtalade belopp fördelade på
      årets dagar inom avtalsperioden. En förutsättning för IOP är att alla
      parter bidrar med resurser; förutom pengar kan det vara
      volontärtimmar, lokaler, kunskapsutbyte, metoder eller
      administration.</p>
  </xsl:template>
</xsl:stylesheet>
