import AirbyteProtocol
import ConnectorKit
import Testing

@Suite struct ConfigValidatorArrayAndObjectTests {
    @Test func tupleItemsAndAdditionalItems() {
        let spec: JSONValue = [
            "type": "object",
            "properties": [
                "pair": ["type": "array", "items": [["type": "string"], ["type": "integer"]], "additionalItems": false],
                "hosts": ["type": "array", "minItems": 1, "items": ["type": "string", "minLength": 1]],
            ],
        ]
        let validator = ConfigValidator(connectionSpecification: spec)
        #expect(validator.validate(["pair": ["a", 1], "hosts": ["x"]]).isEmpty)
        #expect(
            Set(validator.validate(["pair": [1, "a", true], "hosts": []])) == [
                ConfigProblem(path: "$.pair", message: "must have at most 2 items"),
                ConfigProblem(path: "$.pair[0]", message: "must be a string (found an integer)"),
                ConfigProblem(path: "$.pair[1]", message: "must be an integer (found a string)"),
                ConfigProblem(path: "$.hosts", message: "must have at least 1 item"),
            ])
        #expect(
            validator.validate(["hosts": ["ok", ""]]) == [ConfigProblem(path: "$.hosts[1]", message: "must be at least 1 character long")])
    }

    @Test func patternPropertiesAndPropertyCounts() {
        let spec: JSONValue = [
            "type": "object",
            "minProperties": 1,
            "patternProperties": ["^x-": ["type": "string"]],
            "additionalProperties": false,
        ]
        let validator = ConfigValidator(connectionSpecification: spec)
        #expect(validator.validate(["x-a": "1"]).isEmpty)
        #expect(validator.validate([:]) == [ConfigProblem(path: "$", message: "must have at least 1 property")])
        #expect(
            Set(validator.validate(["x-a": 1, "y": "2"])) == [
                ConfigProblem(path: "$['x-a']", message: "must be a string (found an integer)"),
                ConfigProblem(path: "$.y", message: "is not a setting of this connector"),
            ])
    }

    @Test func anyOfPassesWhenAnyOptionMatches() {
        let spec: JSONValue = [
            "type": "object",
            "properties": [
                "start": [
                    "anyOf": [
                        ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"],
                        ["type": "integer", "minimum": 0],
                    ]
                ]
            ],
        ]
        let validator = ConfigValidator(connectionSpecification: spec)
        #expect(validator.validate(["start": "2024-01-31"]).isEmpty)
        #expect(validator.validate(["start": 1_700_000_000]).isEmpty)
        #expect(validator.validate(["start": -1]) == [ConfigProblem(path: "$.start", message: "must be a string (found an integer)")])
    }

    @Test func secretsBehindReferencesAndInArrays() {
        let spec: JSONValue = [
            "definitions": ["token": ["type": "string", "airbyte_secret": true]],
            "type": "object",
            "properties": [
                "token": ["$ref": "#/definitions/token"],
                "accounts": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "properties": [
                            "name": ["type": "string"], "key": ["type": "string", "airbyte_secret": true],
                        ],
                    ],
                ],
                "service_account": ["type": "object", "airbyte_secret": true],
            ],
        ]
        let validator = ConfigValidator(connectionSpecification: spec)
        let config: JSONValue = [
            "token": "t0ken", "accounts": [["name": "a", "key": "k-1"], ["name": "b", "key": "k-2"]],
            "service_account": ["private_key": "-----BEGIN PRIVATE KEY-----\nabc", "project": "p"],
        ]
        #expect(validator.secretPaths(in: config) == ["$.token", "$.accounts[0].key", "$.accounts[1].key", "$.service_account"])
        let masker = validator.secretMasker(for: config)
        #expect(masker.mask("t0ken k-1 k-2") == "********** ********** **********")
        #expect(masker.mask(#"{"private_key": "-----BEGIN PRIVATE KEY-----\nabc"}"#) == #"{"private_key": "**********"}"#)
        // One character is too short to mask: "p" stays in "project p".
        #expect(masker.mask("project p") == "project p")
        #expect(validator.redacting(config)["service_account"] == "**********")
        #expect(validator.redacting(config)["accounts"]?.arrayValue?[1]["name"] == "b")
    }
}
