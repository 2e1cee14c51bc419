// swift-tools-version:6.0
// A program that uses ECETokenKit the way an adopter would: a separate package depending on this one
// by path, with the library's public API only (no @testable, no package access). Scripts/example.sh
// builds and runs it; it exits non-zero when the library does not behave as this program expects.
import PackageDescription

let package = Package(
    name: "VerifyOneToken",
    dependencies: [
        .package(name: "ecetoken", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "VerifyOneToken",
            dependencies: [.product(name: "ECETokenKit", package: "ecetoken")]
        )
    ],
    swiftLanguageModes: [.v6]
)
