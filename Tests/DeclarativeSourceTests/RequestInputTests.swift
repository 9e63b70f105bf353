import Jinja
import Testing

@testable import DeclarativeSource

/// `combine_mappings`, as the CDK merges the options of a request's providers; expected values
/// from `airbyte_cdk.utils.mapping_helpers.combine_mappings` (7.39.1).
@Suite struct RequestInputTests {
    static func mapping(_ items: [(String, JinjaValue)]) -> RequestInput { .mapping(items.map { (key: $0.0, value: $0.1) }) }

    static func combined(_ inputs: [RequestInput], allowSameValueMerge: Bool = false) throws -> String {
        switch try RequestInput.combine(inputs, allowSameValueMerge: allowSameValueMerge) {
        case .text(let text): return "text \(text)"
        case .mapping(let items): return JinjaValue.dict(items.map { ($0.key, $0.value) }).description
        }
    }

    static func failure(_ inputs: [RequestInput], allowSameValueMerge: Bool = false) -> String? {
        do {
            _ = try RequestInput.combine(inputs, allowSameValueMerge: allowSameValueMerge)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func mappingsMergeAndOneStringStandsAlone() throws {
        #expect(try Self.combined([Self.mapping([("a", 1)]), Self.mapping([("b", 2)]), .empty]) == "{'a': 1, 'b': 2}")
        #expect(try Self.combined([.text("x=1"), .empty, .empty]) == "text x=1")
        #expect(try Self.combined([.text(""), .empty]) == "text ")
        #expect(try Self.combined([.empty, .empty]) == "{}")
        #expect(try Self.combined([Self.mapping([("a", 1)]), Self.mapping([("a", 1)])], allowSameValueMerge: true) == "{'a': 1}")
        let nested = try Self.combined(
            [Self.mapping([("a", .dict([("b", 1), ("c", 2)]))]), Self.mapping([("a", .dict([("b", 1), ("d", 3)]))])],
            allowSameValueMerge: true)
        #expect(nested == "{'a': {'b': 1, 'c': 2, 'd': 3}}")
    }

    @Test func collisionsAndMixedStringsFailAsTheCDKSays() {
        #expect(Self.failure([.text("x"), .text("y")]) == "Cannot combine multiple string options")
        #expect(Self.failure([.text(""), .text("")]) == "Cannot combine multiple string options")
        #expect(Self.failure([.text("x"), Self.mapping([("a", 1)])]) == "Cannot combine multiple options if one is a string")
        #expect(Self.failure([Self.mapping([("a", 1)]), .text("")]) == "Cannot combine multiple options if one is a string")
        let collision = { (path: String) in
            "Request body collision, duplicate keys detected at key path: \(path). Please ensure that all keys in the request are unique."
        }
        #expect(Self.failure([Self.mapping([("a", 1)]), Self.mapping([("a", 1)])]) == collision("a"))
        #expect(
            Self.failure([Self.mapping([("a", .dict([("b", 1)]))]), Self.mapping([("a", .dict([("b", 2)]))])], allowSameValueMerge: true)
                == collision("a.b"))
        #expect(Self.failure([Self.mapping([("a", .dict([("b", 1)]))]), Self.mapping([("a", .dict([("c", 2)]))])]) == collision("a"))
    }
}
