import AirbyteProtocol
import Foundation
import Testing

@testable import PlatformUI

/// Forms generated from connector specs, and posted forms read back into configurations.
@Suite struct SpecFormTests {
    /// source-faker's spec, as `spec` prints it (7.x).
    static func faker() throws -> JSONValue {
        try JSONValue(
            parsing: #"""
                {"type":"object","required":[],"properties":{
                  "count":{"title":"Count","description":"How many users should be generated in total.","type":"integer","minimum":1,"default":1000,"order":0},
                  "seed":{"title":"Seed","type":"integer","default":-1,"order":1},
                  "records_per_slice":{"title":"Records Per Stream Slice","type":"integer","minimum":1,"default":1000,"order":2},
                  "always_updated":{"title":"Always Updated","type":"boolean","default":true},
                  "parallelism":{"title":"Parallelism","type":"integer","minimum":1,"default":4,"order":4}}}
                """#)
    }

    /// A spec with what real ones use: a secret, a pattern, an enum, a list, a nested object and a oneOf told apart by a const.
    static func rich() throws -> JSONValue {
        try JSONValue(
            parsing: #"""
                {"type":"object","required":["host","password","tunnel"],"properties":{
                  "password":{"type":"string","airbyte_secret":true,"order":2},
                  "host":{"type":"string","title":"Host","pattern":"^[a-z.]+$","pattern_descriptor":"a host name","order":0,
                          "description":"The <b>server</b>, see <a href=\"https://example.com\">docs</a>."},
                  "mode":{"type":"string","enum":["fast","safe"],"default":"safe","order":1},
                  "schemas":{"type":"array","items":{"type":"string"},"order":3},
                  "ssl":{"type":"boolean","order":4},
                  "advanced":{"type":"object","title":"Advanced","order":5,"properties":{"timeout":{"type":"number"}}},
                  "hidden":{"type":"string","airbyte_hidden":true,"default":"keep-me"},
                  "tunnel":{"title":"SSH tunnel","order":6,"type":"object","oneOf":[
                    {"title":"No tunnel","required":["tunnel_method"],"properties":{"tunnel_method":{"type":"string","const":"NO_TUNNEL"}}},
                    {"title":"Password","required":["tunnel_method","tunnel_host","tunnel_password"],"properties":{
                      "tunnel_method":{"type":"string","const":"SSH_PASSWORD_AUTH"},
                      "tunnel_host":{"type":"string","title":"Tunnel host"},
                      "tunnel_port":{"type":"integer","default":22},
                      "tunnel_password":{"type":"string","airbyte_secret":true}}}]}}}
                """#)
    }

    static func fields(_ spec: JSONValue, values: JSONValue? = nil, useDefaults: Bool = true) -> [SpecFieldView] {
        var builder = SpecFormBuilder(useDefaults: useDefaults)
        return builder.fields(of: SpecSchema(spec), values: values)
    }

    @Test func fakerFormHasTypedFieldsWithDefaultsInOrder() throws {
        let fields = Self.fields(try Self.faker())
        #expect(fields.map(\.label) == ["Count", "Seed", "Records Per Stream Slice", "Parallelism", "Always Updated"])
        let count = fields[0]
        #expect(count.isNumber && count.step == "1" && count.min == "1" && count.value == "1000")
        #expect(count.name == "c/count")
        #expect(count.help == "How many users should be generated in total.")
        #expect(count.describedBy == "\(count.id)-help")
        #expect(fields[4].isCheckbox && fields[4].checked)
        #expect(Set(fields.map(\.id)).count == fields.count)
    }

    @Test func richFormMapsEverySchemaFeature() throws {
        let fields = Self.fields(try Self.rich())
        #expect(fields.map(\.name) == ["c/host", "c/mode", "c/password", "c/schemas", "c/ssl", "c/advanced", "c/tunnel/~c"])
        let host = fields[0]
        #expect(host.isText && host.required && host.pattern == "^[a-z.]+$" && host.patternTitle == "Format: a host name")
        #expect(host.help == "The server, see docs.", "tags are dropped, the text is kept (and escaped when rendered)")
        let mode = fields[1]
        #expect(
            mode.isSelect && mode.options.map(\.value) == ["", "fast", "safe"] && mode.options[2].selected,
            "an optional choice can be left empty; the default is chosen")
        let password = fields[2]
        #expect(password.isPassword && password.required && !password.secretStored && password.value.isEmpty)
        #expect(fields[3].isTextarea)
        #expect(fields[5].isGroup && fields[5].fields.map(\.name) == ["c/advanced/timeout"] && fields[5].fields[0].step == "any")
        let tunnel = fields[6]
        #expect(tunnel.isChoice && tunnel.choices.map(\.title) == ["No tunnel", "Password"])
        #expect(tunnel.choices[0].selected && tunnel.choices[0].fields.isEmpty, "the const discriminator is not a field")
        #expect(
            tunnel.choices[1].fields.map(\.name) == ["c/tunnel/~1/tunnel_host", "c/tunnel/~1/tunnel_port", "c/tunnel/~1/tunnel_password"])
        #expect(!fields.contains { $0.name == "c/hidden" })
    }

    @Test func unanchoredPatternsAreAnchoredTheWayHTMLNeeds() throws {
        let spec: JSONValue = ["type": "object", "properties": ["a": ["type": "string", "pattern": "[0-9]"]]]
        #expect(Self.fields(spec)[0].pattern == ".*[0-9].*")
    }

    @Test func storedSecretsShowTheMaskAndAreNeverEchoed() throws {
        let stored: JSONValue = [
            "host": "db.example", "password": "**********", "mode": "fast",
            "tunnel": ["tunnel_method": "SSH_PASSWORD_AUTH", "tunnel_host": "jump", "tunnel_password": "**********"],
        ]
        let fields = Self.fields(try Self.rich(), values: stored, useDefaults: false)
        let password = fields[2]
        #expect(password.secretStored && password.value.isEmpty && !password.required)
        #expect(password.placeholder?.contains("Leave empty to keep it") == true)
        let tunnel = fields[6]
        #expect(tunnel.choices[1].selected, "the option is found by its const")
        #expect(tunnel.choices[1].fields[0].value == "jump")
        #expect(tunnel.choices[1].fields[2].secretStored)
    }

    @Test func postedFormReadsBackIntoATypedConfiguration() throws {
        let form = FormData(
            encoded: [
                "c%2Fhost=db.example", "c%2Fmode=fast", "c%2Fpassword=hunter2", "c%2Fschemas=public%0D%0Asales%0D%0A",
                "c%2Fssl=false", "c%2Fssl=true", "c%2Fadvanced%2Ftimeout=2.5", "c%2Ftunnel%2F~c=1",
                "c%2Ftunnel%2F~1%2Ftunnel_host=jump", "c%2Ftunnel%2F~1%2Ftunnel_port=2222", "c%2Ftunnel%2F~1%2Ftunnel_password=s3cret",
            ].joined(separator: "&"))
        var reader = SpecFormReader(form: form, base: nil)
        let configuration = reader.configuration(of: SpecSchema(try Self.rich()))
        #expect(reader.problems.isEmpty)
        #expect(
            configuration == [
                "host": "db.example", "mode": "fast", "password": "hunter2", "schemas": ["public", "sales"], "ssl": true,
                "advanced": ["timeout": .number("2.5")], "hidden": "keep-me",
                "tunnel": ["tunnel_method": "SSH_PASSWORD_AUTH", "tunnel_host": "jump", "tunnel_port": 2222, "tunnel_password": "s3cret"],
            ])
    }

    @Test func emptySecretKeepsTheStoredOneAndUnknownKeysSurvive() throws {
        let base: JSONValue = [
            "host": "db", "password": "**********", "extra": "from-the-api", "hidden": "set-before",
            "tunnel": ["tunnel_method": "NO_TUNNEL"],
        ]
        let form = FormData(encoded: "c%2Fhost=db2&c%2Fpassword=&c%2Ftunnel%2F~c=0&c%2Fssl=false")
        var reader = SpecFormReader(form: form, base: base)
        let configuration = reader.configuration(of: SpecSchema(try Self.rich()))
        #expect(configuration["password"] == "**********", "the domain resolves the mask to the stored secret")
        #expect(configuration["host"] == "db2")
        #expect(configuration["extra"] == "from-the-api")
        #expect(configuration["hidden"] == "set-before")
        #expect(configuration["tunnel"] == ["tunnel_method": "NO_TUNNEL"])
        #expect(configuration["mode"] == nil, "an empty optional select is left out")
    }

    @Test func unreadableNumbersAreReportedByField() throws {
        var reader = SpecFormReader(form: FormData(encoded: "c%2Fcount=many&c%2Fseed=1.5"), base: nil)
        _ = reader.configuration(of: SpecSchema(try Self.faker()))
        #expect(reader.problems == ["c/count": "must be a whole number", "c/seed": "must be a whole number"])
    }

    @Test func validationProblemsLandOnTheirFields() throws {
        let form = SpecForm(
            schema: SpecSchema(try Self.rich()), values: ["host": "UPPER"], useDefaults: false,
            validationProblems: [
                "$.host must match pattern ^[a-z.]+$", "$.password is required",
                "$.tunnel.tunnel_host is required", "$ something else",
            ])
        #expect(form.fields[0].error == "must match pattern ^[a-z.]+$")
        #expect(form.fields[0].describedBy?.contains("\(form.fields[0].id)-error") == true)
        #expect(form.fields[2].error == "is required")
        #expect(form.problems.contains("Host must match pattern ^[a-z.]+$"))
        #expect(form.problems.contains("$ something else"))
    }

    @Test func renderedFormHasALabelForEveryInputAndEscapesText() throws {
        var library = try PageRenderer().library
        try library.register("{{#fields}}{{>specField}}{{/fields}}", named: "fieldsOnly")
        let spec: JSONValue = [
            "type": "object", "required": ["name"],
            "properties": [
                "name": ["type": "string", "title": "<script>x</script>", "default": "\"><img src=x>"],
                "token": ["type": "string", "airbyte_secret": true],
            ],
        ]
        let html = library.render(["fields": Self.fields(spec)], withTemplate: "fieldsOnly") ?? ""
        #expect(!html.contains("<script>x"))
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(html.contains(#"value="&quot;&gt;&lt;img src=x&gt;""#))
        let ids = html.matches(of: /<(?:input|select|textarea) id="([^"]+)"/).map { String($0.1) }
        #expect(!ids.isEmpty)
        for id in ids { #expect(html.contains(#"<label for="\#(id)""#) || html.contains(#"for="\#(id)""#), "input \(id) has a label") }
    }
}
