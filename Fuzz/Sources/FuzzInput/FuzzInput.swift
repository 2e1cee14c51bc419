// Fuzz target: input detection and the other parsers of operator-supplied text.
//
// Each input is written to one scratch file per process (rewritten every run) and read back through
// `TokenInputReader` (lines, `#` comments, API replies, bootstrap-secrets documents) and through a
// `LineReader` with a small line limit; every token found is inspected. The same bytes then go through
// `BootstrapSecrets(parsing:source:)`, `InstallPreflight`, `TokenArgument`, `Durations`, `Timestamps`,
// `SecretEncoding` and `SigningKey`. The audit's way of reading (the first line alone, then blocks of lines
// on two workers, with and without the fast path) must count exactly what item-by-item reading counts.
@testable import ECETokenKit
import FuzzSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The scratch file: one per process, removed at exit.
private let scratchPath: String = {
    let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    let path = "\(directory)/ecetoken-fuzz-input-\(getpid())"
    atexit { unlink(scratchPath) }
    return path
}()

private let inspector = TokenInspector(
    key: FuzzSupport.key,
    policy: VerificationPolicy(allowedAlgorithms: FuzzSupport.allAlgorithms),
    requirements: PolicyRequirements(kind: .persistent, installRoles: "allocator")
)
private let keylessInspector = TokenInspector(key: nil)

/// The most tokens inspected per input, so a file of thousands of one-byte lines stays fast.
private let inspectionLimit = 32

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInputOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = FuzzSupport.bytes(data, count)
    writeScratchFile(bytes)
    readTokens(bytes)
    auditBlocks()
    readLines(bytes)
    readBootstrapSecrets(bytes)
    parseText(bytes)
    return 0
}

private func writeScratchFile(_ bytes: [UInt8]) {
    let descriptor = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    FuzzSupport.require(descriptor >= 0, "cannot open \(scratchPath): errno \(errno)")
    defer { close(descriptor) }
    var written = 0
    while written < bytes.count {
        let result = bytes.withUnsafeBytes { buffer in
            write(descriptor, buffer.baseAddress! + written, buffer.count - written)
        }
        if result < 0 && errno == EINTR { continue }
        FuzzSupport.require(result > 0, "cannot write \(scratchPath): errno \(errno)")
        written += result
    }
}

private func openScratchFile() -> ByteSource {
    do {
        return try ByteSource(path: scratchPath)
    } catch {
        FuzzSupport.fail("cannot reopen the scratch file: \(error)")
    }
}

/// `TokenInputReader`: every input yields at least one item, and every token found is inspected.
private func readTokens(_ bytes: [UInt8]) {
    let items = TokenInputReader(openScratchFile()).items()
    FuzzSupport.require(!items.isEmpty, "the reader yielded nothing (it must yield a token or a problem)")
    let secret = bootstrapSecretValue(bytes)
    var inspected = 0
    for item in items {
        switch item {
        case .token(let input):
            FuzzSupport.require(input.source.hasPrefix(scratchPath), "a token's source does not name the file")
            if input.rawBytes != input.bytes {
                // The one whitespace rule for tokens: spaces, tabs, CR and LF around it, at both ends.
                FuzzSupport.require(trimmed(input.rawBytes) == input.bytes, "a token line trimmed wrongly")
            }
            guard inspected < inspectionLimit else { continue }
            inspected += 1
            FuzzSupport.touch(inspector.inspect(input, now: FuzzSupport.now))
            FuzzSupport.touch(keylessInspector.inspect(input, now: FuzzSupport.now))
        case .problem(let problem):
            FuzzSupport.require(!problem.reason.isEmpty, "a problem without a reason")
            FuzzSupport.blackHole(problem.description.utf8.count)
            if let secret = secret {
                FuzzSupport.require(
                    !contains(problem.reason.utf8, secret),
                    "a reader problem quotes bootstrap_tokens_secret"
                )
            }
        }
    }
}

private let auditInspector = TokenInspector(key: FuzzSupport.key)
private let auditors = [LineBlockAuditor.Mode.reports, .counts].map { mode in
    LineBlockAuditor(
        key: FuzzSupport.key,
        policy: VerificationPolicy(),
        requirements: PolicyRequirements(),
        now: FuzzSupport.now,
        jobs: 2,
        mode: mode
    )
}

/// The audit's block reading, with full reports and with fast-path counting, gives the summary of reading
/// item by item and inspecting every token.
private func auditBlocks() {
    var reference = AuditSummary()
    TokenInputReader(openScratchFile()).forEachItem { item in
        switch item {
        case .token(let input): reference.add(auditInspector.inspect(input, now: FuzzSupport.now))
        case .problem(let problem): reference.add(problem)
        }
    }
    for auditor in auditors {
        var summary = AuditSummary()
        TokenInputReader(openScratchFile()).forEachItem(
            lineBlocks: { block in
                var sawContent = false
                auditor.audit(block, source: scratchPath) { result in
                    summary.add(result.tally)
                    for item in result.items {
                        switch item {
                        case .report(let report): summary.add(report)
                        case .problem(let problem): summary.add(problem)
                        }
                    }
                    sawContent = sawContent || result.sawContent
                }
                return sawContent
            },
            { item in
                switch item {
                case .token(let input): summary.add(auditInspector.inspect(input, now: FuzzSupport.now))
                case .problem(let problem): summary.add(problem)
                }
            }
        )
        FuzzSupport.require(summary == reference, "block auditing counts \(summary), item by item \(reference)")
    }
}

/// `LineReader` with a small limit: numbers count up by one, kept lines fit the limit and hold no newline,
/// and kept plus skipped lengths add up to the input.
private func readLines(_ bytes: [UInt8]) {
    let limit = 100
    let lines = LineReader(openScratchFile(), maximumLineLength: limit)
    var expectedNumber = 1
    var total = 0
    do {
        while let line = try lines.next() {
            switch line {
            case .text(let number, let text):
                FuzzSupport.require(number == expectedNumber, "line \(number) after \(expectedNumber - 1)")
                FuzzSupport.require(text.count <= limit, "a kept line of \(text.count) bytes over the limit")
                FuzzSupport.require(!text.contains(0x0A), "a line holds a newline")
                total += text.count
            case .tooLong(let number, let length):
                FuzzSupport.require(number == expectedNumber, "line \(number) after \(expectedNumber - 1)")
                FuzzSupport.require(length > limit, "a line of \(length) bytes reported too long")
                total += length
            }
            expectedNumber += 1
        }
    } catch {
        FuzzSupport.fail("reading the scratch file failed: \(error)")
    }
    let newlines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    FuzzSupport.require(
        total + newlines == bytes.count,
        "line lengths add up to \(total) + \(newlines) newlines, not \(bytes.count)"
    )
    let expectedLines = bytes.isEmpty ? 0 : newlines + (bytes.last == 0x0A ? 0 : 1)
    FuzzSupport.require(expectedNumber - 1 == expectedLines, "\(expectedNumber - 1) lines, expected \(expectedLines)")
}

/// `BootstrapSecrets(parsing:source:)`: its error messages never quote the secret.
private func readBootstrapSecrets(_ bytes: [UInt8]) {
    do {
        let secrets = try BootstrapSecrets(parsing: bytes, source: "fuzz")
        FuzzSupport.blackHole(secrets.tokens.count &+ (secrets.secret?.count ?? 0))
        for (member, token) in secrets.tokens {
            FuzzSupport.require(BootstrapSecrets.tokenMembers.contains(member), "unexpected member \(member)")
            FuzzSupport.touch(
                keylessInspector.inspect(TokenInput(bytes: Array(token.utf8), source: member), now: FuzzSupport.now)
            )
        }
    } catch {
        FuzzSupport.require(error.code == .invalidBootstrapSecrets, "unexpected code \(error.code)")
        if let secret = bootstrapSecretValue(bytes) {
            FuzzSupport.require(!contains(error.reason.utf8, secret), "a bootstrap-secrets error quotes the secret")
        }
    }
}

/// The other parsers of text an operator types or pastes. The command-line values (`--install-roles`,
/// durations, times, the TOKEN argument) see at most the first 256 bytes, as real ones are under 100 (their
/// parsers work on Characters, which is slow under instrumentation); secret text sees all of it, as a secret
/// file may be 64 KiB.
private func parseText(_ bytes: [UInt8]) {
    let text = String(decoding: bytes.prefix(256), as: UTF8.self)

    let parsed = InstallPreflight.parse(installRoles: text)
    FuzzSupport.require(!parsed.roles.contains(""), "an empty role name survived splitting")
    if parsed.problems.isEmpty {
        FuzzSupport.require(!text.isEmpty, "an empty --roles value has no problem")
        FuzzSupport.require(
            parsed.roles.allSatisfy { Role(rawValue: $0) != nil },
            "an accepted --roles value names an unknown role"
        )
    }
    FuzzSupport.blackHole(InstallPreflight.tokenTextProblems(bytes.prefix(CompactToken.maximumLength).map { $0 }).count)

    switch TokenArgument(text, fileExists: { _ in false }) {
    case .standardInput: FuzzSupport.require(text == "-", "only '-' means standard input")
    case .file(let path): FuzzSupport.require(path == text, "a file argument changed its path")
    case .literal(let token): FuzzSupport.require(token == text, "a literal argument changed its text")
    case .unrecognized(let argument):
        FuzzSupport.require(argument == text, "an unrecognized argument changed its text")
        // A secret pasted as a TOKEN argument is never echoed whole (the wording has spaces; a secret not).
        if text.unicodeScalars.count > 40, !text.contains(" ") {
            let reason = TokenArgument.unrecognizedProblem(text, index: 0).reason
            FuzzSupport.require(!reason.contains(text), "an unrecognized argument was echoed whole")
        }
    }

    if let seconds = Durations.parse(text) {
        FuzzSupport.require(seconds >= 0, "a negative duration from \(text.debugDescription)")
        FuzzSupport.blackHole(Durations.describe(seconds: seconds).utf8.count)
    }
    if let seconds = Timestamps.parseRFC3339(text), let formatted = Timestamps.rfc3339(seconds) {
        FuzzSupport.require(
            Timestamps.parseRFC3339(formatted) == seconds,
            "\(formatted) does not parse back to \(seconds)"
        )
    }

    // SigningKey(secretText:encoding:) is the public-key screen, then keyBytes(from:); the screen does not
    // depend on the encoding, so it runs once and each decoding runs on its own.
    for encoding in SecretEncoding.allCases {
        if let key = try? encoding.keyBytes(from: bytes) {
            FuzzSupport.blackHole(key.count)
        }
    }
    if let key = try? SigningKey(secretText: bytes, encoding: .raw) {
        FuzzSupport.require(key.count == bytes.count, "a raw key is not the text's bytes")
        FuzzSupport.blackHole(key.description.utf8.count)
    }
}

/// `bootstrap_tokens_secret` when the input is a JSON object holding it as a string of at least 16 bytes
/// (shorter values could turn up in fixed message text by chance).
private func bootstrapSecretValue(_ bytes: [UInt8]) -> [UInt8]? {
    let parser = StrictJSONParser(maximumDepth: 64, maximumBytes: BootstrapSecrets.maximumFileSize)
    guard let object = try? parser.parseObject(bytes), case .string(let secret) = object[BootstrapSecrets.secretMember],
        secret.utf8.count >= 16
    else { return nil }
    return Array(secret.utf8)
}

/// Spaces, tabs, CR and LF off both ends: the one whitespace rule for tokens (TokenInput.tokenRange).
private func trimmed(_ bytes: [UInt8]) -> [UInt8] {
    var slice = bytes[...]
    let whitespace: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0A]
    while let first = slice.first, whitespace.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, whitespace.contains(last) { slice = slice.dropLast() }
    return Array(slice)
}

/// Whether `haystack` contains `needle` as a contiguous run.
private func contains<Haystack: Collection>(_ haystack: Haystack, _ needle: [UInt8]) -> Bool
where Haystack.Element == UInt8 {
    let hay = Array(haystack)
    guard !needle.isEmpty, hay.count >= needle.count else { return false }
    for start in 0...(hay.count - needle.count) where hay[start] == needle[0] {
        if hay[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
}
