/// A RECORD message's payload: one row of a stream.
///
/// The hot path does not build these (see ``MessageReader``); they serve tests,
/// sources written in Swift and anything that needs a record as a value.
public struct AirbyteRecordMessage: Sendable, Hashable {
    /// The stream the record belongs to.
    public var stream: String
    /// The stream's namespace, if any.
    public var namespace: String?
    /// The record's fields.
    public var data: JSONObject
    /// When the source emitted the record, in milliseconds since the Unix epoch.
    public var emittedAt: Int64
    /// Changes the source made to the record (fields nulled or truncated).
    public var meta: Meta?
    /// Fields this library does not know (such as `file_reference`), kept for re-serialization.
    public var unknownFields: JSONObject

    /// A record of `stream`.
    public init(
        stream: String, namespace: String? = nil, data: JSONObject, emittedAt: Int64, meta: Meta? = nil,
        unknownFields: JSONObject = JSONObject()
    ) {
        self.stream = stream
        self.namespace = namespace
        self.data = data
        self.emittedAt = emittedAt
        self.meta = meta
        self.unknownFields = unknownFields
    }

    /// Decodes a record payload. `emitted_at` may be written as a float (`1.7e12`);
    /// a fraction is dropped.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        stream = try decoder.decode("stream")
        namespace = try decoder.decodeIfPresent("namespace")
        data = try decoder.decode("data")
        emittedAt = try decoder.decode("emitted_at", as: EpochMilliseconds.self).value
        meta = try decoder.decodeIfPresent("meta")
        unknownFields = decoder.unknownFields
    }

    /// The payload as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("stream", stream)
        encoder.encode("namespace", namespace)
        encoder.encode("data", data)
        encoder.encode("emitted_at", emittedAt)
        encoder.encode("meta", meta)
        return encoder.finish(with: unknownFields)
    }

    /// The stream's descriptor.
    public var streamDescriptor: StreamDescriptor { StreamDescriptor(name: stream, namespace: namespace) }
}

extension AirbyteRecordMessage: JSONConvertible {}

/// An epoch-milliseconds integer that tolerates float notation.
struct EpochMilliseconds: JSONConvertible {
    var value: Int64

    init(json: JSONValue) throws(AirbyteDecodingError) {
        if let exact = json.int64Value {
            value = exact
        } else if let double = json.doubleValue, double.isFinite, double.magnitude < 9.2e18 {
            value = Int64(double.rounded(.down))
        } else {
            throw .wrongType(expected: "an integer (epoch milliseconds)", found: json)
        }
    }

    var json: JSONValue { .number(String(value)) }
}
