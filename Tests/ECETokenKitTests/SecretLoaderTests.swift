import ECETokenKit
import Foundation
import Testing

private typealias Support = TokenKitTestSupport

/// The contents of a secret file, the key length it must give, and a phrase one warning must contain
/// (`nil`: no warning at all).
struct SecretFileCase: Sendable, CustomTestStringConvertible {
    let label: String
    let contents: String
    let keyLength: Int
    let warning: String?
    /// Whether the key is the test secret exactly (a token signed with it verifies).
    let isTheSecret: Bool

    var testDescription: String { label }
}

/// A secret source that must fail, the code it must fail with, and text its reason must never contain.
struct SecretErrorCase: Sendable, CustomTestStringConvertible {
    enum Kind: Sendable {
        case file
        case bootstrapSecrets
        case environment
    }

    let label: String
    let kind: Kind
    let contents: String
    let encoding: SecretEncoding
    let code: SecretError.Code
    /// Secret text planted in the contents; the reason must not contain it.
    let secret: String

    init(
        _ label: String,
        _ kind: Kind,
        _ contents: String,
        encoding: SecretEncoding = .raw,
        code: SecretError.Code,
        secret: String
    ) {
        self.label = label
        self.kind = kind
        self.contents = contents
        self.encoding = encoding
        self.code = code
        self.secret = secret
    }

    var testDescription: String { label }
}

@Suite("SecretLoader: files, environment and bootstrap-secrets.json, without ever showing the secret")
struct SecretLoaderTests {
    static let secret = Support.secretText
    static let fixture = InputScratchDirectory.fixture("bootstrap-secrets.json")
    static let noEnvironment: @Sendable (String) -> String? = { _ in nil }

    /// The error `body` throws, or `nil` (recording an issue) when it succeeds.
    static func error(_ body: () throws(SecretError) -> LoadedSecret) -> SecretError? {
        do {
            let loaded = try body()
            Issue.record("loaded a \(loaded.key.count)-byte key; expected an error")
            return nil
        } catch {
            return error
        }
    }

    /// Whether a token signed with ``secret`` verifies with `key`.
    static func verifiesTestToken(_ key: SigningKey) throws -> Bool {
        let token = try Support.token(payload: #"{"sub":"x","roles":["allocator"],"iss":"current","persistent":true}"#)
        do {
            _ = try SignatureVerifier(key: key, allowsWeakKey: true).verifyCompactJWS(
                Array(token.utf8),
                allowed: [.hs256]
            )
            return true
        } catch {
            #expect(error.code == .signatureMismatch)
            return false
        }
    }

    // MARK: .file

    @Test(
        "A secret file: exactly one trailing newline is stripped; any other whitespace is kept and warned about",
        arguments: [
            SecretFileCase(
                label: "one newline",
                contents: secret + "\n",
                keyLength: 44,
                warning: nil,
                isTheSecret: true
            ),
            SecretFileCase(label: "no newline", contents: secret, keyLength: 44, warning: nil, isTheSecret: true),
            SecretFileCase(
                label: "two newlines",
                contents: secret + "\n\n",
                keyLength: 45,
                warning: "a second newline",
                isTheSecret: false
            ),
            SecretFileCase(
                label: "CRLF",
                contents: secret + "\r\n",
                keyLength: 45,
                warning: "a carriage return",
                isTheSecret: false
            ),
            SecretFileCase(
                label: "trailing space",
                contents: secret + " \n",
                keyLength: 45,
                warning: "a space or tab",
                isTheSecret: false
            ),
            SecretFileCase(
                label: "trailing tab, no newline",
                contents: secret + "\t",
                keyLength: 45,
                warning: "a space or tab",
                isTheSecret: false
            ),
            SecretFileCase(
                label: "leading space",
                contents: " " + secret + "\n",
                keyLength: 45,
                warning: "starts with whitespace",
                isTheSecret: false
            ),
        ]
    )
    func secretFile(fileCase: SecretFileCase) throws {
        let scratch = try InputScratchDirectory()
        let path = try scratch.write(fileCase.contents, name: "secret.txt")
        let loaded = try SecretLoader.load(from: .file(path: path), environment: Self.noEnvironment)
        #expect(loaded.key.count == fileCase.keyLength)
        #expect(loaded.source == .file(path: path))
        #expect(try Self.verifiesTestToken(loaded.key) == fileCase.isTheSecret)
        if let warning = fileCase.warning {
            #expect(loaded.warnings.count == 1, "\(loaded.warnings)")
            #expect(loaded.warnings.contains { $0.contains(warning) }, "\(loaded.warnings)")
            #expect(loaded.warnings.allSatisfy { $0.contains("whitespace") }, "\(loaded.warnings)")
            #expect(loaded.warnings.allSatisfy { $0.contains(path) }, "\(loaded.warnings)")
        } else {
            #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        }
        #expect(loaded.warnings.allSatisfy { !$0.contains(Self.secret) })
    }

    @Test(
        "A secret file readable by group or others gets a permission warning; an owner-only one does not",
        arguments: [(0o600, nil), (0o400, nil), (0o700, nil), (0o644, "0644"), (0o640, "0640"), (0o604, "0604")]
            as [(Int, String?)]
    )
    func permissions(mode: Int, shown: String?) throws {
        let scratch = try InputScratchDirectory()
        let path = try scratch.write(Self.secret + "\n", name: "secret.txt", permissions: mode)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == mode)
        let loaded = try SecretLoader.load(from: .file(path: path), environment: Self.noEnvironment)
        #expect(loaded.key.count == 44)
        if let shown {
            #expect(loaded.warnings.count == 1, "\(loaded.warnings)")
            let warning = try #require(loaded.warnings.first)
            #expect(warning.contains("readable by group or others"))
            #expect(warning.contains("mode \(shown)"), "\(warning)")
            #expect(warning.contains("chmod 600 \(path)"), "\(warning)")
            #expect(!warning.contains(Self.secret))
        } else {
            #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        }
    }

    @Test("An empty secret file, or one holding only its newline, is refused as empty", arguments: ["", "\n"])
    func emptyFile(contents: String) throws {
        let scratch = try InputScratchDirectory()
        let path = try scratch.write(contents, name: "secret.txt")
        let error = try #require(
            Self.error { () throws(SecretError) in try SecretLoader.load(from: .file(path: path)) }
        )
        #expect(error.code == .empty)
        #expect(error.reason.contains(path), "\(error)")
    }

    @Test("A missing secret file is unreadable, and the reason names the path", arguments: [false, true])
    func missingFile(asBootstrapSecrets: Bool) throws {
        let scratch = try InputScratchDirectory()
        let path = scratch.path("no-such-secret.txt")
        let source: SecretSource = asBootstrapSecrets ? .bootstrapSecrets(path: path) : .file(path: path)
        let error = try #require(Self.error { () throws(SecretError) in try SecretLoader.load(from: source) })
        #expect(error.code == .unreadable)
        #expect(error.reason.contains(path), "\(error)")
        #expect(error.reason.contains("cannot open"), "\(error)")
    }

    @Test("A directory given as the secret file is unreadable")
    func directory() throws {
        let scratch = try InputScratchDirectory()
        let error = try #require(
            Self.error { () throws(SecretError) in try SecretLoader.load(from: .file(path: scratch.url.path)) }
        )
        #expect(error.code == .unreadable)
        #expect(error.reason.contains("directory"), "\(error)")
    }

    @Test("A secret file larger than the limit is unreadable, and the reason shows none of it")
    func tooLarge() throws {
        let scratch = try InputScratchDirectory()
        let contents = String(repeating: "Zq9-marker-", count: SecretLoader.maximumSecretFileSize / 11 + 10)
        let path = try scratch.write(contents, name: "secret.txt")
        let error = try #require(
            Self.error { () throws(SecretError) in try SecretLoader.load(from: .file(path: path)) }
        )
        #expect(error.code == .unreadable)
        #expect(error.reason.contains("\(SecretLoader.maximumSecretFileSize)"), "\(error)")
        #expect(!error.reason.contains("Zq9"))
    }

    @Test("A whole bootstrap-secrets.json given as a secret file is refused, without showing the file")
    func wholeBootstrapSecretsAsFile() throws {
        let error = try #require(
            Self.error { () throws(SecretError) in try SecretLoader.load(from: .file(path: Self.fixture)) }
        )
        #expect(error.code == .wholeBootstrapSecretsFile)
        #expect(error.reason.contains("is a whole ECE bootstrap-secrets.json, not a bare secret"), "\(error)")
        #expect(!error.reason.contains("--"), "the library names no flag of the tool: \(error)")
        #expect(!error.reason.contains("6HdYPFHshlNfAloqKyW46TrD2npZ8mtfYbtCJh8I4GE="))
        #expect(!error.reason.contains("dummy"))
    }

    @Test(
        "A whole bootstrap-secrets.json with leading whitespace or a BOM is still refused as a whole file",
        arguments: ["\n", "  ", "\r\n", "\u{FEFF}"]
    )
    func wholeBootstrapSecretsWithLeadingWhitespace(prefix: String) throws {
        let scratch = try InputScratchDirectory()
        let contents = try String(contentsOfFile: Self.fixture, encoding: .utf8)
        let path = try scratch.write(prefix + contents, name: "bootstrap-secrets.json")
        let result = Result { () throws(SecretError) in try SecretLoader.load(from: .file(path: path)) }
        switch result {
        case .success(let loaded):
            Issue.record("loaded as a \(loaded.key.count)-byte HMAC key, warnings: \(loaded.warnings)")
        case .failure(let error):
            #expect(error.code == .wholeBootstrapSecretsFile, "\(error)")
        }
    }

    @Test("A path with control characters is shown escaped in the reason", arguments: [false, true])
    func escapedPath(asBootstrapSecrets: Bool) throws {
        let scratch = try InputScratchDirectory()
        let path = scratch.path("no\nsuch\u{1B}[31m.txt")
        let source: SecretSource = asBootstrapSecrets ? .bootstrapSecrets(path: path) : .file(path: path)
        let error = try #require(Self.error { () throws(SecretError) in try SecretLoader.load(from: source) })
        #expect(error.code == .unreadable)
        #expect(error.reason.contains(EscapedText.escape(path)), "\(error)")
        #expect(!error.reason.contains("\n"))
        #expect(!error.reason.contains("\u{1B}"))
    }

    // MARK: .environment

    @Test("An environment variable is read through the injected lookup and used exactly as set")
    func environment() throws {
        var asked: [String] = []
        let loaded = try SecretLoader.load(from: .environment(name: "MY_SECRET")) { name in
            asked.append(name)
            return name == "MY_SECRET" ? Self.secret : nil
        }
        #expect(asked == ["MY_SECRET"])
        #expect(loaded.key.count == 44)
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.source == .environment(name: "MY_SECRET"))
        #expect(try Self.verifiesTestToken(loaded.key))
        #expect(SecretSource.defaultEnvironmentVariable == "ECETOKEN_SECRET")
    }

    @Test("A trailing newline in an environment variable is kept, and warned about")
    func environmentNewline() throws {
        let loaded = try SecretLoader.load(from: .environment(name: "S")) { _ in Self.secret + "\n" }
        #expect(loaded.key.count == 45)
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings.first?.contains("environment variable S") == true, "\(loaded.warnings)")
        #expect(try !Self.verifiesTestToken(loaded.key))
    }

    @Test("An unset environment variable is environmentVariableUnset, naming the variable")
    func environmentUnset() throws {
        let error = try #require(
            Self.error { () throws(SecretError) in
                try SecretLoader.load(from: .environment(name: "ECETOKEN_TEST_UNSET"), environment: Self.noEnvironment)
            }
        )
        #expect(error.code == .environmentVariableUnset)
        #expect(error.reason.contains("ECETOKEN_TEST_UNSET"))
    }

    @Test("An environment variable set to the empty string is refused as empty")
    func environmentEmpty() throws {
        let error = try #require(
            Self.error { () throws(SecretError) in try SecretLoader.load(from: .environment(name: "S")) { _ in "" } }
        )
        #expect(error.code == .empty)
    }

    // MARK: .bootstrapSecrets

    @Test("bootstrap_tokens_secret is read from bootstrap-secrets.json as written: 44 bytes, and verifies its tokens")
    func bootstrapSecrets() throws {
        let loaded = try SecretLoader.load(from: .bootstrapSecrets(path: Self.fixture), environment: Self.noEnvironment)
        #expect(loaded.key.count == 44)
        #expect(loaded.source == .bootstrapSecrets(path: Self.fixture))
        #expect(loaded.warnings.allSatisfy { !$0.contains("whitespace") }, "\(loaded.warnings)")
        // The fixture's install-time tokens are signed with its secret.
        let items = TokenInputReader(try ByteSource(path: Self.fixture)).items()
        #expect(items.count == 3)
        let verifier = SignatureVerifier(key: loaded.key)
        for item in items {
            guard case .token(let input) = item else {
                Issue.record("not a token: \(item)")
                continue
            }
            #expect(throws: Never.self, "\(input.source)") {
                try verifier.verifyCompactJWS(input.bytes, allowed: [.hs256])
            }
        }
    }

    @Test("bootstrap-secrets.json with loose permissions is warned about; owner-only is not")
    func bootstrapSecretsPermissions() throws {
        let scratch = try InputScratchDirectory()
        let contents = try Data(contentsOf: URL(fileURLWithPath: Self.fixture))
        for (mode, warns) in [(0o644, true), (0o600, false)] {
            let path = try scratch.write(Array(contents), name: "bootstrap-secrets-\(mode).json", permissions: mode)
            let loaded = try SecretLoader.load(from: .bootstrapSecrets(path: path), environment: Self.noEnvironment)
            #expect(loaded.key.count == 44)
            #expect(loaded.warnings.count == (warns ? 1 : 0), "\(loaded.warnings)")
            #expect(loaded.warnings.allSatisfy { $0.contains("readable by group or others") })
        }
    }

    @Test(
        "A bootstrap-secrets file without a usable bootstrap_tokens_secret is invalidBootstrapSecrets",
        arguments: [
            #"{"allocator_only_token":"eyJ.a.b","root_password":"Pw-7Hq2"}"#,
            #"{}"#,
            #"{"bootstrap_tokens_secret":12345678}"#,
            #"{"bootstrap_tokens_secret":null}"#,
            #"{"bootstrap_tokens_secret":["Pw-7Hq2"]}"#,
        ]
    )
    func bootstrapSecretsWithoutSecret(contents: String) throws {
        let scratch = try InputScratchDirectory()
        let path = try scratch.write(contents, name: "bootstrap-secrets.json")
        let error = try #require(
            Self.error { () throws(SecretError) in try SecretLoader.load(from: .bootstrapSecrets(path: path)) }
        )
        #expect(error.code == .invalidBootstrapSecrets)
        #expect(error.reason.contains(BootstrapSecrets.secretMember), "\(error)")
        #expect(error.reason.contains(path), "\(error)")
        #expect(!error.reason.contains("Pw-7Hq2"))
        #expect(!error.reason.contains("12345678"))
    }

    @Test(
        "A bootstrap-secrets file that is not a JSON object is invalidBootstrapSecrets, and the reason shows none of it",
        arguments: [
            #"{"bootstrap_tokens_secret": "Qz7-hunter2-Wq9", "root_password": oops}"#,
            #"{"bootstrap_tokens_secret": "Qz7-hunter2-Wq9""#,
            #"["Qz7-hunter2-Wq9"]"#,
            #"Qz7-hunter2-Wq9"#,
            "{\"bootstrap_tokens_secret\": \"Qz7-hunter2-Wq9\"}\n{\"extra\": \"Xv4-trailing-Lm2\"}",
        ]
    )
    func bootstrapSecretsInvalidJSON(contents: String) throws {
        let scratch = try InputScratchDirectory()
        let path = try scratch.write(contents, name: "broken.json")
        let error = try #require(
            Self.error { () throws(SecretError) in try SecretLoader.load(from: .bootstrapSecrets(path: path)) }
        )
        #expect(error.code == .invalidBootstrapSecrets)
        #expect(error.reason.contains(path), "\(error)")
        // Apart from the path, not even a five-byte piece of the file's content appears in the reason.
        let rest = Array(error.reason.replacingOccurrences(of: path, with: "").utf8)
        let content = Array(contents.utf8)
        let leaked = (0...(content.count - 5)).map { content[$0..<($0 + 5)] }.filter { piece in
            rest.indices.dropLast(4).contains { rest[$0..<($0 + 5)].elementsEqual(piece) }
        }
        #expect(
            leaked.isEmpty,
            "reason \(error.reason.debugDescription) contains \(leaked.map { String(decoding: $0, as: UTF8.self) })"
        )
    }

    // MARK: no error shows the secret

    @Test(
        "No error's reason contains the secret text",
        arguments: [
            SecretErrorCase(
                "bootstrap-secrets.json that is not valid JSON",
                .bootstrapSecrets,
                #"{"bootstrap_tokens_secret": "Kx8-planted-Rt3", }"#,
                code: .invalidBootstrapSecrets,
                secret: "Kx8-planted-Rt3"
            ),
            SecretErrorCase(
                "bootstrap_tokens_secret that is a number",
                .bootstrapSecrets,
                #"{"bootstrap_tokens_secret": 918273645}"#,
                code: .invalidBootstrapSecrets,
                secret: "918273645"
            ),
            SecretErrorCase(
                "bootstrap-secrets.json without the secret, with a password",
                .bootstrapSecrets,
                #"{"root_password": "Kx8-planted-Rt3"}"#,
                code: .invalidBootstrapSecrets,
                secret: "Kx8-planted-Rt3"
            ),
            SecretErrorCase(
                "an empty bootstrap_tokens_secret",
                .bootstrapSecrets,
                #"{"bootstrap_tokens_secret": "", "root_password": "Kx8-planted-Rt3"}"#,
                code: .empty,
                secret: "Kx8-planted-Rt3"
            ),
            SecretErrorCase(
                "a whole bootstrap-secrets.json as a file",
                .file,
                #"{"bootstrap_tokens_secret": "Kx8-planted-Rt3", "root_password": "Pw-planted"}"#,
                code: .wholeBootstrapSecretsFile,
                secret: "Kx8-planted-Rt3"
            ),
            SecretErrorCase(
                "a whole bootstrap-secrets.json in the environment",
                .environment,
                #"{"bootstrap_tokens_secret": "Kx8-planted-Rt3"}"#,
                code: .wholeBootstrapSecretsFile,
                secret: "Kx8-planted-Rt3"
            ),
            SecretErrorCase(
                "a PEM public key as a file",
                .file,
                "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKx8plantedRt3\n-----END PUBLIC KEY-----\n",
                code: .looksLikePublicKey,
                secret: "Kx8plantedRt3"
            ),
            SecretErrorCase(
                "a JWK in the environment",
                .environment,
                #"{"kty":"RSA","e":"AQAB","n":"Kx8-planted-Rt3"}"#,
                code: .looksLikePublicKey,
                secret: "Kx8-planted-Rt3"
            ),
            SecretErrorCase(
                "bad hex",
                .file,
                "00112233Kx8plantedRt3\n",
                encoding: .hex,
                code: .invalidEncoding,
                secret: "Kx8plantedRt3"
            ),
            SecretErrorCase(
                "odd-length hex",
                .environment,
                "0011223Kx8plantedRt3",
                encoding: .hex,
                code: .invalidEncoding,
                secret: "Kx8plantedRt3"
            ),
            SecretErrorCase(
                "bad base64",
                .file,
                "Kx8*planted*Rt3=\n",
                encoding: .base64,
                code: .invalidEncoding,
                secret: "Kx8*planted"
            ),
            SecretErrorCase(
                "a file too large",
                .file,
                String(repeating: "Kx8-planted-Rt3 ", count: 5_000),
                code: .unreadable,
                secret: "Kx8-planted-Rt3"
            ),
        ]
    )
    func reasonsNeverShowTheSecret(errorCase: SecretErrorCase) throws {
        let scratch = try InputScratchDirectory()
        let source: SecretSource
        switch errorCase.kind {
        case .file: source = .file(path: try scratch.write(errorCase.contents, name: "secret-input"))
        case .bootstrapSecrets:
            source = .bootstrapSecrets(path: try scratch.write(errorCase.contents, name: "secret-input"))
        case .environment: source = .environment(name: "ECETOKEN_SECRET")
        }
        let contents = errorCase.contents
        let error = try #require(
            Self.error { () throws(SecretError) in
                try SecretLoader.load(from: source, encoding: errorCase.encoding) { _ in contents }
            }
        )
        #expect(error.code == errorCase.code, "\(error)")
        #expect(!error.reason.contains(errorCase.secret), "\(error.reason)")
        #expect(!error.description.contains(errorCase.secret))
    }
}
