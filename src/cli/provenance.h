/* Private to the CLI layer: the provenance record inside every PDF that
 * build writes (provenance.c), and what `iopreport verify` reads back
 * (cmd_verify.c).  The format is documented in docs/provenance.md. */
#ifndef IOP_CLI_PROVENANCE_H
#define IOP_CLI_PROVENANCE_H

#include "build.h"
#include "iopreport/render.h"

#define PROV_NS "urn:iopreport:ns:provenance:1/"
#define PROV_PREFIX "iopprov"
#define PROV_SCHEMA "iopreport provenance record"

typedef enum prov_text {
    PROV_PROGRAM,
    PROV_TEMPLATE,
    PROV_SCOPE,
    PROV_COMMITTEE,
    PROV_AGREEMENT,
    PROV_REPORT_DATA,
    PROV_N_TEXTS
} prov_text;

typedef enum prov_list_kind {
    PROV_PATHS,
    PROV_INPUTS,
    PROV_REGISTERS,
    PROV_TEMPLATE_FILES,
    PROV_OPTIONS,
    PROV_INPUT_DATA,
    PROV_N_LISTS
} prov_list_kind;

typedef struct prov_list {
    char **v;
    size_t n;
} prov_list;

const char *prov_text_name(prov_text t);
const char *prov_list_name(prov_list_kind k);
/* Append a malloc'd string (the list takes it). */
void prov_list_add(prov_list *l, char *owned);
void prov_list_free(prov_list *l);

/* SHA-256 in lower-case hex; caller frees.  _file: NULL when unreadable. */
char *prov_sha256_bytes(const void *data, size_t len);
char *prov_sha256_file(const char *path);
/* Of report data without its <generated> element (a new day alone does
 * not change a report). */
char *prov_sha256_report_data(const char *xml);
/* Per input file, the SHA-256 of what the report data holds from it (its
 * elements with a file attribute: agreements, remarks), "SHA  FILE" in
 * order of first appearance: tells which file's change alters the report. */
void prov_data_by_file(prov_list *l, const char *xml);
/* The same of report data already parsed (iop_template_read_data). */
struct _xmlDoc;
void prov_data_by_file_tree(prov_list *l, const struct _xmlDoc *tree);
/* The same from the text when it is as the report data's writer writes
 * it (read, not parsed), else from `tree` when not NULL, else parsed. */
void prov_data_by_file_or_tree(prov_list *l, const char *xml, const struct _xmlDoc *tree);
/* Only from the text: false (and `l` as it was) when it is not as the
 * writer writes it. */
bool prov_data_by_file_text(prov_list *l, const char *xml);
/* The entry ("SHA  FILE") for `file` in such a list, or NULL. Borrowed. */
const char *prov_data_of_file(const prov_list *l, const char *file);
/* The kind of the model's source at `path` (UNKNOWN when not there). */
iop_source_kind prov_source_kind(const iop_model *model, const char *path);
/* The options that reach a report, "NAME=VALUE" each, in a fixed order;
 * the --committee filters only when `filters` (a catalogue). */
void prov_options(prov_list *l, const build_options *o, bool filters);

/* Per file, whether the model's source at that path is a committee
 * register.  Caller frees. */
bool *prov_register_flags(const iop_model *model, char *const *files, size_t n);

/* The record of one report: made from `files` (agreement files and
 * registers, as `registers` says; their digests in `shas` where it and its
 * entry are not NULL, else read again), `data` (the report data; `tree`,
 * when not NULL, is it parsed) and the template as given on the command
 * line; `compare`: a committee's report data compares with the year
 * before. */
typedef struct build_record build_record;
build_record *build_record_new(const build_options *o, const iop_template *tmpl,
                               const char *template_arg, const char *committee,
                               const char *agreement, char *const *files, const bool *registers,
                               const char *const *shas, size_t n_files, bool compare,
                               const char *data, const struct _xmlDoc *tree);
/* Between the templates of a packet's record. */
#define PROV_PACKET_JOIN " + "
/* The record of a committee's meeting packet (scope "packet"): the
 * templates as given, joined by PROV_PACKET_JOIN, and the files of all of them;
 * `data` is the committee's report data. */
build_record *build_record_packet(const build_options *o, iop_template *const *tmpls,
                                  const char *const *args, size_t n_tmpls,
                                  const char *committee, char *const *files,
                                  const bool *registers, const char *const *shas,
                                  size_t n_files, bool compare, const char *data);
/* The record of a PDF that `render` typeset from the document at `path`
 * (its `len` bytes in `data`): scope "document", the file as the input. */
build_record *build_record_document(const char *path, const char *data, size_t len);
const iop_render_xmp *build_record_xmp(const build_record *r);
/* `h` extended with the record, so that a PDF whose record would change
 * (a comment edited in an input file) is written again. */
uint64_t build_record_digest(const build_record *r, uint64_t h);
void build_record_free(build_record *r);

#endif
