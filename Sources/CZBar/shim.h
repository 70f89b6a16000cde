// zbar (Debian libzbar-dev): reads QR symbols back from images.
#ifndef CUSTOS_CZBAR_SHIM_H
#define CUSTOS_CZBAR_SHIM_H
#include <zbar.h>

// zbar_fourcc is a macro; the scanner feeds 8-bit grayscale ("Y800") images.
static inline unsigned long custos_zbar_format_y800(void) {
    return zbar_fourcc('Y', '8', '0', '0');
}
#endif
