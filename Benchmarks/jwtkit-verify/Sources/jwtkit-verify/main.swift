// jwtkit-verify SECRET_FILE TOKEN: verifies one HS256 roles token with jwt-kit, as a Swift developer
// would, and prints its roles. Exits 0 when it verifies, 1 otherwise.
import Foundation
import JWTKit

/// The claims of an ECE roles token that this comparison reads.
struct RolesPayload: JWTPayload {
    var sub: SubjectClaim
    var roles: [String]
    var exp: ExpirationClaim?

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp?.verifyNotExpired()
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let secret = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: jwtkit-verify SECRET_FILE TOKEN\n".utf8))
    exit(64)
}
var secretText = String(decoding: secret, as: UTF8.self)
if secretText.hasSuffix("\n") { secretText.removeLast() }

let keys = JWTKeyCollection()
await keys.add(hmac: HMACKey(from: secretText), digestAlgorithm: .sha256)
do {
    let payload = try await keys.verify(arguments[2], as: RolesPayload.self)
    print(payload.roles.joined(separator: ","))
} catch {
    FileHandle.standardError.write(Data("jwtkit-verify: \(error)\n".utf8))
    exit(1)
}
