/// Walks a template's syntax tree with Jinja's semantics: scopes per loop iteration
/// and `with` block, Python operators and truthiness, Jinja's attribute and item
/// lookup (`a.b` tries the attribute, then the item; `a['b']` the other way), and
/// undefined values that render as nothing but fail when used.
struct Renderer {
    let environment: JinjaEnvironment
    let context: [String: JinjaValue]
    /// Variables the interpolation adds to `context` without copying it (they win over it).
    let overlay: Overlay
    let text: SourceText
    private var frames: [[String: JinjaValue]] = [[:]]
    private(set) var output = ""
    private var depth = 0

    init(environment: JinjaEnvironment, context: [String: JinjaValue], overlay: Overlay = Overlay(), text: SourceText) {
        self.environment = environment
        self.context = context
        self.overlay = overlay
        self.text = text
    }

    private var callContext: CallContext { CallContext(environment: environment) }

    private func locate(_ error: TemplateError, _ offset: Int) -> TemplateError {
        error.located(template: text.original, location: text.location(of: offset))
    }

    // MARK: Statements

    mutating func render(_ nodes: [Node]) throws(TemplateError) {
        for node in nodes {
            do throws(TemplateError) {
                try render(node)
            } catch {
                throw locate(error, node.offset)
            }
        }
    }

    private mutating func render(_ node: Node) throws(TemplateError) {
        switch node.kind {
        case .text(let data):
            output += data
        case .output(let expr):
            output += try evaluate(expr).description
        case .ifBlock(let branches, let otherwise):
            for (condition, body) in branches where try evaluate(condition).isTruthy {
                try render(body)
                return
            }
            try render(otherwise)
        case .forLoop(let target, let iterable, let filter, let body, let otherwise, _):
            try renderLoop(target: target, iterable: iterable, filter: filter, body: body, otherwise: otherwise)
        case .set(let target, let expr):
            try assign(target, try evaluate(expr))
        case .setBlock(let target, let filter, let body):
            let captured = try capture(body)
            var value = JinjaValue.string(captured)
            if let filter { value = try applyFilterChain(filter, to: value) }
            try assign(target, value)
        case .with(let assignments, let body):
            var scope: [String: JinjaValue] = [:]
            for (target, expr) in assignments {
                let value = try evaluate(expr)
                try destructure(target, value) { scope[$0] = $1 }
            }
            frames.append(scope)
            defer { frames.removeLast() }
            try render(body)
        case .filterBlock(let filter, let body):
            let captured = try capture(body)
            output += try applyFilterChain(filter, to: .string(captured)).description
        }
    }

    private mutating func capture(_ body: [Node]) throws(TemplateError) -> String {
        let saved = output
        output = ""
        frames.append([:])
        defer { frames.removeLast() }
        try render(body)
        let captured = output
        output = saved
        return captured
    }

    /// Applies a filter expression whose innermost base is `nil` (block filters) to `value`.
    private mutating func applyFilterChain(_ filter: Expr, to value: JinjaValue) throws(TemplateError) -> JinjaValue {
        guard case .filter(let base, let name, let arguments) = filter.kind else { return try evaluate(filter) }
        let input = try base.map { (inner: Expr) throws(TemplateError) -> JinjaValue in try applyFilterChain(inner, to: value) } ?? value
        return try callFilter(name, input, arguments)
    }

    private mutating func renderLoop(target: AssignTarget, iterable: Expr, filter: Expr?, body: [Node], otherwise: [Node])
        throws(TemplateError)
    {
        var items = try iterate(try evaluate(iterable))
        if let filter {
            var kept: [JinjaValue] = []
            for item in items {
                frames.append([:])
                defer { frames.removeLast() }
                try destructure(target, item) { frames[frames.count - 1][$0] = $1 }
                if try evaluate(filter).isTruthy { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty {
            try render(otherwise)
            return
        }
        for (index, item) in items.enumerated() {
            var scope: [String: JinjaValue] = ["loop": JinjaValue(storage: .loop(LoopState(index0: index, items: items, depth0: depth)))]
            try destructure(target, item) { scope[$0] = $1 }
            frames.append(scope)
            depth += 1
            defer {
                frames.removeLast()
                depth -= 1
            }
            try render(body)
        }
    }

    private mutating func assign(_ target: AssignTarget, _ value: JinjaValue) throws(TemplateError) {
        if case .attribute(let name, let attribute) = target {
            let object = lookup(name)
            guard case .namespace(let namespace) = object.storage else {
                throw TemplateError(.runtime, "cannot assign attribute on non-namespace object")
            }
            namespace[attribute] = value
            return
        }
        try destructure(target, value) { frames[frames.count - 1][$0] = $1 }
    }

    private func destructure(_ target: AssignTarget, _ value: JinjaValue, _ store: (String, JinjaValue) -> Void) throws(TemplateError) {
        switch target {
        case .name(let name): store(name, value)
        case .attribute: break
        case .tuple(let targets):
            let values = try iterate(value)
            guard values.count == targets.count else {
                if values.count > targets.count { throw .value("too many values to unpack (expected \(targets.count))") }
                throw .value("not enough values to unpack (expected \(targets.count), got \(values.count))")
            }
            for (t, v) in zip(targets, values) { try destructure(t, v, store) }
        }
    }

    // MARK: Names

    func lookup(_ name: String) -> JinjaValue {
        for frame in frames.reversed() {
            if let value = frame[name] { return value }
        }
        if let value = overlay[name] { return value }
        if let value = context[name] { return value }
        if let value = environment.globals[name] { return value }
        return JinjaValue(storage: .undefined(Undefined(hint: "'\(name)'")))
    }

    /// Stores `value` under `name` in the innermost frame that has it (or the outermost).
    private mutating func storeExisting(_ name: String, _ value: JinjaValue) {
        for index in frames.indices.reversed() where frames[index][name] != nil {
            frames[index][name] = value
            return
        }
        frames[0][name] = value
    }

    // MARK: Expressions

    mutating func evaluate(_ expr: Expr) throws(TemplateError) -> JinjaValue {
        switch expr.kind {
        case .constant(let value): return value
        case .name(let name): return lookup(name)
        case .list(let items):
            var values: [JinjaValue] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item)) }
            return .list(values)
        case .tuple(let items):
            var values: [JinjaValue] = []
            for item in items { values.append(try evaluate(item)) }
            return .tuple(values)
        case .dict(let items):
            var dict = JinjaDict()
            for (keyExpr, valueExpr) in items {
                let key = try evaluate(keyExpr)
                let value = try evaluate(valueExpr)
                try key.checkHashable()
                dict[key] = value
            }
            return JinjaValue(storage: .dict(dict))
        case .getattr(let base, let name):
            return try Attributes.getattr(try evaluate(base), name, callContext)
        case .getitem(let base, let keyExpr):
            let object = try evaluate(base)
            if case .slice(let start, let stop, let step) = keyExpr.kind {
                let bounds = (
                    try start.map { (e: Expr) throws(TemplateError) in try evaluate(e) },
                    try stop.map { (e: Expr) throws(TemplateError) in try evaluate(e) },
                    try step.map { (e: Expr) throws(TemplateError) in try evaluate(e) }
                )
                return try Attributes.slice(object, bounds.0, bounds.1, bounds.2)
            }
            return try Attributes.getitem(object, try evaluate(keyExpr), callContext)
        case .slice:
            throw TemplateError(.syntax, "slice outside a subscript")
        case .call(let callee, let arguments):
            return try evaluateCall(callee, arguments)
        case .filter(let base, let name, let arguments):
            guard let base else { throw TemplateError(.runtime, "filter without a value") }
            return try callFilter(name, try evaluate(base), arguments)
        case .test(let base, let name, let arguments):
            let value = try evaluate(base)
            guard let test = environment.tests[name] else {
                throw TemplateError(.syntax, "No test named '\(name)'.")
            }
            return .bool(try test(value, try evaluateArguments(arguments), callContext))
        case .not(let operand):
            return .bool(!(try evaluate(operand).isTruthy))
        case .negate(let operand):
            return try evaluate(operand).negated()
        case .plus(let operand):
            return try evaluate(operand).positive()
        case .binary(let op, let left, let right):
            let a = try evaluate(left)
            return try a.binary(op, try evaluate(right))
        case .and(let left, let right):
            let a = try evaluate(left)
            return a.isTruthy ? try evaluate(right) : a
        case .or(let left, let right):
            let a = try evaluate(left)
            return a.isTruthy ? a : try evaluate(right)
        case .concat(let parts):
            var result = ""
            for part in parts { result += try evaluate(part).description }
            return .string(result)
        case .compare(let first, let operations):
            var left = try evaluate(first)
            for (op, rightExpr) in operations {
                let right = try evaluate(rightExpr)
                guard try Self.compare(left, op, right) else { return false }
                left = right
            }
            return true
        case .conditional(let test, let then, let otherwise):
            if try evaluate(test).isTruthy { return try evaluate(then) }
            if let otherwise { return try evaluate(otherwise) }
            return JinjaValue(storage: .undefined(Undefined(hint: "the inline if-expression")))
        }
    }

    static func compare(_ a: JinjaValue, _ op: CompareOperator, _ b: JinjaValue) throws(TemplateError) -> Bool {
        switch op {
        case .eq: return a == b
        case .ne: return a != b
        case .lt: return (try a.compare(b, "<")).map { $0 < 0 } ?? false
        case .lteq: return (try a.compare(b, "<=")).map { $0 <= 0 } ?? false
        case .gt: return (try a.compare(b, ">")).map { $0 > 0 } ?? false
        case .gteq: return (try a.compare(b, ">=")).map { $0 >= 0 } ?? false
        case .in: return try Attributes.contains(b, a)
        case .notIn: return !(try Attributes.contains(b, a))
        }
    }

    mutating func evaluateArguments(_ arguments: CallArguments) throws(TemplateError) -> Arguments {
        var result = Arguments()
        for e in arguments.positional { result.positional.append(try evaluate(e)) }
        if let star = arguments.starArgs { result.positional += try iterate(try evaluate(star)) }
        for (name, e) in arguments.keyword { result.keyword.append((name, try evaluate(e))) }
        if let star = arguments.starKwargs {
            let value = try evaluate(star)
            guard let items = value.dictItems else { throw .type("argument after ** must be a mapping, not \(value.typeName)") }
            for (key, item) in items {
                guard case .string(let name) = key.storage else { throw .type("keywords must be strings") }
                result.keyword.append((name, item))
            }
        }
        return result
    }

    private mutating func callFilter(_ name: String, _ value: JinjaValue, _ arguments: CallArguments) throws(TemplateError) -> JinjaValue {
        guard let filter = environment.filters[name] else {
            throw TemplateError(.syntax, "No filter named '\(name)'.")
        }
        return try filter(value, try evaluateArguments(arguments), callContext)
    }

    private mutating func evaluateCall(_ callee: Expr, _ arguments: CallArguments) throws(TemplateError) -> JinjaValue {
        // `obj.method(...)`: Python methods run directly; mutating ones write the changed
        // value back to the variable (or namespace attribute, dict item) they came from.
        if case .getattr(let base, let name) = callee.kind {
            let receiver = try evaluate(base)
            if Methods.isMutating(receiver, name) {
                let args = try evaluateArguments(arguments)
                let context = callContext
                return try mutate(base) { (value: inout JinjaValue) throws(TemplateError) -> JinjaValue in
                    try Methods.callMutating(&value, name, args, context)
                }
            }
            if Methods.has(receiver, name) {
                return try Methods.call(receiver, name, try evaluateArguments(arguments), callContext)
            }
            let function = try Attributes.getattr(receiver, name, callContext)
            return try call(function, try evaluateArguments(arguments))
        }
        let function = try evaluate(callee)
        return try call(function, try evaluateArguments(arguments))
    }

    func call(_ function: JinjaValue, _ arguments: Arguments) throws(TemplateError) -> JinjaValue {
        switch function.storage {
        case .function(let f): return try f.body(arguments, callContext)
        case .undefined(let undefined): throw undefined.error
        case .loop: throw .type("Tried to call non recursive loop. Maybe you forgot the 'recursive' modifier.")
        default: throw .type("'\(function.typeName)' object is not callable")
        }
    }

    /// Evaluates the path `expr` (a name, `a.b`, `a[k]`), lets `body` change the value,
    /// and stores it back along the path.
    private mutating func mutate(_ expr: Expr, _ body: (inout JinjaValue) throws(TemplateError) -> JinjaValue) throws(TemplateError)
        -> JinjaValue
    {
        switch expr.kind {
        case .name(let name):
            var value = lookup(name)
            let result = try body(&value)
            storeExisting(name, value)
            return result
        case .getattr(let baseExpr, let attribute):
            let base = try evaluate(baseExpr)
            if case .namespace(let namespace) = base.storage, var value = namespace[attribute] {
                let result = try body(&value)
                namespace[attribute] = value
                return result
            }
            if case .dict(let dict) = base.storage, !Methods.has(base, attribute), dict[string: attribute] != nil {
                return try mutate(baseExpr) { (container: inout JinjaValue) throws(TemplateError) -> JinjaValue in
                    guard case .dict(var dict) = container.storage, var value = dict[string: attribute] else { return .none }
                    let result = try body(&value)
                    dict[.string(attribute)] = value
                    container = JinjaValue(storage: .dict(dict))
                    return result
                }
            }
            var value = try Attributes.getattr(base, attribute, callContext)
            return try body(&value)
        case .getitem(let baseExpr, let keyExpr):
            if case .slice = keyExpr.kind { break }
            let key = try evaluate(keyExpr)
            let base = try evaluate(baseExpr)
            switch base.storage {
            case .dict(let dict) where dict[key] != nil:
                return try mutate(baseExpr) { (container: inout JinjaValue) throws(TemplateError) -> JinjaValue in
                    guard case .dict(var dict) = container.storage, var value = dict[key] else { return .none }
                    let result = try body(&value)
                    dict[key] = value
                    container = JinjaValue(storage: .dict(dict))
                    return result
                }
            case .list(let list):
                guard let index = Attributes.index(key, count: list.count) else { break }
                return try mutate(baseExpr) { (container: inout JinjaValue) throws(TemplateError) -> JinjaValue in
                    guard case .list(var list) = container.storage, index < list.count else { return .none }
                    var elements = list.elements
                    let result = try body(&elements[index])
                    list.elements = elements
                    container = JinjaValue(storage: .list(list))
                    return result
                }
            default: break
            }
        default: break
        }
        var value = try evaluate(expr)
        return try body(&value)
    }

    /// The items a `for` loop or `*args` iterates: elements, dict keys, characters.
    func iterate(_ value: JinjaValue) throws(TemplateError) -> [JinjaValue] {
        try Attributes.iterate(value)
    }
}
