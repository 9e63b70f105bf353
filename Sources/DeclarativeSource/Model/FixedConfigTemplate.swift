internal import Jinja
internal import Synchronization

/// A manifest string evaluated against the connector's config, which a read never changes:
/// when the template reads nothing but the config (``InterpolatedString/readsOnlyConfig``,
/// as `url_base: "{{ config['base_url'] }}"` or an API token does), it is evaluated once and
/// its value kept, instead of once per request. One that also reads the stream slice (a
/// substream's `path: "/projects/{{ stream_partition.id }}/comments"`) is evaluated once per
/// slice (``eval(for:nextPageToken:)``). A failed evaluation is not kept.
struct FixedConfigTemplate: Sendable {
    let template: InterpolatedString
    let config: JinjaValue
    private let kept: Kept?

    private final class Kept: Sendable {
        let value = Mutex<JinjaValue?>(nil)
    }

    /// Stands for this template in a slice's memo, when the template reads only the config,
    /// its parameters and the slice.
    private let sliceMemo: SliceMemo?
    private final class SliceMemo: Sendable {}

    init(_ template: InterpolatedString, config: JinjaValue) {
        self.template = template
        self.config = config
        kept = template.readsOnlyConfig ? Kept() : nil
        sliceMemo = kept == nil && template.readsOnlyConfigAndSlice ? SliceMemo() : nil
    }

    /// The template's value for a request of `slice` (with the slice's interpolation context):
    /// evaluated once per slice, not once per page, when it reads only the config, its
    /// parameters and the slice. A slice with extra fields (top-level names that may shadow
    /// those) is evaluated each time.
    func eval(for slice: StreamSlice, nextPageToken: JinjaValue?) throws(TemplateError) -> JinjaValue {
        guard slice.extraFields.isEmpty else { return try eval(slice.interpolationContext(nextPageToken: nextPageToken)) }
        if kept != nil { return try eval() }
        guard let sliceMemo else { return try eval(slice.interpolationContext(nextPageToken: nextPageToken)) }
        return try slice.memoized(for: sliceMemo) { () throws(TemplateError) in
            try template.eval(config, slice.interpolationContext(nextPageToken: nextPageToken))
        }
    }

    /// Names that, passed in `variables`, change what the template sees or make it fail: a
    /// slice's extra field may carry one (`config` shadows the connector's config).
    private static let namesThatChangeTheResult = ["config", "stream_interval", "stream_partition"]

    /// The template's value with `variables` (which a kept value does not depend on, unless
    /// they name `config` or an alias of `stream_slice`: then it is evaluated as it is).
    func eval(_ variables: [String: JinjaValue] = [:]) throws(TemplateError) -> JinjaValue {
        guard let kept, !Self.namesThatChangeTheResult.contains(where: { variables[$0] != nil }) else {
            return try template.eval(config, variables)
        }
        if let value = kept.value.withLock({ $0 }) { return value }
        let value = try template.eval(config, variables)
        kept.value.withLock { $0 = value }
        return value
    }
}
