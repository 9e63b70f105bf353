internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// Builds runtime streams from the resolved manifest (the CDK's `ModelToComponentFactory`),
/// refusing anything it cannot run natively with the component's path.
struct StreamFactory: Sendable {
    let context: BuildContext

    /// `create_default_stream`.
    func makeStream(_ node: ComponentNode, useCache: Bool = false) throws(ManifestError) -> DeclarativeStream {
        if try node.requireType(["DeclarativeStream", "StateDelegatingStream"], role: "stream") == "StateDelegatingStream" {
            return try makeStateDelegatingStream(node, useCache: useCache)
        }
        let name = try node.optionalString("name") ?? ""
        let primaryKey = try primaryKeyOf(node)
        let retrieverNode = try node.requiredComponent("retriever")
        let retrieverType = try retrieverNode.requireType(["SimpleRetriever", "AsyncRetriever"], role: "retriever")
        if node.has("state_migrations"), let migrated = try migratedState(node, retriever: retrieverNode, name: name) {
            return try StreamFactory(context: context.with(state: migrated, for: name)).makeStream(node, useCache: useCache)
        }
        let fileUploader = try node.component("file_uploader").map { uploader throws(ManifestError) in
            try FileUploader(uploader, streamName: name, context: context)
        }

        let router = try makeRouter(retrieverNode, streamName: name)
        let streamState = context.stateManager.state(for: name)
        let incremental = try node.component("incremental_sync")

        var cursor: any StreamCursor = FinalStateCursor()
        var slicing: DeclarativeStream.Slicing = .router(router ?? SinglePartitionRouter())
        var sliceOptions: any RequestOptionsProvider = router ?? NoRequestOptions()
        var dataFeed = false
        var clientSide = false
        var splitter: CursorSliceSplitter?
        if let incremental,
            try incremental.requireType(["DatetimeBasedCursor", "IncrementingCountCursor"], role: "incremental sync")
                == "IncrementingCountCursor"
        {
            if router != nil {
                throw ManifestError(
                    .invalidComponent, at: incremental.path,
                    "The low-code framework does not currently support usage of a PartitionRouter and an IncrementingCountCursor at the "
                        + "same time. Please specify only one of these options for stream \(name).")
            }
            let count = try IncrementingCountCursor(incremental, streamName: name, streamState: streamState, context: context)
            cursor = count
            slicing = .incrementingCount(count)
            // The concurrent cursor's slice calls its bounds `start` and `end`.
            splitter = CursorSliceSplitter(cursorField: count.cursorFieldKey, values: .count, startField: "start", endField: "end")
            // The concurrent cursor's slice calls its lower bound `start`.
            sliceOptions = DatetimeRequestOptionsProvider(
                startTimeOption: try incremental.component("start_value_option").map { option throws(ManifestError) in
                    try RequestOption(option, context: context, parameters: incremental.parameters)
                },
                endTimeOption: nil,
                partitionFieldStart: InterpolatedString("start", parameters: JSONObject(), in: context.interpolation),
                partitionFieldEnd: InterpolatedString("end", parameters: JSONObject(), in: context.interpolation),
                config: context.configValue)
        } else if let incremental {
            let cursorBuilder = try DatetimeCursorBuilder(incremental, streamName: name, context: context)
            splitter = CursorSliceSplitter(
                cursorField: cursorBuilder.cursorField, values: .datetime(cursorBuilder.converter),
                startField: cursorBuilder.sliceBoundaryFields.0, endField: cursorBuilder.sliceBoundaryFields.1)
            dataFeed = try incremental.bool("is_data_feed", default: false)
            clientSide = try incremental.bool("is_client_side_incremental", default: false)
            let datetimeOptions = try cursorBuilder.requestOptions()
            if let router {
                let perPartition: PerPartitionCursor
                do {
                    perPartition = try cursorBuilder.perPartitionCursor(
                        router: router, streamState: streamState,
                        // Per-partition state makes no sense for grouped partitions: the CDK forces the global one.
                        useGlobal: router is GroupingPartitionRouter || (try incremental.bool("global_substream_cursor", default: false)))
                } catch let error as ManifestError {
                    throw error
                } catch {
                    throw ManifestError(.invalidComponent, at: incremental.path, "\(error)")
                }
                cursor = perPartition
                slicing = .perPartition(perPartition)
                sliceOptions = PerPartitionRequestOptionsProvider(router: router, cursor: datetimeOptions)
            } else {
                let datetime: DatetimeCursor
                do {
                    datetime = try cursorBuilder.cursor(streamState: streamState, runtimeLookbackSeconds: 0)
                } catch let error as ManifestError {
                    throw error
                } catch {
                    throw ManifestError(.invalidComponent, at: incremental.path, "\(error)")
                }
                cursor = datetime
                slicing = .cursor(datetime)
                sliceOptions = datetimeOptions
            }
        }

        var transformations: [any RecordTransformation] = []
        for transformation in try node.componentList("transformations") {
            transformations.append(try makeTransformation(transformation, context: context))
        }

        let retriever: DeclarativeStream.Retriever
        if retrieverType == "AsyncRetriever" {
            retriever = .async(
                try makeAsyncRetriever(
                    retrieverNode, name: name, cursor: cursor, transformations: transformations, clientSide: clientSide))
        } else {
            // The CDK hands the uploader to a simple retriever's record selector; an async
            // retriever's selector is built without it.
            retriever = .simple(
                try makeRetriever(
                    retrieverNode, name: name, cursor: cursor, sliceOptions: sliceOptions,
                    transformations: transformations, dataFeed: dataFeed, clientSide: clientSide,
                    useCache: useCache, splitter: splitter, fileUploader: fileUploader,
                    lazy: try readsLazily(retrieverNode, incremental: incremental, streamName: name, hasState: !streamState.isEmpty)))
        }
        let schema = try loadSchema(node, name: name)
        return DeclarativeStream(
            name: name, primaryKey: primaryKey, schemaSource: schema, retriever: retriever,
            cursor: cursor, slicing: slicing,
            cursorFieldFromCatalog: try incremental?.bool("allow_catalog_defined_cursor_field", default: false) ?? false,
            supportsFileTransfer: fileUploader != nil)
    }

    private func primaryKeyOf(_ node: ComponentNode) throws(ManifestError) -> [[String]] {
        switch node["primary_key"] {
        case nil: return []
        case .string(let key): return key.isEmpty ? [] : [[key]]
        case .array(let keys):
            if keys.isEmpty { return [] }
            if keys.allSatisfy({ $0.stringValue != nil }) { return keys.map { [$0.stringValue!] } }
            if keys.allSatisfy({ ($0.arrayValue?.count ?? 0) == 1 && $0.arrayValue![0].stringValue != nil }) {
                return keys.map { [$0.arrayValue![0].stringValue!] }
            }
            throw node.invalid("primary_key", "Nested primary keys are not supported. Found \(JSONValue.array(keys))")
        default:
            throw node.invalid("primary_key", "`primary_key` must be a string or a list")
        }
    }

    func makeRouter(_ retriever: ComponentNode, streamName: String) throws(ManifestError) -> (any PartitionRouter)? {
        guard let value = retriever["partition_router"] else { return nil }
        switch value {
        case .array(let elements):
            if elements.isEmpty { return nil }
            var routers: [any PartitionRouter] = []
            for node in try retriever.componentList("partition_router") {
                routers.append(try makeSingleRouter(node, streamName: streamName))
            }
            return CartesianProductRouter(routers: routers)
        case .object(let object) where object.isEmpty:
            return nil
        default:
            guard let node = try retriever.component("partition_router") else { return nil }
            return try makeSingleRouter(node, streamName: streamName)
        }
    }

    private func makeSingleRouter(_ node: ComponentNode, streamName: String) throws(ManifestError) -> any PartitionRouter {
        switch try node.requireType(
            ["ListPartitionRouter", "SubstreamPartitionRouter", "GroupingPartitionRouter", "UnionPartitionRouter"], role: "partition router"
        )
        {
        case "ListPartitionRouter":
            return try ListPartitionRouter(node, context: context)
        case "UnionPartitionRouter":
            return try makeUnionRouter(node, streamName: streamName)
        case "GroupingPartitionRouter":
            guard let groupSize = try node.optionalInt("group_size") else {
                throw node.invalid("group_size", "GroupingPartitionRouter requires `group_size`")
            }
            return try GroupingPartitionRouter(
                underlying: try makeSingleRouter(try node.requiredComponent("underlying_partition_router"), streamName: streamName),
                groupSize: groupSize, deduplicate: try node.bool("deduplicate", default: true), at: node)
        default:
            var parents: [SubstreamPartitionRouter.ParentConfig] = []
            let configs = try node.componentList("parent_stream_configs")
            if configs.isEmpty { throw node.invalid("parent_stream_configs", "SubstreamPartitionRouter needs at least 1 parent stream") }
            for config in configs {
                parents.append(try makeParentConfig(config, childName: streamName))
            }
            return SubstreamPartitionRouter(parents: parents, config: context.configValue)
        }
    }

    /// `create_union_partition_router`: the children are lists, substreams or unions.
    private func makeUnionRouter(_ node: ComponentNode, streamName: String) throws(ManifestError) -> UnionPartitionRouter {
        func evaluate(_ text: String, _ parameters: JSONObject, at owner: ComponentNode, _ field: String) throws(ManifestError) -> String {
            try context.evaluated(text, parameters: parameters, at: owner, field: field)
        }
        var routers: [any PartitionRouter] = []
        var childFields: [[String]] = []
        var childTypes: [String] = []
        for child in try node.componentList("partition_routers") {
            let type = try child.requireType(
                ["ListPartitionRouter", "SubstreamPartitionRouter", "UnionPartitionRouter"], role: "UnionPartitionRouter child")
            routers.append(try makeSingleRouter(child, streamName: streamName))
            childTypes.append(type)
            switch type {
            case "ListPartitionRouter":
                childFields.append([try evaluate(try child.string("cursor_field"), child.parameters, at: child, "cursor_field")])
            case "SubstreamPartitionRouter":
                childFields.append(
                    try child.componentList("parent_stream_configs").map { parent throws(ManifestError) in
                        let parameters = parent.parameters.isEmpty ? child.parameters : parent.parameters
                        return try evaluate(try parent.string("partition_field"), parameters, at: parent, "partition_field")
                    })
            default:
                childFields.append([try evaluate(try child.string("partition_field"), child.parameters, at: child, "partition_field")])
            }
        }
        return try UnionPartitionRouter(
            routers: routers,
            partitionField: try evaluate(try node.string("partition_field"), node.parameters, at: node, "partition_field"),
            childFields: childFields, childTypes: childTypes, streamName: streamName, at: node)
    }

    /// `create_parent_stream_config_with_substream_wrapper`: the parent gets its own state
    /// (from the child's `parent_state` when `incremental_dependency` is set).
    private func makeParentConfig(_ node: ComponentNode, childName: String) throws(ManifestError) -> SubstreamPartitionRouter.ParentConfig {
        let streamNode = try node.requiredComponent("stream")
        let incrementalDependency = try node.bool("incremental_dependency", default: false)
        var childState = context.stateManager.state(for: childName)
        childState["__ab_no_cursor_state_message"] = nil
        var parentManager = ConnectorStateManager()
        let parentName = try streamNode.optionalString("name") ?? ""
        if incrementalDependency && !childState.isEmpty {
            if case .object(let parentStates)? = childState["parent_state"], case .object(let state)? = parentStates[parentName] {
                parentManager.set(state, for: parentName)
            } else if case .object(let global)? = childState["state"] {
                parentManager.set(global, for: parentName)
            } else if childState["parent_state"] == nil, childState.count == 1,
                // Only a scalar legacy cursor value seeds the parent (CDK 7.3x): not a sentinel
                // such as `__ab_full_refresh_sync_complete`, nor legacy per-partition `states`.
                childState[0].value.isTextOrNumber,
                // A delegating parent's cursor is its incremental stream's (the child has state).
                let incremental = try
                    (streamNode.type == "StateDelegatingStream"
                    ? streamNode.requiredComponent("incremental_stream") : streamNode).component("incremental_sync")
            {
                let field = try InterpolatedString(
                    incremental.string("cursor_field"), parameters: incremental.parameters, in: context.interpolation)
                let name = (try? field.eval(context.configValue).description) ?? ""
                parentManager.set(JSONObject([(name, childState[0].value)]), for: parentName)
            }
        }
        let parentFactory = StreamFactory(context: context.with(stateManager: parentManager))
        let stream = try parentFactory.makeStream(streamNode, useCache: true)
        let interpolation = context.interpolation
        let parameters = node.parameters
        var extraFields: [[InterpolatedString]] = []
        if case .array(let paths)? = node["extra_fields"] {
            for path in paths {
                extraFields.append(
                    (path.arrayValue ?? []).map { InterpolatedString($0.pathText, parameters: parameters, in: interpolation) })
            }
        }
        let lazyPointer = try node.stringList("lazy_read_pointer") ?? []
        if lazyPointer.contains(where: { $0.contains("*") }) {
            throw node.invalid(
                "lazy_read_pointer", "The '*' wildcard in 'lazy_read_pointer' is not supported — only direct paths are allowed.")
        }
        var config = SubstreamPartitionRouter.ParentConfig(
            stream: stream,
            parentKey: InterpolatedString(try node.string("parent_key"), parameters: parameters, in: interpolation),
            partitionField: InterpolatedString(try node.string("partition_field"), parameters: parameters, in: interpolation),
            requestOption: try node.component("request_option").map { option throws(ManifestError) in
                try RequestOption(option, context: context)
            },
            incrementalDependency: incrementalDependency,
            extraFields: extraFields)
        config.lazyReadPointer = lazyPointer.map { InterpolatedString($0, parameters: parameters, in: interpolation) }
        return config
    }

    func makeRetriever(
        _ node: ComponentNode, name: String, cursor: any StreamCursor,
        sliceOptions: any RequestOptionsProvider, transformations: [any RecordTransformation],
        dataFeed: Bool, clientSide: Bool, useCache: Bool, splitter: CursorSliceSplitter? = nil, fileUploader: FileUploader? = nil,
        lazy: Bool = false
    ) throws(ManifestError) -> SimpleRetriever {
        var paginationReset: PaginationReset?
        if let resetNode = try node.component("pagination_reset") {
            _ = try resetNode.requireType(["PaginationReset"], role: "pagination reset")
            let action = try resetNode.string("action")
            switch action {
            case "RESET": break
            case "SPLIT_USING_CURSOR": break
            default: throw resetNode.invalid("action", "Unknown PaginationReset action: \(action)")
            }
            if !lazy, resetNode.has("limits"), try node.component("record_selector")?.has("record_filter") == true {
                throw resetNode.invalid("limits", "PaginationResetLimits are not supported while having record filter.")
            }
            let limit = try resetNode.component("limits")?.optionalInt("number_of_records")
            paginationReset = PaginationReset(splitter: action == "SPLIT_USING_CURSOR" ? splitter : nil, recordLimit: limit)
        }
        let decoder = try makeDecoder(try node.component("decoder"))
        let selectorNode = try node.requiredComponent("record_selector")
        let extractorNode = try selectorNode.requiredComponent("extractor")
        let selector = try makeRecordSelector(
            selectorNode, decoder: decoder, cursor: cursor, transformations: transformations,
            dataFeed: dataFeed, clientSide: clientSide)
        let requesterNode = try node.requiredComponent("requester")
        let requester = try HttpRequester(requesterNode, name: name, useCache: useCache, readsPages: true, context: context)
        let queryProperties = try makeQueryProperties(requesterNode, streamName: name)
        let pageSizeReduction = try makePageSizeReduction(
            node, requesterNode: requesterNode, name: name, lazy: lazy, fileUploader: fileUploader,
            hasQueryProperties: queryProperties != nil)
        var paginator: any Paginator = NoPagination()
        if let paginatorNode = try node.component("paginator") {
            paginator = try makePaginator(
                paginatorNode, extractorNode: extractorNode, decoder: decoder,
                stopCursor: dataFeed ? cursor : nil)
        }
        let postFilter: (@Sendable (JSONValue, StreamSlice) -> Bool)? =
            dataFeed ? { @Sendable [cursor] record, slice in cursor.shouldBeSynced(record, slice: slice) } : nil
        return SimpleRetriever(
            streamName: name, requester: requester, selector: selector, paginator: paginator, sliceOptions: sliceOptions,
            ignoreSlicerOptionsOnPaginatedRequests: try node.bool("ignore_stream_slicer_parameters_on_paginated_requests", default: false),
            postPaginationFilter: postFilter,
            rawPath: fileUploader == nil
                ? RawRecordPath(selector: selector, paginator: paginator, hasPostPaginationFilter: postFilter != nil, cursor: cursor)
                : nil,
            queryProperties: queryProperties, paginationReset: paginationReset,
            readsFirstPageFromParent: lazy, fileUploader: fileUploader, pageSizeReduction: pageSizeReduction)
    }

    /// `page_size_reduction`, validated as `create_simple_retriever` does: the page must be one
    /// the paginator can ask for again, smaller (a `DefaultPaginator` sending a `page_size` of a
    /// `CursorPagination` or `OffsetIncrement` through its `page_size_option`), with no records of
    /// it handed on before (no query properties, no file uploader, no lazy parent read); the
    /// `REDUCE_PAGE_SIZE` action needs it.
    private func makePageSizeReduction(
        _ node: ComponentNode, requesterNode: ComponentNode, name: String, lazy: Bool, fileUploader: FileUploader?,
        hasQueryProperties: Bool
    ) throws(ManifestError) -> PageSizeReduction? {
        let hasAction = HttpRequester.responseActions(requesterNode["error_handler"]).contains("REDUCE_PAGE_SIZE")
        guard let reductionNode = try node.component("page_size_reduction") else {
            if hasAction {
                throw requesterNode.invalid(
                    "error_handler",
                    "Stream \(name) has a response filter with the REDUCE_PAGE_SIZE action but the retriever does not define "
                        + "`page_size_reduction`. Add a `page_size_reduction` block to the retriever.")
            }
            return nil
        }
        let reduction = try PageSizeReduction(reductionNode)
        func refuse(_ reason: String) -> ManifestError {
            reductionNode.invalid("type", "Stream \(name) cannot reduce its page size: \(reason)")
        }
        if lazy { throw refuse("its parent's records hold its first page (`lazy_read_pointer`), which cannot be asked for again") }
        if fileUploader != nil { throw refuse("a file uploader has already fetched the files of a page's records") }
        if hasQueryProperties { throw refuse("with query properties a page's chunks are read and merged before the page is complete") }
        guard let paginatorNode = try node.component("paginator"), paginatorNode.type == "DefaultPaginator" else {
            throw refuse("page_size_reduction requires a DefaultPaginator")
        }
        guard paginatorNode.has("page_size_option") else {
            throw refuse("the paginator has no `page_size_option` to send a smaller page size with")
        }
        if try paginatorNode.component("page_token_option")?.type == "RequestPath" {
            throw refuse("a RequestPath page token is a URL the API built, which already carries the page size")
        }
        let strategy = try paginatorNode.requiredComponent("pagination_strategy")
        guard ["CursorPagination", "OffsetIncrement"].contains(strategy.type ?? "") else {
            throw refuse(
                "\(strategy.type ?? "this pagination strategy") cannot take a smaller page size: use CursorPagination or "
                    + "OffsetIncrement (with PageIncrement a smaller page moves every later page's boundary)")
        }
        guard strategy.has("page_size") else { throw refuse("the pagination strategy declares no `page_size`") }
        if case let pageSize?? = try? evaluatePageSize(strategy, context: context), pageSize <= reduction.minimumPageSize {
            throw refuse("its page size \(pageSize) is not greater than minimum_page_size \(reduction.minimumPageSize)")
        }
        if !hasAction {
            context.events.log(
                .warning,
                "Stream \(name) defines `page_size_reduction` but no response filter of its requester uses the REDUCE_PAGE_SIZE "
                    + "action, so the page size is never reduced.")
        }
        return reduction
    }

    /// Whether the stream is read with the CDK's `LazySimpleRetriever`: a substream whose parent
    /// records hold the first page of children (`lazy_read_pointer`), read without incoming state.
    private func readsLazily(
        _ retriever: ComponentNode, incremental: ComponentNode?, streamName: String, hasState: Bool
    ) throws(ManifestError) -> Bool {
        guard !hasState, case .object(let router)? = retriever["partition_router"],
            router["type"]?.stringValue == "SubstreamPartitionRouter",
            (router["parent_stream_configs"]?.arrayValue ?? []).contains(where: { !($0["lazy_read_pointer"]?.arrayValue ?? []).isEmpty })
        else { return false }
        if let incremental {
            if incremental.type != "DatetimeBasedCursor" {
                throw incremental.invalid(
                    "type", "LazySimpleRetriever only supports DatetimeBasedCursor. Found: \(incremental.type ?? "None").")
            }
            if incremental.has("step") || incremental.has("cursor_granularity") {
                throw incremental.invalid(
                    "step",
                    "Found more that one slice per parent. LazySimpleRetriever only supports single slice read for stream - \(streamName).")
            }
        }
        if let decoder = try retriever.component("decoder"), decoder.type != "JsonDecoder" {
            throw decoder.invalid("type", "LazySimpleRetriever only supports JsonDecoder. Found: \(decoder.type ?? "None").")
        }
        return true
    }

    /// `create_record_selector`: the extractor, the filter (with the cursor's when the
    /// incremental sync is client-side), the stream's transformations and normalization.
    func makeRecordSelector(
        _ selectorNode: ComponentNode, decoder: any ResponseDecoder, cursor: any StreamCursor,
        transformations: [any RecordTransformation], dataFeed: Bool, clientSide: Bool
    ) throws(ManifestError) -> RecordSelector {
        _ = try selectorNode.requireType(["RecordSelector"], role: "record selector")
        let extractorNode = try selectorNode.requiredComponent("extractor")
        let extractor = try RecordExtractor(extractorNode, decoder: decoder, context: context)
        var filter: RecordFilter?
        if let filterNode = try selectorNode.component("record_filter") {
            _ = try filterNode.requireType(["RecordFilter"], role: "record filter")
            let condition = try filterNode.optionalString("condition") ?? ""
            filter = RecordFilter(
                condition: InterpolatedBoolean(condition, parameters: filterNode.parameters, in: context.interpolation),
                config: context.configValue)
        }
        let clientSideFilter: (@Sendable (JSONValue, StreamSlice) -> Bool)? =
            (clientSide && !dataFeed) ? { @Sendable [cursor] record, slice in cursor.shouldBeSynced(record, slice: slice) } : nil
        let transformBeforeFiltering = try selectorNode.bool("transform_before_filtering", default: clientSide)
        var normalizer: SchemaNormalizer?
        switch selectorNode["schema_normalization"] {
        case nil, .string("None")?: normalizer = nil
        case .string("Default")?: normalizer = SchemaNormalizer()
        case .object?:
            let custom = try selectorNode.requiredComponent("schema_normalization")
            _ = try custom.requireType([], role: "schema normalization")
        default: throw selectorNode.invalid("schema_normalization", "schema_normalization must be None or Default")
        }
        return RecordSelector(
            extractor: extractor, filter: filter, transformations: transformations,
            transformBeforeFiltering: transformBeforeFiltering, normalizer: normalizer,
            clientSideFilter: clientSideFilter, config: context.configValue)
    }

    func makePaginator(
        _ node: ComponentNode, extractorNode: ComponentNode, decoder: any ResponseDecoder,
        stopCursor: (any StreamCursor)?
    ) throws(ManifestError) -> any Paginator {
        switch try node.requireType(["DefaultPaginator", "NoPagination"], role: "paginator") {
        case "NoPagination": return NoPagination()
        default: break
        }
        let strategyNode = try node.requiredComponent("pagination_strategy")
        let extractor = try RecordExtractor(extractorNode, decoder: decoder, context: context)
        var strategy: any PaginationStrategy
        switch try strategyNode.requireType(["CursorPagination", "PageIncrement", "OffsetIncrement"], role: "pagination strategy") {
        case "CursorPagination": strategy = try CursorPaginationStrategy(strategyNode, decoder: decoder, context: context)
        case "PageIncrement": strategy = try PageIncrementStrategy(strategyNode, extractor: extractor, context: context)
        default:
            // `_reject_union_combined_extractor_for_offset_increment`: a union's count is a sum.
            if extractor.containsUnion {
                throw strategyNode.invalid(
                    "type",
                    "CombinedExtractor mode \"union\" is not supported with an OffsetIncrement paginator: the offset would advance "
                        + "by the sum of the sub-extractors' records and skip records. Use first_match, CursorPagination or PageIncrement.")
            }
            strategy = try OffsetIncrementStrategy(strategyNode, extractor: extractor, decoder: decoder, context: context)
        }
        if let stopCursor {
            strategy = CursorStopConditionStrategy(delegate: strategy) { [stopCursor] record in
                stopCursor.shouldBeSynced(record, slice: .empty)
            }
        }
        var tokenOption: DefaultPaginator.TokenOption?
        if let option = try node.component("page_token_option") {
            switch try option.requireType(["RequestOption", "RequestPath"], role: "page token option") {
            case "RequestPath": tokenOption = .path
            default: tokenOption = .option(try RequestOption(option, context: context))
            }
        }
        let sizeOption = try node.component("page_size_option").map { option throws(ManifestError) in
            try RequestOption(option, context: context)
        }
        if sizeOption != nil, (try? strategy.pageSize) == nil {
            throw node.invalid("page_size_option", "page_size_option cannot be set if the pagination strategy does not have a page_size")
        }
        return DefaultPaginator(strategy: strategy, pageTokenOption: tokenOption, pageSizeOption: sizeOption, config: context.configValue)
    }

    private func loadSchema(_ node: ComponentNode, name: String) throws(ManifestError) -> DeclarativeStream.SchemaSource {
        if case .array = node["schema_loader"] {
            // A list is the CDK's `CompositeSchemaLoader`: the loaders' properties merged.
            return .composite(
                try node.componentList("schema_loader").map { loader throws(ManifestError) in
                    try schemaSource(of: loader, streamName: name)
                })
        }
        guard let loader = try node.component("schema_loader") else { return .fixed(JSONObject()) }
        return try schemaSource(of: loader, streamName: name)
    }

    private func schemaSource(of loader: ComponentNode, streamName name: String) throws(ManifestError) -> DeclarativeStream.SchemaSource {
        switch try loader.requireType(["InlineSchemaLoader", "JsonFileSchemaLoader", "DynamicSchemaLoader"], role: "schema loader") {
        case "InlineSchemaLoader":
            return .fixed(loader["schema"]?.objectValue ?? JSONObject())
        case "DynamicSchemaLoader":
            return .dynamic(try makeDynamicSchemaLoader(loader))
        default:
            if case .object(let schemas)? = context.manifest.root["schemas"], case .object(let schema)? = schemas[name] {
                return .fixed(schema)
            }
            return .fixed(JSONObject())
        }
    }

    /// `create_dynamic_schema_loader`: its retriever reads one slice-less page, cached, as
    /// the stream `dynamic_properties`.
    private func makeDynamicSchemaLoader(_ node: ComponentNode) throws(ManifestError) -> DynamicSchemaLoader {
        let retrieverNode = try node.requiredComponent("retriever")
        _ = try retrieverNode.requireType(["SimpleRetriever"], role: "retriever")
        // The CDK reads the schema with an empty slice, whatever the router: build it only to
        // refuse what cannot run.
        _ = try makeRouter(retrieverNode, streamName: "dynamic_properties")
        let retriever = try makeRetriever(
            retrieverNode, name: "dynamic_properties", cursor: FinalStateCursor(), sliceOptions: NoRequestOptions(),
            transformations: [], dataFeed: false, clientSide: false, useCache: true)
        return try DynamicSchemaLoader(node, retriever: retriever, context: context)
    }
}

extension JSONValue {
    /// Python's `isinstance(value, (str, int, float)) and not isinstance(value, bool)`.
    fileprivate var isTextOrNumber: Bool {
        switch self {
        case .string, .number: true
        default: false
        }
    }
}
