internal import Bitcoin

/// Decodes PSBTs, remembering every public key it has parsed: cosigners' copies of one PSBT decoded with the same
/// decoder parse each key once, and the signature verifier can reuse the parsed keys.
public struct PSBTDecoder: Sendable {
    var context = DecodingContext()

    public init() {}

    /// Keys parsed so far (pass to `PartialSignatureVerifier.verify(_:knownKeys:)`).
    public var parsedKeys: ParsedPublicKeys { context.parsedKeys }

    /// Decodes a binary PSBT, or base64 text of one (surrounding whitespace allowed), detected from the bytes.
    public mutating func decode(detecting input: [UInt8]) throws(PSBTDecodingError) -> PSBT {
        if input.starts(with: PSBT.magic) {
            return try decode(serialized: input)
        }
        // Trimmed by index, so the text stays a contiguous slice that Base64 decodes in place.
        var start = input.startIndex
        var end = input.endIndex
        while start < end && PSBT.isWhitespace(input[start]) { start += 1 }
        while end > start && PSBT.isWhitespace(input[end - 1]) { end -= 1 }
        let text = input[start..<end]
        guard !text.isEmpty else { throw PSBTDecodingError(.file, "empty input") }
        guard let bytes = Base64.decode(text) else {
            throw PSBTDecodingError(.file, "neither a binary PSBT nor base64 text")
        }
        guard bytes.starts(with: PSBT.magic) else { throw PSBTDecodingError(.file, "Invalid PSBT magic bytes") }
        return try decode(serialized: bytes)
    }

    public mutating func decode(serialized bytes: [UInt8]) throws(PSBTDecodingError) -> PSBT {
        context.cacheKeys(of: bytes)
        return try PSBT(serialized: bytes, context: &context)
    }
}
