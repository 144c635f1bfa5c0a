/* The names the format allows where, read from the compiled-in schema, and a
 * check of every element and attribute against them. libxml2's RELAX NG
 * stops at the first mistake inside an interleave and words it for
 * programmers ("Invalid attribute per for element contribution"); this walk
 * finds every misplaced or misspelt name and every value outside an
 * enumeration, on the element's own line, with what to write instead. */
#include "load_internal.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

extern const unsigned char iop_schema_iopreport_rng[];
extern const unsigned long iop_schema_iopreport_rng_len;

static const char RNG_NS[] = "http://relaxng.org/ns/structure/1.0";

typedef struct attr_rule {
    char *name;
    char **values; /* an enumeration, or NULL */
    size_t n_values;
    char *type; /* the <define> the value refers to ("date", "id"), or NULL */
    bool required;
} attr_rule;

typedef struct elem_rule {
    char *name;
    char **children;
    size_t n_children;
    attr_rule *attrs;
    size_t n_attrs;
    bool text; /* holds text */
} elem_rule;

typedef struct rules {
    elem_rule *elems;
    size_t n_elems;
    bool loaded;
} rules;

static rules the_rules;

static bool is_rng(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, RNG_NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static char *prop(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp((xmlNode *)n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = iop_xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

static bool in_list(char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

static void add_name(char ***list, size_t *n, const char *s)
{
    if (in_list(*list, *n, s))
        return;
    *list = iop_xreallocarray(*list, *n + 1, sizeof **list);
    (*list)[(*n)++] = iop_xstrdup(s);
}

static const xmlNode *find_define(const xmlNode *grammar, const char *name)
{
    for (const xmlNode *c = grammar->children; c; c = c->next) {
        if (!is_rng(c, "define"))
            continue;
        char *n = prop(c, "name");
        bool same = n && strcmp(n, name) == 0;
        free(n);
        if (same)
            return c;
    }
    return NULL;
}

static elem_rule *rule_for(const char *name)
{
    for (size_t i = 0; i < the_rules.n_elems; i++)
        if (strcmp(the_rules.elems[i].name, name) == 0)
            return &the_rules.elems[i];
    the_rules.elems = iop_xreallocarray(the_rules.elems, the_rules.n_elems + 1,
                                        sizeof *the_rules.elems);
    elem_rule *r = &the_rules.elems[the_rules.n_elems++];
    memset(r, 0, sizeof *r);
    r->name = iop_xstrdup(name);
    return r;
}

/* The value an attribute takes: an enumeration of <value>s, or a define. */
static void attr_value(const xmlNode *grammar, const xmlNode *n, attr_rule *a, int depth)
{
    for (const xmlNode *c = n->children; c && depth < 8; c = c->next) {
        if (is_rng(c, "value")) {
            xmlChar *v = xmlNodeGetContent((xmlNode *)c);
            if (v) {
                add_name(&a->values, &a->n_values, (const char *)v);
                xmlFree(v);
            }
        } else if (is_rng(c, "ref") && !a->type) {
            a->type = prop(c, "name");
        } else if (is_rng(c, "choice")) {
            attr_value(grammar, c, a, depth + 1);
        }
    }
}

static void add_attr(elem_rule *r, const xmlNode *grammar, const xmlNode *n, bool optional)
{
    char *name = prop(n, "name");
    if (!name)
        return;
    for (size_t i = 0; i < r->n_attrs; i++)
        if (strcmp(r->attrs[i].name, name) == 0) {
            free(name);
            return;
        }
    r->attrs = iop_xreallocarray(r->attrs, r->n_attrs + 1, sizeof *r->attrs);
    attr_rule *a = &r->attrs[r->n_attrs++];
    memset(a, 0, sizeof *a);
    a->name = name;
    a->required = !optional;
    attr_value(grammar, n, a, 0);
}

static void read_element(const xmlNode *grammar, const xmlNode *el);

/* The content of one element: patterns are followed through refs down to
 * the next <element> (a child name) or <attribute>. */
static void read_content(const xmlNode *grammar, const xmlNode *pattern, elem_rule **r,
                         const char *owner, bool optional, int depth)
{
    if (depth > 32)
        return;
    for (const xmlNode *c = pattern->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_rng(c, "element")) {
            char *name = prop(c, "name");
            if (name) {
                *r = rule_for(owner); /* rule_for may move the array */
                add_name(&(*r)->children, &(*r)->n_children, name);
                free(name);
            }
            read_element(grammar, c);
        } else if (is_rng(c, "attribute")) {
            *r = rule_for(owner);
            add_attr(*r, grammar, c, optional);
        } else if (is_rng(c, "text") || is_rng(c, "data") || is_rng(c, "value")) {
            *r = rule_for(owner);
            (*r)->text = true;
        } else if (is_rng(c, "ref")) {
            char *name = prop(c, "name");
            const xmlNode *def = name ? find_define(grammar, name) : NULL;
            free(name);
            if (def)
                read_content(grammar, def, r, owner, optional, depth + 1);
        } else if (!is_rng(c, "empty")) {
            /* choice, optional, interleave...: below the first three, nothing is required */
            bool opt = optional || is_rng(c, "optional") || is_rng(c, "zeroOrMore") ||
                       is_rng(c, "choice");
            read_content(grammar, c, r, owner, opt, depth + 1);
        }
    }
}

static void read_element(const xmlNode *grammar, const xmlNode *el)
{
    char *name = prop(el, "name");
    if (!name)
        return;
    /* an element seen before (inline elements recur) is read once */
    bool seen = false;
    for (size_t i = 0; i < the_rules.n_elems; i++)
        seen |= strcmp(the_rules.elems[i].name, name) == 0;
    elem_rule *r = rule_for(name);
    if (!seen)
        read_content(grammar, el, &r, name, false, 0);
    free(name);
}

static bool load_rules(void)
{
    if (the_rules.loaded)
        return the_rules.n_elems > 0;
    the_rules.loaded = true;
    xmlDoc *doc = xmlReadMemory((const char *)iop_schema_iopreport_rng,
                                (int)iop_schema_iopreport_rng_len, "iopreport.rng", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return false;
    const xmlNode *grammar = xmlDocGetRootElement(doc);
    if (grammar && is_rng(grammar, "grammar")) {
        const xmlNode *root_rule = NULL;
        for (const xmlNode *c = grammar->children; c; c = c->next)
            if (is_rng(c, "start"))
                root_rule = c;
        if (root_rule) {
            elem_rule *r = rule_for("");
            read_content(grammar, root_rule, &r, "", false, 0);
        }
    }
    xmlFreeDoc(doc);
    return the_rules.n_elems > 0;
}

void structure_prepare(void)
{
    (void)load_rules();
}

void structure_cleanup(void)
{
    for (size_t i = 0; i < the_rules.n_elems; i++) {
        elem_rule *r = &the_rules.elems[i];
        for (size_t j = 0; j < r->n_children; j++)
            free(r->children[j]);
        free(r->children);
        for (size_t j = 0; j < r->n_attrs; j++) {
            for (size_t k = 0; k < r->attrs[j].n_values; k++)
                free(r->attrs[j].values[k]);
            free(r->attrs[j].values);
            free(r->attrs[j].name);
            free(r->attrs[j].type);
        }
        free(r->attrs);
        free(r->name);
    }
    free(the_rules.elems);
    memset(&the_rules, 0, sizeof the_rules);
}

static const elem_rule *find_rule(const char *name)
{
    for (size_t i = 0; i < the_rules.n_elems; i++)
        if (strcmp(the_rules.elems[i].name, name) == 0)
            return &the_rules.elems[i];
    return NULL;
}

/* ---- suggestions ------------------------------------------------------------ */

static void list_names(iop_strbuf *b, char *const *names, size_t n, const char *open,
                       const char *close, const char *last_sep)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            iop_strbuf_puts(b, i + 1 == n ? last_sep : ", ");
        iop_strbuf_printf(b, "%s%s%s", open, names[i], close);
    }
}

/* ---- the check ------------------------------------------------------------ */

static const attr_rule *find_attr(const elem_rule *r, const char *name)
{
    for (size_t i = 0; i < r->n_attrs; i++)
        if (strcmp(r->attrs[i].name, name) == 0)
            return &r->attrs[i];
    return NULL;
}

static char *attr_name(const xmlAttr *at)
{
    if (at->ns && at->ns->prefix)
        return iop_xasprintf("%s:%s", (const char *)at->ns->prefix, (const char *)at->name);
    return iop_xstrdup((const char *)at->name);
}

static bool has_space(const char *s)
{
    for (; *s; s++)
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            return true;
    return false;
}

static bool only_space(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static void check_value(file_ctx *fc, const xmlNode *n, const attr_rule *a)
{
    char *v = attr_trimmed(fc, n, a->name);
    if (!v)
        return;
    const char *el = (const char *)n->name;
    if (a->n_values && !in_list(a->values, a->n_values, v)) {
        iop_strbuf b = IOP_STRBUF_INIT;
        iop_strbuf_printf(&b, "%s=\"%s\" on <%s> is not allowed here: write ", a->name, v, el);
        for (size_t i = 0; i < a->n_values; i++) {
            if (i)
                iop_strbuf_puts(&b, i + 1 == a->n_values ? " or " : ", ");
            iop_strbuf_printf(&b, "%s=\"%s\"", a->name, a->values[i]);
        }
        const char *close = iop_closest_name(v, (const char *const *)a->values, a->n_values);
        if (close)
            iop_strbuf_printf(&b, " (did you mean \"%s\"?)", close);
        fctx_error_code(fc, n, "IOP-SCHEMA", "%s", b.data);
        iop_strbuf_free(&b);
    } else if (a->type && strcmp(a->type, "id") == 0 && (!v[0] || has_space(v))) {
        /* an empty committee="" has its own message in the reader */
        if (v[0]) {
            char *dashed = iop_xstrdup(v);
            for (char *p = dashed; *p; p++)
                if (*p == ' ')
                    *p = '-';
            fctx_error_code(fc, n, "IOP-SCHEMA",
                            "%s=\"%s\" on <%s> is not an id: an id is one word without "
                            "spaces, e.g. %s=\"%s\"",
                            a->name, v, el, a->name, dashed);
            free(dashed);
        } else if (strcmp(a->name, "committee") != 0) {
            fctx_error_code(fc, n, "IOP-SCHEMA",
                            "%s=\"\" on <%s> is empty: give an id (one word without spaces)",
                            a->name, el);
        }
    }
    free(v);
}

static void check_attributes(file_ctx *fc, const xmlNode *n, const elem_rule *r, bool required)
{
    const char *el = (const char *)n->name;
    /* a misspelt required attribute is reported once, as misspelt */
    char **suggested = NULL;
    size_t n_suggested = 0;
    for (const xmlAttr *at = n->properties; at; at = at->next) {
        char *name = attr_name(at);
        const attr_rule *a = find_attr(r, name);
        if (a) {
            check_value(fc, n, a);
            free(name);
            continue;
        }
        iop_strbuf b = IOP_STRBUF_INIT;
        char **names = iop_xcalloc(r->n_attrs + 1, sizeof *names);
        for (size_t i = 0; i < r->n_attrs; i++)
            names[i] = r->attrs[i].name;
        const char *close = iop_closest_name(name, (const char *const *)names, r->n_attrs);
        iop_strbuf_printf(&b, "<%s> has no attribute '%s'", el, name);
        if (close) {
            iop_strbuf_printf(&b, ": did you mean %s=\"…\"?", close);
            add_name(&suggested, &n_suggested, close);
        } else if (r->n_attrs) {
            iop_strbuf_puts(&b, "; its attributes are ");
            list_names(&b, names, r->n_attrs, "", "", " and ");
        } else {
            iop_strbuf_puts(&b, "; it takes none");
        }
        fctx_error_code(fc, n, "IOP-SCHEMA", "%s", b.data);
        iop_strbuf_free(&b);
        free(names);
        free(name);
    }
    for (size_t i = 0; required && i < r->n_attrs; i++) {
        const attr_rule *a = &r->attrs[i];
        if (!a->required || strchr(a->name, ':') || in_list(suggested, n_suggested, a->name) ||
            xmlHasProp((xmlNode *)n, (const xmlChar *)a->name))
            continue;
        if (a->n_values)
            fctx_error_code(fc, n, "IOP-SCHEMA", "<%s> needs the attribute %s (%s=\"%s\"…)", el,
                            a->name, a->name, a->values[0]);
        else
            fctx_error_code(fc, n, "IOP-SCHEMA", "<%s> needs the attribute %s=\"…\"", el, a->name);
    }
    for (size_t i = 0; i < n_suggested; i++)
        free(suggested[i]);
    free(suggested);
}

/* The elements whose rule names `name` as a child, for "it belongs in". */
static void parents_of(const char *name, iop_strbuf *b)
{
    size_t found = 0;
    for (size_t i = 0; i < the_rules.n_elems; i++) {
        const elem_rule *r = &the_rules.elems[i];
        if (!r->name[0] || !in_list(r->children, r->n_children, name))
            continue;
        if (found < 3)
            iop_strbuf_printf(b, "%s<%s>", found ? " or " : "", r->name);
        found++;
    }
    if (found > 3)
        iop_strbuf_puts(b, " (and other elements of text)");
}

/* <contact><name>Anna</name></contact>: the details belong in attributes. */
static bool attributes_as_children(file_ctx *fc, const xmlNode *n, const elem_rule *r)
{
    if (r->n_children || r->text || !r->n_attrs || !first_elem(n))
        return false;
    iop_strbuf b = IOP_STRBUF_INIT;
    iop_strbuf_printf(&b, "<%s> takes its details as attributes, not as elements: write <%s",
                   (const char *)n->name, (const char *)n->name);
    size_t shown = 0;
    for (const xmlNode *c = first_elem(n); c; c = next_elem(c)) {
        if (!find_attr(r, (const char *)c->name))
            continue;
        xmlChar *v = xmlNodeGetContent((xmlNode *)c);
        iop_strbuf_printf(&b, " %s=\"%s\"", (const char *)c->name, v ? (const char *)v : "");
        xmlFree(v);
        shown++;
    }
    if (!shown)
        iop_strbuf_printf(&b, " %s=\"…\"", r->attrs[0].name);
    iop_strbuf_puts(&b, "/>");
    fctx_error_code(fc, n, "IOP-SCHEMA", "%s", b.data);
    iop_strbuf_free(&b);
    return true;
}

static void check_element(file_ctx *fc, const xmlNode *n, const elem_rule *r, int depth)
{
    bool as_children = attributes_as_children(fc, n, r);
    check_attributes(fc, n, r, !as_children);
    if (depth > 64 || as_children)
        return;
    const char *el = (const char *)n->name;
    bool text_said = false;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && !r->text &&
            !text_said && c->content && !only_space((const char *)c->content)) {
            if (r->n_children)
                fctx_error_code(fc, c, "IOP-SCHEMA",
                                "text directly inside <%s> is not allowed: put it in one of "
                                "its elements",
                                el);
            else
                fctx_error_code(fc, n, "IOP-SCHEMA", "<%s> holds no text%s", el,
                                r->n_attrs ? ": what it says goes in its attributes" : "");
            text_said = true;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        if (!is_elem(c, NULL)) {
            const char *ns = c->ns && c->ns->href ? (const char *)c->ns->href : NULL;
            if (ns)
                fctx_error_code(fc, c, "IOP-SCHEMA",
                                "<%s> has unexpected content: %s, an element of another "
                                "namespace (%s): remove it",
                                el, name, ns);
            else
                fctx_error_code(fc, c, "IOP-SCHEMA",
                                "<%s> is not in the namespace urn:iopreport:1: write it "
                                "inside an element that has xmlns=\"urn:iopreport:1\", or give "
                                "it that xmlns",
                                name);
            continue;
        }
        if (in_list(r->children, r->n_children, name)) {
            const elem_rule *cr = find_rule(name);
            if (cr)
                check_element(fc, c, cr, depth + 1);
            continue;
        }
        iop_strbuf b = IOP_STRBUF_INIT;
        if (r->n_children == 0 && r->text && find_rule(name)) {
            iop_strbuf_printf(&b, "<%s> holds plain text only: <%s> is not allowed inside it",
                              el, name);
        } else if (find_rule(name) && r->name[0]) {
            iop_strbuf_printf(&b, "<%s> is not allowed inside <%s>: it belongs in ", name, el);
            parents_of(name, &b);
        } else if (r->n_children == 0) {
            iop_strbuf_printf(&b, "<%s> holds text only: <%s> is not allowed inside it", el, name);
        } else {
            iop_strbuf_printf(&b, "<%s> is not an element of the agreement format", name);
            const char *close = iop_closest_name(name, (const char *const *)r->children, r->n_children);
            if (close)
                iop_strbuf_printf(&b, ": did you mean <%s>?", close);
            else if (r->n_children <= 8) {
                iop_strbuf_printf(&b, "; <%s> may hold ", el);
                list_names(&b, r->children, r->n_children, "<", ">", " or ");
            }
        }
        fctx_error_code(fc, c, "IOP-SCHEMA", "%s", b.data);
        iop_strbuf_free(&b);
    }
}

void check_names(file_ctx *fc, const xmlNode *root)
{
    if (!load_rules())
        return;
    const elem_rule *top = find_rule("");
    const elem_rule *r = find_rule((const char *)root->name);
    if (top && r && in_list(top->children, top->n_children, (const char *)root->name))
        check_element(fc, root, r, 0);
}
