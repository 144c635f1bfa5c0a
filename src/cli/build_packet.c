/* One committee's meeting packet (build --packet NAME, docs/packet.md):
 * the documents of every template given, in that order — the memo, the
 * annual report, a fact sheet per agreement — laid out one by one and
 * joined into one sequence of pages (iop_pages_concat) before the PDF is
 * drawn.  Joining finished PDFs instead would have to merge their
 * structure trees; this way the packet is tagged, PDF/UA-1 and PDF/A-2a
 * exactly as a single report is. */
#include "build.h"
#include "provenance.h"
#include "iopreport/render.h"

#include <stdlib.h>
#include <string.h>

/* One document of the packet. */
typedef struct part {
    iop_template *tmpl;     /* borrowed from the plan */
    const char *agreement;  /* agreement scope: its id; else NULL */
    const char *data;       /* the report data it is made from (borrowed) */
    size_t data_len;
    char *name;             /* "arsrapport", "faktablad:AGREEMENT": "#part:NAME" */
    iop_document *doc;
    iop_pages *pages;
    int n_pages;
} part;

typedef struct packet {
    part *parts;
    size_t n, cap;
    char *committee_data;   /* owned: the committee's report data */
    size_t committee_len;
    uint64_t committee_digest;
    char *all_data;         /* owned: the catalogue of the committee's agreements */
    size_t all_len;
    uint64_t all_digest;
} packet;

static void add_part(packet *pk, iop_template *t, const char *agreement, const char *data,
                     size_t len)
{
    pk->parts = iop_grow(pk->parts, &pk->cap, pk->n + 1, sizeof *pk->parts);
    part *p = &pk->parts[pk->n++];
    memset(p, 0, sizeof *p);
    p->tmpl = t;
    p->agreement = agreement;
    p->data = data;
    p->data_len = len;
    char *base = agreement ? iop_xasprintf("%s:%s", iop_template_name(t), agreement)
                           : iop_xstrdup(iop_template_name(t));
    /* a template given twice (or two of one name): "#part:NAME" leads to
     * the first, the second is NAME-2 */
    p->name = iop_xstrdup(base);
    for (int k = 2;; k++) {
        bool taken = false;
        for (size_t i = 0; i + 1 < pk->n && !taken; i++)
            taken = strcmp(pk->parts[i].name, p->name) == 0;
        if (!taken)
            break;
        free(p->name);
        p->name = iop_xasprintf("%s-%d", base, k);
    }
    free(base);
}

static bool names_committee(const iop_agreement *a, const char *committee)
{
    for (size_t k = 0; k < a->n_parties; k++)
        if (a->parties[k].committee && strcmp(a->parties[k].committee, committee) == 0)
            return true;
    return false;
}

/* The data every part needs, and the parts in the order of the templates:
 * a committee-scope template makes one, an all-scope one the catalogue of
 * the committee's agreements, an agreement-scope one a document per
 * agreement of the committee in the year.  False (after reporting) when
 * the data cannot be made. */
static bool plan_parts(const build_context *ctx, const build_job *job, packet *pk, iop_diag *diag)
{
    const build_plan *plan = ctx->plan;
    const build_options *o = ctx->opts;
    /* the committee's report data, also when no part is made from it: the
     * provenance record names it (verify compares it) */
    pk->committee_data = build_committee_data(ctx, job, &pk->committee_digest, diag);
    if (!pk->committee_data)
        return false;
    pk->committee_len = strlen(pk->committee_data);
    for (size_t i = 0; i < plan->n_templates; i++) {
        iop_template_scope sc = iop_template_get_scope(plan->templates[i]);
        if (sc == IOP_SCOPE_ALL && !pk->all_data) {
            build_options narrowed = *o;
            const char *only[1] = {job->committee};
            narrowed.committees = only;
            narrowed.n_committees = 1;
            pk->all_data = build_batch_data(ctx->model, &narrowed);
            if (!pk->all_data) {
                iop_diag_report(diag, IOP_ERROR, NULL,
                                "could not make the report data of the committee's agreements");
                return false;
            }
            pk->all_len = strlen(pk->all_data);
            pk->all_digest = build_digest_report_data(pk->all_data);
        }
    }
    for (size_t i = 0; i < plan->n_templates; i++) {
        iop_template *t = plan->templates[i];
        switch (iop_template_get_scope(t)) {
        case IOP_SCOPE_COMMITTEE:
            add_part(pk, t, NULL, pk->committee_data, pk->committee_len);
            break;
        case IOP_SCOPE_ALL:
            add_part(pk, t, NULL, pk->all_data, pk->all_len);
            break;
        case IOP_SCOPE_AGREEMENT:
            /* the plan's catalogue holds every agreement (of --committee) */
            for (size_t a = 0; a < ctx->model->n_agreements; a++) {
                const iop_agreement *ag = ctx->model->agreements[a];
                if (ag->id && names_committee(ag, job->committee) &&
                    iop_agreement_year_status(ag, o->year).status != IOP_STATUS_OUTSIDE)
                    add_part(pk, t, ag->id, plan->batch_data, plan->batch_data_len);
            }
            break;
        }
    }
    if (pk->n == 0) {
        iop_diag_report(diag, IOP_ERROR, NULL,
                        "the packet would be empty: the committee has no agreement in %d for "
                        "the templates given", o->year);
        return false;
    }
    return true;
}

static void packet_free(packet *pk)
{
    for (size_t i = 0; i < pk->n; i++) {
        free(pk->parts[i].name);
        iop_document_free(pk->parts[i].doc);
        iop_pages_free(pk->parts[i].pages);
    }
    free(pk->parts);
    free(pk->committee_data);
    free(pk->all_data);
}

/* What the packet is made from apart from its record: the program, the
 * templates, the parts, the data and the options that reach them. */
static uint64_t packet_digest(const build_context *ctx, const packet *pk)
{
    const build_options *o = ctx->opts;
    uint64_t h = build_digest_string(IOP_DIGEST_SEED, "iopreport " IOP_VERSION " packet");
    h = build_digest_string(h, o->packet);
    h = build_digest_string(h, o->packet_per_document ? "per-document" : "continuous");
    for (size_t i = 0; i < pk->n; i++) {
        uint64_t td = iop_template_digest(pk->parts[i].tmpl);
        h = iop_digest_bytes(h, &td, sizeof td);
        h = build_digest_string(h, pk->parts[i].name);
    }
    h = iop_digest_bytes(h, &pk->committee_digest, sizeof pk->committee_digest);
    h = iop_digest_bytes(h, &pk->all_digest, sizeof pk->all_digest);
    for (size_t i = 0; i < pk->n; i++)
        if (pk->parts[i].agreement) {
            h = iop_digest_bytes(h, &ctx->plan->batch_digest, sizeof ctx->plan->batch_digest);
            break;
        }
    for (size_t i = 0; i < o->n_params; i++) {
        h = build_digest_string(h, o->params[i].name);
        h = build_digest_string(h, o->params[i].value);
    }
    h = build_digest_string(h, o->highlight);
    return h;
}

/* "NAME<TAB>TITLE" a line, for the parts after `from`: what the memo lists
 * under Beslutsunderlag, each linked to "#part:NAME". */
static char *parts_after(const packet *pk, size_t from)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    for (size_t i = from + 1; i < pk->n; i++) {
        const iop_document *d = pk->parts[i].doc;
        const char *title = d && d->meta.title && *d->meta.title ? d->meta.title
                                                                  : pk->parts[i].name;
        /* a tab or line break inside a title would break the list; and a
         * parameter cannot hold both kinds of ASCII quote (XPath 1.0 has
         * no escapes), so a title's double quotes become Swedish ones */
        iop_strbuf_printf(&sb, "%s\t", pk->parts[i].name);
        for (const char *c = title; *c; c++) {
            if (*c == '"')
                iop_strbuf_puts(&sb, "\u201d");
            else
                iop_strbuf_putc(&sb, *c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c);
        }
        iop_strbuf_putc(&sb, '\n');
    }
    return iop_strbuf_detach(&sb);
}

/* Run the templates, the last part first, so that each knows the titles
 * of the parts after it (the memo lists them).  False after reporting. */
static bool make_documents(const build_context *ctx, packet *pk, iop_diag *diag)
{
    const build_options *o = ctx->opts;
    size_t n_params = o->n_params;
    iop_template_param *params = iop_xcalloc(n_params + 4, sizeof *params);
    if (n_params)
        memcpy(params, o->params, n_params * sizeof *params);
    if (o->highlight)
        params[n_params++] = (iop_template_param){"highlight", o->highlight};
    params[n_params++] = (iop_template_param){"packet", o->packet};
    bool ok = true;
    for (size_t k = pk->n; ok && k-- > 0;) {
        part *p = &pk->parts[k];
        char *after = parts_after(pk, k);
        size_t n = n_params;
        params[n++] = (iop_template_param){"packet-parts", after};
        if (p->agreement)
            params[n++] = (iop_template_param){"agreement", p->agreement};
        p->doc = iop_template_apply(p->tmpl, p->data, p->data_len, params, n, diag);
        ok = p->doc != NULL;
        free(after);
    }
    free(params);
    return ok;
}

/* Lay out every part.  With continuous numbering the page fields count
 * across the packet, which is known only once every part is laid out: each
 * is laid out again with its first page and the total; should that move a
 * page break (a wider "12 (31)" in a letterhead), again, and the packet is
 * refused rather than numbered wrongly if the count does not settle. */
static bool lay_out_parts(const build_context *ctx, packet *pk, iop_diag *diag)
{
    for (size_t i = 0; i < pk->n; i++) {
        pk->parts[i].pages = iop_layout_document(ctx->layout, pk->parts[i].doc, diag);
        if (!pk->parts[i].pages)
            return false;
        pk->parts[i].n_pages = (int)pk->parts[i].pages->n_pages;
    }
    if (ctx->opts->packet_per_document || pk->n < 2)
        return true;
    for (int attempt = 0; attempt < 3; attempt++) {
        int total = 0;
        for (size_t i = 0; i < pk->n; i++)
            total += pk->parts[i].n_pages;
        bool settled = true;
        int first = 1;
        for (size_t i = 0; i < pk->n; i++) {
            part *p = &pk->parts[i];
            iop_page_numbering num = {first, total};
            iop_pages *again = iop_layout_document_numbered(ctx->layout, p->doc, &num, diag);
            if (!again)
                return false;
            iop_pages_free(p->pages);
            p->pages = again;
            settled = settled && (int)again->n_pages == p->n_pages;
            p->n_pages = (int)again->n_pages;
            first += p->n_pages;
        }
        if (settled)
            return true;
    }
    iop_diag_report(diag, IOP_ERROR, NULL,
                    "the packet's page numbers do not settle (numbering a part moves its page "
                    "breaks); give --packet-numbering=per-document");
    return false;
}

/* The committee's name as the register or its agreements give it. */
static const char *committee_name(const iop_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_committees; i++)
        if (m->committees[i].id && strcmp(m->committees[i].id, id) == 0 && m->committees[i].name)
            return m->committees[i].name;
    return id;
}

void build_packet_run(build_context *ctx, build_job *job, iop_diag *diag)
{
    const build_options *o = ctx->opts;
    packet pk;
    memset(&pk, 0, sizeof pk);
    if (!plan_parts(ctx, job, &pk, diag)) {
        build_job_fail(job, diag, "could not make the report data");
        packet_free(&pk);
        return;
    }

    size_t n_files = 0;
    bool *registers = NULL;
    const char **shas = NULL;
    char **files = build_job_files(ctx, job, &registers, &shas, &n_files);
    build_record *record =
        build_record_packet(o, ctx->plan->templates, ctx->plan->template_args,
                            ctx->plan->n_templates, job->committee, files, registers, shas,
                            n_files, job->compare, pk.committee_data);
    free(registers);
    free(shas);
    free(files);
    uint64_t digest = build_record_digest(record, packet_digest(ctx, &pk));
    if (!o->force && build_digest_is_current(job->out_path, digest)) {
        job->outcome = JOB_CURRENT;
        build_record_free(record);
        packet_free(&pk);
        return;
    }

    bool ok = make_documents(ctx, &pk, diag) && lay_out_parts(ctx, &pk, diag);
    iop_pages *pages = NULL;
    char *title = NULL, *subject = NULL;
    if (ok) {
        iop_pages_part *pp = iop_xcalloc(pk.n, sizeof *pp);
        iop_strbuf sb = IOP_STRBUF_INIT;
        for (size_t i = 0; i < pk.n; i++) {
            const char *t = pk.parts[i].doc->meta.title;
            pp[i] = (iop_pages_part){pk.parts[i].pages, pk.parts[i].name,
                                     t && *t ? t : pk.parts[i].name};
            pk.parts[i].pages = NULL; /* taken by the packet */
            iop_strbuf_printf(&sb, "%s%s", i ? "; " : "", pp[i].title);
        }
        pages = iop_pages_concat(pp, pk.n);
        free(pp);
        subject = iop_strbuf_detach(&sb);
        title = iop_xasprintf("Handlingar: %s %d", committee_name(ctx->model, job->committee),
                              o->year);
    }
    if (pages) {
        iop_render_meta meta;
        iop_render_meta_from_document(pk.parts[0].doc, &meta);
        meta.title = title;
        meta.subject = subject;
        meta.xmp = build_record_xmp(record);
        iop_render_options options = {.meta = &meta, .threads = ctx->spare_core ? 2 : 1};
        ok = iop_render_write(pages, IOP_FORMAT_PDF, job->out_path, &options, diag);
        job->pages = (int)pages->n_pages;
    } else {
        ok = false;
    }
    if (ok) {
        job->outcome = JOB_WROTE;
        if (!build_digest_record(job->out_path, digest)) {
            iop_loc loc = {job->out_path, 0, 0};
            iop_diag_report(diag, IOP_WARNING, &loc,
                            "could not record what this packet was made from; it will be made "
                            "again next time");
        }
    } else {
        build_job_fail(job, diag, "could not make, lay out or write the packet");
    }
    iop_pages_free(pages);
    free(title);
    free(subject);
    build_record_free(record);
    packet_free(&pk);
}
