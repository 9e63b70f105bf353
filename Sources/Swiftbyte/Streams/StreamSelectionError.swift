/// Streams were asked for that the source does not offer, or none at all.
public struct StreamSelectionError: Error, Sendable, CustomStringConvertible {
    /// The connector.
    public var connector: String
    /// The names asked for that it does not offer; empty when the selection named no stream.
    public var unknown: [String]
    /// The names it offers.
    public var available: [String]

    /// `source-faker has no stream named "user". Its streams: products, purchases, users.`
    public var description: String {
        guard !unknown.isEmpty else {
            return "No stream was selected from \(connector). Its streams: \(available.joined(separator: ", "))."
        }
        let names = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
        let noun = unknown.count == 1 ? "no stream named" : "no streams named"
        return "\(connector) has \(noun) \(names). Its streams: \(available.joined(separator: ", "))."
    }
}
