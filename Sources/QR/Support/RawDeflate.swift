internal import CZlib

/// zlib's raw deflate (no zlib or gzip wrapper), as BBQr's Z encoding and PNG's IDAT (zlib-wrapped) need it.
public enum RawDeflate {
    /// BBQr's window: 2^10 bytes, so Coldcard can inflate with its 1 KiB buffer (qr-airgap.md §2.2).
    public static let bbqrWindowBits: Int32 = 10

    /// Compresses `bytes` at zlib's default level, with a raw stream (`wrapped == false`, BBQr) or a zlib stream
    /// (`wrapped == true`, PNG).
    public static func compress(
        _ bytes: [UInt8], windowBits: Int32 = bbqrWindowBits, wrapped: Bool = false
    ) throws(QRCodecError) -> [UInt8] {
        var stream = z_stream()
        let bits = wrapped ? windowBits : -windowBits
        guard custos_deflate_init(&stream, Z_DEFAULT_COMPRESSION, bits) == Z_OK else {
            throw .badCompression("deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count)))
        var output = [UInt8](repeating: 0, count: bound)
        var input = bytes
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw .badCompression("deflate did not finish (\(status))") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Inflates a complete raw deflate stream; refuses output above `limit` bytes, a stream that ends early
    /// (the reference Python join silently returns truncated data) and bytes after the stream's end.
    public static func decompress(
        _ bytes: [UInt8], windowBits: Int32 = bbqrWindowBits, wrapped: Bool = false,
        limit: Int = QRLimits.maximumFileBytes
    ) throws(QRCodecError) -> [UInt8] {
        var stream = z_stream()
        guard custos_inflate_init(&stream, wrapped ? windowBits : -windowBits) == Z_OK else {
            throw .badCompression("inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = bytes
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { (inBuffer) throws(QRCodecError) in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            while status != Z_STREAM_END {
                let produced = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuffer.count - Int(stream.avail_out)
                }
                // Z_BUF_ERROR: no progress possible, that is, the input ran out before the stream's end.
                if status == Z_BUF_ERROR || (status == Z_OK && stream.avail_in == 0 && stream.avail_out > 0) {
                    throw .badCompression("the deflate stream ends early")
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                    throw .badCompression(reason)
                }
                guard output.count + produced <= limit else {
                    throw .tooLarge("inflated data above \(limit) bytes")
                }
                output.append(contentsOf: chunk[0..<produced])
            }
        }
        guard stream.avail_in == 0 else { throw .badCompression("bytes after the end of the deflate stream") }
        return output
    }
}
