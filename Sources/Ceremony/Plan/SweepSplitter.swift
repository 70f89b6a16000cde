public import Bitcoin

/// Splits a sweep's inputs, in their listed order, into as few transactions as the weight limit and the input
/// limit allow, then evens the counts out (5,000 inputs in three transactions become 1,667 + 1,667 + 1,666, not
/// 2,300 + 2,300 + 400).
public enum SweepSplitter {
    /// Ranges of input positions, one per transaction. `inputWeights` are finalized upper bounds.
    public static func split(
        inputWeights: [Int], outputs: [TransactionOutput], maximumWeight: Int, maximumInputs: Int?
    ) throws(CeremonyError) -> [Range<Int>] {
        let count = inputWeights.count
        guard count > 0 else { throw .refused("there are no inputs to sweep") }
        let limit = maximumInputs ?? count
        // Greedy: how many transactions are needed.
        var greedy: [Range<Int>] = []
        var start = 0
        while start < count {
            var end = start
            var inputsWeight = 0
            while end < count, end - start < limit {
                let candidate = inputsWeight + inputWeights[end]
                guard overhead(inputCount: end - start + 1, outputs: outputs) + candidate <= maximumWeight else {
                    break
                }
                inputsWeight = candidate
                end += 1
            }
            guard end > start else {
                throw .refused(
                    "input \(start) alone makes a transaction heavier than \(maximumWeight) weight units")
            }
            greedy.append(start..<end)
            start = end
        }
        // Even counts with the same number of transactions, if every one still fits.
        let parts = greedy.count
        var even: [Range<Int>] = []
        start = 0
        for part in 0..<parts {
            let size = count / parts + (part < count % parts ? 1 : 0)
            even.append(start..<(start + size))
            start += size
        }
        let fits = even.allSatisfy { range in
            range.count <= limit && weight(of: inputWeights[range], outputs: outputs) <= maximumWeight
        }
        return fits ? even : greedy
    }

    /// The finalized weight of a transaction with these inputs (all with witnesses) and outputs.
    static func weight(of inputWeights: ArraySlice<Int>, outputs: [TransactionOutput]) -> Int {
        overhead(inputCount: inputWeights.count, outputs: outputs) + inputWeights.reduce(0, +)
    }

    /// Version, lock time, counts, outputs, and the segwit marker and flag (legacy-only transactions are 2 WU
    /// lighter: an upper bound either way).
    static func overhead(inputCount: Int, outputs: [TransactionOutput]) -> Int {
        4
            * (8 + CompactSize.encodedCount(inputCount) + CompactSize.encodedCount(outputs.count)
                + outputs.reduce(0) { $0 + $1.serializedCount }) + 2
    }
}
