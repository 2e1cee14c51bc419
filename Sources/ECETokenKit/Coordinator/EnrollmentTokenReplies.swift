/// Why a reply of the enrollment-tokens API does not have the shape the API promises: which member,
/// and what was there instead (escaped, cut short).
package struct ReplyShapeProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// One phrase, such as `"tokens" is a string, not an array`.
    package let reason: String

    /// Creates a problem.
    package init(_ reason: String) {
        self.reason = reason
    }

    /// The reason.
    package var description: String { reason }
}

/// The parsed replies of the enrollment-tokens API. Every reply is parsed with the library's strict
/// JSON parser (UTF-8 only, no duplicate names, depth and size caps); unknown members are ignored, a
/// known member of the wrong type is a ``ReplyShapeProblem``.
package enum EnrollmentTokenReplies {
    /// The largest reply parsed: 4 MiB.
    package static let maximumBytes = TransportSettings.defaultMaximumResponseBytes

    /// The reply to `POST`.
    package typealias Created = CreatedEnrollmentToken
    /// One element of the reply to `GET`.
    package typealias Listed = ListedEnrollmentToken

    /// Parses the reply to `POST`.
    /// - Throws: ``ReplyShapeProblem``.
    package static func created(_ body: [UInt8]) throws(ReplyShapeProblem) -> Created {
        let object = try object(body)
        guard let token = object["token"] else {
            throw ReplyShapeProblem("no \"token\" member (members: \(names(object)))")
        }
        guard case .string(let text) = token else {
            throw ReplyShapeProblem("\"token\" is \(describe(token)), not a string")
        }
        var tokenID: String?
        switch object["token_id"] {
        case nil, .null?: tokenID = nil
        case .string(let id)?: tokenID = id
        case let other?: throw ReplyShapeProblem("\"token_id\" is \(describe(other)), not a string")
        }
        return Created(token: text, tokenID: tokenID, object: object)
    }

    /// Parses the reply to `GET`: the persistent tokens, in the order listed.
    /// - Throws: ``ReplyShapeProblem``.
    package static func listed(_ body: [UInt8]) throws(ReplyShapeProblem) -> [Listed] {
        let object = try object(body)
        guard let tokens = object["tokens"] else {
            throw ReplyShapeProblem("no \"tokens\" member (members: \(names(object)))")
        }
        guard case .array(let elements) = tokens else {
            throw ReplyShapeProblem("\"tokens\" is \(describe(tokens)), not an array")
        }
        var result: [Listed] = []
        for (index, element) in elements.enumerated() {
            let place = "tokens[\(index)]"
            guard case .object(let entry) = element else {
                throw ReplyShapeProblem("\(place) is \(describe(element)), not an object")
            }
            guard let idValue = entry["token_id"] else { throw ReplyShapeProblem("\(place) has no \"token_id\"") }
            guard case .string(let id) = idValue else {
                throw ReplyShapeProblem("\(place).token_id is \(describe(idValue)), not a string")
            }
            guard let rolesValue = entry["roles"] else { throw ReplyShapeProblem("\(place) has no \"roles\"") }
            guard case .array(let roleValues) = rolesValue else {
                throw ReplyShapeProblem("\(place).roles is \(describe(rolesValue)), not an array of strings")
            }
            var roles: [String] = []
            for (roleIndex, roleValue) in roleValues.enumerated() {
                guard case .string(let role) = roleValue else {
                    throw ReplyShapeProblem("\(place).roles[\(roleIndex)] is \(describe(roleValue)), not a string")
                }
                roles.append(role)
            }
            result.append(Listed(tokenID: id, roles: roles))
        }
        return result
    }

    /// Checks the reply to `DELETE`: a JSON object (ECE sends `{}`), or an empty body (as a proxy in
    /// front of the coordinator may send), including one of whitespace only.
    /// - Throws: ``ReplyShapeProblem``.
    package static func revoked(_ body: [UInt8]) throws(ReplyShapeProblem) {
        if body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return }
        _ = try object(body)
    }

    /// The body as a strict JSON object.
    static func object(_ body: [UInt8]) throws(ReplyShapeProblem) -> JSONObject {
        if body.isEmpty { throw ReplyShapeProblem("an empty body, not a JSON object") }
        let value: JSONValue
        do {
            value = try StrictJSONParser(maximumBytes: maximumBytes).parse(body)
        } catch {
            throw ReplyShapeProblem("not JSON (\(error)): received \(excerpt(body))")
        }
        guard case .object(let object) = value else {
            throw ReplyShapeProblem("a JSON \(value.typeName), not an object: received \(excerpt(body))")
        }
        return object
    }

    /// The start of a reply body, escaped and cut to `limit` characters, in quotes.
    package static func excerpt(_ body: [UInt8], limit: Int = 80) -> String {
        EscapedText.quoted(String(decoding: body.prefix(limit * 4), as: UTF8.self), limit: limit)
    }

    /// A value for a message: its type, and a short escaped excerpt of it.
    static func describe(_ value: JSONValue) -> String {
        "\(value.typeNameWithArticle) (\(EscapedText.escape(value.serialized(), limit: 40)))"
    }

    private static func names(_ object: JSONObject) -> String {
        object.names.isEmpty
            ? "none" : object.names.prefix(8).map { EscapedText.quoted($0, limit: 30) }.joined(separator: ", ")
    }
}

/// The reply to `POST`: `{"token": "...", "token_id": "..."}` (`token_id` for persistent tokens).
public struct CreatedEnrollmentToken: Sendable, Equatable {
    /// The token text as the coordinator sent it (not yet checked in any way).
    public let token: String
    /// The id of a persistent token.
    public let tokenID: String?
    /// The whole reply object, members in order.
    package let object: JSONObject
}

/// One element of the reply to `GET`: `{"token_id": "...", "roles": [...]}`.
public struct ListedEnrollmentToken: Sendable, Equatable {
    /// The persistent token's id (its `sub`).
    public let tokenID: String
    /// Its roles.
    public let roles: [String]

    /// Creates an element.
    public init(tokenID: String, roles: [String]) {
        self.tokenID = tokenID
        self.roles = roles
    }
}
