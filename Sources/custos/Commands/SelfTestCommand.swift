internal import ArgumentParser
internal import CustosCrypto
internal import CustosSupport
internal import Secp256k1

/// `custos selftest`: known-answer tests of every cryptographic primitive against the installed C libraries.
struct SelfTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selftest",
        abstract: "Check the cryptographic libraries with published known-answer tests."
    )

    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false

    func run() throws {
        let results = CryptoSelfTest.run() + Secp256k1SelfTest.run()
        let failures = results.filter { !$0.passed }
        if json {
            let cases = results.map { result in
                JSONText.object([
                    ("name", JSONWriter.quote(result.name)), ("passed", String(result.passed)),
                    ("detail", JSONWriter.quote(result.detail)),
                ])
            }
            ReportOutput.print(
                JSONText.object([
                    ("passed", String(failures.isEmpty)), ("cases", "[" + cases.joined(separator: ", ") + "]"),
                ]))
        } else {
            for result in results {
                print("\(result.passed ? "ok  " : "FAIL") \(result.name)\(result.passed ? "" : ": \(result.detail)")")
            }
            print("\(results.count - failures.count) of \(results.count) known-answer tests passed")
        }
        if !failures.isEmpty {
            throw ReportedFailure(
                CLICodes.selfTest,
                "self-test failed: \(failures.map(\.name).joined(separator: ", ")); the installed C libraries "
                    + "do not behave as expected")
        }
    }
}
