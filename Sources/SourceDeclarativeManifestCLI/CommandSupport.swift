import AirbyteProtocol
import DeclarativeManifest
import DeclarativeSource
import Foundation

/// What the subcommands share: reading the inputs, building the source, failing as the CDK does.
enum CommandSupport {
    struct InputError: Error, CustomStringConvertible {
        var description: String
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(description: "Cannot read \(path)")
        }
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw InputError(description: "\(path) is not valid JSON: \(error)")
        }
    }

    /// Runs the process's tasks on SwiftNIO's event loops, where async-http-client does its
    /// I/O, instead of on Swift's own thread pool; once per process, before any task starts
    /// work (`read` calls it first).
    ///
    /// A paginated stream is a chain: each page's token is in the page before. On the pool,
    /// every link hands work between threads (request to the event loop, response back to a
    /// task) and wakes a sleeping thread each time; on the loops a task resumes where its
    /// response arrived. Measured on `bench/declarative`'s API (2 cores, same engine code
    /// either way): about 6,900 context switches per `read` of all three streams down to
    /// 1,000, CPU time down by a sixth to a quarter, and the 500-page chain's time per page
    /// down from 359 to 343 µs. Nothing in the engine blocks a thread waiting for an event
    /// loop (which would stall it now), and output writes block as they did on the pool.
    static func runTasksOnEventLoops() {
        _ = EventLoopGlobalExecutor.install()
    }

    /// Prints an error TRACE message and exits 1.
    static func fail(
        message: String, internalMessage: String? = nil, failureType: AirbyteErrorTraceMessage.FailureType = .systemError,
        sink: any MessageSink
    ) -> Never {
        sink.writeErrorTrace(message: message, internalMessage: internalMessage, failureType: failureType)
        Foundation.exit(1)
    }

    /// The source the inputs describe, validated, with the config migrated (written back and
    /// sent as a CONNECTOR_CONFIG message when it changed); on failure, an error TRACE and exit 1.
    static func makeSource(_ inputs: SourcePreparation.Inputs, sink: any MessageSink) async -> DeclarativeSource {
        do {
            let preparation = try await SourcePreparation.take(inputs)
            // The migrated config replaces the config file and goes out as a CONNECTOR_CONFIG
            // control message, even when the manifest then fails to validate.
            if let migrated = preparation.migratedConfig {
                let text = JSONValue.object(migrated).jsonText
                if !FileManager.default.createFile(atPath: inputs.config, contents: Data(text.utf8)) {
                    // The run goes on with the migrated config, and the platform stores it from the
                    // CONNECTOR_CONFIG message; only a caller reading the file back misses it.
                    sink.writeLog(
                        .warning,
                        "Could not write the migrated config back to \(inputs.config); this run uses it, and it is sent as a CONNECTOR_CONFIG message"
                    )
                }
                sink.writeConnectorConfig(migrated)
            }
            return try preparation.source.get()
        } catch {
            let message = (error as? ManifestError)?.description ?? "\(error)"
            fail(
                message:
                    "Error starting the sync. This could be due to an invalid configuration or catalog. Please contact Support for assistance. Error: \(message)",
                internalMessage: String(reflecting: error), sink: sink)
        }
    }
}
