// Verifies an ECE roles token in one call and prints what it grants.
//
//   VerifyOneToken                     the built-in demo: a good token, then the same token tampered with
//   VerifyOneToken TOKEN SECRET        verifies TOKEN with SECRET (bootstrap_tokens_secret as written)
import ECETokenKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The synthetic secret and a persistent allocator token of the package's Fixtures/.
let demoSecret = "6HdYPFHshlNfAloqKyW46TrD2npZ8mtfYbtCJh8I4GE="
let demoToken =
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwODRhZmEyOS0zMTA3LTRjOTItODJjOS05NWRkODZhZjRlNDYiLCJyb2xlc"
    + "yI6WyJhbGxvY2F0b3IiXSwiaXNzIjoiY3VycmVudCIsInBlcnNpc3RlbnQiOnRydWV9.lekqzwHNStmgIO5g_pqI9v1O_RjyoON9_2tgYke86hk"

func fail(_ message: String) -> Never {
    print("VerifyOneToken: error: \(message)")
    exit(1)
}

/// Prints what `token` grants; returns the error when it is rejected.
func show(_ token: String, verifier: RolesTokenVerifier) -> TokenError? {
    do {
        let verified = try verifier.verify(token)
        let roles: [Role] = verified.roles
        let kind: TokenKind = verified.kind
        let expiresAt: Int64? = verified.expiresAt
        let tokenID: String? = verified.tokenID
        print("kind: \(kind.rawValue)")
        print("roles: \(roles.map(\.rawValue).joined(separator: ", "))")
        if !verified.unknownRoles.isEmpty { print("unknown roles: \(verified.unknownRoles.joined(separator: ", "))") }
        print("expires at: \(expiresAt.map { String($0) } ?? "never (persistent)")")
        print("token id: \(tokenID ?? "none")")
        return nil
    } catch {
        let typed: TokenError = error
        print("rejected: \(typed.code): \(typed.reason)")
        return typed
    }
}

let arguments = CommandLine.arguments.dropFirst()
if arguments.count == 2 {
    let verifier: RolesTokenVerifier
    do {
        verifier = try RolesTokenVerifier(secret: arguments.last!)
    } catch {
        fail("unusable secret: \(error.reason)")
    }
    exit(show(arguments.first!, verifier: verifier) == nil ? 0 : 2)
}
guard arguments.isEmpty else { fail("usage: VerifyOneToken [TOKEN SECRET]") }

let verifier: RolesTokenVerifier
do {
    verifier = try RolesTokenVerifier(secret: demoSecret)
} catch {
    fail("the demo secret was refused: \(error.reason)")
}
print("== the demo token")
if let error = show(demoToken, verifier: verifier) { fail("the demo token was rejected: \(error.code)") }

print("== the same token with its last signature character changed")
var tampered = demoToken
let last = tampered.removeLast()
tampered.append(last == "A" ? "B" : "A")
guard let error = show(tampered, verifier: verifier) else { fail("a tampered token verified") }
guard error.code == .signatureMismatch, error.reason.contains("signature") else {
    fail("a tampered token gave \(error.code), not a signature error")
}
print("ok")
