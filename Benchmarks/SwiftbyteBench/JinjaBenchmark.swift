import AirbyteProtocol
import ArgumentParser
import Foundation
import Jinja

/// `swiftbyte-bench jinja WORKLOAD`: times `InterpolatedString.eval` (templates parsed
/// once) on the workload bench/jinja uses, and prints the same JSON as bench/jinja_cdk.py.
struct JinjaBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jinja",
        abstract: "Time the Jinja interpolation of declarative sources on a workload file."
    )

    @Argument(help: "bench/jinja-workload.json")
    var workload: String

    @Option(help: "Rounds over all templates per run.")
    var iterations = 20_000

    @Option(help: "Timed runs.")
    var runs = 5

    func run() throws {
        guard case .object(let file) = try JSONValue(parsing: try Data(contentsOf: URL(fileURLWithPath: workload))),
            case .object(var context)? = file["context"], case .array(let sources)? = file["templates"],
            let frozen = file["frozen_utc_micros"]?.int64Value
        else { throw ValidationError("\(workload) is not a Jinja workload file") }
        let environment = JinjaEnvironment.airbyte(clock: .fixed(epochMicroseconds: frozen))
        let config = JinjaValue(context["config"] ?? .object(JSONObject()))
        let parameters = JinjaValue(context["parameters"] ?? .object(JSONObject()))
        context["config"] = nil
        context["parameters"] = nil
        var variables: [String: JinjaValue] = [:]
        for (name, value) in context {
            if name == "stream_slice", case .object(let slice) = value {
                func members(_ key: String) -> [(String, JinjaValue)] {
                    slice[key]?.objectValue.map { $0.map { ($0.key, JinjaValue($0.value)) } } ?? []
                }
                variables[name] = .streamSlice(partition: members("partition"), cursorSlice: members("cursor_slice"))
            } else {
                variables[name] = JinjaValue(value)
            }
        }
        let templates = sources.compactMap(\.stringValue).map {
            InterpolatedString($0, parameters: parameters, environment: environment)
        }
        var results: [JSONValue] = []
        for template in templates { results.append(.string(try template.eval(config, variables).pythonRepr)) }
        var seconds: [JSONValue] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            for _ in 0..<iterations {
                for template in templates { _ = try template.eval(config, variables) }
            }
            let elapsed = ContinuousClock.now - start
            seconds.append(.number(String(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)))
        }
        var report = JSONObject()
        report["engine"] = "swiftbyte Jinja"
        report["evaluations"] = .number(String(iterations * templates.count))
        report["seconds"] = .array(seconds)
        report["results"] = .array(results)
        print(JSONValue.object(report).jsonText)
    }
}
