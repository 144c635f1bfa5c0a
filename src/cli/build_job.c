/* One report: report data → template → document → pages → PDF.  Runs in
 * a worker process, so everything it makes is freed or dies with it; the
 * PDF is written atomically by the render layer. */
#include "build.h"
#include "provenance.h"
#include "iopreport/load.h"
#include "iopreport/odt.h"
#include "iopreport/render.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What the PDF is made from, apart from the report data: the program,
 * the template and the options that reach it (and the format). */
static uint64_t job_digest(const build_context *ctx, const build_job *job, uint64_t data_digest)
{
    const build_options *o = ctx->opts;
    uint64_t h = build_digest_string(IOP_DIGEST_SEED, "iopreport " IOP_VERSION);
    uint64_t td = iop_template_digest(job->tmpl);
    h = iop_digest_bytes(h, &td, sizeof td);
    h = iop_digest_bytes(h, &data_digest, sizeof data_digest);
    h = build_digest_string(h, job->agreement);
    for (size_t i = 0; i < o->n_params; i++) {
        h = build_digest_string(h, o->params[i].name);
        h = build_digest_string(h, o->params[i].value);
    }
    h = build_digest_string(h, o->highlight);
    if (o->odt)
        h = build_digest_string(h, "odt");
    return h;
}

/* The files a committee's report is made from: those of its agreements
 * and the committee registers. */
char **build_committee_files(const iop_model *model, const char *committee, size_t *n)
{
    char **files = NULL;
    size_t count = 0, cap = 0;
    for (size_t i = 0; i < model->n_agreements; i++)
        if (iop_agreement_names_committee(model->agreements[i], committee))
            build_add_file(&files, &count, &cap, model->agreements[i]->loc.file);
    for (size_t i = 0; i < model->n_committees; i++)
        build_add_file(&files, &count, &cap, model->committees[i].loc.file);
    *n = count;
    return files;
}

char **build_job_files(const build_context *ctx, const build_job *job, bool **registers,
                       const char ***shas, size_t *n)
{
    if (!job->reread) {
        char **files = build_committee_files(ctx->model, job->committee, n);
        *registers = prov_register_flags(ctx->model, files, *n);
        if (shas)
            *shas = iop_xcalloc(*n + 1, sizeof **shas);
        return files;
    }
    /* what build_committee_files makes: the agreement files, then every
     * register's file (a file holds agreements or a register, never both) */
    const build_plan *plan = ctx->plan;
    char **files = NULL;
    size_t count = 0, cap = 0;
    for (size_t i = 0; i < job->n_own; i++)
        build_add_file(&files, &count, &cap, job->reread[i]);
    size_t n_own = count;
    const char **sha = iop_xcalloc(count + plan->n_registers + 1, sizeof *sha);
    for (size_t i = 0; i < plan->n_registers; i++) {
        size_t before = count;
        build_add_file(&files, &count, &cap, plan->registers[i]);
        if (count > before && plan->register_sha256)
            sha[before] = plan->register_sha256[i];
    }
    bool *reg = iop_xcalloc(count + 1, sizeof *reg);
    for (size_t i = n_own; i < count; i++)
        reg[i] = true;
    *registers = reg;
    if (shas)
        *shas = sha;
    else
        free(sha);
    *n = count;
    return files;
}

/* The model a committee's report is made from: the shared one, or, when
 * that one keeps no long texts, a small one read again from the
 * committee's own files.  NULL (after reporting) when those files no
 * longer load as they did. */
static iop_model *committee_model(const build_context *ctx, const build_job *job, iop_diag *diag)
{
    size_t n = job->n_reread;
    char **files = job->reread ? (char **)job->reread
                               : build_committee_reread_files(ctx->model, job->committee, &n);
    iop_model *m = iop_model_new();
    iop_diag *scratch = iop_diag_new(); /* every file was checked when first read */
    iop_load_options lo = {.validated = job->reread ? job->reread_digests : NULL};
    bool ok = iop_load_paths(m, (const char *const *)files, n, &lo, scratch);
    if (!ok) {
        iop_diag_report(diag, IOP_ERROR, NULL,
                        "the input files changed while the reports were made; run again");
        iop_model_free(m);
        m = NULL;
    }
    iop_diag_free(scratch);
    if (!job->reread)
        free(files);
    return m;
}

/* The report data of a committee's report, and its digest; `sink`, when
 * not NULL, is told it as it is written. */
static char *committee_data(const build_context *ctx, const build_job *job, uint64_t *digest,
                            iop_diag *diag, const iop_xml_sink *sink)
{
    const char *committee = job->committee;
    iop_model *own = ctx->details_dropped ? committee_model(ctx, job, diag) : NULL;
    if (ctx->details_dropped && !own)
        return NULL;
    iop_report *r = iop_report_build_at(own ? own : ctx->model, committee, ctx->opts->year,
                                        iop_document_day(ctx->opts->year, ctx->opts->data.date), NULL);
    /* a batch counts the remarks per kind (build_progress_finish) rather
     * than printing one line per agreement; `summary --remarks` lists them */
    for (size_t i = 0; i < r->n_items; i++)
        for (size_t k = 0; k < r->items[i].n_remarks; k++)
            iop_diag_report(diag, IOP_NOTE, &r->items[i].remarks[k].loc, "%s%s %s",
                            BUILD_REMARK_TAG, iop_remark_kind_name(r->items[i].remarks[k].kind),
                            r->items[i].agreement->id ? r->items[i].agreement->id : "?");
    iop_report_data_options data_opts = ctx->opts->data;
    iop_comparison *cmp = NULL;
    if (job->compare) {
        cmp = iop_comparison_build(own ? own : ctx->model, ctx->opts->earlier, committee,
                                   ctx->opts->year);
        data_opts.comparison = cmp;
        data_opts.compare_with = ctx->opts->compare_with;
    }
    char *data = iop_report_data_xml_to(r, &data_opts, sink);
    iop_comparison_free(cmp);
    iop_report_free(r);
    iop_model_free(own);
    if (data)
        *digest = build_digest_report_data(data);
    return data;
}

/* The report data of a committee's report, and its digest. */
char *build_committee_data(const build_context *ctx, const build_job *job, uint64_t *digest,
                           iop_diag *diag)
{
    return committee_data(ctx, job, digest, diag, NULL);
}

/* The files of one agreement's document: the file it is written in and
 * the registers. */
static char **files_of_agreement(const iop_model *model, const char *id, size_t *n)
{
    char **files = NULL;
    size_t count = 0, cap = 0;
    for (size_t i = 0; i < model->n_agreements && !count; i++)
        if (model->agreements[i]->id && strcmp(model->agreements[i]->id, id) == 0)
            build_add_file(&files, &count, &cap, model->agreements[i]->loc.file);
    for (size_t i = 0; i < model->n_committees; i++)
        build_add_file(&files, &count, &cap, model->committees[i].loc.file);
    *n = count;
    return files;
}

/* The provenance record of the job's PDF: the committee's own files for a
 * committee report, the agreement's file and the registers for one
 * agreement's document, every input file for a catalogue (their digests
 * made once, in the plan). */
static build_record *job_record(const build_context *ctx, const build_job *job, const char *data,
                                const struct _xmlDoc *tree)
{
    const iop_model *m = ctx->model;
    size_t n = 0;
    char **files;
    const char **shas = NULL;
    bool *registers = NULL;
    if (job->committee) {
        files = build_job_files(ctx, job, &registers, &shas, &n);
    } else if (job->agreement && *job->agreement) {
        files = files_of_agreement(m, job->agreement, &n);
    } else {
        files = iop_xcalloc(m->n_sources + 1, sizeof *files);
        bool cached = ctx->plan->n_source_sha256 == m->n_sources;
        shas = cached ? iop_xcalloc(m->n_sources + 1, sizeof *shas) : NULL;
        for (size_t i = 0; i < m->n_sources; i++)
            if (m->sources[i].status != IOP_SOURCE_UNREADABLE) {
                if (shas)
                    shas[n] = ctx->plan->source_sha256[i];
                files[n++] = m->sources[i].path; /* borrowed */
            }
    }
    if (!registers)
        registers = prov_register_flags(m, files, n);
    const char *arg = NULL;
    for (size_t i = 0; i < ctx->plan->n_templates; i++)
        if (ctx->plan->templates[i] == job->tmpl)
            arg = ctx->plan->template_args[i];
    build_record *r = build_record_new(ctx->opts, job->tmpl, arg, job->committee, job->agreement,
                                       files, registers, shas, n, job->compare, data, tree);
    free(registers);
    free(shas);
    free(files);
    return r;
}

/* The provenance record made on the spare core while the template runs.
 * It hashes the report data, its parts and the input files (12 M
 * instructions of a one-committee report) and is wanted before the
 * template only to tell whether the report is current, which it cannot be
 * with --force or without a PDF yet: then this thread makes it beside the
 * template.  It reads the report data's text, never the tree the
 * template is reading. */
typedef struct record_ahead {
    const build_context *ctx;
    const build_job *job;
    const char *data;
    build_record *record;
    pthread_t thread;
} record_ahead;

static void *make_record(void *arg)
{
    record_ahead *a = arg;
    a->record = job_record(a->ctx, a->job, a->data, NULL);
    return NULL;
}

/* Started when it is worth it and it may: false, and nothing started,
 * otherwise (the caller then makes the record itself). */
static bool record_ahead_start(record_ahead *a, const build_context *ctx, const build_job *job,
                               const char *data)
{
    struct stat st;
    if (!ctx->spare_core || (!ctx->opts->force && stat(job->out_path, &st) == 0))
        return false;
    *a = (record_ahead){.ctx = ctx, .job = job, .data = data};
    return iop_thread_start(&a->thread, make_record, a) == 0;
}

static build_record *record_ahead_join(record_ahead *a)
{
    if (pthread_join(a->thread, NULL) != 0)
        abort(); /* a thread of ours, started above: cannot happen */
    return a->record;
}

void build_job_fail(build_job *job, const iop_diag *diag, const char *fallback)
{
    job->outcome = JOB_FAILED;
    /* the first error says what went wrong; later ones tend to follow from it */
    for (size_t i = 0; i < iop_diag_size(diag); i++) {
        const iop_diag_entry *e = iop_diag_get(diag, i);
        if (e->severity == IOP_ERROR) {
            job->reason = iop_diag_format(e);
            return;
        }
    }
    job->reason = iop_xstrdup(fallback);
}

/* Fault injection for the tests of batch isolation: a worker that dies in
 * the middle of one report (IOPREPORT_TEST_CRASH=<job label>, e.g.
 * "c-2 arsrapport") must cost that report only. */
static void crash_if_asked(const build_job *job)
{
    const char *victim = getenv("IOPREPORT_TEST_CRASH");
    if (victim && strcmp(victim, job->label) == 0)
        abort();
}

/* The last report's pages and document, left to the exit (ctx->exit_follows). */
static struct {
    iop_pages *pages;
    iop_document *doc;
} left_to_exit;

static void release_page(void *pages, size_t page)
{
    iop_pages_release_page(pages, page);
}

void build_job_run(build_context *ctx, build_job *job, iop_diag *diag)
{
    const build_options *o = ctx->opts;
    crash_if_asked(job);
    if (job->packet) {
        build_packet_run(ctx, job, diag);
        return;
    }
    uint64_t data_digest = ctx->plan->batch_digest;
    char *owned = NULL;
    const char *data = ctx->plan->batch_data;
    size_t data_len = ctx->plan->batch_data_len;
    struct _xmlDoc *tree = NULL;
    if (job->committee) {
        /* the tree for the template and the record made as the text is
         * written, rather than parsed from it */
        iop_template_data_builder *b = iop_template_data_builder_new();
        owned = committee_data(ctx, job, &data_digest, diag, iop_template_data_builder_sink(b));
        tree = iop_template_data_builder_finish(b);
        if (!owned) {
            iop_template_free_data(tree);
            build_job_fail(job, diag, "could not make the report data");
            return;
        }
        data = owned;
        data_len = strlen(owned);
    }

    /* one tree, for the provenance record and for the template (NULL:
     * the template parses the text and says what is wrong with it) */
    if (!tree)
        tree = iop_template_read_data(data, data_len);
    record_ahead ahead;
    bool in_parallel = record_ahead_start(&ahead, ctx, job, data);
    build_record *record = NULL;
    uint64_t digest = 0;
    if (!in_parallel) {
        record = job_record(ctx, job, data, tree);
        digest = build_record_digest(record, job_digest(ctx, job, data_digest));
        if (!o->force && build_digest_is_current(job->out_path, digest)) {
            job->outcome = JOB_CURRENT;
            build_record_free(record);
            iop_template_free_data(tree);
            free(owned);
            return;
        }
    }

    size_t n_params = o->n_params;
    iop_template_param *params = iop_xcalloc(n_params + 1, sizeof *params);
    if (n_params) /* o->params is NULL when there are none: memcpy(x, NULL, 0) is UB */
        memcpy(params, o->params, n_params * sizeof *params);
    if (job->agreement)
        params[n_params++] = (iop_template_param){"agreement", job->agreement};

    iop_document *doc = tree
                            ? iop_template_apply_tree(job->tmpl, tree, params, n_params, diag)
                            : iop_template_apply(job->tmpl, data, data_len, params, n_params, diag);
    if (in_parallel) {
        record = record_ahead_join(&ahead); /* it reads `data`, freed below */
        digest = build_record_digest(record, job_digest(ctx, job, data_digest));
    }
    iop_template_free_data(tree);
    /* the report data has given all it gives (the record holds its digests):
     * not kept through the layout and the PDF, the report's largest moment */
    free(params);
    free(owned);
    /* the editable memo is made from the document, not from its pages */
    iop_pages *pages = doc && !o->odt ? iop_layout_document(ctx->layout, doc, diag) : NULL;
    bool ok = false;
    if (doc && o->odt) {
        ok = iop_odt_write(doc, job->out_path, ctx->layout, diag);
    } else if (pages) {
        iop_render_meta meta;
        iop_render_meta_from_document(doc, &meta);
        meta.xmp = build_record_xmp(record);
        iop_render_options options = {.meta = &meta, .threads = ctx->spare_core ? 2 : 1};
        /* each page freed once painted: the report's pages and its PDF are
         * then not in memory together, which is a worker's largest moment.
         * Not for the report the exit follows, which frees nothing. */
        if (!ctx->exit_follows) {
            options.page_done = release_page;
            options.page_done_user = pages;
        }
        ok = iop_render_write(pages, IOP_FORMAT_PDF, job->out_path, &options, diag);
        job->pages = (int)pages->n_pages;
    }
    if (ok) {
        job->outcome = JOB_WROTE;
        if (!build_digest_record(job->out_path, digest)) {
            /* only costs a rebuild next time */
            iop_loc loc = {job->out_path, 0, 0};
            iop_diag_report(diag, IOP_WARNING, &loc,
                            "could not record what this report was made from; it will be made "
                            "again next time");
        }
    } else {
        build_job_fail(job, diag, doc ? "could not lay out or write the report"
                            : "the template did not make a document");
    }
    if (ctx->exit_follows && !left_to_exit.pages && !left_to_exit.doc) {
        left_to_exit.pages = pages;
        left_to_exit.doc = doc;
    } else {
        iop_pages_free(pages);
        iop_document_free(doc);
    }
    build_record_free(record);
}
