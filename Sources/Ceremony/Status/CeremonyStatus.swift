public import Bitcoin
public import BitcoinPSBT
public import CustosSupport

/// `custos migrate status`: what a set of PSBT files says about the ceremony. Files are grouped by the transaction
/// they describe (Bitcoin Core's unique id); within a group the copies are combined, so each input shows every
/// cosigner who has signed in any file, and what is still missing.
public struct CeremonyStatus: Sendable {
    /// One file as read.
    public struct File: Sendable {
        public let name: String
        public let version: UInt32
        public let txid: TransactionID
        /// Valid signatures in this file alone.
        public let signatureCount: Int
        /// The group (transaction) it belongs to.
        public let group: Int
    }

    /// Per cosigner over one transaction: how many inputs they may sign and how many they have.
    public struct Cosigner: Sendable {
        public let fingerprint: Fingerprint?
        /// A key of this cosigner (to tell unknown-origin keys apart), hex.
        public let sampleKey: String
        public let inputsSigned: Int
        public let inputsToSign: Int
    }

    /// One transaction described by one or more files.
    public struct Transaction: Sendable {
        public let txid: TransactionID
        public let files: [String]
        public let version: UInt32
        public let status: SignatureStatus
        public let cosigners: [Cosigner]
        /// The txid this transaction replaces, when it was made by `custos migrate bump`.
        public let replaces: TransactionID?
        /// Combine problems (copies that disagree), signature problems.
        public let problems: [Problem]

        public var inputsComplete: Int { status.inputs.filter { $0.finalized || $0.missing == 0 }.count }
        public var isComplete: Bool { status.inputs.allSatisfy { $0.finalized || $0.missing == 0 } }
        public var signatureCount: Int { status.inputs.reduce(0) { $0 + $1.signatureCount } }
    }

    public let files: [File]
    public let transactions: [Transaction]

    /// True when every file describes the same transaction.
    public var sameTransaction: Bool { transactions.count == 1 }

    public init(_ sources: [NamedPSBT], network: Network) throws(CeremonyError) {
        var groups: [(id: TransactionID, members: [NamedPSBT])] = []
        var files: [File] = []
        for source in sources {
            let id: TransactionID
            let txid: TransactionID
            do {
                id = try source.psbt.uniqueID()
                txid = try source.psbt.unsignedTransaction().txid
            } catch {
                throw .psbt(error)
            }
            let group: Int
            if let existing = groups.firstIndex(where: {
                $0.id == id && $0.members[0].psbt.version == source.psbt.version
            }) {
                groups[existing].members.append(source)
                group = existing
            } else {
                groups.append((id, [source]))
                group = groups.count - 1
            }
            let alone = try SignatureStatus(source.psbt, network: network)
            files.append(
                File(
                    name: source.name, version: source.psbt.version, txid: txid,
                    signatureCount: alone.inputs.reduce(0) { $0 + $1.signatureCount }, group: group))
        }
        var transactions: [Transaction] = []
        for group in groups {
            var problems: [Problem] = []
            var merged = group.members[0].psbt
            if group.members.count > 1 {
                do {
                    merged = try PSBTCombiner.combine(group.members)
                } catch {
                    problems.append(
                        Problem(
                            code: error.code, message: "the copies cannot be combined: \(error)", context: error.context
                        ))
                }
            }
            let status = try SignatureStatus(merged, network: network)
            problems += status.problems
            transactions.append(
                Transaction(
                    txid: status.inspection.txid, files: group.members.map(\.name), version: merged.version,
                    status: status,
                    cosigners: Self.cosigners(
                        status, order: merged.global.extendedPublicKeys.map(\.origin.fingerprint)),
                    replaces: ReplacementMarker.replacedTransaction(in: merged), problems: problems))
        }
        self.files = files
        self.transactions = transactions
    }

    /// Cosigners identified by fingerprint (or by key when the origin is unknown), in the order of the PSBT's global
    /// xpubs (the descriptor's order), then in first-seen order.
    private static func cosigners(_ status: SignatureStatus, order: [Fingerprint]) -> [Cosigner] {
        var seen: [String] = []
        var summary: [String: (fingerprint: Fingerprint?, key: String, signed: Int, total: Int)] = [:]
        for input in status.inputs {
            for signer in input.signers {
                let id = signer.fingerprint?.description ?? signer.publicKey
                if summary[id] == nil {
                    seen.append(id)
                    summary[id] = (signer.fingerprint, signer.publicKey, 0, 0)
                }
                summary[id]?.total += 1
                if signer.hasSigned { summary[id]?.signed += 1 }
            }
        }
        let ranked = order.enumerated().map { ($0.element.description, $0.offset) }
        let rank = Dictionary(ranked, uniquingKeysWith: { first, _ in first })
        let sorted = seen.enumerated().sorted { lhs, rhs in
            (rank[lhs.element] ?? order.count + lhs.offset) < (rank[rhs.element] ?? order.count + rhs.offset)
        }.map(\.element)
        return sorted.compactMap { id in
            summary[id].map {
                Cosigner(
                    fingerprint: $0.fingerprint, sampleKey: $0.key, inputsSigned: $0.signed, inputsToSign: $0.total)
            }
        }
    }
}
