internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

/// `DefaultFileUploader` (a stream's `file_uploader`): for each record, the file its download
/// target names is fetched and written under the files directory, and the record's message
/// carries a `file_reference` to it.
///
/// As the CDK: the target is the first value `download_target_extractor` finds in the record
/// (which must be a string); it is sent with the uploader's requester as the slice's extra
/// field `download_target`; the response's whole body is the file (the schema's
/// `file_extractor` is not used by the CDK either); the file is named by `filename_extractor`
/// (with `config` and `record`) or a random UUID, below a folder named for the stream.
struct FileUploader: Sendable {
    let streamName: String
    let requester: HttpRequester
    let downloadTargetExtractor: RecordExtractor
    let filename: InterpolatedString?
    let config: JinjaValue
    /// The source's `filesDirectory` option, or the CDK's `get_files_directory()`:
    /// `$AIRBYTE_STAGING_DIRECTORY` (default `/staging/files`) when it exists, else
    /// `/tmp/airbyte-file-transfer`.
    let filesDirectory: String

    init(_ node: ComponentNode, streamName: String, context: BuildContext) throws(ManifestError) {
        _ = try node.requireType(["FileUploader"], role: "file uploader")
        self.streamName = streamName
        requester = try HttpRequester(try node.requiredComponent("requester"), name: "File Uploader", useCache: false, context: context)
        downloadTargetExtractor = try RecordExtractor(
            try node.requiredComponent("download_target_extractor"), decoder: JSONResponseDecoder(), context: context)
        filename = try node.optionalString("filename_extractor").flatMap { text in
            text.isEmpty ? nil : InterpolatedString(text, parameters: node.parameters, in: context.interpolation)
        }
        config = context.configValue
        filesDirectory = context.filesDirectory ?? Self.filesDirectory(environment: ProcessInfo.processInfo.environment)
    }

    static func filesDirectory(environment: [String: String]) -> String {
        let staging = environment["AIRBYTE_STAGING_DIRECTORY"] ?? "/staging/files"
        return FileManager.default.fileExists(atPath: staging) ? staging : "/tmp/airbyte-file-transfer"
    }

    /// `upload`: fetches and writes `record`'s file; the reference its message carries.
    func upload(_ record: JSONValue) async throws -> JSONObject {
        let asResponse = HTTPResponse(status: 200, headers: [], body: Array(record.jsonText.utf8), url: "")
        guard let target = try downloadTargetExtractor.extract(asResponse).first else {
            throw SourceFailure.system("ValueError: No download targets found")
        }
        guard case .string = target else {
            throw SourceFailure.system(
                "ValueError: download_target is expected to be a str but was <class '\(JinjaValue(target).typeName)'>: \(JinjaValue(target))"
            )
        }
        let slice = StreamSlice(extraFields: ["download_target": target])
        let request = try await requester.prepare(slice: slice, nextPageToken: nil, path: nil)
        let response = try await requester.client.send(request)

        var name = UUID().uuidString.lowercased()
        if let filename {
            let value = try filename.eval(config, ["record": JinjaValue(record)])
            // The CDK strips the name's leading slashes with `str.lstrip`, which only a `str` has.
            guard let text = value.stringValue else {
                throw SourceFailure.system("AttributeError: '\(value.typeName)' object has no attribute 'lstrip'")
            }
            name = text
        }
        while name.hasPrefix("/") { name.removeFirst() }
        let relativePath = Self.pythonPath(streamName + "/" + name)
        let fullPath = Self.pythonPath(filesDirectory + "/" + relativePath)
        let file = URL(fileURLWithPath: fullPath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(response.body).write(to: file)
        // `LocalFileSystemFileWriter` returns the written file's size: the body's.
        let size = response.body.count
        return [
            "staging_file_url": .string(fullPath),
            "source_file_relative_path": .string(relativePath),
            "file_size_bytes": .number(String(size)),
        ]
    }

    /// `str(PurePosixPath(text))`: empty and `.` parts dropped, a leading `/` kept, `.` for nothing.
    static func pythonPath(_ text: String) -> String {
        let parts = text.split(separator: "/").filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        if text.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
