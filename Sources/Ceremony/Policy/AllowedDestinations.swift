public import Bitcoin

/// The policy's allow list as output scripts: addresses compare by script; a descriptor matches any script it
/// derives (every multipath branch; a ranged descriptor up to `searchLimit` indexes per branch).
public struct AllowedDestinations: Sendable {
    /// How many child indexes of a ranged descriptor are searched, per branch, for a destination.
    public static let searchLimit: UInt32 = 1_000

    private let scripts: Set<Script>
    private let descriptors: [Descriptor]

    /// `destinations` are the policy's canonical texts (addresses valid on `network`, checksummed descriptors).
    public init(_ destinations: [String], network: Network) {
        var scripts: Set<Script> = []
        var descriptors: [Descriptor] = []
        for destination in destinations {
            if destination.contains("(") {
                if let descriptor = try? Descriptor(destination, requireChecksum: true) {
                    descriptors.append(descriptor)
                }
            } else if let address = try? Address(destination, network: network) {
                scripts.insert(address.scriptPubKey)
            }
        }
        self.scripts = scripts
        self.descriptors = descriptors
    }

    /// Whether an output paying `script` goes to an allowed destination.
    public func allows(_ script: Script) -> Bool {
        if scripts.contains(script) { return true }
        for descriptor in descriptors {
            let indexes: Range<UInt32> = descriptor.isRanged ? 0..<Self.searchLimit : 0..<1
            for index in indexes {
                for branch in 0..<descriptor.multipathCount {
                    if (try? descriptor.expand(index: index, multipathIndex: branch))?.scriptPubKey == script {
                        return true
                    }
                }
            }
        }
        return false
    }
}
