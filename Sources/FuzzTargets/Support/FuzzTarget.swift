/// One fuzz target: the name shared by its libFuzzer executable (`Fuzz/Sources/<name>/`), its seed corpus folder
/// and its regression folder (`Tests/FuzzRegressions/<name>/`), and the body that checks one input.
public struct FuzzTarget: Sendable {
    public let name: String
    /// What the target feeds and which invariants it checks, for `docs/FUZZING.md` and failure messages.
    public let summary: String
    public let body: @Sendable ([UInt8]) throws(InvariantFailure) -> Void

    public init(
        _ name: String, _ summary: String, _ body: @escaping @Sendable ([UInt8]) throws(InvariantFailure) -> Void
    ) {
        self.name = name
        self.summary = summary
        self.body = body
    }
}
