/// Python's `datetime`, `date` and duration methods.
enum DatetimeMethods {
    static func datetimeCall(_ dt: PythonDatetime, _ name: String, _ args: Arguments) throws(TemplateError) -> JinjaValue {
        switch name {
        case "strftime":
            let p = try args.bind(name, ["format"], defaults: [])
            guard case .string(let format) = p[0].storage else { throw .type("strftime() argument 1 must be str, not \(p[0].typeName)") }
            return .string(Strftime.format(dt, format))
        case "isoformat":
            let p = try args.bind(name, ["sep", "timespec"], defaults: ["T", "auto"])
            guard case .string(let sep) = p[0].storage, sep.unicodeScalars.count == 1 else {
                throw .type("isoformat() argument 1 must be a unicode character, not \(p[0].typeName)")
            }
            guard case .string(let timespec) = p[1].storage else { throw .type("isoformat() argument 2 must be str") }
            return .string(try dt.isoformat(separator: sep, timespec: timespec))
        case "timestamp":
            try args.noKeywords(name)
            return .float(dt.timestamp)
        case "date":
            return .date(dt.date)
        case "weekday": return .int(dt.date.weekday)
        case "isoweekday": return .int(dt.date.weekday + 1)
        case "toordinal": return .int(dt.date.ordinal)
        case "isocalendar":
            return isoCalendarValue(dt.date)
        case "ctime": return .string(Strftime.format(dt, "%a %b %e %H:%M:%S %Y"))
        case "utcoffset":
            return dt.timeZone.map { .timedelta($0.utcOffset) } ?? .none
        case "tzname":
            return dt.timeZone.map { $0.name.map(JinjaValue.string) ?? .none } ?? .none
        case "dst":
            return dt.timeZone == nil ? .none : (dt.timeZone?.style == .standard ? .none : .timedelta(.zero))
        case "astimezone":
            let p = try args.bind(name, ["tz"], defaults: [JinjaValue.none])
            guard p[0].isNone else { throw .type("astimezone() argument 1 must be a tzinfo from this template, which is not supported") }
            // No argument: the system zone, UTC where Airbyte runs.
            return .datetime(try dt.converted(to: PythonTimeZone(offsetSeconds: 0, name: "UTC", style: .standard)))
        case "replace":
            guard args.positional.isEmpty else { throw .type("replace() takes keyword arguments here") }
            var fields = [
                "year": dt.year, "month": dt.month, "day": dt.day, "hour": dt.hour, "minute": dt.minute,
                "second": dt.second, "microsecond": dt.microsecond,
            ]
            var zone = dt.timeZone
            for (key, value) in args.keyword {
                if key == "tzinfo" {
                    if value.isNone { zone = nil } else { throw .type("replace(tzinfo=...) only accepts None in templates") }
                    continue
                }
                guard fields[key] != nil else { throw .type("'\(key)' is an invalid keyword argument for replace()") }
                guard case .int(let n)? = value.numeric, !value.isBool else {
                    throw .type("'\(value.typeName)' object cannot be interpreted as an integer")
                }
                fields[key] = n
            }
            return .datetime(
                try PythonDatetime(
                    year: fields["year"]!, month: fields["month"]!, day: fields["day"]!,
                    hour: fields["hour"]!, minute: fields["minute"]!, second: fields["second"]!,
                    microsecond: fields["microsecond"]!, timeZone: zone))
        default:
            throw TemplateError(.attributeError, "'datetime.datetime' object has no attribute '\(name)'")
        }
    }

    static func dateCall(_ date: PythonDate, _ name: String, _ args: Arguments) throws(TemplateError) -> JinjaValue {
        switch name {
        case "strftime":
            let p = try args.bind(name, ["format"], defaults: [])
            guard case .string(let format) = p[0].storage else { throw .type("strftime() argument 1 must be str, not \(p[0].typeName)") }
            return .string(Strftime.format(date, format))
        case "isoformat": return .string(date.isoformat)
        case "weekday": return .int(date.weekday)
        case "isoweekday": return .int(date.weekday + 1)
        case "toordinal": return .int(date.ordinal)
        case "isocalendar":
            return isoCalendarValue(date)
        case "ctime": return .string(Strftime.format(date, "%a %b %e %H:%M:%S %Y"))
        case "replace":
            var fields = ["year": date.year, "month": date.month, "day": date.day]
            let names = ["year", "month", "day"]
            for (index, value) in args.positional.enumerated() where index < 3 {
                guard case .int(let n)? = value.numeric else { throw .type("an integer is required") }
                fields[names[index]] = n
            }
            for (key, value) in args.keyword {
                guard fields[key] != nil, case .int(let n)? = value.numeric else {
                    throw .type("'\(key)' is an invalid keyword argument for replace()")
                }
                fields[key] = n
            }
            return .date(try PythonDate(year: fields["year"]!, month: fields["month"]!, day: fields["day"]!))
        default:
            throw TemplateError(.attributeError, "'datetime.date' object has no attribute '\(name)'")
        }
    }

    static func durationCall(_ duration: ISODuration, _ name: String, _ args: Arguments) throws(TemplateError) -> JinjaValue {
        switch (duration, name) {
        case (.calendar(_, _, let rest), "total_seconds"): return .float(rest.totalSeconds)
        case (.calendar, "totimedelta"):
            let p = try args.bind(name, ["start", "end"], defaults: [JinjaValue.none, JinjaValue.none])
            if case .datetime(let start) = p[0].storage, p[1].isNone {
                return .timedelta(try duration.added(to: start).difference(start))
            }
            if case .datetime(let end) = p[1].storage, p[0].isNone {
                return .timedelta(try end.difference(try duration.subtracted(from: end)))
            }
            throw .value("start or end required")
        default:
            throw TemplateError(.attributeError, "'Duration' object has no attribute '\(name)'")
        }
    }
}

/// `datetime.IsoCalendarDate(year=..., week=..., weekday=...)`.
func isoCalendarValue(_ date: PythonDate) -> JinjaValue {
    let iso = date.isoCalendar
    return JinjaValue(
        storage: .namedTuple(
            NamedTuple(
                typeName: "datetime.IsoCalendarDate", fields: ["year", "week", "weekday"],
                values: [.int(iso.year), .int(iso.week), .int(iso.weekday)])))
}

extension JinjaValue {
    var isBool: Bool {
        if case .bool = storage { return true }
        return false
    }
}
