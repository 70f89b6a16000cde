"""Attacks the TUF specification names: freeze (expiry), rollback, mix-and-match, wrong hashes, endless data,
bad signatures, malformed metadata. Each asserts the exit code and what is (not) stored."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from repository import in_days
from server import endless_body, lying_length


def future(days: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")


def test_expired_new_timestamp_is_not_stored(client, repo):
    assert client.refresh() == 0
    repo.timestamp.expires = in_days(-1)
    repo.publish(["timestamp"])
    assert client.refresh() == 1
    assert "expired" in client.reason
    assert client.version("timestamp") == 1


def test_expired_snapshot_and_targets(client, repo):
    assert client.refresh() == 0
    repo.targets().expires = in_days(-1)
    repo.publish_all()
    assert client.refresh() == 1
    assert client.versions() == {"root": 1, "snapshot": 2, "targets": 1, "timestamp": 2}
    repo.targets().expires = in_days(30)
    repo.snapshot.expires = in_days(-1)
    repo.publish_all()
    assert client.refresh() == 1
    assert client.versions() == {"root": 1, "snapshot": 2, "targets": 1, "timestamp": 3}


def test_frozen_repository_fails_once_timestamp_expires(client, repo):
    assert client.refresh() == 0
    # The repository keeps serving the same metadata; two days later timestamp (1-day expiry) is stale.
    assert client.refresh(faketime=future(2)) == 1
    assert "timestamp" in client.reason and "expired" in client.reason
    assert client.version("timestamp") == 1


def test_expired_root_is_stored_but_refresh_fails(client, repo):
    repo.root.expires = in_days(-1)
    repo.publish(["root"])
    assert client.refresh() == 1
    assert client.version("root") == 2
    assert client.stored("timestamp") is None


def test_timestamp_rollback(client, repo):
    repo.publish(["timestamp"])
    assert client.refresh() == 0
    (repo.metadata_folder / "timestamp.json").write_bytes(repo.published["timestamp"][0])
    assert client.refresh() == 1
    assert "rollback" in client.reason
    assert client.version("timestamp") == 2


def test_snapshot_rollback(client, repo):
    repo.publish(["snapshot", "timestamp"])
    assert client.refresh() == 0
    repo.snapshot.version = 0
    repo.publish(["snapshot"], bump=True)  # a fresh snapshot v1 with new content
    repo.publish(["timestamp"])
    assert client.refresh() == 1
    assert client.version("snapshot") == 2
    assert client.version("timestamp") == 2


def test_targets_rollback(client, repo):
    repo.publish_all()
    assert client.refresh() == 0
    repo.targets().version = 0
    repo.publish_all()  # targets v1 again, listed by a newer snapshot
    assert client.refresh() == 1
    assert client.version("targets") == 2
    assert client.version("snapshot") == 2


def test_mix_and_match_snapshot_hash(client, repo):
    repo.hashes_in_meta = True
    repo.publish(["snapshot", "timestamp"])
    assert client.refresh() == 0
    # Serve a different (correctly signed) snapshot v3 than the one timestamp v3 hashes.
    repo.publish(["snapshot", "timestamp"])
    other = repo.tamper("snapshot", 3, lambda doc: {**doc, "extra": "mixed"})
    assert other != repo.current_bytes("snapshot")
    assert client.refresh() == 1
    assert "snapshot.json" in client.reason
    assert client.version("snapshot") == 2
    assert client.version("timestamp") == 3


def test_targets_hash_mismatch(client, repo):
    repo.hashes_in_meta = True
    repo.publish_all()
    assert client.refresh() == 0
    repo.publish(["targets"])
    repo.snapshot.meta["targets.json"].hashes["sha256"] = "0" * 64
    repo.publish(["snapshot", "timestamp"])
    assert client.refresh() == 1
    assert client.version("targets") == 2
    assert client.version("snapshot") == 3


def test_bad_signature_on_snapshot(client, repo):
    def corrupt(document):
        signature = document["signatures"][0]["sig"]
        document["signatures"][0]["sig"] = signature[:-2] + ("00" if signature[-2:] != "00" else "11")
        return document

    repo.publish(["snapshot", "timestamp"])
    repo.tamper("snapshot", 2, corrupt)
    assert client.refresh() == 1
    assert "snapshot was signed by 0/1" in client.reason
    assert client.stored("snapshot") is None


def test_signed_content_changed_after_signing(client, repo):
    repo.publish(["timestamp"])

    def edit(document):
        document["signed"]["expires"] = "2099-01-01T00:00:00Z"
        return document

    repo.tamper("timestamp", None, edit)
    assert client.refresh() == 1
    assert client.stored("timestamp") is None


@pytest.mark.parametrize(
    "body",
    [
        b'{"signed": {"_type": "timestamp", "_type": "timestamp"}, "signatures": []}',  # duplicate key
        b'{"signed": {"version": 1.0}, "signatures": []}',  # float
        b'{"signed": {}, "signatures": [',  # truncated
        b"\xef\xbb\xbf{}",  # byte-order mark
        b'{"signed": "\xff"}',  # invalid UTF-8
        b"[" * 100000,  # deep nesting
        b"",
    ],
    ids=["duplicate-key", "float", "truncated", "bom", "bad-utf8", "deep", "empty"],
)
def test_malformed_timestamp(client, repo, body):
    (repo.metadata_folder / "timestamp.json").write_bytes(body)
    assert client.refresh() == 1
    assert "timestamp" in client.reason
    assert client.stored("timestamp") is None


def test_oversized_timestamp_file(client, repo):
    data = repo.current_bytes("timestamp")
    (repo.metadata_folder / "timestamp.json").write_bytes(data + b" " * 20000)  # past the 16 KiB cap
    assert client.refresh() == 1
    assert "limit" in client.reason
    assert client.stored("timestamp") is None


def test_endless_timestamp_download(http_client, repo, server):
    server.hostile["metadata/timestamp.json"] = endless_body
    assert http_client.refresh() == 1
    assert "limit" in http_client.reason
    assert http_client.stored("timestamp") is None


def test_lying_content_length(http_client, repo, server):
    server.hostile["metadata/1.snapshot.json"] = lying_length
    assert http_client.refresh() == 1
    assert http_client.version("timestamp") == 1
    assert http_client.stored("snapshot") is None


def test_endless_root_download(http_client, repo, server):
    server.hostile["metadata/2.root.json"] = endless_body
    assert http_client.refresh() == 1
    assert http_client.version("root") == 1


def test_invalid_initial_root_makes_no_request(binary, repo, server, tmp_path):
    from conftest import Client

    client = Client(binary, tmp_path / "c", server.url + "metadata/", server.url + "targets/")
    document = json.loads(repo.published["root"][0])
    document["signed"]["version"] = 7  # signature no longer matches
    assert client.init(json.dumps(document).encode()) == 1
    assert client.refresh() == 1
    assert server.requests == []


def test_unknown_fields_are_signed_content(client, repo):
    repo.root.unrecognized_fields["x-custos-note"] = {"ü": [1, 2, {"b": None, "a": True}]}
    repo.publish(["root"])
    assert client.refresh() == 0
    assert client.version("root") == 2
