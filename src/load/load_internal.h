/* Private to the load layer: the pieces that turn one file's bytes into
 * model objects, and the list that collects one file's problems before
 * they reach the caller's sink (so they can be de-duplicated and sorted). */
#ifndef IOP_LOAD_INTERNAL_H
#define IOP_LOAD_INTERNAL_H

#include "iopreport/load.h"

#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* ---- problems of one file ------------------------------------------ */

typedef enum problem_origin {
    ORIGIN_PARSER, /* well-formedness: the file could not be read as XML */
    ORIGIN_SCHEMA, /* RELAX NG structure */
    ORIGIN_ECHO,   /* RELAX NG "something below failed": shown only alone */
    ORIGIN_CHECK   /* the loader's own value and consistency checks */
} problem_origin;

typedef struct problem {
    problem_origin origin;
    iop_severity severity;
    const xmlNode *node; /* the element concerned, or NULL */
    long line;
    int col;
    char *message;
    const char *code; /* iop_diag_entry.code */
} problem;

typedef struct file_ctx {
    iop_model *model; /* NULL while the file is checked (on any thread); set for a register */
    const char *file; /* interned in the model */
    problem *problems;
    size_t n_problems, cap_problems;
    size_t n_checks_on_file; /* errors not attributable to an agreement */
    bool index_only;         /* iop_load_options.index_only */
    bool validated;          /* the bytes were found valid before: no schema */
} file_ctx;

/* Problems of the parser are coded IOP-XML and of the schema IOP-SCHEMA
 * unless a code is given; the loader's own checks have none unless given
 * (docs/diagnostic-codes.md lists the codes). */
void fctx_report(file_ctx *fc, problem_origin origin, iop_severity sev, const xmlNode *node,
                 long line, int col, const char *fmt, ...) IOP_PRINTF(7, 8);
void fctx_report_code(file_ctx *fc, problem_origin origin, const char *code, iop_severity sev,
                      const xmlNode *node, long line, int col, const char *fmt, ...)
    IOP_PRINTF(8, 9);
/* An error of the loader's own checks, located at a node. */
void fctx_error(file_ctx *fc, const xmlNode *node, const char *fmt, ...) IOP_PRINTF(3, 4);
void fctx_error_code(file_ctx *fc, const xmlNode *node, const char *code, const char *fmt, ...)
    IOP_PRINTF(4, 5);
void fctx_warning(file_ctx *fc, const xmlNode *node, const char *fmt, ...) IOP_PRINTF(3, 4);
void fctx_warning_code(file_ctx *fc, const xmlNode *node, const char *code, const char *fmt, ...)
    IOP_PRINTF(4, 5);
/* Does any error lie on `node` or inside it? */
bool fctx_has_error_within(const file_ctx *fc, const xmlNode *node);
/* Move the problems to the sink in line order, dropping schema messages that
 * a more precise check message on the same element already explains. */
void fctx_flush(file_ctx *fc, iop_diag *diag);
void fctx_free(file_ctx *fc);
iop_loc fctx_loc(const file_ctx *fc, const xmlNode *node);

/* ---- libxml2 set-up, safe reading and parsing (xml_safe.c) ------------ */

/* Read a whole file, refusing more than max bytes. On failure returns
 * NULL and sets *why to a message (caller frees). */
char *read_file_capped(const char *path, size_t max, size_t *len, char **why);
/* Parse bytes with the production flags; a DOCTYPE stops the parser.
 * Problems go to fc. Returns NULL when the file is not well-formed. */
xmlDoc *parse_safely(file_ctx *fc, const char *data, size_t len);

/* libxml2's well-formedness message in words for the people who write the
 * files, or NULL when it is not one of the known mistakes (caller frees). */
char *parser_message(const xmlError *err, const char *data, size_t len);
/* Is err only a consequence of the error before it at last_line:last_col? */
bool parser_message_is_cascade(const xmlError *err, long last_line, int last_col);

/* ---- the schema (schema.c) ------------------------------------------ */

/* Validate against the compiled-in schema; problems go to fc. */
bool schema_validate(file_ctx *fc, xmlDoc *doc);
/* Compile the schema now, on the thread that starts the others: the
 * compiled schema is then only read, by every thread's own validation. */
void schema_prepare(void);
void schema_cleanup(void);

/* ---- names and values the schema allows where (structure.c) ------------ */

/* Every element and attribute under root checked against the names the
 * schema allows at that place, and enumerated values against their list;
 * each mistake is an error on the element's own line, with a suggestion. */
void check_names(file_ctx *fc, const xmlNode *root);
/* Read the names from the schema now, before other threads read them. */
void structure_prepare(void);
void structure_cleanup(void);

/* ---- values left from `iopreport new` (placeholders.c) ----------------- */

/* A warning for every placeholder under root that was not replaced. */
void check_placeholders(file_ctx *fc, const xmlNode *root);

/* ---- reading elements (xml_read.c) ------------------------------------- */

extern const char IOP_NS[];
bool is_elem(const xmlNode *n, const char *name);
/* The first/next element child in our namespace. */
xmlNode *first_elem(const xmlNode *parent);
xmlNode *next_elem(const xmlNode *n);
long node_line(const xmlNode *n);
/* An attribute, trimmed; NULL when absent. Caller frees. */
char *attr_trimmed(file_ctx *fc, const xmlNode *n, const char *name);
/* The element's text with whitespace collapsed and trimmed; checked
 * against the length limit. Caller frees. */
char *plain_text(file_ctx *fc, const xmlNode *n, size_t max_chars);
/* Rich text as a tree (whitespace collapsed as in HTML). */
iop_rich *rich_text(file_ctx *fc, const xmlNode *n);

/* Value parsers: report a precise error on n and return false when malformed. */
bool read_date(file_ctx *fc, const xmlNode *n, const char *attr, iop_date *out);
bool read_amount(file_ctx *fc, const xmlNode *n, const char *attr, int64_t *ore);
bool read_count(file_ctx *fc, const xmlNode *n, const char *what, const char *s, long *out);
bool read_year(file_ctx *fc, const xmlNode *n, const char *attr, int *out);
bool read_decimal(file_ctx *fc, const xmlNode *n, const char *attr, iop_decimal *out);

/* ---- the format's elements (read_agreement.c, read_committees.c) ------ */

/* Read one <agreement>; always returns an agreement (possibly partial). */
iop_agreement *read_agreement(file_ctx *fc, const xmlNode *n);
/* Semantic checks of one agreement (check_agreement.c). */
void check_agreement(file_ctx *fc, const xmlNode *n, const iop_agreement *a);
/* Read a <committees> register into the model. An entry with an error (or
 * a duplicate id) is reported to fc and left out, and its id goes into
 * src->committees, so that the reports of that committee are held back. */
void read_committees(file_ctx *fc, const xmlNode *root, iop_source *src);

/* ---- finding files (walk.c) ------------------------------------------- */

typedef struct path_list {
    char **paths;
    char **whys; /* NULL, or why the path cannot be read */
    size_t n, cap;
} path_list;

/* Every *.xml under path (a file is taken as it is), sorted per folder.
 * Unreadable paths are listed with the reason; a folder reached twice
 * (a symbolic link loop) is a warning in diag. */
void walk_xml_files(const char *path, path_list *out, iop_diag *diag);
void path_list_free(path_list *l);

/* ---- files read on several threads (file_pool.c) ------------------------ */

typedef struct file_pool file_pool;

/* `helpers` threads besides the caller's run `run` on the files given; at
 * most `window` files are given and not taken back.  No helper: the caller
 * runs each file when it takes it back. */
file_pool *file_pool_new(unsigned helpers, size_t window, void (*run)(void *job));
/* Is the window full (take one back before giving another)? */
bool file_pool_full(const file_pool *p);
/* Files given and not yet taken back. */
size_t file_pool_pending(const file_pool *p);
void file_pool_give(file_pool *p, void *job);
/* The oldest file given, once run; the caller runs waiting files meanwhile. */
void *file_pool_take(file_pool *p);
/* Ends and joins the helpers (before any fork). Accepts NULL. */
void file_pool_free(file_pool *p);

#endif
