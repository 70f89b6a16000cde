// swift-tools-version: 6.1
// Custos fuzzing: one libFuzzer executable per folder of Sources/ (besides FuzzDriver), each a one-line main.swift
// that hands a body of the main package's FuzzTargets library to FuzzDriver. Built only by Fuzz/run.sh with
// sanitizer and coverage flags (docs/FUZZING.md); the main package never sees this one.

import Foundation
import PackageDescription

let sources = URL(fileURLWithPath: Context.packageDirectory).appendingPathComponent("Sources")
let targetNames =
    ((try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? [])
    .filter { $0 != "FuzzDriver" && !$0.hasPrefix(".") }
    .sorted()

let package = Package(
    name: "CustosFuzz",
    dependencies: [
        // `custos` is a symlink to `..` that Fuzz/run.sh makes (git ignores it): a path dependency is identified by
        // its folder's name, and the checkout's own name is unknown here (and may even be "fuzz", this package's).
        .package(path: "custos")
    ],
    targets: [
        .target(name: "FuzzDriver", swiftSettings: [.swiftLanguageMode(.v6)])
    ]
        + targetNames.map { name in
            .executableTarget(
                name: name,
                dependencies: ["FuzzDriver", .product(name: "FuzzTargets", package: "custos")],
                swiftSettings: [.swiftLanguageMode(.v6)])
        }
)
