/* <committees>: the register that gives committees their names,
 * administrations and signatories. */
#include "load_internal.h"

#include <stdlib.h>
#include <string.h>

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
            iop_committee_clear(&c);
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
            iop_source_add_committee(src, c.id);
            iop_committee_clear(&c);
            continue;
        }
        iop_model_add_committee(fc->model, &c);
    }
}
