public import AirbyteProtocol
internal import Foundation

/// A manifest as the Python CDK sees it after `ConcurrentDeclarativeSource._pre_process_manifest`:
/// `type: DeclarativeSource` at the root, every reference resolved, every component typed and
/// every `$parameters` propagated.
///
/// ```swift
/// let manifest = try ResolvedManifest(yaml: String(contentsOfFile: "manifest.yaml"))
/// manifest.root["streams"]   // fully resolved stream definitions
/// ```
public struct ResolvedManifest: Sendable {
    /// The manifest as written (YAML or the `__injected_declarative_manifest` JSON).
    public let original: JSONObject
    /// The resolved, typed, parameter-propagated manifest.
    public let root: JSONObject

    /// Resolves a manifest given as a JSON object.
    public init(_ manifest: JSONObject) throws(ManifestError) {
        original = manifest
        var fixed = manifest
        if fixed["type"] == nil { fixed["type"] = "DeclarativeSource" }
        let resolved = try ManifestReferenceResolver().preprocess(fixed)
        root = ManifestComponentTransformer().propagate("", resolved, parentParameters: JSONObject())
    }

    /// Parses YAML text (PyYAML's rules) and resolves it.
    public init(yaml: String) throws(ManifestError) {
        try self.init(ManifestYAML.load(yaml))
    }

    /// Reads and resolves the manifest file at `path`.
    public init(contentsOfFile path: String) throws(ManifestError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ManifestError(
                .invalidYAML, at: "", "Failed to load manifest file from \(path): \(error.localizedDescription)", underlying: error)
        }
        try self.init(yaml: text)
    }

    /// The manifest's `version` field (the CDK version it was written for).
    public var version: String? { root["version"]?.stringValue }
}
