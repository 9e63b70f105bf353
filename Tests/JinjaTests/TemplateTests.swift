import AirbyteProtocol
import Jinja
import Testing

/// The engine's own promises, beyond agreeing with the CDK: parse once and render
/// concurrently, errors that point at the template, an injected clock, value
/// semantics for the caller's context.
@Suite struct TemplateTests {
    let environment = JinjaEnvironment.airbyte(clock: .fixed(epochMicroseconds: 1_717_200_000_123_456))

    func render(_ source: String, _ context: [String: JinjaValue] = [:]) throws -> String {
        try JinjaTemplate(source, environment: environment).render(context)
    }

    func json(_ text: String) throws -> JinjaValue {
        JinjaValue(try JSONValue(parsing: text))
    }

    @Test func rendersLookupsAndPythonStr() throws {
        let config = try json(#"{"a": {"b": [1, 2.5, "x", null, true]}}"#)
        #expect(try render("{{ config['a']['b'] }}", ["config": config]) == "[1, 2.5, 'x', None, True]")
        #expect(try render("{{ config.a.b[1] }}", ["config": config]) == "2.5")
        #expect(try render("{{ config.missing }}|", ["config": config]) == "|")
    }

    @Test func theInjectedClockDrivesTheTimeMacros() throws {
        #expect(try render("{{ now_utc() }}") == "2024-06-01 00:00:00.123456+00:00")
        #expect(try render("{{ today_utc() }}") == "2024-06-01")
        #expect(try render("{{ day_delta(-1, '%Y-%m-%d') }}") == "2024-05-31")
        let later = JinjaEnvironment.airbyte(clock: .fixed(try PythonDatetime(year: 2030, month: 1, day: 2, timeZone: .utc)))
        #expect(try JinjaTemplate("{{ now_utc().strftime('%Y-%m-%d') }}", environment: later).render() == "2030-01-02")
        // The clock is read at render time, not at parse time.
        let ticking = JinjaEnvironment.airbyte(clock: JinjaClock { 86_400_000_000 })
        #expect(try JinjaTemplate("{{ today_utc() }}", environment: ticking).render() == "1970-01-02")
    }

    @Test func syntaxErrorsNameThePosition() {
        let error = #expect(throws: TemplateError.self) {
            _ = try JinjaTemplate("line one\n  {{ config[ }}", environment: environment)
        }
        #expect(error?.code == .syntax)
        #expect(error?.location == TemplateError.Location(line: 2, column: 14))
        #expect(error?.template == "line one\n  {{ config[ }}")
    }

    @Test func runtimeErrorsNameTheStatementAndKeepValuesOutOfTheDescription() throws {
        let template = try JinjaTemplate("ok\n{{ config.secret.deeper }}", environment: environment)
        let error = #expect(throws: TemplateError.self) {
            _ = try template.render(["config": try json(#"{"token": "hunter2"}"#)])
        }
        #expect(error?.code == .undefined)
        #expect(error?.location?.line == 2)
        #expect(error.map { !String(describing: $0).contains("hunter2") } == true)
    }

    @Test func aTemplateChangesOnlyItsOwnCopyOfTheContext() throws {
        let config = try json(#"{"items": [1, 2]}"#)
        let output = try render("{% set _ = config['items'].append(3) %}{{ config['items'] }}", ["config": config])
        #expect(output == "[1, 2, 3]")
        #expect(config["items"]?.arrayValue == [1, 2])
    }

    @Test func oneTemplateRendersConcurrently() async throws {
        let template = try JinjaTemplate("{{ record.id * 2 }}-{{ now_utc().year }}", environment: environment)
        let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for id in 0..<200 {
                group.addTask { (id, try template.render(["record": .dict([("id", .int(id))])])) }
            }
            var collected: [Int: String] = [:]
            for try await (id, text) in group { collected[id] = text }
            return collected
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0.value == "\($0.key * 2)-2024" })
    }

    @Test func customFiltersAndGlobals() throws {
        var custom = JinjaEnvironment.standard(clock: .fixed(epochMicroseconds: 0))
        custom.addFilter("shout") { value, _ in .string(value.description.uppercased() + "!") }
        custom.addGlobal("answer") { _ in 42 }
        #expect(try JinjaTemplate("{{ 'hi' | shout }} {{ answer() }}", environment: custom).render() == "HI! 42")
        // The standard environment has no Airbyte macros: the name is undefined.
        #expect(throws: TemplateError.self) { try JinjaTemplate("{{ now_utc() }}", environment: custom).render() }
    }

    @Test func undeclaredVariablesAreReportedAsJinjaDoes() throws {
        #expect(try JinjaTemplate("{{ a }}{% set b = 1 %}{{ b }}").undeclaredVariables == ["a"])
        #expect(try JinjaTemplate("{% for x in xs %}{{ x }}{{ loop.index }}{% endfor %}").undeclaredVariables == ["xs"])
        #expect(try JinjaTemplate("{% if c %}{% set d = 1 %}{% endif %}").undeclaredVariables == ["c", "d"])
        #expect(try JinjaTemplate("{{ now_utc() }}").undeclaredVariables.isEmpty)
    }

    @Test func streamSlicesBehaveLikeTheCDKs() throws {
        let slice = JinjaValue.streamSlice(
            partition: [("id", 7)], cursorSlice: [("start_time", "2024-01-01")],
            extraFields: [("name", "x")])
        #expect(
            try render(
                "{{ stream_slice.id }} {{ stream_slice['start_time'] }} {{ stream_slice.extra_fields.name }}",
                ["stream_slice": slice]) == "7 2024-01-01 x")
        #expect(
            try render("{{ stream_slice.partition }} {{ stream_slice }}", ["stream_slice": slice])
                == "{'id': 7} {'id': 7, 'start_time': '2024-01-01'}")
        #expect(JinjaValue.streamSlice(partition: [], cursorSlice: [], extraFields: [("a", 1)]).isTruthy)
    }

    @Test func caseInsensitiveHeaders() throws {
        let headers = JinjaValue.caseInsensitiveDict([("Retry-After", "5")])
        #expect(try render("{{ headers['retry-after'] }} {{ 'RETRY-AFTER' in headers }}", ["headers": headers]) == "5 True")
    }
}
