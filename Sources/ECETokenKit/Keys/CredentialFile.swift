/// A file holding a credential: the token secret (`--secret-file`), the coordinator password
/// (`--password-file`), an API key. One size limit and one way to read them, so that every kind fails
/// the same way: a file too large is refused like one that cannot be read.
package enum CredentialFile {
    /// The largest credential file accepted (a secret is 44 bytes, a password or API key a few hundred).
    package static let maximumSize = 65_536

    /// Reads the credential file at `path` (`-` for standard input), refusing more than ``maximumSize`` bytes.
    /// - Returns: its bytes, and its permission bits (`nil` for standard input or a non-regular file).
    /// - Throws: ``InputProblem`` of kind `unreadable`, also for a file over the limit.
    package static func read(_ path: String) throws(InputProblem) -> (bytes: [UInt8], permissionBits: UInt32?) {
        let source = path == "-" ? ByteSource(standardInputNamed: "stdin") : try ByteSource(path: path)
        do {
            return (try source.readAll(limit: maximumSize), source.permissionBits)
        } catch  where error.kind == .undecodable {
            throw InputProblem(
                .unreadable,
                source: error.source,
                reason: "larger than the \(maximumSize)-byte limit of a credential file; not read"
            )
        }
    }

    /// The warning for a credential file readable by group or others (`mode` its permission bits), or `nil`.
    package static func permissionWarning(path: String, mode: UInt32?) -> String? {
        guard let mode, mode & 0o044 != 0 else { return nil }
        let octal = String(mode, radix: 8)
        let path = EscapedText.escape(path)
        return
            "\(path) is readable by group or others (mode \(String(repeating: "0", count: max(0, 4 - octal.count)) + octal)); "
            + "run chmod 600 \(path)"
    }
}
