/* Memory in transparent huge pages for a process that makes one report.
 *
 * On the virtual machines this program is measured on, the first touch
 * of a page of fresh memory costs 10-12 us: one committee's report
 * touched about 2 300 more pages than the typesetting floor it is
 * measured against, a fifth of its time (bench/README.md, stop 22).  A
 * 2 MiB huge page is one fault for 512 pages.  Debian's kernels give
 * them only where asked (MADV_HUGEPAGE), and glibc asks only when told
 * to by an environment variable, read before main().  So the process
 * asks itself, for the memory a report touches: the main heap's growth
 * and the malloc arenas of its threads.
 *
 * Only a process that makes one report does so to the end: a huge page
 * is resident as a whole, and a batch's workers keep their memory from
 * one report to the next (issue 18's peak PSS at 10 000 agreements rose
 * from 46 to 55-66 MiB when they used huge pages).  The first thread's
 * arena is marked before it is known which of the two a run is, because
 * a report made in the process reuses it; iop_huge_pages_forgo() takes
 * the mark back before workers are forked.
 *
 * Everything here is a request: where the kernel has no huge pages, or
 * the C library is not glibc, the process runs as it would without. */
#define _GNU_SOURCE
#include "iopreport/util.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#define HUGE_PAGES_POSSIBLE 1
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25 /* Linux 6.1; older kernels refuse it, harmlessly */
#endif
#endif

/* A thread's arena begins with this much writable memory (glibc's
 * M_TOP_PAD, 128 KiB by default).  A huge page can back only a 2 MiB
 * range that is writable as a whole when it is first touched, and glibc
 * makes an arena writable a few pages at a time as it grows; so an arena
 * that begins small is touched in 4 KiB pages however it is marked. */
#define ARENA_ROOM (4u << 20)
#define DEFAULT_TOP_PAD (128u << 10)

/* How much of the main heap's coming growth is marked: more than one
 * committee's report takes (6-7 MiB); a report that outgrows it goes on
 * in small pages. */
#define HEAP_RESERVE (16u << 20)

static atomic_bool marking;      /* iop_huge_pages_use() was called */
static atomic_bool prepare_next; /* iop_huge_pages_prepare_next_thread() was */

#ifdef HUGE_PAGES_POSSIBLE

/* A small text file of the kernel's, or NULL. */
static char *kernel_text(const char *path)
{
    size_t len;
    char *why = NULL;
    char *text = iop_file_read(path, 4u << 20, &len, &why);
    free(why);
    return text;
}

static size_t huge_size;
static pthread_once_t huge_size_once = PTHREAD_ONCE_INIT;

static void find_huge_page_size(void)
{
    char *enabled = kernel_text("/sys/kernel/mm/transparent_hugepage/enabled");
    char *size = kernel_text("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size");
    if (enabled && size && !strstr(enabled, "[never]")) {
        size_t s = strtoul(size, NULL, 10);
        if (s >= 4096 && (s & (s - 1)) == 0)
            huge_size = s;
    }
    free(enabled);
    free(size);
}

/* The size of a huge page, 0 when the kernel has none to give. */
static size_t huge_page_size(void)
{
    if (pthread_once(&huge_size_once, find_huge_page_size) != 0)
        return 0;
    return huge_size;
}

/* ---- the arenas already marked, so that /proc is read once for each ---- */

typedef struct {
    uintptr_t start, end;
} range;

static pthread_mutex_t marked_lock = PTHREAD_MUTEX_INITIALIZER;
static range marked[16];
static size_t n_marked;

static bool already_marked(uintptr_t p)
{
    for (size_t i = 0; i < n_marked; i++)
        if (p >= marked[i].start && p < marked[i].end)
            return true;
    return false;
}

/* The anonymous mapping that holds `p` and, when glibc reserved room
 * beyond it for the arena to grow into, that room: in *r.  Returns false
 * for the main heap (marked by iop_huge_pages_use()) and for anything
 * that is not an arena's. */
static bool arena_mapping(uintptr_t p, range *r)
{
    char *text = kernel_text("/proc/self/maps");
    if (!text)
        return false;
    bool found = false;
    const char *line = text;
    while (line && *line) {
        unsigned long start, end;
        char perms[8];
        int consumed = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s%n", &start, &end, perms, &consumed) < 3)
            break;
        const char *eol = strchr(line, '\n');
        const char *name = line + consumed;
        while (*name == ' ')
            name++;
        bool anonymous = *name == '\n' || *name == '\0';
        if (found) {
            /* the arena's reserve: inaccessible, right after its writable part */
            if (anonymous && end > start && start == r->end && strncmp(perms, "---p", 4) == 0)
                r->end = end;
            break;
        }
        if (p >= start && p < end) {
            if (!anonymous || strncmp(perms, "rw-p", 4) != 0)
                break; /* the main heap ("[heap]"), or not malloc's at all */
            *r = (range){start, end};
            found = true;
        }
        line = eol ? eol + 1 : NULL;
    }
    free(text);
    return found;
}

/* Marks the calling thread's malloc arena for huge pages, once. */
static void mark_own_arena(void)
{
    size_t huge = huge_page_size();
    if (huge == 0)
        return;
    /* too large for the thread's cache (glibc's tcache), which may hold
     * blocks of other arenas: this one comes from the thread's own */
    void *probe = malloc(4096);
    if (!probe || pthread_mutex_lock(&marked_lock) != 0) {
        free(probe);
        return;
    }
    uintptr_t p = (uintptr_t)probe;
    range r;
    if (!already_marked(p) && n_marked < sizeof marked / sizeof *marked && arena_mapping(p, &r)) {
        marked[n_marked++] = r;
        /* A request the kernel may refuse: the arena then stays in small
         * pages, as it would be without. */
        if (madvise((void *)r.start, r.end - r.start, MADV_HUGEPAGE) == 0 && r.start % huge == 0) {
            /* The arena's first pages were touched when glibc made it,
             * which keeps its first huge page from ever being faulted in
             * whole; MADV_COLLAPSE makes it one now, while it holds only
             * a few pages.  Refused by kernels before 6.1: no harm. */
            (void)madvise((void *)r.start, huge, MADV_COLLAPSE);
        }
    }
    pthread_mutex_unlock(&marked_lock);
    free(probe);
}

/* Grows the main heap by HEAP_RESERVE now, and marks the growth: glibc
 * grows its heap on its own later, each growth a new mapping that a mark
 * on the old one does not reach.  Blocks under glibc's mmap threshold are
 * taken until the heap has grown, then given back; the trim threshold
 * keeps glibc from returning the growth to the kernel. */
static void mark_heap_growth(size_t huge)
{
    if (mallopt(M_TOP_PAD, (int)HEAP_RESERVE) != 1 ||
        mallopt(M_TRIM_THRESHOLD, (int)(2 * HEAP_RESERVE)) != 1)
        return;
    char *before = sbrk(0);
    if (before == (char *)-1)
        return;
    enum { BLOCK = 60000, MAX_BLOCKS = 64 };
    void *blocks[MAX_BLOCKS];
    size_t n = 0;
    while (n < MAX_BLOCKS && (char *)sbrk(0) == before && (blocks[n] = malloc(BLOCK)) != NULL)
        n++;
    char *after = sbrk(0);
    uintptr_t start = ((uintptr_t)before + huge - 1) & ~(uintptr_t)(huge - 1);
    if (after != (char *)-1 && (uintptr_t)after > start &&
        madvise((void *)start, (uintptr_t)after - start, MADV_HUGEPAGE) == 0 &&
        pthread_mutex_lock(&marked_lock) == 0) {
        if (n_marked < sizeof marked / sizeof *marked)
            marked[n_marked++] = (range){start, (uintptr_t)after};
        pthread_mutex_unlock(&marked_lock);
    }
    while (n > 0)
        free(blocks[--n]);
}

#endif /* HUGE_PAGES_POSSIBLE */

void iop_huge_pages_prepare_next_thread(void)
{
    atomic_store(&prepare_next, true);
}

void iop_huge_pages_use(void)
{
    if (atomic_exchange(&marking, true))
        return;
#ifdef HUGE_PAGES_POSSIBLE
    size_t huge = huge_page_size();
    if (huge > 0)
        mark_heap_growth(huge);
#endif
}

void iop_huge_pages_forgo(void)
{
    atomic_store(&marking, false);
#ifdef HUGE_PAGES_POSSIBLE
    if (pthread_mutex_lock(&marked_lock) != 0)
        return;
    /* pages already huge stay so; what is touched from now on is not */
    for (size_t i = 0; i < n_marked; i++)
        (void)madvise((void *)marked[i].start, marked[i].end - marked[i].start, MADV_NOHUGEPAGE);
    n_marked = 0;
    pthread_mutex_unlock(&marked_lock);
#endif
}

/* ---- threads ---- */

typedef struct {
    void *(*fn)(void *);
    void *arg;
    sem_t *prepared; /* posted once the thread's arena is made and marked, or NULL */
} thread_start;

static void *begin_thread(void *data)
{
    thread_start start = *(thread_start *)data;
    if (start.prepared) {
        /* glibc makes a thread's arena at its first malloc; volatile, or
         * the compiler drops a malloc freed unused */
        void *volatile first = malloc(1);
        free(first);
#ifdef HUGE_PAGES_POSSIBLE
        mark_own_arena();
#endif
        sem_post(start.prepared); /* `data` is the starter's from here */
    } else {
        free(data);
#ifdef HUGE_PAGES_POSSIBLE
        if (atomic_load(&marking))
            mark_own_arena();
#endif
    }
    return start.fn(start.arg);
}

/* pthread_create for begin_thread; `start` is the new thread's to free,
 * or freed here when no thread was made. */
static int create(pthread_t *thread, thread_start *start)
{
    int rc = pthread_create(thread, NULL, begin_thread, start);
    if (rc != 0)
        free(start);
    return rc;
}

/* Starts the thread with its arena prepared: glibc sizes an arena when
 * it makes it, by M_TOP_PAD, which is the process's; so the pad is raised
 * only until the thread has made its arena, while this thread waits. */
static int start_prepared(pthread_t *thread, thread_start *start)
{
    sem_t prepared;
    if (sem_init(&prepared, 0, 0) != 0)
        return create(thread, start); /* unprepared */
    start->prepared = &prepared;
#ifdef HUGE_PAGES_POSSIBLE
    (void)mallopt(M_TOP_PAD, (int)ARENA_ROOM);
#endif
    int rc = pthread_create(thread, NULL, begin_thread, start);
    if (rc == 0)
        while (sem_wait(&prepared) != 0) /* only EINTR */
            ;
#ifdef HUGE_PAGES_POSSIBLE
    (void)mallopt(M_TOP_PAD, (int)DEFAULT_TOP_PAD);
#endif
    sem_destroy(&prepared);
    free(start);
    return rc;
}

int iop_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg)
{
    thread_start *start = iop_xmalloc(sizeof *start);
    *start = (thread_start){fn, arg, NULL};
    if (atomic_exchange(&prepare_next, false))
        return start_prepared(thread, start);
    return create(thread, start);
}
