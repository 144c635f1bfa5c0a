/* What an agreement's own texts say about its future, for the annual
 * report's "Att uppmärksamma": the committee deciding on an expiring
 * partnership reads there whether the parties plan to extend it, replace
 * it or let it end ("parterna kommer … att föra dialog om ett eventuellt
 * nytt partnerskap").  Only sentences the data holds are quoted, whole and
 * unchanged; nothing is paraphrased or guessed. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Stems of words that speak of an agreement's continuation or end, matched
 * in lower case.  Kept narrow: "fortsätter" alone also describes
 * participants going on to studies, so only the partnership's own
 * continuation counts. */
static const char *const stems[] = {
    "förläng",           "nytt avtal",         "nya avtal",       "nytt partnerskap",
    "nya partnerskap",   "nytt iop",           "avslutas",        "avslutades",
    "upphör",            "avveckl",            "ersätts",         "fortsatt samverkan",
    "fortsatt partnerskap", "fortsätta samverkan", "fortsätta partnerskapet",
};

/* Words that put a sentence in the future ("parterna kommer att …", "ska",
 * "inför vintern"): among the sentences about continuation, these are the
 * plans, the others the history ("förlängdes till och med …"). */
static const char *const future_markers[] = {
    "kommer att", "kommer under", "ska ", "skall ", "avser", "planer", "planera", "inför ",
    "eventuell", "framöver", "nästa år",
};

static bool contains_any(const char *low, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(low, words[i]))
            return true;
    return false;
}

/* 0: not about the partnership's continuation; 1: about it; 2: a plan. */
static int future_rank(const char *s, size_t n)
{
    char *low = iop_lower_sv(iop_xstrndup(s, n));
    int rank = 0;
    if (contains_any(low, stems, sizeof stems / sizeof *stems))
        rank = contains_any(low, future_markers, sizeof future_markers / sizeof *future_markers)
                   ? 2
                   : 1;
    free(low);
    return rank;
}

/* Where the sentence that starts at `s` ends: after a full stop, question
 * or exclamation mark followed by white space and a capital letter, a digit
 * or a quotation mark, or at a paragraph break.  "t.ex. att" and "bl.a. de"
 * go on, since a lower-case word follows. */
static size_t sentence_length(const char *s)
{
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\n')
            return i;
        if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i + 1] == ' ') {
            unsigned char next = (unsigned char)s[i + 2];
            if ((next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9') || next == 0xC3 ||
                next == 0xE2 /* ” or – */ || next == '"')
                return i + 1;
        }
    }
    return strlen(s);
}

/* The sentences of `text` about the partnership's continuation, into
 * `out`: its plans when it states any, else what it says of extensions and
 * endings so far. */
static void collect(const iop_rich *text, outlook *out)
{
    char *plain = iop_rich_plain_text(text);
    for (int want = 2; want >= 1 && out->n_sentences == 0; want--) {
        const char *p = plain;
        while (*p && out->n_sentences < OUTLOOK_MAX_SENTENCES) {
            while (*p == ' ' || *p == '\n')
                p++;
            size_t n = sentence_length(p);
            if (n > 0 && future_rank(p, n) >= want)
                out->sentences[out->n_sentences++] = iop_xstrndup(p, n);
            p += n;
        }
    }
    free(plain);
}

/* The latest of `n` yearly texts of a year up to `year` that says
 * something of the future; the administration's assessment is read before
 * the narrative of the same year, as it is where the way forward is told. */
static void from_yearly(const iop_yearly_text *t, size_t n, int year, int *best_year,
                        outlook *out, const char *source)
{
    for (size_t i = n; i-- > 0;) {
        if (t[i].year > year || t[i].year < *best_year)
            continue;
        outlook trial = {0};
        collect(t[i].text, &trial);
        if (trial.n_sentences == 0 || (t[i].year == *best_year && out->n_sentences)) {
            outlook_clear(&trial);
            continue;
        }
        outlook_clear(out);
        *out = trial;
        out->source = source;
        out->year = t[i].year;
        *best_year = t[i].year;
    }
}

bool outlook_find(const iop_agreement *a, int year, outlook *out)
{
    memset(out, 0, sizeof *out);
    int best = 0;
    from_yearly(a->assessments, a->n_assessments, year, &best, out, "assessment");
    from_yearly(a->reports, a->n_reports, year, &best, out, "report");
    return out->n_sentences > 0;
}

void outlook_clear(outlook *o)
{
    for (size_t i = 0; i < o->n_sentences; i++)
        free(o->sentences[i]);
    memset(o, 0, sizeof *o);
}
