#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target: OUT/<target>/<sha1 of the content>.

Seeds come from the project's own vectors (Firmware/test-images, Vectors/usb, udev/) and the shared read-only
vectors (../shared/vectors, or $CUSTOS_SHARED_VECTORS; the udev rules beside them). Nothing here is committed:
`Fuzz/run.sh` regenerates the seeds before each run, and `FuzzRegressionTests` replays them in `swift test`.
Standard library only, so it runs with any python3.

Usage: make-corpus.py OUT [TARGET...]   (no TARGET: all of them)

Adding a target: write a `seeds_<name with _>()` function returning an iterable of bytes.
"""

import base64
import hashlib
import json
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED_VECTORS = Path(os.environ.get("CUSTOS_SHARED_VECTORS", ROOT.parent / "shared" / "vectors"))
SHARED_UDEV = SHARED_VECTORS.parent / "udev"


def files(folder, *patterns):
    for pattern in patterns:
        yield from sorted(p for p in Path(folder).glob(pattern) if p.is_file())


def read_all(folder, *patterns):
    return [p.read_bytes() for p in files(folder, *patterns)]


# --- Shared helpers: framing per the vendors' documented protocols (shared/docs/usb-protocols.md §2), written
# --- here independently of the Swift codecs so the seeds do not inherit their mistakes.

def transcript_reports(path):
    """(host writes, device reports) of a Vectors/usb transcript."""
    host, device = [], []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("=>"):
            host.append(bytes.fromhex(line[2:].replace(" ", "")))
        elif line.startswith("<="):
            device.append(bytes.fromhex(line[2:].replace(" ", "")))
    return host, device


def trezor_messages(reports):
    """Reassembles Trezor v1 reports into (type, payload) messages."""
    messages, stream, needed, kind = [], b"", None, None
    for report in reports:
        if needed is None:
            if report[:3] != b"?##":
                continue
            kind, needed = struct.unpack(">HL", report[3:9])
            stream = report[9:]
        else:
            stream += report[1:]
        if len(stream) >= needed:
            messages.append((kind, stream[:needed]))
            needed = None
    return messages


def trezor_reports(kind, payload):
    stream = b"##" + struct.pack(">HL", kind, len(payload)) + payload
    return [(b"?" + stream[i:i + 63]).ljust(64, b"\0") for i in range(0, len(stream), 63)]


def ledger_reports(apdu, channel=0x0101):
    data = struct.pack(">H", len(apdu)) + apdu
    reports, sequence, offset = [], 0, 0
    while True:
        chunk = data[offset:offset + 59]
        reports.append((struct.pack(">HBH", channel, 5, sequence) + chunk).ljust(64, b"\0"))
        offset += 59
        sequence += 1
        if offset >= len(data):
            return reports


def coldcard_reports(message, split=63):
    reports, offset = [], 0
    while True:
        chunk = message[offset:offset + split]
        offset += split
        last = offset >= len(message)
        reports.append((bytes([len(chunk) | (0x80 if last else 0)]) + chunk).ljust(64, b"\0"))
        if last:
            return reports


def u2fhid_reports(channel, command, payload):
    cid = struct.pack(">L", channel)
    reports = [(cid + struct.pack(">BH", command | 0x80, len(payload)) + payload[:57]).ljust(64, b"\xee")]
    for sequence, offset in enumerate(range(57, len(payload), 59)):
        reports.append((cid + bytes([sequence]) + payload[offset:offset + 59]).ljust(64, b"\xee"))
    return reports


def ledger_app_and_version(name, version, flags=b"\x02"):
    return b"\x01" + bytes([len(name)]) + name + bytes([len(version)]) + version + bytes([len(flags)]) + flags


LEDGER_REPLIES = [
    ledger_app_and_version(b"BOLOS", b"1.1.1") + b"\x90\x00",
    ledger_app_and_version(b"Bitcoin", b"2.2.3") + b"\x90\x00",
    ledger_app_and_version(b"Bitcoin Test", b"2.1.0", flags=b"") + b"\x90\x00",
    b"\x55\x15",  # locked
    b"\x6e\x00",  # unknown instruction
    bytes(range(200)) + b"\x90\x00",  # a multi-report response
]


def usb_transcripts():
    return list(files(ROOT / "Vectors" / "usb", "**/*.transcript"))


# --- Seeds per target ---------------------------------------------------------------------------------------

def firmware_images():
    yield from read_all(ROOT / "Firmware" / "test-images", "**/*.bin", "**/*.dfu")
    yield from read_all(ROOT / "Vectors" / "usb" / "images", "*.bin")


def seeds_firmware_parse():
    yield from firmware_images()
    yield from read_all(SHARED_VECTORS / "firmware" / "trezor", "*/*.bin")


def seeds_firmware_verify():
    # Only the test images: the target asserts that nothing it sees is genuine, so no real vendor release may be
    # added here (see docs/FUZZING.md).
    yield from firmware_images()


def seeds_firmware_vendor_header():
    yield from read_all(SHARED_VECTORS / "firmware" / "trezor", "*/*.bin")
    for image in read_all(ROOT / "Firmware" / "test-images" / "trezor", "*.bin"):
        if image[:4] == b"TRZV":
            yield image[:struct.unpack("<L", image[4:8])[0]]


def seeds_framing_trezor_v1():
    for path in usb_transcripts():
        host, device = transcript_reports(path)
        yield b"".join(device)
        yield b"".join(host)


def seeds_framing_ledger_hid():
    for reply in LEDGER_REPLIES:
        yield b"".join(ledger_reports(reply))
    yield b"".join(ledger_reports(LEDGER_REPLIES[0]) + ledger_reports(LEDGER_REPLIES[5]))


def seeds_framing_coldcard():
    for message in [b"vers", b"biny" + bytes(range(256)) * 2, b"asci" + b"1.0.0\n" * 20, b""]:
        yield b"".join(coldcard_reports(message))
    yield b"".join(coldcard_reports(b"xpub" + b"tpub" * 30, split=17))


def seeds_framing_u2fhid():
    channel = 0x1234ABCD
    yield b"".join(u2fhid_reports(channel, 0x86, bytes(range(8)) + struct.pack(">L", channel) + b"\x02\x01\x00\x00\x00"))
    yield b"".join(u2fhid_reports(channel, 0xC1, b"i" + bytes(range(70))))
    yield b"".join(u2fhid_reports(channel, 0x81, bytes(300)))
    yield b"".join(u2fhid_reports(channel, 0xBF, b"\x01"))


def seeds_device_messages():
    kinds = {17: 0, 3: 1, 26: 2, 88: 3}
    for path in usb_transcripts():
        host, device = transcript_reports(path)
        for kind, payload in trezor_messages(device) + trezor_messages(host):
            if kind in kinds:
                yield bytes([kinds[kind]]) + payload
    for reply in LEDGER_REPLIES:
        yield b"\x04" + reply[:-2]


def seeds_device_session():
    for path in usb_transcripts():
        host, device = transcript_reports(path)
        asks_hash = any(kind == 88 for kind, _ in trezor_messages(host))
        yield bytes([1 if asks_hash else 0]) + b"".join(device)
    for reply in LEDGER_REPLIES:
        yield b"\x02" + b"".join(ledger_reports(reply))
    # A device that asks for confirmation again and again.
    yield b"\x00" + b"".join(b"".join(trezor_reports(26, b"\x08\x01")) for _ in range(10))


def seeds_transcript():
    yield from (path.read_bytes() for path in usb_transcripts())
    yield b"# delays\n!delay 250ms\n!delay 2s\n!delay 15us\n!silent\n!disconnect\n=> 00 11\r\n<= 22\n"


def seeds_udev_rules():
    yield from read_all(ROOT / "udev", "*.rules")
    yield from read_all(SHARED_UDEV, "**/*.rules")


def der_length(length):
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def der(tag, body):
    return bytes([tag]) + der_length(len(body)) + body


def der_integer(value):
    body = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return der(0x02, body)


def rsa_spki(bits, exponent=65537):
    """A SubjectPublicKeyInfo for an odd `bits`-bit modulus (not a real RSA key: parsers only see its shape)."""
    modulus = (1 << (bits - 1)) | int.from_bytes(hashlib.sha256(str(bits).encode()).digest(), "big") | 1
    key = der(0x30, der_integer(modulus) + der_integer(exponent))
    algorithm = der(0x30, der(0x06, bytes.fromhex("2a864886f70d010101")) + b"\x05\x00")
    return der(0x30, algorithm + der(0x03, b"\x00" + key))


def pem(der_bytes):
    text = base64.encodebytes(der_bytes).decode().replace("\n", "")
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return ("-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n").encode()


def seeds_crypto_keys():
    wycheproof = SHARED_VECTORS / "crypto" / "wycheproof"
    # Selectors: 0 secp256k1 key (+ DER signature), 1 x-only key, 2 DER signature, 3 compact signature, 4 Ed25519
    # key, 5 P-256 key (+ signature), 6 PEM, 7 RSA SubjectPublicKeyInfo, 8 RSA exponent (4 bytes) + modulus.
    for name in ["ecdsa_secp256k1_sha256_test.json", "ecdsa_secp256k1_sha256_bitcoin_test.json"]:
        data = json.loads((wycheproof / name).read_text())
        for group in data["testGroups"][:4]:
            key = bytes.fromhex(group["publicKey"]["uncompressed"])
            yield b"\x06" + group["publicKeyPem"].encode()
            for test in group["tests"][::6]:
                signature = bytes.fromhex(test["sig"])
                yield b"\x00" + key + signature
                yield b"\x02" + signature
    data = json.loads((wycheproof / "ecdsa_secp256k1_sha256_p1363_test.json").read_text())
    for test in data["testGroups"][0]["tests"][::8]:
        yield b"\x03" + bytes.fromhex(test["sig"])
    data = json.loads((wycheproof / "ecdsa_secp256r1_sha256_p1363_test.json").read_text())
    for group in data["testGroups"][:3]:
        key = bytes.fromhex(group["publicKey"]["uncompressed"])
        yield b"\x06" + group["publicKeyPem"].encode()
        yield b"\x05" + key[1:]
        yield b"\x05" + bytes([2 + key[-1] % 2]) + key[1:33]
        for test in group["tests"][::10]:
            yield b"\x05" + key + bytes.fromhex(test["sig"])
    data = json.loads((wycheproof / "ed25519_test.json").read_text())
    for group in data["testGroups"][:3]:
        key = bytes.fromhex(group["publicKey"]["pk"])
        for test in group["tests"][::10]:
            yield b"\x04" + key + bytes.fromhex(test["sig"]) + bytes.fromhex(test["msg"])
    data = json.loads((wycheproof / "rsa_pss_3072_sha256_mgf1_32_test.json").read_text())
    for group in data["testGroups"][:1]:
        yield b"\x06" + group["publicKeyPem"].encode()
        yield b"\x07" + bytes.fromhex(group["publicKeyDer"])
        modulus = bytes.fromhex(group["publicKey"]["modulus"])
        yield b"\x08" + bytes.fromhex(group["publicKey"]["publicExponent"]).rjust(4, b"\0") + modulus
    for line in (SHARED_VECTORS / "crypto" / "bip340_test-vectors.csv").read_text().splitlines()[1:]:
        fields = line.split(",")
        if len(fields) > 5 and len(fields[2]) == 64:
            yield b"\x01" + bytes.fromhex(fields[2]) + bytes.fromhex(fields[5]) + bytes.fromhex(fields[4])
    for path in files(SHARED_VECTORS / "firmware" / "jade", "*.pub"):
        yield b"\x06" + path.read_bytes()
    for root in files(SHARED_VECTORS / "tuf", "**/root.json", "**/initial_root.json"):
        for key in json.loads(root.read_text()).get("signed", {}).get("keys", {}).values():
            public = key.get("keyval", {}).get("public", "")
            if "BEGIN" in public:
                yield b"\x06" + public.encode()
    # Keys outside the sizes RSAPublicKey accepts from a modulus: a PEM or DER must not let them in either.
    for bits in [512, 1000, 17000]:
        yield b"\x06" + pem(rsa_spki(bits))
        yield b"\x07" + rsa_spki(bits)


# --- Seed sources for PSBT, transactions and descriptors (issue 3) and TUF metadata (issue 4), shared by their
# --- targets below (and by any new target over the same data, docs/FUZZING.md "Adding a target").

def json_strings(folder):
    """Every string in every JSON file under `folder`."""
    def walk(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
    for path in files(folder, "**/*.json"):
        yield from walk(json.loads(path.read_text()))


def decoded_strings(folder):
    """The bytes of every base64 or hex string in the JSON under `folder`."""
    for text in json_strings(folder):
        for decode in (bytes.fromhex, lambda t: base64.b64decode(t, validate=True)):
            try:
                yield decode(text)
            except ValueError:
                pass


def psbt_vectors():
    """Every PSBT (v0 and v2, valid and invalid) in shared/vectors/psbt, as binary."""
    seen = set()
    for data in decoded_strings(SHARED_VECTORS / "psbt"):
        if data.startswith(b"psbt\xff") and data not in seen:
            seen.add(data)
            yield data


def transaction_vectors():
    """Serialized transactions: Bitcoin Core's tx_valid/tx_invalid, and the unsigned transactions of v0 PSBTs."""
    for name in ["tx_valid.json", "tx_invalid.json"]:
        for case in json.loads((SHARED_VECTORS / "psbt" / "bitcoin-core" / name).read_text()):
            if isinstance(case, list) and len(case) >= 2 and isinstance(case[1], str):
                yield bytes.fromhex(case[1])
    for psbt in psbt_vectors():
        if psbt[5:7] == b"\x01\x00" and len(psbt) > 8:  # PSBT_GLOBAL_UNSIGNED_TX with a one-byte value length
            yield psbt[8:8 + psbt[7]]


def descriptor_vectors():
    """Output script descriptors from the BIP 380-390 vectors (valid and invalid)."""
    heads = ("sh(", "wsh(", "pk(", "pkh(", "wpkh(", "combo(", "multi(", "sortedmulti(", "multi_a(", "tr(",
             "addr(", "raw(", "rawtr(", "sortedmulti_a(", "musig(")
    seen = set()
    for text in json_strings(SHARED_VECTORS / "psbt" / "bips"):
        if text.startswith(heads) and text not in seen:
            seen.add(text)
            yield text.encode()


def tuf_metadata():
    """Every TUF metadata file of the shared repositories (root, timestamp, snapshot, targets, delegations)."""
    yield from read_all(SHARED_VECTORS / "tuf", "**/*.json")


def compact_size(data, offset):
    """(value, next offset) of the CompactSize at `offset`."""
    first = data[offset]
    if first < 0xFD:
        return first, offset + 1
    width = {0xFD: 2, 0xFE: 4, 0xFF: 8}[first]
    return int.from_bytes(data[offset + 1:offset + 1 + width], "little"), offset + 1 + width


def psbt_global_transaction(psbt):
    """The unsigned transaction of a v0 PSBT (its first global record), or None."""
    try:
        key_length, offset = compact_size(psbt, 5)
        if key_length != 1 or psbt[offset] != 0:
            return None
        value_length, offset = compact_size(psbt, offset + 1)
        return psbt[offset:offset + value_length]
    except (IndexError, KeyError):
        return None


def seeds_psbt_decode():
    yield from psbt_vectors()
    for psbt in list(psbt_vectors())[:40]:
        yield base64.b64encode(psbt) + b"\n"  # the text form cosigners exchange


def seeds_psbt_combine():
    """Pairs of PSBTs of one transaction (cosigners' copies), each as a big-endian u16 length, the first, the second."""
    by_transaction = {}
    for psbt in psbt_vectors():
        transaction = psbt_global_transaction(psbt)
        if transaction:
            by_transaction.setdefault(transaction, []).append(psbt)
    for copies in by_transaction.values():
        for first in copies[:6]:
            for second in copies[:6]:
                if len(first) < 0x10000:
                    yield struct.pack(">H", len(first)) + first + second


def seeds_transaction_decode():
    yield from transaction_vectors()


def seeds_descriptor_parse():
    yield from descriptor_vectors()
    yield from (line.encode() for path in files(ROOT / "Firmware" / "manifest", "*.json")
                for line in json_strings_of(path) if line.startswith(("wsh(", "tr(", "sh(", "wpkh(")))


def seeds_tuf_metadata():
    yield from tuf_metadata()
    yield from read_all(ROOT / "Firmware" / "manifest", "**/*.json")


def seeds_canonical_json():
    yield from tuf_metadata()
    yield from read_all(ROOT / "Firmware" / "manifest", "**/*.json")
    yield from read_all(ROOT / "Vectors", "**/*.case.json")
    yield b'{"a":[1,-0,1e5,"\\u00e9\\ud83d\\ude00",{"":null}],"b":true}'


def audit_log(entries):
    """An audit log as `custos` writes it (docs/CEREMONY.md): one JSON object per line, sorted keys, each `prev` the
    SHA-256 of the line before (64 zeros for the first), written here from the format, not by the Swift code."""
    lines, previous = [], "0" * 64
    for number, fields in enumerate(entries, start=1):
        entry = {"seq": number, "time": "2026-11-26T09:00:0%dZ" % number, "tool": "custos 0.1.0", "inputs": [],
                 "outputs": [], "txids": [], "signers": [], "details": {}, "prev": previous}
        entry.update(fields)
        line = json.dumps(entry, sort_keys=True, separators=(",", ":")).encode()
        previous = hashlib.sha256(line).hexdigest()
        lines.append(line + b"\n")
    return b"".join(lines)


def seeds_ceremony_inputs():
    """First byte: 0 UTXO list, 1 descriptor file, 2 audit log (CeremonyFuzzTargets)."""
    for utxos in read_all(ROOT / "Vectors" / "ceremony", "**/utxos.json"):
        yield b"\x00" + utxos
    yield b'\x00[{"txid":"' + b"ab" * 32 + b'","vout":0,"value":2100000000000000,"index":0,"change":false}]'
    for descriptor in read_all(ROOT / "Vectors", "**/descriptor.txt"):
        yield b"\x01" + descriptor
    txid = "9971b0d36dc3feebdef5b02be109a8e17d9a231b5f64d0ab793f4b0efa196a5e"
    file = {"file": "sweep.psbt", "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}
    steps = [
        {"action": "plan", "outputs": [file], "txids": [txid], "details": {"fee": "1200", "destination": "bcrt1q"}},
        {"action": "combine", "inputs": [file, file], "outputs": [file], "txids": [txid],
         "signers": ["d34db33f", "f00dbabe"]},
        {"action": "finalize", "inputs": [file], "outputs": [file], "txids": [txid]},
        {"action": "extract", "inputs": [file], "txids": [txid], "details": {"weight": "742"}},
    ]
    yield b"\x02"
    for count in range(1, len(steps) + 1):
        yield b"\x02" + audit_log(steps[:count])


def json_strings_of(path):
    try:
        data = json.loads(path.read_text())
    except ValueError:
        return []
    found = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(data)
    return found


def target_names():
    return sorted(name[len("seeds_"):].replace("_", "-") for name in globals() if name.startswith("seeds_"))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    wanted = sys.argv[2:] or target_names()
    # Without the shared vectors most targets would start from nothing, and a run would look fine while fuzzing less.
    if not SHARED_VECTORS.is_dir():
        sys.exit(f"make-corpus.py: shared vectors not found at {SHARED_VECTORS} (set CUSTOS_SHARED_VECTORS)")
    for name in wanted:
        make = globals().get("seeds_" + name.replace("-", "_"))
        if make is None:
            sys.exit(f"make-corpus.py: no seeds for target {name}; known: {', '.join(target_names())}")
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        count = 0
        for seed in make():
            (folder / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
            count += 1
        if count == 0:
            sys.exit(f"make-corpus.py: no seeds for target {name}: are the vectors it reads missing?")
        print(f"{name}: {count} seeds in {folder}")


if __name__ == "__main__":
    main()
