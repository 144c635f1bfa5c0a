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

void build_progress_message(build_progress *p, const char *line)
{
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

int build_summary(const build_plan *plan, const build_options *opts, bool input_valid)
{
    size_t wrote = 0, current = 0, failed = plan->n_held_back;
    for (size_t i = 0; i < plan->n_jobs; i++) {
        const build_job *job = &plan->jobs[i];
        switch (job->outcome) {
        case JOB_WROTE:
            wrote++;
            if (opts->verbosity > 0)
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
    printf("%zu written, %zu up to date, %zu not written; report year %d\n", wrote, current, failed,
           opts->year);
    if (fflush(stdout) != 0)
        return IOP_EXIT_INVALID;
    return failed == 0 && opts->data.n_left_out == 0 && input_valid ? IOP_EXIT_OK : IOP_EXIT_INVALID;
}
