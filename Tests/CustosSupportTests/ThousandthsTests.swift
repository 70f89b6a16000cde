import CustosSupport
import Testing

@Suite("Thousandths as exact decimal text")
struct ThousandthsTests {
    @Test(arguments: [
        (Int64(12_500), "12.5"), (2_000, "2"), (1, "0.001"), (0, "0"), (1_010, "1.01"), (-250, "-0.25"),
        (Int64.min, "-9223372036854775.808"),
    ])
    func decimal(thousandths: Int64, text: String) {
        #expect(Thousandths.decimal(thousandths) == text)
    }
}
