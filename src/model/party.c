/* Who a party is: the one rule for "this party is committee C" (a public
 * party with that committee id), so that the reports, the loader and the
 * batch agree on which agreements a committee has. */
#include "iopreport/model.h"

#include <string.h>

const char *iop_party_committee(const iop_party *p)
{
    /* only a public party speaks for a committee: an id on another kind
     * of party would make an organisation look like a committee */
    return p->kind == IOP_PARTY_PUBLIC ? p->committee : NULL;
}

bool iop_party_names_committee(const iop_party *p, const char *committee_id)
{
    const char *id = iop_party_committee(p);
    return id && committee_id && strcmp(id, committee_id) == 0;
}

const iop_party *iop_agreement_committee_party(const iop_agreement *a, const char *committee_id)
{
    for (size_t i = 0; i < a->n_parties; i++)
        if (iop_party_names_committee(&a->parties[i], committee_id))
            return &a->parties[i];
    return NULL;
}

bool iop_agreement_names_committee(const iop_agreement *a, const char *committee_id)
{
    return iop_agreement_committee_party(a, committee_id) != NULL;
}

const iop_party *iop_agreement_find_party(const iop_agreement *a, const char *party)
{
    if (!party)
        return NULL;
    /* a committee id first: a display name may happen to equal one */
    const iop_party *p = iop_agreement_committee_party(a, party);
    if (p)
        return p;
    for (size_t i = 0; i < a->n_parties; i++)
        if (a->parties[i].name && strcmp(a->parties[i].name, party) == 0)
            return &a->parties[i];
    return NULL;
}
