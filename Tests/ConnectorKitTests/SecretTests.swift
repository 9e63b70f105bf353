import AirbyteProtocol
import ConnectorKit
import Testing

@Suite struct ConfigSecretTests {
    let validator = ConfigValidator(connectionSpecification: Specs.database)
    let config: JSONValue = [
        "host": "db", "port": 5432, "database": "app", "username": "loader", "password": "hunter2!",
        "ssl_mode": ["mode": "verify-full", "ca_certificate": "-----BEGIN\nCERT-----", "client_key_password": "k3y"],
        "tunnel_method": [
            "tunnel_method": "SSH_PASSWORD_AUTH", "tunnel_host": "bastion", "tunnel_port": 22,
            "tunnel_user": "me", "tunnel_user_password": "short",
        ],
    ]

    @Test func secretPathsIncludeThoseInsideOneOfBranches() {
        #expect(
            validator.secretPaths(in: config) == [
                "$.password", "$.ssl_mode.ca_certificate", "$.ssl_mode.client_key_password",
                "$.tunnel_method.tunnel_user_password",
            ])
    }

    @Test func redactingReplacesEverySecretValue() {
        let redacted = validator.redacting(config)
        #expect(redacted["password"] == "**********")
        #expect(redacted["ssl_mode"]?["client_key_password"] == "**********")
        #expect(redacted["tunnel_method"]?["tunnel_user_password"] == "**********")
        #expect(redacted["tunnel_method"]?["tunnel_user"] == "me")
        #expect(redacted["host"] == "db")
    }

    @Test func theMaskerHidesSecretsInAnyText() {
        let masker = validator.secretMasker(for: config)
        #expect(masker.mask("auth failed for loader with hunter2!") == "auth failed for loader with **********")
        #expect(masker.mask(#"{"ca_certificate":"-----BEGIN\nCERT-----"}"#) == #"{"ca_certificate":"**********"}"#)
        #expect(masker.mask("postgres://loader:hunter2%21@db/app") == "postgres://loader:**********@db/app")
        #expect(masker.mask("nothing to hide") == "nothing to hide")
    }

    @Test func noSecretValueEverAppearsInAProblem() {
        // Break every rule a secret field has: pattern, type, length, discriminated branch.
        let secrets = ["hunter2!", "short", "k3y"]
        let broken: JSONValue = [
            "host": "db", "port": 5432, "database": "app", "username": "loader", "password": "hunter2!",
            "ssl_mode": ["mode": "verify-full", "client_key_password": "k3y"],
            "tunnel_method": ["tunnel_method": "SSH_PASSWORD_AUTH", "tunnel_user_password": "short"],
        ]
        let problems = validator.validate(broken)
        #expect(problems.contains(ConfigProblem(path: "$.password", message: "must match pattern ^[A-Za-z0-9]{8,}$")))
        #expect(
            problems.contains(ConfigProblem(path: "$.tunnel_method.tunnel_user_password", message: "must be at least 12 characters long")))
        let numeric = validator.validate(["password": 12_345_678])
        #expect(numeric.contains(ConfigProblem(path: "$.password", message: "must be a string (found an integer)")))
        for problem in problems + numeric {
            for secret in secrets + ["12345678"] {
                #expect(!problem.description.contains(secret), "\(problem) leaks \(secret)")
            }
        }
    }
}

@Suite struct SecretMaskerTests {
    @Test func overlappingAndAdjacentSecretsBecomeOneMask() {
        let masker = SecretMasker(secrets: ["abc", "bcd"])
        #expect(masker.mask("xabcdx") == "x**********x")
        #expect(masker.mask("abcabc") == "**********")
    }

    @Test func longerSecretsAreHiddenWhole() {
        let masker = SecretMasker(secrets: ["pass", "password123"])
        #expect(masker.mask("password123 and pass") == "********** and **********")
    }

    @Test func unicodeSecretsAndTextSurvive() {
        let masker = SecretMasker(secrets: ["pässwörd"])
        #expect(masker.mask("名前: pässwörd ✓") == "名前: ********** ✓")
        #expect(masker.mask("p%C3%A4ssw%C3%B6rd") == "**********")
    }

    @Test func emptyAndTinySecretsAreIgnored() {
        let masker = SecretMasker(secrets: ["", "a", "ab"])
        #expect(masker.isEmpty)
        #expect(masker.mask("text") == "text")
    }

    @Test func mergingKeepsBoth() {
        let masker = SecretMasker(secrets: ["one"]).merging(SecretMasker(secrets: ["two"]))
        #expect(masker.mask("one two three") == "********** ********** three")
    }
}
