import ECETokenKit

/// A file the command line names (by an option, or `-` for stdin) that could not be read or used: exit 66
/// when it could not be read, 3 when it was read but is not usable (too large, for instance).
/// ``FailureReporter`` shows it as `--cacert ca.pem: No such file or directory`.
struct NamedFileError: Error, Equatable {
    /// What named the file, as the message shows it: `--cacert ca.pem`, `stdin`.
    let naming: String
    /// Why it could not be read.
    let problem: InputProblem
    /// What else the operator should know, shown in parentheses after the reason.
    let note: String?

    /// Creates the error.
    init(_ naming: String, _ problem: InputProblem, note: String? = nil) {
        self.naming = naming
        self.problem = problem
        self.note = note
    }

    /// `naming: reason (note)`.
    var message: String {
        "\(naming): \(problem.reason)" + (note.map { " (\($0))" } ?? "")
    }
}
