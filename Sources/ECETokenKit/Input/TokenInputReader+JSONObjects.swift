/// The tokens ``TokenInputReader`` finds in a JSON object: an API reply, a bootstrap-secrets file, or a
/// problem, whether the object is one line of a list or the whole input.
extension TokenInputReader {
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
    static func items(fromJSONLine bytes: [UInt8], location: String, line: Int) -> [InputItem] {
        let items: [InputItem]
        do {
            items = Self.items(from: try StrictJSONParser().parseObject(bytes), location: location)
        } catch {
            items = [
                .problem(InputProblem(.undecodable, source: location, reason: "not a valid JSON object: \(error)"))
            ]
        }
        return items.map { item in
            switch item {
            case .token(let input):
                return .token(
                    TokenInput(
                        bytes: input.bytes,
                        source: input.source,
                        apiTokenID: input.apiTokenID,
                        rawBytes: input.rawBytes,
                        line: line
                    )
                )
            case .problem(let problem):
                return .problem(InputProblem(problem.kind, source: problem.source, reason: problem.reason, line: line))
            }
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
                            .undecodable,
                            source: location,
                            reason: "a bootstrap-secrets file without install-time tokens"
                        )
                    )
                ]
            }
            return secrets.tokens.map {
                .token(TokenInput(bytes: Array($0.token.utf8), source: "\(location):\($0.member)"))
            }
        }
        if object["payload"] != nil || object["signatures"] != nil || object["protected"] != nil {
            return [
                .problem(
                    InputProblem(
                        .undecodable,
                        source: location,
                        reason: "this is the JWS JSON serialization, which is not accepted; ECE tokens are compact"
                    )
                )
            ]
        }
        return [
            .problem(
                InputProblem(
                    .undecodable,
                    source: location,
                    reason: "a JSON object that is neither an enrollment-tokens API reply (with \"token\") "
                        + "nor a bootstrap-secrets.json"
                )
            )
        ]
    }
}
