public import Foundation

/// The Python interpreter of the test-oracle virtual environment that `make deps` builds in `.venv/` from
/// `requirements-test.txt` (py-bitcoinkernel, python-tuf, trezorlib, ...). `CUSTOS_PYTHON` overrides it.
public enum PythonOracle {
    public static var interpreter: URL {
        if let override = ProcessInfo.processInfo.environment["CUSTOS_PYTHON"] {
            return URL(fileURLWithPath: override)
        }
        return PackagePaths.root.appendingPathComponent(".venv/bin/python3")
    }

    /// Runs `python3 script arguments...` from the package root and returns its outcome.
    public static func run(
        script: String, _ arguments: [String], standardInput: Data? = nil
    ) throws
        -> CustosBinary.Outcome
    {
        try CustosBinary.run(
            [PackagePaths.root.appendingPathComponent(script).path] + arguments, standardInput: standardInput,
            executable: interpreter, currentDirectory: PackagePaths.root)
    }
}
