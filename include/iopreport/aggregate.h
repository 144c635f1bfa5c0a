/**
 * iopreport/aggregate.h — the aggregation layer: model → report data for a
 * calendar year.  Which agreements are in a committee's report and with
 * what status, what each costs the committee, the value of each
 * partnership, totals, and remarks against the IOP criteria, and the
 * report-data XML that templates consume (docs/report-data.md).  The
 * Swedish formatting it writes that data with is the locale layer's.
 *
 * Semantics: exactly "Semantics the reports rely on" in the format spec
 * (docs/format.md).  Money is computed exactly: amounts are öre (int64),
 * pro-rating is done with integer fractions, and only the final figure is
 * rounded (half away from zero).
 *
 * This layer reads the model only (no XML parser): the report data is
 * written as text.  Report objects borrow from the model, which must
 * outlive them.
 */
#ifndef IOPREPORT_AGGREGATE_H
#define IOPREPORT_AGGREGATE_H

#include "iopreport/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Spans and statuses                                                  */
/* ------------------------------------------------------------------ */

/** A span of days, both ends inclusive (day numbers as iop_days_from_civil). */
typedef struct iop_span {
    int64_t first;
    int64_t last;   /**< meaningless when open */
    bool open;      /**< open-ended: no last day */
} iop_span;

/** Days of `a` within `b`, both ends counted (0 when they do not overlap). */
int64_t iop_span_overlap_days(iop_span a, iop_span b);

/** The span of a calendar year: 1 January – 31 December. */
iop_span iop_span_year(int year);

/**
 * A partnership's timeline: from the earliest start of its previous periods
 * and its current period to the current period's `terminated` date, else its
 * `end` (open when neither is given).
 */
iop_span iop_agreement_timeline(const iop_agreement *a);

/** The years of an extension option written as "1+1 år" or "2 år" (their
 *  sum); 0 for any other text or NULL. */
int iop_extension_years(const char *text);

/**
 * The latest end of a period when its extension option is taken up in full:
 * the end moved by iop_extension_years, at the end's precision (29 February
 * becomes 28 February).  False when there is no such option, no end, or the
 * period was terminated.
 */
bool iop_period_latest_end(const iop_period *p, iop_date *out);

/** An agreement's status for a report year. */
typedef enum iop_status {
    IOP_STATUS_OUTSIDE = 0, /**< the timeline does not overlap the year */
    IOP_STATUS_ONGOING,     /**< in the report, does not end within the year */
    IOP_STATUS_ENDED        /**< the timeline ends within the year */
} iop_status;

/** The flags of an agreement for a report year. */
typedef struct iop_year_status {
    iop_status status;
    bool is_new;    /**< the timeline starts within the year */
    bool expiring;  /**< ongoing and ends within twelve months after the document's date */
} iop_year_status;

/**
 * The document's date as a day number: `date` as --date gives it
 * (YYYY[-MM[-DD]], its first day), or 31 December of `year` when `date` is
 * NULL or not a date.
 */
int64_t iop_document_day(int year, const char *date);

/** The same date twelve months after day `day` (29 February → 28 February). */
int64_t iop_twelve_months_after(int64_t day);

/** The text that stands for a figure the data does not record. */
#define IOP_NOT_RECORDED_TEXT "uppgift saknas"

/** Status, new and expiring flags of `a` for `year`, in a document dated
 *  `doc_day` (iop_document_day): expiring when ongoing and the timeline ends
 *  on a day from `doc_day` to the same date a year later. */
iop_year_status iop_agreement_year_status_at(const iop_agreement *a, int year, int64_t doc_day);

/** iop_agreement_year_status_at for a document dated 31 December of `year`. */
iop_year_status iop_agreement_year_status(const iop_agreement *a, int year);

/** "pågående", "avslutat" or "utanför" (for text output). Static string. */
const char *iop_status_name(iop_status s);

/** "ongoing", "ended" or "outside": the status as the report data and the
 *  summary's tables key it. Static string. */
const char *iop_status_key(iop_status s);

/* ------------------------------------------------------------------ */
/* Money                                                               */
/* ------------------------------------------------------------------ */

/**
 * The span a contribution covers: `from`/`to`, else the current period;
 * cut at `terminated`.  Returns false when the span is empty after the cut.
 */
bool iop_contribution_span(const iop_agreement *a, const iop_contribution *c, iop_span *out);

/**
 * A contribution's amount for `year` in öre, rounded half away from zero
 * to whole öre (for display; sums use the exact value).  A lump sum
 * (`per="period"`) over an open span counts as 0 (the loader rejects it).
 */
int64_t iop_contribution_year_ore(const iop_agreement *a, const iop_contribution *c, int year);

/** True when contribution `c` is made by committee `committee_id` (named by
 *  id, or by the display name of a public party with that committee). */
bool iop_contribution_by_committee(const iop_agreement *a, const iop_contribution *c,
                                   const char *committee_id);

/** Sum of a committee's money contributions for `year`, exactly, then rounded
 *  to whole kronor half away from zero. */
int64_t iop_agreement_cost_kr(const iop_agreement *a, const char *committee_id, int year);

/** True when contribution `c`'s span covers at least one day of `year`. */
bool iop_contribution_covers_year(const iop_agreement *a, const iop_contribution *c, int year);

/**
 * "Not recorded is not zero" (format spec, Semantics).  The cost of
 * `committee_id` for `year` is recorded when a contribution of that
 * committee covers a day of the year (its amount may be 0).  False for a
 * NULL committee.
 */
bool iop_agreement_cost_recorded(const iop_agreement *a, const char *committee_id, int year);

/** True when a contribution of a party that is a committee covers a day of `year`. */
bool iop_agreement_municipal_recorded(const iop_agreement *a, int year);

/**
 * True when the value (and so the municipal share) for `year` is recorded:
 * contributions of the committees and of at least one other party cover a
 * day of the year.  Without the other parties' contributions the value
 * would be the municipality's money alone and its share a false 100 %.
 */
bool iop_agreement_value_recorded(const iop_agreement *a, int year);

/** Every party's contributions for `year`, money and in-kind, in whole kronor. */
int64_t iop_agreement_value_kr(const iop_agreement *a, int year);

/** Contributions (money and in-kind) for `year` of parties that are committees
 *  (public parties with a committee id), in whole kronor. */
int64_t iop_agreement_municipal_kr(const iop_agreement *a, int year);

/**
 * The money party `p` (one of `a`'s parties) puts in for `year`, in whole
 * kronor; a committee's contributions count whichever public party with its
 * id they name.  `*recorded` (when not NULL) says whether a money
 * contribution of the party covers a day of the year: without one the
 * amount is not recorded, not 0.
 */
int64_t iop_agreement_party_money_kr(const iop_agreement *a, const iop_party *p, int year,
                                     bool *recorded);

/**
 * The committee ids of an agreement's public parties, each once, in the
 * order of the parties.  Returns the count; `*out` (may be NULL when the
 * count is 0) is a borrowed-pointer array the caller frees with free().
 */
size_t iop_agreement_committees(const iop_agreement *a, const char ***out);

/* ------------------------------------------------------------------ */
/* A committee's report for a year                                     */
/* ------------------------------------------------------------------ */

typedef enum iop_remark_kind {
    IOP_REMARK_NO_IDEA_BASED_CONTRIBUTION, /**< no money, in-kind or commitment from an idea-based party */
    IOP_REMARK_SHORT_PERIOD,               /**< the timeline is shorter than a year */
    IOP_REMARK_HIGH_MUNICIPAL_SHARE,       /**< municipal share above IOP_HIGH_MUNICIPAL_SHARE_PERMILLE */
    IOP_REMARK_EXPIRING,                   /**< a decision on extension is due */
    IOP_REMARK_COST_NOT_RECORDED           /**< the committee's cost (in a catalogue: no
                                                committee's contribution) is not recorded */
} iop_remark_kind;

/** The municipal share above which a remark is made, in tenths of a percent
 *  (only where the other parties' contributions are recorded). */
#define IOP_HIGH_MUNICIPAL_SHARE_PERMILLE 750

/** What a remark asks of the reader. */
typedef enum iop_remark_category {
    IOP_REMARK_GAP,      /**< the agreement data does not record something: complete it */
    IOP_REMARK_FINDING,  /**< the data shows something against the IOP criteria */
    IOP_REMARK_DECISION  /**< a decision is due (expiring) */
} iop_remark_category;

/** The category of a kind of remark. */
iop_remark_category iop_remark_kind_category(iop_remark_kind kind);

/** "gap", "finding" or "decision", as in the report data. Static string. */
const char *iop_remark_category_name(iop_remark_category c);

/** The kind as in the report data ("short-period", …). Static string. */
const char *iop_remark_kind_name(iop_remark_kind kind);

/** A remark against the IOP criteria, pointing at the agreement's file:line. */
typedef struct iop_remark {
    iop_remark_kind kind;
    const iop_agreement *agreement; /**< borrowed */
    char *message;                  /**< Swedish, one sentence; owned */
    iop_loc loc;                    /**< the agreement's location (borrowed file name) */
} iop_remark;

/** One agreement's figures for the year (and, in a committee's report, for that committee). */
typedef struct iop_report_item {
    const iop_agreement *agreement; /**< borrowed from the model */
    iop_year_status status;
    iop_span timeline;
    int64_t cost_kr;        /**< the report committee's money for the year (0 in a catalogue) */
    int64_t value_kr;       /**< all parties, money and in-kind */
    int64_t municipal_kr;   /**< parties that are committees */
    /** municipal_kr / value_kr in tenths of a percent; -1 when the value is
     *  0 or not recorded */
    int share_permille;
    bool cost_recorded;      /**< iop_agreement_cost_recorded (false in a catalogue) */
    bool value_recorded;     /**< iop_agreement_value_recorded */
    bool municipal_recorded; /**< iop_agreement_municipal_recorded */
    int64_t *contribution_ore; /**< per contribution (same index), amount for the year; owned */
    const iop_participants *participants; /**< the entry for the year, else NULL */
    iop_remark *remarks;    size_t n_remarks; /**< owned */
} iop_report_item;

/** Totals over a group of items: sums of the rounded figures. */
typedef struct iop_report_total {
    char *key;          /**< area or status name; NULL for the grand total; owned */
    size_t count;
    size_t n_new;
    int64_t cost_kr;        /**< over the items whose cost is recorded */
    int64_t value_kr;       /**< over the items whose value is recorded */
    int64_t municipal_kr;   /**< over the items whose value is recorded, so that
                                 municipal_kr / value_kr is their share */
    size_t n_cost_missing;  /**< items whose cost is not recorded */
    size_t n_value_missing; /**< items whose value is not recorded */
    int64_t planned;        /**< participants planned for the year, over the items
                                 whose entry for the year has a planned count */
    size_t n_planned_missing; /**< items without one */
} iop_report_total;

/** The report of one committee for one year. */
typedef struct iop_report {
    const iop_model *model;         /**< borrowed */
    int year;
    int64_t doc_day;                /**< the document's date (iop_document_day) */
    char *committee_id;             /**< owned */
    const iop_committee *committee; /**< register entry, or NULL */
    char *committee_name;           /**< register name, else the name the agreements use; owned */
    /** Ongoing first, then ended; each by area (no area last), then title. */
    iop_report_item *items;         size_t n_items;
    iop_report_total total;
    iop_report_total *by_area;      size_t n_by_area;   /**< in item order */
    iop_report_total by_status[3];  /**< indexed by iop_status; [OUTSIDE] unused */
    /** Indices into items of the expiring ones. */
    size_t *expiring;               size_t n_expiring;
} iop_report;

/**
 * Build `committee_id`'s report for `year`: every valid agreement with a
 * public party of that committee whose timeline overlaps the year.  Each
 * remark is also reported to `diag` as a warning at the agreement's
 * file:line (`diag` may be NULL).  Never fails; an unknown committee gives
 * an empty report.  Free with iop_report_free().
 */
iop_report *iop_report_build(const iop_model *model, const char *committee_id, int year,
                             iop_diag *diag);

/** iop_report_build for a document dated `doc_day` (iop_document_day): the
 *  expiring agreements are those ending within twelve months of it. */
iop_report *iop_report_build_at(const iop_model *model, const char *committee_id, int year,
                                int64_t doc_day, iop_diag *diag);

/** Free a report. Accepts NULL. */
void iop_report_free(iop_report *report);

/**
 * Every committee id named by any agreement's public parties, plus every
 * register entry, each once, sorted (byte order).  Returns a NULL-terminated
 * array (transfer full: free each string, then the array, or use
 * iop_strings_free); `*n` gets the count when `n` is not NULL.
 */
char **iop_report_committees(const iop_model *model, size_t *n);

/**
 * Every committee that gets a report: those of iop_report_committees() and
 * those that only an invalid file names, whose report is held back (so that
 * it is never said to have no agreements).  Sorted (byte order), each once;
 * a NULL-terminated array as iop_report_committees(); `*n` gets the count
 * when `n` is not NULL.
 */
char **iop_report_committees_planned(const iop_model *model, size_t *n);

/**
 * Why a report must be held back: the invalid files that name `committee`
 * (with NULL, for a report over every committee: every invalid file), as
 * "a.xml has errors" or "a.xml, b.xml have errors"; NULL when none does and
 * the report can be made.  Caller frees.
 */
char *iop_report_held_back(const iop_model *model, const char *committee);

/** Free a NULL-terminated string array. Accepts NULL. */
void iop_strings_free(char **v);

/**
 * All reports of a year at once: one per committee (iop_report_committees
 * order, empty ones included) and a catalogue of every agreement in the
 * year (committee-independent figures, cost_kr 0), ordered by
 * municipality, area and title, for catalogues and fact sheets.
 */
typedef struct iop_report_batch {
    const iop_model *model;
    int year;
    int64_t doc_day;           /**< the document's date (iop_document_day) */
    iop_report **reports;      size_t n_reports;
    iop_report_item *catalogue; size_t n_catalogue;
    /** Totals of the catalogue's agreements in the year (not those outside
     *  it): one per municipality, in catalogue order (key: its name, NULL
     *  for agreements without one), and over all of them. */
    iop_report_total *by_municipality; size_t n_by_municipality;
    iop_report_total catalogue_total;
} iop_report_batch;

/** Build every report for `year`; each remark goes to `diag` once. Free
 *  with iop_report_batch_free(). */
iop_report_batch *iop_report_batch_build(const iop_model *model, int year, iop_diag *diag);

/** iop_report_batch_build for a document dated `doc_day` (iop_document_day). */
iop_report_batch *iop_report_batch_build_at(const iop_model *model, int year, int64_t doc_day,
                                            iop_diag *diag);

/** Free a batch. Accepts NULL. */
void iop_report_batch_free(iop_report_batch *batch);

/* ------------------------------------------------------------------ */
/* Year over year: a committee's year against the year before           */
/* ------------------------------------------------------------------ */

/** What changed for one partnership between Y−1 and Y (bits). */
typedef enum iop_change {
    IOP_CHANGE_NEW = 1 << 0,        /**< in force in Y, its timeline starts in Y */
    IOP_CHANGE_ENDED = 1 << 1,      /**< the timeline ends (end or terminated) in Y−1 or Y */
    IOP_CHANGE_EXTENDED = 1 << 2,   /**< the current period starts in Y−1 or Y the day after a
                                         previous period, or (earlier export) its end moved later */
    IOP_CHANGE_TERMINATED = 1 << 3, /**< terminated early, on a day in Y−1 or Y */
    IOP_CHANGE_COST = 1 << 4,       /**< in force both years, both costs recorded, they differ */
    IOP_CHANGE_COMMITTEE = 1 << 5   /**< (earlier export) under another committee there */
} iop_change;

/** "new", "ended", "extended", "terminated", "cost", "committee" (one bit). Static string. */
const char *iop_change_name(iop_change c);

/** A committee's money for one year from one agreement: absent when the
 *  agreement is not in force for the committee that year (a true 0), else
 *  recorded or not (not recorded is not zero). */
typedef struct iop_year_cost {
    bool in_force;
    bool recorded;
    int64_t kr;
} iop_year_cost;

/** One partnership of the committee in Y−1 or Y. */
typedef struct iop_compare_item {
    /** The current data's agreement, or the earlier export's when the
     *  current data no longer puts it under the committee; borrowed */
    const iop_agreement *agreement;
    const iop_agreement *earlier;   /**< the earlier export's, or NULL; borrowed */
    unsigned changes;               /**< iop_change bits */
    iop_year_cost previous;         /**< Y−1, from the comparison source */
    iop_year_cost current;          /**< Y, from the current data */
    /** previous and current value and municipal contributions (for the share) */
    int64_t previous_value_kr, previous_municipal_kr, value_kr, municipal_kr;
    bool previous_value_recorded, value_recorded;
    /** COMMITTEE: the committee id of the other version; borrowed */
    const char *other_committee;
} iop_compare_item;

/** The committee's cost of one year over every agreement in force then. */
typedef struct iop_compare_year {
    int year;
    size_t count;            /**< agreements in force */
    int64_t cost_kr;         /**< over those whose cost is recorded */
    size_t n_cost_missing;
} iop_compare_year;

/** A figure of one agreement and year that differs between the exports. */
typedef struct iop_compare_edit {
    const iop_agreement *agreement; /**< the current data's, else the earlier one's; borrowed */
    int year;
    bool value;                     /**< the value (all parties), else the committee's cost */
    iop_year_cost before, after;    /**< earlier export, current data */
} iop_compare_edit;

/** A committee's year Y against Y−1. */
typedef struct iop_comparison {
    int year;
    char *committee_id;             /**< owned */
    bool earlier_export;            /**< Y−1 comes from an earlier export */
    /** Every agreement in force for the committee in Y−1 or Y, by title. */
    iop_compare_item *items;        size_t n_items;
    /** Totals over the items: Y−1 (comparison source) and Y (current data). */
    iop_report_total previous_total, total;
    /** Y−1 of the items not in force in Y (ended or moved): a row of their
     *  own under a table of this year's partnerships, so its columns add up. */
    iop_report_total previous_only;
    /** Every year from the first the committee's agreements cover to Y,
     *  from the current data (at most IOP_COMPARE_MAX_YEARS, the last ones). */
    iop_compare_year *years;        size_t n_years;
    /** With an earlier export: figures of Y−1 and Y that differ. */
    iop_compare_edit *edits;        size_t n_edits;
} iop_comparison;

/* A bar per year stays readable, and its text alternative short, up to
 * fifteen years; older years are left out of the chart. */
#define IOP_COMPARE_MAX_YEARS 15

/**
 * Compare `committee_id`'s year `year` with the year before.  `earlier`
 * (may be NULL) is an earlier export of the agreements: then Y−1's figures
 * come from it, and every figure of Y−1 and Y that the two differ in is
 * listed as an edit.  Never fails.  Free with iop_comparison_free().
 */
iop_comparison *iop_comparison_build(const iop_model *current, const iop_model *earlier,
                                     const char *committee_id, int year);

/** Free a comparison. Accepts NULL. */
void iop_comparison_free(iop_comparison *c);

/** The change classification of agreement `a` (current data) for the year
 *  pair Y−1, Y, without an earlier export: NEW, ENDED, EXTENDED and
 *  TERMINATED bits. */
unsigned iop_agreement_changes(const iop_agreement *a, int year);

/** True when some agreement of the model is in force on a day of `year`. */
bool iop_model_has_year(const iop_model *model, int year);

/* ------------------------------------------------------------------ */
/* Report data XML (docs/report-data.md)                               */
/* ------------------------------------------------------------------ */

/** The namespace of the report-data XML. */
#define IOP_REPORT_DATA_NS "urn:iopreport:report-data:1"

/** What the caller adds to the report data. All fields optional (zero-init). */
typedef struct iop_report_data_options {
    /** Files left out (unreadable, --keep-going); borrowed. */
    const char *const *left_out;   size_t n_left_out;
    /** Generation date as a day number; used when has_generated. The CLI
     *  takes it from SOURCE_DATE_EPOCH or the clock. */
    int64_t generated_day;         bool has_generated;
    const char *case_number;       /**< --case-number, or NULL */
    const char *date;              /**< --date as given (YYYY[-MM[-DD]]), or NULL */
    /** Agreements a catalogue tells in full (--highlight), in the order
     *  given; borrowed. Check them with iop_report_data_check_highlight. */
    const char *const *highlight;  size_t n_highlight;
    /** The year-over-year comparison of a committee's report, or NULL;
     *  borrowed.  Written into iop_report_data_xml's committee-report. */
    const iop_comparison *comparison;
    /** The earlier export's folder as given (--compare-with), for the text. */
    const char *compare_with;
} iop_report_data_options;

/** True when every id of `opts->highlight` is an agreement of `model`; each
 *  that is not is an error in `diag`. */
bool iop_report_data_check_highlight(const iop_model *model, const iop_report_data_options *opts,
                                     iop_diag *diag);

/** The report data of one committee's report as an XML document (UTF-8,
 *  with declaration). Caller frees. */
char *iop_report_data_xml(const iop_report *report, const iop_report_data_options *opts);
/** The same, telling `sink` (when not NULL) what it writes, so that a
 *  tree of the report data can be made as it is written instead of being
 *  parsed from the text afterwards. */
char *iop_report_data_xml_to(const iop_report *report, const iop_report_data_options *opts,
                             const iop_xml_sink *sink);

/** The report data of a whole batch: every committee's report and the
 *  catalogue by municipality, in one document. Caller frees. */
char *iop_report_batch_data_xml(const iop_report_batch *batch,
                                const iop_report_data_options *opts);

/* Swedish number and date formatting and collation: iopreport/locale.h. */

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_AGGREGATE_H */
