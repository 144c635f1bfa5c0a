/* Whether a glyph is drawn in colour, asked of each font face once.
 *
 * pango 1.50 asks, for every glyph it shapes, whether the glyph has
 * colour (glyph_has_color in pango/shape.c): harfbuzz's
 * hb_ot_color_glyph_get_layers for the glyph, then hb_ot_color_has_png
 * and hb_ot_color_has_svg for its face.  Each finds the face's colour
 * tables again; for a report's 100 000 glyphs that was 2 % of its
 * instructions, with fonts that have none of those tables.
 *
 * So the executable defines the three functions, and keeps for each face
 * it meets what holds for the face as a whole: whether it has PNG glyphs,
 * SVG glyphs and colour layers.  The layers hb_ot_color_glyph_get_layers
 * gives are those of a COLR table of version 0, and a face without them
 * (hb_ot_color_has_layers) has none for any glyph; a glyph of a face with
 * layers is asked of harfbuzz.  The first GC_FACES faces met are kept,
 * each referenced so that its address names it until glyphcolor_cleanup;
 * any other face is asked of harfbuzz every time.  Faces are added under
 * a lock and read without one: an entry is complete before the count
 * that shows it is raised. */
#define _GNU_SOURCE
#include "layout_internal.h"

#include <dlfcn.h>
#include <glib.h>
#include <hb-ot.h>
#include <stdlib.h>

/* A report uses a handful of faces (regular, bold, italic, a fallback),
 * and the second layout thread's font map has faces of its own. */
#define GC_FACES 32

typedef unsigned int (*layers_fn)(hb_face_t *, hb_codepoint_t, unsigned int, unsigned int *,
                                  hb_ot_color_layer_t *);
typedef hb_bool_t (*has_fn)(hb_face_t *);

typedef struct gc_face {
    hb_face_t *face; /* referenced */
    bool layers, png, svg;
} gc_face;

static gc_face gc_faces[GC_FACES];
static unsigned gc_count; /* entries [0, gc_count) are complete */
static GMutex gc_lock;
static layers_fn real_layers;
static has_fn real_png, real_svg;

static void resolve(void)
{
    static gsize resolved;
    if (g_once_init_enter(&resolved)) {
        *(void **)&real_layers = dlsym(RTLD_NEXT, "hb_ot_color_glyph_get_layers");
        *(void **)&real_png = dlsym(RTLD_NEXT, "hb_ot_color_has_png");
        *(void **)&real_svg = dlsym(RTLD_NEXT, "hb_ot_color_has_svg");
        if (!real_layers || !real_png || !real_svg)
            abort(); /* harfbuzz is linked in: its functions are there */
        g_once_init_leave(&resolved, 1);
    }
}

static const gc_face *find(const hb_face_t *face, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (gc_faces[i].face == face)
            return &gc_faces[i];
    return NULL;
}

/* The face's entry, made now if there is room; NULL when there is not
 * (kept out of face_of, whose quick path is most of the calls). */
__attribute__((noinline)) static const gc_face *learn(hb_face_t *face)
{
    resolve();
    g_mutex_lock(&gc_lock);
    unsigned n = gc_count;
    const gc_face *f = find(face, n);
    if (!f && n < GC_FACES) {
        gc_faces[n] = (gc_face){hb_face_reference(face), hb_ot_color_has_layers(face),
                                real_png(face), real_svg(face)};
        __atomic_store_n(&gc_count, n + 1, __ATOMIC_RELEASE);
        f = &gc_faces[n];
    }
    g_mutex_unlock(&gc_lock);
    return f;
}

/* pango asks three times a glyph, of the same face glyph after glyph */
static _Thread_local const gc_face *gc_last;

__attribute__((noinline)) static const gc_face *face_met(hb_face_t *face)
{
    const gc_face *f = find(face, __atomic_load_n(&gc_count, __ATOMIC_ACQUIRE));
    if (!f)
        f = learn(face);
    gc_last = f;
    return f;
}

static inline const gc_face *face_of(hb_face_t *face)
{
    const gc_face *f = gc_last;
    return f && f->face == face ? f : face_met(face);
}

unsigned int hb_ot_color_glyph_get_layers(hb_face_t *face, hb_codepoint_t glyph,
                                          unsigned int start_offset, unsigned int *layer_count,
                                          hb_ot_color_layer_t *layers)
{
    const gc_face *f = face_of(face);
    if (f && !f->layers) {
        if (layer_count)
            *layer_count = 0;
        return 0;
    }
    return real_layers(face, glyph, start_offset, layer_count, layers);
}

hb_bool_t hb_ot_color_has_png(hb_face_t *face)
{
    const gc_face *f = face_of(face);
    return f ? f->png : real_png(face);
}

hb_bool_t hb_ot_color_has_svg(hb_face_t *face)
{
    const gc_face *f = face_of(face);
    return f ? f->svg : real_svg(face);
}

void glyphcolor_cleanup(void)
{
    g_mutex_lock(&gc_lock);
    unsigned n = gc_count;
    __atomic_store_n(&gc_count, 0, __ATOMIC_RELEASE);
    gc_last = NULL; /* the calling thread's; others have ended */
    for (unsigned i = 0; i < n; i++)
        hb_face_destroy(gc_faces[i].face);
    g_mutex_unlock(&gc_lock);
}
