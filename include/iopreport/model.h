/**
 * iopreport/model.h — the agreement model: plain C structs that the load
 * layer fills from XML and every later layer reads.  No third-party types.
 *
 * Ownership: an iop_model owns everything reachable from it, including the
 * file names that iop_loc.file points to.  iop_model_free() releases it all.
 * Strings are UTF-8, NUL-terminated, whitespace already normalised by the
 * loader (collapsed as in HTML for text, trimmed for attributes).
 * Optional strings are NULL when absent.
 */
#ifndef IOPREPORT_MODEL_H
#define IOPREPORT_MODEL_H

#include "iopreport/locale.h"
#include "iopreport/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Limits of the format (docs/format.md), one home for every layer      */
/* ------------------------------------------------------------------ */

/** Largest amount in whole kronor (twelve digits).  Every sum the reports
 *  make stays far inside int64 öre and is exact as a double in templates
 *  for any batch of fewer than 9 000 contributions at the cap. */
#define IOP_MAX_AMOUNT_KR INT64_C(999999999999)
/** Largest count (participants): sums of them stay exact as doubles in
 *  templates for any batch of fewer than nine million counts. */
#define IOP_MAX_COUNT 999999999L
/* The years a date may fall in (IOP_MIN_YEAR, IOP_MAX_YEAR) are the
 * calendar's: iopreport/locale.h. */
/** Longest title, in characters (not bytes). */
#define IOP_MAX_TITLE_CHARS 1000
/** Longest other text, in characters. */
#define IOP_MAX_TEXT_CHARS 100000

/* Dates (iop_date, the civil calendar) are in iopreport/locale.h. */

/* ------------------------------------------------------------------ */
/* Rich text: a small tree, not flattened                               */
/* ------------------------------------------------------------------ */

typedef enum iop_rich_kind {
    IOP_RICH_TEXT,   /**< a run of text: `text` is set, no children */
    IOP_RICH_EM,
    IOP_RICH_STRONG,
    IOP_RICH_Q,      /**< a quotation (reports render Swedish quotes ”…”) */
    IOP_RICH_P,
    IOP_RICH_UL,
    IOP_RICH_OL,
    IOP_RICH_LI
} iop_rich_kind;

/**
 * A rich-text node. A rich-text value is a list of siblings (first node
 * and its `next` chain): either inline nodes (TEXT/EM/STRONG/Q) or block
 * nodes (P/UL/OL), never mixed at one level. Whitespace is collapsed; a
 * block's leading and trailing spaces are trimmed.
 */
typedef struct iop_rich {
    iop_rich_kind kind;
    char *text;               /**< IOP_RICH_TEXT only */
    struct iop_rich *children;
    struct iop_rich *next;
} iop_rich;

/** Create a node (children and next NULL); text is copied when non-NULL. */
iop_rich *iop_rich_new(iop_rich_kind kind, const char *text);
/** Free a node, its children and everything after it on its `next` chain. Accepts NULL. */
void iop_rich_free(iop_rich *node);
/** The plain text of a rich value, blocks separated by "\n\n", list items by "\n". Caller frees. */
char *iop_rich_plain_text(const iop_rich *first);

/* ------------------------------------------------------------------ */
/* Agreement parts                                                      */
/* ------------------------------------------------------------------ */

typedef enum iop_party_kind {
    IOP_PARTY_PUBLIC,
    IOP_PARTY_IDEA_BASED,
    IOP_PARTY_OTHER
} iop_party_kind;

typedef struct iop_party {
    iop_party_kind kind;
    char *name;        /**< display name (element text), required */
    char *committee;   /**< public only: committee id, or NULL */
    char *org_number;  /**< idea-based/other: organisationsnummer, or NULL */
    iop_loc loc;
} iop_party;

/** The committee a party is: its committee id when it is a public party
 *  with one, else NULL. Borrowed. */
const char *iop_party_committee(const iop_party *p);
/** True when party `p` is committee `committee_id` (a public party with
 *  that id). False for a NULL id. */
bool iop_party_names_committee(const iop_party *p, const char *committee_id);

/** `<period>` and `<previous-period>`. */
typedef struct iop_period {
    iop_date start;      /**< required */
    iop_date end;        /**< precision NONE: open-ended (current period only) */
    iop_date terminated; /**< current period only; precision NONE when absent */
    char *extension;     /**< current period only: e.g. "1+1 år" */
    char *note;          /**< previous periods only */
    iop_loc loc;
} iop_period;

typedef enum iop_contribution_kind {
    IOP_CONTRIB_MONEY,
    IOP_CONTRIB_IN_KIND
} iop_contribution_kind;

typedef enum iop_contribution_per {
    IOP_PER_YEAR,
    IOP_PER_PERIOD
} iop_contribution_per;

typedef struct iop_contribution {
    char *party;       /**< committee id or exact display name of a party */
    int64_t amount_ore; /**< amount in öre (1 kr = 100 öre): exact */
    iop_contribution_kind kind;
    iop_contribution_per per;
    iop_date from;     /**< precision NONE: from the current period's start */
    iop_date to;       /**< precision NONE: to the current period's end */
    char *text;        /**< what it is, or NULL */
    iop_loc loc;
} iop_contribution;

typedef struct iop_count {
    char *label;
    long value;
} iop_count;

typedef struct iop_participants {
    int year;          /**< 0 when absent */
    long planned;      /**< -1 when absent */
    long actual;       /**< -1 when absent */
    iop_count *counts;
    size_t n_counts;
    iop_loc loc;
} iop_participants;

/** A decimal as written (`63.5`) and as a number. */
typedef struct iop_decimal {
    bool present;
    double value;
    char *text;        /**< as written in the file, or NULL */
} iop_decimal;

typedef struct iop_goal {
    char *indicator;
    iop_decimal target;
    char *unit;
    iop_rich *text;
    iop_loc loc;
} iop_goal;

typedef struct iop_result {
    int year;          /**< required */
    char *indicator;
    iop_decimal value;
    char *unit;
    iop_rich *text;
    iop_loc loc;
} iop_result;

/** `<report>` and `<assessment>`: a year and a rich text. */
typedef struct iop_yearly_text {
    int year;
    iop_rich *text;
    iop_loc loc;
} iop_yearly_text;

typedef struct iop_follow_up {
    iop_rich *text;
    char *steering_group;
    iop_loc loc;
} iop_follow_up;

typedef struct iop_commitment {
    char *party;
    char *text;
    iop_loc loc;
} iop_commitment;

typedef enum iop_related_type {
    IOP_RELATED_RELATED = 0,
    IOP_RELATED_PREDECESSOR,
    IOP_RELATED_SUCCESSOR,
    IOP_RELATED_SPLIT_FROM
} iop_related_type;

typedef struct iop_related {
    char *ref;
    iop_related_type type;
    char *text;
    iop_loc loc;
} iop_related;

typedef struct iop_contact {
    char *name;        /**< required */
    char *role;
    char *organisation;
    char *email;
    char *phone;
    iop_loc loc;
} iop_contact;

typedef struct iop_attachment {
    char *href;
    char *title;
    iop_loc loc;
} iop_attachment;

/* ------------------------------------------------------------------ */
/* Agreement                                                            */
/* ------------------------------------------------------------------ */

typedef struct iop_agreement {
    char *id;
    char *lang;              /**< xml:lang, "sv" by default */
    bool example;            /**< optional `example="true"`: highlight in catalogues */
    /** Made by iop_model_add_index(): all but
     *  the index fields are empty because they were not kept, not because
     *  the file has none. */
    bool details_dropped;
    /** Made by iop_model_add_index(): its memory is the model's, freed
     *  with it; iop_agreement_free() leaves it alone. */
    bool held_by_model;
    iop_loc loc;             /**< the <agreement> element */

    char *title;
    char **case_numbers;     size_t n_case_numbers;
    char *municipality;
    char *municipality_code; /**< or NULL */
    char *area;              /**< or NULL */

    iop_party *parties;      size_t n_parties;
    iop_period period;
    iop_period *previous;    size_t n_previous;   /**< sorted by start */
    iop_contribution *contributions; size_t n_contributions;

    char *target_group;
    iop_participants *participants; size_t n_participants;
    char **referrals;        size_t n_referrals;
    char **activities;       size_t n_activities;
    iop_rich *purpose;
    iop_goal *goals;         size_t n_goals;
    iop_result *results;     size_t n_results;
    iop_follow_up *follow_up; /**< or NULL */
    iop_yearly_text *reports; size_t n_reports;
    iop_yearly_text *assessments; size_t n_assessments;
    iop_rich *lessons;
    iop_commitment *commitments; size_t n_commitments;
    iop_related *related;    size_t n_related;
    iop_contact *contacts;   size_t n_contacts;
    iop_attachment *attachments; size_t n_attachments;
} iop_agreement;

/** Free an agreement and everything it owns. Accepts NULL, and an
 *  agreement held by a model (held_by_model), which it leaves to the model. */
void iop_agreement_free(iop_agreement *a);

/** True when a party of `a` is committee `committee_id`
 *  (iop_party_names_committee). */
bool iop_agreement_names_committee(const iop_agreement *a, const char *committee_id);

/** The first party of `a` that is committee `committee_id`, or NULL. Borrowed. */
const iop_party *iop_agreement_committee_party(const iop_agreement *a, const char *committee_id);

/** The party a contribution or commitment names: the party that is that
 *  committee, else the party with that exact display name; NULL when none.
 *  Borrowed from the agreement. */
const iop_party *iop_agreement_find_party(const iop_agreement *a, const char *party);

/* ------------------------------------------------------------------ */
/* Committee register                                                   */
/* ------------------------------------------------------------------ */

typedef struct iop_committee {
    char *id;
    char *name;
    char *short_name;
    char *administration;
    char *municipality;
    char *code;
    char *signatory_name;
    char *signatory_role;
    iop_loc loc;
    /** Added by iop_model_add_committee(): its texts are the model's,
     *  freed with it; iop_committee_clear() only zeroes it. */
    bool held_by_model;
} iop_committee;

/** Free what a register entry owns and zero it. */
void iop_committee_clear(iop_committee *c);

/* ------------------------------------------------------------------ */
/* The whole input                                                      */
/* ------------------------------------------------------------------ */

typedef enum iop_source_status {
    IOP_SOURCE_OK,
    IOP_SOURCE_INVALID,    /**< parsed, but has errors: its agreements are left out */
    IOP_SOURCE_UNREADABLE  /**< could not be read or parsed as XML at all */
} iop_source_status;

/** What a file was meant to be, from its root element's name (whatever
 *  its namespace), so that a summary can say what an invalid file changed. */
typedef enum iop_source_kind {
    IOP_SOURCE_KIND_UNKNOWN = 0, /**< not read far enough, or another root element */
    IOP_SOURCE_KIND_AGREEMENTS,  /**< <agreement> or <agreements> */
    IOP_SOURCE_KIND_REGISTER     /**< <committees> */
} iop_source_kind;

/** One input file and what became of it. */
typedef struct iop_source {
    char *path;         /**< interned in the model's file_names: not to be freed */
    iop_source_status status;
    iop_source_kind kind;
    /** Committee ids the file names (even when invalid, as far as could
     *  be read), so that `build` can hold back exactly those reports. */
    char **committees;  size_t n_committees;
    /** FNV-1a 64 of the file's bytes (0 when unreadable), for "unchanged?" checks. */
    uint64_t digest;
} iop_source;

typedef struct iop_model {
    iop_agreement **agreements; size_t n_agreements; /**< valid ones only, in input order */
    iop_committee *committees;  size_t n_committees; /**< from every register file */
    iop_source *sources;        size_t n_sources;
    char **file_names;          size_t n_file_names; /**< interned: iop_loc.file and
                                                          iop_source.path point here */
    struct iop_model_arena *arena; /**< private: where iop_model_add_index keeps its copies */
} iop_model;

/** Create an empty model. Free with iop_model_free(). */
iop_model *iop_model_new(void);
/** Free a model and everything it owns. Accepts NULL. */
void iop_model_free(iop_model *model);
/** Intern a file name: returns a pointer owned by the model, equal for equal names. */
const char *iop_model_intern_file(iop_model *model, const char *path);
/** Take ownership of an agreement and append it. */
void iop_model_add_agreement(iop_model *model, iop_agreement *a);
/**
 * Append an index copy of `a`, who it belongs to and when (id, loc, the
 * committee parties' ids, the periods' dates and the related references;
 * details_dropped is set), made in memory the model holds: packed together, away from
 * the heap that loading fills with holes, so that a batch over many
 * thousands of agreements keeps a small index that its forked workers
 * share without touching.  `a` stays the caller's.  Returns the copy.
 */
const iop_agreement *iop_model_add_index(iop_model *model, const iop_agreement *a);
/**
 * Free every agreement (n_agreements becomes 0), the memory the index
 * copies were made in and the sources that loaded without a problem
 * (IOP_SOURCE_OK), keeping the register, the file names and the sources
 * with problems, in order: for a batch whose plan has taken from the
 * index what its reports need, so that the processes it then forks do
 * not carry what grows with the number of files.
 */
void iop_model_drop_index(iop_model *model);
/** Take what register entry `*c` holds, append it to the register and
 *  zero `*c`.  Its texts are copied into memory the model holds, packed
 *  with the file names, and the originals freed: read between the parse
 *  trees of a batch's files, they would otherwise keep a page of the heap
 *  in every register's place, which the workers forked later copy as they
 *  fill the rest of it. */
void iop_model_add_committee(iop_model *model, iop_committee *c);
/** Add a committee id to those a source names, once (a copy). */
void iop_source_add_committee(iop_source *src, const char *committee_id);
/** The committee with this id from the register, or NULL. Borrowed. */
const iop_committee *iop_model_find_committee(const iop_model *model, const char *id);
/** The agreement with this id, or NULL. Borrowed. */
const iop_agreement *iop_model_find_agreement(const iop_model *model, const char *id);

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_MODEL_H */
