#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

// Entry point: all parsing, running and exit-code mapping lives in CommandRunner.
let status = await CommandRunner.run(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status)
