internal import CustosCrypto

/// What a Trezor answers to `GetFirmwareHash(challenge)`, computed on the host from an approved image, so the
/// device's answer can be compared with the image the custody team approved.
///
/// The device hashes its whole firmware flash area with BLAKE2s-256 keyed by the challenge: the installed image
/// (core models: vendor header + firmware header + code; Trezor One: the `TRZF` image without the legacy `TRZR`
/// wrapper) followed by erased flash, 0xFF, up to the area's size.
public enum TrezorFirmwareHash {
    /// Longest challenge the device accepts (it keys BLAKE2s with it).
    public static let maximumChallengeByteCount = 32

    /// The expected answer for `installedImage` on `model` with `challenge` (0...32 bytes; empty = unkeyed).
    public static func expectedAnswer(
        installedImage: some Collection<UInt8>, model: TrezorModel, challenge: some Collection<UInt8>
    ) throws(DeviceHashError) -> [UInt8] {
        guard challenge.count <= maximumChallengeByteCount else {
            throw .challengeTooLong(challenge.count, maximum: maximumChallengeByteCount)
        }
        let area = model.firmwareAreaByteCount
        guard installedImage.count <= area else {
            throw .imageLargerThanFlashArea(imageBytes: installedImage.count, areaBytes: area, model: model)
        }
        var hasher: BLAKE2s.Hasher
        do {
            hasher = try BLAKE2s.Hasher(key: challenge)
        } catch {
            throw .challengeTooLong(challenge.count, maximum: maximumChallengeByteCount)
        }
        hasher.update(installedImage)
        // Erased flash after the image, hashed in blocks so the padding is never materialised whole.
        let erased = [UInt8](repeating: 0xff, count: 64 * 1024)
        var remaining = area - installedImage.count
        while remaining > 0 {
            let count = min(remaining, erased.count)
            hasher.update(erased[..<count])
            remaining -= count
        }
        return hasher.finalize()
    }
}

/// Why an expected device firmware hash cannot be computed.
public enum DeviceHashError: Error, Equatable, Sendable, CustomStringConvertible {
    case challengeTooLong(Int, maximum: Int)
    case imageLargerThanFlashArea(imageBytes: Int, areaBytes: Int, model: TrezorModel)

    public var description: String {
        switch self {
        case .challengeTooLong(let count, let maximum):
            return "challenge of \(count) bytes is longer than the device's maximum of \(maximum)"
        case .imageLargerThanFlashArea(let image, let area, let model):
            return "image of \(image) bytes does not fit the \(model.rawValue) firmware area of \(area) bytes"
        }
    }
}
