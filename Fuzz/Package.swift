// swift-tools-version:5.4
// Deliberately 5.4, not 6.x: from tools version 5.5 SwiftPM renames an executable target's entry point to
// `<Target>_main`, and the libFuzzer runtime's own `main` then fails to link (see the fuzzing notes in
// ../../shared/docs/style.md). With 5.4 the fuzz targets define only `LLVMFuzzerTestOneInput` and
// libFuzzer provides `main`. Build and run through Scripts/fuzz.sh, which passes the sanitizer flags.
import PackageDescription

let package = Package(
    name: "ecetoken-fuzz",
    dependencies: [
        // The package under test, by path. The targets `@testable import ECETokenKit` (built with
        // -enable-testing by Scripts/fuzz.sh and fuzz-ci.sh): what they fuzz beyond the public API (the audit
        // fast path, the input reader, the strict JSON parser) has package access, not public.
        .package(name: "ecetoken", path: "..")
    ],
    targets: [
        // The fixed key, the trap helper and the bytes conversion shared by the targets.
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "ECETokenKit", package: "ecetoken")]
        ),
        // Token framing, header policy, signature and claim checks (TokenInspector, SignatureVerifier).
        .executableTarget(
            name: "FuzzToken",
            dependencies: ["FuzzSupport", .product(name: "ECETokenKit", package: "ecetoken")]
        ),
        // StrictJSONParser and the JSON writer's round trip.
        .executableTarget(
            name: "FuzzJSON",
            dependencies: ["FuzzSupport", .product(name: "ECETokenKit", package: "ecetoken")]
        ),
        // Input detection: lines, API replies, bootstrap-secrets files, installer --roles values.
        .executableTarget(
            name: "FuzzInput",
            dependencies: ["FuzzSupport", .product(name: "ECETokenKit", package: "ecetoken")]
        ),
    ]
)
