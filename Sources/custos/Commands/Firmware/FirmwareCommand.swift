internal import ArgumentParser
internal import Custody
internal import Firmware

/// `custos firmware`: vendor firmware images — what they are, and whether they are genuine official releases.
struct FirmwareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firmware",
        abstract: "Inspect and verify Trezor, Coldcard, BitBox02, Passport and Jade firmware images.",
        subcommands: [FirmwareInspectCommand.self, FirmwareVerifyCommand.self]
    )
}

/// `custos firmware inspect IMAGE...`: parse only, one line (or JSON object) per image.
struct FirmwareInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show vendor, format, model, version, fingerprint and signature slots of each image.",
        discussion: "Exit 0 when every image parses, 2 when one cannot be parsed or is unsupported."
    )

    @OptionGroup var input: FirmwareImageArguments

    func run() throws {
        let run = FirmwareRun.inspect(paths: input.images, json: input.json)
        try run.finish()
    }
}

/// `custos firmware verify IMAGE...`: every verification step, one verdict line (or JSON object) per image.
struct FirmwareVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that each image is a genuine, official vendor release signed with production keys.",
        discussion: """
            Steps: integrity (chunk and image hashes, container checksums, header rules the device enforces), \
            signature threshold with the pinned production keys, identity (official Trezor vendor header, no public \
            debug/dev key, Coldcard key 0 and Passport user-signed images refused), and the vendor's published \
            release history; with --manifest, approval by the pinned TUF manifest for the image's model without \
            rollback. GENUINE = all of these; UNLISTED = production-signed and well-formed but in no pinned release \
            index (accepted only when the manifest approves it); REFUSED = anything else. \
            Exit 0 when every image is genuine or approved, 1 when one is unlisted or refused, 2 when one cannot be \
            parsed.
            """
    )

    @OptionGroup var input: FirmwareImageArguments

    @Option(
        name: .customLong("bitbox02-edition"),
        help: ArgumentHelp(
            "Refuse BitBox02 images of any other edition.",
            valueName: "bitbox02-multi|bitbox02-btconly|bitbox02nova-multi|bitbox02nova-btconly"))
    var bitBox02Edition: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also require approval by the pinned TUF manifest in this store (see `custos manifest`).",
            valueName: "DIR"))
    var manifest: String?

    func validate() throws {
        if let bitBox02Edition, !FirmwareRun.bitBox02Editions.contains(bitBox02Edition) {
            throw ValidationError(
                "unknown BitBox02 edition \(bitBox02Edition); one of \(FirmwareRun.bitBox02Editions.joined(separator: ", "))"
            )
        }
    }

    func run() throws {
        let verifier = FirmwareVerifier(policy: IdentityPolicy(expectedBitBox02Product: bitBox02Edition))
        let approvals = try manifest.map { try ManifestApprovals.load(store: $0) }
        let run = FirmwareRun.verify(paths: input.images, approvals: approvals, json: input.json, verifier: verifier)
        try run.finish()
    }
}

/// The images and output form that `firmware inspect` and `firmware verify` share.
struct FirmwareImageArguments: ParsableArguments {
    @Argument(help: "Firmware image files (`-` for standard input).")
    var images: [String]

    @Flag(name: .long, help: "Print JSON: one object for one image, an array with one object per line for several.")
    var json = false
}
