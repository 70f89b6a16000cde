/// Bytewords (BCR-2020-012): 256 four-letter words, one per byte, with the data's CRC-32 appended before mapping.
/// Minimal style (first and last letter of each word) is what URs carry.
public enum Bytewords {
    public enum Style: Sendable {
        /// Words separated by spaces.
        case standard
        /// Words separated by `-`.
        case uri
        /// Two letters per byte, no separator (UR bodies).
        case minimal
    }

    /// The 256 words in byte order, four letters each.
    private static let words: [UInt8] = Array(
        [
            "ableacidalsoapexaquaarchatomauntawayaxisbackbaldbarnbeltbetabiasbluebodybragbrewbulbbuzzcalmcashcats",
            "chefcityclawcodecolacookcostcruxcurlcuspcyandarkdatadaysdelidicedietdoordowndrawdropdrumdulldutyeach",
            "easyechoedgeepicevenexamexiteyesfactfairfernfigsfilmfishfizzflapflewfluxfoxyfreefrogfuelfundgalagame",
            "geargemsgiftgirlglowgoodgraygrimgurugushgyrohalfhanghardhawkheathelphighhillholyhopehornhutsicedidea",
            "idleinchinkyintoirisironitemjadejazzjoinjoltjowljudojugsjumpjunkjurykeepkenokeptkeyskickkilnkingkite",
            "kiwiknoblamblavalazyleaflegsliarlimplionlistlogoloudloveluaulucklungmainmanymathmazememomenumeowmild",
            "mintmissmonknailnavyneednewsnextnoonnotenumbobeyoboeomitonyxopenovalowlspaidpartpeckplaypluspoempool",
            "posepuffpumapurrquadquizraceramprealredorichroadrockroofrubyruinrunsrustsafesagascarsetssilkskewslot",
            "soapsolosongstubsurfswantacotasktaxitenttiedtimetinytoiltombtoystriptunatwinuglyundouniturgeuservast",
            "veryvetovialvibeviewvisavoidvowswallwandwarmwaspwavewaxywebswhatwhenwhizwolfworkyankyawnyellyogayurt",
            "zapszerozestzinczonezoom",
        ].joined().utf8)

    /// Byte value of each minimal pair, indexed by (first letter - a) * 26 + (last letter - a); -1 = no word.
    private static let minimalIndex: [Int16] = {
        var table = [Int16](repeating: -1, count: 26 * 26)
        for byte in 0..<256 {
            let first = Int(words[byte * 4] - UInt8(ascii: "a"))
            let last = Int(words[byte * 4 + 3] - UInt8(ascii: "a"))
            table[first * 26 + last] = Int16(byte)
        }
        return table
    }()

    public static func encode(_ data: [UInt8], style: Style) -> String {
        let bytes = data + CRC32.bigEndianBytes(CRC32.checksum(data))
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 5)
        for (position, byte) in bytes.enumerated() {
            let word = words[Int(byte) * 4..<Int(byte) * 4 + 4]
            switch style {
            case .minimal:
                text.append(word.first ?? 0)
                text.append(word.last ?? 0)
            case .standard, .uri:
                if position > 0 { text.append(style == .uri ? UInt8(ascii: "-") : UInt8(ascii: " ")) }
                text += word
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes any case, checks that at least the 4 checksum bytes and one data byte are present and that the
    /// CRC-32 matches, and returns the data without the checksum.
    public static func decode(_ text: some StringProtocol, style: Style) throws(QRCodecError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count <= 4 * QRLimits.maximumPartCharacters else { throw .tooLarge("bytewords text") }
        var bytes: [UInt8] = []
        switch style {
        case .minimal:
            guard utf8.count % 2 == 0 else { throw .badBytewords("odd number of letters") }
            bytes.reserveCapacity(utf8.count / 2)
            var index = 0
            while index < utf8.count {
                bytes.append(try byte(first: utf8[index], last: utf8[index + 1]))
                index += 2
            }
        case .standard, .uri:
            let separator = style == .uri ? UInt8(ascii: "-") : UInt8(ascii: " ")
            for word in utf8.split(separator: separator, omittingEmptySubsequences: false) {
                guard word.count == 4, let first = word.first, let last = word.last else {
                    throw .badBytewords("\"\(String(decoding: word.prefix(8), as: UTF8.self))\" is not a word")
                }
                let value = try byte(first: first, last: last)
                let expected = words[Int(value) * 4..<Int(value) * 4 + 4]
                guard word.map(lowercased).elementsEqual(expected) else {
                    throw .badBytewords("\"\(String(decoding: word, as: UTF8.self))\" is not a word")
                }
                bytes.append(value)
            }
        }
        guard bytes.count >= 5 else { throw .badBytewords("fewer than 5 bytes (data and a 4-byte checksum)") }
        let data = Array(bytes.dropLast(4))
        guard Array(bytes.suffix(4)) == CRC32.bigEndianBytes(CRC32.checksum(data)) else {
            throw .checksumMismatch
        }
        return data
    }

    private static func lowercased(_ letter: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(letter) ? letter + 32 : letter
    }

    private static func byte(first: UInt8, last: UInt8) throws(QRCodecError) -> UInt8 {
        let a = lowercased(first)
        let b = lowercased(last)
        let letters = UInt8(ascii: "a")...UInt8(ascii: "z")
        guard letters.contains(a), letters.contains(b) else {
            throw .badBytewords("\(printable(first))\(printable(last)) is not a word")
        }
        let value = minimalIndex[Int(a - UInt8(ascii: "a")) * 26 + Int(b - UInt8(ascii: "a"))]
        guard value >= 0 else {
            throw .badBytewords("\(printable(first))\(printable(last)) is not a word")
        }
        return UInt8(value)
    }
}
