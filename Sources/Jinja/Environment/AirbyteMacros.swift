import Foundation

/// The Airbyte CDK's macros (`interpolation/macros.py`), the globals of its templates.
extension JinjaEnvironment {
    mutating func installAirbyteMacros() {
        let clock = self.clock
        addInternalGlobal("now_utc") { a, _ throws(TemplateError) in
            _ = try a.bind("now_utc", [], defaults: [])
            return .datetime(try clock.nowUTC())
        }
        addInternalGlobal("today_utc") { a, _ throws(TemplateError) in
            _ = try a.bind("today_utc", [], defaults: [])
            return .date(try clock.nowUTC().date)
        }
        addInternalGlobal("today_with_timezone") { a, _ throws(TemplateError) in
            let p = try a.bind("today_with_timezone", ["timezone"], defaults: [])
            guard case .string(let name) = p[0].storage else {
                if case .undefined(let u) = p[0].storage { throw u.error }
                throw TemplateError(.keyError, p[0].pythonRepr)
            }
            guard let zone = TimeZone(identifier: name) else { throw TemplateError(.keyError, JinjaValue.stringRepr(name)) }
            let micros = clock.epochMicroseconds
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(micros) / 1e6))
            return .date(try PythonDatetime(epochMicroseconds: micros, timeZone: .fixed(offsetSeconds: offset)).date)
        }
        addInternalGlobal("timestamp") { a, _ throws(TemplateError) in
            let p = try a.bind("timestamp", ["dt"], defaults: [])
            switch p[0].numeric {
            case .int(let n)?: return .int(n)
            case .big?: return try p[0].positive()
            case .float(let x)?:
                guard !x.isNaN else { throw .value("cannot convert float NaN to integer") }
                guard x.isFinite else { throw TemplateError(.overflow, "cannot convert float infinity to integer") }
                return JinjaValue.integerFromDouble(x.rounded(.towardZero))
            case nil:
                return .float(try strToDatetime(p[0]).timestamp)
            }
        }
        addInternalGlobal("str_to_datetime") { a, _ throws(TemplateError) in
            let p = try a.bind("str_to_datetime", ["s"], defaults: [])
            return .datetime(try strToDatetime(p[0]))
        }
        addInternalGlobal("max") { a, _ throws(TemplateError) in try builtinMinMax(a, max: true) }
        addInternalGlobal("min") { a, _ throws(TemplateError) in try builtinMinMax(a, max: false) }
        addInternalGlobal("day_delta") { a, _ throws(TemplateError) in
            let p = try a.bind("day_delta", ["num_days", "format"], defaults: ["%Y-%m-%dT%H:%M:%S.%f%z"])
            let delta: PythonTimedelta
            switch p[0].numeric {
            case .int(let n)?: delta = try PythonTimedelta(days: n)
            case .float(let x)?: delta = try PythonTimedelta(fractionalDays: x)
            default:
                if case .undefined(let u) = p[0].storage { throw u.error }
                throw .type("unsupported type for timedelta days component: \(p[0].typeName)")
            }
            guard case .string(let format) = p[1].storage else { throw .type("strftime() argument 1 must be str, not \(p[1].typeName)") }
            return .string(Strftime.format(try clock.nowUTC().adding(delta), format))
        }
        addInternalGlobal("duration") { a, _ throws(TemplateError) in
            let p = try a.bind("duration", ["datestring"], defaults: [])
            guard case .string(let text) = p[0].storage else { throw .type("Expecting a string \(p[0].pythonRepr)") }
            return .duration(try ISODuration.parse(text))
        }
        addInternalGlobal("format_datetime") { a, _ throws(TemplateError) in
            let p = try a.bind("format_datetime", ["dt", "format", "input_format"], defaults: [JinjaValue.none])
            let inputFormat: String? = p[2].isTruthy ? p[2].stringValue : nil
            if case .datetime(let dt) = p[0].storage {
                guard case .string(let format) = p[1].storage else {
                    throw .type("strftime() argument 1 must be str, not \(p[1].typeName)")
                }
                return .string(Strftime.format(dt, format))
            }
            var parsed: PythonDatetime
            if case .int? = p[0].numeric, !isFloat(p[0]) {
                parsed = try DatetimeParser.parse(
                    p[0].description == "True" ? "1" : (p[0].description == "False" ? "0" : p[0].description),
                    format: inputFormat ?? "%s")
            } else if let inputFormat {
                guard case .string(let text) = p[0].storage else { throw .type("strptime() argument 1 must be str, not \(p[0].typeName)") }
                parsed = try Strptime.parse(text, inputFormat)
            } else {
                parsed = try strToDatetime(p[0])
            }
            if parsed.timeZone == nil { parsed = parsed.replacingTimeZone(.pytzUTC) }
            guard case .string(let format) = p[1].storage else { throw .type("argument of type '\(p[1].typeName)' is not iterable") }
            return .string(DatetimeParser.format(parsed, format: format))
        }
        addInternalGlobal("sanitize_url") { a, _ throws(TemplateError) in
            let p = try a.bind("sanitize_url", ["value"], defaults: [])
            guard case .string(let text) = p[0].storage else {
                if case .undefined(let u) = p[0].storage { throw u.error }
                throw .type("quote_from_bytes() expected bytes")
            }
            return .string(URLQuote.quote(text, safe: "", plusForSpace: true))
        }
        addInternalGlobal("camel_case_to_snake_case") { a, _ throws(TemplateError) in
            let p = try a.bind("camel_case_to_snake_case", ["value"], defaults: [])
            guard case .string(let text) = p[0].storage else { throw .type("expected string or bytes-like object, got '\(p[0].typeName)'") }
            var out = ""
            for (index, scalar) in text.unicodeScalars.enumerated() {
                if index > 0, ("A"..."Z").contains(scalar) { out += "_" }
                out.unicodeScalars.append(scalar)
            }
            return .string(out.lowercased())
        }
        addInternalGlobal("generate_uuid") { a, _ throws(TemplateError) in
            _ = try a.bind("generate_uuid", [], defaults: [])
            return .string(UUID().uuidString.lowercased())
        }
        removeGlobal("range")
    }
}

private func isFloat(_ value: JinjaValue) -> Bool {
    if case .float = value.storage { return true }
    return false
}

/// The CDK's `str_to_datetime`: `dateutil.parser.isoparse`, UTC when naive, then
/// converted to `pytz.utc`.
func strToDatetime(_ value: JinjaValue) throws(TemplateError) -> PythonDatetime {
    guard case .string(let text) = value.storage else {
        if case .undefined(let u) = value.storage { throw u.error }
        throw .type("object of type '\(value.typeName)' has no len()")
    }
    var parsed = try ISOParser.parse(text)
    if parsed.timeZone == nil { parsed = parsed.replacingTimeZone(.pytzUTC) }
    return try parsed.converted(to: .pytzUTC)
}

/// Python's builtin `max(*args)` / `min(*args)` (no keyword arguments: the CDK's
/// wrappers take only positional ones).
func builtinMinMax(_ a: Arguments, max: Bool) throws(TemplateError) -> JinjaValue {
    let name = max ? "max" : "min"
    if let keyword = a.keyword.first { throw .type("\(name)() got an unexpected keyword argument '\(keyword.0)'") }
    let items: [JinjaValue]
    switch a.positional.count {
    case 0: throw .type("\(name) expected at least 1 argument, got 0")
    case 1:
        items = try Attributes.iterate(a.positional[0])
        guard !items.isEmpty else { throw .value("\(name)() arg is an empty sequence") }
    default: items = a.positional
    }
    var best = items[0]
    for item in items.dropFirst() {
        let order = try item.compare(best, max ? ">" : "<")
        if let order, max ? order > 0 : order < 0 { best = item }
    }
    return best
}
