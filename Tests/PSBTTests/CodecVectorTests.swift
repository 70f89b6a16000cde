import Bitcoin
import BitcoinPSBT
import CustosTestSupport
import Foundation
import Testing

@Suite("PSBT codec against BIP174/370/371/373, Bitcoin Core and HWI vectors")
struct CodecVectorTests {
    struct BIPCase: Decodable {
        let description: String?
        let psbtBase64: String
        let valid: Bool?
        let expectedLocktime: UInt32?

        enum CodingKeys: String, CodingKey {
            case description
            case psbtBase64 = "psbt_base64"
            case valid
            case expectedLocktime = "expected_locktime"
        }
    }

    struct BIPFile: Decodable {
        let cases: [BIPCase]
    }

    /// A valid PSBT must decode and re-serialize to exactly the same bytes.
    private func roundTrips(_ base64: String) -> Bool {
        guard let bytes = Base64.decode(Array(base64.utf8)), let psbt = try? PSBT(serialized: bytes) else {
            return false
        }
        return psbt.serialized() == bytes && psbt.base64 == base64
    }

    private func refused(_ base64: String) -> PSBTDecodingError? {
        do {
            _ = try PSBT(base64: base64)
            return nil
        } catch {
            return error
        }
    }

    private func runBIP(_ file: String, name: String, expectedValid: Int, expectedInvalid: Int) throws {
        let cases = try SharedVectors.decode(BIPFile.self, from: file).cases
        var validPassed = 0
        var validTotal = 0
        var invalidPassed = 0
        var invalidTotal = 0
        for vector in cases {
            switch vector.valid {
            case true:
                validTotal += 1
                let ok = roundTrips(vector.psbtBase64)
                #expect(ok, "\(name) valid: \(vector.description ?? "(no description)")")
                if let expected = vector.expectedLocktime, ok {
                    let psbt = try PSBT(base64: vector.psbtBase64)
                    #expect(
                        psbt.computedLockTime == expected,
                        "\(name) locktime: \(vector.description ?? "(no description)")")
                    if psbt.computedLockTime != expected { continue }
                }
                if ok { validPassed += 1 }
            case false:
                invalidTotal += 1
                let error = refused(vector.psbtBase64)
                #expect(error != nil, "\(name) invalid accepted: \(vector.description ?? "(no description)")")
                if error != nil { invalidPassed += 1 }
            default:
                // BIP370's "cannot be computed" case: it decodes, and no lock time satisfies its inputs.
                let psbt = try PSBT(base64: vector.psbtBase64)
                #expect(psbt.computedLockTime == nil)
                #expect(throws: PSBTRoleError.lockTimeConflict) { try psbt.unsignedTransaction() }
            }
        }
        reportVectorCount("\(name) valid (decode + byte-exact re-encode)", passed: validPassed, total: validTotal)
        reportVectorCount("\(name) invalid (refused)", passed: invalidPassed, total: invalidTotal)
        #expect(validTotal == expectedValid && validPassed == validTotal)
        #expect(invalidTotal == expectedInvalid && invalidPassed == invalidTotal)
    }

    @Test func bip174() throws {
        try runBIP("psbt/bips/bip174_test_vectors.json", name: "BIP174", expectedValid: 14, expectedInvalid: 20)
    }

    @Test func bip370() throws {
        try runBIP("psbt/bips/bip370_test_vectors.json", name: "BIP370", expectedValid: 23, expectedInvalid: 24)
    }

    @Test func bip371() throws {
        try runBIP("psbt/bips/bip371_test_vectors.json", name: "BIP371", expectedValid: 6, expectedInvalid: 11)
    }

    @Test func bip373() throws {
        try runBIP(
            "psbt/bips/bip373_musig2_psbt_test_vectors.json", name: "BIP373", expectedValid: 14, expectedInvalid: 10)
    }

    /// Bitcoin Core's rpc_psbt.json: valid ones round-trip; invalid ones are refused, and where Core states its
    /// reason, ours names the same problem.
    @Test func coreRPCVectors() throws {
        guard let file = try SharedVectors.json("psbt/bitcoin-core/rpc_psbt.json") as? [String: Any],
            let valid = file["valid"] as? [String], let invalid = file["invalid"] as? [String],
            let invalidWithMessage = file["invalid_with_msg"] as? [[String]]
        else { throw TestDataError("rpc_psbt.json layout") }
        let validPassed = valid.filter { roundTrips($0) }.count
        for psbt in valid where !roundTrips(psbt) {
            Issue.record(
                "rpc_psbt valid refused: \(refused(psbt).map(String.init(describing:)) ?? "re-encoding differs")")
        }
        let invalidPassed = invalid.filter { refused($0) != nil }.count
        var messagePassed = 0
        for pair in invalidWithMessage {
            let error = refused(pair[0])
            let sameReason = error.map { $0.reason.contains(pair[1]) } ?? false
            #expect(sameReason, "Core says '\(pair[1])', we said '\(error.map(String.init(describing:)) ?? "nothing")'")
            if sameReason { messagePassed += 1 }
        }
        reportVectorCount("Core rpc_psbt.json valid", passed: validPassed, total: valid.count)
        reportVectorCount("Core rpc_psbt.json invalid", passed: invalidPassed, total: invalid.count)
        reportVectorCount(
            "Core rpc_psbt.json invalid_with_msg (same reason)", passed: messagePassed,
            total: invalidWithMessage.count)
        #expect(valid.count == 48 && validPassed == valid.count)
        #expect(invalid.count == 63 && invalidPassed == invalid.count)
        #expect(invalidWithMessage.count == 23 && messagePassed == invalidWithMessage.count)
    }

    /// HWI's test_psbt.json: valid/invalid lists and the PSBTv2 lock-time cases.
    @Test func hwiVectors() throws {
        guard let file = try SharedVectors.json("psbt/hwi/test_psbt.json") as? [String: Any],
            let valid = file["valid"] as? [String], let invalid = file["invalid"] as? [String],
            let locktimes = file["locktimes"] as? [[Any]],
            let conflictingList = file["conflicting_locktimes"] as? [String],
            let conflicting = conflictingList.first
        else { throw TestDataError("test_psbt.json layout") }
        let validPassed = valid.filter { roundTrips($0) }.count
        for psbt in valid where !roundTrips(psbt) {
            Issue.record("HWI valid refused: \(refused(psbt).map(String.init(describing:)) ?? "re-encoding differs")")
        }
        let invalidPassed = invalid.filter { refused($0) != nil }.count
        for psbt in invalid where refused(psbt) == nil { Issue.record("HWI invalid accepted: \(psbt.prefix(60))") }
        var lockPassed = 0
        for pair in locktimes {
            guard let text = pair[0] as? String, let expected = pair[1] as? Int else { continue }
            let ok = (try? PSBT(base64: text))?.computedLockTime == UInt32(expected)
            #expect(ok, "HWI locktime \(expected)")
            if ok { lockPassed += 1 }
        }
        let conflict = try PSBT(base64: conflicting)
        #expect(conflict.computedLockTime == nil)
        reportVectorCount("HWI test_psbt.json valid", passed: validPassed, total: valid.count)
        reportVectorCount("HWI test_psbt.json invalid", passed: invalidPassed, total: invalid.count)
        reportVectorCount("HWI test_psbt.json locktimes", passed: lockPassed, total: locktimes.count)
        #expect(valid.count == 53 && validPassed == valid.count)
        #expect(invalid.count == 67 && invalidPassed == invalid.count)
        #expect(lockPassed == locktimes.count)
    }
}
