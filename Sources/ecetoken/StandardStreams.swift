import ECETokenKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's `write`, named apart from ``StandardStreams/write(_:to:)``.
private let systemWrite: @Sendable (Int32, UnsafeRawPointer?, Int) -> Int = { descriptor, buffer, count in
    write(descriptor, buffer, count)
}

/// Writing to stdout and stderr, and asking whether they are terminals.
enum StandardStreams {
    /// The coordinator commands' redactor: once set, every text written passes through it, so no
    /// credential, URL userinfo, query or fragment reaches the output, whatever message carries it.
    /// Set on the main thread before anything is written, by ``CoordinatorOptions/client(standardInputTaken:)``.
    nonisolated(unsafe) static var redactor: CredentialRedactor?

    /// Writes `text` to standard output (through the ``redactor`` when one is set).
    static func writeOut(_ text: String) {
        write(redactor?.redact(text) ?? text, to: STDOUT_FILENO)
    }

    /// Writes `text` to standard error (through the ``redactor`` when one is set).
    static func writeError(_ text: String) {
        write(redactor?.redact(text) ?? text, to: STDERR_FILENO)
    }

    /// Writes one line to standard error (through the ``redactor`` when one is set).
    static func writeErrorLine(_ text: String) {
        writeError(text + "\n")
    }

    /// Writes `bytes` to standard output as they are.
    static func writeOut(_ bytes: UnsafeRawBufferPointer) {
        write(bytes, to: STDOUT_FILENO)
    }

    /// Writes all of `text`.
    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0), to: descriptor) }
    }

    /// Writes all of `bytes`, retrying short writes and interruptions. The corresponding C function is `write`.
    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Whether standard output is a terminal.
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether standard error is a terminal.
    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether standard input is a terminal.
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// An environment variable's value.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
