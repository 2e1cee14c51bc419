/// Finds the tokens in a file or stream, whatever shape it has:
/// - one token per line (blank lines and `#` comments skipped, CRLF accepted);
/// - enrollment-tokens API replies `{"token": …, "token_id": …}`, one per line or one whole document;
/// - an ECE `bootstrap-secrets.json` (its three install-time tokens; nothing else is read from it).
///
/// Every line yields a token or a problem, in input order; nothing is skipped silently.
public struct TokenInputReader {
    /// The largest multi-line JSON document accepted.
    public static let maximumDocumentSize = BootstrapSecrets.maximumFileSize

    private let source: ByteSource

    /// Reads from `source`.
    public init(_ source: ByteSource) {
        self.source = source
    }

    /// Calls `body` with each item in input order.
    public func forEachItem(_ body: (InputItem) -> Void) {
        let lines = LineReader(source)
        var sawContent = false
        do {
            while let line = try lines.next() {
                switch line {
                case .tooLong(let number, let length):
                    sawContent = true
                    body(
                        .problem(
                            InputProblem(
                                .undecodable, source: "\(source.name):\(number)",
                                reason: "line is \(length) bytes, longer than the "
                                    + "\(LineReader.defaultMaximumLineLength)-byte limit; skipped to its end")))
                case .text(let number, let raw):
                    let bytes = Self.trimmed(raw)
                    if bytes.isEmpty || bytes.first == UInt8(ascii: "#") { continue }
                    let location = "\(source.name):\(number)"
                    if bytes.first == UInt8(ascii: "{") {
                        if !sawContent, (try? StrictJSONParser().parseObject(bytes)) == nil {
                            // The first thing in the input is a JSON object spread over several lines.
                            readDocument(firstLine: raw, lineNumber: number, lines: lines, body)
                            return
                        }
                        sawContent = true
                        Self.items(fromJSONLine: bytes, location: location).forEach(body)
                        continue
                    }
                    sawContent = true
                    body(.token(TokenInput(bytes: bytes, source: location, rawBytes: raw)))
                }
            }
            if !sawContent {
                body(.problem(InputProblem(.undecodable, source: source.name, reason: "no token found (empty input)")))
            }
        } catch {
            body(.problem(error))
        }
    }

    /// Collects every item into an array.
    public func items() -> [InputItem] {
        var result: [InputItem] = []
        forEachItem { result.append($0) }
        return result
    }

    private func readDocument(
        firstLine: [UInt8], lineNumber: Int, lines: LineReader, _ body: (InputItem) -> Void
    ) {
        var document = firstLine
        document.append(UInt8(ascii: "\n"))
        do {
            while let line = try lines.next() {
                switch line {
                case .text(_, let bytes):
                    document.append(contentsOf: bytes)
                    document.append(UInt8(ascii: "\n"))
                case .tooLong(let number, _):
                    body(
                        .problem(
                            InputProblem(
                                .undecodable, source: "\(source.name):\(number)",
                                reason: "a JSON document line is longer than the limit")))
                    return
                }
                if document.count > Self.maximumDocumentSize {
                    body(
                        .problem(
                            InputProblem(
                                .undecodable, source: source.name,
                                reason: "JSON document larger than \(Self.maximumDocumentSize) bytes")))
                    return
                }
            }
        } catch {
            body(.problem(error))
            return
        }
        Self.items(fromDocument: document, name: source.name).forEach(body)
    }

    /// Items from one JSON object that makes up the whole input.
    static func items(fromDocument bytes: [UInt8], name: String) -> [InputItem] {
        let object: JSONObject
        do {
            object = try StrictJSONParser(maximumDepth: 64, maximumBytes: maximumDocumentSize).parseObject(bytes)
        } catch {
            return [.problem(InputProblem(.undecodable, source: name, reason: "not a valid JSON object: \(error)"))]
        }
        return items(from: object, location: name)
    }

    /// Items from one JSON object on one line.
    static func items(fromJSONLine bytes: [UInt8], location: String) -> [InputItem] {
        do {
            return items(from: try StrictJSONParser().parseObject(bytes), location: location)
        } catch {
            return [.problem(InputProblem(.undecodable, source: location, reason: "not a valid JSON object: \(error)"))]
        }
    }

    /// Items from a JSON object: an API reply, a bootstrap-secrets file, or a problem.
    static func items(from object: JSONObject, location: String) -> [InputItem] {
        if object["token"] != nil {
            guard case .string(let token) = object["token"] else {
                return [.problem(InputProblem(.undecodable, source: location, reason: "\"token\" is not a string"))]
            }
            var tokenID: String?
            switch object["token_id"] {
            case nil: tokenID = nil
            case .string(let id): tokenID = id
            case .some:
                return [.problem(InputProblem(.undecodable, source: location, reason: "\"token_id\" is not a string"))]
            }
            return [.token(TokenInput(bytes: Array(token.utf8), source: location, apiTokenID: tokenID))]
        }
        if BootstrapSecrets.isBootstrapSecrets(object) {
            guard let secrets = try? BootstrapSecrets(object, source: location), !secrets.tokens.isEmpty else {
                return [
                    .problem(
                        InputProblem(
                            .undecodable, source: location,
                            reason: "a bootstrap-secrets file without install-time tokens"))
                ]
            }
            return secrets.tokens.map { .token(TokenInput(bytes: Array($0.token.utf8), source: "\(location):\($0.member)")) }
        }
        if object["payload"] != nil || object["signatures"] != nil || object["protected"] != nil {
            return [
                .problem(
                    InputProblem(
                        .undecodable, source: location,
                        reason: "this is the JWS JSON serialization, which is not accepted; ECE tokens are compact"))
            ]
        }
        return [
            .problem(
                InputProblem(
                    .undecodable, source: location,
                    reason: "a JSON object that is neither an enrollment-tokens API reply (with \"token\") "
                        + "nor a bootstrap-secrets.json"))
        ]
    }

    /// The bytes without surrounding spaces and tabs, and without a trailing `\r` (CRLF input).
    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var slice = bytes[...]
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 || last == 0x0D { slice = slice.dropLast() }
        return Array(slice)
    }
}
