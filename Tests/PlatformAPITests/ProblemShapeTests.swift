import AirbyteProtocol
import Foundation
import Testing

/// Every error is Airbyte's problem JSON, and names what was wrong.
@Suite struct ProblemShapeTests {
    @Test func healthAnswersOnBothAPIs() async throws {
        try await APIHarness().test { client in
            for path in ["/api/public/v1/health", "/api/v1/health"] {
                let answer = try await client.get(path)
                #expect(answer.status == 200)
                #expect(answer.json == ["available": true])
            }
        }
    }

    @Test func unknownRoutesAreProblems() async throws {
        try await APIHarness().test { client in
            expectProblem(try await client.get("/api/public/v1/nothing-here"), status: 404, title: "resource-not-found")
            let wrongMethod = try await client.request(.put, "/api/public/v1/jobs")
            expectProblem(wrongMethod, status: 405, title: "method-not-allowed")
            #expect(wrongMethod.headers[.allow] == "GET, POST")
            expectProblem(try await client.request(.patch, "/api/public/v1/jobs/12"), status: 405, title: "method-not-allowed")
        }
    }

    @Test func malformedJSONIsABadRequest() async throws {
        try await APIHarness().test { client in
            for body in ["{\"name\": ", "not json", "[1, 2]", ""] {
                let answer = try await client.request(.post, "/api/public/v1/workspaces", body: body)
                expectProblem(answer, status: 400, title: "bad-request")
                #expect(answer["data"]?["message"]?.stringValue?.isEmpty == false)
            }
        }
    }

    @Test func missingAndMistypedFieldsAreNamed() async throws {
        try await APIHarness().test { client in
            var answer = try await client.post("/api/public/v1/jobs", ["jobType": "sync"])
            expectProblem(answer, status: 400, title: "bad-request")
            #expect(answer["detail"]?.stringValue == "connectionId is required")

            answer = try await client.post("/api/public/v1/jobs", ["connectionId": "not-a-uuid", "jobType": "sync"])
            expectProblem(answer, status: 400, title: "bad-request")
            #expect(answer["detail"]?.stringValue?.contains("connectionId must be a UUID") == true)

            answer = try await client.post("/api/public/v1/jobs", ["connectionId": .string(UUID().uuidString), "jobType": 3])
            expectProblem(answer, status: 400, title: "bad-request")
            #expect(answer["detail"]?.stringValue == "jobType must be a string, not a number")
        }
    }

    @Test func badEnumValuesListTheAllowedOnes() async throws {
        try await APIHarness().test { client in
            let answer = try await client.post("/api/public/v1/jobs", ["connectionId": .string(UUID().uuidString), "jobType": "resync"])
            expectProblem(answer, status: 400, title: "bad-request")
            #expect(answer["detail"]?.stringValue == #"jobType is "resync", which is not one of sync, reset, refresh, clear"#)

            let query = try await client.get("/api/public/v1/jobs?status=done")
            expectProblem(query, status: 400, title: "bad-request")
            #expect(query["detail"]?.stringValue?.contains("pending, queued, running, incomplete, failed, succeeded, cancelled") == true)
        }
    }

    @Test func unknownIDsAre404sNamingTheResource() async throws {
        try await APIHarness().test { client in
            let id = UUID().uuidString.lowercased()
            for (path, type) in [
                ("sources", "source"), ("destinations", "destination"), ("connections", "connection"),
                ("workspaces", "workspace"),
            ] {
                let answer = try await client.get("/api/public/v1/\(path)/\(id)")
                expectProblem(answer, status: 404, title: "resource-not-found")
                #expect(answer["data"] == ["resourceType": .string(type), "resourceId": .string(id)])
            }
            expectProblem(try await client.get("/api/public/v1/jobs/123456"), status: 404, title: "resource-not-found")
            expectProblem(try await client.get("/api/public/v1/jobs/twelve"), status: 400, title: "bad-request")
            expectProblem(try await client.get("/api/public/v1/sources/nope"), status: 400, title: "bad-request")
            expectProblem(
                try await client.post("/api/public/v1/jobs", ["connectionId": .string(id), "jobType": "sync"]),
                status: 404, title: "resource-not-found")
        }
    }

    @Test(arguments: ["limit=0", "limit=101", "offset=-1", "limit=ten", "includeDeleted=maybe", "workspaceIds=nope"])
    func pagingOutOfRangeIsABadRequest(query: String) async throws {
        try await APIHarness().test { client in
            let answer = try await client.get("/api/public/v1/workspaces?\(query)")
            expectProblem(answer, status: 400, title: "bad-request")
            #expect(answer["detail"]?.stringValue?.contains("query parameter") == true)
        }
    }
}
