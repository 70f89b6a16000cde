internal import COpenSSL
internal import CSodium

/// Versions of the C libraries this process runs with, for reports and `custos --version`.
public enum LibraryVersions {
    /// OpenSSL's own version text, e.g. "OpenSSL 3.0.19 27 Jan 2026".
    public static var openSSL: String {
        guard let text = OpenSSL_version(OPENSSL_VERSION) else { return "unknown" }
        return String(cString: text)
    }

    /// libsodium's version, e.g. "1.0.18".
    public static var sodium: String {
        guard let text = sodium_version_string() else { return "unknown" }
        return String(cString: text)
    }
}
