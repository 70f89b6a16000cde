import Lab
import Testing

@Suite("Case filter")
struct CaseFilterTests {
    @Test(arguments: [
        ("unsafe", "firmware/trezor/T3T1-firmware-unsafe-vendor", true),
        ("UNSAFE", "firmware/trezor/T3T1-firmware-unsafe-vendor", false),
        ("firmware/*/T3T1-*", "firmware/trezor/T3T1-firmware-dev", true),
        ("firmware/*/T3T1-*", "usb/trezor/T3T1-firmware-dev", false),
        ("*-match", "usb/trezor/attest-t1-synthetic-match", true),
        ("*-match", "usb/trezor/attest-t1-synthetic-mismatch", false),
        ("*match", "usb/trezor/attest-t1-synthetic-mismatch", true),
        ("*/attest-t1-synthetic-m?tch", "usb/trezor/attest-t1-synthetic-match", true),
        ("*/attest-t1-synthetic-m?tch", "usb/trezor/attest-t1-synthetic-mismatch", false),
        ("usb/*", "firmware/usb/x", false),
        ("*a*b*c", "xxaxxbxxbxc", true),
        ("*a*b*c", "xxaxxbxxbxcd", false),
    ])
    func patterns(pattern: String, id: String, matches: Bool) {
        #expect(CaseFilter(pattern).matches(id: id, kind: "firmware-verify") == matches)
    }

    @Test func aKindNameSelectsItsCases() {
        #expect(CaseFilter("firmware-verify").matches(id: "anything", kind: "firmware-verify"))
        #expect(!CaseFilter("firmware-verify").matches(id: "anything", kind: "device-attestation-replay"))
    }
}
