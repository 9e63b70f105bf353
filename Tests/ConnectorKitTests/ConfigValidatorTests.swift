import AirbyteProtocol
import ConnectorKit
import Testing

/// A specification shaped like Airbyte's database destinations: nested
/// `oneOf`s discriminated by a `const`, secrets inside them, defaults.
enum Specs {
    static let database: JSONValue = [
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Example Destination Spec",
        "type": "object",
        "required": ["host", "port", "username", "database"],
        "additionalProperties": true,
        "properties": [
            "host": ["type": "string", "order": 0, "pattern": "^[a-z0-9.-]+$"],
            "port": ["type": "integer", "minimum": 0, "maximum": 65536, "default": 5432, "order": 1],
            "database": ["type": "string", "minLength": 1, "order": 2],
            "schema": ["type": "string", "default": "public", "order": 3],
            "username": ["type": "string", "order": 4],
            "password": ["type": "string", "airbyte_secret": true, "pattern": "^[A-Za-z0-9]{8,}$", "order": 5],
            "batch_size": ["type": ["integer", "null"], "exclusiveMinimum": 0, "group": "advanced"],
            "tags": ["type": "array", "items": ["type": "string", "enum": ["a", "b"]], "maxItems": 2, "uniqueItems": true],
            "ssl_mode": [
                "type": "object",
                "default": ["mode": "disable"],
                "oneOf": [
                    [
                        "title": "disable",
                        "required": ["mode"],
                        "properties": ["mode": ["type": "string", "const": "disable", "default": "disable"]],
                    ],
                    [
                        "title": "verify-full",
                        "required": ["mode", "ca_certificate"],
                        "properties": [
                            "mode": ["type": "string", "const": "verify-full"],
                            "ca_certificate": ["type": "string", "airbyte_secret": true, "multiline": true],
                            "client_key_password": ["type": "string", "airbyte_secret": true],
                            "verify_hostname": ["type": "boolean", "default": true],
                        ],
                    ],
                ],
            ],
            "tunnel_method": [
                "type": "object",
                "oneOf": [
                    [
                        "title": "No Tunnel",
                        "required": ["tunnel_method"],
                        "properties": ["tunnel_method": ["type": "string", "const": "NO_TUNNEL", "default": "NO_TUNNEL"]],
                    ],
                    [
                        "title": "Password Authentication",
                        "required": ["tunnel_method", "tunnel_host", "tunnel_port", "tunnel_user", "tunnel_user_password"],
                        "properties": [
                            "tunnel_method": ["type": "string", "const": "SSH_PASSWORD_AUTH"],
                            "tunnel_host": ["type": "string"],
                            "tunnel_port": ["type": "integer", "minimum": 0, "maximum": 65536, "default": 22],
                            "tunnel_user": ["type": "string"],
                            "tunnel_user_password": ["type": "string", "airbyte_secret": true, "minLength": 12],
                        ],
                    ],
                ],
            ],
        ],
    ]
}

@Suite struct ConfigValidatorTests {
    let validator = ConfigValidator(connectionSpecification: Specs.database)

    @Test func aValidConfigHasNoProblems() throws {
        let config: JSONValue = [
            "host": "db.internal", "port": 5432, "database": "app", "username": "loader", "password": "Secret123",
            "ssl_mode": ["mode": "verify-full", "ca_certificate": "-----BEGIN CERTIFICATE-----"],
            "tunnel_method": ["tunnel_method": "NO_TUNNEL"],
        ]
        #expect(validator.validate(config).isEmpty)
        #expect(try validator.validated(config)["schema"] == "public")
    }

    @Test func everyProblemIsReportedAtOnce() {
        let config: JSONValue = [
            "host": "DB_HOST!", "port": 70000, "username": 42, "batch_size": 0, "unknown_option": true,
            "tags": ["a", "c", "a"],
        ]
        let problems = validator.validate(config)
        #expect(
            Set(problems) == [
                ConfigProblem(path: "$.database", message: "is required"),
                ConfigProblem(path: "$.host", message: "must match pattern ^[a-z0-9.-]+$"),
                ConfigProblem(path: "$.port", message: "must be at most 65536"),
                ConfigProblem(path: "$.username", message: "must be a string (found an integer)"),
                ConfigProblem(path: "$.batch_size", message: "must be greater than 0"),
                ConfigProblem(path: "$.tags", message: "must have at most 2 items"),
                ConfigProblem(path: "$.tags", message: "must not contain the same item twice"),
                ConfigProblem(path: "$.tags[1]", message: "must be one of \"a\", \"b\""),
            ])
        #expect(problems.count == 8)
    }

    @Test func aOneOfReportsOnlyTheBranchItsDiscriminatorNames() {
        let config: JSONValue = [
            "host": "db", "database": "app", "username": "u",
            "tunnel_method": ["tunnel_method": "SSH_PASSWORD_AUTH", "tunnel_host": "bastion", "tunnel_port": "22"],
        ]
        #expect(
            validator.validate(config) == [
                ConfigProblem(path: "$.port", message: "is required"),
                ConfigProblem(path: "$.tunnel_method.tunnel_user", message: "is required"),
                ConfigProblem(path: "$.tunnel_method.tunnel_user_password", message: "is required"),
                ConfigProblem(path: "$.tunnel_method.tunnel_port", message: "must be an integer (found a string)"),
            ])
    }

    @Test func anUnknownOrMissingDiscriminatorIsOneProblem() {
        let unknown = validator.validate([
            "host": "db", "port": 1, "database": "app", "username": "u", "ssl_mode": ["mode": "prefer"],
        ])
        #expect(unknown == [ConfigProblem(path: "$.ssl_mode.mode", message: "must be one of \"disable\", \"verify-full\"")])
        let missing = validator.validate([
            "host": "db", "port": 1, "database": "app", "username": "u", "ssl_mode": ["ca_certificate": "x"],
        ])
        #expect(missing == [ConfigProblem(path: "$.ssl_mode.mode", message: "is required (one of \"disable\", \"verify-full\")")])
    }

    @Test func withoutADiscriminatorTheClosestBranchIsReported() {
        let spec: JSONValue = [
            "type": "object",
            "properties": [
                "auth": [
                    "oneOf": [
                        ["type": "object", "required": ["api_key"], "properties": ["api_key": ["type": "string"]]],
                        [
                            "type": "object", "required": ["client_id", "client_secret"],
                            "properties": ["client_id": ["type": "string"], "client_secret": ["type": "string"]],
                        ],
                    ]
                ]
            ],
        ]
        // The option that declares the keys the user wrote, even though the
        // other option has as few problems.
        let problems = ConfigValidator(connectionSpecification: spec).validate(["auth": ["client_id": "abc"]])
        #expect(problems == [ConfigProblem(path: "$.auth.client_secret", message: "is required")])
        let typed = ConfigValidator(connectionSpecification: spec).validate(["auth": ["client_id": 1, "client_secret": "s"]])
        #expect(typed == [ConfigProblem(path: "$.auth.client_id", message: "must be a string (found an integer)")])
        let wrongKind = ConfigValidator(connectionSpecification: spec).validate(["auth": "key"])
        #expect(wrongKind == [ConfigProblem(path: "$.auth", message: "must be an object (found a string)")])
    }

    @Test func integersAreWholeNumbersIncludingThreePointZero() {
        let spec: JSONValue = ["type": "object", "properties": ["n": ["type": "integer"]]]
        let validator = ConfigValidator(connectionSpecification: spec)
        #expect(validator.validate(["n": .number("3.0")]).isEmpty)
        #expect(validator.validate(["n": .number("1e3")]).isEmpty)
        #expect(validator.validate(["n": .number("12345678901234567890123")]).isEmpty)
        #expect(
            validator.validate(["n": .number("3.5")]) == [
                ConfigProblem(path: "$.n", message: "must be an integer (found a number with a fraction)")
            ])
        #expect(validator.validate(["n": .number("1.5e1")]).isEmpty)
        #expect(validator.validate(["n": .number("1.55e1")]).count == 1)
    }

    @Test func boundsAreComparedExactly() {
        let spec: JSONValue = [
            "type": "object",
            "properties": [
                "big": ["type": "integer", "maximum": .number("9007199254740992")],
                "ratio": ["type": "number", "exclusiveMaximum": 1, "minimum": 0, "multipleOf": 0.25],
                "legacy": ["type": "number", "minimum": 0, "exclusiveMinimum": true],
            ],
        ]
        let validator = ConfigValidator(connectionSpecification: spec)
        #expect(
            validator.validate(["big": .number("9007199254740993")]) == [
                ConfigProblem(path: "$.big", message: "must be at most 9007199254740992")
            ])
        #expect(validator.validate(["ratio": .number("0.75"), "legacy": .number("0.1")]).isEmpty)
        #expect(
            Set(validator.validate(["ratio": .number("1.0"), "legacy": 0])) == [
                ConfigProblem(path: "$.ratio", message: "must be less than 1"),
                ConfigProblem(path: "$.legacy", message: "must be greater than 0"),
            ])
        #expect(validator.validate(["ratio": .number("0.3")]) == [ConfigProblem(path: "$.ratio", message: "must be a multiple of 0.25")])
    }

    @Test func stringsAndConstsAndEnums() {
        let spec: JSONValue = [
            "type": "object",
            "properties": [
                "code": ["type": "string", "pattern": "[0-9]{3}", "minLength": 3, "maxLength": 5],
                "mode": ["const": "fast"],
                "level": ["enum": [1, "two", nil]],
            ],
        ]
        let validator = ConfigValidator(connectionSpecification: spec)
        // Patterns are not anchored: "x123y" contains three digits.
        #expect(validator.validate(["code": "x123y", "mode": "fast", "level": .number("1.0")]).isEmpty)
        #expect(validator.validate(["level": nil]).isEmpty)
        // Length counts code points: five emoji are five characters.
        #expect(validator.validate(["code": "🎉🎉123"]).isEmpty)
        #expect(
            Set(validator.validate(["code": "abcdef", "mode": "slow", "level": 2])) == [
                ConfigProblem(path: "$.code", message: "must be at most 5 characters long"),
                ConfigProblem(path: "$.code", message: "must match pattern [0-9]{3}"),
                ConfigProblem(path: "$.mode", message: "must be \"fast\""),
                ConfigProblem(path: "$.level", message: "must be one of 1, \"two\", null"),
            ])
    }

    @Test func additionalPropertiesAndOddKeysInPaths() {
        let spec: JSONValue = [
            "type": "object", "additionalProperties": false,
            "properties": [
                "headers": ["type": "object", "additionalProperties": ["type": "string"]]
            ],
        ]
        let problems = ConfigValidator(connectionSpecification: spec).validate([
            "extra key": 1, "headers": ["X-Api-Version": 2, "ok": "fine"],
        ])
        #expect(
            problems == [
                ConfigProblem(path: "$['extra key']", message: "is not a setting of this connector"),
                ConfigProblem(path: "$.headers['X-Api-Version']", message: "must be a string (found an integer)"),
            ])
    }

    @Test func localReferencesAreFollowed() {
        let spec: JSONValue = [
            "definitions": ["port": ["type": "integer", "maximum": 65535]],
            "type": "object",
            "properties": ["port": ["$ref": "#/definitions/port"], "loop": ["$ref": "#/properties/loop"]],
        ]
        let validator = ConfigValidator(connectionSpecification: spec)
        #expect(validator.validate(["port": 70000]) == [ConfigProblem(path: "$.port", message: "must be at most 65535")])
        #expect(validator.validate(["loop": "anything"]).isEmpty)
    }

    @Test func unknownKeywordsAndFormatsAreIgnored() {
        let spec: JSONValue = [
            "type": "object",
            "properties": [
                "start": ["type": "string", "format": "date-time", "airbyte_hidden": true, "x-whatever": ["a": 1]],
                "bad": ["type": "string", "pattern": "(unclosed"],
            ],
        ]
        #expect(ConfigValidator(connectionSpecification: spec).validate(["start": "not a date", "bad": "x"]).isEmpty)
    }

    @Test func errorDescriptionListsEveryProblem() throws {
        do {
            _ = try validator.validated(["host": "db"])
            Issue.record("an incomplete config validated")
        } catch {
            #expect(error.problems.count == 2)
            #expect(error.description.contains("- $.database is required"))
            #expect(error.description.contains("- $.username is required"))
        }
    }
}

@Suite struct ConfigDefaultsTests {
    let validator = ConfigValidator(connectionSpecification: Specs.database)

    @Test func defaultsAreFilledRecursivelyWithoutReplacingValues() {
        let filled = validator.applyingDefaults(to: ["host": "db", "schema": nil])
        #expect(filled["port"] == 5432)
        #expect(filled["schema"] == .null)  // present values, null included, stay
        #expect(filled["ssl_mode"] == ["mode": "disable"])
        // No default: not invented.
        #expect(filled.objectValue?.keys.contains("tunnel_method") == false)
        #expect(filled.objectValue?.keys.contains("batch_size") == false)
    }

    @Test func defaultsInsideTheChosenOneOfBranch() {
        let filled = validator.applyingDefaults(to: [
            "ssl_mode": ["mode": "verify-full", "ca_certificate": "pem"],
            "tunnel_method": ["tunnel_method": "SSH_PASSWORD_AUTH", "tunnel_host": "bastion"],
        ])
        #expect(filled["ssl_mode"] == ["mode": "verify-full", "ca_certificate": "pem", "verify_hostname": true])
        #expect(filled["tunnel_method"]?["tunnel_port"] == 22)
        // The other branch's defaults do not leak in.
        #expect(filled["tunnel_method"]?["tunnel_method"] == "SSH_PASSWORD_AUTH")
    }

    @Test func aMissingDiscriminatorTakesTheFirstClosestBranchsDefault() {
        let filled = validator.applyingDefaults(to: ["tunnel_method": [:]])
        #expect(filled["tunnel_method"] == ["tunnel_method": "NO_TUNNEL"])
    }

    @Test func validatedFillsDefaultsBeforeChecking() throws {
        let config = try validator.validated(["host": "db", "database": "app", "username": "u"])
        #expect(config["port"] == 5432)
        #expect(config["ssl_mode"]?["mode"] == "disable")
    }
}
