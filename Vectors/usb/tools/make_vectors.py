#!/usr/bin/env python3
"""Synthesises Custos's USB vectors from the vendors' documented protocols, with the vendors' own host library.

Every Trezor message here is encoded by trezorlib (protobuf + protocol v1 chunking) and every expected
FirmwareHash is computed with Python's hashlib.blake2s, so the Swift codec and the Firmware module are checked
against code they share nothing with. Nothing is recorded from vendor firmware or emulators.

    .venv/bin/python Vectors/usb/tools/make_vectors.py OUTDIR     (OUTDIR = Vectors/usb to refresh the files)
"""

import hashlib
import struct
import sys
from pathlib import Path

from trezorlib import mapping, messages, protocol_v1

T1B1_AREA = 983040
DEMO_CHALLENGE = bytes.fromhex("c0ffee00" * 8)
# A Trezor One image in the real TRZF v3 format, signed with the public T1 debug keys (Firmware/test-images):
# the image `custos devices attest --manifest` tests approve in a python-tuf manifest.
REPOSITORY = Path(__file__).resolve().parents[3]
T1_DEV_IMAGE = REPOSITORY / "Firmware/test-images/trezor/t1-trzf-v3-dev.bin"
HEADER = [
    "Synthesised by Vectors/usb/tools/make_vectors.py with trezorlib's protobuf and protocol-v1 codec;",
    "not recorded from any device or emulator. Format: Vectors/usb/README.md.",
]


class ChunkSink:
    """A trezorlib transport that only collects the 64-byte chunks protocol_v1.write produces."""

    CHUNK_SIZE = 64

    def __init__(self):
        self.chunks = []

    def write_chunk(self, chunk):
        assert len(chunk) == 64
        self.chunks.append(bytes(chunk))


def chunks(message):
    message_type, payload = mapping.DEFAULT_MAPPING.encode(message)
    sink = ChunkSink()
    protocol_v1.write(sink, message_type, payload)
    return sink.chunks


def synthetic_t1_image(variant, version=(1, 12, 1)):
    """A TRZR-wrapped TRZF image: headers with the documented magic and fields, code from SHA-256 in counter mode.
    It is only ever hashed, never signature-checked."""
    code = b"".join(hashlib.sha256(b"custos synthetic T1 code %d %d" % (variant, i)).digest() for i in range(128))
    trzf = bytearray(1024)
    trzf[0:4] = b"TRZF"
    struct.pack_into("<I", trzf, 4, 1024)
    struct.pack_into("<I", trzf, 12, len(code))
    trzf[16:20] = bytes([*version, 0])
    inner = bytes(trzf) + code
    trzr = bytearray(256)
    trzr[0:4] = b"TRZR"
    struct.pack_into("<I", trzr, 4, len(inner))
    return bytes(trzr) + inner


def firmware_hash(installed, challenge, area=T1B1_AREA):
    hasher = hashlib.blake2s(key=challenge, digest_size=32)
    hasher.update(installed + b"\xff" * (area - len(installed)))
    return hasher.digest()


def features(**overrides):
    fields = dict(
        vendor="trezor.io", major_version=1, minor_version=12, patch_version=1, bootloader_mode=False,
        device_id="CUSTOSDEMO000001", pin_protection=False, passphrase_protection=False, language="en-US",
        label="Custos demo", initialized=True, revision=bytes.fromhex("5f2a9d1c" * 5),
        bootloader_hash=hashlib.sha256(b"custos synthetic bootloader").digest(), unlocked=True, model="1",
        capabilities=[messages.Capability.Bitcoin, messages.Capability.Crypto], session_id=b"\x5a" * 32)
    fields.update(overrides)
    return messages.Features(**fields)


def transcript(path, lines, comments=()):
    text = "".join(f"# {line}\n" for line in HEADER + list(comments))
    for line in lines:
        if isinstance(line, str):
            text += line + "\n"
        else:
            direction, report = line
            text += f"{direction} {report.hex()}\n"
    path.write_text(text)


def host(message):
    return [("=>", chunk) for chunk in chunks(message)]


def device(message):
    return [("<=", chunk) for chunk in chunks(message)]


def main(out):
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "trezor").mkdir(parents=True, exist_ok=True)
    (out / "ledger").mkdir(parents=True, exist_ok=True)
    image = synthetic_t1_image(0)
    other = synthetic_t1_image(1)
    (out / "images/t1-synthetic.bin").write_bytes(image)
    (out / "images/t1-synthetic-other.bin").write_bytes(other)
    # The same code under a 1.14.1 header: the version the legacy 1.14.1 emulator reports (trezor/emulator-*).
    (out / "images/t1-synthetic-1.14.1.bin").write_bytes(synthetic_t1_image(0, version=(1, 14, 1)))
    installed = image[256:]
    answer = firmware_hash(installed, DEMO_CHALLENGE)
    initialize = host(messages.Initialize()) + device(features())
    get_hash = host(messages.GetFirmwareHash(challenge=DEMO_CHALLENGE))

    transcript(out / "trezor/features.transcript", initialize,
               ["Initialize -> Features (174 bytes, 3 reports) of a Trezor One running 1.12.1."])
    transcript(out / "trezor/attest-t1-synthetic.transcript",
               initialize + get_hash + device(messages.FirmwareHash(hash=answer)),
               ["Attestation of images/t1-synthetic.bin (TRZR header stripped) with challenge " + DEMO_CHALLENGE.hex(),
                "FirmwareHash = BLAKE2s-256 keyed with the challenge over the TRZF image + 0xFF to 983040 bytes:",
                answer.hex()])
    dev_image = T1_DEV_IMAGE.read_bytes()
    assert dev_image[:4] == b"TRZF" and dev_image[16:19] == bytes([1, 12, 1]), "expected a TRZF 1.12.1 image"
    dev_answer = firmware_hash(dev_image, DEMO_CHALLENGE)
    transcript(out / "trezor/attest-t1-dev.transcript",
               initialize + get_hash + device(messages.FirmwareHash(hash=dev_answer)),
               ["Attestation of Firmware/test-images/trezor/t1-trzf-v3-dev.bin (TRZF 1.12.1, public T1 debug keys;",
                "installed as is) with challenge " + DEMO_CHALLENGE.hex(),
                "FirmwareHash = BLAKE2s-256 keyed with the challenge over the TRZF image + 0xFF to 983040 bytes:",
                dev_answer.hex()])
    transcript(out / "trezor/attest-button-request.transcript",
               initialize + get_hash + device(messages.ButtonRequest(code=messages.ButtonRequestType.Other))
               + host(messages.ButtonAck()) + device(messages.FirmwareHash(hash=answer)),
               ["The device asks for a confirmation before answering; the host acknowledges."])
    transcript(out / "trezor/attest-failure.transcript",
               initialize + get_hash
               + device(messages.Failure(code=messages.FailureType.UnexpectedMessage, message="Unknown message")),
               ["Firmware older than GetFirmwareHash answers Failure(UnexpectedMessage)."])
    transcript(out / "trezor/thp-device.transcript",
               host(messages.Initialize())
               + device(messages.Failure(code=messages.FailureType.InvalidProtocol, message="Invalid protocol")),
               ["A THP-only Trezor answers a protocol-v1 request with Failure(InvalidProtocol)."])
    transcript(out / "trezor/attest-wrong-reply.transcript",
               initialize + get_hash + device(features()),
               ["GetFirmwareHash answered with Features: a wrong reply."])
    transcript(out / "trezor/attest-silent.transcript", initialize + get_hash + ["!silent"],
               ["The device never answers GetFirmwareHash: the read times out."])
    first_feature_chunk = device(features())[:1]
    transcript(out / "trezor/features-stops-mid-message.transcript",
               host(messages.Initialize()) + first_feature_chunk + ["!silent"],
               ["The first of three Features reports, then silence: stopped mid-message."])
    transcript(out / "trezor/features-disconnect.transcript",
               host(messages.Initialize()) + first_feature_chunk + ["!disconnect"],
               ["The device is unplugged after the first Features report."])
    garbage = bytes(range(64))
    transcript(out / "trezor/features-garbage.transcript", host(messages.Initialize()) + [("<=", garbage)],
               ["A report without the ?## marker."])
    huge = b"?##" + struct.pack(">HL", 17, 0x7FFFFFFF) + b"\x00" * 55
    transcript(out / "trezor/features-length-beyond-maximum.transcript",
               host(messages.Initialize()) + [("<=", huge)],
               ["A Features header declaring 2 GiB: refused before any allocation."])
    transcript(out / "trezor/features-slow.transcript",
               host(messages.Initialize()) + ["!delay 300ms"] + device(features()),
               ["The device takes 300 ms before answering."])
    transcript(out / "trezor/features-emulator.transcript",
               host(messages.Initialize())
               + device(features(minor_version=14, patch_version=1, fw_vendor="EMULATOR", label="Custos emulator")),
               ["Initialize -> Features shaped like the legacy 1.14.1 emulator's answer (docs: model \"1\",",
                "fw_vendor \"EMULATOR\", no internal_model); synthesised, not recorded."])
    newer = host(messages.Initialize()) + device(features(minor_version=14, patch_version=1))
    transcript(out / "trezor/attest-version-differs.transcript",
               newer + get_hash + device(messages.FirmwareHash(hash=answer)),
               ["The device reports firmware 1.14.1 but answers GetFirmwareHash with the hash of",
                "images/t1-synthetic.bin, whose TRZF header says 1.12.1, for challenge " + DEMO_CHALLENGE.hex() + ":",
                answer.hex()])
    print("challenge", DEMO_CHALLENGE.hex())
    print("answer", answer.hex())


if __name__ == "__main__":
    main(Path(sys.argv[1]))
