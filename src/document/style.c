/* Style rules: parsing properties, built-in defaults, and resolution of
 * a node's style (defaults, then the document's rules, over inherited
 * properties).  The built-in look is a plain council document: a serif
 * body, sans headings, quiet tables. */
#include "document_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERIF "Liberation Serif"
#define SANS "Liberation Sans"

/* Properties children inherit from their parent. */
#define INHERITED                                                                             \
    (IOP_STYLE_FONT_FAMILY | IOP_STYLE_FONT_SIZE | IOP_STYLE_FONT_WEIGHT | IOP_STYLE_FONT_STYLE | \
     IOP_STYLE_COLOR | IOP_STYLE_LINE_HEIGHT | IOP_STYLE_ALIGN | IOP_STYLE_HYPHENATE |           \
     IOP_STYLE_TABULAR | IOP_STYLE_SMALL_CAPS | IOP_STYLE_LIST_STYLE)

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

bool style_parse_property(iop_style *st, const char *name, const char *v, const char **why)
{
    *why = "malformed value";
#define LEN(field, bit)                                        \
    do {                                                       \
        if (!iop_document_parse_length(v, &st->field)) {       \
            *why = "expected a length like 12pt or 4mm";      \
            return false;                                      \
        }                                                      \
        st->set |= (bit);                                      \
        return true;                                           \
    } while (0)
#define BOOL(field, bit)                                       \
    do {                                                       \
        if (!parse_bool(v, &st->field)) {                      \
            *why = "expected true or false";                  \
            return false;                                      \
        }                                                      \
        st->set |= (bit);                                      \
        return true;                                           \
    } while (0)
    if (strcmp(name, "font-family") == 0) {
        if (!*v || strlen(v) > 200) {
            *why = "expected a font family name";
            return false;
        }
        free((char *)st->font_family);
        st->font_family = iop_xstrdup(v);
        st->set |= IOP_STYLE_FONT_FAMILY;
        return true;
    }
    if (strcmp(name, "font-size") == 0) {
        if (!iop_document_parse_length(v, &st->font_size) || st->font_size < 1 ||
            st->font_size > 500) {
            *why = "expected a font size between 1pt and 500pt";
            return false;
        }
        st->set |= IOP_STYLE_FONT_SIZE;
        return true;
    }
    if (strcmp(name, "font-weight") == 0) {
        if (strcmp(v, "normal") == 0)
            st->font_weight = 400;
        else if (strcmp(v, "bold") == 0)
            st->font_weight = 700;
        else {
            char *end;
            long w = strtol(v, &end, 10);
            if (*end || w < 100 || w > 900) {
                *why = "expected normal, bold or 100..900";
                return false;
            }
            st->font_weight = (int)w;
        }
        st->set |= IOP_STYLE_FONT_WEIGHT;
        return true;
    }
    if (strcmp(name, "font-style") == 0) {
        if (strcmp(v, "italic") == 0 || strcmp(v, "oblique") == 0)
            st->italic = true;
        else if (strcmp(v, "normal") == 0)
            st->italic = false;
        else {
            *why = "expected normal or italic";
            return false;
        }
        st->set |= IOP_STYLE_FONT_STYLE;
        return true;
    }
    if (strcmp(name, "font-variant") == 0) {
        if (strcmp(v, "small-caps") == 0)
            st->small_caps = true;
        else if (strcmp(v, "normal") == 0)
            st->small_caps = false;
        else {
            *why = "expected normal or small-caps";
            return false;
        }
        st->set |= IOP_STYLE_SMALL_CAPS;
        return true;
    }
    if (strcmp(name, "color") == 0) {
        if (!parse_color(v, &st->color)) {
            *why = "expected a colour like #1a1a1a";
            return false;
        }
        st->set |= IOP_STYLE_COLOR;
        return true;
    }
    if (strcmp(name, "background") == 0) {
        if (strcmp(v, "none") == 0)
            st->has_background = false;
        else if (parse_color(v, &st->background))
            st->has_background = true;
        else {
            *why = "expected a colour like #eeeeee or none";
            return false;
        }
        st->set |= IOP_STYLE_BACKGROUND;
        return true;
    }
    if (strcmp(name, "border-color") == 0 || strcmp(name, "rule-color") == 0) {
        bool border = name[0] == 'b';
        if (!parse_color(v, border ? &st->border_color : &st->rule_color)) {
            *why = "expected a colour like #808080";
            return false;
        }
        st->set |= border ? IOP_STYLE_BORDER_COLOR : IOP_STYLE_RULE_COLOR;
        return true;
    }
    if (strcmp(name, "space-before") == 0)
        LEN(space_before, IOP_STYLE_SPACE_BEFORE);
    if (strcmp(name, "space-after") == 0)
        LEN(space_after, IOP_STYLE_SPACE_AFTER);
    if (strcmp(name, "margin-left") == 0)
        LEN(margin_left, IOP_STYLE_MARGIN_LEFT);
    if (strcmp(name, "margin-right") == 0)
        LEN(margin_right, IOP_STYLE_MARGIN_RIGHT);
    if (strcmp(name, "text-indent") == 0)
        LEN(text_indent, IOP_STYLE_TEXT_INDENT);
    if (strcmp(name, "border-top") == 0)
        LEN(border_top, IOP_STYLE_BORDER_TOP);
    if (strcmp(name, "border-bottom") == 0)
        LEN(border_bottom, IOP_STYLE_BORDER_BOTTOM);
    if (strcmp(name, "padding") == 0)
        LEN(padding, IOP_STYLE_PADDING);
    if (strcmp(name, "rule-width") == 0)
        LEN(rule_width, IOP_STYLE_RULE_WIDTH);
    if (strcmp(name, "line-height") == 0) {
        char *end;
        double f = strtod(v, &end);
        if (*end || end == v || f < 0.5 || f > 5) {
            *why = "expected a factor between 0.5 and 5, like 1.3";
            return false;
        }
        st->line_height = f;
        st->set |= IOP_STYLE_LINE_HEIGHT;
        return true;
    }
    if (strcmp(name, "text-align") == 0) {
        if (!parse_align(v, &st->align)) {
            *why = "expected left, right, center or justify";
            return false;
        }
        st->set |= IOP_STYLE_ALIGN;
        return true;
    }
    if (strcmp(name, "hyphenate") == 0)
        BOOL(hyphenate, IOP_STYLE_HYPHENATE);
    if (strcmp(name, "keep-with-next") == 0)
        BOOL(keep_with_next, IOP_STYLE_KEEP_WITH_NEXT);
    if (strcmp(name, "keep-together") == 0)
        BOOL(keep_together, IOP_STYLE_KEEP_TOGETHER);
    if (strcmp(name, "page-break-before") == 0)
        BOOL(page_break_before, IOP_STYLE_PAGE_BREAK_BEFORE);
    if (strcmp(name, "tabular") == 0)
        BOOL(tabular, IOP_STYLE_TABULAR);
    if (strcmp(name, "rules") == 0) {
        static const char *const names[] = {"rows", "none", "all", "frame"};
        for (int i = 0; i < 4; i++)
            if (strcmp(v, names[i]) == 0) {
                st->rules = (iop_rules)i;
                st->set |= IOP_STYLE_RULES;
                return true;
            }
        *why = "expected rows, none, all or frame";
        return false;
    }
    if (strcmp(name, "list-style") == 0) {
        static const char *const names[] = {"disc", "dash", "decimal", "lower-alpha", "none"};
        for (int i = 0; i < 5; i++)
            if (strcmp(v, names[i]) == 0) {
                st->list_style = (iop_list_style)i;
                st->set |= IOP_STYLE_LIST_STYLE;
                return true;
            }
        *why = "expected disc, dash, decimal, lower-alpha or none";
        return false;
    }
    *why = "unknown style property";
    return false;
#undef LEN
#undef BOOL
}

const char *node_element_name(const iop_node *n, char buf[8])
{
    if (n->kind == IOP_NODE_HEADING) {
        snprintf(buf, 8, "h%d", n->level < 1 ? 1 : n->level > 4 ? 4 : n->level);
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
    if (doc) {
        /* three passes give the specificity order: element, .class, element.class */
        for (int pass = 0; pass < 3; pass++)
            for (size_t i = 0; i < doc->n_rules; i++) {
                const iop_style_rule *r = &doc->rules[i];
                int spec = r->element ? (r->cls ? 2 : 0) : (r->cls ? 1 : 0);
                if (spec != pass)
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
