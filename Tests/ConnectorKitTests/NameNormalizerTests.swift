import AirbyteProtocol
import ConnectorKit
import Testing

@Suite struct NameNormalizeTests {
    let normalizer = NameNormalizer()

    @Test(arguments: [
        ("updated_at", "updated_at"),
        ("UserID", "userid"),
        ("first name", "first_name"),
        ("  padded\t", "padded"),
        ("a  \t b", "a_b"),
        ("a-b", "a_b"),
        ("a.b", "a_b"),
        ("price ($)", "price____"),
        ("10_000", "_10_000"),
        ("1st", "_1st"),
        ("Café", "cafe"),
        ("ﬁle", "file"),
        ("Ｗｉｄｅ", "wide"),
        ("İstanbul", "istanbul"),
        ("Straße", "straße"),
        ("名前", "名前"),
        ("имя", "имя"),
        ("ά", "ά"),
        ("हिन्दी", "हिन्दी"),
        ("🎉party", "_party"),
        ("", "_empty"),
        ("   ", "_empty"),
        ("select", "select"),
        ("_airbyte_raw_id", "_airbyte_raw_id"),
    ])
    func normalize(name: String, expected: String) {
        #expect(normalizer.normalize(name) == expected)
    }

    @Test func normalizedNamesAreFixedPoints() {
        for name in ["UserID", "a-b", "10_000", "Café", "名前", "", String(repeating: "Long name ", count: 20)] {
            let once = normalizer.normalize(name)
            #expect(normalizer.normalize(once) == once, "\(name)")
        }
    }

    @Test func longNamesAreCutAndGetAStableHashOfTheWholeName() {
        let long = String(repeating: "x", count: 100)
        let identifier = normalizer.normalize(long)
        #expect(identifier == String(repeating: "x", count: 56) + "_052c9e")
        #expect(identifier.utf8.count == 63)
        // Same prefix, different tail: different identifiers.
        #expect(normalizer.normalize(long + "y") != identifier)
        // Multi-byte characters are never cut in half.
        let unicode = normalizer.normalize(String(repeating: "名", count: 40))
        #expect(unicode.utf8.count <= 63)
        #expect(unicode.hasPrefix(String(repeating: "名", count: 18) + "_"))
    }

    @Test func ten_thousandLongNamesStayUniqueAndShort() {
        let names = (0..<10_000).map { "a_very_long_property_name_that_goes_on_and_on_and_on_for_ever_\($0)" }
        let mapping = normalizer.columnNames(for: names)
        #expect(Set(mapping.values).count == names.count)
        #expect(mapping.values.allSatisfy { $0.utf8.count <= 63 })
    }
}

@Suite struct ColumnNameCollisionTests {
    let normalizer = NameNormalizer()

    @Test func caseVariantsGetDistinctColumnsAndTheExactSpellingKeepsThePlainName() {
        let mapping = normalizer.columnNames(for: ["ID", "id", "Id"])
        #expect(mapping["id"] == "id")
        #expect(mapping["ID"] == "id_09240e")
        #expect(mapping["Id"]?.hasPrefix("id_") == true)
        #expect(Set(mapping.values).count == 3)
    }

    @Test func punctuationVariantsGetDistinctColumns() {
        let mapping = normalizer.columnNames(for: ["a-b", "a_b", "a.b", "a b"])
        #expect(mapping["a_b"] == "a_b")
        #expect(mapping["a-b"] == "a_b_e61ab3")
        #expect(Set(mapping.values).count == 4)
    }

    @Test func withoutAnExactSpellingTheFirstByBytesWins() {
        // "A-B" < "a-b" < "a.b" in UTF-8.
        let mapping = normalizer.columnNames(for: ["a.b", "a-b", "A-B"])
        #expect(mapping["A-B"] == "a_b")
        #expect(mapping["a-b"] == "a_b_e61ab3")
    }

    @Test func metadataColumnNamesAreNeverGivenToProperties() {
        let mapping = normalizer.columnNames(for: ["_airbyte_meta", "_AIRBYTE_META", "_airbyte_raw_id", "_airbyte_normalized_at"])
        #expect(mapping["_airbyte_meta"] == "_airbyte_meta_a05835")
        #expect(mapping["_AIRBYTE_META"] == "_airbyte_meta_06fcea")
        #expect(mapping["_airbyte_raw_id"]?.hasPrefix("_airbyte_raw_id_") == true)
        // Only the kit's own columns are reserved, not the prefix.
        #expect(mapping["_airbyte_normalized_at"] == "_airbyte_normalized_at")
        for reserved in NameNormalizer.metadataColumnNames {
            #expect(!mapping.values.contains(reserved))
        }
    }

    @Test func emptyAndSymbolOnlyNamesGetDistinctColumns() {
        let mapping = normalizer.columnNames(for: ["", " ", "_empty", "$", "%", "_"])
        #expect(Set(mapping.values).count == 6)
        #expect(mapping["_empty"] == "_empty")
        #expect(mapping["_"] == "_")
    }

    @Test func theMappingIgnoresOrder() {
        let names = ["ID", "id", "a-b", "a_b", "Name", "name ", "名前", "x", "_airbyte_meta"]
        let reference = normalizer.columnNames(for: names)
        #expect(normalizer.columnNames(for: names.reversed()) == reference)
        #expect(normalizer.columnNames(for: names.sorted()) == reference)
        #expect(NameNormalizer().columnNames(for: names) == reference)
    }

    @Test func addingAPropertyDoesNotRenameExistingColumns() {
        let before = normalizer.columnNames(for: ["id", "ID", "a-b", "email", "Email Address"])
        // Newcomers that normalize like existing names but do not outrank them.
        let after = normalizer.columnNames(for: ["zeta", "id", "ID", "Id", "a.b", "a-b", "email", "Email Address", "EMAIL"])
        for (name, identifier) in before {
            #expect(after[name] == identifier, "\(name) moved from \(identifier) to \(after[name] ?? "nowhere")")
        }
        #expect(Set(after.values).count == after.count)
    }

    @Test func aPreviousMappingPinsIdentifiersEvenAgainstAnOutrankingNewcomer() {
        // Alone, "ID" is plainly "id"; then the source adds "id".
        let first = normalizer.columnNames(for: ["ID"])
        #expect(first == ["ID": "id"])
        let unpinned = normalizer.columnNames(for: ["ID", "id"])
        #expect(unpinned["ID"] == "id_09240e")
        let pinned = normalizer.columnNames(for: ["ID", "id"], keeping: first)
        #expect(pinned["ID"] == "id")
        #expect(pinned["id"]?.hasPrefix("id_") == true)
    }

    @Test func aPreviousMappingCannotClaimAReservedName() {
        let mapping = normalizer.columnNames(for: ["x"], keeping: ["x": "_airbyte_meta"])
        #expect(mapping["x"] == "x")
    }

    @Test func hashedNamesThatHappenToBeTakenAreRehashed() {
        // A property literally called like the hashed form of "ID".
        let mapping = normalizer.columnNames(for: ["id", "ID", "id_09240e"])
        #expect(mapping["id"] == "id")
        #expect(mapping["id_09240e"] == "id_09240e")
        #expect(mapping["ID"] != "id_09240e")
        #expect(Set(mapping.values).count == 3)
    }
}

@Suite struct TableNameTests {
    let normalizer = NameNormalizer()
    typealias Stream = NameNormalizer.StreamName
    typealias Table = NameNormalizer.TableName

    @Test func namespacesBecomeSchemasAndMissingOnesTheDefault() {
        let mapping = normalizer.tableNames(
            for: [Stream(namespace: "Sales", name: "Orders"), Stream(name: "users"), Stream(namespace: "", name: "items")],
            defaultSchema: "main")
        #expect(mapping[Stream(namespace: "Sales", name: "Orders")] == Table(schema: "sales", table: "orders"))
        #expect(mapping[Stream(name: "users")] == Table(schema: "main", table: "users"))
        #expect(mapping[Stream(namespace: "", name: "items")] == Table(schema: "main", table: "items"))
    }

    @Test func tablesAreUniqueWithinASchemaEvenAcrossMergedNamespaces() {
        let streams = [
            Stream(namespace: "sales", name: "users"),
            Stream(namespace: "Sales", name: "users"),
            Stream(namespace: "Sales", name: "Users"),
            Stream(namespace: "sales", name: "user-s"),
            Stream(namespace: "sales", name: "user_s"),
        ]
        let mapping = normalizer.tableNames(for: streams, defaultSchema: "main")
        #expect(Set(mapping.values).count == streams.count)
        #expect(mapping.values.allSatisfy { $0.schema == "sales" })
        #expect(mapping[Stream(namespace: "sales", name: "users")]?.table == "users")
        #expect(mapping[Stream(namespace: "Sales", name: "Users")]?.table == "users_36e3dc")
        #expect(mapping[Stream(namespace: "sales", name: "user_s")]?.table == "user_s")
        #expect(normalizer.tableNames(for: streams.reversed(), defaultSchema: "main") == mapping)
    }

    @Test func theSameNameInDifferentSchemasIsNoCollision() {
        let mapping = normalizer.tableNames(
            for: [Stream(namespace: "a", name: "users"), Stream(namespace: "b", name: "users")], defaultSchema: "main")
        #expect(mapping.values.allSatisfy { $0.table == "users" })
    }

    @Test func streamsCannotTakeTheDestinationsOwnTableNames() {
        let mapping = normalizer.tableNames(for: [Stream(name: "_airbyte_state"), Stream(name: "_AIRBYTE_STATE")], defaultSchema: "main")
        #expect(mapping[Stream(name: "_airbyte_state")]?.table == "_airbyte_state_d249f0")
        #expect(mapping.values.allSatisfy { $0.table != "_airbyte_state" })
        #expect(Set(mapping.values).count == 2)
        let unreserved = NameNormalizer(reservedTablePrefix: "")
        #expect(unreserved.tableNames(for: [Stream(name: "_airbyte_state")], defaultSchema: "main").values.first?.table == "_airbyte_state")
    }

    @Test func aPreviousMappingIsKept() {
        let previous = [Stream(name: "Users"): Table(schema: "main", table: "users")]
        let mapping = normalizer.tableNames(for: [Stream(name: "Users"), Stream(name: "users")], defaultSchema: "main", keeping: previous)
        #expect(mapping[Stream(name: "Users")]?.table == "users")
        #expect(mapping[Stream(name: "users")]?.table.hasPrefix("users_") == true)
    }
}
