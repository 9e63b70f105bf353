import AirbyteProtocol
import DuckDB
import Foundation
import Testing

/// Basic normalization (`basic_normalization: true`) through the built executable.
@Suite struct NormalizationTests {
    /// The guide's example: customers with a `contact` object and `addresses`.
    static let customers: JSONObject = [
        "id": ["type": "integer"],
        "name": ["type": "string"],
        "updated": ["type": "integer"],
        "contact": ["type": "object", "properties": ["email": ["type": "string"], "phone": ["type": ["null", "string"]]]],
        "addresses": [
            "type": "array",
            "items": [
                "type": "object",
                "properties": [
                    "street": ["type": "string"], "city": ["type": "string"],
                ],
            ],
        ],
        "_ab_cdc_deleted_at": ["type": ["null", "string"]],
    ]

    func harness() throws -> DestinationHarness {
        let harness = try DestinationHarness()
        harness.config = ["basic_normalization": true]
        return harness
    }

    func catalog(
        _ mode: DestinationSyncMode = .append, properties: JSONObject = Self.customers, generation: Int64? = nil,
        minimum: Int64? = nil
    ) -> ConfiguredAirbyteCatalog {
        ConfiguredAirbyteCatalog(streams: [
            DestinationHarness.stream(
                "customers", properties: properties, mode: mode, primaryKey: mode == .appendDedup ? [["id"]] : nil,
                cursor: mode == .appendDedup ? ["updated"] : nil, generation: generation, minimumGeneration: minimum)
        ])
    }

    static func customer(_ id: Int, _ name: String, updated: Int = 1, cities: [String]) -> String {
        let addresses = cities.enumerated().map { #"{"street": "\#($0.offset + 1) Main St", "city": "\#($0.element)"}"# }
        return
            #"{"id": \#(id), "name": "\#(name)", "updated": \#(updated), "contact": {"email": "\#(name.lowercased())@example.com", "phone": null}, "addresses": [\#(addresses.joined(separator: ", "))]}"#
    }

    /// `id name: city, city` per customer, the cities joined from the child table by hash.
    func family(_ harness: DestinationHarness) throws -> [String] {
        try harness.rows(
            """
            SELECT c.id, c.name, string_agg(a.city, ', ' ORDER BY a.street)
            FROM customers c LEFT JOIN customers_addresses a USING (_airbyte_customers_hashid)
            GROUP BY ALL ORDER BY c.id, c.name
            """
        ).map { "\($0[0].int64!) \($0[1].string ?? ""): \($0[2].string ?? "")" }
    }

    func columns(_ harness: DestinationHarness, _ table: String) throws -> [String] {
        try harness.rows("SELECT column_name || ' ' || data_type FROM duckdb_columns() WHERE table_name = '\(table)' ORDER BY column_index")
            .map { $0[0].string! }
    }

    @Test func theGuidesExampleFlattensContactAndMakesAnAddressesTable() throws {
        let harness = try harness()
        try harness.sync(
            catalog(), [(0, Self.customer(1, "Ada", cities: ["London", "Paris"])), (0, Self.customer(2, "Grace", cities: []))])
        #expect(
            try columns(harness, "customers") == [
                "_airbyte_raw_id UUID", "_airbyte_extracted_at TIMESTAMP WITH TIME ZONE", "_airbyte_meta JSON",
                "_airbyte_generation_id BIGINT",
                "_airbyte_customers_hashid VARCHAR", "_airbyte_normalized_at TIMESTAMP WITH TIME ZONE",
                "id BIGINT", "name VARCHAR", "updated BIGINT", "contact_email VARCHAR", "contact_phone VARCHAR",
                "_ab_cdc_deleted_at VARCHAR",
            ])
        #expect(
            try columns(harness, "customers_addresses") == [
                "_airbyte_raw_id UUID", "_airbyte_extracted_at TIMESTAMP WITH TIME ZONE", "_airbyte_meta JSON",
                "_airbyte_generation_id BIGINT",
                "_airbyte_customers_hashid VARCHAR", "_airbyte_customers_addresses_hashid VARCHAR",
                "_airbyte_normalized_at TIMESTAMP WITH TIME ZONE",
                "street VARCHAR", "city VARCHAR",
            ])
        #expect(try family(harness) == ["1 Ada: London, Paris", "2 Grace: "])
        #expect(
            try harness.rows("SELECT contact_email, contact_phone FROM customers ORDER BY id") == [
                [.varchar("ada@example.com"), .null], [.varchar("grace@example.com"), .null],
            ])
        // Children carry their record's raw id and extraction time, and a hash of the parent's hash and their index.
        #expect(
            try harness.rows(
                """
                SELECT count(*) FROM customers c JOIN customers_addresses a USING (_airbyte_customers_hashid)
                WHERE a._airbyte_raw_id = c._airbyte_raw_id AND a._airbyte_extracted_at = c._airbyte_extracted_at
                  AND a._airbyte_customers_addresses_hashid = md5(c._airbyte_customers_hashid || '/' || (CASE a.city WHEN 'London' THEN 1 ELSE 2 END))
                  AND c._airbyte_customers_hashid = md5(c._airbyte_raw_id::VARCHAR)
                """) == [[.integer(2)]])
    }

    @Test func deepObjectsListsGrandchildrenAndNameCollisions() throws {
        let harness = try harness()
        let properties: JSONObject = [
            "a": [
                "type": "object",
                "properties": [
                    "b": ["type": "object", "properties": ["c": ["type": "object", "properties": ["d": ["type": "number"]]]]],
                    "free": ["type": "object"],
                ],
            ],
            "a_b_c_d": ["type": "string"],
            "tags": ["type": "array", "items": ["type": "string"]],
            "scores": ["type": "array", "items": ["type": "integer"]],
            "orders": [
                "type": "array",
                "items": [
                    "type": "object",
                    "properties": [
                        "no": ["type": "integer"],
                        "lines": [
                            "type": "array",
                            "items": ["type": "object", "properties": ["sku": ["type": "string"], "qty": ["type": "integer"]]],
                        ],
                    ],
                ],
            ],
            "anything": ["type": "array"],
        ]
        try harness.sync(
            catalog(properties: properties),
            [
                (
                    0,
                    """
                    {"a": {"b": {"c": {"d": 1.5}}, "free": {"x": [1, 2]}}, "a_b_c_d": "top", "tags": ["x", "y"], "scores": [1, "2", "no"],
                     "orders": [{"no": 1, "lines": [{"sku": "s1", "qty": 2}, {"sku": "s2", "qty": 1}]}, {"no": 2, "lines": []}],
                     "anything": [1, "a"]}
                    """
                )
            ])
        let parent = try columns(harness, "customers").dropFirst(6)
        #expect(parent.contains("a_b_c_d VARCHAR"))
        #expect(parent.contains { $0.hasPrefix("a_b_c_d_") && $0.hasSuffix(" DECIMAL(38,9)") })
        #expect(parent.contains("a_free JSON") && parent.contains("tags VARCHAR[]") && parent.contains("scores BIGINT[]"))
        #expect(parent.contains("anything JSON"))
        let flattened = parent.first { $0.hasPrefix("a_b_c_d_") }!.split(separator: " ")[0]
        let row = try harness.rows(
            "SELECT \(flattened)::VARCHAR, a_b_c_d, a_free::VARCHAR, tags::VARCHAR, scores::VARCHAR, _airbyte_meta::VARCHAR FROM customers")[
                0]
        #expect(
            row.map(\.string) == [
                "1.500000000", "top", #"{"x":[1,2]}"#, "[x, y]", "[1, 2, NULL]",
                #"{"sync_id":42,"changes":[{"field":"scores","change":"NULLED","reason":"DESTINATION_SERIALIZATION_ERROR"}]}"#,
            ])
        #expect(
            try harness.rows(
                """
                SELECT o.no, l.sku, l.qty FROM customers_orders o JOIN customers_orders_lines l USING (_airbyte_customers_orders_hashid) ORDER BY o.no, l.sku
                """) == [[.integer(1), .varchar("s1"), .integer(2)], [.integer(1), .varchar("s2"), .integer(1)]])
        #expect(try harness.rows("SELECT count(*) FROM customers_orders") == [[.integer(2)]])
    }

    @Test func valuesThatAreNotTheDeclaredObjectOrArrayAreNulledAndRecorded() throws {
        let harness = try harness()
        try harness.sync(
            catalog(),
            [
                (0, Self.customer(1, "Ada", cities: ["London"])),
                (0, #"{"id": 2, "name": "Odd", "contact": "n/a", "addresses": {"city": "Nowhere"}}"#),
                (0, #"{"id": 3, "name": "Mixed", "contact": {"email": "m@example.com"}, "addresses": [7, {"city": "Rome"}]}"#),
            ])
        // The element 7 is a child row with NULL columns (string_agg skips its city).
        #expect(try family(harness) == ["1 Ada: London", "2 Odd: ", "3 Mixed: Rome"])
        #expect(
            try harness.rows("SELECT contact_email FROM customers ORDER BY id") == [
                [.varchar("ada@example.com")], [.null], [.varchar("m@example.com")],
            ])
        let meta = try harness.rows("SELECT _airbyte_meta::VARCHAR FROM customers ORDER BY id").map { $0[0].string! }
        #expect(meta[0] == #"{"sync_id":42,"changes":[]}"#)
        #expect(meta[1].contains(#"{"field":"contact","change":"NULLED","reason":"DESTINATION_SERIALIZATION_ERROR"}"#))
        #expect(meta[1].contains(#"{"field":"addresses","change":"NULLED","reason":"DESTINATION_SERIALIZATION_ERROR"}"#))
        #expect(
            try harness.rows("SELECT _airbyte_meta::VARCHAR FROM customers_addresses WHERE city IS NULL") == [
                [
                    .varchar(
                        #"{"sync_id":42,"changes":[{"field":"addresses","change":"NULLED","reason":"DESTINATION_SERIALIZATION_ERROR"}]}"#)
                ]
            ])
    }

    @Test func overwriteSwapsParentAndChildrenTogether() throws {
        let harness = try harness()
        try harness.sync(catalog(.overwrite), [(0, Self.customer(1, "Old", cities: ["A", "B"]))])
        // Interrupted: the new family is committed aside, the old one stays whole.
        try harness.sync(catalog(.overwrite), [(0, Self.customer(2, "New", cities: ["C"]))], completing: [])
        #expect(try family(harness) == ["1 Old: A, B"])
        try harness.sync(
            catalog(.overwrite), [(0, Self.customer(3, "Newer", cities: ["D"])), (0, Self.customer(4, "Newest", cities: []))],
            commitEvery: 1)
        #expect(try family(harness) == ["3 Newer: D", "4 Newest: "])
        #expect(try harness.rows("SELECT count(*) FROM customers_addresses") == [[.integer(1)]])
        #expect(try harness.rows("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_airbyte_tmp%'") == [[.integer(0)]])
    }

    @Test func dedupReplacesAParentsChildrenAndCDCDeletesRemoveThem() throws {
        let harness = try harness()
        try harness.sync(
            catalog(.appendDedup),
            [
                (0, Self.customer(1, "Ada", updated: 1, cities: ["London", "Paris"])),
                (0, Self.customer(2, "Grace", updated: 1, cities: ["Arlington"])),
                (0, Self.customer(3, "Alan", updated: 1, cities: ["Wilmslow"])),
                (0, Self.customer(1, "Ada", updated: 2, cities: ["Cambridge"])),  // the same batch: only the newest counts
            ])
        #expect(try family(harness) == ["1 Ada: Cambridge", "2 Grace: Arlington", "3 Alan: Wilmslow"])
        try harness.sync(
            catalog(.appendDedup),
            [
                (0, Self.customer(2, "Grace", updated: 5, cities: ["New York", "Washington"])),
                (0, Self.customer(3, "Stale", updated: 0, cities: ["Nowhere"])),
                (0, #"{"id": 1, "updated": 9, "_ab_cdc_deleted_at": "2024-01-01T00:00:00Z"}"#),
            ], commitEvery: 2)
        #expect(try family(harness) == ["2 Grace: New York, Washington", "3 Alan: Wilmslow"])
        #expect(try harness.rows("SELECT count(*) FROM customers_addresses") == [[.integer(3)]])
    }

    @Test func dedupRemovesGrandchildrenWithTheirGrandparent() throws {
        let harness = try harness()
        let properties: JSONObject = [
            "id": ["type": "integer"], "updated": ["type": "integer"],
            "orders": [
                "type": "array",
                "items": [
                    "type": "object",
                    "properties": [
                        "lines": ["type": "array", "items": ["type": "object", "properties": ["sku": ["type": "string"]]]]
                    ],
                ],
            ],
        ]
        try harness.sync(
            catalog(.appendDedup, properties: properties),
            [
                (0, #"{"id": 1, "updated": 1, "orders": [{"lines": [{"sku": "a"}, {"sku": "b"}]}]}"#),
                (0, #"{"id": 2, "updated": 1, "orders": [{"lines": [{"sku": "c"}]}]}"#),
            ])
        try harness.sync(
            catalog(.appendDedup, properties: properties),
            [
                (0, #"{"id": 1, "updated": 2, "orders": [{"lines": [{"sku": "z"}]}, {"lines": []}]}"#)
            ])
        #expect(try harness.rows("SELECT sku FROM customers_orders_lines ORDER BY sku") == [[.varchar("c")], [.varchar("z")]])
        #expect(try harness.rows("SELECT count(*) FROM customers_orders") == [[.integer(3)]])
    }

    @Test func truncateRefreshRemovesOlderGenerationsFromChildrenToo() throws {
        let harness = try harness()
        try harness.sync(catalog(generation: 1, minimum: 0), [(0, Self.customer(1, "Gen1", cities: ["A"]))])
        try harness.sync(catalog(generation: 2, minimum: 2), [(0, Self.customer(2, "Gen2", cities: ["B"]))], completing: [])
        #expect(try family(harness) == ["1 Gen1: A", "2 Gen2: B"])
        try harness.sync(catalog(generation: 2, minimum: 2), [(0, Self.customer(3, "Gen2", cities: ["C"]))])
        #expect(try family(harness) == ["2 Gen2: B", "3 Gen2: C"])
        #expect(try harness.rows("SELECT count(*) FROM customers_addresses WHERE _airbyte_generation_id < 2") == [[.integer(0)]])
    }

    @Test func schemaEvolutionAddsFlattenedColumnsAndChildTables() throws {
        let harness = try harness()
        try harness.sync(
            catalog(properties: ["id": ["type": "integer"], "contact": ["type": "object", "properties": ["email": ["type": "string"]]]]),
            [(0, #"{"id": 1, "contact": {"email": "a@x"}}"#)])
        try harness.sync(catalog(), [(0, Self.customer(2, "Bo", cities: ["Oslo"]))])
        #expect(
            try harness.rows("SELECT id, contact_email, contact_phone, name FROM customers ORDER BY id") == [
                [.integer(1), .varchar("a@x"), .null, .null], [.integer(2), .varchar("bo@example.com"), .null, .varchar("Bo")],
            ])
        #expect(try family(harness) == ["1 : ", "2 Bo: Oslo"])
        #expect(try harness.rows("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'customers_addresses'") == [[.integer(1)]])
    }

    /// Killed at any moment, a family is whole: every committed parent has all its
    /// children and no child lacks its parent, because a commit is one transaction
    /// for the family. Several kills at different moments of a load that commits
    /// every second or so.
    @Test(arguments: [0.9, 1.4, 1.9, 2.5, 3.1, 3.8])
    func aKillLeavesEitherTheWholeFamilyOrNone(after seconds: Double) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let database = workspace.path("out.duckdb")
        let config = try workspace.write("config.json", #"{"destination_path": "\#(database)", "basic_normalization": true}"#)
        let stream = DestinationHarness.stream(
            "customers",
            properties: [
                "id": ["type": "integer"], "n": ["type": "integer"],
                "addresses": [
                    "type": "array", "items": ["type": "object", "properties": ["street": ["type": "string"], "no": ["type": "integer"]]],
                ],
            ])
        let catalog = try workspace.write("catalog.json", ConfiguredAirbyteCatalog(streams: [stream]).json.jsonText)
        // Writing to the killed destination's stdin must fail with EPIPE, not kill the tests.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = ConnectorProcess("destination-duckdb").executable
        process.arguments = ["write", "--config", config, "--catalog", catalog]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let writer = Thread {
            var id = 0
            while id < 400_000 {
                var lines: [String] = []
                for _ in 0..<500 {
                    id += 1
                    let count = id % 40 + 1
                    let addresses = (0..<count).map { #"{"street": "\#($0) Long Road, Some Town, Some County", "no": \#($0)}"# }
                    lines.append(
                        #"{"type":"RECORD","record":{"stream":"customers","emitted_at":1700000000000,"data":{"id":\#(id),"n":\#(count),"addresses":[\#(addresses.joined(separator: ","))]}}}"#
                    )
                }
                lines.append(
                    #"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"customers"},"stream_state":{"id":\#(id)}}}}"#
                )
                guard (try? stdin.fileHandleForWriting.write(contentsOf: Data((lines.joined(separator: "\n") + "\n").utf8))) != nil else {
                    return
                }
            }
        }
        writer.start()
        let output = ErrorCollector(stdout.fileHandleForReading)  // drains the acknowledgements
        Thread.sleep(forTimeInterval: seconds)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? stdin.fileHandleForWriting.close()
        let acknowledged = output.text().split(separator: "\n").filter { $0.contains(#""STATE""#) }.count

        let connection = try Database(path: database).connect()
        let parents = try connection.scalar("SELECT count(*) FROM customers")?.int64 ?? 0
        #expect(parents >= Int64(acknowledged) * 500)
        // Every parent has exactly its n children; no child is without its parent.
        #expect(
            try connection.scalar(
                """
                SELECT count(*) FROM customers c
                WHERE c.n <> (SELECT count(*) FROM customers_addresses a WHERE a._airbyte_customers_hashid = c._airbyte_customers_hashid)
                """) == .integer(0))
        #expect(
            try connection.scalar(
                """
                SELECT count(*) FROM customers_addresses a
                WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c._airbyte_customers_hashid = a._airbyte_customers_hashid)
                """) == .integer(0))
    }
}
