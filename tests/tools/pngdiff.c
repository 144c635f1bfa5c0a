/* iop_pngdiff: compare a rendered page with its reference image, for the
 * visual regression test (tests/e2e/visual.sh).
 *
 *     iop_pngdiff [--threshold N] [--max-percent P] REFERENCE.png ACTUAL.png DIFF.png
 *
 * A pixel differs when one of its channels differs by more than N (default
 * 32 of 255); the images match when at most P percent of the pixels differ
 * (default 0.5) and they have the same size.  Both images are flattened
 * onto white first, so transparency and the PNG's colour type do not
 * matter.  When they do not match, DIFF.png shows the reference faded to
 * light grey with the differing pixels in red (and whatever lies outside
 * the other image's size in blue).
 *
 * Exit status: 0 match, 1 differ (DIFF.png written), 2 usage or I/O error.
 * PNGs are read and written with cairo, which the project links anyway. */
#include <cairo.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read a PNG and flatten it onto white as an ARGB32 image; NULL on error. */
static cairo_surface_t *load_flat(const char *path)
{
    cairo_surface_t *png = cairo_image_surface_create_from_png(path);
    cairo_status_t st = cairo_surface_status(png);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "iop_pngdiff: %s: %s\n", path, cairo_status_to_string(st));
        cairo_surface_destroy(png);
        return NULL;
    }
    int w = cairo_image_surface_get_width(png), h = cairo_image_surface_get_height(png);
    cairo_surface_t *flat = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(flat);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_surface(cr, png, 0, 0);
    cairo_paint(cr);
    st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(png);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "iop_pngdiff: %s: %s\n", path, cairo_status_to_string(st));
        cairo_surface_destroy(flat);
        return NULL;
    }
    cairo_surface_flush(flat);
    return flat;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    uint32_t p;
    memcpy(&p, data + (size_t)y * (size_t)stride + (size_t)x * 4, sizeof p);
    return p;
}

static int channel_diff(uint32_t a, uint32_t b)
{
    int worst = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
        int d = abs((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff));
        if (d > worst)
            worst = d;
    }
    return worst;
}

static void usage(void)
{
    fprintf(stderr, "usage: iop_pngdiff [--threshold N] [--max-percent P] "
                    "REFERENCE.png ACTUAL.png DIFF.png\n");
}

int main(int argc, char **argv)
{
    int threshold = 32;
    double max_percent = 0.5;
    int i = 1;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        char *end;
        if (strcmp(argv[i], "--threshold") == 0) {
            long v = strtol(argv[i + 1], &end, 10);
            if (*end || v < 0 || v > 255) {
                usage();
                return 2;
            }
            threshold = (int)v;
        } else if (strcmp(argv[i], "--max-percent") == 0) {
            max_percent = strtod(argv[i + 1], &end);
            if (*end || max_percent < 0 || max_percent > 100) {
                usage();
                return 2;
            }
        } else {
            usage();
            return 2;
        }
    }
    if (argc - i != 3) {
        usage();
        return 2;
    }
    const char *ref_path = argv[i], *act_path = argv[i + 1], *diff_path = argv[i + 2];

    cairo_surface_t *ref = load_flat(ref_path);
    cairo_surface_t *act = ref ? load_flat(act_path) : NULL;
    if (!ref || !act) {
        cairo_surface_destroy(ref);
        return 2;
    }
    int rw = cairo_image_surface_get_width(ref), rh = cairo_image_surface_get_height(ref);
    int aw = cairo_image_surface_get_width(act), ah = cairo_image_surface_get_height(act);
    int w = rw > aw ? rw : aw, h = rh > ah ? rh : ah;

    cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(diff) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "iop_pngdiff: cannot make a %dx%d image\n", w, h);
        cairo_surface_destroy(ref);
        cairo_surface_destroy(act);
        cairo_surface_destroy(diff);
        return 2;
    }
    cairo_surface_flush(diff);
    unsigned char *dd = cairo_image_surface_get_data(diff);
    int ds = cairo_image_surface_get_stride(diff);
    long differ = 0, worst = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t out;
            if (x >= rw || y >= rh || x >= aw || y >= ah) {
                out = 0x3050e0; /* only in one of the images */
                differ++;
            } else {
                uint32_t a = pixel(ref, x, y), b = pixel(act, x, y);
                int d = channel_diff(a, b);
                if (d > worst)
                    worst = d;
                if (d > threshold) {
                    out = 0xe02020;
                    differ++;
                } else {
                    /* the reference, faded: luminance mapped to 192..255 */
                    int lum = (int)((((a >> 16) & 0xff) * 30 + ((a >> 8) & 0xff) * 59 +
                                     (a & 0xff) * 11) / 100);
                    uint32_t g = (uint32_t)(192 + lum / 4);
                    out = g << 16 | g << 8 | g;
                }
            }
            memcpy(dd + (size_t)y * (size_t)ds + (size_t)x * 4, &out, sizeof out);
        }
    cairo_surface_mark_dirty(diff);

    long total = (long)w * h;
    double percent = total ? 100.0 * (double)differ / (double)total : 0;
    bool same_size = rw == aw && rh == ah;
    bool match = same_size && percent <= max_percent;
    if (!same_size)
        printf("sizes differ: reference %dx%d, actual %dx%d\n", rw, rh, aw, ah);
    printf("%ld of %ld pixels (%.3f %%) differ by more than %d (largest difference %ld); "
           "at most %.3f %% may\n",
           differ, total, percent, threshold, worst, max_percent);
    int rc = 0;
    if (!match) {
        cairo_status_t st = cairo_surface_write_to_png(diff, diff_path);
        if (st != CAIRO_STATUS_SUCCESS) {
            fprintf(stderr, "iop_pngdiff: cannot write %s: %s\n", diff_path,
                    cairo_status_to_string(st));
            rc = 2;
        } else {
            rc = 1;
        }
    }
    cairo_surface_destroy(ref);
    cairo_surface_destroy(act);
    cairo_surface_destroy(diff);
    return rc;
}
