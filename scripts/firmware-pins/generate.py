#!/usr/bin/env python3
"""Pins vendor keys and release indexes for the firmware verifier, and embeds them in Swift.

    python3 scripts/firmware-pins/generate.py [--shared ../shared/vectors] [--refresh] [--mirrors DIR]

--refresh rewrites Firmware/keys/*.json and Firmware/releases/*.json from the shared vectors (the vendors' public
key lists and newest release indexes). --mirrors DIR then rewrites Firmware/releases/*.json from the vendors' whole
published history (history.py): DIR/<owner>+<name>/repo are git mirrors of Coldcard/firmware,
BitBoxSwiss/bitbox02-firmware, BitBoxSwiss/bitbox-wallet-app, trezor/data and trezor/trezor-firmware (a vendor whose
mirrors are absent keeps its current file). Without either the JSON files in the repository are the input. Either way Sources/Firmware/Pinned/*.generated.swift is rewritten from the JSON so the installed binary needs
no data files at run time; FirmwareTests checks that the Swift tables and the JSON agree.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import history  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "Firmware/keys"
RELEASES = ROOT / "Firmware/releases"
SWIFT = ROOT / "Sources/Firmware/Pinned"

TREZOR_CORE_MODELS = ["T2T1", "T2B1", "T3B1", "T3T1", "T3T2", "T3W1"]


def key_set(vendor, name, role, algorithm, threshold, keys, source, **extra):
    entry = {"vendor": vendor, "name": name, "role": role, "algorithm": algorithm, "threshold": threshold,
             "keys": keys, "source": source}
    entry.update(extra)
    return entry


def refresh(shared: Path):
    KEYS.mkdir(parents=True, exist_ok=True)
    RELEASES.mkdir(parents=True, exist_ok=True)

    # ---------------------------------------------------------------- Trezor
    trezor = json.loads((shared / "firmware/trezor/keys.json").read_text())
    sets = trezor["keysets"]
    src = "trezorlib 0.20.2 firmware/models.py (same values in trezor/trezor-firmware dd7afbc3 _modeldata/)"
    entries = [
        key_set("trezor", "T1.v1v2", "production", "secp256k1", 3, sets["LEGACY_V1V2"]["firmware"]["keys"],
                src + " LEGACY_V1V2"),
        key_set("trezor", "T1.v1v2.debug", "development", "secp256k1", 3,
                sets["LEGACY_V1V2_DEV"]["firmware"]["keys"],
                src + " LEGACY_V1V2_DEV; private keys public in trezor-firmware legacy/debug_signing"),
        key_set("trezor", "T1.v3", "production", "secp256k1", 2, sets["LEGACY_V3"]["firmware"]["keys"],
                src + " LEGACY_V3"),
        key_set("trezor", "T1.v3.debug", "development", "secp256k1", 2, sets["LEGACY_V3_DEV"]["firmware"]["keys"],
                src + " LEGACY_V3_DEV; debug mnemonic public in legacy/debug_signing/README.md"),
    ]
    for model in TREZOR_CORE_MODELS:
        for role_name in ("boardloader", "bootloader", "secmon"):
            role = sets[model][role_name]
            if role["keys"]:
                note = " (trezorlib: 'todo replace with production keys' = the T3T1 keys)" if model == "T3T2" else ""
                entries.append(key_set("trezor", f"{model}.{role_name}", "production", "ed25519",
                                       role["sigs_needed"], role["keys"], src + f" {model}.{role_name}{note}"))
    dev = sets["TREZOR_CORE_DEV"]
    for role_name in ("boardloader", "bootloader", "secmon"):
        entries.append(key_set("trezor", f"core.dev.{role_name}", "development", "ed25519",
                               dev[role_name]["sigs_needed"], dev[role_name]["keys"],
                               src + f" TREZOR_CORE_DEV.{role_name}; private keys 0x41..0x46 x32 are public"))
    entries.append(key_set("trezor", "core.unsafe-vendor", "development", "ed25519", 2, [
        "e28a8970753332bd72fef413e6b0b2ef1b4aadda7aa2c141f233712a6876b351",
        "d4eec1869fb1b8a4e817516ad5a931557cb56805c3eb16e8f3a803d647df7869",
        "772c8a442b7db06e166cfbc1ccbcbcde6f3eba76a4e98ef3ffc519502237d6ef"],
        "vendor keys of the UNSAFE and DEV vendor headers (core/embed/models/*/vendorheader): private keys "
        "0x47, 0x48, 0x49 x32 are public"))

    expected = json.loads((shared / "firmware/trezor/expected.json").read_text())["headers"]
    headers = []
    for header in expected:
        name = header["file"].split("/")[1]
        model = header["file"].split("/")[0]
        if not header["valid_prod"] or model.startswith("D00"):
            continue
        official = bool(re.match(r"vendorheader_(trezor|trezor_btconly|satoshilabs)_signed_prod\.bin", name))
        headers.append({"model": model, "file": name, "sha256": header["sha256"],
                        "vendor": header["vendor_string"], "official": official,
                        "full_trust": header["trust"]["is_full_trust"],
                        "source": "trezor/trezor-firmware dd7afbc3 core/embed/models/" + header["file"].replace(
                            "/", "/vendorheader/")})
    write_json(KEYS / "trezor.json", {
        "note": "Trezor signing keys (production and public debug/dev) and the prod-signed vendor headers: the "
                "official ones Custos accepts, and the look-alikes (UNSAFE, prodtest) it names when refusing.",
        "key_sets": entries, "vendor_headers": headers})

    # ---------------------------------------------------------------- Coldcard
    coldcard = json.loads((shared / "firmware/coldcard/keys.json").read_text())
    cc_entries = []
    for key in coldcard["approved_pubkeys"]:
        index = key["index"]
        role = "development" if index == 0 else "production"
        cc_entries.append(key_set("coldcard", f"key{index}", role, "secp256k1", 1, [key["pubkey_xy_hex"]],
                                  "Coldcard/firmware 8eb0e008 stm32/bootloader/firmware-keys.h approved_pubkeys["
                                  f"{index}] ({key.get('comment_in_firmware_keys_h', '')})"
                                  + ("; private key published as stm32/keys/00.pem" if index == 0 else ""),
                                  index=index))
    write_json(KEYS / "coldcard.json", {"note": "Coldcard bootloader keys; key 0's private key is public.",
                                        "key_sets": cc_entries})

    # ---------------------------------------------------------------- BitBox02
    bitbox = json.loads((shared / "firmware/bitbox02/keys.json").read_text())
    bb_entries = []
    products = {"2019-multi": ["bitbox02-multi"], "2019-btconly": ["bitbox02-btconly"],
                "2019-bitboxbase": ["bitboxbase"], "2024-multi": ["bitbox02-multi", "bitbox02nova-multi"],
                "2024-btconly": ["bitbox02-btconly", "bitbox02nova-btconly"],
                "2025-plus-multi": ["bitbox02nova-multi"], "2025-plus-btconly": ["bitbox02nova-btconly"],
                "2026-stage1-unified": ["bitbox02-multi", "bitbox02-btconly", "bitbox02nova-multi",
                                        "bitbox02nova-btconly"]}
    for generation in bitbox["generations"]:
        name = generation["generation"]
        bb_entries.append(key_set("bitbox02", name, "production", "p256", 2,
                                  [k["xy_hex"] for k in generation["root_pubkeys"]],
                                  "BitBoxSwiss/bitbox02-firmware src/bootloader/bootloader.c _root_pubkeys, first "
                                  f"commit {generation['first_commit']['sha'][:10]}", products=products.get(name, [])))
    write_json(KEYS / "bitbox02.json", {"note": "BitBox02 / Nova root keys, every generation.",
                                        "key_sets": bb_entries})

    # ---------------------------------------------------------------- Passport
    passport = json.loads((shared / "firmware/passport/keys.json").read_text())
    write_json(KEYS / "passport.json", {"note": "Passport firmware keys (2 of 4); index 255 = user-signed.",
                                        "key_sets": [key_set("passport", "firmware", "production", "secp256k1", 2,
                                                             [k["pubkey_xy_hex"] for k in passport["approved_pubkeys"]],
                                                             "Foundation-Devices/passport2 5f2fc6d3 ports/stm32/boards/"
                                                             "Passport/include/firmware-keys.h")]})

    # ---------------------------------------------------------------- Jade
    jade = json.loads((shared / "firmware/jade/keys.json").read_text())
    jade_entries = []
    for key in jade["keys"]:
        role = "production" if key["role"] == "production" else "development"
        jade_entries.append(key_set("jade", key["name"], role, "rsa3072", 1, [key["modulus_hex"]],
                                    f"Blockstream/Jade {key['source_path']} @ {key['last_commit'][:12]}"
                                    + ("" if role == "production" else "; private key public or dev-only"),
                                    exponent=key["public_exponent"]))
    write_json(KEYS / "jade.json", {"note": "Jade Secure Boot v2 RSA-3072 keys.", "key_sets": jade_entries})

    # ---------------------------------------------------------------- release indexes
    trezor_releases = []
    for model in ("t1b1", "t2t1", "t2b1", "t3b1", "t3t1", "t3w1"):
        for release in json.loads((shared / f"firmware/trezor/releases/{model}/releases.json").read_text()):
            version = ".".join(str(v) for v in release["version"])
            for edition, key in (("universal", "fingerprint"), ("bitcoinonly", "fingerprint_bitcoinonly")):
                if release.get(key):
                    trezor_releases.append({"model": model.upper(), "version": version, "edition": edition,
                                            "fingerprint": release[key]})
    write_releases(RELEASES / "trezor.json", {
        "note": "Official Trezor releases: trezorlib fingerprint per model, version and edition.",
        "source": "trezor/data afa0beaac972 firmware/<model>/releases.json", "releases": trezor_releases})

    cc_releases = []
    for line in (shared / "firmware/coldcard/signatures.txt").read_text().splitlines():
        match = re.match(r"^([0-9a-f]{64})\s+(\S+\.dfu)$", line)
        if not match:
            continue
        name = match.group(2)
        version = re.search(r"-v(\d+\.\d+\.\d+)", name)
        family = "q1" if "-q1-" in name else ("mk4" if "-mk4-" in name else ("mk" if "-mk-" in name else "mk3"))
        cc_releases.append({"file": name, "sha256": match.group(1), "version": version.group(1) if version else "",
                            "model": family, "factory": "factory" in name})
    write_releases(RELEASES / "coldcard.json", {
        "note": "Coldcard release DFU files: SHA-256 of the file as published.",
        "source": "Coldcard/firmware releases/signatures.txt @ fa47dc5cdb95 (PGP clear-signed by Coinkite)",
        "releases": cc_releases})

    bb_releases = []
    for path in sorted((shared / "firmware/bitbox02/bitbox-wallet-app-assets").glob("*.sha256")):
        match = re.match(r"firmware(?:-(bitbox02nova|bitbox02)-(multi|btconly)|(-btc)?)\.v([\d.]+)\.signed", path.name)
        if not match:
            continue
        if match.group(1):
            product = f"{match.group(1)}-{match.group(2)}"
        else:
            product = "bitbox02-btconly" if match.group(3) else "bitbox02-multi"
        bb_releases.append({"file": path.name.removesuffix(".sha256"), "product": product,
                            "version": match.group(4), "payload_sha256": path.read_text().strip()})
    write_releases(RELEASES / "bitbox02.json", {
        "note": "BitBox02 official payload hashes (SHA-256 of the firmware after the 588-byte signed header).",
        "source": "BitBoxSwiss/bitbox-wallet-app b9198ab7e4d9 backend/devices/bitbox02bootloader/assets/*.sha256",
        "releases": bb_releases})


def write_releases(path: Path, value):
    """The shared vectors hold only each vendor's newest index: never replace a whole-history file with it."""
    if path.exists() and any(isinstance(entry.get("source"), dict)
                             for entry in json.loads(path.read_text()).get("releases", [])):
        print(f"{path.name}: keeps the whole published history (refresh it with --mirrors)", file=sys.stderr)
        return
    write_json(path, value)


def write_json(path: Path, value):
    path.write_text(json.dumps(value, indent=1) + "\n")


# -------------------------------------------------------------------- Swift

def swift_string(text: str) -> str:
    return json.dumps(text)


def emit_swift():
    SWIFT.mkdir(parents=True, exist_ok=True)
    lines = ["// Generated by scripts/firmware-pins/generate.py from Firmware/keys/*.json. Do not edit.",
             "// FirmwareTests/PinnedDataTests checks that these tables equal the JSON files.", "",
             "extension PinnedKeys {", "    static let keySets: [PinnedKeySet] = ["]
    for vendor in ("trezor", "coldcard", "bitbox02", "passport", "jade"):
        data = json.loads((KEYS / f"{vendor}.json").read_text())
        for entry in data["key_sets"]:
            keys = ", ".join(swift_string(k) for k in entry["keys"])
            extra = ""
            if "index" in entry:
                extra += f", index: {entry['index']}"
            if "exponent" in entry:
                extra += f", exponent: {entry['exponent']}"
            lines.append(f"        PinnedKeySet(")
            lines.append(f"            vendor: .{vendor}, name: {swift_string(entry['name'])}, "
                         f"role: .{entry['role']}, algorithm: .{entry['algorithm']},")
            lines.append(f"            threshold: {entry['threshold']}{extra},")
            lines.append(f"            keysHex: [{keys}],")
            lines.append(f"            source: {swift_string(entry['source'])}),")
    lines += ["    ]", ""]
    trezor = json.loads((KEYS / "trezor.json").read_text())
    lines.append("    static let trezorVendorHeaders: [PinnedTrezorVendorHeader] = [")
    for header in trezor["vendor_headers"]:
        lines.append(f"        PinnedTrezorVendorHeader(")
        lines.append(f"            model: {swift_string(header['model'])}, file: {swift_string(header['file'])},")
        lines.append(f"            vendor: {swift_string(header['vendor'])}, official: {str(header['official']).lower()},")
        lines.append(f"            sha256Hex: {swift_string(header['sha256'])}),")
    lines += ["    ]", "}", ""]
    (SWIFT / "PinnedKeys.generated.swift").write_text("\n".join(lines))

    lines = ["// Generated by scripts/firmware-pins/generate.py from Firmware/releases/*.json. Do not edit.",
             "// FirmwareTests/PinnedDataTests checks that these tables equal the JSON files.", "",
             "extension PinnedReleases {", "    static let releases: [VendorRelease] = ["]
    for entry in swift_releases():
        lines.append(f"        VendorRelease(vendor: .{entry['vendor']}, model: {swift_string(entry['model'])}, "
                     f"version: {swift_string(entry['version'])},")
        lines.append(f"            edition: {swift_string(entry['edition'])}, kind: .{entry['kind']},")
        lines.append(f"            hashHex: {swift_string(entry['hash'])},")
        superseded = "nil" if entry["superseded_by"] is None else swift_string(entry["superseded_by"])
        lines.append(f"            supersededBy: {superseded}, source: {swift_string(entry['source'])}),")
    lines += ["    ]", "}", ""]
    (SWIFT / "PinnedReleases.generated.swift").write_text("\n".join(lines))
    # Keep the generated files in the repository's style so `make lint` passes after regeneration.
    generated = [str(SWIFT / "PinnedKeys.generated.swift"), str(SWIFT / "PinnedReleases.generated.swift")]
    subprocess.run(["swift", "format", "format", "--in-place", *generated], cwd=ROOT, check=True)


def source_text(source) -> str:
    """"repository@commit:file" (commit shortened to 12), or the file-level source string of older entries."""
    if isinstance(source, dict):
        return f"{source['repository']}@{source['commit'][:12]}:{source['file']}"
    return source or ""


def swift_releases() -> list[dict]:
    """Every release entry of Firmware/releases/*.json in the form the Swift table takes. Coldcard key-0 debug
    builds are left out: listed by Coinkite, but never a factory build."""
    out = []
    trezor = json.loads((RELEASES / "trezor.json").read_text())
    kinds = {"bootloader": "bootloaderFingerprint", "secmon": "secmonFingerprint"}
    for entry in trezor["releases"]:
        out.append({"vendor": "trezor", "model": entry["model"], "version": entry["version"],
                    "edition": entry["edition"], "kind": kinds.get(entry["edition"], "fingerprint"),
                    "hash": entry["fingerprint"], "superseded_by": entry.get("superseded_by"),
                    "source": source_text(entry.get("source", trezor["source"]))})
    coldcard = json.loads((RELEASES / "coldcard.json").read_text())
    for entry in coldcard["releases"]:
        if entry.get("debug"):
            continue
        out.append({"vendor": "coldcard", "model": entry["model"], "version": entry["version"],
                    "edition": entry["file"], "kind": "fileSHA256", "hash": entry["sha256"],
                    "superseded_by": entry.get("superseded_by"),
                    "source": source_text(entry.get("source", coldcard["source"]))})
    bitbox = json.loads((RELEASES / "bitbox02.json").read_text())
    for entry in bitbox["releases"]:
        out.append({"vendor": "bitbox02", "model": entry["product"], "version": entry["version"],
                    "edition": entry["file"], "kind": "payloadSHA256", "hash": entry["payload_sha256"],
                    "superseded_by": entry.get("superseded_by"),
                    "source": source_text(entry.get("source", bitbox["source"]))})
    return out


def refresh_history(mirrors: Path):
    for name, collect in (("coldcard", history.coldcard), ("bitbox02", history.bitbox02),
                          ("trezor", history.trezor)):
        index = collect(mirrors)
        if index is None:
            print(f"{name}: no mirror under {mirrors}; Firmware/releases/{name}.json kept", file=sys.stderr)
            continue
        write_json(RELEASES / f"{name}.json", index)
        print(f"{name}: {len(index['releases'])} releases ({index['source']})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=os.environ.get("CUSTOS_SHARED_VECTORS", str(ROOT.parent / "shared/vectors")))
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--mirrors", help="folder of vendor git mirrors (<owner>+<name>/repo) for the release history")
    args = parser.parse_args()
    if args.refresh:
        refresh(Path(args.shared))
    if args.mirrors:
        refresh_history(Path(args.mirrors))
    emit_swift()
    print("wrote", SWIFT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
