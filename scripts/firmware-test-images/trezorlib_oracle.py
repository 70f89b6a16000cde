#!/usr/bin/env python3
"""trezorlib's (PyPI trezor 0.20.2) view of Trezor images: one JSON object per file on stdout.

    trezorlib_oracle.py FILE...

For each file: class, parse (bool), model, version, fingerprint (trezorlib digest()), embedded_fingerprint
(wrapped T1), and valid_prod / valid_dev. firmware.parse() covers TRZR/TRZV/TRZF; TRZB and TSEC are parsed with
FirmwareImage / SecmonImage and their CoSi signatures checked with the boardloader / secmon keys, as trezorlib has
no verify() for them. A TRZR wrapper's own signatures and its embedded image are checked separately because
LegacyFirmware.verify(dev_keys=True) checks the embedded image with production keys.
"""

import json
import sys

from trezorlib import cosi, firmware
from trezorlib.firmware import models
from trezorlib.firmware.legacy import check_sig_v1
from trezorlib.firmware.models import Model


def attempt(check) -> bool:
    try:
        check()
        return True
    except Exception:
        return False


def version_text(version) -> str:
    return ".".join(str(part) for part in version[:3])


def describe(data: bytes) -> dict:
    magic = data[:4]
    if magic == b"TRZB":
        image = firmware.FirmwareImage.parse(data)
        model = Model.from_hw_model(image.header.hw_model)

        def verify(dev: bool):
            keys = model.model_keys(dev)
            image.validate_code_hashes()
            cosi.verify(image.header.signature, image.digest(), keys.boardloader_sigs_needed,
                        keys.boardloader_keys, image.header.sigmask)

        return {"class": "FirmwareImage", "model": model.name, "version": version_text(image.header.version),
                "fingerprint": image.digest().hex(), "valid_prod": attempt(lambda: verify(False)),
                "valid_dev": attempt(lambda: verify(True))}
    if magic == b"TSEC":
        image = firmware.SecmonImage.parse(data)
        model = Model.from_hw_model(image.header.hw_model)

        def verify(dev: bool):
            keys = model.model_keys(dev)
            image.validate_code_hash()
            cosi.verify(image.header.signature, image.digest(), keys.secmon_sigs_needed, keys.secmon_keys,
                        image.header.sigmask)

        return {"class": "SecmonImage", "model": model.name, "version": version_text(image.header.version),
                "fingerprint": image.digest().hex(), "valid_prod": attempt(lambda: verify(False)),
                "valid_dev": attempt(lambda: verify(True))}

    fw = firmware.parse(data)
    result = {"class": type(fw).__name__, "fingerprint": fw.digest().hex()}
    model = fw.model()
    result["model"] = model.name if model is not None else None
    if isinstance(fw, firmware.LegacyFirmware):
        def outer(dev: bool):
            keys = models.LEGACY_V1V2_DEV if dev else models.LEGACY_V1V2
            check_sig_v1(fw.digest(), fw.key_indexes, fw.signatures, keys.firmware_sigs_needed, keys.firmware_keys)

        result["valid_prod"] = attempt(lambda: fw.verify(False))
        result["valid_dev"] = attempt(lambda: fw.verify(True))
        result["outer_valid_dev"] = attempt(lambda: outer(True))
        if fw.embedded_v2 is not None:
            inner = fw.embedded_v2
            result["embedded_fingerprint"] = inner.digest().hex()
            result["version"] = version_text(inner.header.version)
            result["embedded_valid_dev"] = attempt(lambda: inner.verify(True))
        return result
    if isinstance(fw, firmware.VendorFirmware):
        result["version"] = version_text(fw.firmware.header.version)
        result["vendor"] = fw.vendor_header.text
    else:
        result["version"] = version_text(fw.header.version)
    result["valid_prod"] = attempt(lambda: fw.verify(False))
    result["valid_dev"] = attempt(lambda: fw.verify(True))
    return result


def main() -> int:
    results = []
    for path in sys.argv[1:]:
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            entry = describe(data)
            entry["parse"] = True
        except Exception as error:  # trezorlib raises many kinds on malformed input
            entry = {"parse": False, "error": f"{type(error).__name__}: {error}"}
        entry["path"] = path
        results.append(entry)
    json.dump(results, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
