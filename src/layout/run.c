/* Helpers of one layout run: units, warnings given once, fonts. */
#include "layout_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

unit *run_add_unit(run *r)
{
    r->units = iop_grow(r->units, &r->cap_units, r->n_units + 1, sizeof *r->units);
    unit *u = &r->units[r->n_units++];
    memset(u, 0, sizeof *u);
    u->table = -1;
    u->break_ok = !r->keep_pending;
    u->force_break = r->break_pending;
    u->space_before = r->pending_space * r->space_factor;
    r->keep_pending = false;
    r->break_pending = false;
    r->pending_space = 0;
    return u;
}

void unit_add_box(unit *u, const iop_box *b)
{
    u->boxes = iop_grow(u->boxes, &u->cap_boxes, u->n_boxes + 1, sizeof *u->boxes);
    u->boxes[u->n_boxes++] = *b;
}

void unit_free(unit *u)
{
    for (size_t i = 0; i < u->n_boxes; i++)
        box_free(&u->boxes[i]);
    free(u->boxes);
    free(u->heading_title);
    free(u->heading_dest);
    memset(u, 0, sizeof *u);
}

void run_warn_once(run *r, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = iop_xvasprintf(fmt, ap);
    va_end(ap);
    if (g_hash_table_contains(r->warned, msg)) {
        free(msg);
        return;
    }
    g_hash_table_add(r->warned, g_strdup(msg));
    iop_loc loc = {r->doc->name, line, 0};
    iop_diag_report(r->diag, IOP_WARNING, &loc, "%s", msg);
    free(msg);
}

/* Whether one of the families of a list is installed (or a generic name
 * fontconfig resolves). */
static bool family_installed(GHashTable *families, const char *family)
{
    char **parts = g_strsplit(family, ",", 0);
    bool found = false;
    for (int i = 0; parts[i] && !found; i++) {
        char *name = g_utf8_strdown(g_strstrip(parts[i]), -1);
        found = g_hash_table_contains(families, name) || strcmp(name, "serif") == 0 ||
                strcmp(name, "sans-serif") == 0 || strcmp(name, "sans") == 0 ||
                strcmp(name, "monospace") == 0;
        g_free(name);
    }
    g_strfreev(parts);
    return found;
}

/* The first family of a list that is installed, or the default with a
 * warning: pango would fall back silently to something arbitrary. */
const char *run_font_family(run *r, const char *family, long line)
{
    static const char *const fallback = "Liberation Serif";
    if (!family || !*family)
        return fallback;
    /* asked for every run of text and every word measured: what a family
     * list resolves to is kept for the process (the fonts do not change) */
    gpointer known = g_hash_table_lookup(r->lay->family_known, family);
    if (!known) {
        known = GINT_TO_POINTER(family_installed(r->lay->families, family) ? 1 : 2);
        g_hash_table_insert(r->lay->family_known, g_strdup(family), known);
    }
    if (GPOINTER_TO_INT(known) == 1)
        return family;
    run_warn_once(r, line, "font '%s' is not installed; using %s instead", family, fallback);
    return fallback;
}

int run_elem(run *r, const char *type)
{
    if (r->n_elems == 0)
        run_elems_reset(r);
    r->elems = iop_grow(r->elems, &r->cap_elems, r->n_elems + 1, sizeof *r->elems);
    iop_struct_elem *e = &r->elems[r->n_elems];
    memset(e, 0, sizeof *e);
    e->type = type;
    e->parent = r->elem_parent;
    return (int)r->n_elems++;
}

int run_elem_enter(run *r, const char *type, int *id)
{
    int saved = r->elem_parent;
    int e = run_elem(r, type);
    if (id)
        *id = e;
    r->elem_parent = e;
    return saved;
}

void run_elem_leave(run *r, int saved)
{
    r->elem_parent = saved;
}

iop_struct_elem *run_elem_at(run *r, int id)
{
    return id > 0 && (size_t)id < r->n_elems ? &r->elems[id] : NULL;
}

void run_elems_reset(run *r)
{
    for (size_t i = 0; i < r->n_elems; i++) {
        free(r->elems[i].alt);
        free(r->elems[i].lang);
        free(r->elems[i].title);
    }
    r->n_elems = 0;
    r->elem_parent = 0;
    r->elems = iop_grow(r->elems, &r->cap_elems, 1, sizeof *r->elems);
    memset(&r->elems[0], 0, sizeof r->elems[0]);
    r->elems[0].type = "Document";
    r->n_elems = 1;
}

char *run_new_dest(run *r)
{
    return iop_xasprintf("iop-dest-%d", ++r->dest_counter);
}
