/* cairo 1.16 names an SVG's drawing and its images after the surfaces'
 * numbers in the process ("surface37", "image36"), a counter that every
 * surface ever made advances.
 * The same page drawn in another process, or after other reports in a
 * worker, would get another name: the ids are renumbered in the order they
 * appear, so identical input gives identical SVG files (SOURCE_DATE_EPOCH
 * promises that) wherever they were drawn. */
#include "render_internal.h"

#include <stdlib.h>
#include <string.h>

/* the ids cairo numbers by surface; one numbering for both, as cairo's */
static const char *const prefixes[] = {"surface", "image"};

/* The index of `number` among those seen, added when new. */
static size_t canonical(char ***seen, size_t *n, const char *number, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen((*seen)[i]) == len && memcmp((*seen)[i], number, len) == 0)
            return i + 1;
    *seen = iop_xreallocarray(*seen, *n + 1, sizeof **seen);
    (*seen)[(*n)++] = iop_xstrndup(number, len);
    return *n;
}

/* The length of the prefix `at` starts with, or 0. */
static size_t prefix_at(const char *at, size_t left)
{
    for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes; k++) {
        size_t n = strlen(prefixes[k]);
        if (n < left && memcmp(at, prefixes[k], n) == 0)
            return n;
    }
    return 0;
}

void svg_canonical_ids(const char *svg, size_t len, iop_strbuf *out)
{
    char **seen = NULL;
    size_t n_seen = 0, i = 0, copied = 0;
    while (i + 1 < len) {
        /* only in an id or a reference to one: id="surface5", "#surface5" */
        size_t plen = (svg[i] == '"' || svg[i] == '#') ? prefix_at(svg + i + 1, len - i - 1) : 0;
        if (plen) {
            size_t d = i + 1 + plen, e = d;
            while (e < len && svg[e] >= '0' && svg[e] <= '9')
                e++;
            if (e > d && e < len && (svg[e] == '"' || svg[e] == ')')) {
                iop_strbuf_append(out, svg + copied, d - copied);
                iop_strbuf_printf(out, "%zu", canonical(&seen, &n_seen, svg + d, e - d));
                copied = i = e;
                continue;
            }
        }
        i++;
    }
    iop_strbuf_append(out, svg + copied, len - copied);
    for (size_t k = 0; k < n_seen; k++)
        free(seen[k]);
    free(seen);
}
