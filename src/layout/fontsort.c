/* Font matching once per font, not once per size.
 *
 * pango keys its fontsets by the whole font description, size included,
 * and for each new one has fontconfig match and sort every installed font
 * against the request (FcFontSetMatch and FcFontSetSort, ~4 M instructions
 * with the ~300 fonts of a Debian system): a report asks for about twenty
 * descriptions, most of them the same family, weight and slant at other
 * sizes, and this was a tenth of its instructions.
 *
 * A font's size takes part in fontconfig's comparison only for fonts that
 * have a size of their own (FcCompare compares an object only when both
 * patterns have it): bitmap fonts such as Noto Color Emoji. When at most
 * one installed font has a size and no size asked for is that font's,
 * that font is ranked behind every font without a size at the size
 * priorities, whatever the size asked for, so the order of the fonts, the
 * best match and the sorted list are the same for every size. Under that
 * condition this file keeps fontconfig's answer for a request without its
 * size and gives it again for the same request at another size: the sorted
 * list as is (fonts carry no size), the match prepared for the request as
 * FcFontSetMatch prepares it. Anything else (another request, other font
 * sets, two fonts with sizes, a size that hits one) goes to fontconfig.
 *
 * The executable defines the two functions, so pango's calls reach them
 * (the dynamic linker looks in the executable first); each calls the
 * library's own through dlsym(RTLD_NEXT). pango calls them from its font
 * threads, hence the lock; and g_thread_new, at the end of this file, so
 * that the match is made on the thread that waits for it. */
#define _GNU_SOURCE
#include "layout_internal.h"

#include <dlfcn.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

typedef FcPattern *(*match_fn)(FcConfig *, FcFontSet **, int, FcPattern *, FcResult *);
typedef FcFontSet *(*sort_fn)(FcConfig *, FcFontSet **, int, FcPattern *, FcBool, FcCharSet **,
                              FcResult *);

/* One request without its size, over one list of fonts. */
typedef struct fs_entry {
    FcConfig *config;
    unsigned fonts_gen; /* the fonts asked over (fs_gen when they were) */
    FcPattern *key; /* the request less FC_SIZE and FC_PIXEL_SIZE */
    int kind; /* 0 match, 1 sort (trim), 2 sort (no trim) */
    bool want_cs;
    FcPattern *best; /* match: the font chosen (a font of the list) */
    FcFontSet *sorted; /* sort: fontconfig's answer */
    FcCharSet *cs;
    FcResult result;
    struct fs_entry *next;
} fs_entry;

static GMutex fs_lock;
static fs_entry *fs_entries;
static match_fn real_match;
static sort_fn real_sort;
/* pango hands over a new font set for each request, of the same fonts:
 * the fonts last seen (referenced), a number that changes with them, and
 * the one font among them with a size of its own (fs_n_sized of them) */
static FcFontSet *fs_fonts;
static unsigned fs_gen;
static FcPattern *fs_sized;
static int fs_n_sized;

static void resolve(void)
{
    if (!real_match)
        *(void **)&real_match = dlsym(RTLD_NEXT, "FcFontSetMatch");
    if (!real_sort)
        *(void **)&real_sort = dlsym(RTLD_NEXT, "FcFontSetSort");
}

void fontsort_init(void)
{
    g_mutex_lock(&fs_lock);
    resolve();
    g_mutex_unlock(&fs_lock);
}

static bool has_size(const FcPattern *p)
{
    FcValue v;
    return FcPatternGet(p, FC_SIZE, 0, &v) == FcResultMatch ||
           FcPatternGet(p, FC_PIXEL_SIZE, 0, &v) == FcResultMatch;
}

void fontsort_cleanup(void)
{
    g_mutex_lock(&fs_lock);
    while (fs_entries) {
        fs_entry *e = fs_entries;
        fs_entries = e->next;
        FcPatternDestroy(e->key);
        if (e->best)
            FcPatternDestroy(e->best);
        if (e->sorted)
            FcFontSetDestroy(e->sorted);
        if (e->cs)
            FcCharSetDestroy(e->cs);
        free(e);
    }
    if (fs_fonts)
        FcFontSetDestroy(fs_fonts);
    fs_fonts = NULL;
    fs_sized = NULL;
    fs_n_sized = 0;
    fs_gen++; /* what was kept is gone: nothing compares equal to it */
    g_mutex_unlock(&fs_lock);
}

/* Whether `sets` hold fs_fonts, in that order. */
static bool same_fonts(FcFontSet **sets, int nsets)
{
    if (!fs_fonts)
        return false;
    int n = 0;
    for (int s = 0; s < nsets; s++) {
        int k = sets[s] ? sets[s]->nfont : 0;
        if (n + k > fs_fonts->nfont || (k && memcmp(fs_fonts->fonts + n, sets[s]->fonts,
                                                    (size_t)k * sizeof(FcPattern *)) != 0))
            return false;
        n += k;
    }
    return n == fs_fonts->nfont;
}

/* The fonts of `sets` as fs_fonts, fs_gen, fs_sized and fs_n_sized; false
 * when that cannot be kept (no memory). */
static bool scan_sets(FcFontSet **sets, int nsets)
{
    if (same_fonts(sets, nsets))
        return true;
    if (fs_fonts)
        FcFontSetDestroy(fs_fonts);
    fs_fonts = FcFontSetCreate();
    fs_gen++;
    fs_sized = NULL;
    fs_n_sized = 0;
    for (int s = 0; fs_fonts && s < nsets; s++)
        for (int f = 0; sets[s] && f < sets[s]->nfont; f++) {
            FcPattern *font = sets[s]->fonts[f];
            FcPatternReference(font);
            if (!FcFontSetAdd(fs_fonts, font)) {
                FcPatternDestroy(font);
                FcFontSetDestroy(fs_fonts);
                fs_fonts = NULL;
                break;
            }
            if (has_size(font)) {
                fs_sized = font;
                fs_n_sized++;
            }
        }
    return fs_fonts != NULL;
}

/* A size value as the range [lo, hi]; false for a value of another type. */
static bool value_range(const FcValue *v, double *lo, double *hi)
{
    switch (v->type) {
    case FcTypeInteger:
        *lo = *hi = v->u.i;
        return true;
    case FcTypeDouble:
        *lo = *hi = v->u.d;
        return true;
    case FcTypeRange:
        return FcRangeGetDouble(v->u.r, lo, hi) == FcTrue;
    default:
        return false;
    }
}

/* Whether a size `p` asks for could come out equal to one of `font`'s
 * (a distance of 0, which would change the font's rank): any overlap, or
 * a value of a type not understood here, counts. */
static bool size_hits(const FcPattern *p, const FcPattern *font)
{
    static const char *const objects[] = {FC_SIZE, FC_PIXEL_SIZE};
    for (int o = 0; o < 2; o++) {
        FcValue a, b;
        for (int i = 0; FcPatternGet(p, objects[o], i, &a) == FcResultMatch; i++) {
            double alo, ahi;
            if (!value_range(&a, &alo, &ahi))
                return true;
            for (int k = 0; FcPatternGet(font, objects[o], k, &b) == FcResultMatch; k++) {
                double blo, bhi;
                if (!value_range(&b, &blo, &bhi) || (alo <= bhi + 1e-6 && blo <= ahi + 1e-6))
                    return true;
            }
        }
    }
    return false;
}

/* Whether the answer for `p` cannot depend on its size (see above). */
static bool size_free(FcFontSet **sets, int nsets, const FcPattern *p)
{
    if (nsets < 1 || !scan_sets(sets, nsets))
        return false;
    return fs_n_sized == 0 || (fs_n_sized == 1 && !size_hits(p, fs_sized));
}

static FcPattern *sizeless(const FcPattern *p)
{
    FcPattern *k = FcPatternDuplicate(p);
    if (k) {
        FcPatternDel(k, FC_SIZE);
        FcPatternDel(k, FC_PIXEL_SIZE);
    }
    return k;
}

static fs_entry *lookup(FcConfig *config, const FcPattern *key, int kind, bool want_cs)
{
    for (fs_entry *e = fs_entries; e; e = e->next)
        if (e->kind == kind && e->config == config && e->fonts_gen == fs_gen &&
            e->want_cs == want_cs && FcPatternEqual(e->key, key))
            return e;
    return NULL;
}

static fs_entry *entry_new(FcConfig *config, FcPattern *key, int kind, bool want_cs)
{
    fs_entry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->config = config;
    e->fonts_gen = fs_gen;
    e->key = key;
    e->kind = kind;
    e->want_cs = want_cs;
    e->next = fs_entries;
    fs_entries = e;
    return e;
}

/* The font of `sets` that FcFontRenderPrepare made `prepared` from (its
 * file and index), or NULL. */
static FcPattern *source_font(FcFontSet **sets, int nsets, const FcPattern *prepared)
{
    FcChar8 *file = NULL, *f2 = NULL;
    int index = 0, i2 = 0;
    if (FcPatternGetString(prepared, FC_FILE, 0, &file) != FcResultMatch)
        return NULL;
    (void)FcPatternGetInteger(prepared, FC_INDEX, 0, &index);
    FcPattern *found = NULL;
    int n = 0;
    for (int s = 0; s < nsets; s++)
        for (int f = 0; sets[s] && f < sets[s]->nfont; f++) {
            FcPattern *font = sets[s]->fonts[f];
            i2 = 0;
            if (FcPatternGetString(font, FC_FILE, 0, &f2) == FcResultMatch &&
                FcStrCmp(file, f2) == 0 &&
                (FcPatternGetInteger(font, FC_INDEX, 0, &i2), i2 == index)) {
                found = font;
                n++;
            }
        }
    return n == 1 ? found : NULL; /* named instances share a file and index */
}

FcPattern *FcFontSetMatch(FcConfig *config, FcFontSet **sets, int nsets, FcPattern *p,
                          FcResult *result)
{
    g_mutex_lock(&fs_lock);
    resolve();
    if (!real_match) {
        g_mutex_unlock(&fs_lock);
        *result = FcResultNoMatch;
        return NULL;
    }
    FcPattern *key = size_free(sets, nsets, p) ? sizeless(p) : NULL;
    fs_entry *e = key ? lookup(config, key, 0, false) : NULL;
    if (e) {
        FcPatternDestroy(key);
        /* as FcFontSetMatch prepares its match: for the configuration
         * given, or the current one */
        FcConfig *c = FcConfigReference(config);
        FcPattern *ret = c ? FcFontRenderPrepare(c, p, e->best) : NULL;
        if (c)
            FcConfigDestroy(c);
        *result = ret ? e->result : FcResultNoMatch;
        g_mutex_unlock(&fs_lock);
        return ret;
    }
    FcPattern *ret = real_match(config, sets, nsets, p, result);
    FcPattern *best = ret ? source_font(sets, nsets, ret) : NULL;
    if (key && best && (e = entry_new(config, key, 0, false))) {
        FcPatternReference(best);
        e->best = best;
        e->result = *result;
    } else if (key) {
        FcPatternDestroy(key);
    }
    g_mutex_unlock(&fs_lock);
    return ret;
}

static FcFontSet *set_copy(const FcFontSet *s)
{
    FcFontSet *c = FcFontSetCreate();
    for (int f = 0; c && f < s->nfont; f++) {
        FcPatternReference(s->fonts[f]);
        if (!FcFontSetAdd(c, s->fonts[f])) {
            FcPatternDestroy(s->fonts[f]);
            FcFontSetDestroy(c);
            return NULL;
        }
    }
    return c;
}

FcFontSet *FcFontSetSort(FcConfig *config, FcFontSet **sets, int nsets, FcPattern *p, FcBool trim,
                         FcCharSet **csp, FcResult *result)
{
    g_mutex_lock(&fs_lock);
    resolve();
    if (!real_sort) {
        g_mutex_unlock(&fs_lock);
        *result = FcResultNoMatch;
        return NULL;
    }
    int kind = trim ? 1 : 2;
    FcPattern *key = size_free(sets, nsets, p) ? sizeless(p) : NULL;
    fs_entry *e = key ? lookup(config, key, kind, csp != NULL) : NULL;
    if (e) {
        FcPatternDestroy(key);
        FcFontSet *ret = set_copy(e->sorted);
        if (ret) {
            if (csp)
                *csp = e->cs ? FcCharSetCopy(e->cs) : NULL;
            *result = e->result;
            g_mutex_unlock(&fs_lock);
            return ret;
        }
        key = NULL; /* out of memory: fontconfig's own answer */
    }
    FcFontSet *ret = real_sort(config, sets, nsets, p, trim, csp, result);
    FcFontSet *keep = ret ? set_copy(ret) : NULL;
    if (key && keep && (e = entry_new(config, key, kind, csp != NULL))) {
        e->sorted = keep;
        e->cs = csp && *csp ? FcCharSetCopy(*csp) : NULL;
        e->result = *result;
    } else {
        if (key)
            FcPatternDestroy(key);
        if (keep)
            FcFontSetDestroy(keep);
    }
    g_mutex_unlock(&fs_lock);
    return ret;
}

/* The match made on the thread that waits for it.
 *
 * pango 1.50 starts two threads for each font description a font map
 * meets for the first time, one for FcFontSetMatch and one for
 * FcFontSetSort, and the thread that itemizes text waits at once for the
 * match.  While a report is laid out both vCPUs are busy (the layout's two
 * threads), so a new thread waits for a turn: one committee's first pass
 * waited 12-28 ms in all on about twenty matches, most of it for the
 * scheduler (a shim around g_cond_wait).  The match itself is short (the
 * answer is kept per size, above), so it is made here, in the caller,
 * which then finds it made; the returned thread is the caller's own, which
 * pango only unrefs.  The sort still runs on its thread: it is waited for
 * only when a character needs a fallback font.  Every other thread, and
 * the match of a pango that names its thread otherwise, starts as
 * before. */
typedef GThread *(*thread_new_fn)(const gchar *, GThreadFunc, gpointer);

GThread *g_thread_new(const gchar *name, GThreadFunc func, gpointer data)
{
    static gsize resolved;
    static thread_new_fn real;
    if (g_once_init_enter(&resolved)) { /* threads may start threads */
        *(void **)&real = dlsym(RTLD_NEXT, "g_thread_new");
        g_once_init_leave(&resolved, 1);
    }
    if (name && strcmp(name, FONTSORT_MATCH_THREAD) == 0) {
        func(data);
        return g_thread_ref(g_thread_self());
    }
    if (!real)
        abort(); /* GLib is linked in: its g_thread_new is there */
    return real(name, func, data);
}
