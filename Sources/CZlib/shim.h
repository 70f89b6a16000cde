// zlib (Debian zlib1g-dev): raw deflate for BBQr's Z encoding and PNG, and the CRC-32 of UR and PNG.
#ifndef CUSTOS_CZLIB_SHIM_H
#define CUSTOS_CZLIB_SHIM_H
#include <zlib.h>

// deflateInit2 and inflateInit2 are macros (they pass the header's version and struct size), which Swift cannot
// call; these wrappers expand them.
static inline int custos_deflate_init(z_stream *stream, int level, int window_bits) {
    return deflateInit2(stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
}

static inline int custos_inflate_init(z_stream *stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}
#endif
