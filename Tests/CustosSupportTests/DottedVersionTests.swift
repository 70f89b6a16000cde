import CustosSupport
import Testing

/// One version type for the firmware verifier and the manifest profile: strict for manifest fields, with the
/// leading `v` of vendors' release names accepted only where asked for.
@Suite("Dotted versions")
struct DottedVersionTests {
    @Test func comparesNumericallyWithMissingComponentsAsZero() throws {
        let ordered = ["0.9", "1.9", "1.10", "2", "2.0.1", "2.8.0", "2.8.1", "2.10.0", "10.0", "999999999"]
            .compactMap(DottedVersion.init)
        #expect(ordered.count == 10)
        #expect(ordered == ordered.sorted())
        #expect(DottedVersion("2.8") == DottedVersion("2.8.0"))
        #expect(Set([DottedVersion("2.8"), DottedVersion("2.8.0.0")]).count == 1)
        #expect(DottedVersion("2.8.1")?.description == "2.8.1")
        #expect(DottedVersion("02.8")?.components == [2, 8])
    }

    @Test(arguments: [
        "", ".", "1..2", "v1", "1.-2", "+1", "1.2.", " 1", "1 ", "1.2.3.4.5.6.7.8.9", "1234567890", "2.x",
    ])
    func refusesAnythingButDigitsAndDots(text: String) {
        #expect(DottedVersion(text) == nil)
        #expect(DottedVersion.parse(releaseName: text == "v1" ? "vv1" : text) == nil)
    }

    @Test func releaseNamesMayStartWithV() throws {
        let tagged = try #require(DottedVersion.parse(releaseName: "v9.26.3"))
        #expect(tagged == DottedVersion("9.26.3"))
        #expect(try #require(DottedVersion.parse(releaseName: "9.26.3")) < #require(DottedVersion("9.26.4")))
        #expect(DottedVersion.parse(releaseName: "V9.26.3") == nil)
    }
}
