internal import CustosSupport
internal import TUF

/// Where an approved firmware image's bytes are found on this machine, checked against the approval.
public enum ApprovedImageLookup: Sendable, Equatable {
    /// Bytes whose length and every hash are those the manifest lists, and the file they came from.
    case found(bytes: [UInt8], path: String)
    /// No candidate file exists; `searched` lists the paths tried.
    case notFound(searched: [String])
    /// Files exist but none holds the approved bytes; one reason per file.
    case mismatched(reasons: [String])
}

extension ManifestStore {
    /// Largest image read: far above any vendor's firmware area (a few MiB).
    public static let imageReadLimit = 64 * 1024 * 1024

    /// The file in this store's `targets/` that holds a downloaded target (`custos manifest update --images`).
    public func storedTargetPath(_ targetPath: String) -> String {
        RepositoryLocation.withTrailingSlash(targetsFolder) + PercentEncoding.encodeComponent(targetPath)
    }

    /// The approved image's bytes: from `<folder>/<image file name>` for each of `folders` in order, then from this
    /// store's `targets/`. A file is taken only if its length and every hash are the approval's (the TUF target
    /// check), so a stale or tampered copy is reported, never used.
    public func approvedImage(_ approval: FirmwareApproval, searching folders: [String] = []) -> ApprovedImageLookup {
        let candidates =
            folders.map { RepositoryLocation.withTrailingSlash($0) + approval.imageFileName }
            + [storedTargetPath(approval.targetPath)]
        guard approval.length <= Int64(Self.imageReadLimit) else {
            return .mismatched(reasons: [
                "\(approval.targetPath) lists \(approval.length) bytes, more than Custos reads for an image"
            ])
        }
        var reasons: [String] = []
        for path in candidates {
            let bytes: [UInt8]
            do {
                bytes = try LocalFile.regularFileContents(of: path, limit: Int(approval.length))
            } catch {
                switch error {
                case .missing: continue
                case .tooLarge: reasons.append("\(path) is longer than the approved \(approval.length) bytes")
                default: reasons.append("\(path): \(error.reason)")
                }
                continue
            }
            do {
                try FileIntegrity.verify(bytes, length: approval.length, hashes: approval.hashes, file: path)
            } catch {
                reasons.append("\(error) (not the approved \(approval.targetPath))")
                continue
            }
            return .found(bytes: bytes, path: path)
        }
        return reasons.isEmpty ? .notFound(searched: candidates) : .mismatched(reasons: reasons)
    }
}
