/* Which reports a build makes, before any is made, and what the reports
 * share (the templates, the report data of every agreement, the digests
 * of the inputs), made once before the workers fork.  An incomplete report
 * is worse than none: a report that an invalid file could change is held
 * back, and two reports that would land on the same file name are both
 * refused rather than one overwriting the other. */
#include "build.h"
#include "provenance.h"
#include "commands.h"

#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool wanted_committee(const build_options *opts, const char *id)
{
    if (opts->n_committees == 0)
        return true;
    for (size_t i = 0; i < opts->n_committees; i++)
        if (strcmp(opts->committees[i], id) == 0)
            return true;
    return false;
}

static bool agreement_of_wanted_committee(const build_options *opts, const iop_agreement *a)
{
    if (opts->n_committees == 0)
        return true;
    for (size_t i = 0; i < a->n_parties; i++)
        if (iop_party_committee(&a->parties[i]) &&
            wanted_committee(opts, iop_party_committee(&a->parties[i])))
            return true;
    return false;
}

/* Does any valid agreement of `committee` run during `year`? */
static bool has_agreement_in(const iop_model *model, const char *committee, int year)
{
    for (size_t a = 0; a < model->n_agreements; a++) {
        const iop_agreement *ag = model->agreements[a];
        if (iop_agreement_names_committee(ag, committee) &&
            iop_agreement_year_status(ag, year).status != IOP_STATUS_OUTSIDE)
            return true;
    }
    return false;
}

/* A job writing OUT/<name_part>-<kind>-<year>.pdf (OUT/<kind>-<year>.pdf
 * without a name part; .odt with --format odt); `kind` is the template's
 * name, or the packet's. */
static build_job *add_named_job(build_plan *plan, size_t *cap, iop_template *t, const char *kind,
                                const build_options *opts, const char *name_part)
{
    const char *out_dir = opts->out_dir, *ext = opts->odt ? "odt" : "pdf";
    int year = opts->year;
    plan->jobs = iop_grow(plan->jobs, cap, plan->n_jobs + 1, sizeof *plan->jobs);
    build_job *job = &plan->jobs[plan->n_jobs++];
    memset(job, 0, sizeof *job);
    job->tmpl = t;
    char *tname = build_safe_name(kind);
    char *safe = name_part ? build_safe_name(name_part) : NULL;
    if (safe)
        job->out_path = iop_xasprintf("%s/%s-%s-%d.%s", out_dir, safe, tname, year, ext);
    else
        job->out_path = iop_xasprintf("%s/%s-%d.%s", out_dir, tname, year, ext);
    job->label = iop_xasprintf("%s%s%s", name_part ? name_part : "", name_part ? " " : "", kind);
    free(safe);
    free(tname);
    return job;
}

static build_job *add_job(build_plan *plan, size_t *cap, iop_template *t,
                          const build_options *opts, const char *name_part)
{
    return add_named_job(plan, cap, t, iop_template_name(t), opts, name_part);
}

/* Does `committee` get a report?  Not when --committee leaves it out; nor,
 * unless asked for by name, when it has no agreement in the year (a report
 * that says "no partnerships this year"; the summary lists those).  `why`
 * says why its report is held back (invalid files), or NULL; caller frees. */
static bool committee_gets_report(build_plan *plan, const iop_model *model,
                                  const build_options *opts, const char *committee, char **why)
{
    *why = NULL;
    if (!wanted_committee(opts, committee))
        return false;
    *why = iop_report_held_back(model, committee);
    if (!*why && opts->n_committees == 0 && !has_agreement_in(model, committee, opts->year)) {
        bool listed = false;
        for (size_t k = 0; k < plan->n_idle && !listed; k++)
            listed = plan->idle[k] == committee;
        if (!listed) {
            plan->idle = iop_xreallocarray(plan->idle, plan->n_idle + 1, sizeof *plan->idle);
            plan->idle[plan->n_idle++] = committee;
        }
        return false;
    }
    return true;
}

static void hold_back(build_job *job, const char *reason)
{
    job->outcome = JOB_FAILED;
    free(job->reason);
    job->reason = iop_xstrdup(reason);
}

/* By output path, then in plan order, so that messages come out the same
 * every time. */
static int by_out_path(const void *x, const void *y)
{
    const build_job *a = *(const build_job *const *)x, *b = *(const build_job *const *)y;
    int c = strcmp(a->out_path, b->out_path);
    return c ? c : (a > b) - (a < b);
}

/* Two jobs with one output name: refuse both, and say so. */
static void refuse_collisions(build_plan *plan, iop_diag *diag)
{
    size_t n = plan->n_jobs;
    build_job **by_path = iop_xcalloc(n ? n : 1, sizeof *by_path);
    for (size_t i = 0; i < n; i++)
        by_path[i] = &plan->jobs[i];
    qsort(by_path, n, sizeof *by_path, by_out_path);
    for (size_t i = 0; i + 1 < n; i++) {
        build_job *a = by_path[i], *b = by_path[i + 1];
        if (strcmp(a->out_path, b->out_path) != 0)
            continue;
        const char *ia = a->committee ? a->committee : a->agreement ? a->agreement : "";
        const char *ib = b->committee ? b->committee : b->agreement ? b->agreement : "";
        iop_diag_report(diag, IOP_ERROR, NULL,
                        "'%s' and '%s' would both be written to %s; neither is written "
                        "(rename one of the ids)",
                        ia, ib, a->out_path);
        char *why = iop_xasprintf("'%s' and '%s' would both be written to this file", ia, ib);
        hold_back(a, why);
        hold_back(b, why);
        free(why);
    }
    free(by_path);
}

char *build_batch_data(const iop_model *model, const build_options *opts)
{
    /* --committee narrows a catalogue to those committees' agreements: a
     * view of the model that borrows the agreements it keeps */
    iop_model view = *model;
    if (opts->n_committees) {
        view.agreements = iop_xcalloc(model->n_agreements + 1, sizeof *view.agreements);
        view.n_agreements = 0;
        for (size_t i = 0; i < model->n_agreements; i++)
            if (agreement_of_wanted_committee(opts, model->agreements[i]))
                view.agreements[view.n_agreements++] = model->agreements[i];
    }
    iop_report_batch *b = iop_report_batch_build_at(
        &view, opts->year, iop_document_day(opts->year, opts->data.date), NULL);
    char *data = iop_report_batch_data_xml(b, &opts->data);
    iop_report_batch_free(b);
    /* the batch reads the view until its data is written */
    if (opts->n_committees)
        free(view.agreements);
    return data;
}

static bool make_batch_data(build_plan *plan, const iop_model *model, const build_options *opts)
{
    plan->batch_data = build_batch_data(model, opts);
    if (!plan->batch_data)
        return false;
    plan->batch_data_len = strlen(plan->batch_data);
    plan->batch_digest = build_digest_report_data(plan->batch_data);
    return true;
}

bool build_plan_templates(build_plan *plan, const build_options *opts, iop_diag *diag)
{
    memset(plan, 0, sizeof *plan);
    plan->templates = iop_xcalloc(opts->n_templates, sizeof *plan->templates);
    plan->template_args = iop_xcalloc(opts->n_templates, sizeof *plan->template_args);
    bool committee_scope_only = true;
    for (size_t i = 0; i < opts->n_templates; i++) {
        iop_template *t = iop_template_load(opts->templates[i], diag);
        if (!t) {
            plan->held_back = iop_xreallocarray(plan->held_back, plan->n_held_back + 1,
                                                sizeof *plan->held_back);
            plan->held_back[plan->n_held_back++] =
                iop_xasprintf("template %s could not be loaded (see the errors above): none of "
                              "its reports is written",
                              opts->templates[i]);
            continue;
        }
        plan->template_args[plan->n_templates] = opts->templates[i];
        plan->templates[plan->n_templates++] = t;
        const char *declared = iop_template_packet(t);
        if (declared && !plan->declared_packet) {
            plan->declared_packet = declared;
        } else if (declared && strcmp(declared, plan->declared_packet) != 0 &&
                   !plan->packet_conflict) {
            plan->packet_conflict = iop_xasprintf(
                "the templates declare two packets, iop:packet=\"%s\" and \"%s\": give "
                "--packet NAME to choose", plan->declared_packet, declared);
        }
        committee_scope_only =
            committee_scope_only && iop_template_get_scope(t) == IOP_SCOPE_COMMITTEE;
    }
    return committee_scope_only;
}

bool build_plan_make(build_plan *plan, const iop_model *model, const build_options *opts,
                     iop_diag *diag)
{
    size_t n_left_out = opts->data.n_left_out;
    if (n_left_out && !opts->keep_going) {
        iop_diag_report(diag, IOP_ERROR, NULL,
                        "%zu file%s could not be read, and any committee's report may depend on "
                        "%s: nothing is written. Fix %s, or give --keep-going to write every "
                        "report with a notice on its first page of the files left out",
                        n_left_out, n_left_out == 1 ? "" : "s", n_left_out == 1 ? "it" : "them",
                        n_left_out == 1 ? "it" : "them");
        return false;
    }

    if (plan->packet_conflict && !opts->packet) {
        iop_diag_report(diag, IOP_ERROR, NULL, "%s", plan->packet_conflict);
        return false;
    }
    if (opts->packet && opts->odt) {
        iop_diag_report(diag, IOP_ERROR, NULL,
                        "--format odt and the packet '%s': a meeting packet is one PDF; make the "
                        "editable memo with --format odt on its own",
                        opts->packet);
        return false;
    }
    if (opts->packet && opts->combine) {
        iop_diag_report(diag, IOP_ERROR, NULL,
                        "--combine and the packet '%s' (declared by a template): a packet "
                        "holds a fact sheet per agreement of its committee; leave out --combine",
                        opts->packet);
        return false;
    }

    size_t n_committees = 0;
    char **committees = iop_report_committees_planned(model, &n_committees);
    bool ok = true;
    for (size_t i = 0; i < opts->n_committees; i++) {
        const char **hit = bsearch(&opts->committees[i], committees, n_committees,
                                   sizeof *committees, cmp_str);
        if (!hit) {
            char *hint = iop_cli_committee_hint(opts->committees[i], committees, n_committees);
            iop_diag_report(diag, IOP_ERROR, NULL,
                            "--committee %s: no agreement or register entry names this "
                            "committee%s", opts->committees[i], hint);
            free(hint);
            ok = false;
        }
    }
    /* an id that names no agreement is a mistake to hear about before
     * anything is made, whichever templates are asked for */
    ok = iop_report_data_check_highlight(model, &opts->data, diag) && ok;
    if (!ok) {
        iop_strings_free(committees);
        return false;
    }

    bool need_batch = false;
    for (size_t i = 0; i < plan->n_templates; i++)
        need_batch = need_batch || iop_template_get_scope(plan->templates[i]) != IOP_SCOPE_COMMITTEE;
    if (need_batch && !make_batch_data(plan, model, opts)) {
        iop_diag_report(diag, IOP_ERROR, NULL, "could not make the report data for all agreements");
        iop_strings_free(committees);
        build_plan_free(plan);
        return false;
    }

    size_t cap = 0;
    /* the same for every committee: settled here, not per report */
    bool packet_compare = opts->packet && build_compare_wanted_any(opts, model, plan->templates,
                                                                   plan->n_templates);
    /* a packet: one job per committee makes every template's documents */
    for (size_t c = 0; opts->packet && plan->n_templates && c < n_committees; c++) {
        char *why = NULL;
        if (!committee_gets_report(plan, model, opts, committees[c], &why))
            continue;
        build_job *job = add_named_job(plan, &cap, NULL, opts->packet, opts, committees[c]);
        job->committee = committees[c];
        job->packet = true;
        job->compare = packet_compare;
        if (why)
            hold_back(job, why);
        free(why);
    }
    for (size_t ti = 0; !opts->packet && ti < plan->n_templates; ti++) {
        iop_template *t = plan->templates[ti];
        switch (iop_template_get_scope(t)) {
        case IOP_SCOPE_COMMITTEE: {
            bool compare = build_compare_wanted(opts, model, t);
            for (size_t c = 0; c < n_committees; c++) {
                char *why = NULL;
                if (!committee_gets_report(plan, model, opts, committees[c], &why))
                    continue;
                build_job *job = add_job(plan, &cap, t, opts, committees[c]);
                /* the id lives as long as the plan: point at its copy */
                job->committee = committees[c];
                job->compare = compare;
                if (why)
                    hold_back(job, why);
                free(why);
            }
            break;
        }
        case IOP_SCOPE_ALL: {
            build_job *job = add_job(plan, &cap, t, opts, NULL);
            char *why = NULL;
            for (size_t c = 0; c < opts->n_committees && !why; c++)
                why = iop_report_held_back(model, opts->committees[c]);
            if (!opts->n_committees)
                why = iop_report_held_back(model, NULL);
            if (why)
                hold_back(job, why);
            free(why);
            break;
        }
        case IOP_SCOPE_AGREEMENT:
            if (opts->combine) {
                build_job *job = add_job(plan, &cap, t, opts, NULL);
                job->agreement = "";
                break;
            }
            for (size_t a = 0; a < model->n_agreements; a++) {
                const iop_agreement *ag = model->agreements[a];
                if (!agreement_of_wanted_committee(opts, ag))
                    continue;
                iop_year_status ys = iop_agreement_year_status(ag, opts->year);
                if (ys.status == IOP_STATUS_OUTSIDE)
                    continue;
                build_job *job = add_job(plan, &cap, t, opts, ag->id);
                job->agreement = ag->id;
            }
            break;
        }
    }
    refuse_collisions(plan, diag);
    /* committee ids are referenced by the jobs: keep the array until the
     * plan goes (its strings are freed with it) */
    plan->committee_ids = committees;
    /* a catalogue's record lists every input file: their digests are made
     * once here, before the workers are forked, not once per report */
    bool catalogue = false;
    for (size_t i = 0; i < plan->n_jobs; i++)
        catalogue = catalogue || (!plan->jobs[i].committee && !(plan->jobs[i].agreement &&
                                                                 *plan->jobs[i].agreement));
    if (catalogue) {
        plan->source_sha256 = iop_xcalloc(model->n_sources + 1, sizeof *plan->source_sha256);
        for (size_t i = 0; i < model->n_sources; i++)
            plan->source_sha256[i] = prov_sha256_file(model->sources[i].path);
        plan->n_source_sha256 = model->n_sources;
    }
    return true;
}

static int by_path(const void *x, const void *y)
{
    const iop_source *a = *(const iop_source *const *)x, *b = *(const iop_source *const *)y;
    return strcmp(a->path, b->path);
}

/* The digest of the bytes of `path` found valid, or 0. */
static uint64_t validated_digest(const iop_source *const *sorted, size_t n, const char *path)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(sorted[mid]->path, path);
        if (c == 0)
            return sorted[mid]->status == IOP_SOURCE_OK ? sorted[mid]->digest : 0;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

void build_plan_settle_inputs(build_plan *plan, const iop_model *model)
{
    build_reread *r = build_reread_new(model);
    /* what the worker reads again was validated here: it need not be
     * again when its bytes are the same (their digest; the sources go
     * with the index) */
    const iop_source **sorted = iop_xcalloc(model->n_sources + 1, sizeof *sorted);
    for (size_t i = 0; i < model->n_sources; i++)
        sorted[i] = &model->sources[i];
    qsort(sorted, model->n_sources, sizeof *sorted, by_path);
    for (size_t i = 0; i < plan->n_jobs; i++) {
        build_job *job = &plan->jobs[i];
        if (!job->committee || job->outcome != JOB_PENDING)
            continue;
        job->reread = (const char **)build_reread_files(r, job->committee, &job->n_reread,
                                                        &job->n_own);
        if (!job->reread) /* nothing to read is settled too: the index is gone */
            job->reread = iop_xcalloc(1, sizeof *job->reread);
        job->reread_digests = iop_xcalloc(job->n_reread + 1, sizeof *job->reread_digests);
        for (size_t k = 0; k < job->n_reread; k++)
            job->reread_digests[k] = validated_digest(sorted, model->n_sources, job->reread[k]);
    }
    free(sorted);
    build_reread_free(r);
    /* the registers of build_committee_files: every register's file, once */
    size_t cap = 0;
    for (size_t i = 0; i < model->n_committees; i++)
        build_add_file(&plan->registers, &plan->n_registers, &cap, model->committees[i].loc.file);
    /* every report's record lists them all: hashed once, here */
    plan->register_sha256 = iop_xcalloc(plan->n_registers + 1, sizeof *plan->register_sha256);
    for (size_t i = 0; i < plan->n_registers; i++)
        plan->register_sha256[i] = prov_sha256_file(plan->registers[i]);
}

void build_plan_free(build_plan *plan)
{
    for (size_t i = 0; i < plan->n_jobs; i++) {
        free(plan->jobs[i].label);
        free(plan->jobs[i].out_path);
        free(plan->jobs[i].reason);
        free(plan->jobs[i].reread);
        free(plan->jobs[i].reread_digests);
    }
    for (size_t i = 0; plan->register_sha256 && i < plan->n_registers; i++)
        free(plan->register_sha256[i]);
    free(plan->register_sha256);
    free(plan->registers);
    free(plan->jobs);
    for (size_t i = 0; i < plan->n_templates; i++)
        iop_template_free(plan->templates[i]);
    free(plan->templates);
    free(plan->template_args);
    for (size_t i = 0; i < plan->n_held_back; i++)
        free(plan->held_back[i]);
    free(plan->held_back);
    free(plan->idle);
    free(plan->packet_conflict);
    free(plan->batch_data);
    for (size_t i = 0; i < plan->n_source_sha256; i++)
        free(plan->source_sha256[i]);
    free(plan->source_sha256);
    iop_strings_free(plan->committee_ids);
    memset(plan, 0, sizeof *plan);
}
