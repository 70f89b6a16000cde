internal import FoundationEssentials

/// A vectors folder: every `*.case.json` below it, in path order. Hidden folders (`.git`, ...) are not searched.
public struct LabSuite: Sendable {
    /// File names ending so are cases; other files (transcripts, images, READMEs, other JSON) are their inputs.
    public static let caseFileSuffix = ".case.json"

    /// The folder, as an absolute path.
    public let root: String
    /// Case files relative to `root`, sorted.
    public let caseFiles: [String]

    public init(root: String, caseFiles: [String]) {
        self.root = root
        self.caseFiles = caseFiles
    }

    /// Finds the case files under `folder` (relative paths are taken from the working directory).
    public static func discover(at folder: String) throws(LabSuiteError) -> LabSuite {
        let manager = FileManager.default
        let root = absolute(folder, from: manager.currentDirectoryPath)
        var isFolder = false
        guard manager.fileExists(atPath: root, isDirectory: &isFolder) else { throw .missing(root) }
        guard isFolder else { throw .notAFolder(root) }
        let paths: [String]
        do {
            paths = try manager.subpathsOfDirectory(atPath: root)
        } catch {
            throw .unreadable(root, "\(error)")
        }
        let cases = paths.filter { path in
            path.hasSuffix(caseFileSuffix) && !path.split(separator: "/").contains { $0.hasPrefix(".") }
        }
        return LabSuite(root: root, caseFiles: cases.sorted())
    }

    /// `path` made absolute against `folder`, with `.` and `..` components resolved lexically.
    static func absolute(_ path: String, from folder: String) -> String {
        let joined = path.hasPrefix("/") ? path : folder + "/" + path
        var components: [Substring] = []
        for component in joined.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}

/// Why a vectors folder cannot be searched.
public enum LabSuiteError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(String)
    case notAFolder(String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case .missing(let path): return "no vectors folder at \(path)"
        case .notAFolder(let path): return "\(path) is not a folder"
        case .unreadable(let path, let reason): return "cannot list \(path): \(reason)"
        }
    }
}
