/* The finishing step of a PDF: cairo 1.16 writes tagged content and a
 * structure tree, but no artifacts, /Alt, attributes, /Lang, XMP, output
 * intent or /ID.  This adds them, so that what cairo wrote becomes
 * PDF/UA-1 and PDF/A-2a.  Nothing is typeset again.
 *
 * It rewrites cairo's file object by object rather than through a general
 * PDF library: cairo's output is regular (one cross-reference section,
 * every object "N 0 obj ... endobj", structure elements written depth
 * first in the order their tags were begun), objects that need nothing are
 * copied byte for byte, and only the few that change are parsed.  That
 * keeps the step a small part of a report (bench/README.md).  Anything
 * that is not as cairo writes it is an error, never a guess. */
#include "pdf_finish.h"

#include "iopreport/util.h"

#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* the sRGB output profile, compressed when iopreport was built
 * (src/tools/deflate_embed.c) */
extern const unsigned char iop_srgb_icc_deflated[];
extern const unsigned long iop_srgb_icc_deflated_len;

typedef struct span {
    size_t at, len;
} span;

/* The entries of an object's dictionary that the finishing step asks
 * about, found in the one pass that finds where the dictionary ends. */
enum { K_TYPE, K_SUBTYPE, K_S, K_K, K_LENGTH, K_FILTER, K_PATTERNTYPE, K_CONTENTS, K_ANNOTS,
       K_CIDTOGIDMAP, K_INTERPOLATE, N_KEYS };
static const char *const KEY_NAMES[N_KEYS] = {
    "/Type",        "/Subtype",  "/S",      "/K",           "/Length",      "/Filter",
    "/PatternType", "/Contents", "/Annots", "/CIDToGIDMap", "/Interpolate"};

typedef struct obj {
    size_t start, end;   /* "N 0 obj" .. after "endobj" */
    span value;          /* the dictionary (or other value) */
    span key[N_KEYS];    /* those entries' values as dict_get finds them; len 0: none */
    span data;           /* stream data, len 0 when not a stream */
    bool stream;
    char *replacement;   /* the new object text, NULL: copied as it is */
    size_t replacement_len;
} obj;

typedef struct pdf {
    const char *s;
    size_t n;
    obj *objs;           /* by object number */
    size_t n_objs;
    int root, info;
    char *err;
    const pdf_ahead *ahead; /* page contents finished while cairo painted, or NULL */
    pdf_deflates *deflates; /* borrowed from the caller, or NULL */
} pdf;

static bool fail(pdf *p, const char *fmt, ...) IOP_PRINTF(2, 3);
static bool fail(pdf *p, const char *fmt, ...)
{
    if (!p->err) {
        va_list ap;
        va_start(ap, fmt);
        p->err = iop_xvasprintf(fmt, ap);
        va_end(ap);
    }
    return false;
}

/* ---- lexical helpers (the content scanner's rules, for object syntax) ---- */

/* Past white space and comments (cairo writes "/Type /Page % 1"). */
static size_t skip_ws(const char *s, size_t n, size_t p)
{
    for (;;) {
        while (p < n && pdf_is_space(s[p]))
            p++;
        if (p >= n || s[p] != '%')
            return p;
        while (p < n && s[p] != '\n' && s[p] != '\r')
            p++;
    }
}

/* The end of the value that starts at p: a dictionary or array with all
 * it holds, a string, a name, a number, or "N G R". */
static size_t value_end(const char *s, size_t n, size_t p);

static bool is_uint(const char *s, size_t a, size_t b)
{
    if (a >= b)
        return false;
    for (size_t i = a; i < b; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* The end of the dictionary or array that starts at p, with all it holds:
 * within it only the nesting matters, so its tokens are counted, not
 * read as values (an array of glyph widths is most of a font). */
static size_t container_end(const char *s, size_t n, size_t p)
{
    int depth = 0;
    for (;;) {
        p = skip_ws(s, n, p);
        if (p >= n)
            return n;
        size_t e = pdf_token_end(s, n, p);
        if (e - p == 2 && s[p] == '<' && s[p + 1] == '<')
            depth++;
        else if (s[p] == '[')
            depth++;
        else if ((e - p == 2 && s[p] == '>' && s[p + 1] == '>') || s[p] == ']')
            depth--;
        if (depth == 0 || e <= p)
            return e > p ? e : n;
        p = e;
    }
}

static size_t value_end(const char *s, size_t n, size_t p)
{
    p = skip_ws(s, n, p);
    if (p >= n)
        return n;
    if ((s[p] == '<' && p + 1 < n && s[p + 1] == '<') || s[p] == '[')
        return container_end(s, n, p);
    size_t e = pdf_token_end(s, n, p);
    /* an indirect reference "N G R" is one value */
    if (is_uint(s, p, e)) {
        size_t a = skip_ws(s, n, e), b = pdf_token_end(s, n, a);
        size_t c = skip_ws(s, n, b), d = pdf_token_end(s, n, c);
        if (is_uint(s, a, b) && d == c + 1 && s[c] == 'R')
            return d;
    }
    return e;
}

static bool word_at(const char *s, size_t n, size_t p, const char *w)
{
    size_t k = strlen(w);
    return p + k <= n && memcmp(s + p, w, k) == 0 && (p + k == n || pdf_is_space(s[p + k]) ||
                                                       pdf_is_delim(s[p + k]));
}

/* The value of `key` (e.g. "/Type") in the dictionary `d`, or len 0. */
static span dict_get(const char *s, span d, const char *key)
{
    size_t n = d.at + d.len, p = skip_ws(s, n, d.at);
    if (!(p + 1 < n && s[p] == '<' && s[p + 1] == '<'))
        return (span){0, 0};
    p += 2;
    for (;;) {
        p = skip_ws(s, n, p);
        if (p >= n || s[p] != '/')
            return (span){0, 0};
        size_t ke = pdf_token_end(s, n, p);
        size_t vs = skip_ws(s, n, ke), ve = value_end(s, n, vs);
        if (ke - p == strlen(key) && memcmp(s + p, key, ke - p) == 0)
            return (span){vs, ve - vs};
        if (ve <= vs)
            return (span){0, 0};
        p = ve;
    }
}

/* The end of the value at p, as value_end; when it is a dictionary, the
 * values of the KEY_NAMES entries in it are noted in `key` on the way,
 * the first of each, as dict_get would find them. */
static size_t scan_value(const char *s, size_t n, size_t p, span *key)
{
    size_t start = skip_ws(s, n, p);
    if (!(start + 1 < n && s[start] == '<' && s[start + 1] == '<'))
        return value_end(s, n, start);
    p = start + 2;
    for (;;) {
        p = skip_ws(s, n, p);
        if (p + 1 < n && s[p] == '>' && s[p + 1] == '>')
            return p + 2;
        if (p >= n || s[p] != '/')
            return value_end(s, n, start); /* not as cairo writes: no entries after this */
        size_t ke = pdf_token_end(s, n, p);
        size_t vs = skip_ws(s, n, ke), ve = value_end(s, n, vs);
        for (int k = 0; k < N_KEYS; k++)
            if (!key[k].len && strlen(KEY_NAMES[k]) == ke - p &&
                memcmp(s + p, KEY_NAMES[k], ke - p) == 0) {
                key[k] = (span){vs, ve - vs};
                break;
            }
        if (ve <= vs)
            return value_end(s, n, start);
        p = ve;
    }
}

static bool span_is(const char *s, span v, const char *text)
{
    return v.len == strlen(text) && memcmp(s + v.at, text, v.len) == 0;
}

/* "N 0 R" → N, or -1 */
static long ref_of(const char *s, span v)
{
    if (v.len < 5 || s[v.at + v.len - 1] != 'R')
        return -1;
    char *end;
    long k = strtol(s + v.at, &end, 10);
    return end > s + v.at && k > 0 ? k : -1;
}

/* The dictionary `d` without the entries of `keys`, and without its
 * closing ">>": the caller adds entries of its own, then closes it. */
static void dict_copy_without(iop_strbuf *out, const char *s, span d, const char *const *keys)
{
    size_t n = d.at + d.len, p = skip_ws(s, n, d.at) + 2, from = d.at;
    for (;;) {
        p = skip_ws(s, n, p);
        if (p >= n || s[p] != '/')
            break;
        size_t ke = pdf_token_end(s, n, p);
        size_t vs = skip_ws(s, n, ke), ve = value_end(s, n, vs);
        for (const char *const *k = keys; *k; k++)
            if (ke - p == strlen(*k) && memcmp(s + p, *k, ke - p) == 0) {
                iop_strbuf_append(out, s + from, p - from);
                from = ve;
                break;
            }
        p = ve;
    }
    size_t close_at = n >= 2 ? n - 2 : n;
    iop_strbuf_append(out, s + from, close_at > from ? close_at - from : 0);
}

/* A text string as UTF-16BE hex, the one form every reader takes. */
static void put_text(iop_strbuf *out, const char *utf8)
{
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(utf8 ? utf8 : "", -1, NULL, &n, NULL);
    static const char hex[] = "0123456789ABCDEF";
    iop_strbuf_puts(out, "<FEFF");
    for (glong i = 0; u && i < n; i++) {
        char h[4] = {hex[(u[i] >> 12) & 15], hex[(u[i] >> 8) & 15], hex[(u[i] >> 4) & 15],
                     hex[u[i] & 15]};
        iop_strbuf_append(out, h, 4);
    }
    iop_strbuf_putc(out, '>');
    g_free(u);
}

/* A PDF text string (literal or hex, PDFDocEncoding or UTF-16BE) as UTF-8;
 * only the forms cairo writes. Caller frees. */
static char *text_of(const char *s, span v)
{
    GByteArray *b = g_byte_array_new();
    if (v.len >= 2 && s[v.at] == '<') {
        for (size_t i = v.at + 1; i + 1 < v.at + v.len - 1; i += 2) {
            char h[3] = {s[i], s[i + 1], 0};
            guint8 c = (guint8)strtol(h, NULL, 16);
            g_byte_array_append(b, &c, 1);
        }
    } else if (v.len >= 2 && s[v.at] == '(') {
        for (size_t i = v.at + 1; i < v.at + v.len - 1; i++) {
            guint8 c = (guint8)s[i];
            if (c == '\\' && i + 1 < v.at + v.len - 1) {
                char e = s[++i];
                if (e >= '0' && e <= '7') {
                    int k = 0, val = 0;
                    while (k < 3 && s[i] >= '0' && s[i] <= '7') {
                        val = val * 8 + (s[i] - '0');
                        i++;
                        k++;
                    }
                    i--;
                    c = (guint8)val;
                } else {
                    c = e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e == 'b' ? '\b'
                                                     : e == 'f' ? '\f' : (guint8)e;
                }
            }
            g_byte_array_append(b, &c, 1);
        }
    }
    /* decoded here, not by g_convert: that opens iconv for every string,
     * 1 % of a report's time */
    char *out = NULL;
    if (b->len >= 2 && b->data[0] == 0xFE && b->data[1] == 0xFF) {
        size_t n = (b->len - 2) / 2;
        if ((b->len - 2) % 2 == 0) {
            gunichar2 *u = g_new(gunichar2, n + 1);
            for (size_t i = 0; i < n; i++)
                u[i] = (gunichar2)(b->data[2 + 2 * i] << 8 | b->data[3 + 2 * i]);
            out = g_utf16_to_utf8(u, (glong)n, NULL, NULL, NULL); /* NULL if not UTF-16 */
            g_free(u);
        }
    } else {
        /* cairo writes anything but plain ASCII as UTF-16; take it as Latin-1 */
        GString *latin1 = g_string_sized_new(b->len);
        for (guint i = 0; i < b->len; i++)
            g_string_append_unichar(latin1, b->data[i]);
        out = g_string_free(latin1, FALSE);
    }
    g_byte_array_free(b, TRUE);
    char *r = iop_xstrdup(out ? out : "");
    g_free(out);
    return r;
}

/* ---- reading cairo's file ---- */

static bool read_xref(pdf *p)
{
    const char *s = p->s;
    size_t n = p->n;
    size_t tail = n > 64 ? n - 64 : 0;
    const char *sx = g_strrstr_len(s + tail, (gssize)(n - tail), "startxref");
    if (!sx)
        return fail(p, "no startxref");
    size_t xref = (size_t)strtoul(sx + 9, NULL, 10);
    if (xref >= n || !word_at(s, n, xref, "xref"))
        return fail(p, "no cross-reference table where startxref says");
    size_t q = skip_ws(s, n, xref + 4);
    char *end;
    unsigned long first = strtoul(s + q, &end, 10);
    unsigned long count = strtoul(end, &end, 10);
    if (first != 0 || count < 2 || count > 10000000)
        return fail(p, "a cross-reference table in more than one section");
    q = skip_ws(s, n, (size_t)(end - s));
    if (q + count * 20 > n)
        return fail(p, "a cross-reference table cut short");
    p->n_objs = count;
    p->objs = iop_xcalloc(count, sizeof *p->objs);
    for (unsigned long i = 0; i < count; i++) {
        const char *e = s + q + i * 20;
        if (e[17] == 'n')
            p->objs[i].start = (size_t)strtoul(e, NULL, 10);
    }
    size_t tr = q + count * 20;
    const char *t = g_strstr_len(s + tr, (gssize)(n - tr), "trailer");
    if (!t)
        return fail(p, "no trailer");
    size_t ts = skip_ws(s, n, (size_t)(t - s) + 7);
    span td = {ts, value_end(s, n, ts) - ts};
    p->root = (int)ref_of(s, dict_get(s, td, "/Root"));
    p->info = (int)ref_of(s, dict_get(s, td, "/Info"));
    if (p->root <= 0 || (size_t)p->root >= count)
        return fail(p, "no document catalog");
    return true;
}

static bool read_objects(pdf *p)
{
    const char *s = p->s;
    size_t n = p->n;
    for (size_t i = 1; i < p->n_objs; i++) {
        obj *o = &p->objs[i];
        if (!o->start)
            continue;
        size_t q = o->start;
        /* "%zu 0 obj", without a printf per object */
        char head[32];
        size_t hl = 0;
        for (size_t v = i; v; v /= 10)
            head[hl++] = (char)('0' + v % 10);
        for (size_t a = 0, b = hl - 1; a < b; a++, b--) {
            char t = head[a];
            head[a] = head[b];
            head[b] = t;
        }
        memcpy(head + hl, " 0 obj", 6);
        hl += 6;
        if (q + hl > n || memcmp(s + q, head, hl) != 0)
            return fail(p, "object %zu is not where the cross-reference table says", i);
        size_t vs = skip_ws(s, n, q + hl), ve = scan_value(s, n, vs, o->key);
        o->value = (span){vs, ve - vs};
        size_t k = skip_ws(s, n, ve);
        if (word_at(s, n, k, "stream")) {
            size_t d = k + 6;
            if (d < n && s[d] == '\r')
                d++;
            if (d < n && s[d] == '\n')
                d++;
            span lv = o->key[K_LENGTH];
            long len = -1;
            long lref = ref_of(s, lv);
            if (lref > 0 && (size_t)lref < p->n_objs && p->objs[lref].start) {
                size_t a = p->objs[lref].start;
                const char *ob = memchr(s + a, 'j', n - a); /* "obj" */
                len = ob ? strtol(ob + 1, NULL, 10) : -1;
            } else if (lv.len) {
                len = strtol(s + lv.at, NULL, 10);
            }
            if (len < 0 || d + (size_t)len > n)
                return fail(p, "object %zu: a stream without a readable length", i);
            o->stream = true;
            o->data = (span){d, (size_t)len};
            k = skip_ws(s, n, d + (size_t)len);
            if (!word_at(s, n, k, "endstream"))
                return fail(p, "object %zu: no endstream after its data", i);
            k = skip_ws(s, n, k + 9);
        }
        if (!word_at(s, n, k, "endobj"))
            return fail(p, "object %zu: no endobj", i);
        o->end = k + 6;
        if (o->end < n && s[o->end] == '\r')
            o->end++;
        if (o->end < n && s[o->end] == '\n')
            o->end++;
    }
    return true;
}

static void replace(obj *o, iop_strbuf *text)
{
    free(o->replacement);
    o->replacement_len = text->len;
    o->replacement = iop_strbuf_detach(text);
}

/* "N 0 obj\n" + the dictionary without `drop` and with `add` + the
 * stream as it was + "endobj\n".  An object is changed once. */
static void replace_dict(pdf *p, size_t i, const char *const *drop, const char *add)
{
    obj *o = &p->objs[i];
    static const char *const none[] = {NULL};
    iop_strbuf t = IOP_STRBUF_INIT;
    iop_strbuf_printf(&t, "%zu 0 obj\n", i);
    dict_copy_without(&t, p->s, o->value, drop ? drop : none);
    iop_strbuf_puts(&t, add);
    iop_strbuf_puts(&t, ">>\n");
    if (o->stream) {
        iop_strbuf_puts(&t, "stream\n");
        iop_strbuf_append(&t, p->s + o->data.at, o->data.len);
        iop_strbuf_puts(&t, "\nendstream\n");
    }
    iop_strbuf_puts(&t, "endobj\n");
    replace(o, &t);
}

/* ---- one element across pages ---- */

/* What joining continued elements changes: per object, the element it
 * was joined to (0: none) and its new /K (len 0: as it was). */
typedef struct joins {
    size_t *target;
    iop_strbuf *new_k;
} joins;

static void joins_free(joins *j, size_t n)
{
    for (size_t i = 0; j->new_k && i < n; i++)
        iop_strbuf_free(&j->new_k[i]);
    free(j->new_k);
    free(j->target);
}

/* The items of a /K value: the inside of an array, or the one value. */
static span k_items(const char *s, span k)
{
    if (k.len >= 2 && s[k.at] == '[' && s[k.at + k.len - 1] == ']')
        return (span){k.at + 1, k.len - 2};
    return k;
}

/* The text of `v` with every reference to a joined element made a
 * reference to the element it was joined to; false when none was. */
static bool rewrite_refs(const pdf *p, span v, const size_t *target, iop_strbuf *out)
{
    const char *s = p->s;
    size_t n = v.at + v.len, q = v.at, from = v.at;
    bool changed = false;
    for (;;) {
        q = skip_ws(s, n, q);
        if (q >= n)
            break;
        size_t e = pdf_token_end(s, n, q);
        if (e <= q)
            break;
        if (is_uint(s, q, e)) {
            size_t ve = value_end(s, n, q);
            long r = ve > e ? ref_of(s, (span){q, ve - q}) : -1;
            if (r > 0 && (size_t)r < p->n_objs && target[r]) {
                iop_strbuf_append(out, s + from, q - from);
                iop_strbuf_printf(out, "%zu 0 R", target[r]);
                from = ve;
                changed = true;
            }
            e = ve;
        }
        q = e;
    }
    iop_strbuf_append(out, s + from, n - from);
    return changed;
}

/* Make each element a tag continued (after a page break) one element with
 * the element it continues: its marked content is added to that
 * element's /K, as marked-content references with their page, since an
 * element's /Pg is its first page; it leaves its parent's /K; and the
 * ParentTree then maps its MCIDs to that element (rewrite_parent_tree).
 * Its object is left as null: nothing refers to it. */
static bool join_continued(pdf *p, const pdf_finish_info *info, const size_t *elem_obj, joins *j)
{
    const char *s = p->s;
    j->target = iop_xcalloc(p->n_objs, sizeof *j->target);
    j->new_k = iop_xcalloc(p->n_objs, sizeof *j->new_k);
    iop_strbuf *more = iop_xcalloc(p->n_objs, sizeof *more); /* what each target gains */
    bool *parent = iop_xcalloc(p->n_objs, sizeof *parent);
    bool ok = true;
    for (size_t k = 1; k < info->n_notes && ok; k++) {
        size_t first = info->notes[k].continues;
        if (!first)
            continue;
        if (first >= k || info->notes[first].continues) {
            ok = fail(p, "structure element %zu continues %zu, not an element begun before", k,
                      first);
            break;
        }
        size_t c = elem_obj[k], f = elem_obj[first];
        span cp = dict_get(s, p->objs[c].value, "/P"), fp = dict_get(s, p->objs[f].value, "/P");
        long par = ref_of(s, cp);
        if (par <= 0 || (size_t)par >= p->n_objs || !p->objs[par].start ||
            !span_is(s, p->objs[par].key[K_TYPE], "/StructElem") || cp.len != fp.len ||
            memcmp(s + cp.at, s + fp.at, cp.len) != 0) {
            ok = fail(p, "structure element %zu continues %zu in another parent", k, first);
            break;
        }
        span pg = dict_get(s, p->objs[c].value, "/Pg");
        span items = k_items(s, p->objs[c].key[K_K]);
        size_t n = items.at + items.len;
        for (size_t q = skip_ws(s, n, items.at); q < n && ok; q = skip_ws(s, n, q)) {
            size_t e = value_end(s, n, q);
            if (e <= q)
                break;
            if (is_uint(s, q, e)) {
                if (!pg.len) {
                    ok = fail(p, "structure element %zu has marked content but no /Pg", k);
                    break;
                }
                iop_strbuf_printf(&more[f], "\n       << /Type /MCR /Pg %.*s /MCID %.*s >>",
                                  (int)pg.len, s + pg.at, (int)(e - q), s + q);
            } else if (s[q] == '<') {
                /* an MCR or OBJR: it names its own page or object */
                iop_strbuf_puts(&more[f], "\n       ");
                iop_strbuf_append(&more[f], s + q, e - q);
            } else {
                ok = fail(p, "structure element %zu is continued and has elements of its own", k);
            }
            q = e;
        }
        j->target[c] = f;
        parent[par] = true;
    }
    for (size_t i = 1; i < p->n_objs && ok; i++) {
        if (more[i].len) {
            span items = k_items(s, p->objs[i].key[K_K]);
            iop_strbuf_puts(&j->new_k[i], "[ ");
            iop_strbuf_append(&j->new_k[i], s + items.at, items.len);
            iop_strbuf_append(&j->new_k[i], more[i].data, more[i].len);
            iop_strbuf_puts(&j->new_k[i], " ]");
        } else if (parent[i]) {
            /* the parent's kids without the joined ones */
            span items = k_items(s, p->objs[i].key[K_K]);
            size_t n = items.at + items.len, from = items.at;
            iop_strbuf_putc(&j->new_k[i], '[');
            for (size_t q = skip_ws(s, n, items.at); q < n; q = skip_ws(s, n, q)) {
                size_t e = value_end(s, n, q);
                if (e <= q)
                    break;
                long r = ref_of(s, (span){q, e - q});
                if (r > 0 && (size_t)r < p->n_objs && j->target[r]) {
                    iop_strbuf_append(&j->new_k[i], s + from, q - from);
                    from = e;
                }
                q = e;
            }
            iop_strbuf_append(&j->new_k[i], s + from, n - from);
            iop_strbuf_putc(&j->new_k[i], ']');
        }
    }
    for (size_t i = 0; i < p->n_objs; i++)
        iop_strbuf_free(&more[i]);
    free(more);
    free(parent);
    return ok;
}

/* The ParentTree with every MCID and annotation of a joined element
 * mapped to the element it was joined to: the arrays of the pages the
 * joined elements have content on, and the tree itself where an
 * annotation's entry is a joined element.  `pages` are those pages'
 * /StructParents keys. */
static bool rewrite_parent_tree(pdf *p, const size_t *target, const long *pages, size_t n_pages)
{
    const char *s = p->s;
    span st = dict_get(s, p->objs[p->root].value, "/StructTreeRoot");
    long r = ref_of(s, st);
    long pt = r > 0 && (size_t)r < p->n_objs && p->objs[r].start
                  ? ref_of(s, dict_get(s, p->objs[r].value, "/ParentTree"))
                  : -1;
    if (pt <= 0 || (size_t)pt >= p->n_objs || !p->objs[pt].start)
        return fail(p, "no ParentTree to map the joined elements' content in");
    span nums = dict_get(s, p->objs[pt].value, "/Nums");
    if (nums.len < 2 || s[nums.at] != '[')
        return fail(p, "a ParentTree that is not one /Nums array");
    iop_strbuf t = IOP_STRBUF_INIT;
    bool direct = false;
    size_t n = nums.at + nums.len - 1;
    for (size_t q = skip_ws(s, n, nums.at + 1); q < n; q = skip_ws(s, n, q)) {
        size_t ke = value_end(s, n, q), vs = skip_ws(s, n, ke), ve = value_end(s, n, vs);
        if (ke <= q || ve <= vs)
            break;
        long key = strtol(s + q, NULL, 10), a = ref_of(s, (span){vs, ve - vs});
        q = ve;
        if (a <= 0 || (size_t)a >= p->n_objs)
            continue;
        if (target[a]) {
            direct = true; /* an annotation of a joined Link */
            continue;
        }
        bool joined_page = false;
        for (size_t k = 0; k < n_pages && !joined_page; k++)
            joined_page = pages[k] == key;
        obj *ao = &p->objs[a];
        if (!joined_page || !ao->start || ao->replacement || !ao->value.len ||
            s[ao->value.at] != '[')
            continue;
        iop_strbuf_printf(&t, "%ld 0 obj\n", a);
        if (rewrite_refs(p, ao->value, target, &t)) {
            iop_strbuf_puts(&t, "\nendobj\n");
            replace(ao, &t);
        }
        iop_strbuf_clear(&t);
    }
    obj *o = &p->objs[pt];
    if (direct) {
        iop_strbuf_printf(&t, "%ld 0 obj\n", pt);
        if (rewrite_refs(p, o->value, target, &t)) {
            iop_strbuf_puts(&t, "\nendobj\n");
            replace(o, &t);
        }
    }
    iop_strbuf_free(&t);
    return true;
}

/* ---- the changes ---- */

static bool finish_elements(pdf *p, const pdf_finish_info *info)
{
    const char *s = p->s;
    /* the k-th element written is the k-th tag begun */
    size_t *elem_obj = iop_xcalloc(info->n_notes + 1, sizeof *elem_obj);
    size_t k = 0;
    bool continued = false;
    for (size_t i = 1; i < p->n_objs; i++) {
        obj *o = &p->objs[i];
        if (!o->start || o->stream || !span_is(s, o->key[K_TYPE], "/StructElem"))
            continue;
        if (k >= info->n_notes) {
            free(elem_obj);
            return fail(p, "the structure tree has more elements than tags were begun");
        }
        continued |= info->notes[k].continues != 0;
        elem_obj[k++] = i;
    }
    if (k != info->n_notes) {
        free(elem_obj);
        return fail(p, "the structure tree has %zu elements where %zu tags were begun", k,
                    info->n_notes);
    }
    joins j = {NULL, NULL};
    bool ok = !continued || join_continued(p, info, elem_obj, &j);
    for (k = 0; k < info->n_notes && ok; k++) {
        size_t i = elem_obj[k];
        obj *o = &p->objs[i];
        const pdf_struct_note *note = &info->notes[k];
        span type = o->key[K_S];
        if (!(type.len == strlen(note->type) + 1 &&
              memcmp(s + type.at + 1, note->type, type.len - 1) == 0)) {
            ok = fail(p, "structure element %zu is %.*s, not /%s", k, (int)type.len, s + type.at,
                      note->type);
            break;
        }
        iop_strbuf add = IOP_STRBUF_INIT;
        if (note->scope || note->colspan > 1) {
            iop_strbuf_puts(&add, "   /A << /O /Table");
            if (note->scope)
                iop_strbuf_puts(&add, note->scope == 1 ? " /Scope /Column" : " /Scope /Row");
            if (note->colspan > 1)
                iop_strbuf_printf(&add, " /ColSpan %d", note->colspan);
            iop_strbuf_puts(&add, " >>\n");
        }
        if (note->lang && *note->lang) {
            iop_strbuf_puts(&add, "   /Lang ");
            put_text(&add, note->lang);
            iop_strbuf_putc(&add, '\n');
        }
        if (note->title && *note->title) {
            iop_strbuf_puts(&add, "   /T ");
            put_text(&add, note->title);
            iop_strbuf_putc(&add, '\n');
        }
        if (strcmp(note->type, "Figure") == 0 && note->alt && *note->alt) {
            iop_strbuf_puts(&add, "   /Alt ");
            put_text(&add, note->alt);
            iop_strbuf_putc(&add, '\n');
        }
        if (strcmp(note->type, "Link") == 0 && note->alt && *note->alt) {
            /* the annotation says where the link leads */
            span kids = o->key[K_K];
            const char *objr = kids.len ? g_strstr_len(s + kids.at, (gssize)kids.len, "/Obj ")
                                        : NULL;
            long a = objr ? strtol(objr + 5, NULL, 10) : -1;
            if (a > 0 && (size_t)a < p->n_objs && p->objs[a].start && !p->objs[a].replacement) {
                iop_strbuf c = IOP_STRBUF_INIT;
                iop_strbuf_puts(&c, "   /Contents ");
                put_text(&c, note->alt);
                iop_strbuf_puts(&c, "\n   /F 4\n");
                static const char *const drop[] = {"/Contents", "/F", NULL};
                replace_dict(p, (size_t)a, drop, c.data);
                iop_strbuf_free(&c);
            }
        }
        bool new_k = j.new_k && j.new_k[i].len;
        if (new_k) {
            iop_strbuf_puts(&add, "   /K ");
            iop_strbuf_append(&add, j.new_k[i].data, j.new_k[i].len);
            iop_strbuf_putc(&add, '\n');
        }
        if (add.len) {
            static const char *const drop[] = {"/A", "/Lang", "/Alt", "/T", NULL};
            static const char *const drop_k[] = {"/A", "/Lang", "/Alt", "/T", "/K", NULL};
            replace_dict(p, i, new_k ? drop_k : drop, add.data);
        }
        iop_strbuf_free(&add);
    }
    if (ok && continued) {
        /* the /StructParents of the pages the joined elements are on */
        long *pages = iop_xcalloc(info->n_notes, sizeof *pages);
        size_t n_pages = 0;
        for (k = 0; k < info->n_notes; k++) {
            if (!info->notes[k].continues)
                continue;
            obj *c = &p->objs[elem_obj[k]];
            long pg = ref_of(s, dict_get(s, c->value, "/Pg"));
            span sp = pg > 0 && (size_t)pg < p->n_objs && p->objs[pg].start
                          ? dict_get(s, p->objs[pg].value, "/StructParents")
                          : (span){0, 0};
            if (sp.len)
                pages[n_pages++] = strtol(s + sp.at, NULL, 10);
            iop_strbuf t = IOP_STRBUF_INIT;
            iop_strbuf_printf(&t, "%zu 0 obj\nnull\nendobj\n", elem_obj[k]);
            replace(c, &t);
        }
        ok = rewrite_parent_tree(p, j.target, pages, n_pages);
        free(pages);
    }
    joins_free(&j, p->n_objs);
    free(elem_obj);
    return ok;
}

static bool inflate_all(const char *in, size_t n, iop_strbuf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return false;
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    char buf[65536];
    int r;
    do {
        z.next_out = (Bytef *)buf;
        z.avail_out = sizeof buf;
        r = inflate(&z, Z_NO_FLUSH);
        if (r != Z_OK && r != Z_STREAM_END) {
            inflateEnd(&z);
            return false;
        }
        iop_strbuf_append(out, buf, sizeof buf - z.avail_out);
    } while (r != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
    inflateEnd(&z);
    return r == Z_STREAM_END;
}

/* Object i, a stream, with `data` compressed in place of its data, laid
 * out as cairo lays out a stream it compresses: "/Filter /FlateDecode"
 * right after the /Length, and the length in the object /Length refers
 * to (a content stream, a ToUnicode CMap, a Type 3 glyph, a form) or in
 * the dictionary with a line break after the data (a group, which cairo
 * writes through a memory stream).  zlib's default level, as cairo's. */
static bool put_deflated(pdf *p, size_t i, const unsigned char *z, size_t zlen);

static bool put_compressed(pdf *p, size_t i, const char *data, size_t len)
{
    size_t zlen = 0;
    unsigned char *z = pdf_deflate(p->deflates, data, len, &zlen);
    if (!z)
        return fail(p, "cannot compress stream %zu", i);
    bool ok = put_deflated(p, i, z, zlen);
    free(z);
    return ok;
}

/* Object i with the deflated `z` in place of its data, as put_compressed
 * lays it out. */
static bool put_deflated(pdf *p, size_t i, const unsigned char *z, size_t zlen)
{
    obj *o = &p->objs[i];
    const char *s = p->s;
    span lv = o->key[K_LENGTH];
    long lref = ref_of(s, lv);
    obj *lo = lref > 0 && (size_t)lref < p->n_objs && p->objs[lref].start ? &p->objs[lref] : NULL;
    if (!lv.len || (lref > 0 && !lo))
        return fail(p, "stream %zu: no length where its dictionary says", i);
    bool filtered = o->key[K_FILTER].len > 0;
    size_t lend = lv.at + lv.len;
    iop_strbuf t = IOP_STRBUF_INIT;
    if (lo) {
        iop_strbuf_append(&t, s + o->start, lend - o->start);
    } else {
        iop_strbuf_append(&t, s + o->start, lv.at - o->start);
        iop_strbuf_printf(&t, "%lu", (unsigned long)zlen + 1);
    }
    if (!filtered)
        iop_strbuf_puts(&t, "\n   /Filter /FlateDecode");
    iop_strbuf_append(&t, s + lend, o->data.at - lend);
    iop_strbuf_append(&t, (const char *)z, zlen);
    if (!lo)
        iop_strbuf_putc(&t, '\n');
    size_t after = o->data.at + o->data.len;
    iop_strbuf_append(&t, s + after, o->end - after);
    replace(o, &t);
    if (lo) {
        /* "N 0 obj\n   LENGTH\nendobj\n" with the new length */
        iop_strbuf_append(&t, s + lo->start, lo->value.at - lo->start);
        iop_strbuf_printf(&t, "%lu", (unsigned long)zlen);
        size_t ve = lo->value.at + lo->value.len;
        iop_strbuf_append(&t, s + ve, lo->end - ve);
        replace(lo, &t);
    }
    return true;
}

/* A page's content with its artifacts marked.  render_pdf has cairo
 * write it uncompressed (CAIRO_DEBUG_PDF), so that it is compressed once,
 * here; a cairo that compresses it anyway has it inflated first. */
static bool finish_content(pdf *p, size_t i)
{
    obj *o = &p->objs[i];
    const char *s = p->s;
    span filter = o->key[K_FILTER];
    if (!o->stream || (filter.len && !span_is(s, filter, "/FlateDecode")))
        return fail(p, "page content %zu is not one stream", i);
    if (!filter.len && p->ahead) {
        size_t zlen = 0;
        const unsigned char *z =
            pdf_ahead_find(p->ahead, i, o->data.at, o->data.len, s + o->data.at, &zlen);
        if (z)
            return put_deflated(p, i, z, zlen);
    }
    iop_strbuf inflated = IOP_STRBUF_INIT;
    const char *plain = s + o->data.at;
    size_t plain_len = o->data.len;
    if (filter.len) {
        if (!inflate_all(s + o->data.at, o->data.len, &inflated)) {
            iop_strbuf_free(&inflated);
            return fail(p, "page content %zu cannot be decompressed", i);
        }
        plain = inflated.data ? inflated.data : "";
        plain_len = inflated.len;
    }
    size_t marked_len = 0;
    bool whole = true;
    char *marked = pdf_mark_artifacts(plain, plain_len, &marked_len, &whole);
    iop_strbuf_free(&inflated);
    if (!whole) {
        free(marked);
        return fail(p, "a page's content ends inside a text object or image");
    }
    bool ok = put_compressed(p, i, marked, marked_len);
    free(marked);
    return ok;
}

/* The streams to deflate, page contents with their artifacts marked
 * first: most of this step's work, and each stream's own (it changes only
 * its object and the object holding its length), so that they can be
 * made on two threads when the caller has a core to spare. */
typedef struct stream_job {
    size_t obj;
    bool content;  /* a page's content: artifacts marked before */
    char *err;     /* why it failed, or NULL */
} stream_job;

typedef struct stream_jobs {
    stream_job *v;
    size_t n;
    bool *queued;       /* by object number: the stream, or a length, is taken */
    atomic_size_t next; /* the next job to take */
    pdf *p;
} stream_jobs;

static bool queue_stream(pdf *p, stream_jobs *jobs, size_t i, bool content)
{
    /* two streams never share a length object in cairo's files; if they
     * did, two threads would rewrite it */
    long lref = ref_of(p->s, p->objs[i].key[K_LENGTH]);
    if (jobs->queued[i] || (lref > 0 && (size_t)lref < p->n_objs && jobs->queued[lref]))
        return fail(p, "stream %zu is finished twice, or shares its length", i);
    jobs->queued[i] = true;
    if (lref > 0 && (size_t)lref < p->n_objs)
        jobs->queued[lref] = true;
    jobs->v = iop_xreallocarray(jobs->v, jobs->n + 1, sizeof *jobs->v);
    jobs->v[jobs->n++] = (stream_job){i, content, NULL};
    return true;
}

static void *run_stream_jobs(void *arg)
{
    stream_jobs *jobs = arg;
    for (;;) {
        size_t k = atomic_fetch_add(&jobs->next, 1);
        if (k >= jobs->n)
            return NULL;
        stream_job *j = &jobs->v[k];
        /* the shared pdf but an error of the job's own: the threads write
         * only the objects of their streams */
        pdf mine = *jobs->p;
        mine.err = NULL;
        obj *o = &mine.objs[j->obj];
        bool ok = j->content ? finish_content(&mine, j->obj)
                             : put_compressed(&mine, j->obj, mine.s + o->data.at, o->data.len);
        j->err = ok ? NULL : mine.err ? mine.err : iop_xstrdup("cannot finish a stream");
    }
}

/* Every queued stream finished, on `threads` threads (this one among
 * them); the first failure in the file's order is the one reported. */
static bool finish_streams(pdf *p, stream_jobs *jobs, int threads)
{
    jobs->p = p;
    atomic_init(&jobs->next, 0);
    pthread_t other;
    bool two = threads > 1 && jobs->n > 1 &&
               iop_thread_start(&other, run_stream_jobs, jobs) == 0;
    run_stream_jobs(jobs);
    if (two && pthread_join(other, NULL) != 0)
        abort(); /* a thread of ours, started above: cannot happen */
    bool ok = true;
    for (size_t k = 0; k < jobs->n; k++) {
        if (jobs->v[k].err && ok) {
            ok = false;
            free(p->err);
            p->err = jobs->v[k].err;
        } else {
            free(jobs->v[k].err);
        }
    }
    return ok;
}

/* The streams cairo compresses but, under CAIRO_DEBUG_PDF, left as they
 * are (ToUnicode CMaps, forms, Type 3 glyphs, groups), compressed as
 * cairo would have, so that files are no larger for it.  Those it never
 * compresses stay as they are: tiling patterns ("/x5 Do"), mesh
 * shadings (a direct /Length, no form), images with a filter of their
 * own, and JBIG2 globals, which come only with JBIG2 data attached to an
 * image (render never attaches any). */
static bool compress_left(pdf *p, stream_jobs *jobs)
{
    const char *s = p->s;
    for (size_t i = 1; i < p->n_objs; i++) {
        obj *o = &p->objs[i];
        if (!o->start || !o->stream || o->replacement || jobs->queued[i] ||
            o->key[K_FILTER].len || o->key[K_PATTERNTYPE].len)
            continue;
        bool direct = ref_of(s, o->key[K_LENGTH]) <= 0;
        if (direct && !span_is(s, o->key[K_SUBTYPE], "/Form"))
            continue;
        if (!queue_stream(p, jobs, i, false))
            return false;
    }
    return true;
}

static bool finish_pages_and_resources(pdf *p, stream_jobs *jobs)
{
    const char *s = p->s;
    for (size_t i = 1; i < p->n_objs; i++) {
        obj *o = &p->objs[i];
        if (!o->start)
            continue;
        span type = o->key[K_TYPE];
        span sub = o->key[K_SUBTYPE];
        if (span_is(s, type, "/Page")) {
            long c = ref_of(s, o->key[K_CONTENTS]);
            if (c <= 0 || (size_t)c >= p->n_objs || !p->objs[c].start)
                return fail(p, "page %zu has no content stream of its own", i);
            if (!queue_stream(p, jobs, (size_t)c, true))
                return false;
            if (o->key[K_ANNOTS].len && !o->replacement) {
                static const char *const drop[] = {"/Tabs", NULL};
                replace_dict(p, i, drop, "   /Tabs /S\n");
            }
        } else if (span_is(s, sub, "/Link") && !o->replacement) {
            /* a link no element describes still prints and says what it is */
            static const char *const drop[] = {"/F", NULL};
            replace_dict(p, i, drop,
                         o->key[K_CONTENTS].len
                             ? "   /F 4\n"
                             : "   /F 4\n   /Contents <FEFF004C00E4006E006B>\n");
        } else if (span_is(s, type, "/Font") && span_is(s, sub, "/CIDFontType2") &&
                   !o->key[K_CIDTOGIDMAP].len) {
            /* cairo's TrueType subsets number their glyphs as their CIDs */
            replace_dict(p, i, NULL, "   /CIDToGIDMap /Identity\n");
        } else if (o->stream && span_is(s, sub, "/Image") && o->key[K_INTERPOLATE].len) {
            /* PDF/A: a viewer may not smooth images on its own */
            static const char *const drop[] = {"/Interpolate", NULL};
            replace_dict(p, i, drop, "");
        }
    }
    return true;
}

/* "20200913122640Z" or "D:20200913122640+01'00'" → XMP's form */
static bool xmp_date(const char *d, char *out, size_t cap)
{
    if (strncmp(d, "D:", 2) == 0)
        d += 2;
    if (strlen(d) < 14 || !is_uint(d, 0, 14))
        return false;
    const char *tz = d + 14;
    char zone[8] = "Z";
    if ((tz[0] == '+' || tz[0] == '-') && strlen(tz) >= 3)
        snprintf(zone, sizeof zone, "%c%.2s:%.2s", tz[0], tz + 1,
                 strlen(tz) >= 6 ? tz + 4 : "00");
    else if (tz[0] && tz[0] != 'Z')
        return false;
    snprintf(out, cap, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s%s", d, d + 4, d + 6, d + 8, d + 10,
             d + 12, zone);
    return true;
}

static void put_xml(iop_strbuf *x, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': iop_strbuf_puts(x, "&amp;"); break;
        case '<': iop_strbuf_puts(x, "&lt;"); break;
        case '>': iop_strbuf_puts(x, "&gt;"); break;
        case '"': iop_strbuf_puts(x, "&quot;"); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
                iop_strbuf_putc(x, *s);
        }
    }
}

static const char XMP_HEAD[] =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    /* the extension schema that declares pdfuaid first, in a description of
     * its own: validators (PDFBox) read them in order */
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
    "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
    "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    "   <pdfaExtension:schemas>\n"
    "    <rdf:Bag>\n"
    "     <rdf:li rdf:parseType=\"Resource\">\n"
    "      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    "      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "      <pdfaSchema:property>\n"
    "       <rdf:Seq>\n"
    "        <rdf:li rdf:parseType=\"Resource\">\n"
    "         <pdfaProperty:name>part</pdfaProperty:name>\n"
    "         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "         <pdfaProperty:category>internal</pdfaProperty:category>\n"
    "         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is "
    "followed</pdfaProperty:description>\n"
    "        </rdf:li>\n"
    "       </rdf:Seq>\n"
    "      </pdfaSchema:property>\n"
    "     </rdf:li>\n";

/* after the caller's extension schema, if any */
static const char XMP_MID[] =
    "    </rdf:Bag>\n"
    "   </pdfaExtension:schemas>\n"
    "  </rdf:Description>\n"
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
    "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
    "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"";

/* The caller's properties declared as a PDF/A extension schema (one more
 * entry of the bag), so that a validator accepts them. */
static void put_extension_schema(iop_strbuf *x, const iop_render_xmp *e)
{
    iop_strbuf_puts(x, "     <rdf:li rdf:parseType=\"Resource\">\n"
                       "      <pdfaSchema:schema>");
    put_xml(x, e->schema);
    iop_strbuf_puts(x, "</pdfaSchema:schema>\n      <pdfaSchema:namespaceURI>");
    put_xml(x, e->ns_uri);
    iop_strbuf_puts(x, "</pdfaSchema:namespaceURI>\n      <pdfaSchema:prefix>");
    put_xml(x, e->prefix);
    iop_strbuf_puts(x, "</pdfaSchema:prefix>\n      <pdfaSchema:property>\n       <rdf:Seq>\n");
    for (size_t i = 0; i < e->n_props; i++) {
        const iop_render_xmp_property *pr = &e->props[i];
        iop_strbuf_puts(x, "        <rdf:li rdf:parseType=\"Resource\">\n"
                           "         <pdfaProperty:name>");
        put_xml(x, pr->name);
        iop_strbuf_printf(x,
                          "</pdfaProperty:name>\n"
                          "         <pdfaProperty:valueType>%s</pdfaProperty:valueType>\n"
                          "         <pdfaProperty:category>external</pdfaProperty:category>\n"
                          "         <pdfaProperty:description>",
                          pr->list ? "seq Text" : "Text");
        put_xml(x, pr->description ? pr->description : pr->name);
        iop_strbuf_puts(x, "</pdfaProperty:description>\n        </rdf:li>\n");
    }
    iop_strbuf_puts(x, "       </rdf:Seq>\n      </pdfaSchema:property>\n     </rdf:li>\n");
}

static void put_properties(iop_strbuf *x, const iop_render_xmp *e)
{
    for (size_t i = 0; i < e->n_props; i++) {
        const iop_render_xmp_property *pr = &e->props[i];
        if (!pr->list) {
            iop_strbuf_printf(x, "   <%s:%s>", e->prefix, pr->name);
            put_xml(x, pr->n_values ? pr->values[0] : "");
            iop_strbuf_printf(x, "</%s:%s>\n", e->prefix, pr->name);
            continue;
        }
        iop_strbuf_printf(x, "   <%s:%s><rdf:Seq>\n", e->prefix, pr->name);
        for (size_t k = 0; k < pr->n_values; k++) {
            iop_strbuf_puts(x, "    <rdf:li>");
            put_xml(x, pr->values[k]);
            iop_strbuf_puts(x, "</rdf:li>\n");
        }
        iop_strbuf_printf(x, "   </rdf:Seq></%s:%s>\n", e->prefix, pr->name);
    }
}

/* The Info dictionary again (its dates with the D: prefix PDF/A expects,
 * a title when the document has none) and the XMP that repeats it. */
static bool finish_info(pdf *p, const pdf_finish_info *info, iop_strbuf *xmp)
{
    const char *s = p->s;
    if (p->info <= 0 || (size_t)p->info >= p->n_objs || !p->objs[p->info].start)
        return fail(p, "no document information");
    span d = p->objs[p->info].value;
    static const char *const keys[] = {"/Title", "/Author", "/Subject", "/Keywords",
                                       "/Producer", "/Creator", "/CreationDate", "/ModDate"};
    char *v[8];
    for (int k = 0; k < 8; k++) {
        span sv = dict_get(s, d, keys[k]);
        v[k] = sv.len ? text_of(s, sv) : iop_xstrdup("");
    }
    if (!*v[0]) {
        free(v[0]);
        v[0] = iop_xstrdup(info->title_fallback ? info->title_fallback : "Dokument");
    }
    char dates[2][40] = {"", ""};
    for (int k = 0; k < 2; k++)
        if (*v[6 + k] && !xmp_date(v[6 + k], dates[k], sizeof dates[k])) {
            for (int j = 0; j < 8; j++)
                free(v[j]);
            return fail(p, "a date in the document information cannot be read");
        }
    iop_strbuf t = IOP_STRBUF_INIT;
    iop_strbuf_printf(&t, "%d 0 obj\n<<", p->info);
    for (int k = 0; k < 6; k++)
        if (*v[k]) {
            iop_strbuf_printf(&t, " %s ", keys[k]);
            put_text(&t, v[k]);
            iop_strbuf_putc(&t, '\n');
        }
    for (int k = 0; k < 2; k++)
        if (*v[6 + k]) {
            const char *raw = strncmp(v[6 + k], "D:", 2) == 0 ? v[6 + k] + 2 : v[6 + k];
            iop_strbuf_printf(&t, " %s (D:%s)\n", keys[6 + k], raw);
        }
    iop_strbuf_puts(&t, ">>\nendobj\n");
    replace(&p->objs[p->info], &t);

    const iop_render_xmp *extra = info->xmp && info->xmp->n_props ? info->xmp : NULL;
    iop_strbuf_puts(xmp, XMP_HEAD);
    if (extra)
        put_extension_schema(xmp, extra);
    iop_strbuf_puts(xmp, XMP_MID);
    if (extra) {
        iop_strbuf_printf(xmp, "\n    xmlns:%s=\"", extra->prefix);
        put_xml(xmp, extra->ns_uri);
        iop_strbuf_putc(xmp, '"');
    }
    iop_strbuf_puts(xmp, ">\n   <dc:format>application/pdf</dc:format>\n");
    iop_strbuf_puts(xmp, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    put_xml(xmp, v[0]);
    iop_strbuf_puts(xmp, "</rdf:li></rdf:Alt></dc:title>\n");
    if (*v[1]) {
        iop_strbuf_puts(xmp, "   <dc:creator><rdf:Seq><rdf:li>");
        put_xml(xmp, v[1]);
        iop_strbuf_puts(xmp, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (*v[2]) {
        iop_strbuf_puts(xmp, "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        put_xml(xmp, v[2]);
        iop_strbuf_puts(xmp, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    static const char *const tags[] = {NULL, NULL, NULL, "pdf:Keywords", "pdf:Producer",
                                       "xmp:CreatorTool"};
    for (int k = 3; k < 6; k++)
        if (*v[k]) {
            iop_strbuf_printf(xmp, "   <%s>", tags[k]);
            put_xml(xmp, v[k]);
            iop_strbuf_printf(xmp, "</%s>\n", tags[k]);
        }
    if (dates[0][0])
        iop_strbuf_printf(xmp, "   <xmp:CreateDate>%s</xmp:CreateDate>\n", dates[0]);
    if (dates[1][0])
        iop_strbuf_printf(xmp, "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n", dates[1]);
    iop_strbuf_puts(xmp, "   <pdfaid:part>2</pdfaid:part>\n"
                         "   <pdfaid:conformance>A</pdfaid:conformance>\n"
                         "   <pdfuaid:part>1</pdfuaid:part>\n");
    if (extra)
        put_properties(xmp, extra);
    iop_strbuf_puts(xmp, "  </rdf:Description>\n"
                         " </rdf:RDF>\n"
                         "</x:xmpmeta>\n"
                         "<?xpacket end=\"w\"?>");
    for (int k = 0; k < 8; k++)
        free(v[k]);
    return true;
}

/* The finished file as it goes out: in pieces to `write`, gathered in a
 * buffer so that a PDF of a thousand objects is not a thousand writes,
 * and counted, since the cross-reference table needs each object's offset
 * and the ID is the digest of everything before that table. */
typedef struct pdf_out {
    pdf_finish_write_fn write;
    void *closure;
    size_t len;
    GChecksum *md5; /* while the digested part is written, else NULL */
    bool failed;
    size_t held;
    char buf[65536];
} pdf_out;

static void out_flush(pdf_out *o)
{
    if (o->held && !o->failed && !o->write(o->closure, o->buf, o->held))
        o->failed = true;
    o->held = 0;
}

static void out_put(pdf_out *o, const void *data, size_t n)
{
    if (o->md5)
        g_checksum_update(o->md5, data, (gssize)n);
    o->len += n;
    if (n > sizeof o->buf - o->held) {
        out_flush(o);
        if (n >= sizeof o->buf / 2) { /* large enough to go as it is */
            if (!o->failed && !o->write(o->closure, data, n))
                o->failed = true;
            return;
        }
    }
    memcpy(o->buf + o->held, data, n);
    o->held += n;
}

static void out_puts(pdf_out *o, const char *text)
{
    out_put(o, text, strlen(text));
}

/* Only for the short lines of object headers and the trailer. */
static void out_printf(pdf_out *o, const char *fmt, ...) IOP_PRINTF(2, 3);
static void out_printf(pdf_out *o, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line) {
        o->failed = true; /* cannot happen with the formats above */
        return;
    }
    out_put(o, line, (size_t)n);
}

/* The file after the objects: the cross-reference table and a trailer
 * with a content-derived ID. */
static void out_xref(pdf_out *f, const pdf *p, const size_t *offset, size_t total)
{
    char *id = g_strdup(g_checksum_get_string(f->md5));
    g_checksum_free(f->md5);
    f->md5 = NULL;
    size_t xref = f->len;
    out_printf(f, "xref\n0 %zu\n0000000000 65535 f \n", total);
    for (size_t i = 1; i < total; i++) {
        /* "%010zu 00000 n \n", without a printf per object */
        char e[21] = "0000000000 65535 f \n";
        if (offset[i] >= 10000000000u) {
            out_printf(f, "%010zu 00000 n \n", offset[i]);
            continue;
        }
        if (offset[i]) {
            memcpy(e + 10, " 00000 n \n", 10);
            for (size_t v = offset[i], k = 10; k-- > 0 && v; v /= 10)
                e[k] = (char)('0' + v % 10);
        }
        out_put(f, e, 20);
    }
    out_printf(f,
               "trailer\n<< /Size %zu\n   /Root %d 0 R\n   /Info %d 0 R\n"
               "   /ID [<%s> <%s>]\n>>\nstartxref\n%zu\n%%%%EOF\n",
               total, p->root, p->info, id, id, xref);
    g_free(id);
}

bool pdf_finish_write(const unsigned char *in, size_t in_len, const pdf_finish_info *info,
                      pdf_finish_write_fn write, void *closure, char **err)
{
    pdf p = {(const char *)in, in_len, NULL, 0, 0, 0, NULL, info->ahead, info->deflates};
    *err = NULL;
    iop_strbuf xmp = IOP_STRBUF_INIT;
    bool ok = read_xref(&p) && read_objects(&p) && finish_elements(&p, info);
    stream_jobs jobs = {.queued = ok ? iop_xcalloc(p.n_objs + 1, sizeof(bool)) : NULL};
    ok = ok && finish_pages_and_resources(&p, &jobs) && compress_left(&p, &jobs) &&
         finish_streams(&p, &jobs, info->threads) && finish_info(&p, info, &xmp);
    free(jobs.v);
    free(jobs.queued);
    if (ok) {
        /* the catalog: language, title shown, metadata, output intent */
        size_t meta = p.n_objs, icc = p.n_objs + 1;
        iop_strbuf add = IOP_STRBUF_INIT;
        iop_strbuf_puts(&add, "   /Lang ");
        put_text(&add, info->lang && *info->lang ? info->lang : "sv-SE");
        iop_strbuf_printf(&add,
                          "\n   /ViewerPreferences << /DisplayDocTitle true >>\n"
                          "   /MarkInfo << /Marked true >>\n"
                          "   /Metadata %zu 0 R\n"
                          "   /OutputIntents [ << /Type /OutputIntent /S /GTS_PDFA1\n"
                          "      /OutputConditionIdentifier (sRGB IEC61966-2.1)\n"
                          "      /Info (sRGB IEC61966-2.1)\n"
                          "      /DestOutputProfile %zu 0 R >> ]\n",
                          meta, icc);
        static const char *const drop[] = {"/Lang", "/ViewerPreferences", "/MarkInfo",
                                           "/Metadata", "/OutputIntents", NULL};
        replace_dict(&p, (size_t)p.root, drop, add.data);
        iop_strbuf_free(&add);

        /* the file: cairo's header, every object, the two new ones, then a
         * new cross-reference table and a trailer with a content-derived ID;
         * written as it is made, so that a worker never holds the finished
         * file beside cairo's */
        pdf_out *f = iop_xcalloc(1, sizeof *f);
        f->write = write;
        f->closure = closure;
        f->md5 = g_checksum_new(G_CHECKSUM_MD5);
        size_t first = p.n;
        for (size_t i = 1; i < p.n_objs; i++)
            if (p.objs[i].start && p.objs[i].start < first)
                first = p.objs[i].start;
        out_put(f, p.s, first);
        size_t total = p.n_objs + 2;
        size_t *offset = iop_xcalloc(total, sizeof *offset);
        for (size_t i = 1; i < p.n_objs; i++) {
            obj *o = &p.objs[i];
            if (!o->start)
                continue;
            offset[i] = f->len;
            if (o->replacement)
                out_put(f, o->replacement, o->replacement_len);
            else
                out_put(f, p.s + o->start, o->end - o->start);
        }
        /* XMP stays uncompressed (PDF/A: readable without a PDF library) */
        offset[meta] = f->len;
        out_printf(f, "%zu 0 obj\n<< /Type /Metadata /Subtype /XML /Length %zu >>\nstream\n", meta,
                   xmp.len);
        out_put(f, xmp.data ? xmp.data : "", xmp.len);
        out_puts(f, "\nendstream\nendobj\n");
        offset[icc] = f->len;
        out_printf(f, "%zu 0 obj\n<< /N 3 /Length %lu /Filter /FlateDecode >>\nstream\n", icc,
                   iop_srgb_icc_deflated_len);
        out_put(f, iop_srgb_icc_deflated, iop_srgb_icc_deflated_len);
        out_puts(f, "\nendstream\nendobj\n");
        out_xref(f, &p, offset, total);
        out_flush(f);
        free(offset);
        if (f->failed) {
            ok = false;
            free(p.err);
            p.err = iop_xstrdup("the finished PDF could not be written");
        }
        free(f);
    }
    iop_strbuf_free(&xmp);
    for (size_t i = 0; i < p.n_objs; i++)
        free(p.objs[i].replacement);
    free(p.objs);
    if (!ok)
        *err = p.err ? p.err : iop_xstrdup("the PDF is not as cairo writes it");
    else
        free(p.err);
    return ok;
}

static bool append_to_strbuf(void *closure, const void *data, size_t len)
{
    iop_strbuf_append(closure, data, len);
    return true;
}

bool pdf_finish(const unsigned char *in, size_t in_len, const pdf_finish_info *info,
                unsigned char **out, size_t *out_len, char **err)
{
    iop_strbuf f = IOP_STRBUF_INIT;
    *out = NULL;
    *out_len = 0;
    if (!pdf_finish_write(in, in_len, info, append_to_strbuf, &f, err)) {
        iop_strbuf_free(&f);
        return false;
    }
    *out_len = f.len;
    *out = (unsigned char *)iop_strbuf_detach(&f);
    return true;
}
