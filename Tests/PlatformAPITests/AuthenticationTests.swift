import AirbyteProtocol
import Foundation
import Hummingbird
import PlatformAPI
import PlatformStore
import Testing

/// Basic auth, client credentials and bearer tokens; and when they are required.
@Suite struct AuthenticationTests {
    static let credentials = APICredentials(required: true, users: ["admin": "s3cret"], clients: ["client-1": "client-secret"])

    static func basic(_ user: String, _ password: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    @Test func requestsWithoutCredentialsAre401() async throws {
        try await APIHarness(credentials: Self.credentials).test { client in
            let answer = try await client.get("/api/public/v1/workspaces")
            expectProblem(answer, status: 401, title: "invalid-api-key")
            #expect(answer.headers[.wwwAuthenticate]?.contains("Basic") == true)
            expectProblem(
                try await client.get("/api/public/v1/workspaces", headers: Self.basic("admin", "wrong")),
                status: 401, title: "invalid-api-key")
            expectProblem(try await client.post("/api/v1/connections/list", [:]), status: 401, title: "invalid-api-key")
            expectProblem(try await client.get("/metrics"), status: 401, title: "invalid-api-key")
            // Open to all: health, the token endpoint, the OpenAPI document.
            #expect(try await client.get("/api/public/v1/health").status == 200)
            #expect(try await client.get("/api/public/v1/openapi.json").status == 200)
        }
    }

    @Test func basicAuthWithAUserOrAClient() async throws {
        try await APIHarness(credentials: Self.credentials).test { client in
            let user = try await client.get("/api/public/v1/workspaces", headers: Self.basic("admin", "s3cret"))
            #expect(user.status == 200)
            let application = try await client.get("/api/public/v1/workspaces", headers: Self.basic("client-1", "client-secret"))
            #expect(application.status == 200)
        }
    }

    @Test func clientCredentialsGiveBearerTokensThatExpire() async throws {
        let harness = try await APIHarness(credentials: Self.credentials)
        try await harness.test { client in
            // JSON, as Dagster sends it.
            let json = try await client.post(
                "/api/public/v1/applications/token",
                ["client_id": "client-1", "client_secret": "client-secret"])
            #expect(json.status == 200, "\(json.text)")
            #expect(json["token_type"] == "Bearer")
            #expect(json["expires_in"] == 180)
            let token = try #require(json["access_token"]?.stringValue)
            // A form, as the Python SDK sends it, at the path its default token URL resolves to.
            let form = try await client.request(
                .post, "/applications/token",
                body: "grant_type=client_credentials&client_id=client-1&client_secret=client-secret",
                headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == 200, "\(form.text)")

            let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
            #expect(try await client.get("/api/public/v1/workspaces", headers: bearer).status == 200)
            harness.clock.advance(by: 181)
            expectProblem(try await client.get("/api/public/v1/workspaces", headers: bearer), status: 401, title: "invalid-api-key")
            var altered = token
            altered.removeLast()
            expectProblem(
                try await client.get("/api/public/v1/workspaces", headers: [.authorization: "Bearer \(altered)x"]),
                status: 401, title: "invalid-api-key")

            expectProblem(
                try await client.post(
                    "/api/public/v1/applications/token",
                    ["client_id": "client-1", "client_secret": "nope"]),
                status: 401, title: "invalid-api-key")
            expectProblem(
                try await client.post("/api/public/v1/applications/token", ["client_id": "client-1"]),
                status: 400, title: "bad-request")
        }
    }

    @Test func applicationsAreClientsWhoseSecretIsShownOnce() async throws {
        let harness = try await APIHarness(credentials: Self.credentials)
        try await harness.test { client in
            let admin = Self.basic("admin", "s3cret")
            let created = try await client.post("/api/public/v1/applications", ["name": "dagster"], headers: admin)
            #expect(created.status == 200, "\(created.text)")
            let clientID = try #require(created["clientId"]?.stringValue)
            let secret = try #require(created["clientSecret"]?.stringValue)
            #expect(secret.count >= 40)
            #expect(created["createdAt"] == 1_893_456_000_000)

            let listed = try await client.get("/api/public/v1/applications", headers: admin)
            #expect(listed["applications"]?.arrayValue?.first?["clientSecret"] == "**********")
            #expect(!listed.text.contains(secret))
            let stored = try #require(try await harness.store.application(clientID: clientID))
            #expect(stored.secretHash != secret)

            let token = try await client.post(
                "/api/public/v1/applications/token",
                ["client_id": .string(clientID), "client_secret": .string(secret)])
            #expect(token.status == 200)
            let id = try #require(created["id"]?.stringValue)
            #expect(try await client.request(.delete, "/api/public/v1/applications/\(id)", headers: admin).status == 200)
            expectProblem(
                try await client.post(
                    "/api/public/v1/applications/token",
                    ["client_id": .string(clientID), "client_secret": .string(secret)]),
                status: 401, title: "invalid-api-key")
        }
    }

    @Test func offOnLoopbackRequiredElsewhere() throws {
        #expect(try APICredentials.from(environment: [:], host: "127.0.0.1").required == false)
        #expect(try APICredentials.from(environment: [:], host: "localhost").required == false)
        #expect(try APICredentials.from(environment: [:], host: "::1").required == false)
        #expect(try APICredentials.from(environment: [:], host: "127.0.0.1", require: true).required)
        let open = try APICredentials.from(environment: [:], host: "0.0.0.0")
        #expect(open.required)
        let problem = try #require(open.startupProblem(host: "0.0.0.0", applications: 0))
        #expect(problem.contains("SWIFTBYTE_API_USERNAME") && problem.contains("SWIFTBYTE_API_CLIENT_ID"))
        #expect(open.startupProblem(host: "0.0.0.0", applications: 1) == nil)
        let configured = try APICredentials.from(
            environment: ["SWIFTBYTE_API_USERNAME": "a", "SWIFTBYTE_API_PASSWORD": "b"],
            host: "0.0.0.0")
        #expect(configured.startupProblem(host: "0.0.0.0", applications: 0) == nil)
        #expect(throws: APICredentialsError.self) {
            try APICredentials.from(environment: ["SWIFTBYTE_API_CLIENT_ID": "a"], host: "0.0.0.0")
        }
    }

    @Test func whenOffAnyCredentialsWork() async throws {
        try await APIHarness().test { client in
            #expect(try await client.get("/api/public/v1/workspaces", headers: Self.basic("who", "ever")).status == 200)
            let token = try await client.post("/api/public/v1/applications/token", ["client_id": "x", "client_secret": "y"])
            #expect(token.status == 200)
        }
    }
}
