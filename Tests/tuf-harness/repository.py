"""A TUF repository built with python-tuf (the independent producer) for Custos' harness.

Files are written the way a static web server publishes them: metadata/N.<role>.json (consistent snapshots),
metadata/timestamp.json, targets/<dir>/<sha256>.<name>. The same folder is served over loopback HTTP or read
directly by custos-tuf's local-directory fetcher.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from securesystemslib.signer import CryptoSigner, Signer
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

TOP_LEVEL = ("root", "timestamp", "snapshot", "targets")


def new_signer(kind: str = "ecdsa") -> CryptoSigner:
    if kind == "ecdsa":
        return CryptoSigner.generate_ecdsa()
    if kind == "ed25519":
        return CryptoSigner.generate_ed25519()
    if kind == "rsa":
        return CryptoSigner.generate_rsa(scheme="rsassa-pss-sha256")
    raise ValueError(kind)


def in_days(days: float) -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=days)


class Repository:
    def __init__(self, folder: Path, keytype: str = "ecdsa") -> None:
        self.folder = folder
        self.metadata_folder = folder / "metadata"
        self.targets_folder = folder / "targets"
        self.metadata_folder.mkdir(parents=True, exist_ok=True)
        self.targets_folder.mkdir(parents=True, exist_ok=True)
        self.keytype = keytype
        self.signers: dict[str, list[Signer]] = {}
        self.published: dict[str, list[bytes]] = {}
        self.md: dict[str, Metadata] = {
            "root": Metadata(Root(expires=in_days(365))),
            "timestamp": Metadata(Timestamp(expires=in_days(1))),
            "snapshot": Metadata(Snapshot(expires=in_days(7))),
            "targets": Metadata(Targets(expires=in_days(90))),
        }
        for role in TOP_LEVEL:
            signer = new_signer(keytype)
            self.root.add_key(signer.public_key, role)
            self.signers[role] = [signer]
        self.hashes_in_meta = False
        self.publish(["targets", "snapshot", "timestamp", "root"])

    @property
    def root(self) -> Root:
        return self.md["root"].signed

    @property
    def timestamp(self) -> Timestamp:
        return self.md["timestamp"].signed

    @property
    def snapshot(self) -> Snapshot:
        return self.md["snapshot"].signed

    def targets(self, role: str = "targets") -> Targets:
        return self.md[role].signed

    def filename(self, role: str, version: int | None) -> str:
        """The file a static web server would map the request to: the URL quotes the role name with no safe
        characters, the server decodes it, so `a/b` lands in a sub-folder `1.a/`."""
        if role == "timestamp" or version is None:
            return f"{role}.json"
        return f"{version}.{role}.json"

    def publish(self, roles: list[str], extra_signers: list[Signer] | None = None, bump: bool = True) -> None:
        """Signs and writes each role in order; targets roles update snapshot, snapshot updates timestamp."""
        for role in roles:
            md = self.md[role]
            if bump and role in self.published:
                md.signed.version += 1
            md.signatures.clear()
            for signer in self.signers[role] + (extra_signers or []):
                md.sign(signer, append=True)
            data = md.to_bytes(JSONSerializer(compact=False))
            self.published.setdefault(role, []).append(data)
            self.write_metadata(role, md.signed.version, data)
            length = len(data) if self.hashes_in_meta else None
            hashes = {"sha256": hashlib.sha256(data).hexdigest()} if self.hashes_in_meta else None
            if role not in ("root", "timestamp", "snapshot"):
                self.snapshot.meta[f"{role}.json"] = MetaFile(md.signed.version, length, hashes)
            if role == "snapshot":
                self.timestamp.snapshot_meta = MetaFile(md.signed.version, length, hashes)

    def publish_all(self) -> None:
        self.publish(["targets", "snapshot", "timestamp"])

    def write_metadata(self, role: str, version: int | None, data: bytes) -> None:
        path = self.metadata_folder / self.filename(role, version)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def current_bytes(self, role: str) -> bytes:
        return self.published[role][-1]

    def tamper(self, role: str, version: int | None, edit) -> bytes:
        """Rewrites a published file through `edit(dict) -> dict` (signatures untouched) and returns the bytes."""
        path = self.metadata_folder / self.filename(role, version)
        document = edit(json.loads(path.read_bytes()))
        data = json.dumps(document).encode()
        path.write_bytes(data)
        return data

    def add_target(self, path: str, data: bytes, role: str = "targets", algorithms=("sha256",)) -> TargetFile:
        target = TargetFile.from_data(path, data, list(algorithms))
        self.targets(role).targets[path] = target
        self.write_target(target, data)
        return target

    def write_target(self, target: TargetFile, data: bytes) -> None:
        directory, _, name = target.path.rpartition("/")
        for digest in target.hashes.values():
            file = self.targets_folder / directory / f"{digest}.{name}"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)

    def add_delegation(
        self, delegator: str, name: str, paths: list[str] | None, terminating: bool = False,
        hash_prefixes: list[str] | None = None,
    ) -> None:
        parent = self.targets(delegator)
        if parent.delegations is None:
            parent.delegations = Delegations({}, roles={})
        signer = new_signer(self.keytype)
        role = DelegatedRole(name, [], 1, terminating, paths, hash_prefixes)
        parent.delegations.roles[name] = role
        parent.add_key(signer.public_key, name)
        self.signers[name] = [signer]
        if name not in self.md:
            self.md[name] = Metadata(Targets(expires=in_days(30)))

    def rotate(self, role: str, keytype: str | None = None, count: int = 1, threshold: int = 1) -> list[Signer]:
        """Replaces all keys of a top-level role; returns the old signers."""
        old = self.signers[role]
        for keyid in list(self.root.roles[role].keyids):
            self.root.revoke_key(keyid, role)
        self.signers[role] = []
        for _ in range(count):
            signer = new_signer(keytype or self.keytype)
            self.root.add_key(signer.public_key, role)
            self.signers[role].append(signer)
        self.root.roles[role].threshold = threshold
        return old
