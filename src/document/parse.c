/* XML → document tree.  The bytes are parsed as every layer parses a
 * file (iop_xml_parse_safe: no network, no entity substitution, no DTD
 * loading; a DOCTYPE refused before anything in it is read).
 * Every problem is reported with file:line, and parsing goes on so that
 * all problems are reported at once. */
#include "document_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An internal link is '#' and an agreement's id, which the agreement format
 * allows up to its attribute limit of 100 000 characters; limits agree
 * across layers, so whatever validates can be linked to. */
#define MAX_HREF_CHARS 100001

typedef struct parser {
    iop_document *doc;
    iop_diag *diag;
    int errors;
} parser;

static void perr(parser *p, long line, const char *fmt, ...) IOP_PRINTF(3, 4);
static void perr(parser *p, long line, const char *fmt, ...)
{
    iop_loc loc = {p->doc->name, line, 0};
    va_list ap;
    va_start(ap, fmt);
    iop_diag_vreport(p->diag, IOP_ERROR, &loc, fmt, ap);
    va_end(ap);
    p->errors++;
}

static const char *ename(const xmlNode *n)
{
    return (const char *)n->name;
}

static bool in_ns(const xmlNode *n)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, IOP_DOCUMENT_NS) == 0;
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = iop_xstrdup((const char *)v);
    xmlFree(v);
    /* attributes are trimmed */
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        s[--len] = 0;
    size_t lead = strspn(s, " \t\r\n");
    if (lead)
        memmove(s, s + lead, len - lead + 1);
    return s;
}

/* Check that every attribute of `n` is in the NULL-terminated list. */
static void check_attrs(parser *p, const xmlNode *n, const char *const *allowed)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (a->ns && a->ns->href &&
            strcmp((const char *)a->ns->href, "http://www.w3.org/XML/1998/namespace") == 0)
            continue; /* xml:lang, xml:space */
        bool ok = false;
        for (const char *const *x = allowed; x && *x; x++)
            if (strcmp(*x, (const char *)a->name) == 0)
                ok = true;
        if (!ok || a->ns)
            perr(p, xmlGetLineNo(n), "unknown attribute '%s' on <%s>", (const char *)a->name,
                 ename(n));
    }
}

static bool is_space_only(const xmlChar *s)
{
    for (; s && *s; s++)
        if (!isspace(*s))
            return false;
    return true;
}

/* Text of an element with only text children (meta fields). */
static char *text_content(parser *p, const xmlNode *n)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            iop_strbuf_puts(&sb, (const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE)
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <%s> (text only)", ename(c),
                 ename(n));
    }
    return iop_collapse_space(iop_strbuf_detach(&sb));
}

/* ---- inline content ------------------------------------------------ */

static const char *const A_COMMON[] = {"class", "id", "lang", NULL};
static const char *const A_LINK[] = {"class", "id", "lang", "href", NULL};
static const char *const A_FIELD[] = {"name", "class", NULL};

static void parse_inlines(parser *p, const xmlNode *x, iop_node *into);

static bool known_field(const char *name)
{
    static const char *const f[] = {"page", "pages", "title", "date", "case-number", "author",
                                    NULL};
    for (int i = 0; f[i]; i++)
        if (strcmp(f[i], name) == 0)
            return true;
    return false;
}

/* One inline element or text node; appended to `into`.  Returns false
 * when `c` is not inline content (the caller decides). */
static bool parse_inline(parser *p, const xmlNode *c, iop_node *into)
{
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        iop_node *t = node_new(IOP_NODE_TEXT, xmlGetLineNo(c));
        t->text = iop_xstrdup((const char *)c->content);
        node_append(into, t);
        return true;
    }
    if (c->type != XML_ELEMENT_NODE || !in_ns(c))
        return false;
    static const struct {
        const char *name;
        iop_node_kind kind;
    } inl[] = {{"em", IOP_NODE_EM},   {"strong", IOP_NODE_STRONG}, {"q", IOP_NODE_Q},
               {"a", IOP_NODE_A},     {"span", IOP_NODE_SPAN},     {"br", IOP_NODE_BR},
               {"field", IOP_NODE_FIELD}, {"i", IOP_NODE_EM},      {"b", IOP_NODE_STRONG}};
    for (size_t i = 0; i < sizeof inl / sizeof inl[0]; i++) {
        if (strcmp(ename(c), inl[i].name) != 0)
            continue;
        long line = xmlGetLineNo(c);
        iop_node *n = node_new(inl[i].kind, line);
        n->cls = attr(c, "class");
        n->id = attr(c, "id");
        n->lang = attr(c, "lang");
        switch (inl[i].kind) {
        case IOP_NODE_A:
            check_attrs(p, c, A_LINK);
            n->href = attr(c, "href");
            if (!n->href || !*n->href)
                perr(p, line, "<a> needs an href");
            else if (xmlUTF8Strlen((const xmlChar *)n->href) > MAX_HREF_CHARS)
                perr(p, line, "<a href> is longer than %d characters", MAX_HREF_CHARS);
            break;
        case IOP_NODE_FIELD:
            check_attrs(p, c, A_FIELD);
            n->text = attr(c, "name");
            if (!n->text)
                perr(p, line, "<field> needs a name");
            else if (!known_field(n->text))
                perr(p, line,
                     "unknown field '%s' (page, pages, title, date, case-number, author)",
                     n->text);
            break;
        default:
            check_attrs(p, c, A_COMMON);
        }
        if (inl[i].kind == IOP_NODE_BR || inl[i].kind == IOP_NODE_FIELD) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (k->type == XML_ELEMENT_NODE ||
                    (k->type == XML_TEXT_NODE && !is_space_only(k->content)))
                    perr(p, xmlGetLineNo(k), "<%s> must be empty", inl[i].name);
        } else {
            parse_inlines(p, c, n);
        }
        node_append(into, n);
        return true;
    }
    return false;
}

static void parse_inlines(parser *p, const xmlNode *x, iop_node *into)
{
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
            continue;
        if (c->type == XML_ENTITY_REF_NODE) {
            perr(p, xmlGetLineNo(c), "entity references are not allowed");
            continue;
        }
        if (!parse_inline(p, c, into))
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <%s> (inline content only)",
                 c->name ? ename(c) : "?", ename(x));
    }
}

/* Collapse whitespace across the inline descendants of a block, as HTML
 * does: runs become one space, leading and trailing space is dropped. */
static void collapse_run(iop_node *n, bool *space)
{
    for (size_t i = 0; i < n->n_children; i++) {
        iop_node *c = n->children[i];
        if (c->kind == IOP_NODE_TEXT) {
            char *w = c->text;
            for (const char *r = c->text; *r; r++) {
                if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
                    if (!*space)
                        *w++ = ' ';
                    *space = true;
                } else {
                    *w++ = *r;
                    *space = false;
                }
            }
            *w = 0;
        } else if (c->kind == IOP_NODE_BR) {
            *space = true;
        } else if (c->kind == IOP_NODE_FIELD) {
            *space = false;
        } else {
            collapse_run(c, space);
        }
    }
}

/* Drop a trailing space from the last text of a block; true when the
 * last visible thing was found. */
static bool trim_end(iop_node *n)
{
    for (size_t i = n->n_children; i-- > 0;) {
        iop_node *c = n->children[i];
        if (c->kind == IOP_NODE_TEXT) {
            size_t len = strlen(c->text);
            if (len && c->text[len - 1] == ' ') {
                c->text[len - 1] = 0;
                return true;
            }
            if (len)
                return true;
        } else if (c->kind == IOP_NODE_BR || c->kind == IOP_NODE_FIELD) {
            return true;
        } else if (trim_end(c)) {
            return true;
        }
    }
    return false;
}

static void collapse_block(iop_node *n)
{
    bool space = true;
    collapse_run(n, &space);
    trim_end(n);
}

/* ---- blocks -------------------------------------------------------- */

static void parse_blocks(parser *p, const xmlNode *x, iop_node *into);

static int parse_align_attr(parser *p, const xmlNode *x)
{
    char *a = attr(x, "align");
    if (!a)
        return -1;
    static const char *const names[] = {"left", "right", "center", "justify"};
    int r = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(a, names[i]) == 0)
            r = i;
    if (r < 0)
        perr(p, xmlGetLineNo(x), "align must be left, right, center or justify, not '%s'", a);
    free(a);
    return r;
}

static int parse_int_attr(parser *p, const xmlNode *x, const char *name, int def, int lo, int hi)
{
    char *a = attr(x, name);
    if (!a)
        return def;
    char *end;
    errno = 0;
    long v = strtol(a, &end, 10);
    if (errno || end == a || *end || v < lo || v > hi) {
        perr(p, xmlGetLineNo(x), "%s must be a number from %d to %d, not '%s'", name, lo, hi, a);
        v = def;
    }
    free(a);
    return (int)v;
}

static double parse_len_attr(parser *p, const xmlNode *x, const char *name)
{
    char *a = attr(x, name);
    double v = 0;
    if (a && !iop_document_parse_length(a, &v)) {
        perr(p, xmlGetLineNo(x), "%s must be a length like 40mm or 120pt, not '%s'", name, a);
        v = 0;
    }
    free(a);
    return v;
}

static iop_node *new_block(parser *p, const xmlNode *x, iop_node_kind kind,
                           const char *const *allowed)
{
    check_attrs(p, x, allowed);
    iop_node *n = node_new(kind, xmlGetLineNo(x));
    n->cls = attr(x, "class");
    n->id = attr(x, "id");
    n->lang = attr(x, "lang");
    return n;
}

static iop_node *parse_cell(parser *p, const xmlNode *x)
{
    static const char *const allowed[] = {"class", "id", "lang", "colspan", "align", NULL};
    iop_node *n = new_block(p, x, strcmp(ename(x), "th") == 0 ? IOP_NODE_TH : IOP_NODE_TD,
                            allowed);
    n->colspan = parse_int_attr(p, x, "colspan", 1, 1, 100);
    n->align = parse_align_attr(p, x);
    parse_inlines(p, x, n);
    collapse_block(n);
    return n;
}

static iop_node *parse_row(parser *p, const xmlNode *x)
{
    iop_node *tr = new_block(p, x, IOP_NODE_TR, A_COMMON);
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && in_ns(c) &&
            (strcmp(ename(c), "td") == 0 || strcmp(ename(c), "th") == 0))
            node_append(tr, parse_cell(p, c));
        else if (c->type == XML_ELEMENT_NODE)
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <tr> (th, td)", ename(c));
        else if (c->type == XML_TEXT_NODE && !is_space_only(c->content))
            perr(p, xmlGetLineNo(c), "text is not allowed directly in <tr>");
    }
    if (tr->n_children == 0)
        perr(p, tr->line, "<tr> needs at least one cell");
    return tr;
}

static void parse_col(parser *p, const xmlNode *c, iop_node *t)
{
    static const char *const allowed[] = {"width", "align", "span", NULL};
    check_attrs(p, c, allowed);
    iop_col col = {IOP_COL_AUTO, 0, parse_align_attr(p, c)};
    char *w = attr(c, "width");
    if (w && strcmp(w, "auto") != 0) {
        size_t len = strlen(w);
        if (len && w[len - 1] == '*') {
            char *end;
            double v = len == 1 ? 1.0 : strtod(w, &end);
            if (len > 1 && (end != w + len - 1 || !(v > 0) || v > 1000))
                perr(p, xmlGetLineNo(c), "col width '%s': expected like 2*", w);
            else {
                col.kind = IOP_COL_PROPORTIONAL;
                col.value = v;
            }
        } else if (iop_document_parse_length(w, &col.value) && col.value > 0) {
            col.kind = IOP_COL_FIXED;
        } else {
            perr(p, xmlGetLineNo(c), "col width '%s': expected 30mm, 2* or auto", w);
        }
    }
    free(w);
    int span = parse_int_attr(p, c, "span", 1, 1, 100);
    for (int i = 0; i < span; i++) {
        t->cols = iop_xreallocarray(t->cols, t->n_cols + 1, sizeof *t->cols);
        t->cols[t->n_cols++] = col;
    }
}

static iop_node *parse_table(parser *p, const xmlNode *x)
{
    iop_node *t = new_block(p, x, IOP_NODE_TABLE, A_COMMON);
    iop_node *implicit = NULL; /* <tr> directly in <table> goes into a tbody */
    int order = 0;             /* thead < tbody < tfoot */
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && !is_space_only(c->content)) {
            perr(p, xmlGetLineNo(c), "text is not allowed directly in <table>");
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = ename(c);
        if (!in_ns(c)) {
            perr(p, xmlGetLineNo(c), "<%s> is not in the document namespace", nm);
        } else if (strcmp(nm, "col") == 0) {
            parse_col(p, c, t);
        } else if (strcmp(nm, "tr") == 0) {
            if (!implicit) {
                implicit = node_new(IOP_NODE_TBODY, xmlGetLineNo(c));
                node_append(t, implicit);
            }
            node_append(implicit, parse_row(p, c));
        } else if (strcmp(nm, "thead") == 0 || strcmp(nm, "tbody") == 0 ||
                   strcmp(nm, "tfoot") == 0) {
            iop_node_kind k = nm[1] == 'h' ? IOP_NODE_THEAD
                              : nm[1] == 'b' ? IOP_NODE_TBODY
                                             : IOP_NODE_TFOOT;
            int o = k == IOP_NODE_THEAD ? 0 : k == IOP_NODE_TBODY ? 1 : 2;
            if (o < order || (o != 1 && o == order && order != 0) || (o == 0 && order > 0))
                perr(p, xmlGetLineNo(c), "<%s> is out of order (thead, tbody, tfoot)", nm);
            order = o > order ? o : order;
            if (o == 0)
                order = 1; /* one thead only: a second one is out of order */
            iop_node *g = new_block(p, c, k, A_COMMON);
            for (const xmlNode *r = c->children; r; r = r->next) {
                if (r->type == XML_ELEMENT_NODE && in_ns(r) && strcmp(ename(r), "tr") == 0)
                    node_append(g, parse_row(p, r));
                else if (r->type == XML_ELEMENT_NODE)
                    perr(p, xmlGetLineNo(r), "<%s> is not allowed in <%s> (tr)", ename(r), nm);
                else if (r->type == XML_TEXT_NODE && !is_space_only(r->content))
                    perr(p, xmlGetLineNo(r), "text is not allowed directly in <%s>", nm);
            }
            node_append(t, g);
            implicit = NULL;
        } else {
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <table>", nm);
        }
    }
    return t;
}

static iop_node *parse_list(parser *p, const xmlNode *x, iop_node_kind kind)
{
    static const char *const allowed[] = {"class", "id", "lang", "start", NULL};
    iop_node *l = new_block(p, x, kind, allowed);
    if (kind == IOP_NODE_OL)
        l->start = parse_int_attr(p, x, "start", 1, 0, 1000000);
    else if (xmlHasProp(x, (const xmlChar *)"start"))
        perr(p, xmlGetLineNo(x), "start is only allowed on <ol>");
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && in_ns(c) && strcmp(ename(c), "li") == 0) {
            iop_node *li = new_block(p, c, IOP_NODE_LI, A_COMMON);
            parse_blocks(p, c, li);
            node_append(l, li);
        } else if (c->type == XML_ELEMENT_NODE) {
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <%s> (li)", ename(c), ename(x));
        } else if (c->type == XML_TEXT_NODE && !is_space_only(c->content)) {
            perr(p, xmlGetLineNo(c), "text is not allowed directly in <%s>", ename(x));
        }
    }
    return l;
}

static iop_node *parse_dl(parser *p, const xmlNode *x)
{
    iop_node *dl = new_block(p, x, IOP_NODE_DL, A_COMMON);
    iop_node_kind expect = IOP_NODE_DT;
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && in_ns(c) &&
            (strcmp(ename(c), "dt") == 0 || strcmp(ename(c), "dd") == 0)) {
            iop_node_kind k = ename(c)[1] == 't' ? IOP_NODE_DT : IOP_NODE_DD;
            if (k != expect)
                perr(p, xmlGetLineNo(c), "<%s> out of order: <dl> holds dt, dd pairs",
                     ename(c));
            expect = k == IOP_NODE_DT ? IOP_NODE_DD : IOP_NODE_DT;
            iop_node *n = new_block(p, c, k, A_COMMON);
            parse_inlines(p, c, n);
            collapse_block(n);
            node_append(dl, n);
        } else if (c->type == XML_ELEMENT_NODE) {
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <dl> (dt, dd)", ename(c));
        } else if (c->type == XML_TEXT_NODE && !is_space_only(c->content)) {
            perr(p, xmlGetLineNo(c), "text is not allowed directly in <dl>");
        }
    }
    if (expect == IOP_NODE_DD)
        perr(p, dl->line, "<dl> ends with a <dt> without its <dd>");
    return dl;
}

/* A block element, or NULL when `c` is not one. */
static iop_node *parse_block(parser *p, const xmlNode *c)
{
    const char *nm = ename(c);
    long line = xmlGetLineNo(c);
    static const char *const A_P[] = {"class", "id", "lang", "align", NULL};
    static const char *const A_IMG[] = {"class", "id", "src", "alt", "role", "width", "height",
                                        "align", NULL};
    static const char *const A_TOC[] = {"class", "id", "depth", "title", NULL};
    if ((nm[0] == 'h' && nm[1] >= '1' && nm[1] <= '4' && !nm[2]) || strcmp(nm, "p") == 0) {
        bool h = nm[0] == 'h';
        iop_node *n = new_block(p, c, h ? IOP_NODE_HEADING : IOP_NODE_P, A_P);
        if (h)
            n->level = nm[1] - '0';
        n->align = parse_align_attr(p, c);
        parse_inlines(p, c, n);
        collapse_block(n);
        return n;
    }
    if (strcmp(nm, "ul") == 0)
        return parse_list(p, c, IOP_NODE_UL);
    if (strcmp(nm, "ol") == 0)
        return parse_list(p, c, IOP_NODE_OL);
    if (strcmp(nm, "table") == 0)
        return parse_table(p, c);
    if (strcmp(nm, "dl") == 0)
        return parse_dl(p, c);
    if (strcmp(nm, "blockquote") == 0 || strcmp(nm, "div") == 0 || strcmp(nm, "keep") == 0) {
        iop_node_kind k = nm[0] == 'b' ? IOP_NODE_BLOCKQUOTE
                          : nm[0] == 'd' ? IOP_NODE_DIV
                                         : IOP_NODE_KEEP;
        iop_node *n = new_block(p, c, k, A_COMMON);
        parse_blocks(p, c, n);
        return n;
    }
    if (strcmp(nm, "img") == 0) {
        iop_node *n = new_block(p, c, IOP_NODE_IMG, A_IMG);
        n->src = attr(c, "src");
        n->alt = attr(c, "alt");
        char *role = attr(c, "role");
        n->decorative = role && strcmp(role, "presentation") == 0;
        if (role && !n->decorative)
            perr(p, line, "<img> role must be \"presentation\" (a purely decorative image), not '%s'",
                 role);
        bool bad_role = role && !n->decorative;
        free(role);
        if ((!n->alt || !*n->alt) && !n->decorative && !bad_role)
            perr(p, line,
                 "<img> needs an alt text: what the image shows, in words (or "
                 "role=\"presentation\" when it only decorates)");
        n->width = parse_len_attr(p, c, "width");
        n->height = parse_len_attr(p, c, "height");
        n->align = parse_align_attr(p, c);
        if (!n->src || !*n->src)
            perr(p, line, "<img> needs a src");
        if (c->children)
            perr(p, line, "<img> must be empty");
        return n;
    }
    if (strcmp(nm, "page-break") == 0) {
        iop_node *n = new_block(p, c, IOP_NODE_PAGE_BREAK, NULL);
        if (c->children && !is_space_only(c->children->content))
            perr(p, line, "<page-break> must be empty");
        return n;
    }
    if (strcmp(nm, "chart") == 0)
        return chart_parse(c, p->doc->name, p->diag, &p->errors);
    if (strcmp(nm, "toc") == 0) {
        iop_node *n = new_block(p, c, IOP_NODE_TOC, A_TOC);
        n->level = parse_int_attr(p, c, "depth", 2, 1, 4);
        n->title = attr(c, "title");
        if (!n->title)
            n->title = iop_xstrdup("Innehåll");
        return n;
    }
    return NULL;
}

static bool node_is_blank_text(const iop_node *n)
{
    return n->kind == IOP_NODE_TEXT && is_space_only((const xmlChar *)n->text);
}

/* Block content; inline runs among blocks are wrapped in anonymous <p>s,
 * and an element with only inline content keeps it directly (li). */
static void parse_blocks(parser *p, const xmlNode *x, iop_node *into)
{
    iop_node *run = NULL; /* pending inline run */
    bool any_block = false;
    for (const xmlNode *c = x->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && in_ns(c)) {
            const char *nm = ename(c);
            static const char *const inl[] = {"em", "strong", "q", "a", "span", "br",
                                              "field", "i", "b", NULL};
            bool is_inline = false;
            for (int i = 0; inl[i]; i++)
                if (strcmp(inl[i], nm) == 0)
                    is_inline = true;
            if (!is_inline)
                any_block = true;
        }
    bool inline_ok = into->kind == IOP_NODE_LI || into->kind == IOP_NODE_BLOCKQUOTE ||
                     into->kind == IOP_NODE_DIV || into->kind == IOP_NODE_BODY ||
                     into->kind == IOP_NODE_KEEP;
    if (!any_block && into->kind == IOP_NODE_LI) {
        parse_inlines(p, x, into);
        collapse_block(into);
        return;
    }
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
            continue;
        iop_node *b = NULL;
        if (c->type == XML_ELEMENT_NODE) {
            if (!in_ns(c)) {
                perr(p, xmlGetLineNo(c), "<%s> is not in the namespace %s", ename(c),
                     IOP_DOCUMENT_NS);
                continue;
            }
            b = parse_block(p, c);
        }
        if (b) {
            if (run) {
                collapse_block(run);
                if (run->n_children == 1 && node_is_blank_text(run->children[0]))
                    node_free(run);
                else
                    node_append(into, run);
                run = NULL;
            }
            node_append(into, b);
            continue;
        }
        if (c->type == XML_TEXT_NODE && is_space_only(c->content) && !run)
            continue;
        if (!inline_ok) {
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <%s>", c->name ? ename(c) : "?",
                 ename(x));
            continue;
        }
        if (!run)
            run = node_new(IOP_NODE_P, xmlGetLineNo(c));
        if (!parse_inline(p, c, run))
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <%s>",
                 c->name ? ename(c) : "?", ename(x));
    }
    if (run) {
        collapse_block(run);
        bool blank = true;
        for (size_t i = 0; i < run->n_children; i++)
            if (!(run->children[i]->kind == IOP_NODE_TEXT && !run->children[i]->text[0]))
                blank = false;
        if (blank)
            node_free(run);
        else
            node_append(into, run);
    }
}

/* ---- head: meta, styles, page -------------------------------------- */

static void parse_meta(parser *p, const xmlNode *x)
{
    check_attrs(p, x, NULL);
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            if (c->type == XML_TEXT_NODE && !is_space_only(c->content))
                perr(p, xmlGetLineNo(c), "text is not allowed directly in <meta>");
            continue;
        }
        char **slot = NULL;
        const char *nm = ename(c);
        iop_document_meta *m = &p->doc->meta;
        if (strcmp(nm, "title") == 0)
            slot = &m->title;
        else if (strcmp(nm, "author") == 0)
            slot = &m->author;
        else if (strcmp(nm, "subject") == 0)
            slot = &m->subject;
        else if (strcmp(nm, "keywords") == 0)
            slot = &m->keywords;
        else if (strcmp(nm, "date") == 0)
            slot = &m->date;
        else if (strcmp(nm, "case-number") == 0)
            slot = &m->case_number;
        if (!slot || !in_ns(c)) {
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <meta>", nm);
            continue;
        }
        check_attrs(p, c, NULL);
        if (*slot)
            perr(p, xmlGetLineNo(c), "<%s> given twice", nm);
        free(*slot);
        *slot = text_content(p, c);
    }
}

static void parse_styles(parser *p, const xmlNode *x)
{
    check_attrs(p, x, NULL);
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            if (c->type == XML_TEXT_NODE && !is_space_only(c->content))
                perr(p, xmlGetLineNo(c), "text is not allowed in <styles>");
            continue;
        }
        long line = xmlGetLineNo(c);
        if (!in_ns(c) || strcmp(ename(c), "style") != 0) {
            perr(p, line, "<%s> is not allowed in <styles> (style)", ename(c));
            continue;
        }
        iop_style_rule r;
        memset(&r, 0, sizeof r);
        r.line = line;
        char *match = attr(c, "match");
        if (!match || !*match) {
            perr(p, line, "<style> needs a match attribute (p, .class, td.num)");
            free(match);
            continue;
        }
        char *dot = strchr(match, '.');
        if (dot) {
            *dot = 0;
            r.cls = iop_xstrdup(dot + 1);
        }
        if (*match && strcmp(match, "*") != 0)
            r.element = iop_xstrdup(match);
        bool bad_sel = (dot && (!r.cls[0] || strchr(r.cls, '.') || strchr(r.cls, ' '))) ||
                       (r.element && strchr(r.element, ' '));
        if (bad_sel)
            perr(p, line, "style match '%s%s%s': expected element, .class or element.class",
                 match, dot ? "." : "", dot ? r.cls : "");
        free(match);
        for (const xmlAttr *a = c->properties; a; a = a->next) {
            const char *an = (const char *)a->name;
            if (strcmp(an, "match") == 0)
                continue;
            char *v = attr(c, an);
            const char *why = NULL;
            if (!v || !style_parse_property(&r.style, an, v, &why))
                perr(p, line, "style '%s': %s = '%s': %s", r.element ? r.element : "",
                     an, v ? v : "", why ? why : "malformed");
            free(v);
        }
        p->doc->rules = iop_xreallocarray(p->doc->rules, p->doc->n_rules + 1,
                                          sizeof *p->doc->rules);
        p->doc->rules[p->doc->n_rules++] = r;
    }
}

static iop_node *parse_part(parser *p, const xmlNode *x)
{
    check_attrs(p, x, A_COMMON);
    iop_node *n = node_new(IOP_NODE_P, xmlGetLineNo(x));
    n->cls = attr(x, "class");
    parse_inlines(p, x, n);
    collapse_block(n);
    return n;
}

static void parse_running(parser *p, const xmlNode *x, iop_running *r)
{
    check_attrs(p, x, NULL);
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            if (c->type == XML_TEXT_NODE && !is_space_only(c->content))
                perr(p, xmlGetLineNo(c), "text is not allowed directly in <%s>; use left, "
                                         "center or right", ename(x));
            continue;
        }
        iop_node **slot = NULL;
        if (strcmp(ename(c), "left") == 0)
            slot = &r->left;
        else if (strcmp(ename(c), "center") == 0 || strcmp(ename(c), "centre") == 0)
            slot = &r->center;
        else if (strcmp(ename(c), "right") == 0)
            slot = &r->right;
        if (!slot || !in_ns(c)) {
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <%s> (left, center, right)",
                 ename(c), ename(x));
            continue;
        }
        node_free(*slot);
        *slot = parse_part(p, c);
    }
}

static void parse_first_page(parser *p, const xmlNode *x)
{
    static const char *const allowed[] = {"header", "footer", NULL};
    check_attrs(p, x, allowed);
    iop_page_setup *ps = &p->doc->page;
    char *h = attr(x, "header");
    if (h) {
        if (strcmp(h, "same") == 0)
            ps->first_header = IOP_FIRST_SAME;
        else if (strcmp(h, "none") == 0)
            ps->first_header = IOP_FIRST_NONE;
        else if (strcmp(h, "letterhead") == 0)
            ps->first_header = IOP_FIRST_LETTERHEAD;
        else
            perr(p, xmlGetLineNo(x), "first-page header must be same, none or letterhead");
    }
    free(h);
    char *f = attr(x, "footer");
    if (f) {
        if (strcmp(f, "true") == 0 || strcmp(f, "same") == 0)
            ps->first_footer = true;
        else if (strcmp(f, "false") == 0 || strcmp(f, "none") == 0)
            ps->first_footer = false;
        else
            perr(p, xmlGetLineNo(x), "first-page footer must be true or false");
    }
    free(f);
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!in_ns(c) || strcmp(ename(c), "letterhead") != 0) {
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <first-page> (letterhead)",
                 ename(c));
            continue;
        }
        check_attrs(p, c, NULL);
        for (const xmlNode *k = c->children; k; k = k->next) {
            if (k->type != XML_ELEMENT_NODE)
                continue;
            iop_node **slot = NULL;
            if (strcmp(ename(k), "left") == 0)
                slot = &ps->letterhead_left;
            else if (strcmp(ename(k), "right") == 0)
                slot = &ps->letterhead_right;
            if (!slot || !in_ns(k)) {
                perr(p, xmlGetLineNo(k), "<%s> is not allowed in <letterhead> (left, right)",
                     ename(k));
                continue;
            }
            iop_node *d = new_block(p, k, IOP_NODE_DIV, A_COMMON);
            parse_blocks(p, k, d);
            node_free(*slot);
            *slot = d;
        }
    }
}

static void parse_page(parser *p, const xmlNode *x)
{
    static const char *const allowed[] = {"size", "orientation", "margin-top", "margin-bottom",
                                          "margin-left", "margin-right", "header-offset",
                                          "footer-offset", "fit-pages", NULL};
    check_attrs(p, x, allowed);
    iop_page_setup *ps = &p->doc->page;
    long line = xmlGetLineNo(x);
    char *fit = attr(x, "fit-pages");
    if (fit) {
        char *end;
        long v = strtol(fit, &end, 10);
        if (*end || end == fit || v < 1 || v > 1000)
            perr(p, line, "fit-pages must be a number of pages from 1 to 1000, not '%s'", fit);
        else
            ps->fit_pages = (int)v;
    }
    free(fit);
    char *size = attr(x, "size");
    if (size) {
        if (strcmp(size, "A4") == 0 || strcmp(size, "a4") == 0) {
            ps->width = 595.276;
            ps->height = 841.89;
        } else if (strcmp(size, "A5") == 0 || strcmp(size, "a5") == 0) {
            ps->width = 419.528;
            ps->height = 595.276;
        } else if (strcmp(size, "letter") == 0) {
            ps->width = 612;
            ps->height = 792;
        } else {
            perr(p, line, "page size must be A4, A5 or letter, not '%s'", size);
        }
    }
    free(size);
    char *o = attr(x, "orientation");
    if (o) {
        if (strcmp(o, "landscape") == 0) {
            double t = ps->width;
            ps->width = ps->height;
            ps->height = t;
        } else if (strcmp(o, "portrait") != 0) {
            perr(p, line, "orientation must be portrait or landscape");
        }
    }
    free(o);
    static const char *const lens[] = {"margin-top", "margin-bottom", "margin-left",
                                       "margin-right", "header-offset", "footer-offset"};
    double *slots[] = {&ps->margin_top,  &ps->margin_bottom,  &ps->margin_left,
                       &ps->margin_right, &ps->header_offset, &ps->footer_offset};
    for (int i = 0; i < 6; i++) {
        char *v = attr(x, lens[i]);
        if (v && !iop_document_parse_length(v, slots[i]))
            perr(p, line, "%s must be a length like 25mm, not '%s'", lens[i], v);
        free(v);
    }
    if (ps->margin_left + ps->margin_right > ps->width - 72 ||
        ps->margin_top + ps->margin_bottom > ps->height - 72)
        perr(p, line, "the margins leave less than an inch for the text");
    for (const xmlNode *c = x->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            if (c->type == XML_TEXT_NODE && !is_space_only(c->content))
                perr(p, xmlGetLineNo(c), "text is not allowed in <page>");
            continue;
        }
        const char *nm = ename(c);
        if (in_ns(c) && strcmp(nm, "header") == 0)
            parse_running(p, c, &ps->header);
        else if (in_ns(c) && strcmp(nm, "footer") == 0)
            parse_running(p, c, &ps->footer);
        else if (in_ns(c) && strcmp(nm, "first-page") == 0)
            parse_first_page(p, c);
        else
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <page> (header, footer, "
                                     "first-page)", nm);
    }
}

/* ---- entry points -------------------------------------------------- */

static void on_xml_error(void *user, const xmlError *e)
{
    parser *p = user;
    char *msg = iop_xstrdup(e->message ? e->message : "XML error");
    size_t len = strlen(msg);
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        msg[--len] = 0;
    iop_loc loc = {p->doc->name, e->line, e->int2};
    iop_diag_report(p->diag, e->level == XML_ERR_WARNING ? IOP_WARNING : IOP_ERROR, &loc,
                    "%s", msg);
    if (e->level != XML_ERR_WARNING)
        p->errors++;
    free(msg);
}

static void set_defaults(iop_document *doc)
{
    iop_page_setup *ps = &doc->page;
    ps->width = 595.276;
    ps->height = 841.89;
    ps->margin_top = ps->margin_bottom = 25 * 72 / 25.4;
    ps->margin_left = ps->margin_right = 25 * 72 / 25.4;
    ps->header_offset = 12 * 72 / 25.4;
    ps->footer_offset = 12 * 72 / 25.4;
    ps->first_footer = true;
}

static iop_document *document_new(parser *p, const char *name, iop_diag *diag)
{
    *p = (parser){iop_xcalloc(1, sizeof(iop_document)), diag, 0};
    iop_document *doc = p->doc;
    doc->name = iop_xstrdup(name ? name : "<memory>");
    const char *slash = name ? strrchr(name, '/') : NULL;
    doc->base_dir = slash ? iop_xstrndup(name, (size_t)(slash - name) + (slash == name))
                          : iop_xstrdup(".");
    set_defaults(doc);
    return doc;
}

/* The document of an XML tree, checked; the tree stays the caller's. */
static void read_tree(parser *p, xmlDocPtr xd)
{
    iop_document *doc = p->doc;
    if (xd->intSubset || xd->extSubset) {
        /* a tree made elsewhere (iop_document_from_xml): a parse here has
         * refused the DOCTYPE already */
        perr(p, 1, "a DOCTYPE is not allowed in documents");
        return;
    }
    xmlNodePtr root = xmlDocGetRootElement(xd);
    if (!root || strcmp(ename(root), "document") != 0 || !in_ns(root)) {
        perr(p, root ? xmlGetLineNo(root) : 1,
             "the root element must be <document xmlns=\"%s\">", IOP_DOCUMENT_NS);
        return;
    }
    static const char *const A_ROOT[] = {"lang", "version", NULL};
    check_attrs(p, root, A_ROOT);
    doc->meta.lang = attr(root, "lang");
    if (!doc->meta.lang)
        doc->meta.lang = iop_xstrdup("sv");
    int seen = 0; /* meta=1, styles=2, page=3, body=4: in this order */
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            if (c->type == XML_TEXT_NODE && !is_space_only(c->content))
                perr(p, xmlGetLineNo(c), "text is not allowed directly in <document>");
            continue;
        }
        static const char *const order[] = {"meta", "styles", "page", "body"};
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (in_ns(c) && strcmp(ename(c), order[i]) == 0)
                k = i + 1;
        if (k < 0) {
            perr(p, xmlGetLineNo(c), "<%s> is not allowed in <document> (meta, styles, page, "
                                     "body)", ename(c));
            continue;
        }
        if (k <= seen) {
            perr(p, xmlGetLineNo(c), "<%s> is out of order or repeated (meta, styles, page, "
                                     "body)", ename(c));
            continue;
        }
        seen = k;
        if (k == 1)
            parse_meta(p, c);
        else if (k == 2)
            parse_styles(p, c);
        else if (k == 3)
            parse_page(p, c);
        else {
            check_attrs(p, c, A_COMMON);
            doc->body = node_new(IOP_NODE_BODY, xmlGetLineNo(c));
            doc->body->cls = attr(c, "class");
            parse_blocks(p, c, doc->body);
        }
    }
    if (!doc->body)
        perr(p, xmlGetLineNo(root), "<document> needs a <body>");
}

static iop_document *document_done(parser *p)
{
    if (p->errors) {
        iop_document_free(p->doc);
        return NULL;
    }
    style_index_build(p->doc);
    return p->doc;
}

static void on_problem(void *user, long line, const char *code, const char *message)
{
    (void)code; /* the document layer's errors have no codes yet */
    perr(user, line, "%s", message);
}

iop_document *iop_document_parse_memory(const char *data, size_t len, const char *name,
                                        iop_diag *diag)
{
    parser p;
    iop_document *doc = document_new(&p, name, diag);
    iop_xml_parse how = {doc->name, "documents", on_problem, on_xml_error, &p, NULL, false};
    xmlDocPtr xd = iop_xml_parse_safe(data, len, &how);
    if (xd)
        read_tree(&p, xd);
    xmlFreeDoc(xd);
    return document_done(&p);
}

iop_document *iop_document_from_xml(struct _xmlDoc *xml, const char *name, iop_diag *diag)
{
    parser p;
    (void)document_new(&p, name, diag);
    if (!xml)
        perr(&p, 0, "no XML document");
    else
        read_tree(&p, xml);
    return document_done(&p);
}

iop_document *iop_document_parse_file(const char *path, iop_diag *diag)
{
    size_t len = 0;
    char *why = NULL;
    char *data = iop_file_read(path, (size_t)64 * 1024 * 1024, &len, &why);
    if (!data) {
        iop_loc loc = {path, 0, 0};
        iop_diag_report(diag, IOP_ERROR, &loc, "%s", why);
        free(why);
        return NULL;
    }
    iop_document *doc = iop_document_parse_memory(data, len, path, diag);
    free(data);
    return doc;
}
