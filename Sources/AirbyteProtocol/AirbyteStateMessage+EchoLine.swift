extension AirbyteStateMessage {
    /// The line a destination writes to acknowledge a STATE line: the input
    /// object byte for byte (whitespace, key order, numbers and unknown fields
    /// such as the platform's `id` untouched), with `"destinationStats":{"recordCount":N.0}`
    /// set inside its `state` object, followed by a newline.
    ///
    /// An existing `destinationStats` has its value replaced where it stands;
    /// otherwise the member is added after the last one of `state`. Whitespace
    /// and a line ending around the input object are not copied.
    ///
    /// ```swift
    /// // {"type": "STATE", "state": {"type": "LEGACY", "data": {}}, "id": 3}
    /// // → {"type": "STATE", "state": {"type": "LEGACY", "data": {},"destinationStats":{"recordCount":12.0}}, "id": 3}
    /// ```
    ///
    /// - Parameters:
    ///   - line: The STATE message's line as the source wrote it, without its line ending.
    ///   - recordCount: Records committed since the previous state (that
    ///     stream's for STREAM, all streams' for GLOBAL and LEGACY).
    /// - Throws: ``JSONParseError`` when the line is not valid JSON,
    ///   ``AirbyteDecodingError`` when it is not a STATE message with a `state` object.
    public static func echoLine(of line: some Collection<UInt8>, recordCount: Double) throws -> [UInt8] {
        var output: [UInt8] = []
        let result: Result<Void, any Error>? = line.withContiguousStorageIfAvailable { buffer in
            Result { try appendEchoLine(of: buffer, recordCount: recordCount, to: &output) }
        }
        if let result {
            try result.get()
        } else {
            try Array(line).withUnsafeBufferPointer { try appendEchoLine(of: $0, recordCount: recordCount, to: &output) }
        }
        return output
    }

    /// Appends the acknowledgement of the STATE line in `line` to `output`; see ``echoLine(of:recordCount:)``.
    public static func appendEchoLine(of line: UnsafeRawBufferPointer, recordCount: Double, to output: inout [UInt8]) throws {
        try appendEchoLine(of: line.assumingMemoryBound(to: UInt8.self), recordCount: recordCount, to: &output)
    }

    /// Appends the acknowledgement of the STATE line `line` (as a ``MessageReader``
    /// read it) to `output`; see ``echoLine(of:recordCount:)``.
    public static func appendEchoLine(of line: ScannedBytes, recordCount: Double, to output: inout [UInt8]) throws {
        try line.withUnsafeBytes { try appendEchoLine(of: $0, recordCount: recordCount, to: &output) }
    }

    static func appendEchoLine(of line: UnsafeBufferPointer<UInt8>, recordCount: Double, to output: inout [UInt8]) throws {
        // Strict validation first: an acknowledgement must be valid JSON, and the
        // platform matches it to the state it sent.
        let message = try JSONValue(parsing: line)
        guard case .object(let envelope) = message else { throw AirbyteDecodingError.wrongType(expected: "an object", found: message) }
        guard let type = envelope["type"] else { throw AirbyteDecodingError(.missing, at: "type") }
        guard type == "STATE" else {
            throw AirbyteDecodingError(.invalidValue("expected a STATE message, found \(type.shortDescription)"), at: "type")
        }
        guard let state = envelope["state"] else { throw AirbyteDecodingError(.missing, at: "state") }
        guard case .object = state else { throw AirbyteDecodingError.wrongType(expected: "an object", found: state) }

        var scanner = LineScanner(line)
        scanner.skipWhitespace()
        let objectStart = scanner.position
        var stateObject: Range<Int>?
        do {
            scanner.position += 1
            try scanner.scanMembers { (scanner, key) throws(ScanFailure) -> Bool in
                let valueStart = scanner.position
                try scanner.skipValue()
                if scanner.matches(key, "state") { stateObject = valueStart..<scanner.position }
                return true
            }
        } catch {
            preconditionFailure("a strictly parsed line failed the structural scan at \(error.offset): \(error.reason)")
        }
        let objectEnd = scanner.position
        guard let stateObject else { preconditionFailure("state member not found after parsing") }

        var statsRanges: [Range<Int>] = []
        var lastMemberEnd: Int?
        scanner.position = stateObject.lowerBound + 1
        do {
            try scanner.scanMembers { (scanner, key) throws(ScanFailure) -> Bool in
                let valueStart = scanner.position
                try scanner.skipValue()
                if scanner.matches(key, "destinationStats") { statsRanges.append(valueStart..<scanner.position) }
                lastMemberEnd = scanner.position
                return true
            }
        } catch {
            preconditionFailure("a strictly parsed state failed the structural scan at \(error.offset): \(error.reason)")
        }

        var stats: [UInt8] = []
        Stats(recordCount: recordCount).json.serialize(into: &stats)
        output.reserveCapacity(output.count + objectEnd - objectStart + stats.count + 24)
        var copied = objectStart
        func copy(upTo offset: Int) {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: line[copied..<offset]))
            copied = offset
        }
        if statsRanges.isEmpty {
            let insertion = lastMemberEnd ?? stateObject.lowerBound + 1
            copy(upTo: insertion)
            if lastMemberEnd != nil { output.append(ASCII.comma) }
            output.append(contentsOf: #""destinationStats":"#.utf8)
            output.append(contentsOf: stats)
        } else {
            for range in statsRanges {
                copy(upTo: range.lowerBound)
                output.append(contentsOf: stats)
                copied = range.upperBound
            }
        }
        copy(upTo: objectEnd)
        output.append(ASCII.lineFeed)
    }
}
