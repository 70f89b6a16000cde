import Ceremony
import Testing

@Suite("fee rates")
struct FeeRateTests {
    @Test func parsesDecimalRatesExactly() throws {
        #expect(FeeRate("12")?.satoshisPerKilovbyte == 12_000)
        #expect(FeeRate("12.5")?.satoshisPerKilovbyte == 12_500)
        #expect(FeeRate("0.125")?.satoshisPerKilovbyte == 125)
        #expect(FeeRate("1.05")?.description == "1.05")
        for bad in ["", ".5", "1.", "1.2345", "-1", "1e3", "12 ", "abc", "1.2.3", "9999999999"] {
            #expect(FeeRate(bad) == nil, "\(bad)")
        }
    }

    @Test func feesRoundUp() throws {
        let rate = try #require(FeeRate("12.5"))
        #expect(rate.fee(virtualSize: 100) == 1_250)
        #expect(rate.fee(virtualSize: 101) == 1_263)  // 1262.5 rounds up: never below the rate
        #expect(FeeRate.minimumRelay.fee(virtualSize: 141) == 141)
    }
}
