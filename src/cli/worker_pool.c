/* Jobs run in worker processes forked after the model, the templates and
 * the fonts are loaded, so that every worker shares them (copy on write)
 * and holds only one report's working set of its own.  A worker that
 * crashes costs the report it was making, nothing else: the parent marks
 * that job failed and starts another worker for the rest.
 *
 * Protocol, one line a message:
 *   parent → worker   "INDEX\n"                      make job INDEX
 *   worker → parent   "M TEXT\n"                     a message for the user
 *                     "R OUTCOME PAGES REASON\n"     job done (REASON may be empty)
 * A worker exits when its command pipe closes.
 *
 * Every report has a time limit (--time-limit): a worker that passes it
 * gets SIGTERM (its handler removes the half-written PDF), SIGKILL a few
 * seconds later, and its report is named as failed with the reason. */
#include "build.h"
#include "iopreport/cli.h"
#include "iopreport/layout.h"
#include "iopreport/render.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* After SIGTERM, how long a worker has to go before SIGKILL. */
#define STOP_GRACE_SECONDS 5.0

typedef struct worker {
    pid_t pid;
    int to, from;   /* -1 when closed */
    long job;       /* index of the job it is making, or -1 */
    iop_strbuf in;  /* bytes read, up to a complete line */
    double started; /* when it was given its job (monotonic seconds) */
    int stopping;   /* 0; 1 SIGTERM sent for the time limit; 2 SIGKILL sent */
    double stop_sent;
} worker;

typedef struct pool {
    build_context *ctx;
    build_progress *progress;
    worker *workers;
    size_t n_workers;
    size_t next;    /* first job not yet handed out */
} pool;

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

/* One line without newlines, whatever the message held. */
static void send_line(int fd, const char *prefix, const char *text)
{
    char *line = iop_xasprintf("%s%s\n", prefix, text ? text : "");
    for (char *p = line; p[1]; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    (void)write_all(fd, line, strlen(line));
    free(line);
}

static void send_message(const iop_diag_entry *e, void *user)
{
    char *text = iop_diag_format(e);
    send_line(*(int *)user, "M ", text);
    free(text);
}

static const char *outcome_word(job_outcome o)
{
    return o == JOB_WROTE ? "wrote" : o == JOB_CURRENT ? "current" : "failed";
}

/* ---- the worker side ---- */

#ifdef __GLIBC__
/* The process's anonymous memory that is resident, in KiB, or -1. */
static long anon_resident_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    unsigned long size, resident, file_backed;
    int n = fscanf(f, "%lu %lu %lu", &size, &resident, &file_backed);
    fclose(f);
    long page = sysconf(_SC_PAGESIZE);
    if (n != 3 || page <= 0 || file_backed > resident)
        return -1;
    return (long)((resident - file_backed) * (unsigned long)page / 1024);
}

/* How far a worker's anonymous memory may rise over what it held after
 * its last trim before the free part is given back.  A worker's caches
 * (glyphs, fonts, hyphenated words) and the holes its reports leave
 * settle about 4 MiB over its first report's trimmed level and stay
 * there for hundreds of reports (12.6 -> 16.7-17.2 MiB at 10 000
 * agreements); a report much larger than the rest goes over this (one of
 * 550 pages left 110 MiB, 55 after the trim), and the worker does not
 * carry its free memory on. */
#define HEAP_SLACK_KIB (8 * 1024L)
#endif

/* After each report: trim the heap after the first report, so that
 * `*usual_kib` starts from what the worker holds for good, and after any
 * that left it holding more than the slack over that. */
static void settle_heap(long *usual_kib)
{
#ifdef __GLIBC__
    long now = anon_resident_kib();
    if (now >= 0 && *usual_kib >= 0 && now <= *usual_kib + HEAP_SLACK_KIB)
        return;
    malloc_trim(0);
    *usual_kib = anon_resident_kib();
#else
    (void)usual_kib;
#endif
}

static void worker_main(build_context *ctx, int in_fd, int out_fd)
{
#ifdef __GLIBC__
    /* A worker makes hundreds of reports of much the same size, so it
     * keeps the memory one report freed for the next: the free memory at
     * the heap's end is given back only beyond 4 MiB, and settle_heap()
     * trims the rest only when a report left much more than usual.  Every
     * page given back is a page fault when the next report takes it
     * again, and a fault costs 1 to 10 us depending on the host (10 on a
     * VM whose host takes freed pages back): trimming after every report,
     * as until stop 19, was a quarter of a batch's CPU time there
     * (bench/README.md, stop 20).  The trim threshold is set here because
     * a worker would otherwise inherit the parent's 128 KiB (cmd_build.c).
     * A report's large blocks, 128-600 KiB each (cairo's PDF in memory,
     * the report data's text, the finishing step's object table), come
     * from that kept heap too: mapped on their own, as glibc does from
     * 128 KiB, each was fresh pages in every report, half of a batch's page
     * faults (26 000 -> 14 700 at 1 000 agreements, CPU -2 %; peak PSS at
     * 1 000 and 10 000 agreements within the noise, stop 22).  Blocks of
     * 1 MiB or more are still mapped on their own, so that one much
     * larger report leaves no holes that the worker carries on. */
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
#endif
    FILE *in = fdopen(in_fd, "r");
    if (!in)
        _exit(3);
    long usual_kib = -1;
    char line[64];
    while (fgets(line, sizeof line, in)) {
        char *end;
        unsigned long idx = strtoul(line, &end, 10);
        if (end == line || idx >= ctx->plan->n_jobs)
            _exit(3);
        /* a copy: the outcome goes back through the pipe, and writing it
         * into the plan would copy the plan's pages into this worker */
        build_job job = ctx->plan->jobs[idx];
        iop_diag *diag = iop_diag_new();
        int fd = out_fd;
        iop_diag_set_callback(diag, send_message, &fd);
        build_job_run(ctx, &job, diag);
        iop_diag_free(diag);
        char head[64];
        snprintf(head, sizeof head, "R %s %d ", outcome_word(job.outcome), job.pages);
        send_line(out_fd, head, job.reason);
        /* what the job left behind is this worker's own; free it so that
         * the next job starts from the same working set */
        free(job.reason);
        settle_heap(&usual_kib);
    }
    _exit(0);
}

/* ---- the parent side ---- */

static bool spawn(pool *p, worker *w)
{
    /* a child forked while another thread holds a lock waits for it forever */
    if (!iop_layout_quiesce_threads(2000))
        return false;
    int to[2], from[2];
    if (pipe(to) != 0)
        return false;
    if (pipe(from) != 0) {
        close(to[0]);
        close(to[1]);
        return false;
    }
    fflush(NULL); /* buffered output must not be written twice */
    pid_t pid = fork();
    if (pid < 0) {
        close(to[0]), close(to[1]), close(from[0]), close(from[1]);
        return false;
    }
    if (pid == 0) {
        /* the other workers' pipes must not stay open here, or they would
         * never see their end of file */
        for (size_t i = 0; i < p->n_workers; i++) {
            if (p->workers[i].to >= 0)
                close(p->workers[i].to);
            if (p->workers[i].from >= 0)
                close(p->workers[i].from);
        }
        close(to[1]);
        close(from[0]);
        signal(SIGPIPE, SIG_DFL);
        worker_main(p->ctx, to[0], from[1]);
    }
    close(to[0]);
    close(from[1]);
    w->pid = pid;
    w->to = to[1];
    w->from = from[0];
    w->job = -1;
    w->stopping = 0;
    iop_strbuf_clear(&w->in);
    return true;
}

static bool next_pending(pool *p, size_t *idx)
{
    while (p->next < p->ctx->plan->n_jobs && p->ctx->plan->jobs[p->next].outcome != JOB_PENDING)
        p->next++;
    if (p->next >= p->ctx->plan->n_jobs)
        return false;
    *idx = p->next++;
    return true;
}

/* Give an idle worker its next job, or let it go when there is none. */
static void hand_out(pool *p, worker *w)
{
    size_t idx;
    if (!next_pending(p, &idx)) {
        if (w->to >= 0)
            close(w->to);
        w->to = -1;
        return;
    }
    char line[32];
    int n = snprintf(line, sizeof line, "%zu\n", idx);
    w->job = (long)idx;
    w->started = now_seconds();
    if (!write_all(w->to, line, (size_t)n)) {
        /* the worker is gone; its end of file will fail the job */
        close(w->to);
        w->to = -1;
    }
}

static void finish_job(pool *p, worker *w, job_outcome outcome, int pages, const char *reason)
{
    build_job *job = &p->ctx->plan->jobs[w->job];
    job->outcome = outcome;
    job->pages = pages;
    free(job->reason);
    job->reason = reason && *reason ? iop_xstrdup(reason) : NULL;
    if (outcome == JOB_FAILED && !job->reason)
        job->reason = iop_xstrdup("failed");
    w->job = -1;
    build_progress_job_done(p->progress, job);
}

static void handle_line(pool *p, worker *w, char *line)
{
    if (line[0] == 'M' && line[1] == ' ') {
        build_progress_message(p->progress, line + 2);
        return;
    }
    if (line[0] != 'R' || w->job < 0)
        return;
    char word[16] = "";
    int pages = 0, used = 0;
    if (sscanf(line, "R %15s %d %n", word, &pages, &used) < 2)
        return;
    job_outcome o = strcmp(word, "wrote") == 0     ? JOB_WROTE
                    : strcmp(word, "current") == 0 ? JOB_CURRENT
                                                   : JOB_FAILED;
    finish_job(p, w, o, pages, line + used);
    if (w->stopping) {
        /* done just as it was stopped: it gets no more work */
        if (w->to >= 0)
            close(w->to);
        w->to = -1;
        return;
    }
    hand_out(p, w);
}

static char *describe_exit(int status)
{
    if (WIFSIGNALED(status))
        return iop_xasprintf("the worker making it stopped with signal %d (%s)", WTERMSIG(status),
                             strsignal(WTERMSIG(status)));
    return iop_xasprintf("the worker making it stopped with exit code %d", WEXITSTATUS(status));
}

/* The worker's pipe closed: reap it, fail its job if it had one, and
 * replace it while there is work left. */
static void handle_eof(pool *p, worker *w)
{
    close(w->from);
    w->from = -1;
    if (w->to >= 0)
        close(w->to);
    w->to = -1;
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (w->job >= 0 && w->stopping) {
        char *why = iop_xasprintf("it took longer than the time limit of %d s (--time-limit) and "
                                  "was stopped", p->ctx->opts->time_limit);
        finish_job(p, w, JOB_FAILED, 0, why);
        free(why);
    } else if (w->job >= 0) {
        char *why = describe_exit(status);
        finish_job(p, w, JOB_FAILED, 0, why);
        free(why);
    }
    size_t idx;
    if (next_pending(p, &idx)) {
        p->next = idx; /* not taken yet: hand_out takes it */
        if (spawn(p, w))
            hand_out(p, w);
    }
}

static void read_from(pool *p, worker *w)
{
    char buf[4096];
    ssize_t n = read(w->from, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
        return;
    if (n <= 0) {
        handle_eof(p, w);
        return;
    }
    iop_strbuf_append(&w->in, buf, (size_t)n);
    char *start = w->in.data;
    char *nl;
    while ((nl = memchr(start, '\n', w->in.len - (size_t)(start - w->in.data)))) {
        *nl = '\0';
        handle_line(p, w, start);
        start = nl + 1;
    }
    size_t rest = w->in.len - (size_t)(start - w->in.data);
    char *keep = iop_xstrndup(start, rest);
    iop_strbuf_clear(&w->in);
    iop_strbuf_append(&w->in, keep, rest);
    free(keep);
}

/* In process there is no worker to stop: past the time limit the whole
 * run ends, with the reason, and no half-written PDF. */
static char in_process_stop[4352]; /* the summary line, made before the alarm is set */

static void on_alarm(int sig)
{
    (void)sig;
    iop_render_remove_partial_output();
    ssize_t ignored = write(STDOUT_FILENO, in_process_stop, strlen(in_process_stop));
    (void)ignored;
    _exit(IOP_EXIT_INVALID);
}

static void run_in_process(build_context *ctx, build_progress *progress)
{
    int limit = ctx->opts->time_limit;
    struct sigaction sa = {.sa_handler = on_alarm}, old;
    sigemptyset(&sa.sa_mask);
    if (limit > 0)
        sigaction(SIGALRM, &sa, &old);
    size_t last = 0;
    for (size_t i = 0; i < ctx->plan->n_jobs; i++)
        if (ctx->plan->jobs[i].outcome == JOB_PENDING)
            last = i;
    for (size_t i = 0; i < ctx->plan->n_jobs; i++) {
        build_job *job = &ctx->plan->jobs[i];
        if (job->outcome != JOB_PENDING)
            continue;
        ctx->exit_follows = i == last && !build_frees_at_exit();
        iop_diag *diag = iop_diag_new();
        snprintf(in_process_stop, sizeof in_process_stop,
                 "FAILED   %.4096s: it took longer than the time limit of %d s (--time-limit) "
                 "and was stopped\n", job->out_path, limit);
        fflush(stdout);
        if (limit > 0)
            alarm((unsigned)limit);
        build_job_run(ctx, job, diag);
        if (limit > 0)
            alarm(0);
        for (size_t k = 0; k < iop_diag_size(diag); k++) {
            char *text = iop_diag_format(iop_diag_get(diag, k));
            build_progress_message(progress, text);
            free(text);
        }
        iop_diag_free(diag);
        build_progress_job_done(progress, job);
    }
    if (limit > 0)
        sigaction(SIGALRM, &old, NULL);
}

/* Milliseconds until the next deadline of a busy worker, -1 for none. */
static int next_deadline_ms(const pool *p, double now)
{
    int limit = p->ctx->opts->time_limit;
    double soonest = -1;
    for (size_t i = 0; i < p->n_workers; i++) {
        const worker *w = &p->workers[i];
        if (w->from < 0 || w->job < 0 || limit <= 0 || w->stopping >= 2)
            continue;
        double at = w->stopping ? w->stop_sent + STOP_GRACE_SECONDS : w->started + limit;
        if (soonest < 0 || at < soonest)
            soonest = at;
    }
    if (soonest < 0)
        return -1;
    double ms = (soonest - now) * 1000.0 + 1;
    return ms < 0 ? 0 : ms > 1e9 ? 1000000000 : (int)ms;
}

/* A worker past its report's time limit is stopped; its end of file then
 * fails the report with the reason. */
static void stop_overdue(pool *p, double now)
{
    int limit = p->ctx->opts->time_limit;
    if (limit <= 0)
        return;
    for (size_t i = 0; i < p->n_workers; i++) {
        worker *w = &p->workers[i];
        if (w->from < 0 || w->job < 0)
            continue;
        if (w->stopping == 0 && now >= w->started + limit) {
            (void)kill(w->pid, SIGTERM);
            w->stopping = 1;
            w->stop_sent = now;
        } else if (w->stopping == 1 && now >= w->stop_sent + STOP_GRACE_SECONDS) {
            (void)kill(w->pid, SIGKILL);
            w->stopping = 2;
        }
    }
}

static size_t count_pending(const build_plan *plan)
{
    size_t pending = 0;
    for (size_t i = 0; i < plan->n_jobs; i++)
        pending += plan->jobs[i].outcome == JOB_PENDING;
    return pending;
}

bool worker_pool_in_process(const build_plan *plan)
{
    /* One report has no others to protect from a crash; a worker would
     * only cost its start (about a seventh of a small report's time). */
    return count_pending(plan) <= 1 || build_env_flag("IOPREPORT_NO_FORK");
}

void worker_pool_run(build_context *ctx, build_progress *progress, int n_workers)
{
    size_t pending = count_pending(ctx->plan);
    if (pending == 0)
        return;
    if (worker_pool_in_process(ctx->plan)) {
        /* one report and a core to spare (-j 2 or more): the typesetter
         * shapes its end on a second thread */
        if (pending == 1 && n_workers > 1) {
            ctx->spare_core = true;
            iop_layout_set_threads(ctx->layout, 2);
        }
        /* the process makes one report and ends: what it touches from
         * here is fresh memory, cheaper in huge pages (util.h) */
        if (pending == 1)
            iop_huge_pages_use();
        run_in_process(ctx, progress);
        return;
    }

    iop_huge_pages_forgo(); /* workers keep their memory: see util.h */
    pool p = {.ctx = ctx, .progress = progress};
    p.n_workers = (size_t)(n_workers < 1 ? 1 : n_workers);
    if (p.n_workers > pending)
        p.n_workers = pending;
    p.workers = iop_xcalloc(p.n_workers, sizeof *p.workers);
    for (size_t i = 0; i < p.n_workers; i++)
        p.workers[i] = (worker){.pid = -1, .to = -1, .from = -1, .job = -1, .stopping = 0};

    /* a worker that dies must not take the parent with it through SIGPIPE */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);

    size_t live = 0;
    for (size_t i = 0; i < p.n_workers; i++) {
        if (!spawn(&p, &p.workers[i]))
            break;
        live++;
        hand_out(&p, &p.workers[i]);
    }
    if (live == 0) {
        build_progress_message(progress, "warning: could not start worker processes; making "
                                         "the reports one after the other in this process");
        run_in_process(ctx, progress);
    }

    struct pollfd *fds = iop_xcalloc(p.n_workers, sizeof *fds);
    for (;;) {
        size_t n = 0;
        for (size_t i = 0; i < p.n_workers; i++)
            if (p.workers[i].from >= 0)
                fds[n++] = (struct pollfd){.fd = p.workers[i].from, .events = POLLIN};
        if (n == 0)
            break;
        int ready = poll(fds, n, next_deadline_ms(&p, now_seconds()));
        stop_overdue(&p, now_seconds());
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (size_t k = 0; k < n; k++) {
            if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            for (size_t i = 0; i < p.n_workers; i++)
                if (p.workers[i].from == fds[k].fd)
                    read_from(&p, &p.workers[i]);
        }
    }
    free(fds);
    for (size_t i = 0; i < p.n_workers; i++)
        iop_strbuf_free(&p.workers[i].in);
    free(p.workers);
    sigaction(SIGPIPE, &old, NULL);
    /* jobs never handed out (no worker could be started again) */
    for (size_t i = 0; i < ctx->plan->n_jobs; i++)
        if (ctx->plan->jobs[i].outcome == JOB_PENDING) {
            ctx->plan->jobs[i].outcome = JOB_FAILED;
            ctx->plan->jobs[i].reason = iop_xstrdup("no worker process could be started");
        }
}
