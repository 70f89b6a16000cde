import CustosTestSupport
import Foundation
import Testing

@testable import Devices

@Suite("udev rules cover the registry")
struct UdevRulesTests {
    var rules: UdevRules {
        get throws {
            UdevRules(
                text: try String(
                    contentsOf: PackagePaths.root.appendingPathComponent("udev/51-custos.rules"), encoding: .utf8))
        }
    }

    @Test func everyRegistryRowHasAUsbDeviceLineWithUaccessAndPlugdev() throws {
        let rules = try rules
        #expect(rules.uncovered().isEmpty, "\(rules.uncovered())")
        var checked = 0
        for entry in DeviceRegistry.entries where entry.link != .serialBridge {
            #expect(
                rules.covers(subsystem: "usb", vendorID: entry.vendorID, productID: entry.productID), "\(entry.name)")
            checked += 1
        }
        reportVectorCount(
            "registry rows covered by udev/51-custos.rules", passed: checked,
            total: DeviceRegistry.entries.filter { $0.link != .serialBridge }.count)
    }

    @Test func theVendorsReferenceRulesGrantNothingOursMiss() throws {
        let folder = SharedVectors.root.deletingLastPathComponent().appendingPathComponent("udev")
        let files =
            FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter {
                $0.hasSuffix(".rules")
            } ?? []
        #expect(files.count >= 5, "shared/udev reference rules not found at \(folder.path)")
        let ours = try rules
        // Digital Bitbox (BitBox01, 03eb:2402) is in HWI's rules but not in Custos's registry.
        let notSupported: Set<UInt32> = [0x03eb_2402]
        var total = 0
        var covered = 0
        for file in files {
            let reference = UdevRules(
                text: try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
            for grant in reference.grants where grant.subsystem == "usb" || grant.subsystem == "tty" {
                if let product = grant.productID, notSupported.contains(UInt32(grant.vendorID) << 16 | UInt32(product))
                {
                    continue
                }
                total += 1
                if ours.covers(subsystem: grant.subsystem, vendorID: grant.vendorID, productID: grant.productID) {
                    covered += 1
                } else {
                    Issue.record(
                        "\(file) line \(grant.line) grants \(String(grant.vendorID, radix: 16)):\(grant.productID.map { String($0, radix: 16) } ?? "*") which udev/51-custos.rules does not"
                    )
                }
            }
        }
        reportVectorCount("vendor/HWI udev grants covered", passed: covered, total: total)
    }

    @Test func theParserSeesWhatALineGrants() {
        let rules = UdevRules(
            text: """
                SUBSYSTEM=="usb", ATTR{idVendor}=="1209", ATTR{idProduct}=="53c1", MODE="0660", GROUP="plugdev", TAG+="uaccess"
                SUBSYSTEM=="usb", ATTR{idVendor}=="d13e", ATTR{idProduct}=="cc10", TAG+="uaccess"
                # SUBSYSTEM=="usb", ATTR{idVendor}=="2c97", MODE="0660", GROUP="plugdev", TAG+="uaccess"
                """)
        #expect(rules.covers(subsystem: "usb", vendorID: 0x1209, productID: 0x53c1))
        #expect(!rules.covers(subsystem: "usb", vendorID: 0xd13e, productID: 0xcc10))
        #expect(!rules.covers(subsystem: "usb", vendorID: 0x2c97, productID: 0x5011))
        #expect(!rules.covers(subsystem: "hidraw", vendorID: 0x1209, productID: 0x53c1))
    }

    @Test func registryIdentifiesModels() {
        #expect(DeviceRegistry.identify(vendorID: 0x2c97, productID: 0x4015)?.model == "Nano X")
        #expect(DeviceRegistry.identify(vendorID: 0x2c97, productID: 0x0001)?.isBootloader == true)
        #expect(
            DeviceRegistry.identify(vendorID: 0x03eb, productID: 0x2403, productString: "bb02btc-bootloader")?.model
                == "BitBox02 BTC-only")
        #expect(DeviceRegistry.identify(vendorID: 0x1209, productID: 0x53c0)?.isBootloader == true)
        #expect(DeviceRegistry.identify(vendorID: 0x10c4, productID: 0xea60)?.entry.link == .serialBridge)
        #expect(DeviceRegistry.identify(vendorID: 0x1209, productID: 0x0001) == nil)
    }
}
