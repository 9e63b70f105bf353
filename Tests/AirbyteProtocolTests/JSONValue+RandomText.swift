@testable import AirbyteProtocol

extension JSONValue {
    /// The value as JSON text with random whitespace between tokens and object
    /// keys in random order: the same value, written the way any writer might.
    func randomText(using generator: inout SeededGenerator) -> String {
        var text = ""
        writeRandom(into: &text, using: &generator)
        return text
    }

    private func writeRandom(into text: inout String, using generator: inout SeededGenerator) {
        switch self {
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += Self.space(&generator) + "," }
                text += Self.space(&generator)
                element.writeRandom(into: &text, using: &generator)
            }
            text += Self.space(&generator) + "]"
        case .object(let object):
            text += "{"
            for (index, member) in Array(object).shuffled(using: &generator).enumerated() {
                if index > 0 { text += Self.space(&generator) + "," }
                text += Self.space(&generator) + JSONValue.string(member.key).jsonText + Self.space(&generator) + ":"
                text += Self.space(&generator)
                member.value.writeRandom(into: &text, using: &generator)
            }
            text += Self.space(&generator) + "}"
        default:
            text += jsonText
        }
    }

    /// JSON whitespace other than a newline (a newline ends a protocol line).
    private static func space(_ generator: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: " "
        case 1: "  \t "
        case 2: "\r"
        default: ""
        }
    }
}
