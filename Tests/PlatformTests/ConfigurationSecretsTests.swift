import AirbyteProtocol
import Foundation
import Testing

@testable import Platform

@Suite("Configuration secrets")
struct ConfigurationSecretsTests {
    /// A specification with a top-level secret, a secret inside a oneOf option, and a secret number.
    static let specification: JSONValue = [
        "type": "object",
        "properties": [
            "host": ["type": "string"],
            "password": ["type": "string", "airbyte_secret": true],
            "pin": ["type": "integer", "airbyte_secret": true],
            "credentials": [
                "oneOf": [
                    [
                        "type": "object",
                        "properties": ["auth_type": ["const": "oauth"], "token": ["type": "string", "airbyte_secret": true]],
                    ],
                    ["type": "object", "properties": ["auth_type": ["const": "none"]]],
                ]
            ],
        ],
    ]

    static let secrets = ConfigurationSecrets(
        box: SecretBox(
            key: try! SecretKey(
                bytes: [UInt8](repeating: 1, count: 32),
                origin: "test")))

    @Test("Every secret the specification marks is sealed, at any depth; the rest stays readable")
    func sealing() throws {
        let plain: JSONValue = [
            "host": "db.example", "password": "hunter2-secret", "pin": 123456,
            "credentials": ["auth_type": "oauth", "token": "tok-abcdef"],
        ]
        let stored = try Self.secrets.sealing(plain, specification: Self.specification)
        let text = stored.jsonText
        for secret in ["hunter2-secret", "123456", "tok-abcdef"] { #expect(!text.contains(secret), "\(secret) is sealed") }
        #expect(text.contains("db.example"))
        #expect(try Self.secrets.opening(stored) == plain, "numbers come back as numbers")
        #expect(try Self.secrets.sealing(stored, specification: Self.specification) == stored, "sealing twice changes nothing")
        #expect(
            ConfigurationSecrets.masking(stored) == [
                "host": "db.example", "password": "**********", "pin": "**********",
                "credentials": ["auth_type": "oauth", "token": "**********"],
            ])
    }

    @Test("An update sending the mask back keeps the stored secret; a new value replaces it")
    func masksKeepStoredSecrets() throws {
        let stored = try Self.secrets.sealing(
            ["host": "a", "password": "old-password", "credentials": ["auth_type": "oauth", "token": "old-token"]],
            specification: Self.specification)
        let kept = try Self.secrets.resolvingMasks(
            in: ["host": "b", "password": "**********", "credentials": ["auth_type": "oauth", "token": "new-token"]],
            previous: stored, specification: Self.specification)
        #expect(kept == ["host": "b", "password": "old-password", "credentials": ["auth_type": "oauth", "token": "new-token"]])
        let error = #expect(throws: PlatformError.self) {
            try Self.secrets.resolvingMasks(in: ["pin": "**********"], previous: stored, specification: Self.specification)
        }
        #expect(error?.code == .invalidInput)
    }
}
