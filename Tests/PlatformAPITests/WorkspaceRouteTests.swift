import AirbyteProtocol
import Foundation
import Testing

/// Workspaces, and paging as Airbyte's lists page.
@Suite struct WorkspaceRouteTests {
    @Test func theDefaultWorkspaceIsListed() async throws {
        try await APIHarness().test { client in
            let answer = try await client.get("/api/public/v1/workspaces")
            #expect(answer.status == 200)
            let workspaces = answer["data"]?.arrayValue ?? []
            #expect(workspaces.count == 1)
            #expect(workspaces.first?["name"]?.stringValue == "Default Workspace")
            #expect(workspaces.first?["dataResidency"] == "auto")
            #expect(workspaces.first?["notifications"]?["failure"] == ["email": ["enabled": false], "webhook": ["enabled": false]])
            #expect(answer["next"] == nil)
            #expect(answer["previous"] == nil)
        }
    }

    @Test func listsPageWithNextAndPreviousURLsThatKeepTheFilters() async throws {
        let harness = try await APIHarness()
        try await harness.test { client in
            for index in 1...4 {
                harness.clock.advance(by: 1)
                try await client.post("/api/public/v1/workspaces", ["name": .string("w\(index)")])
            }
            // Five workspaces with the default one, two per page.
            var names: [String] = []
            var url: String? = "/api/public/v1/workspaces?includeDeleted=false&limit=2"
            var pages = 0
            while let next = url {
                let answer = try await client.get(next.replacingOccurrences(of: "http://localhost", with: ""))
                #expect(answer.status == 200)
                names += (answer["data"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
                url = answer["next"]?.stringValue
                if let url { #expect(url.hasPrefix("http://localhost/api/public/v1/workspaces?includeDeleted=false&limit=2&offset=")) }
                pages += 1
            }
            #expect(pages == 3)
            #expect(names == ["Default Workspace", "w1", "w2", "w3", "w4"])

            let middle = try await client.get("/api/public/v1/workspaces?limit=2&offset=2")
            #expect(middle["previous"]?.stringValue == "http://localhost/api/public/v1/workspaces?limit=2&offset=0")
            #expect(middle["next"]?.stringValue == "http://localhost/api/public/v1/workspaces?limit=2&offset=4")
        }
    }

    @Test func createPatchAndDelete() async throws {
        try await APIHarness().test { client in
            let created = try await client.post(
                "/api/public/v1/workspaces",
                [
                    "name": "Analytics",
                    "notifications": ["failure": ["webhook": ["enabled": true, "url": "http://127.0.0.1:9/hook"]]],
                ])
            #expect(created.status == 200)
            let id = try #require(created["workspaceId"]?.stringValue)
            #expect(created["notifications"]?["failure"]?["webhook"] == ["enabled": true, "url": "http://127.0.0.1:9/hook"])

            let patched = try await client.request(
                .patch, "/api/public/v1/workspaces/\(id)",
                json: [
                    "name": "Analytics team",
                    "notifications": ["success": ["webhook": ["enabled": true, "url": "https://hooks.example/x"]]],
                ])
            #expect(patched["name"] == "Analytics team")
            #expect(patched["notifications"]?["failure"]?["webhook"]?["enabled"] == true)
            #expect(patched["notifications"]?["success"]?["webhook"]?["url"] == "https://hooks.example/x")

            let badURL = try await client.request(
                .patch, "/api/public/v1/workspaces/\(id)",
                json: ["notifications": ["failure": ["webhook": ["url": "ftp://x"]]]])
            expectProblem(badURL, status: 400, title: "bad-request")

            #expect(try await client.request(.delete, "/api/public/v1/workspaces/\(id)").status == 204)
            expectProblem(try await client.get("/api/public/v1/workspaces/\(id)"), status: 404, title: "resource-not-found")
            let listed = try await client.get("/api/public/v1/workspaces?includeDeleted=true")
            #expect(listed["data"]?.arrayValue?.count == 2)

            let defaultID = try #require(
                try await client.get("/api/public/v1/workspaces")["data"]?.arrayValue?.first?["workspaceId"]?.stringValue)
            expectProblem(try await client.request(.delete, "/api/public/v1/workspaces/\(defaultID)"), status: 409, title: "state-conflict")
        }
    }
}
