/* Private to the model layer. */
#ifndef IOP_MODEL_INTERNAL_H
#define IOP_MODEL_INTERNAL_H

#include "iopreport/model.h"

/* Release the memory iop_model_add_index() took (index.c); the model's
 * agreements that lived there are gone with it. */
void iop_model_arena_free(iop_model *m);
/* Which of that memory: the interned file names and the register's texts
 * stay as long as the model, the index copies go with
 * iop_model_drop_index(). */
typedef enum iop_arena_chain { IOP_ARENA_NAMES, IOP_ARENA_INDEX, IOP_ARENA_N } iop_arena_chain;
/* A copy of s (NULL for NULL) in that memory, freed with the model. */
char *iop_model_arena_strdup(iop_model *m, iop_arena_chain chain, const char *s);

#endif
