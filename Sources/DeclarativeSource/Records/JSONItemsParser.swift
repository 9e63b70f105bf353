internal import AirbyteProtocol
internal import DeclarativeManifest

/// `JsonItemsDecoder`'s parser (the CDK's `JsonItemsParser`): `ijson.items(body, "<items_path>.item")`,
/// the elements of the arrays found at `items_path`, in document order.
///
/// An `ijson` prefix names where a value sits: object keys joined by dots, `item` for an array
/// element, so `data.users` is the `users` array of the top-level `data` object and
/// `results.item.rows` the `rows` of every element of `results`. A key that holds a dot matches
/// as its dotted text, as in `ijson`. Nothing there, or no array there, yields no records.
///
/// The CDK streams the document so a multi-gigabyte response never sits in memory; here the
/// page is already in memory (bounded by the engine's body limit), so it is parsed whole: the
/// records are the same, and a malformed document fails the page before any of it is read
/// (the CDK reads the items before the fault).
struct JSONItemsParser: Sendable {
    /// The prefix of the values to yield: `items_path` plus `.item`.
    let prefix: String
    let encoding: TextEncoding

    init(_ node: ComponentNode) throws(ManifestError) {
        let path = try node.optionalString("items_path") ?? ""
        guard !path.isEmpty else { throw node.invalid("items_path", "JsonItemsParser requires a non-empty items_path.") }
        prefix = path + ".item"
        encoding = try TextEncoding(of: node, decoder: "JsonItemsDecoder")
    }

    func parse(_ body: [UInt8]) throws -> [JSONValue] {
        let document: JSONValue
        do {
            // UTF-8 goes to the parser as it is (it validates); another encoding is transcoded first.
            let utf8 = encoding == .utf8 ? body : Array(try encoding.decode(body, "response body").utf8)
            document = try JSONValue(parsing: utf8[...])
        } catch let failure as DecodeFailure {
            throw failure
        } catch {
            throw DecodeFailure("The response is not one JSON document, as JsonItemsDecoder reads it: \(error)")
        }
        var items: [JSONValue] = []
        collect(document, at: "", into: &items)
        return items
    }

    /// Walks only where the prefix can still match.
    private func collect(_ value: JSONValue, at path: String, into items: inout [JSONValue]) {
        if path == prefix {
            items.append(value)
            return
        }
        guard path.isEmpty || prefix.hasPrefix(path + ".") else { return }
        switch value {
        case .object(let object):
            for (key, member) in object { collect(member, at: path.isEmpty ? key : path + "." + key, into: &items) }
        case .array(let elements):
            let elementPath = path.isEmpty ? "item" : path + ".item"
            for element in elements { collect(element, at: elementPath, into: &items) }
        default:
            return
        }
    }
}
