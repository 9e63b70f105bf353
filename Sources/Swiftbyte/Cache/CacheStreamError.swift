/// A stream named to ``Cache`` could not be acted on; ``description`` says why and what to do.
public struct CacheStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }

        /// The cache holds no stream of that name (of that source).
        public static let unknownStream = Code("unknown stream")
        /// Several streams have that name: of several sources (say which source)
        /// or in several namespaces (say `namespace.name`).
        public static let ambiguousStream = Code("ambiguous stream")
        /// The stream is known but its table is not in the cache (no record saved yet, or dropped).
        public static let missingTable = Code("missing table")
        /// The source keeps one state for all its streams, which cannot be reset for one stream alone.
        public static let sharedState = Code("shared state")
    }

    public let code: Code
    /// The stream named.
    public let stream: String
    /// The source named, if one was.
    public let source: String?
    /// The streams the cache holds (`source/stream` when several sources share a name), to choose from.
    public let knownStreams: [String]
    /// The sources involved, for ``Code/ambiguousStream`` and ``Code/sharedState``.
    public let sources: [String]
    /// The stream's table, for ``Code/missingTable``.
    public let tableName: String?

    init(
        _ code: Code, stream: String, source: String?, knownStreams: [String] = [], sources: [String] = [],
        tableName: String? = nil
    ) {
        self.code = code
        self.tableName = tableName
        self.stream = stream
        self.source = source
        self.knownStreams = knownStreams
        self.sources = sources
    }

    public var description: String {
        let of = source.map { " of \($0)" } ?? ""
        switch code {
        case .ambiguousStream where Set(sources).count < sources.count:
            return "several streams are named \(stream) (\(knownStreams.joined(separator: ", "))); name one as namespace.stream"
        case .ambiguousStream:
            return "several sources have a stream \(stream) (\(sources.joined(separator: ", "))); choose one with --source"
        case .missingTable:
            return "the table \(tableName ?? "?") of stream \(stream)\(of) is not in the cache; read the stream again"
        case .sharedState:
            return "\(sources.first ?? source ?? "the source") keeps one GLOBAL state for all its streams, so the state of \(stream) "
                + "cannot be forgotten alone; reset the whole source instead"
        default:
            let known = knownStreams.isEmpty ? "the cache holds no streams yet" : "known streams: \(knownStreams.joined(separator: ", "))"
            return "no stream \(stream)\(of) in the cache; \(known)"
        }
    }
}
