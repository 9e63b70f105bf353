import AirbyteProtocol
import Foundation
import PlatformStore
import PlatformTestSupport
import Testing

@testable import Platform

@Suite("Secrets through the platform")
struct SecretsAtRestTests {
    @Test(
        "A source's secret is sealed in the database row, masked when shown, kept when sent back masked",
        arguments: StoreKind.allCases)
    func secretsAtRest(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind, workers: 0) { harness in
            let service = harness.service
            let definition = try await TestConnectors.scriptDefinition(in: harness.folder, store: service.store)
            let source = try await service.createSource(
                name: "script", definition: .id(definition.id),
                configuration: ["password": "hunter2-secret", "mode": "ok"])
            let raw = try await harness.database.raw("SELECT configuration FROM sources", on: service.store)
            let stored = try #require(try raw.first?.text("configuration"))
            #expect(!stored.contains("hunter2-secret"), "no plaintext in the row: \(stored)")
            #expect(stored.contains(SecretBox.prefix) && stored.contains(#""mode":"ok""#))
            #expect(service.maskedConfiguration(source.configuration) == ["password": "**********", "mode": "ok"])
            #expect(try await service.checkSource(source.id).succeeded, "the connector gets the real secret")

            let renamed = try await service.updateSource(
                source.id, name: "renamed",
                configuration: ["password": "**********", "mode": "ok"])
            #expect(renamed.configuration == source.configuration, "the mask sent back keeps the stored secret")
            #expect(try await service.checkSource(source.id).succeeded)

            _ = try await service.updateSource(source.id, configuration: ["password": "wrong-password", "mode": "ok"])
            let refused = try await service.checkSource(source.id)
            #expect(!refused.succeeded)
            #expect(refused.message == "password ********** was refused", "the check's message is masked")
            let everything = try await harness.database.raw("SELECT configuration FROM sources", on: service.store)
            #expect(try everything.allSatisfy { try !$0.text("configuration").contains("wrong-password") })
        }
    }

    @Test("Bad input is refused before anything is saved: a configuration breaking the spec, an unknown connector id")
    func badInput() async throws {
        try await PlatformHarness.with(.sqlite, workers: 0) { harness in
            let service = harness.service
            let definition = try await TestConnectors.scriptDefinition(in: harness.folder, store: service.store)
            let invalid = await #expect(throws: PlatformError.self) {
                try await service.createSource(name: "script", definition: .id(definition.id), configuration: ["mode": 3])
            }
            #expect(invalid?.code == .invalidInput)
            #expect(invalid?.problems.contains { $0.contains("password") } == true)
            let unknown = await #expect(throws: PlatformError.self) {
                try await service.createSource(name: "x", definition: .id(DefinitionID()), configuration: [:])
            }
            #expect(unknown?.code == .notFound)
            let badType = await #expect(throws: PlatformError.self) {
                try await service.createSource(name: "x", definition: .type("not a name!"), configuration: [:])
            }
            #expect(badType?.code == .invalidInput)
            #expect(try await service.store.sources().isEmpty)
        }
    }
}
