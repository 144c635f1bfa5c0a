/* <committees>: the register that gives committees their names,
 * administrations and signatories. */
#include "load_internal.h"

#include <stdlib.h>
#include <string.h>

static void add_held_back(iop_source *src, const char *id)
{
    for (size_t i = 0; i < src->n_committees; i++)
        if (strcmp(src->committees[i], id) == 0)
            return;
    src->committees = iop_xreallocarray(src->committees, src->n_committees + 1, sizeof(char *));
    src->committees[src->n_committees++] = iop_xstrdup(id);
}

static void free_committee(iop_committee *c)
{
    free(c->id);
    free(c->name);
    free(c->short_name);
    free(c->administration);
    free(c->municipality);
    free(c->code);
    free(c->signatory_name);
    free(c->signatory_role);
}

void read_committees(file_ctx *fc, const xmlNode *root, iop_source *src)
{
    for (xmlNode *n = first_elem(root); n; n = next_elem(n)) {
        if (!is_elem(n, "committee"))
            continue;
        iop_committee c = {0};
        c.loc = fctx_loc(fc, n);
        c.id = attr_trimmed(fc, n, "id");
        if (!c.id || !c.id[0]) {
            fctx_error(fc, n, "<committee> needs an id attribute (e.g. id=\"malmo-asn\")");
            free_committee(&c);
            continue;
        }
        c.municipality = attr_trimmed(fc, n, "municipality");
        c.code = attr_trimmed(fc, n, "code");
        for (xmlNode *k = first_elem(n); k; k = next_elem(k)) {
            char **dest = NULL;
            if (is_elem(k, "name"))
                dest = &c.name;
            else if (is_elem(k, "short-name"))
                dest = &c.short_name;
            else if (is_elem(k, "administration"))
                dest = &c.administration;
            if (dest) {
                free(*dest);
                *dest = plain_text(fc, k, IOP_MAX_TITLE_CHARS);
            } else if (is_elem(k, "signatory")) {
                free(c.signatory_name);
                free(c.signatory_role);
                c.signatory_name = attr_trimmed(fc, k, "name");
                c.signatory_role = attr_trimmed(fc, k, "role");
            }
        }
        if (!c.name || !c.name[0])
            fctx_error(fc, n, "committee '%s' needs a <name>", c.id);
        const iop_committee *dup = iop_model_find_committee(fc->model, c.id);
        if (dup)
            fctx_error_code(fc, n, "IOP-DUPLICATE-ID",
                            "committee '%s' is already in the register at %s:%ld", c.id,
                            dup->loc.file, dup->loc.line);
        if (fctx_has_error_within(fc, n) || dup) {
            add_held_back(src, c.id);
            free_committee(&c);
            continue;
        }
        iop_model *m = fc->model;
        m->committees = iop_xreallocarray(m->committees, m->n_committees + 1, sizeof *m->committees);
        m->committees[m->n_committees++] = c;
    }
}
