// libusb-1.0 (Debian libusb-1.0-0-dev).
#ifndef CUSTOS_CLIBUSB_SHIM_H
#define CUSTOS_CLIBUSB_SHIM_H
#include <libusb.h>
#endif
