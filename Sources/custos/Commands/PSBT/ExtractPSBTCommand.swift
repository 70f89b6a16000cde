internal import ArgumentParser
internal import Bitcoin
internal import CustosCrypto
internal import PSBT

/// `custos psbt extract FILE`
struct ExtractPSBTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print the signed network transaction (hex) of a finalized PSBT.",
        discussion: """
            Refuses (exit 1) a PSBT with unfinalized inputs, unknown input amounts, outputs above inputs, or a fee \
            rate above 25,000 sat/vB unless --allow-high-fee.
            """
    )

    @Argument(help: "The finalized PSBT file (binary or base64); - for standard input.")
    var file: String

    @Flag(name: .long, help: "Allow a fee rate above 25,000 sat/vB.")
    var allowHighFee = false

    func run() throws {
        let psbt = try PSBTFiles.read(file)
        let transaction = try PSBTExtractor.extract(
            psbt, maximumFeeRate: allowHighFee ? nil : PSBTExtractor.defaultMaximumFeeRate)
        print(transaction.serialized().hexString)
    }
}
