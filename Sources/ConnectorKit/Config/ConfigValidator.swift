/// Checks a connector configuration against the `connectionSpecification` of
/// its spec, fills in defaults, and finds its secrets.
///
/// ```swift
/// let validator = ConfigValidator(connectionSpecification: spec)
/// let config = try validator.validated(userConfig)   // defaults filled, or every problem thrown
/// let masker = validator.secretMasker(for: config)   // hides airbyte_secret values in logs
/// ```
///
/// It implements JSON Schema draft-07 as Airbyte specifications use it: `type`
/// (one or several; `integer` means a whole number, so `3.0` is one), `const`,
/// `enum`, `required`, `properties`, `patternProperties`,
/// `additionalProperties` (`false` or a schema), `minProperties`/`maxProperties`,
/// `pattern` (unanchored, as JSON Schema specifies), `minLength`/`maxLength`
/// (in Unicode code points), `minimum`/`maximum`/`exclusiveMinimum`/
/// `exclusiveMaximum` (compared exactly, draft-04 boolean forms too),
/// `multipleOf`, `items` (a schema or a tuple, with `additionalItems`),
/// `minItems`/`maxItems`, `uniqueItems`, `allOf`, `anyOf`, `oneOf` and local
/// `$ref`s. Everything else — `format`, `if`/`then`/`else`, `not`,
/// `dependencies`, Airbyte's `order`, `group`, `airbyte_hidden`, `title` — is
/// not a constraint here and is ignored, as are patterns Swift's `Regex`
/// cannot compile.
///
/// For a `oneOf` or `anyOf`, Airbyte's convention is that the options are
/// objects told apart by a property that is a `const` in each (`"auth_type":
/// {"const": "OAuth"}`). The validator reports the problems of the option the
/// configuration names, or, without such a property, of the option it comes
/// closest to — never a list of every option's complaints.
public import AirbyteProtocol

public struct ConfigValidator: Sendable {
    /// The JSON schema configurations are checked against.
    public let connectionSpecification: JSONValue

    /// A validator for the `connectionSpecification` of a connector's spec.
    public init(connectionSpecification: JSONValue) {
        self.connectionSpecification = connectionSpecification
    }

    private var context: SchemaContext { SchemaContext(root: connectionSpecification) }

    /// Every problem with `config`, empty when it is valid. Within each object,
    /// missing required settings come first, then each setting's problems in
    /// the configuration's order. Defaults are not filled in first: call
    /// ``applyingDefaults(to:)`` before, or use ``validated(_:)``.
    public func validate(_ config: JSONValue) -> [ConfigProblem] {
        var problems: [ConfigProblem] = []
        context.validate(config, against: connectionSpecification, at: .root, into: &problems)
        return problems
    }

    /// `config` with the `default` of every absent property filled in, at any
    /// depth and inside the chosen option of each `oneOf`. Present values,
    /// `null` included, are never replaced, and objects without a `default` are
    /// not created.
    public func applyingDefaults(to config: JSONValue) -> JSONValue {
        context.fillingDefaults(config, schema: connectionSpecification, at: .root)
    }

    /// `config` with its defaults filled in, once it satisfies the specification.
    ///
    /// - Throws: ``ConfigValidationError`` listing every problem.
    public func validated(_ config: JSONValue) throws(ConfigValidationError) -> JSONValue {
        let filled = applyingDefaults(to: config)
        let problems = validate(filled)
        guard problems.isEmpty else { throw ConfigValidationError(problems: problems) }
        return filled
    }

    /// The JSONPaths (`$.credentials.password`) of the values in `config` that
    /// the specification marks `airbyte_secret: true`, in any option of a `oneOf`.
    public func secretPaths(in config: JSONValue) -> [String] {
        secretNodes(in: config).map(\.0.text)
    }

    /// A masker for the secret values in `config`.
    public func secretMasker(for config: JSONValue) -> SecretMasker {
        SecretMasker(secrets: secretNodes(in: config).flatMap(\.1.secretTexts))
    }

    /// `config` with each secret value replaced by ``SecretMasker/mask``: safe to log or show.
    public func redacting(_ config: JSONValue) -> JSONValue {
        secretNodes(in: config).reduce(config) { redacted, secret in
            redacted.replacing(at: secret.0.components[...], with: .string(SecretMasker.mask))
        }
    }

    /// The values in `config` the specification marks `airbyte_secret: true`,
    /// each with its JSONPath (`$.credentials.password`), in the configuration's order.
    public func secrets(in config: JSONValue) -> [(path: String, value: JSONValue)] {
        secretNodes(in: config).map { ($0.0.text, $0.1) }
    }

    /// `config` with each secret value replaced by what `transform` makes of it
    /// (given the value and its JSONPath): how a store encrypts secrets before
    /// keeping a configuration, or puts back a stored secret that a client sent
    /// back masked.
    public func replacingSecrets(
        in config: JSONValue,
        _ transform: (_ value: JSONValue, _ path: String) throws -> JSONValue
    ) rethrows -> JSONValue {
        var replaced = config
        for (path, value) in secretNodes(in: config) {
            replaced = replaced.replacing(at: path.components[...], with: try transform(value, path.text))
        }
        return replaced
    }

    private func secretNodes(in config: JSONValue) -> [(JSONPath, JSONValue)] {
        var found: [(JSONPath, JSONValue)] = []
        context.secrets(in: config, schema: connectionSpecification, at: .root, into: &found)
        return found
    }
}
