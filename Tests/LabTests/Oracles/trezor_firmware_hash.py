#!/usr/bin/env python3
"""What a Trezor answers to GetFirmwareHash(challenge) for an image, computed with Python's hashlib only:
BLAKE2s-256 keyed with the challenge over the installed image (a TRZR-wrapped Trezor One image loses its 256-byte
TRZR header) followed by erased flash (0xFF) up to the model's firmware area.

    trezor_firmware_hash.py IMAGE CHALLENGE_HEX AREA_BYTES
"""

import hashlib
import sys


def main(image_path, challenge_hex, area):
    image = open(image_path, "rb").read()
    if image[:4] == b"TRZR" and image[256:260] == b"TRZF":
        image = image[256:]
    hasher = hashlib.blake2s(key=bytes.fromhex(challenge_hex), digest_size=32)
    hasher.update(image + b"\xff" * (int(area) - len(image)))
    print(hasher.hexdigest())


if __name__ == "__main__":
    main(*sys.argv[1:4])
