/* pango's font metrics, measured one thread at a time.
 *
 * pango 1.50 (and 1.52) measures a font's approximate character width,
 * the first time its metrics are asked for, by laying out a sample text
 * in that font, and guards against the recursion this may cause with a
 * `static int in_get_metrics` for the whole process
 * (_pango_cairo_font_get_metrics).  While one thread measures, a second
 * one that measures a font of its own finds the flag set, skips the
 * measuring and keeps 0 as that font's width for good.  pango's line
 * breaker weighs breaks no further ahead than three such widths, so with
 * 0 it takes other paths, and a justified line ending in a hyphen is
 * spaced otherwise.  The two layout threads (prefetch.c) each measure
 * the fonts of their own typesetter: a report came out spaced otherwise
 * now and then, not the same bytes as on one thread.
 *
 * So the font class's get_metrics, the function pango_font_get_metrics
 * calls (libpango binds its own calls to it directly, so the executable
 * cannot define it as it does hb_shape), is wrapped in a lock, recursive
 * because the sample text's layout asks for metrics again on the same
 * thread.  Once a font's metrics are made, asking again finds them in
 * its list, and the lock is held for that lookup only. */
#include "layout_internal.h"

typedef PangoFontMetrics *(*get_metrics_fn)(PangoFont *, PangoLanguage *);

static GRecMutex metrics_lock;
static PangoFontClass *wrapped_class;
static get_metrics_fn real_get_metrics;

static PangoFontMetrics *get_metrics_locked(PangoFont *font, PangoLanguage *language)
{
    g_rec_mutex_lock(&metrics_lock);
    PangoFontMetrics *m = real_get_metrics(font, language);
    g_rec_mutex_unlock(&metrics_lock);
    return m;
}

bool fontmetrics_serialize(PangoContext *context, const PangoFontDescription *fd)
{
    static GMutex once;
    g_mutex_lock(&once);
    if (!wrapped_class) {
        /* a font the context has loaded already (pango's cairo font map
         * makes fonts of one class); a font loaded for this alone would
         * cost a fontconfig sort */
        PangoFont *font = pango_context_load_font(context, fd);
        if (font) {
            PangoFontClass *klass = PANGO_FONT_GET_CLASS(font);
            if (klass->get_metrics) {
                real_get_metrics = klass->get_metrics;
                klass->get_metrics = get_metrics_locked;
                wrapped_class = klass;
            }
            g_object_unref(font);
        }
    }
    bool ok = wrapped_class != NULL;
    g_mutex_unlock(&once);
    return ok;
}
