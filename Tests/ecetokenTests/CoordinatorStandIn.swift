import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Certificates for the loopback HTTPS tests, made once per test process with the `openssl` command.
///
/// - `caCertificatePath`: a test certificate authority (EC P-256, valid two days).
/// - `serverCertificatePath` and `serverKeyPath`: a certificate signed by that authority for `CN=localhost`,
///   with `subjectAltName=DNS:localhost,IP:127.0.0.1`, so both `https://localhost:PORT` and
///   `https://127.0.0.1:PORT` verify.
/// - `otherCACertificatePath`: an unrelated authority, for "wrong CA" failures.
/// - `wrongNameCertificatePath`: signed by the test authority with the same key as the server certificate, but
///   for `DNS:wrong.example` only, for "name mismatch" failures: start the stand-in with
///   `options: ["--cert", ca.wrongNameCertificatePath]` (the last `--cert` wins).
///
/// The files live in a private temporary directory that is removed when the test process exits.
struct TestCertificateAuthority: Sendable {
    let directory: String
    let caCertificatePath: String
    let otherCACertificatePath: String
    let serverCertificatePath: String
    let serverKeyPath: String
    let wrongNameCertificatePath: String

    /// The certificates, generated on first use. Rethrows the first failure on every use.
    static var shared: TestCertificateAuthority {
        get throws { try generated.get() }
    }

    private static let generated: Result<TestCertificateAuthority, any Error> = Result { try generate() }

    /// The directory of this process's certificates: its path names the process, so the exit handler can find
    /// it without capturing anything.
    private static func directoryPath() -> String {
        URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("ecetokenTests-ca-\(getpid())").path
    }

    private static func generate() throws -> TestCertificateAuthority {
        let fileManager = FileManager.default
        let directory = directoryPath()
        try? fileManager.removeItem(atPath: directory)
        try fileManager.createDirectory(
            atPath: directory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        atexit {
            try? FileManager.default.removeItem(atPath: TestCertificateAuthority.directoryPath())
        }
        func path(_ name: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(name).path }

        // A configuration of our own, so the system's openssl.cnf adds no extensions of its own.
        let config = path("req.cnf")
        try Data("[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n".utf8)
            .write(to: URL(fileURLWithPath: config))
        func writeServerExtensions(_ name: String, subjectAltName: String) throws -> String {
            try Data(
                """
                subjectAltName = \(subjectAltName)
                basicConstraints = critical,CA:FALSE
                keyUsage = critical,digitalSignature
                extendedKeyUsage = serverAuth
                subjectKeyIdentifier = hash
                authorityKeyIdentifier = keyid

                """.utf8
            ).write(to: URL(fileURLWithPath: path(name)))
            return path(name)
        }

        func makeKey(_ name: String) throws {
            try runOpenSSL(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path(name)])
        }
        func makeAuthority(key: String, certificate: String, commonName: String) throws {
            try makeKey(key)
            try runOpenSSL([
                "req", "-config", config, "-x509", "-new", "-key", path(key), "-sha256", "-days", "2",
                "-subj", "/CN=\(commonName)",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-addext", "subjectKeyIdentifier=hash",
                "-out", path(certificate),
            ])
        }

        try makeAuthority(key: "ca.key", certificate: "ca.pem", commonName: "ecetoken test CA")
        try makeAuthority(key: "other-ca.key", certificate: "other-ca.pem", commonName: "ecetoken unrelated test CA")
        try makeKey("server.key")
        func makeServerCertificate(_ name: String, commonName: String, subjectAltName: String) throws {
            try runOpenSSL([
                "req", "-config", config, "-new", "-key", path("server.key"), "-subj", "/CN=\(commonName)",
                "-out", path("\(name).csr"),
            ])
            try runOpenSSL([
                "x509", "-req", "-in", path("\(name).csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                "-set_serial", String(format: "0x%016llx", UInt64.random(in: 1...UInt64.max >> 1)),
                "-days", "2", "-sha256",
                "-extfile", try writeServerExtensions("\(name).ext", subjectAltName: subjectAltName),
                "-out", path("\(name).pem"),
            ])
        }
        try makeServerCertificate("server", commonName: "localhost", subjectAltName: "DNS:localhost,IP:127.0.0.1")
        try makeServerCertificate("wrong-name", commonName: "wrong.example", subjectAltName: "DNS:wrong.example")
        return TestCertificateAuthority(
            directory: directory,
            caCertificatePath: path("ca.pem"),
            otherCACertificatePath: path("other-ca.pem"),
            serverCertificatePath: path("server.pem"),
            serverKeyPath: path("server.key"),
            wrongNameCertificatePath: path("wrong-name.pem")
        )
    }

    /// Runs `/usr/bin/openssl` (or the first `openssl` on `PATH`) and throws with its standard error on failure.
    private static func runOpenSSL(_ arguments: [String]) throws {
        let process = Process()
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl"] + arguments
        }
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // openssl writes a line or two at most, far below a pipe's capacity; read to the end, then reap.
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw ToolRunnerError(
                "openssl \(arguments.prefix(2).joined(separator: " ")) failed (status \(process.terminationStatus)):\n"
                    + message
            )
        }
    }
}

/// A running ECE coordinator stand-in (`Tests/CoordinatorStandIn/coordinator_stand_in.py`) on a loopback port,
/// speaking HTTPS with a certificate from ``TestCertificateAuthority``.
///
/// ```swift
/// let coordinator = try CoordinatorStandIn.start(options: ["--grant-extra-role", "proxy"])
/// let result = try ToolRunner.run(["request", "--coordinator", coordinator.url, ...])
/// #expect(try coordinator.requests().first?["method"] as? String == "POST")
/// ```
///
/// - The stand-in prints `PORT <n>` when it listens; ``start(options:secret:user:password:)`` waits at most
///   ``startTimeout`` seconds for it and otherwise throws with the stand-in's standard error.
/// - Its standard input is a pipe only this object holds (close-on-exec, so no other child inherits it): when
///   the pipe closes, by ``stop()``, by `deinit` or because the test process died, the stand-in exits.
/// - Its standard output and standard error go to private files, never to the test's own streams;
///   ``standardError`` shows what it said (one line per request, TLS handshake failures).
/// - The password, the secret and the request log are files in a private directory removed with the object.
final class CoordinatorStandIn {
    /// The installation secret the stand-in signs with unless told otherwise: 44 characters of base64url with
    /// `=` padding, like a real `bootstrap_tokens_secret`, and distinct from `Fixtures/secret.txt`.
    static let defaultSecret = "NslOpDX9F_4UCoL4Euhtma4gDefYUBLptEGw74emSHY="

    /// The basic-auth password the stand-in accepts unless told otherwise.
    static let defaultPassword = "stand-in-Passw0rd-7f3a"

    /// The API key the stand-in accepts (`Authorization: ApiKey KEY`) unless told otherwise: base64 like ECE's.
    static let defaultAPIKey = "c3RhbmQtaW4ta2V5OmE5ZjNjMmQxZTBiNzQ2NTg5YTdj"

    /// Thrown by ``start(options:secret:user:password:apiKey:)`` when `--port N` names a port in use.
    struct PortBusy: Error, CustomStringConvertible {
        /// The port.
        let port: Int
        var description: String { "port \(port) on 127.0.0.1 is taken by another process" }
    }

    /// The enrollment-tokens API path; a single token is `tokensPath + "/" + idOrToken`.
    static let tokensPath = "/api/v1/platform/configuration/security/enrollment-tokens"

    /// How long ``start(options:secret:user:password:)`` waits for the `PORT` line.
    static let startTimeout: TimeInterval = 10

    /// The stand-in script, from this file's path: `<root>/Tests/ecetokenTests/CoordinatorStandIn.swift`.
    static let scriptURL: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ecetokenTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("CoordinatorStandIn/coordinator_stand_in.py")

    /// The port the stand-in listens on (127.0.0.1 only).
    let port: Int
    /// `https://localhost:PORT`, which verifies against ``caCertificatePath``
    /// (`http://…` when started with `--plain-http`).
    let url: String
    /// `https://127.0.0.1:PORT`, which verifies too: the certificate names the address
    /// (`http://…` when started with `--plain-http`).
    let ipURL: String
    /// The test CA that signed the stand-in's certificate (PEM).
    let caCertificatePath: String
    /// An unrelated CA (PEM): verifying the stand-in against it must fail.
    let otherCACertificatePath: String
    /// The basic-auth user name the stand-in accepts.
    let user: String
    /// The basic-auth password the stand-in accepts.
    let password: String
    /// A file (mode 0600) holding ``password`` without a trailing newline.
    let passwordFilePath: String
    /// The API key the stand-in accepts.
    let apiKey: String
    /// A file (mode 0600) holding ``apiKey`` and one trailing newline.
    let apiKeyFilePath: String
    /// The installation secret the stand-in signs with (unless `--sign-with-secret-file` says otherwise).
    let secret: String
    /// A file (mode 0600) holding ``secret`` and one trailing newline, as people write secret files.
    let secretFilePath: String
    /// The request log: one JSON object per line; see ``requests()``.
    let logPath: String

    /// `url` + ``tokensPath``.
    var tokensURL: String { url + Self.tokensPath }

    /// Whether the stand-in process is still running.
    var isRunning: Bool { process.isRunning }

    /// What the stand-in wrote on standard error so far.
    var standardError: String {
        (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    }

    private let process: Process
    private var stdinWriter: FileHandle?
    private let stderrPath: String
    private let scratch: TemporaryDirectory

    private init(
        process: Process,
        stdinWriter: FileHandle,
        scratch: TemporaryDirectory,
        port: Int,
        scheme: String,
        certificates: TestCertificateAuthority,
        user: String,
        password: String,
        apiKey: String,
        secret: String
    ) {
        self.process = process
        self.stdinWriter = stdinWriter
        self.scratch = scratch
        self.port = port
        self.url = "\(scheme)://localhost:\(port)"
        self.ipURL = "\(scheme)://127.0.0.1:\(port)"
        self.caCertificatePath = certificates.caCertificatePath
        self.otherCACertificatePath = certificates.otherCACertificatePath
        self.user = user
        self.password = password
        self.passwordFilePath = scratch.path("password")
        self.apiKey = apiKey
        self.apiKeyFilePath = scratch.path("api-key")
        self.secret = secret
        self.secretFilePath = scratch.path("secret")
        self.logPath = scratch.path("requests.jsonl")
        self.stderrPath = scratch.path("stderr")
    }

    deinit {
        stop()
    }

    /// Starts a stand-in and waits until it listens.
    /// - Parameters:
    ///   - options: extra command-line switches (`--fail POST:403:…`, `--hang`, `--seed-token ID:roles`,
    ///     `--plain-http`, …; see `coordinator_stand_in.py --help`). `--cert`, `--key`, `--user`,
    ///     `--password-file`, `--secret-file` and `--log` are supplied before them (a later `--cert` wins).
    ///   - secret: the installation secret to sign with.
    ///   - user: the basic-auth user name to accept.
    ///   - password: the basic-auth password to accept.
    ///   - apiKey: the API key to accept.
    /// - Returns: the running stand-in; it stops when released.
    /// - Throws: ``ToolRunnerError`` when the certificates cannot be made, the stand-in exits early or it prints
    ///   no `PORT` line within ``startTimeout`` seconds; the message quotes its standard error.
    static func start(
        options: [String] = [],
        secret: String = defaultSecret,
        user: String = "admin",
        password: String = defaultPassword,
        apiKey: String = defaultAPIKey
    ) throws -> CoordinatorStandIn {
        let certificates = try TestCertificateAuthority.shared
        let scratch = try TemporaryDirectory()
        let passwordFile = try scratch.write(password, to: "password")
        let apiKeyFile = try scratch.write(apiKey + "\n", to: "api-key")
        let secretFile = try scratch.write(secret + "\n", to: "secret")
        let logFile = try scratch.write("", to: "requests.jsonl")
        let stdoutFile = try scratch.write("", to: "stdout")
        let stderrFile = try scratch.write("", to: "stderr")

        // Standard input: a pipe made close-on-exec, so that no other child process (another stand-in, a
        // concurrently running ecetoken) inherits the writing end and keeps this stand-in alive after the test.
        // (`pipe2(O_CLOEXEC)` would close the small window before `fcntl`, but Swift's Glibc does not export it.)
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw ToolRunnerError("pipe failed: \(String(cString: strerror(errno)))")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let stdinReader = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
        let stdinWriter = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutFile))
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrFile))
        defer {
            try? stdinReader.close()
            try? output.close()
            try? errors.close()
        }

        let process = Process()
        let (interpreter, interpreterArguments) = pythonInterpreter()
        process.executableURL = interpreter
        process.arguments =
            interpreterArguments + [
                scriptURL.path,
                "--cert", certificates.serverCertificatePath,
                "--key", certificates.serverKeyPath,
                "--user", user,
                "--password-file", passwordFile,
                "--api-key-file", apiKeyFile,
                "--secret-file", secretFile,
                "--log", logFile,
            ] + options
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"]
        process.currentDirectoryURL = scratch.url
        process.standardInput = stdinReader
        process.standardOutput = output
        process.standardError = errors
        try process.run()

        let port: Int
        do {
            port = try waitForPort(stdoutPath: stdoutFile, process: process)
        } catch let busy as PortBusy {
            shutDown(process, closing: stdinWriter)
            throw busy
        } catch {
            shutDown(process, closing: stdinWriter)
            let said = (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? ""
            throw ToolRunnerError("\(error)\n--- stand-in stderr ---\n\(said)")
        }
        return CoordinatorStandIn(
            process: process,
            stdinWriter: stdinWriter,
            scratch: scratch,
            port: port,
            scheme: options.contains("--plain-http") ? "http" : "https",
            certificates: certificates,
            user: user,
            password: password,
            apiKey: apiKey,
            secret: secret
        )
    }

    /// The requests the stand-in has answered (or, with `--hang`, read), oldest first. Each is
    /// `["method": String, "path": String, "authorized": Bool, "body": String, "headers": [[String]]]`, where
    /// `body` is the raw request body as text and `headers` the request's header lines as `[name, value]` pairs.
    func requests() throws -> [[String: Any]] {
        let text = try String(contentsOfFile: logPath, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw ToolRunnerError("request log line is not a JSON object: \(line)")
            }
            return object
        }
    }

    /// Closes the stand-in's standard input and waits for it to exit on its own.
    /// - Parameter seconds: how long to wait.
    /// - Returns: whether it exited in time.
    @discardableResult
    func closeStandardInput(waitingUpTo seconds: TimeInterval = 5) -> Bool {
        if let writer = stdinWriter {
            try? writer.close()
            stdinWriter = nil
        }
        return Self.waitForExit(of: process, seconds: seconds)
    }

    /// Stops the stand-in: closes its standard input, then sends SIGTERM (and at last SIGKILL) if it is still
    /// running, and reaps it. Safe to call more than once.
    func stop() {
        let writer = stdinWriter
        stdinWriter = nil
        Self.shutDown(process, closing: writer)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on (for "connection refused" tests): a socket is bound to
    /// port 0, the kernel's choice is read back, and the socket is closed. Another process could take the port
    /// in between, but the kernel hands out ephemeral ports in turn, so that is very unlikely.
    static func closedPort() -> Int {
        let (descriptor, port) = boundSocket()
        close(descriptor)
        return port
    }

    /// A TCP port on 127.0.0.1 that accepts connections into the kernel's backlog but never reads them (for
    /// connect timeout tests): the TCP handshake completes, a TLS handshake never does. Close the descriptor
    /// when done.
    static func silentListener() -> (descriptor: Int32, port: Int) {
        let (descriptor, port) = boundSocket()
        precondition(listen(descriptor, 8) == 0, "listen() failed: \(String(cString: strerror(errno)))")
        return (descriptor, port)
    }

    /// A TCP socket bound to a port of the kernel's choice on 127.0.0.1, and that port.
    private static func boundSocket() -> (Int32, Int) {
        #if os(Linux)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        precondition(descriptor >= 0, "socket() failed: \(String(cString: strerror(errno)))")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        precondition(bound == 0, "bind() failed: \(String(cString: strerror(errno)))")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                getsockname(descriptor, socketAddress, &length)
            }
        }
        precondition(named == 0, "getsockname() failed: \(String(cString: strerror(errno)))")
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// The Python interpreter: `$ECETOKEN_PYTHON`, else the system's `/usr/bin/python3` (a version-manager shim
    /// first on `PATH` costs a quarter of a second per start), else `python3` from `PATH`. `-I` isolates it
    /// from `PYTHON*` variables and user site packages.
    private static func pythonInterpreter() -> (URL, [String]) {
        if let path = ProcessInfo.processInfo.environment["ECETOKEN_PYTHON"], !path.isEmpty {
            return (URL(fileURLWithPath: path), ["-I"])
        }
        for path in ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return (URL(fileURLWithPath: path), ["-I"])
        }
        return (URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-I"])
    }

    /// Polls the stand-in's standard output for `PORT <n>`.
    private static func waitForPort(stdoutPath: String, process: Process) throws -> Int {
        let deadline = Date().addingTimeInterval(startTimeout)
        while true {
            let text = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
            if let newline = text.firstIndex(of: "\n") {
                let line = text[..<newline]
                if line.hasPrefix("BUSY "), let port = Int(line.dropFirst(5)) { throw PortBusy(port: port) }
                guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)), (1...65_535).contains(port) else {
                    let shown = String(reflecting: String(line))
                    throw ToolRunnerError("the coordinator stand-in printed \(shown), not PORT <n>")
                }
                return port
            }
            if !process.isRunning {
                process.waitUntilExit()
                throw ToolRunnerError(
                    "the coordinator stand-in exited (status \(process.terminationStatus)) before printing PORT <n>"
                )
            }
            if Date() >= deadline {
                throw ToolRunnerError("the coordinator stand-in printed no PORT line within \(startTimeout) s")
            }
            usleep(10_000)
        }
    }

    /// Closes `writer` (the stand-in's standard input), gives the stand-in two seconds to exit on its own, then
    /// sends SIGTERM and, two seconds later, SIGKILL; reaps it.
    private static func shutDown(_ process: Process, closing writer: FileHandle?) {
        try? writer?.close()
        if !waitForExit(of: process, seconds: 2) {
            process.terminate()
            if !waitForExit(of: process, seconds: 2) {
                kill(process.processIdentifier, SIGKILL)
            }
        }
        process.waitUntilExit()
    }

    /// Waits up to `seconds` for `process` to exit; whether it did.
    private static func waitForExit(of process: Process, seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() >= deadline { return false }
            usleep(10_000)
        }
        return true
    }
}
