import Crypto
import Foundation

/// The Airbyte CDK's filters (`interpolation/filters.py`).
extension JinjaEnvironment {
    mutating func installAirbyteFilters() {
        let hashFilter: InternalFilter = { v, a, _ throws(TemplateError) in
            let p = try a.bind("hash", ["hash_type", "salt"], defaults: ["md5", JinjaValue.none])
            guard case .string(let algorithm) = p[0].storage else { throw .type("attribute name must be string, not '\(p[0].typeName)'") }
            var data = Data(v.description.utf8)
            if p[1].isTruthy { data.append(contentsOf: Array(p[1].description.utf8)) }
            let digest: String
            switch algorithm {
            case "md5": digest = Insecure.MD5.hash(data: data).hexString
            case "sha1": digest = Insecure.SHA1.hash(data: data).hexString
            case "sha256": digest = SHA256.hash(data: data).hexString
            case "sha384": digest = SHA384.hash(data: data).hexString
            case "sha512": digest = SHA512.hash(data: data).hexString
            default:
                throw TemplateError(
                    .attributeError, "No hashing function named \(algorithm) (this engine has md5, sha1, sha256, sha384 and sha512)")
            }
            return .string(digest)
        }
        let base64encodeFilter: InternalFilter = { v, _, _ throws(TemplateError) in
            .string(Data(try encodable(v, "base64encode").utf8).base64EncodedString())
        }
        let base64decodeFilter: InternalFilter = { v, _, _ throws(TemplateError) in
            let bytes = try Base64.decodeLikePython(try encodable(v, "base64decode"))
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .value("'utf-8' codec can't decode the base64-decoded bytes")
            }
            return .string(text)
        }
        let base64BinasciiDecodeFilter: InternalFilter = { v, _, _ throws(TemplateError) in
            let text = try encodable(v, "base64binascii_decode")
            guard text.unicodeScalars.allSatisfy(\.isASCII) else { throw .value("'ascii' codec can't encode characters") }
            return .string(Data(text.utf8).base64EncodedString())
        }
        let stringFilter: InternalFilter = { v, _, _ throws(TemplateError) in
            if case .string = v.storage { return v }
            return .string("\"\"\"" + (try v.pythonJSON()) + "\"\"\"")
        }
        let regexSearchFilter: InternalFilter = { v, a, _ throws(TemplateError) in
            let p = try a.bind("regex_search", ["regex"], defaults: [])
            guard case .string(let text) = v.storage else { throw .type("expected string or bytes-like object, got '\(v.typeName)'") }
            guard case .string(let pattern) = p[0].storage else { throw .type("first argument must be string or compiled pattern") }
            return try PythonRegex.search(pattern, in: text)
        }
        let regexReplaceFilter: InternalFilter = { v, a, _ throws(TemplateError) in
            let p = try a.bind("regex_replace", ["regex", "replacement"], defaults: [])
            guard case .string(let text) = v.storage else { throw .type("expected string or bytes-like object, got '\(v.typeName)'") }
            guard case .string(let pattern) = p[0].storage else { throw .type("first argument must be string or compiled pattern") }
            guard case .string(let replacement) = p[1].storage else { throw .type("expected str instance, \(p[1].typeName) found") }
            return .string(try PythonRegex.substitute(pattern, replacement, in: text))
        }
        let hmacFilter: InternalFilter = { v, a, _ throws(TemplateError) in
            let p = try a.bind("hmac", ["key", "hash_type"], defaults: ["sha256"])
            guard p[1].stringValue == "sha256" else {
                throw .value("Hash type '\(p[1].description)' is not allowed. Allowed types: sha256")
            }
            let key = SymmetricKey(data: Data(p[0].description.utf8))
            let mac = HMAC<SHA256>.authenticationCode(for: Data(v.description.utf8), using: key)
            return .string(hexDigest(Data(mac)))
        }
        filters["hash"] = hashFilter
        filters["base64encode"] = base64encodeFilter
        filters["base64decode"] = base64decodeFilter
        filters["base64binascii_decode"] = base64BinasciiDecodeFilter
        filters["string"] = stringFilter
        filters["regex_search"] = regexSearchFilter
        filters["regex_replace"] = regexReplaceFilter
        filters["hmac"] = hmacFilter
    }
}

/// `value.encode(...)`: only strings have it.
private func encodable(_ value: JinjaValue, _ filter: String) throws(TemplateError) -> String {
    switch value.storage {
    case .string(let text): return text
    case .undefined(let u): throw u.error
    default: throw TemplateError(.attributeError, "'\(value.typeName)' object has no attribute 'encode'")
    }
}

extension Digest {
    var hexString: String { hexDigest(self) }
}

/// Lowercase hexadecimal of `bytes`, as Python's `hexdigest()`.
func hexDigest(_ input: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(128)
    for byte in input {
        bytes.append(digits[Int(byte >> 4)])
        bytes.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Python's `base64.b64decode(s)` without `validate`: characters outside the
/// alphabet are skipped, padding ends the data, bad padding is an error.
enum Base64 {
    static func decodeLikePython(_ text: String) throws(TemplateError) -> [UInt8] {
        var output: [UInt8] = []
        var quadPosition = 0
        var leftChar: UInt32 = 0
        var pads = 0
        var dataCharacters = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") {
                if quadPosition >= 2 {
                    pads += 1
                    if quadPosition + pads >= 4 { return output }
                }
                continue
            }
            guard let value = sextet(byte) else { continue }
            dataCharacters += 1
            switch quadPosition {
            case 0:
                quadPosition = 1
                leftChar = value
            case 1:
                quadPosition = 2
                output.append(UInt8((leftChar << 2) | (value >> 4)))
                leftChar = value & 0x0F
            case 2:
                quadPosition = 3
                output.append(UInt8((leftChar << 4) | (value >> 2)))
                leftChar = value & 0x03
            default:
                quadPosition = 0
                output.append(UInt8((leftChar << 6) | value))
                leftChar = 0
            }
        }
        if quadPosition == 1 {
            throw .value(
                "Invalid base64-encoded string: number of data characters (\(dataCharacters)) cannot be 1 more than a multiple of 4")
        }
        if quadPosition != 0 { throw .value("Incorrect padding") }
        return output
    }

    private static func sextet(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(byte - UInt8(ascii: "a") + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0") + 52)
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
