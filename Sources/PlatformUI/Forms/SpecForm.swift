import AirbyteProtocol

/// A connector's configuration form: its fields built from the spec, with
/// problems (the form reader's, and the domain's validation) shown next to the
/// fields they concern and, all of them, in a summary above the form.
struct SpecForm {
    var fields: [SpecFieldView]
    /// Every problem, as a sentence, for the summary.
    var problems: [String]

    /// The form of `schema` filled with `values`.
    ///
    /// - Parameters:
    ///   - useDefaults: fill empty fields with defaults (a new form).
    ///   - fieldProblems: the reader's problems by field name ("must be a whole number").
    ///   - validationProblems: the domain's, as `$.path message` (``ConfigProblem``'s description).
    init(
        schema: SpecSchema, values: JSONValue?, useDefaults: Bool, fieldProblems: [String: String] = [:],
        validationProblems: [String] = []
    ) {
        var builder = SpecFormBuilder(errors: fieldProblems, useDefaults: useDefaults)
        let plain = builder.fields(of: schema, values: values)
        var errors = fieldProblems
        var problems: [String] = []
        let shown = Self.shownFields(plain)
        for (name, message) in fieldProblems.sorted(by: { $0.key < $1.key }) {
            let label = shown.first { $0.name == name }?.label ?? name
            problems.append("\(label) \(message)")
        }
        for problem in validationProblems {
            // The longest path that starts the problem names its field.
            let match = shown.filter { problem.hasPrefix($0.jsonPath + " ") }.max { $0.jsonPath.count < $1.jsonPath.count }
            if let match {
                let message = String(problem.dropFirst(match.jsonPath.count + 1))
                errors[match.name] = errors[match.name].map { "\($0); \(message)" } ?? message
                problems.append("\(match.label) \(message)")
            } else {
                problems.append(problem)
            }
        }
        if errors == fieldProblems {
            fields = plain
        } else {
            var withErrors = SpecFormBuilder(errors: errors, useDefaults: useDefaults)
            fields = withErrors.fields(of: schema, values: values)
        }
        self.problems = problems
    }

    /// The fields a person sees: groups' fields and the chosen options' fields, not the other options'.
    static func shownFields(_ fields: [SpecFieldView]) -> [SpecFieldView] {
        fields.flatMap { field -> [SpecFieldView] in
            if field.isGroup { return [field] + shownFields(field.fields) }
            if field.isChoice { return [field] + field.choices.filter(\.selected).flatMap { shownFields($0.fields) } }
            return [field]
        }
    }
}
