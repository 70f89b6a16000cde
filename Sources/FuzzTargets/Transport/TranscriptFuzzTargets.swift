internal import DeviceTransport
internal import Devices

/// Transcript files (`custos devices attest --transcript`, `--record`): any text parses or gives a typed error
/// naming the line, and a parsed transcript written back out parses to the same steps.
public enum TranscriptFuzzTargets {
    public static func parse(_ bytes: [UInt8]) throws(InvariantFailure) {
        let parsed = outcome(bytes)
        // The same file saved with CRLF line endings (an editor on Windows) means the same.
        let crlf = outcome(bytes.flatMap { $0 == 0x0a ? [0x0d, 0x0a] : [$0] })
        try InvariantFailure.require(
            crlf.steps == parsed.steps && crlf.errorLine == parsed.errorLine,
            "with CRLF line endings the transcript reads differently: \(crlf.steps?.count ?? -1) steps, error on "
                + "line \(crlf.errorLine ?? 0), instead of \(parsed.steps?.count ?? -1) steps, line \(parsed.errorLine ?? 0)"
        )
        let transcript: Transcript
        switch parsed.result {
        case .failure(let error):
            try TerminalText.requirePrintable([error.description], "transcript error")
            return
        case .success(let value):
            transcript = value
        }
        let written = transcript.text(header: ["fuzz"])
        let reread: Transcript
        do {
            reread = try Transcript.parse(written)
        } catch {
            throw InvariantFailure("a written transcript does not parse: \(error)")
        }
        let steps = transcript.entries.map(\.step)
        let rereadSteps = reread.entries.map(\.step)
        try InvariantFailure.require(
            steps == rereadSteps,
            "write → parse changed the steps: \(steps.count) vs \(rereadSteps.count) steps, first difference "
                + "\(zip(steps, rereadSteps).first { $0 != $1 }.map { "\($0) → \($1)" } ?? "in length")")
        do {
            _ = try TranscriptChallenge.recorded(in: transcript)
        } catch {
            try TerminalText.requirePrintable([error.description], "transcript challenge error")
        }
    }

    private struct Outcome {
        let result: Result<Transcript, TranscriptError>
        var steps: [Transcript.Step]? { try? result.get().entries.map(\.step) }
        var errorLine: Int? {
            if case .failure(let error) = result { return error.line }
            return nil
        }
    }

    private static func outcome(_ bytes: [UInt8]) -> Outcome {
        Outcome(
            result: Result { () throws(TranscriptError) in try Transcript.parse(String(decoding: bytes, as: UTF8.self))
            })
    }
}
