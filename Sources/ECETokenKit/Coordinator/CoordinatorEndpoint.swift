/// Where the coordinator's API answers: `https://HOST:PORT`, parsed from what the operator gives
/// a tool (such as `ecetoken --coordinator`).
///
/// Accepted: `https://host:port`, `http://host:port`, `host:port` and `host`, with an optional trailing
/// `/`. Without a port, `https://` and a bare host mean ECE's HTTPS API port 12443, `http://` its plain
/// HTTP port 12400. Refused: credentials in the URL (they would
/// end up in `ps` output and shell history; the password comes from a file or the environment), other
/// schemes, a path, query or fragment, and any space, control or non-ASCII character.
public struct CoordinatorEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The URL schemes spoken.
    public enum Scheme: String, Sendable {
        /// TLS; the default.
        case https
        /// Plain text: the password and tokens cross the network readable. Only when written out.
        case http
    }

    /// Why an endpoint text was refused.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// One sentence naming the problem and what to give instead.
        public let reason: String
        /// The reason.
        public var description: String { reason }
    }

    /// ECE's coordinator API port over HTTPS.
    public static let defaultPort = 12_443
    /// ECE's coordinator API port over plain HTTP.
    public static let defaultHTTPPort = 12_400

    /// `https` or `http`.
    public let scheme: Scheme
    /// The host as written (an IPv6 address keeps its brackets).
    public let host: String
    /// The TCP port.
    public let port: Int

    /// Creates an endpoint from parts already checked by the caller.
    public init(scheme: Scheme, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses an endpoint as an operator writes it.
    /// - Parameters:
    ///   - text: the value.
    ///   - source: where it came from, named at the start of the message: a tool's option, an environment
    ///     variable, a configuration file's key; by default "the coordinator endpoint".
    /// - Throws: ``ParseError`` naming what is wrong with `text`; credentials, a query or a fragment in
    ///   `text` are masked in it (`CredentialRedactor.maskURL(_:)`).
    public init(parsing text: String, source: String = "the coordinator endpoint") throws(ParseError) {
        func refuse(_ why: String) -> ParseError {
            ParseError(reason: "\(source) \(EscapedText.quoted(CredentialRedactor.maskURL(text))): \(why)")
        }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw refuse("empty; give https://HOST:12443, HOST:PORT or HOST") }
        if bytes.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            throw refuse("holds a space, a control or a non-ASCII character; give https://HOST:12443")
        }
        var rest = Substring(text)
        var scheme = Scheme.https
        if let separator = Self.schemeSeparator(in: bytes) {
            let name = String(decoding: bytes[..<separator], as: UTF8.self).lowercased()
            guard let known = Scheme(rawValue: name) else {
                throw refuse("the scheme \(EscapedText.quoted(name)) is not supported; use https://")
            }
            scheme = known
            rest = Substring(String(decoding: bytes[(separator + 3)...], as: UTF8.self))
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let remainder = rest[authorityEnd...]
        if authority.contains("@") {
            throw refuse(
                "credentials in the URL are refused (they would show in ps and shell history); "
                    + "give an API key, or a user and a password, from a file or the environment instead"
            )
        }
        if !remainder.isEmpty && remainder != "/" {
            throw refuse(
                "give only the scheme, host and port, such as https://HOST:12443; the client adds the API path"
            )
        }
        var hostPart = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw refuse("an IPv6 address must be closed with ']'")
            }
            hostPart = authority[...close]
            let inside = authority[authority.index(after: authority.startIndex)..<close]
            if inside.isEmpty || !inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) {
                throw refuse("\(EscapedText.quoted(String(hostPart))) is not an IPv6 address")
            }
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw refuse("expected ':PORT' after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
            if portText!.contains(":") {
                throw refuse("an IPv6 address must be written in brackets, such as https://[::1]:12443")
            }
        }
        if hostPart.isEmpty { throw refuse("no host name") }
        if !hostPart.hasPrefix("[") {
            let allowed = hostPart.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            }
            if !allowed {
                throw refuse("\(EscapedText.quoted(String(hostPart))) is not a host name or address")
            }
        }
        var port = scheme == .http ? Self.defaultHTTPPort : Self.defaultPort
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let number = Int(portText), (1...65_535).contains(number)
            else {
                throw refuse("the port \(EscapedText.quoted(String(portText))) is not a number from 1 to 65535")
            }
            port = number
        }
        self.init(scheme: scheme, host: String(hostPart), port: port)
    }

    /// The offset of the first `://`, if any.
    private static func schemeSeparator(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 3 else { return nil }
        for index in 0...(bytes.count - 3)
        where bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: "/")
            && bytes[index + 2] == UInt8(ascii: "/")
        {
            return index
        }
        return nil
    }

    /// `scheme://host:port`, with nothing after it.
    public var baseURL: String { "\(scheme.rawValue)://\(host):\(port)" }

    /// The base URL, as shown in messages.
    public var description: String { baseURL }

    /// The whole URL of an API path (which starts with `/`).
    public func url(path: String) -> String { baseURL + path }
}
