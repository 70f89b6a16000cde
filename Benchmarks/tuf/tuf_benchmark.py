"""Python side of `custos-bench tuf`: builds the benchmark repository with python-tuf, serves it on loopback, and
times python-tuf's ngclient on it, so both clients are measured in the same run on the same bytes.

  tuf_benchmark.py generate DIR COUNT   repository with COUNT targets in one delegated role; prints the query path
  tuf_benchmark.py serve DIR PORTFILE   serves DIR over HTTP on 127.0.0.1, writes the port to PORTFILE
  tuf_benchmark.py time DIR URL RUNS    times RUNS fresh ngclient refreshes (+ the delegated target lookup), over
                                        HTTP (URL) and from the folder; prints JSON {"http": [s...], "folder": [s...],
                                        "http_cpu": [s...], "folder_cpu": [s...]} (wall-clock and thread CPU time)
  tuf_benchmark.py refresh DIR COUNT    one fresh refresh + lookup from the folder, then exit (the whole-process
                                        comparison with `custos manifest update` in Benchmarks/pipeline)
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib import parse

from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import DelegatedRole, Delegations, Metadata, MetaFile, Root, Snapshot, TargetFile, Targets, Timestamp
from tuf.api.serialization.json import JSONSerializer
from tuf.ngclient import FetcherInterface, Updater

ROLE = "firmware"


def query_path(count: int) -> str:
    index = count - 1
    return f"firmware/vendor{index % 7}/model{index % 13}/image-{index}.bin"


def generate(folder: Path, count: int) -> None:
    metadata = folder / "metadata"
    metadata.mkdir(parents=True, exist_ok=True)
    expires = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=365)
    signers = {name: CryptoSigner.generate_ecdsa() for name in ("root", "timestamp", "snapshot", "targets", ROLE)}
    root = Root(expires=expires)
    for name in ("root", "timestamp", "snapshot", "targets"):
        root.add_key(signers[name].public_key, name)
    targets = Targets(expires=expires)
    targets.delegations = Delegations({}, roles={ROLE: DelegatedRole(ROLE, [], 1, True, ["firmware/*/*/*"])})
    targets.add_key(signers[ROLE].public_key, ROLE)
    delegated = Targets(expires=expires)
    for index in range(count):
        path = f"firmware/vendor{index % 7}/model{index % 13}/image-{index}.bin"
        target = TargetFile.from_data(path, f"image {index}".encode(), ["sha256"])
        # A complete Custos firmware approval (docs/MANIFEST.md), so `custos manifest update` reads every entry.
        target.unrecognized_fields["custom"] = {
            "custos": {
                "kind": "firmware",
                "vendor": f"vendor{index % 7}",
                "model": f"model{index % 13}",
                "version": f"2.{index % 20}.{index % 9}",
                "min_version": "2.0.0",
                "fingerprint": f"{index:064x}",
                "channel": "stable",
            }
        }
        delegated.targets[path] = target

    def write(name: str, signed, version_in_name: bool = True) -> bytes:
        md = Metadata(signed)
        md.sign(signers["targets" if name == "targets" else name])
        data = md.to_bytes(JSONSerializer())  # python-tuf's default: indented, sorted keys
        (metadata / (f"1.{name}.json" if version_in_name else f"{name}.json")).write_bytes(data)
        return data

    snapshot = Snapshot(expires=expires)
    write(ROLE, delegated)
    snapshot.meta[f"{ROLE}.json"] = MetaFile(1)
    write("targets", targets)
    snapshot.meta["targets.json"] = MetaFile(1)
    write("snapshot", snapshot)
    timestamp = Timestamp(expires=expires)
    timestamp.snapshot_meta = MetaFile(1)
    write("timestamp", timestamp, version_in_name=False)
    write("root", root)
    print(query_path(count))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


def serve(folder: Path, port_file: Path) -> None:
    handler = lambda *a, **k: _Quiet(*a, directory=str(folder), **k)  # noqa: E731
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port_file.write_text(str(server.server_address[1]))
    server.serve_forever()


class FolderFetcher(FetcherInterface):
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _fetch(self, url: str):
        from tuf.api.exceptions import DownloadHTTPError

        path = self.folder / parse.unquote(url.removeprefix("folder:///"))
        if not path.is_file():
            raise DownloadHTTPError(f"{url} not found", 404)
        return iter([path.read_bytes()])


def time_client(folder: Path, url: str, runs: int) -> None:
    root = (folder / "metadata" / "1.root.json").read_bytes()
    count = sum(1 for _ in json.loads((folder / "metadata" / f"1.{ROLE}.json").read_bytes())["signed"]["targets"])
    query = query_path(count)
    results: dict[str, list[float]] = {"http": [], "folder": [], "http_cpu": [], "folder_cpu": []}
    for kind in ("http", "folder"):
        for _ in range(runs):
            work = Path(tempfile.mkdtemp())
            try:
                start = time.perf_counter()
                cpu_start = time.thread_time()
                if kind == "http":
                    updater = Updater(str(work), url + "metadata/", bootstrap=root)
                else:
                    updater = Updater(str(work), "folder:///metadata/", fetcher=FolderFetcher(folder), bootstrap=root)
                updater.refresh()
                info = updater.get_targetinfo(query)
                elapsed = time.perf_counter() - start
                cpu = time.thread_time() - cpu_start
                assert info is not None, query
                results[kind].append(elapsed)
                results[kind + "_cpu"].append(cpu)
            finally:
                shutil.rmtree(work)
    print(json.dumps(results))


def refresh_once(folder: Path, count: int) -> None:
    root = (folder / "metadata" / "1.root.json").read_bytes()
    work = Path(tempfile.mkdtemp())
    try:
        updater = Updater(str(work), "folder:///metadata/", fetcher=FolderFetcher(folder), bootstrap=root)
        updater.refresh()
        assert updater.get_targetinfo(query_path(count)) is not None
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "generate":
        generate(Path(sys.argv[2]), int(sys.argv[3]))
    elif command == "serve":
        serve(Path(sys.argv[2]), Path(sys.argv[3]))
    elif command == "refresh":
        refresh_once(Path(sys.argv[2]), int(sys.argv[3]))
    elif command == "time":
        time_client(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    else:
        raise SystemExit(__doc__)
