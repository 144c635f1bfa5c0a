/* Style rules: parsing properties, built-in defaults, and resolution of
 * a node's style (defaults, then the document's rules, over inherited
 * properties).  The built-in look is a plain council document: a serif
 * body, sans headings, quiet tables. */
#include "document_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERIF "Liberation Serif"
#define SANS "Liberation Sans"

/* Properties children inherit from their parent. */
#define INHERITED                                                                             \
    (IOP_STYLE_FONT_FAMILY | IOP_STYLE_FONT_SIZE | IOP_STYLE_FONT_WEIGHT | IOP_STYLE_FONT_STYLE | \
     IOP_STYLE_COLOR | IOP_STYLE_LINE_HEIGHT | IOP_STYLE_ALIGN | IOP_STYLE_HYPHENATE |           \
     IOP_STYLE_HYPHENATE_LIMIT | IOP_STYLE_TABULAR | IOP_STYLE_SMALL_CAPS | IOP_STYLE_LIST_STYLE)

static bool parse_bool(const char *v, bool *out)
{
    if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "1") == 0) {
        *out = true;
        return true;
    }
    if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 || strcmp(v, "0") == 0) {
        *out = false;
        return true;
    }
    return false;
}

static bool parse_align(const char *v, iop_align *out)
{
    static const char *const names[] = {"left", "right", "center", "justify"};
    for (int i = 0; i < 4; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = (iop_align)i;
            return true;
        }
    if (strcmp(v, "start") == 0) {
        *out = IOP_ALIGN_LEFT;
        return true;
    }
    return false;
}

/* ---- properties: one parser per kind of value ---- */

/* A parser reads `v` into its field of `st` (at `field`), or returns false
 * for a malformed value. */
typedef bool (*prop_parser)(iop_style *st, void *field, const char *v);

static bool prop_length(iop_style *st, void *field, const char *v)
{
    (void)st;
    return iop_document_parse_length(v, field);
}

static bool prop_bool(iop_style *st, void *field, const char *v)
{
    (void)st;
    return parse_bool(v, field);
}

static bool prop_color(iop_style *st, void *field, const char *v)
{
    (void)st;
    return parse_color(v, field);
}

static bool prop_font_family(iop_style *st, void *field, const char *v)
{
    (void)field;
    if (!*v || strlen(v) > 200)
        return false;
    free((char *)st->font_family);
    st->font_family = iop_xstrdup(v);
    return true;
}

static bool prop_font_size(iop_style *st, void *field, const char *v)
{
    (void)field;
    return iop_document_parse_length(v, &st->font_size) && st->font_size >= 1 &&
           st->font_size <= 500;
}

static bool prop_font_weight(iop_style *st, void *field, const char *v)
{
    (void)field;
    if (strcmp(v, "normal") == 0) {
        st->font_weight = 400;
    } else if (strcmp(v, "bold") == 0) {
        st->font_weight = 700;
    } else {
        char *end;
        long w = strtol(v, &end, 10);
        if (*end || w < 100 || w > 900)
            return false;
        st->font_weight = (int)w;
    }
    return true;
}

/* A property of two keywords: `yes` sets the field, `no` clears it. */
static bool two_words(bool *field, const char *v, const char *yes, const char *also_yes,
                      const char *no)
{
    if (strcmp(v, yes) == 0 || (also_yes && strcmp(v, also_yes) == 0))
        *field = true;
    else if (strcmp(v, no) == 0)
        *field = false;
    else
        return false;
    return true;
}

static bool prop_font_style(iop_style *st, void *field, const char *v)
{
    (void)field;
    return two_words(&st->italic, v, "italic", "oblique", "normal");
}

static bool prop_font_variant(iop_style *st, void *field, const char *v)
{
    (void)field;
    return two_words(&st->small_caps, v, "small-caps", NULL, "normal");
}

static bool prop_background(iop_style *st, void *field, const char *v)
{
    (void)field;
    if (strcmp(v, "none") == 0)
        st->has_background = false;
    else if (parse_color(v, &st->background))
        st->has_background = true;
    else
        return false;
    return true;
}

static bool prop_line_height(iop_style *st, void *field, const char *v)
{
    (void)field;
    char *end;
    double f = strtod(v, &end);
    if (*end || end == v || f < 0.5 || f > 5)
        return false;
    st->line_height = f;
    return true;
}

/* CSS's hyphenate-limit-lines: a count of lines, or no-limit (kept as 0). */
static bool prop_hyphen_limit(iop_style *st, void *field, const char *v)
{
    (void)field;
    if (strcmp(v, "no-limit") == 0) {
        st->hyphenate_limit_lines = 0;
        return true;
    }
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || n < 1 || n > 99)
        return false;
    st->hyphenate_limit_lines = (int)n;
    return true;
}

static bool prop_align(iop_style *st, void *field, const char *v)
{
    (void)field;
    return parse_align(v, &st->align);
}

/* The index of `v` in `names`, or -1. */
static int keyword(const char *v, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v, names[i]) == 0)
            return i;
    return -1;
}

static bool prop_rules(iop_style *st, void *field, const char *v)
{
    (void)field;
    static const char *const names[] = {"rows", "none", "all", "frame"};
    int i = keyword(v, names, 4);
    if (i < 0)
        return false;
    st->rules = (iop_rules)i;
    return true;
}

static bool prop_list_style(iop_style *st, void *field, const char *v)
{
    (void)field;
    static const char *const names[] = {"disc", "dash", "decimal", "lower-alpha", "none"};
    int i = keyword(v, names, 5);
    if (i < 0)
        return false;
    st->list_style = (iop_list_style)i;
    return true;
}

#define AT(field) offsetof(iop_style, field)
#define LENGTH_WHY "expected a length like 12pt or 4mm"
#define BOOL_WHY "expected true or false"

/* Every style property: its name, its bit in `set`, its parser (with the
 * field it reads into, for the parsers of one kind of value) and what a
 * malformed value is told. */
static const struct property {
    const char *name;
    unsigned bit;
    prop_parser parse;
    size_t field;
    const char *why;
} PROPERTIES[] = {
    {"font-family", IOP_STYLE_FONT_FAMILY, prop_font_family, 0, "expected a font family name"},
    {"font-size", IOP_STYLE_FONT_SIZE, prop_font_size, 0,
     "expected a font size between 1pt and 500pt"},
    {"font-weight", IOP_STYLE_FONT_WEIGHT, prop_font_weight, 0,
     "expected normal, bold or 100..900"},
    {"font-style", IOP_STYLE_FONT_STYLE, prop_font_style, 0, "expected normal or italic"},
    {"font-variant", IOP_STYLE_SMALL_CAPS, prop_font_variant, 0,
     "expected normal or small-caps"},
    {"color", IOP_STYLE_COLOR, prop_color, AT(color), "expected a colour like #1a1a1a"},
    {"background", IOP_STYLE_BACKGROUND, prop_background, 0,
     "expected a colour like #eeeeee or none"},
    {"border-color", IOP_STYLE_BORDER_COLOR, prop_color, AT(border_color),
     "expected a colour like #808080"},
    {"rule-color", IOP_STYLE_RULE_COLOR, prop_color, AT(rule_color),
     "expected a colour like #808080"},
    {"space-before", IOP_STYLE_SPACE_BEFORE, prop_length, AT(space_before), LENGTH_WHY},
    {"space-after", IOP_STYLE_SPACE_AFTER, prop_length, AT(space_after), LENGTH_WHY},
    {"margin-left", IOP_STYLE_MARGIN_LEFT, prop_length, AT(margin_left), LENGTH_WHY},
    {"margin-right", IOP_STYLE_MARGIN_RIGHT, prop_length, AT(margin_right), LENGTH_WHY},
    {"text-indent", IOP_STYLE_TEXT_INDENT, prop_length, AT(text_indent), LENGTH_WHY},
    {"border-top", IOP_STYLE_BORDER_TOP, prop_length, AT(border_top), LENGTH_WHY},
    {"border-bottom", IOP_STYLE_BORDER_BOTTOM, prop_length, AT(border_bottom), LENGTH_WHY},
    {"padding", IOP_STYLE_PADDING, prop_length, AT(padding), LENGTH_WHY},
    {"rule-width", IOP_STYLE_RULE_WIDTH, prop_length, AT(rule_width), LENGTH_WHY},
    {"line-height", IOP_STYLE_LINE_HEIGHT, prop_line_height, 0,
     "expected a factor between 0.5 and 5, like 1.3"},
    {"text-align", IOP_STYLE_ALIGN, prop_align, 0, "expected left, right, center or justify"},
    {"hyphenate", IOP_STYLE_HYPHENATE, prop_bool, AT(hyphenate), BOOL_WHY},
    {"hyphenate-limit-lines", IOP_STYLE_HYPHENATE_LIMIT, prop_hyphen_limit, 0,
     "expected a number of lines from 1 to 99, or no-limit"},
    {"keep-with-next", IOP_STYLE_KEEP_WITH_NEXT, prop_bool, AT(keep_with_next), BOOL_WHY},
    {"keep-together", IOP_STYLE_KEEP_TOGETHER, prop_bool, AT(keep_together), BOOL_WHY},
    {"page-break-before", IOP_STYLE_PAGE_BREAK_BEFORE, prop_bool, AT(page_break_before),
     BOOL_WHY},
    {"tabular", IOP_STYLE_TABULAR, prop_bool, AT(tabular), BOOL_WHY},
    {"rules", IOP_STYLE_RULES, prop_rules, 0, "expected rows, none, all or frame"},
    {"list-style", IOP_STYLE_LIST_STYLE, prop_list_style, 0,
     "expected disc, dash, decimal, lower-alpha or none"},
};

#undef AT
#undef LENGTH_WHY
#undef BOOL_WHY

bool style_parse_property(iop_style *st, const char *name, const char *v, const char **why)
{
    for (size_t i = 0; i < sizeof PROPERTIES / sizeof PROPERTIES[0]; i++) {
        const struct property *p = &PROPERTIES[i];
        if (strcmp(name, p->name) != 0)
            continue;
        if (!p->parse(st, (char *)st + p->field, v)) {
            *why = p->why;
            return false;
        }
        st->set |= p->bit;
        return true;
    }
    *why = "unknown style property";
    return false;
}

const char *node_element_name(const iop_node *n, char buf[8])
{
    if (n->kind == IOP_NODE_HEADING) {
        /* h1-h4: the styles stop at four levels */
        int level = n->level < 1 ? 1 : n->level > 4 ? 4 : n->level;
        buf[0] = 'h';
        buf[1] = (char)('0' + level);
        buf[2] = '\0';
        return buf;
    }
    return iop_node_kind_name(n->kind);
}

/* Copy the properties `src` sets into `dst`. */
static void apply(iop_style *dst, const iop_style *src, unsigned mask)
{
    unsigned s = src->set & mask;
#define C(bit, field)      \
    if (s & (bit))         \
    dst->field = src->field
    C(IOP_STYLE_FONT_FAMILY, font_family);
    C(IOP_STYLE_FONT_SIZE, font_size);
    C(IOP_STYLE_FONT_WEIGHT, font_weight);
    C(IOP_STYLE_FONT_STYLE, italic);
    C(IOP_STYLE_SMALL_CAPS, small_caps);
    C(IOP_STYLE_COLOR, color);
    C(IOP_STYLE_SPACE_BEFORE, space_before);
    C(IOP_STYLE_SPACE_AFTER, space_after);
    C(IOP_STYLE_MARGIN_LEFT, margin_left);
    C(IOP_STYLE_MARGIN_RIGHT, margin_right);
    C(IOP_STYLE_TEXT_INDENT, text_indent);
    C(IOP_STYLE_LINE_HEIGHT, line_height);
    C(IOP_STYLE_ALIGN, align);
    C(IOP_STYLE_HYPHENATE, hyphenate);
    C(IOP_STYLE_HYPHENATE_LIMIT, hyphenate_limit_lines);
    C(IOP_STYLE_KEEP_WITH_NEXT, keep_with_next);
    C(IOP_STYLE_KEEP_TOGETHER, keep_together);
    C(IOP_STYLE_PAGE_BREAK_BEFORE, page_break_before);
    C(IOP_STYLE_TABULAR, tabular);
    C(IOP_STYLE_BORDER_TOP, border_top);
    C(IOP_STYLE_BORDER_BOTTOM, border_bottom);
    C(IOP_STYLE_BORDER_COLOR, border_color);
    C(IOP_STYLE_PADDING, padding);
    C(IOP_STYLE_RULES, rules);
    C(IOP_STYLE_RULE_WIDTH, rule_width);
    C(IOP_STYLE_RULE_COLOR, rule_color);
    C(IOP_STYLE_LIST_STYLE, list_style);
#undef C
    if (s & IOP_STYLE_BACKGROUND) {
        dst->has_background = src->has_background;
        dst->background = src->background;
    }
    dst->set |= s;
}

static void root_defaults(iop_style *st)
{
    memset(st, 0, sizeof *st);
    st->font_family = SERIF;
    st->font_size = 11;
    st->font_weight = 400;
    st->color = 0x1a1a1a;
    st->line_height = 1.3;
    st->align = IOP_ALIGN_LEFT;
    /* Swedish practice: never three hyphens in a row at the right edge */
    st->hyphenate_limit_lines = 2;
    st->border_color = 0x808080;
    st->rule_color = 0x8c8c8c;
    st->rule_width = 0.5;
}

/* Built-in look of an element (only what differs from inheritance). */
static void builtin(iop_node_kind kind, const char *element, const char *classes, iop_style *st)
{
    switch (kind) {
    case IOP_NODE_P:
        st->space_after = 6;
        break;
    case IOP_NODE_HEADING: {
        static const double size[4] = {17, 13.5, 11.5, 11};
        static const double before[4] = {20, 16, 12, 10};
        static const double after[4] = {8, 5, 3, 2};
        int l = element[1] - '1';
        if (l < 0 || l > 3)
            l = 0;
        /* the sans, unless the document declared the family the text
         * inherits (a body font): headings are then set in it too */
        if (!(st->set & IOP_STYLE_FONT_FAMILY))
            st->font_family = SANS;
        st->font_size = size[l];
        st->font_weight = 700;
        st->italic = false;
        st->line_height = 1.15;
        st->space_before = before[l];
        st->space_after = after[l];
        st->keep_with_next = true;
        st->align = IOP_ALIGN_LEFT;
        st->hyphenate = false;
        st->set |= IOP_STYLE_HYPHENATE;
        break;
    }
    case IOP_NODE_UL:
    case IOP_NODE_OL:
        st->space_after = 6;
        st->list_style = kind == IOP_NODE_OL ? IOP_LIST_DECIMAL : IOP_LIST_DISC;
        break;
    case IOP_NODE_LI:
        st->space_after = 2;
        break;
    case IOP_NODE_TABLE:
        st->font_size = st->font_size * 0.88;
        st->line_height = 1.2;
        st->space_before = 4;
        st->space_after = 10;
        st->align = IOP_ALIGN_LEFT;
        break;
    case IOP_NODE_THEAD:
        st->font_weight = 700;
        break;
    case IOP_NODE_TFOOT:
        st->font_weight = 700;
        break;
    case IOP_NODE_TH:
    case IOP_NODE_TD:
        st->padding = 3;
        if (kind == IOP_NODE_TH)
            st->font_weight = 700;
        break;
    case IOP_NODE_DL:
        st->space_after = 8;
        break;
    case IOP_NODE_DT:
        st->font_weight = 700;
        st->space_after = 2;
        break;
    case IOP_NODE_DD:
        st->space_after = 2;
        break;
    case IOP_NODE_BLOCKQUOTE:
        st->margin_left = 22;
        st->margin_right = 22;
        st->space_after = 6;
        st->color = 0x333333;
        break;
    case IOP_NODE_IMG:
        st->space_after = 6;
        break;
    case IOP_NODE_TOC:
        st->space_after = 14;
        break;
    case IOP_NODE_CHART:
        /* labels and numbers in the sans of tables; "chart-title" and
         * "chart-caption" (the title and the alt text) inherit the
         * chart's font */
        if (strcmp(element, "chart-title") == 0) {
            st->font_size = 9.5;
            st->font_weight = 700;
        } else if (strcmp(element, "chart-caption") == 0) {
            st->font_size = 8;
            st->color = 0x444444;
        } else {
            st->font_family = SANS;
            st->font_size = 8.5;
            st->line_height = 1.2;
            st->space_before = 8;
            st->space_after = 12;
            st->align = IOP_ALIGN_LEFT;
            st->hyphenate = false;
            st->set |= IOP_STYLE_HYPHENATE;
        }
        break;
    case IOP_NODE_EM:
        st->italic = true;
        break;
    case IOP_NODE_STRONG:
        st->font_weight = 700;
        break;
    case IOP_NODE_A:
        st->color = 0x1f4e8c;
        break;
    default:
        break;
    }
    if (strcmp(element, "header") == 0 || strcmp(element, "footer") == 0) {
        st->font_family = SANS;
        st->font_size = 8.5;
        st->color = 0x555555;
        st->line_height = 1.2;
        st->space_after = 0;
        st->hyphenate = false;
        st->set |= IOP_STYLE_HYPHENATE;
    }
    if (classes && (kind == IOP_NODE_TD || kind == IOP_NODE_TH)) {
        /* "num" is a built-in class: right-aligned tabular figures */
        const char *p = classes;
        size_t n = strlen("num");
        while ((p = strstr(p, "num"))) {
            if ((p == classes || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) {
                st->align = IOP_ALIGN_RIGHT;
                st->tabular = true;
                st->hyphenate = false;
                st->set |= IOP_STYLE_HYPHENATE;
                break;
            }
            p += n;
        }
    }
}

static bool has_class(const char *classes, const char *cls)
{
    if (!classes)
        return false;
    size_t n = strlen(cls);
    for (const char *p = classes; *p;) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - p) == n && memcmp(p, cls, n) == 0)
            return true;
        p = e;
    }
    return false;
}

/* Inherited properties the built-in look of an element changes count as
 * set, so that its children inherit them (an <em> in an <h1> stays a bold
 * sans heading; an <li> of an <ol> is numbered). */
static void mark_builtin(const iop_style *before, iop_style *st)
{
#define M(bit, cond) \
    if (cond)        \
    st->set |= (bit)
    M(IOP_STYLE_FONT_FAMILY, before->font_family != st->font_family);
    M(IOP_STYLE_FONT_SIZE, before->font_size != st->font_size);
    M(IOP_STYLE_FONT_WEIGHT, before->font_weight != st->font_weight);
    M(IOP_STYLE_FONT_STYLE, before->italic != st->italic);
    M(IOP_STYLE_SMALL_CAPS, before->small_caps != st->small_caps);
    M(IOP_STYLE_COLOR, before->color != st->color);
    M(IOP_STYLE_LINE_HEIGHT, before->line_height != st->line_height);
    M(IOP_STYLE_ALIGN, before->align != st->align);
    M(IOP_STYLE_TABULAR, before->tabular != st->tabular);
    M(IOP_STYLE_LIST_STYLE, before->list_style != st->list_style);
#undef M
}

/* Which of three passes a rule applies in (specificity): element, .class,
 * element.class; within a pass, in document order. */
static int rule_spec(const iop_style_rule *r)
{
    return r->element ? (r->cls ? 2 : 0) : (r->cls ? 1 : 0);
}

/* The rules that can match one element name (those naming it and those
 * naming none), as indexes into doc->rules in the order they apply. */
typedef struct style_list {
    const char *element; /* a rule's own string; NULL for names no rule has */
    size_t *rules;
    size_t n;
} style_list;

/* A node's style was worked out by trying every rule of the document in
 * each of the three passes, a few thousand instructions a node with a
 * template's fifty rules; a node asks again in every pass of the layout. */
struct iop_style_index {
    style_list *by_element; /* sorted by element */
    size_t n;
    style_list other;
};

static void list_fill(const iop_document *doc, style_list *l)
{
    l->rules = iop_xcalloc(doc->n_rules + 1, sizeof *l->rules);
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < doc->n_rules; i++) {
            const iop_style_rule *r = &doc->rules[i];
            if (rule_spec(r) == pass &&
                (!r->element || (l->element && strcmp(r->element, l->element) == 0)))
                l->rules[l->n++] = i;
        }
}

static int cmp_list(const void *a, const void *b)
{
    return strcmp(((const style_list *)a)->element, ((const style_list *)b)->element);
}

void style_index_build(iop_document *doc)
{
    if (!doc || doc->style_index)
        return;
    struct iop_style_index *ix = iop_xcalloc(1, sizeof *ix);
    ix->by_element = iop_xcalloc(doc->n_rules + 1, sizeof *ix->by_element);
    for (size_t i = 0; i < doc->n_rules; i++) {
        const char *e = doc->rules[i].element;
        bool seen = false;
        for (size_t k = 0; e && k < ix->n && !seen; k++)
            seen = strcmp(ix->by_element[k].element, e) == 0;
        if (e && !seen)
            ix->by_element[ix->n++].element = e;
    }
    qsort(ix->by_element, ix->n, sizeof *ix->by_element, cmp_list);
    for (size_t k = 0; k < ix->n; k++)
        list_fill(doc, &ix->by_element[k]);
    list_fill(doc, &ix->other);
    doc->style_index = ix;
}

void style_index_free(struct iop_style_index *ix)
{
    if (!ix)
        return;
    for (size_t k = 0; k < ix->n; k++)
        free(ix->by_element[k].rules);
    free(ix->by_element);
    free(ix->other.rules);
    free(ix);
}

static const style_list *index_lookup(const struct iop_style_index *ix, const char *element)
{
    if (element) {
        style_list key = {element, NULL, 0};
        const style_list *l = bsearch(&key, ix->by_element, ix->n, sizeof key, cmp_list);
        if (l)
            return l;
    }
    return &ix->other;
}

void iop_document_style_for(const iop_document *doc, iop_node_kind kind, const char *element,
                            const char *classes, const iop_style *parent, iop_style *out)
{
    iop_style st;
    root_defaults(&st);
    if (parent) {
        /* inherit, and remember which inherited properties the document chose */
        apply(&st, parent, INHERITED);
        st.set = parent->set & INHERITED;
        st.font_family = parent->font_family;
    } else {
        st.set = 0;
    }
    iop_style before = st;
    builtin(kind, element, classes, &st);
    mark_builtin(&before, &st);
    if (doc && doc->style_index) {
        /* the same rules in the same order as the passes below */
        const style_list *l = index_lookup(doc->style_index, element);
        for (size_t k = 0; k < l->n; k++) {
            const iop_style_rule *r = &doc->rules[l->rules[k]];
            if (r->cls && !has_class(classes, r->cls))
                continue;
            apply(&st, &r->style, ~0u);
        }
    } else if (doc) {
        /* three passes give the specificity order: element, .class, element.class */
        for (int pass = 0; pass < 3; pass++)
            for (size_t i = 0; i < doc->n_rules; i++) {
                const iop_style_rule *r = &doc->rules[i];
                if (rule_spec(r) != pass)
                    continue;
                if (r->element && strcmp(r->element, element) != 0)
                    continue;
                if (r->cls && !has_class(classes, r->cls))
                    continue;
                if (!r->element && !r->cls && pass != 0)
                    continue;
                apply(&st, &r->style, ~0u);
            }
    }
    if (!(st.set & IOP_STYLE_HYPHENATE))
        st.hyphenate = st.align == IOP_ALIGN_JUSTIFY || kind == IOP_NODE_TD || kind == IOP_NODE_TH;
    *out = st;
}

void iop_document_style(const iop_document *doc, const iop_node *node, const iop_style *parent,
                        iop_style *out)
{
    char buf[8];
    iop_document_style_for(doc, node->kind, node_element_name(node, buf), node->cls, parent, out);
    if (node->align >= 0 && node->align <= IOP_ALIGN_JUSTIFY)
        out->align = (iop_align)node->align;
}
