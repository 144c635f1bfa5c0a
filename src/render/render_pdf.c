/* PDF output: metadata (reproducible with SOURCE_DATE_EPOCH), an outline
 * from the headings, tagged text and links.  cairo writes into memory
 * (cairo 1.16 drops write errors that happen inside cairo_surface_finish,
 * so nothing is lost there); pdf_finish then adds what PDF/UA-1 and
 * PDF/A-2a need and cairo cannot write, and the result is written
 * atomically. */
#include "render_internal.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void iop_render_meta_from_document(const iop_document *doc, iop_render_meta *meta)
{
    memset(meta, 0, sizeof *meta);
    meta->title = doc->meta.title;
    meta->author = doc->meta.author;
    meta->subject = doc->meta.subject;
    meta->keywords = doc->meta.keywords;
    meta->creation_time = -1;
}

static long long creation_time(const iop_render_meta *meta)
{
    if (meta && meta->creation_time >= 0)
        return meta->creation_time;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (!errno && !*end && v >= 0)
            return v;
    }
    return (long long)time(NULL);
}

/* cairo's output, kept in memory for the finishing step */
typedef struct mem_sink {
    unsigned char *data;
    size_t len, cap;
    pdf_ahead *ahead; /* reads `data` meanwhile, or NULL */
} mem_sink;

static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int len)
{
    mem_sink *m = closure;
    /* cairo writes a PDF a few bytes at a time (120 000 calls a report) */
    if (len > m->cap - m->len) {
        /* the buffer moves: not while the thread copies from it */
        if (m->ahead)
            pdf_ahead_lock(m->ahead);
        m->data = iop_grow(m->data, &m->cap, m->len + len, 1);
        if (m->ahead)
            pdf_ahead_unlock(m->ahead);
    }
    if (len)
        memcpy(m->data + m->len, data, len);
    m->len += len;
    return CAIRO_STATUS_SUCCESS;
}

/* The name of a file without its folder and extension: the title of a
 * document that has none (PDF/UA shows a title, never a file name). */
static char *base_title(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return iop_xstrndup(base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
}

static void set_meta(cairo_surface_t *s, cairo_pdf_metadata_t key, const char *value)
{
    if (value && *value)
        cairo_pdf_surface_set_metadata(s, key, value);
}

static void add_outline(cairo_surface_t *s, const iop_pages *pages)
{
    /* parents by level: an h3 under the last h2, or the last shallower one */
    int parent[6] = {CAIRO_PDF_OUTLINE_ROOT, 0, 0, 0, 0, 0};
    int have[6] = {1, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < pages->n_outline; i++) {
        const iop_outline_entry *o = &pages->outline[i];
        int lvl = o->level < 1 ? 1 : o->level > 5 ? 5 : o->level;
        int p = lvl - 1;
        while (p > 0 && !have[p])
            p--;
        /* numbers only: nothing from the document goes into the attributes */
        char *attrs = iop_xasprintf("page=%d pos=[0 %.2f]", o->page, o->y);
        int id = cairo_pdf_surface_add_outline(s, parent[p], o->title ? o->title : "", attrs,
                                               lvl <= 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
        free(attrs);
        parent[lvl] = id;
        have[lvl] = 1;
        for (int k = lvl + 1; k < 6; k++)
            have[k] = 0;
    }
}

/* A PDF surface that writes page contents (and CMaps, forms, glyphs)
 * uncompressed: pdf_finish has to read every page's content to mark its
 * artifacts, and would otherwise inflate what cairo deflated only to
 * deflate it again (2.4 % of a report's instructions); it compresses
 * them itself, as cairo would have.  cairo 1.16 has no call for this,
 * only CAIRO_DEBUG_PDF, which it reads once, when a PDF surface is
 * created, into that surface; so the variable is set around the creation
 * alone and removed again, and no other surface, child process or later
 * report sees it.  setenv is safe here because iopreport renders on one
 * thread: pango's and GLib's start-up threads are gone by then (one entry
 * in /proc/self/task at this point, in a worker or not, SVG images
 * included), so nothing reads the environment meanwhile (pdf_ahead's
 * thread is started after it).  A cairo that
 * ignores the variable still works: pdf_finish inflates what is
 * compressed. */
static cairo_surface_t *create_uncompressed(mem_sink *sink, double width, double height)
{
    bool had = getenv("CAIRO_DEBUG_PDF") != NULL;
    if (!had)
        (void)setenv("CAIRO_DEBUG_PDF", "1", 1); /* on failure: compressed, still right */
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(mem_write, sink, width, height);
    if (!had)
        (void)unsetenv("CAIRO_DEBUG_PDF");
    return s;
}

/* pdf_finish's pieces into the temporary file, in lengths a cairo write
 * function takes (an unsigned int); a failure is remembered there and
 * reported by atomic_commit. */
static bool write_finished(void *closure, const void *data, size_t len)
{
    const unsigned char *at = data;
    while (len) {
        unsigned piece = len < (1u << 30) ? (unsigned)len : 1u << 30;
        (void)atomic_write(closure, at, piece);
        at += piece;
        len -= piece;
    }
    return true;
}

bool render_pdf(const iop_pages *pages, const char *path, const iop_render_options *options,
                iop_diag *diag)
{
    static const iop_render_options defaults = {0};
    const iop_render_options *o = options ? options : &defaults;
    const iop_render_meta *meta = o->meta;
    int threads = o->threads;
    atomic_file af;
    if (!atomic_open(&af, path, diag))
        return false;
    mem_sink sink = {NULL, 0, 0, NULL};
    cairo_surface_t *s = create_uncompressed(&sink, pages->pages[0].width, pages->pages[0].height);
    cairo_t *cr = NULL;
    dest_map *dests = dest_map_new(pages);
    tagger tags;
    tagger_init(&tags, pages);
    pdf_deflates *deflates = pdf_deflates_new();
    char *fallback = NULL;
    bool ok = false;
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        render_error(diag, path, "cannot create a PDF: %s",
                     cairo_status_to_string(cairo_surface_status(s)));
        goto done;
    }
    cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
    if (meta) {
        set_meta(s, CAIRO_PDF_METADATA_TITLE, meta->title);
        set_meta(s, CAIRO_PDF_METADATA_AUTHOR, meta->author);
        set_meta(s, CAIRO_PDF_METADATA_SUBJECT, meta->subject);
        set_meta(s, CAIRO_PDF_METADATA_KEYWORDS, meta->keywords);
    }
    set_meta(s, CAIRO_PDF_METADATA_CREATOR,
             meta && meta->creator ? meta->creator : "iopreport " IOP_VERSION);
    time_t t = (time_t)creation_time(meta);
    struct tm tm;
    char date[32];
    if (gmtime_r(&t, &tm) && strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0) {
        set_meta(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
        set_meta(s, CAIRO_PDF_METADATA_MOD_DATE, date);
    }
    render_numbers_init();
    /* a core to spare: each page's content is finished while cairo paints
     * the next (pdf_ahead.c); the PDF is the same to the byte */
    if (threads > 1)
        sink.ahead = pdf_ahead_start(&sink.data, deflates);
    cr = cairo_create(s);
    tagger_begin_document(cr, &tags);
    for (size_t p = 0; p < pages->n_pages; p++) {
        const iop_page *pg = &pages->pages[p];
        /* the first page has its size from the start: cairo 1.16 forgets
         * the "Document" tag begun on a page whose size is set after it,
         * and the PDF is then not marked as tagged */
        if (p > 0)
            cairo_pdf_surface_set_size(s, pg->width, pg->height);
        cairo_status_t st = paint_page(cr, pg, dests, &tags, diag, path);
        if (st != CAIRO_STATUS_SUCCESS) {
            render_error(diag, path, "cannot draw page %zu: %s", p + 1,
                         cairo_status_to_string(st));
            goto done;
        }
        tagger_end_page(cr, &tags);
        cairo_show_page(cr);
        if (sink.ahead)
            pdf_ahead_page(sink.ahead, sink.len);
        if (o->page_done)
            o->page_done(o->page_done_user, p);
    }
    tagger_end_document(cr, &tags);
    add_outline(s, pages);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        render_error(diag, path, "cannot write the PDF: %s",
                     cairo_status_to_string(cairo_status(cr)));
        goto done;
    }
    cairo_destroy(cr);
    cr = NULL;
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        render_error(diag, path, "cannot write the PDF: %s",
                     cairo_status_to_string(cairo_surface_status(s)));
        goto done;
    }
    fallback = base_title(path);
    if (!meta || !meta->title || !*meta->title) {
        /* PDF/UA shows a title in the window bar: say which one it got */
        iop_loc loc = {path, 0, 0};
        iop_diag_report(diag, IOP_WARNING, &loc,
                        "the document has no <title>; the PDF is titled '%s' after its file name",
                        fallback);
    }
    pdf_ahead_join(sink.ahead);
    pdf_finish_info info = {tags.notes, tags.n_notes, pages->lang, fallback,
                            meta ? meta->xmp : NULL, threads, sink.ahead, deflates};
    char *why = NULL;
    if (!pdf_finish_write(sink.data, sink.len, &info, write_finished, &af, &why)) {
        render_error(diag, path, "internal error: cannot make the PDF accessible and archivable: %s",
                     why ? why : "out of memory");
        free(why);
        goto done;
    }
    ok = true;
done:
    if (cr)
        cairo_destroy(cr);
    cairo_surface_destroy(s);
    /* after cairo's last write, before its buffer goes */
    pdf_ahead_free(sink.ahead);
    pdf_deflates_free(deflates); /* after the threads that deflate */
    dest_map_free(dests);
    tagger_free(&tags);
    free(sink.data);
    free(fallback);
    if (ok)
        return atomic_commit(&af, diag); /* reports af.failed (write errors) itself */
    atomic_abort(&af);
    return false;
}
