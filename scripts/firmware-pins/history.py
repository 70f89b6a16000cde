"""Release indexes over each vendor's whole published history, read from local git mirrors of its repositories.

Used by generate.py --mirrors DIR, where DIR/<owner>+<name>/repo is a git directory (bare or not) of the vendor's
public repository. Only data is taken from them (hashes, file names, versions); no code and no binary is copied.
Every entry names its source: repository, the commit where it first appeared, and the file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import struct
import subprocess
from pathlib import Path


class Mirror:
    def __init__(self, root: Path, repository: str):
        self.repository = repository
        self.path = root / repository.replace("/", "+") / "repo"

    @property
    def present(self) -> bool:
        return self.path.exists()

    def git(self, *args: str) -> bytes:
        return subprocess.run(["git", "--git-dir", str(self.path) if (self.path / "HEAD").exists() else
                               str(self.path / ".git"), *args], check=True, capture_output=True).stdout

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").decode().strip()

    def commits(self, *paths: str) -> list[str]:
        """Commits touching `paths`, oldest first."""
        out = self.git("log", "--format=%H", "--reverse", "--", *paths).decode().split()
        return out

    def changed(self, *paths: str) -> list[tuple[str, str]]:
        """(commit, path) for every added or modified file under `paths`, oldest first."""
        out = self.git("log", "--format=@%H", "--reverse", "--name-only", "--diff-filter=AMR", "--", *paths).decode()
        result, commit = [], None
        for line in out.splitlines():
            if line.startswith("@"):
                commit = line[1:]
            elif line.strip():
                result.append((commit, line.strip()))
        return result

    def show(self, commit: str, path: str) -> bytes | None:
        try:
            return self.git("show", f"{commit}:{path}")
        except subprocess.CalledProcessError:
            return None  # not in this mirror (a partial clone) or not at this commit

    def source(self, commit: str, path: str) -> dict:
        return {"repository": self.repository, "commit": commit, "file": path}


def version_key(text: str) -> tuple:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def mark_superseded(entries: list[dict], line_of, label_of):
    """Sets superseded_by on every entry older than the newest of its line (same model, edition, kind)."""
    newest: dict = {}
    for entry in entries:
        line = line_of(entry)
        if line not in newest or version_key(entry["version"]) > version_key(newest[line]["version"]):
            newest[line] = entry
    for entry in entries:
        latest = newest[line_of(entry)]
        entry["superseded_by"] = (label_of(latest) if version_key(latest["version"]) > version_key(entry["version"])
                                  else None)


# -------------------------------------------------------------------- Coldcard

def coldcard(root: Path) -> dict | None:
    mirror = Mirror(root, "Coldcard/firmware")
    if not mirror.present:
        return None
    entries: dict[str, dict] = {}
    versions = 0
    for commit in mirror.commits("releases/signatures.txt"):
        text = mirror.show(commit, "releases/signatures.txt")
        if text is None:
            continue
        versions += 1
        for line in text.decode(errors="replace").splitlines():
            match = re.match(r"^([0-9a-f]{64})\s+\*?(\S+\.dfu)$", line.strip())
            if not match or match.group(1) in entries:
                continue
            name = match.group(2)
            label = re.search(r"-v(\d+\.\d+\.\d+[^-]*(?:-BETA\d*)?)", name, re.I)
            version = re.search(r"-v(\d+\.\d+\.\d+)", name)
            family = "q1" if "-q1-" in name else ("mk4" if "-mk4-" in name else ("mk" if "-mk-" in name else "mk3"))
            entries[match.group(1)] = {
                "file": name, "sha256": match.group(1), "version": version.group(1) if version else "",
                "label": label.group(1) if label else "", "model": family, "factory": "factory" in name,
                "debug": name.startswith("debug-"), "source": mirror.source(commit, "releases/signatures.txt")}
    # Release DFUs committed to releases/ (2018-2021): their file hash must be in some signatures.txt too.
    committed = 0
    for commit, path in mirror.changed("releases/"):
        if not path.endswith(".dfu"):
            continue
        blob = mirror.show(commit, path)
        if blob is None:
            continue
        committed += 1
        digest = hashlib.sha256(blob).hexdigest()
        if digest not in entries:
            raise SystemExit(f"Coldcard {path}@{commit[:10]} is in no version of signatures.txt")
    releases = sorted(entries.values(), key=lambda e: (e["model"], version_key(e["version"]), e["file"]))
    mark_superseded([e for e in releases if not e["debug"]],
                    lambda e: (e["model"], e["label"].endswith("X"), e["factory"]), lambda e: e["label"])
    return {
        "note": "Coldcard release DFU files: SHA-256 of the file as published, from every version of the PGP "
                "clear-signed releases/signatures.txt (entries dropped from the newest file included). 'debug' "
                "entries are key-0 builds: listed by Coinkite but never genuine (key 0's private key is public).",
        "source": f"Coldcard/firmware @ {mirror.head()[:12]}: {versions} versions of releases/signatures.txt; "
                  f"{committed} release DFUs committed to releases/ all appear in them",
        "releases": releases}


# -------------------------------------------------------------------- BitBox02

BITBOX_MAGIC = {0x653F362B: "bitbox02-multi", 0x11233B0B: "bitbox02-btconly", 0x5B648CEB: "bitbox02nova-multi",
                0x48714774: "bitbox02nova-btconly"}


def bitbox02(root: Path) -> dict | None:
    firmware = Mirror(root, "BitBoxSwiss/bitbox02-firmware")
    app = Mirror(root, "BitBoxSwiss/bitbox-wallet-app")
    if not firmware.present and not app.present:
        return None
    entries: dict[tuple, dict] = {}

    def add(product, version, payload, source, file):
        key = (product, payload)
        if key in entries:
            entries[key].setdefault("also", []).append(source)
            return
        entries[key] = {"file": file, "product": product, "version": version, "payload_sha256": payload,
                        "source": source}

    counts = {"assertions": 0, "app_images": 0}
    if firmware.present:
        for commit, path in firmware.changed("releases/"):
            match = re.match(r"releases/firmware(-btc)?-v([\d.]+)/assertion(?:-(bitbox02(?:nova)?-(?:multi|btconly)))?"
                             r"\.txt$", path)
            if not match:
                continue
            text = firmware.show(commit, path)
            if text is None:
                continue
            digest = re.search(r"^([0-9a-f]{64})\s*$", text.decode(errors="replace"), re.M)
            if not digest:
                continue
            product = match.group(3) or ("bitbox02-btconly" if match.group(1) else "bitbox02-multi")
            counts["assertions"] += 1
            add(product, match.group(2), digest.group(1), firmware.source(commit, path),
                f"{path.split('/')[1]} ({product})")
    if app.present:
        assets = "backend/devices/bitbox02bootloader/assets/"
        seen_blobs = set()
        for commit, path in app.changed(assets):
            match = re.search(r"\.v([\d.]+)\.signed\.bin(\.gz)?$", path)
            if not match:
                continue
            blob_id = app.git("rev-parse", f"{commit}:{path}").decode().strip()
            if blob_id in seen_blobs:
                continue
            seen_blobs.add(blob_id)
            blob = app.show(commit, path)
            if blob is None:
                continue
            data = gzip.decompress(blob) if match.group(2) else blob
            product = BITBOX_MAGIC.get(struct.unpack(">I", data[:4])[0])
            if product is None or len(data) <= 588:
                continue
            counts["app_images"] += 1
            add(product, match.group(1), hashlib.sha256(data[588:]).hexdigest(), app.source(commit, path),
                path.rsplit("/", 1)[1].removesuffix(".gz"))
    releases = sorted(entries.values(), key=lambda e: (e["product"], version_key(e["version"])))
    mark_superseded(releases, lambda e: e["product"], lambda e: e["version"])
    heads = ", ".join(f"{m.repository} @ {m.head()[:12]}" for m in (firmware, app) if m.present)
    return {
        "note": "BitBox02 official payload hashes (SHA-256 of the firmware after the 588-byte signed header): the "
                "builders' PGP-signed assertions in bitbox02-firmware releases/<tag>/assertion*.txt and every signed "
                "image the BitBoxApp has bundled (backend/devices/bitbox02bootloader/assets, whole git history).",
        "source": f"{heads}: {counts['assertions']} assertion files, {counts['app_images']} bundled signed images",
        "releases": releases}


# -------------------------------------------------------------------- Trezor

TREZOR_INDEX_MODELS = {"1": "T1B1", "2": "T2T1", "t1b1": "T1B1", "t2t1": "T2T1", "t2b1": "T2B1", "t3b1": "T3B1",
                       "t3t1": "T3T1", "t3w1": "T3W1"}
TREZOR_HASH = {"T2T1": "blake2s", "T2B1": "blake2s"}


def trezor(root: Path) -> dict | None:
    data = Mirror(root, "trezor/data")
    if not data.present:
        return None
    entries: dict[tuple, dict] = {}
    files = 0
    for commit, path in data.changed("firmware/"):
        match = re.match(r"firmware/([^/]+)/releases\.json$", path)
        if not match or match.group(1) not in TREZOR_INDEX_MODELS:
            continue
        text = data.show(commit, path)
        try:
            releases = json.loads(text) if text else []
        except ValueError:
            continue
        files += 1
        model = TREZOR_INDEX_MODELS[match.group(1)]
        for release in releases:
            version = ".".join(str(v) for v in release.get("version", []))
            for edition, key in (("universal", "fingerprint"), ("bitcoinonly", "fingerprint_bitcoinonly")):
                fingerprint = release.get(key)
                if fingerprint and (model, edition, fingerprint) not in entries:
                    entries[(model, edition, fingerprint)] = {
                        "model": model, "version": version, "edition": edition, "fingerprint": fingerprint,
                        "source": data.source(commit, path)}
    firmware_releases = sorted(entries.values(), key=lambda e: (e["model"], version_key(e["version"]), e["edition"]))
    mark_superseded(firmware_releases, lambda e: (e["model"], e["edition"]), lambda e: e["version"])
    bootloaders = trezor_bootloaders(root)
    heads = f"trezor/data @ {data.head()[:12]}: {files} versions of firmware/<model>/releases.json"
    if bootloaders is not None:
        heads += f"; {bootloaders[1]}"
    return {
        "note": "Official Trezor releases: trezorlib fingerprint per model, version and edition, from every version "
                "of trezor/data firmware/<model>/releases.json; and the production bootloaders (TRZB) and secure "
                "monitors (TSEC) Trezor ships in trezor-firmware (core/embed/**/bootloaders, secmon), by fingerprint.",
        "source": heads, "releases": firmware_releases + (bootloaders[0] if bootloaders else [])}


def trezor_bootloaders(root: Path):
    # trezor-firmware ships the production bootloaders and secure monitors inside its tree; Trezor's old web wallet
    # data repository published the first T bootloaders (2.0.x) next to the firmware.
    places = [(Mirror(root, "trezor/trezor-firmware"), "core/embed/"),
              (Mirror(root, "trezor-graveyard/webwallet-data-old"), "bootloader/")]
    places = [(mirror, folder) for mirror, folder in places if mirror.present]
    if not places:
        return None
    found: dict[str, dict] = {}
    skipped = []
    changed = [(mirror, commit, path) for mirror, folder in places for commit, path in mirror.changed(folder)]
    for firmware, commit, path in changed:
        name = path.rsplit("/", 1)[1]
        if not re.fullmatch(r"(bootloader(_T2T1|_T2B1|_T3B1|_T3T1|_T3W1|_T|-\d+\.\d+\.\d+)?|secmon)\.bin", name):
            continue  # _qa, _devel, D00x development boards, T1 bootloaders (another format)
        blob = firmware.show(commit, path)
        if blob is None or len(blob) < 1024:
            continue
        magic = blob[:4]
        if magic == b"TRZB":
            hw = blob[24:28]
            model = "T2T1" if hw == b"\0\0\0\0" else hw.decode(errors="replace")
            hashing = hashlib.blake2s if TREZOR_HASH.get(model) == "blake2s" else hashlib.sha256
            header = bytearray(blob[:1024])
            header[0x3BF:0x400] = b"\0" * 65
            fingerprint = hashing(bytes(header)).hexdigest()
            version = ".".join(str(b) for b in blob[16:19])
            kind = "bootloader"
        elif magic == b"TSEC":
            model = blob[16:20].decode(errors="replace")
            header = bytearray(blob[:512])
            header[0x1BF:0x200] = b"\0" * 65
            header[4:8] = struct.pack("<I", 512)
            fingerprint = hashlib.sha256(bytes(header)).hexdigest()
            version = ".".join(str(b) for b in blob[12:15])
            kind = "secmon"
        else:
            skipped.append(f"{path}@{commit[:10]} ({magic!r})")
            continue
        if fingerprint not in found:
            found[fingerprint] = {"model": model, "version": version, "edition": kind, "fingerprint": fingerprint,
                                  "source": firmware.source(commit, path)}
    entries = sorted(found.values(), key=lambda e: (e["edition"], e["model"], version_key(e["version"])))
    mark_superseded(entries, lambda e: (e["model"], e["edition"]), lambda e: e["version"])
    heads = ", ".join(f"{mirror.repository} @ {mirror.head()[:12]}" for mirror, _ in places)
    note = (f"{heads}: {len(entries)} production bootloader/secmon images"
            + (f" ({len(skipped)} TRZQ post-quantum bootloaders not indexed: unsupported format)" if skipped else ""))
    return entries, note
