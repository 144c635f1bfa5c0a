/* Year over year in `build` (--compare, --no-compare, --compare-with):
 * whether a report gets the comparison with the year before, and the
 * earlier export of the agreements that --compare-with names, loaded and
 * validated as the input is. */
#include "build.h"
#include "commands.h"
#include "iopreport/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

iop_model *iop_cli_load_earlier(const char *cmd, const char *dir)
{
    iop_model *m = iop_model_new();
    iop_diag *diag = iop_diag_new();
    const char *paths[] = {dir};
    bool ok = iop_load_paths(m, paths, 1, NULL, diag);
    /* an earlier export that cannot be read whole would make figures
     * look edited that were not: the run stops (never silently wrong) */
    for (size_t i = 0; i < m->n_sources; i++)
        ok = ok && m->sources[i].status == IOP_SOURCE_OK;
    if (m->n_sources == 0) {
        iop_diag_report(diag, IOP_ERROR, NULL, "no *.xml files in %s", dir);
        ok = false;
    }
    iop_cli_print_diag(diag);
    iop_diag_free(diag);
    if (!ok) {
        fprintf(stderr, "iopreport %s: --compare-with %s: the earlier export has errors (see "
                        "above); nothing is made from a comparison that could be wrong\n",
                cmd, dir);
        iop_model_free(m);
        return NULL;
    }
    return m;
}

bool build_compare_load(build_options *o)
{
    if (!o->compare_with)
        return true;
    o->earlier = iop_cli_load_earlier("build", o->compare_with);
    return o->earlier != NULL;
}

bool build_compare_wanted_any(const build_options *o, const iop_model *model,
                              iop_template *const *tmpls, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (build_compare_wanted(o, model, tmpls[i]))
            return true;
    return false;
}

bool build_compare_wanted(const build_options *o, const iop_model *model,
                          const iop_template *tmpl)
{
    if (o->compare == 0)
        return false;
    if (o->compare > 0 || o->compare_with)
        return true;
    /* by default the two reports a committee reads against last year's,
     * when there is a last year to read against */
    const char *name = iop_template_name(tmpl);
    bool annual = name && (strcmp(name, "arsrapport") == 0 ||
                           strcmp(name, "tjansteskrivelse") == 0);
    return annual && iop_model_has_year(model, o->year - 1);
}
