import CustosSupport
import Testing

@Suite("UTC time")
struct UTCTimeTests {
    @Test func parsesAndFormatsTheSpecForm() throws {
        let cases: [(String, Int64)] = [
            ("1970-01-01T00:00:00Z", 0), ("2000-02-29T23:59:59Z", 951_868_799), ("2038-01-19T03:14:08Z", 2_147_483_648),
            ("1969-12-31T23:59:59Z", -1), ("2044-08-10T10:05:04Z", 2_354_436_304),
        ]
        for (text, seconds) in cases {
            let time = try #require(UTCTime(iso8601: text))
            #expect(time.secondsSinceEpoch == seconds, "\(text)")
            #expect(time.iso8601 == text)
        }
    }

    @Test(arguments: [
        "2021-12-18T13:28:12.99008-06:00", "2022-05-11T19:09:02.663975009Z", "2023-02-29T00:00:00Z",
        "2024-13-01T00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00", "",
        "２024-01-01T00:00:00Z",
    ])
    func refusesOtherForms(text: String) {
        #expect(UTCTime(iso8601: text) == nil)
    }
}
