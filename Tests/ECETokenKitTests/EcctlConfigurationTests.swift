import Testing

@testable import ECETokenKit

@Suite("EcctlConfiguration: ecctl's JSON configuration, read strictly")
struct EcctlConfigurationTests {
    @Test("What ecctl init writes: host, apikey, insecure and timeout in nanoseconds")
    func ecctlInit() throws {
        let json =
            #"{"host": "https://ece:12443", "apikey": "a2V5", "output": "text", "insecure": true, "timeout": 30000000000}"#
        let configuration = try EcctlConfiguration(json: Array(json.utf8))
        #expect(configuration.host == "https://ece:12443")
        #expect(configuration.apiKey == "a2V5")
        #expect(configuration.insecure)
        #expect(configuration.timeoutMilliseconds == 30_000)
    }

    @Test(
        "timeout as a Go duration string",
        arguments: [("30s", 30_000), ("1m30s", 90_000), ("1.5h", 5_400_000), ("250ms", 250)]
    )
    func goDurations(text: String, milliseconds: Int) throws {
        let configuration = try EcctlConfiguration(json: Array(#"{"timeout": "\#(text)"}"#.utf8))
        #expect(configuration.timeoutMilliseconds == milliseconds)
    }

    @Test(
        "Refused: both apikey and pass, wrong types, a bare number of seconds (nanoseconds to ecctl), YAML, duplicates",
        arguments: [
            #"{"apikey": "k", "pass": "p"}"#, #"{"insecure": "yes"}"#, #"{"host": 1}"#, #"{"timeout": 30}"#,
            "host: x", #"{"host": "a", "host": "b"}"#, "[]",
        ]
    )
    func refused(json: String) {
        #expect(throws: EcctlConfiguration.Problem.self) { try EcctlConfiguration(json: Array(json.utf8)) }
    }

    @Test("A bare name is $HOME/.ecctl/NAME.json; anything with a slash or .json is a path")
    func paths() {
        #expect(EcctlConfiguration.path(for: "ece", home: "/home/ci") == "/home/ci/.ecctl/ece.json")
        #expect(EcctlConfiguration.path(for: "./ece.json", home: "/home/ci") == "./ece.json")
        #expect(EcctlConfiguration.path(for: "conf.json", home: "/h") == "conf.json")
        #expect(EcctlConfiguration.otherFormat(of: "/x/config.yml") == "YAML")
    }
}
