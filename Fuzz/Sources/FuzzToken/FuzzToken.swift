// Fuzz target: token framing, header policy, signature verification and claim checks.
//
// Each input is taken as one token and inspected four ways: with the fixed key, without a key, without a
// key under other requirements and a leeway, and through `SignatureVerifier.verifyCompactJWS`. Because a
// mutated token almost never carries a valid HMAC, the input's `header.payload` is also re-signed with
// the fixed key (under the algorithm its header names), so the verified path and every claim check run
// on fuzzed claims too. Invariants that must hold between these views abort the process. Both the input and
// its re-signed form also go through the audit's fast path, which must agree with the full inspector
// wherever it answers, and whose JSONL line (`audit --format jsonl`) must be the full report's.
@testable import ECETokenKit
import FuzzSupport

private let policy = VerificationPolicy(allowedAlgorithms: FuzzSupport.allAlgorithms)
private let weakPolicy = VerificationPolicy(allowedAlgorithms: FuzzSupport.allAlgorithms, allowsWeakKey: true)

/// Requirements as an install preflight would set them (`--install-roles` among them).
private let requirements = PolicyRequirements(
    requiredRoles: ["allocator"],
    forbiddenRoles: ["director"],
    kind: .ephemeral,
    minimumValidity: 3600,
    issuer: "current",
    installRoles: "allocator,proxy"
)
/// Another set: exact roles, a persistent token with a given id.
private let otherRequirements = PolicyRequirements(
    exactRoles: ["coordinator", "director", "proxy"],
    kind: .persistent,
    tokenID: "084afa29-3107-4c92-82c9-95dd86af4e46",
    installRoles: "coordinator,director,proxy"
)

private let verifying = TokenInspector(key: FuzzSupport.key, policy: policy, requirements: requirements)
private let verifyingWeak = TokenInspector(key: FuzzSupport.key, policy: weakPolicy, requirements: otherRequirements)
private let decoding = TokenInspector(key: nil, policy: policy, requirements: requirements)
private let decodingOther = TokenInspector(
    key: nil,
    policy: VerificationPolicy(allowedAlgorithms: [.hs256], leeway: 300),
    requirements: otherRequirements
)
private let plain = TokenInspector(key: FuzzSupport.key)
private let fastPath: ECEFastPath = {
    guard
        let fastPath = ECEFastPath(
            key: FuzzSupport.key,
            policy: VerificationPolicy(),
            requirements: PolicyRequirements(),
            now: FuzzSupport.now
        )
    else { FuzzSupport.fail("no fast path for the fixed key") }
    return fastPath
}()
/// The audit's fast JSONL renderer, kept across inputs so that its cache of checks shapes fills and is hit.
private let jsonlRenderer = FastJSONLineRenderer(now: FuzzSupport.now, leeway: 0)
/// The input file name of the JSONL lines: one that JSON has to escape.
private let jsonlFile = "fuzz \"tokens\"\\1.txt"
private let verifier = SignatureVerifier(key: FuzzSupport.key)
private let weakVerifier = SignatureVerifier(key: FuzzSupport.key, allowsWeakKey: true)
private let signers: [HMACAlgorithm: HMACContext] = {
    var signers: [HMACAlgorithm: HMACContext] = [:]
    for algorithm in FuzzSupport.allAlgorithms {
        do {
            signers[algorithm] = try HMACContext(algorithm: algorithm, key: Array(FuzzSupport.keyText.utf8))
        } catch {
            FuzzSupport.fail("cannot create an HMAC context for \(algorithm.name): \(error)")
        }
    }
    return signers
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = FuzzSupport.bytes(data, count)
    let now = FuzzSupport.now
    let input = TokenInput(bytes: bytes, source: "fuzz")

    let checked = verifying.inspect(input, now: now)
    let decoded = decoding.inspect(input, now: now)
    let decodedOther = decodingOther.inspect(input, now: now)
    FuzzSupport.touch(checked)
    FuzzSupport.touch(decoded)
    FuzzSupport.touch(decodedOther)

    // Decoding does not depend on the key or the requirements.
    FuzzSupport.require(
        checked.decodingError?.code == decoded.decodingError?.code
            && decoded.decodingError?.code == decodedOther.decodingError?.code,
        "decoding differs between inspectors: \(String(describing: checked.decodingError?.code)) / "
            + "\(String(describing: decoded.decodingError?.code)) / \(String(describing: decodedOther.decodingError?.code))"
    )
    if checked.decodingError != nil {
        FuzzSupport.require(checked.signature == .unverified, "an undecodable token has a signature status")
        FuzzSupport.require(!checked.claimsChecked, "claims checked on an undecodable token")
        FuzzSupport.require(checked.outcome == .malformed, "an undecodable token is not reported malformed")
    }
    // Without a key nothing is verified, and whatever decodes has its claims checked (marked unverified).
    FuzzSupport.require(decoded.signature == .unverified, "a key-less inspector reported a signature status")
    FuzzSupport.require(
        decoded.claimsChecked == (decoded.decodingError == nil),
        "key-less inspection skipped or ran claim checks"
    )
    // A forged token's claims are never checked, so it is never reported as, say, expired.
    if case .invalid = checked.signature {
        FuzzSupport.require(!checked.claimsChecked, "claims checked although the signature is invalid")
        FuzzSupport.require(checked.outcome == .signatureInvalid, "invalid signature, outcome \(checked.outcome)")
    }
    if checked.signature == .valid {
        FuzzSupport.require(checked.claimsChecked, "a verified token's claims were not checked")
    }

    // The JWS layer alone agrees with the inspector.
    let jws = try? verifier.verifyCompactJWS(bytes, allowed: FuzzSupport.allAlgorithms)
    if checked.signature == .valid {
        FuzzSupport.require(jws != nil, "inspector verified a token that verifyCompactJWS rejects")
    }
    if jws != nil && checked.decodingError == nil {
        FuzzSupport.require(checked.signature == .valid, "verifyCompactJWS accepted a token the inspector rejects")
    }
    if let jws = jws {
        FuzzSupport.require(
            Array(jws.token.signingInput) + [UInt8(ascii: ".")] == Array(bytes.prefix(jws.token.signingInputEnd + 1)),
            "the signing input is not the received bytes"
        )
    }

    requireFastPathAgreement(bytes, now: now)
    resignAndInspect(bytes, now: now)
    return 0
}

/// Where the audit's fast path decides a token, it gives the full inspector's outcome and failure reasons,
/// and its JSONL line is byte for byte the full report's: the same members in the same order, the same values.
private func requireFastPathAgreement(_ bytes: [UInt8], now: Int64) {
    guard let facts = bytes.withUnsafeBytes({ fastPath.facts($0) }) else { return }
    let verdict = facts.verdict
    FuzzSupport.require(
        bytes.withUnsafeBytes({ fastPath.verdict($0) }) == verdict,
        "the fast path's verdict and facts disagree"
    )
    // A line number that varies with the input, so lines of the same shape differ in more than their token.
    let line = bytes.count + 1
    let report = plain.inspect(TokenInput(bytes: bytes, source: "\(jsonlFile):\(line)", line: line), now: now)
    FuzzSupport.require(
        verdict.outcome == report.outcome && verdict.failureReasons == AuditFailureReasons.of(report),
        "the fast path says \(verdict), the inspector \(report.outcome) \(AuditFailureReasons.of(report))"
    )
    // Twice: the first line of a checks shape is rendered from a full report, later ones from the cache.
    let full = Array(JSONRenderer().renderLine(.report(report), file: jsonlFile).utf8)
    for _ in 0..<2 {
        var fast: [UInt8] = []
        jsonlRenderer.render(facts, fastPath: fastPath, source: jsonlFile, line: line, into: &fast)
        if fast != full {
            FuzzSupport.fail(
                "the fast JSONL line differs from the full report's:\n"
                    + "fast: \(String(decoding: fast, as: UTF8.self))full: \(String(decoding: full, as: UTF8.self))"
            )
        }
    }
}

/// Replaces the input's signature with the fixed key's HMAC of its `header.payload` under the algorithm
/// its header names, then checks that the result verifies whenever it decodes.
private func resignAndInspect(_ bytes: [UInt8], now: Int64) {
    guard let lastDot = bytes.lastIndex(of: UInt8(ascii: ".")),
        let firstDot = bytes.firstIndex(of: UInt8(ascii: ".")), firstDot < lastDot,
        bytes.count <= CompactToken.maximumLength
    else { return }
    guard let headerBytes = try? Base64URL.decode(bytes[..<firstDot]),
        let header = try? JOSEHeader(decoding: headerBytes),
        let algorithm = try? header.acceptedAlgorithm(allowed: FuzzSupport.allAlgorithms),
        let signer = signers[algorithm]
    else { return }
    let signingInput = bytes[..<lastDot]
    let code: [UInt8]
    do {
        code = try signer.authenticationCode(for: signingInput)
    } catch {
        FuzzSupport.fail("HMAC failed: \(error)")
    }
    let signed = Array(signingInput) + [UInt8(ascii: ".")] + Array(Base64URL.encode(code).utf8)
    let input = TokenInput(bytes: signed, source: "fuzz-resigned")
    requireFastPathAgreement(signed, now: now)

    let strict = verifying.inspect(input, now: now)
    let weak = verifyingWeak.inspect(input, now: now)
    FuzzSupport.touch(strict)
    FuzzSupport.touch(weak)
    FuzzSupport.require(
        strict.decodingError?.code == weak.decodingError?.code,
        "re-signed token decodes differently by policy"
    )

    let framed = (try? CompactToken(parsing: signed)) != nil
    let jwsWeak = try? weakVerifier.verifyCompactJWS(signed, allowed: FuzzSupport.allAlgorithms)
    let jwsStrict = try? verifier.verifyCompactJWS(signed, allowed: FuzzSupport.allAlgorithms)
    let strongEnough = FuzzSupport.key.isStrongEnough(for: algorithm)
    if framed {
        FuzzSupport.require(jwsWeak != nil, "a correctly re-signed \(algorithm.name) token fails verifyCompactJWS")
        FuzzSupport.require(
            (jwsStrict != nil) == strongEnough,
            "weak-key rule not applied as expected for \(algorithm.name)"
        )
    }
    if weak.decodingError == nil {
        FuzzSupport.require(weak.signature == .valid, "a correctly re-signed token is reported \(weak.signature)")
        FuzzSupport.require(weak.claimsChecked, "a correctly re-signed token's claims were not checked")
        if strongEnough {
            FuzzSupport.require(
                strict.signature == .valid,
                "a correctly re-signed token is reported \(strict.signature)"
            )
        } else if case .invalid(let error) = strict.signature {
            FuzzSupport.require(error.code == .weakKey, "a weak-key rejection has code \(error.code)")
        } else {
            FuzzSupport.fail("a \(algorithm.name) token verified with a \(FuzzSupport.key.count)-byte key")
        }
    }
}
