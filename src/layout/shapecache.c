/* Each piece of text shaped once, not two or three times.
 *
 * pango 1.50 breaks a paragraph into lines by shaping each of its items
 * whole, measuring with the widths that gives, and then shaping again
 * every piece it puts on a line: the item that fits (shaped twice in a
 * row, the same text), each break it weighs near the end of a line (the
 * item from its start to the break) and the rest of the item on the next
 * line.  A report shapes about 94 000 characters to show 50 000.
 *
 * harfbuzz says where its output may be cut: a glyph without
 * HB_GLYPH_FLAG_UNSAFE_TO_BREAK begins a cluster at which shaping the text
 * on either side on its own gives exactly the glyphs on that side of the
 * whole (harfbuzz's own test suite checks this, HB_BUFFER_FLAG_VERIFY).
 * So the executable defines hb_shape: each thread keeps its last few
 * shapings, and a request for text one of them shaped, whole or cut
 * where harfbuzz says the cut is safe, gets those glyphs without shaping.
 * Anything else goes to harfbuzz's own hb_shape, found with
 * dlsym(RTLD_NEXT), and is kept.
 *
 * Kept and answered are only requests as pango 1.50 makes them
 * (src/pango/shape.c): a font pango made for the call on top of a font of
 * its own, whose scale it shares; left-to-right text in Latin or Common
 * script, the scripts harfbuzz shapes without looking at the text around
 * the buffer (its context), as pango gives text without hyphens added
 * (a hyphen added at a break is another text, and misses).  The request
 * must match in the font, the buffer's properties, flags and features and
 * in every character and its cluster (pango's clusters are byte offsets
 * into the paragraph, so text is matched where it stands).  pango's
 * shaping font also depends on PANGO_ATTR_SHOW, which iopreport never
 * sets.
 *
 * IOPREPORT_SHAPE_CHECK=1 in the environment shapes every answered
 * request with harfbuzz as well and aborts on any difference in glyphs,
 * clusters or positions: the end-to-end test `shape_check` builds the
 * samples so. */
#define _GNU_SOURCE
#include "layout_internal.h"

#include <dlfcn.h>
#include <glib.h>
#include <hb.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*shape_fn)(hb_font_t *, hb_buffer_t *, const hb_feature_t *, unsigned int);

/* A line's break is weighed against the item it came from, which stays
 * the most recent entry but for the pieces shaped since: four cover an
 * item, its pieces and a hyphenated break. */
#define SC_ENTRIES 4

typedef struct sc_char {
    hb_codepoint_t cp;
    uint32_t cluster;
} sc_char;

/* What a shaping depends on besides its text and features. */
typedef struct sc_kind {
    hb_font_t *font; /* pango's own font under the one asked with */
    int x_scale, y_scale;
    hb_segment_properties_t props;
    hb_buffer_flags_t flags;
    hb_buffer_cluster_level_t level;
    hb_codepoint_t invisible, replacement;
} sc_kind;

typedef struct sc_entry {
    sc_kind kind; /* kind.font referenced, NULL when the entry is unused */
    unsigned n_features;
    hb_feature_t *features;
    /* the text; its clusters rise strictly */
    unsigned n_in, cap_in;
    sc_char *in;
    /* harfbuzz's answer, two arrays of cap_out */
    unsigned n_out, cap_out;
    hb_glyph_info_t *out_info;
    hb_glyph_position_t *out_pos;
    unsigned long used; /* when last asked for, for replacing the oldest */
} sc_entry;

typedef struct sc_cache {
    sc_entry e[SC_ENTRIES];
    unsigned long clock;
    unsigned long answered; /* requests answered from an entry */
} sc_cache;

static void sc_cache_free(gpointer data);

static GPrivate sc_private = G_PRIVATE_INIT(sc_cache_free);
static shape_fn real_shape;
static bool sc_check;

static void entry_clear(sc_entry *e)
{
    if (e->kind.font)
        hb_font_destroy(e->kind.font);
    free(e->features);
    free(e->in);
    free(e->out_info);
    free(e->out_pos);
    memset(e, 0, sizeof *e);
}

static void sc_cache_free(gpointer data)
{
    sc_cache *c = data;
    if (!c)
        return;
    for (int i = 0; i < SC_ENTRIES; i++)
        entry_clear(&c->e[i]);
    free(c);
}

void shapecache_init(void)
{
    static gsize resolved;
    if (g_once_init_enter(&resolved)) {
        *(void **)&real_shape = dlsym(RTLD_NEXT, "hb_shape");
        const char *check = getenv("IOPREPORT_SHAPE_CHECK");
        sc_check = check && *check && strcmp(check, "0") != 0;
        g_once_init_leave(&resolved, 1);
    }
}

void shapecache_cleanup(void)
{
    g_private_replace(&sc_private, NULL);
}

unsigned long shapecache_answered(void)
{
    const sc_cache *c = g_private_get(&sc_private);
    return c ? c->answered : 0;
}

/* A request to shape, as pango made it. */
typedef struct sc_request {
    sc_kind kind;
    const hb_feature_t *features;
    unsigned n_features;
    const hb_glyph_info_t *in; /* the buffer's characters */
    unsigned n_in;
} sc_request;

/* Whether the request is one this file may answer: see the top. */
static bool describe(hb_font_t *font, hb_buffer_t *buf, const hb_feature_t *features,
                     unsigned n_features, sc_request *rq)
{
    sc_kind *k = &rq->kind;
    k->font = hb_font_get_parent(font);
    if (!k->font || k->font == hb_font_get_empty())
        return false;
    int px, py;
    hb_font_get_scale(font, &k->x_scale, &k->y_scale);
    hb_font_get_scale(k->font, &px, &py);
    if (px != k->x_scale || py != k->y_scale)
        return false;
    if (hb_buffer_get_content_type(buf) != HB_BUFFER_CONTENT_TYPE_UNICODE)
        return false;
    hb_buffer_get_segment_properties(buf, &k->props);
    if (k->props.direction != HB_DIRECTION_LTR ||
        (k->props.script != HB_SCRIPT_LATIN && k->props.script != HB_SCRIPT_COMMON))
        return false;
    k->flags = hb_buffer_get_flags(buf);
    k->level = hb_buffer_get_cluster_level(buf);
    if (k->level != HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS)
        return false;
    k->invisible = hb_buffer_get_invisible_glyph(buf);
    k->replacement = hb_buffer_get_replacement_codepoint(buf);
    rq->features = features;
    rq->n_features = features ? n_features : 0;
    rq->in = hb_buffer_get_glyph_infos(buf, &rq->n_in);
    if (rq->n_in == 0)
        return false;
    for (unsigned i = 1; i < rq->n_in; i++)
        if (rq->in[i].cluster <= rq->in[i - 1].cluster)
            return false;
    return true;
}

static bool same_kind(const sc_kind *a, const sc_kind *b)
{
    return a->font == b->font && a->x_scale == b->x_scale && a->y_scale == b->y_scale &&
           hb_segment_properties_equal(&a->props, &b->props) && a->flags == b->flags &&
           a->level == b->level && a->invisible == b->invisible &&
           a->replacement == b->replacement;
}

static bool same_features(const sc_entry *e, const sc_request *rq)
{
    return e->n_features == rq->n_features &&
           (rq->n_features == 0 ||
            memcmp(e->features, rq->features, rq->n_features * sizeof *rq->features) == 0);
}

/* The first of `n` elements, `size` bytes apart from `first`, whose
 * cluster (the uint32_t at `offset` in each) is `cluster` or more: the
 * kept text and its glyphs both run left to right, clusters never fall. */
static unsigned first_from(const void *first, size_t size, size_t offset, unsigned n,
                           uint32_t cluster)
{
    const unsigned char *base = first;
    unsigned lo = 0, hi = n;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        uint32_t c;
        memcpy(&c, base + (size_t)mid * size + offset, sizeof c);
        if (c < cluster)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first glyph of the entry's answer in cluster `cluster` or after. */
static unsigned glyph_at(const sc_entry *e, uint32_t cluster)
{
    return first_from(e->out_info, sizeof *e->out_info, offsetof(hb_glyph_info_t, cluster),
                      e->n_out, cluster);
}

/* The first character of the entry's text in cluster `cluster` or after. */
static unsigned char_at(const sc_entry *e, uint32_t cluster)
{
    return first_from(e->in, sizeof *e->in, offsetof(sc_char, cluster), e->n_in, cluster);
}

/* Whether the answer may be cut before character `k` of the entry's text,
 * and at which glyph. */
static bool cut_at(const sc_entry *e, unsigned k, unsigned *glyph)
{
    if (k == 0) {
        *glyph = 0;
        return true;
    }
    if (k == e->n_in) {
        *glyph = e->n_out;
        return true;
    }
    unsigned g = glyph_at(e, e->in[k].cluster);
    if (g == e->n_out || e->out_info[g].cluster != e->in[k].cluster ||
        (hb_glyph_info_get_glyph_flags(&e->out_info[g]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK))
        return false;
    *glyph = g;
    return true;
}

/* The glyphs [*from, *to) of an entry that answer the request, if any. */
static bool find(const sc_entry *e, const sc_request *rq, unsigned *from, unsigned *to)
{
    if (!e->kind.font || rq->n_in > e->n_in || !same_kind(&e->kind, &rq->kind) ||
        !same_features(e, rq))
        return false;
    unsigned k = char_at(e, rq->in[0].cluster);
    if (k + rq->n_in > e->n_in)
        return false;
    for (unsigned i = 0; i < rq->n_in; i++)
        if (e->in[k + i].cluster != rq->in[i].cluster || e->in[k + i].cp != rq->in[i].codepoint)
            return false;
    return cut_at(e, k, from) && cut_at(e, k + rq->n_in, to) && *from < *to;
}

/* A capacity of at least `need`, doubling from `cap`. */
static unsigned grown(unsigned cap, unsigned need)
{
    unsigned n = cap ? cap : 64;
    while (n < need)
        n *= 2;
    return n;
}

/* Keeps the request's text in `e`, before harfbuzz replaces it. */
static void keep_request(sc_entry *e, const sc_request *rq)
{
    hb_font_reference(rq->kind.font);
    if (e->kind.font)
        hb_font_destroy(e->kind.font);
    e->kind = rq->kind;
    free(e->features);
    e->features = NULL;
    e->n_features = rq->n_features;
    if (rq->n_features) {
        e->features = iop_xmalloc(rq->n_features * sizeof *rq->features);
        memcpy(e->features, rq->features, rq->n_features * sizeof *rq->features);
    }
    if (rq->n_in > e->cap_in) {
        e->cap_in = grown(e->cap_in, rq->n_in);
        e->in = iop_xreallocarray(e->in, e->cap_in, sizeof *e->in);
    }
    for (unsigned i = 0; i < rq->n_in; i++)
        e->in[i] = (sc_char){rq->in[i].codepoint, rq->in[i].cluster};
    e->n_in = rq->n_in;
    e->n_out = 0;
}

static void keep_answer(sc_entry *e, hb_buffer_t *buf)
{
    unsigned n;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    if (n > e->cap_out) {
        e->cap_out = grown(e->cap_out, n);
        e->out_info = iop_xreallocarray(e->out_info, e->cap_out, sizeof *e->out_info);
        e->out_pos = iop_xreallocarray(e->out_pos, e->cap_out, sizeof *e->out_pos);
    }
    memcpy(e->out_info, info, n * sizeof *info);
    memcpy(e->out_pos, pos, n * sizeof *pos);
    e->n_out = n;
}

static void check_answer(hb_buffer_t *buf, const sc_entry *e, unsigned from, unsigned to)
{
    unsigned n;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    bool same = n == to - from;
    for (unsigned i = 0; same && i < n; i++) {
        const hb_glyph_info_t *a = &e->out_info[from + i];
        const hb_glyph_position_t *p = &e->out_pos[from + i];
        same = a->codepoint == info[i].codepoint && a->cluster == info[i].cluster &&
               memcmp(p, &pos[i], sizeof *p) == 0;
    }
    if (!same) {
        fprintf(stderr,
                "iopreport: IOPREPORT_SHAPE_CHECK: a kept shaping differs from harfbuzz's "
                "(clusters %u to %u)\n",
                e->out_info[from].cluster, e->out_info[to - 1].cluster);
        abort();
    }
}

static bool answer(hb_buffer_t *buf, const sc_entry *e, unsigned from, unsigned to)
{
    unsigned n = to - from;
    if (!hb_buffer_set_length(buf, n))
        return false;
    hb_buffer_set_content_type(buf, HB_BUFFER_CONTENT_TYPE_GLYPHS);
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, NULL);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    if (!info || !pos)
        return false;
    memcpy(info, e->out_info + from, n * sizeof *info);
    memcpy(pos, e->out_pos + from, n * sizeof *pos);
    return true;
}

void hb_shape(hb_font_t *font, hb_buffer_t *buf, const hb_feature_t *features,
              unsigned int num_features)
{
    shapecache_init();
    sc_request rq;
    if (!describe(font, buf, features, num_features, &rq)) {
        real_shape(font, buf, features, num_features);
        return;
    }
    sc_cache *c = g_private_get(&sc_private);
    if (!c) {
        c = iop_xcalloc(1, sizeof *c);
        g_private_set(&sc_private, c);
    }
    c->clock++;
    sc_entry *oldest = &c->e[0];
    for (int i = 0; i < SC_ENTRIES; i++) {
        sc_entry *e = &c->e[i];
        unsigned from, to;
        if (find(e, &rq, &from, &to)) {
            e->used = c->clock;
            c->answered++;
            if (sc_check) {
                real_shape(font, buf, features, num_features);
                check_answer(buf, e, from, to);
                return;
            }
            if (answer(buf, e, from, to))
                return;
            /* the buffer could not grow: harfbuzz will say so its way */
            real_shape(font, buf, features, num_features);
            return;
        }
        if (e->used < oldest->used)
            oldest = e;
    }
    keep_request(oldest, &rq);
    oldest->used = c->clock;
    real_shape(font, buf, features, num_features);
    if (hb_buffer_allocation_successful(buf) &&
        hb_buffer_get_content_type(buf) == HB_BUFFER_CONTENT_TYPE_GLYPHS)
        keep_answer(oldest, buf);
    else
        oldest->n_in = 0; /* nothing to answer with */
}
