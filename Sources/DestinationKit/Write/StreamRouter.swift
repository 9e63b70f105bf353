/// Finds the configured stream of each record: its index in the catalog.
///
/// Sources emit records in runs of one stream, and the ``MessageReader`` hands
/// out the same `String` instances while the stream's bytes repeat, so the
/// last answer is kept and checked with a string comparison that is a pointer
/// comparison in the common case; only a change of stream hashes.
///
/// An empty namespace names the same stream as a missing one, as in
/// ``NameNormalizer``: sources and catalogs disagree on which to write.
package struct StreamRouter {
    private struct Key: Hashable {
        var name: String
        var namespace: String?

        init(name: String, namespace: String?) {
            self.name = name
            self.namespace = namespace?.isEmpty == true ? nil : namespace
        }
    }

    /// The configured streams, in catalog order.
    let descriptors: [StreamDescriptor]
    private let indices: [Key: Int]

    private var lastName = ""
    private var lastNamespace: String?
    /// The last answer: a stream index, -1 for a stream not in the catalog, nil before the first record.
    private var lastIndex: Int?

    /// A router for `catalog`'s streams.
    ///
    /// - Throws: A `config_error` when the catalog lists a stream twice.
    package init(catalog: ConfiguredAirbyteCatalog) throws(ConnectorFailure) {
        descriptors = catalog.streams.map(\.streamDescriptor)
        var indices: [Key: Int] = [:]
        for (index, descriptor) in descriptors.enumerated() {
            let key = Key(name: descriptor.name, namespace: descriptor.namespace)
            guard indices[key] == nil else {
                throw .config(
                    "The configured catalog lists the stream \(descriptor) more than once.",
                    internalMessage: "streams[\(indices[key]!)] and streams[\(index)] are both \(descriptor)")
            }
            indices[key] = index
        }
        self.indices = indices
    }

    /// The number of configured streams.
    var count: Int { descriptors.count }

    /// The index of `record`'s stream, or -1 when it is not in the catalog.
    @inline(__always)
    mutating func index(of record: ScannedRecord) -> Int {
        if let lastIndex, record.stream == lastName, record.namespace == lastNamespace { return lastIndex }
        let index = indices[Key(name: record.stream, namespace: record.namespace)] ?? -1
        lastName = record.stream
        lastNamespace = record.namespace
        lastIndex = index
        return index
    }

    /// The index of the stream `descriptor` names, if configured.
    func index(of descriptor: StreamDescriptor) -> Int? {
        indices[Key(name: descriptor.name, namespace: descriptor.namespace)]
    }
}
