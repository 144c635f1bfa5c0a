/**
 * iopreport/document.h — the document vocabulary (`urn:iopreport:document:1`,
 * described in docs/document.md and schema/document.rng): a small XHTML-like
 * tree of blocks and inlines, page setup, metadata and the document's own
 * style rules.  Templates produce it; the layout layer typesets it.
 *
 * Ownership: an iop_document owns every node, string, style rule and the
 * file name that node locations point to; iop_document_free() releases all.
 * Nothing here exposes libxml2 types: the XML is copied out and freed while
 * parsing.  Text is UTF-8 with whitespace collapsed as in HTML (runs of
 * spaces, tabs and newlines become one space; leading/trailing space of a
 * block is trimmed); U+00A0 (no-break space) is kept.
 */
#ifndef IOPREPORT_DOCUMENT_H
#define IOPREPORT_DOCUMENT_H

#include "iopreport/locale.h"
#include "iopreport/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The XML namespace of the vocabulary. */
#define IOP_DOCUMENT_NS "urn:iopreport:document:1"

/* ------------------------------------------------------------------ */
/* Nodes                                                                */
/* ------------------------------------------------------------------ */

/** What a node is. Blocks first, then inlines. New block kinds (charts)
 *  are appended before IOP_NODE_TEXT; layout treats unknown kinds as
 *  empty blocks, so adding one never breaks older code. */
typedef enum iop_node_kind {
    IOP_NODE_BODY,       /**< <body>: the flow of blocks */
    IOP_NODE_HEADING,    /**< <h1>..<h4>: `level` 1..4, inline children */
    IOP_NODE_P,          /**< <p>: inline children */
    IOP_NODE_UL,         /**< <ul>: LI children */
    IOP_NODE_OL,         /**< <ol>: LI children; `start` is the first number */
    IOP_NODE_LI,         /**< <li>: inline children, or blocks (p, ul, ol...) */
    IOP_NODE_TABLE,      /**< <table>: `cols`, then THEAD/TBODY/TFOOT children */
    IOP_NODE_THEAD,      /**< rows repeated at the top of every page */
    IOP_NODE_TBODY,
    IOP_NODE_TFOOT,      /**< rows set once, after the last body row */
    IOP_NODE_TR,
    IOP_NODE_TH,         /**< header cell: inline children; `colspan` */
    IOP_NODE_TD,         /**< data cell: inline children; `colspan` */
    IOP_NODE_IMG,        /**< <img>: `src`, `alt`, `width`, `height` */
    IOP_NODE_DL,         /**< labelled fields: DT/DD pairs */
    IOP_NODE_DT,         /**< a label: inline children */
    IOP_NODE_DD,         /**< a value: inline children */
    IOP_NODE_BLOCKQUOTE, /**< block children, indented */
    IOP_NODE_DIV,        /**< a plain group of blocks (for classes) */
    IOP_NODE_KEEP,       /**< <keep>: blocks kept on one page when they fit */
    IOP_NODE_PAGE_BREAK, /**< <page-break/> */
    IOP_NODE_TOC,        /**< <toc/>: table of contents; `level` = depth */
    IOP_NODE_CHART,      /**< <chart>: a bar chart, timeline or split bar; `chart` */
    /* future block kinds go here */
    IOP_NODE_TEXT,       /**< a run of text: `text` is set, no children */
    IOP_NODE_EM,
    IOP_NODE_STRONG,
    IOP_NODE_Q,          /**< quotation, rendered with Swedish quotes ”…” */
    IOP_NODE_A,          /**< link: `href` (URI, or `#id` inside the document) */
    IOP_NODE_SPAN,       /**< styled by its class */
    IOP_NODE_BR,         /**< forced line break */
    IOP_NODE_FIELD,      /**< <field name="..."/>: `text` holds the name */
    IOP_NODE_KIND_COUNT
} iop_node_kind;

/** Is this kind a block (laid out as a box of its own)? */
bool iop_node_kind_is_block(iop_node_kind kind);
/** The element name of a kind ("h1" is "h"; "page-break"...); never NULL. */
const char *iop_node_kind_name(iop_node_kind kind);

/** A length unit as written; values are converted to points when parsed. */
typedef enum iop_col_kind {
    IOP_COL_AUTO = 0,     /**< width from content */
    IOP_COL_FIXED,        /**< `value` points (`30mm`, `80pt`) */
    IOP_COL_PROPORTIONAL  /**< `value` shares of what is left (`2*`) */
} iop_col_kind;

/** A table column (<col width="..." align="..."/>). */
typedef struct iop_col {
    iop_col_kind kind;
    double value;
    int align; /**< an iop_align, or -1 when not given */
} iop_col;

typedef struct iop_chart iop_chart; /* charts: see below */
typedef struct iop_node iop_node;

/** A node of the document tree. Strings are NULL when absent. */
struct iop_node {
    iop_node_kind kind;
    long line;          /**< source line (0 when unknown) */
    char *text;         /**< TEXT: the text; FIELD: the field name */
    char *cls;          /**< the class attribute: space-separated names */
    char *id;           /**< anchor for `#id` links and outline entries */
    char *lang;         /**< the lang attribute (inherited by layout) */
    char *href;         /**< A */
    char *src;          /**< IMG: as written (relative to the document) */
    char *alt;          /**< IMG */
    bool decorative;    /**< IMG, CHART: role="presentation", an artifact without alt text */
    char *title;        /**< TOC: its heading (default "Innehåll") */
    double width;       /**< IMG: points, 0 = natural */
    double height;      /**< IMG: points, 0 = natural (aspect kept) */
    int level;          /**< HEADING: 1..4; TOC: deepest level listed */
    int colspan;        /**< TH/TD: 1 or more */
    int start;          /**< OL: first number (default 1) */
    int align;          /**< TH/TD/P/IMG: an iop_align from `align`, or -1 */
    iop_col *cols;      /**< TABLE: column specs from <col>; may be NULL */
    size_t n_cols;
    iop_chart *chart;   /**< CHART: what the chart shows (owned by the node) */
    iop_node **children;
    size_t n_children;
};

/* ------------------------------------------------------------------ */
/* Charts (docs/document.md, "Charts")                                  */
/* ------------------------------------------------------------------ */

/** What a chart draws. */
typedef enum iop_chart_kind {
    IOP_CHART_BAR = 0,  /**< one horizontal bar per item on a value axis */
    IOP_CHART_TIMELINE, /**< one row of periods per item on a time axis */
    IOP_CHART_SPLIT     /**< one bar per item, split into the shares of its parts */
} iop_chart_kind;

/** How a series is drawn: shades apart in lightness, and patterns, so
 *  that a chart printed in black and white still tells them apart. */
typedef enum iop_chart_look {
    IOP_LOOK_DARK = 0, /**< dark slate */
    IOP_LOOK_MEDIUM,   /**< grey */
    IOP_LOOK_LIGHT,    /**< light grey */
    IOP_LOOK_HATCHED,  /**< white, hatched, outlined */
    IOP_LOOK_DOTTED    /**< white, dotted, outlined */
} iop_chart_look;

/** A series of a timeline or split chart: its legend text and look. */
typedef struct iop_chart_series {
    char *id;           /**< what a timeline's spans name it by; NULL when not given */
    char *label;        /**< its legend text, never NULL */
    iop_chart_look look;
    long line;
} iop_chart_series;

/** A period of a timeline row: days as iop_days_from_civil() counts them
 *  (iopreport/locale.h), both ends included. */
typedef struct iop_chart_span {
    size_t series;      /**< index into the chart's series */
    int64_t from, to;
    bool open;          /**< no end: runs to the end of the axis (`to` unused) */
    long line;
} iop_chart_span;

/** One series' part of a split bar. */
typedef struct iop_chart_part {
    double value;       /**< >= 0 */
    char *display;      /**< shown in the segment; NULL: the engine's share "83 %" */
    long line;
} iop_chart_part;

/** A bar, a timeline row, or a split bar. */
typedef struct iop_chart_item {
    char *label;        /**< never NULL */
    double value;       /**< BAR: >= 0 (0 when not recorded) */
    bool recorded;      /**< BAR: `value` given; without it the value is not
                             recorded: no bar, only `display` ("uppgift saknas") */
    char *display;      /**< BAR: the value as shown (never NULL);
                             SPLIT: the total shown after the bar, or NULL */
    iop_chart_span *spans; /**< TIMELINE */
    size_t n_spans;
    iop_chart_part *parts; /**< SPLIT: one per series, in series order */
    size_t n_parts;
    long line;
} iop_chart_item;

/** The data of a <chart>, given explicitly by the template. */
struct iop_chart {
    iop_chart_kind kind;
    char *title;        /**< set above the chart, or NULL */
    char *alt;          /**< the text alternative, never NULL */
    char *axis_label;   /**< BAR: under the axis numbers ("Kronor"), or NULL */
    iop_chart_series *series; /**< TIMELINE, SPLIT: in the order of the legend */
    size_t n_series;
    bool has_range;     /**< TIMELINE: `from`/`to` given; else the spans' years */
    int64_t from, to;   /**< day numbers, as iop_chart_span's */
    bool has_highlight; /**< TIMELINE: a highlighted stretch (the report year) */
    int64_t highlight_from, highlight_to;
    char *highlight_label; /**< its legend text; NULL: not in the legend */
    iop_chart_item *items;
    size_t n_items;
};

/* Day numbers and dates: the civil calendar of iopreport/locale.h. */

/* ------------------------------------------------------------------ */
/* Styles                                                               */
/* ------------------------------------------------------------------ */

typedef enum iop_align {
    IOP_ALIGN_LEFT = 0,   /**< start: left for left-to-right text */
    IOP_ALIGN_RIGHT,
    IOP_ALIGN_CENTER,
    IOP_ALIGN_JUSTIFY
} iop_align;

/** List markers. */
typedef enum iop_list_style {
    IOP_LIST_DISC = 0, IOP_LIST_DASH, IOP_LIST_DECIMAL, IOP_LIST_LOWER_ALPHA, IOP_LIST_NONE
} iop_list_style;

/** Table rules (lines between cells). */
typedef enum iop_rules {
    IOP_RULES_ROWS = 0, /**< horizontal rules between rows (default) */
    IOP_RULES_NONE,
    IOP_RULES_ALL,      /**< a full grid */
    IOP_RULES_FRAME     /**< only under the header, above the footer, and the outer edge */
} iop_rules;

/** Which properties a rule sets (bit mask). */
enum {
    IOP_STYLE_FONT_FAMILY = 1u << 0,
    IOP_STYLE_FONT_SIZE = 1u << 1,
    IOP_STYLE_FONT_WEIGHT = 1u << 2,
    IOP_STYLE_FONT_STYLE = 1u << 3,
    IOP_STYLE_COLOR = 1u << 4,
    IOP_STYLE_BACKGROUND = 1u << 5,
    IOP_STYLE_SPACE_BEFORE = 1u << 6,
    IOP_STYLE_SPACE_AFTER = 1u << 7,
    IOP_STYLE_MARGIN_LEFT = 1u << 8,
    IOP_STYLE_MARGIN_RIGHT = 1u << 9,
    IOP_STYLE_TEXT_INDENT = 1u << 10,
    IOP_STYLE_LINE_HEIGHT = 1u << 11,
    IOP_STYLE_ALIGN = 1u << 12,
    IOP_STYLE_HYPHENATE = 1u << 13,
    IOP_STYLE_KEEP_WITH_NEXT = 1u << 14,
    IOP_STYLE_KEEP_TOGETHER = 1u << 15,
    IOP_STYLE_TABULAR = 1u << 16,
    IOP_STYLE_BORDER_TOP = 1u << 17,
    IOP_STYLE_BORDER_BOTTOM = 1u << 18,
    IOP_STYLE_BORDER_COLOR = 1u << 19,
    IOP_STYLE_PADDING = 1u << 20,
    IOP_STYLE_RULES = 1u << 21,
    IOP_STYLE_RULE_WIDTH = 1u << 22,
    IOP_STYLE_RULE_COLOR = 1u << 23,
    IOP_STYLE_LIST_STYLE = 1u << 24,
    IOP_STYLE_PAGE_BREAK_BEFORE = 1u << 25,
    IOP_STYLE_SMALL_CAPS = 1u << 26,
    IOP_STYLE_HYPHENATE_LIMIT = 1u << 27
};

/**
 * Resolved (or, inside a rule, declared) presentation of a node.
 * Lengths are points, colours 0xRRGGBB.  Strings are borrowed from the
 * document.
 */
typedef struct iop_style {
    unsigned set;            /**< IOP_STYLE_* bits (in a rule: what it sets) */
    const char *font_family; /**< fontconfig family list, e.g. "Liberation Serif" */
    double font_size;
    int font_weight;         /**< 400 normal, 700 bold (100..900) */
    bool italic;
    bool small_caps;
    uint32_t color;
    bool has_background;
    uint32_t background;     /**< cell/block shading when has_background */
    double space_before, space_after;
    double margin_left, margin_right;
    double text_indent;      /**< first line */
    double line_height;      /**< multiple of the font size, e.g. 1.3 */
    iop_align align;
    bool hyphenate;          /**< break words with the hyphenation dictionary */
    int hyphenate_limit_lines; /**< most consecutive lines ending in a hyphen; 0 no limit */
    bool keep_with_next;     /**< never a page break right after this block */
    bool keep_together;      /**< never a page break inside this block */
    bool page_break_before;
    bool tabular;            /**< tabular (fixed-width) figures */
    double border_top, border_bottom; /**< rule widths above/below a block or cell; 0 none */
    uint32_t border_color;
    double padding;          /**< inside table cells */
    iop_rules rules;         /**< TABLE */
    double rule_width;       /**< TABLE: width of the rules */
    uint32_t rule_color;     /**< TABLE */
    iop_list_style list_style;
} iop_style;

/** A style rule: `<style match="td.num" .../>`. */
typedef struct iop_style_rule {
    char *element; /**< element name ("p", "h1", "td"), or NULL for any */
    char *cls;     /**< one class name, or NULL for any */
    iop_style style; /**< only the properties in style.set apply */
    long line;
} iop_style_rule;

/* ------------------------------------------------------------------ */
/* Page setup and metadata                                              */
/* ------------------------------------------------------------------ */

/** A running header or footer: three inline containers (any may be NULL). */
typedef struct iop_running {
    iop_node *left;   /**< a P node whose children are inlines and FIELDs */
    iop_node *center;
    iop_node *right;
} iop_running;

/** What the first page shows at its top. */
typedef enum iop_first_header {
    IOP_FIRST_SAME = 0,  /**< the running header, as every page */
    IOP_FIRST_NONE,      /**< nothing */
    IOP_FIRST_LETTERHEAD /**< the letterhead blocks instead of the header */
} iop_first_header;

/** Page geometry, running header/footer and first-page letterhead. */
typedef struct iop_page_setup {
    double width, height;  /**< points (A4 = 595.276 x 841.89) */
    double margin_top, margin_bottom, margin_left, margin_right;
    double header_offset;  /**< header baseline area: distance from the top edge */
    double footer_offset;  /**< footer area: distance of its bottom from the bottom edge */
    iop_running header;
    iop_running footer;
    iop_first_header first_header;
    bool first_footer;     /**< show the footer on the first page (default true) */
    int fit_pages;         /**< > 0: the pages the document should fit on; a little more is
                                tightened (spaces and leading) to fit, 0 = as it comes */
    iop_node *letterhead_left;  /**< DIV of blocks (logo...), or NULL */
    iop_node *letterhead_right; /**< DIV of blocks (office, date, case number), or NULL */
} iop_page_setup;

/** Document metadata (PDF info and running-header fields). NULL = absent. */
typedef struct iop_document_meta {
    char *title;
    char *author;
    char *subject;
    char *keywords;
    char *date;        /**< as displayed, e.g. "1 juli 2018" */
    char *case_number; /**< diarienummer, e.g. "KS 2018/123" */
    char *lang;        /**< default "sv" */
} iop_document_meta;

/** A parsed document. */
typedef struct iop_document {
    char *name;            /**< file name for diagnostics (owned) */
    char *base_dir;        /**< directory relative image paths start from ("." default) */
    iop_document_meta meta;
    iop_page_setup page;
    iop_style_rule *rules; /**< in document order; later rules win */
    size_t n_rules;
    iop_node *body;        /**< IOP_NODE_BODY, never NULL */
    /** private to the document layer: the rules by element name, made
     * when parsing ends (NULL: every rule is tried) */
    struct iop_style_index *style_index;
} iop_document;

/**
 * Parse a document from memory. `name` is used in diagnostics
 * (`name:line: ...`) and to resolve relative image paths (its directory);
 * it may be NULL ("<memory>").  DOCTYPEs, external entities and network
 * access are refused.  Unknown elements and attributes, bad lengths and
 * colours are errors.  Returns NULL on error (every problem reported to
 * `diag`); the caller frees the result with iop_document_free().
 */
iop_document *iop_document_parse_memory(const char *data, size_t len, const char *name,
                                        iop_diag *diag) IOP_MUST_CHECK;

struct _xmlDoc; /* libxml2's xmlDoc */

/**
 * The document of an XML tree already in memory (a template's result),
 * checked as iop_document_parse_memory() checks a parsed one; `name` as
 * there. Messages carry the line numbers the tree's nodes hold
 * (xmlGetLineNo), 0 where it holds none. The tree is only read: the caller
 * still owns and frees it. NULL on error (every problem reported).
 */
iop_document *iop_document_from_xml(struct _xmlDoc *xml, const char *name,
                                    iop_diag *diag) IOP_MUST_CHECK;

/** Read and parse a file (see iop_document_parse_memory). NULL on error. */
iop_document *iop_document_parse_file(const char *path, iop_diag *diag) IOP_MUST_CHECK;

/** Free a document and everything it owns. Accepts NULL. */
void iop_document_free(iop_document *doc);

/**
 * The style of `node` as the layout uses it: the built-in defaults for
 * its element, then the document's matching rules in order (element rules,
 * then class rules, then element.class rules), over the inherited
 * properties of `parent` (font, colour, alignment, line height,
 * hyphenation).  `parent` is NULL for the body.  Never fails.
 */
void iop_document_style(const iop_document *doc, const iop_node *node,
                        const iop_style *parent, iop_style *out);

/**
 * The same for an element that is not a node: `element` is a name as in
 * style rules ("header", "footer", "toc", "li"...), `classes` a
 * space-separated class list or NULL.  `kind` decides built-in defaults
 * tied to a node kind (pass the closest kind, e.g. IOP_NODE_P).
 */
void iop_document_style_for(const iop_document *doc, iop_node_kind kind, const char *element,
                            const char *classes, const iop_style *parent, iop_style *out);

/** Parse a length (`12pt`, `25mm`, `2.5cm`, `1in`, bare number = pt) into
 *  points. False when malformed or negative. */
bool iop_document_parse_length(const char *s, double *pt) IOP_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_DOCUMENT_H */
