/* The columns of a list, found by their Swedish headers: spelling,
 * case, spaces and punctuation vary between municipalities' lists, so
 * headers are compared normalised, with the synonyms docs/import.md gives. */
#include "import_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Headers as normalised by normalise(): lower case, no spaces or
 * punctuation, "/" read as "per". The first name is the one docs/import.md
 * gives. */
static const struct {
    column col;
    const char *names[8];
} headers[] = {
    {C_ID, {"id", "avtalsid", "nyckel"}},
    {C_TITLE, {"avtal", "titel", "avtalsnamn", "avtaletsnamn", "partnerskap", "insats", "namn"}},
    {C_IDEA,
     {"idéburenpart", "förening", "föreningar", "idéburenorganisation", "idéburnaparter",
      "organisation", "motpart"}},
    {C_ORGNR, {"organisationsnummer", "orgnr"}},
    {C_CASE, {"diarienummer", "dnr", "diarienr"}},
    {C_COMMITTEE_NAME, {"nämnd"}},
    {C_COMMITTEE_ID, {"nämndid", "nämndensid"}},
    {C_MUNICIPALITY, {"kommun"}},
    {C_MUNI_CODE, {"kommunkod"}},
    {C_AREA, {"område", "verksamhetsområde"}},
    {C_START, {"startdatum", "start", "avtalsstart", "giltigtfrån", "från"}},
    {C_END, {"slutdatum", "slut", "avtalsslut", "giltigttill", "till"}},
    {C_EXTENSION, {"förlängning", "förlängningsoption", "option"}},
    {C_PER_YEAR,
     {"beloppperår", "kostnadperår", "nämndenskostnadperår", "bidragperår", "årligtbelopp",
      "ersättningperår"}},
    {C_PER_PERIOD,
     {"beloppförperioden", "beloppföravtalsperioden", "kostnadförperioden", "totaltbelopp"}},
    {C_VALUE_YEAR, {"värdeperår", "partnerskapetsvärdeperår", "totaltvärdeperår"}},
    {C_CO_NAME, {"medfinansiär", "medfinansierandepart", "annanfinansiär"}},
    {C_CO_ID, {"medfinansiärid", "medfinansierandenämndid"}},
    {C_CO_YEAR, {"medfinansieringperår", "medfinansiärensbeloppperår"}},
    {C_TARGET, {"målgrupp"}},
    {C_PARTICIPANTS, {"antaldeltagare", "deltagare"}},
    {C_REFERRAL, {"anvisning", "anvisare", "anvisasav"}},
    {C_ACTIVITY, {"aktivitet", "aktiviteter", "verksamhet"}},
    {C_PURPOSE, {"syfte"}},
    {C_CONTACT, {"kontaktperson", "kontakt"}},
    {C_EMAIL, {"epost", "mejl", "email"}},
    {C_PHONE, {"telefon", "tel", "telefonnummer"}},
};

/* Lower case (also Å Ä Ö É), without white space and punctuation; "/"
 * becomes "per" ("Värde/år" = "Värde per år"). Caller frees. */
static char *normalise(const char *h)
{
    iop_strbuf b = IOP_STRBUF_INIT;
    for (const unsigned char *p = (const unsigned char *)h; *p; p++) {
        if (p[0] == 0xC2 && p[1] == 0xA0) {
            p++;
        } else if (*p == '/') {
            iop_strbuf_puts(&b, "per");
        } else if (*p >= 0x80 || isalnum(*p)) {
            iop_strbuf_putc(&b, (char)*p);
        }
    }
    char *s = iop_lower_sv(iop_strbuf_detach(&b));
    /* "(kr)" after a header of amounts */
    size_t n = strlen(s);
    if (n > 2 && strcmp(s + n - 2, "kr") == 0)
        s[n - 2] = '\0';
    return s;
}

bool read_header(importer *im, const csv_row *h)
{
    for (int c = 0; c < C_COUNT; c++)
        im->col_of[c] = -1;
    iop_strbuf unknown = IOP_STRBUF_INIT;
    for (size_t i = 0; i < h->n; i++) {
        char *key = normalise(h->cells[i]);
        int found = -1, year = 0;
        for (size_t k = 0; k < sizeof headers / sizeof *headers && found < 0; k++)
            for (size_t j = 0; j < 8 && headers[k].names[j] && found < 0; j++) {
                const char *nm = headers[k].names[j];
                size_t n = strlen(nm);
                if (strcmp(key, nm) == 0)
                    found = (int)headers[k].col;
                else if (headers[k].col == C_PARTICIPANTS && strncmp(key, nm, n) == 0 &&
                         strlen(key) == n + 4 && strspn(key + n, "0123456789") == 4 &&
                         key[n] != '0') {
                    found = (int)headers[k].col;
                    year = atoi(key + n);
                }
            }
        char *shown = value_trim(h->cells[i]);
        if (!*key) {
            /* an empty header: a spreadsheet's trailing column, if its cells are empty too */
        } else if (found < 0) {
            iop_strbuf_printf(&unknown, "%s'%s'", unknown.len ? ", " : "", shown);
        } else if (im->col_of[found] >= 0) {
            iop_loc loc = {im->name, h->line, (int)i + 1};
            iop_diag_report(im->diag, IOP_ERROR, &loc,
                            "column '%s' says the same as column %d ('%s'): keep one of them",
                            shown, im->col_of[found] + 1, im->header_of[found]);
            im->failed = true;
        } else {
            im->col_of[found] = (int)i;
            im->header_of[found] = h->cells[i];
            if (found == C_PARTICIPANTS && year &&
                (year < IOP_MIN_YEAR || year > IOP_MAX_YEAR)) {
                iop_loc loc = {im->name, h->line, (int)i + 1};
                iop_diag_report(im->diag, IOP_ERROR, &loc,
                                "column '%s' names the year %d: the format takes years from %d "
                                "to %d",
                                shown, year, IOP_MIN_YEAR, IOP_MAX_YEAR);
                im->failed = true;
            } else if (found == C_PARTICIPANTS) {
                im->participants_year = year;
            }
        }
        free(shown);
        free(key);
    }
    if (unknown.len) {
        iop_loc loc = {im->name, h->line, 0};
        iop_diag_report(im->diag, IOP_NOTE, &loc,
                        "columns not read (unknown headers, see docs/import.md): %s",
                        unknown.data);
    }
    iop_strbuf_free(&unknown);
    static const struct {
        column col;
        const char *what;
    } needed[] = {{C_TITLE, "Avtal (the agreement's title)"},
                  {C_IDEA, "Idéburen part (the organisation)"},
                  {C_START, "Startdatum"}};
    for (size_t k = 0; k < sizeof needed / sizeof *needed; k++)
        if (im->col_of[needed[k].col] < 0) {
            iop_loc loc = {im->name, h->line, 0};
            iop_diag_report(im->diag, IOP_ERROR, &loc, "the list has no column %s",
                            needed[k].what);
            im->failed = true;
        }
    if (!im->opts->committee && im->col_of[C_COMMITTEE_ID] < 0) {
        iop_loc loc = {im->name, h->line, 0};
        iop_diag_report(im->diag, IOP_ERROR, &loc,
                        "which committee's agreements are these? Give --committee ID, or a "
                        "column Nämnd-id");
        im->failed = true;
    }
    if (!im->opts->municipality && im->col_of[C_MUNICIPALITY] < 0) {
        iop_loc loc = {im->name, h->line, 0};
        iop_diag_report(im->diag, IOP_ERROR, &loc,
                        "which municipality? Give --municipality NAME, or a column Kommun");
        im->failed = true;
    }
    return !im->failed;
}
