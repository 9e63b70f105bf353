internal import AirbyteProtocol
internal import DeclarativeManifest

/// `ZipfileDecoder`: the body is a zip archive; each member, in the archive's order, is parsed
/// with the inner decoder's parser (`JsonDecoder`, `JsonlDecoder`, `CsvDecoder`, `GzipDecoder`).
/// Not streamed: a paginator decodes the body too, as in the CDK.
struct ZipfileDecoder: ResponseDecoder {
    let parser: RawBodyParser
    var isStreamResponse: Bool { false }

    init(_ node: ComponentNode) throws(ManifestError) {
        guard let inner = try node.component("decoder") else {
            throw node.invalid("decoder", "ZipfileDecoder requires `decoder`")
        }
        parser = try RawBodyParser(inner)
    }

    func decode(_ response: HTTPResponse) throws -> [JSONValue] {
        let archive: ZipArchive
        do {
            archive = try ZipArchive(response.body)
        } catch {
            throw Self.invalidZip(error, response)
        }
        var records: [JSONValue] = []
        for member in archive.members {
            let content: [UInt8]
            do {
                content = try archive.read(member.name)
            } catch {
                throw Self.invalidZip(error, response)
            }
            do {
                records += try parser.parse(content)
            } catch {
                throw SourceFailure(
                    message: "Failed to parse file: \(member.name) from zip file.",
                    internalMessage: "Failed to parse file: \(member.name) from zip file: \(response.url): \(error)",
                    failureType: .systemError)
            }
        }
        return records
    }

    /// The CDK's error for a `BadZipFile`; what this reader does not implement says so.
    private static func invalidZip(_ error: ZipArchive.Failure, _ response: HTTPResponse) -> SourceFailure {
        switch error.code {
        case .badZipFile:
            return SourceFailure(
                message: "Received an invalid zip file in response.",
                internalMessage: "Received an invalid zip file in response to URL: \(response.url) (\(error)). "
                    + "The size of the response body is: \(response.body.count)",
                failureType: .systemError)
        case .unsupported:
            return SourceFailure(
                message: "The zip file in the response cannot be read: \(error)",
                internalMessage: "The zip file in response to URL: \(response.url) cannot be read: \(error)",
                failureType: .systemError)
        }
    }
}
