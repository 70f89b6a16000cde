// libqrencode (Debian libqrencode-dev): draws the QR symbols of BBQr and UR parts.
#ifndef CUSTOS_CQRENCODE_SHIM_H
#define CUSTOS_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
