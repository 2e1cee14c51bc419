#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The claims of an ECE-shaped payload, read without allocating: byte ranges into the payload and
/// plain values.
struct ECEClaims {
    /// `sub`'s characters, when present.
    var subject: Range<Int>?
    /// `iss`'s characters, when present.
    var issuer: Range<Int>?
    /// `roles`, when present.
    var roles: ECERoleList?
    /// `persistent`, when present.
    var persistent: Bool?
    /// `exp`, when present.
    var expiration: Int64?
}

/// Up to four known roles, each at most once, in token order.
package struct ECERoleList: Hashable, Sendable {
    /// How many roles.
    package private(set) var count = 0
    /// The roles' codes (1 to 4, see ``names``), four bits each, the first in the low bits.
    private var codes: UInt16 = 0
    /// One bit per role present.
    private var seen: UInt8 = 0

    /// The known roles by code, in the order ECE's docs list them: allocator is 1, director 4.
    static let names: [StaticString] = ["allocator", "coordinator", "proxy", "director"]

    /// Appends a role; `false` when it is already in the list.
    mutating func append(code: Int) -> Bool {
        let bit = UInt8(1) << UInt8(code - 1)
        if seen & bit != 0 { return false }
        seen |= bit
        codes |= UInt16(code) << UInt16(4 * count)
        count += 1
        return true
    }

    /// The code of the role at `index` (`0..<count`): 1 for allocator to 4 for director.
    func code(at index: Int) -> Int { Int((codes >> UInt16(4 * index)) & 0xF) }

    /// The name of the role at `index` (`0..<count`).
    package func name(at index: Int) -> StaticString { Self.names[code(at: index) - 1] }

    /// The roles, in token order, without building an array.
    var roles: LazyMapCollection<Range<Int>, Role> {
        (0..<count).lazy.map { Self.knownRoles[code(at: $0) - 1] }
    }

    /// The known roles by code: ``Role`` declares them in the order of ``names``.
    private static let knownRoles = Role.allCases

    /// The whole list in 19 bits: equal lists, equal values.
    var packed: UInt64 { UInt64(codes) | UInt64(count) << 16 }
}

/// Reads payloads of the shape every ECE token has, `{"sub":…,"roles":[…],"iss":…,"persistent":…,"exp":…}`
/// in any order, without allocating.
///
/// It accepts a strict subset of what ``StrictJSONParser`` accepts and reads it the same way, so that the
/// audit's fast path agrees with the full inspector: no whitespace, only those five members, each at
/// most once; strings of printable ASCII without escapes; roles from the four known ones without
/// repeats; `exp` a plain non-negative integer no later than year 9999. For anything else it returns
/// `nil` and the caller falls back to the full parser and checks.
enum ECEClaimsScanner {
    /// Scans a whole payload.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> ECEClaims? {
        var claims = ECEClaims()
        var index = 0
        let count = bytes.count
        guard count >= 2, bytes[0] == UInt8(ascii: "{") else { return nil }
        index = 1
        if bytes[index] == UInt8(ascii: "}") { return index + 1 == count ? claims : nil }
        while true {
            guard let name = string(bytes, &index), index < count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            switch Member(bytes, name) {
            case .subject:
                guard claims.subject == nil, let value = string(bytes, &index) else { return nil }
                claims.subject = value
            case .issuer:
                guard claims.issuer == nil, let value = string(bytes, &index) else { return nil }
                claims.issuer = value
            case .roles:
                guard claims.roles == nil, let value = roles(bytes, &index) else { return nil }
                claims.roles = value
            case .persistent:
                guard claims.persistent == nil, let value = boolean(bytes, &index) else { return nil }
                claims.persistent = value
            case .expiration:
                guard claims.expiration == nil, let value = integer(bytes, &index) else { return nil }
                claims.expiration = value
            case nil:
                return nil
            }
            guard index < count else { return nil }
            if bytes[index] == UInt8(ascii: "}") { return index + 1 == count ? claims : nil }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    private enum Member {
        case subject, issuer, roles, persistent, expiration

        init?(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
            let name = UnsafeRawBufferPointer(rebasing: bytes[range])
            switch name.count {
            case 3 where ECEClaimsScanner.equals(name, "sub"): self = .subject
            case 3 where ECEClaimsScanner.equals(name, "iss"): self = .issuer
            case 3 where ECEClaimsScanner.equals(name, "exp"): self = .expiration
            case 5 where ECEClaimsScanner.equals(name, "roles"): self = .roles
            case 10 where ECEClaimsScanner.equals(name, "persistent"): self = .persistent
            default: return nil
            }
        }
    }

    /// Whether `bytes` spell `text` (ASCII), compared with `memcmp`.
    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base, text.utf8Start, bytes.count) == 0
    }

    /// A string of printable ASCII without `"` or `\`; the range of its characters.
    private static func string(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> Range<Int>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var cursor = start
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                index = cursor + 1
                return start..<cursor
            }
            guard byte >= 0x20, byte <= 0x7E, byte != UInt8(ascii: "\\") else { return nil }
            cursor += 1
        }
        return nil
    }

    private static func roles(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> ECERoleList? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var list = ECERoleList()
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            return list
        }
        while true {
            guard let name = string(bytes, &index) else { return nil }
            let text = UnsafeRawBufferPointer(rebasing: bytes[name])
            // The four names have four lengths: one comparison per role, whatever the order of roles.
            let code: Int
            switch text.count {
            case 9 where equals(text, "allocator"): code = 1
            case 11 where equals(text, "coordinator"): code = 2
            case 5 where equals(text, "proxy"): code = 3
            case 8 where equals(text, "director"): code = 4
            default: return nil
            }
            guard list.append(code: code), index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return list
            }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    private static func boolean(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> Bool? {
        if index + 4 <= bytes.count, equals(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + 4)]), "true") {
            index += 4
            return true
        }
        if index + 5 <= bytes.count, equals(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + 5)]), "false") {
            index += 5
            return false
        }
        return nil
    }

    /// `0` or a non-zero digit and at most eleven more, no later than ``Timestamps/maximumFormattable``;
    /// followed by `,` or `}` (no fraction or exponent).
    private static func integer(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> Int64? {
        var cursor = index
        var value: Int64 = 0
        while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
            value = value * 10 + Int64(bytes[cursor] - 0x30)
            cursor += 1
            if cursor - index > 12 { return nil }
        }
        let digits = cursor - index
        guard digits > 0, digits == 1 || bytes[index] != 0x30, value <= Timestamps.maximumFormattable else {
            return nil
        }
        index = cursor
        return value
    }
}
