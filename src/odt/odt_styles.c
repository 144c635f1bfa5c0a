/* Named styles after the vocabulary: one paragraph style per element
 * ("p", "h2", "td"...) and one per class ("decision", "meta"...) whose
 * parent is its element's style, each holding what it changes.  A
 * municipality restyles the memo by changing these (docs/odt.md). */
#include "odt_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool same_d(double a, double b)
{
    return fabs(a - b) < 0.0005;
}

static const char *align_name(iop_align a)
{
    switch (a) {
    case IOP_ALIGN_RIGHT:
        return "end";
    case IOP_ALIGN_CENTER:
        return "center";
    case IOP_ALIGN_JUSTIFY:
        return "justify";
    default:
        return "start";
    }
}

static void text_props(odt_ctx *ctx, xmlNode *style, const iop_style *st, const iop_style *b)
{
    xmlNs *fo = ctx->ns.fo;
    xmlNode *t = odt_el(style, ctx->ns.style, "text-properties");
    char buf[32];
    if (st->font_family &&
        (!b || !b->font_family || strcmp(st->font_family, b->font_family) != 0)) {
        odt_attr(t, fo, "font-family", st->font_family);
    }
    if (!b || !same_d(st->font_size, b->font_size))
        odt_attr_len(t, fo, "font-size", st->font_size);
    if (!b || st->font_weight != b->font_weight) {
        if (st->font_weight == 400 || st->font_weight == 700)
            odt_attr(t, fo, "font-weight", st->font_weight == 700 ? "bold" : "normal");
        else
            odt_attr_int(t, fo, "font-weight", st->font_weight / 100 * 100);
    }
    if (!b || st->italic != b->italic)
        odt_attr(t, fo, "font-style", st->italic ? "italic" : "normal");
    if (!b || st->small_caps != b->small_caps)
        odt_attr(t, fo, "font-variant", st->small_caps ? "small-caps" : "normal");
    if (!b || st->color != b->color) {
        char col[8];
        iop_odt_color(st->color, col);
        odt_attr(t, fo, "color", col);
    }
    if (!b || st->hyphenate != b->hyphenate)
        odt_attr(t, fo, "hyphenate", st->hyphenate ? "true" : "false");
    if (!b) {
        /* the document's language, for spelling and hyphenation */
        const char *lang = ctx->doc->meta.lang ? ctx->doc->meta.lang : "sv";
        snprintf(buf, sizeof buf, "%.2s", lang);
        odt_attr(t, fo, "language", buf);
        odt_attr(t, fo, "country", strncmp(lang, "sv", 2) == 0 ? "SE" : "none");
    }
}

void odt_para_props(odt_ctx *ctx, xmlNode *style, const iop_style *st, const iop_style *b,
                    bool text_only)
{
    xmlNs *fo = ctx->ns.fo;
    if (!text_only) {
        xmlNode *p = odt_el(style, ctx->ns.style, "paragraph-properties");
        if (!b || !same_d(st->space_before, b->space_before))
            odt_attr_len(p, fo, "margin-top", st->space_before);
        if (!b || !same_d(st->space_after, b->space_after))
            odt_attr_len(p, fo, "margin-bottom", st->space_after);
        if (!b || !same_d(st->margin_left, b->margin_left))
            odt_attr_len(p, fo, "margin-left", st->margin_left);
        if (!b || !same_d(st->margin_right, b->margin_right))
            odt_attr_len(p, fo, "margin-right", st->margin_right);
        if (!b || !same_d(st->text_indent, b->text_indent))
            odt_attr_len(p, fo, "text-indent", st->text_indent);
        if (!b || !same_d(st->line_height, b->line_height)) {
            char buf[32];
            snprintf(buf, sizeof buf, "%ld%%", lround(st->line_height * 100));
            odt_attr(p, fo, "line-height", buf);
        }
        if (!b || st->align != b->align)
            odt_attr(p, fo, "text-align", align_name(st->align));
        if (!b || st->hyphenate_limit_lines != b->hyphenate_limit_lines) {
            /* the same rule for the word processor (ODF's name for it) */
            if (st->hyphenate_limit_lines > 0)
                odt_attr_int(p, fo, "hyphenation-ladder-count", st->hyphenate_limit_lines);
            else
                odt_attr(p, fo, "hyphenation-ladder-count", "no-limit");
        }
        if (!b || st->keep_with_next != b->keep_with_next)
            odt_attr(p, fo, "keep-with-next", st->keep_with_next ? "always" : "auto");
        if (!b || st->keep_together != b->keep_together)
            odt_attr(p, fo, "keep-together", st->keep_together ? "always" : "auto");
        if (st->page_break_before && (!b || !b->page_break_before))
            odt_attr(p, fo, "break-before", "page");
        if (st->has_background && (!b || !b->has_background || st->background != b->background)) {
            char col[8];
            iop_odt_color(st->background, col);
            odt_attr(p, fo, "background-color", col);
        }
        if (st->border_top > 0 && (!b || !same_d(st->border_top, b->border_top)))
            odt_border(p, fo, "border-top", st->border_top, st->border_color);
        if (st->border_bottom > 0 && (!b || !same_d(st->border_bottom, b->border_bottom)))
            odt_border(p, fo, "border-bottom", st->border_bottom, st->border_color);
    }
    text_props(ctx, style, st, b);
}

/* Style names are unique within a family (paragraph or text). */
static odt_named *find_in_family(odt_ctx *ctx, const char *name, bool text)
{
    for (size_t i = 0; i < ctx->n_named; i++)
        if (ctx->named[i].text_family == text && strcmp(ctx->named[i].name, name) == 0)
            return &ctx->named[i];
    return NULL;
}

static odt_named *find_named(odt_ctx *ctx, const char *name)
{
    return find_in_family(ctx, name, false);
}

static odt_named *find_key(odt_ctx *ctx, bool text, const char *element, const char *cls)
{
    for (size_t i = 0; i < ctx->n_named; i++) {
        odt_named *n = &ctx->named[i];
        if (n->text_family == text && strcmp(n->element, element) == 0 &&
            (cls ? n->cls && strcmp(n->cls, cls) == 0 : !n->cls))
            return n;
    }
    return NULL;
}

static odt_named *add_named(odt_ctx *ctx, const char *name, bool text, const char *element,
                            const char *cls, const iop_style *st)
{
    ctx->named = iop_grow(ctx->named, &ctx->cap_named, ctx->n_named + 1, sizeof *ctx->named);
    odt_named *n = &ctx->named[ctx->n_named++];
    memset(n, 0, sizeof *n);
    n->name = iop_xstrdup(name);
    n->element = iop_xstrdup(element);
    n->cls = cls ? iop_xstrdup(cls) : NULL;
    n->text_family = text;
    n->st = *st;
    return n;
}

/* A unique name for a class style: the class itself, or element.class
 * when another element's style already has it. */
static char *class_style_name(odt_ctx *ctx, const char *element, const char *cls)
{
    char *name = iop_odt_style_name(cls);
    if (!find_named(ctx, name))
        return name;
    char *both = iop_xasprintf("%s.%s", element, cls);
    free(name);
    name = iop_odt_style_name(both);
    free(both);
    for (int i = 2; find_named(ctx, name); i++) {
        free(name);
        char *numbered = iop_xasprintf("%s.%s-%d", element, cls, i);
        name = iop_odt_style_name(numbered);
        free(numbered);
    }
    return name;
}

const char *odt_para_style(odt_ctx *ctx, iop_node_kind kind, const char *element, const char *cls,
                           const iop_style *st)
{
    odt_named *e = find_key(ctx, false, element, NULL);
    if (!e) {
        /* the element's look where it first appears (a cell inherits its
         * table's font): paragraphs in the same setting then need no
         * automatic style over it, and restyling the element reaches them */
        iop_style own = *st;
        if (cls)
            iop_document_style_for(ctx->doc, kind, element, NULL, &ctx->body, &own);
        char *name = iop_odt_style_name(element);
        e = add_named(ctx, name, false, element, NULL, &own);
        free(name);
        e->base = ctx->body;
        e->has_base = true;
        if (kind == IOP_NODE_HEADING && element[0] == 'h' && element[1] >= '1' && element[1] <= '4')
            e->outline_level = element[1] - '0';
    }
    if (!cls)
        return e->name;
    odt_named *c = find_key(ctx, false, element, cls);
    if (c)
        return c->name;
    iop_style base = e->st;
    int level = e->outline_level;
    char *parent = iop_xstrdup(e->name);
    char *name = class_style_name(ctx, element, cls);
    c = add_named(ctx, name, false, element, cls, st); /* may move e */
    free(name);
    c->parent = parent;
    c->base = base;
    c->has_base = true;
    c->outline_level = level;
    return c->name;
}

const char *odt_text_style(odt_ctx *ctx, const char *element, const char *cls, const iop_style *st,
                           const iop_style *parent)
{
    odt_named *n = find_key(ctx, true, element, cls);
    if (n)
        return n->name;
    char *name = cls ? iop_odt_style_name(cls) : iop_odt_style_name(element);
    while (find_in_family(ctx, name, true)) {
        char *more = iop_xasprintf("%s.%s", element, name);
        free(name);
        name = iop_odt_style_name(more);
        free(more);
    }
    n = add_named(ctx, name, true, element, cls, st);
    free(name);
    n->base = *parent;
    n->has_base = true;
    return n->name;
}

xmlNode *odt_auto_new(odt_ctx *ctx, const char *family, const char *parent)
{
    xmlNode *s = xmlNewNode(ctx->ns.style, BAD_CAST "style");
    if (!s)
        odt_oom();
    s->doc = ctx->autos->doc;
    odt_attr(s, ctx->ns.style, "family", family);
    if (parent)
        odt_attr(s, ctx->ns.style, "parent-style-name", parent);
    return s;
}

/* Does a style say anything: an attribute on it past family and parent,
 * or on one of its property elements? */
static bool says_something(const xmlNode *s)
{
    int attrs = 0;
    for (const xmlAttr *a = s->properties; a; a = a->next)
        attrs++;
    if (attrs > 2)
        return true;
    for (const xmlNode *c = s->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && (c->properties || c->children))
            return true;
    return false;
}

const char *odt_auto_add(odt_ctx *ctx, xmlNode *s, const char *fallback)
{
    if (fallback && !says_something(s)) {
        xmlFreeNode(s);
        return fallback;
    }
    /* the style's markup is its key: equal looks share one style */
    xmlBuffer *buf = xmlBufferCreate();
    if (!buf || xmlNodeDump(buf, ctx->autos->doc, s, 0, 0) < 0)
        odt_oom();
    const char *key = (const char *)xmlBufferContent(buf);
    for (size_t i = 0; i < ctx->n_autos; i++)
        if (strcmp(ctx->auto_keys[i], key) == 0) {
            xmlBufferFree(buf);
            xmlFreeNode(s);
            return ctx->auto_names[i];
        }
    size_t need = ctx->n_autos + 1;
    size_t cap = ctx->cap_autos;
    ctx->auto_keys = iop_grow(ctx->auto_keys, &cap, need, sizeof *ctx->auto_keys);
    cap = ctx->cap_autos;
    ctx->auto_names = iop_grow(ctx->auto_names, &cap, need, sizeof *ctx->auto_names);
    ctx->cap_autos = cap;
    ctx->auto_keys[ctx->n_autos] = iop_xstrdup(key);
    xmlBufferFree(buf);
    xmlChar *family = xmlGetNsProp(s, BAD_CAST "family", ctx->ns.style->href);
    char prefix = family && family[0] == 'p'                          ? 'P'
                  : family && xmlStrcmp(family, BAD_CAST "text") == 0 ? 'T'
                                                                      : 'A';
    xmlFree(family);
    char *name = iop_xasprintf("Auto_%c%d", prefix, ++ctx->auto_serial);
    ctx->auto_names[ctx->n_autos++] = name;
    odt_attr(s, ctx->ns.style, "name", name);
    if (!xmlAddChild(ctx->autos, s))
        odt_oom();
    return name;
}

const iop_style *odt_named_look(odt_ctx *ctx, const char *name)
{
    odt_named *n = find_named(ctx, name);
    return n ? &n->st : &ctx->body;
}

const char *odt_list_style(odt_ctx *ctx, iop_list_style ls)
{
    static const char *const names[] = {"list-disc", "list-dash", "list-decimal",
                                        "list-lower-alpha", "list-none"};
    if ((unsigned)ls > IOP_LIST_NONE)
        ls = IOP_LIST_DISC;
    ctx->list_styles |= 1u << ls;
    return names[ls];
}

static void list_styles_write(odt_ctx *ctx, xmlNode *out)
{
    static const char *const names[] = {"list-disc", "list-dash", "list-decimal",
                                        "list-lower-alpha", "list-none"};
    xmlNs *text = ctx->ns.text, *style = ctx->ns.style, *fo = ctx->ns.fo;
    for (int ls = 0; ls <= IOP_LIST_NONE; ls++) {
        if (!(ctx->list_styles & (1u << ls)))
            continue;
        xmlNode *l = odt_el(out, text, "list-style");
        odt_attr(l, style, "name", names[ls]);
        for (int level = 1; level <= 6; level++) {
            bool bullet = ls == IOP_LIST_DISC || ls == IOP_LIST_DASH;
            xmlNode *lv =
                odt_el(l, text, bullet ? "list-level-style-bullet" : "list-level-style-number");
            odt_attr_int(lv, text, "level", level);
            if (bullet) {
                odt_attr(lv, text, "bullet-char", ls == IOP_LIST_DASH ? "\u2013" : "\u2022");
            } else {
                odt_attr(lv, style, "num-format",
                         ls == IOP_LIST_DECIMAL       ? "1"
                         : ls == IOP_LIST_LOWER_ALPHA ? "a"
                                                      : "");
                if (ls != IOP_LIST_NONE)
                    odt_attr(lv, style, "num-suffix", ".");
            }
            xmlNode *pr = odt_el(lv, style, "list-level-properties");
            odt_attr(pr, text, "list-level-position-and-space-mode", "label-alignment");
            xmlNode *al = odt_el(pr, style, "list-level-label-alignment");
            odt_attr(al, text, "label-followed-by", "listtab");
            odt_attr_len(al, text, "list-tab-stop-position", 16.0 * level);
            odt_attr_len(al, fo, "text-indent", -12.0);
            odt_attr_len(al, fo, "margin-left", 16.0 * level);
        }
    }
}

void odt_styles_write(odt_ctx *ctx, xmlNode *out)
{
    xmlNs *style = ctx->ns.style;
    xmlNode *def = odt_el(out, style, "default-style");
    odt_attr(def, style, "family", "paragraph");
    odt_para_props(ctx, def, &ctx->body, NULL, false);
    for (size_t i = 0; i < ctx->n_named; i++) {
        const odt_named *n = &ctx->named[i];
        xmlNode *s = odt_el(out, style, "style");
        odt_attr(s, style, "name", n->name);
        char *display =
            n->cls ? iop_xasprintf("%s.%s", n->element, n->cls) : iop_xstrdup(n->element);
        if (strcmp(display, n->name) != 0)
            odt_attr(s, style, "display-name", display);
        free(display);
        odt_attr(s, style, "family", n->text_family ? "text" : "paragraph");
        if (n->parent)
            odt_attr(s, style, "parent-style-name", n->parent);
        if (n->outline_level)
            odt_attr_int(s, style, "default-outline-level", n->outline_level);
        odt_para_props(ctx, s, &n->st, n->has_base ? &n->base : NULL, n->text_family);
    }
    list_styles_write(ctx, out);
}

void odt_named_free(odt_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_named; i++) {
        free(ctx->named[i].name);
        free(ctx->named[i].element);
        free(ctx->named[i].cls);
        free(ctx->named[i].parent);
    }
    free(ctx->named);
    ctx->named = NULL;
    ctx->n_named = ctx->cap_named = 0;
    for (size_t i = 0; i < ctx->n_autos; i++) {
        free(ctx->auto_keys[i]);
        free(ctx->auto_names[i]);
    }
    free(ctx->auto_keys);
    free(ctx->auto_names);
    ctx->auto_keys = ctx->auto_names = NULL;
    ctx->n_autos = ctx->cap_autos = 0;
}
