internal import COpenSSL

/// Turns OpenSSL's thread-local error queue into text, emptying it so later calls start clean.
enum OpenSSLErrors {
    static func drain() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "no detail from OpenSSL" : messages.joined(separator: "; ")
    }

    /// Empties the queue after a call whose failure is an expected answer (e.g. a signature that does not verify).
    static func clear() {
        ERR_clear_error()
    }
}
