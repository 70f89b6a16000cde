#!/usr/bin/env python3
"""Builds the firmware test images under Firmware/test-images/ and their manifest of expected verdicts.

Every image is signed only with keys whose private halves are public (the vendors' debug/dev keys) or with
clearly labelled Custos TEST keys where a vendor publishes no debug key; production policy must refuse all of
them. The byte layouts follow shared/docs/firmware-formats.md; the fingerprints written to the manifest are
computed here, independently of the Swift code under test.

    .venv/bin/python scripts/firmware-test-images/generate.py [--out Firmware/test-images]
        [--shared ../shared/vectors] [--jade-dev-key PATH] [--bench-dir DIR]

--jade-dev-key: Blockstream/Jade release/scripts/dev_fw_signing_key_A.pem (public in that repository; not copied
here). Without it the Jade images already in --out are kept. --bench-dir writes large images for `make bench`
instead of the test set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import struct
import sys
import zlib
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from ecdsa import NIST256p, SECP256k1, SigningKey
from trezorlib import cosi

ROOT = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------- keys whose private halves are public

# Trezor core development keys (trezor-firmware core/tools: _make_dev_keys): 0x41..0x43 boardloader and secmon,
# 0x44..0x46 bootloader, 0x47..0x49 the "UNSAFE" vendor keys.
TREZOR_BOARDLOADER_DEV = [bytes([b]) * 32 for b in (0x41, 0x42, 0x43)]
TREZOR_BOOTLOADER_DEV = [bytes([b]) * 32 for b in (0x44, 0x45, 0x46)]
TREZOR_UNSAFE_VENDOR = [bytes([b]) * 32 for b in (0x47, 0x48, 0x49)]
# Trezor One v1/v2 debug keys (trezor-firmware legacy/debug_signing), in LEGACY_V1V2_DEV order.
T1_V2_DEBUG = [
    "4444444444444444444444444444444444444444444444444444444444444444",
    "4545454545454545454545454545454545454545454545454545454545454545",
    "bfc4bca9c9c228a16639d3503d999a733a439210b64cebe757a4fd03ca46a5c8",
    "5518381d95e93e8eb68a294354989906e3828f36b4556a2ad85d8333294eb1b7",
    "1d1d34168760dec092c9ff89377d8659076d2dfd95e0281719c15f90d067e211",
]
# Trezor One v3 debug keys (legacy/debug_signing: mnemonic "table" x 11 + "advance", m/44'/0'/i'/0/0).
T1_V3_DEBUG = [
    "ca8de06e1e93d101136fa6fbc41432c52b6530299dfe32808030ee8e679702f1",
    "dde47dd393f7d76f9b522bfa9760bc4543d2c3654491393774f54e066461fccb",
    "14ba98c5c5cb8f1b214c661f4046ec2288c34fe2e73e02f149ec3dd8dad07ae2",
]
# Coldcard key 0, "for Internet randos": Coldcard/firmware stm32/keys/00.pem (published by Coinkite).
COLDCARD_KEY0 = "a4c23813846165 8fe0e17ab15d90f5194f493d347a77d464eeffa31f454ea8df".replace(" ", "")


def test_secret(label: str, order: int) -> bytes:
    """A clearly labelled Custos TEST private key (not any vendor's): SHA-256 of the label, reduced mod n."""
    value = int.from_bytes(hashlib.sha256(("custos TEST key: " + label).encode()).digest(), "big") % order
    return value.to_bytes(32, "big")


# ---------------------------------------------------------------- helpers

def filler(length: int, seed: str) -> bytes:
    """Deterministic stand-in for code bytes: 4 KiB of hash output, then a repeating pattern so the committed
    images compress well in git."""
    out = bytearray()
    counter = 0
    while len(out) < min(length, 4096):
        out += hashlib.sha256(f"{seed}/{counter}".encode()).digest()
        counter += 1
    pattern = bytes((index * 7 + len(seed)) & 0xFF for index in range(256))
    while len(out) < length:
        out += pattern
    return bytes(out[:length])


def secp_sign(secret_hex_or_bytes, digest: bytes, curve=SECP256k1) -> bytes:
    secret = bytes.fromhex(secret_hex_or_bytes) if isinstance(secret_hex_or_bytes, str) else secret_hex_or_bytes
    key = SigningKey.from_string(secret, curve=curve)
    return key.sign_digest_deterministic(digest, hashfunc=hashlib.sha256, sigencode=lambda r, s, o: r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def secp_public_xy(secret, curve=SECP256k1) -> bytes:
    secret = bytes.fromhex(secret) if isinstance(secret, str) else secret
    return SigningKey.from_string(secret, curve=curve).get_verifying_key().to_string()


def ed_public(seed: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def flip(data: bytes, offset: int) -> bytes:
    changed = bytearray(data)
    changed[offset] ^= 0x01
    return bytes(changed)


def blake2s(data: bytes) -> bytes:
    return hashlib.blake2s(data).digest()


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def sha256d(data: bytes) -> bytes:
    return sha256(sha256(data))


# ---------------------------------------------------------------- Trezor

TREZOR_MODELS = {
    # model: (hw_model bytes, hash function, chunk size)
    "T2T1": (b"\0\0\0\0", blake2s, 128 * 1024),
    "T2B1": (b"T2B1", blake2s, 128 * 1024),
    "T3B1": (b"T3B1", sha256, 128 * 1024),
    "T3T1": (b"T3T1", sha256, 128 * 1024),
    "T3T2": (b"T3T2", sha256, 128 * 1024),
    "T3W1": (b"T3W1", sha256, 256 * 1024),
}


def toif(width: int, height: int, data: bytes) -> bytes:
    return b"TOIG" + struct.pack("<HHI", width, height, len(data)) + data


def vendor_header(model: str, text: str, vendor_keys: list[bytes], signers: list[bytes], *, sig_m=2,
                  header_len=1024, expiry=0, trust=0xFFFF, signer_mask=None) -> bytes:
    """A `TRZV` vendor header signed (CoSi) by `signers`, which are bootloader keys at positions of `signer_mask`."""
    hw_model, hash_function, _ = TREZOR_MODELS[model]
    body = b"TRZV" + struct.pack("<IIBBBBH", header_len, expiry, 0, 1, sig_m, len(vendor_keys), trust)
    body += hw_model + b"\0" + b"\0" * 9
    body += b"".join(vendor_keys)
    encoded = text.encode()
    vendor_string = bytes([len(encoded)]) + encoded
    vendor_string += b"\0" * (-len(vendor_string) % 4)
    body += vendor_string + toif(24, 24, filler(40, "toif"))
    assert len(body) + 65 <= header_len
    body += b"\0" * (header_len - 65 - len(body))
    unsigned = body + b"\0" * 65
    digest = hash_function(unsigned)
    if not signers:
        return unsigned
    signature = cosi.sign_with_privkeys(digest, signers)
    mask = signer_mask if signer_mask is not None else (1 << len(signers)) - 1
    return body + bytes([mask]) + signature


def core_header(magic: bytes, model: str, version, code: bytes, code_offset: int, *, expiry=None, header_len=1024,
                hw_model=None) -> bytearray:
    """An unsigned 1024-byte `TRZF`/`TRZB` header whose chunk hashes cover `code` (chunks counted from the start of
    the image, code_offset bytes before the code)."""
    model_hw, hash_function, chunk = TREZOR_MODELS[model]
    hw = model_hw if hw_model is None else hw_model
    if expiry is None:
        expiry = 0 if hw == b"\0\0\0\0" else 1
    header = bytearray(1024)
    header[0:4] = magic
    struct.pack_into("<III", header, 4, header_len, expiry, len(code))
    header[16:20] = bytes(version)
    header[20:24] = bytes(version)
    header[24:28] = hw
    for index in range(16):
        start = max(0, index * chunk - code_offset)
        end = (index + 1) * chunk - code_offset
        piece = code[start:end]
        if piece:
            header[32 + 32 * index:64 + 32 * index] = hash_function(piece)
    return header


def core_fingerprint(model: str, header: bytes) -> bytes:
    _, hash_function, _ = TREZOR_MODELS[model]
    cleared = bytearray(header)
    cleared[0x3BF:0x400] = b"\0" * 65
    return hash_function(bytes(cleared))


def cosi_sign_header(model: str, header: bytearray, signers: list[bytes], mask=None, *, digest=None) -> bytes:
    digest = digest or core_fingerprint(model, header)
    header[0x3BF] = mask if mask is not None else (1 << len(signers)) - 1
    header[0x3C0:0x400] = cosi.sign_with_privkeys(digest, signers)
    return bytes(header)


def t1_header(version, code: bytes) -> bytearray:
    """Trezor One `TRZF` header: SHA-256 over 64 KiB chunks from the header start, last chunk padded with 0xFF."""
    header = bytearray(1024)
    header[0:4] = b"TRZF"
    struct.pack_into("<III", header, 4, 1024, 0, len(code))
    header[16:20] = bytes(version)
    chunk = 64 * 1024
    for index in range(16):
        start = max(0, index * chunk - 1024)
        end = (index + 1) * chunk - 1024
        piece = code[start:end]
        if piece:
            piece += b"\xff" * (end - start - len(piece))
            header[32 + 32 * index:64 + 32 * index] = sha256(piece)
    return header


def t1_fingerprint(header: bytes) -> bytes:
    cleared = bytearray(header)
    cleared[0x220:0x2E3] = b"\0" * (0x2E3 - 0x220)
    cleared[0x3BF:0x400] = b"\0" * 65
    return sha256(bytes(cleared))


def t1_sign(header: bytearray, indices: list[int], keys: list[str], *, v3: bool) -> bytes:
    digest = t1_fingerprint(header)
    if v3:
        digest = sha256d(b"\x18Bitcoin Signed Message:\n\x20" + digest)
    for slot, index in enumerate(indices):
        header[0x220 + 64 * slot:0x260 + 64 * slot] = secp_sign(keys[index - 1], digest)
        header[0x2E0 + slot] = index
    return bytes(header)


def legacy_trzr(payload: bytes, indices: list[int]) -> bytes:
    digest = sha256(payload)
    header = bytearray(256)
    header[0:4] = b"TRZR"
    struct.pack_into("<I", header, 4, len(payload))
    for slot, index in enumerate(indices):
        header[8 + slot] = index
        if index:
            header[0x40 + 64 * slot:0x80 + 64 * slot] = secp_sign(T1_V2_DEBUG[index - 1], digest)
    return bytes(header) + payload


class Builder:
    def __init__(self, out: Path, shared: Path):
        self.out = out
        self.shared = shared
        self.entries: list[dict] = []

    def add(self, name: str, data: bytes, **expected):
        path = self.out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        entry = {"file": name, "size": len(data), "sha256": sha256(data).hex()}
        entry.update(expected)
        self.entries.append(entry)

    # ------------------------------------------------------------ Trezor One

    def trezor_one(self):
        code = filler(40 * 1024, "t1-legacy")
        image = legacy_trzr(code, [1, 2, 3])
        fp = sha256(code).hex()
        self.add("trezor/t1-legacy-v1-dev.bin", image, vendor="trezor", format="trezor-legacy-v1", model="T1B1",
                 parse=True, integrity=True, signature="development", genuine=False, fingerprint=fp,
                 trezorlib={"class": "LegacyFirmware", "valid_prod": False, "valid_dev": True},
                 problems=["development"])
        self.add("trezor/t1-legacy-v1-dev-tampered.bin", image[:300] + bytes([image[300] ^ 1]) + image[301:],
                 vendor="trezor", format="trezor-legacy-v1", model="T1B1", parse=True, integrity=True,
                 signature="invalid", genuine=False, fingerprint=sha256(flip(code, 44)).hex(),
                 trezorlib={"class": "LegacyFirmware", "valid_prod": False, "valid_dev": False},
                 problems=["signature"])
        self.add("trezor/t1-legacy-v1-duplicate-index.bin", legacy_trzr(code, [1, 1, 2]), vendor="trezor",
                 format="trezor-legacy-v1", model="T1B1", parse=True, integrity=True, signature="invalid",
                 genuine=False, fingerprint=fp,
                 trezorlib={"class": "LegacyFirmware", "valid_prod": False, "valid_dev": False},
                 problems=["distinct"])

        code2 = filler(150 * 1024, "t1-v2")  # three 64 KiB chunks, the last one padded
        v2 = t1_sign(t1_header((1, 10, 0, 0), code2), [1, 3, 5], T1_V2_DEBUG, v3=False) + code2
        self.add("trezor/t1-trzf-v2-dev.bin", v2, vendor="trezor", format="trezor-one-v2", model="T1B1",
                 version="1.10.0", parse=True, integrity=True, signature="development", genuine=False,
                 fingerprint=t1_fingerprint(v2[:1024]).hex(),
                 trezorlib={"class": "LegacyV2Firmware", "valid_prod": False, "valid_dev": True},
                 problems=["development"])

        code3 = filler(70 * 1024, "t1-v3")
        v3 = t1_sign(t1_header((1, 12, 1, 0), code3), [1, 2], T1_V3_DEBUG, v3=True) + code3
        fp3 = t1_fingerprint(v3[:1024]).hex()
        self.add("trezor/t1-trzf-v3-dev.bin", v3, vendor="trezor", format="trezor-one-v3", model="T1B1",
                 version="1.12.1", parse=True, integrity=True, signature="development", genuine=False,
                 fingerprint=fp3,
                 trezorlib={"class": "LegacyV2Firmware", "valid_prod": False, "valid_dev": True},
                 problems=["development"])
        self.add("trezor/t1-trzf-v3-dev-tampered-code.bin", flip(v3, 1024 + 66000), vendor="trezor",
                 format="trezor-one-v3", model="T1B1", version="1.12.1", parse=True, integrity=False,
                 signature="development", genuine=False, fingerprint=None,
                 trezorlib={"class": "LegacyV2Firmware", "valid_prod": False, "valid_dev": False},
                 problems=["chunk"])
        self.add("trezor/t1-trzf-v3-dev-bad-signature.bin", flip(v3, 0x230), vendor="trezor",
                 format="trezor-one-v3", model="T1B1", version="1.12.1", parse=True, integrity=True,
                 signature="invalid", genuine=False, fingerprint=fp3,
                 trezorlib={"class": "LegacyV2Firmware", "valid_prod": False, "valid_dev": False},
                 problems=["signature"])

        # Threshold - 1: two of the three v1/v2 signatures, one of the two v3 signatures (each one valid).
        self.add("trezor/t1-legacy-v1-two-signatures.bin", legacy_trzr(code, [1, 2, 0]), vendor="trezor",
                 format="trezor-legacy-v1", model="T1B1", parse=True, integrity=True, signature="invalid",
                 genuine=False, fingerprint=fp, threshold_short="v1: 2 of 3 debug keys",
                 complete_sibling="trezor/t1-legacy-v1-dev.bin",
                 trezorlib={"class": "LegacyFirmware", "valid_prod": False, "valid_dev": False},
                 problems=["distinct"])
        v2_short = t1_sign(t1_header((1, 10, 0, 0), code2), [1, 3], T1_V2_DEBUG, v3=False) + code2
        self.add("trezor/t1-trzf-v2-two-signatures.bin", v2_short, vendor="trezor", format="trezor-one-v2",
                 model="T1B1", version="1.10.0", parse=True, integrity=True, signature="invalid", genuine=False,
                 fingerprint=t1_fingerprint(v2_short[:1024]).hex(), threshold_short="v2: 2 of 3 debug keys",
                 complete_sibling="trezor/t1-trzf-v2-dev.bin",
                 trezorlib={"class": "LegacyV2Firmware", "valid_prod": False, "valid_dev": False},
                 problems=["distinct"])
        v3_short = t1_sign(t1_header((1, 12, 1, 0), code3), [2], T1_V3_DEBUG, v3=True) + code3
        self.add("trezor/t1-trzf-v3-one-signature.bin", v3_short, vendor="trezor", format="trezor-one-v3",
                 model="T1B1", version="1.12.1", parse=True, integrity=True, signature="invalid", genuine=False,
                 fingerprint=t1_fingerprint(v3_short[:1024]).hex(), threshold_short="v3: 1 of 2 debug keys",
                 complete_sibling="trezor/t1-trzf-v3-dev.bin",
                 trezorlib={"class": "LegacyV2Firmware", "valid_prod": False, "valid_dev": False},
                 problems=["distinct"])

        inner = t1_sign(t1_header((1, 9, 0, 0), code2), [2, 4, 5], T1_V2_DEBUG, v3=False) + code2
        wrapped = legacy_trzr(inner, [1, 2, 3])
        self.add("trezor/t1-trzr-wrapped-trzf-dev.bin", wrapped, vendor="trezor", format="trezor-legacy-v1+one-v2",
                 model="T1B1", version="1.9.0", parse=True, integrity=True, signature="development", genuine=False,
                 fingerprint=sha256(inner).hex(), embedded_fingerprint=t1_fingerprint(inner[:1024]).hex(),
                 trezorlib={"class": "LegacyFirmware", "valid_prod": False, "valid_dev": False,
                            "note": "trezorlib verifies the embedded image with production keys even when "
                                    "dev_keys=True; the oracle checks the outer and inner signatures separately"},
                 problems=["development"])

    # ------------------------------------------------------------ Trezor core

    def core_image(self, model: str, vendor: bytes, code: bytes, signers: list[bytes], *, version=(2, 8, 1, 0),
                   expiry=None, header_len=1024, mask=None, sign_header_len_1024=False) -> tuple[bytes, str]:
        header = core_header(b"TRZF", model, version, code, len(vendor) + 1024, expiry=expiry,
                             header_len=header_len)
        digest = None
        if sign_header_len_1024:
            # trezorlib rebuilds hdrlen as 1024 before hashing; sign what it checks, so only the device rule differs.
            rebuilt = bytearray(header)
            struct.pack_into("<I", rebuilt, 4, 1024)
            digest = core_fingerprint(model, rebuilt)
        signed = cosi_sign_header(model, header, signers, mask, digest=digest)
        fingerprint = digest or core_fingerprint(model, signed)
        return vendor + signed + code, fingerprint.hex()

    def trezor_core(self):
        vendor_keys = [ed_public(k) for k in TREZOR_UNSAFE_VENDOR]
        code_sizes = {"T2T1": 6 * 1024, "T2B1": 200 * 1024, "T3B1": 5 * 1024, "T3T1": 7 * 1024,
                      "T3T2": 6 * 1024, "T3W1": 300 * 1024}
        for model in TREZOR_MODELS:
            dev_vendor = vendor_header(model, "Custos TEST vendor (dev keys)", vendor_keys,
                                       TREZOR_BOOTLOADER_DEV[:2])
            code = filler(code_sizes[model], f"core-{model}")
            image, fp = self.core_image(model, dev_vendor, code, TREZOR_UNSAFE_VENDOR[:2])
            hash_name = "blake2s" if TREZOR_MODELS[model][1] is blake2s else "sha256"
            self.add(f"trezor/{model}-firmware-dev.bin", image, vendor="trezor", format="trezor-core", model=model,
                     version="2.8.1", hash=hash_name, parse=True, integrity=True, signature="development",
                     genuine=False, fingerprint=fp,
                     trezorlib={"class": "VendorFirmware", "valid_prod": False, "valid_dev": True},
                     problems=["development"])
            unsafe_path = self.shared / "firmware/trezor" / model / "vendorheader_unsafe_signed_prod.bin"
            if unsafe_path.exists():
                unsafe = unsafe_path.read_bytes()
                image, fp = self.core_image(model, unsafe, code, TREZOR_UNSAFE_VENDOR[:2])
                self.add(f"trezor/{model}-firmware-unsafe-vendor.bin", image, vendor="trezor", format="trezor-core",
                         model=model, version="2.8.1", hash=hash_name, parse=True, integrity=True,
                         signature="production", genuine=False, fingerprint=fp,
                         trezorlib={"class": "VendorFirmware", "valid_prod": True, "valid_dev": False},
                         problems=["UNSAFE"], look_alike=True)

        model = "T3T1"
        dev_vendor = vendor_header(model, "Custos TEST vendor (dev keys)", vendor_keys, TREZOR_BOOTLOADER_DEV[:2])
        code = filler(7 * 1024, "core-T3T1")
        image, fp = self.core_image(model, dev_vendor, code, TREZOR_UNSAFE_VENDOR[:2])
        vlen = len(dev_vendor)
        common = dict(vendor="trezor", format="trezor-core", model=model, version="2.8.1", hash="sha256", parse=True)
        self.add("trezor/T3T1-tampered-code.bin", flip(image, vlen + 1024 + 3000), integrity=False,
                 signature="development", genuine=False, fingerprint=None,
                 trezorlib={"class": "VendorFirmware", "valid_prod": False, "valid_dev": False},
                 problems=["chunk"], **common)
        self.add("trezor/T3T1-tampered-vendor-header.bin", flip(image, 0x30), integrity=True, signature="invalid",
                 genuine=False, fingerprint=fp,
                 trezorlib={"class": "VendorFirmware", "valid_prod": False, "valid_dev": False},
                 problems=["vendor header signature"], **common)
        self.add("trezor/T3T1-bad-firmware-signature.bin", flip(image, vlen + 0x3D0), integrity=True,
                 signature="invalid", genuine=False, fingerprint=fp,
                 trezorlib={"class": "VendorFirmware", "valid_prod": False, "valid_dev": False},
                 problems=["firmware signature"], **common)
        # Rules where the device is stricter than trezorlib: trezorlib (dev keys) accepts these, Custos must not.
        three = vendor_header(model, "Custos TEST vendor (dev keys)", vendor_keys, TREZOR_BOOTLOADER_DEV)
        image3, fp3 = self.core_image(model, three, code, TREZOR_UNSAFE_VENDOR[:2])
        self.add("trezor/T3T1-vendor-sigmask-three.bin", image3, integrity=True, signature="invalid",
                 genuine=False, fingerprint=fp3, device_stricter=True,
                 trezorlib={"class": "VendorFirmware", "valid_prod": False, "valid_dev": True},
                 problems=["sigmask"], **common)
        expiring = vendor_header(model, "Custos TEST vendor (dev keys)", vendor_keys, TREZOR_BOOTLOADER_DEV[:2],
                                 expiry=1)
        image4, fp4 = self.core_image(model, expiring, code, TREZOR_UNSAFE_VENDOR[:2])
        self.add("trezor/T3T1-vendor-expiry.bin", image4, integrity=False, signature="development", genuine=False,
                 fingerprint=fp4, device_stricter=True,
                 trezorlib={"class": "VendorFirmware", "valid_prod": False, "valid_dev": True},
                 problems=["expiry"], **common)
        image5, fp5 = self.core_image(model, dev_vendor, code, TREZOR_UNSAFE_VENDOR[:2], expiry=0)
        self.add("trezor/T3T1-firmware-expiry-bit-clear.bin", image5, integrity=False, signature="development",
                 genuine=False, fingerprint=fp5, device_stricter=True,
                 trezorlib={"class": "VendorFirmware", "valid_prod": False, "valid_dev": True},
                 problems=["expiry"], **common)
        image6, fp6 = self.core_image(model, dev_vendor, code, TREZOR_UNSAFE_VENDOR[:2], header_len=1536,
                                      sign_header_len_1024=True)
        self.add("trezor/T3T1-firmware-header-length.bin", image6, integrity=False, signature="development",
                 genuine=False, fingerprint=fp6, device_stricter=True,
                 trezorlib={"class": "VendorFirmware", "valid_prod": False, "valid_dev": True},
                 problems=["header length"], **common)
        # Threshold - 1: each CoSi signature made by one signer fewer than its threshold. The one signer's
        # signature is valid on its own, so only the signer count refuses these (trezorlib refuses them too).
        one_boot = vendor_header(model, "Custos TEST vendor (dev keys)", vendor_keys, TREZOR_BOOTLOADER_DEV[:1])
        image7, fp7 = self.core_image(model, one_boot, code, TREZOR_UNSAFE_VENDOR[:2])
        self.add("trezor/T3T1-vendor-header-one-signer.bin", image7, integrity=True, signature="invalid",
                 genuine=False, fingerprint=fp7, threshold_short="vendor header: 1 of 2 bootloader keys",
                 complete_sibling="trezor/T3T1-firmware-dev.bin",
                 trezorlib={"class": "VendorFirmware", "valid_prod": False, "valid_dev": False},
                 problems=["vendor header signature"], **common)
        image8, fp8 = self.core_image(model, dev_vendor, code, TREZOR_UNSAFE_VENDOR[:1])
        self.add("trezor/T3T1-firmware-one-vendor-signer.bin", image8, integrity=True, signature="invalid",
                 genuine=False, fingerprint=fp8, threshold_short="firmware: 1 of 2 vendor keys",
                 complete_sibling="trezor/T3T1-firmware-dev.bin",
                 trezorlib={"class": "VendorFirmware", "valid_prod": False, "valid_dev": False},
                 problems=["firmware signature"], **common)
        self.add("trezor/T3T1-trailing-bytes.bin", image + b"\0" * 16, vendor="trezor", parse=False,
                 trezorlib={"class": "VendorFirmware", "parse": False}, problems=["trailing"])
        self.add("trezor/T3T1-truncated.bin", image[:vlen + 1024 + 100], vendor="trezor", parse=False,
                 trezorlib={"class": "VendorFirmware", "parse": False}, problems=["truncated"])

        # Bootloader TRZB (boardloader dev keys) and secure monitor TSEC (secmon dev keys).
        boot_code = filler(9 * 1024, "bootloader")
        boot = cosi_sign_header(model, core_header(b"TRZB", model, (2, 1, 16, 0), boot_code, 1024),
                                TREZOR_BOARDLOADER_DEV[:2]) + boot_code
        self.add("trezor/T3T1-bootloader-dev.bin", boot, vendor="trezor", format="trezor-bootloader", model=model,
                 version="2.1.16", parse=True, integrity=True, signature="development", genuine=False,
                 fingerprint=core_fingerprint(model, boot[:1024]).hex(),
                 trezorlib={"class": "FirmwareImage", "valid_prod": False, "valid_dev": True},
                 problems=["development"])
        self.add("trezor/T3T1-bootloader-tampered.bin", flip(boot, 2000), vendor="trezor",
                 format="trezor-bootloader", model=model, version="2.1.16", parse=True, integrity=False,
                 signature="development", genuine=False, fingerprint=None,
                 trezorlib={"class": "FirmwareImage", "valid_prod": False, "valid_dev": False},
                 problems=["chunk"])

        one_boot = cosi_sign_header(model, core_header(b"TRZB", model, (2, 1, 16, 0), boot_code, 1024),
                                    TREZOR_BOARDLOADER_DEV[:1]) + boot_code
        self.add("trezor/T3T1-bootloader-one-signer.bin", one_boot, vendor="trezor", format="trezor-bootloader",
                 model=model, version="2.1.16", parse=True, integrity=True, signature="invalid", genuine=False,
                 fingerprint=core_fingerprint(model, one_boot[:1024]).hex(),
                 threshold_short="bootloader: 1 of 2 boardloader keys",
                 complete_sibling="trezor/T3T1-bootloader-dev.bin",
                 trezorlib={"class": "FirmwareImage", "valid_prod": False, "valid_dev": False},
                 problems=["bootloader signature"])

        sec_code = filler(12 * 1024, "secmon")
        sec = bytearray(512)
        sec[0:4] = b"TSEC"
        struct.pack_into("<II", sec, 4, 512, len(sec_code))
        sec[12:16] = bytes((1, 0, 13, 0))
        sec[16:20] = b"T3W1"
        sec[0x18:0x38] = sha256(sec_code)
        digest = sha256(bytes(sec))
        sec[0x1BF] = 3
        sec[0x1C0:0x200] = cosi.sign_with_privkeys(digest, TREZOR_BOARDLOADER_DEV[:2])
        secmon = bytes(sec) + sec_code
        self.add("trezor/T3W1-secmon-dev.bin", secmon, vendor="trezor", format="trezor-secmon", model="T3W1",
                 version="1.0.13", parse=True, integrity=True, signature="development", genuine=False,
                 fingerprint=digest.hex(),
                 trezorlib={"class": "SecmonImage", "valid_prod": False, "valid_dev": True},
                 problems=["development"])
        one_sec = bytearray(secmon[:512])
        one_sec[0x1BF] = 1
        one_sec[0x1C0:0x200] = cosi.sign_with_privkeys(digest, TREZOR_BOARDLOADER_DEV[:1])
        self.add("trezor/T3W1-secmon-one-signer.bin", bytes(one_sec) + sec_code, vendor="trezor",
                 format="trezor-secmon", model="T3W1", version="1.0.13", parse=True, integrity=True,
                 signature="invalid", genuine=False, fingerprint=digest.hex(),
                 threshold_short="secure monitor: 1 of 2 secmon keys", complete_sibling="trezor/T3W1-secmon-dev.bin",
                 trezorlib={"class": "SecmonImage", "valid_prod": False, "valid_dev": False},
                 problems=["secure monitor signature"])
        self.add("trezor/T3W1-secmon-tampered.bin", flip(secmon, 600), vendor="trezor", format="trezor-secmon",
                 model="T3W1", version="1.0.13", parse=True, integrity=False, signature="development", genuine=False,
                 fingerprint=None, trezorlib={"class": "SecmonImage", "valid_prod": False, "valid_dev": False},
                 problems=["hash"])

    # ------------------------------------------------------------ Coldcard

    def coldcard(self):
        length = 256 * 1024  # the bootloader's minimum, 512-aligned
        body = bytearray(filler(length, "coldcard"))
        header = bytearray(128)
        struct.pack_into("<I", header, 0, 0xCC001234)
        header[4:12] = bytes.fromhex("2608150930000000")  # BCD timestamp 26-08-15 09:30
        header[12:20] = b"5.4.3\0\0\0"
        struct.pack_into("<IIII", header, 0x14, 0, length, 0, 0x04)  # key 0, Mk3
        body[0x3F80:0x4000] = header

        def signed(image: bytearray, key_index: int, secret: str | bytes) -> tuple[bytes, bytes]:
            image = bytearray(image)
            struct.pack_into("<I", image, 0x3F80 + 0x14, key_index)
            digest = sha256d(bytes(image[:0x3FC0]) + bytes(image[0x4000:length]))
            image[0x3FC0:0x4000] = secp_sign(secret, digest)
            return bytes(image), digest

        raw, digest = signed(body, 0, COLDCARD_KEY0)
        common = dict(vendor="coldcard", model="Mk3", version="5.4.3")
        self.add("coldcard/coldcard-key0.bin", raw, format="coldcard-raw", parse=True, integrity=True,
                 signature="development", genuine=False, fingerprint=digest.hex(), problems=["key 0"], **common)
        self.add("coldcard/coldcard-key0.dfu", dfuse([(0x08008000, raw)]), format="coldcard-dfu", parse=True,
                 integrity=True, signature="development", genuine=False, fingerprint=digest.hex(),
                 problems=["key 0"], **common)
        self.add("coldcard/coldcard-key0-tampered.bin", flip(raw, 0x5000), format="coldcard-raw", parse=True,
                 integrity=True, signature="invalid", genuine=False, fingerprint=None, problems=["signature"],
                 **common)
        bad_crc = bytearray(dfuse([(0x08008000, raw)]))
        bad_crc[-1] ^= 0xFF
        self.add("coldcard/coldcard-key0-bad-crc.dfu", bytes(bad_crc), format="coldcard-dfu", parse=True,
                 integrity=False, signature="development", genuine=False, fingerprint=digest.hex(),
                 problems=["CRC"], **common)
        unknown = bytearray(raw)
        struct.pack_into("<I", unknown, 0x3F80 + 0x14, 9)
        self.add("coldcard/coldcard-unknown-key.bin", bytes(unknown), format="coldcard-raw", parse=True,
                 integrity=True, signature="invalid", genuine=False, fingerprint=None, problems=["key"], **common)
        test_key = test_secret("coldcard key 1 stand-in", SECP256k1.order)
        lookalike, lookalike_digest = signed(body, 1, test_key)
        self.add("coldcard/coldcard-test-key-as-key1.bin", lookalike, format="coldcard-raw", parse=True,
                 integrity=True, signature="invalid", genuine=False, fingerprint=lookalike_digest.hex(),
                 problems=["signature"], test_key=secp_public_xy(test_key).hex(), **common)
        short = bytearray(raw)
        struct.pack_into("<I", short, 0x3F80 + 0x18, 0x1000)
        self.add("coldcard/coldcard-short-length.bin", bytes(short), vendor="coldcard", parse=False,
                 problems=["length"])

    # ------------------------------------------------------------ BitBox02

    def bitbox02(self):
        root = [test_secret(f"bitbox02 root {i}", NIST256p.order) for i in range(3)]
        signing = [test_secret(f"bitbox02 signing {i}", NIST256p.order) for i in range(3)]
        payload = filler(60 * 1024, "bitbox02")
        editions = {"multi": (0x653F362B, 1), "btconly": (0x11233B0B, 2), "nova-multi": (0x5B648CEB, 3),
                    "nova-btconly": (0x48714774, 4)}
        test_keys = {"root": [secp_public_xy(k, NIST256p).hex() for k in root]}

        def build(edition: str, firmware_version: int, keys_version: int, scheme: str, root_signers=(0, 1),
                  firmware_signers=(0, 2)) -> tuple[bytes, str]:
            magic, product = editions[edition]
            keys_part = struct.pack("<I", keys_version) + b"".join(secp_public_xy(k, NIST256p) for k in signing)
            padded = payload + b"\xff" * (884736 - len(payload))
            if scheme == "legacy":
                m_keys = sha256d(keys_part)
                m_fw = sha256d(struct.pack("<I", firmware_version) + padded)
            else:
                m_keys = sha256(struct.pack("<H", product) + keys_part)
                m_fw = sha256(struct.pack("<H", product) + struct.pack("<I", firmware_version) + padded)
            root_sigs = bytearray(192)
            for index in root_signers:
                root_sigs[64 * index:64 * index + 64] = secp_sign(root[index], sha256(m_keys), NIST256p)
            fw_sigs = bytearray(192)
            for index in firmware_signers:
                fw_sigs[64 * index:64 * index + 64] = secp_sign(signing[index], sha256(m_fw), NIST256p)
            image = (struct.pack(">I", magic) + keys_part + bytes(root_sigs) + struct.pack("<I", firmware_version)
                     + bytes(fw_sigs) + payload)
            return image, m_fw.hex()

        base = dict(vendor="bitbox02", format="bitbox02", parse=True, test_keys=test_keys)
        image, fp = build("multi", 40, 3, "legacy")
        self.add("bitbox02/bitbox02-multi-legacy-test.bin", image, model="bitbox02-multi", scheme="legacy",
                 integrity=True, signature="test", genuine=False, fingerprint=fp, problems=["root"], **base)
        image, fp = build("btconly", 52, 4, "2026")
        self.add("bitbox02/bitbox02-btconly-2026-test.bin", image, model="bitbox02-btconly", scheme="2026",
                 integrity=True, signature="test", genuine=False, fingerprint=fp, problems=["root"], **base)
        image, fp = build("nova-multi", 53, 4, "2026")
        self.add("bitbox02/bitbox02nova-multi-2026-test.bin", image, model="bitbox02nova-multi", scheme="2026",
                 integrity=True, signature="test", genuine=False, fingerprint=fp, problems=["root"], **base)
        image, fp = build("multi", 40, 3, "legacy", firmware_signers=(1,))
        self.add("bitbox02/bitbox02-multi-one-signature.bin", image, model="bitbox02-multi", scheme="legacy",
                 integrity=True, signature="invalid", genuine=False, fingerprint=fp, problems=["firmware signatures"],
                 threshold_short="firmware: 1 of 2 signing keys",
                 complete_sibling="bitbox02/bitbox02-multi-legacy-test.bin", **base)
        image, fp = build("multi", 40, 3, "legacy", root_signers=(2,))
        self.add("bitbox02/bitbox02-multi-one-root-signature.bin", image, model="bitbox02-multi", scheme="legacy",
                 integrity=True, signature="invalid", genuine=False, fingerprint=fp, problems=["root"],
                 threshold_short="signing keys: 1 of 2 root keys",
                 complete_sibling="bitbox02/bitbox02-multi-legacy-test.bin", **base)
        image, fp = build("btconly", 52, 4, "2026", root_signers=(1,))
        self.add("bitbox02/bitbox02-btconly-2026-one-root-signature.bin", image, model="bitbox02-btconly",
                 scheme="2026", integrity=True, signature="invalid", genuine=False, fingerprint=fp, problems=["root"],
                 threshold_short="signing keys: 1 of 2 root keys",
                 complete_sibling="bitbox02/bitbox02-btconly-2026-test.bin", **base)
        image, fp = build("btconly", 52, 4, "2026", firmware_signers=(0,))
        self.add("bitbox02/bitbox02-btconly-2026-one-signature.bin", image, model="bitbox02-btconly",
                 scheme="2026", integrity=True, signature="invalid", genuine=False, fingerprint=fp,
                 problems=["firmware signatures"], threshold_short="firmware: 1 of 2 signing keys",
                 complete_sibling="bitbox02/bitbox02-btconly-2026-test.bin", **base)
        image, fp = build("multi", 40, 3, "legacy")
        self.add("bitbox02/bitbox02-multi-tampered.bin", flip(image, 2000), model="bitbox02-multi",
                 scheme="legacy", integrity=True, signature="invalid", genuine=False, fingerprint=None,
                 problems=["signature"], **base)
        self.add("bitbox02/bitbox02-truncated.bin", image[:400], vendor="bitbox02", parse=False,
                 problems=["truncated"])

    # ------------------------------------------------------------ Passport

    def passport(self):
        keys = [test_secret(f"passport {i}", SECP256k1.order) for i in range(4)]
        code = filler(48 * 1024, "passport")

        def build(indices, magic=0x53534150, one_signature=False) -> tuple[bytes, str]:
            header = bytearray(2048)
            struct.pack_into("<II", header, 0, magic, 1735689600)
            header[8:22] = b"Jan 01, 2025\0\0"
            header[22:30] = b"v2.3.5\0\0"
            struct.pack_into("<I", header, 30, len(code))
            digest = sha256d(bytes(header[:34]) + code)
            first, second = indices
            struct.pack_into("<I", header, 34, first)
            header[38:102] = secp_sign(keys[first % 4] if first != 255 else keys[0], digest)
            struct.pack_into("<I", header, 102, second)
            if first != 255 and not one_signature:
                header[106:170] = secp_sign(keys[second], digest)
            return bytes(header) + code, digest.hex()

        base = dict(vendor="passport", format="passport", parse=True, version="2.3.5",
                    test_keys=[secp_public_xy(k).hex() for k in keys])
        image, fp = build((0, 2))
        self.add("passport/passport-color-test.bin", image, model="passport-color", integrity=True,
                 signature="test", genuine=False, fingerprint=fp, problems=["key"], **base)
        image, fp = build((1, 3), magic=0x50415353)
        self.add("passport/passport-mono-test.bin", image, model="passport-mono", integrity=True,
                 signature="test", genuine=False, fingerprint=fp, problems=["key"], **base)
        image, fp = build((255, 0))
        self.add("passport/passport-user-signed.bin", image, model="passport-color", integrity=True,
                 signature="invalid", genuine=False, fingerprint=fp, problems=["user-signed"], **base)
        image, fp = build((0, 2), one_signature=True)
        self.add("passport/passport-one-signature.bin", image, model="passport-color", integrity=True,
                 signature="invalid", genuine=False, fingerprint=fp, problems=["do not verify"],
                 threshold_short="firmware: 1 of 2 keys", complete_sibling="passport/passport-color-test.bin",
                 **base)
        image, fp = build((1, 1))
        self.add("passport/passport-same-key-twice.bin", image, model="passport-color", integrity=True,
                 signature="invalid", genuine=False, fingerprint=fp, problems=["different"], **base)

    # ------------------------------------------------------------ Jade

    def jade(self, dev_key_path: str | None):
        if not dev_key_path:
            kept = [p for p in (self.out / "jade").glob("*.bin")] if (self.out / "jade").exists() else []
            old = self.previous.get("jade", [])
            self.entries.extend(old)
            print(f"no --jade-dev-key: kept {len(kept)} existing Jade images", file=sys.stderr)
            return
        dev_key = serialization.load_pem_private_key(Path(dev_key_path).read_bytes(), password=None)
        test_key = jade_test_key()
        app = esp_app_image(filler(50 * 1024 + 77, "jade-app"))

        base = dict(vendor="jade", format="jade", model="jade", version="1.0.35", parse=True)
        image, fp = jade_sign(app, [dev_key])
        self.add("jade/jade-dev-key-a.bin", image, integrity=True, signature="development", genuine=False,
                 fingerprint=fp, problems=["development"], **base)
        image2, fp2 = jade_sign(app, [test_key])
        self.add("jade/jade-test-key.bin", image2, integrity=True, signature="test", genuine=False,
                 fingerprint=fp2, problems=["key"], **base)
        self.add("jade/jade-tampered-image.bin", flip(image, 5000), integrity=False, signature="development",
                 genuine=False, fingerprint=None, problems=["digest"], **base)
        broken = bytearray(image)
        sector = len(app)
        broken[sector + 812 + 10] ^= 1
        broken[sector + 1196:sector + 1200] = struct.pack("<I", zlib.crc32(bytes(broken[sector:sector + 1196])))
        self.add("jade/jade-bad-signature.bin", bytes(broken), integrity=True, signature="invalid", genuine=False,
                 fingerprint=fp, problems=["signature"], **base)


def jade_test_key():
    """A Custos TEST RSA-3072 key, fixed so the images are reproducible: two primes found deterministically."""
    from cryptography.hazmat.primitives.asymmetric.rsa import (RSAPrivateNumbers, RSAPublicNumbers, rsa_crt_dmp1,
                                                               rsa_crt_dmq1, rsa_crt_iqmp)

    def prime(label: str) -> int:
        counter = 0
        while True:
            candidate = int.from_bytes(b"".join(hashlib.sha256(f"{label}/{counter}/{i}".encode()).digest() for i in range(6)), "big") | (3 << 1534) | 1
            if is_probable_prime(candidate) and (candidate - 1) % 65537:
                return candidate
            counter += 1

    p, q = prime("custos TEST jade p"), prime("custos TEST jade q")
    n, e = p * q, 65537
    d = pow(e, -1, (p - 1) * (q - 1))
    return RSAPrivateNumbers(p, q, d, rsa_crt_dmp1(d, p), rsa_crt_dmq1(d, q), rsa_crt_iqmp(p, q),
                             RSAPublicNumbers(e, n)).private_key()


def is_probable_prime(n: int) -> bool:
    if n % 2 == 0:
        return False
    for small in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % small == 0:
            return n == small
    d, r = n - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def esp_app_image(app: bytes) -> bytes:
    """An ESP-IDF-shaped application (magic 0xE9 first) padded with 0xFF to a 64 KiB boundary less the 4 KiB
    signature sector, as secure padding lays it out."""
    descriptor = struct.pack("<IIII", 0xABCD5432, 1, 0, 0) + b"1.0.35".ljust(32, b"\0") + b"jade".ljust(32, b"\0")
    data = b"\xe9" + app[1:0x20] + descriptor + app[0x20 + len(descriptor):]
    target = ((len(data) + 4096 + 65535) // 65536) * 65536 - 4096
    return data + b"\xff" * (target - len(data))


def jade_sign(image: bytes, keys) -> tuple[bytes, str]:
    digest = sha256(image)
    sector = b""
    for key in keys:
        numbers = key.public_key().public_numbers()
        n, e = numbers.n, numbers.e
        r = pow(2, 6144, n)
        m_prime = (-pow(n, -1, 1 << 32)) % (1 << 32)
        signature = key.sign(digest, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                             utils.Prehashed(hashes.SHA256()))
        block = bytes([0xE7, 0x02, 0, 0]) + digest + n.to_bytes(384, "little") + struct.pack("<I", e)
        block += r.to_bytes(384, "little") + struct.pack("<I", m_prime) + signature[::-1]
        block += struct.pack("<I", zlib.crc32(block)) + b"\0" * 16
        sector += block
    sector += b"\xff" * (4096 - len(sector))
    return image + sector, digest.hex()


def dfuse(elements: list[tuple[int, bytes]]) -> bytes:
    """An ST DfuSe file with one target holding `elements`, with the suffix CRC."""
    target_body = b"".join(struct.pack("<II", address, len(data)) + data for address, data in elements)
    name = b"ST...".ljust(255, b"\0")
    target = b"Target" + struct.pack("<BI", 0, 1) + name + struct.pack("<II", len(target_body), len(elements))
    target += target_body
    prefix = b"DfuSe" + struct.pack("<BIB", 1, 11 + len(target), 1)
    body = prefix + target
    suffix = struct.pack("<HHHH", 0xFFFF, 0xDF11, 0x0483, 0x011A) + b"UFD" + bytes([16])
    crc = (~zlib.crc32(body + suffix)) & 0xFFFFFFFF
    return body + suffix + struct.pack("<I", crc)


def garbage(builder: Builder):
    builder.add("garbage/empty.bin", b"", vendor=None, parse=False, problems=["empty"])
    builder.add("garbage/random.bin", filler(5000, "garbage"), vendor=None, parse=False, problems=["unrecognised"])
    builder.add("garbage/trzq-unsupported.bin", b"TRZQ" + filler(2000, "trzq"), vendor="trezor", parse=False,
                problems=["TRZQ"])
    builder.add("garbage/trzv-huge-length.bin", b"TRZV" + struct.pack("<I", 0xFFFFFE00) + filler(600, "x"),
                vendor="trezor", parse=False, problems=["hdrlen"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "Firmware/test-images"))
    parser.add_argument("--shared", default=os.environ.get("CUSTOS_SHARED_VECTORS", str(ROOT.parent / "shared/vectors")))
    parser.add_argument("--jade-dev-key")
    parser.add_argument("--bench-dir")
    args = parser.parse_args()

    if args.bench_dir:
        return bench_images(Path(args.bench_dir))

    out = Path(args.out)
    manifest_path = out / "manifest.json"
    builder = Builder(out, Path(args.shared))
    builder.previous = {}
    if manifest_path.exists():
        for entry in json.loads(manifest_path.read_text())["images"]:
            builder.previous.setdefault(entry["file"].split("/")[0], []).append(entry)
    builder.trezor_one()
    builder.trezor_core()
    builder.coldcard()
    builder.bitbox02()
    builder.passport()
    builder.jade(args.jade_dev_key)
    garbage(builder)
    manifest = {
        "generated_by": "scripts/firmware-test-images/generate.py",
        "note": "Expected verdicts under the production policy. Every signature is by a public debug/dev key or a "
                "labelled Custos TEST key, so nothing here is genuine. 'signature': production = valid with "
                "production keys (only the prod-signed UNSAFE vendor header), development = valid only with public "
                "debug/dev keys, test = valid only with the Custos TEST keys, invalid = no key set verifies. "
                "'problems' are substrings the verifier's reasons must contain. 'fingerprint' null = not compared.",
        "images": sorted(builder.entries, key=lambda e: e["file"]),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(builder.entries)} images to {out}")
    return 0


def bench_images(directory: Path) -> int:
    """20 images of about 1.1 MB each (T2B1: BLAKE2s, the slower hash; dev-signed) for the benchmarks."""
    directory.mkdir(parents=True, exist_ok=True)
    vendor_keys = [ed_public(k) for k in TREZOR_UNSAFE_VENDOR]
    vendor = vendor_header("T2B1", "Custos TEST vendor (dev keys)", vendor_keys, TREZOR_BOOTLOADER_DEV[:2])
    builder = Builder(directory, Path("."))
    for index in range(20):
        code = filler(1_099_776 - 1024 - 1024 + index * 512, f"bench-{index}")
        image, _ = builder.core_image("T2B1", vendor, code, TREZOR_UNSAFE_VENDOR[:2])
        (directory / f"bench-{index:02d}.bin").write_bytes(image)
    print(f"wrote 20 benchmark images to {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
