/// Everything the verifier trusts: vendor key sets, the official Trezor vendor headers and the release indexes.
///
/// `.embedded` holds the pinned data compiled into the binary, so verification reads no file at run time. Tests and
/// labs may build a store with extra key sets (for instance Custos TEST keys marked production) to exercise the
/// accepting paths with images nobody but the vendor could sign for real.
public struct FirmwareTrustStore: Sendable {
    public var keySets: [PinnedKeySet]
    public var trezorVendorHeaders: [PinnedTrezorVendorHeader]
    public var releases: [VendorRelease]

    public init(keySets: [PinnedKeySet], trezorVendorHeaders: [PinnedTrezorVendorHeader], releases: [VendorRelease]) {
        self.keySets = keySets
        self.trezorVendorHeaders = trezorVendorHeaders
        self.releases = releases
    }

    public static let embedded = FirmwareTrustStore(
        keySets: PinnedKeys.keySets, trezorVendorHeaders: PinnedKeys.trezorVendorHeaders,
        releases: PinnedReleases.releases)

    public func keySet(_ vendor: FirmwareVendor, _ name: String) -> PinnedKeySet? {
        keySets.first { $0.vendor == vendor && $0.name == name }
    }

    public func keySets(_ vendor: FirmwareVendor) -> [PinnedKeySet] {
        keySets.filter { $0.vendor == vendor }
    }

    public func releases(_ vendor: FirmwareVendor, kind: ReleaseHashKind, hashHex: String) -> [VendorRelease] {
        releases.filter { $0.vendor == vendor && $0.kind == kind && $0.hashHex == hashHex }
    }
}
