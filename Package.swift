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
        .library(name: "Manifest", targets: ["Manifest"]),
        .executable(name: "custos-tuf", targets: ["CustosTUF"]),
        .library(name: "Bitcoin", targets: ["Bitcoin"]),
        .library(name: "PSBT", targets: ["PSBT"]),
        .library(name: "Transport", targets: ["Transport"]),
        .library(name: "Devices", targets: ["Devices"]),
        .library(name: "Lab", targets: ["Lab"]),
        .library(name: "Ceremony", targets: ["Ceremony"]),
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

        .target(
            name: "CustosCrypto",
            dependencies: ["CSecp256k1", "COpenSSL", "CSodium"],
            swiftSettings: strictSettings
        ),

        // CustosSupport: what several engines read the same way, below them all (no C, no Foundation): the strict
        // JSON parser and value (canonical-JSON exact, line/column errors), dotted versions, and file primitives
        // over POSIX calls (bounded reads, atomic writes, the locked append-only file, standard streams).
        .target(
            name: "CustosSupport",
            swiftSettings: strictSettings
        ),

        // Firmware: vendor image formats, verifier, and the hash a device computes over its installed firmware.
        .target(
            name: "Firmware",
            dependencies: ["CustosCrypto", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // Manifest: TUF client (canonical JSON, metadata, trusted state, delegations, fetchers) and the Custos profile
        // of targets' `custom` (firmware approvals, migration policy).
        .target(
            name: "Manifest",
            dependencies: ["CustosCrypto", "CustosSupport", "Bitcoin", "CCurl"],
            swiftSettings: strictSettings
        ),
        // custos-tuf: the tuf-conformance client CLI over the Manifest module (exit 0 or 1 only).
        .executableTarget(
            name: "CustosTUF",
            dependencies: ["Manifest", "CustosSupport"],
            path: "Sources/custos-tuf",
            swiftSettings: strictSettings
        ),

        // Bitcoin: transactions, scripts, sighash, BIP32, addresses, output descriptors.
        .target(
            name: "Bitcoin",
            dependencies: ["CustosCrypto", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // PSBT: BIP174/370/371 codec and the combiner, verifier, finalizer, extractor and converter roles.
        .target(
            name: "PSBT",
            dependencies: ["Bitcoin", "CustosCrypto"],
            swiftSettings: strictSettings
        ),

        // Test keys and a software signer that plays the cosigners' devices (tests, benchmarks, demo data only).
        .target(
            name: "PSBTTestKit",
            dependencies: ["PSBT", "Bitcoin", "CustosCrypto"],
            swiftSettings: strictSettings
        ),

        // Ceremony: the emergency migration of a multisig wallet — sweep planning and splitting, the migration
        // policy's enforcement, cosigner status, fee bumps, the hash-chained audit log, device registration files.
        .target(
            name: "Ceremony",
            dependencies: ["PSBT", "Bitcoin", "Manifest", "CustosCrypto", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // Transport: libusb, UDP (emulators), transcript replay and recording, each behind `protocol Transport`.
        .target(
            name: "Transport",
            dependencies: ["CLibUSB", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // Devices: the supported-device registry, vendor framing, Trezor/Ledger sessions, udev rules, doctor, and
        // firmware attestation (the device's GetFirmwareHash against the Firmware module's expected answer).
        .target(
            name: "Devices",
            dependencies: ["Transport", "Firmware", "CustosCrypto", "CustosSupport"],
            swiftSettings: strictSettings
        ),

        // Lab: `custos lab run` — declarative cases under Vectors/ replayed through the engines' own library code,
        // with evidence, and JSON, JUnit XML and self-contained HTML reports.
        .target(
            name: "Lab",
            dependencies: [
                "Firmware", "Devices", "Transport", "CustosCrypto", "CustosSupport", "PSBT", "Bitcoin", "Manifest",
                "Ceremony",
            ],
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "CustosCLI",
            dependencies: [
                "CustosCrypto",
                "CustosSupport",
                "Manifest",
                "Bitcoin",
                "PSBT",
                "Firmware",
                "Transport",
                "Devices",
                "Lab",
                "Ceremony",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/custos",
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "CustosBenchmarks",
            dependencies: [
                "CustosCrypto", "COpenSSL", "CSecp256k1", "Transport", "Devices", "Firmware", "Lab", "Bitcoin",
                "PSBT", "PSBTTestKit", "Manifest", "Ceremony", "CustosSupport",
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
                "CustosCrypto", "CustosSupport", "Firmware", "Transport", "Devices", "Bitcoin", "PSBT", "Manifest",
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
            dependencies: ["CustosCrypto", "CustosTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CustosSupportTests",
            dependencies: ["CustosSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FirmwareTests",
            dependencies: ["Firmware", "CustosCrypto", "CustosSupport", "CustosTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ManifestTests",
            dependencies: [
                "Manifest", "CustosCrypto", "CustosSupport", "CustosTestSupport", "CustosTUF", "CustosCLI",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BitcoinTests",
            dependencies: ["Bitcoin", "CustosCrypto", "CustosTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PSBTTests",
            // CustosCLI so that `swift test` builds the `custos` binary the oracle tests drive.
            dependencies: ["PSBT", "PSBTTestKit", "Bitcoin", "CustosCrypto", "CustosTestSupport", "CustosCLI"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CeremonyTests",
            // CustosCLI so that `swift test` builds the `custos` binary the ceremony tests drive.
            dependencies: [
                "Ceremony", "PSBT", "PSBTTestKit", "Bitcoin", "Manifest", "CustosCrypto", "CustosTestSupport",
                "CustosCLI",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TransportTests",
            dependencies: ["Transport", "CLibUSB", "CustosTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DevicesTests",
            dependencies: ["Devices", "Transport", "Firmware", "CustosCrypto", "CustosTestSupport"],
            exclude: ["Oracles"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LabTests",
            // PSBTTestKit regenerates the PSBT cases' inputs.
            dependencies: [
                "Lab", "CustosTestSupport", "CustosCrypto", "CustosSupport", "PSBT", "PSBTTestKit", "Bitcoin",
            ],
            exclude: ["Oracles"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FuzzRegressionTests",
            dependencies: [
                "FuzzTargets", "Devices", "Bitcoin", "PSBT", "Manifest", "CustosCrypto", "CustosTestSupport",
            ],
            exclude: ["Oracles"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CustosCLITests",
            dependencies: ["CustosCLI", "CustosTestSupport", "CustosSupport", "Firmware"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
