// swift-tools-version:6.0
import PackageDescription

/// Upcoming-feature flags in the style of swift-log: explicit `any`, and imports that must say where
/// they are used.
let strictSettings: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
    // CI sets ECETOKEN_WARNINGS_AS_ERRORS=1 around the README's `swift test`, so one build both fails on
    // warnings and runs the tests. Only this package's own targets get the flag, never a dependency's.
    + (Context.environment["ECETOKEN_WARNINGS_AS_ERRORS"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : [])

let package = Package(
    name: "ecetoken",
    products: [
        .library(name: "ECETokenKit", targets: ["ECETokenKit"]),
        .library(name: "ECETokenKitCurl", targets: ["ECETokenKitCurl"]),
        .executable(name: "ecetoken", targets: ["ecetoken"]),
    ],
    dependencies: [
        // The command line: subcommands, typed options, help, completions and man pages.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Documentation only: `swift package generate-documentation --target ECETokenKit` (DocC, offline).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // OpenSSL's libcrypto (HMAC, constant-time compare), found through pkg-config.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // All logic: parsing, verification, classification, checks, input detection. Never prints.
        .target(
            name: "ECETokenKit",
            dependencies: ["COpenSSL"],
            swiftSettings: strictSettings
        ),
        // libcurl through dlopen at first use, behind a small non-variadic C API: the binary does not link
        // libcurl, so commands that never contact a coordinator start as fast as before. It declares the
        // part of libcurl's ABI it uses itself (curl_abi.h), so building needs no curl headers; running needs
        // libcurl.so.4 (Debian: libcurl4) only to contact a coordinator.
        .target(name: "CCurl"),
        // The coordinator transport over CCurl: the one Swift file that imports it. Apart from ECETokenKit so
        // the library (and the fuzz package built on it) needs no curl headers and stays free of C shims.
        .target(
            name: "ECETokenKitCurl",
            dependencies: ["ECETokenKit", "CCurl"],
            swiftSettings: strictSettings
        ),
        // The command-line tool: argument parsing, rendering, exit codes.
        .executableTarget(
            name: "ecetoken",
            dependencies: [
                "ECETokenKit",
                "ECETokenKitCurl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ECETokenKitTests",
            dependencies: ["ECETokenKit"],
            swiftSettings: strictSettings
        ),
        // End-to-end tests: they run the built `ecetoken` binary, so they depend on it.
        .testTarget(
            name: "ecetokenTests",
            dependencies: ["ECETokenKit", "ECETokenKitCurl", "ecetoken"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
