// The start-up floor for `custos --version` (Benchmarks/pipeline/bench-pipeline.sh startup): a swift-argument-parser
// command that does nothing, built and linked as `custos` is (release, static Swift runtime).
import ArgumentParser

@main
struct EmptyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "custos-empty-command", version: "0")

    func run() {}
}
