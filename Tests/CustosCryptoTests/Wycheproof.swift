/// The parts of the Wycheproof v1 JSON schema the verification tests read.
struct WycheproofFile: Decodable {
    let algorithm: String
    let numberOfTests: Int
    let testGroups: [Group]

    struct Group: Decodable {
        let publicKey: PublicKey?
        let publicKeyDer: String?
        let tests: [TestCase]
    }

    struct PublicKey: Decodable {
        let uncompressed: String?
        let pk: String?
        let modulus: String?
        let publicExponent: String?
    }

    struct TestCase: Decodable {
        let tcId: Int
        let comment: String
        let msg: String
        let sig: String
        let result: String
        let flags: [String]
    }
}

/// Runs every case of a Wycheproof file through `verify` and returns (passed, total, failing tcIds).
/// `valid` must verify and `invalid` must not; the files used here carry no `acceptable` cases, and one appearing
/// would count as a failure until its behaviour is pinned.
func runWycheproof(
    _ file: WycheproofFile,
    verify: (WycheproofFile.Group, WycheproofFile.TestCase) throws -> Bool
) -> (passed: Int, total: Int, failures: [Int]) {
    var passed = 0
    var total = 0
    var failures: [Int] = []
    for group in file.testGroups {
        for test in group.tests {
            total += 1
            let accepted = (try? verify(group, test)) ?? false
            let expected: Bool? = test.result == "valid" ? true : test.result == "invalid" ? false : nil
            if let expected, accepted == expected {
                passed += 1
            } else {
                failures.append(test.tcId)
            }
        }
    }
    return (passed, total, failures)
}
