extension AirbyteRecordMessage {
    /// Information about a record added while syncing: the changes made to it.
    public struct Meta: Sendable, Hashable {
        /// The changes, in order; empty when the field is absent.
        public var changes: [Change]
        /// Fields this library does not know, kept for re-serialization.
        public var unknownFields: JSONObject

        /// Record metadata with `changes`.
        public init(changes: [Change] = [], unknownFields: JSONObject = JSONObject()) {
            self.changes = changes
            self.unknownFields = unknownFields
        }

        /// Decodes `{"changes": [...]}`.
        public init(json: JSONValue) throws(AirbyteDecodingError) {
            var decoder = try ObjectDecoder(json)
            changes = try decoder.decodeIfPresent("changes") ?? []
            unknownFields = decoder.unknownFields
        }

        /// The metadata as JSON.
        public var json: JSONValue {
            var encoder = ObjectEncoder()
            encoder.encode("changes", changes)
            return encoder.finish(with: unknownFields)
        }
    }

    /// One field a source or destination could not keep as it was.
    public struct Change: Sendable, Hashable {
        /// The field's name (top-level property, or a path as the writer chose).
        public var field: String
        /// What was done to it.
        public var change: Kind
        /// Why.
        public var reason: Reason
        /// Fields this library does not know, kept for re-serialization.
        public var unknownFields: JSONObject

        /// A change to `field`.
        public init(field: String, change: Kind, reason: Reason, unknownFields: JSONObject = JSONObject()) {
            self.field = field
            self.change = change
            self.reason = reason
            self.unknownFields = unknownFields
        }

        /// Decodes `{"field": …, "change": …, "reason": …}`; unknown change kinds and reasons are kept.
        public init(json: JSONValue) throws(AirbyteDecodingError) {
            var decoder = try ObjectDecoder(json)
            field = try decoder.decode("field")
            change = try decoder.decode("change")
            reason = try decoder.decode("reason")
            unknownFields = decoder.unknownFields
        }

        /// The change as JSON.
        public var json: JSONValue {
            var encoder = ObjectEncoder()
            encoder.encode("field", field)
            encoder.encode("change", change)
            encoder.encode("reason", reason)
            return encoder.finish(with: unknownFields)
        }

        /// What was done to a field.
        public struct Kind: ProtocolEnum {
            /// The value was replaced by `null`.
            public static let nulled: Self = "NULLED"
            /// The value was shortened.
            public static let truncated: Self = "TRUNCATED"

            /// The value as written on the wire.
            public let rawValue: String
            /// The value with this text, known or not.
            public init(rawValue: String) { self.rawValue = rawValue }
        }

        /// Why a field was changed.
        public struct Reason: ProtocolEnum {
            /// The record was too large for the source.
            public static let sourceRecordSizeLimitation: Self = "SOURCE_RECORD_SIZE_LIMITATION"
            /// The record was too large for the destination.
            public static let destinationRecordSizeLimitation: Self = "DESTINATION_RECORD_SIZE_LIMITATION"
            /// The record was too large for the platform.
            public static let platformRecordSizeLimitation: Self = "PLATFORM_RECORD_SIZE_LIMITATION"
            /// The field was too large for the source.
            public static let sourceFieldSizeLimitation: Self = "SOURCE_FIELD_SIZE_LIMITATION"
            /// The field was too large for the destination (a number out of range, for example).
            public static let destinationFieldSizeLimitation: Self = "DESTINATION_FIELD_SIZE_LIMITATION"
            /// The field was too large for the platform.
            public static let platformFieldSizeLimitation: Self = "PLATFORM_FIELD_SIZE_LIMITATION"
            /// The source could not read the field.
            public static let sourceSerializationError: Self = "SOURCE_SERIALIZATION_ERROR"
            /// The destination could not write the field (an invalid date, for example).
            public static let destinationSerializationError: Self = "DESTINATION_SERIALIZATION_ERROR"
            /// The platform could not carry the field.
            public static let platformSerializationError: Self = "PLATFORM_SERIALIZATION_ERROR"
            /// The source failed to produce the field.
            public static let sourceRetrievalError: Self = "SOURCE_RETRIEVAL_ERROR"
            /// The destination could not cast the field to its column type.
            public static let destinationTypecastError: Self = "DESTINATION_TYPECAST_ERROR"

            /// The value as written on the wire.
            public let rawValue: String
            /// The value with this text, known or not.
            public init(rawValue: String) { self.rawValue = rawValue }
        }
    }
}

extension AirbyteRecordMessage.Meta: JSONConvertible {}
extension AirbyteRecordMessage.Change: JSONConvertible {}
extension AirbyteRecordMessage.Change.Kind: JSONConvertible {}
extension AirbyteRecordMessage.Change.Reason: JSONConvertible {}
