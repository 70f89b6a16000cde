public import Bitcoin

/// A partially signed Bitcoin transaction (BIP174 version 0 or BIP370 version 2).
public struct PSBT: Sendable, Hashable {
    public var global: PSBTGlobal
    public var inputs: [PSBTInput]
    public var outputs: [PSBTOutput]

    /// PSBT_GLOBAL_VERSION: 0 or 2.
    public var version: UInt32 { global.version }

    init(global: PSBTGlobal, inputs: [PSBTInput], outputs: [PSBTOutput]) {
        self.global = global
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Creator role: an empty PSBT for an unsigned transaction (scriptSigs and witnesses are dropped).
    /// Version 2 writes the transaction as PSBTv2 fields: the lock time becomes the fallback lock time.
    public init(unsignedTransaction: Transaction, version: UInt32 = 0) throws(PSBTRoleError) {
        guard version == 0 || version == 2 else { throw .unsupportedVersion(version) }
        var transaction = unsignedTransaction
        for index in transaction.inputs.indices {
            transaction.inputs[index].scriptSig = Script()
            transaction.inputs[index].witness = []
        }
        global = PSBTGlobal()
        inputs = transaction.inputs.map { _ in PSBTInput() }
        outputs = transaction.outputs.map { _ in PSBTOutput() }
        if version == 0 {
            global.setUnsignedTransaction(transaction)
        } else {
            setVersion2Fields(from: transaction)
        }
    }

    /// Writes `transaction` as PSBTv2 global, input and output fields.
    mutating func setVersion2Fields(from transaction: Transaction) {
        global.setUnsignedTransaction(nil)
        global.setUInt32(PSBTKeyType.Global.transactionVersion, transaction.version)
        global.setUInt32(PSBTKeyType.Global.fallbackLocktime, transaction.lockTime)
        global.setCompactSize(PSBTKeyType.Global.inputCount, transaction.inputs.count)
        global.setCompactSize(PSBTKeyType.Global.outputCount, transaction.outputs.count)
        global.setUInt32(PSBTKeyType.Global.version, 2)
        for (index, input) in transaction.inputs.enumerated() {
            inputs[index].setTransactionFields(previousOutput: input.previousOutput, sequence: input.sequence)
        }
        for (index, output) in transaction.outputs.enumerated() {
            outputs[index].setTransactionFields(output)
        }
    }

    /// The transaction being signed, without signatures: PSBTv0's global transaction, or PSBTv2's fields with the
    /// lock time BIP370 computes.
    public func unsignedTransaction() throws(PSBTRoleError) -> Transaction {
        if version == 0 {
            guard let transaction = global.unsignedTransaction else { throw .missingField("unsigned transaction") }
            return transaction
        }
        guard let lockTime = computedLockTime else { throw .lockTimeConflict }
        var transaction = Transaction(version: global.transactionVersion ?? 2, lockTime: lockTime)
        transaction.inputs.reserveCapacity(inputs.count)
        for (index, input) in inputs.enumerated() {
            guard let txid = input.previousTxid, let outputIndex = input.outputIndex else {
                throw .missingField("input \(index) previous output")
            }
            transaction.inputs.append(
                TransactionInput(
                    previousOutput: OutPoint(txid: txid, index: outputIndex),
                    sequence: input.sequence ?? TransactionInput.finalSequence))
        }
        transaction.outputs.reserveCapacity(outputs.count)
        for (index, output) in outputs.enumerated() {
            guard let amount = output.amount, let script = output.script else {
                throw .missingField("output \(index) amount and script")
            }
            transaction.outputs.append(TransactionOutput(value: amount, scriptPubKey: script))
        }
        return transaction
    }

    /// BIP370's lock time: the largest required height (or, failing that, time) lock of the inputs, when the inputs
    /// agree on one kind; the fallback otherwise; nil when the inputs require incompatible kinds.
    public var computedLockTime: UInt32? {
        guard version >= 2 else { return global.unsignedTransaction?.lockTime }
        var timeLock: UInt32? = 0
        var heightLock: UInt32? = 0
        for input in inputs {
            let time = input.requiredTimeLocktime
            let height = input.requiredHeightLocktime
            if time != nil && height == nil {
                heightLock = nil
                if timeLock == nil { return nil }
            } else if time == nil && height != nil {
                timeLock = nil
                if heightLock == nil { return nil }
            }
            if let time, let current = timeLock { timeLock = max(current, time) }
            if let height, let current = heightLock { heightLock = max(current, height) }
        }
        if let heightLock, heightLock > 0 { return heightLock }
        if let timeLock, timeLock > 0 { return timeLock }
        return global.fallbackLocktime ?? 0
    }

    /// The identity two copies of one PSBT share (Bitcoin Core's GetUniqueID): the unsigned txid, with every
    /// sequence set to 0 for PSBTv2 (whose sequences a signer may still change).
    public func uniqueID() throws(PSBTRoleError) -> TransactionID {
        var transaction = try unsignedTransaction()
        if version >= 2 {
            for index in transaction.inputs.indices { transaction.inputs[index].sequence = 0 }
        }
        return transaction.txid
    }

    /// The output each input spends, from its witness UTXO or its non-witness UTXO (nil when neither is given).
    public func spentOutput(
        at index: Int, in transaction: Transaction
    ) -> TransactionOutput? {
        let input = inputs[index]
        let outpoint = transaction.inputs[index].previousOutput
        if let previous = input.nonWitnessUTXO {
            guard previous.txid == outpoint.txid, Int(outpoint.index) < previous.outputs.count else { return nil }
            return previous.outputs[Int(outpoint.index)]
        }
        return input.witnessUTXO
    }

    /// Every spent output, or nil unless all are known (BIP341 needs them all).
    public func spentOutputs(in transaction: Transaction) -> [TransactionOutput]? {
        var outputs: [TransactionOutput] = []
        outputs.reserveCapacity(inputs.count)
        for index in inputs.indices {
            guard let output = spentOutput(at: index, in: transaction) else { return nil }
            outputs.append(output)
        }
        return outputs
    }

    /// The fee (inputs minus outputs, negative when the outputs exceed the inputs), when every spent output's
    /// amount is known. Every amount and both totals must be within 0...21,000,000 BTC (`amountOutOfRange`
    /// otherwise), so nothing can wrap.
    public func fee() throws(PSBTRoleError) -> Int64? {
        let transaction = try unsignedTransaction()
        guard let spent = spentOutputs(in: transaction) else { return nil }
        let inputTotal = try Self.checkedTotal(spent.map(\.value), label: "input")
        let outputTotal = try Self.checkedTotal(transaction.outputs.map(\.value), label: "output")
        return inputTotal - outputTotal
    }

    /// The sum of `amounts`, each and the total checked to be within 0...21,000,000 BTC. `label` names them in
    /// the error ("input": "input 3 amount", "the input total").
    public static func checkedTotal(_ amounts: [Int64], label: String) throws(PSBTRoleError) -> Int64 {
        var total: Int64 = 0
        for (index, amount) in amounts.enumerated() {
            guard amount >= 0, amount <= TransactionOutput.maximumMoney else {
                throw .amountOutOfRange("\(label) \(index) amount")
            }
            total += amount
            guard total <= TransactionOutput.maximumMoney else { throw .amountOutOfRange("the \(label) total") }
        }
        return total
    }
}
