import AirbyteProtocol

extension SchemaContext {
    /// Appends every way `value` breaks `schema` to `problems`.
    ///
    /// Once a value has the wrong type, its other rules are not checked: they
    /// would only restate that it is the wrong kind of value.
    func validate(_ value: JSONValue, against schema: JSONValue, at path: JSONPath, into problems: inout [ConfigProblem]) {
        func report(_ message: String, at where: JSONPath? = nil) {
            problems.append(ConfigProblem(path: (`where` ?? path).text, message: message))
        }
        let resolved = resolve(schema)
        guard case .object(let rules) = resolved else {
            if resolved == .bool(false) { report("is not allowed") }
            return
        }

        if let declared = rules["type"] {
            let allowed = Self.typeNames(declared)
            if !allowed.isEmpty, !allowed.contains(where: { value.hasSchemaType($0) }) {
                report("must be \(Self.describe(types: allowed)) (found \(value.kindDescription))")
                return
            }
        }
        if let constant = rules["const"], !value.isSchemaEqual(to: constant) {
            report("must be \(constant.jsonText)")
        }
        if let members = rules["enum"]?.arrayValue, !members.contains(where: { value.isSchemaEqual(to: $0) }) {
            report("must be one of " + members.map(\.jsonText).joined(separator: ", "))
        }

        switch value {
        case .string(let text):
            let length = text.unicodeScalars.count
            if let minimum = rules["minLength"]?.int64Value, length < minimum {
                report("must be at least \(Self.count(minimum, "character")) long")
            }
            if let maximum = rules["maxLength"]?.int64Value, length > maximum {
                report("must be at most \(Self.count(maximum, "character")) long")
            }
            // JSON Schema patterns are not anchored: they must match somewhere in the text.
            if let pattern = rules["pattern"]?.stringValue, let regex = try? Regex(pattern), !text.contains(regex) {
                report("must match pattern \(pattern)")
            }
        case .number:
            for message in Self.rangeViolations(of: value, rules) { report(message) }
        case .array(let elements):
            if let minimum = rules["minItems"]?.int64Value, elements.count < minimum {
                report("must have at least \(Self.count(minimum, "item"))")
            }
            if let maximum = rules["maxItems"]?.int64Value, elements.count > maximum {
                report("must have at most \(Self.count(maximum, "item"))")
            }
            if rules["uniqueItems"] == .bool(true), Self.hasDuplicates(elements) {
                report("must not contain the same item twice")
            }
            if case .array(let tuple)? = rules["items"], elements.count > tuple.count, rules["additionalItems"] == .bool(false) {
                report("must have at most \(Self.count(Int64(tuple.count), "item"))")
            }
            for (index, itemSchema) in schemas(forElementsOf: elements.count, of: rules).enumerated() {
                if let itemSchema { validate(elements[index], against: itemSchema, at: path.appending(index), into: &problems) }
            }
        case .object(let object):
            for case .string(let key) in rules["required"]?.arrayValue ?? [] where object[key] == nil {
                report("is required", at: path.appending(key))
            }
            for (key, member) in object {
                let applicable = schemas(forMember: key, of: rules)
                if !applicable.isDeclared, rules["additionalProperties"] == .bool(false) {
                    report("is not a setting of this connector", at: path.appending(key))
                }
                for memberSchema in applicable.schemas {
                    validate(member, against: memberSchema, at: path.appending(key), into: &problems)
                }
            }
            if let minimum = rules["minProperties"]?.int64Value, object.count < minimum {
                report("must have at least \(Self.count(minimum, "property", plural: "properties"))")
            }
            if let maximum = rules["maxProperties"]?.int64Value, object.count > maximum {
                report("must have at most \(Self.count(maximum, "property", plural: "properties"))")
            }
        case .bool, .null:
            break
        }

        for member in rules["allOf"]?.arrayValue ?? [] {
            validate(value, against: member, at: path, into: &problems)
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let options = rules[keyword]?.arrayValue, !options.isEmpty else { continue }
            // Reported: the problems of the option the value names (or comes
            // closest to), not those of every option. A value matching several
            // options of a oneOf passes: overlapping options are the
            // specification's mistake, which the user cannot fix.
            switch selectBranch(for: value, among: options, at: path) {
            case .matched:
                break
            case .named(_, let branchProblems), .closest(_, let branchProblems):
                problems += branchProblems
            case .discriminatorMissing(let key, let allowed, _):
                report("is required (one of \(allowed.map(\.jsonText).joined(separator: ", ")))", at: path.appending(key))
            case .discriminatorUnknown(let key, let allowed):
                report("must be one of \(allowed.map(\.jsonText).joined(separator: ", "))", at: path.appending(key))
            }
        }
    }

    // MARK: - Numbers

    private static func rangeViolations(of value: JSONValue, _ rules: JSONObject) -> [String] {
        guard let number = value.decimalValue else { return [] }
        var messages: [String] = []
        // Draft-04 spelled exclusivity as a boolean beside minimum/maximum; draft-07 as a number.
        if case .number(let literal)? = rules["minimum"], let minimum = DecimalNumber(literal) {
            if rules["exclusiveMinimum"] == .bool(true) {
                if number <= minimum { messages.append("must be greater than \(literal)") }
            } else if number < minimum {
                messages.append("must be at least \(literal)")
            }
        }
        if case .number(let literal)? = rules["exclusiveMinimum"], let bound = DecimalNumber(literal), number <= bound {
            messages.append("must be greater than \(literal)")
        }
        if case .number(let literal)? = rules["maximum"], let maximum = DecimalNumber(literal) {
            if rules["exclusiveMaximum"] == .bool(true) {
                if number >= maximum { messages.append("must be less than \(literal)") }
            } else if number > maximum {
                messages.append("must be at most \(literal)")
            }
        }
        if case .number(let literal)? = rules["exclusiveMaximum"], let bound = DecimalNumber(literal), number >= bound {
            messages.append("must be less than \(literal)")
        }
        if case .number(let literal)? = rules["multipleOf"], let divisor = Double(literal), divisor > 0,
            let dividend = value.doubleValue
        {
            let quotient = dividend / divisor
            if !quotient.isFinite || abs(quotient - quotient.rounded()) > 1e-9 * max(1, abs(quotient)) {
                messages.append("must be a multiple of \(literal)")
            }
        }
        return messages
    }

    // MARK: - Types

    private static func typeNames(_ declared: JSONValue) -> [String] {
        switch declared {
        case .string(let name): [name]
        case .array(let names): names.compactMap(\.stringValue)
        default: []
        }
    }

    private static func describe(types: [String]) -> String {
        let phrases = types.map { name in
            switch name {
            case "object", "array", "integer": "an \(name)"
            case "null": "null"
            default: "a \(name)"
            }
        }
        guard phrases.count > 1 else { return phrases[0] }
        return phrases.dropLast().joined(separator: ", ") + " or " + phrases[phrases.count - 1]
    }

    private static func hasDuplicates(_ elements: [JSONValue]) -> Bool {
        elements.indices.contains { index in
            elements[..<index].contains { $0.isSchemaEqual(to: elements[index]) }
        }
    }

    private static func count(_ number: Int64, _ noun: String, plural: String? = nil) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(plural ?? noun + "s")"
    }
}
