import CustosCrypto
import CustosSupport
import CustosTestSupport
import Foundation
import TUF
import Testing

@Suite("delegation path patterns")
struct DelegationTests {
    static let patterns = [
        "*", "*.md", "foo-?.tgz", "releases/*/*", "releases/x/*", "releases/y/*.zip", "firmware/trezor/*/*",
        "[abc]*", "[!abc]*", "[a-c]x", "[z-a]x", "[]x", "[!]x", "[", "a[", "*/*", "**", "a*b*c", "?", "",
        "dir/", "/abs", "a\\b", "[]]", "[!]]", "*[0-9]", "é*", "*.[Tt][Gg][Zz]",
    ]
    static let paths = [
        "README.md", "releases/README.md", "foo-1.tgz", "foo-alpha.tgz", "releases/x/x_v1", "releases/y/y_v1.zip",
        "releases/z/z_v1.zip", "firmware/trezor/T3T1/image.bin", "firmware/trezor/image.bin", "apple", "dog",
        "bx", "ax", "zx", "]x", "[", "a[", "abc", "axbxc", "acb", "x", "", "dir/", "/abs", "a\\b", "]", "v7",
        "é-accent", "e\u{301}-decomposed", "file.TGZ", "README.MD", "a/b",
    ]

    @Test func matchesPythonTUF() throws {
        var pairs: [[String]] = []
        for pattern in Self.patterns {
            for path in Self.paths { pairs.append([pattern, path]) }
        }
        let input = try JSONSerialization.data(withJSONObject: pairs)
        let oracle = try PythonOracle.run(
            script: "Tests/tuf-harness/oracles/path_patterns.py", [], standardInput: input)
        #expect(oracle.status == 0, "\(oracle.standardError)")
        let answers = oracle.standardOutput.split(separator: "\n").map { $0 == "1" }
        try #require(answers.count == pairs.count)
        var agreed = 0
        for (pair, expected) in zip(pairs, answers) {
            let ours = try Self.delegations(paths: [pair[0]]).roles(forTargetPath: pair[1]).count == 1
            #expect(ours == expected, "pattern \(pair[0]) path \(pair[1])")
            if ours == expected { agreed += 1 }
        }
        reportVectorCount("delegation path patterns vs python-tuf", passed: agreed, total: pairs.count)
    }

    /// A one-role `delegations` object parsed through the public metadata parser.
    static func delegations(
        paths: [String]? = nil, hashPrefixes: [String]? = nil, terminating: Bool = false
    ) throws
        -> Delegations
    {
        var role: [String: Any] = ["name": "r", "keyids": [], "threshold": 1, "terminating": terminating]
        if let paths { role["paths"] = paths }
        if let hashPrefixes { role["path_hash_prefixes"] = hashPrefixes }
        let signed: [String: Any] = [
            "_type": "targets", "version": 1, "spec_version": "1.0.31", "expires": "2030-01-01T00:00:00Z",
            "targets": [:], "delegations": ["keys": [:], "roles": [role]],
        ]
        let document = try JSONSerialization.data(withJSONObject: ["signed": signed, "signatures": []])
        let envelope = try SignedEnvelope(bytes: Array(document), role: "targets")
        let targets = try TargetsMetadata(envelope.signed, roleName: "targets")
        return try #require(targets.delegations)
    }

    @Test func pathHashPrefixes() throws {
        // The harness checks the same rule end to end against python-tuf's repository (test_path_hash_prefix_delegation).
        let path = "policy/migration.json"
        let digest = SHA256.hash(Array(path.utf8)).hexString
        #expect(try Self.delegations(hashPrefixes: [String(digest.prefix(2))]).roles(forTargetPath: path).count == 1)
        #expect(try Self.delegations(hashPrefixes: ["zz"]).roles(forTargetPath: path).isEmpty)
        #expect(try Self.delegations(hashPrefixes: [""]).roles(forTargetPath: path).count == 1)
    }

    @Test func refusesRolesWithBothOrNeitherPathKinds() {
        #expect(throws: TUFError.self) { try Self.delegations(paths: ["*"], hashPrefixes: ["ab"]) }
        #expect(throws: TUFError.self) { try Self.delegations() }
    }
}
