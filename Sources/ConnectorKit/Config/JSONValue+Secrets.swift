import AirbyteProtocol

extension JSONValue {
    /// The texts a secret value could leak as: its strings and numbers, at any depth.
    var secretTexts: [String] {
        switch self {
        case .string(let text): [text]
        case .number(let literal): [literal]
        case .array(let elements): elements.flatMap(\.secretTexts)
        case .object(let object): object.flatMap(\.value.secretTexts)
        case .bool, .null: []
        }
    }

    /// This value with the node at `path` replaced by `replacement`.
    func replacing(at path: ArraySlice<JSONPath.Component>, with replacement: JSONValue) -> JSONValue {
        guard let head = path.first else { return replacement }
        switch (head, self) {
        case (.key(let key), .object(var object)):
            guard let member = object[key] else { return self }
            object[key] = member.replacing(at: path.dropFirst(), with: replacement)
            return .object(object)
        case (.index(let index), .array(var elements)) where elements.indices.contains(index):
            elements[index] = elements[index].replacing(at: path.dropFirst(), with: replacement)
            return .array(elements)
        default:
            return self
        }
    }
}
