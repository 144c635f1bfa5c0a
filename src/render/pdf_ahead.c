/* Page contents finished ahead: while the main thread has cairo paint the
 * next pages, a thread of ours marks the artifacts of each page already
 * shown and deflates its content, the work of pdf_finish that depends on
 * that stream's bytes alone.  Only for a report made alone with a core to
 * spare (the `threads` of render_pdf); pdf_finish then takes what it finds
 * made and does the rest as before.
 *
 * When a page's bytes are final: cairo 1.16 paints a page only in
 * cairo_show_page (the paginated surface replays its recording there),
 * and writes the page's content stream in that call from "N 0 obj <<
 * /Length M 0 R >> stream" to "endstream endobj" and the length object
 * "M 0 obj LEN endobj" right after it (_cairo_pdf_surface_close_stream);
 * it never seeks back.  So once cairo_show_page returns, every byte cairo
 * wrote before is final, and a region handed over here holds whole
 * streams.  Smask groups, patterns and fonts are written later, as
 * objects of their own, and are left to pdf_finish.
 *
 * Thread-safety: the thread calls neither cairo nor pango, only zlib and
 * the artifact scanner.  It reads cairo's buffer only under the lock that
 * render_pdf's write function takes when it moves the buffer, only bytes
 * handed over (final), and copies them out before it works on them.
 * pdf_finish reads the results only after pdf_ahead_join, and uses one
 * only when its object, offset, length and bytes are those it finishes. */
#include "pdf_finish.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How often the thread looks for pages shown meanwhile.  The main thread
 * never wakes it while cairo paints: waking a sleeping thread costs the
 * waker a system call and, in a virtual machine, an interrupt sent to the
 * other processor, which made painting 0.7 ms slower for 22 pages (4 %),
 * more than the finishing work it moved.  A page takes about 0.8 ms to
 * paint, so a page waits at most a quarter of that to be taken. */
enum { POLL_NS = 200 * 1000 };

typedef struct ahead_result {
    size_t obj;
    size_t at, len; /* the data in cairo's file */
    const unsigned char *bytes; /* those bytes as read (in the thread's copy) */
    unsigned char *z; /* marked and deflated */
    size_t zlen;
} ahead_result;

struct pdf_ahead {
    pthread_mutex_t lock;
    pthread_cond_t more;
    pthread_t thread;
    bool running;
    unsigned char *const *buf; /* cairo's buffer, moved under `lock` */
    pdf_deflates *deflates;    /* borrowed from the caller, or NULL */
    /* under `lock`: the ends of the regions handed over, and how far taken */
    size_t *ends;
    size_t n_ends, cap_ends, taken;
    bool closing;
    /* the thread's own until joined */
    unsigned char **copies;
    size_t n_copies, cap_copies;
    ahead_result *results;
    size_t n_results, cap_results;
};

/* Growth that may fail: the thread then makes less, never aborts. */
static bool grow(void **v, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 32;
    while (c < need)
        c *= 2;
    if (c > SIZE_MAX / elem)
        return false;
    void *n = realloc(*v, c * elem);
    if (!n)
        return false;
    *v = n;
    *cap = c;
    return true;
}

/* The first `w` in the `n` bytes at `c` (memmem is not in C11). */
static const unsigned char *find(const unsigned char *c, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n;) {
        const unsigned char *x = memchr(c + i, w[0], n - k + 1 - i);
        if (!x)
            return NULL;
        if (memcmp(x, w, k) == 0)
            return x;
        i = (size_t)(x - c) + 1;
    }
    return NULL;
}

static bool read_uint(const unsigned char *c, size_t n, size_t *p, size_t *v)
{
    size_t q = *p, x = 0;
    while (q < n && c[q] >= '0' && c[q] <= '9' && q - *p < 18)
        x = x * 10 + (size_t)(c[q++] - '0');
    if (q == *p)
        return false;
    *p = q;
    *v = x;
    return true;
}

static bool lit(const unsigned char *c, size_t n, size_t *p, const char *text)
{
    size_t k = strlen(text);
    if (*p + k > n || memcmp(c + *p, text, k) != 0)
        return false;
    *p += k;
    return true;
}

static void finish_one(pdf_ahead *a, size_t obj, size_t at, const unsigned char *data, size_t len)
{
    if (!grow((void **)&a->results, &a->cap_results, a->n_results + 1, sizeof *a->results))
        return;
    size_t marked_len = 0;
    bool whole = true;
    char *marked = pdf_mark_artifacts((const char *)data, len, &marked_len, &whole);
    if (!whole) { /* pdf_finish says why, as without this thread */
        free(marked);
        return;
    }
    size_t zlen = 0;
    unsigned char *z = pdf_deflate(a->deflates, marked, marked_len, &zlen);
    free(marked);
    if (!z)
        return;
    a->results[a->n_results++] = (ahead_result){obj, at, len, data, z, zlen};
}

/* The content streams in `c`, the bytes of cairo's file from `base` on,
 * as cairo writes them uncompressed; c[0] is the byte before the region
 * (a line break when the region begins with an object) or the region's
 * first byte of the file. */
static void find_streams(pdf_ahead *a, const unsigned char *c, size_t n, size_t base)
{
    static const char head[] = " 0 obj\n<< /Length ";
    size_t from = 0;
    for (;;) {
        const unsigned char *h = find(c + from, n - from, head);
        if (!h)
            return;
        size_t hp = (size_t)(h - c), d = hp;
        from = hp + 1;
        while (d > 0 && c[d - 1] >= '0' && c[d - 1] <= '9')
            d--;
        if (d == hp || d == 0 || c[d - 1] != '\n')
            continue;
        size_t obj, lobj, q = d, p = hp + sizeof head - 1;
        if (!read_uint(c, n, &q, &obj) || !read_uint(c, n, &p, &lobj) ||
            !lit(c, n, &p, " 0 R\n>>\nstream\n"))
            continue;
        size_t data = p;
        /* the first "endstream" that the length object after it confirms */
        static const char tail[] = "\nendstream\nendobj\n";
        for (size_t s = data; s < n;) {
            const unsigned char *e = find(c + s, n - s, tail);
            if (!e)
                return; /* not whole in this region */
            size_t ep = (size_t)(e - c), r = ep + sizeof tail - 1, lo, len;
            s = ep + 1;
            if (read_uint(c, n, &r, &lo) && lo == lobj && lit(c, n, &r, " 0 obj\n   ") &&
                read_uint(c, n, &r, &len) && len == ep - data && lit(c, n, &r, "\nendobj\n")) {
                finish_one(a, obj, base + data, c + data, len);
                from = r;
                break;
            }
        }
    }
}

static void *finish_ahead(void *arg)
{
    pdf_ahead *a = arg;
    size_t done = 0; /* the end of the last region taken */
    pthread_mutex_lock(&a->lock);
    for (;;) {
        if (a->taken == a->n_ends) {
            if (a->closing)
                break;
            struct timespec t;
            clock_gettime(CLOCK_MONOTONIC, &t);
            t.tv_nsec += POLL_NS;
            if (t.tv_nsec >= 1000000000L) {
                t.tv_sec++;
                t.tv_nsec -= 1000000000L;
            }
            (void)pthread_cond_timedwait(&a->more, &a->lock, &t);
            continue;
        }
        size_t end = a->ends[a->taken++];
        /* one byte before the region, to see where its first line begins */
        size_t from = done ? done - 1 : 0;
        unsigned char *copy = NULL;
        if (end > from &&
            grow((void **)&a->copies, &a->cap_copies, a->n_copies + 1, sizeof *a->copies) &&
            (copy = malloc(end - from)) != NULL)
            memcpy(copy, *a->buf + from, end - from);
        pthread_mutex_unlock(&a->lock);
        if (copy) {
            a->copies[a->n_copies++] = copy;
            find_streams(a, copy, end - from, from);
        }
        done = end;
        pthread_mutex_lock(&a->lock);
    }
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

pdf_ahead *pdf_ahead_start(unsigned char *const *buf, pdf_deflates *deflates)
{
    pdf_ahead *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->buf = buf;
    a->deflates = deflates;
    if (pthread_mutex_init(&a->lock, NULL) != 0) {
        free(a);
        return NULL;
    }
    pthread_condattr_t attr;
    bool cond = pthread_condattr_init(&attr) == 0;
    if (cond) {
        cond = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
               pthread_cond_init(&a->more, &attr) == 0;
        pthread_condattr_destroy(&attr);
    }
    if (!cond) {
        pthread_mutex_destroy(&a->lock);
        free(a);
        return NULL;
    }
    if (iop_thread_start(&a->thread, finish_ahead, a) != 0) {
        pthread_cond_destroy(&a->more);
        pthread_mutex_destroy(&a->lock);
        free(a);
        return NULL;
    }
    a->running = true;
    return a;
}

void pdf_ahead_lock(pdf_ahead *a)
{
    pthread_mutex_lock(&a->lock);
}

void pdf_ahead_unlock(pdf_ahead *a)
{
    pthread_mutex_unlock(&a->lock);
}

void pdf_ahead_page(pdf_ahead *a, size_t end)
{
    pthread_mutex_lock(&a->lock);
    /* a region that cannot be noted is left to pdf_finish, with the rest */
    if (!a->closing && (a->n_ends == 0 || end > a->ends[a->n_ends - 1]) &&
        grow((void **)&a->ends, &a->cap_ends, a->n_ends + 1, sizeof *a->ends)) {
        a->ends[a->n_ends++] = end; /* no signal: the thread looks (POLL_NS) */
    }
    pthread_mutex_unlock(&a->lock);
}

static int by_obj(const void *x, const void *y)
{
    const ahead_result *a = x, *b = y;
    return a->obj < b->obj ? -1 : a->obj > b->obj;
}

void pdf_ahead_join(pdf_ahead *a)
{
    if (!a || !a->running)
        return;
    pthread_mutex_lock(&a->lock);
    a->closing = true;
    pthread_cond_signal(&a->more);
    pthread_mutex_unlock(&a->lock);
    if (pthread_join(a->thread, NULL) != 0)
        abort(); /* a thread of ours, started above: cannot happen */
    a->running = false;
    qsort(a->results, a->n_results, sizeof *a->results, by_obj);
}

const unsigned char *pdf_ahead_find(const pdf_ahead *a, size_t obj, size_t at, size_t len,
                                    const char *bytes, size_t *zlen)
{
    if (!a || a->running)
        return NULL;
    size_t lo = 0, hi = a->n_results;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->results[mid].obj < obj)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < a->n_results && a->results[lo].obj == obj; lo++) {
        const ahead_result *r = &a->results[lo];
        if (r->at == at && r->len == len && memcmp(r->bytes, bytes, len) == 0) {
            *zlen = r->zlen;
            return r->z;
        }
    }
    return NULL;
}

void pdf_ahead_free(pdf_ahead *a)
{
    if (!a)
        return;
    pdf_ahead_join(a);
    for (size_t i = 0; i < a->n_results; i++)
        free(a->results[i].z);
    for (size_t i = 0; i < a->n_copies; i++)
        free(a->copies[i]);
    free(a->results);
    free(a->copies);
    free(a->ends);
    pthread_cond_destroy(&a->more);
    pthread_mutex_destroy(&a->lock);
    free(a);
}
