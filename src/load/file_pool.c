/* Files read on a few threads, their results taken in the order they were
 * given: a helper runs whichever file is next to be run, the caller takes
 * the oldest one back (running files itself while it waits), so that the
 * model and the messages are filled on one thread in the files' order,
 * whatever order the files finish in.  At most `window` files are given
 * and not yet taken back, so that a batch of thousands never holds more
 * than a few parse trees. */
#include "load_internal.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include <libxml/xmlerror.h>

typedef struct pool_slot {
    void *job;
    bool done;
} pool_slot;

struct file_pool {
    void (*run)(void *job);
    pthread_mutex_t lock;
    pthread_cond_t work; /* a file to run, or the end */
    pthread_cond_t done; /* a file run */
    pool_slot *slots;
    size_t window;
    /* counts of files given: [taken, claimed) are running or done,
     * [claimed, given) wait for a thread */
    size_t taken, claimed, given;
    bool quit;
    pthread_t *threads;
    unsigned n_threads;
    /* what libxml2 says outside a parser's or validator's own handlers
     * goes where it goes on the thread that made the pool: those
     * settings are per thread in libxml2 */
    xmlGenericErrorFunc generic;
    void *generic_ctx;
};

static pool_slot *slot(file_pool *p, size_t i)
{
    return &p->slots[i % p->window];
}

/* Called with the lock held and a file waiting; returns with it held. */
static void run_next(file_pool *p)
{
    pool_slot *s = slot(p, p->claimed++);
    pthread_mutex_unlock(&p->lock);
    p->run(s->job);
    pthread_mutex_lock(&p->lock);
    s->done = true;
    pthread_cond_signal(&p->done);
}

static void *helper(void *arg)
{
    file_pool *p = arg;
    xmlSetGenericErrorFunc(p->generic_ctx, p->generic);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->quit && p->claimed == p->given)
            pthread_cond_wait(&p->work, &p->lock);
        if (p->claimed == p->given)
            break;
        run_next(p);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

file_pool *file_pool_new(unsigned helpers, size_t window, void (*run)(void *job))
{
    file_pool *p = iop_xcalloc(1, sizeof *p);
    p->run = run;
    p->window = window ? window : 1;
    p->slots = iop_xcalloc(p->window, sizeof *p->slots);
    p->lock = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
    p->work = (pthread_cond_t)PTHREAD_COND_INITIALIZER;
    p->done = (pthread_cond_t)PTHREAD_COND_INITIALIZER;
    if (helpers == 0)
        return p;
    p->generic = xmlGenericError;
    p->generic_ctx = xmlGenericErrorContext;
    p->threads = iop_xcalloc(helpers, sizeof *p->threads);
    /* signals stay with the thread that handles them */
    sigset_t all, old;
    sigfillset(&all);
    bool masked = pthread_sigmask(SIG_SETMASK, &all, &old) == 0;
    for (unsigned i = 0; i < helpers; i++) {
        if (iop_thread_start(&p->threads[p->n_threads], helper, p) != 0)
            break; /* fewer helpers: the caller runs what they do not */
        p->n_threads++;
    }
    if (masked)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    return p;
}

size_t file_pool_pending(const file_pool *p)
{
    return p->given - p->taken;
}

bool file_pool_full(const file_pool *p)
{
    return p->given - p->taken >= p->window;
}

void file_pool_give(file_pool *p, void *job)
{
    pthread_mutex_lock(&p->lock);
    pool_slot *s = slot(p, p->given++);
    s->job = job;
    s->done = false;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
}

void *file_pool_take(file_pool *p)
{
    pthread_mutex_lock(&p->lock);
    pool_slot *s = slot(p, p->taken);
    while (!s->done) {
        if (p->claimed < p->given)
            run_next(p);
        else
            pthread_cond_wait(&p->done, &p->lock);
    }
    p->taken++;
    void *job = s->job;
    pthread_mutex_unlock(&p->lock);
    return job;
}

void file_pool_free(file_pool *p)
{
    if (!p)
        return;
    if (p->n_threads) {
        pthread_mutex_lock(&p->lock);
        p->quit = true;
        pthread_cond_broadcast(&p->work);
        pthread_mutex_unlock(&p->lock);
        for (unsigned i = 0; i < p->n_threads; i++)
            pthread_join(p->threads[i], NULL);
    }
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->work);
    pthread_mutex_destroy(&p->lock);
    free(p->threads);
    free(p->slots);
    free(p);
}
