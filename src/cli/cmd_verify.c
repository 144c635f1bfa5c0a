/* iopreport verify: read the provenance record in a PDF that build wrote
 * (provenance.c, docs/provenance.md) and say whether the report still
 * matches its inputs: each file unchanged, changed, missing or new, and
 * whether the report data the template would get is still the same. */
#include "commands.h"
#include "iopreport/load.h"
#include "provenance.h"

#include <getopt.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: iopreport verify [OPTIONS] REPORT.pdf [PATH...]\n"
            "\n"
            "Reads the record of what REPORT.pdf was made from (kept in its metadata by\n"
            "`iopreport build`) and checks it against the files now: each agreement file\n"
            "and committee register unchanged, changed, missing, or new (a file that names\n"
            "the report's committee and is not in the record), the template's files and the\n"
            "program's version; then makes the report data again and says whether a change\n"
            "alters the report (its figures or texts) or not.\n"
            "\n"
            "PATH... are the files and folders to check, as given to build; by default\n"
            "the ones recorded. File names in the record are as build was given them,\n"
            "relative to the folder it ran in: run verify from that folder.\n"
            "\n"
            "Options:\n"
            "      --compare-with=DIR  where the earlier export the report was compared\n"
            "                          with is now (default: the name recorded)\n"
            "  -q, --quiet             print only what differs and the verdict\n"
            "  -h, --help              show this help\n"
            "\n"
            "Exit status: 0 the report would come out the same (files may have changed\n"
            "in ways that do not reach it: a comment, white space); 1 it would come out\n"
            "different, or cannot be made now (a file changed what the report shows, a\n"
            "file is missing or new, an input is invalid, the earlier export it was\n"
            "compared with cannot be read, the template or the program changed); 2 usage\n"
            "error, or REPORT.pdf is not a PDF that iopreport made (it holds no record)\n"
            "or cannot be read.\n");
}

typedef struct string_vec {
    const char **v;
    size_t n;
} string_vec;

/* ---- the record ---- */

typedef struct record {
    char *text[PROV_N_TEXTS];
    prov_list list[PROV_N_LISTS];
} record;

static void record_free(record *r)
{
    for (int t = 0; t < PROV_N_TEXTS; t++)
        free(r->text[t]);
    for (int k = 0; k < PROV_N_LISTS; k++)
        prov_list_free(&r->list[k]);
}

static char *node_text(xmlNodePtr n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = iop_xstrdup(c ? (const char *)c : "");
    xmlFree(c);
    return s;
}

/* `what` in the n bytes at `s` (which may hold NULs: compressed streams) */
static const char *find_bytes(const char *s, size_t n, const char *what)
{
    size_t k = strlen(what);
    for (size_t i = 0; i + k <= n; i++) {
        const char *p = memchr(s + i, what[0], n - i - k + 1);
        if (!p)
            return NULL;
        i = (size_t)(p - s);
        if (memcmp(p, what, k) == 0)
            return p;
    }
    return NULL;
}

/* The XMP packet of the PDF that holds our namespace: build writes it
 * uncompressed (PDF/A wants metadata readable without a PDF library). */
static bool read_record(const char *pdf, record *r, char **why)
{
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(pdf, &data, &len, NULL)) {
        *why = iop_xstrdup("cannot be read");
        return false;
    }
    if (len < 5 || memcmp(data, "%PDF-", 5) != 0) {
        g_free(data);
        *why = iop_xstrdup("is not a PDF");
        return false;
    }
    const char *start = NULL, *end = NULL;
    for (const char *p = data; p < data + len;) {
        const char *s = find_bytes(p, (size_t)(data + len - p), "<x:xmpmeta");
        const char *e = s ? find_bytes(s, (size_t)(data + len - s), "</x:xmpmeta>") : NULL;
        if (!e)
            break;
        e += strlen("</x:xmpmeta>");
        if (find_bytes(s, (size_t)(e - s), PROV_NS)) {
            start = s;
            end = e;
            break;
        }
        p = e;
    }
    bool ok = false;
    if (!start) {
        *why = iop_xstrdup(find_bytes(data, len, "<xmp:CreatorTool>iopreport ")
                               ? "holds no provenance record: it was made by another program, "
                                 "or by an earlier iopreport, which wrote none; make it "
                                 "again with `iopreport build` to verify it later"
                               : "was not made by iopreport: it holds no provenance record");
        g_free(data);
        return false;
    }
    xmlDocPtr doc = xmlReadMemory(start, (int)(end - start), "xmp.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlXPathContextPtr x = doc ? xmlXPathNewContext(doc) : NULL;
    if (x && xmlXPathRegisterNs(x, BAD_CAST "p", BAD_CAST PROV_NS) == 0 &&
        xmlXPathRegisterNs(x, BAD_CAST "rdf",
                           BAD_CAST "http://www.w3.org/1999/02/22-rdf-syntax-ns#") == 0) {
        ok = true;
        for (int t = 0; t < PROV_N_TEXTS && ok; t++) {
            char *q = iop_xasprintf("//p:%s", prov_text_name((prov_text)t));
            xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST q, x);
            free(q);
            ok = o && o->nodesetval && o->nodesetval->nodeNr == 1;
            if (ok)
                r->text[t] = node_text(o->nodesetval->nodeTab[0]);
            xmlXPathFreeObject(o);
        }
        for (int k = 0; k < PROV_N_LISTS && ok; k++) {
            char *q = iop_xasprintf("//p:%s/rdf:Seq/rdf:li", prov_list_name((prov_list_kind)k));
            xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST q, x);
            free(q);
            ok = o != NULL;
            for (int i = 0; ok && o->nodesetval && i < o->nodesetval->nodeNr; i++)
                prov_list_add(&r->list[k], node_text(o->nodesetval->nodeTab[i]));
            xmlXPathFreeObject(o);
        }
    }
    if (!ok)
        *why = iop_xstrdup("has a provenance record that cannot be read (damaged, or from a "
                           "later version of iopreport)");
    xmlXPathFreeContext(x);
    xmlFreeDoc(doc);
    g_free(data);
    return ok;
}

/* "SHA  PATH" → PATH (borrowed), *sha (malloc'd) */
static const char *split_entry(const char *entry, char **sha)
{
    const char *sep = strstr(entry, "  ");
    if (!sep) {
        *sha = iop_xstrdup("");
        return entry;
    }
    *sha = iop_xasprintf("%.*s", (int)(sep - entry), entry);
    return sep + 2;
}

/* ---- the check ---- */

/* A path a record may make verify read by itself: relative, below the
 * current folder.  A PDF is untrusted input; its record must not send
 * verify walking "/" or reading /dev/zero. */
static bool path_is_inside(const char *p)
{
    if (!*p || *p == '/')
        return false;
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return false;
        s += n;
        while (*s == '/')
            s++;
    }
    return true;
}

/* Is `path` one of the files loaded now (only those are read again)? */
static bool is_source(const iop_model *m, const char *path)
{
    for (size_t i = 0; i < m->n_sources; i++)
        if (strcmp(m->sources[i].path, path) == 0)
            return true;
    return false;
}

typedef struct verdict {
    size_t changed, missing, added;
    bool data_differs, template_differs, program_differs, invalid;
    bool earlier_unreadable; /* the export compared with cannot be read now */
    const prov_list *data_then; /* the record's inputData */
    prov_list data_now;         /* the same made from the files now */
    bool have_data_now;
    size_t differing;   /* files changed, missing or new, once counted */
    bool quiet, silent; /* silent: counting only */
} verdict;

static void line(const verdict *v, bool differs, const char *what, const char *name,
                 const char *note)
{
    if (v->silent || (v->quiet && !differs))
        return;
    printf("  %-10s %s%s%s\n", what, name, note ? "  " : "", note ? note : "");
}

static bool recorded(const record *r, const char *path)
{
    for (int k = PROV_INPUTS; k <= PROV_REGISTERS; k++)
        for (size_t i = 0; i < r->list[k].n; i++) {
            char *sha;
            bool same = strcmp(split_entry(r->list[k].v[i], &sha), path) == 0;
            free(sha);
            if (same)
                return true;
        }
    return false;
}

/* Does the file name the committee (in an agreement or a register entry
 * read from it, or as far as an invalid file could be read)? */
static bool source_names(const iop_model *m, const iop_source *s, const char *committee)
{
    for (size_t i = 0; i < s->n_committees; i++)
        if (strcmp(s->committees[i], committee) == 0)
            return true;
    for (size_t i = 0; i < m->n_committees; i++)
        if (m->committees[i].loc.file && strcmp(m->committees[i].loc.file, s->path) == 0 &&
            m->committees[i].id && strcmp(m->committees[i].id, committee) == 0)
            return true;
    for (size_t i = 0; i < m->n_agreements; i++) {
        const iop_agreement *a = m->agreements[i];
        if (a->loc.file && strcmp(a->loc.file, s->path) == 0 &&
            iop_agreement_names_committee(a, committee))
            return true;
    }
    return false;
}

/* The ids of "highlight=a b" as the list build gives the report data;
 * they point into o->highlight, a copy the caller frees. */
static void highlights_of(const char *s, build_options *o, string_vec *ids)
{
    free(o->highlight);
    o->highlight = iop_xstrdup(s);
    for (char *save = NULL, *t = strtok_r(o->highlight, " ", &save); t;
         t = strtok_r(NULL, " ", &save)) {
        ids->v = iop_xreallocarray(ids->v, ids->n + 1, sizeof(char *));
        ids->v[ids->n++] = t;
    }
    o->data.highlight = ids->v;
    o->data.n_highlight = ids->n;
}

/* The options of the record back as build options. */
static bool options_of(const record *r, build_options *o, string_vec *committees,
                       string_vec *highlights)
{
    bool year = false;
    for (size_t i = 0; i < r->list[PROV_OPTIONS].n; i++) {
        const char *s = r->list[PROV_OPTIONS].v[i];
        if (strncmp(s, "year=", 5) == 0) {
            o->year = atoi(s + 5);
            year = o->year > 0;
        } else if (strncmp(s, "date=", 5) == 0) {
            o->data.date = s + 5;
        } else if (strncmp(s, "case-number=", 12) == 0) {
            o->data.case_number = s + 12;
        } else if (strcmp(s, "compare=yes") == 0) {
            o->compare = 1;
        } else if (strncmp(s, "compare-with=", 13) == 0) {
            o->compare_with = s + 13;
        } else if (strncmp(s, "committee=", 10) == 0) {
            committees->v = iop_xreallocarray(committees->v, committees->n + 1, sizeof(char *));
            committees->v[committees->n++] = s + 10;
        } else if (strncmp(s, "highlight=", 10) == 0) {
            highlights_of(s + 10, o, highlights);
        }
    }
    o->committees = committees->v;
    o->n_committees = committees->n;
    return year;
}

/* The report data as build would make it now; NULL when it cannot, with
 * *earlier_unreadable set when that is because the earlier export the
 * report was compared with cannot be read (iop_cli_load_earlier has said
 * why). */
static char *data_now(const record *r, const iop_model *model, build_options *o,
                      const char *earlier_from, bool *earlier_unreadable)
{
    /* a packet records its committee's report data */
    if (strcmp(r->text[PROV_SCOPE], "committee") == 0 ||
        strcmp(r->text[PROV_SCOPE], "packet") == 0) {
        iop_report *rep = iop_report_build_at(model, r->text[PROV_COMMITTEE], o->year,
                                              iop_document_day(o->year, o->data.date), NULL);
        /* the comparison as build made it: the year before from the
         * same files, or from the earlier export it names */
        iop_comparison *cmp = NULL;
        iop_model *earlier = NULL;
        if (rep && o->compare > 0) {
            /* read from where it is now; named in the data as recorded */
            const char *from = earlier_from ? earlier_from : o->compare_with;
            earlier = from ? iop_cli_load_earlier("verify", from) : NULL;
            if (o->compare_with && !earlier) {
                *earlier_unreadable = true;
                iop_report_free(rep);
                return NULL;
            }
            cmp = iop_comparison_build(model, earlier, r->text[PROV_COMMITTEE], o->year);
            o->data.comparison = cmp;
            o->data.compare_with = o->compare_with;
        }
        char *data = rep ? iop_report_data_xml(rep, &o->data) : NULL;
        o->data.comparison = NULL;
        iop_comparison_free(cmp);
        iop_model_free(earlier);
        iop_report_free(rep);
        return data;
    }
    return build_batch_data(model, o);
}

/* What a changed file did to the report: nothing when the report data is
 * the same; else what the data holds from the file (its agreements,
 * remarks) then and now tells, when the file had or has any there. */
static const char *change_note(const verdict *v, const char *path)
{
    if (!v->data_differs)
        return "(does not alter the report: its data is the same)";
    const char *then = prov_data_of_file(v->data_then, path);
    const char *now = v->have_data_now ? prov_data_of_file(&v->data_now, path) : NULL;
    if (v->have_data_now && (then || now)) {
        if (!then || !now || strcmp(then, now) != 0)
            return "(alters the report: its figures or texts)";
        return "(does not alter what the report shows of it)";
    }
    if (v->differing == 1)
        return "(alters the report: its figures or texts)";
    return "(the report data differs: this file or another alters it)";
}

static bool holds_agreement(const iop_model *m, const iop_source *s, const char *id)
{
    for (size_t i = 0; i < m->n_agreements; i++)
        if (m->agreements[i]->loc.file && strcmp(m->agreements[i]->loc.file, s->path) == 0 &&
            m->agreements[i]->id && strcmp(m->agreements[i]->id, id) == 0)
            return true;
    return false;
}

static void check_files(const record *r, const iop_model *model, verdict *v)
{
    const char *committee = r->text[PROV_COMMITTEE];
    bool committee_scope = strcmp(r->text[PROV_SCOPE], "committee") == 0 ||
                           strcmp(r->text[PROV_SCOPE], "packet") == 0;
    bool one_agreement = strcmp(r->text[PROV_SCOPE], "agreement") == 0 && *r->text[PROV_AGREEMENT];
    for (int k = PROV_INPUTS; k <= PROV_REGISTERS; k++)
        for (size_t i = 0; i < r->list[k].n; i++) {
            char *sha;
            const char *path = split_entry(r->list[k].v[i], &sha);
            char *now = is_source(model, path) ? prov_sha256_file(path) : NULL;
            if (!now) {
                v->missing++;
                line(v, true, "missing", path, v->data_differs ? change_note(v, path) : NULL);
            } else if (strcmp(now, sha) != 0) {
                v->changed++;
                line(v, true, "changed", path, change_note(v, path));
            } else {
                line(v, false, "unchanged", path, NULL);
            }
            free(now);
            free(sha);
        }
    for (size_t i = 0; i < model->n_sources; i++) {
        const iop_source *s = &model->sources[i];
        if (recorded(r, s->path))
            continue;
        /* a committee report reads its committee's files and its entry in
         * a register; another committee's new file is none of its business */
        if (committee_scope && !source_names(model, s, committee))
            continue;
        /* one agreement's document records its own file and the registers;
         * a new file matters when it holds that agreement (the report data,
         * compared as a whole, tells about the rest) */
        if (one_agreement && !holds_agreement(model, s, r->text[PROV_AGREEMENT]))
            continue;
        v->added++;
        line(v, true, "new", s->path, v->data_differs ? change_note(v, s->path) : NULL);
    }
}

/* The templates a record names: one, or a packet's several, joined by
 * PROV_PACKET_JOIN.  Caller frees the array and its strings. */
static char **record_templates(const record *r, size_t *n)
{
    const char *given = r->text[PROV_TEMPLATE];
    bool packet = strcmp(r->text[PROV_SCOPE], "packet") == 0;
    char **v = NULL;
    size_t count = 0, cap = 0;
    for (const char *at = given;;) {
        const char *sep = packet ? strstr(at, PROV_PACKET_JOIN) : NULL;
        v = iop_grow(v, &cap, count + 1, sizeof *v);
        v[count++] = sep ? iop_xstrndup(at, (size_t)(sep - at)) : iop_xstrdup(at);
        if (!sep)
            break;
        at = sep + strlen(PROV_PACKET_JOIN);
    }
    *n = count;
    return v;
}

/* Is `name` with digest `sha` one of the templates' files now?  `*known`:
 * is there a file of that name at all. */
static bool template_file_now(iop_template *const *t, size_t n_t, const char *name,
                              const char *sha, bool *known)
{
    *known = false;
    for (size_t j = 0; j < n_t; j++)
        for (size_t k = 0; t[j] && k < iop_template_n_files(t[j]); k++) {
            const char *s;
            if (strcmp(iop_template_file(t[j], k, &s), name) != 0)
                continue;
            *known = true;
            if (!sha || strcmp(s, sha) == 0)
                return true;
        }
    return false;
}

static void check_template(const record *r, verdict *v)
{
    size_t n_t = 0;
    char **given = record_templates(r, &n_t);
    iop_template **t = iop_xcalloc(n_t, sizeof *t);
    bool loaded = true;
    for (size_t j = 0; j < n_t; j++) {
        if (strchr(given[j], '/') && !path_is_inside(given[j])) {
            v->template_differs = true;
            line(v, true, "not read", given[j],
                 "(the record names a template outside this folder: not checked)");
            loaded = false;
            continue;
        }
        iop_diag *diag = iop_diag_new();
        t[j] = iop_template_load(given[j], diag);
        iop_diag_free(diag);
        if (!t[j]) {
            v->template_differs = true;
            line(v, true, "missing", given[j], "(the template cannot be loaded)");
            loaded = false;
        }
    }
    const prov_list *l = &r->list[PROV_TEMPLATE_FILES];
    for (size_t i = 0; loaded && i < l->n; i++) {
        char *sha;
        const char *name = split_entry(l->v[i], &sha);
        bool known;
        bool same = template_file_now(t, n_t, name, sha, &known);
        v->template_differs = v->template_differs || !same;
        line(v, !same, !known ? "missing" : same ? "unchanged" : "changed", name, "(template)");
        free(sha);
    }
    for (size_t j = 0; loaded && j < n_t; j++)
        for (size_t k = 0; k < iop_template_n_files(t[j]); k++) {
            const char *name = iop_template_file(t[j], k, NULL);
            bool known = false, listed = false;
            for (size_t i = 0; i < l->n && !known; i++) {
                char *sha;
                known = strcmp(split_entry(l->v[i], &sha), name) == 0;
                free(sha);
            }
            /* a file two templates share is reported once */
            for (size_t jj = 0; jj < j && !listed; jj++)
                for (size_t kk = 0; kk < iop_template_n_files(t[jj]) && !listed; kk++)
                    listed = strcmp(iop_template_file(t[jj], kk, NULL), name) == 0;
            if (!known && !listed) {
                v->template_differs = true;
                line(v, true, "new", name, "(template)");
            }
        }
    for (size_t j = 0; j < n_t; j++) {
        iop_template_free(t[j]);
        free(given[j]);
    }
    free(t);
    free(given);
}

/* A PDF that `render` typeset: its one document file, by its digest. */
static int verify_document(const char *pdf, const record *r, verdict *v)
{
    printf("%s: typeset from a document; made by %s\n", pdf, r->text[PROV_PROGRAM]);
    for (size_t i = 0; i < r->list[PROV_INPUTS].n; i++) {
        char *sha;
        const char *path = split_entry(r->list[PROV_INPUTS].v[i], &sha);
        struct stat st;
        char *now = path_is_inside(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode)
                        ? prov_sha256_file(path)
                        : NULL;
        if (!now)
            v->missing++;
        else if (strcmp(now, sha) != 0)
            v->changed++;
        line(v, !now || strcmp(now, sha) != 0,
             !now ? "missing" : strcmp(now, sha) != 0 ? "changed" : "unchanged", path,
             now && strcmp(now, sha) != 0 ? "(the PDF would change)" : NULL);
        free(now);
        free(sha);
    }
    v->program_differs = strcmp(r->text[PROV_PROGRAM], "iopreport " IOP_VERSION) != 0;
    if (v->program_differs)
        line(v, true, "changed", "iopreport " IOP_VERSION, "(the program: another version)");
    bool same = v->changed + v->missing == 0 && !v->program_differs;
    printf(same ? "the same: the document is as it was\n"
                : "not the same: the PDF would come out different\n");
    return same ? IOP_EXIT_OK : IOP_EXIT_INVALID;
}

/* The build options the record names, and the files to check (the
 * record's own paths when none are given); false, after saying why, when
 * the report cannot be checked as asked.  What it fills in is the
 * caller's to free either way. */
static bool request_usable(const char *pdf, const record *r, const char *earlier_from,
                           build_options *o, string_vec *committees, string_vec *highlights,
                           const char *const **paths, size_t *n_paths)
{
    if (!options_of(r, o, committees, highlights)) {
        fprintf(stderr, "iopreport verify: %s: its record names no report year\n", pdf);
        return false;
    }
    if (earlier_from && !(o->compare > 0 && o->compare_with)) {
        fprintf(stderr,
                "iopreport verify: %s was not compared with an earlier export: --compare-with "
                "has nothing to stand for\n",
                pdf);
        return false;
    }
    if (*n_paths > 0)
        return true;
    *paths = (const char *const *)r->list[PROV_PATHS].v;
    *n_paths = r->list[PROV_PATHS].n;
    for (size_t i = 0; i < *n_paths; i++)
        if (!path_is_inside((*paths)[i])) {
            fprintf(stderr,
                    "iopreport verify: %s: its record names '%s', which is not below this "
                    "folder; give the files and folders to check: iopreport verify %s "
                    "PATH...\n",
                    pdf, (*paths)[i], pdf);
            return false;
        }
    return true;
}

static int verify(const char *pdf, const char *const *paths, size_t n_paths, bool quiet,
                  const char *earlier_from)
{
    record r = {0};
    char *why = NULL;
    iop_load_init(); /* libxml2 without external entities, before the XMP is parsed */
    if (!read_record(pdf, &r, &why)) {
        fprintf(stderr, "iopreport verify: %s: %s\n", pdf, why);
        free(why);
        record_free(&r);
        return IOP_EXIT_USAGE;
    }
    verdict v = {.quiet = quiet};
    if (strcmp(r.text[PROV_SCOPE], "document") == 0) {
        int rc = verify_document(pdf, &r, &v);
        record_free(&r);
        return rc;
    }
    build_options o = {0};
    string_vec committees = {0}, highlights = {0};
    if (!request_usable(pdf, &r, earlier_from, &o, &committees, &highlights, &paths, &n_paths)) {
        free(committees.v), free(highlights.v), free(o.highlight);
        record_free(&r);
        return IOP_EXIT_USAGE;
    }
    const char *who = *r.text[PROV_COMMITTEE]   ? r.text[PROV_COMMITTEE]
                      : *r.text[PROV_AGREEMENT] ? r.text[PROV_AGREEMENT]
                                                : r.text[PROV_SCOPE];
    printf("%s: %s, %s, %d; made by %s\n", pdf, r.text[PROV_TEMPLATE], who, o.year,
           r.text[PROV_PROGRAM]);

    iop_model *model = iop_model_new();
    iop_diag *diag = iop_diag_new();
    bool valid = iop_load_paths(model, paths, n_paths, NULL, diag);
    for (size_t i = 0; i < iop_diag_size(diag); i++) {
        const iop_diag_entry *e = iop_diag_get(diag, i);
        if (e->severity != IOP_ERROR)
            continue;
        char *msg = iop_diag_format(e);
        fprintf(stderr, "%s\n", msg);
        free(msg);
    }
    iop_diag_free(diag);
    /* as build: an invalid file holds back the reports it could change: a
     * committee's report when it names the committee, every catalogue; an
     * agreement's document and unreadable files (left out, named in the
     * report data) are for the report data to decide */
    bool all_scope = strcmp(r.text[PROV_SCOPE], "all") == 0;
    bool committee_scope = strcmp(r.text[PROV_SCOPE], "committee") == 0 ||
                           strcmp(r.text[PROV_SCOPE], "packet") == 0;
    for (size_t i = 0; !valid && i < model->n_sources; i++) {
        const iop_source *s = &model->sources[i];
        if (s->status == IOP_SOURCE_INVALID &&
            (all_scope || (committee_scope && source_names(model, s, r.text[PROV_COMMITTEE]))))
            v.invalid = true;
    }

    const char **left_out = iop_xcalloc(model->n_sources + 1, sizeof *left_out);
    for (size_t i = 0; i < model->n_sources; i++)
        if (model->sources[i].status == IOP_SOURCE_UNREADABLE)
            left_out[o.data.n_left_out++] = model->sources[i].path;
    o.data.left_out = left_out;
    o.data.generated_day = iop_cli_today();
    o.data.has_generated = true;
    char *data = !v.invalid ? data_now(&r, model, &o, earlier_from, &v.earlier_unreadable) : NULL;
    char *sha = data ? prov_sha256_report_data(data) : NULL;
    v.data_differs = !sha || strcmp(sha, r.text[PROV_REPORT_DATA]) != 0;
    v.data_then = &r.list[PROV_INPUT_DATA];
    if (data) {
        prov_data_by_file(&v.data_now, data);
        v.have_data_now = true;
    }

    /* count first, so that each line can say what its file did */
    v.silent = true;
    check_files(&r, model, &v);
    v.silent = false;
    v.differing = v.changed + v.missing + v.added;
    verdict shown = v;
    check_files(&r, model, &shown);
    check_template(&r, &v);
    v.program_differs = strcmp(r.text[PROV_PROGRAM], "iopreport " IOP_VERSION) != 0;
    if (v.program_differs)
        line(&v, true, "changed", "iopreport " IOP_VERSION, "(the program: another version)");


    bool same = !v.invalid && !v.data_differs && !v.template_differs && !v.program_differs &&
                v.missing == 0 && v.added == 0;
    if (v.invalid)
        printf("not the same: some input files are invalid now (see above); build would not "
               "make this report\n");
    else if (v.earlier_unreadable && earlier_from)
        /* not "the data differs": it could not be made to compare */
        printf("cannot tell: the report compares with the earlier export %s, which cannot be "
               "read from %s (see above)\n",
               o.compare_with, earlier_from);
    else if (v.earlier_unreadable)
        printf("cannot tell: the report compares with the earlier export %s, which cannot be "
               "read now (see above); %sgive its folder with --compare-with\n",
               o.compare_with,
               o.compare_with[0] == '/' ? ""
                                        : "the name is as build was given it, relative to the "
                                          "folder build ran in: run verify from that folder, or ");
    else if (v.data_differs && v.differing == 0)
        printf("not the same: the report data differs, though the files listed are as they "
               "were: it covers every agreement, and another file changed\n");
    else if (v.data_differs)
        printf("not the same: the report data differs%s; the report's figures or texts "
               "would change\n",
               v.differing == 1 ? " because of the file above" : "");
    else if (!same)
        printf("not the same: the report data is the same, but %s\n",
               v.template_differs  ? "the template changed"
               : v.program_differs ? "another version of iopreport would make it"
                                   : "the files it was made from are not all there");
    else if (v.changed)
        printf("the same: %zu file%s changed in ways that do not reach the report (its data "
               "is the same, no figure changes)\n",
               v.changed, v.changed == 1 ? "" : "s");
    else
        printf("the same: every file is as it was\n");

    prov_list_free(&v.data_now);
    free(sha);
    free(data);
    free(left_out);
    free(committees.v), free(highlights.v), free(o.highlight);
    iop_model_free(model);
    record_free(&r);
    iop_template_cleanup();
    iop_load_cleanup();
    return same ? IOP_EXIT_OK : IOP_EXIT_INVALID;
}

int iop_cmd_verify(int argc, char **argv)
{
    enum { OPT_COMPARE_WITH = 256 };
    static const struct option longopts[] = {
        {"quiet", no_argument, NULL, 'q'},
        {"compare-with", required_argument, NULL, OPT_COMPARE_WITH},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool quiet = false;
    const char *earlier_from = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'q':
            quiet = true;
            break;
        case OPT_COMPARE_WITH:
            if (!*optarg)
                return iop_cli_usage_error("verify", "--compare-with needs a folder");
            earlier_from = optarg;
            break;
        case 'h':
            usage(stdout);
            return IOP_EXIT_OK;
        default:
            return iop_cli_usage_error("verify", "unknown option or missing value: '%s'",
                                       argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return iop_cli_usage_error("verify", "no report given (REPORT.pdf)");
    return verify(argv[optind], (const char *const *)argv + optind + 1,
                  (size_t)(argc - optind - 1), quiet, earlier_from);
}
