import ECETokenKit
import Testing

@Suite("EnrollmentTokenRequest: the POST body, written with the library's JSON writer")
struct EnrollmentTokenRequestTests {
    @Test("A persistent request: persistent true, the roles in order, no validity")
    func persistent() {
        let request = EnrollmentTokenRequest.persistent(roles: ["allocator", "proxy"])
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"persistent":true,"roles":["allocator","proxy"]}"#)
        #expect(request.kind == .persistent)
    }

    @Test("An ephemeral request with and without validity_in_seconds")
    func ephemeral() {
        #expect(
            String(
                decoding: EnrollmentTokenRequest.ephemeral(roles: ["allocator"], validitySeconds: 7200).body,
                as: UTF8.self
            )
                == #"{"persistent":false,"roles":["allocator"],"validity_in_seconds":7200}"#
        )
        #expect(
            String(decoding: EnrollmentTokenRequest.ephemeral(roles: []).body, as: UTF8.self)
                == #"{"persistent":false,"roles":[]}"#
        )
        #expect(
            String(decoding: EnrollmentTokenRequest.ephemeral(roles: [], validitySeconds: .max).body, as: UTF8.self)
                == #"{"persistent":false,"roles":[],"validity_in_seconds":2147483647}"#
        )
    }

    @Test("Role names are JSON-escaped, never written raw")
    func escaping() throws {
        let request = EnrollmentTokenRequest.persistent(roles: ["a\"b", "c\\d", "e\nf", "\u{1}"])
        let parsed = try StrictJSONParser().parseObject(request.body)
        #expect(parsed["roles"] == .array([.string("a\"b"), .string("c\\d"), .string("e\nf"), .string("\u{1}")]))
    }

    @Test("The operations map to the API's methods and paths")
    func operations() {
        let path = EnrollmentTokensAPI.collectionPath
        #expect(CoordinatorOperation.list.httpRequest == CoordinatorHTTPRequest(method: .get, path: path))
        let create = CoordinatorOperation.create(.persistent(roles: ["allocator"])).httpRequest
        #expect(create.method == .post && create.path == path && create.body != nil)
        #expect(
            CoordinatorOperation.revoke(tokenID: "abc").httpRequest
                == CoordinatorHTTPRequest(method: .delete, path: path + "/abc")
        )
    }
}
