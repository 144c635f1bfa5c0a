/* Small readers over libxml2's tree: elements of our namespace, trimmed
 * attributes, whitespace-collapsed text, rich text, and the format's value
 * types with messages that say what was expected. */
#include "load_internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char IOP_NS[] = "urn:iopreport:1";

bool is_elem(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, IOP_NS) == 0 &&
           (!name || strcmp((const char *)n->name, name) == 0);
}

static xmlNode *skip_to_elem(xmlNode *n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}

xmlNode *first_elem(const xmlNode *parent)
{
    return parent ? skip_to_elem(parent->children) : NULL;
}

xmlNode *next_elem(const xmlNode *n)
{
    return n ? skip_to_elem(n->next) : NULL;
}

long node_line(const xmlNode *n)
{
    /* parse_safely() keeps lines past 65535 of elements in _private */
    if (n->type == XML_ELEMENT_NODE && n->line == 65535 && n->_private)
        return (long)(intptr_t)n->_private;
    return xmlGetLineNo((xmlNode *)n);
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* DEL and the C1 controls (U+007F-U+009F) are allowed by XML 1.0 but are
 * no text: export tools leave them behind, and fonts draw them as boxes.
 * Returns how many bytes of the control start at p, or 0. NEL (U+0085) is
 * a line end and counts as whitespace (*space set). */
static size_t control_len(const unsigned char *p, bool *space)
{
    *space = false;
    if (p[0] == 0x7F)
        return 1;
    if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
        *space = p[1] == 0x85;
        return 2;
    }
    return 0;
}

/* Collapse runs of XML whitespace into one space and trim both ends. */
static char *collapse(const char *s)
{
    size_t n = strlen(s);
    char *out = iop_xmalloc(n + 1), *o = out;
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool nel;
        size_t ctl = control_len(p, &nel);
        if (ctl) {
            p += ctl - 1;
            if (nel)
                space = o != out;
            continue;
        }
        if (is_space(*p)) {
            space = o != out;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = false;
        *o++ = (char)*p;
    }
    *o = '\0';
    return out;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

char *attr_trimmed(file_ctx *fc, const xmlNode *n, const char *name)
{
    xmlChar *v = NULL;
    if (strchr(name, ':'))
        v = xmlGetNsProp((xmlNode *)n, (const xmlChar *)(strchr(name, ':') + 1),
                         (const xmlChar *)"http://www.w3.org/XML/1998/namespace");
    else
        v = xmlGetNoNsProp((xmlNode *)n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *out = collapse((const char *)v);
    xmlFree(v);
    if (utf8_chars(out) > IOP_MAX_TEXT_CHARS) {
        fctx_error_code(fc, n, "IOP-LIMIT", "attribute '%s' of <%s> is longer than %d characters",
                        name, (const char *)n->name, IOP_MAX_TEXT_CHARS);
        out[0] = '\0';
    }
    return out;
}

char *plain_text(file_ctx *fc, const xmlNode *n, size_t max_chars)
{
    xmlChar *v = xmlNodeGetContent((xmlNode *)n);
    if (!v)
        return iop_xstrdup("");
    char *out = collapse((const char *)v);
    xmlFree(v);
    size_t chars = utf8_chars(out);
    if (chars > max_chars) {
        fctx_error_code(fc, n, "IOP-LIMIT", "<%s> is %zu characters long; the limit is %zu",
                        (const char *)n->name, chars, max_chars);
        /* keep a short prefix so later messages can still name the thing */
        size_t cut = 0, seen = 0;
        while (out[cut] && seen < 80) {
            cut++;
            while (((unsigned char)out[cut] & 0xC0) == 0x80)
                cut++;
            seen++;
        }
        out[cut] = '\0';
    }
    return out;
}

/* ---- rich text ------------------------------------------------------------ */

typedef struct rich_builder {
    file_ctx *fc;
    bool last_space; /* the last character emitted was a collapsed space */
    bool at_start;   /* nothing emitted yet in the current block */
    size_t chars;
    iop_rich *last_text; /* for trimming a block's trailing space */
    iop_rich **last_link; /* the link that points to last_text */
} rich_builder;

static iop_rich **append_child(iop_rich *parent, iop_rich **head, iop_rich *node)
{
    iop_rich **tail = parent ? &parent->children : head;
    while (*tail)
        tail = &(*tail)->next;
    *tail = node;
    return tail;
}

static iop_rich *text_node(rich_builder *b, const char *s)
{
    size_t n = strlen(s);
    char *out = iop_xmalloc(n + 2), *o = out;
    /* The space goes where the whitespace was, as in HTML: "bra <q>x</q>"
     * keeps it before the quotation, not inside it. */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool nel;
        size_t ctl = control_len(p, &nel);
        if (ctl)
            p += ctl - 1;
        if (ctl && !nel)
            continue;
        if (nel || is_space(*p)) {
            if (!b->at_start && !b->last_space) {
                *o++ = ' ';
                b->last_space = true;
                b->chars++;
            }
            continue;
        }
        b->last_space = false;
        b->at_start = false;
        *o++ = (char)*p;
        if ((*p & 0xC0) != 0x80)
            b->chars++;
    }
    *o = '\0';
    if (o == out) {
        free(out);
        return NULL;
    }
    iop_rich *r = iop_rich_new(IOP_RICH_TEXT, NULL);
    r->text = out;
    b->last_text = r;
    return r;
}

static iop_rich_kind inline_kind(const xmlNode *n, bool *ok)
{
    *ok = true;
    if (is_elem(n, "em"))
        return IOP_RICH_EM;
    if (is_elem(n, "strong"))
        return IOP_RICH_STRONG;
    if (is_elem(n, "q"))
        return IOP_RICH_Q;
    *ok = false;
    return IOP_RICH_TEXT;
}

static bool is_inline_elem(const xmlNode *n)
{
    return is_elem(n, "em") || is_elem(n, "strong") || is_elem(n, "q");
}

static bool is_block_elem(const xmlNode *n)
{
    return is_elem(n, "p") || is_elem(n, "ul") || is_elem(n, "ol");
}

static void begin_block(rich_builder *b)
{
    b->last_space = false;
    b->at_start = true;
    b->last_text = NULL;
    b->last_link = NULL;
}

static void end_block(rich_builder *b)
{
    b->last_space = false;
    b->last_text = NULL;
    b->last_link = NULL;
}

static void build_inline(rich_builder *b, const xmlNode *first, iop_rich *parent, iop_rich **head);
static void build_one_block(rich_builder *b, const xmlNode *c, iop_rich *parent, iop_rich **head);

static void build_inline_node(rich_builder *b, const xmlNode *c, iop_rich *parent, iop_rich **head)
{
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        iop_rich *t = text_node(b, (const char *)c->content);
        if (t)
            b->last_link = append_child(parent, head, t);
    } else if (c->type == XML_ELEMENT_NODE) {
        bool ok;
        iop_rich_kind k = inline_kind(c, &ok);
        if (!ok)
            return; /* the schema reports elements out of place */
        iop_rich *r = iop_rich_new(k, NULL);
        build_inline(b, c->children, r, NULL);
        append_child(parent, head, r);
    }
}

static void build_inline(rich_builder *b, const xmlNode *first, iop_rich *parent, iop_rich **head)
{
    for (const xmlNode *c = first; c; c = c->next)
        build_inline_node(b, c, parent, head);
}

static void trim_trailing(rich_builder *b)
{
    iop_rich *t = b->last_text;
    if (!t || !t->text)
        return;
    size_t n = strlen(t->text);
    while (n && t->text[n - 1] == ' ') {
        t->text[--n] = '\0';
        b->chars--;
    }
    /* whitespace that only ended a block leaves no empty run behind */
    if (n == 0 && b->last_link && *b->last_link == t) {
        *b->last_link = t->next;
        t->next = NULL;
        iop_rich_free(t);
    }
    b->last_text = NULL;
    b->last_link = NULL;
}

/* A list item holds inline text, and may hold nested lists and paragraphs. */
static void build_item(rich_builder *b, const xmlNode *li, iop_rich *item)
{
    begin_block(b);
    for (const xmlNode *c = li->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && is_block_elem(c)) {
            trim_trailing(b);
            build_one_block(b, c, item, NULL);
            begin_block(b);
        } else {
            build_inline_node(b, c, item, NULL);
        }
    }
    trim_trailing(b);
    end_block(b);
}

static void build_one_block(rich_builder *b, const xmlNode *c, iop_rich *parent, iop_rich **head)
{
    if (is_elem(c, "p")) {
        iop_rich *p = iop_rich_new(IOP_RICH_P, NULL);
        begin_block(b);
        build_inline(b, c->children, p, NULL);
        trim_trailing(b);
        end_block(b);
        append_child(parent, head, p);
    } else if (is_elem(c, "ul") || is_elem(c, "ol")) {
        iop_rich *l = iop_rich_new(is_elem(c, "ul") ? IOP_RICH_UL : IOP_RICH_OL, NULL);
        for (const xmlNode *li = first_elem(c); li; li = next_elem(li)) {
            if (!is_elem(li, "li"))
                continue;
            iop_rich *item = iop_rich_new(IOP_RICH_LI, NULL);
            build_item(b, li, item);
            append_child(l, NULL, item);
        }
        append_child(parent, head, l);
    }
}

iop_rich *rich_text(file_ctx *fc, const xmlNode *n)
{
    rich_builder b = {fc, false, true, 0, NULL, NULL};
    iop_rich *head = NULL;
    bool blocks = false;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && is_block_elem(c))
            blocks = true;
    if (blocks) {
        /* Stray text between blocks becomes a paragraph of its own. */
        iop_rich *loose = NULL;
        for (const xmlNode *c = n->children; c; c = c->next) {
            if (c->type == XML_ELEMENT_NODE && is_block_elem(c)) {
                if (loose) {
                    /* whitespace between blocks is no paragraph */
                    trim_trailing(&b);
                    if (loose->children)
                        append_child(NULL, &head, loose);
                    else
                        iop_rich_free(loose);
                    loose = NULL;
                }
                build_one_block(&b, c, NULL, &head);
            } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
                       (c->type == XML_ELEMENT_NODE && is_inline_elem(c))) {
                if (!loose) {
                    loose = iop_rich_new(IOP_RICH_P, NULL);
                    begin_block(&b);
                }
                build_inline_node(&b, c, loose, NULL);
            }
        }
        if (loose) {
            trim_trailing(&b);
            if (loose->children)
                append_child(NULL, &head, loose);
            else
                iop_rich_free(loose);
        }
    } else {
        begin_block(&b);
        build_inline(&b, n->children, NULL, &head);
        trim_trailing(&b);
    }
    if (b.chars > IOP_MAX_TEXT_CHARS)
        fctx_error_code(fc, n, "IOP-LIMIT", "<%s> is %zu characters long; the limit is %d",
                        (const char *)n->name, b.chars, IOP_MAX_TEXT_CHARS);
    return head;
}

/* ---- values ----------------------------------------------------------------- */

/* Case systems write 9999-12-31 for "no end"; the format says that by
 * leaving the end out, and a chart over eight thousand years is no report. */
static bool year_in_range(file_ctx *fc, const xmlNode *n, const char *attr, const char *s, int year)
{
    if (year >= IOP_MIN_YEAR && year <= IOP_MAX_YEAR)
        return true;
    bool open_end = year > IOP_MAX_YEAR && (strcmp(attr, "end") == 0 || strcmp(attr, "to") == 0);
    fctx_error_code(fc, n, "IOP-DATE",
                    "%s=\"%s\" on <%s> is outside the years %d to %d that the format allows%s",
                    attr, s, (const char *)n->name, IOP_MIN_YEAR, IOP_MAX_YEAR,
                    !open_end ? ""
                    : strcmp(attr, "end") == 0
                        ? "; for an open-ended agreement, leave out 'end'"
                        : "; for money until the agreement ends, leave out 'to'");
    return false;
}

bool read_date(file_ctx *fc, const xmlNode *n, const char *attr, iop_date *out)
{
    char *s = attr_trimmed(fc, n, attr);
    memset(out, 0, sizeof *out);
    if (!s)
        return true;
    bool ok = iop_date_parse(s, out);
    if (!ok)
        fctx_error_code(fc, n, "IOP-DATE",
                        "%s=\"%s\" on <%s> is not a date: write YYYY-MM-DD, YYYY-MM or YYYY "
                        "(a real day of the calendar)",
                        attr, s, (const char *)n->name);
    else if (!year_in_range(fc, n, attr, s, out->year))
        ok = false;
    if (!ok)
        memset(out, 0, sizeof *out);
    free(s);
    return ok;
}

bool read_amount(file_ctx *fc, const xmlNode *n, const char *attr, int64_t *ore)
{
    char *s = attr_trimmed(fc, n, attr);
    *ore = 0;
    if (!s)
        return false;
    const char *p = s;
    int64_t kr = 0;
    bool ok = isdigit((unsigned char)*p), too_large = false;
    while (ok && isdigit((unsigned char)*p)) {
        kr = kr * 10 + (*p++ - '0');
        if (kr > IOP_MAX_AMOUNT_KR) {
            too_large = true;
            kr = 0; /* keep reading the syntax; the value is refused anyway */
        }
    }
    int64_t frac = 0;
    if (ok && *p == '.') {
        p++;
        int digits = 0;
        while (isdigit((unsigned char)*p) && digits < 3) {
            frac = frac * 10 + (*p++ - '0');
            digits++;
        }
        if (digits == 0 || digits > 2)
            ok = false;
        if (digits == 1)
            frac *= 10;
    }
    if (ok && *p)
        ok = false;
    if (ok && too_large) {
        ok = false;
        fctx_error_code(fc, n, "IOP-AMOUNT",
                        "%s=\"%s\" on <%s> is over the limit of 999 999 999 999 kr for one "
                        "amount",
                        attr, s, (const char *)n->name);
    } else if (ok) {
        *ore = kr * 100 + frac;
    } else {
        fctx_error_code(fc, n, "IOP-AMOUNT",
                        "%s=\"%s\" on <%s> is not an amount: write whole kronor with digits "
                        "only, optionally with up to two decimals (2490604 or 563750.50)",
                        attr, s, (const char *)n->name);
    }
    free(s);
    return ok;
}

/* The digits at the start of s, and whether what follows them is a unit
 * ("120 st", "70 %", "70%") rather than more of a number. */
static size_t number_then_unit(const char *s, const char **unit)
{
    const char *p = s;
    if (*p == '-')
        p++;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.' && isdigit((unsigned char)p[1]))
        for (p++; isdigit((unsigned char)*p);)
            p++;
    size_t len = (size_t)(p - s);
    while (*p == ' ')
        p++;
    *unit = p;
    bool digits = len > 0 && isdigit((unsigned char)s[len - 1]);
    return digits && *p && !isdigit((unsigned char)*p) && *p != ',' && *p != '.' ? len : 0;
}

bool read_count(file_ctx *fc, const xmlNode *n, const char *what, const char *s, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = s && isdigit((unsigned char)*s) ? strtol(s, &end, 10) : -1;
    if (!s || v < 0 || (errno && errno != ERANGE) || !end || *end) {
        const char *unit = NULL;
        size_t digits = s ? number_then_unit(s, &unit) : 0;
        bool attr = strchr(what, ' ') == NULL; /* "planned", not "the count" */
        if (digits && s[0] != '-' && !memchr(s, '.', digits))
            fctx_error_code(
                fc, n, "IOP-NUMBER",
                "%s%s%s%s on <%s> must be a whole number without \"%s\": write %s%s%.*s%s", what,
                attr ? "=\"" : " \"", s, "\"", (const char *)n->name, unit, attr ? what : "",
                attr ? "=\"" : "", (int)digits, s, attr ? "\"" : "");
        else
            fctx_error_code(fc, n, "IOP-NUMBER",
                            "%s%s%s\" on <%s> is not a whole number: write digits only "
                            "(e.g. 120)",
                            what, attr ? "=\"" : " \"", s ? s : "", (const char *)n->name);
        return false;
    }
    if (errno == ERANGE || v > IOP_MAX_COUNT) {
        fctx_error_code(fc, n, "IOP-NUMBER", "%s \"%s\" on <%s> is over the limit of 999 999 999",
                        what, s, (const char *)n->name);
        return false;
    }
    *out = v;
    return true;
}

bool read_year(file_ctx *fc, const xmlNode *n, const char *attr, int *out)
{
    char *s = attr_trimmed(fc, n, attr);
    *out = 0;
    if (!s)
        return false;
    bool ok = strlen(s) == 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
              isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[0] != '0';
    if (ok)
        *out = atoi(s);
    else
        fctx_error_code(fc, n, "IOP-DATE",
                        "%s=\"%s\" on <%s> is not a year (four digits, e.g. 2018)", attr, s,
                        (const char *)n->name);
    if (ok && !year_in_range(fc, n, attr, s, *out)) {
        ok = false;
        *out = 0;
    }
    free(s);
    return ok;
}

bool read_decimal(file_ctx *fc, const xmlNode *n, const char *attr, iop_decimal *out)
{
    memset(out, 0, sizeof *out);
    char *s = attr_trimmed(fc, n, attr);
    if (!s)
        return true;
    const char *p = s;
    if (*p == '-')
        p++;
    bool ok = isdigit((unsigned char)*p);
    while (isdigit((unsigned char)*p))
        p++;
    if (ok && *p == '.') {
        p++;
        ok = isdigit((unsigned char)*p);
        while (isdigit((unsigned char)*p))
            p++;
    }
    ok = ok && !*p;
    const char *unit = NULL;
    size_t digits = !ok ? number_then_unit(s, &unit) : 0;
    if (digits) {
        fctx_error_code(fc, n, "IOP-NUMBER",
                        "%s=\"%s\" on <%s> is a number with its unit: the unit goes in "
                        "unit, so write %s=\"%.*s\" unit=\"%s\"",
                        attr, s, (const char *)n->name, attr, (int)digits, s, unit);
        free(s);
        return false;
    }
    if (!ok) {
        fctx_error_code(fc, n, "IOP-NUMBER",
                        "%s=\"%s\" on <%s> is not a number: write e.g. 63.5 (a point, not "
                        "a comma)",
                        attr, s, (const char *)n->name);
        free(s);
        return false;
    }
    out->present = true;
    out->value = strtod(s, NULL);
    out->text = s;
    return true;
}
