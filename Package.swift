// swift-tools-version: 6.1
// Custos: firmware verification, device attestation and emergency multisig migration for custody teams.

import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Custos",
    products: [
        .executable(name: "custos", targets: ["CustosCLI"]),
        .executable(name: "custos-bench", targets: ["CustosBenchmarks"]),
        .executable(name: "custos-empty-command", targets: ["EmptyCommand"]),
        .library(name: "CustosCrypto", targets: ["CustosCrypto"]),
        .library(name: "CustosSupport", targets: ["CustosSupport"]),
        .library(name: "Firmware", targets: ["Firmware"]),
        .library(name: "TUF", targets: ["TUF"]),
        .executable(name: "custos-tuf", targets: ["CustosTUF"]),
        .library(name: "Bitcoin", targets: ["Bitcoin"]),
        .library(name: "BitcoinPSBT", targets: ["BitcoinPSBT"]),
        .library(name: "DeviceTransport", targets: ["DeviceTransport"]),
        .library(name: "Devices", targets: ["Devices"]),
        .library(name: "Lab", targets: ["Lab"]),
        .library(name: "Ceremony", targets: ["Ceremony"]),
        .library(name: "Custody", targets: ["Custody"]),
        .library(name: "QR", targets: ["QR"]),
        // Fuzz target bodies, linked by the instrumented executables of the separate Fuzz/ package.
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // System libraries, each found by pkg-config and installed from Debian by `make deps`.
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // libcurl is loaded at run time (dlopen, see CCurl/shim.h), so no pkgConfig: only its headers are needed.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibUSB",
            pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]
        ),
        // QR air-gap (issue 17): zlib (BBQr Z, PNG, CRC-32), libqrencode (drawing), zbar (scanning).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .systemLibrary(
            name: "CZBar",
            pkgConfig: "zbar",
            providers: [.apt(["libzbar-dev"])]
        ),

        // CustosCrypto: digests, MACs, randomness and the Ed25519, ECDSA P-256 and RSA-PSS verifiers over OpenSSL and
        // libsodium: all a TUF client needs, so `custos-tuf` links no Bitcoin curve.
        .target(
            name: "CustosCrypto",
            dependencies: ["COpenSSL", "CSodium", "CustosSupport"],
            swiftSettings: strictSettings
        ),
        // Secp256k1: Bitcoin's curve over libsecp256k1 (keys, ECDSA, BIP340 Schnorr, taproot tweaks).
        .target(
            name: "Secp256k1",
            dependencies: ["CSecp256k1", "CustosCrypto"],
            swiftSettings: strictSettings
        ),

        // CustosSupport: what several engines read the same way, below them all (no C, no Foundation): the strict
        // JSON parser and value (canonical-JSON exact, line/column errors), dotted versions, UTC time and the system
        // clock, and file primitives over POSIX calls (bounded reads, atomic writes, the locked append-only file,
        // standard streams).
        .target(
            name: "CustosSupport",
            swiftSettings: strictSettings
        ),

        // Firmware: vendor image formats, verifier, and the hash a device computes over its installed firmware.
        .target(
            name: "Firmware",
            dependencies: ["CustosCrypto", "Secp256k1", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // TUF: a generic TUF client (metadata, keys, trusted state, delegations, fetchers, the updater), knowing
        // nothing of Custos's use of it.
        .target(
            name: "TUF",
            dependencies: ["CustosCrypto", "CustosSupport", "CCurl"],
            swiftSettings: strictSettings
        ),
        // ManifestProfile: what Custos reads from its pinned TUF repository, the Custos profile of targets' `custom`
        // (firmware approvals, the migration policy), and the local store and offline-verified view of it.
        .target(
            name: "ManifestProfile",
            dependencies: ["TUF", "CustosCrypto", "CustosSupport", "Bitcoin"],
            swiftSettings: strictSettings
        ),
        // custos-tuf: the tuf-conformance client CLI over the TUF module (exit 0 or 1 only).
        .executableTarget(
            name: "CustosTUF",
            dependencies: ["TUF", "CustosSupport"],
            path: "Sources/custos-tuf",
            swiftSettings: strictSettings
        ),

        // Bitcoin: transactions, scripts, sighash, BIP32, addresses, output descriptors.
        .target(
            name: "Bitcoin",
            dependencies: ["CustosCrypto", "Secp256k1", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // BitcoinPSBT: BIP174/370/371 codec and the combiner, verifier, finalizer, extractor and converter roles.
        .target(
            name: "BitcoinPSBT",
            dependencies: ["Bitcoin", "CustosCrypto", "Secp256k1", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // Test keys and a software signer that plays the cosigners' devices (tests, benchmarks, demo data only).
        .target(
            name: "PSBTTestKit",
            dependencies: ["BitcoinPSBT", "Bitcoin", "CustosCrypto", "Secp256k1"],
            swiftSettings: strictSettings
        ),

        // Ceremony: the emergency migration of a multisig wallet — sweep planning and splitting, the migration
        // policy's enforcement, cosigner status, fee bumps, the hash-chained audit log, device registration files.
        .target(
            name: "Ceremony",
            dependencies: ["BitcoinPSBT", "Bitcoin", "ManifestProfile", "CustosCrypto", "Secp256k1", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // QR: PSBTs and other files as (animated) QR codes for air-gapped signers — BBQr and Blockchain Commons UR
        // (bytewords, fountain codes), format detection, and drawing (libqrencode) and scanning (zbar) of the symbols.
        .target(
            name: "QR",
            dependencies: ["CZlib", "CQREncode", "CZBar", "CustosCrypto", "CustosSupport", "Bitcoin"],
            swiftSettings: strictSettings
        ),

        // DeviceTransport: libusb, UDP (emulators), transcript replay and recording, each behind `protocol Transport`.
        .target(
            name: "DeviceTransport",
            dependencies: ["CLibUSB", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // Devices: the supported-device registry, vendor framing, Trezor/Ledger sessions, udev rules, doctor, and
        // firmware attestation (the device's GetFirmwareHash against the Firmware module's expected answer).
        .target(
            name: "Devices",
            dependencies: ["DeviceTransport", "Firmware", "CustosCrypto", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // Custody: the workflows users run, each one function the CLI and the Lab both call — firmware approval
        // against the pinned manifest, opening and attesting a device, and the migration ceremony's steps with their
        // policy checks and audit entries. The home of "what happens in which order".
        .target(
            name: "Custody",
            dependencies: [
                "Firmware", "TUF", "ManifestProfile", "Devices", "DeviceTransport", "BitcoinPSBT", "Bitcoin",
                "Ceremony", "CustosCrypto", "CustosSupport",
            ],
            swiftSettings: strictSettings
        ),

        // Lab: `custos lab run` — declarative cases under Vectors/ replayed through the engines' own library code,
        // with evidence, and JSON, JUnit XML and self-contained HTML reports.
        .target(
            name: "Lab",
            dependencies: [
                "Custody", "Firmware", "Devices", "DeviceTransport", "CustosCrypto", "CustosSupport", "BitcoinPSBT",
                "Bitcoin", "TUF", "ManifestProfile", "Ceremony", "QR",
            ],
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "CustosCLI",
            dependencies: [
                "CustosCrypto", "Secp256k1",
                "CustosSupport",
                "TUF", "ManifestProfile",
                "Bitcoin",
                "BitcoinPSBT",
                "Firmware",
                "DeviceTransport",
                "Devices",
                "Lab",
                "Ceremony",
                "Custody",
                "QR",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/custos",
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "CustosBenchmarks",
            dependencies: [
                "CustosCrypto", "Secp256k1", "COpenSSL", "CSecp256k1", "DeviceTransport", "Devices", "Firmware", "Lab",
                "Bitcoin", "BitcoinPSBT", "PSBTTestKit", "TUF", "ManifestProfile", "Ceremony", "CustosSupport", "QR",
            ],
            path: "Benchmarks/CustosBenchmarks",
            swiftSettings: strictSettings
        ),
        // The start-up floor `custos --version` is measured against (Benchmarks/pipeline/bench-pipeline.sh).
        .executableTarget(
            name: "EmptyCommand",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/EmptyCommand",
            swiftSettings: strictSettings
        ),

        // Fuzz targets (issue 9): the bodies libFuzzer runs (Fuzz/) and the regression tests replay.
        .target(
            name: "FuzzTargets",
            dependencies: [
                "CustosCrypto", "Secp256k1", "CustosSupport", "Firmware", "DeviceTransport", "Devices", "Bitcoin",
                "BitcoinPSBT",
                "TUF",
                "ManifestProfile",
                "Ceremony",
            ],
            swiftSettings: strictSettings
        ),

        // Helpers shared by the test targets: vector files, the built binary, the Python oracles.
        .target(
            name: "CustosTestSupport",
            dependencies: ["CustosCrypto"],
            swiftSettings: strictSettings
        ),

        .testTarget(
            name: "CustosCryptoTests",
            dependencies: ["CustosCrypto", "Secp256k1", "CustosTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CustosSupportTests",
            dependencies: ["CustosSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FirmwareTests",
            dependencies: ["Firmware", "CustosCrypto", "Secp256k1", "CustosSupport", "CustosTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ManifestTests",
            dependencies: [
                "TUF", "ManifestProfile", "CustosCrypto", "CustosSupport", "CustosTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BitcoinTests",
            dependencies: ["Bitcoin", "CustosCrypto", "Secp256k1", "CustosSupport", "CustosTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PSBTTests",
            dependencies: [
                "BitcoinPSBT", "PSBTTestKit", "Bitcoin", "CustosCrypto", "Secp256k1", "CustosSupport",
                "CustosTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CeremonyTests",
            dependencies: [
                "Ceremony", "BitcoinPSBT", "PSBTTestKit", "Bitcoin", "ManifestProfile", "CustosCrypto", "Secp256k1",
                "CustosSupport",
                "CustosTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TransportTests",
            dependencies: ["DeviceTransport", "CLibUSB", "CustosSupport", "CustosTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DevicesTests",
            dependencies: [
                "Devices", "DeviceTransport", "Firmware", "CustosCrypto", "CustosSupport", "CustosTestSupport",
            ],
            exclude: ["Oracles"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LabTests",
            // PSBTTestKit regenerates the PSBT cases' inputs.
            dependencies: [
                "Lab", "CustosTestSupport", "CustosCrypto", "Secp256k1", "CustosSupport", "BitcoinPSBT", "PSBTTestKit",
                "Bitcoin",
            ],
            exclude: ["Oracles"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FuzzRegressionTests",
            dependencies: [
                "FuzzTargets", "Devices", "Bitcoin", "BitcoinPSBT", "TUF", "ManifestProfile", "CustosCrypto",
                "Secp256k1",
                "CustosTestSupport",
            ],
            exclude: ["Oracles"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CustodyTests",
            dependencies: [
                "Custody", "Ceremony", "BitcoinPSBT", "PSBTTestKit", "Bitcoin", "Devices", "DeviceTransport",
                "ManifestProfile", "TUF", "CustosCrypto", "Secp256k1", "CustosSupport", "CustosTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "QRTests",
            dependencies: ["QR", "CustosCrypto", "CustosTestSupport"],
            exclude: ["Oracles"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CustosCLITests",
            dependencies: ["CustosCLI", "CustosTestSupport", "CustosSupport", "Firmware", "BitcoinPSBT"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
