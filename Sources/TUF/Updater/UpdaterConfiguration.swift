/// Limits of one update. The defaults are python-tuf's, so both clients accept the same repositories.
public struct UpdaterConfiguration: Sendable {
    /// New root versions fetched in one update at most.
    public var maximumRootRotations = 256
    /// Delegated roles visited in one target search at most.
    public var maximumDelegations = 32
    public var rootMaximumLength = 512_000
    public var timestampMaximumLength = 16_384
    /// Used when timestamp does not list snapshot's length.
    public var snapshotMaximumLength = 2_000_000
    /// Used when snapshot does not list a targets role's length.
    public var targetsMaximumLength = 5_000_000
    /// Under consistent snapshots, fetch targets as `dir/<hash>.<name>`.
    public var prefixTargetsWithHash = true

    public init() {}
}
