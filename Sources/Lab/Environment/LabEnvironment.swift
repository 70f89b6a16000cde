internal import CustosCrypto
internal import DeviceTransport
internal import FoundationEssentials

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Where and with what a run happened, for the report's environment section: an auditor re-running the suite
/// compares these first.
public struct LabEnvironment: Sendable, Codable, Equatable {
    public var custosVersion: String
    public var operatingSystem: String
    /// uname: kernel name, release and machine.
    public var kernel: String
    public var swift: String
    /// C libraries as loaded at run time.
    public var libraries: [CaseEvidence]
    /// The vectors folder, absolute.
    public var vectors: String
    public var filter: String?
    /// UTC, ISO 8601.
    public var startedAt: String

    public init(
        custosVersion: String, operatingSystem: String, kernel: String, swift: String, libraries: [CaseEvidence],
        vectors: String, filter: String?, startedAt: String
    ) {
        self.custosVersion = custosVersion
        self.operatingSystem = operatingSystem
        self.kernel = kernel
        self.swift = swift
        self.libraries = libraries
        self.vectors = vectors
        self.filter = filter
        self.startedAt = startedAt
    }

    /// This process's environment.
    public static func current(custosVersion: String, vectors: String, filter: String?) -> LabEnvironment {
        LabEnvironment(
            custosVersion: custosVersion, operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
            kernel: kernelDescription, swift: swiftVersion,
            libraries: [
                CaseEvidence("OpenSSL", LibraryVersions.openSSL),
                CaseEvidence("libsodium", LibraryVersions.sodium),
                CaseEvidence("libusb", USBHost.libraryVersion),
                CaseEvidence("libsecp256k1", "linked from the system package (the library reports no version)"),
            ],
            vectors: vectors, filter: filter, startedAt: Date.now.formatted(.iso8601))
    }

    private static var kernelDescription: String {
        var name = utsname()
        guard uname(&name) == 0 else { return "unknown" }
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return "\(text(name.sysname)) \(text(name.release)) \(text(name.machine))"
    }

    private static var swiftVersion: String {
        #if compiler(>=6.3)
            return "Swift 6.3 or later"
        #elseif compiler(>=6.2)
            return "Swift 6.2"
        #elseif compiler(>=6.1)
            return "Swift 6.1"
        #else
            return "Swift 6.0"
        #endif
    }
}
