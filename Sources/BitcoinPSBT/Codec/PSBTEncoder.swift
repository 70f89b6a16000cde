internal import Bitcoin

extension PSBT {
    /// The binary serialization: magic, global map, input maps, output maps, each record as read or added.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(
            5 + global.map.serializedCount + inputs.reduce(0) { $0 + $1.map.serializedCount }
                + outputs.reduce(0) { $0 + $1.map.serializedCount })
        output.append(contentsOf: Self.magic)
        global.map.serialize(into: &output)
        for input in inputs { input.map.serialize(into: &output) }
        for transactionOutput in outputs { transactionOutput.map.serialize(into: &output) }
        return output
    }

    /// Base64 of the serialization (how Bitcoin Core, Sparrow and Caravan exchange PSBTs as text).
    public var base64: String { Base64.encode(serialized()) }
}
