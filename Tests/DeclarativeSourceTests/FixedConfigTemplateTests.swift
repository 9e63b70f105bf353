import AirbyteProtocol
import Jinja
import Testing

@testable import DeclarativeSource

/// Templates over the config alone are evaluated once per read; anything else every time.
@Suite struct FixedConfigTemplateTests {
    static let config = JinjaValue(["base": "https://api.example.com", "token": "t"] as JSONValue)

    @Test func aConfigOnlyTemplateKeepsItsValue() throws {
        let template = FixedConfigTemplate(InterpolatedString("{{ config['base'] }}/v1"), config: Self.config)
        #expect(try template.eval() == "https://api.example.com/v1")
        #expect(try template.eval(["stream_slice": ["id": 1]]) == "https://api.example.com/v1")
    }

    @Test func aConfigPassedByTheCallerStillShadowsTheConnectorsConfig() throws {
        let template = FixedConfigTemplate(InterpolatedString("{{ config['base'] }}"), config: Self.config)
        #expect(try template.eval() == "https://api.example.com")
        #expect(try template.eval(["config": ["base": "elsewhere"]]) == "elsewhere")
        #expect(throws: TemplateError.self) { try template.eval(["stream_partition": ["id": 1]]) }
        #expect(try template.eval() == "https://api.example.com")
    }

    @Test func otherTemplatesAreEvaluatedEachTime() throws {
        let template = FixedConfigTemplate(InterpolatedString("/items/{{ stream_slice.id }}"), config: Self.config)
        #expect(try template.eval(["stream_slice": ["id": 1]]) == "/items/1")
        #expect(try template.eval(["stream_slice": ["id": 2]]) == "/items/2")
    }
}
