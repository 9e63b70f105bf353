public import AirbyteProtocol

/// A Python value as a Jinja template sees it: `None`, `bool`, `int`, `float`,
/// `str`, `list`, `tuple`, `dict`, `datetime`, `date`, `timedelta`, an `isodate`
/// duration, or Jinja's undefined.
///
/// Values behave as in Python: ``isTruthy`` is Python truthiness, `==` is Python
/// equality (`1 == 1.0 == True`), ``description`` is `str()` and ``pythonRepr``
/// is `repr()`. Build them from JSON with ``init(_:)-(JSONValue)`` (numbers without
/// a fraction or exponent become `int`, like Python's `json`), from Swift literals,
/// or with the static constructors.
///
/// Values have value semantics: a template that calls `append` or `update` changes
/// its own copy (the variable it called through), never the caller's context.
///
/// Integers are 64-bit, and exact beyond (literals, JSON, results of `+`, `-`, `*`
/// and `**`); dividing such huge integers is done in floating point, where Python
/// would stay exact.
public struct JinjaValue: Sendable {
    var storage: Storage

    init(storage: Storage) { self.storage = storage }

    /// The cases with large payloads are `indirect` (boxed), so that a value stays a few
    /// words and copies cheaply: templates copy values all the time.
    enum Storage: Sendable {
        indirect case undefined(Undefined)
        case none
        case bool(Bool)
        case int(Int)
        indirect case bigInt(BigInteger)
        case float(Double)
        case string(String)
        case bytes([UInt8])
        case list(JinjaList)
        case tuple([JinjaValue])
        case set([JinjaValue])
        case dict(JinjaDict)
        indirect case dictView(DictView)
        indirect case datetime(PythonDatetime)
        indirect case date(PythonDate)
        indirect case timedelta(PythonTimedelta)
        indirect case duration(ISODuration)
        indirect case streamSlice(StreamSlice)
        case namespace(Namespace)
        indirect case loop(LoopState)
        indirect case function(JinjaFunction)
        /// A generator or iterator, as `map`, `select` and `reverse` return: iterable,
        /// always truthy, without a length.
        indirect case iterator(IteratorValue)
        /// A named tuple such as `datetime.IsoCalendarDate`: a tuple with field names.
        indirect case namedTuple(NamedTuple)
        /// Python's `Ellipsis` (`...`), which `literal_eval` accepts.
        case ellipsis
    }

    /// What kind of Python value this is.
    public enum Kind: String, Sendable, Hashable {
        case undefined, none, bool, int, float, string, bytes, list, tuple, set, dict, datetime, date, timedelta, ellipsis
        /// An `isodate.Duration` with years or months.
        case duration
        /// Anything else: a function, a namespace, a loop object, a dict view.
        case object
    }

    /// What kind of Python value this is; a stream slice is a `dict`.
    public var kind: Kind {
        switch storage {
        case .undefined: return .undefined
        case .none: return .none
        case .bool: return .bool
        case .int, .bigInt: return .int
        case .float: return .float
        case .string: return .string
        case .bytes: return .bytes
        case .list: return .list
        case .tuple, .namedTuple: return .tuple
        case .ellipsis: return .ellipsis
        case .set: return .set
        case .dict, .streamSlice: return .dict
        case .datetime: return .datetime
        case .date: return .date
        case .timedelta: return .timedelta
        case .duration: return .duration
        case .dictView, .namespace, .loop, .function, .iterator: return .object
        }
    }

    // MARK: Constructors

    /// Python `None`.
    public static let none = JinjaValue(storage: .none)
    /// Jinja's undefined: what a missing variable, key or attribute gives. Renders as
    /// nothing and is falsy; using it further (an attribute of it, arithmetic) is an
    /// `UndefinedError`.
    public static let undefined = JinjaValue(storage: .undefined(Undefined(hint: nil)))

    public static func bool(_ value: Bool) -> JinjaValue { JinjaValue(storage: .bool(value)) }
    public static func int(_ value: Int) -> JinjaValue { JinjaValue(storage: .int(value)) }
    public static func float(_ value: Double) -> JinjaValue { JinjaValue(storage: .float(value)) }
    public static func string(_ value: String) -> JinjaValue { JinjaValue(storage: .string(value)) }
    public static func list(_ values: [JinjaValue]) -> JinjaValue { JinjaValue(storage: .list(JinjaList(values))) }
    public static func tuple(_ values: [JinjaValue]) -> JinjaValue { JinjaValue(storage: .tuple(values)) }
    /// A dict with these items in this order; a repeated key keeps its last value at its first position.
    public static func dict(_ items: [(JinjaValue, JinjaValue)]) -> JinjaValue {
        JinjaValue(storage: .dict(JinjaDict(items)))
    }
    /// A dict with string keys, in this order.
    public static func dict(_ items: [(String, JinjaValue)]) -> JinjaValue {
        JinjaValue(storage: .dict(JinjaDict(items.map { (JinjaValue.string($0.0), $0.1) })))
    }
    /// A dict whose string keys are looked up case-insensitively, like the
    /// `requests` response headers an error handler's predicate sees as `headers`.
    public static func caseInsensitiveDict(_ items: [(String, JinjaValue)]) -> JinjaValue {
        JinjaValue(storage: .dict(JinjaDict(items.map { (JinjaValue.string($0.0), $0.1) }, caseInsensitive: true)))
    }
    public static func datetime(_ value: PythonDatetime) -> JinjaValue { JinjaValue(storage: .datetime(value)) }
    public static func date(_ value: PythonDate) -> JinjaValue { JinjaValue(storage: .date(value)) }
    public static func timedelta(_ value: PythonTimedelta) -> JinjaValue { JinjaValue(storage: .timedelta(value)) }
    /// What `isodate.parse_duration` returns: a timedelta, or a duration with years or months.
    public static func duration(_ value: ISODuration) -> JinjaValue {
        switch value {
        case .timedelta(let delta): return JinjaValue(storage: .timedelta(delta))
        case .calendar: return JinjaValue(storage: .duration(value))
        }
    }

    /// The CDK's `StreamSlice`: a read-only mapping of the partition's and the cursor
    /// slice's keys, with the attributes `partition`, `cursor_slice` and `extra_fields`
    /// (an attribute wins over a key of the same name, as in Jinja). It is truthy when
    /// it has keys or extra fields. Pass it as `stream_slice`; the interpolation adds
    /// `stream_interval` and `stream_partition` as aliases.
    public static func streamSlice(
        partition: [(String, JinjaValue)], cursorSlice: [(String, JinjaValue)],
        extraFields: [(String, JinjaValue)] = []
    ) -> JinjaValue {
        JinjaValue(
            storage: .streamSlice(
                StreamSlice(
                    partition: JinjaDict(partition.map { (.string($0.0), $0.1) }),
                    cursorSlice: JinjaDict(cursorSlice.map { (.string($0.0), $0.1) }),
                    extraFields: JinjaDict(extraFields.map { (.string($0.0), $0.1) }))))
    }

    /// The Python value Python's `json.loads` gives for `json`: objects become dicts
    /// (in order), arrays lists, numbers `int` when their text has no fraction or
    /// exponent and `float` otherwise. Containers are converted lazily, on access.
    public init(_ json: JSONValue) {
        switch json {
        case .null: storage = .none
        case .bool(let value): storage = .bool(value)
        case .string(let value): storage = .string(value)
        case .number(let text): storage = Self.number(jsonText: text)
        case .array(let values): storage = .list(JinjaList(json: values))
        case .object(let object): storage = .dict(JinjaDict(json: object))
        }
    }

    /// A dict of `object`'s members, converted lazily.
    public init(_ object: JSONObject) {
        storage = .dict(JinjaDict(json: object))
    }

    static func number(jsonText text: String) -> Storage {
        if text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            return .float(Double(text) ?? .nan)
        }
        if let value = Int(text) { return .int(value) }
        return .bigInt(BigInteger(decimal: text) ?? BigInteger(negative: false, digits: "0"))
    }

    // MARK: Reading

    /// Whether this is anything but Jinja's undefined.
    public var isDefined: Bool {
        if case .undefined = storage { return false }
        return true
    }

    /// Whether this is Python `None`.
    public var isNone: Bool {
        if case .none = storage { return true }
        return false
    }

    /// The `bool`, or `nil` for other kinds.
    public var boolValue: Bool? {
        if case .bool(let value) = storage { return value }
        return nil
    }

    /// The `int` if it fits 64 bits (a `bool` is not an `int` here), or `nil`.
    public var intValue: Int? {
        if case .int(let value) = storage { return value }
        return nil
    }

    /// The number as a double for an `int` or a `float`, or `nil`.
    public var doubleValue: Double? {
        switch storage {
        case .int(let value): return Double(value)
        case .bigInt(let value): return value.doubleValue
        case .float(let value): return value
        default: return nil
        }
    }

    /// The `str`, or `nil` for other kinds.
    public var stringValue: String? {
        if case .string(let value) = storage { return value }
        return nil
    }

    /// The elements of a `list`, `tuple` or `set`, or `nil`.
    public var arrayValue: [JinjaValue]? {
        switch storage {
        case .list(let list): return list.elements
        case .tuple(let values), .set(let values): return values
        case .namedTuple(let tuple): return tuple.values
        default: return nil
        }
    }

    /// What `for item in value` yields in Python: a list's elements, a dict's keys, a
    /// str's characters (nothing for undefined); throws Python's `TypeError` for values
    /// that are not iterable (`int`, `None`, …).
    package func pythonIteration() throws(TemplateError) -> [JinjaValue] { try Attributes.iterate(self) }

    /// The items of a `dict` (or stream slice) in order, or `nil`.
    public var dictItems: [(key: JinjaValue, value: JinjaValue)]? {
        switch storage {
        case .dict(let dict): return dict.items.map { (key: $0.0, value: $0.1) }
        case .streamSlice(let slice): return slice.merged.items.map { (key: $0.0, value: $0.1) }
        default: return nil
        }
    }

    /// The value under string key `key` of a `dict` (or stream slice), or `nil`.
    public subscript(key: String) -> JinjaValue? {
        switch storage {
        case .dict(let dict): return dict[string: key]
        case .streamSlice(let slice): return slice.merged[string: key]
        default: return nil
        }
    }

    /// The `datetime`, or `nil`.
    public var datetimeValue: PythonDatetime? {
        if case .datetime(let value) = storage { return value }
        return nil
    }

    /// The `date`, or `nil` (a datetime is not a date here).
    public var dateValue: PythonDate? {
        if case .date(let value) = storage { return value }
        return nil
    }

    /// A `timedelta` or a duration, or `nil`.
    public var durationValue: ISODuration? {
        switch storage {
        case .timedelta(let value): return .timedelta(value)
        case .duration(let value): return value
        default: return nil
        }
    }
}

// MARK: Literals

extension JinjaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .none }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JinjaValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, JinjaValue)...) { self = .dict(elements) }
}
