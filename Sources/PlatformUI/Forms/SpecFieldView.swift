/// One field of a form generated from a connector's spec, as the `specField`
/// template draws it (recursively, for groups and choices). Exactly one `is…`
/// flag is set. Mustache reads stored properties only, and looks a missing
/// one up in the enclosing fields: the template reads optional ones with a
/// leading dot (`{{.help}}`) so a field never shows its parent's.
struct SpecFieldView {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
        var id: String
    }

    struct Choice {
        var index: String
        var title: String
        var selected: Bool
        var fieldsetID: String
        var fields: [SpecFieldView]
    }

    var id: String
    var name: String
    var label: String
    var help: String?
    var helpID: String?
    var error: String?
    var errorID: String?
    var describedBy: String?
    var required: Bool
    /// Where the field sits in a configuration, as the validator's problems name it (`$.credentials.password`).
    var jsonPath: String

    var isText = false
    var isPassword = false
    var isNumber = false
    var isTextarea = false
    var isCheckbox = false
    var isSelect = false
    var isMultiCheck = false
    var isGroup = false
    var isChoice = false

    var inputType = "text"
    var value = ""
    var checked = false
    var placeholder: String?
    var pattern: String?
    var patternTitle: String?
    var min: String?
    var max: String?
    var step: String?
    var options: [Option] = []
    var fields: [SpecFieldView] = []
    var choices: [Choice] = []
    /// A secret is stored: the input is empty and leaving it so keeps it.
    var secretStored = false
}
