/// The claims of an ECE roles token, each read with its JSON type checked.
public struct RolesTokenClaims: Sendable {
    /// The whole payload object, in token order.
    package let object: JSONObject
    /// `sub`: a UUID; for persistent tokens the `token_id` the API lists.
    public let subject: Claim<String>
    /// `iss`: `current`, or `bootstrap-initial` in ECE 1.x tokens.
    public let issuer: Claim<String>
    /// `roles`: the granted roles in token order.
    public let roles: Claim<[String]>
    /// `persistent`: whether the token is persistent (current-generation tokens only).
    public let persistent: Claim<Bool>
    /// `exp`: expiry, on ephemeral tokens.
    public let expiration: Claim<NumericDate>
    /// `nbf`: not before (never seen in ECE tokens, checked when present).
    public let notBefore: Claim<NumericDate>
    /// `iat`: issued at (never seen in ECE tokens, type-checked when present).
    public let issuedAt: Claim<NumericDate>

    /// Reads the claims from a parsed payload.
    package init(_ object: JSONObject) {
        self.object = object
        subject = Self.string(object, "sub")
        issuer = Self.string(object, "iss")
        persistent = Self.bool(object, "persistent")
        expiration = Self.numericDate(object, "exp")
        notBefore = Self.numericDate(object, "nbf")
        issuedAt = Self.numericDate(object, "iat")
        switch object["roles"] {
        case nil:
            roles = .absent
        case .array(let elements):
            var names: [String] = []
            var problem: String?
            for (index, element) in elements.enumerated() {
                if case .string(let name) = element {
                    names.append(name)
                } else if problem == nil {
                    problem = "roles[\(index)] is \(Self.article(element.typeName)), expected a string"
                }
            }
            roles = problem.map { .wrongType(problem: $0) } ?? .present(names)
        case .some(let other):
            roles = .wrongType(problem: "roles is \(Self.article(other.typeName)), expected an array of strings")
        }
    }

    /// Every claim present with the wrong type, as sentences.
    public var typeProblems: [String] {
        var problems: [String] = []
        func add<T>(_ claim: Claim<T>) {
            if case .wrongType(let problem) = claim { problems.append(problem) }
        }
        add(subject)
        add(issuer)
        add(roles)
        add(persistent)
        add(expiration)
        add(notBefore)
        add(issuedAt)
        return problems
    }

    private static func string(_ object: JSONObject, _ name: String) -> Claim<String> {
        switch object[name] {
        case nil: return .absent
        case .string(let value): return .present(value)
        case .some(let other): return .wrongType(problem: "\(name) is \(article(other.typeName)), expected a string")
        }
    }

    private static func bool(_ object: JSONObject, _ name: String) -> Claim<Bool> {
        switch object[name] {
        case nil: return .absent
        case .bool(let value): return .present(value)
        case .some(let other): return .wrongType(problem: "\(name) is \(article(other.typeName)), expected a boolean")
        }
    }

    private static func numericDate(_ object: JSONObject, _ name: String) -> Claim<NumericDate> {
        switch object[name] {
        case nil: return .absent
        case .number(let number): return .present(NumericDate(number: number))
        case .some(let other):
            return .wrongType(
                problem: "\(name) is \(article(other.typeName)), expected a number of seconds (NumericDate)"
            )
        }
    }

    static func article(_ typeName: String) -> String {
        switch typeName {
        case "null": return "null"
        case "array", "object": return "an \(typeName)"
        default: return "a \(typeName)"
        }
    }
}
