import CustosTestSupport
import Foundation

/// Runs `custos` steps of a ceremony in one folder, with the fixture's files.
struct CeremonyRun {
    let fixture: SweepFixture
    let folder: CeremonyFolder

    init(_ fixture: SweepFixture, withPrevTx: Bool = true, policy: String? = nil) throws {
        self.fixture = fixture
        folder = try CeremonyFolder()
        try fixture.writeInputs(to: folder, withPrevTx: withPrevTx)
        if let policy { try folder.write("policy.json", policy) }
    }

    func path(_ name: String) -> String { folder.path(name) }

    /// `custos migrate plan` with the folder's descriptor and UTXOs, to the fixture's destination.
    func plan(
        _ extra: [String] = [], to destination: String = SweepFixture.destination, feeRate: String = "10",
        output: String = "sweep.psbt"
    ) throws -> CustosBinary.Outcome {
        try CustosBinary.run(
            [
                "migrate", "plan", "--descriptor", path("descriptor.txt"), "--utxos", path("utxos.json"), "--to",
                destination, "--fee-rate", feeRate, "-o", path(output),
            ] + extra)
    }

    /// Signs `file` as each cosigner in `signers`; returns the copies' paths.
    func sign(_ file: String = "sweep.psbt", by signers: [Int]) throws -> [String] {
        try signers.map { signer in
            let copy = path("\(file.replacingOccurrences(of: ".psbt", with: ""))-signed-\(signer).psbt")
            try fixture.sign(path(file), by: signer, into: copy)
            return copy
        }
    }

    /// combine → finalize → extract without options; returns the transaction hex.
    func complete(_ copies: [String]) throws -> String {
        let combine = try CustosBinary.run(["psbt", "combine"] + copies + ["-o", path("combined.psbt")])
        guard combine.status == 0 else { throw TestDataError("combine: \(combine.standardError)") }
        let finalize = try CustosBinary.run(["psbt", "finalize", path("combined.psbt"), "-o", path("final.psbt")])
        guard finalize.status == 0 else { throw TestDataError("finalize: \(finalize.standardError)") }
        let extract = try CustosBinary.run(["psbt", "extract", path("final.psbt")])
        guard extract.status == 0 else { throw TestDataError("extract: \(extract.standardError)") }
        return extract.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
