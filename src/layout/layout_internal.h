/* Private to the layout layer. */
#ifndef IOP_LAYOUT_INTERNAL_H
#define IOP_LAYOUT_INTERNAL_H

#include "iopreport/layout.h"

#include <cairo.h>
#include <hyphen.h>
#include <pango/pangocairo.h>

struct iop_layout {
    PangoFontMap *fontmap;
    PangoContext *context;
    GHashTable *families;  /* lower-case family names installed (set) */
    GHashTable *family_known; /* family list as styles give it → 1 installed, 2 not */
    HyphenDict *hyph_sv;   /* NULL when the dictionary is missing */
    bool hyph_tried;
    bool hyph_compiled;    /* hyph_sv is the compiled-in one: not freed */
    bool hyph_lent;        /* hyph_sv is another typesetter's: not freed */
    /* Paragraphs that come back in document after document (a template's
     * fixed chapters, table headers): their layouts, by para_build's key,
     * kept from one document to the next while each one uses them; and
     * the digests of the last document's keys (sorted), which tell what a
     * document has in common with the one before (text.c). */
    GHashTable *shared;
    uint64_t *seen;
    size_t n_seen;
    int threads;           /* iop_layout_set_threads */
    /* the typesetter of the second thread (prefetch.c): a font map and
     * context of its own, made once, since pango's are not thread-safe */
    struct iop_layout *twin;
};

struct iop_text_line {
    PangoLayout *layout;
    PangoLayoutLine *line;
};

struct iop_image {
    cairo_surface_t *surface; /* image surface (PNG) or recording surface (SVG) */
    double width, height;     /* extent in surface units (pixels for PNG) */
    double nat_w, nat_h;      /* natural size in points */
};

/* fontsort.c: find fontconfig's own matching functions, which the ones
 * this executable defines call (once, before pango's font thread starts). */
void fontsort_init(void);
/* Drop every kept answer (at exit, for leak checkers). */
void fontsort_cleanup(void);
/* The name pango 1.50 gives the thread it starts to match a font
 * description, whose work fontsort.c's g_thread_new does in the caller. */
#define FONTSORT_MATCH_THREAD "[pango] FcFontSetMatch"

/* shapecache.c: find harfbuzz's own hb_shape, which the one this
 * executable defines calls, and read IOPREPORT_SHAPE_CHECK (once). */
void shapecache_init(void);
/* Drop the calling thread's kept shapings (at exit, for leak checkers;
 * other threads drop theirs when they end). */
void shapecache_cleanup(void);
/* How many requests the calling thread's kept shapings have answered
 * (for the tests). */
unsigned long shapecache_answered(void);

/* glyphcolor.c: release the faces whose colour answers are kept (at
 * exit, for leak checkers). */
void glyphcolor_cleanup(void);

/* fontmetrics.c: make pango measure fonts one thread at a time (its
 * measuring is not thread-safe), from the class of the font that `fd`
 * loads in `context` (loaded before, so that this costs no font match).
 * Once per process; false when no font could be loaded: then one thread
 * must do all the layout. */
bool fontmetrics_serialize(PangoContext *context, const PangoFontDescription *fd);

/* ---- boxes (pages.c) ---- */
void box_free(iop_box *b);
/* A deep copy (strings duplicated, line and image referenced). */
iop_box box_copy(const iop_box *b);
/* A box of `kind` at (x, y, w, h) in `color`, everything else zero. */
iop_box box_make(iop_box_kind kind, double x, double y, double w, double h, uint32_t color);
iop_text_line *text_line_new(PangoLayout *layout, PangoLayoutLine *line);
void text_line_free(iop_text_line *t);
void image_free(iop_image *img);
iop_image *image_ref(const iop_image *img);

/* ---- one run of the typesetter over a document ---- */

/* A unit of the flow: what the paginator moves as a whole (a line, a
 * table row, an image).  Box coordinates are relative to the unit's top
 * left (x absolute on the page). */
typedef struct unit {
    double height;
    double space_before;   /* dropped at the top of a page */
    bool break_ok;         /* a page break may come before this unit */
    bool force_break;      /* a page break must come before it */
    int table;             /* table whose header repeats before it, or -1 */
    bool header_row;
    int heading_level;     /* > 0: an outline entry starts here */
    char *heading_title;
    char *heading_dest;
    int heading_index;     /* 0-based, for the TOC */
    iop_box *boxes;
    size_t n_boxes, cap_boxes;
} unit;

/* Header rows of a table, repeated after a page break inside it. */
typedef struct table_head {
    unit *rows;
    size_t n_rows;
} table_head;

typedef struct font_adv font_adv;

/* A style's font, as style_font made it. */
struct run_font {
    const char *family;
    int size, weight;
    bool italic, small_caps;
    PangoFontDescription *fd;
    font_adv *adv; /* its advances (advance.c), or NULL */
};

typedef struct run {
    iop_layout *lay;
    const iop_document *doc;
    iop_diag *diag;
    unit *units;
    size_t n_units, cap_units;
    table_head *heads;
    size_t n_heads;
    double pending_space;  /* space after the last block, collapsed with the next */
    bool keep_pending;     /* the next unit may not start a page (keep-with-next) */
    bool break_pending;    /* the next unit must start a page */
    int n_headings;
    int *heading_pages;    /* from the previous pass (TOC), or NULL */
    int n_heading_pages;
    int n_pages_prev;      /* page count of the previous pass, or 0 */
    double first_top_prev; /* top of page 1's body in the previous pass (below a
                              letterhead), or 0 */
    bool first_top_guessed; /* paginate_next_y used a letterhead's height unknown */
    /* the logical structure made so far (elems[0] the document), and the
     * element that new elements go under */
    iop_struct_elem *elems;
    size_t n_elems, cap_elems;
    int elem_parent;
    int dest_counter;
    GHashTable *warned;    /* messages already given once */
    double space_factor;   /* vertical spaces, tightened to make a document fit (1 = as set) */
    double lead_factor;    /* line height, likewise */
    double content_width;  /* of the page body */
    double body_height;    /* usable height of a page body */
    int field_page;        /* values of the page fields now (0: unknown) */
    int field_pages;
    int page_offset;       /* pages before this document's first (a part of a packet) */
    int pages_total;       /* what the "pages" field shows, when > 0; else this
                              document's own count */
    /* a list marker waiting for the first line of its item */
    iop_box *marker;
    size_t n_marker;
    /* layouts already shaped in this document, by text, attributes and
     * settings (text.c); kept across the passes */
    GHashTable *para_cache;
    /* what each block of the document was set as, by the block and its
     * style and width (para_build_block) */
    GHashTable *para_memo;
    /* the column widths each table was given, kept across the passes
     * (table.c) */
    struct table_widths *table_widths;
    size_t n_table_widths;
    /* the fonts of the styles met so far (style_font) */
    struct run_font *fonts;
    size_t n_fonts, cap_fonts;
} run;

/* A left edge and a width: where a block is set. */
typedef struct frame {
    double x, width;
} frame;

/* Laying out text: a paragraph's inline content as one pango layout. */
typedef struct para {
    PangoLayout *layout;
    char *text;         /* the layout's text (with soft hyphens) */
    struct plink { int start, end; char *href; } *links;
    size_t n_links;
    int n_lines;
    PangoLayoutLine **lines; /* line i, borrowed from layout (pango's own lookup is a list walk) */
    double *line_top;   /* top of line i, from the paragraph's top */
    double *baseline;   /* baseline of line i, from the paragraph's top */
    double *pitch;      /* height of line i */
    double *line_x;     /* left edge of line i's ink-free logical box */
    double *line_w;     /* logical width of line i */
    double height;
    double width;       /* the widest line's logical width */
    int span_parent, span; /* the Span element that text between links goes into */
    bool borrowed; /* text, links and line arrays belong to the run's para_memo */
} para;

/* run.c */
unit *run_add_unit(run *r);
void unit_add_box(unit *u, const iop_box *b);
void unit_free(unit *u);
void run_warn_once(run *r, long line, const char *fmt, ...) IOP_PRINTF(3, 4);
const char *run_font_family(run *r, const char *family, long line);
/* A new structure element of `type` (a static string) under the current
 * container; returns its id for the boxes that hold its content. */
int run_elem(run *r, const char *type);
/* A new container element: the elements made until run_elem_leave(r,
 * saved) go under it.  Returns `saved`. */
int run_elem_enter(run *r, const char *type, int *id);
void run_elem_leave(run *r, int saved);
iop_struct_elem *run_elem_at(run *r, int id);
/* Forget the elements (start of a pass); element 0 is the document. */
void run_elems_reset(run *r);
char *run_new_dest(run *r);

/* text.c: inline nodes → pango layout; `extra` appended text (or NULL) */
bool para_build(run *r, para *p, const iop_node *block, const iop_style *st, double width,
                const char *prefix, bool wrap);
void para_free(para *p);
/* para_build() of a block of the document itself (no prefix), the text,
 * attributes and layout made once per run for the same block, style and
 * width; not for nodes made on the stack. */
bool para_build_block(run *r, para *p, const iop_node *block, const iop_style *st, double width,
                      bool wrap);
/* Forget what para_build_block kept (the end of a run). */
void para_memo_free(run *r);
/* Add the text boxes (and link boxes) of line `i` at (x, y=line top) to
 * `u`, as content of structure element `sid` (0: an artifact).  In a
 * paragraph with links `sid` becomes a container: its text goes into Span
 * and Link children, a LINK box before the text of each link. */
void para_emit_line(run *r, para *p, int i, unit *u, double x, double top, uint32_t color,
                    int sid);
/* Plain text of inline content (outline titles). Caller frees. */
char *inline_plain_text(const iop_document *doc, const iop_node *n);
/* A pango font description for a style, lent: the run owns it until
 * run_fonts_free (at the end of the document). */
const PangoFontDescription *style_font(run *r, const iop_style *st, long line);
void run_fonts_free(run *r);
/* The longest run of text that is never broken across lines, in characters. */
#define IOP_UNBREAKABLE_MAX 48
/* The next run of `text` from byte `from` that must stay on one line (a
 * figure: digits joined by no-break spaces to their groups and unit, as
 * "999 999 kr", "84,5 %", or digits and signs alone), as bytes [start,
 * end); false when there is none. */
bool unbreakable_next(const char *text, size_t from, size_t *start, size_t *end);
/* The width of the widest such run in a block's inline content, set in
 * style `st` (0 when it has none). */
double unbreakable_width(run *r, const iop_node *block, const iop_style *st);
/* A simple one-style layout of `text` (markers, page numbers). */
PangoLayout *simple_layout(run *r, const char *text, const iop_style *st, double width,
                           PangoAlignment align);
/* simple_layout(), wrapping at words or characters when `width` > 0,
 * shared with the rest of the document (and the next ones): not to be
 * changed. Caller unrefs. */
PangoLayout *shared_layout(run *r, const char *text, const iop_style *st, double width,
                           PangoAlignment align);
/* shared_layout(r, text, st, width, PANGO_ALIGN_LEFT), or `unwrapped`
 * (shared_layout of the text without a width) when that is the same. */
PangoLayout *shared_layout_fit(run *r, const char *text, const iop_style *st, double width,
                               PangoLayout *unwrapped);
/* shared_layout(r, text, st, 0, PANGO_ALIGN_LEFT): a word, figure or marker. */
PangoLayout *word_layout(run *r, const char *text, const iop_style *st);

/* Keep the layouts of the document just laid out (`doc_cache`, para_build's)
 * that the document before it made too, for the documents after it. */
void para_share_layouts(iop_layout *lay, GHashTable *doc_cache);

/* hyphen.c: insert soft hyphens into `text` (UTF-8); caller frees. */
char *hyphenate_text(iop_layout *lay, const char *text, const char *lang);
/* The Swedish dictionary of `lay`, loaded now if not yet; NULL when missing. */
HyphenDict *hyphen_dict_sv(iop_layout *lay);

/* engine.c: a run over `doc` with `lay` (r zeroed first), and its end,
 * which frees all it holds but its para_cache, handed back (the caller
 * shares or destroys it) */
void run_begin(run *r, iop_layout *lay, const iop_document *doc, iop_diag *diag);
GHashTable *run_end(run *r);
/* Forget the units, table heads, markers and elements made so far. */
void run_reset(run *r);
/* A typesetter like `lay` for a second thread (same settings, families
 * and dictionary); NULL when pango cannot make one. */
iop_layout *layout_twin_new(iop_layout *lay);

/* prefetch.c: the end of the body laid out ahead on a second thread,
 * while the run lays out its beginning; what that thread shaped is handed
 * to the run when the two meet. NULL when not worth it or not allowed. */
typedef struct prefetch prefetch;
prefetch *prefetch_start(run *r, const iop_style *body, frame f);
/* Before the run flows the body's child `i`: when the other thread has
 * taken it, wait for that thread and take over what it made. */
void prefetch_reach(prefetch *pf, run *r, size_t i);
/* The end: wait for the thread if still running, take over what it made,
 * free pf. Accepts NULL. */
void prefetch_finish(prefetch *pf, run *r);

/* `text` with soft hyphens at the dictionary's points in the words that
 * are wider in style `st` than `width` points (a name in a narrow column:
 * "Pingst-församling", not "Pingstförsamlin-g"), or NULL when no word is.
 * Caller frees. */
char *hyphenate_wide_words(run *r, const char *text, const char *lang, const iop_style *st,
                           double width);
/* Forbid in `attrs` (allow_breaks) the breaks of `text` a typesetter does
 * not make: before a spaced dash, which ends its line; and inside a word
 * that may not fit on a line `width` points wide (`em`: the text's largest
 * font size), so that pango's character wrapping, the last resort, leaves
 * at least two letters on each line ("Pingstförsamlin-" / "g" never). */
void guard_breaks(PangoAttrList *attrs, const char *text, double width, double em);
/* guard_breaks() with `em` the largest font size in `attrs`, or `size`. */
void guard_breaks_attrs(PangoAttrList *attrs, const char *text, double width, double size);
/* Whether a line may not break before `p` in `text` as guard_breaks
 * forbids for every width (a spaced dash). */
bool break_forbidden_before(const char *text, const char *p);

/* ladder.c: no more than `limit` lines in a row ending with a hyphen */
/* Break lo's ladders of hyphenated lines (lo wraps at `pwidth`, made with
 * `asked`; `slack` how far a line may run over, half an em); a layout set
 * again keeps `asked` for layout_made_with. */
void break_hyphen_ladders(PangoLayout *lo, PangoAttrList *asked, int limit, int pwidth,
                          int slack);
/* Whether lo was asked for with `attrs` (a cached layout's test). */
bool layout_made_with(PangoLayout *lo, PangoAttrList *attrs);

/* advance.c */
/* Room for kerning in an upper bound of a width, in em a character: no
 * pair of the text fonts widens a word by this much (their kerning pairs
 * narrow it). */
#define IOP_KERN_ROOM 0.05
/* The advances of a font of the run (style_font), asked character by
 * character: NULL for a font style_font did not make. */
font_adv *font_advances(run *r, const PangoFontDescription *fd);
/* The advance of `c` in em (the tabular figure's for a digit when that is
 * wider), or negative when the font has no glyph for it (another font
 * sets it) or it is not one of the characters most text is made of
 * (Latin-1, Latin Extended-A, the general punctuation, the euro and the
 * minus sign). */
double char_advance(font_adv *fa, gunichar c);
void font_adv_free(font_adv *fa);
/* More than the width of s[0, len) set alone in style `st` (word_layout),
 * in points, or -1 when a character's width is not known. */
double width_bound(run *r, const iop_style *st, const char *s, size_t len);

/* flow.c */
void flow_blocks(run *r, const iop_node *container, const iop_style *st, frame f, int depth);
void flow_block(run *r, const iop_node *n, const iop_style *parent, frame f, int depth);
/* Emit a laid-out paragraph as one unit per line, with widow/orphan
 * control and the space before/after it. */
void flow_para_units(run *r, para *p, const iop_style *st, double x, const char *tag,
                     bool keep_together);
void flow_space(run *r, double before);
void flow_after(run *r, const iop_style *st);

/* table.c */
void flow_table(run *r, const iop_node *t, const iop_style *st, frame f);
void table_widths_free(run *r);
/* Move the column widths `from` kept to the end of `to`'s. */
void table_widths_take(run *to, run *from);

/* chart.c */
void flow_chart(run *r, const iop_node *n, const iop_style *st, frame f);

/* image.c */
iop_image *image_load(run *r, const iop_node *img);

/* paginate.c */
iop_pages *paginate(run *r);
/* Where the body of the page would go on after the units made so far
 * (their last page's y), as the paginator places them.  Exact when the
 * next unit may start a page, so that no later unit moves these; page 1's
 * top is the previous pass's (a letterhead is set at the end). */
double paginate_next_y(run *r);

#endif
