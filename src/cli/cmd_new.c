/* iopreport new: a skeleton file to fill in, so nobody starts from a blank
 * page or a copied agreement whose figures survive unnoticed. What it
 * writes validates as it is; every example value that must be replaced is
 * a placeholder (iopreport/load.h) that validate warns about until it is. */
#include "commands.h"
#include "iopreport/load.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: iopreport new agreement [OPTIONS] > FILE.xml\n"
            "       iopreport new committees [OPTIONS] > committees.xml\n"
            "\n"
            "Writes a skeleton to stdout: every element of the format (docs/format.md) in\n"
            "its order, each with a comment in Swedish saying what goes there and an\n"
            "example; optional parts are commented out. The file validates as it is, but\n"
            "its example values are placeholders: text starting with " IOP_PLACEHOLDER "\n"
            "and a line <?" IOP_PLACEHOLDER_PI " ...?> before values that cannot carry a mark\n"
            "(dates, amounts). `iopreport validate` warns about each one until it is\n"
            "replaced. The file points editors at the schema (docs/editors.md).\n"
            "\n"
            "Options:\n"
            "      --id=ID            the agreement's id (default: a placeholder)\n"
            "      --committee=ID     the committee's id (default: a placeholder)\n"
            "      --schema=HREF      where the xml-model line points (default: the\n"
            "                         schema installed with iopreport)\n"
            "  -h, --help             show this help\n"
            "\n"
            "Exit status: 0 written, 1 the output could not be written, 2 usage error.\n");
}

/* The text of an agreement skeleton; @ID@, @COMMITTEE@ and @SCHEMA@ are
 * filled in. Comments cannot hold "--", so optional parts that are
 * commented out carry no comment of their own inside. */
static const char *const agreement_skeleton[] = {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<?xml-model href=\"@SCHEMA@\" type=\"application/xml\" schematypens=\"http://relaxng.org/ns/structure/1.0\"?>\n",
    "<!-- Ett avtal om idéburet offentligt partnerskap (IOP), format version 1.\n",
    "     Beskrivning av varje element: docs/format.md.\n",
    "     Ersätt allt som börjar med " IOP_PLACEHOLDER " och ta bort raderna <?" IOP_PLACEHOLDER_PI " ...?>\n",
    "     när exempelvärdena på raden under är utbytta. Kontrollera med\n",
    "     iopreport validate FIL.xml\n",
    "     Valfria delar är bortkommenterade: ta bort kommentartecknen runt dem\n",
    "     som behövs. -->\n",
    "<!-- id: avtalets egen nyckel, unik bland alla filer, utan mellanslag\n",
    "     (t.ex. malmo-karriarakademin). Valfria attribut: xml:lang=\"sv\" (textens\n",
    "     språk) och example=\"true\" (lyfts fram i katalogen). -->\n",
    "<agreement xmlns=\"urn:iopreport:1\" id=\"@ID@\">\n",
    "  <!-- Partnerskapets eller verksamhetens namn. -->\n",
    "  <title>" IOP_PLACEHOLDER ": Avtalets namn, t.ex. Karriärakademin</title>\n",
    "  <!-- Diarienummer, ett element per nummer. -->\n",
    "  <!-- <case-number>ASN-2018-5351</case-number> -->\n",
    "  <!-- Kommunen (eller regionen); code är kommunkoden, t.ex. 1280 för Malmö. -->\n",
    "  <?" IOP_PLACEHOLDER_PI " code?>\n",
    "  <municipality code=\"1280\">" IOP_PLACEHOLDER ": Kommunens namn, t.ex. Malmö stad</municipality>\n",
    "  <!-- Verksamhetsområde; rapporterna grupperar avtalen efter det. -->\n",
    "  <!-- <area>Arbetsmarknad</area> -->\n",
    "  <!-- Parterna: minst en offentlig part och minst en idéburen organisation.\n",
    "       committee är nämndens id (samma som i nämndregistret); en offentlig\n",
    "       part utan committee (t.ex. en region) får ingen egen rapport.\n",
    "       Valfritt: org-number på idea-based och other; other för övriga parter,\n",
    "       t.ex. <other>Exempel Fastigheter AB</other>. -->\n",
    "  <parties>\n",
    "    <public committee=\"@COMMITTEE@\">" IOP_PLACEHOLDER ": Nämndens namn, t.ex. Arbetsmarknads- och socialnämnden</public>\n",
    "    <idea-based>" IOP_PLACEHOLDER ": Organisationens namn, t.ex. Malmö Fotbollförening</idea-based>\n",
    "  </parties>\n",
    "  <!-- Nuvarande avtalsperiod: första (start) och sista (end) dagen som\n",
    "       ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ. end utelämnas om avtalet gäller tills\n",
    "       vidare. Valfritt: extension=\"1+1 år\" (förlängning som inte är utnyttjad),\n",
    "       terminated=\"ÅÅÅÅ-MM-DD\" (avtalet sades upp i förtid). -->\n",
    "  <?" IOP_PLACEHOLDER_PI " start end?>\n",
    "  <period start=\"2021-01-01\" end=\"2022-12-31\"/>\n",
    "  <!-- Tidigare perioder av samma partnerskap, en per period. -->\n",
    "  <!-- <previous-period start=\"2019-01-01\" end=\"2020-12-31\" note=\"ursprungligt avtal\"/> -->\n",
    "  <!-- Parternas bidrag, ett contribution per part och slag. party är nämndens\n",
    "       id eller en parts namn exakt som under parties. amount i hela kronor,\n",
    "       bara siffror (2490604). Belopp per helår om inte per=\"period\"\n",
    "       (klumpsumma för perioden). kind=\"in-kind\" för ideella insatser\n",
    "       (volontärtimmar, lokaler) värderade i kronor. from och to när bidraget\n",
    "       inte gäller hela perioden. Utan de andra parternas bidrag kan\n",
    "       rapporterna inte ange partnerskapets värde. -->\n",
    "  <budget>\n",
    "    <?" IOP_PLACEHOLDER_PI " amount?>\n",
    "    <contribution party=\"@COMMITTEE@\" amount=\"500000\">" IOP_PLACEHOLDER ": vad bidraget avser, t.ex. Per helår</contribution>\n",
    "    <!-- <contribution party=\"Malmö Fotbollförening\" amount=\"150000\" kind=\"in-kind\">Volontärtimmar och lokaler</contribution> -->\n",
    "  </budget>\n",
    "  <!-- Målgrupp. -->\n",
    "  <!-- <target-group>Arbetslösa Malmöbor 15–24 år.</target-group> -->\n",
    "  <!-- Antal deltagare ett år: planned (planerat) och/eller actual (utfall),\n",
    "       gärna fördelat på count med label. Ett element per år. -->\n",
    "  <!-- <participants year=\"2021\" planned=\"48\" actual=\"45\">\n",
    "    <count label=\"Storkök\">28</count>\n",
    "    <count label=\"Lokalvård\">20</count>\n",
    "  </participants> -->\n",
    "  <!-- Anvisning: hur deltagarna kommer till verksamheten, en per väg. -->\n",
    "  <!-- <referral>Eget initiativ</referral> -->\n",
    "  <!-- Aktiviteter, en kort rubrik per element. -->\n",
    "  <!-- <activity>Arbetsträning i storkök</activity> -->\n",
    "  <!-- Syfte: text, eller stycken <p> och listor <ul>/<ol> med <li>. -->\n",
    "  <!-- <purpose><p>Att minska arbetslösheten bland unga vuxna.</p></purpose> -->\n",
    "  <!-- Mål, ett per element; mätbart mål med indicator, target och unit. -->\n",
    "  <!-- <goal indicator=\"i arbete eller studier\" target=\"60\" unit=\"%\">Minst 60 procent av deltagarna ska vara i arbete eller studier.</goal> -->\n",
    "  <!-- Resultat för ett år (year krävs), med indicator, value och unit. -->\n",
    "  <!-- <result year=\"2021\" indicator=\"i arbete eller studier\" value=\"63.5\" unit=\"%\">Av 37 deltagare var 63,5 procent i arbete eller studier.</result> -->\n",
    "  <!-- Uppföljning; steering-group anger vilka som sitter i styrgruppen. -->\n",
    "  <!-- <follow-up>\n",
    "    <steering-group>Enhetschef och föreningens verksamhetsansvariga.</steering-group>\n",
    "    <p>Styrgruppen träffas en gång per kvartal.</p>\n",
    "  </follow-up> -->\n",
    "  <!-- Organisationens återrapport för ett år (year krävs). -->\n",
    "  <!-- <report year=\"2021\"><p>Verksamheten har haft 45 deltagare.</p></report> -->\n",
    "  <!-- Förvaltningens bedömning för ett år (year krävs). -->\n",
    "  <!-- <assessment year=\"2021\"><p>Förvaltningen bedömer resultaten som goda.</p></assessment> -->\n",
    "  <!-- Lärdomar, gärna som lista. -->\n",
    "  <!-- <lessons><ul><li>Matchningen tar längre tid än beräknat.</li></ul></lessons> -->\n",
    "  <!-- Vad en part åtar sig utöver pengar; party skrivs som i contribution. -->\n",
    "  <!-- <commitment party=\"Malmö Fotbollförening\">Rekryterar och handleder deltagarna.</commitment> -->\n",
    "  <!-- Koppling till ett annat avtal: ref är dess id; type är predecessor,\n",
    "       successor, split-from eller related. -->\n",
    "  <!-- <related ref=\"malmo-carpe-sophia\" type=\"predecessor\">Bygger på Carpe Sophia.</related> -->\n",
    "  <!-- Kontaktperson: name krävs; role, organisation, email, phone valfria. -->\n",
    "  <!-- <contact name=\"Anna Andersson\" role=\"Enhetschef\" email=\"anna.andersson@example.org\" phone=\"040-00 00 00\"/> -->\n",
    "  <!-- Beslutsunderlag: href till filen, texten är dess titel. -->\n",
    "  <!-- <attachment href=\"underlag/iop-avtal.pdf\">Överenskommelse om IOP</attachment> -->\n",
    "</agreement>\n",
    NULL,
};

static const char *const committees_skeleton[] = {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<?xml-model href=\"@SCHEMA@\" type=\"application/xml\" schematypens=\"http://relaxng.org/ns/structure/1.0\"?>\n",
    "<!-- Nämndregistret: kommunens nämnder med namn, förvaltning och den som\n",
    "     undertecknar. Beskrivning: docs/format.md, avsnittet om nämndregistret.\n",
    "     Ersätt allt som börjar med " IOP_PLACEHOLDER " och ta bort raderna <?" IOP_PLACEHOLDER_PI " ...?>\n",
    "     när exempelvärdena på raden under är utbytta. Kontrollera med\n",
    "     iopreport validate FIL.xml -->\n",
    "<committees xmlns=\"urn:iopreport:1\">\n",
    "  <!-- En committee per nämnd. id: nämndens nyckel, samma som committee i\n",
    "       avtalen, utan mellanslag (t.ex. malmo-asn). municipality: kommunens\n",
    "       namn; code: kommunkoden (t.ex. 1280 för Malmö). -->\n",
    "  <?" IOP_PLACEHOLDER_PI " code?>\n",
    "  <committee id=\"@COMMITTEE@\" municipality=\"" IOP_PLACEHOLDER ": Kommunens namn, t.ex. Malmö stad\" code=\"1280\">\n",
    "    <!-- Nämndens namn som det ska stå i rapporterna. -->\n",
    "    <name>" IOP_PLACEHOLDER ": Nämndens namn, t.ex. Arbetsmarknads- och socialnämnden</name>\n",
    "    <!-- Kort namn, t.ex. i tabeller. -->\n",
    "    <!-- <short-name>ASN</short-name> -->\n",
    "    <!-- Förvaltningen som skriver tjänsteskrivelsen. -->\n",
    "    <!-- <administration>Arbetsmarknads- och socialförvaltningen</administration> -->\n",
    "    <!-- Den som undertecknar: name krävs, role valfri. -->\n",
    "    <!-- <signatory name=\"Anna Andersson\" role=\"Förvaltningsdirektör\"/> -->\n",
    "  </committee>\n",
    "</committees>\n",
    NULL,
};

/* An id as the schema takes it (no white space), and printable. */
static bool usable_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == 0x7f)
            return false;
    return true;
}

static void put_escaped(const char *s, FILE *out)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

static void put_skeleton(const char *const *lines, const char *id, const char *committee,
                         const char *schema, FILE *out)
{
    static const struct {
        const char *key;
        size_t len;
    } keys[] = {{"@ID@", 4}, {"@COMMITTEE@", 11}, {"@SCHEMA@", 8}};
    const char *values[] = {id, committee, schema};
    for (; *lines; lines++) {
        const char *p = *lines;
        while (*p) {
            const char *at = strchr(p, '@');
            if (!at) {
                fputs(p, out);
                break;
            }
            fwrite(p, 1, (size_t)(at - p), out);
            size_t k = 0;
            while (k < 3 && strncmp(at, keys[k].key, keys[k].len) != 0)
                k++;
            if (k < 3) {
                put_escaped(values[k], out);
                p = at + keys[k].len;
            } else {
                fputc('@', out);
                p = at + 1;
            }
        }
    }
}

int iop_cmd_new(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"id", required_argument, NULL, 'i'},
        {"committee", required_argument, NULL, 'c'},
        {"schema", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *id = NULL, *committee = NULL, *schema = NULL;
    int c;
    optind = 1;
    opterr = 0;
    /* no '+': options may come before or after the kind (`new agreement --id x`) */
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': id = optarg; break;
        case 'c': committee = optarg; break;
        case 's': schema = optarg; break;
        case 'h': usage(stdout); return IOP_EXIT_OK;
        default: return iop_cli_usage_error("new", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return iop_cli_usage_error("new", "say what to write: agreement or committees");
    const char *kind = argv[optind++];
    if (optind < argc)
        return iop_cli_usage_error("new", "unexpected argument '%s'", argv[optind]);
    bool agreement = strcmp(kind, "agreement") == 0;
    if (!agreement && strcmp(kind, "committees") != 0)
        return iop_cli_usage_error("new",
                                   "'%s' is not something new writes: agreement or committees",
                                   kind);
    if (id && !agreement)
        return iop_cli_usage_error("new", "--id is for an agreement; a committee's id is given with --committee");
    if (id && !usable_id(id))
        return iop_cli_usage_error("new",
                                   "--id='%s' is not an id: no spaces, e.g. malmo-karriarakademin",
                                   id);
    if (committee && !usable_id(committee))
        return iop_cli_usage_error("new",
                                   "--committee='%s' is not an id: no spaces, e.g. malmo-asn",
                                   committee);

    char *href = schema ? iop_xstrdup(schema) : iop_cli_schema_href();
    put_skeleton(agreement ? agreement_skeleton : committees_skeleton,
                 id ? id : IOP_PLACEHOLDER "-avtalets-id",
                 committee ? committee : IOP_PLACEHOLDER "-namndens-id", href, stdout);
    free(href);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "iopreport new: could not write the skeleton to stdout\n");
        return IOP_EXIT_INVALID;
    }
    return IOP_EXIT_OK;
}
