"""Top-level workflow: refresh, byte-exact storage, key rotation and threshold changes (root and other roles)."""

from repository import new_signer


def test_refresh_stores_exact_bytes(client, repo):
    assert client.refresh() == 0
    for role in ("root", "timestamp", "snapshot", "targets"):
        assert client.stored(role) == repo.current_bytes(role)


def test_refresh_request_sequence(http_client, repo, server):
    assert http_client.refresh() == 0
    assert server.requests == [
        ("metadata/2.root.json", 404),
        ("metadata/timestamp.json", 200),
        ("metadata/1.snapshot.json", 200),
        ("metadata/1.targets.json", 200),
    ]
    # Nothing new: only the root probe and timestamp are fetched again.
    server.requests.clear()
    assert http_client.refresh() == 0
    assert server.requests == [("metadata/2.root.json", 404), ("metadata/timestamp.json", 200)]


def test_root_key_rotation_signed_by_old_and_new(client, repo):
    old = repo.rotate("root", keytype="ed25519")
    repo.publish(["root"], extra_signers=old)
    assert client.refresh() == 0
    assert client.stored("root") == repo.current_bytes("root")
    assert client.version("root") == 2


def test_root_rotation_without_old_signature_is_refused(client, repo):
    repo.rotate("root")
    repo.publish(["root"])  # signed by the new key only
    assert client.refresh() == 1
    assert "root" in client.reason
    assert client.version("root") == 1
    assert client.stored("timestamp") is None


def test_root_rotation_without_new_signature_is_refused(client, repo):
    old = repo.rotate("root")
    repo.signers["root"] = []
    repo.publish(["root"], extra_signers=old)  # signed by the old key only
    assert client.refresh() == 1
    assert client.version("root") == 1


def test_several_root_versions_in_one_refresh(client, repo):
    for keytype in ("rsa", "ed25519", "ecdsa"):
        old = repo.rotate("root", keytype=keytype)
        repo.publish(["root"], extra_signers=old)
    assert client.refresh() == 0
    assert client.version("root") == 4


def test_threshold_raise_needs_enough_signatures(client, repo):
    # Root goes to 2-of-2: v2 carries only one new signature, so its own threshold is not met.
    extra = new_signer()
    repo.root.add_key(extra.public_key, "root")
    repo.root.roles["root"].threshold = 2
    repo.publish(["root"])
    assert client.refresh() == 1
    assert client.version("root") == 1
    # Signed by both keys it is accepted.
    repo.signers["root"].append(extra)
    del repo.published["root"][-1]
    repo.root.version -= 1
    repo.publish(["root"])
    assert client.refresh() == 0
    assert client.version("root") == 2


def test_threshold_decrease(client, repo):
    extra = new_signer()
    repo.root.add_key(extra.public_key, "snapshot")
    repo.root.roles["snapshot"].threshold = 2
    repo.signers["snapshot"].append(extra)
    repo.publish(["root", "snapshot", "timestamp"])
    assert client.refresh() == 0
    repo.root.roles["snapshot"].threshold = 1
    repo.signers["snapshot"] = [extra]
    repo.publish(["root", "snapshot", "timestamp"])
    assert client.refresh() == 0
    assert client.version("snapshot") == 3


def test_snapshot_threshold_not_met(client, repo):
    extra = new_signer()
    repo.root.add_key(extra.public_key, "snapshot")
    repo.root.roles["snapshot"].threshold = 2
    repo.publish(["root", "snapshot", "timestamp"])  # snapshot signed by one of two keys
    assert client.refresh() == 1
    assert client.version("root") == 2
    assert client.version("timestamp") == 2
    assert client.stored("snapshot") is None


def test_timestamp_key_rotation_recovers_from_fast_forward(client, repo):
    for _ in range(5):
        repo.publish(["timestamp"])
    assert client.refresh() == 0
    assert client.version("timestamp") == 6
    # New timestamp keys and a restart at version 1: allowed because the keys changed.
    repo.rotate("timestamp")
    repo.timestamp.version = 0
    repo.publish(["root", "timestamp"])
    assert client.refresh() == 0
    assert client.version("timestamp") == 1


def test_mixed_key_types(client, repo):
    for role, keytype in (("timestamp", "rsa"), ("snapshot", "ed25519"), ("targets", "ecdsa")):
        repo.rotate(role, keytype=keytype)
    repo.publish(["root", "targets", "snapshot", "timestamp"])
    assert client.refresh() == 0
    for role in ("root", "timestamp", "snapshot", "targets"):
        assert client.stored(role) == repo.current_bytes(role)
