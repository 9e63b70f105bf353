import AirbyteProtocol
import Jinja
import Testing

@Suite struct TemplateTests {
    let environment = JinjaEnvironment.airbyte(clock: .fixed(epochMicroseconds: 1_717_200_000_123_456))

    func render(_ source: String, _ context: [String: JinjaValue] = [:]) throws -> String {
        try JinjaTemplate(source, environment: environment).render(context)
    }

    @Test func rendersLookupsAndPythonStr() throws {
        let config = JinjaValue(try JSONValue(parsing: #"{"a": {"b": [1, 2.5, "x", null, true]}}"#))
        #expect(try render("{{ config['a']['b'] }}", ["config": config]) == "[1, 2.5, 'x', None, True]")
        #expect(try render("{{ config.a.b[1] }}", ["config": config]) == "2.5")
        #expect(try render("{{ config.missing }}|", ["config": config]) == "|")
    }
}
