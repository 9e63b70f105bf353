internal import AirbyteProtocol

/// `PropertyChunking`: properties split so each chunk stays within a count or a number of
/// characters (each property counting its length plus 3 for the encoded delimiter).
struct PropertyChunking: Sendable {
    enum LimitType: String, Sendable {
        case characters
        case propertyCount = "property_count"
    }

    let limitType: LimitType
    let limit: Int?
    /// `GroupByKeyMergeStrategy`'s keys (`id` without one).
    let mergeKeys: [String]

    func chunks(_ fields: [String], alwaysInclude: [String]?, selected: Set<String>?) -> [[String]] {
        guard let limit, limit != 0 else { return [fields + (alwaysInclude ?? [])] }
        var chunks: [[String]] = []
        var current = alwaysInclude ?? []
        var size = 0
        for field in fields {
            if let selected, !selected.contains(field) { continue }
            let fieldSize = limitType == .characters ? field.count + 3 : 1
            if size + fieldSize > limit {
                chunks.append(current)
                current = alwaysInclude ?? []
                size = 0
            }
            current.append(field)
            size += fieldSize
        }
        chunks.append(current)
        return chunks
    }

    /// `GroupByKey.get_group_key`: the keys' values joined by commas; `nil` when one is
    /// missing or falsy. Python's `",".join` takes only strings: another value fails the read
    /// with its `TypeError`.
    func mergeKey(_ record: JSONValue) throws -> String? {
        var values: [JSONValue] = []
        for key in mergeKeys {
            guard let value = record.objectValue?[key], ManifestTruthiness.isTruthy(value) else { return nil }
            values.append(value)
        }
        var texts: [String] = []
        for (index, value) in values.enumerated() {
            guard let text = value.stringValue else {
                let type: String
                switch value {
                case .bool: type = "bool"
                case .number(let digits): type = digits.contains(where: { ".eE".contains($0) }) ? "float" : "int"
                case .array: type = "list"
                default: type = "dict"
                }
                throw PythonTypeError(description: "sequence item \(index): expected str instance, \(type) found")
            }
            texts.append(text)
        }
        return texts.joined(separator: ",")
    }
}
