/// The host roles an ECE roles token can grant.
public enum Role: String, Sendable, CaseIterable, Hashable {
    /// Runs Elasticsearch nodes and Kibana instances.
    case allocator
    /// Distributed coordination and resource scheduling.
    case coordinator
    /// Routes user traffic to Elasticsearch and Kibana.
    case proxy
    /// Manages the ZooKeeper datastore.
    case director
}

/// The three persistent tokens ECE makes at install time, recognised by their roles.
public enum InstallTimeShape: String, Sendable, Hashable {
    /// `bootstrap_runner_roles_token`: roles `[]`, system services only.
    case bootstrapRunner = "bootstrap_runner_roles_token"
    /// `allocator_only_token`: roles `[allocator]`.
    case allocatorOnly = "allocator_only_token"
    /// `emergency_all_roles_except_allocator_token`: roles `[coordinator, proxy, director]`.
    case emergency = "emergency_all_roles_except_allocator_token"

    /// The shape a persistent token's role list matches, if any.
    public init?(roles: [String]) {
        var known: [Role] = []
        for name in roles {
            // A role ECE does not know is in none of the shapes.
            guard let role = Role(rawValue: name) else { return nil }
            known.append(role)
        }
        self.init(knownRoles: known)
    }

    /// The shape a persistent token's list of known roles matches, if any; the one rule for the full
    /// inspector and the audit's fast path (which passes its roles without building an array).
    init?(knownRoles roles: some Collection<Role>) {
        switch roles.count {
        case 0: self = .bootstrapRunner
        case 1 where roles.first == .allocator: self = .allocatorOnly
        // Three roles that include all three of these are exactly these.
        case 3 where roles.contains(.coordinator) && roles.contains(.proxy) && roles.contains(.director):
            self = .emergency
        default: return nil
        }
    }

    /// A sentence describing the shape.
    public var explanation: String {
        switch self {
        case .bootstrapRunner:
            return "same roles as ECE's install-time bootstrap_runner_roles_token (system services only)"
        case .allocatorOnly:
            return "same roles as ECE's install-time allocator_only_token"
        case .emergency:
            return "same roles as ECE's install-time emergency_all_roles_except_allocator_token"
        }
    }
}
