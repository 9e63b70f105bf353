internal import CompressNIO
internal import NIOCore

/// A zip archive read from memory as Python's `zipfile.ZipFile` reads it: the end of central
/// directory record (after an optional comment, data before the archive allowed), the members
/// in central directory order, each read from its local header and checked against its CRC-32.
///
/// Stored and deflated members are read; anything else (zip64, encrypted members, other
/// compression methods, archives split over disks) is refused with an error that says which.
struct ZipArchive: Sendable {
    /// A member as the central directory lists it.
    struct Member: Sendable {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var headerOffset: Int
    }

    /// Why an archive or a member cannot be read.
    struct Failure: Error, CustomStringConvertible {
        enum Code: Sendable {
            /// Not a zip archive, or a damaged one (Python's `BadZipFile`).
            case badZipFile
            /// A valid archive using a feature this reader does not implement.
            case unsupported
        }

        var code: Code
        var description: String
    }

    let bytes: [UInt8]
    /// The members in central directory order (`namelist()`).
    let members: [Member]

    private static let endOfCentralDirectory: UInt32 = 0x0605_4b50
    private static let zip64Locator: UInt32 = 0x0706_4b50
    private static let centralDirectoryEntry: UInt32 = 0x0201_4b50
    private static let localHeader: UInt32 = 0x0403_4b50

    init(_ bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        let end = try Self.findEndRecord(bytes)
        if end >= 20, Self.uint32(bytes, end - 20) == Self.zip64Locator {
            throw Failure(code: .unsupported, description: "zip64 archives are not supported")
        }
        let disk = Self.uint16(bytes, end + 4)
        let centralDisk = Self.uint16(bytes, end + 6)
        let count = Int(Self.uint16(bytes, end + 10))
        let size = Int(Self.uint32(bytes, end + 12))
        let offset = Int(Self.uint32(bytes, end + 16))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw Failure(code: .unsupported, description: "zip64 archives are not supported")
        }
        if disk != 0 || centralDisk != 0 {
            throw Failure(code: .unsupported, description: "archives split over several disks are not supported")
        }
        // Bytes before the archive (a self-extractor's stub) shift every offset, as zipfile allows.
        let shift = end - size - offset
        guard shift >= 0 else { throw Failure(code: .badZipFile, description: "Bad offset for central directory") }
        var members: [Member] = []
        var position = offset + shift
        let directoryEnd = position + size
        while position < directoryEnd {
            guard position + 46 <= bytes.count, Self.uint32(bytes, position) == Self.centralDirectoryEntry else {
                throw Failure(code: .badZipFile, description: "Bad magic number for central directory")
            }
            let nameLength = Int(Self.uint16(bytes, position + 28))
            let extraLength = Int(Self.uint16(bytes, position + 30))
            let commentLength = Int(Self.uint16(bytes, position + 32))
            let flags = Self.uint16(bytes, position + 8)
            guard position + 46 + nameLength <= bytes.count else {
                throw Failure(code: .badZipFile, description: "Truncated central directory")
            }
            let compressed = Int(Self.uint32(bytes, position + 20))
            let uncompressed = Int(Self.uint32(bytes, position + 24))
            let local = Int(Self.uint32(bytes, position + 42))
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                throw Failure(code: .unsupported, description: "zip64 archives are not supported")
            }
            members.append(
                Member(
                    name: Self.name(bytes[(position + 46)..<(position + 46 + nameLength)], utf8: flags & 0x800 != 0),
                    flags: flags, method: Self.uint16(bytes, position + 10), crc32: Self.uint32(bytes, position + 16),
                    compressedSize: compressed, uncompressedSize: uncompressed, headerOffset: local + shift))
            position += 46 + nameLength + extraLength + commentLength
        }
        self.members = members
    }

    /// `zipfile._EndRecData`: the record at the very end, else the last one within the
    /// largest comment's reach.
    private static func findEndRecord(_ bytes: [UInt8]) throws(Failure) -> Int {
        guard bytes.count >= 22 else { throw Failure(code: .badZipFile, description: "File is not a zip file") }
        let last = bytes.count - 22
        if uint32(bytes, last) == endOfCentralDirectory, uint16(bytes, last + 20) == 0 { return last }
        var position = last
        let lowest = max(0, bytes.count - 22 - 65_535)
        while position >= lowest {
            if uint32(bytes, position) == endOfCentralDirectory {
                // The comment must fit in what follows the record.
                if position + 22 + Int(uint16(bytes, position + 20)) <= bytes.count { return position }
                break
            }
            position -= 1
        }
        throw Failure(code: .badZipFile, description: "File is not a zip file")
    }

    /// `zip_file.read(name)`: the last member of that name.
    func read(_ name: String) throws(Failure) -> [UInt8] {
        guard let member = members.last(where: { $0.name == name }) else {
            throw Failure(code: .badZipFile, description: "There is no item named '\(name)' in the archive")
        }
        return try read(member)
    }

    /// A member's bytes, decompressed and checked against its CRC-32.
    func read(_ member: Member) throws(Failure) -> [UInt8] {
        let header = member.headerOffset
        guard header + 30 <= bytes.count, Self.uint32(bytes, header) == Self.localHeader else {
            throw Failure(code: .badZipFile, description: "Bad magic number for file header")
        }
        let nameLength = Int(Self.uint16(bytes, header + 26))
        let extraLength = Int(Self.uint16(bytes, header + 28))
        let start = header + 30 + nameLength + extraLength
        guard start <= bytes.count,
            Self.name(bytes[(header + 30)..<(header + 30 + nameLength)], utf8: member.flags & 0x800 != 0) == member.name
        else {
            throw Failure(code: .badZipFile, description: "File name in directory '\(member.name)' and header differ.")
        }
        if member.flags & 0x1 != 0 {
            throw Failure(code: .unsupported, description: "File '\(member.name)' is encrypted, password required for extraction")
        }
        guard start + member.compressedSize <= bytes.count else {
            throw Failure(code: .badZipFile, description: "Truncated file: '\(member.name)'")
        }
        let data = bytes[start..<(start + member.compressedSize)]
        let plain: [UInt8]
        switch member.method {
        case 0:
            plain = Array(data)
        case 8:
            var input = ByteBuffer(bytes: data)
            var output = ByteBuffer()
            output.reserveCapacity(member.uncompressedSize)
            do {
                try input.decompress(to: &output, with: .deflate())
            } catch {
                throw Failure(code: .badZipFile, description: "Error -3 while decompressing data of '\(member.name)': \(error)")
            }
            plain = Array(output.readableBytesView)
        default:
            throw Failure(
                code: .unsupported,
                description:
                    "File '\(member.name)' uses compression method \(member.method); only stored (0) and deflated (8) are supported")
        }
        guard plain.count == member.uncompressedSize, CRC32.checksum(plain) == member.crc32 else {
            throw Failure(code: .badZipFile, description: "Bad CRC-32 for file '\(member.name)'")
        }
        return plain
    }

    private static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(uint16(bytes, offset)) | UInt32(uint16(bytes, offset + 2)) << 16
    }

    /// A member's name: UTF-8 when its flag says so, else code page 437, as zipfile decodes it.
    private static func name(_ raw: ArraySlice<UInt8>, utf8: Bool) -> String {
        if utf8 || raw.allSatisfy({ $0 < 0x80 }) { return String(decoding: raw, as: UTF8.self) }
        return String(raw.map { $0 < 0x80 ? Character(Unicode.Scalar($0)) : cp437High[Int($0) - 0x80] })
    }

    private static let cp437High = Array(
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}"
    )
}

/// CRC-32 (IEEE 802.3, as zip and zlib compute it).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
