/* What a build shows while it works and when it is done.  On a terminal a
 * single progress line (done / total, elapsed, the report just made);
 * otherwise nothing but messages and the closing summary, so that logs and
 * scripts get stable output. */
#include "build.h"
#include "iopreport/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The kinds of remark as the report data names them, and what a line on
 * stderr says of them. */
static const struct {
    const char *kind, *text;
} remark_kinds[] = {
    {"no-idea-based-contribution",
     "no contribution or commitment of an idea-based party recorded (a gap in the agreement data)"},
    {"cost-not-recorded", "no cost for the committee recorded for the year (a gap in the agreement data)"},
    {"short-period", "partnership shorter than a year"},
    {"high-municipal-share", "municipal share of the value above 75 %"},
    {"expiring", "ends within twelve months of the document's date: a decision on extension is due"},
};
#define N_REMARK_KINDS (sizeof remark_kinds / sizeof remark_kinds[0])

struct build_progress {
    size_t total, done;
    int verbosity;
    bool tty;          /* stdout is a terminal: draw the progress line */
    bool shown;        /* the progress line is on the screen now */
    struct timespec start;
    /* messages already printed: the same remark comes from every committee
     * an agreement belongs to, and once is enough */
    char **seen;
    size_t cap_seen, n_seen;
    size_t remarks[N_REMARK_KINDS]; /* agreements per kind of remark */
};

static uint64_t hash_str(const char *s)
{
    return build_digest_string(IOP_DIGEST_SEED, s);
}

/* True when `s` was not seen before (and remember it). */
static bool first_time(build_progress *p, const char *s)
{
    if ((p->n_seen + 1) * 2 > p->cap_seen) {
        size_t cap = p->cap_seen ? p->cap_seen * 2 : 64;
        char **seen = iop_xcalloc(cap, sizeof *seen);
        for (size_t i = 0; i < p->cap_seen; i++) {
            if (!p->seen[i])
                continue;
            size_t k = hash_str(p->seen[i]) & (cap - 1);
            while (seen[k])
                k = (k + 1) & (cap - 1);
            seen[k] = p->seen[i];
        }
        free(p->seen);
        p->seen = seen;
        p->cap_seen = cap;
    }
    size_t k = hash_str(s) & (p->cap_seen - 1);
    for (; p->seen[k]; k = (k + 1) & (p->cap_seen - 1))
        if (strcmp(p->seen[k], s) == 0)
            return false;
    p->seen[k] = iop_xstrdup(s);
    p->n_seen++;
    return true;
}

build_progress *build_progress_new(size_t total, int verbosity)
{
    build_progress *p = iop_xcalloc(1, sizeof *p);
    p->total = total;
    p->verbosity = verbosity;
    p->tty = verbosity > 0 && isatty(STDOUT_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    return p;
}

static void draw(build_progress *p, const char *label);

void build_progress_start(build_progress *p)
{
    draw(p, "");
}

static void clear_line(build_progress *p)
{
    if (!p->shown)
        return;
    fputs("\r\033[K", stdout);
    fflush(stdout);
    p->shown = false;
}

static void draw(build_progress *p, const char *label)
{
    if (!p->tty)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long secs = (long)(now.tv_sec - p->start.tv_sec);
    printf("\r\033[K[%zu/%zu] %ld:%02ld %.60s", p->done, p->total, secs / 60, secs % 60,
           label ? label : "");
    fflush(stdout);
    p->shown = true;
}

void build_progress_job_done(build_progress *p, const build_job *job)
{
    p->done++;
    if (p->verbosity >= 2) {
        clear_line(p);
        const char *what = job->outcome == JOB_WROTE     ? "wrote"
                           : job->outcome == JOB_CURRENT ? "up to date"
                                                         : "FAILED";
        printf("[%zu/%zu] %s: %s\n", p->done, p->total, job->label, what);
    }
    draw(p, job->label);
}

/* A remark of a job: count the agreement once per kind, print nothing. */
static bool count_remark(build_progress *p, const char *line)
{
    const char *tag = strstr(line, ": note: " BUILD_REMARK_TAG);
    if (!tag)
        return false;
    const char *kind = tag + strlen(": note: " BUILD_REMARK_TAG);
    if (!first_time(p, kind)) /* "KIND ID": the same agreement from another committee */
        return true;
    for (size_t i = 0; i < N_REMARK_KINDS; i++) {
        size_t n = strlen(remark_kinds[i].kind);
        if (strncmp(kind, remark_kinds[i].kind, n) == 0 && kind[n] == ' ')
            p->remarks[i]++;
    }
    return true;
}

void build_progress_finish(build_progress *p, int year)
{
    if (p->verbosity == 0)
        return;
    bool any = false;
    clear_line(p);
    for (size_t i = 0; i < N_REMARK_KINDS; i++) {
        if (!p->remarks[i])
            continue;
        fprintf(stderr, "remarks: %zu agreement%s: %s\n", p->remarks[i],
                p->remarks[i] == 1 ? "" : "s", remark_kinds[i].text);
        any = true;
    }
    if (any)
        fprintf(stderr, "remarks: the list with 'iopreport summary --year %d --remarks PATH...'\n",
                year);
}

void build_progress_message(build_progress *p, const char *line)
{
    if (count_remark(p, line))
        return;
    if (p->verbosity == 0 && !strstr(line, ": error: ") && strncmp(line, "error", 5) != 0)
        return;
    if (!first_time(p, line))
        return;
    clear_line(p);
    fprintf(stderr, "%s\n", line);
}

void build_progress_free(build_progress *p)
{
    if (!p)
        return;
    clear_line(p);
    for (size_t i = 0; i < p->cap_seen; i++)
        free(p->seen[i]);
    free(p->seen);
    free(p);
}

/* What an invalid input that held back no report changed: exit status 1
 * with "0 not written" must not be a riddle. */
static size_t explain_invalid_inputs(const iop_model *model)
{
    size_t n = 0;
    for (size_t i = 0; i < model->n_sources; i++) {
        const iop_source *s = &model->sources[i];
        if (s->status != IOP_SOURCE_INVALID || s->n_committees > 0)
            continue;
        n++;
        switch (s->kind) {
        case IOP_SOURCE_KIND_REGISTER:
            printf("invalid  %s: the committee register was not read: names and signatories "
                   "come from the agreements\n", s->path);
            break;
        case IOP_SOURCE_KIND_AGREEMENTS:
            printf("invalid  %s: its agreements name no committee; they are left out\n",
                   s->path);
            break;
        case IOP_SOURCE_KIND_UNKNOWN:
            printf("invalid  %s: not an agreement file or committee register (see the errors "
                   "above); it was left out: move it out of the folder, or fix it\n", s->path);
            break;
        }
    }
    return n;
}

int build_summary(const build_plan *plan, const build_options *opts, const iop_model *model,
                  bool input_valid)
{
    size_t wrote = 0, current = 0, failed = plan->n_held_back;
    for (size_t i = 0; i < plan->n_jobs; i++) {
        const build_job *job = &plan->jobs[i];
        switch (job->outcome) {
        case JOB_WROTE:
            wrote++;
            if (opts->verbosity > 0 && job->pages == 0) /* an ODT: pages are the editor's */
                printf("wrote    %s\n", job->out_path);
            else if (opts->verbosity > 0)
                printf("wrote    %s (%d page%s)\n", job->out_path, job->pages,
                       job->pages == 1 ? "" : "s");
            break;
        case JOB_CURRENT:
            current++;
            if (opts->verbosity > 0)
                printf("current  %s\n", job->out_path);
            break;
        default: {
            failed++;
            /* reasons and the lines below name input files: bytes, never raw */
            char *why = iop_utf8_clean(job->reason ? job->reason : "failed", false);
            printf("FAILED   %s: %s\n", job->out_path, why);
            free(why);
            break;
        }
        }
    }
    for (size_t i = 0; i < plan->n_held_back; i++) {
        char *what = iop_utf8_clean(plan->held_back[i], false);
        printf("FAILED   %s\n", what);
        free(what);
    }
    for (size_t i = 0; i < opts->data.n_left_out; i++) {
        char *path = iop_utf8_clean(opts->data.left_out[i], false);
        printf("left out %s (could not be read; named on every report's first page)\n", path);
        free(path);
    }
    for (size_t i = 0; i < plan->n_held_back; i++)
        printf("FAILED   %s\n", plan->held_back[i]);
    for (size_t i = 0; i < opts->data.n_left_out; i++)
        printf("left out %s (could not be read; named on every report's first page)\n",
               opts->data.left_out[i]);
    if (plan->n_idle) {
        printf("no report for %zu committee%s without an agreement in %d (give --committee ID "
               "to write one anyway): ", plan->n_idle, plan->n_idle == 1 ? "" : "s", opts->year);
        for (size_t i = 0; i < plan->n_idle; i++)
            printf("%s%s", i ? ", " : "", plan->idle[i]);
        printf("\n");
    }
    /* a run that makes nothing at all was most likely given the wrong year */
    bool nothing = plan->n_jobs == 0 && plan->n_held_back == 0 && plan->n_idle > 0;
    if (nothing)
        printf("nothing to write: no agreement runs in %d; give --year for another year, or "
               "--committee ID for a report that says so\n", opts->year);
    size_t invalid = explain_invalid_inputs(model);
    printf("%zu written, %zu up to date, %zu not written; report year %d%s", wrote, current,
           failed, opts->year, opts->year_default ? " (the last full year; give --year for "
                                                     "another)" : "");
    if (invalid)
        printf("; %zu input%s invalid", invalid, invalid == 1 ? "" : "s");
    printf("\n");
    if (fflush(stdout) != 0)
        return IOP_EXIT_INVALID;
    return failed == 0 && opts->data.n_left_out == 0 && input_valid && !nothing
               ? IOP_EXIT_OK
               : IOP_EXIT_INVALID;
}
