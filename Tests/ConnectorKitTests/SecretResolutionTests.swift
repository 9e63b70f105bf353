import AirbyteProtocol
import Testing

@testable import ConnectorKit

/// `.env` files, and secrets filled into a config by a ``SecretResolver``.
struct SecretResolutionTests {
    @Test func dotEnvFiles() {
        let variables = DotEnv.parse(
            """
            # comment
            A=1
            export B = two words
            C="quoted \\"x\\" and\\nnewline"
            D='single # not a comment'
            E=value # a comment

            =no name
            """)
        #expect(variables == ["A": "1", "B": "two words", "C": "quoted \"x\" and\nnewline", "D": "single # not a comment", "E": "value"])
    }

    @Test func secretReferencesNestedInOneOfOptions() throws {
        let spec: JSONValue = [
            "type": "object",
            "properties": [
                "credentials": [
                    "oneOf": [
                        [
                            "properties": ["auth_type": ["const": "oauth"], "client_secret": ["type": "string", "airbyte_secret": true]],
                            "required": ["auth_type", "client_secret"],
                        ],
                        [
                            "properties": ["auth_type": ["const": "token"], "token": ["type": "string", "airbyte_secret": true]],
                            "required": ["auth_type", "token"],
                        ],
                    ]
                ]
            ],
        ]
        let resolver = SecretResolver(environment: ["GITHUB_TOKEN": "gh-token", "SHARED": "shared-value"], dotEnvPath: nil)
        var hydration = SecretHydration(connector: "source-github", resolver: resolver, connectionSpecification: spec)
        let config: JSONValue = ["credentials": ["auth_type": "token"], "other": ["secret_reference::SHARED"]]
        let referenced = try hydration.resolvingReferences(in: config)
        let filled = try hydration.fillingMissingSecrets(in: referenced)
        #expect(filled == ["credentials": ["auth_type": "token", "token": "gh-token"], "other": ["shared-value"]])
        #expect(hydration.secrets.sorted() == ["gh-token", "shared-value"])
    }

    @Test func aResolverLooksOnlyWhereItIsTold() throws {
        let spec: JSONValue = [
            "type": "object", "required": ["api_key"],
            "properties": ["api_key": ["type": "string", "airbyte_secret": true]],
        ]
        var nowhere = SecretHydration(connector: "source-x", resolver: SecretResolver(), connectionSpecification: spec)
        let missing = #expect(throws: ConfigError.self) { try nowhere.fillingMissingSecrets(in: [:]) }
        #expect(missing?.code == .missingSecret)
        #expect(missing?.message.contains("X_API_KEY or API_KEY in nowhere (this resolver was given no variables") == true)

        var told = SecretHydration(
            connector: "source-x", resolver: SecretResolver(environment: ["API_KEY": "k-123"]),
            connectionSpecification: spec)
        #expect(try told.fillingMissingSecrets(in: [:]) == ["api_key": "k-123"])
    }
}
