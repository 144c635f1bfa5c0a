/* <chart>: bar charts, timelines and split bars, with the data given
 * explicitly by the template (labels, values, the text shown for each
 * value, dates).  Everything is checked here, with file:line, so that the
 * layout can trust what it draws: values are finite and not negative,
 * dates are real dates, periods do not run backwards. */
#include "document_internal.h"

#include <libxml/tree.h>
#include <libxml/xmlstring.h>

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Enough for any council report; a limit keeps hostile input small. */
#define MAX_ITEMS 500
#define MAX_SPANS 50
#define MAX_SERIES 4
/* In characters: a label is a title of an agreement (at most 1 000
 * characters in the agreement format), an alt text a sentence naming one */
#define MAX_TEXT 2000

typedef struct cparser {
    const char *file;
    iop_diag *diag;
    int *errors;
} cparser;

static void cerr(cparser *p, long line, const char *fmt, ...) IOP_PRINTF(3, 4);
static void cerr(cparser *p, long line, const char *fmt, ...)
{
    iop_loc loc = {p->file, line, 0};
    va_list ap;
    va_start(ap, fmt);
    iop_diag_vreport(p->diag, IOP_ERROR, &loc, fmt, ap);
    va_end(ap);
    (*p->errors)++;
}

/* An attribute with its whitespace collapsed (labels are one line of
 * text, as element content would be), or NULL when absent. */
static char *cattr(cparser *p, const xmlNode *x, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(x, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = iop_xstrdup((const char *)v);
    xmlFree(v);
    iop_collapse_space(s);
    if (xmlUTF8Strlen((const xmlChar *)s) > MAX_TEXT) {
        cerr(p, xmlGetLineNo(x), "%s on <%s> is longer than %d characters", name,
             (const char *)x->name, MAX_TEXT);
        int cut = xmlUTF8Strsize((const xmlChar *)s, MAX_TEXT);
        s[cut > 0 ? cut : 0] = 0;
    }
    return s;
}

static void check_attrs(cparser *p, const xmlNode *x, const char *const *allowed)
{
    for (const xmlAttr *a = x->properties; a; a = a->next) {
        if (a->ns && a->ns->href &&
            strcmp((const char *)a->ns->href, "http://www.w3.org/XML/1998/namespace") == 0)
            continue;
        bool ok = false;
        for (const char *const *k = allowed; *k; k++)
            if (strcmp(*k, (const char *)a->name) == 0)
                ok = true;
        if (!ok || a->ns)
            cerr(p, xmlGetLineNo(x), "unknown attribute '%s' on <%s>", (const char *)a->name,
                 (const char *)x->name);
    }
}

static bool in_doc_ns(const xmlNode *n)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, IOP_DOCUMENT_NS) == 0;
}

/* A required, non-empty attribute. */
static char *need(cparser *p, const xmlNode *x, const char *name)
{
    char *v = cattr(p, x, name);
    if (!v || !*v)
        cerr(p, xmlGetLineNo(x), "<%s> needs a non-empty %s", (const char *)x->name, name);
    return v;
}

/* A plain decimal number (`2490604`, `160558.90`): parsed by hand, since
 * strtod would follow the locale's decimal comma.  libxslt writes a number
 * it computed of a billion or more with an exponent (`1e+12`,
 * `3.380658515e+09`), so a template's sum or difference arrives so; that
 * form is taken too. */
static bool parse_amount(const char *s, double *out)
{
    double v = 0, scale = 0;
    int digits = 0;
    const char *e = strpbrk(s, "eE");
    int exponent = 0;
    if (e) {
        const char *q = e + 1;
        if (*q == '+' || *q == '-')
            q++;
        if (!isdigit((unsigned char)*q) || e == s)
            return false;
        for (; isdigit((unsigned char)*q); q++)
            if ((exponent = exponent * 10 + (*q - '0')) > 30)
                return false;
        if (*q)
            return false;
        if (e[1] == '-')
            exponent = -exponent;
    }
    for (const char *c = s; *c && c != e; c++) {
        if (isdigit((unsigned char)*c)) {
            if (scale > 0) {
                scale /= 10;
                v += (*c - '0') * scale;
            } else {
                v = v * 10 + (*c - '0');
            }
            if (++digits > 18)
                return false;
        } else if (*c == '.' && scale == 0 && digits > 0) {
            scale = 1;
        } else {
            return false;
        }
    }
    if (!digits)
        return false;
    for (; exponent > 0; exponent--)
        v *= 10;
    for (; exponent < 0; exponent++)
        v /= 10;
    if (!isfinite(v))
        return false;
    *out = v;
    return true;
}

static double value_attr(cparser *p, const xmlNode *x, const char *name)
{
    char *v = cattr(p, x, name);
    double d = 0;
    if (!v)
        cerr(p, xmlGetLineNo(x), "<%s> needs a %s", (const char *)x->name, name);
    else if (!parse_amount(v, &d))
        cerr(p, xmlGetLineNo(x),
             "%s must be a number that is not negative, like 2490604 or 160558.90, not '%s'",
             name, v);
    free(v);
    return d;
}

static bool date_attr(cparser *p, const xmlNode *x, const char *name, int64_t *day)
{
    char *v = cattr(p, x, name);
    if (!v)
        return false;
    bool ok = iop_date_parse_day(v, day);
    int y = ok ? atoi(v) : 0;
    if (!ok)
        cerr(p, xmlGetLineNo(x), "%s must be a date like 2018-12-31, not '%s'", name, v);
    else if (y < IOP_MIN_YEAR || y > IOP_MAX_YEAR) {
        /* a time axis of centuries is a typing error, and costly to draw */
        cerr(p, xmlGetLineNo(x), "%s must be a date between %d and %d, not '%s'", name,
             IOP_MIN_YEAR, IOP_MAX_YEAR, v);
        ok = false;
    }
    free(v);
    return ok;
}

/* Children of a chart part: only elements of the document namespace named
 * in `names` (NULL-terminated); text and others are errors. */
static bool child_ok(cparser *p, const xmlNode *c, const xmlNode *parent, const char *expect)
{
    if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
        return false;
    if (c->type == XML_TEXT_NODE) {
        for (const xmlChar *s = c->content; s && *s; s++)
            if (!isspace(*s)) {
                cerr(p, xmlGetLineNo(c), "text is not allowed in <%s> (%s)",
                     (const char *)parent->name, expect);
                break;
            }
        return false;
    }
    if (c->type != XML_ELEMENT_NODE)
        return false;
    if (!in_doc_ns(c)) {
        cerr(p, xmlGetLineNo(c), "<%s> is not in the namespace %s", (const char *)c->name,
             IOP_DOCUMENT_NS);
        return false;
    }
    return true;
}

static bool is(const xmlNode *c, const char *name)
{
    return strcmp((const char *)c->name, name) == 0;
}

static void must_be_empty(cparser *p, const xmlNode *x)
{
    for (const xmlNode *c = x->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE ||
            (c->type == XML_TEXT_NODE && c->content && strspn((const char *)c->content,
                                                             " \t\r\n") !=
                                                          strlen((const char *)c->content))) {
            cerr(p, xmlGetLineNo(x), "<%s> must be empty", (const char *)x->name);
            return;
        }
}

static iop_chart_item *add_item(iop_chart *ch)
{
    ch->items = iop_xreallocarray(ch->items, ch->n_items + 1, sizeof *ch->items);
    iop_chart_item *it = &ch->items[ch->n_items++];
    memset(it, 0, sizeof *it);
    return it;
}

static void parse_bar_item(cparser *p, const xmlNode *x, iop_chart *ch)
{
    static const char *const allowed[] = {"label", "value", "display", NULL};
    check_attrs(p, x, allowed);
    must_be_empty(p, x);
    iop_chart_item *it = add_item(ch);
    it->line = xmlGetLineNo(x);
    it->label = need(p, x, "label");
    /* no value: the data does not record it, which is not 0 */
    it->recorded = xmlHasProp(x, (const xmlChar *)"value") != NULL;
    it->value = it->recorded ? value_attr(p, x, "value") : 0;
    it->display = need(p, x, "display");
}

/* The series a span names by its id. */
static size_t span_series(cparser *p, const xmlNode *x, const iop_chart *ch, long line)
{
    if (xmlHasProp(x, (const xmlChar *)"kind")) {
        /* earlier versions named agreement periods here (previous, current,
         * option); the engine now knows no meaning of a series */
        cerr(p, line, "a span names its series (series=\"...\", the id of one of the chart's "
                      "<series>), not a kind");
        return 0;
    }
    char *id = cattr(p, x, "series");
    size_t k = 0;
    while (id && k < ch->n_series && (!ch->series[k].id || strcmp(ch->series[k].id, id) != 0))
        k++;
    if (!id)
        cerr(p, line, "<span> needs a series: the id of one of the chart's <series>");
    else if (k == ch->n_series)
        cerr(p, line, "span series '%s' is not the id of one of the chart's <series>", id);
    free(id);
    return k < ch->n_series ? k : 0;
}

static void parse_span(cparser *p, const xmlNode *x, const iop_chart *ch, iop_chart_item *row)
{
    static const char *const allowed[] = {"from", "to", "series", "kind", NULL};
    check_attrs(p, x, allowed);
    must_be_empty(p, x);
    long line = xmlGetLineNo(x);
    if (row->n_spans >= MAX_SPANS) {
        cerr(p, line, "a timeline row holds at most %d spans", MAX_SPANS);
        return;
    }
    iop_chart_span s = {span_series(p, x, ch, line), 0, 0, false, line};
    bool has_from = date_attr(p, x, "from", &s.from);
    if (!has_from && !xmlHasProp(x, (const xmlChar *)"from")) {
        /* an option usually starts the day after the period it extends */
        if (row->n_spans > 0 && !row->spans[row->n_spans - 1].open)
            s.from = row->spans[row->n_spans - 1].to + 1;
        else
            cerr(p, line, "<span> needs a from date (it may be left out only after a span "
                          "with an end)");
    }
    if (!date_attr(p, x, "to", &s.to) && !xmlHasProp(x, (const xmlChar *)"to"))
        s.open = true;
    if (!s.open && s.to < s.from)
        cerr(p, line, "the span ends before it starts");
    row->spans = iop_xreallocarray(row->spans, row->n_spans + 1, sizeof *row->spans);
    row->spans[row->n_spans++] = s;
}

static void parse_row(cparser *p, const xmlNode *x, iop_chart *ch)
{
    static const char *const allowed[] = {"label", NULL};
    check_attrs(p, x, allowed);
    iop_chart_item *it = add_item(ch);
    it->line = xmlGetLineNo(x);
    it->label = need(p, x, "label");
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (!child_ok(p, c, x, "span"))
            continue;
        if (is(c, "span"))
            parse_span(p, c, ch, it);
        else
            cerr(p, xmlGetLineNo(c), "<%s> is not allowed in <row> (span)",
                 (const char *)c->name);
    }
}

static void parse_split_item(cparser *p, const xmlNode *x, iop_chart *ch)
{
    static const char *const allowed[] = {"label", "display", NULL};
    check_attrs(p, x, allowed);
    iop_chart_item *it = add_item(ch);
    it->line = xmlGetLineNo(x);
    it->label = need(p, x, "label");
    it->display = cattr(p, x, "display");
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (!child_ok(p, c, x, "part"))
            continue;
        if (!is(c, "part")) {
            cerr(p, xmlGetLineNo(c), "<%s> is not allowed in <item> of a split chart (part)",
                 (const char *)c->name);
            continue;
        }
        static const char *const pa[] = {"value", "display", NULL};
        check_attrs(p, c, pa);
        must_be_empty(p, c);
        if (it->n_parts >= MAX_SERIES) {
            cerr(p, xmlGetLineNo(c), "a split bar has at most %d parts", MAX_SERIES);
            continue;
        }
        iop_chart_part part = {value_attr(p, c, "value"), cattr(p, c, "display"),
                               xmlGetLineNo(c)};
        it->parts = iop_xreallocarray(it->parts, it->n_parts + 1, sizeof *it->parts);
        it->parts[it->n_parts++] = part;
    }
}

static const char *const LOOKS[] = {[IOP_LOOK_DARK] = "dark", [IOP_LOOK_MEDIUM] = "medium",
                                    [IOP_LOOK_LIGHT] = "light", [IOP_LOOK_HATCHED] = "hatched",
                                    [IOP_LOOK_DOTTED] = "dotted"};

/* A series without a look is drawn as its place in the list says. */
static const iop_chart_look DEFAULT_LOOKS[MAX_SERIES] = {IOP_LOOK_DARK, IOP_LOOK_LIGHT,
                                                         IOP_LOOK_HATCHED, IOP_LOOK_DOTTED};

static iop_chart_look look_attr(cparser *p, const xmlNode *x, size_t index)
{
    char *v = cattr(p, x, "look");
    iop_chart_look look = DEFAULT_LOOKS[index];
    if (v) {
        size_t k = 0;
        while (k < sizeof LOOKS / sizeof LOOKS[0] && strcmp(LOOKS[k], v) != 0)
            k++;
        if (k < sizeof LOOKS / sizeof LOOKS[0])
            look = (iop_chart_look)k;
        else
            cerr(p, xmlGetLineNo(x),
                 "series look must be dark, medium, light, hatched or dotted, not '%s'", v);
    }
    free(v);
    return look;
}

/* A <series> of a timeline (named by id in its spans) or a split chart
 * (one part per series in each item). */
static void parse_series(cparser *p, const xmlNode *x, iop_chart *ch)
{
    static const char *const allowed[] = {"id", "label", "look", NULL};
    check_attrs(p, x, allowed);
    must_be_empty(p, x);
    long line = xmlGetLineNo(x);
    if (ch->n_items)
        cerr(p, line, "<series> must come before the %s",
             ch->kind == IOP_CHART_TIMELINE ? "rows" : "items");
    if (ch->n_series >= MAX_SERIES) {
        cerr(p, line, "a %s chart has at most %d series",
             ch->kind == IOP_CHART_TIMELINE ? "timeline" : "split", MAX_SERIES);
        return;
    }
    iop_chart_series se = {NULL, NULL, IOP_LOOK_DARK, line};
    se.id = ch->kind == IOP_CHART_TIMELINE ? need(p, x, "id") : cattr(p, x, "id");
    for (size_t k = 0; se.id && k < ch->n_series; k++)
        if (ch->series[k].id && strcmp(ch->series[k].id, se.id) == 0)
            cerr(p, line, "two series with the id '%s'", se.id);
    se.label = need(p, x, "label");
    if (!se.label)
        se.label = iop_xstrdup("");
    se.look = look_attr(p, x, ch->n_series);
    ch->series = iop_xreallocarray(ch->series, ch->n_series + 1, sizeof *ch->series);
    ch->series[ch->n_series++] = se;
}

/* role="presentation" (the only role there is), else false */
static bool role_is_presentation(cparser *p, const struct _xmlNode *x, long line, bool *bad)
{
    char *role = cattr(p, x, "role");
    bool yes = role && strcmp(role, "presentation") == 0;
    *bad = role && !yes;
    if (*bad)
        cerr(p, line, "role must be \"presentation\" (a purely decorative chart), not '%s'",
             role);
    free(role);
    return yes;
}

iop_node *chart_parse(const struct _xmlNode *x, const char *file, iop_diag *diag, int *errors)
{
    cparser p = {file, diag, errors};
    static const char *const allowed[] = {
        "class", "id", "lang", "role", "kind", "title", "alt", "axis-label", "from", "to",
        "highlight-from", "highlight-to", "highlight-label", NULL};
    check_attrs(&p, x, allowed);
    long line = xmlGetLineNo(x);
    iop_node *n = node_new(IOP_NODE_CHART, line);
    n->cls = cattr(&p, x, "class");
    n->id = cattr(&p, x, "id");
    n->lang = cattr(&p, x, "lang");
    iop_chart *ch = iop_xcalloc(1, sizeof *ch);
    n->chart = ch;

    char *kind = cattr(&p, x, "kind");
    if (!kind)
        cerr(&p, line, "<chart> needs a kind (bar, timeline or split)");
    else if (strcmp(kind, "bar") == 0)
        ch->kind = IOP_CHART_BAR;
    else if (strcmp(kind, "timeline") == 0)
        ch->kind = IOP_CHART_TIMELINE;
    else if (strcmp(kind, "split") == 0)
        ch->kind = IOP_CHART_SPLIT;
    else
        cerr(&p, line, "chart kind must be bar, timeline or split, not '%s'", kind);
    free(kind);

    ch->title = cattr(&p, x, "title");
    if (ch->title && !*ch->title) {
        free(ch->title);
        ch->title = NULL;
    }
    ch->alt = cattr(&p, x, "alt");
    bool bad_role;
    n->decorative = role_is_presentation(&p, x, line, &bad_role);
    if ((!ch->alt || !*ch->alt) && !n->decorative && !bad_role)
        cerr(&p, line,
             "<chart> needs an alt text: what the chart shows, in words (or "
             "role=\"presentation\" when it only decorates)");
    if (!ch->alt)
        ch->alt = iop_xstrdup("");
    ch->axis_label = cattr(&p, x, "axis-label");

    /* attributes that only one kind uses are errors on the others, so a
     * typo in the kind does not silently drop them */
    static const char *const timeline_only[] = {"from", "to", "highlight-from", "highlight-to",
                                                "highlight-label", NULL};
    for (const char *const *a = timeline_only; *a; a++)
        if (ch->kind != IOP_CHART_TIMELINE && xmlHasProp(x, (const xmlChar *)*a))
            cerr(&p, line, "%s is only allowed on a timeline chart", *a);
    if (ch->kind != IOP_CHART_BAR && ch->axis_label)
        cerr(&p, line, "axis-label is only allowed on a bar chart");

    if (ch->kind == IOP_CHART_TIMELINE) {
        /* each pair is given whole or not at all */
        static const char *const pairs[2][2] = {{"from", "to"},
                                                {"highlight-from", "highlight-to"}};
        int64_t *slots[2][2] = {{&ch->from, &ch->to}, {&ch->highlight_from, &ch->highlight_to}};
        bool *has[2] = {&ch->has_range, &ch->has_highlight};
        for (int i = 0; i < 2; i++) {
            bool a = xmlHasProp(x, (const xmlChar *)pairs[i][0]) != NULL;
            bool b = xmlHasProp(x, (const xmlChar *)pairs[i][1]) != NULL;
            bool ok_a = date_attr(&p, x, pairs[i][0], slots[i][0]);
            bool ok_b = date_attr(&p, x, pairs[i][1], slots[i][1]);
            if (a != b)
                cerr(&p, line, "give both %s and %s, or neither", pairs[i][0], pairs[i][1]);
            *has[i] = ok_a && ok_b;
            if (*has[i] && *slots[i][1] < *slots[i][0])
                cerr(&p, line, "%s is before %s", pairs[i][1], pairs[i][0]);
        }
        ch->highlight_label = cattr(&p, x, "highlight-label");
    }

    const char *expect = ch->kind == IOP_CHART_BAR        ? "item"
                         : ch->kind == IOP_CHART_TIMELINE ? "series, row"
                                                          : "series, item";
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (!child_ok(&p, c, x, expect))
            continue;
        long cl = xmlGetLineNo(c);
        if (ch->n_items >= MAX_ITEMS) {
            cerr(&p, cl, "a chart holds at most %d items", MAX_ITEMS);
            break;
        }
        if (ch->kind == IOP_CHART_BAR && is(c, "item")) {
            parse_bar_item(&p, c, ch);
        } else if (ch->kind == IOP_CHART_TIMELINE && is(c, "row")) {
            parse_row(&p, c, ch);
        } else if (ch->kind != IOP_CHART_BAR && is(c, "series")) {
            parse_series(&p, c, ch);
        } else if (ch->kind == IOP_CHART_SPLIT && is(c, "item")) {
            parse_split_item(&p, c, ch);
            iop_chart_item *it = &ch->items[ch->n_items - 1];
            if (it->n_parts != ch->n_series)
                cerr(&p, cl, "the item has %zu parts but the chart %zu series: one part per "
                             "series, in order",
                     it->n_parts, ch->n_series);
        } else {
            cerr(&p, cl, "<%s> is not allowed in a %s chart (%s)", (const char *)c->name,
                 ch->kind == IOP_CHART_BAR        ? "bar"
                 : ch->kind == IOP_CHART_TIMELINE ? "timeline"
                                                  : "split",
                 expect);
        }
    }
    if (ch->kind == IOP_CHART_SPLIT && ch->n_series < 2)
        cerr(&p, line, "a split chart needs at least two <series>");
    /* an empty chart is allowed: a template need not test for data, and
     * the layout draws nothing but the alt text */
    return n;
}

void chart_free(iop_chart *ch)
{
    if (!ch)
        return;
    for (size_t i = 0; i < ch->n_items; i++) {
        iop_chart_item *it = &ch->items[i];
        free(it->label);
        free(it->display);
        free(it->spans);
        for (size_t k = 0; k < it->n_parts; k++)
            free(it->parts[k].display);
        free(it->parts);
    }
    free(ch->items);
    for (size_t i = 0; i < ch->n_series; i++) {
        free(ch->series[i].id);
        free(ch->series[i].label);
    }
    free(ch->series);
    free(ch->title);
    free(ch->alt);
    free(ch->axis_label);
    free(ch->highlight_label);
    free(ch);
}
