internal import CustosCrypto

/// SHA-256 in lowercase hex, as files are identified in the audit log and in reports.
public enum SHA256Text {
    public static func of(_ bytes: [UInt8]) -> String {
        SHA256.hash(bytes).hexString
    }
}
