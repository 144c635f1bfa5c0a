/* The end of a document laid out ahead, on a second thread.
 *
 * Shaping text is most of a layout's cost, and a report made alone (one
 * committee's, `iopreport render`) leaves the machine's second core idle.
 * The body is a list of blocks whose shaping does not depend on what came
 * before them: the same block, style and width give the same layout
 * wherever it lands on the page.  So while this thread flows the body from
 * its first block on, a second one flows it from its last block back, and
 * the two meet in the middle: this thread then waits for the other's
 * current block, takes over every layout and measured paragraph it made
 * (the run's para_cache and para_memo, and its tables' column widths),
 * and flows the rest of the body itself, finding each of them made.
 *
 * The other thread's flow is thrown away; only what it shaped is kept, by
 * the keys this thread would have looked them up by, so the pages are the
 * same as when one thread does everything, to the byte: a layout found
 * under a key is one this thread would have made the same.  Its warnings
 * go nowhere: this thread flows every block itself and gives them.
 *
 * pango's font maps and contexts are not thread-safe, so the second thread
 * works with a twin typesetter of its own (the same settings, fonts and
 * dictionary); its layouts are touched by this thread only after it has
 * ended.  Their fonts are the same files, and cairo shares one font face
 * per file and options between the two font maps, so a PDF embeds each
 * font once as before.  pango's first measuring of a font is not
 * thread-safe either: it is made one thread at a time (fontmetrics.c).
 * A twin's layouts must not be in use by this thread while the twin
 * works: a document that starts with layouts kept from an earlier one
 * (iop_layout.shared, which may hold a twin's) is laid out on one
 * thread. */
#include "layout_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Below this many blocks of text ahead there is too little to share out
 * (a memo, a fact sheet): starting the thread would cost more. */
#define PREFETCH_MIN_BLOCKS 24

struct prefetch {
    pthread_mutex_t lock;
    size_t front; /* this thread has taken the body's children [0, front) */
    size_t back;  /* the other has taken [back, n) */
    pthread_t thread;
    bool running;
    run r;        /* the other thread's run, with the twin */
    iop_style body;
    frame f;
    iop_diag *diag; /* its messages, dropped */
};

/* Whether laying out n ahead could touch what the other thread may not:
 * images (librsvg and the image cache are not for two threads). */
static bool has_image(const iop_node *n)
{
    if (n->kind == IOP_NODE_IMG)
        return true;
    for (size_t i = 0; i < n->n_children; i++)
        if (has_image(n->children[i]))
            return true;
    return false;
}

static void *prefetch_main(void *data)
{
    prefetch *pf = data;
    const iop_node *body = pf->r.doc->body;
    for (;;) {
        pthread_mutex_lock(&pf->lock);
        bool more = pf->back > pf->front;
        size_t j = more ? --pf->back : 0;
        pthread_mutex_unlock(&pf->lock);
        if (!more)
            break;
        const iop_node *c = body->children[j];
        if (!iop_node_kind_is_block(c->kind) || has_image(c))
            continue;
        flow_block(&pf->r, c, &pf->body, pf->f, 0);
        run_reset(&pf->r); /* only what was shaped is kept */
    }
    return NULL;
}

prefetch *prefetch_start(run *r, const iop_style *body, frame f)
{
    iop_layout *lay = r->lay;
    if (lay->threads < 2 || (lay->shared && g_hash_table_size(lay->shared) > 0))
        return NULL;
    const iop_node *b = r->doc->body;
    size_t blocks = 0;
    for (size_t i = 0; i < b->n_children; i++)
        blocks += iop_node_kind_is_block(b->children[i]->kind);
    if (blocks < PREFETCH_MIN_BLOCKS)
        return NULL;
    /* pango measures fonts one thread at a time from now on; the
     * dictionary is loaded here, before the twin borrows it */
    if (!fontmetrics_serialize(lay->context, style_font(r, body, 0)))
        return NULL;
    if (!lay->twin && !(lay->twin = layout_twin_new(lay)))
        return NULL;
    prefetch *pf = iop_xcalloc(1, sizeof *pf);
    pthread_mutex_init(&pf->lock, NULL);
    pf->back = b->n_children;
    pf->body = *body;
    pf->f = f;
    pf->diag = iop_diag_new();
    run_begin(&pf->r, lay->twin, r->doc, pf->diag);
    pf->r.page_offset = r->page_offset;
    pf->r.pages_total = r->pages_total;
    pf->running = iop_thread_start(&pf->thread, prefetch_main, pf) == 0;
    if (!pf->running) {
        pf->back = 0;
        prefetch_finish(pf, r);
        return NULL;
    }
    return pf;
}

/* Move every entry of `from` that `to` lacks into `to`; `from` is left
 * with what was not moved. */
static void take_entries(GHashTable *to, GHashTable *from)
{
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, from);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (g_hash_table_contains(to, key))
            continue;
        g_hash_table_iter_steal(&it);
        g_hash_table_insert(to, key, value);
    }
}

/* The other thread has ended: what it shaped becomes the run's. */
static void take_over(prefetch *pf, run *r)
{
    run *o = &pf->r;
    take_entries(r->para_cache, o->para_cache);
    if (o->para_memo) {
        if (!r->para_memo)
            r->para_memo = o->para_memo;
        else
            take_entries(r->para_memo, o->para_memo);
        if (r->para_memo == o->para_memo)
            o->para_memo = NULL;
    }
    table_widths_take(r, o);
}

static void join(prefetch *pf)
{
    if (pthread_join(pf->thread, NULL) != 0)
        abort(); /* a thread of ours, started and not yet joined: cannot happen */
    pf->running = false;
}

void prefetch_reach(prefetch *pf, run *r, size_t i)
{
    if (!pf->running)
        return;
    pthread_mutex_lock(&pf->lock);
    bool mine = i < pf->back;
    if (mine)
        pf->front = i + 1;
    pthread_mutex_unlock(&pf->lock);
    if (mine)
        return;
    join(pf);
    take_over(pf, r);
}

void prefetch_finish(prefetch *pf, run *r)
{
    if (!pf)
        return;
    if (pf->running) {
        /* the other thread takes nothing more; what it has made may still
         * serve a later pass */
        pthread_mutex_lock(&pf->lock);
        pf->front = pf->back;
        pthread_mutex_unlock(&pf->lock);
        join(pf);
        take_over(pf, r);
    }
    GHashTable *rest = run_end(&pf->r);
    g_hash_table_destroy(rest);
    iop_diag_free(pf->diag);
    pthread_mutex_destroy(&pf->lock);
    free(pf);
}
