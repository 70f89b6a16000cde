#!/usr/bin/env python3
"""Builds the manifest-update lab cases with python-tuf: small TUF repositories signed with TEST keys, a client's
previously trusted metadata where a case needs one, and one case file per scenario.

    .venv/bin/python Vectors/manifest/tools/make_cases.py [OUT]      (OUT defaults to Vectors/manifest)

Every expected outcome is python-tuf's: for each case the script runs python-tuf's own client (ngclient.Updater)
on the same trusted root, repository folder, previous metadata and clock, and writes what it trusted (role
versions, the Custos-profile approvals of the targets it can reach) or, for a refusal, fails unless python-tuf
refuses with the error class the scenario is about. The refusal words in the cases (role, nature) are checked
against Custos' own messages by the lab run itself.

Keys are Ed25519 TEST keys derived from their labels (tools/test-keys.json lists them), so the output is the same
on every run: python-tuf writes deterministic JSON and Ed25519 signatures are deterministic. NEVER use these keys
for a real manifest. Approved images are Custos' own firmware test images (Firmware/test-images, dev-signed), with
length, SHA-256, version and fingerprint from Firmware/test-images/manifest.json.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import quote, unquote, urlparse

import tuf
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner
from tuf.api import exceptions
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
from tuf.ngclient import Updater
from tuf.ngclient.fetcher import FetcherInterface

ROOT = Path(__file__).resolve().parents[3]
GENERATOR = "Vectors/manifest/tools/make_cases.py"
LONG = datetime(2036, 1, 1, tzinfo=timezone.utc)
TIMESTAMP_EXPIRY = datetime(2030, 1, 1, tzinfo=timezone.utc)
NOW = "2026-11-26T00:00:00Z"
AFTER_TIMESTAMP_EXPIRY = "2030-06-01T00:00:00Z"
KEY_NAMES = ["root-1", "root-2", "targets", "snapshot", "timestamp", "timestamp-2", "vendor-trezor"]
APPROVED_IMAGES = [
    # (test image, target path, min_version)
    ("trezor/T3T1-firmware-dev.bin", "firmware/trezor/T3T1/T3T1-firmware-dev.bin", "2.8.0"),
    ("trezor/t1-trzf-v3-dev.bin", "firmware/trezor/T1B1/t1-trzf-v3-dev.bin", "1.12.0"),
]
POLICY_PATH = "policy/migration.json"


# MARK: - Keys and metadata


def test_keys() -> dict[str, CryptoSigner]:
    seeds = {name: hashlib.sha256(f"custos lab manifest TEST key {name}".encode()).digest() for name in KEY_NAMES}
    return {name: CryptoSigner(Ed25519PrivateKey.from_private_bytes(seed)) for name, seed in seeds.items()}


def keys_document(signers: dict[str, CryptoSigner]) -> dict:
    return {
        "warning": "TEST KEYS for Custos' manifest-update lab cases only. Each seed is SHA-256 of 'custos lab manifest "
                   "TEST key <name>'; they are public: never sign a real manifest with them.",
        "keys": {
            name: {
                "seed": hashlib.sha256(f"custos lab manifest TEST key {name}".encode()).hexdigest(),
                "keyid": signer.public_key.keyid,
                "public": signer.public_key.keyval["public"],
            }
            for name, signer in signers.items()
        },
    }


def signed_bytes(signed, signers: list[CryptoSigner]) -> bytes:
    metadata = Metadata(signed)
    for signer in signers:
        metadata.sign(signer, append=True)
    return metadata.to_bytes(JSONSerializer(compact=False))


def make_root(keys: dict[str, CryptoSigner], version: int, root_key: str, timestamp_key: str) -> Root:
    root = Root(version=version, expires=LONG, consistent_snapshot=True)
    root.add_key(keys[root_key].public_key, "root")
    root.add_key(keys["targets"].public_key, "targets")
    root.add_key(keys["snapshot"].public_key, "snapshot")
    root.add_key(keys[timestamp_key].public_key, "timestamp")
    return root


def test_image_records() -> dict[str, dict]:
    manifest = json.loads((ROOT / "Firmware/test-images/manifest.json").read_text())
    return {entry["file"]: entry for entry in manifest["images"]}


class Repository:
    """One repository folder: metadata/ and targets/, as a lab serves it to the client."""

    def __init__(self, folder: Path):
        self.folder = folder
        (folder / "metadata").mkdir(parents=True, exist_ok=True)

    def write(self, name: str, data: bytes) -> bytes:
        (self.folder / "metadata" / name).write_bytes(data)
        return data

    def write_target(self, target: TargetFile, data: bytes) -> None:
        directory, _, file_name = target.path.rpartition("/")
        path = self.folder / "targets" / directory / f"{target.hashes['sha256']}.{file_name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def targets_roles(keys: dict[str, CryptoSigner]) -> tuple[Targets, Targets, TargetFile, bytes]:
    """Top-level targets (the migration policy, a delegation of firmware/trezor/*/* to `trezor`) and `trezor`
    (the approvals)."""
    records = test_image_records()
    targets = Targets(expires=LONG)
    targets.delegations = Delegations({}, roles={})
    targets.delegations.roles["trezor"] = DelegatedRole("trezor", [], 1, True, ["firmware/trezor/*/*"])
    targets.add_key(keys["vendor-trezor"].public_key, "trezor")
    policy_bytes = (ROOT / "Firmware/manifest/migration-policy.json").read_bytes()
    policy = TargetFile.from_data(POLICY_PATH, policy_bytes, ["sha256"])
    policy.unrecognized_fields["custom"] = {"custos": {"kind": "migration-policy"}}
    targets.targets[POLICY_PATH] = policy
    trezor = Targets(expires=LONG)
    for image, path, minimum in APPROVED_IMAGES:
        record = records[image]
        target = TargetFile(record["size"], {"sha256": record["sha256"]}, path)
        target.unrecognized_fields["custom"] = {"custos": {
            "kind": "firmware", "vendor": record["vendor"], "model": record["model"], "version": record["version"],
            "fingerprint": record["fingerprint"], "min_version": minimum, "channel": "lab-test",
        }}
        trezor.targets[path] = target
    return targets, trezor, policy, policy_bytes


def write_state(repository: Repository, keys: dict[str, CryptoSigner], *, timestamp_version: int,
                snapshot_version: int, timestamp_key: str = "timestamp", write_snapshot: bool = True,
                timestamp_expiry: datetime = TIMESTAMP_EXPIRY) -> dict[str, bytes]:
    """targets v1, trezor v1, snapshot `snapshot_version` listing them, and a timestamp listing that snapshot."""
    targets, trezor, policy, policy_bytes = targets_roles(keys)
    files = {
        "targets": repository.write("1.targets.json", signed_bytes(targets, [keys["targets"]])),
        "trezor": repository.write("1.trezor.json", signed_bytes(trezor, [keys["vendor-trezor"]])),
    }
    repository.write_target(policy, policy_bytes)
    snapshot = Snapshot(version=snapshot_version, expires=LONG)
    snapshot.meta = {"targets.json": MetaFile(1), "trezor.json": MetaFile(1)}
    snapshot_data = signed_bytes(snapshot, [keys["snapshot"]])
    if write_snapshot:
        repository.write(f"{snapshot_version}.snapshot.json", snapshot_data)
    files["snapshot"] = snapshot_data
    timestamp = Timestamp(version=timestamp_version, expires=timestamp_expiry)
    timestamp.snapshot_meta = MetaFile(
        snapshot_version, len(snapshot_data), {"sha256": hashlib.sha256(snapshot_data).hexdigest()})
    files["timestamp"] = repository.write("timestamp.json", signed_bytes(timestamp, [keys[timestamp_key]]))
    return files


# MARK: - python-tuf's verdict


class FolderFetcher(FetcherInterface):
    """Serves file:// URLs from disk; a missing file is a 404, as a web server would answer."""

    def _fetch(self, url: str) -> Iterator[bytes]:
        path = Path(unquote(urlparse(url).path))
        if not path.is_file():
            raise exceptions.DownloadHTTPError(f"{url} not found", 404)
        return iter([path.read_bytes()])


def python_tuf_update(trusted_root: Path, repository: Path, clock: str, previous: Path | None) -> dict:
    """python-tuf's client on the case's inputs: what it trusts, or the error it refuses with."""
    with tempfile.TemporaryDirectory() as work:
        metadata_dir = Path(work) / "metadata"
        target_dir = Path(work) / "targets"
        metadata_dir.mkdir()
        target_dir.mkdir()
        if previous is not None:
            for file in previous.iterdir():
                shutil.copy(file, metadata_dir / file.name)
        try:
            updater = Updater(
                str(metadata_dir), "file://" + quote(str(repository / "metadata")) + "/", str(target_dir),
                "file://" + quote(str(repository / "targets")) + "/", fetcher=FolderFetcher(),
                bootstrap=trusted_root.read_bytes())
            # The case's clock instead of the machine's: python-tuf judges expiry against this one reference time.
            updater._trusted_set.reference_time = datetime.strptime(clock, "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=timezone.utc)
            updater.refresh()
            approvals = []
            for _, path, _ in APPROVED_IMAGES:
                info = updater.get_targetinfo(path)
                if info is not None:
                    custos = info.unrecognized_fields["custom"]["custos"]
                    approvals.append({field: custos[field] for field in ("vendor", "model", "version", "fingerprint")})
            policy = updater.get_targetinfo(POLICY_PATH)
            if policy is not None:
                updater.download_target(policy)
        except Exception as error:  # the refusal is the result
            return {"trusted": False, "error": type(error).__name__, "message": str(error)}
        trusted = updater._trusted_set
        versions = {"root": trusted.root.version, "timestamp": trusted.timestamp.version,
                    "snapshot": trusted.snapshot.version, "targets": trusted.targets.version}
        for role in sorted(name[:-len(".json")] for name in trusted.snapshot.meta):
            if role not in versions and role in trusted._trusted_set:  # delegated roles the searches loaded
                versions[role] = trusted[role].version
        return {"trusted": True, "versions": versions, "approvals": approvals, "policy": policy is not None}


# MARK: - Cases


def case_document(case: dict, out: Path, oracle: dict) -> dict:
    def relative(path: Path) -> str:
        return str(Path("..") / path.relative_to(out))

    trusted_root = out / case["trusted_root"]
    document_input = {
        "trusted_root": relative(trusted_root),
        "trusted_root_sha256": hashlib.sha256(trusted_root.read_bytes()).hexdigest(),
        "repository": relative(out / case["repository"]),
        "clock": case["clock"],
    }
    if case.get("previous"):
        document_input["previous"] = relative(out / case["previous"])
    expected: dict = {"verdict": case["verdict"]}
    if case["verdict"] == "trusted":
        expected["versions"] = oracle["versions"]
        expected["approvals"] = oracle["approvals"]
        verdict = ("python-tuf " + tuf.__version__ + "'s ngclient Updater at the same clock trusts "
                   + ", ".join(f"{role} v{version}" for role, version in oracle["versions"].items())
                   + f" and {len(oracle['approvals'])} approvals")
    else:
        expected["refusal_contains"] = case["refusal_contains"]
        verdict = (f"python-tuf {tuf.__version__}'s ngclient Updater at the same clock refuses: {oracle['error']}: "
                   f"{oracle['message']}")
    return {
        "format": 1,
        "id": "manifest/" + case["name"],
        "kind": "manifest-update",
        "description": case["description"],
        "provenance": case["provenance"] + f"; written by {GENERATOR} with python-tuf {tuf.__version__} and TEST keys "
                      "(Vectors/manifest/tools/test-keys.json); expected outcome: " + verdict,
        "input": document_input,
        "expected": expected,
    }


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "Vectors/manifest"
    out = out.resolve()
    for folder in ("repositories", "previous", "broken", "cases"):
        shutil.rmtree(out / folder, ignore_errors=True)
    keys = test_keys()
    (out / "tools").mkdir(parents=True, exist_ok=True)
    (out / "tools/test-keys.json").write_text(json.dumps(keys_document(keys), indent=2) + "\n")
    root_v1 = make_root(keys, 1, "root-1", "timestamp")

    # current: everything valid until 2036, except timestamp (2030-01-01).
    current = Repository(out / "repositories/current")
    root_v1_bytes = current.write("1.root.json", signed_bytes(root_v1, [keys["root-1"]]))
    write_state(current, keys, timestamp_version=1, snapshot_version=1)

    # bad-signature: current with one hex digit of targets' signature changed.
    bad = Repository(out / "repositories/bad-signature")
    bad.write("1.root.json", root_v1_bytes)
    files = write_state(bad, keys, timestamp_version=1, snapshot_version=1)
    document = json.loads(files["targets"])
    signature = document["signatures"][0]["sig"]
    document["signatures"][0]["sig"] = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    bad.write("1.targets.json", json.dumps(document, indent=1, sort_keys=True).encode())

    # rollback: the client trusted timestamp v2 -> snapshot v2; the repository serves timestamp v3 -> snapshot v1.
    rollback = Repository(out / "repositories/rollback")
    rollback.write("1.root.json", root_v1_bytes)
    write_state(rollback, keys, timestamp_version=3, snapshot_version=1)
    previous = out / "previous/rollback"
    previous.mkdir(parents=True)
    scratch = Repository(Path(tempfile.mkdtemp()))
    state = write_state(scratch, keys, timestamp_version=2, snapshot_version=2)
    shutil.rmtree(scratch.folder)
    for role, data in state.items():
        (previous / f"{role}.json").write_bytes(data)

    # rotation: root v2 replaces the root key and the timestamp key, signed by the old and the new root key.
    root_v2 = make_root(keys, 2, "root-2", "timestamp-2")
    rotation = Repository(out / "repositories/rotation")
    rotation.write("1.root.json", root_v1_bytes)
    rotation.write("2.root.json", signed_bytes(root_v2, [keys["root-1"], keys["root-2"]]))
    write_state(rotation, keys, timestamp_version=1, snapshot_version=1, timestamp_key="timestamp-2")
    # rotation-unsigned: the same root v2 signed by the new root key only.
    unsigned = Repository(out / "repositories/rotation-unsigned")
    unsigned.write("1.root.json", root_v1_bytes)
    unsigned.write("2.root.json", signed_bytes(root_v2, [keys["root-2"]]))
    write_state(unsigned, keys, timestamp_version=1, snapshot_version=1, timestamp_key="timestamp-2")

    # broken: a trusted root cut short.
    (out / "broken").mkdir(parents=True)
    (out / "broken/truncated.root.json").write_bytes(root_v1_bytes[:100])

    current_root = "repositories/current/metadata/1.root.json"
    keys_text = "TEST keys root-1, targets, snapshot, timestamp, vendor-trezor"
    cases = [
        {"name": "good-update", "trusted_root": current_root, "repository": "repositories/current", "clock": NOW,
         "verdict": "trusted",
         "description": "A client pinned to root v1 updates from a current repository: every role verifies, the "
                        "delegation to trezor is walked and both firmware approvals are trusted",
         "provenance": f"Vectors/manifest/repositories/current ({keys_text}; consistent snapshots; the targets "
                       "approve two Custos firmware test images and list the migration policy)"},
        {"name": "expired-timestamp", "trusted_root": current_root, "repository": "repositories/current",
         "clock": AFTER_TIMESTAMP_EXPIRY, "verdict": "refused", "expect_error": "ExpiredMetadataError",
         "refusal_contains": ["timestamp", "expired"],
         "description": "The same repository read after its timestamp expired (2030-01-01) is refused: a frozen "
                        "mirror cannot keep serving old metadata",
         "provenance": "Vectors/manifest/repositories/current, with a clock after timestamp's expiry"},
        {"name": "rolled-back-snapshot", "trusted_root": current_root, "repository": "repositories/rollback",
         "previous": "previous/rollback", "clock": NOW, "verdict": "refused",
         "expect_error": "BadVersionNumberError",
         "refusal_contains": ["rollback of snapshot", "version 1", "trusted 2"],
         "description": "A client that trusted snapshot v2 is served a new timestamp pointing back to snapshot v1: "
                        "the rollback is refused",
         "provenance": "Vectors/manifest/repositories/rollback (timestamp v3 listing snapshot v1) and "
                       "Vectors/manifest/previous/rollback (the client's trusted timestamp v2 and snapshot v2)"},
        {"name": "rollback-without-history", "trusted_root": current_root, "repository": "repositories/rollback",
         "clock": NOW, "verdict": "trusted",
         "description": "The same rolled-back repository is accepted by a client with no previous state: rollback "
                        "protection rests on the metadata the client keeps",
         "provenance": "Vectors/manifest/repositories/rollback, without previous metadata"},
        {"name": "bad-signature", "trusted_root": current_root, "repository": "repositories/bad-signature",
         "clock": NOW, "verdict": "refused", "expect_error": "UnsignedMetadataError",
         "refusal_contains": ["targets", "signed by 0/1"],
         "description": "Top-level targets whose only signature has one hex digit changed is refused: 0 of the 1 "
                        "required signatures verify",
         "provenance": "Vectors/manifest/repositories/bad-signature (current with the last hex digit of 1.targets.json's "
                       "signature changed)"},
        {"name": "root-rotation", "trusted_root": current_root, "repository": "repositories/rotation", "clock": NOW,
         "verdict": "trusted",
         "description": "Root v2 rotates the root and timestamp keys, signed by both the old and the new root key: "
                        "the client moves to root v2 and trusts timestamp under the new key",
         "provenance": "Vectors/manifest/repositories/rotation (2.root.json signed by root-1 and root-2; timestamp "
                       "signed by timestamp-2)"},
        {"name": "root-rotation-unsigned", "trusted_root": current_root,
         "repository": "repositories/rotation-unsigned", "clock": NOW, "verdict": "refused",
         "expect_error": "UnsignedMetadataError", "refusal_contains": ["root", "trusted root", "signed by 0/1"],
         "description": "Root v2 signed only by its new key is refused: a rotation must be signed by the root the "
                        "client already trusts",
         "provenance": "Vectors/manifest/repositories/rotation-unsigned (2.root.json signed by root-2 only)"},
        {"name": "truncated-trusted-root", "trusted_root": "broken/truncated.root.json",
         "repository": "repositories/current", "clock": NOW, "verdict": "unparsable",
         "expect_error": "DeserializationError", "refusal_contains": ["root", "malformed"],
         "description": "A trusted root file cut short is reported as unparsable, before any update",
         "provenance": "Vectors/manifest/broken/truncated.root.json (the first 100 bytes of current's 1.root.json)"},
    ]
    (out / "cases").mkdir(parents=True)
    for case in cases:
        oracle = python_tuf_update(out / case["trusted_root"], out / case["repository"], case["clock"],
                                   out / case["previous"] if case.get("previous") else None)
        if (case["verdict"] == "trusted") != oracle["trusted"] or (
                not oracle["trusted"] and oracle["error"] != case["expect_error"]):
            print(f"{case['name']}: python-tuf disagrees with the scenario: {oracle}", file=sys.stderr)
            return 1
        document = case_document(case, out, oracle)
        path = out / "cases" / f"{case['name']}.case.json"
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        print(path.relative_to(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
