public import Bitcoin

/// What `custos migrate plan` is asked to do: sweep every listed UTXO of `wallet` to `destination`, paying
/// `feeRate` on the finalized size, within the policy when one is given.
public struct SweepRequest: Sendable {
    public var wallet: CeremonyWallet
    public var utxos: [UTXO]
    /// The safe address, as text (its network is checked).
    public var destination: String
    public var feeRate: FeeRate
    /// The network addresses are written for; nil: the policy's, else the destination address's own.
    public var network: Network?
    public var policy: CeremonyPolicy?
    /// At most this many inputs per PSBT (nil: only the weight limit splits).
    public var maximumInputs: Int?
    /// PSBT version 0 (BIP174, what most signers read) or 2 (BIP370).
    public var psbtVersion: UInt32
    /// Bitcoin Core's standard transaction weight limit (MAX_STANDARD_TX_WEIGHT): a larger transaction is not
    /// relayed, so the sweep is split into transactions at most this heavy.
    public var maximumWeight: Int

    public static let standardWeightLimit = 400_000

    public init(
        wallet: CeremonyWallet, utxos: [UTXO], destination: String, feeRate: FeeRate, network: Network? = nil,
        policy: CeremonyPolicy? = nil, maximumInputs: Int? = nil, psbtVersion: UInt32 = 0,
        maximumWeight: Int = SweepRequest.standardWeightLimit
    ) {
        self.wallet = wallet
        self.utxos = utxos
        self.destination = destination
        self.feeRate = feeRate
        self.network = network
        self.policy = policy
        self.maximumInputs = maximumInputs
        self.psbtVersion = psbtVersion
        self.maximumWeight = maximumWeight
    }
}
