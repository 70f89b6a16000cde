import Foundation

/// Runs the built `custos` executable, which SwiftPM places beside the test bundle.
struct CustosBinary {
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    static var url: URL {
        if let override = ProcessInfo.processInfo.environment["CUSTOS_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testExecutable.deletingLastPathComponent().appendingPathComponent("custos")
    }

    static func run(_ arguments: [String], standardInput: Data? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = url
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
