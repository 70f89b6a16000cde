"""Target files: download, hashes, length, cache, endless data, and delegations."""

from server import endless_body


def test_download_verified_target(client, repo):
    repo.add_target("firmware/trezor/T3T1/image.bin", b"image bytes")
    repo.publish_all()
    assert client.download("firmware/trezor/T3T1/image.bin") == 0
    assert client.downloaded() == {"firmware%2Ftrezor%2FT3T1%2Fimage.bin": b"image bytes"}


def test_sha512_and_both_hashes(client, repo):
    repo.add_target("a.bin", b"alpha", algorithms=("sha512",))
    repo.add_target("b.bin", b"beta", algorithms=("sha256", "sha512"))
    repo.publish_all()
    assert client.download("a.bin", "b.bin") == 0
    assert client.downloaded() == {"a.bin": b"alpha", "b.bin": b"beta"}


def test_substituted_target_is_not_stored(client, repo):
    target = repo.add_target("image.bin", b"genuine")
    repo.publish_all()
    repo.write_target(target, b"malicious")  # other content (and length) under the hash-prefixed name
    assert client.download("image.bin") == 1
    assert client.downloaded() == {}


def test_same_length_substitution_fails_on_hash(client, repo):
    target = repo.add_target("image.bin", b"genuine!")
    repo.publish_all()
    repo.write_target(target, b"evil!!!!")
    assert client.download("image.bin") == 1
    assert "sha256" in client.reason
    assert client.downloaded() == {}


def test_unknown_hash_algorithm_fails(client, repo):
    target = repo.add_target("image.bin", b"data", algorithms=("sha512",))
    target.hashes = {"md5-custom": target.hashes["sha512"]}
    repo.publish_all()
    repo.write_target(target, b"data")
    assert client.download("image.bin") == 1
    assert client.downloaded() == {}


def test_cache_avoids_second_download(http_client, repo, server):
    repo.add_target("image.bin", b"cached")
    repo.publish_all()
    assert http_client.download("image.bin") == 0
    assert http_client.download("image.bin") == 0
    assert sum(1 for path in server.paths() if path.startswith("targets/")) == 1


def test_endless_target(http_client, repo, server):
    target = repo.add_target("image.bin", b"0123456789")
    repo.publish_all()
    server.hostile[f"targets/{target.hashes['sha256']}.image.bin"] = endless_body
    assert http_client.download("image.bin") == 1
    assert "limit" in http_client.reason
    assert http_client.downloaded() == {}


def test_missing_target(client, repo):
    assert client.download("no/such/file") == 1
    assert "not listed" in client.reason
    assert client.version("targets") == 1


def test_delegated_target_and_path_restriction(client, repo):
    repo.add_delegation("targets", "trezor", ["firmware/trezor/*/*"])
    repo.add_target("firmware/trezor/T3T1/fw.bin", b"trezor image", role="trezor")
    repo.add_target("firmware/other/X/fw.bin", b"outside its paths", role="trezor")
    repo.publish(["trezor", "targets", "snapshot", "timestamp"])
    assert client.download("firmware/trezor/T3T1/fw.bin") == 0
    assert client.version("trezor") == 1
    # The role lists a path it is not delegated: the search never asks it.
    assert client.download("firmware/other/X/fw.bin") == 1
    assert list(client.downloaded()) == ["firmware%2Ftrezor%2FT3T1%2Ffw.bin"]


def test_delegation_order_and_terminating(http_client, repo, server):
    repo.add_delegation("targets", "first", ["*"], terminating=True)
    repo.add_delegation("targets", "second", ["*"])
    repo.add_target("file", b"from second", role="second")
    repo.publish(["first", "second", "targets", "snapshot", "timestamp"])
    # "first" is terminating and does not list the file: "second" must never be consulted.
    assert http_client.download("file") == 1
    assert "metadata/1.first.json" in server.paths()
    assert "metadata/1.second.json" not in server.paths()


def test_path_hash_prefix_delegation(client, repo):
    import hashlib

    path = "policy/migration.json"
    prefix = hashlib.sha256(path.encode()).hexdigest()[:2]
    repo.add_delegation("targets", "bin", None, hash_prefixes=[prefix])
    repo.add_target(path, b'{"version": 1}', role="bin")
    repo.publish(["bin", "targets", "snapshot", "timestamp"])
    assert client.download(path) == 0


def test_delegated_role_missing_from_snapshot_is_not_fetched(http_client, repo, server):
    repo.add_delegation("targets", "vendor", ["vendor/*"])
    repo.publish(["vendor", "targets"])
    del repo.snapshot.meta["vendor.json"]
    repo.publish(["snapshot", "timestamp"])
    assert http_client.download("vendor/file") == 1
    assert not any("vendor" in path for path in server.paths())
    assert http_client.stored("vendor") is None


def test_delegated_role_with_bad_signature(client, repo):
    repo.add_delegation("targets", "vendor", ["vendor/*"])
    repo.add_target("vendor/file", b"x", role="vendor")
    repo.signers["vendor"] = [repo.signers["targets"][0]]  # signed by a key the delegation does not name
    repo.publish(["vendor", "targets", "snapshot", "timestamp"])
    assert client.download("vendor/file") == 1
    assert client.stored("vendor") is None
    assert client.downloaded() == {}


def test_unusual_role_names_stay_inside_the_metadata_folder(client, repo):
    for name in ("../escape", "a/b", "?#"):
        repo.add_delegation("targets", name, ["*"])
    repo.publish(["../escape", "a/b", "?#", "targets", "snapshot", "timestamp"])
    assert client.download("nothing") == 1
    stored = sorted(path.name for path in client.metadata_dir.iterdir())
    assert stored == ["%3F%23.json", "..%2Fescape.json", "a%2Fb.json", "root.json", "snapshot.json",
                      "targets.json", "timestamp.json"]
    assert not (client.metadata_dir.parent / "escape.json").exists()


def test_succinct_hash_bin_delegation(client, repo):
    from tuf.api.metadata import Delegations, Metadata, SuccinctRoles, Targets

    from repository import in_days, new_signer

    signer = new_signer()
    succinct = SuccinctRoles([], 1, 3, "bin")
    repo.targets().delegations = Delegations({}, None, succinct)
    repo.targets().add_key(signer.public_key)
    for name in succinct.get_roles():
        repo.md[name] = Metadata(Targets(expires=in_days(30)))
        repo.signers[name] = [signer]
    path = "firmware/vendor/model/image.bin"
    bin_name = succinct.get_role_for_target(path)
    repo.add_target(path, b"in a hash bin", role=bin_name)
    repo.publish([*succinct.get_roles(), "targets", "snapshot", "timestamp"])
    assert client.download(path) == 0
    assert client.downloaded() == {"firmware%2Fvendor%2Fmodel%2Fimage.bin": b"in a hash bin"}
    # Only the bin responsible for the path was fetched and stored.
    stored = sorted(p.name for p in client.metadata_dir.iterdir())
    assert stored == sorted(["root.json", "timestamp.json", "snapshot.json", "targets.json", f"{bin_name}.json"])
