/* Private: rich text into the report data. */
#ifndef IOP_AGGREGATE_RICH_OUT_H
#define IOP_AGGREGATE_RICH_OUT_H

#include "iopreport/model.h"
#include "xml_out.h"

/* The blocks of a rich value, inline runs wrapped in one <p>. */
void rich_put_blocks(xml_out *xo, const iop_rich *first);
/* <name year=".." current="..">blocks</name> on its own line; year and
 * current are left out when NULL (they are digits and true/false, no escaping). */
void rich_put(xml_out *xo, const char *name, const iop_rich *first, const char *year,
              const char *current);

#endif
