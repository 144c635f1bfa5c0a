/* The typesetter object: one font map and context for many documents,
 * and the driver that lays a document out (twice when it has a table of
 * contents, whose page numbers are only known after pagination). */
#include "layout_internal.h"

#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

/* fontconfig's own start (FcInit, which pango calls) also parses every
 * file of its template folder (/usr/share/fontconfig/conf.avail, ~90
 * files) only to list them for fc-conflist: a fifth of a report's start-up
 * outside the font matching. The configuration FcInit would make, made
 * here without that and set as the current one before pango asks, spares
 * it; pango's FcInit then finds it ready. Anything unusual (no
 * configuration file, no cache folder, for which FcInit adds defaults and
 * warns) is left to FcInit as before. Once per process. */
static void fontconfig_start(void)
{
    static bool tried;
    if (tried)
        return;
    tried = true;
    FcConfig *cfg = FcConfigCreate();
    if (!cfg)
        return;
    /* quiet about a missing file: FcInit, which then runs, says so */
    bool ok = FcConfigParseAndLoad(cfg, NULL, FcFalse);
    if (ok) {
        FcStrList *dirs = FcConfigGetCacheDirs(cfg);
        ok = dirs && FcStrListNext(dirs) != NULL;
        if (dirs)
            FcStrListDone(dirs);
    }
    if (ok && FcConfigBuildFonts(cfg))
        (void)FcConfigSetCurrent(cfg); /* takes its own reference */
    FcConfigDestroy(cfg);
}

/* The font map and context every layout of `lay` is made in: 72 dpi
 * (one pango unit of size is one PostScript point), unhinted metrics and
 * unrounded positions, so that PDF, PNG and SVG show the same line
 * breaks, and Swedish.  A twin (prefetch.c) is set up by the same code,
 * so that its layouts are the same to the last unit. */
static bool pango_setup(iop_layout *lay)
{
    PangoFontMap *fm = pango_cairo_font_map_new();
    if (!fm)
        return false;
    lay->fontmap = fm;
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72.0);
    lay->context = pango_font_map_create_context(fm);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(lay->context, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(lay->context, FALSE);
    pango_context_set_language(lay->context, pango_language_from_string("sv"));
    lay->family_known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return true;
}

iop_layout *iop_layout_new(iop_diag *diag)
{
    fontconfig_start();
    fontsort_init();
    shapecache_init();
    iop_layout *lay = iop_xcalloc(1, sizeof *lay);
    lay->threads = 1;
    if (!pango_setup(lay)) {
        free(lay);
        iop_diag_report(diag, IOP_ERROR, NULL, "cannot create a pango font map (fontconfig)");
        return NULL;
    }
    lay->families = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    PangoFontFamily **fams = NULL;
    int n = 0;
    pango_font_map_list_families(lay->fontmap, &fams, &n);
    for (int i = 0; i < n; i++)
        g_hash_table_add(lay->families, g_utf8_strdown(pango_font_family_get_name(fams[i]), -1));
    g_free(fams);
    if (n == 0)
        iop_diag_report(diag, IOP_WARNING, NULL, "fontconfig found no fonts at all");
    return lay;
}

iop_layout *layout_twin_new(iop_layout *lay)
{
    iop_layout *twin = iop_xcalloc(1, sizeof *twin);
    twin->threads = 1;
    if (!pango_setup(twin)) {
        free(twin);
        return NULL;
    }
    /* the same installed families, and the same dictionary, which
     * libhyphen only reads */
    twin->families = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, lay->families);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_hash_table_add(twin->families, g_strdup(key));
    twin->hyph_sv = hyphen_dict_sv(lay);
    twin->hyph_tried = true;
    twin->hyph_lent = true;
    return twin;
}

void iop_layout_set_threads(iop_layout *lay, int threads)
{
    if (lay)
        lay->threads = threads < 1 ? 1 : threads > 2 ? 2 : threads;
}

/* Threads of this process, from /proc (Linux); -1 when unknown. */
static int count_threads(void)
{
    GDir *d = g_dir_open("/proc/self/task", 0, NULL);
    if (!d)
        return -1;
    int n = 0;
    while (g_dir_read_name(d))
        n++;
    g_dir_close(d);
    return n;
}

bool iop_layout_quiesce_threads(int max_ms)
{
    g_thread_pool_set_max_unused_threads(0);
    g_thread_pool_stop_unused_threads();
    for (int waited = 0;; waited++) {
        int n = count_threads();
        if (n == 1)
            return true;
        if (n < 0)
            return true; /* no /proc: nothing to wait for that we can see */
        if (waited >= max_ms)
            return false;
        g_usleep(1000);
        g_thread_pool_stop_unused_threads();
    }
}

void iop_layout_free(iop_layout *lay)
{
    if (!lay)
        return;
    if (lay->hyph_sv && !lay->hyph_compiled && !lay->hyph_lent)
        hnj_hyphen_free(lay->hyph_sv);
    if (lay->families)
        g_hash_table_destroy(lay->families);
    if (lay->family_known)
        g_hash_table_destroy(lay->family_known);
    if (lay->shared)
        g_hash_table_destroy(lay->shared);
    free(lay->seen);
    iop_layout_free(lay->twin);
    if (lay->context)
        g_object_unref(lay->context);
    if (lay->fontmap)
        g_object_unref(lay->fontmap);
    free(lay);
}

void iop_layout_cleanup(void)
{
    fontsort_cleanup();
    shapecache_cleanup();
    glyphcolor_cleanup();
}

void run_reset(run *r)
{
    for (size_t i = 0; i < r->n_units; i++)
        unit_free(&r->units[i]);
    free(r->units);
    r->units = NULL;
    r->n_units = r->cap_units = 0;
    for (size_t i = 0; i < r->n_heads; i++) {
        for (size_t k = 0; k < r->heads[i].n_rows; k++)
            unit_free(&r->heads[i].rows[k]);
        free(r->heads[i].rows);
    }
    free(r->heads);
    r->heads = NULL;
    r->n_heads = 0;
    for (size_t i = 0; i < r->n_marker; i++)
        box_free(&r->marker[i]);
    free(r->marker);
    r->marker = NULL;
    r->n_marker = 0;
    r->pending_space = 0;
    r->keep_pending = false;
    r->break_pending = false;
    r->n_headings = 0;
    run_elems_reset(r);
    r->dest_counter = 0;
}

static bool has_toc(const iop_node *n)
{
    if (n->kind == IOP_NODE_TOC)
        return true;
    if (!iop_node_kind_is_block(n->kind))
        return false;
    for (size_t i = 0; i < n->n_children; i++)
        if (has_toc(n->children[i]))
            return true;
    return false;
}

/* The body's blocks, the first pass with a second thread laying out the
 * end of the body ahead when the typesetter may (prefetch.c). */
static void flow_body(run *r, const iop_style *body, frame f, bool first_pass)
{
    const iop_node *container = r->doc->body;
    prefetch *pf = first_pass ? prefetch_start(r, body, f) : NULL;
    for (size_t i = 0; i < container->n_children; i++) {
        const iop_node *c = container->children[i];
        if (!iop_node_kind_is_block(c->kind))
            continue;
        if (pf)
            prefetch_reach(pf, r, i);
        flow_block(r, c, body, f, 0);
    }
    prefetch_finish(pf, r);
}

/* Flow and paginate the document, again while a table of contents has
 * the wrong page numbers. */
static iop_pages *lay_out(run *r, frame f, bool first)
{
    const iop_document *doc = r->doc;
    iop_pages *pages = NULL;
    free(r->heading_pages);
    r->heading_pages = NULL;
    r->n_heading_pages = r->n_pages_prev = 0;
    /* pass 1 learns where headings fall; with a TOC, pass 2 sets the
     * real numbers (and a third pass if that moved anything) */
    int passes = has_toc(doc->body) ? 3 : 1;
    iop_style body;
    iop_document_style(doc, doc->body, NULL, &body);
    for (int pass = 0; pass < passes; pass++) {
        run_reset(r);
        /* of the last pass only its heading pages are needed (kept in
         * r->heading_pages): its pages go before this pass makes its own,
         * or a document with a table of contents holds two sets of pages,
         * and every layout their lines keep, at its largest moment */
        iop_pages_free(pages);
        pages = NULL;
        flow_body(r, &body, f, first && pass == 0);
        iop_pages *next = paginate(r);
        /* heading pages from the outline, in order */
        int *hp = iop_xcalloc(next->n_outline + 1, sizeof *hp);
        for (size_t i = 0; i < next->n_outline; i++)
            hp[i] = next->outline[i].page;
        bool same = r->heading_pages && (size_t)r->n_heading_pages == next->n_outline &&
                    memcmp(hp, r->heading_pages, next->n_outline * sizeof *hp) == 0 &&
                    r->n_pages_prev == (int)next->n_pages;
        free(r->heading_pages);
        r->heading_pages = hp;
        r->n_heading_pages = (int)next->n_outline;
        r->n_pages_prev = (int)next->n_pages;
        pages = next;
        if (same)
            break;
        /* a row was cut to fit page 1 below a letterhead whose height
         * this pass did not know yet: once more, knowing it */
        if (r->first_top_guessed && passes == 1)
            passes = 2;
        r->first_top_guessed = false;
    }
    return pages;
}

iop_pages *iop_layout_document(iop_layout *lay, const iop_document *doc, iop_diag *diag)
{
    return iop_layout_document_numbered(lay, doc, NULL, diag);
}

void run_begin(run *r, iop_layout *lay, const iop_document *doc, iop_diag *diag)
{
    memset(r, 0, sizeof *r);
    r->lay = lay;
    r->doc = doc;
    r->diag = diag;
    r->warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r->para_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    const iop_page_setup *ps = &doc->page;
    r->content_width = ps->width - ps->margin_left - ps->margin_right;
    r->body_height = ps->height - ps->margin_top - ps->margin_bottom;
    r->space_factor = r->lead_factor = 1;
}

GHashTable *run_end(run *r)
{
    run_reset(r);
    free(r->elems);
    free(r->heading_pages);
    para_memo_free(r);
    run_fonts_free(r);
    table_widths_free(r);
    g_hash_table_destroy(r->warned);
    GHashTable *cache = r->para_cache;
    memset(r, 0, sizeof *r);
    return cache;
}

iop_pages *iop_layout_document_numbered(iop_layout *lay, const iop_document *doc,
                                        const iop_page_numbering *num, iop_diag *diag)
{
    if (!lay || !doc || !doc->body)
        return NULL;
    run r;
    run_begin(&r, lay, doc, diag);
    if (num) {
        r.page_offset = num->first > 1 ? num->first - 1 : 0;
        r.pages_total = num->total > 0 ? num->total : 0;
    }
    const iop_page_setup *ps = &doc->page;
    frame f = {ps->margin_left, r.content_width};
    iop_pages *pages = lay_out(&r, f, true);
    /* A document meant for N pages (a fact sheet on one) that runs over
     * by a page is set again with less space between blocks and lines, in
     * three steps, as a typesetter would tighten it; when it still does not
     * fit, it is set as written. */
    static const double tighter[][2] = {{0.75, 0.96}, {0.5, 0.92}, {0.4, 0.88}};
    if (ps->fit_pages > 0 && pages && (int)pages->n_pages == ps->fit_pages + 1) {
        for (size_t k = 0; k < sizeof tighter / sizeof tighter[0]; k++) {
            r.space_factor = tighter[k][0];
            r.lead_factor = tighter[k][1];
            iop_pages *t = lay_out(&r, f, false);
            if (t && (int)t->n_pages <= ps->fit_pages) {
                iop_pages_free(pages);
                pages = t;
                break;
            }
            iop_pages_free(t);
        }
    }
    GHashTable *cache = run_end(&r);
    para_share_layouts(lay, cache);
    g_hash_table_destroy(cache);
    return pages;
}
