// libsecp256k1 (Debian libsecp256k1-dev, built with the extrakeys and schnorrsig modules).
#ifndef CUSTOS_CSECP256K1_SHIM_H
#define CUSTOS_CSECP256K1_SHIM_H
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
#endif
