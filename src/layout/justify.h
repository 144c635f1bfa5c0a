/* Private to the layout layer: a repair of pango's justification. */
#ifndef IOP_LAYOUT_JUSTIFY_H
#define IOP_LAYOUT_JUSTIFY_H

#include <pango/pango.h>

/* Pango 1.50 justifies a line broken at a soft hyphen as if the hyphen it
 * adds took no room, so the hyphen hangs into the margin.  Takes the
 * overflow back from the spaces of such lines so that every line ends at
 * `width` (pango units).  Harmless on a layout already fitted. */
void justify_fit_lines(PangoLayout *lo, int width);

#endif
