// libsodium (Debian libsodium-dev): used only for Ed25519 point addition (Trezor CoSi aggregate keys).
#ifndef CUSTOS_CSODIUM_SHIM_H
#define CUSTOS_CSODIUM_SHIM_H
#include <sodium.h>
#endif
