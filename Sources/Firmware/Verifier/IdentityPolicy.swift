/// Choices of the identity step that depend on what the custody team expects, not on the image.
public struct IdentityPolicy: Sendable {
    /// The BitBox02 product the team runs ("bitbox02-multi", "bitbox02-btconly", "bitbox02nova-multi",
    /// "bitbox02nova-btconly"); nil accepts any edition but still reports it.
    public var expectedBitBox02Product: String?

    public init(expectedBitBox02Product: String? = nil) {
        self.expectedBitBox02Product = expectedBitBox02Product
    }

    public static let production = IdentityPolicy()
}
