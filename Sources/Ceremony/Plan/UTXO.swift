public import Bitcoin
internal import CustosCrypto
internal import CustosSupport

/// One output of the compromised wallet to sweep, as listed in UTXOS.json (docs/cli-contract.md):
/// `{"txid": hex, "vout": n, "value": sats, "index": n, "change": bool, "prev_tx": hex (optional)}`.
public struct UTXO: Sendable, Hashable {
    public let outpoint: OutPoint
    /// Satoshis.
    public let value: Int64
    /// Child index on the receive or change branch of the wallet's descriptor.
    public let index: UInt32
    public let isChange: Bool
    /// The whole funding transaction, when given: its output must be the one the descriptor derives.
    public let previousTransaction: Transaction?

    public init(outpoint: OutPoint, value: Int64, index: UInt32, isChange: Bool, previousTransaction: Transaction?) {
        self.outpoint = outpoint
        self.value = value
        self.index = index
        self.isChange = isChange
        self.previousTransaction = previousTransaction
    }

    /// Short form for messages: "utxo 3 (txid:vout, receive index 7)".
    func label(_ position: Int) -> String {
        "utxo \(position) (\(outpoint), \(isChange ? "change" : "receive") index \(index))"
    }

    /// Parses UTXOS.json: a JSON array of UTXO objects. Unknown fields, duplicates and out-of-range values are
    /// refused with the entry's position.
    public static func parseList(_ bytes: [UInt8]) throws(CeremonyError) -> [UTXO] {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw .unparsable("UTXOS.json: not valid JSON: \(error.positionedReason)")
        }
        let entries: [Entry]
        do {
            entries = try JSONValueDecoder().decode([Entry].self, from: document)
        } catch let error as Swift.DecodingError {
            throw .unparsable("UTXOS.json: " + explain(error))
        } catch let error as EntryError {
            throw .unparsable("UTXOS.json: \(error.message)")
        } catch {
            throw .unparsable("UTXOS.json: \(error)")
        }
        guard !entries.isEmpty else { throw .unparsable("UTXOS.json: the list is empty; nothing to sweep") }
        var seen: Set<OutPoint> = []
        var total: Int64 = 0
        var result: [UTXO] = []
        result.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            let utxo = entry.utxo
            guard seen.insert(utxo.outpoint).inserted else {
                throw .unparsable("UTXOS.json: entry \(position): \(utxo.outpoint) is listed twice")
            }
            total += utxo.value
            guard total <= TransactionOutput.maximumMoney else {
                throw .unparsable("UTXOS.json: the values add up to more than 21 million BTC")
            }
            result.append(utxo)
        }
        return result
    }

    private static func explain(_ error: Swift.DecodingError) -> String {
        func path(_ context: Swift.DecodingError.Context) -> String {
            guard let position = context.codingPath.first?.intValue else { return "" }
            let field = context.codingPath.dropFirst().first.map { " field \"\($0.stringValue)\"" } ?? ""
            return "entry \(position)\(field): "
        }
        switch error {
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as? EntryError { return path(context) + underlying.message }
            return path(context) + (context.codingPath.isEmpty ? "not valid JSON" : context.debugDescription)
        case .keyNotFound(let key, let context):
            return path(context) + "missing field \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            if context.codingPath.isEmpty { return "expected a JSON array of UTXO objects" }
            return path(context) + "wrong type (\(context.debugDescription))"
        @unknown default:
            return "\(error)"
        }
    }

    /// A message from validating one entry.
    struct EntryError: Error {
        let message: String
    }

    /// One array element, validated field by field.
    struct Entry: Decodable {
        let utxo: UTXO

        private struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        private static let fields = ["txid", "vout", "value", "index", "change", "prev_tx"]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            func fail(_ message: String) -> Swift.DecodingError {
                .dataCorrupted(
                    Swift.DecodingError.Context(
                        codingPath: container.codingPath, debugDescription: message,
                        underlyingError: EntryError(message: message)))
            }
            if let unknown = container.allKeys.first(where: { !Self.fields.contains($0.stringValue) }) {
                throw fail("unknown field \"\(unknown.stringValue)\" (known: \(Self.fields.joined(separator: ", ")))")
            }
            let txidText = try container.decode(String.self, forKey: Key(stringValue: "txid"))
            guard let txid = TransactionID(hex: txidText) else { throw fail("txid must be 64 hex digits") }
            let vout = try container.decode(UInt32.self, forKey: Key(stringValue: "vout"))
            let value = try container.decode(Int64.self, forKey: Key(stringValue: "value"))
            guard value > 0, value <= TransactionOutput.maximumMoney else {
                throw fail("value must be a positive number of satoshis up to 21 million BTC, got \(value)")
            }
            let index = try container.decode(UInt32.self, forKey: Key(stringValue: "index"))
            guard !DerivationPath.isHardened(index) else {
                throw fail("index must be below 2^31 (an unhardened child), got \(index)")
            }
            let change = try container.decode(Bool.self, forKey: Key(stringValue: "change"))
            var previous: Transaction?
            if let hex = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "prev_tx")) {
                guard let bytes = [UInt8](hex: hex) else { throw fail("prev_tx must be hex") }
                do {
                    previous = try Transaction(serialized: bytes)
                } catch {
                    throw fail("prev_tx is not a transaction: \(error)")
                }
            }
            utxo = UTXO(
                outpoint: OutPoint(txid: txid, index: vout), value: value, index: index, isChange: change,
                previousTransaction: previous)
        }
    }
}
