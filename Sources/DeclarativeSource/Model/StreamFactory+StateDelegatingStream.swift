internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

extension StreamFactory {
    /// `create_state_delegating_stream`: the `full_refresh_stream` when the stream has no
    /// incoming state, else the `incremental_stream`, unless `api_retention_period` is set and
    /// the state's cursor is older than now minus that period (or unreadable): then the state
    /// is dropped (the stream's first STATE is `{}`) and the full refresh stream is read.
    ///
    /// As in the CDK, the age is checked only for a stream the catalog selects (or when there is
    /// no catalog, as for parent streams), first with the full refresh stream's cursor (a
    /// completed full refresh counts as now), then with the incremental stream's.
    func makeStateDelegatingStream(_ node: ComponentNode, useCache: Bool) throws(ManifestError) -> DeclarativeStream {
        let name = try node.optionalString("name") ?? ""
        let full = try node.requiredComponent("full_refresh_stream")
        let incremental = try node.requiredComponent("incremental_stream")
        let fullName = try full.optionalString("name") ?? ""
        let incrementalName = try incremental.optionalString("name") ?? ""
        guard fullName == name, name == incrementalName else {
            throw node.invalid(
                "name",
                "state_delegating_stream, full_refresh_stream name and incremental_stream must have equal names. "
                    + "Instead has \(name), \(fullName) and \(incrementalName).")
        }
        let retention = try retentionPeriod(node)
        if retention != nil {
            for stream in [full, incremental] where try stream.component("incremental_sync")?.type == "IncrementingCountCursor" {
                throw node.invalid(
                    "api_retention_period",
                    "Stream '\(name)' uses IncrementingCountCursor which is not supported with api_retention_period. "
                        + "IncrementingCountCursor does not use datetime-based cursors, so cursor age validation cannot be performed.")
            }
        }
        func build(_ stream: ComponentNode, _ factory: StreamFactory) throws(ManifestError) -> DeclarativeStream {
            try factory.makeStream(stream, useCache: useCache && stream["retriever"]?["requester"]?["use_cache"] != .bool(false))
        }
        let state = context.stateManager.state(for: name)
        if context.buildsEveryBranch { _ = try build(incremental, self) }
        if state.isEmpty { return try build(full, self) }
        let incrementalStream = try build(incremental, self)
        guard let retention, context.configuredStreams?.contains(name) ?? true else { return incrementalStream }
        let fullStream = try build(full, self)
        let now: PythonDatetime
        let cutoff: PythonDatetime
        do {
            now = try context.clock.nowUTC()
            cutoff = try retention.gap.subtracted(from: now)
        } catch {
            throw node.invalid("api_retention_period", "\(error)")
        }
        let cursorTime =
            fullStream.cursor.cursorDatetime(fromState: state, now: now)
            ?? incrementalStream.cursor.cursorDatetime(fromState: state, now: now)
        if let cursorTime, !(cursorTime < cutoff) { return incrementalStream }
        if cursorTime != nil {
            let cutoffText = (try? cutoff.isoformat()) ?? "\(cutoff)"
            context.events.log(
                .warning,
                "Stream '\(name)' has a cursor value older than the API's retention period of \(retention.text) "
                    + "(cutoff: \(cutoffText)). Falling back to full refresh to avoid data loss.")
        }
        var manager = context.stateManager
        manager.set(JSONObject(), for: name)
        return try build(full, StreamFactory(context: context.with(stateManager: manager))).resettingState()
    }

    /// `api_retention_period` evaluated with the config; `nil` when unset or empty.
    private func retentionPeriod(_ node: ComponentNode) throws(ManifestError) -> (text: String, gap: Gap)? {
        guard let template = try node.optionalString("api_retention_period"), !template.isEmpty else { return nil }
        let text: String
        do {
            let value = try InterpolatedString(template, parameters: node.parameters, in: context.interpolation).eval(context.configValue)
            guard value.isTruthy else { return nil }
            text = value.description
        } catch {
            throw node.invalid("api_retention_period", "\(error)")
        }
        do {
            return (text, try Gap.parse(text))
        } catch {
            throw node.invalid("api_retention_period", "`api_retention_period` is not an ISO 8601 duration: \(text)")
        }
    }
}
