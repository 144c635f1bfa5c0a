/**
 * iopreport/load.h — the load layer: agreement XML files → iop_model.
 *
 * The only layer that parses agreement XML. Files are read by the loader
 * itself with a size cap and parsed from memory with network access off,
 * no entity substitution, no DTD loading and no XInclude; every file is
 * validated against the RELAX NG schema compiled into the binary
 * (schema/iopreport.rng) and then against the semantic rules of the format
 * (docs/format.md). Every problem is reported to the diagnostics sink with
 * its file and line; one bad file never hides the problems or the results
 * of the others.
 */
#ifndef IOPREPORT_LOAD_H
#define IOPREPORT_LOAD_H

#include "iopreport/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The format's cap on one file's size: 64 MiB. */
#define IOP_LOAD_DEFAULT_MAX_FILE_SIZE ((size_t)64 * 1024 * 1024)

/** What `iopreport new` writes where a value must be replaced: text and
 *  text attributes starting with IOP_PLACEHOLDER, and a processing
 *  instruction <?IOP_PLACEHOLDER_PI ATTR...?> before an element whose typed
 *  attributes (dates, amounts) hold example values.  The loader reports each
 *  one left as a warning ("placeholder ... not replaced"). */
#define IOP_PLACEHOLDER "ERSÄTT"
#define IOP_PLACEHOLDER_PI "ersätt"

typedef struct iop_load_options {
    size_t max_file_size; /**< bytes; 0 means IOP_LOAD_DEFAULT_MAX_FILE_SIZE */
    /** Keep an index only: each valid agreement is checked in full, then
     *  all but who it belongs to and when is freed (iop_model_add_index:
     *  the committee parties only, packed in memory the model holds), so
     *  that a model of many thousands of agreements stays small.
     *  Cross-file checks still run. */
    bool index_only;
    /** Threads that read, parse and check the files, the calling one
     *  included: 0 or 1, the calling thread only.  More are used only for
     *  at least a few files, at most one per file; the model and the
     *  messages are the same, in the same order, whatever the number, and
     *  every thread has ended when iop_load_paths returns (a fork after it
     *  is safe). */
    unsigned threads;
    /** Not NULL: one entry per path given to iop_load_paths, the digest
     *  (iop_source.digest) of that file's bytes when they were last found
     *  valid, or 0.  A file read with the same digest is parsed, read and
     *  its agreements checked, but not validated against the schema and
     *  its names and placeholders not checked again (what a batch's
     *  worker saves, reading again the files the parent checked); other
     *  bytes are checked in full. */
    const uint64_t *validated;
} iop_load_options;

/**
 * Process-wide set-up of libxml2: an external-entity loader that refuses
 * everything, catalogs off. Idempotent; call once before loading (the load
 * functions call it too). Not thread-safe: the load functions start their
 * own threads, after it.
 */
void iop_load_init(void);

/** Release libxml2's global state, for leak checkers at exit. */
void iop_load_cleanup(void);

/**
 * Load every `*.xml` file under `paths` (files, or folders read
 * recursively in name order) into `model`, validate each, then run the
 * cross-file checks (iop_load_finish). Each file gets an iop_source entry;
 * agreements of invalid files are left out of model->agreements.
 * Returns true when no error was reported (warnings allowed).
 */
bool iop_load_paths(iop_model *model, const char *const *paths, size_t n_paths,
                    const iop_load_options *opts, iop_diag *diag) IOP_MUST_CHECK;

/**
 * Load and validate one file's bytes; `name` is used in messages and as the
 * source path. Does not run the cross-file checks. For tests and fuzzers.
 * Returns true when the file is valid.
 */
bool iop_load_buffer(iop_model *model, const char *name, const char *data, size_t len,
                     iop_diag *diag) IOP_MUST_CHECK;

/**
 * The checks across files, after every file is loaded: duplicate agreement
 * ids (an error naming both files; both are then treated as invalid),
 * committee ids no register names (a warning, when a register is present),
 * `related` references to unknown ids (a warning).
 * Returns true when no error was reported.
 */
bool iop_load_finish(iop_model *model, iop_diag *diag) IOP_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_LOAD_H */
