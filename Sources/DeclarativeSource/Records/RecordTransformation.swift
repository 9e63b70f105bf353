internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

/// Changes a record in place (`RecordTransformation.transform`).
protocol RecordTransformation: Sendable {
    func transform(_ record: inout JSONValue, slice: StreamSlice, sliceValue: JinjaValue) throws
}

func makeTransformation(_ node: ComponentNode, context: BuildContext) throws(ManifestError) -> any RecordTransformation {
    let type = try node.requireType(
        ["AddFields", "RemoveFields", "KeysToLower", "KeysToSnakeCase", "KeysReplace", "FlattenFields", "DpathFlattenFields"],
        role: "transformation")
    switch type {
    case "AddFields": return try AddFields(node, context: context)
    case "RemoveFields": return try RemoveFields(node, context: context)
    case "KeysToLower": return KeysToLower()
    case "KeysToSnakeCase": return KeysToSnakeCase()
    case "KeysReplace": return try KeysReplace(node, context: context)
    case "FlattenFields": return FlattenFields(flattenLists: try node.bool("flatten_lists", default: true))
    default: return try DpathFlattenFields(node, context: context)
    }
}

/// `AddFields`: sets each field (creating parents) to its interpolated value.
struct AddFields: RecordTransformation {
    struct Field: Sendable {
        let path: [JSONValue]
        let value: InterpolatedString
        let valueType: Set<PythonType>?
    }

    let fields: [Field]
    let condition: InterpolatedBoolean?
    let config: JinjaValue

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        var fields: [Field] = []
        for field in try node.componentList("fields") {
            guard case .array(let path)? = field["path"], !path.isEmpty else {
                throw field.invalid("path", "Expected a non-zero-length path for the AddFields transformation")
            }
            let value: String
            switch field["value"] {
            case .string(let text)?: value = text
            case let other?: value = other.jsonText
            case nil: throw field.invalid("value", "AddedFieldDefinition requires `value`")
            }
            var valueType: Set<PythonType>?
            if let name = try field.optionalString("value_type") {
                guard let named = ValidTypes.named(name) else { throw field.invalid("value_type", "Unknown value_type \(name)") }
                valueType = named
            }
            fields.append(
                Field(
                    path: path, value: InterpolatedString(value, parameters: field.parameters, in: context.interpolation),
                    valueType: valueType))
        }
        self.fields = fields
        let conditionText = try node.optionalString("condition") ?? ""
        condition = conditionText.isEmpty ? nil : InterpolatedBoolean(conditionText, parameters: node.parameters, in: context.interpolation)
        config = context.configValue
    }

    func transform(_ record: inout JSONValue, slice: StreamSlice, sliceValue: JinjaValue) throws {
        for field in fields {
            let context: InterpolationContext = ["record": JinjaValue(record), "stream_slice": sliceValue]
            let value = try field.value.eval(config, context, validTypes: field.valueType)
            if let condition {
                var conditionContext = context
                conditionContext["value"] = value
                conditionContext["path"] = .list(field.path.map(JinjaValue.init))
                guard try condition.eval(config, conditionContext) else { continue }
            }
            Dpath.new(&record, field.path, value.jsonValue)
        }
    }
}

/// `RemoveFields`: deletes the fields at each pointer (globs allowed), or with a condition,
/// every leaf for which it holds.
struct RemoveFields: RecordTransformation {
    let pointers: [[String]]
    let condition: InterpolatedBoolean?
    let config: JinjaValue

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        guard case .array(let pointerValues)? = node["field_pointers"] else {
            throw node.invalid("field_pointers", "RemoveFields requires `field_pointers`")
        }
        var pointers: [[String]] = []
        for pointer in pointerValues {
            guard case .array(let segments) = pointer else { throw node.invalid("field_pointers", "each field pointer must be a list") }
            pointers.append(segments.map(\.pathText))
        }
        self.pointers = pointers
        let conditionText = try node.optionalString("condition") ?? ""
        condition = conditionText.isEmpty ? nil : InterpolatedBoolean(conditionText, parameters: JSONObject(), in: context.interpolation)
        config = context.configValue
    }

    func transform(_ record: inout JSONValue, slice: StreamSlice, sliceValue: JinjaValue) throws {
        for pointer in pointers {
            if let condition {
                _ = try Dpath.deleteLeaves(&record) { leaf in try condition.eval(config, ["property": JinjaValue(leaf)]) }
            } else {
                Dpath.delete(&record, pointer)
            }
        }
    }
}

struct KeysToLower: RecordTransformation {
    func transform(_ record: inout JSONValue, slice: StreamSlice, sliceValue: JinjaValue) throws {
        guard case .object(let object) = record else { return }
        var result = JSONObject()
        for (key, value) in object { result[key.lowercased()] = value }
        record = .object(result)
    }
}

/// `KeysToSnakeCase`: keys split into words (`[A-Z]+[a-z]*|[a-z]+|\d+`, other runs as
/// separators) and joined lowercased with `_`, recursively through nested objects.
struct KeysToSnakeCase: RecordTransformation {
    func transform(_ record: inout JSONValue, slice: StreamSlice, sliceValue: JinjaValue) throws {
        record = Self.convert(record)
    }

    private static func convert(_ value: JSONValue) -> JSONValue {
        guard case .object(let object) = value else { return value }
        var result = JSONObject()
        for (key, child) in object {
            if case .object = child { result[processKey(key)] = convert(child) } else { result[processKey(key)] = child }
        }
        return .object(result)
    }

    static func processKey(_ key: String) -> String {
        let ascii = key.applyingTransform(.toLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false) ?? key
        var tokens: [String] = []
        let scalars = Array(ascii.unicodeScalars)
        var index = 0
        func isUpper(_ s: Unicode.Scalar) -> Bool { s.value >= 65 && s.value <= 90 }
        func isLower(_ s: Unicode.Scalar) -> Bool { s.value >= 97 && s.value <= 122 }
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
        while index < scalars.count {
            let start = index
            if isUpper(scalars[index]) {
                while index < scalars.count, isUpper(scalars[index]) { index += 1 }
                while index < scalars.count, isLower(scalars[index]) { index += 1 }
                tokens.append(String(String.UnicodeScalarView(scalars[start..<index])))
            } else if isLower(scalars[index]) {
                while index < scalars.count, isLower(scalars[index]) { index += 1 }
                tokens.append(String(String.UnicodeScalarView(scalars[start..<index])))
            } else if isDigit(scalars[index]) {
                while index < scalars.count, isDigit(scalars[index]) { index += 1 }
                tokens.append(String(String.UnicodeScalarView(scalars[start..<index])))
            } else {
                while index < scalars.count, !isUpper(scalars[index]), !isLower(scalars[index]), !isDigit(scalars[index]) { index += 1 }
                tokens.append("")
            }
        }
        if tokens.count >= 3 {
            tokens = [tokens[0]] + tokens[1..<(tokens.count - 1)].filter { !$0.isEmpty } + [tokens[tokens.count - 1]]
        }
        if let first = tokens.first, !first.isEmpty, first.allSatisfy(\.isNumber) { tokens.insert("", at: 0) }
        return tokens.map { $0.lowercased() }.joined(separator: "_")
    }
}

/// `KeysReplace`: replaces a substring in every key, recursively.
struct KeysReplace: RecordTransformation {
    let old: InterpolatedString
    let new: InterpolatedString
    let config: JinjaValue

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        old = InterpolatedString(try node.string("old"), parameters: node.parameters, in: context.interpolation)
        new = InterpolatedString(try node.optionalString("new") ?? "", parameters: node.parameters, in: context.interpolation)
        config = context.configValue
    }

    func transform(_ record: inout JSONValue, slice: StreamSlice, sliceValue: JinjaValue) throws {
        let context: InterpolationContext = ["record": JinjaValue(record), "stream_slice": sliceValue]
        let oldKey = try old.eval(config, context).description
        let newKey = try new.eval(config, context).description
        func replace(_ value: JSONValue) -> JSONValue {
            guard case .object(let object) = value else { return value }
            var result = JSONObject()
            for (key, child) in object {
                let updated = oldKey.isEmpty ? Self.pythonReplaceEmpty(key, newKey) : key.replacingOccurrences(of: oldKey, with: newKey)
                if case .object = child { result[updated] = replace(child) } else { result[updated] = child }
            }
            return .object(result)
        }
        record = replace(record)
    }

    /// `str.replace("", new)` inserts `new` between every character and at both ends.
    static func pythonReplaceEmpty(_ text: String, _ insert: String) -> String {
        insert + text.map { String($0) + insert }.joined()
    }
}

/// `FlattenFields`: nested keys brought to the top level, prefixed with their parents on collision.
struct FlattenFields: RecordTransformation {
    let flattenLists: Bool

    func transform(_ record: inout JSONValue, slice: StreamSlice, sliceValue: JinjaValue) throws {
        guard case .object = record else { return }
        var stack: [(JSONValue, String)] = [(record, "_")]
        var result = JSONObject()
        var forceWithParentName = false
        while let (current, parentKey) = stack.popLast() {
            switch current {
            case .object(let object):
                for (key, value) in object {
                    let newKey = (result[key] != nil || forceWithParentName) ? "\(parentKey).\(key)" : key
                    stack.append((value, newKey))
                }
            case .array(let elements) where flattenLists:
                for (index, item) in elements.enumerated() {
                    forceWithParentName = true
                    stack.append((item, "\(parentKey).\(index)"))
                }
            default:
                result[parentKey] = current
            }
        }
        record = .object(result)
    }
}

/// `DpathFlattenFields`: an object at `field_path` merged into the record's top level.
struct DpathFlattenFields: RecordTransformation {
    let fieldPath: [InterpolatedString]
    let deleteOriginValue: Bool
    let replaceRecord: Bool
    let prefix: String?
    let suffix: String?
    let config: JinjaValue

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        fieldPath = (try node.stringList("field_path") ?? []).map {
            InterpolatedString($0, parameters: node.parameters, in: context.interpolation)
        }
        deleteOriginValue = try node.bool("delete_origin_value", default: false)
        replaceRecord = try node.bool("replace_record", default: false)
        config = context.configValue
        if let transformation = try node.component("key_transformation") {
            prefix = try transformation.optionalString("prefix").map { text in
                (try? InterpolatedString(text, parameters: node.parameters, in: context.interpolation).eval(context.configValue).description)
                    ?? text
            }
            suffix = try transformation.optionalString("suffix").map { text in
                (try? InterpolatedString(text, parameters: node.parameters, in: context.interpolation).eval(context.configValue).description)
                    ?? text
            }
        } else {
            prefix = nil
            suffix = nil
        }
    }

    func transform(_ record: inout JSONValue, slice: StreamSlice, sliceValue: JinjaValue) throws {
        let path = try fieldPath.map { try $0.eval(config).description }
        let extracted: JSONValue?
        if path.contains("*") {
            extracted = Dpath.values(record, path).first
        } else {
            extracted = try? Dpath.get(record, path)
        }
        guard case .object(var object)? = extracted else { return }
        if let prefix, !prefix.isEmpty { object = JSONObject(object.map { ("\(prefix)\($0.key)", $0.value) }) }
        if let suffix, !suffix.isEmpty { object = JSONObject(object.map { ("\($0.key)\(suffix)", $0.value) }) }
        guard case .object(var target) = record else { return }
        if replaceRecord, !object.isEmpty {
            record = .object(object)
            return
        }
        if object.contains(where: { target[$0.key] != nil }) { return }
        if deleteOriginValue {
            Dpath.delete(&record, path)
            guard case .object(let reduced) = record else { return }
            target = reduced
        }
        for (key, value) in object { target[key] = value }
        record = .object(target)
    }
}
