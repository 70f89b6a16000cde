/// An error that says which rule failed: a stable code (with its category), a message in plain words, and the
/// values a program may want without parsing the message (an input index, a file, a key).
///
/// Messages name what the user gave — files, inputs, keys, versions — never a command-line flag: how to get past a
/// refusal depends on the tool in front of the library, so the CLI adds its own remedies.
public protocol CodedFailure: Error, CustomStringConvertible {
    var code: FailureCode { get }
    /// The reason in plain words.
    var message: String { get }
    /// Extra named values for JSON `problems` beside `code` and `message`, in a fixed order.
    var context: [(key: String, value: String)] { get }
}

extension CodedFailure {
    public var category: FailureCategory { code.category }
    public var message: String { description }
    public var context: [(key: String, value: String)] { [] }

    /// The failure as one entry of a report's `problems`.
    public var problem: Problem { Problem(code: code, message: message, context: context) }
}

/// One entry of a report's `problems`: `{"code": ..., "message": ..., ...context}` in JSON.
public struct Problem: Sendable, Hashable, CustomStringConvertible {
    public let code: FailureCode
    public let message: String
    public let context: [Context]

    public struct Context: Sendable, Hashable {
        public let key: String
        public let value: String
    }

    public init(code: FailureCode, message: String, context: [(key: String, value: String)] = []) {
        self.code = code
        self.message = message
        self.context = context.map { Context(key: $0.key, value: $0.value) }
    }

    /// The problem an error carries when it is a `CodedFailure`, otherwise its description under `fallback`.
    public init(_ error: any Error, fallback: FailureCode) {
        if let coded = error as? any CodedFailure {
            self = coded.problem
        } else {
            self.init(code: fallback, message: "\(error)")
        }
    }

    public var description: String { message }

    /// The JSON object of this problem: code and message first, then the context in order (a context key named
    /// `code` or `message` is dropped rather than allowed to shadow them).
    public var json: JSONValue {
        var members = [
            JSONMember(key: "code", value: .string(code.name)), JSONMember(key: "message", value: .string(message)),
        ]
        for entry in context where entry.key != "code" && entry.key != "message" {
            members.append(JSONMember(key: entry.key, value: .string(entry.value)))
        }
        return .object(JSONObject(members: members))
    }
}
