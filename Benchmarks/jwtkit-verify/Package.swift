// swift-tools-version:6.2
// A jwt-kit HS256 verifier, the comparison for ecetoken's start-up (Benchmarks/run.sh with
// BENCH_JWTKIT=1): one process that reads a secret file, verifies one token with jwt-kit, prints its
// roles and exits 0, or exits 1. Built apart from the package so that ecetoken never depends on jwt-kit.
import PackageDescription

let package = Package(
    name: "jwtkit-verify",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0")
    ],
    targets: [
        .executableTarget(
            name: "jwtkit-verify",
            dependencies: [.product(name: "JWTKit", package: "jwt-kit")]
        )
    ]
)
