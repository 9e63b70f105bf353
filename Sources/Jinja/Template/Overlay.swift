/// `config`, `parameters` and the aliases of `stream_slice`, which the CDK's
/// interpolation adds to the caller's variables: kept beside them instead of copying
/// the caller's dictionary on every evaluation.
struct Overlay: Sendable {
    var config: JinjaValue?
    var parameters: JinjaValue?
    /// Seen as `stream_interval` and `stream_partition`.
    var streamSlice: JinjaValue?

    subscript(name: String) -> JinjaValue? {
        switch name {
        case "config": return config
        case "parameters": return parameters
        case "stream_interval", "stream_partition": return streamSlice
        default: return nil
        }
    }
}
