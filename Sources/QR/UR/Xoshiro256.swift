internal import CustosCrypto

/// Xoshiro256** seeded with SHA-256 of a seed, the PRNG both ends of a UR fountain stream must run bit for bit
/// (BCR-2024-001). Not for secrets.
public struct Xoshiro256: Sendable {
    private var s0, s1, s2, s3: UInt64

    /// State = SHA-256(seed) read as four big-endian 64-bit words (one hash only: Research#139).
    public init(seed: [UInt8]) {
        let hash = SHA256.hash(seed)
        func word(_ index: Int) -> UInt64 {
            hash[index * 8..<index * 8 + 8].reduce(0) { $0 << 8 | UInt64($1) }
        }
        (s0, s1, s2, s3) = (word(0), word(1), word(2), word(3))
    }

    /// Seeded with a CRC-32's four big-endian bytes.
    public init(checksum: UInt32) {
        self.init(seed: CRC32.bigEndianBytes(checksum))
    }

    /// The state words, for the seeding vectors.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A double in [0, 1): the u64 rounded to the nearest double, over 2^64 (IEEE-754, as the spec requires).
    public mutating func nextDouble() -> Double {
        Double(next()) / 18_446_744_073_709_551_616.0
    }

    /// An integer in `low...high`, by truncation of `nextDouble() × count`.
    public mutating func nextInt(_ low: Int, _ high: Int) -> Int {
        Int(nextDouble() * Double(high - low + 1)) + low
    }

    public mutating func nextData(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: nextInt(0, 255)) }
    }

    private func rotateLeft(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }
}

/// Walker/Vose alias sampler built in exactly BCR-2024-001's order (the iteration order decides the draws).
public struct RandomSampler: Sendable {
    private var probabilities: [Double]
    private var aliases: [Int]

    public init(_ weights: [Double]) {
        let count = weights.count
        let sum = weights.reduce(0, +)
        var scaled = weights.map { $0 * Double(count) / sum }
        var small: [Int] = []
        var large: [Int] = []
        for index in stride(from: count - 1, through: 0, by: -1) {
            if scaled[index] < 1 { small.append(index) } else { large.append(index) }
        }
        probabilities = [Double](repeating: 0, count: count)
        aliases = [Int](repeating: 0, count: count)
        while let less = small.last, let more = large.last {
            small.removeLast()
            large.removeLast()
            probabilities[less] = scaled[less]
            aliases[less] = more
            scaled[more] = (scaled[more] + scaled[less]) - 1
            if scaled[more] < 1 { small.append(more) } else { large.append(more) }
        }
        while let index = large.popLast() { probabilities[index] = 1 }
        while let index = small.popLast() { probabilities[index] = 1 }
    }

    public func next(_ rng: inout Xoshiro256) -> Int {
        let r1 = rng.nextDouble()
        let r2 = rng.nextDouble()
        let index = Int(Double(probabilities.count) * r1)
        return r2 < probabilities[index] ? index : aliases[index]
    }
}
