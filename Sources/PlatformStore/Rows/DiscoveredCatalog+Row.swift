import AirbyteProtocol

extension DiscoveredCatalog: StoredRecord {
    static var table: StoreTable { .discoveredCatalogs }

    func row() throws -> StoreRow {
        Self.makeRow([
            "source_id": StoreValue(sourceID), "catalog": .json(catalog.json),
            "configuration_hash": .text(configurationHash), "discovered_at": StoreValue(discoveredAt),
        ])
    }

    init(row: StoreRow) throws {
        let catalog: AirbyteCatalog
        do {
            catalog = try AirbyteCatalog(json: try row.json("catalog"))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corruptRow, message: "discovered_catalogs.catalog is not an Airbyte catalog", underlying: error)
        }
        self.init(
            sourceID: try row.identifier("source_id"), catalog: catalog,
            configurationHash: try row.text("configuration_hash"), discoveredAt: try row.date("discovered_at"))
    }
}
