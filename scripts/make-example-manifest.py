#!/usr/bin/env python3
"""Builds Custos' example firmware manifest with python-tuf: real TUF metadata signed with TEST keys.

    .venv/bin/python scripts/make-example-manifest.py \
        [--approvals Firmware/manifest/approvals.json] [--policy Firmware/manifest/migration-policy.json] \
        [--keys Firmware/manifest/test-keys/keys.json] [--out Firmware/manifest] [--expires 2036-01-01T00:00:00Z]

Approvals file: {"approvals": [{"target": "firmware/<vendor>/<model>/<image>" (or omitted with "file"),
"file": local image to hash (optional), "length" and "sha256" (when the image is not at hand), "vendor", "model",
"version", "fingerprint", "min_version", "channel"}]}. Each approval becomes a targets entry whose length and
hashes are the image's and whose custom field is {"custos": {"kind": "firmware", ...}} (docs/MANIFEST.md); an
approval given by "file" is also written to targets/ (as <sha256>.<name>), so the repository serves the image.

Roles: root 2-of-3 custodian keys; targets 2-of-3 release-officer keys; one delegated role per vendor, limited to
firmware/<vendor>/*/*; snapshot and timestamp one key each; consistent snapshots. The migration policy file is the
target policy/migration.json of top-level targets. All keys are Ed25519 test keys from --keys (created there when
missing), so the output is reproducible byte for byte. NEVER use these keys for a real manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import (
    DelegatedRole,
    Delegations,
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

KEY_NAMES = [
    "custodian-1", "custodian-2", "custodian-3", "release-officer-1", "release-officer-2", "release-officer-3",
    "snapshot", "timestamp",
]


def load_keys(path: Path, vendors: list[str]) -> dict[str, CryptoSigner]:
    seeds = json.loads(path.read_text())["seeds"] if path.exists() else {}
    names = KEY_NAMES + [f"vendor-{vendor}" for vendor in vendors]
    changed = False
    for name in names:
        if name not in seeds:
            seeds[name] = os.urandom(32).hex()
            changed = True
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({
            "warning": "TEST KEYS for Custos' example manifest only. They are public: never sign a real manifest "
                       "with them.",
            "seeds": seeds,
        }, indent=2) + "\n")
    return {
        name: CryptoSigner(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seeds[name])))
        for name in names
    }


def approval_target(entry: dict, base: Path, targets_folder: Path) -> tuple[str, TargetFile]:
    if "file" in entry:
        data = (base / entry["file"]).read_bytes()
        path = entry.get("target") or f"firmware/{entry['vendor']}/{entry['model']}/{Path(entry['file']).name}"
        target = TargetFile.from_data(path, data, ["sha256"])
        # Served like every target of a consistent-snapshot repository: <folder>/<sha256>.<name>, so clients
        # (`custos manifest update --images`) can download the approved image itself.
        folder, _, name = path.rpartition("/")
        served = targets_folder / folder / f"{target.hashes['sha256']}.{name}"
        served.parent.mkdir(parents=True, exist_ok=True)
        served.write_bytes(data)
    else:
        path = entry["target"]
        target = TargetFile(int(entry["length"]), {"sha256": entry["sha256"]}, path)
    custos = {"kind": "firmware"}
    for field in ("vendor", "model", "version", "fingerprint", "min_version", "channel"):
        custos[field] = entry[field]
    target.unrecognized_fields["custom"] = {"custos": custos}
    return path, target


def sign(metadata: Metadata, signers: list[CryptoSigner]) -> bytes:
    metadata.signatures.clear()
    for signer in signers:
        metadata.sign(signer, append=True)
    return metadata.to_bytes(JSONSerializer(compact=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--approvals", default="Firmware/manifest/approvals.json")
    parser.add_argument("--policy", default="Firmware/manifest/migration-policy.json")
    parser.add_argument("--keys", default="Firmware/manifest/test-keys/keys.json")
    parser.add_argument("--out", default="Firmware/manifest")
    parser.add_argument("--expires", default="2036-01-01T00:00:00Z")
    arguments = parser.parse_args()

    approvals_path = Path(arguments.approvals)
    approvals = json.loads(approvals_path.read_text())["approvals"]
    vendors = sorted({entry["vendor"] for entry in approvals})
    signers = load_keys(Path(arguments.keys), vendors)
    expires = datetime.strptime(arguments.expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    out = Path(arguments.out)
    metadata_folder = out / "metadata"
    targets_folder = out / "targets"
    metadata_folder.mkdir(parents=True, exist_ok=True)

    custodians = [signers[f"custodian-{n}"] for n in (1, 2, 3)]
    officers = [signers[f"release-officer-{n}"] for n in (1, 2, 3)]
    root = Root(expires=expires, consistent_snapshot=True)
    for signer in custodians:
        root.add_key(signer.public_key, "root")
    for signer in officers:
        root.add_key(signer.public_key, "targets")
    root.add_key(signers["snapshot"].public_key, "snapshot")
    root.add_key(signers["timestamp"].public_key, "timestamp")
    root.roles["root"].threshold = 2
    root.roles["targets"].threshold = 2

    # One delegated role per vendor, limited to that vendor's firmware paths.
    targets = Targets(expires=expires)
    targets.delegations = Delegations({}, roles={})
    vendor_roles: dict[str, Targets] = {}
    for vendor in vendors:
        role = DelegatedRole(vendor, [], 1, True, [f"firmware/{vendor}/*/*"])
        targets.delegations.roles[vendor] = role
        targets.add_key(signers[f"vendor-{vendor}"].public_key, vendor)
        vendor_roles[vendor] = Targets(expires=expires)
    for entry in approvals:
        path, target = approval_target(entry, approvals_path.parent, targets_folder)
        vendor_roles[entry["vendor"]].targets[path] = target

    policy_bytes = Path(arguments.policy).read_bytes()
    policy = TargetFile.from_data("policy/migration.json", policy_bytes, ["sha256"])
    policy.unrecognized_fields["custom"] = {"custos": {"kind": "migration-policy"}}
    targets.targets[policy.path] = policy
    policy_file = targets_folder / "policy" / f"{policy.hashes['sha256']}.migration.json"
    policy_file.parent.mkdir(parents=True, exist_ok=True)
    policy_file.write_bytes(policy_bytes)

    snapshot = Snapshot(expires=expires)
    written: list[Path] = []
    for vendor, role in vendor_roles.items():
        data = sign(Metadata(role), [signers[f"vendor-{vendor}"]])
        written.append(metadata_folder / f"1.{vendor}.json")
        written[-1].write_bytes(data)
        snapshot.meta[f"{vendor}.json"] = MetaFile(1)
    data = sign(Metadata(targets), officers[:2])  # 2 of the 3 release officers sign
    written.append(metadata_folder / "1.targets.json")
    written[-1].write_bytes(data)
    snapshot.meta["targets.json"] = MetaFile(1)
    snapshot_bytes = sign(Metadata(snapshot), [signers["snapshot"]])
    written.append(metadata_folder / "1.snapshot.json")
    written[-1].write_bytes(snapshot_bytes)
    timestamp = Timestamp(expires=expires)
    timestamp.snapshot_meta = MetaFile(1, len(snapshot_bytes), {"sha256": hashlib.sha256(snapshot_bytes).hexdigest()})
    written.append(metadata_folder / "timestamp.json")
    written[-1].write_bytes(sign(Metadata(timestamp), [signers["timestamp"]]))
    written.append(metadata_folder / "1.root.json")
    written[-1].write_bytes(sign(Metadata(root), custodians[:2]))  # 2 of the 3 custodians sign
    for path in written + [policy_file]:
        print(path)


if __name__ == "__main__":
    main()
