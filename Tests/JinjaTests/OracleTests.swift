import AirbyteProtocol
import Foundation
import Jinja
import Testing

/// Renders a corpus of templates with the Airbyte CDK (the oracle, in the venv of
/// `scripts/setup-oracles`) and with this engine, with the same contexts and the same
/// frozen clock, and compares: the plain render (text or error) and the CDK's
/// interpolation result (type and `repr`, or error) of every case.
///
/// The corpus: `Oracle/cases.json` (this module's own cases, one per construct), and
/// every distinct template of the manifests in `../shared/manifests` (or
/// `SWIFTBYTE_MANIFESTS`) when that folder exists; those get contexts synthesized
/// from the paths they read.
@Suite(.serialized) struct OracleTests {
    static let frozenMicros: Int64 = 1_717_200_000_123_456  // 2024-06-01T00:00:00.123456Z

    /// Templates whose Python result cannot match by construction, with the reason.
    static let knownDifferences: [String: String] = [
        "{{ config.get }}": "Python renders the bound method with its memory address",
        "{{ now_utc }}|": "Python renders the function with its memory address",
        "{{ config.names | map(attribute='x') }}": "Python renders the generator with its memory address",
        "{{ config.items }}": "Python renders the bound method with its memory address",
        "{{ config['get'] }}": "Python renders the bound method with its memory address",
        "{{ lipsum }}": "Python renders the function with its memory address",
    ]

    @Test(.enabled(if: Oracle.isAvailable || Oracle.isCI, "the oracle venv is missing: run scripts/setup-oracles"))
    func ownCasesAgreeWithTheCDK() async throws {
        let report = try await Oracle.compare(manifests: nil)
        report.print(title: "own cases")
        let unexpected = report.mismatches.filter { Self.knownDifferences[$0.template] == nil }
        #expect(
            unexpected.isEmpty,
            "\(unexpected.count) of \(report.total) runs differ from the CDK:\n\(Oracle.describe(unexpected.prefix(40)))")
        #expect(report.total > 1_000)
    }

    @Test(
        .enabled(
            if: (Oracle.isAvailable || Oracle.isCI) && Oracle.manifestDirectory != nil,
            "no manifest corpus at ../shared/manifests (set SWIFTBYTE_MANIFESTS)"))
    func manifestTemplatesAgreeWithTheCDK() async throws {
        let report = try await Oracle.compare(manifests: Oracle.manifestDirectory)
        report.print(title: "manifest templates")
        #expect(
            report.mismatches.isEmpty,
            "\(report.mismatches.count) of \(report.total) runs differ:\n\(Oracle.describe(report.mismatches.prefix(40)))")
        #expect(report.templates > 250)
    }
}

enum Oracle {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static var python: URL {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.cache")
        return URL(fileURLWithPath: cache + "/swiftbyte/oracle-venv/bin/python")
    }

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: python.path) }

    static var manifestDirectory: URL? {
        let path =
            ProcessInfo.processInfo.environment["SWIFTBYTE_MANIFESTS"]
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/manifests").path
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? URL(fileURLWithPath: path) : nil
    }

    struct Mismatch {
        let template: String
        let origin: String
        let what: String
        let python: String
        let swift: String
    }

    struct Report {
        var templates = 0
        var total = 0
        var agreeing = 0
        var templatesAgreeing = 0
        var mismatches: [Mismatch] = []

        func print(title: String) {
            let runs = String(format: "%.1f", Double(agreeing) / Double(max(total, 1)) * 100)
            let whole = String(format: "%.1f", Double(templatesAgreeing) / Double(max(templates, 1)) * 100)
            Swift.print(
                "Jinja oracle, \(title): \(templatesAgreeing)/\(templates) templates agree in every run (\(whole)%); "
                    + "\(agreeing)/\(total) comparisons agree (\(runs)%)")
        }
    }

    static func describe(_ mismatches: some Sequence<Mismatch>) -> String {
        mismatches.map {
            "  [\($0.origin)] \(String(reflecting: $0.template)) \($0.what):\n    python \($0.python)\n    swift  \($0.swift)"
        }
        .joined(separator: "\n")
    }

    /// Runs the oracle on the cases (and the manifests) and compares every run.
    static func compare(manifests: URL?) async throws -> Report {
        guard isAvailable else {
            Issue.record("the oracle venv is missing (\(python.path)): scripts/setup-oracles creates it")
            return Report()
        }
        let casesData = try Data(contentsOf: testsDirectory.appendingPathComponent("Oracle/cases.json"))
        guard case .object(let casesFile)? = try? JSONValue(parsing: casesData) else { throw OracleFailure("cases.json is not an object") }
        var request = JSONObject()
        request["frozen_utc_micros"] = .number(String(OracleTests.frozenMicros))
        if let manifests {
            request["manifest_dir"] = .string(manifests.path)
            request["cases"] = .array([])
        } else {
            request["manifest_dir"] = .null
            request["cases"] = casesFile["cases"]
        }
        let response = try await run(JSONValue.object(request).jsonText)
        guard case .array(let cases)? = response["cases"] else { throw OracleFailure("oracle response has no cases") }

        let environment = JinjaEnvironment.airbyte(clock: .fixed(epochMicroseconds: OracleTests.frozenMicros))
        let interpolation = JinjaInterpolation(environment: environment)
        var report = Report()
        for case .object(let item) in cases {
            guard case .string(let template)? = item["template"], case .array(let runs)? = item["runs"] else { continue }
            let origin = item["origin"]?.stringValue ?? "?"
            report.templates += 1
            var allAgree = true
            for case .object(let run) in runs {
                guard case .object(let context)? = run["context"] else { continue }
                let variables = Self.variables(context)
                let swiftRender = outcome { () throws(TemplateError) -> JinjaValue in
                    var renderContext = variables
                    renderContext["config"] = renderContext["config"] ?? .dict([(JinjaValue, JinjaValue)]())
                    renderContext["parameters"] = renderContext["parameters"] ?? .dict([(JinjaValue, JinjaValue)]())
                    if let slice = renderContext["stream_slice"] {
                        renderContext["stream_interval"] = slice
                        renderContext["stream_partition"] = slice
                    }
                    return .string(try JinjaTemplate(template, environment: environment).render(renderContext))
                }
                let swiftEval = outcome { () throws(TemplateError) -> JinjaValue in
                    try evaluate(item, template, variables, environment, interpolation)
                }
                for (what, swift) in [("render", swiftRender), ("eval", swiftEval)] {
                    report.total += 1
                    let python = pythonOutcome(run[what])
                    if python == swift {
                        report.agreeing += 1
                    } else {
                        allAgree = false
                        report.mismatches.append(Mismatch(template: template, origin: origin, what: what, python: python, swift: swift))
                    }
                }
            }
            if allAgree { report.templatesAgreeing += 1 }
        }
        return report
    }

    /// The case's interpolation: InterpolatedBoolean, JinjaInterpolation.eval with a
    /// default or valid types, or InterpolatedString.
    static func evaluate(
        _ item: JSONObject, _ template: String, _ variables: [String: JinjaValue],
        _ environment: JinjaEnvironment, _ interpolation: JinjaInterpolation
    ) throws(TemplateError) -> JinjaValue {
        var context = variables
        let config = context.removeValue(forKey: "config") ?? .dict([(JinjaValue, JinjaValue)]())
        let parameters = context.removeValue(forKey: "parameters") ?? .dict([(JinjaValue, JinjaValue)]())
        if item["boolean"] == .bool(true) {
            return .bool(try InterpolatedBoolean(template, parameters: parameters, environment: environment).eval(config, context))
        }
        let defaultText = item["default"]?.stringValue
        var validTypes: Set<PythonType>?
        if case .array(let names)? = item["valid_types"] {
            validTypes = Set(
                names.compactMap { name -> PythonType? in
                    switch name.stringValue {
                    case "str": return .str
                    case "int": return .int
                    case "float": return .float
                    case "bool": return .bool
                    case "list": return .list
                    case "dict": return .dict
                    case "tuple": return .tuple
                    default: return nil
                    }
                })
        }
        if defaultText != nil || validTypes != nil {
            context["parameters"] = parameters
            return try interpolation.eval(template, config: config, default: defaultText, validTypes: validTypes, variables: context)
        }
        return try InterpolatedString(template, parameters: parameters, environment: environment).eval(config, context)
    }

    /// The oracle's JSON context as Jinja values; `stream_slice` becomes a stream slice.
    static func variables(_ context: JSONObject) -> [String: JinjaValue] {
        var result: [String: JinjaValue] = [:]
        for (name, value) in context {
            if name == "stream_slice", case .object(let slice) = value {
                func members(_ key: String) -> [(String, JinjaValue)] {
                    guard case .object(let object)? = slice[key] else { return [] }
                    return object.map { ($0.key, JinjaValue($0.value)) }
                }
                result[name] = .streamSlice(
                    partition: members("partition"), cursorSlice: members("cursor_slice"),
                    extraFields: members("extra_fields"))
            } else {
                result[name] = JinjaValue(value)
            }
        }
        return result
    }

    static func pythonOutcome(_ value: JSONValue?) -> String {
        guard case .object(let object)? = value else { return "missing" }
        if object["ok"] == .bool(true) {
            return "\(object["type"]?.stringValue ?? "?") \(object["repr"]?.stringValue ?? "?")"
        }
        return "error \(object["error"]?.stringValue ?? "?")"
    }

    static func outcome(_ body: () throws(TemplateError) -> JinjaValue) -> String {
        do throws(TemplateError) {
            let value = try body()
            return "\(pythonTypeName(value)) \(value.pythonRepr)"
        } catch {
            return "error \(pythonExceptionName(error.code))"
        }
    }

    static func pythonTypeName(_ value: JinjaValue) -> String {
        switch value.kind {
        case .none: return "NoneType"
        case .string: return "str"
        case .undefined: return "Undefined"
        case .duration: return "Duration"
        default: return value.kind.rawValue
        }
    }

    static func pythonExceptionName(_ code: TemplateError.Code) -> String {
        switch code {
        case .undeclaredVariable: return "ValueError"
        case .unsupportedVariable: return "AirbyteTracedException"
        case .patternError: return "error"
        default: return code.pythonException
        }
    }

    struct OracleFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `oracle.py` once with `request` on stdin; its stdout is the JSON response.
    static func run(_ request: String) async throws -> JSONObject {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jinja-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("request.json")
        let output = directory.appendingPathComponent("response.json")
        let errors = directory.appendingPathComponent("stderr.txt")
        try Data(request.utf8).write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = python
        process.arguments = [testsDirectory.appendingPathComponent("Oracle/oracle.py").path]
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else {
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw OracleFailure("oracle.py exited with \(status): \(stderr.suffix(2_000))")
        }
        guard case .object(let response) = try JSONValue(parsing: try Data(contentsOf: output)) else {
            throw OracleFailure("oracle.py did not print a JSON object")
        }
        return response
    }
}
