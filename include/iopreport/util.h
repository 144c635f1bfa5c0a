/**
 * iopreport/util.h — the base layer every other layer builds on:
 * allocation that never returns NULL, a growable string buffer, and the
 * diagnostics sink through which every layer reports problems with a
 * source location.  No third-party headers.
 */
#ifndef IOPREPORT_UTIL_H
#define IOPREPORT_UTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define IOP_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define IOP_MUST_CHECK __attribute__((warn_unused_result))
#define IOP_NORETURN __attribute__((noreturn))
#else
#define IOP_PRINTF(fmt, args)
#define IOP_MUST_CHECK
#define IOP_NORETURN
#endif

#define IOP_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Allocation: out of memory prints one message and aborts.            */
/* ------------------------------------------------------------------ */

/** malloc that never returns NULL. Caller frees with free(). */
void *iop_xmalloc(size_t size);
/** calloc that never returns NULL (and checks n*size overflow). Caller frees. */
void *iop_xcalloc(size_t n, size_t size);
/** realloc that never returns NULL (and checks n*size overflow). */
void *iop_xreallocarray(void *ptr, size_t n, size_t size);
/** strdup that never returns NULL; iop_xstrdup(NULL) returns NULL. Caller frees. */
char *iop_xstrdup(const char *s);
/** strndup that never returns NULL. Caller frees. */
char *iop_xstrndup(const char *s, size_t n);
/** asprintf that never returns NULL. Caller frees. */
char *iop_xasprintf(const char *fmt, ...) IOP_PRINTF(1, 2);
/** vasprintf that never returns NULL. Caller frees. */
char *iop_xvasprintf(const char *fmt, va_list ap) IOP_PRINTF(1, 0);

/**
 * Grow an array so that it holds at least `need` elements.
 * `*cap` is updated; the (possibly moved) array is returned.
 * Usage: v = iop_grow(v, &cap, n + 1, sizeof *v);
 */
void *iop_grow(void *array, size_t *cap, size_t need, size_t elem_size);

/* ------------------------------------------------------------------ */
/* String buffer                                                        */
/* ------------------------------------------------------------------ */

/** A growable, always NUL-terminated byte string. Zero-initialise or use
 *  IOP_STRBUF_INIT; release with iop_strbuf_free(). */
typedef struct iop_strbuf {
    char *data;   /**< NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
} iop_strbuf;

#define IOP_STRBUF_INIT {NULL, 0, 0}

void iop_strbuf_append(iop_strbuf *sb, const char *s, size_t n);
void iop_strbuf_puts(iop_strbuf *sb, const char *s);
void iop_strbuf_putc(iop_strbuf *sb, char c);
void iop_strbuf_printf(iop_strbuf *sb, const char *fmt, ...) IOP_PRINTF(2, 3);
/** Empty the buffer but keep its memory. */
void iop_strbuf_clear(iop_strbuf *sb);
/** Give the string to the caller (transfer full; "" if nothing was
 *  appended) and reset the buffer. */
char *iop_strbuf_detach(iop_strbuf *sb);
/** Release the buffer's memory; the buffer can be reused afterwards. */
void iop_strbuf_free(iop_strbuf *sb);

/* ------------------------------------------------------------------ */
/* Suggestions                                                          */
/* ------------------------------------------------------------------ */

/** Edit distance between two short names (insertions, deletions,
 *  substitutions and swaps of neighbours, ignoring ASCII case). Names longer
 *  than 64 bytes get the longer length. */
size_t iop_edit_distance(const char *a, const char *b);
/** The name among `names` that `s` is most likely a misspelling of, or
 *  NULL when none is close enough (borrowed from `names`). */
const char *iop_closest_name(const char *s, const char *const *names, size_t n);

/* ------------------------------------------------------------------ */
/* Text from outside: valid UTF-8 that XML and a terminal can carry      */
/* ------------------------------------------------------------------ */

/**
 * Decode one character of `s` (not at its NUL) into `*cp`; returns where
 * the next one starts.  A byte that does not begin valid UTF-8 is read as
 * Latin-1 (U+00A0..U+00FF; a name from an old Windows share stays
 * readable); controls (C0 other than tab, LF, CR — those too unless
 * `keep_newlines` — DEL, C1), surrogates and U+FFFE/U+FFFF become U+FFFD.
 */
const char *iop_utf8_step(const char *s, uint32_t *cp, bool keep_newlines);
/** Append a code point as UTF-8. */
void iop_strbuf_put_codepoint(iop_strbuf *sb, uint32_t cp);
/** A copy of `s` made of iop_utf8_step()'s characters; NULL for NULL.
 *  Caller frees. */
char *iop_utf8_clean(const char *s, bool keep_newlines);
/** Collapse each run of XML whitespace (space, tab, CR, LF) in `s` into one
 *  space and trim both ends, in place, as HTML sets text. Returns `s`. */
char *iop_collapse_space(char *s);

/* ------------------------------------------------------------------ */
/* Files                                                                */
/* ------------------------------------------------------------------ */

/**
 * The whole content of the regular file `path`, NUL-terminated, at most
 * `max` bytes; `*len` gets the length.  The file is opened without
 * blocking and checked with fstat, so a FIFO, a device or a folder is
 * refused at once instead of waited for.  On failure returns NULL and
 * `*why` says why ("cannot open: …", "is not a regular file", …; caller
 * frees).  Caller frees the result.
 */
char *iop_file_read(const char *path, size_t max, size_t *len, char **why);

/* ------------------------------------------------------------------ */
/* Untrusted XML: the one safe way every layer parses a file            */
/* ------------------------------------------------------------------ */

struct _xmlDoc;
struct _xmlError;
struct _xmlDict;

/** How iop_xml_parse_safe() reads bytes and where it says what is wrong. */
typedef struct iop_xml_parse {
    const char *name; /**< the file's name: the document's URL and in messages */
    const char *kind; /**< what such files are called: "agreement files" */
    /** A problem of ours (a DOCTYPE, an empty, compressed or oversized
     *  file, bytes that are no XML), at `line` (0 when none), with its
     *  diagnostic code ("IOP-DOCTYPE", "IOP-LIMIT") or NULL. Required. */
    void (*problem)(void *user, long line, const char *code, const char *message);
    /** Each of libxml2's errors and warnings, except those that only
     *  follow from a refused DOCTYPE. Required. */
    void (*xml_error)(void *user, const struct _xmlError *err);
    void *user;
    /** A dictionary the parser shares (libxslt compares names by it), or NULL. */
    struct _xmlDict *dict;
    /** Keep each element's start line past 65535 in its _private (libxml2
     *  keeps 16 bits of it; xmlGetLineNo then guesses from the text). */
    bool element_lines;
} iop_xml_parse;

/**
 * Parse untrusted bytes, the same way for every kind of file: the network
 * off, no entity substitution, no DTD loading, libxml2's default limits
 * (never the huge ones), CDATA as text, and a DOCTYPE stops the parser
 * before anything in it is read ("a document type declaration
 * (<!DOCTYPE x>) is not allowed in KIND; the file was not read further").
 * Refuses empty, gzip-compressed and oversized bytes before parsing.
 * Returns the tree (free with xmlFreeDoc), or NULL after at least one
 * problem was reported.
 */
struct _xmlDoc *iop_xml_parse_safe(const char *data, size_t len, const iop_xml_parse *how);

/** Set libxml2 up for untrusted files once per process: every external
 *  entity and catalog refused, generic messages silenced. Called by
 *  iop_xml_parse_safe(); safe to call again.  A process that parses in
 *  more than one thread calls it first, before it starts the others:
 *  they then get the same settings. */
void iop_xml_init(void);
/** Release libxml2's global state (after the last parse). */
void iop_xml_cleanup(void);

/* ------------------------------------------------------------------ */
/* XML as events                                                        */
/* ------------------------------------------------------------------ */

/** What a writer of XML text tells, as it writes it, to whoever makes
 *  something else of the same XML (a tree) without parsing the text.
 *  Names are plain ASCII; texts and attribute values are the characters
 *  a parser would read back (unescaped, already cleaned), `attrs` name and
 *  value by turns, ending with a NULL name.  Text outside the root
 *  element (the line breaks around it) is told too. */
typedef struct iop_xml_sink {
    void *ctx;
    void (*start)(void *ctx, const char *name, const char *const *attrs);
    void (*text)(void *ctx, const char *text, size_t len);
    void (*end)(void *ctx);
} iop_xml_sink;

/* ------------------------------------------------------------------ */
/* Threads, and memory in huge pages (huge_pages.c)                     */
/* ------------------------------------------------------------------ */

/** Starts fn(arg) on a new thread with default attributes, as
 *  pthread_create does, and returns its result (0 or an errno value).
 *  Every thread of the program starts here, so that after
 *  iop_huge_pages_use() its malloc arena is backed by huge pages. */
int iop_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg);

/** The next thread started with iop_thread_start() makes its malloc
 *  arena with room for huge pages (4 MiB writable instead of glibc's 128
 *  KiB) and marks it for them; iop_thread_start() returns once it has.
 *  For the first thread of a process that may make only one report: the
 *  report's threads reuse that arena. */
void iop_huge_pages_prepare_next_thread(void);

/** For a process that makes one report and ends: the main heap's next
 *  16 MiB, kept once taken, and the arenas of threads started from now
 *  on with iop_thread_start() are backed by transparent huge pages where
 *  the kernel has them.  One page fault then stands for 512: a fifth of
 *  one report's time on a VM where faults are dear. */
void iop_huge_pages_use(void);

/** Before forking workers that make many reports each: memory touched
 *  from now on is in small pages again, in the heap and arenas marked so
 *  far and in those of threads started later (a huge page is resident
 *  as a whole, and workers keep their memory). */
void iop_huge_pages_forgo(void);

/* ------------------------------------------------------------------ */
/* Digests                                                              */
/* ------------------------------------------------------------------ */

/** Where a digest starts. */
#define IOP_DIGEST_SEED 0xcbf29ce484222325ULL
/** Continue digest `h` over `len` bytes (FNV-1a 64: detects changes, not
 *  attacks). */
uint64_t iop_digest_bytes(uint64_t h, const void *data, size_t len);

/** A SHA-256 being computed (what the provenance record names files and
 *  data by).  One iop_sha256_new, one iop_sha256_free. */
typedef struct iop_sha256 iop_sha256;
iop_sha256 *iop_sha256_new(void);
void iop_sha256_update(iop_sha256 *s, const void *data, size_t len);
/** The digest of everything given so far, as 64 lowercase hexadecimal
 *  digits and a NUL; `s` may be given more bytes afterwards. */
void iop_sha256_hex(const iop_sha256 *s, char hex[65]);
void iop_sha256_free(iop_sha256 *s);
/** The SHA-256 of `len` bytes, as iop_sha256_hex writes it. */
void iop_sha256_hex_of(const void *data, size_t len, char hex[65]);

/* ------------------------------------------------------------------ */
/* Diagnostics                                                          */
/* ------------------------------------------------------------------ */

/** Where a problem is: file, 1-based line and column (0 = unknown). */
typedef struct iop_loc {
    const char *file; /**< borrowed; NULL when the problem has no file */
    long line;
    int col;
} iop_loc;

typedef enum iop_severity {
    IOP_NOTE = 0,
    IOP_WARNING = 1,
    IOP_ERROR = 2
} iop_severity;

/** One reported problem; all strings are owned by the sink. */
typedef struct iop_diag_entry {
    iop_severity severity;
    char *file;    /**< NULL when unknown */
    long line;     /**< 0 when unknown */
    int col;       /**< 0 when unknown */
    char *message; /**< without the location or severity prefix */
    /** A stable, machine-readable name of the kind of problem
     *  ("IOP-DOCTYPE"; docs/diagnostic-codes.md lists them), so that tests
     *  and tools can match the kind while the message's words change, as
     *  libxml2's xmlError carries a code beside its message.  A string
     *  literal, never freed; NULL for problems that have no code (yet). */
    const char *code;
} iop_diag_entry;

/** Called for every entry as it is reported (optional). */
typedef void (*iop_diag_callback)(const iop_diag_entry *entry, void *user);

/** A diagnostics sink: collects every problem reported to it. */
typedef struct iop_diag iop_diag;

/** Create an empty sink. Free with iop_diag_free(). */
iop_diag *iop_diag_new(void);
/** Free a sink and its entries. Accepts NULL. */
void iop_diag_free(iop_diag *diag);
/** Also call `cb` for every new entry (e.g. to print while working). */
void iop_diag_set_callback(iop_diag *diag, iop_diag_callback cb, void *user);
/** Record a problem. `loc` may be NULL. The message is formatted with printf rules. */
void iop_diag_report(iop_diag *diag, iop_severity severity, const iop_loc *loc,
                     const char *fmt, ...) IOP_PRINTF(4, 5);
/** va_list variant of iop_diag_report(). */
void iop_diag_vreport(iop_diag *diag, iop_severity severity, const iop_loc *loc,
                      const char *fmt, va_list ap) IOP_PRINTF(4, 0);
/** iop_diag_report() with a code (iop_diag_entry.code: a string literal,
 *  or NULL for none). */
void iop_diag_report_code(iop_diag *diag, iop_severity severity, const iop_loc *loc,
                          const char *code, const char *fmt, ...) IOP_PRINTF(5, 6);
/** va_list variant of iop_diag_report_code(). */
void iop_diag_vreport_code(iop_diag *diag, iop_severity severity, const iop_loc *loc,
                           const char *code, const char *fmt, va_list ap) IOP_PRINTF(5, 0);
/** Number of entries of exactly this severity. */
size_t iop_diag_count(const iop_diag *diag, iop_severity severity);
/** Number of entries in all. */
size_t iop_diag_size(const iop_diag *diag);
/** Entry i (0-based, in reporting order); borrowed from the sink. */
const iop_diag_entry *iop_diag_get(const iop_diag *diag, size_t i);
/** Move every entry of `from` into `to` (in order), leaving `from` empty. */
void iop_diag_merge(iop_diag *to, iop_diag *from);
/** Format an entry as `FILE:LINE:COL: error: MESSAGE` (missing parts left
 *  out; the code is not part of it). Caller frees. */
char *iop_diag_format(const iop_diag_entry *entry);

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_UTIL_H */
