#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The C library's `read`, named apart from ``ByteSource/read(into:)``.
private let systemRead: @Sendable (Int32, UnsafeMutableRawPointer?, Int) -> Int = { descriptor, buffer, count in
    read(descriptor, buffer, count)
}

/// A file or standard input, read in chunks through a file descriptor (no Foundation, no whole-file
/// reads unless asked).
package final class ByteSource {
    /// The name used in messages: the path as given, or `stdin`.
    package let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Opens a file for reading. The corresponding C function is `open`.
    /// - Throws: ``InputProblem`` of kind `unreadable`, with the system's reason.
    package init(path: String) throws(InputProblem) {
        name = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            throw InputProblem(.unreadable, source: path, reason: "cannot open: \(Self.systemError(errno))")
        }
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw InputProblem(.unreadable, source: path, reason: "cannot read: it is a directory")
        }
        self.descriptor = descriptor
        ownsDescriptor = true
    }

    /// Wraps standard input.
    package init(standardInputNamed name: String = "stdin") {
        self.name = name
        descriptor = STDIN_FILENO
        ownsDescriptor = false
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The permission bits of the file (`st_mode & 0o777`), or `nil` for standard input or a
    /// non-regular file.
    package var permissionBits: UInt32? {
        guard ownsDescriptor else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return UInt32(info.st_mode & 0o777)
    }

    /// Reads up to `count` bytes into `buffer`, retrying on interruption. The corresponding C function is `read`.
    /// - Returns: the number of bytes read; 0 at end of input.
    /// - Throws: ``InputProblem`` of kind `unreadable`.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputProblem) -> Int {
        while true {
            let result = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw InputProblem(.unreadable, source: name, reason: "cannot read: \(Self.systemError(errno))")
        }
    }

    /// Reads everything that is left, refusing more than `limit` bytes.
    /// - Throws: ``InputProblem``: `unreadable` on a read error, `undecodable` past the limit.
    package func readAll(limit: Int) throws(InputProblem) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count: Int
            do {
                count = try chunk.withUnsafeMutableBytes { buffer in try read(into: buffer) }
            } catch let problem as InputProblem {
                throw problem
            } catch {
                throw InputProblem(.unreadable, source: name, reason: "cannot read: \(error)")
            }
            if count == 0 { return result }
            if result.count + count > limit {
                throw InputProblem(.undecodable, source: name, reason: "larger than the \(limit)-byte limit")
            }
            result.append(contentsOf: chunk[..<count])
        }
    }

    static func systemError(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message)
    }
}
