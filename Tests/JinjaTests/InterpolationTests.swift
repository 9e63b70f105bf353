import AirbyteProtocol
import Jinja
import Testing

/// The CDK's interpolation wrappers as the declarative engine calls them.
@Suite struct InterpolationTests {
    let environment = JinjaEnvironment.airbyte(clock: .fixed(epochMicroseconds: 1_717_200_000_123_456))

    func json(_ text: String) throws -> JinjaValue {
        JinjaValue(try JSONValue(parsing: text))
    }

    /// What the engine may evaluate once per read: templates over the config and constants only.
    @Test func templatesThatReadOnlyTheConfig() {
        func readsOnlyConfig(_ text: String, default: String? = nil) -> Bool {
            InterpolatedString(text, default: `default`, parameters: ["p": "x"], environment: environment).readsOnlyConfig
        }
        for pure in [
            "{{ config['base_url'] }}", "https://{{ config.get('region', 'us') }}.example.com/{{ parameters.p }}", "plain",
            "{{ config['a'] ~ '/' ~ config['b'] | lower }}", "{{ config.a if config.b is defined else 'x' }}", "{{ [config.a][0] }}",
        ] {
            #expect(readsOnlyConfig(pure), "\(pure)")
        }
        for impure in [
            "{{ now_utc() }}", "{{ config.a }}/{{ next_page_token }}", "{{ stream_partition.id }}", "{{ config.items() }}",
            "{{ config.a | random }}", "{% if config.a %}x{% endif %}", "{{ stream_state }}", "{{ config.a }} {{ today_utc() }}",
            "{{ config.a", "{{ config['keys'][range(2)|length] }}",
        ] {
            #expect(!readsOnlyConfig(impure), "\(impure)")
        }
        #expect(!readsOnlyConfig("{{ config.a }}", default: "{{ now_utc() }}"), "the default is rendered when the result is empty")
    }

    /// What the engine may evaluate once per slice: templates over the config, the slice and constants.
    @Test func templatesThatReadOnlyTheConfigAndTheSlice() {
        func readsOnlyConfigAndSlice(_ text: String) -> Bool {
            InterpolatedString(text, parameters: ["p": "x"], environment: environment).readsOnlyConfigAndSlice
        }
        for pure in [
            "/projects/{{ stream_partition.project_id }}/comments", "{{ stream_slice['start_time'] }}",
            "{{ config['base'] }}/{{ stream_interval.get('end_time') }}/{{ parameters.p }}", "plain",
        ] {
            #expect(readsOnlyConfigAndSlice(pure), "\(pure)")
        }
        for impure in [
            "{{ next_page_token }}", "/{{ stream_partition.id }}/{{ now_utc() }}", "{{ stream_state }}", "{{ record.id }}",
            "{{ parent_id }}", "{% for x in stream_slice %}{{ x }}{% endfor %}",
        ] {
            #expect(!readsOnlyConfigAndSlice(impure), "\(impure)")
        }
    }

    @Test func renderedTextIsReadBackAsAPythonLiteral() throws {
        let config = try json(#"{"id": "12", "zip": "007", "names": ["a", "b"], "flag": true}"#)
        func eval(_ text: String) throws -> JinjaValue {
            try InterpolatedString(text, environment: environment).eval(config)
        }
        #expect(try eval("{{ config.id }}") == 12)
        #expect(try eval("{{ config.zip }}") == "007")  // leading zeros are no int literal
        #expect(try eval("{{ config.names }}") == ["a", "b"])
        #expect(try eval("{{ config.flag }}") == true)
        #expect(try eval("{{ config.missing }}") == "")
        #expect(try eval("plain") == "plain")
        #expect(try eval("5") == 5)
        #expect(try eval("{{ config.names | string }}") == #"["a", "b"]"#)  // the CDK's string filter keeps it text
        // A TypeError while rendering leaves the template text.
        #expect(try eval("{{ config.id + 1 }}") == "{{ config.id + 1 }}")
        // An undefined error falls back to the default, which is the string: it fails again.
        #expect(throws: TemplateError.self) { try eval("{{ config.missing.deeper }}") }
    }

    @Test func defaultsAndValidTypes() throws {
        let interpolation = JinjaInterpolation(environment: environment)
        let config = try json(#"{"n": "5", "empty": ""}"#)
        #expect(try interpolation.eval("{{ config.empty }}", config: config, default: "{{ config.n }}") == 5)
        #expect(try interpolation.eval("{{ config.missing.x }}", config: config, default: "fallback") == "fallback")
        #expect(try interpolation.eval("{{ config.n }}", config: config, validTypes: [.str]) == "5")
        #expect(try interpolation.eval("{{ config.n }}", config: config, validTypes: [.float]) == "5")
        #expect(try interpolation.eval("{{ config.n }}", config: config, validTypes: [.int]) == 5)
        #expect(try interpolation.eval("{{ config.empty }}", config: config) == .none)
    }

    @Test func theCDKsContextRules() throws {
        let interpolation = JinjaInterpolation(environment: environment)
        let slice = JinjaValue.streamSlice(partition: [("id", 3)], cursorSlice: [])
        #expect(try interpolation.eval("{{ stream_partition.id }}", config: [:], variables: ["stream_slice": slice]) == 3)
        let unsupported = #expect(throws: TemplateError.self) {
            try interpolation.eval("{{ stream_state.x }}", config: [:])
        }
        #expect(unsupported?.code == .unsupportedVariable)
        let undeclared = #expect(throws: TemplateError.self) { try interpolation.eval("{{ nothing }}", config: [:]) }
        #expect(undeclared?.code == .undeclaredVariable)
        #expect(throws: TemplateError.self) {
            try interpolation.eval("x", config: [:], variables: ["stream_interval": slice])
        }
    }

    @Test func booleansFollowTheCDKsFalseValues() throws {
        func eval(_ condition: String, _ variables: [String: JinjaValue] = [:]) throws -> Bool {
            try InterpolatedBoolean(condition, environment: environment).eval([:], variables)
        }
        #expect(try eval("{{ 0 }}") == false)
        #expect(try eval("{{ [] }}") == false)
        #expect(try eval("{{ 'false' }}") == false)
        #expect(try eval("") == false)
        #expect(try eval("{{ none }}") == false)  // in the CDK's list since 7.3x
        #expect(try eval("{{ 'no' }}") == true)
        #expect(try eval("{{ response.has_more }}", ["response": try json(#"{"has_more": false}"#)]) == false)
        #expect(try InterpolatedBoolean(true).eval([:]) == true)
    }

    @Test func mappingsInterpolateKeysAndValues() throws {
        let mapping = try #require(
            try JSONValue(parsing: #"{"{{ config.key }}": "{{ config.value }}", "n": 5, "gone": "{{ config.missing }}", "7": "x"}"#)
                .objectValue)
        let result = try InterpolatedMapping(mapping, environment: environment)
            .eval(try json(#"{"key": "page", "value": "10"}"#))
        #expect(result.map(\.key) == ["page", "n", "gone", "7"])  // keys stay strings: valid_key_types=(str,)
        #expect(result.map(\.value) == [10, 5, .none, "x"])
    }

    @Test func nestedMappingsDropNoneAndRecurse() throws {
        let body = try JSONValue(
            parsing: #"{"q": {"ids": ["{{ config.a }}", 2], "{{ config.k }}": "{{ config.missing }}"}, "s": "{{ config.a }}"}"#)
        let result = try InterpolatedNestedMapping(body, environment: environment).eval(try json(#"{"a": "1", "k": "key"}"#))
        #expect(result.pythonRepr == "{'q': {'ids': [1, 2]}, 's': 1}")
        #expect(try result.toJSON().jsonText == #"{"q":{"ids":[1,2]},"s":1}"#)
    }

    @Test func jsonRoundTripKeepsTypesAndDigits() throws {
        let value = try json(#"{"i": 12345678901234567890123, "f": 1.0, "e": 1e2, "s": "x", "n": null, "l": [true]}"#)
        #expect(value["i"]?.kind == .int)
        #expect(value["f"]?.kind == .float)
        #expect(try value.toJSON().jsonText == #"{"i":12345678901234567890123,"f":1.0,"e":1e2,"s":"x","n":null,"l":[true]}"#)
        #expect(throws: TemplateError.self) { try JinjaValue.datetime(try PythonDatetime(year: 2024, month: 1, day: 1)).toJSON() }
    }

    @Test func datetimeFormatsOfTheCDK() throws {
        let instant = try DatetimeParser.parse("2024-01-15T10:20:30.123456+0000", format: "%Y-%m-%dT%H:%M:%S.%f%z")
        #expect(DatetimeParser.format(instant, format: "%s") == "1705314030")
        #expect(DatetimeParser.format(instant, format: "%ms") == "1705314030123")
        #expect(DatetimeParser.format(instant, format: "%Y-%m-%dT%H:%M:%S.%_msZ") == "2024-01-15T10:20:30.123Z")
        #expect(
            try DatetimeParser.parse("1705314030", format: "%s")
                == instant.replacingTimeZone(.utc).subtracting(try PythonTimedelta(microseconds: 123_456)))
        let fromList = try DatetimeParser.parse("2024-01-15", formats: ["%s", "%Y-%m-%d"])
        #expect(fromList.isAware && fromList.description == "2024-01-15 00:00:00+00:00")
        #expect(throws: TemplateError.self) { try DatetimeParser.parse("15.01.2024", formats: ["%Y-%m-%d", "%s"]) }
        let step = try ISODuration.parse("P1M")
        #expect(
            try step.added(to: try PythonDatetime(year: 2024, month: 1, day: 31, timeZone: .utc)).description == "2024-02-29 00:00:00+00:00"
        )
    }
}
