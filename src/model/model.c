#include "model_internal.h"

#include <stdlib.h>
#include <string.h>

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void period_clear(iop_period *p)
{
    free(p->extension);
    free(p->note);
}

/* What iop_agreement_free frees besides the names, parties, periods and
 * related references. */
static void free_details(iop_agreement *a)
{
    free_strings(a->case_numbers, a->n_case_numbers);
    for (size_t i = 0; i < a->n_contributions; i++) {
        free(a->contributions[i].party);
        free(a->contributions[i].text);
    }
    free(a->contributions);
    free(a->target_group);
    for (size_t i = 0; i < a->n_participants; i++) {
        for (size_t j = 0; j < a->participants[i].n_counts; j++)
            free(a->participants[i].counts[j].label);
        free(a->participants[i].counts);
    }
    free(a->participants);
    free_strings(a->referrals, a->n_referrals);
    free_strings(a->activities, a->n_activities);
    for (size_t i = 0; i < a->n_commitments; i++) {
        free(a->commitments[i].party);
        free(a->commitments[i].text);
    }
    free(a->commitments);
    iop_rich_free(a->purpose);
    for (size_t i = 0; i < a->n_goals; i++) {
        free(a->goals[i].indicator);
        free(a->goals[i].target.text);
        free(a->goals[i].unit);
        iop_rich_free(a->goals[i].text);
    }
    free(a->goals);
    for (size_t i = 0; i < a->n_results; i++) {
        free(a->results[i].indicator);
        free(a->results[i].value.text);
        free(a->results[i].unit);
        iop_rich_free(a->results[i].text);
    }
    free(a->results);
    if (a->follow_up) {
        iop_rich_free(a->follow_up->text);
        free(a->follow_up->steering_group);
        free(a->follow_up);
    }
    for (size_t i = 0; i < a->n_reports; i++)
        iop_rich_free(a->reports[i].text);
    free(a->reports);
    for (size_t i = 0; i < a->n_assessments; i++)
        iop_rich_free(a->assessments[i].text);
    free(a->assessments);
    iop_rich_free(a->lessons);
    for (size_t i = 0; i < a->n_contacts; i++) {
        iop_contact *c = &a->contacts[i];
        free(c->name);
        free(c->role);
        free(c->organisation);
        free(c->email);
        free(c->phone);
    }
    free(a->contacts);
    for (size_t i = 0; i < a->n_attachments; i++) {
        free(a->attachments[i].href);
        free(a->attachments[i].title);
    }
    free(a->attachments);
}

void iop_agreement_free(iop_agreement *a)
{
    if (!a || a->held_by_model)
        return;
    free(a->id);
    free(a->lang);
    free(a->title);
    free(a->municipality);
    free(a->municipality_code);
    free(a->area);
    for (size_t i = 0; i < a->n_parties; i++) {
        free(a->parties[i].name);
        free(a->parties[i].committee);
        free(a->parties[i].org_number);
    }
    free(a->parties);
    period_clear(&a->period);
    for (size_t i = 0; i < a->n_previous; i++)
        period_clear(&a->previous[i]);
    free(a->previous);
    for (size_t i = 0; i < a->n_related; i++) {
        free(a->related[i].ref);
        free(a->related[i].text);
    }
    free(a->related);
    free_details(a);
    free(a);
}

void iop_committee_clear(iop_committee *c)
{
    if (c->held_by_model) {
        memset(c, 0, sizeof *c);
        return;
    }
    free(c->id);
    free(c->name);
    free(c->short_name);
    free(c->administration);
    free(c->municipality);
    free(c->code);
    free(c->signatory_name);
    free(c->signatory_role);
    memset(c, 0, sizeof *c);
}

iop_model *iop_model_new(void)
{
    return iop_xcalloc(1, sizeof(iop_model));
}

void iop_model_free(iop_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_agreements; i++)
        iop_agreement_free(m->agreements[i]);
    free(m->agreements);
    for (size_t i = 0; i < m->n_committees; i++)
        iop_committee_clear(&m->committees[i]);
    free(m->committees);
    for (size_t i = 0; i < m->n_sources; i++)
        free_strings(m->sources[i].committees, m->sources[i].n_committees);
    free(m->sources);
    free(m->file_names); /* the names are in the arena */
    iop_model_arena_free(m);
    free(m);
}

const char *iop_model_intern_file(iop_model *m, const char *path)
{
    /* searched from the end: the loader interns the file it is reading */
    for (size_t i = m->n_file_names; i-- > 0;)
        if (strcmp(m->file_names[i], path) == 0)
            return m->file_names[i];
    m->file_names = iop_xreallocarray(m->file_names, m->n_file_names + 1, sizeof(char *));
    /* packed with the index rather than one by one between the parse
     * trees of a load: thousands of small names, one on each page of the
     * heap, would keep every page of it from being given back */
    m->file_names[m->n_file_names] = iop_model_arena_strdup(m, IOP_ARENA_NAMES, path);
    return m->file_names[m->n_file_names++];
}

void iop_model_add_agreement(iop_model *m, iop_agreement *a)
{
    m->agreements = iop_xreallocarray(m->agreements, m->n_agreements + 1, sizeof(*m->agreements));
    m->agreements[m->n_agreements++] = a;
}

void iop_model_add_committee(iop_model *m, iop_committee *c)
{
    m->committees = iop_xreallocarray(m->committees, m->n_committees + 1, sizeof *m->committees);
    iop_committee *k = &m->committees[m->n_committees++];
    char **from[] = {&c->id, &c->name, &c->short_name, &c->administration, &c->municipality,
                     &c->code, &c->signatory_name, &c->signatory_role};
    char **to[] = {&k->id, &k->name, &k->short_name, &k->administration, &k->municipality,
                   &k->code, &k->signatory_name, &k->signatory_role};
    for (size_t i = 0; i < sizeof from / sizeof *from; i++)
        *to[i] = iop_model_arena_strdup(m, IOP_ARENA_NAMES, *from[i]);
    k->loc = c->loc;
    k->held_by_model = true;
    iop_committee_clear(c);
}

void iop_source_add_committee(iop_source *src, const char *id)
{
    for (size_t i = 0; i < src->n_committees; i++)
        if (strcmp(src->committees[i], id) == 0)
            return;
    src->committees = iop_xreallocarray(src->committees, src->n_committees + 1, sizeof(char *));
    src->committees[src->n_committees++] = iop_xstrdup(id);
}

const iop_committee *iop_model_find_committee(const iop_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_committees; i++)
        if (strcmp(m->committees[i].id, id) == 0)
            return &m->committees[i];
    return NULL;
}

const iop_agreement *iop_model_find_agreement(const iop_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_agreements; i++)
        if (strcmp(m->agreements[i]->id, id) == 0)
            return m->agreements[i];
    return NULL;
}
