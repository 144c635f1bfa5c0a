/* Extension functions so that user templates can format numbers and dates
 * in Swedish from any value, not only the pre-formatted report data. */
#include "template_internal.h"
#include "iopreport/locale.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/xsltutils.h>

static void push_string(xmlXPathParserContextPtr ctxt, char *s)
{
    valuePush(ctxt, xmlXPathNewString((const xmlChar *)(s ? s : "")));
    free(s);
}

/* The largest magnitude a double holds with every integer below it exact:
 * beyond it a figure could already be another number than the data's. */
#define EXACT_LIMIT 9007199254740992.0 /* 2^53 */

static bool pop_number(xmlXPathParserContextPtr ctxt, int nargs, int want, const char *fn,
                       double *out)
{
    if (nargs != want) {
        xmlXPathSetArityError(ctxt);
        return false;
    }
    *out = xmlXPathPopNumber(ctxt);
    if (ctxt->error)
        return false;
    if (isnan(*out) || fabs(*out) > EXACT_LIMIT) {
        xsltTransformError(xsltXPathGetTransformContext(ctxt), NULL, NULL,
                           "iop:%s(%.17g): not a number that can be shown exactly (at most "
                           "9 007 199 254 740 992 in size)\n", fn, *out);
        xmlXPathSetTypeError(ctxt);
        return false;
    }
    return true;
}

/* round() is exact for every double; floor(v + 0.5) is not (0.49999999999999994
 * + 0.5 rounds up to 1, and above 2^52 v + 0.5 is not representable) */
static int64_t round_half_away(double v)
{
    return (int64_t)round(v);
}

static void fn_kronor(xmlXPathParserContextPtr ctxt, int nargs)
{
    double v;
    if (pop_number(ctxt, nargs, 1, "kronor", &v))
        push_string(ctxt, iop_format_kronor(round_half_away(v)));
}

static void fn_count(xmlXPathParserContextPtr ctxt, int nargs)
{
    double v;
    if (pop_number(ctxt, nargs, 1, "count", &v))
        push_string(ctxt, iop_format_count(round_half_away(v)));
}

static void fn_percent(xmlXPathParserContextPtr ctxt, int nargs)
{
    double v;
    /* tenths: |v| * 10 stays below 2^63 after the 2^53 check */
    if (pop_number(ctxt, nargs, 1, "percent", &v))
        push_string(ctxt, iop_format_permille(round_half_away(v * 10.0)));
}

static bool pop_date(xmlXPathParserContextPtr ctxt, iop_date *d)
{
    xmlChar *s = xmlXPathPopString(ctxt);
    if (ctxt->error || !s)
        return false;
    memset(d, 0, sizeof *d);
    bool ok = !*s || iop_date_parse((const char *)s, d);
    xmlFree(s);
    return ok;
}

static void fn_date(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs != 1) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    iop_date d;
    if (!pop_date(ctxt, &d)) {
        xmlXPathSetTypeError(ctxt);
        return;
    }
    push_string(ctxt, d.precision ? iop_format_date(d) : iop_xstrdup(""));
}

static void fn_period(xmlXPathParserContextPtr ctxt, int nargs)
{
    if (nargs != 2) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    iop_date start, end;
    bool ok_end = pop_date(ctxt, &end);
    bool ok_start = pop_date(ctxt, &start);
    if (!ok_end || !ok_start || !start.precision) {
        xmlXPathSetTypeError(ctxt);
        return;
    }
    push_string(ctxt, iop_format_period(start, end));
}

void register_functions(void)
{
    static const struct {
        const char *name;
        xmlXPathFunction fn;
    } fns[] = {
        {"kronor", fn_kronor}, {"count", fn_count},   {"percent", fn_percent},
        {"date", fn_date},     {"period", fn_period},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        (void)xsltRegisterExtModuleFunction((const xmlChar *)fns[i].name,
                                            (const xmlChar *)IOP_TEMPLATE_FUNCTIONS_NS, fns[i].fn);
}
