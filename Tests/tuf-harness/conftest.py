"""Fixtures of Custos' own TUF harness: a python-tuf repository, served over loopback HTTP or read from its folder,
and custos-tuf run exactly as tuf-conformance runs a client."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from repository import Repository
from server import RepositoryServer


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--custos-tuf", action="store", required=True, help="path to the built custos-tuf binary")


@pytest.fixture(scope="session")
def binary(pytestconfig: pytest.Config) -> str:
    path = pytestconfig.getoption("--custos-tuf")
    assert os.access(path, os.X_OK), f"custos-tuf binary not found at {path}"
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository(tmp_path / "repository")


@pytest.fixture
def server(repo: Repository):
    server = RepositoryServer(repo.folder)
    yield server
    server.stop()


class Client:
    """One custos-tuf client: its metadata and target folders, and the repository location it uses."""

    def __init__(self, binary: str, folder: Path, metadata_url: str, targets_url: str) -> None:
        self.binary = binary
        self.metadata_dir = folder / "metadata"
        self.target_dir = folder / "targets"
        self.metadata_dir.mkdir(parents=True)
        self.target_dir.mkdir(parents=True)
        self.metadata_url = metadata_url
        self.targets_url = targets_url
        self.last: subprocess.CompletedProcess | None = None

    def _run(self, arguments: list[str], faketime: str | None = None) -> int:
        command = [self.binary, *arguments]
        if faketime:
            faketime_binary = shutil.which("faketime")
            assert faketime_binary, "faketime is required (make deps installs it)"
            command = [faketime_binary, faketime, *command]
        self.last = subprocess.run(command, capture_output=True, timeout=120)
        assert self.last.returncode in (0, 1), f"exit code {self.last.returncode}: {self.last.stderr!r}"
        return self.last.returncode

    @property
    def reason(self) -> str:
        return self.last.stderr.decode(errors="replace") if self.last else ""

    def init(self, root: bytes) -> int:
        path = self.metadata_dir.parent / "initial_root.json"
        path.write_bytes(root)
        return self._run(["--metadata-dir", str(self.metadata_dir), "init", str(path)])

    def refresh(self, faketime: str | None = None) -> int:
        return self._run(
            ["--metadata-url", self.metadata_url, "--metadata-dir", str(self.metadata_dir), "refresh"], faketime)

    def download(self, *names: str, faketime: str | None = None) -> int:
        arguments = ["--metadata-dir", str(self.metadata_dir), "--metadata-url", self.metadata_url]
        for name in names:
            arguments += ["--target-name", name]
        arguments += ["--target-base-url", self.targets_url, "--target-dir", str(self.target_dir), "download"]
        return self._run(arguments, faketime)

    def stored(self, role: str) -> bytes | None:
        from urllib import parse

        path = self.metadata_dir / f"{parse.quote(role, '')}.json"
        return path.read_bytes() if path.exists() else None

    def version(self, role: str) -> int | None:
        data = self.stored(role)
        return json.loads(data)["signed"]["version"] if data is not None else None

    def versions(self) -> dict[str, int]:
        return {
            path.name.removesuffix(".json"): json.loads(path.read_bytes())["signed"]["version"]
            for path in sorted(self.metadata_dir.glob("*.json"))
        }

    def downloaded(self) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in sorted(self.target_dir.rglob("*")) if path.is_file()}


@pytest.fixture(params=["http", "local"])
def client(request: pytest.FixtureRequest, binary: str, repo: Repository, tmp_path: Path) -> Client:
    """A client over loopback HTTP, or reading the repository folder directly (air-gapped labs)."""
    if request.param == "http":
        server = request.getfixturevalue("server")
        client = Client(binary, tmp_path / "client", server.url + "metadata/", server.url + "targets/")
    else:
        client = Client(binary, tmp_path / "client", str(repo.metadata_folder) + "/", str(repo.targets_folder) + "/")
    assert client.init(repo.published["root"][0]) == 0
    return client


@pytest.fixture
def http_client(binary: str, repo: Repository, server: RepositoryServer, tmp_path: Path) -> Client:
    client = Client(binary, tmp_path / "client", server.url + "metadata/", server.url + "targets/")
    assert client.init(repo.published["root"][0]) == 0
    return client
