// Fuzz target: the strict JSON reader and the JSON writer.
//
// Whatever `StrictJSONParser` accepts must serialize (compactly and pretty) to text that it parses back
// to an equal value, and compact serialization must be a fixed point. Looser limits never reject what
// tighter ones accept, `parse` and `parseObject` agree, and an object's names are unique (every member
// is what the subscript finds). The claim readers run on every object, since a payload is any object.
@testable import ECETokenKit
import FuzzSupport

private let parser = StrictJSONParser()
/// The limits used for bootstrap-secrets files and multi-line documents: deeper and larger.
private let documentParser = StrictJSONParser(maximumDepth: 64, maximumBytes: BootstrapSecrets.maximumFileSize)
/// Re-parses serializer output: same depth, no practical size limit (escaping can make text longer,
/// for example a raw U+007F becomes `\u007f`).
private let roomyParser = StrictJSONParser(maximumDepth: StrictJSONParser.defaultMaximumDepth, maximumBytes: 1 << 30)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = FuzzSupport.bytes(data, count)

    let value: JSONValue
    do {
        value = try parser.parse(bytes)
    } catch {
        FuzzSupport.blackHole(error.description.utf8.count &+ error.offset)
        FuzzSupport.require(
            error.offset >= 0 && error.offset <= bytes.count,
            "error offset \(error.offset) out of range"
        )
        FuzzSupport.require((try? parser.parseObject(bytes)) == nil, "parseObject accepts what parse rejects")
        if let document = try? documentParser.parse(bytes) {
            walk(document, depth: 1)
        }
        return 0
    }

    // Looser limits accept the same value; parseObject agrees on objects and rejects everything else.
    FuzzSupport.require(
        (try? documentParser.parse(bytes)) == value,
        "the deeper, larger parser disagrees with the default one"
    )
    let object = try? parser.parseObject(bytes)
    if case .object(let expected) = value {
        FuzzSupport.require(object == expected, "parseObject disagrees with parse on an object")
    } else {
        FuzzSupport.require(object == nil, "parseObject accepted a \(value.typeName)")
    }

    // Round trips.
    let compact = value.serialized()
    let reparsed: JSONValue
    do {
        reparsed = try roomyParser.parse(Array(compact.utf8))
    } catch {
        FuzzSupport.fail("serialized() output does not parse: \(error)")
    }
    FuzzSupport.require(reparsed == value, "serialized() does not round-trip")
    FuzzSupport.require(reparsed.serialized() == compact, "serialized() is not a fixed point")
    FuzzSupport.require(
        compact.utf8.count <= 6 * bytes.count,
        "serialized() is \(compact.utf8.count) bytes from \(bytes.count)"
    )

    let pretty = value.serializedPretty()
    do {
        let prettyValue = try roomyParser.parse(Array(pretty.utf8))
        FuzzSupport.require(prettyValue == value, "serializedPretty() does not round-trip")
    } catch {
        FuzzSupport.fail("serializedPretty() output does not parse: \(error)")
    }

    walk(value, depth: 1)
    return 0
}

/// Visits every value: number accessors, escaping for messages, object invariants and the claim readers.
private func walk(_ value: JSONValue, depth: Int) {
    FuzzSupport.require(depth <= 64, "a parsed value nests \(depth) deep")
    switch value {
    case .null, .bool:
        break
    case .number(let number):
        FuzzSupport.require(!number.text.isEmpty, "an empty number")
        let double = number.doubleValue
        FuzzSupport.require(!double.isNaN, "number \(number.text) reads as NaN")
        if let integer = number.int64Value {
            FuzzSupport.require(number.isInteger, "int64Value for a non-integer")
            FuzzSupport.blackHole(Int(truncatingIfNeeded: integer))
        }
    case .string(let string):
        let escaped = EscapedText.escape(string)
        let quoted = EscapedText.quoted(string, limit: 16)
        FuzzSupport.require(
            !escaped.unicodeScalars.contains(where: isTerminalControl)
                && !quoted.unicodeScalars.contains(where: isTerminalControl),
            "escaped text keeps a control character"
        )
        // The JSON writer escapes the same characters, and what it writes reads back as the same string.
        let json = JSONValue.string(string).serialized()
        FuzzSupport.require(!json.unicodeScalars.contains(where: isTerminalControl), "JSON keeps a control character")
        FuzzSupport.require(
            (try? StrictJSONParser().parse(Array(json.utf8))) == .string(string),
            "JSON of a string does not read back as it"
        )
        FuzzSupport.blackHole(escaped.utf8.count &+ quoted.utf8.count &+ json.utf8.count)
    case .array(let elements):
        for element in elements { walk(element, depth: depth + 1) }
    case .object(let object):
        for member in object.members {
            FuzzSupport.require(object[member.name] == member.value, "two members named alike")
            walk(member.value, depth: depth + 1)
        }
        FuzzSupport.require(JSONObject(object.members) == object, "an object does not rebuild from its members")
        FuzzSupport.require(object.names.count == object.members.count, "names and members differ in count")
        readClaims(object)
    }
}

/// Runs what reads claims and bootstrap-secrets members from an object.
private func readClaims(_ object: JSONObject) {
    let claims = RolesTokenClaims(object)
    var sink = Classification.kind(of: claims).rawValue.utf8.count
    sink &+= Classification.conflict(in: claims)?.utf8.count ?? 0
    sink &+= claims.roles.value?.count ?? 0
    for date in [claims.expiration.value, claims.notBefore.value, claims.issuedAt.value] {
        guard let date = date else { continue }
        FuzzSupport.blackHole(Int(date.seconds.isFinite ? 1 : 0))
        if let whole = date.wholeSeconds {
            sink &+= Timestamps.rfc3339(whole)?.utf8.count ?? 0
        }
        sink &+= Int(truncatingIfNeeded: date.millisecondsReading ?? 0)
    }
    if let roles = claims.roles.value {
        sink &+= InstallTimeShape(roles: roles)?.rawValue.utf8.count ?? 0
    }
    if BootstrapSecrets.isBootstrapSecrets(object), let secrets = try? BootstrapSecrets(object, source: "fuzz") {
        sink &+= secrets.tokens.count &+ (secrets.secret?.count ?? 0)
    }
    FuzzSupport.blackHole(sink)
}

/// The scalars `EscapedText` and the JSON writer promise never to pass through: C0, DEL, C1, the line and
/// bidi controls, and the zero-width characters (written out here apart from `EscapedText.isDisplayHazard`).
private func isTerminalControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200B...0x200F, 0x2028...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF:
        return true
    default:
        return false
    }
}
