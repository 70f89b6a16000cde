#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

// custos-tuf: the tuf-conformance client CLI. Exits 0 on success and 1 on any failure, usage errors included.
exit(ConformanceClient.run(arguments: Array(CommandLine.arguments.dropFirst())))
