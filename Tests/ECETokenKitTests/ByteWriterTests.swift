import Testing

@testable import ECETokenKit

/// The byte writers the audit's fast path renders with must write exactly what the string-building
/// functions of the full report write, and the install-time-shape rule must read the same from role codes
/// as from role names.
@Suite("Byte writers and the install-time-shape rule")
struct ByteWriterTests {
    @Test(
        "DecimalText writes what String(value) writes, at both ends of Int64",
        arguments: [Int64(0), 7, 9, 10, 99, 100, -1, -10, 1_800_000_000, .max, .min, .min + 1]
    )
    func decimal(value: Int64) {
        var room: (UInt64, UInt64, UInt64) = (0xFFFF, 0xFFFF, 0xFFFF)
        let written = withUnsafeMutableBytes(of: &room) { buffer in
            let count = DecimalText.write(value, to: buffer.baseAddress!)
            return String(decoding: buffer[..<count], as: UTF8.self)
        }
        #expect(written == String(value))
        #expect(written.utf8.count <= DecimalText.maximumLength)

        var bytes = Array("n=".utf8)
        bytes.appendDecimal(value)
        #expect(String(decoding: bytes, as: UTF8.self) == "n=\(value)")
    }

    @Test(
        "writeRFC3339 and appendRFC3339 write rfc3339's text, and nothing outside years 0001 to 9999",
        arguments: [
            Int64(0), -1, 1_800_000_000, Timestamps.maximumFormattable, Timestamps.minimumFormattable,
            Timestamps.maximumFormattable + 1, Timestamps.minimumFormattable - 1, .max, .min,
        ]
    )
    func dates(seconds: Int64) {
        var room: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let written = withUnsafeMutableBytes(of: &room) { buffer -> String? in
            guard Timestamps.writeRFC3339(seconds, to: buffer.baseAddress!) else { return nil }
            return String(decoding: buffer[..<Timestamps.rfc3339Length], as: UTF8.self)
        }
        #expect(written == Timestamps.rfc3339(seconds))

        var bytes = Array("at ".utf8)
        let appended = Timestamps.appendRFC3339(seconds, to: &bytes)
        #expect(appended == (written != nil))
        #expect(String(decoding: bytes, as: UTF8.self) == "at " + (written ?? ""))
    }

    @Test(
        "isUUID: 36 hex digits of either case with dashes at 8, 13, 18 and 23, nothing else",
        arguments: [
            ("edd7a6ab-e79d-411a-bac7-a02d87d95c9c", true),
            ("EDD7A6AB-E79D-411A-BAC7-A02D87D95C9C", true),
            ("00000000-0000-0000-0000-000000000000", true),
            ("edd7a6ab-e79d-411a-bac7-a02d87d95c9", false),
            ("edd7a6ab-e79d-411a-bac7-a02d87d95c9cc", false),
            ("edd7a6abxe79d-411a-bac7-a02d87d95c9c", false),
            ("edd7a6ab-e79d-411a-bac7a-02d87d95c9c", false),
            ("gdd7a6ab-e79d-411a-bac7-a02d87d95c9c", false),
            ("edd7a6ab-e79d-411a-bac7-a02d87d95c9/", false),
            ("edd7a6ab-e79d-411a-bac7-a02d87d95c9:", false),
            ("edd7a6ab-e79d-411a-bac7-a02d87d95c9@", false),
            ("edd7a6ab-e79d-411a-bac7-a02d87d95c9`", false),
            ("------------------------------------", false),
            ("", false),
        ]
    )
    func uuid(text: String, expected: Bool) {
        #expect(ClaimChecks.isUUID(text) == expected)
    }

    @Test(
        "The install-time shape of a role list is the same from names and from the fast path's role codes",
        arguments: [
            ([String](), InstallTimeShape.bootstrapRunner),
            (["allocator"], .allocatorOnly),
            (["coordinator", "proxy", "director"], .emergency),
            (["director", "coordinator", "proxy"], .emergency),
            (["proxy"], nil),
            (["allocator", "proxy"], nil),
            (["allocator", "coordinator", "proxy"], nil),
            (["allocator", "coordinator", "proxy", "director"], nil),
        ]
    )
    func installTimeShape(names: [String], expected: InstallTimeShape?) {
        #expect(InstallTimeShape(roles: names) == expected)
        var list = ECERoleList()
        for name in names {
            let code = ECERoleList.names.firstIndex { $0.description == name }! + 1
            let added = list.append(code: code)
            #expect(added)
        }
        #expect(list.roles.map(\.rawValue) == names)
        #expect(InstallTimeShape(knownRoles: list.roles) == expected)
    }

    @Test(
        "Role names ECE does not know, repeats and other cases match no install-time shape",
        arguments: [
            ["Allocator"], ["allocator", "allocator"], ["coordinator", "proxy", "proxy"],
            ["coordinator", "proxy", "x"],
        ]
    )
    func noShape(names: [String]) {
        #expect(InstallTimeShape(roles: names) == nil)
    }
}
