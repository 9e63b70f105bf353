import Foundation

/// Python's arithmetic operators, with its errors: a `TypeError` for kinds it does
/// not combine, a `ZeroDivisionError`, an `UndefinedError` for undefined operands.
extension JinjaValue {
    enum BinaryOperator: String, Sendable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case floorDivide = "//"
        case modulo = "%"
        case power = "**"
    }

    func binary(_ op: BinaryOperator, _ other: JinjaValue) throws(TemplateError) -> JinjaValue {
        if case .undefined(let undefined) = storage { throw undefined.error }
        if case .undefined(let undefined) = other.storage { throw undefined.error }
        if let a = numeric, let b = other.numeric { return try Self.numberOperation(op, a, b) }
        switch op {
        case .add: return try add(other)
        case .subtract: return try subtract(other)
        case .multiply: return try multiply(other)
        case .divide, .floorDivide: return try divideDuration(op, other)
        case .modulo:
            if case .string(let format) = storage { return .string(try PythonFormat.percent(format, other)) }
            if case .timedelta(let a) = storage, case .timedelta(let b) = other.storage {
                let (x, y) = (Int64(a.totalMicroseconds), Int64(b.totalMicroseconds))
                guard y != 0 else { throw TemplateError(.zeroDivision, "integer division or modulo by zero") }
                return .timedelta(try PythonTimedelta(microseconds: Int(floorMod(x, y))))
            }
        case .power: break
        }
        throw unsupported(op, other)
    }

    func unsupported(_ op: BinaryOperator, _ other: JinjaValue) -> TemplateError {
        if op == .add, case .string = storage {
            return .type("can only concatenate str (not \"\(other.typeName)\") to str")
        }
        if op == .add, case .list = storage {
            return .type("can only concatenate list (not \"\(other.typeName)\") to list")
        }
        return .type("unsupported operand type(s) for \(op.rawValue): '\(typeName)' and '\(other.typeName)'")
    }

    private func add(_ other: JinjaValue) throws(TemplateError) -> JinjaValue {
        switch (storage, other.storage) {
        case (.string(let a), .string(let b)): return .string(a + b)
        case (.bytes(let a), .bytes(let b)): return JinjaValue(storage: .bytes(a + b))
        case (.list(let a), .list(let b)): return .list(a.elements + b.elements)
        case (.tuple(let a), .tuple(let b)): return .tuple(a + b)
        case (.datetime(let a), .timedelta(let b)), (.timedelta(let b), .datetime(let a)): return .datetime(try a.adding(b))
        case (.datetime(let a), .duration(let b)), (.duration(let b), .datetime(let a)): return .datetime(try b.added(to: a))
        case (.date(let a), .timedelta(let b)), (.timedelta(let b), .date(let a)): return .date(try a.adding(days: b.days))
        case (.date(let a), .duration(let b)), (.duration(let b), .date(let a)): return .date(try b.added(to: a, negate: false))
        case (.timedelta(let a), .timedelta(let b)): return .timedelta(try a + b)
        case (.duration(.calendar(let y, let m, let r)), .timedelta(let b)), (.timedelta(let b), .duration(.calendar(let y, let m, let r))):
            return .duration(.calendar(years: y, months: m, rest: try r + b))
        case (.duration(.calendar(let y1, let m1, let r1)), .duration(.calendar(let y2, let m2, let r2))):
            return .duration(.calendar(years: y1 + y2, months: m1 + m2, rest: try r1 + r2))
        default: throw unsupported(.add, other)
        }
    }

    private func subtract(_ other: JinjaValue) throws(TemplateError) -> JinjaValue {
        switch (storage, other.storage) {
        case (.datetime(let a), .timedelta(let b)): return .datetime(try a.subtracting(b))
        case (.datetime(let a), .datetime(let b)): return .timedelta(try a.difference(b))
        case (.datetime(let a), .duration(let b)): return .datetime(try b.subtracted(from: a))
        case (.date(let a), .date(let b)): return .timedelta(try PythonTimedelta(days: a.ordinal - b.ordinal))
        case (.date(let a), .timedelta(let b)): return .date(try a.adding(days: -b.days))
        case (.date(let a), .duration(let b)): return .date(try b.added(to: a, negate: true))
        case (.timedelta(let a), .timedelta(let b)): return .timedelta(try a - b)
        case (.duration(.calendar(let y, let m, let r)), .timedelta(let b)):
            return .duration(.calendar(years: y, months: m, rest: try r - b))
        case (.timedelta(let a), .duration(.calendar(let y, let m, let r))):
            return .duration(.calendar(years: -y, months: -m, rest: try a - r))
        case (.duration(.calendar(let y1, let m1, let r1)), .duration(.calendar(let y2, let m2, let r2))):
            return .duration(.calendar(years: y1 - y2, months: m1 - m2, rest: try r1 - r2))
        case (.set(let a), .set(let b)): return JinjaValue(storage: .set(a.filter { !b.contains($0) }))
        default: throw unsupported(.subtract, other)
        }
    }

    private func multiply(_ other: JinjaValue) throws(TemplateError) -> JinjaValue {
        func repeatCount(_ value: JinjaValue) -> Int? {
            if case .int(let n)? = value.numeric { return max(0, n) }
            return nil
        }
        switch (storage, other.storage) {
        case (.string(let text), _):
            if let n = repeatCount(other) { return .string(String(repeating: text, count: n)) }
        case (_, .string(let text)):
            if let n = repeatCount(self) { return .string(String(repeating: text, count: n)) }
        case (.list(let list), _):
            if let n = repeatCount(other) { return .list(Array(repeating: list.elements, count: n).flatMap { $0 }) }
        case (_, .list(let list)):
            if let n = repeatCount(self) { return .list(Array(repeating: list.elements, count: n).flatMap { $0 }) }
        case (.tuple(let values), _):
            if let n = repeatCount(other) { return .tuple(Array(repeating: values, count: n).flatMap { $0 }) }
        case (.timedelta(let delta), _), (_, .timedelta(let delta)):
            let factor = isTimedelta ? other : self
            switch factor.numeric {
            case .int(let n)?: return .timedelta(try delta.multiplied(by: n))
            case .float(let x)?: return .timedelta(try delta.scaled(by: x))
            default: break
            }
        case (.duration(.calendar(let y, let m, let r)), .int(let n)), (.int(let n), .duration(.calendar(let y, let m, let r))):
            return .duration(.calendar(years: y * Double(n), months: m * Double(n), rest: try r.multiplied(by: n)))
        default: break
        }
        throw unsupported(.multiply, other)
    }

    private var isTimedelta: Bool {
        if case .timedelta = storage { return true }
        return false
    }

    private func divideDuration(_ op: BinaryOperator, _ other: JinjaValue) throws(TemplateError) -> JinjaValue {
        guard case .timedelta(let delta) = storage else { throw unsupported(op, other) }
        let micros = delta.totalMicroseconds
        switch other.storage {
        case .timedelta(let divisor):
            guard divisor != .zero else { throw TemplateError(.zeroDivision, "division by zero") }
            let quotient = micros / divisor.totalMicroseconds
            return op == .divide ? .float(quotient) : .int(Int(quotient.rounded(.down)))
        default:
            switch other.numeric {
            case .int(let n)?:
                guard n != 0 else { throw TemplateError(.zeroDivision, "division by zero") }
                if op == .floorDivide {
                    return .timedelta(try PythonTimedelta(microseconds: Int(floorDiv(Int64(micros), Int64(n)))))
                }
                return .timedelta(try PythonTimedelta(fractionalDays: 0, microseconds: micros / Double(n)))
            case .float(let x)? where op == .divide:
                guard x != 0 else { throw TemplateError(.zeroDivision, "division by zero") }
                return .timedelta(try PythonTimedelta(fractionalDays: 0, microseconds: micros / x))
            default: throw unsupported(op, other)
            }
        }
    }

    static func numberOperation(_ op: BinaryOperator, _ a: Numeric, _ b: Numeric) throws(TemplateError) -> JinjaValue {
        if case .int(let x) = a, case .int(let y) = b { return try intOperation(op, x, y) }
        if let x = a.bigInteger, let y = b.bigInteger {
            // Exact where it is cheap; division and powers of huge integers use doubles.
            switch op {
            case .add: return (x + y).jinjaValue
            case .subtract: return (x - y).jinjaValue
            case .multiply: return (x * y).jinjaValue
            default: break
            }
        }
        return try floatOperation(op, a.doubleValue, b.doubleValue)
    }

    /// An integral double as an `int` (64-bit when it fits, exact digits otherwise).
    static func integerFromDouble(_ value: Double) -> JinjaValue {
        if let exact = Int(exactly: value) { return .int(exact) }
        guard value.isFinite else { return .float(value) }
        let text = String(format: "%.0f", value)
        return JinjaValue(storage: .bigInt(BigInteger(decimal: text) ?? BigInteger(negative: false, digits: "0")))
    }

    private static func intOperation(_ op: BinaryOperator, _ x: Int, _ y: Int) throws(TemplateError) -> JinjaValue {
        switch op {
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            return o ? (BigInteger(x) + BigInteger(y)).jinjaValue : .int(r)
        case .subtract:
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? (BigInteger(x) - BigInteger(y)).jinjaValue : .int(r)
        case .multiply:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? (BigInteger(x) * BigInteger(y)).jinjaValue : .int(r)
        case .divide:
            guard y != 0 else { throw TemplateError(.zeroDivision, "division by zero") }
            return .float(Double(x) / Double(y))
        case .floorDivide:
            guard y != 0 else { throw TemplateError(.zeroDivision, "integer division or modulo by zero") }
            if x == .min && y == -1 { return integerFromDouble(-Double(x)) }
            return .int(floorDiv(x, y))
        case .modulo:
            guard y != 0 else { throw TemplateError(.zeroDivision, "integer division or modulo by zero") }
            if y == -1 { return .int(0) }
            return .int(floorMod(x, y))
        case .power:
            if y < 0 {
                guard x != 0 else { throw TemplateError(.zeroDivision, "0.0 cannot be raised to a negative power") }
                return .float(pow(Double(x), Double(y)))
            }
            var result = 1
            var base = x
            var exponent = y
            var overflow = false
            while exponent > 0 && !overflow {
                if exponent & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    result = r
                    overflow = o
                }
                exponent >>= 1
                if exponent > 0 {
                    let (b, o) = base.multipliedReportingOverflow(by: base)
                    base = b
                    overflow = overflow || o
                }
            }
            if overflow {
                var exact = BigInteger(1)
                for _ in 0..<min(y, 4_096) { exact = exact * BigInteger(x) }
                return y <= 4_096 ? exact.jinjaValue : integerFromDouble(pow(Double(x), Double(y)))
            }
            return .int(result)
        }
    }

    private static func floatOperation(_ op: BinaryOperator, _ x: Double, _ y: Double) throws(TemplateError) -> JinjaValue {
        switch op {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        case .divide:
            guard y != 0 else { throw TemplateError(.zeroDivision, "float division by zero") }
            return .float(x / y)
        case .floorDivide:
            guard y != 0 else { throw TemplateError(.zeroDivision, "float floor division by zero") }
            return .float(pythonFloatDivmod(x, y).0)
        case .modulo:
            guard y != 0 else { throw TemplateError(.zeroDivision, "float modulo") }
            return .float(pythonFloatDivmod(x, y).1)
        case .power:
            if x == 0 && y < 0 { throw TemplateError(.zeroDivision, "0.0 cannot be raised to a negative power") }
            if x < 0 && y != y.rounded() { throw .value("complex results are not supported") }
            let result = pow(x, y)
            if result.isInfinite && x.isFinite && y.isFinite { throw TemplateError(.overflow, "(34, 'Numerical result out of range')") }
            return .float(result)
        }
    }

    /// CPython's `float_divmod`.
    static func pythonFloatDivmod(_ vx: Double, _ wx: Double) -> (Double, Double) {
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1
            }
        } else {
            mod = copysign(0, wx)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = div.rounded(.down)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            floordiv = copysign(0, vx / wx)
        }
        return (floordiv, mod)
    }

    /// Unary `-` and `+`.
    func negated() throws(TemplateError) -> JinjaValue {
        if case .undefined(let undefined) = storage { throw undefined.error }
        switch numeric {
        case .int(let x)?: return x == .min ? (-BigInteger(x)).jinjaValue : .int(-x)
        case .big(let x)?: return JinjaValue(storage: .bigInt(BigInteger(negative: !x.negative, digits: x.digits)))
        case .float(let x)?: return .float(-x)
        case nil:
            if case .timedelta(let delta) = storage { return .timedelta(try -delta) }
            throw .type("bad operand type for unary -: '\(typeName)'")
        }
    }

    func positive() throws(TemplateError) -> JinjaValue {
        if case .undefined(let undefined) = storage { throw undefined.error }
        switch numeric {
        case .int(let x)?: return .int(x)
        case .big?, .float?: return self
        case nil:
            if case .timedelta = storage { return self }
            throw .type("bad operand type for unary +: '\(typeName)'")
        }
    }
}

extension JinjaValue.Numeric {
    /// The integer as a big integer, `nil` for a float.
    var bigInteger: BigInteger? {
        switch self {
        case .int(let x): return BigInteger(x)
        case .big(let x): return x
        case .float: return nil
        }
    }

    var doubleValue: Double {
        switch self {
        case .int(let x): return Double(x)
        case .big(let x): return x.doubleValue
        case .float(let x): return x
        }
    }
}
