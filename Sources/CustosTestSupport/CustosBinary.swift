public import Foundation

/// Runs the built `custos` executable (or another product), which SwiftPM places beside the test bundle.
public struct CustosBinary {
    public struct Outcome: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
    }

    public static var url: URL {
        if let override = ProcessInfo.processInfo.environment["CUSTOS_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        return productsDirectory.appendingPathComponent("custos")
    }

    /// The folder with the built products of this test run.
    public static var productsDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    public static func run(
        _ arguments: [String], standardInput: Data? = nil, executable: URL = url,
        environment: [String: String]? = nil, currentDirectory: URL? = nil
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let standardInput { input.fileHandleForWriting.write(standardInput) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting so a large output cannot block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}
