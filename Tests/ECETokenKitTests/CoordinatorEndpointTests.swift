import ECETokenKit
import Testing

@Suite("CoordinatorEndpoint: what --coordinator accepts")
struct CoordinatorEndpointTests {
    @Test(
        "Accepted forms, with https and port 12443 as the defaults, 12400 for http",
        arguments: [
            ("https://ece-1.example:12443", "https://ece-1.example:12443"),
            ("https://ece-1.example:12443/", "https://ece-1.example:12443"),
            ("HTTPS://ece-1.example:9443", "https://ece-1.example:9443"),
            ("https://ece-1.example", "https://ece-1.example:12443"),
            ("ece-1.example:12443", "https://ece-1.example:12443"),
            ("ece-1.example", "https://ece-1.example:12443"),
            ("10.0.0.5", "https://10.0.0.5:12443"),
            ("localhost:1", "https://localhost:1"),
            ("http://localhost:8080", "http://localhost:8080"),
            ("http://ece-1.example", "http://ece-1.example:12400"),
            ("HTTP://ece-1.example/", "http://ece-1.example:12400"),
            ("[::1]", "https://[::1]:12443"),
            ("https://[fe80::1]:12443", "https://[fe80::1]:12443"),
            ("host_with_underscore:65535", "https://host_with_underscore:65535"),
        ]
    )
    func accepted(text: String, baseURL: String) throws {
        let endpoint = try CoordinatorEndpoint(parsing: text, source: "the endpoint")
        #expect(endpoint.baseURL == baseURL)
        #expect(endpoint.description == baseURL)
        #expect(endpoint.url(path: "/x") == baseURL + "/x")
    }

    @Test(
        "Refused forms, each with the reason's key phrase",
        arguments: [
            ("", "empty"),
            ("https://admin:secret@ece-1:12443", "credentials in the URL are refused"),
            ("admin@ece-1", "credentials in the URL are refused"),
            ("ftp://ece-1:21", "scheme \"ftp\" is not supported"),
            ("file:///etc/passwd", "scheme \"file\" is not supported"),
            ("https://ece-1:12443/api/v1", "give only the scheme, host and port"),
            ("https://ece-1:12443?x=1", "give only the scheme, host and port"),
            ("https://ece-1:12443#top", "give only the scheme, host and port"),
            ("https://ece-1:0", "not a number from 1 to 65535"),
            ("https://ece-1:65536", "not a number from 1 to 65535"),
            ("https://ece-1:", "not a number from 1 to 65535"),
            ("https://ece-1:12a", "not a number from 1 to 65535"),
            ("https://:12443", "no host name"),
            ("https://ece 1:12443", "space, a control or a non-ASCII character"),
            ("https://ece-1\n:12443", "space, a control or a non-ASCII character"),
            ("https://éce:12443", "space, a control or a non-ASCII character"),
            ("::1", "IPv6 address must be written in brackets"),
            ("[::1", "closed with ']'"),
            ("[zz]:1", "is not an IPv6 address"),
            ("[::1]x", "expected ':PORT'"),
            ("ece!1", "is not a host name or address"),
        ]
    )
    func refused(text: String, phrase: String) {
        #expect {
            _ = try CoordinatorEndpoint(parsing: text, source: "the endpoint")
        } throws: { error in
            guard let error = error as? CoordinatorEndpoint.ParseError else { return false }
            return error.reason.contains(phrase) && error.reason.hasPrefix("the endpoint ")
        }
    }

    @Test("A refused URL's credentials are shown only escaped, and the reason holds no raw control characters")
    func refusedEscaped() throws {
        let error = #expect(throws: CoordinatorEndpoint.ParseError.self) {
            try CoordinatorEndpoint(parsing: "https://ece\u{1B}[31m:1", source: "the endpoint")
        }
        #expect(error?.reason.contains("\u{1B}") == false)
    }

    @Test(
        "A refused URL's userinfo, query and fragment are masked in the reason",
        arguments: [
            "https://admin:S3cret@ece:12443", "admin:S3cret@ece", "https://ece/?pw=S3cret", "https://ece/#S3cret",
        ]
    )
    func refusedMasked(url: String) throws {
        let error = #expect(throws: CoordinatorEndpoint.ParseError.self) {
            try CoordinatorEndpoint(parsing: url, source: "the endpoint")
        }
        #expect(error?.reason.contains("S3cret") == false, "\(String(describing: error))")
        #expect(error?.reason.contains("[REDACTED]") == true, "\(String(describing: error))")
    }

    @Test("Token ids are percent-encoded in the DELETE path, even '.' (so '..' cannot climb the path)")
    func tokenPath() {
        let base = EnrollmentTokensAPI.collectionPath
        #expect(
            EnrollmentTokensAPI.tokenPath(id: "4c8990df-1fb7-4820-b868-6bc9e8860814")
                == base + "/4c8990df-1fb7-4820-b868-6bc9e8860814"
        )
        #expect(EnrollmentTokensAPI.tokenPath(id: "..") == base + "/%2E%2E")
        #expect(EnrollmentTokensAPI.tokenPath(id: "a/b?c#d e") == base + "/a%2Fb%3Fc%23d%20e")
        #expect(EnrollmentTokensAPI.tokenPath(id: "é~_") == base + "/%C3%A9~_")
    }
}
