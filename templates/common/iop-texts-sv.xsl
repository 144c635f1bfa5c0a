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
  <!-- The texts of a committee memo (tjänsteskrivelse) -->

  <!-- Bakgrund: what the municipality does and what makes an IOP -->
  <xsl:template name="iop-text-memo-background">
    <p>Kommunen arbetar inom flera förvaltningar och verksamheter med att
      utveckla former för samverkan med civilsamhället och den idéburna
      sektorn. Idéburet offentligt partnerskap (IOP) är en av dem.</p>
    <p>Centralt för ett IOP är att det handlar om ett ömsesidigt åtagande
      mellan två eller fler parter, där kommunen är en och de övriga är
      idéburna organisationer. Initiativet ska komma från den idéburna
      organisationen, och den verksamhet som partnerskapet gäller får inte
      kunna konkurrensutsättas: det får inte finnas en kommersiell marknad
      för det som görs inom partnerskapet. Båda parterna bidrar med
      resurser, i pengar eller i annan form. Värdet av varje IOP räknas
      fram utifrån exempelvis personalresurser, lokaler, administration
      och material som krävs för att genomföra verksamheten.</p>
  </xsl:template>

  <!-- Before the overview table of a memo -->
  <xsl:template name="iop-text-memo-overview">
    <p>Tabellen sammanfattar för varje partnerskap hur många deltagare det
      är tänkt att ta emot, vilken målgrupp det vänder sig till, hur
      anvisning till insatsen går till, vad partnerskapet är värt i pengar
      och vad det kostar nämnden under året.</p>
  </xsl:template>

  <!-- Jämställdhet -->
  <xsl:template name="iop-text-equality">
    <p>Kommunens partnerskap och överenskommelser med idéburna
      organisationer bygger på att alla kommuninvånare, oavsett kön,
      etnicitet, ålder eller annan diskrimineringsgrund, ska ha tillgång
      till och möjlighet att delta i de insatser som är relevanta för
      dem.</p>
  </xsl:template>

  <!-- Samråd -->
  <xsl:template name="iop-text-consultation">
    <p>Samråd är inte påkallat.</p>
  </xsl:template>

  <!-- Uppföljning och utvärdering, when the agreements do not give one
       text that is common to them all -->
  <xsl:template name="iop-text-evaluation">
    <p>De IOP som nämnden har beslutat om förvaltas enligt gällande rutiner
      inom förvaltningen och följs upp enligt vad som anges i respektive
      avtal.</p>
  </xsl:template>

  <!-- Information eller förhandling enligt MBL -->
  <xsl:template name="iop-text-mbl">
    <p>MBL-information eller förhandling är inte påkallad.</p>
  </xsl:template>
</xsl:stylesheet>
