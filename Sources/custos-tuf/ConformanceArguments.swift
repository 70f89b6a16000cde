/// The command line of tuf-conformance's client protocol (CLIENT-CLI.md), parsed by hand: options come in any
/// order, `--option value` or `--option=value`, and `--target-name` may repeat.
struct ConformanceArguments: Equatable {
    enum Command: Equatable {
        case initialize(trustedRoot: String)
        case refresh
        case download
    }

    var metadataFolder: String?
    var metadataURL: String?
    var targetNames: [String] = []
    var targetFolder: String?
    var targetBaseURL: String?
    var verbosity = 0
    var command: Command?

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    init(parsing arguments: [String]) throws(UsageError) {
        var positionals: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "-v" || argument == "--verbose" {
                verbosity += 1
                continue
            }
            guard argument.hasPrefix("--") else {
                positionals.append(argument)
                continue
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            if value == nil {
                guard index < arguments.count else { throw UsageError(description: "\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            let text = value ?? ""
            switch name {
            case "--metadata-dir": metadataFolder = text
            case "--metadata-url": metadataURL = text
            case "--target-name": targetNames.append(text)
            case "--target-dir": targetFolder = text
            case "--target-base-url": targetBaseURL = text
            default: throw UsageError(description: "unknown option \(name)")
            }
        }
        guard let word = positionals.first else {
            throw UsageError(description: "missing command (init, refresh, download)")
        }
        switch (word, positionals.count) {
        case ("init", 2): command = .initialize(trustedRoot: positionals[1])
        case ("refresh", 1): command = .refresh
        case ("download", 1): command = .download
        default: throw UsageError(description: "unexpected arguments: \(positionals.joined(separator: " "))")
        }
    }
}
