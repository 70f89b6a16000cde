/// The fields of a Trezor `Features` message that identify the device and its firmware.
public struct TrezorFeatures: Sendable, Equatable {
    public var vendor: String?
    public var majorVersion: UInt32
    public var minorVersion: UInt32
    public var patchVersion: UInt32
    public var bootloaderMode = false
    public var deviceID: String?
    public var label: String?
    public var initialized: Bool?
    /// The firmware's git commit.
    public var revision: [UInt8]?
    public var bootloaderHash: [UInt8]?
    public var unlocked: Bool?
    public var firmwarePresent: Bool?
    /// "1", "T", "Safe 3", ...
    public var model: String?
    /// In bootloader mode, the installed firmware's version.
    public var firmwareMajor: UInt32?
    public var firmwareMinor: UInt32?
    public var firmwarePatch: UInt32?
    public var firmwareVendor: String?
    public var busy: Bool?
    /// "T1B1", "T2T1", "T3T1", ... (absent on old firmware and on the legacy emulator).
    public var internalModel: String?

    public init(majorVersion: UInt32, minorVersion: UInt32, patchVersion: UInt32) {
        self.majorVersion = majorVersion
        self.minorVersion = minorVersion
        self.patchVersion = patchVersion
    }

    /// Decodes a Features payload; unknown fields are skipped, the three required version fields must be present.
    public init(decoding payload: [UInt8]) throws(ProtobufError) {
        var reader = ProtobufReader(payload)
        var major: UInt32?
        var minor: UInt32?
        var patch: UInt32?
        var features = TrezorFeatures(majorVersion: 0, minorVersion: 0, patchVersion: 0)
        while let (number, value) = try reader.next() {
            switch number {
            case 1: features.vendor = try value.string(field: "vendor")
            case 2: major = try value.uint32(field: "major_version")
            case 3: minor = try value.uint32(field: "minor_version")
            case 4: patch = try value.uint32(field: "patch_version")
            case 5: features.bootloaderMode = try value.bool(field: "bootloader_mode")
            case 6: features.deviceID = try value.string(field: "device_id")
            case 10: features.label = try value.string(field: "label")
            case 12: features.initialized = try value.bool(field: "initialized")
            case 13: features.revision = try value.data(field: "revision")
            case 14: features.bootloaderHash = try value.data(field: "bootloader_hash")
            case 16: features.unlocked = try value.bool(field: "unlocked")
            case 18: features.firmwarePresent = try value.bool(field: "firmware_present")
            case 21: features.model = try value.string(field: "model")
            case 22: features.firmwareMajor = try value.uint32(field: "fw_major")
            case 23: features.firmwareMinor = try value.uint32(field: "fw_minor")
            case 24: features.firmwarePatch = try value.uint32(field: "fw_patch")
            case 25: features.firmwareVendor = try value.string(field: "fw_vendor")
            case 41: features.busy = try value.bool(field: "busy")
            case 44: features.internalModel = try value.string(field: "internal_model")
            default: continue
            }
        }
        guard let major else { throw .missingRequiredField("major_version") }
        guard let minor else { throw .missingRequiredField("minor_version") }
        guard let patch else { throw .missingRequiredField("patch_version") }
        features.majorVersion = major
        features.minorVersion = minor
        features.patchVersion = patch
        self = features
    }

    /// The version of the running code: the bootloader's in bootloader mode, else the firmware's.
    public var version: String {
        "\(majorVersion).\(minorVersion).\(patchVersion)"
    }

    /// The installed firmware's version: in bootloader mode from fw_major/minor/patch (nil when absent).
    public var firmwareVersion: String? {
        guard bootloaderMode else { return version }
        guard let firmwareMajor, let firmwareMinor, let firmwarePatch else { return nil }
        return "\(firmwareMajor).\(firmwareMinor).\(firmwarePatch)"
    }

    /// The hardware model code: `internal_model` when present, else derived from `model` ("1" → T1B1, "T" → T2T1).
    public var modelCode: String? {
        if let internalModel, !internalModel.isEmpty { return internalModel }
        switch model {
        case "1": return "T1B1"
        case "T": return "T2T1"
        default: return nil
        }
    }
}
