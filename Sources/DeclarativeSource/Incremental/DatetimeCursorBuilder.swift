internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `MinMaxDatetime`: a datetime template parsed with a format, clamped between optional
/// minimum and maximum templates.
struct MinMaxDatetime: Sendable {
    let datetime: InterpolatedString
    let datetimeFormat: String?
    let minimum: InterpolatedString?
    let maximum: InterpolatedString?

    init(_ value: JSONValue, parameters: JSONObject, path: String, context: BuildContext) throws(ManifestError) {
        switch value {
        case .object(let object):
            let node = ComponentNode(object, path: path)
            let params = node.parameters
            datetime = InterpolatedString(try node.string("datetime"), parameters: params, in: context.interpolation)
            datetimeFormat = try node.optionalString("datetime_format").flatMap { $0.isEmpty ? nil : $0 }
            minimum = try node.optionalString("min_datetime").flatMap {
                $0.isEmpty ? nil : InterpolatedString($0, parameters: params, in: context.interpolation)
            }
            maximum = try node.optionalString("max_datetime").flatMap {
                $0.isEmpty ? nil : InterpolatedString($0, parameters: params, in: context.interpolation)
            }
        case .string(let text):
            datetime = InterpolatedString(text, parameters: parameters, in: context.interpolation)
            datetimeFormat = nil
            minimum = nil
            maximum = nil
        default:
            throw ManifestError(.invalidComponent, at: path, "a datetime must be a string or a MinMaxDatetime")
        }
    }

    func resolve(_ config: JinjaValue, cursorFormat: String) throws -> PythonDatetime {
        let format = datetimeFormat ?? (cursorFormat.isEmpty ? "%Y-%m-%dT%H:%M:%S.%f%z" : cursorFormat)
        var time = try DatetimeParser.parse(try datetime.eval(config).description, format: format)
        if let minimum {
            let text = try minimum.eval(config).description
            if !text.isEmpty { time = max(time, try DatetimeParser.parse(text, format: format)) }
        }
        if let maximum {
            let text = try maximum.eval(config).description
            if !text.isEmpty { time = min(time, try DatetimeParser.parse(text, format: format)) }
        }
        return time
    }
}

/// Everything a `DatetimeBasedCursor` definition says, ready to build its runtime cursors
/// (`create_concurrent_cursor_from_datetime_based_cursor`).
struct DatetimeCursorBuilder: Sendable {
    let cursorField: String
    let datetimeFormat: String
    let converter: DatetimeStateConverter
    let sliceBoundaryFields: (String, String)
    let granularity: Gap?
    let lookback: Gap?
    let step: Gap?
    let start: MinMaxDatetime
    let end: MinMaxDatetime?
    let startTimeOption: RequestOption?
    let endTimeOption: RequestOption?
    let clamping: Clamping?
    let comparesStrictly: Bool
    let partitionFieldStart: InterpolatedString
    let partitionFieldEnd: InterpolatedString
    let config: JinjaValue
    let clock: JinjaClock

    init(_ node: ComponentNode, streamName: String, context: BuildContext) throws(ManifestError) {
        let parameters = node.parameters
        let interpolation = context.interpolation
        config = context.configValue
        clock = context.clock
        func evaluate(_ text: String) throws(ManifestError) -> String {
            do {
                return try InterpolatedString(text, parameters: parameters, in: interpolation).eval(context.configValue).description
            } catch {
                throw ManifestError(.invalidComponent, at: node.path, "\(error)")
            }
        }
        let allowsCatalogField = try node.bool("allow_catalog_defined_cursor_field", default: false)
        if let catalogField = try context.catalogCursorField(for: streamName, allowed: allowsCatalogField, at: node) {
            cursorField = catalogField
        } else {
            cursorField = try evaluate(try node.string("cursor_field"))
        }
        datetimeFormat = try node.string("datetime_format")
        let fieldStart = try node.optionalString("partition_field_start") ?? "start_time"
        let fieldEnd = try node.optionalString("partition_field_end") ?? "end_time"
        partitionFieldStart = InterpolatedString(fieldStart, parameters: parameters, in: interpolation)
        partitionFieldEnd = InterpolatedString(fieldEnd, parameters: parameters, in: interpolation)
        sliceBoundaryFields = (try evaluate(fieldStart), try evaluate(fieldEnd))
        func gap(_ field: String, evaluated: Bool) throws(ManifestError) -> Gap? {
            guard let text = try node.optionalString(field), !text.isEmpty else { return nil }
            let value = evaluated ? try evaluate(text) : text
            if value.isEmpty || value == "None" { return nil }
            do { return try Gap.parse(value) } catch {
                throw node.invalid(field, "`\(field)` is not an ISO 8601 duration: \(value)")
            }
        }
        granularity = try gap("cursor_granularity", evaluated: false)
        lookback = try gap("lookback_window", evaluated: true)
        step = try gap("step", evaluated: true)
        if (node.has("step") && !node.has("cursor_granularity")) || (!node.has("step") && node.has("cursor_granularity")) {
            throw node.invalid("step", "If step is defined, cursor_granularity should be as well and vice-versa.")
        }
        converter = DatetimeStateConverter(
            datetimeFormat: datetimeFormat,
            cursorDatetimeFormats: try node.stringList("cursor_datetime_formats") ?? [],
            granularity: granularity)
        guard let startValue = node["start_datetime"] else {
            throw node.invalid("start_datetime", "DatetimeBasedCursor requires `start_datetime`")
        }
        start = try MinMaxDatetime(startValue, parameters: parameters, path: node.fieldPath("start_datetime"), context: context)
        end = try node["end_datetime"].map { value throws(ManifestError) in
            try MinMaxDatetime(value, parameters: parameters, path: node.fieldPath("end_datetime"), context: context)
        }
        startTimeOption = try node.component("start_time_option").map { option throws(ManifestError) in
            try RequestOption(option, context: context, parameters: parameters)
        }
        endTimeOption = try node.component("end_time_option").map { option throws(ManifestError) in
            try RequestOption(option, context: context, parameters: parameters)
        }
        clamping = try node.component("clamping").map { clamping throws(ManifestError) in
            try Clamping(clamping, parameters: parameters, context: context)
        }
        comparesStrictly = try node.bool("is_compare_strictly", default: false)
    }

    func requestOptions() throws(ManifestError) -> DatetimeRequestOptionsProvider {
        DatetimeRequestOptionsProvider(
            startTimeOption: startTimeOption, endTimeOption: endTimeOption,
            partitionFieldStart: partitionFieldStart, partitionFieldEnd: partitionFieldEnd,
            config: config)
    }

    /// A cursor for a state (`runtime_lookback_window` moves a saved value back).
    func cursor(streamState: JSONObject, runtimeLookbackSeconds: Int) throws -> DatetimeCursor {
        var state = streamState
        if runtimeLookbackSeconds > 0, let value = state[cursorField] {
            let moved = try converter.parse(value).subtracting(PythonTimedelta(seconds: runtimeLookbackSeconds))
            state[cursorField] = .string(converter.output(moved))
        }
        let startDate = try start.resolve(config, cursorFormat: datetimeFormat)
        var endProvider: @Sendable () throws -> PythonDatetime
        if let end {
            let config = self.config
            let format = datetimeFormat
            endProvider = { try end.resolve(config, cursorFormat: format) }
        } else {
            let clock = self.clock
            endProvider = { try clock.nowUTC() }
        }
        if let clamping {
            // `ClampingEndProvider`: the windows end where the end's own period starts, less a granularity.
            let unclamped = endProvider
            let endGranularity = try clamping.endGranularity(cursorGranularity: granularity)
            endProvider = { try endGranularity.subtracted(from: try clamping.floor(try unclamped())) }
        }
        return try DatetimeCursor(
            cursorField: cursorField, converter: converter, sliceBoundaryFields: sliceBoundaryFields,
            start: startDate, endProvider: endProvider, lookback: lookback, step: step,
            granularity: granularity, clamping: clamping, comparesStrictly: comparesStrictly, streamState: state)
    }

    func perPartitionCursor(router: any PartitionRouter, streamState: JSONObject, useGlobal: Bool) throws -> PerPartitionCursor {
        let builder = self
        return try PerPartitionCursor(
            router: router, cursorField: cursorField, converter: converter, useGlobalCursor: useGlobal,
            streamState: streamState
        ) { state, lookback in
            try builder.cursor(streamState: state, runtimeLookbackSeconds: lookback)
        }
    }
}
