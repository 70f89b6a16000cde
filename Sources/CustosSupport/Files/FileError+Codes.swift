/// A file that cannot be read makes the input unusable (malformed); one that cannot be locked or written is the
/// environment's failure.
extension FileError: CodedFailure {
    public enum Codes {
        public static let missing = FailureCode("file.missing", .malformed, "An input file does not exist.")
        public static let unreadable = FailureCode(
            "file.unreadable", .malformed, "An input file cannot be opened or read, or changed while it was read.")
        public static let notRegular = FailureCode(
            "file.not-regular", .malformed, "An input is a folder, device, pipe or socket where a file is expected.")
        public static let tooLarge = FailureCode(
            "file.too-large", .malformed, "An input file is larger than the limit for its kind; it is not read.")
        public static let lock = FailureCode("file.lock", .environment, "A file cannot be locked for an update.")
        public static let unwritable = FailureCode(
            "file.unwritable", .environment, "An output file or its temporary file cannot be written.")
        public static let folder = FailureCode(
            "file.folder", .environment, "A folder cannot be created, or the path is not a folder.")
    }

    public var code: FailureCode {
        switch self {
        case .missing: return Codes.missing
        case .cannotOpen, .cannotRead, .changedWhileReading: return Codes.unreadable
        case .notARegularFile: return Codes.notRegular
        case .tooLarge: return Codes.tooLarge
        case .cannotLock: return Codes.lock
        case .cannotCreateTemporaryFile, .cannotWrite: return Codes.unwritable
        case .cannotCreateFolder, .notAFolder: return Codes.folder
        }
    }

    public var message: String {
        switch self {
        case .missing, .cannotOpen, .notARegularFile, .cannotRead, .changedWhileReading:
            return "cannot read \(path): \(reason)"
        case .tooLarge(let path, let limit): return "\(path) is larger than \(limit) bytes; refusing to read it"
        case .cannotCreateTemporaryFile, .cannotWrite: return "cannot write \(path): \(reason)"
        case .cannotLock, .cannotCreateFolder, .notAFolder: return description
        }
    }

    public var context: [(key: String, value: String)] { [("file", path)] }
}
