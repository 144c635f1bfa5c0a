/* The load layer's entry points: files → sources, agreements and the
 * register in the model, every problem reported with file and line. */
#include "load_internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>

static iop_source *add_source(iop_model *m, const char *path)
{
    m->sources = iop_xreallocarray(m->sources, m->n_sources + 1, sizeof *m->sources);
    iop_source *s = &m->sources[m->n_sources++];
    memset(s, 0, sizeof *s);
    /* the name every location of the file points to already: one copy
     * per file, not two, in a batch of thousands */
    s->path = (char *)iop_model_intern_file(m, path);
    s->status = IOP_SOURCE_OK;
    return s;
}

static void hold_back_committees_of(iop_source *src, const iop_agreement *a)
{
    for (size_t i = 0; i < a->n_parties; i++)
        if (iop_party_committee(&a->parties[i]))
            iop_source_add_committee(src, iop_party_committee(&a->parties[i]));
}

static const xmlNode *enclosing_agreement(const xmlNode *n)
{
    for (; n; n = n->parent)
        if (is_elem(n, "agreement"))
            return n;
    return NULL;
}

/* Errors outside every <agreement> (a wrong root, a broken collection)
 * make the whole file invalid. */
static bool has_file_level_error(const file_ctx *fc)
{
    for (size_t i = 0; i < fc->n_problems; i++) {
        const problem *p = &fc->problems[i];
        if (p->severity == IOP_ERROR && (!p->node || !enclosing_agreement(p->node)))
            return true;
    }
    return false;
}

typedef struct read_item {
    const xmlNode *node;
    iop_agreement *agreement;
    bool bad; /* an error in it, or in its file outside every agreement */
} read_item;

/* One input file: what the main thread gives (its name, its entry in the
 * model's sources) and what any thread finds in it (its messages, its
 * agreements), kept apart so that only the main thread touches the
 * model and the sink. */
typedef struct file_job {
    /* given */
    bool messages_only;  /* a folder's messages, no file */
    const char *file;    /* interned in the model */
    size_t source;       /* the file's entry in model->sources */
    char *path;          /* the file to read (owned) */
    char *why;           /* why it cannot be read (owned), or NULL */
    size_t max_size;
    bool index_only;
    uint64_t validated; /* iop_load_options.validated: found valid before, or 0 */
    /* found */
    iop_diag *messages;   /* in the order they are reported */
    const char *no_files; /* a folder given by name that holds no file */
    bool read, parsed, valid;
    uint64_t digest;
    iop_source_kind kind;
    read_item *items;
    size_t n_items;
    /* a register: its entries go into the model on the main thread, each
     * id checked against those of the registers read before it */
    xmlDoc *register_doc;
    file_ctx register_fc;
} file_job;

/* Everything that needs the file alone: run on any thread. */
static bool load_document(file_ctx *fc, xmlDoc *doc, file_job *j)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) {
        fctx_error_code(fc, NULL, "IOP-ROOT", "the file has no root element");
        return false;
    }
    const char *root_name = (const char *)root->name;
    if (strcmp(root_name, "committees") == 0)
        j->kind = IOP_SOURCE_KIND_REGISTER;
    else if (strcmp(root_name, "agreement") == 0 || strcmp(root_name, "agreements") == 0)
        j->kind = IOP_SOURCE_KIND_AGREEMENTS;
    if (!is_elem(root, "agreement") && !is_elem(root, "agreements") && !is_elem(root, "committees")) {
        const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href : NULL;
        static const char *const roots[] = {"agreement", "agreements", "committees"};
        const char *name = (const char *)root->name;
        const char *meant = iop_closest_name(name, roots, 3);
        /* a root that is none of ours misspelt: another kind of XML file */
        const char *other = "this is not an agreement file (the root must be <agreement>, "
                            "<agreements> or <committees> in urn:iopreport:1): move other XML "
                            "files out of the folders given";
        if (ns && strcmp(ns, IOP_NS) != 0 && !meant)
            fctx_error_code(fc, root, "IOP-ROOT",
                            "the root element <%s> is in the namespace '%s': %s", name, ns, other);
        else if (ns && strcmp(ns, IOP_NS) != 0)
            fctx_error_code(fc, root, "IOP-ROOT",
                            "the root element <%s> is in the namespace '%s'; the root "
                            "element must be in %s: write <%s xmlns=\"%s\" …>",
                            name, ns, IOP_NS, meant, IOP_NS);
        else if (!ns && !meant)
            fctx_error_code(fc, root, "IOP-ROOT", "the root element <%s> has no namespace: %s",
                            name, other);
        else if (!ns)
            fctx_error_code(fc, root, "IOP-ROOT",
                            "the root element <%s> has no namespace; the root element "
                            "must be in %s: write <%s xmlns=\"%s\" …>",
                            name, IOP_NS, meant, IOP_NS);
        else if (!meant)
            fctx_error_code(fc, root, "IOP-ROOT",
                            "the root element must be <agreement>, <agreements> or "
                            "<committees>, not <%s>: %s",
                            name, other);
        else
            fctx_error_code(fc, root, "IOP-ROOT",
                            "the root element must be <agreement>, <agreements> or "
                            "<committees>, not <%s>: did you mean <%s>?",
                            name, meant);
        return false;
    }
    if (!fc->validated) {
        check_names(fc, root);
        check_placeholders(fc, root);
        (void)schema_validate(fc, doc);
    }

    if (is_elem(root, "committees")) {
        j->register_doc = doc;
        return true;
    }

    read_item *items = NULL;
    size_t n_items = 0;
    if (is_elem(root, "agreement")) {
        items = iop_xcalloc(1, sizeof *items);
        items[n_items++].node = root;
    } else {
        for (xmlNode *c = first_elem(root); c; c = next_elem(c)) {
            if (!is_elem(c, "agreement"))
                continue;
            items = iop_xreallocarray(items, n_items + 1, sizeof *items);
            items[n_items++] = (read_item){c, NULL, false};
        }
    }
    for (size_t i = 0; i < n_items; i++) {
        items[i].agreement = read_agreement(fc, items[i].node);
        check_agreement(fc, items[i].node, items[i].agreement);
    }
    bool whole_file_bad = has_file_level_error(fc);
    bool all_ok = !whole_file_bad;
    for (size_t i = 0; i < n_items; i++) {
        items[i].bad = whole_file_bad || fctx_has_error_within(fc, items[i].node);
        all_ok = all_ok && !items[i].bad;
        items[i].node = NULL; /* the tree goes before the items are taken */
    }
    j->items = items;
    j->n_items = n_items;
    return all_ok;
}

/* A file's bytes parsed and checked: on any thread, the model untouched. */
static void load_bytes(file_job *j, const char *data, size_t len)
{
    file_ctx fc = {0};
    fc.file = j->file;
    fc.index_only = j->index_only;
    j->digest = iop_digest_bytes(IOP_DIGEST_SEED, data, len);
    fc.validated = j->validated != 0 && j->digest == j->validated;
    xmlDoc *doc = parse_safely(&fc, data, len);
    j->parsed = doc != NULL;
    if (doc)
        j->valid = load_document(&fc, doc, j);
    if (j->register_doc) {
        j->register_fc = fc;
        return;
    }
    /* before the tree goes: sorting out the problems looks at their nodes */
    j->messages = iop_diag_new();
    fctx_flush(&fc, j->messages);
    xmlFreeDoc(doc);
    fctx_free(&fc);
}

static void run_file(void *arg)
{
    file_job *j = arg;
    if (j->messages_only)
        return;
    size_t len = 0;
    char *data = j->why ? NULL : read_file_capped(j->path, j->max_size, &len, &j->why);
    if (!data)
        return;
    j->read = true;
    load_bytes(j, data, len);
    free(data);
}

/* What a file found goes into the model, and its messages to the sink:
 * on the main thread, in the files' order. Returns whether it is valid. */
static bool apply_file(iop_model *model, file_job *j, iop_diag *diag)
{
    if (j->messages_only) {
        if (j->messages)
            iop_diag_merge(diag, j->messages);
        if (j->no_files) {
            iop_loc loc = {j->no_files, 0, 0};
            iop_diag_report_code(diag, IOP_WARNING, &loc, "IOP-NO-FILES",
                                 "no *.xml files in this folder");
        }
        return true;
    }
    iop_source *src = &model->sources[j->source];
    if (!j->read) {
        src->status = IOP_SOURCE_UNREADABLE;
        iop_loc loc = {j->file, 0, 0};
        iop_diag_report_code(diag, IOP_ERROR, &loc, "IOP-FILE", "%s", j->why);
        return false;
    }
    src->digest = j->digest;
    src->kind = j->kind;
    bool ok = j->valid;
    if (j->register_doc) {
        file_ctx *fc = &j->register_fc;
        const xmlNode *root = xmlDocGetRootElement(j->register_doc);
        fc->model = model;
        read_committees(fc, root, src);
        ok = !fctx_has_error_within(fc, root) && !has_file_level_error(fc);
        fctx_flush(fc, diag);
    }
    for (size_t i = 0; i < j->n_items; i++) {
        iop_agreement *a = j->items[i].agreement;
        j->items[i].agreement = NULL;
        if (j->items[i].bad) {
            hold_back_committees_of(src, a);
            iop_agreement_free(a);
        } else if (j->index_only) {
            (void)iop_model_add_index(model, a);
            iop_agreement_free(a);
        } else {
            iop_model_add_agreement(model, a);
        }
    }
    if (j->messages)
        iop_diag_merge(diag, j->messages);
    if (!j->parsed)
        src->status = IOP_SOURCE_UNREADABLE;
    else if (!ok)
        src->status = IOP_SOURCE_INVALID;
    return ok;
}

static void job_clear(file_job *j)
{
    free(j->path);
    free(j->why);
    iop_diag_free(j->messages);
    for (size_t i = 0; i < j->n_items; i++)
        iop_agreement_free(j->items[i].agreement);
    free(j->items);
    if (j->register_doc) {
        xmlFreeDoc(j->register_doc);
        fctx_free(&j->register_fc);
    }
    memset(j, 0, sizeof *j);
}

bool iop_load_buffer(iop_model *model, const char *name, const char *data, size_t len,
                     iop_diag *diag)
{
    iop_load_init();
    iop_source *src = add_source(model, name);
    file_job j = {.file = src->path, .source = model->n_sources - 1, .read = true};
    load_bytes(&j, data, len);
    bool ok = apply_file(model, &j, diag);
    job_clear(&j);
    return ok;
}

/* A thread for every so many files at most: a thread costs about what
 * five files do to start (its stack, its malloc arena's first pages), and
 * two threads paid from about 32 files on (validate on 2 cores: 24 files
 * 11 -> 12 ms, 48 files 17 -> 15 ms, 200 files 49 -> 34 ms). */
#define LOAD_FILES_PER_NEW_THREAD 16
/* Files given to the threads and not yet taken back, per thread: enough
 * that no thread waits for the main one, few enough that a batch of
 * thousands holds a few parse trees at a time. */
#define LOAD_FILES_PER_THREAD 4

typedef struct walked {
    path_list files;
    iop_diag *messages; /* what the walk said, or NULL */
    bool no_files;
} walked;

typedef struct load_run {
    iop_model *model;
    iop_diag *diag;
    file_pool *pool;
    file_job *jobs; /* the window: job k in jobs[k % window] */
    size_t window, given;
} load_run;

static void take_one(load_run *r)
{
    file_job *j = file_pool_take(r->pool);
    (void)apply_file(r->model, j, r->diag);
    job_clear(j);
}

static file_job *next_job(load_run *r)
{
    while (file_pool_full(r->pool))
        take_one(r);
    return &r->jobs[r->given++ % r->window];
}

bool iop_load_paths(iop_model *model, const char *const *paths, size_t n_paths,
                    const iop_load_options *opts, iop_diag *diag)
{
    iop_load_init();
    size_t max = opts && opts->max_file_size ? opts->max_file_size : IOP_LOAD_DEFAULT_MAX_FILE_SIZE;
    bool index_only = opts && opts->index_only;
    size_t errors_before = iop_diag_count(diag, IOP_ERROR);
    /* every path walked first: the number of files says how many threads
     * pay; what a walk says waits for its place among the files' messages */
    walked *walks = iop_xcalloc(n_paths + 1, sizeof *walks);
    iop_diag *said = iop_diag_new();
    size_t n_files = 0;
    for (size_t p = 0; p < n_paths; p++) {
        walked *w = &walks[p];
        walk_xml_files(paths[p], &w->files, said);
        if (iop_diag_size(said)) {
            w->messages = iop_diag_new();
            iop_diag_merge(w->messages, said);
        }
        struct stat st;
        /* a folder given by name that adds nothing is most likely the
         * wrong one: say so, naming it */
        w->no_files = w->files.n == 0 && stat(paths[p], &st) == 0 && S_ISDIR(st.st_mode);
        n_files += w->files.n;
    }
    iop_diag_free(said);

    unsigned threads = opts && opts->threads > 1 ? opts->threads : 1;
    size_t worth = n_files / LOAD_FILES_PER_NEW_THREAD;
    if (threads > worth)
        threads = worth > 1 ? (unsigned)worth : 1;
    if (threads > 1) {
        /* made here, before the threads that only read them */
        schema_prepare();
        structure_prepare();
    }
    load_run r = {model, diag, NULL, NULL, 0, 0};
    r.window = threads > 1 ? (size_t)threads * LOAD_FILES_PER_THREAD : 1;
    r.jobs = iop_xcalloc(r.window, sizeof *r.jobs);
    r.pool = file_pool_new(threads - 1, r.window, run_file);
    for (size_t p = 0; p < n_paths; p++) {
        walked *w = &walks[p];
        if (w->messages || w->no_files) {
            file_job *j = next_job(&r);
            j->messages_only = true;
            j->messages = w->messages;
            w->messages = NULL;
            j->no_files = w->no_files ? iop_model_intern_file(model, paths[p]) : NULL;
            file_pool_give(r.pool, j);
        }
        for (size_t i = 0; i < w->files.n; i++) {
            file_job *j = next_job(&r);
            iop_source *src = add_source(model, w->files.paths[i]);
            /* a digest stands for a file given by name, not a folder */
            j->validated = opts && opts->validated && w->files.n == 1 &&
                                   strcmp(w->files.paths[0], paths[p]) == 0
                               ? opts->validated[p]
                               : 0;
            j->file = src->path;
            j->source = model->n_sources - 1;
            j->path = w->files.paths[i];
            j->why = w->files.whys[i];
            w->files.paths[i] = w->files.whys[i] = NULL;
            j->max_size = max;
            j->index_only = index_only;
            file_pool_give(r.pool, j);
        }
        path_list_free(&w->files);
    }
    while (file_pool_pending(r.pool))
        take_one(&r);
    file_pool_free(r.pool);
    free(r.jobs);
    free(walks);

    bool finished = iop_load_finish(model, diag);
    return finished && iop_diag_count(diag, IOP_ERROR) == errors_before;
}

/* ---- checks across files ---------------------------------------------------- */

static int by_id(const void *x, const void *y)
{
    const iop_agreement *a = *(iop_agreement *const *)x, *b = *(iop_agreement *const *)y;
    int c = strcmp(a->id, b->id);
    if (c)
        return c;
    /* keep input order among equals, so "first" and "second" are stable */
    return a->loc.file == b->loc.file ? (a->loc.line > b->loc.line) - (a->loc.line < b->loc.line)
                                      : strcmp(a->loc.file, b->loc.file);
}

static iop_source *source_of(iop_model *m, const char *file)
{
    for (size_t i = 0; i < m->n_sources; i++)
        if (strcmp(m->sources[i].path, file) == 0)
            return &m->sources[i];
    return NULL;
}

/* Leave out the agreements marked in drop: their files become invalid and
 * hold back the reports of the committees they name. */
static void drop_agreements(iop_model *m, const bool *drop)
{
    size_t kept = 0;
    for (size_t i = 0; i < m->n_agreements; i++) {
        iop_agreement *a = m->agreements[i];
        if (!drop[i]) {
            m->agreements[kept++] = a;
            continue;
        }
        iop_source *src = source_of(m, a->loc.file);
        if (src) {
            src->status = IOP_SOURCE_INVALID;
            hold_back_committees_of(src, a);
        }
        iop_agreement_free(a);
    }
    m->n_agreements = kept;
}

static bool drop_duplicates(iop_model *m, iop_diag *diag)
{
    if (m->n_agreements < 2)
        return true;
    iop_agreement **sorted = iop_xmalloc(m->n_agreements * sizeof *sorted);
    memcpy(sorted, m->agreements, m->n_agreements * sizeof *sorted);
    qsort(sorted, m->n_agreements, sizeof *sorted, by_id);
    bool *dup = iop_xcalloc(m->n_agreements, sizeof *dup);
    bool any = false;
    for (size_t i = 1; i < m->n_agreements; i++) {
        if (strcmp(sorted[i]->id, sorted[i - 1]->id) != 0)
            continue;
        size_t first = i - 1;
        while (first > 0 && strcmp(sorted[first - 1]->id, sorted[i]->id) == 0)
            first--;
        const iop_agreement *a = sorted[first], *b = sorted[i];
        iop_diag_report_code(diag, IOP_ERROR, &b->loc, "IOP-DUPLICATE-ID",
                             "duplicate agreement id '%s': also used at %s:%ld; ids must be unique "
                             "in the whole batch",
                             b->id, a->loc.file, a->loc.line);
        if (first == i - 1)
            iop_diag_report_code(diag, IOP_ERROR, &a->loc, "IOP-DUPLICATE-ID",
                                 "duplicate agreement id '%s': also used at %s:%ld", a->id,
                                 b->loc.file, b->loc.line);
        dup[first] = dup[i] = true;
        any = true;
    }
    if (any) {
        bool *drop = iop_xcalloc(m->n_agreements, sizeof *drop);
        for (size_t i = 0; i < m->n_agreements; i++)
            for (size_t j = 0; j < m->n_agreements && !drop[i]; j++)
                drop[i] = dup[j] && sorted[j] == m->agreements[i];
        drop_agreements(m, drop);
        free(drop);
    }
    free(dup);
    free(sorted);
    return !any;
}

static bool has_register(const iop_model *m)
{
    return m->n_committees > 0;
}

/* With a register, a committee id it does not know is a typo: the agreement
 * would make a report of its own and be missing from the real committee's.
 * The agreement is left out, and the reports of its committees and of the
 * committee it most likely meant are held back. */
static bool check_committee_ids(iop_model *m, iop_diag *diag)
{
    if (!has_register(m))
        return true;
    const char **ids = iop_xcalloc(m->n_committees, sizeof *ids);
    for (size_t i = 0; i < m->n_committees; i++)
        ids[i] = m->committees[i].id;
    bool *drop = iop_xcalloc(m->n_agreements, sizeof *drop);
    bool any = false;
    for (size_t i = 0; i < m->n_agreements; i++) {
        const iop_agreement *a = m->agreements[i];
        for (size_t j = 0; j < a->n_parties; j++) {
            const iop_party *p = &a->parties[j];
            const char *id = iop_party_committee(p);
            if (!id || iop_model_find_committee(m, id))
                continue;
            const char *meant = iop_closest_name(id, ids, m->n_committees);
            if (meant)
                iop_diag_report_code(
                    diag, IOP_ERROR, &p->loc, "IOP-UNKNOWN-COMMITTEE",
                    "committee '%s' is not in the committee register: did you mean "
                    "'%s'?",
                    id, meant);
            else
                iop_diag_report_code(diag, IOP_ERROR, &p->loc, "IOP-UNKNOWN-COMMITTEE",
                                     "committee '%s' is not in the committee register: use an id "
                                     "from the register, or add the committee to it",
                                     id);
            iop_source *src = source_of(m, a->loc.file);
            if (src && meant)
                iop_source_add_committee(src, meant);
            drop[i] = any = true;
        }
    }
    if (any)
        drop_agreements(m, drop);
    /* a file invalid for another reason may misspell its committee too:
     * hold back the report of the committee it most likely meant */
    for (size_t i = 0; i < m->n_sources; i++) {
        iop_source *src = &m->sources[i];
        for (size_t k = 0; src->status == IOP_SOURCE_INVALID && k < src->n_committees; k++) {
            if (iop_model_find_committee(m, src->committees[k]))
                continue;
            const char *meant = iop_closest_name(src->committees[k], ids, m->n_committees);
            if (meant)
                iop_source_add_committee(src, meant);
        }
    }
    free(drop);
    free(ids);
    return !any;
}

bool iop_load_finish(iop_model *model, iop_diag *diag)
{
    bool ok = drop_duplicates(model, diag);
    ok = check_committee_ids(model, diag) && ok;
    for (size_t i = 0; i < model->n_agreements; i++) {
        const iop_agreement *a = model->agreements[i];
        for (size_t j = 0; j < a->n_related; j++) {
            const iop_related *r = &a->related[j];
            if (!iop_model_find_agreement(model, r->ref))
                iop_diag_report_code(diag, IOP_WARNING, &r->loc, "IOP-UNKNOWN-RELATED",
                                     "related agreement '%s' is not among the files read", r->ref);
        }
    }
    return ok;
}
