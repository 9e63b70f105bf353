import AirbyteProtocol
import Jinja
import Testing

@testable import DeclarativeSource

/// What `requests`, `urllib` and `dpath` do, which the requests we send must reproduce.
/// Expected values are Python 3.11's own outputs.
@Suite struct PythonSemanticsTests {
    @Test(arguments: [
        ("https://api.example.com/v1/", "items", "https://api.example.com/v1/items"),
        ("https://api.example.com/v1/", "items?x=1", "https://api.example.com/v1/items?x=1"),
        ("https://api.example.com/v1//", "a/b", "https://api.example.com/v1/a/b"),
        ("https://api.example.com/v1/", "../v2/items", "https://api.example.com/v2/items"),
        ("https://api.example.com/v1/", "https://other.example.com/next?page=2", "https://other.example.com/next?page=2"),
        ("https://api.example.com", "", "https://api.example.com"),
    ])
    func urljoin(_ base: String, _ path: String, _ expected: String) {
        #expect(HttpRequester.join(base, path) == expected)
    }

    @Test(arguments: [
        ("https://api.example.com:8080/v1/items?a=1&b=2#frag", ["https", "api.example.com:8080", "/v1/items", "a=1&b=2", "frag"]),
        ("HTTP://h", ["http", "h", "", "", ""]),
        ("mailto:x@y", ["mailto", "", "x@y", "", ""]),
        ("1http://x", ["", "", "1http://x", "", ""]),
        ("é:x", ["", "", "é:x", "", ""]),
        ("/path?q#f", ["", "", "/path", "q", "f"]),
        ("//host/p", ["", "host", "/p", "", ""]),
        ("http://h?x=1/2", ["http", "h", "", "x=1/2", ""]),
        ("a+b.c-d://n/p?", ["a+b.c-d", "n", "/p", "", ""]),
        ("x#y?z", ["", "", "x", "", "y?z"]),
    ])
    func urlsplit(_ url: String, _ expected: [String]) {
        let parts = PythonURL.split(url)
        #expect([parts.scheme, parts.netloc, parts.path, parts.query, parts.fragment] == expected)
    }

    @Test func urlencodeDropsNoneAndRepeatsLists() {
        let query = PreparedRequest.urlencode([
            ("q", .string("a b&c")), ("ids", .list([.int(1), .int(2)])), ("none", .none),
            ("flag", .bool(true)), ("ratio", .float(0.5)), ("name", .string("é/ü")), ("", .string("")),
            ("since", .string("2024-01-01T00:00:00Z")), ("k y", .string(" \u{301}~")),
        ])
        // Python: urllib.parse.urlencode(the same pairs, doseq=True).
        #expect(
            query
                == "q=a+b%26c&ids=1&ids=2&flag=True&ratio=0.5&name=%C3%A9%2F%C3%BC&=&since=2024-01-01T00%3A00%3A00Z&k+y=+%CC%81~")
    }

    @Test func quoteAsUrllib() {
        // Expected values from Python 3's urllib.parse.
        #expect(PythonURL.quote("a b/c~") == "a%20b/c~")
        #expect(PythonURL.quote("2024-01-01T00:00:00Z", safe: "") == "2024-01-01T00%3A00%3A00Z")
        #expect(PythonURL.quote("plain_token.1-2~") == "plain_token.1-2~")
        #expect(PythonURL.quotePlus("a b&c/é") == "a+b%26c%2F%C3%A9")
        // A space followed by a combining accent is one Character but still the code point U+0020.
        #expect(PythonURL.quotePlus(" \u{301}") == "+%CC%81")
        #expect(PythonURL.quotePlus("no-space") == "no-space")
    }

    @Test func theJoinCacheAnswersForItsInputsOnly() {
        let cache = URLJoinCache()
        let pairs = [("https://h/api/v1", "items"), ("https://h/api/v1", "items"), ("https://h/api/v1", "../x"), ("https://h/a/", "/b")]
        for (base, path) in pairs + pairs.reversed() {
            #expect(cache.join(base, path) == HttpRequester.join(base, path), "\(base) + \(path)")
        }
    }

    @Test func requoteKeepsEscapesAndEscapesTheRest() {
        #expect(PythonURL.requote("https://h/a b/%2Fx/%7Ey?q=é") == "https://h/a%20b/%2Fx/~y?q=%C3%A9")
        // Without a `%` (nothing to unquote): requests' `requote_uri` gives the same.
        #expect(PythonURL.requote("https://h/a b/c?q=é&x=1|2&y=[a]") == "https://h/a%20b/c?q=%C3%A9&x=1%7C2&y=[a]")
        // A safe set other than the cached ones: `quote('a:b;c', safe=':')`.
        #expect(PythonURL.quote("a:b;c", safe: ":") == "a:b%3Bc")
    }

    @Test func jsonBodiesAreWrittenAsPythonsJsonDumps() throws {
        let value: JinjaValue = .dict([("a", .int(1)), ("b", .list([.bool(true), .none, .float(1.5)])), ("s", .string("é\"\n"))])
        #expect(try PythonJSON.dumps(value) == #"{"a": 1, "b": [true, null, 1.5], "s": "\u00e9\"\n"}"#)
    }

    @Test func preparedRequestAddsRequestsHeadersAndDedupesParameters() throws {
        let request = try PreparedRequest.make(
            method: "POST", url: "https://h.example/items?limit=10", headers: [("X-Key", "k")],
            params: [("limit", .int(10)), ("page", .int(2))], json: .mapping([("q", .string("x"))]), data: .empty)
        #expect(request.url == "https://h.example/items?limit=10&page=2")
        #expect(request.headers.contains { $0 == ("Content-Type", "application/json") })
        #expect(request.headers.contains { $0 == ("Content-Length", "10") })
        #expect(request.body.map { String(decoding: $0, as: UTF8.self) } == #"{"q": "x"}"#)
    }

    @Test func dpathGetValuesNewAndDelete() throws {
        var document: JSONValue = ["data": ["items": [["id": 1], ["id": 2]], "meta": ["next": "n"]]]
        #expect(try Dpath.get(document, ["data", "meta", "next"]) == "n")
        #expect(try Dpath.get(document, ["data", "items", "1", "id"]) == 2)
        #expect(throws: Dpath.Failure.notFound) { try Dpath.get(document, ["data", "missing"]) }
        #expect(Dpath.values(document, ["data", "items", "*", "id"]) == [1, 2])
        #expect(Dpath.values(document, ["data", "*"]).count == 2)
        #expect(throws: Dpath.Failure.ambiguous) { try Dpath.get(document, ["data", "items", "*"]) }
        Dpath.new(&document, ["data", "added", "deep"], "x")
        #expect(document["data"]?["added"]?["deep"] == "x")
        #expect(Dpath.delete(&document, ["data", "items", "0"]))
        // A list element that is not the last becomes null, as dpath leaves it.
        #expect(document["data"]?["items"] == [nil, ["id": 2]])
        #expect(!Dpath.delete(&document, ["nothing"]))
        #expect(Glob.matches("data_1", "data_[0-9]") && !Glob.matches("data_x", "data_[!a-z]"))
    }

    @Test func recordsThatAreListsBecomeDictsAsPythonDoes() throws {
        #expect(try RecordSelector.pythonDict([["id": "a", "total": 1]]) == ["id": "total"])
        #expect(try RecordSelector.pythonDict([["k", 5]]) == ["k": 5])
        #expect(throws: (any Error).self) { try RecordSelector.pythonDict([["a": 1, "b": 2, "c": 3]]) }
    }
}
