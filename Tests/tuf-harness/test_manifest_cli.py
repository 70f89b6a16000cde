"""`custos manifest update` over loopback HTTP: the example manifest (python-tuf, test keys) and a hostile server."""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from server import RepositoryServer, endless_body
from tls import CertificateAuthority, host_name, loopback_address

EXAMPLE = Path(__file__).resolve().parents[2] / "Firmware" / "manifest"


def custos(binary: str, *arguments: str, environment: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    program = os.path.join(os.path.dirname(binary), "custos")
    return subprocess.run([program, *arguments], capture_output=True, timeout=120,
                          env={**os.environ, **(environment or {})})


def serve_example(tmp_path: Path, tls: tuple[Path, Path] | None = None) -> RepositoryServer:
    folder = tmp_path / "repository"
    shutil.copytree(EXAMPLE, folder)
    return RepositoryServer(folder, tls)


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


def init_store(binary: str, tmp_path: Path) -> str:
    store = str(tmp_path / "store")
    assert custos(binary, "manifest", "init", "--root", str(EXAMPLE / "metadata/1.root.json"),
                  "--store", store).returncode == 0
    return store


def test_update_over_https_behind_a_private_ca(binary, tmp_path):
    authority = CertificateAuthority(tmp_path, "custody-ca")
    server = serve_example(tmp_path, authority.issue(loopback_address(), "repository"))
    try:
        store = init_store(binary, tmp_path)
        assert server.url.startswith("https://")
        updated = custos(binary, "manifest", "update", "--from", server.url, "--store", store,
                         environment={"SSL_CERT_FILE": str(authority.bundle)})
        assert updated.returncode == 0, updated.stderr
        assert server.paths()[:2] == ["metadata/2.root.json", "metadata/timestamp.json"]
        assert server.failed_handshakes == 0
        document = json.loads(custos(binary, "manifest", "show", "--json", "--store", store).stdout)
        assert len(document["approvals"]) == 5
    finally:
        server.stop()


def test_https_certificate_from_an_untrusted_ca_is_refused(binary, tmp_path):
    signer = CertificateAuthority(tmp_path, "mirror-ca")
    trusted = CertificateAuthority(tmp_path, "custody-ca")
    server = serve_example(tmp_path, signer.issue(loopback_address(), "repository"))
    try:
        store = init_store(binary, tmp_path)
        updated = custos(binary, "manifest", "update", "--from", server.url, "--store", store,
                         environment={"SSL_CERT_FILE": str(trusted.bundle)})
        assert updated.returncode == 1
        assert b"certificate" in updated.stderr, updated.stderr
        # The handshake failed before any request was sent, and nothing was stored.
        # The server thread counts the refused handshake after the client has already given up: wait for it.
        deadline = time.monotonic() + 5
        while server.failed_handshakes < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.requests == [] and server.failed_handshakes >= 1
        assert sorted(path.name for path in (tmp_path / "store" / "metadata").iterdir()) == ["root.json"]
    finally:
        server.stop()


def test_https_certificate_for_another_host_is_refused(binary, tmp_path):
    authority = CertificateAuthority(tmp_path, "custody-ca")
    server = serve_example(tmp_path, authority.issue(host_name("updates.example.org"), "other-host"))
    try:
        store = init_store(binary, tmp_path)
        updated = custos(binary, "manifest", "update", "--from", server.url, "--store", store,
                         environment={"SSL_CERT_FILE": str(authority.bundle)})
        assert updated.returncode == 1
        assert b"127.0.0.1" in updated.stderr, updated.stderr
        assert server.requests == []
    finally:
        server.stop()
