/* The floor for bench/run: what it costs to lay out and paint an annual
 * report's worth of text with pango and cairo and nothing else.
 *
 *   floor [--reports M] [--agreements K] [--seed S] OUT_DIR
 *
 * Writes M PDFs (OUT_DIR/floor-0001.pdf ...), each shaped like one
 * committee's annual report of K agreements (templates/arsrapport.xsl):
 * a title page with a table of contents, fixed chapters, an overview table
 * of K rows, then per agreement a heading, a two-column list of labelled
 * fields, headed paragraphs, bullet lists and a small table, and a closing
 * table. Text is Swedish, from the same phrases as bench/gen, at the lengths
 * bench/gen writes. Fonts, sizes, line heights, page and margins are those
 * of templates/common/page.xsl, and the pango context is set up as
 * src/layout/engine.c sets it up (72 dpi, unhinted, unrounded, Swedish).
 *
 * There is no parsing, no aggregation and no template: the text is made in
 * memory, laid out once (measure everything, then paint, so pages can say
 * "2 (17)"), and painted. One font map and context serve all reports of a
 * process, as in iopreport. On stderr: pages, text lines and table cells
 * written, so bench/run can show that the floor does the same amount.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PT_PER_MM (72.0 / 25.4)
static const double PAGE_W = 595.276, PAGE_H = 841.89;
static const double M_TOP = 27 * PT_PER_MM, M_BOTTOM = 24 * PT_PER_MM;
static const double M_LEFT = 25 * PT_PER_MM, M_RIGHT = 25 * PT_PER_MM;
static const double HEADER_Y = 13 * PT_PER_MM, FOOTER_Y = 12 * PT_PER_MM;

/* ---------------------------------------------------------------- text */

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}
static int rnd_in(int lo, int hi) { return lo + (int)(rnd() % (uint32_t)(hi - lo + 1)); }
static double rnd_unit(void) { return (rnd() & 0xffffff) / (double)0x1000000; }
#define PICK(a) (a[rnd() % (sizeof a / sizeof a[0])])

static const char *const SUBJECTS[] = {
    "Förvaltningen", "Organisationen", "Parterna", "Styrgruppen", "Verksamheten",
    "Partnerskapet", "Arbetsmarknadskonsulenterna", "Deltagarna", "Volontärerna",
    "Samordnaren", "Den idéburna parten", "Nämnden", "Personalen på mötesplatsen", "Handledarna",
};
static const char *const VERBS[] = {
    "har under året utvecklat", "bedömer att det finns behov av",
    "har i huvudsak fungerat väl när det gäller", "har fördjupat", "har lagt stor vikt vid",
    "har tillsammans följt upp", "har arbetat vidare med", "ser ett fortsatt värde i",
    "redovisar goda resultat inom", "har haft svårigheter med",
    "kommer under nästa år att prioritera", "har genomfört",
};
static const char *const OBJECTS[] = {
    "samverkan kring målgruppen", "arbetsträningsplatser i storkök och lokalvård",
    "uppsökande verksamhet i bostadsområdena", "stödet till barnfamiljer",
    "kontakten med andra myndigheter och verksamheter",
    "rådgivning om rättigheter, skyldigheter och möjligheter i Sverige",
    "individuella handlingsplaner för deltagarna", "språkträning i vardagliga sammanhang",
    "insatser för personer som står långt från arbetsmarknaden",
    "verksamhetsrapporteringen och den ekonomiska redovisningen",
    "kompetensutveckling för volontärer och anställda",
    "flödet av anvisningar från förvaltningen", "mötesplatser med dusch, tvätt och frukost",
    "uppföljningssamtal efter tre och sex månader",
    "ungdomarnas övergång till studier eller arbete",
};
static const char *const ENDINGS[] = {
    "", "", " under verksamhetsåret", " i enlighet med överenskommelsen",
    " trots pandemins efterverkningar", " tillsammans med civilsamhället",
    " med stöd av styrgruppen", " enligt verksamhetsrapporten",
    " i stadens samtliga stadsdelar", " för att nå fler i målgruppen",
};
static const char *const EMPHASIS[] = {
    "lågtröskelinsats", "en väg in", "samsyn", "långsiktighet", "förtroende",
    "arbetslivserfarenhet", "självförsörjning",
};
static const char *const TITLES[] = {
    "Vägen till arbete", "Mötesplats", "Läxhjälp och mentorskap", "Språkcafé",
    "Härbärge och dagverksamhet", "Stödboende för unga vuxna", "Fritid för alla",
    "Arbetsträning i second hand", "Jourverksamhet", "Föräldrastöd", "Boende först",
    "Gemenskap mot ensamhet", "Kvinnors hälsa", "Idrott som bro", "Digital delaktighet",
};
static const char *const ORGS[] = {
    "Svenska Röda Korset", "Stadsmissionen", "Hela Människan", "Rädda Barnen",
    "Stiftelsen Fryshuset", "Studieförbundet Bilda", "Erikshjälpen",
    "Individuell Människohjälp", "Frälsningsarmén", "Föreningen Idrott för alla",
};

/* A paragraph under construction: UTF-8 text and bold/italic ranges. */
typedef struct {
    char *s;
    size_t n, cap;
    PangoAttrList *attrs;
} text;

static void text_init(text *t)
{
    t->cap = 512;
    t->s = malloc(t->cap);
    if (!t->s)
        abort();
    t->s[0] = 0;
    t->n = 0;
    t->attrs = pango_attr_list_new();
}
static void text_put(text *t, const char *s)
{
    size_t k = strlen(s);
    if (t->n + k + 1 > t->cap) {
        while (t->n + k + 1 > t->cap)
            t->cap *= 2;
        t->s = realloc(t->s, t->cap);
        if (!t->s)
            abort();
    }
    memcpy(t->s + t->n, s, k + 1);
    t->n += k;
}
static void text_put_styled(text *t, const char *s, int bold, int italic)
{
    guint start = (guint)t->n;
    text_put(t, s);
    PangoAttribute *a = bold ? pango_attr_weight_new(PANGO_WEIGHT_BOLD)
                             : pango_attr_style_new(italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    a->start_index = start;
    a->end_index = (guint)t->n;
    pango_attr_list_insert(t->attrs, a);
}

/* Sentences until the text has between lo and hi words, as bench/gen does. */
static void text_words(text *t, int lo, int hi, int inline_styles)
{
    int target = rnd_in(lo, hi), n = 0;
    while (n < target) {
        if (n)
            text_put(t, " ");
        size_t from = t->n;
        const char *parts[4] = {PICK(SUBJECTS), PICK(VERBS), PICK(OBJECTS), PICK(ENDINGS)};
        char buf[512];
        snprintf(buf, sizeof buf, "%s %s %s%s", parts[0], parts[1], parts[2], parts[3]);
        if (rnd_unit() < 0.35) {
            char low[64];
            snprintf(low, sizeof low, "%s", PICK(SUBJECTS));
            low[0] = (char)(low[0] | 0x20);
            size_t k = strlen(buf);
            snprintf(buf + k, sizeof buf - k, ", och %s %s %s", low, PICK(VERBS), PICK(OBJECTS));
        }
        text_put(t, buf);
        if (inline_styles && rnd_unit() < 0.12) {
            text_put(t, ", vilket beskrivs som ");
            int kind = rnd_in(0, 2);
            if (kind == 0) {
                text_put(t, "”");
                text_put(t, PICK(EMPHASIS));
                text_put(t, "”");
            } else {
                text_put_styled(t, PICK(EMPHASIS), kind == 2, kind == 1);
            }
        }
        if (rnd_unit() < 0.15) {
            snprintf(buf, sizeof buf, " (%d deltagare)", rnd_in(12, 480));
            text_put(t, buf);
        }
        text_put(t, ".");
        for (size_t i = from; i < t->n; i++)
            if (t->s[i] == ' ')
                n++;
        n++;
    }
}

/* ---------------------------------------------------------- the report */

typedef enum { S_BODY, S_H1, S_H2, S_H3, S_H4, S_TITLE, S_SUB, S_TD, S_TH, S_DT, S_DD, S_HF,
               S_TOC, S_SMALL, S_COUNT } style_id;
typedef struct {
    const char *family;
    double size, line_height, before, after;
    int bold;
    double r, g, b;
} style;
static const style STYLES[S_COUNT] = {
    [S_BODY] = {"Noto Serif", 10.5, 1.38, 0, 5, 0, .1, .1, .1},
    [S_H1] = {"Noto Sans", 15, 1.2, 20, 6, 1, .11, .21, .34},
    [S_H2] = {"Noto Sans", 12.5, 1.2, 16, 4, 1, .11, .21, .34},
    [S_H3] = {"Noto Sans", 11, 1.25, 14, 4, 1, .1, .1, .1},
    [S_H4] = {"Noto Sans", 9.5, 1.38, 8, 2, 1, .2, .2, .2},
    [S_TITLE] = {"Noto Sans", 21, 1.15, 30, 4, 1, .11, .21, .34},
    [S_SUB] = {"Noto Sans", 12, 1.38, 0, 18, 0, .2, .2, .2},
    [S_TD] = {"Noto Sans", 8.5, 1.25, 0, 0, 0, .1, .1, .1},
    [S_TH] = {"Noto Sans", 8.5, 1.25, 0, 0, 1, .1, .1, .1},
    [S_DT] = {"Noto Sans", 8.5, 1.38, 0, 0, 1, .2, .2, .2},
    [S_DD] = {"Noto Serif", 10, 1.38, 0, 2, 0, .1, .1, .1},
    [S_HF] = {"Noto Sans", 8, 1.2, 0, 0, 0, .33, .33, .33},
    [S_TOC] = {"Noto Sans", 9.5, 1.38, 0, 0, 0, .1, .1, .1},
    [S_SMALL] = {"Noto Serif", 9, 1.38, 0, 5, 0, .27, .27, .27},
};

/* One thing to paint: a line of a layout, or a rule or shaded rectangle. */
typedef struct {
    PangoLayout *layout; /* NULL: a rectangle */
    int line;
    double x, y, w, h; /* baseline at y for text */
    const style *st;
} item;

typedef struct {
    PangoContext *ctx;
    PangoFontDescription *fonts[S_COUNT];
    item *items;
    size_t n_items, cap_items;
    int *page_start; /* first item of each page */
    int n_pages, cap_pages;
    PangoLayout **layouts; /* owned, freed after painting */
    size_t n_layouts, cap_layouts;
    double y; /* on the current page, from the top edge */
    int page;
    long lines, cells;
} report;

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    p = realloc(p, c * size);
    if (!p)
        abort();
    *cap = c;
    return p;
}

static void new_page(report *r)
{
    if (r->n_pages == r->cap_pages) {
        r->cap_pages = r->cap_pages ? r->cap_pages * 2 : 32;
        r->page_start = realloc(r->page_start, (size_t)r->cap_pages * sizeof(int));
        if (!r->page_start)
            abort();
    }
    r->page_start[r->n_pages++] = (int)r->n_items;
    r->y = M_TOP;
}

static void add_item(report *r, item it)
{
    r->items = grow(r->items, &r->cap_items, r->n_items + 1, sizeof *r->items);
    r->items[r->n_items++] = it;
}

static PangoLayout *make_layout(report *r, style_id s, text *t, double width)
{
    PangoLayout *lo = pango_layout_new(r->ctx);
    pango_layout_set_font_description(lo, r->fonts[s]);
    pango_layout_set_text(lo, t->s, (int)t->n);
    pango_layout_set_attributes(lo, t->attrs);
    if (width > 0) {
        pango_layout_set_width(lo, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(lo, PANGO_WRAP_WORD_CHAR);
    }
    r->layouts = grow(r->layouts, &r->cap_layouts, r->n_layouts + 1, sizeof *r->layouts);
    r->layouts[r->n_layouts++] = lo;
    pango_attr_list_unref(t->attrs);
    free(t->s);
    return lo;
}

/* Place the lines of a layout at x, breaking pages between lines; returns
 * the height used on the last page. */
static void flow_layout(report *r, PangoLayout *lo, style_id s, double x, double indent_first)
{
    const style *st = &STYLES[s];
    double pitch = st->size * st->line_height;
    int n = pango_layout_get_line_count(lo);
    PangoLayoutIter *it = pango_layout_get_iter(lo);
    for (int i = 0; i < n; i++) {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double base = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
        double natural = logical.height / (double)PANGO_SCALE;
        double p = natural > pitch ? natural : pitch;
        if (r->y + p > PAGE_H - M_BOTTOM)
            new_page(r);
        double ascent = base - logical.y / (double)PANGO_SCALE;
        add_item(r, (item){lo, i, x + (i ? 0 : indent_first), r->y + (p - natural) / 2 + ascent, 0, 0, st});
        r->y += p;
        r->lines++;
        pango_layout_iter_next_line(it);
    }
    pango_layout_iter_free(it);
}

/* The height flow_layout will give a layout (for rows kept whole). */
static double layout_height(PangoLayout *lo, style_id s)
{
    int n = pango_layout_get_line_count(lo), h;
    pango_layout_get_size(lo, NULL, &h);
    double natural = n ? h / (double)PANGO_SCALE / n : 0;
    double pitch = STYLES[s].size * STYLES[s].line_height;
    return n * (natural > pitch ? natural : pitch);
}

/* Start a new page unless h more points fit on this one. */
static void ensure(report *r, double h)
{
    if (r->y + h > PAGE_H - M_BOTTOM && r->y > M_TOP)
        new_page(r);
}

static void space(report *r, double pt)
{
    r->y += pt;
}

static void block(report *r, style_id s, text *t, double indent)
{
    const style *st = &STYLES[s];
    space(r, st->before);
    if (s == S_H1 || s == S_H2 || s == S_H3 || s == S_H4)
        if (r->y + 3 * st->size * 1.4 > PAGE_H - M_BOTTOM) /* keep with next */
            new_page(r);
    PangoLayout *lo = make_layout(r, s, t, PAGE_W - M_LEFT - M_RIGHT - indent);
    flow_layout(r, lo, s, M_LEFT + indent, 0);
    space(r, st->after);
}

static void para_words(report *r, style_id s, int lo, int hi)
{
    text t;
    text_init(&t);
    text_words(&t, lo, hi, 1);
    block(r, s, &t, 0);
}

static void heading(report *r, style_id s, const char *title)
{
    text t;
    text_init(&t);
    text_put(&t, title);
    block(r, s, &t, 0);
}

static void bullets(report *r, int n, int lo, int hi)
{
    for (int i = 0; i < n; i++) {
        text t;
        text_init(&t);
        text_put(&t, "•\t");
        text_words(&t, lo, hi, 1);
        PangoLayout *l = make_layout(r, S_BODY, &t, PAGE_W - M_LEFT - M_RIGHT - 14);
        flow_layout(r, l, S_BODY, M_LEFT + 14, 0);
        space(r, 2);
    }
    space(r, 3);
}

/* A table: columns of the given widths; each row's cells laid out, the
 * row placed whole (moved to the next page when it does not fit). */
static void table(report *r, int cols, const double *w, int rows, int header,
                  void (*cell)(text *t, int row, int col))
{
    space(r, 4);
    for (int row = 0; row < rows; row++) {
        style_id s = row < header ? S_TH : S_TD;
        PangoLayout *lo[8];
        double h = 0;
        for (int c = 0; c < cols; c++) {
            text t;
            text_init(&t);
            cell(&t, row, c);
            lo[c] = make_layout(r, s, &t, w[c] - 6);
            double nl = layout_height(lo[c], s);
            if (nl > h)
                h = nl;
            r->cells++;
        }
        h += 6;
        ensure(r, h);
        if (row < header)
            add_item(r, (item){NULL, 0, M_LEFT, r->y, PAGE_W - M_LEFT - M_RIGHT, h, NULL});
        double x = M_LEFT, top = r->y;
        for (int c = 0; c < cols; c++) {
            r->y = top + 3;
            flow_layout(r, lo[c], s, x + 3, 0);
            x += w[c];
        }
        r->y = top + h;
        add_item(r, (item){NULL, 1, M_LEFT, r->y, PAGE_W - M_LEFT - M_RIGHT, 0.4, NULL});
    }
    space(r, 8);
}

static int n_agreements;

static void overview_cell(text *t, int row, int col)
{
    static const char *const head[] = {"Partnerskap", "Idéburen part", "Avtalsperiod", "Status",
                                       "Kostnad 2024"};
    char buf[96];
    if (row == 0) {
        text_put(t, head[col]);
        return;
    }
    switch (col) {
    case 0:
        text_put(t, PICK(TITLES));
        if (rnd_unit() < 0.3) {
            text_put(t, " – ");
            text_put(t, PICK(ORGS));
        }
        break;
    case 1:
        text_put(t, PICK(ORGS));
        if (rnd_unit() < 0.4) {
            text_put(t, ", ");
            text_put(t, PICK(ORGS));
        }
        break;
    case 2: text_put(t, "1 juli 2023 – 31 december 2025"); break;
    case 3: text_put(t, rnd_unit() < 0.3 ? "Pågående, nytt" : "Pågående"); break;
    default:
        snprintf(buf, sizeof buf, "%d %03d kr", rnd_in(150, 3500), rnd_in(0, 999));
        text_put(t, buf);
    }
}

static void result_cell(text *t, int row, int col)
{
    char buf[32];
    if (row == 0) {
        text_put(t, col ? "2024" : "Resultat");
    } else if (col) {
        snprintf(buf, sizeof buf, "%d %%", rnd_in(5, 95));
        text_put(t, buf);
    } else {
        text_put(t, row == 1 ? "Deltagare som gått vidare" : "Genomförda träffar");
    }
}

static void expiring_cell(text *t, int row, int col)
{
    static const char *const head[] = {"Partnerskap", "Avtalet löper ut", "Förlängning"};
    if (row == 0)
        text_put(t, head[col]);
    else if (col == 0)
        text_put(t, PICK(TITLES));
    else
        text_put(t, col == 1 ? "30 juni 2025" : "1+1 år");
}

/* A labelled field of an agreement: label left, value in the text column
 * (the value's lines separated by U+2028, as the template's line breaks). */
static void field(report *r, const char *label, text *v)
{
    text t;
    text_init(&t);
    text_put(&t, label);
    PangoLayout *l = make_layout(r, S_DT, &t, 80);
    PangoLayout *lv = make_layout(r, S_DD, v, PAGE_W - M_LEFT - M_RIGHT - 84);
    ensure(r, layout_height(lv, S_DD));
    double top = r->y;
    flow_layout(r, l, S_DT, M_LEFT, 0);
    double after_label = r->y;
    r->y = top;
    flow_layout(r, lv, S_DD, M_LEFT + 84, 0);
    if (after_label > r->y)
        r->y = after_label;
    space(r, 2);
}

static void put_amount(text *t)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%d %03d kr", rnd_in(150, 3500), rnd_in(0, 999));
    text_put(t, buf);
}

static void fields(report *r, int i)
{
    text v;
    text_init(&v);
    text_put(&v, "Arbetsmarknadsnämnden och ");
    text_put(&v, PICK(ORGS));
    if (rnd_unit() < 0.4) {
        text_put(&v, ", ");
        text_put(&v, PICK(ORGS));
    }
    field(r, "Partnerskap", &v);
    text_init(&v);
    text_put(&v, rnd_unit() < 0.5 ? "1 juli 2024 – 31 december 2025, med möjlighet till förlängning 1+1 år"
                                  : "1 januari 2023 – 31 december 2026");
    field(r, "Avtalsperiod", &v);
    if (i % 6 == 4) {
        text_init(&v);
        text_put(&v, "1 januari 2019 – 31 december 2021 (ursprungligt avtal)\u2028"
                     "1 januari 2022 – 31 december 2022 (förlängning ett år enligt överenskommelsen)");
        field(r, "Tidigare perioder", &v);
    }
    text_init(&v);
    for (int k = rnd_in(1, 3); k > 0; k--) {
        text_put(&v, "Arbetsmarknadsnämnden: ");
        put_amount(&v);
        text_put(&v, k > 1 ? " för perioden 1 januari 2024 – 31 december 2024 (Budget 2024)\u2028"
                           : " per år (Per helår)");
    }
    if (rnd_unit() < 0.5) {
        text_put(&v, "\u2028");
        text_put(&v, PICK(ORGS));
        text_put(&v, ": ");
        put_amount(&v);
        text_put(&v, " per år, värderad insats i annan form än pengar (Volontärtimmar, lokaler och administration)");
    }
    field(r, "Budget", &v);
    text_init(&v);
    put_amount(&v);
    text_put(&v, " för nämnden; partnerskapets värde ");
    put_amount(&v);
    text_put(&v, ", varav kommunens andel 80,9 %");
    field(r, "Kostnad 2024", &v);
    text_init(&v);
    text_put(&v, "Unga vuxna 18–29 år som varken arbetar eller studerar och som inte är inskrivna hos "
                 "Arbetsförmedlingen.");
    field(r, "Målgrupp", &v);
    text_init(&v);
    text_put(&v, "104 planerade, 22 deltog");
    field(r, "Deltagare 2024", &v);
    if (rnd_unit() < 0.6) {
        text_init(&v);
        text_put(&v, "Arbetsmarknadscentrum och Eget initiativ");
        field(r, "Anvisning", &v);
    }
    if (rnd_unit() < 0.7) {
        text_init(&v);
        text_put(&v, "Enhetschef från förvaltningen och verksamhetsansvariga från ");
        text_put(&v, PICK(ORGS));
        text_put(&v, ".");
        field(r, "Styrgrupp", &v);
    }
}

static void agreement(report *r, int i)
{
    char title[160];
    snprintf(title, sizeof title, "%s (AMN-2023-%04d)", PICK(TITLES), 1000 + i);
    heading(r, S_H3, title);
    fields(r, i);
    heading(r, S_H4, "Syfte");
    para_words(r, S_BODY, 25, 55);
    heading(r, S_H4, "Mål");
    for (int g = rnd_in(1, 3) == 3 ? 2 : 1; g > 0; g--)
        para_words(r, S_BODY, 10, 25);
    heading(r, S_H4, "Verksamhet och resultat 2024");
    static const int paras[] = {1, 2, 2, 3};
    for (int p = paras[rnd() % 4]; p > 0; p--)
        para_words(r, S_BODY, 30, 55);
    if (rnd_unit() < 0.25)
        bullets(r, 3, 8, 22);
    if (rnd_unit() < 0.6) {
        static const double w[] = {340, 113.5};
        table(r, 2, w, rnd_in(2, 4), 1, result_cell);
    }
    if (rnd_unit() < 0.7) {
        heading(r, S_H4, "Uppföljning och samverkan");
        para_words(r, S_BODY, 15, 35);
    }
    if (rnd_unit() < 0.55) {
        heading(r, S_H4, "Parternas åtaganden");
        bullets(r, rnd_in(1, 2), 8, 20);
    }
    heading(r, S_H4, "Förvaltningens bedömning");
    for (int p = rnd_in(0, 2) ? 1 : 2; p > 0; p--)
        para_words(r, S_BODY, 25, 50);
    if (rnd_unit() < 0.5) {
        heading(r, S_H4, "Lärdomar");
        para_words(r, S_BODY, 5, 8);
        bullets(r, 3, 12, 18);
    }
    if (rnd_unit() < 0.25)
        para_words(r, S_SMALL, 8, 14);
}

static void toc(report *r)
{
    static const char *const entries[] = {
        "Inledning", "Idéburet offentligt partnerskap", "Rättsläge", "Nämndens partnerskap 2024",
        "Uppföljning", "Pågående partnerskap", "Arbetsmarknad", "Barn och unga",
        "Socialt – hemlöshet", "Avslutade partnerskap under 2024", "Arbetsmarknad",
        "Att uppmärksamma", "Avtal som löper ut inom sex månader",
        "Avstämning mot IOP-kriterierna",
    };
    heading(r, S_TOC, "Innehåll");
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        text t, n;
        text_init(&t);
        text_put(&t, entries[i]);
        text_init(&n);
        char buf[32];
        snprintf(buf, sizeof buf, "%d", 1 + (int)i * n_agreements / 8);
        text_put(&n, buf);
        PangoLayout *l = make_layout(r, S_TOC, &t, 400);
        PangoLayout *ln = make_layout(r, S_TOC, &n, -1);
        ensure(r, layout_height(l, S_TOC));
        double top = r->y;
        flow_layout(r, l, S_TOC, M_LEFT + (i % 3 == 2 ? 14 : 0), 0);
        r->y = top;
        flow_layout(r, ln, S_TOC, PAGE_W - M_RIGHT - 10, 0);
        space(r, 6);
    }
}

static void build_report(report *r)
{
    new_page(r);
    r->y = M_TOP + 30; /* below the letterhead */
    heading(r, S_TITLE, "Idéburna offentliga partnerskap – årsrapport 2024");
    heading(r, S_SUB, "Rapport till arbetsmarknadsnämnden");
    toc(r);
    heading(r, S_H1, "Inledning");
    para_words(r, S_BODY, 25, 35);
    para_words(r, S_BODY, 25, 35);
    heading(r, S_H1, "Idéburet offentligt partnerskap");
    for (int i = 0; i < 3; i++)
        para_words(r, S_BODY, 45, 65);
    bullets(r, 5, 8, 14);
    heading(r, S_H2, "Rättsläge");
    para_words(r, S_BODY, 50, 70);
    para_words(r, S_BODY, 40, 60);
    heading(r, S_H1, "Nämndens partnerskap 2024");
    para_words(r, S_BODY, 40, 55);
    para_words(r, S_BODY, 20, 30);
    static const double ow[] = {150, 90, 85, 62, 66.5};
    table(r, 5, ow, n_agreements + 4, 1, overview_cell);
    heading(r, S_H1, "Uppföljning");
    para_words(r, S_BODY, 60, 75);
    heading(r, S_H1, "Pågående partnerskap");
    para_words(r, S_BODY, 15, 25);
    int ended = n_agreements * 3 / 10;
    for (int i = 0; i < n_agreements; i++) {
        if (i % 4 == 0 && i < n_agreements - ended)
            heading(r, S_H2, i % 8 ? "Socialt – hemlöshet" : "Arbetsmarknad");
        if (i == n_agreements - ended) {
            heading(r, S_H1, "Avslutade partnerskap under 2024");
            heading(r, S_H2, "Arbetsmarknad");
        }
        agreement(r, i);
    }
    heading(r, S_H1, "Att uppmärksamma");
    heading(r, S_H2, "Avtal som löper ut inom sex månader");
    static const double ew[] = {253.5, 120, 80};
    table(r, 3, ew, 1 + n_agreements / 5, 1, expiring_cell);
    heading(r, S_H2, "Avstämning mot IOP-kriterierna");
    para_words(r, S_BODY, 20, 30);
    bullets(r, 2, 10, 20);
}

static PangoLayout *simple_layout(report *r, style_id s, const char *str)
{
    PangoLayout *lo = pango_layout_new(r->ctx);
    pango_layout_set_font_description(lo, r->fonts[s]);
    pango_layout_set_text(lo, str, -1);
    return lo;
}

static int paint_report(report *r, const char *path)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "floor: cannot write %s\n", path);
        return 1;
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "Idéburna offentliga partnerskap");
    cairo_t *cr = cairo_create(surf);
    PangoLayout *head_l = simple_layout(r, S_HF, "Arbetsmarknadsnämnden");
    PangoLayout *head_r = simple_layout(r, S_HF, "Idéburna offentliga partnerskap – årsrapport 2024");
    int head_w;
    pango_layout_get_size(head_r, &head_w, NULL);
    for (int p = 0; p < r->n_pages; p++) {
        int end = p + 1 < r->n_pages ? r->page_start[p + 1] : (int)r->n_items;
        const style *last = NULL;
        for (int i = r->page_start[p]; i < end; i++) {
            const item *it = &r->items[i];
            if (!it->layout) {
                if (it->line)
                    cairo_set_source_rgb(cr, .77, .8, .85);
                else
                    cairo_set_source_rgb(cr, .91, .93, .95);
                cairo_rectangle(cr, it->x, it->y, it->w, it->h);
                cairo_fill(cr);
                last = NULL;
                continue;
            }
            if (it->st != last) {
                cairo_set_source_rgb(cr, it->st->r, it->st->g, it->st->b);
                last = it->st;
            }
            cairo_move_to(cr, it->x, it->y);
            pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(it->layout, it->line));
        }
        cairo_set_source_rgb(cr, .33, .33, .33);
        if (p > 0) {
            cairo_move_to(cr, M_LEFT, HEADER_Y);
            pango_cairo_show_layout(cr, head_l);
            cairo_move_to(cr, PAGE_W - M_RIGHT - head_w / (double)PANGO_SCALE, HEADER_Y);
            pango_cairo_show_layout(cr, head_r);
        }
        char num[32];
        snprintf(num, sizeof num, "%d (%d)", p + 1, r->n_pages);
        PangoLayout *foot = simple_layout(r, S_HF, num);
        int fw;
        pango_layout_get_size(foot, &fw, NULL);
        cairo_move_to(cr, PAGE_W - M_RIGHT - fw / (double)PANGO_SCALE, PAGE_H - FOOTER_Y);
        pango_cairo_show_layout(cr, foot);
        g_object_unref(foot);
        r->lines += p > 0 ? 3 : 1;
        cairo_show_page(cr);
    }
    g_object_unref(head_l);
    g_object_unref(head_r);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    int bad = cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surf);
    if (bad)
        fprintf(stderr, "floor: writing %s failed\n", path);
    return bad;
}

static void report_clear(report *r)
{
    for (size_t i = 0; i < r->n_layouts; i++)
        g_object_unref(r->layouts[i]);
    r->n_layouts = 0;
    r->n_items = 0;
    r->n_pages = 0;
}

int main(int argc, char **argv)
{
    int reports = 1;
    unsigned seed = 6;
    const char *out = NULL;
    n_agreements = 10;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reports") && i + 1 < argc)
            reports = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--agreements") && i + 1 < argc)
            n_agreements = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = (unsigned)atoi(argv[++i]);
        else if (argv[i][0] != '-' && !out)
            out = argv[i];
        else {
            fprintf(stderr, "usage: floor [--reports M] [--agreements K] [--seed S] OUT_DIR\n");
            return 2;
        }
    }
    if (!out || reports < 1 || n_agreements < 1)
        return 2;

    /* set up once per process, as iopreport does (src/layout/engine.c) */
    PangoFontMap *fm = pango_cairo_font_map_new();
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72.0);
    report r;
    memset(&r, 0, sizeof r);
    r.ctx = pango_font_map_create_context(fm);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(r.ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(r.ctx, FALSE);
    pango_context_set_language(r.ctx, pango_language_from_string("sv"));
    for (int s = 0; s < S_COUNT; s++) {
        PangoFontDescription *fd = pango_font_description_new();
        pango_font_description_set_family(fd, STYLES[s].family);
        pango_font_description_set_size(fd, (gint)(STYLES[s].size * PANGO_SCALE));
        pango_font_description_set_weight(fd, STYLES[s].bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        r.fonts[s] = fd;
    }

    int status = 0;
    long pages = 0;
    for (int k = 0; k < reports; k++) {
        rng_state = 0x9E3779B97F4A7C15ull ^ ((uint64_t)seed << 32) ^ (uint64_t)(k + 1);
        build_report(&r);
        char path[4096];
        snprintf(path, sizeof path, "%s/floor-%04d.pdf", out, k + 1);
        status |= paint_report(&r, path);
        pages += r.n_pages;
        report_clear(&r);
    }
    fprintf(stderr, "floor: %d report(s), %ld pages, %ld text lines, %ld table cells\n", reports,
            pages, r.lines, r.cells);

    for (int s = 0; s < S_COUNT; s++)
        pango_font_description_free(r.fonts[s]);
    free(r.items);
    free(r.page_start);
    free(r.layouts);
    g_object_unref(r.ctx);
    g_object_unref(fm);
    return status;
}
