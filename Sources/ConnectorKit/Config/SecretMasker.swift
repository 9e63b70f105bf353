/// Hides secret values in any text: log lines, error messages, echoed configs.
///
/// ```swift
/// let masker = SecretMasker(secrets: ["hunter2"])
/// masker.mask("login failed for password hunter2")
/// // "login failed for password **********"
/// ```
///
/// Each secret is also recognised as it appears inside JSON text (`"` `\` and
/// control characters escaped) and percent-encoded in a URL (`p@ss` as
/// `p%40ss`). Overlapping and adjacent secrets become one mask.
///
/// Secrets shorter than ``minimumLength`` characters are not looked for: a
/// one-letter value (say the `"p"` inside a secret service-account object)
/// would turn every `p` of every message into a mask while protecting next to
/// nothing. ``ConfigValidator/redacting(_:)`` still hides them in configurations.
import AirbyteProtocol

public struct SecretMasker: Sendable {
    /// What every secret is replaced with.
    public static let mask = "**********"
    /// The fewest characters a secret must have to be masked.
    public static let minimumLength = 3

    /// The byte sequences to hide, longest first.
    private let needles: [[UInt8]]

    /// A masker for `secrets`.
    public init(secrets: some Sequence<String>) {
        var forms: Set<[UInt8]> = []
        for secret in secrets where secret.count >= Self.minimumLength {
            forms.insert(Array(secret.utf8))
            forms.insert(Array(JSONValue.string(secret).jsonText.dropFirst().dropLast().utf8))  // as it appears inside a JSON string
            forms.insert(Array(Self.percentEncoded(secret).utf8))
        }
        needles = forms.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
    }

    /// Whether there is nothing to hide.
    public var isEmpty: Bool { needles.isEmpty }

    /// A masker that hides the secrets of both.
    public func merging(_ other: SecretMasker) -> SecretMasker {
        SecretMasker(needles: Array(Set(needles + other.needles)))
    }

    private init(needles: [[UInt8]]) {
        self.needles = needles.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
    }

    /// `text` with every occurrence of every secret replaced by ``mask``.
    public func mask(_ text: String) -> String {
        guard !needles.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var hidden = [Bool](repeating: false, count: bytes.count)
        var any = false
        for needle in needles where needle.count <= bytes.count {
            var start = 0
            while start + needle.count <= bytes.count {
                if bytes[start] == needle[0], bytes[start..<(start + needle.count)].elementsEqual(needle) {
                    for index in start..<(start + needle.count) { hidden[index] = true }
                    any = true
                }
                start += 1
            }
        }
        guard any else { return text }
        // UTF-8 is self-synchronising: a match of valid UTF-8 in valid UTF-8
        // starts and ends on scalar boundaries, so the output stays valid.
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if hidden[index] {
                output += Self.mask.utf8
                while index < bytes.count, hidden[index] { index += 1 }
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `text` as it appears in a URL: everything but RFC 3986's unreserved characters percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }
}
