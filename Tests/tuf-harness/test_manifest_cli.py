"""`custos manifest update` over loopback HTTP: the example manifest (python-tuf, test keys) and a hostile server."""

import json
import os
import shutil
import subprocess
from pathlib import Path

from server import RepositoryServer, endless_body

EXAMPLE = Path(__file__).resolve().parents[2] / "Firmware" / "manifest"


def custos(binary: str, *arguments: str) -> subprocess.CompletedProcess:
    program = os.path.join(os.path.dirname(binary), "custos")
    return subprocess.run([program, *arguments], capture_output=True, timeout=120)


def serve_example(tmp_path: Path) -> RepositoryServer:
    folder = tmp_path / "repository"
    shutil.copytree(EXAMPLE, folder)
    return RepositoryServer(folder)


def test_update_over_http_and_show(binary, tmp_path):
    server = serve_example(tmp_path)
    try:
        store = str(tmp_path / "store")
        assert custos(binary, "manifest", "init", "--root", str(EXAMPLE / "metadata/1.root.json"),
                      "--store", store).returncode == 0
        updated = custos(binary, "manifest", "update", "--from", server.url, "--store", store)
        assert updated.returncode == 0, updated.stderr
        assert [path for path, _ in server.requests] == [
            "metadata/2.root.json", "metadata/timestamp.json", "metadata/1.snapshot.json", "metadata/1.targets.json",
            "metadata/1.trezor.json",
            f"targets/policy/{json.loads((EXAMPLE / 'metadata/1.targets.json').read_bytes())['signed']['targets']['policy/migration.json']['hashes']['sha256']}.migration.json",
        ]
        shown = custos(binary, "manifest", "show", "--json", "--store", store)
        assert shown.returncode == 0
        document = json.loads(shown.stdout)
        assert len(document["approvals"]) == 5
        assert document["policy"]["quorum"] == 2
        # A second update finds nothing new: only the root probe and timestamp are fetched.
        server.requests.clear()
        assert custos(binary, "manifest", "update", "--from", server.url, "--store", store).returncode == 0
        assert [path for path, _ in server.requests] == ["metadata/2.root.json", "metadata/timestamp.json"]
    finally:
        server.stop()


def test_update_refuses_endless_timestamp(binary, tmp_path):
    server = serve_example(tmp_path)
    try:
        store = str(tmp_path / "store")
        assert custos(binary, "manifest", "init", "--root", str(EXAMPLE / "metadata/1.root.json"),
                      "--store", store).returncode == 0
        server.hostile["metadata/timestamp.json"] = endless_body
        updated = custos(binary, "manifest", "update", "--from", server.url, "--store", store)
        assert updated.returncode == 1
        assert b"limit" in updated.stderr
        assert not (tmp_path / "store" / "metadata" / "timestamp.json").exists()
    finally:
        server.stop()
