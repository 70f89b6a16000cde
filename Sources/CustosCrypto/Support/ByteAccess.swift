extension Collection<UInt8> {
    /// Runs `body` over the bytes without copying when the collection is contiguous (arrays, slices, buffers).
    @inline(__always)
    package func withContiguousBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        // `withContiguousStorageIfAvailable` is rethrows-only, so the typed error is carried out by hand.
        var outcome: Swift.Result<Result, Failure>?
        _ = self.withContiguousStorageIfAvailable { buffer in
            do throws(Failure) {
                outcome = .success(try body(UnsafeRawBufferPointer(buffer)))
            } catch {
                outcome = .failure(error)
            }
        }
        if let outcome {
            return try outcome.get()
        }
        let copy = Array(self)
        let copied: Swift.Result<Result, Failure> = copy.withUnsafeBytes { raw in
            do throws(Failure) {
                return .success(try body(raw))
            } catch {
                return .failure(error)
            }
        }
        return try copied.get()
    }
}

extension UnsafeRawBufferPointer {
    /// The base address typed for C APIs that take `const unsigned char *`; nil only for an empty buffer.
    package var unsignedCharPointer: UnsafePointer<UInt8>? {
        baseAddress?.assumingMemoryBound(to: UInt8.self)
    }
}

/// Checks a fixed-length input and returns it as an array.
@inline(__always)
package func requireLength(
    _ bytes: some Collection<UInt8>, _ length: Int, _ what: String
) throws(CryptoError) -> [UInt8] {
    guard bytes.count == length else {
        throw .invalidLength(what: what, expected: String(length), actual: bytes.count)
    }
    return Array(bytes)
}
