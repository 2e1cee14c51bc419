/// The body of `POST .../enrollment-tokens`:
/// `{"persistent": bool, "roles": [...], "validity_in_seconds": int32}` (validity for ephemeral tokens only).
public struct EnrollmentTokenRequest: Sendable, Equatable {
    /// The roles to grant, in order.
    public let roles: [String]
    /// Persistent (revocable, no expiry) or ephemeral.
    public let kind: TokenKind
    /// Seconds an ephemeral token stays valid; `nil` for ECE's default (one hour) and for persistent tokens.
    public let validitySeconds: Int32?

    /// A persistent token's request.
    public static func persistent(roles: [String]) -> EnrollmentTokenRequest {
        EnrollmentTokenRequest(roles: roles, kind: .persistent, validitySeconds: nil)
    }

    /// An ephemeral token's request; `validitySeconds` must be positive when given.
    public static func ephemeral(roles: [String], validitySeconds: Int32? = nil) -> EnrollmentTokenRequest {
        precondition(validitySeconds.map { $0 > 0 } ?? true, "validity must be positive")
        return EnrollmentTokenRequest(roles: roles, kind: .ephemeral, validitySeconds: validitySeconds)
    }

    private init(roles: [String], kind: TokenKind, validitySeconds: Int32?) {
        self.roles = roles
        self.kind = kind
        self.validitySeconds = validitySeconds
    }

    /// The JSON object, members in the API reference's order.
    package var jsonValue: JSONValue {
        var members: [JSONObject.Member] = [
            .init(name: "persistent", value: .bool(kind == .persistent)),
            .init(name: "roles", value: .array(roles.map(JSONValue.string))),
        ]
        if let validitySeconds {
            members.append(.init(name: "validity_in_seconds", value: .number(JSONNumber(Int64(validitySeconds)))))
        }
        return .object(JSONObject(members))
    }

    /// The compact JSON body, UTF-8.
    public var body: [UInt8] { Array(jsonValue.serialized().utf8) }
}
