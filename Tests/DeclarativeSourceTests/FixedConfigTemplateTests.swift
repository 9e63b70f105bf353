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

    /// A template over the config and the slice is evaluated once per slice: every page of
    /// the slice gets that value, another slice (or the slice changed) its own.
    @Test func aSliceOnlyTemplateIsEvaluatedOncePerSlice() throws {
        let template = FixedConfigTemplate(
            InterpolatedString("{{ config['base'] }}/projects/{{ stream_partition.id }}"), config: Self.config)
        var slice = StreamSlice(partition: ["id": 1])
        let first = try template.eval(for: slice, nextPageToken: nil)
        #expect(first == "https://api.example.com/projects/1")
        #expect(try template.eval(for: slice, nextPageToken: "page-2") == first)
        let copy = slice
        slice.partition = ["id": 2]
        #expect(try template.eval(for: slice, nextPageToken: nil) == "https://api.example.com/projects/2")
        #expect(try template.eval(for: copy, nextPageToken: nil) == first)
        #expect(try template.eval(for: StreamSlice(partition: ["id": 3]), nextPageToken: nil) == "https://api.example.com/projects/3")
        // Extra fields are top-level names that may shadow `config`: evaluated each time.
        let shadowing = StreamSlice(partition: ["id": 4], extraFields: ["config": ["base": "elsewhere"]])
        #expect(try template.eval(for: shadowing, nextPageToken: nil) == "elsewhere/projects/4")
        // A template that reads the page token is evaluated for every page.
        let paged = FixedConfigTemplate(InterpolatedString("/items/{{ stream_slice.id }}/{{ next_page_token }}"), config: Self.config)
        #expect(try paged.eval(for: slice, nextPageToken: "a") == "/items/2/a")
        #expect(try paged.eval(for: slice, nextPageToken: "b") == "/items/2/b")
    }
}
