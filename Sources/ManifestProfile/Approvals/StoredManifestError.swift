public import CustosSupport
public import TUF

/// A manifest store on this machine that cannot be used as it is: nothing pinned yet, or metadata missing,
/// unreadable or malformed. Unlike metadata a repository serves (a refusal), a local store that cannot be read is
/// unusable input (exit 2). Other failures of the offline re-verification keep their own code.
public struct StoredManifestError: CodedFailure, Sendable, Equatable {
    public enum Codes {
        public static let uninitialized = FailureCode(
            "manifest.store.uninitialized", .malformed, "No trusted root is pinned in the manifest store.")
        public static let unusable = FailureCode(
            "manifest.store.unusable", .malformed, "The manifest store's metadata is missing, unreadable or malformed.")
    }

    public let folder: String
    public let error: TUFError
    /// No root is pinned in the store.
    public let uninitialized: Bool

    public init(folder: String, error: TUFError, uninitialized: Bool = false) {
        self.folder = folder
        self.error = error
        self.uninitialized = uninitialized
    }

    public var code: FailureCode {
        if uninitialized { return Codes.uninitialized }
        switch error {
        case .storage, .missing, .malformed: return Codes.unusable
        default: return error.code
        }
    }

    public var description: String {
        uninitialized ? "no trusted root in \(folder)" : error.description
    }

    public var context: [(key: String, value: String)] { [("store", folder)] }
}

extension TrustedManifest {
    /// `load(from:referenceTime:)` for a store on this machine, its failures as `StoredManifestError`.
    public static func loadStored(
        from store: ManifestStore, referenceTime: UTCTime = SystemClock.now()
    ) throws(StoredManifestError) -> TrustedManifest {
        do {
            return try load(from: store, referenceTime: referenceTime)
        } catch {
            throw StoredManifestError(folder: store.folder, error: error, uninitialized: !store.isInitialized)
        }
    }
}
