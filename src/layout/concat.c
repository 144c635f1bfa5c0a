/* Laid-out documents joined into one (a meeting packet, issue 15): done
 * on the pages, before anything is drawn, because the render layer makes
 * one structure tree, one outline and one set of destinations from one
 * iop_pages.  Joining finished PDFs would mean merging their structure
 * trees and parent trees, which is where merged PDFs stop being
 * accessible. */
#include "layout_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PART_PREFIX "part:"

/* A destination of part `k` under the name it has in the packet: the
 * packet-wide "part:NAME" ones as they are, the part's own prefixed. */
static void rename_dest(char **dest, size_t k)
{
    if (!*dest || strncmp(*dest, PART_PREFIX, strlen(PART_PREFIX)) == 0)
        return;
    char *renamed = iop_xasprintf("p%zu.%s", k + 1, *dest);
    free(*dest);
    *dest = renamed;
}

/* Put `b` first on the page.  The capacity follows the convention of
 * paginate.c's page_add (16, then doubled at each power of two), so that
 * a box added later still finds room. */
static void page_prepend(iop_page *pg, iop_box b)
{
    size_t cap = 16;
    while (cap < pg->n_boxes + 1)
        cap *= 2;
    pg->boxes = iop_xreallocarray(pg->boxes, cap, sizeof *pg->boxes);
    memmove(pg->boxes + 1, pg->boxes, pg->n_boxes * sizeof *pg->boxes);
    pg->boxes[0] = b;
    pg->n_boxes++;
}

static bool same_lang(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcasecmp(a, b) == 0);
}

iop_pages *iop_pages_concat(iop_pages_part *parts, size_t n)
{
    if (n == 0)
        return NULL;
    iop_pages *out = iop_xcalloc(1, sizeof *out);
    size_t n_pages = 0, n_outline = 0, n_elems = 1;
    for (size_t k = 0; k < n; k++) {
        const iop_pages *p = parts[k].pages;
        if (!p)
            continue;
        n_pages += p->n_pages;
        n_outline += p->n_outline + 1;
        /* the part's Document becomes its Part */
        n_elems += p->n_elems ? p->n_elems : 1;
    }
    out->pages = iop_xcalloc(n_pages + 1, sizeof *out->pages);
    out->outline = iop_xcalloc(n_outline + 1, sizeof *out->outline);
    out->elems = iop_xcalloc(n_elems, sizeof *out->elems);
    out->elems[0].type = "Document";
    out->n_elems = 1;
    out->lang = parts[0].pages && parts[0].pages->lang ? iop_xstrdup(parts[0].pages->lang) : NULL;

    for (size_t k = 0; k < n; k++) {
        iop_pages *p = parts[k].pages;
        parts[k].pages = NULL;
        if (!p)
            continue;
        /* element i of the part is element part_id + i of the packet:
         * its Document (0) turns into the Part, the rest keep their order
         * (a parent still comes before its children) */
        int part_id = (int)out->n_elems;
        iop_struct_elem *part = &out->elems[out->n_elems++];
        part->type = "Part";
        part->parent = 0;
        part->title = parts[k].title ? iop_xstrdup(parts[k].title) : NULL;
        if (!same_lang(p->lang, out->lang) && p->lang)
            part->lang = iop_xstrdup(p->lang);
        for (size_t i = 1; i < p->n_elems; i++) {
            iop_struct_elem e = p->elems[i]; /* strings moved */
            e.parent = part_id + (e.parent > 0 ? e.parent : 0);
            out->elems[out->n_elems++] = e;
        }

        size_t first_page = out->n_pages;
        for (size_t i = 0; i < p->n_pages; i++) {
            iop_page pg = p->pages[i]; /* boxes moved */
            for (size_t b = 0; b < pg.n_boxes; b++) {
                iop_box *box = &pg.boxes[b];
                if (box->struct_id > 0)
                    box->struct_id += part_id;
                if (box->kind == IOP_BOX_LINK || box->kind == IOP_BOX_DEST)
                    rename_dest(&box->dest, k);
            }
            out->pages[out->n_pages++] = pg;
        }
        char *part_dest = iop_xasprintf(PART_PREFIX "%s", parts[k].name ? parts[k].name : "");
        if (p->n_pages) {
            iop_box d;
            memset(&d, 0, sizeof d);
            d.kind = IOP_BOX_DEST;
            d.dest = iop_xstrdup(part_dest);
            page_prepend(&out->pages[first_page], d);
        }

        if (p->n_pages)
            out->outline[out->n_outline++] = (iop_outline_entry){
                1, iop_xstrdup(parts[k].title ? parts[k].title : parts[k].name ? parts[k].name : ""),
                part_dest, (int)first_page + 1, 0};
        else
            free(part_dest);
        for (size_t i = 0; i < p->n_outline; i++) {
            iop_outline_entry o = p->outline[i]; /* strings moved */
            o.level++;
            o.page += (int)first_page;
            rename_dest(&o.dest, k);
            out->outline[out->n_outline++] = o;
        }

        /* what was not moved: the arrays themselves */
        free(p->pages);
        free(p->outline);
        if (p->n_elems) {
            free(p->elems[0].alt);
            free(p->elems[0].lang);
            free(p->elems[0].title);
        }
        free(p->elems);
        free(p->lang);
        free(p);
    }
    return out;
}
