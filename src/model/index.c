/* The index a batch keeps of every agreement, packed into memory the model
 * holds.  Loading thousands of files leaves the heap full of holes between
 * the small pieces each index copy is made of; a forked worker's first
 * allocations fill those holes and so copy the parent's pages, and the
 * 16-byte headers and 32-byte minimum of malloc double the size of ids.
 * Here the copies lie end to end in blocks of their own, mapped outside
 * the heap, which the workers only read. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "model_internal.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Pages a block does not reach yet are not resident: a large block costs
 * nothing until used, and a small batch touches one page or two. */
#define BLOCK_SIZE ((size_t)1 << 20)

typedef struct block {
    struct block *next;
    size_t size; /* header included */
    size_t used;
    bool mapped; /* else from malloc, where mmap was refused */
} block;

/* Two chains: the file names live as long as the model, the index copies
 * can go before it (iop_model_drop_index), and a name left on one of the
 * index's blocks would keep that block. */
struct iop_model_arena {
    block *blocks[IOP_ARENA_N]; /* each the newest first: the one being filled */
};

static block *new_block(size_t at_least)
{
    size_t size = BLOCK_SIZE;
    while (size < at_least + sizeof(block))
        size *= 2;
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    bool mapped = p != MAP_FAILED;
    block *b = mapped ? p : iop_xcalloc(1, size);
    b->next = NULL;
    b->size = size;
    b->used = sizeof(block);
    b->mapped = mapped;
    return b;
}

static void *arena_alloc(iop_model *m, iop_arena_chain chain, size_t size, size_t align)
{
    if (!m->arena)
        m->arena = iop_xcalloc(1, sizeof *m->arena);
    block *b = m->arena->blocks[chain];
    size_t at = b ? (b->used + align - 1) / align * align : 0;
    if (!b || at + size > b->size) {
        block *fresh = new_block(size + align);
        fresh->next = b;
        m->arena->blocks[chain] = b = fresh;
        at = (b->used + align - 1) / align * align;
    }
    b->used = at + size;
    return (char *)b + at; /* blocks start zeroed: nothing to clear */
}

char *iop_model_arena_strdup(iop_model *m, iop_arena_chain chain, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    return memcpy(arena_alloc(m, chain, n, 1), s, n);
}

#define ARENA_ARRAY(m, n, type) \
    ((type *)arena_alloc((m), IOP_ARENA_INDEX, (n) * sizeof(type), alignof(type)))
#define INDEX_STRDUP(m, s) iop_model_arena_strdup((m), IOP_ARENA_INDEX, (s))

static void free_chain(block *b)
{
    for (block *next; b; b = next) {
        next = b->next;
        if (b->mapped)
            munmap(b, b->size);
        else
            free(b);
    }
}

void iop_model_arena_free(iop_model *m)
{
    if (!m->arena)
        return;
    for (int c = 0; c < IOP_ARENA_N; c++)
        free_chain(m->arena->blocks[c]);
    free(m->arena);
    m->arena = NULL;
}

void iop_model_drop_index(iop_model *m)
{
    for (size_t i = 0; i < m->n_agreements; i++)
        iop_agreement_free(m->agreements[i]); /* leaves the index copies alone */
    free(m->agreements);
    m->agreements = NULL;
    m->n_agreements = 0;
    if (m->arena) {
        free_chain(m->arena->blocks[IOP_ARENA_INDEX]);
        m->arena->blocks[IOP_ARENA_INDEX] = NULL;
    }
    /* a source without a problem has nothing more to say; one per file,
     * they are most of what would be left */
    size_t kept = 0;
    for (size_t i = 0; i < m->n_sources; i++) {
        iop_source *s = &m->sources[i];
        if (s->status == IOP_SOURCE_OK) {
            for (size_t k = 0; k < s->n_committees; k++)
                free(s->committees[k]);
            free(s->committees);
        } else {
            m->sources[kept++] = *s;
        }
    }
    m->n_sources = kept;
    if (kept == 0) {
        free(m->sources);
        m->sources = NULL;
    } else {
        m->sources = iop_xreallocarray(m->sources, kept, sizeof *m->sources);
    }
}

const iop_agreement *iop_model_add_index(iop_model *m, const iop_agreement *a)
{
    iop_agreement *c = ARENA_ARRAY(m, 1, iop_agreement);
    c->id = INDEX_STRDUP(m, a->id);
    c->loc = a->loc;
    c->period.start = a->period.start;
    c->period.end = a->period.end;
    c->period.terminated = a->period.terminated;
    c->period.loc = a->period.loc;
    /* the timeline starts at the earliest previous period: without them a
     * committee whose agreement is in a previous period in the year would
     * look as if it had none */
    if (a->n_previous) {
        c->previous = ARENA_ARRAY(m, a->n_previous, iop_period);
        for (size_t i = 0; i < a->n_previous; i++) {
            c->previous[i].start = a->previous[i].start;
            c->previous[i].end = a->previous[i].end;
            c->previous[i].loc = a->previous[i].loc;
        }
        c->n_previous = a->n_previous;
    }
    /* only the parties that are committees: the index answers "whose is
     * it", and every other party is a fifth of the index's size */
    size_t n = 0;
    for (size_t i = 0; i < a->n_parties; i++)
        n += iop_party_committee(&a->parties[i]) != NULL;
    if (n) {
        c->parties = ARENA_ARRAY(m, n, iop_party);
        for (size_t i = 0; i < a->n_parties; i++) {
            const iop_party *p = &a->parties[i];
            if (!iop_party_committee(p))
                continue;
            iop_party *q = &c->parties[c->n_parties++];
            q->kind = p->kind;
            q->loc = p->loc;
            q->committee = INDEX_STRDUP(m, p->committee);
        }
    }
    if (a->n_related) {
        c->related = ARENA_ARRAY(m, a->n_related, iop_related);
        for (size_t i = 0; i < a->n_related; i++) {
            c->related[i] = a->related[i];
            c->related[i].ref = INDEX_STRDUP(m, a->related[i].ref);
            c->related[i].text = NULL;
        }
        c->n_related = a->n_related;
    }
    c->details_dropped = true;
    c->held_by_model = true;
    iop_model_add_agreement(m, c);
    return c;
}
