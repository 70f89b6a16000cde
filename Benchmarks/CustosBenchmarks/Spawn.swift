#if canImport(Glibc)
    internal import Glibc
#endif

/// Minimal process control for benchmarks that compare against another program (posix_spawn, no Foundation).
enum Spawn {
    /// The test-oracle virtual environment's interpreter (`make deps`), or `CUSTOS_PYTHON`.
    static var python: String {
        if let override = getenv("CUSTOS_PYTHON") { return String(cString: override) }
        return ".venv/bin/python3"
    }

    /// Runs a program to completion and returns its standard output, or nil if it failed.
    static func run(_ arguments: [String]) -> String? {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], STDOUT_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        guard let pid = spawn(arguments, actions: &actions) else {
            close(pipeEnds[0])
            close(pipeEnds[1])
            return nil
        }
        close(pipeEnds[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output.append(contentsOf: buffer[..<count])
        }
        close(pipeEnds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { return nil }
        return String(decoding: output, as: UTF8.self)
    }

    /// Starts a program in the background.
    static func start(_ arguments: [String]) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        return spawn(arguments, actions: &actions)
    }

    static func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Waits up to 30 s for a file to appear with content; returns the content.
    static func waitForFile(_ path: String) -> String? {
        for _ in 0..<3000 {
            let descriptor = open(path, O_RDONLY)
            if descriptor >= 0 {
                var buffer = [UInt8](repeating: 0, count: 64)
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                close(descriptor)
                if count > 0 { return String(decoding: buffer[..<count], as: UTF8.self) }
            }
            usleep(10_000)
        }
        return nil
    }

    static func temporaryFolder() -> String? {
        var template = Array("/tmp/custos-bench-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard created else { return nil }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func spawn(_ arguments: [String], actions: inout posix_spawn_file_actions_t) -> pid_t? {
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let result = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        return result == 0 ? pid : nil
    }
}
