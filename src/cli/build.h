/* Private to the CLI layer: `iopreport build`, split by job.
 *   cmd_build.c    options, the run from start to summary
 *   build_plan.c   the templates loaded, which reports to make and which to
 *                  hold back, the data shared by catalogue reports
 *   build_job.c    one report: data → template → layout → PDF (or → ODT), skip if current
 *   build_packet.c one committee's meeting packet: every template's document
 *                  laid out and joined into one PDF (docs/packet.md)
 *   build_digest.c what a PDF was made from, kept beside it
 *   provenance.c   the record of inputs inside each PDF (provenance.h)
 *   worker_pool.c  jobs in worker processes, a crash costs one report only
 *   build_progress.c progress on a terminal and the closing summary
 *   output_name.c  ids turned into file names that stay inside --out
 *   build_compare.c year over year: --compare, --compare-with */
#ifndef IOP_CLI_BUILD_H
#define IOP_CLI_BUILD_H

#include "iopreport/aggregate.h"
#include "iopreport/layout.h"
#include "iopreport/model.h"
#include "iopreport/template.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- options ---- */

/* Seconds one report may take (--time-limit): a report of a whole
 * municipality takes a few; ten minutes means something is wrong. */
#define BUILD_DEFAULT_TIME_LIMIT 600

typedef struct build_options {
    int year;
    bool year_default;          /* no --year: the last full year */
    const char *out_dir;
    const char **templates;  size_t n_templates;   /* names or paths, in order */
    const char *const *paths; size_t n_paths;      /* the files and folders, as given */
    const char **committees; size_t n_committees;  /* --committee filter, or none */
    iop_template_param *params; size_t n_params;   /* --title, --param... */
    char *highlight;            /* --highlight ids joined by spaces, or NULL: for the
                                   digest and the provenance record; the template
                                   gets them as a list in the report data (data) */
    char *proposal;             /* --proposal decisions, one per line, or NULL */
    bool combine;               /* agreement scope: one document for all */
    const char *packet;         /* --packet NAME: one PDF per committee of every
                                   template's documents, or NULL */
    bool packet_per_document;   /* --packet-numbering=per-document */
    bool odt;                   /* --format odt: editable OpenDocument texts, not PDFs */
    bool keep_going;
    bool force;
    int jobs;                   /* workers */
    int time_limit;             /* seconds one report may take; 0: no limit */
    int verbosity;              /* 0 quiet, 1 normal, 2 verbose */
    int compare;                /* --compare 1, --no-compare 0, default -1 (auto) */
    const char *compare_with;   /* --compare-with: an earlier export, or NULL */
    iop_model *earlier;         /* that export, loaded (build_compare_load); owned */
    iop_report_data_options data;
} build_options;

/* ---- year over year (build_compare.c) ---- */

/* Load --compare-with's folder into o->earlier, printing its problems
 * with file:line; false (after saying so) when it has errors. */
bool build_compare_load(build_options *o);
/* Whether a committee report of `tmpl` gets the comparison with the year
 * before: --compare/--no-compare, else on for arsrapport and
 * tjansteskrivelse when the model has agreements in force in Y−1. */
/* build_compare_wanted of any of `n` templates: a packet's parts share one
 * report data. */
bool build_compare_wanted_any(const build_options *o, const iop_model *model,
                              iop_template *const *tmpls, size_t n);
bool build_compare_wanted(const build_options *o, const iop_model *model,
                          const iop_template *tmpl);

/* ---- the plan ---- */

typedef enum job_outcome {
    JOB_PENDING = 0,
    JOB_WROTE,
    JOB_CURRENT,   /* up to date, skipped */
    JOB_FAILED
} job_outcome;

typedef struct build_job {
    iop_template *tmpl;          /* borrowed from the plan */
    const char *committee;       /* committee scope: its id; else NULL */
    const char *agreement;       /* agreement scope: its id ("" combined); else NULL */
    bool packet;                 /* the committee's packet of every template (tmpl NULL) */
    char *label;                 /* for progress: "malmo-asn arsrapport" */
    char *out_path;              /* OUT/<name>.pdf (or .odt) */
    job_outcome outcome;
    char *reason;                /* FAILED: why (one line) */
    int pages;
    bool compare;                /* committee scope: the report data compares with the
                                    year before (build_compare_wanted), settled once */
    const char **reread;         /* committee scope, index model: the files its report
                                    reads again (build_committee_reread_files), settled
                                    by build_plan_settle_inputs; owned, the strings the
                                    model's; NULL: asked of the model */
    size_t n_reread;
    uint64_t *reread_digests;    /* per file of reread: the digest of the bytes the
                                    parent found valid (iop_source.digest), or 0; owned */
    size_t n_own;                /* of those, the first n_own: its agreements' files */
} build_job;

typedef struct build_plan {
    iop_template **templates;   size_t n_templates;   /* owned */
    const char **template_args;                       /* each as given (borrowed) */
    build_job *jobs;            size_t n_jobs;        /* owned */
    char **held_back;           size_t n_held_back;   /* messages of reports not made */
    const char **idle;          size_t n_idle;        /* committees without an agreement
                                                         in the year: no report unless
                                                         --committee names them */
    char *batch_data;           size_t batch_data_len;/* "all" report data, when needed */
    uint64_t batch_digest;
    const char *declared_packet;                      /* iop:packet of the templates (borrowed
                                                         from one), or NULL */
    char *packet_conflict;                            /* two templates declare different
                                                         packets: the message, or NULL */
    char **committee_ids;                             /* owned; jobs point into it */
    char **source_sha256;       size_t n_source_sha256; /* SHA-256 of each model source
                                                         (NULL: unreadable), made once
                                                         when a catalogue is planned */
    char **registers;           size_t n_registers;   /* with settled inputs: every
                                                         register file, in register order
                                                         (the model's strings) */
    char **register_sha256;     /* with settled inputs: each register's SHA-256 (hex),
                                   made once here rather than by every report
                                   (a batch of 1 000 committees has 100 registers;
                                   NULL entries: unreadable); owned */
} build_plan;

/* Load the templates into the plan (a template that cannot be loaded is
 * reported to diag and noted as held back), and note the packet they
 * declare (iop:packet), which makes the run a --packet run unless
 * --packet names another.  Returns true when every template makes
 * committee reports.  Free the plan with build_plan_free()
 * whatever happens next. */
bool build_plan_templates(build_plan *plan, const build_options *opts, iop_diag *diag);

/* Decide the jobs: for each committee-scope template, every committee
 * with an agreement in the year (or each --committee one, even without);
 * the others are listed in plan->idle.  One job for an all-scope
 * template; one per agreement of the year for an agreement-scope
 * template, or one for all with --combine.  Reports that an invalid file
 * could change are held back (FAILED jobs with a reason); two outputs
 * with the same name are both FAILED.  Also makes, once, what several
 * jobs share: the report data of every agreement (batch_data) and the
 * SHA-256 of every input for a catalogue's record.  Returns false (after
 * reporting to diag) on errors that stop the whole build: files left out
 * without --keep-going, a --committee that nothing names. */
bool build_plan_make(build_plan *plan, const iop_model *model, const build_options *opts,
                     iop_diag *diag);
/* For a batch over an index model: what each committee job reads again and
 * names in its record, taken from the index once, so that the index can be
 * dropped (iop_model_drop_index) before the workers are forked and no
 * worker scans it per report. */
void build_plan_settle_inputs(build_plan *plan, const iop_model *model);
void build_plan_free(build_plan *plan);
/* The report data of an all-scope or agreement-scope template (every
 * agreement, or those of --committee). Caller frees; NULL on failure. */
char *build_batch_data(const iop_model *model, const build_options *opts);

/* ---- one job ---- */

/* What a worker needs that is the same for every job; set up once before
 * the workers are forked so that they share it. */
typedef struct build_context {
    const iop_model *model;
    const build_options *opts;
    build_plan *plan;
    iop_layout *layout;
    bool details_dropped;  /* the model is an index: each report rereads its files */
    bool exit_follows;     /* the process ends after this job (build_frees_at_exit) */
    bool spare_core;       /* one report made alone, -j 2 or more: it may use two threads */
} build_context;

/* Whether the run frees what it holds at its end.  A normal run leaves
 * it (the last report's pages and document, the typesetter whose fonts
 * they use, the plan with its compiled templates, the model, libxml2's
 * and libxslt's global state) to the process's exit, which takes the
 * memory back at once, rather than freeing it piece by piece just
 * before, as compilers do (14 M instructions, 1.7 %, of a one-committee
 * report).  A build with sanitizers (IOPREPORT_SANITIZE, which defines
 * IOP_FREE_AT_EXIT) frees everything, so that its leak check still finds
 * what a worker would lose report after report, and so does a run with
 * IOPREPORT_FREE_AT_EXIT=1 (memcheck's leak count in
 * tests/e2e/valgrind.sh: pango objects alive at the exit are reachable
 * only through GObjects' inner pointers, and memcheck counts a varying
 * number of them lost).  What is left stays reachable from static
 * storage. */
bool build_frees_at_exit(void);
/* Whether the environment variable `name` is set to something other than
 * "" or "0" (IOPREPORT_NO_FORK, IOPREPORT_FREE_AT_EXIT). */
bool build_env_flag(const char *name);

/* Run one job; messages for the user go to `diag`.  Sets job->outcome,
 * job->reason and job->pages. */
void build_job_run(build_context *ctx, build_job *job, iop_diag *diag);

/* Shared by build_job.c and build_packet.c. */
/* The report data of the committee job's report, with the comparison with
 * the year before when job->compare, and its digest; NULL (after
 * reporting) on failure.  Remarks are reported to diag for the summary. */
char *build_committee_data(const build_context *ctx, const build_job *job, uint64_t *digest,
                           iop_diag *diag);
/* Append `file` (borrowed) to the list `*files` of `*n` unless it is NULL
 * or listed already: every list of the files a document is made from. */
void build_add_file(char ***files, size_t *n, size_t *cap, const char *file);
/* The files a committee's report is made from: those of its agreements
 * and the registers.  The array is the caller's, the strings the model's. */
char **build_committee_files(const iop_model *model, const char *committee, size_t *n);
/* The same for a committee job: from its settled inputs when it has them.
 * `registers` gets whether each file is a committee register, `shas` (not
 * NULL: the SHA-256 of each file the plan has made, borrowed, else NULL
 * entries).  The arrays are the caller's. */
char **build_job_files(const build_context *ctx, const build_job *job, bool **registers,
                       const char ***shas, size_t *n);
/* What a report made from an index model reads again (build_reread.c):
 * the committee's agreement files and the registers of the committees
 * those files name, not every register.  Same ownership. */
char **build_committee_reread_files(const iop_model *model, const char *committee, size_t *n);
/* The same for every committee of a batch, from one pass over the index. */
typedef struct build_reread build_reread;
build_reread *build_reread_new(const iop_model *model);
/* `n_own` (may be NULL) gets how many of the files are agreement files. */
char **build_reread_files(const build_reread *r, const char *committee, size_t *n,
                          size_t *n_own);
void build_reread_free(build_reread *r);
/* Mark `job` FAILED with the first error of `diag`, or `fallback`. */
void build_job_fail(build_job *job, const iop_diag *diag, const char *fallback);

/* The committee's packet (job->packet): every template's documents for the
 * committee in the order given, laid out, joined and written as one PDF. */
void build_packet_run(build_context *ctx, build_job *job, iop_diag *diag);

/* ---- digests ---- */

uint64_t build_digest_string(uint64_t h, const char *s);
/* The digest of report data without its <generated> date: a new day
 * alone does not make a report out of date. */
uint64_t build_digest_report_data(const char *xml);
/* True when `pdf` exists and the record beside it says it was made from `digest`. */
bool build_digest_is_current(const char *pdf, uint64_t digest);
/* Record beside `pdf` that it was made from `digest`; false on failure. */
bool build_digest_record(const char *pdf, uint64_t digest);
/* The record's path for `pdf`. Caller frees. */
char *build_digest_path(const char *pdf);

/* ---- progress and summary ---- */

typedef struct build_progress build_progress;
build_progress *build_progress_new(size_t total, int verbosity);
/* Show the progress line (on a terminal) before the first report is done. */
void build_progress_start(build_progress *p);
void build_progress_job_done(build_progress *p, const build_job *job);
void build_progress_message(build_progress *p, const char *line);
/* One line per kind of remark with the number of agreements (verbose
 * output only); before build_progress_free. */
void build_progress_finish(build_progress *p, int year);
void build_progress_free(build_progress *p);

/* The message a job gives for each remark ("iop-remark KIND ID"): counted,
 * not printed, by build_progress_message. */
#define BUILD_REMARK_TAG "iop-remark "
/* ---- workers ---- */

/* Run every PENDING job of the plan with `n_workers` worker processes
 * (in-process when IOPREPORT_NO_FORK is set), reporting progress. */
void worker_pool_run(build_context *ctx, build_progress *progress, int n_workers);
/* Whether worker_pool_run makes the reports in this process (one report,
 * or IOPREPORT_NO_FORK set): then no worker shares what is loaded first. */
bool worker_pool_in_process(const build_plan *plan);

/* The closing summary on stdout, with what each invalid input changed;
 * returns the exit code. */
int build_summary(const build_plan *plan, const build_options *opts, const iop_model *model,
                  bool input_valid);

/* ---- names ---- */

/* An id as a file-name part: only [A-Za-z0-9._-], others as '_', no
 * leading '.', never empty, at most 120 bytes.  Caller frees. */
char *build_safe_name(const char *id);

#endif
