import AirbyteProtocol
import Foundation
import PlatformTestSupport
import Testing

@testable import PlatformStore

@Suite("Connection state")
struct ConnectionStateTests {
    static func streamState(_ name: String, _ cursor: Int, namespace: String? = nil) -> AirbyteStateMessage {
        AirbyteStateMessage(
            type: .stream,
            stream: AirbyteStreamState(
                streamDescriptor: StreamDescriptor(name: name, namespace: namespace), streamState: ["cursor": .number(String(cursor))]))
    }

    static func globalState(_ streams: [String]) -> AirbyteStateMessage {
        AirbyteStateMessage(
            type: .global,
            global: AirbyteGlobalState(
                sharedState: ["lsn": 42],
                streamStates: streams.map {
                    AirbyteStreamState(streamDescriptor: StreamDescriptor(name: $0), streamState: ["done": true])
                }))
    }

    @Test(
        "Stream states replace their stream's; a global state replaces all; stats are not kept",
        arguments: StoreKind.allCases)
    func savingReplaces(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let connection = try await fixtures.connection(in: store)
            let other = try await fixtures.connection(in: store, name: "other")
            try await store.saveConnectionState(Self.streamState("users", 1), for: connection.id, lease: nil, now: at(0))
            try await store.saveConnectionState(
                Self.streamState("users", 1, namespace: "shop"), for: connection.id, lease: nil,
                now: at(0))
            var withStats = Self.streamState("purchases", 5)
            withStats.destinationStats = AirbyteStateMessage.Stats(recordCount: 5)
            try await store.saveConnectionState(withStats, for: connection.id, lease: nil, now: at(1))
            try await store.saveConnectionState(Self.streamState("users", 2), for: connection.id, lease: nil, now: at(2))
            try await store.saveConnectionState(Self.streamState("users", 9), for: other.id, lease: nil, now: at(2))
            #expect(
                Set(try await store.connectionStates(connection.id)) == [
                    Self.streamState("users", 2), Self.streamState("users", 1, namespace: "shop"), Self.streamState("purchases", 5),
                ])

            try await store.saveConnectionState(Self.globalState(["users", "purchases"]), for: connection.id, lease: nil, now: at(3))
            #expect(try await store.connectionStates(connection.id) == [Self.globalState(["users", "purchases"])])
            try await store.saveConnectionState(Self.streamState("users", 3), for: connection.id, lease: nil, now: at(4))
            #expect(try await store.connectionStates(connection.id) == [Self.streamState("users", 3)])
            #expect(try await store.connectionStates(other.id) == [Self.streamState("users", 9)])
        }
    }

    @Test(
        "Clearing drops the chosen streams' states (and their part of a global state) or everything",
        arguments: StoreKind.allCases)
    func clearing(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let connection = try await fixtures.connection(in: store)
            for name in ["users", "purchases", "products"] {
                try await store.saveConnectionState(Self.streamState(name, 1), for: connection.id, lease: nil, now: at(0))
            }
            try await store.clearConnectionStates(connection.id, streams: [StreamDescriptor(name: "users")])
            #expect(
                Set(try await store.connectionStates(connection.id)) == [
                    Self.streamState("purchases", 1),
                    Self.streamState("products", 1),
                ])
            try await store.clearConnectionStates(connection.id, streams: nil)
            #expect(try await store.connectionStates(connection.id).isEmpty)

            try await store.saveConnectionState(Self.globalState(["users", "purchases"]), for: connection.id, lease: nil, now: at(1))
            try await store.clearConnectionStates(connection.id, streams: [StreamDescriptor(name: "users")])
            #expect(try await store.connectionStates(connection.id) == [Self.globalState(["purchases"])])
            try await store.clearConnectionStates(connection.id, streams: [StreamDescriptor(name: "purchases")])
            #expect(try await store.connectionStates(connection.id).isEmpty)
        }
    }
}
