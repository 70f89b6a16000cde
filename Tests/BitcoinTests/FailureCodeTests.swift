import Bitcoin
import CustosCrypto
import CustosSupport
import Testing

/// Failures of the Bitcoin layer, provoked through its public API, carry the code of the rule that failed.
@Suite("Bitcoin failure codes")
struct BitcoinFailureCodeTests {
    @Test func addressesDescriptorsKeysAndTransactionsNameTheirRule() throws {
        let address = #expect(throws: AddressError.self) { try Address("bc1qnotanaddress") }
        #expect(address?.code.name == "address.encoding")
        #expect(address?.category == .malformed)

        let checksum = #expect(throws: DescriptorError.self) {
            try Descriptor("wpkh(02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9)#aaaaaaaa")
        }
        #expect(checksum?.code == DescriptorError.Codes.checksum)
        let unsupported = #expect(throws: DescriptorError.self) {
            try Descriptor("combo(02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9)")
        }
        #expect(unsupported?.code.name == "descriptor.unsupported")
        #expect(unsupported?.category == .unsupported)

        let key = #expect(throws: BIP32Error.self) { try ExtendedPrivateKey("xprvnotakey") }
        #expect(key?.code == BIP32Error.Codes.encoding)

        let transaction = #expect(throws: DecodingError.self) { try Transaction(serialized: [0x02, 0x00, 0x00]) }
        #expect(transaction?.code.name.hasPrefix("bitcoin.encoding.") == true)
        #expect(transaction?.category == .malformed)
    }

    @Test func cryptoFailuresAreMalformedInputOrTheBackend() {
        #expect(CryptoError.invalidPublicKey("off the curve").code.name == "crypto.key.invalid")
        #expect(CryptoError.invalidPublicKey("off the curve").category == .malformed)
        #expect(CryptoError.backendFailure("no memory").category == .environment)
    }
}
