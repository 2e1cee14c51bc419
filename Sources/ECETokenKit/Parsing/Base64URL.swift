/// Strict unpadded base64url (RFC 4648 §5, as RFC 7515 §2 requires for JWS).
///
/// Decoding rejects padding, the standard alphabet's `+` and `/`, lengths where `count % 4 == 1`,
/// and non-canonical trailing bits, so every byte string has exactly one spelling.
package enum Base64URL {
    /// Why a base64url text could not be decoded.
    package enum DecodingError: Error, Sendable, Equatable {
        /// A byte outside `[A-Za-z0-9_-]` at this offset.
        case invalidCharacter(offset: Int, byte: UInt8)
        /// The length leaves a single dangling character (`count % 4 == 1`).
        case impossibleLength(Int)
        /// The last character carries bits that a canonical encoder would have left zero.
        case nonCanonicalTrailingBits(offset: Int)
    }

    /// The 6-bit value of each alphabet byte, or 0xFF for bytes outside the alphabet.
    static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    static let encodingTable: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Whether `byte` belongs to the base64url alphabet.
    @inline(__always)
    package static func isAlphabetByte(_ byte: UInt8) -> Bool {
        decodingTable[Int(byte)] != 0xFF
    }

    /// Decodes canonical unpadded base64url.
    /// - Parameter text: the encoded bytes.
    /// - Returns: the decoded bytes.
    /// - Throws: ``DecodingError`` for any byte outside the alphabet, an impossible length, or
    ///   non-canonical trailing bits.
    package static func decode(_ text: some Collection<UInt8>) throws(DecodingError) -> [UInt8] {
        let input = Array(text)
        let remainder = input.count % 4
        if remainder == 1 { throw .impossibleLength(input.count) }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        let table = decodingTable  // one lazy-global access, not one per byte
        for (offset, byte) in input.enumerated() {
            let value = table[Int(byte)]
            if value == 0xFF { throw .invalidCharacter(offset: offset, byte: byte) }
            accumulator = (accumulator << 6) | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        if bitCount > 0 && accumulator != 0 {
            throw .nonCanonicalTrailingBits(offset: input.count - 1)
        }
        return output
    }

    /// Decodes canonical unpadded base64url into `output` without allocating; the same rules as
    /// ``decode(_:)``, with no error detail.
    /// - Parameters:
    ///   - text: the encoded bytes.
    ///   - output: room for at least `text.count * 3 / 4` bytes.
    /// - Returns: the number of bytes written, or `nil` when `text` is not canonical base64url.
    package static func decode(_ text: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) -> Int? {
        let count = text.count
        if count % 4 == 1 { return nil }
        guard let input = text.baseAddress else { return 0 }
        return placedValues.withUnsafeBufferPointer { placed -> Int? in
            /// Four characters as three bytes in the low 24 bits; bit 24 or above set when one is invalid.
            @inline(__always)
            func quad(_ word: UInt32) -> UInt32 {
                placed[Int(word & 0xFF)] | placed[256 + Int(word >> 8 & 0xFF)]
                    | placed[512 + Int(word >> 16 & 0xFF)] | placed[768 + Int(word >> 24)]
            }
            @inline(__always)
            func store(_ bytes: UInt32, at offset: Int) {
                output.storeBytes(of: UInt8(truncatingIfNeeded: bytes >> 16), toByteOffset: offset, as: UInt8.self)
                output.storeBytes(of: UInt8(truncatingIfNeeded: bytes >> 8), toByteOffset: offset + 1, as: UInt8.self)
                output.storeBytes(of: UInt8(truncatingIfNeeded: bytes), toByteOffset: offset + 2, as: UInt8.self)
            }
            var written = 0
            var index = 0
            // Eight characters (one load) make six bytes.
            while index + 8 <= count {
                let word = UInt64(littleEndian: (input + index).loadUnaligned(as: UInt64.self))
                let first = quad(UInt32(truncatingIfNeeded: word))
                let second = quad(UInt32(truncatingIfNeeded: word >> 32))
                if (first | second) >= 1 << 24 { return nil }
                store(first, at: written)
                store(second, at: written + 3)
                written += 6
                index += 8
            }
            if index + 4 <= count {
                let bytes = quad(UInt32(littleEndian: (input + index).loadUnaligned(as: UInt32.self)))
                if bytes >= 1 << 24 { return nil }
                store(bytes, at: written)
                written += 3
                index += 4
            }
            // Two or three characters left: one or two bytes, and the unused low bits must be zero.
            let table = UnsafeBufferPointer(rebasing: placed[768...])  // plain 6-bit values, or 0xFF00_0000
            switch count - index {
            case 2:
                let a = table[Int(text[index])]
                let b = table[Int(text[index + 1])]
                if (a | b) >= 1 << 24 || b & 0x0F != 0 { return nil }
                output.storeBytes(
                    of: UInt8(truncatingIfNeeded: (a << 2) | (b >> 4)),
                    toByteOffset: written,
                    as: UInt8.self
                )
                written += 1
            case 3:
                let a = table[Int(text[index])]
                let b = table[Int(text[index + 1])]
                let c = table[Int(text[index + 2])]
                if (a | b | c) >= 1 << 24 || c & 0x03 != 0 { return nil }
                let word = (a << 12) | (b << 6) | c
                output.storeBytes(of: UInt8(truncatingIfNeeded: word >> 10), toByteOffset: written, as: UInt8.self)
                output.storeBytes(of: UInt8(truncatingIfNeeded: word >> 2), toByteOffset: written + 1, as: UInt8.self)
                written += 2
            default:
                break
            }
            return written
        }
    }

    /// For each of the four positions in a group of four characters (256 entries each), every byte's 6-bit
    /// value already shifted to its place in the group's 24 bits, or `0xFF00_0000` for a byte outside the
    /// alphabet: a group decodes with four lookups and three ORs. The last 256 entries are unshifted.
    static let placedValues: [UInt32] = {
        var table = [UInt32](repeating: 0xFF00_0000, count: 1024)
        for position in 0..<4 {
            for byte in 0..<256 where decodingTable[byte] != 0xFF {
                table[position * 256 + byte] = UInt32(decodingTable[byte]) << UInt32(18 - 6 * position)
            }
        }
        return table
    }()

    /// Encodes bytes as unpadded base64url.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output = [UInt8]()
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bitCount += 8
            while bitCount >= 6 {
                bitCount -= 6
                output.append(encodingTable[Int((accumulator >> UInt32(bitCount)) & 0x3F)])
            }
            accumulator &= (1 << UInt32(bitCount)) - 1
        }
        if bitCount > 0 {
            output.append(encodingTable[Int((accumulator << UInt32(6 - bitCount)) & 0x3F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
