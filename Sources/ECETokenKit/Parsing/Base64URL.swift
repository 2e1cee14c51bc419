/// Strict unpadded base64url (RFC 4648 §5, as RFC 7515 §2 requires for JWS).
///
/// Decoding rejects padding, the standard alphabet's `+` and `/`, lengths where `count % 4 == 1`,
/// and non-canonical trailing bits, so every byte string has exactly one spelling.
public enum Base64URL {
    /// Why a base64url text could not be decoded.
    public enum DecodingError: Error, Sendable, Equatable {
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
    public static func isAlphabetByte(_ byte: UInt8) -> Bool {
        decodingTable[Int(byte)] != 0xFF
    }

    /// Decodes canonical unpadded base64url.
    /// - Parameter text: the encoded bytes.
    /// - Returns: the decoded bytes.
    /// - Throws: ``DecodingError`` for any byte outside the alphabet, an impossible length, or
    ///   non-canonical trailing bits.
    public static func decode(_ text: some Collection<UInt8>) throws(DecodingError) -> [UInt8] {
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
    public static func decode(_ text: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) -> Int? {
        let count = text.count
        if count % 4 == 1 { return nil }
        return decodingTable.withUnsafeBufferPointer { table -> Int? in
            var written = 0
            var index = 0
            // Four characters make three bytes; an invalid character has a high bit set in the table.
            while index + 4 <= count {
                let a = UInt32(table[Int(text[index])])
                let b = UInt32(table[Int(text[index + 1])])
                let c = UInt32(table[Int(text[index + 2])])
                let d = UInt32(table[Int(text[index + 3])])
                if (a | b | c | d) & 0x80 != 0 { return nil }
                let word = (a << 18) | (b << 12) | (c << 6) | d
                output.storeBytes(of: UInt8(truncatingIfNeeded: word >> 16), toByteOffset: written, as: UInt8.self)
                output.storeBytes(of: UInt8(truncatingIfNeeded: word >> 8), toByteOffset: written + 1, as: UInt8.self)
                output.storeBytes(of: UInt8(truncatingIfNeeded: word), toByteOffset: written + 2, as: UInt8.self)
                written += 3
                index += 4
            }
            switch count - index {
            case 2:
                let a = UInt32(table[Int(text[index])])
                let b = UInt32(table[Int(text[index + 1])])
                if (a | b) & 0x80 != 0 || b & 0x0F != 0 { return nil }
                output.storeBytes(
                    of: UInt8(truncatingIfNeeded: (a << 2) | (b >> 4)),
                    toByteOffset: written,
                    as: UInt8.self
                )
                written += 1
            case 3:
                let a = UInt32(table[Int(text[index])])
                let b = UInt32(table[Int(text[index + 1])])
                let c = UInt32(table[Int(text[index + 2])])
                if (a | b | c) & 0x80 != 0 || c & 0x03 != 0 { return nil }
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

    /// Encodes bytes as unpadded base64url.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
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
