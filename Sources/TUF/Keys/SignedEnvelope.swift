internal import CustosCrypto
public import CustosSupport

/// One metadata file as received: its exact bytes, the parsed `signed` object, the canonical bytes the signatures
/// cover, and the signatures by key id.
public struct SignedEnvelope: Sendable {
    /// The bytes exactly as downloaded or read; these, never a re-serialization, are what gets stored.
    public let bytes: [UInt8]
    public let signed: JSONObject
    /// Canonical JSON of `signed`, the message every signature is over.
    public let canonicalSigned: [UInt8]
    let canonicalDigest: [UInt8]
    /// Signature bytes by key id; nil for an empty or non-hex `sig` (present, but verifies nothing).
    let signatures: [ExactString: [UInt8]?]

    /// Parses metadata bytes. `role` only names the file in error messages.
    public init(bytes: [UInt8], role: String) throws(TUFError) {
        let parsed: (value: JSONValue, span: Range<Int>?, spanIsCanonicalOrder: Bool)
        do {
            parsed = try JSONParser.parseNoting(bytes, member: "signed")
        } catch {
            throw .malformed(role: role, reason: error.description)
        }
        let document = parsed.value
        let reader = try FieldReader(document, role: role, location: "metadata")
        signed = try reader.object("signed")
        var signatures: [ExactString: [UInt8]?] = [:]
        for (index, element) in try reader.array("signatures").enumerated() {
            let entry = try FieldReader(element, role: role, location: "signatures[\(index)]")
            let keyID = ExactString(try entry.string("keyid"))
            let signatureHex = try entry.string("sig")
            guard signatures[keyID] == nil else {
                throw .malformed(role: role, reason: "more than one signature by key \(keyID)")
            }
            signatures[keyID] = signatureHex.isEmpty ? nil : [UInt8](hex: signatureHex)
        }
        self.signatures = signatures
        if let span = parsed.span, parsed.spanIsCanonicalOrder {
            // Sorted, escape-free text (python-tuf's output): dropping whitespace gives the canonical form.
            canonicalSigned = CanonicalJSON.minified(bytes[span])
        } else {
            do {
                canonicalSigned = try CanonicalJSON.encode(.object(signed), capacityHint: bytes.count)
            } catch {
                throw .malformed(role: role, reason: "signed has no canonical form: \(error.reason)")
            }
        }
        canonicalDigest = SHA256.hash(canonicalSigned)
        self.bytes = bytes
    }

    /// The `_type` of `signed`, if it is a string.
    public var type: String? {
        if case .string(let text)? = signed["_type"] { return text }
        return nil
    }

    /// Counts distinct keys of `role` (looked up in `keys`) with a valid signature, and throws unless the count
    /// reaches the role's threshold. Each key id counts once, however often it is listed.
    func verifyThreshold(role: RoleKeys, keys: [ExactString: TUFKey], roleName: String) throws(TUFError) {
        var valid = 0
        forEachValidSignature(role: role, keys: keys) { _ in
            valid += 1
            return valid < role.threshold  // enough: stop verifying
        }
        guard valid >= role.threshold else {
            throw .unsigned(role: roleName, validSignatures: valid, threshold: Int(clamping: role.threshold))
        }
    }

    /// The key ids of `role` (looked up in `keys`) whose signatures over this metadata verify, in the role's order:
    /// all of them, not only up to the threshold. For reports of who signed.
    public func verifiedKeyIDs(of role: RoleKeys, keys: [ExactString: TUFKey]) -> [String] {
        var verified: [String] = []
        forEachValidSignature(role: role, keys: keys) { keyID in
            verified.append(keyID)
            return true
        }
        return verified
    }

    /// Calls `body` with each distinct key id of `role` whose signature verifies, until it returns false.
    private func forEachValidSignature(
        role: RoleKeys, keys: [ExactString: TUFKey], _ body: (String) -> Bool
    ) {
        var counted: Set<ExactString> = []
        for keyIDText in role.keyIDs {
            let keyID = ExactString(keyIDText)
            guard counted.insert(keyID).inserted, let key = keys[keyID], let signature = signatures[keyID] ?? nil
            else { continue }
            if key.isValidSignature(signature, message: canonicalSigned, messageDigest: canonicalDigest) {
                guard body(keyIDText) else { return }
            }
        }
    }
}
