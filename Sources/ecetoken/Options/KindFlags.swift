import ArgumentParser

/// The rule `mint` and `request` share for their `--persistent`, `--ephemeral` and `--validity`
/// options (each words their help for what it does with the token).
enum KindFlags {
    /// Throws unless exactly one kind is given, and `--validity` only with `--ephemeral`.
    static func validate(persistent: Bool, ephemeral: Bool, validity: String?) throws {
        if persistent == ephemeral {
            throw ValidationError("give exactly one of --persistent and --ephemeral")
        }
        if persistent && validity != nil {
            throw ValidationError("--validity applies only to --ephemeral tokens")
        }
    }
}
