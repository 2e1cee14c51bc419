import ArgumentParser
import ECETokenKit

/// The ecctl configuration file `--ecctl-config` names, read and parsed.
struct EcctlConfigFile {
    /// The file's path.
    let path: String
    /// What it says.
    let configuration: EcctlConfiguration

    /// `ecctl configuration /home/ci/.ecctl/ece.json`, for messages.
    var shownPath: String { "ecctl configuration \(EscapedText.escape(path))" }

    /// Reads the file `value` names, warning when it is readable by group or others; `nil` for no value.
    /// - Throws: ``NamedFileError`` for a missing or unreadable file, `ValidationError` for a file that is
    ///   not ecctl's JSON configuration.
    static func load(_ value: String?) throws -> EcctlConfigFile? {
        guard let value else { return nil }
        let home = StandardStreams.environment("HOME") ?? ""
        if !value.contains("/") && !value.hasSuffix(".json") && home.isEmpty {
            throw ValidationError("--ecctl-config \(EscapedText.quoted(value)): HOME is not set; give the file's path")
        }
        let path = EcctlConfiguration.path(for: value, home: home)
        if let format = EcctlConfiguration.otherFormat(of: path) {
            throw ValidationError(
                "--ecctl-config \(EscapedText.quoted(path)) is \(format); ecetoken reads only ecctl's JSON "
                    + "configuration (what ecctl init writes, $HOME/.ecctl/NAME.json)"
            )
        }
        let bytes: [UInt8]
        let mode: UInt32?
        do {
            let source = try ByteSource(path: path)
            bytes = try source.readAll(limit: EcctlConfiguration.maximumFileSize)
            mode = source.permissionBits
        } catch {
            throw NamedFileError(
                "--ecctl-config \(EscapedText.escape(path))",
                error,
                note: path == value ? nil : "the configuration ecctl --config \(EscapedText.escape(value)) reads"
            )
        }
        let configuration: EcctlConfiguration
        do {
            configuration = try EcctlConfiguration(json: bytes)
        } catch {
            throw ValidationError("--ecctl-config \(EscapedText.quoted(path)) \(error.reason)")
        }
        if let mode, mode & 0o044 != 0, configuration.apiKey != nil || configuration.password != nil {
            let shown = EscapedText.escape(path)
            StandardStreams.writeErrorLine(
                "ecetoken: warning: \(shown) holds credentials and is readable by group or others "
                    + "(mode 0\(String(mode, radix: 8))); run chmod 600 \(shown)"
            )
        }
        return EcctlConfigFile(path: path, configuration: configuration)
    }
}
