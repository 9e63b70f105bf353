/// Builds the syntax tree from tokens with Jinja 2's grammar and precedence
/// (`jinja2/parser.py`): conditional expressions, `or`, `and`, `not`, comparisons
/// (chained, `in`, `not in`), `+ -`, `~`, `* / // %`, `**`, unary `- +`, then
/// primaries with `.attr`, `[item]`, calls, filters (`|`) and tests (`is`).
struct Parser {
    private let tokens: [Token]
    private let text: SourceText
    private var index = 0

    init(tokens: [Token], text: SourceText) {
        self.tokens = tokens
        self.text = text
    }

    static func parse(_ text: SourceText) throws(TemplateError) -> [Node] {
        var parser = Parser(tokens: try Lexer.tokenize(text), text: text)
        let nodes = try parser.subparse(endTokens: [])
        return nodes
    }

    // MARK: Token stream

    private var current: Token { tokens[index] }
    private func look(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func fail(_ message: String, at token: Token? = nil) -> TemplateError {
        TemplateError(.syntax, message, template: text.original, location: text.location(of: (token ?? current).offset))
    }

    private mutating func expectOp(_ op: String) throws(TemplateError) {
        guard current.isOp(op) else { throw fail("expected token '\(op)', got \(current.describe)") }
        advance()
    }

    private mutating func expectName() throws(TemplateError) -> String {
        guard case .name(let name) = current.kind else { throw fail("expected token 'name', got \(current.describe)") }
        advance()
        return name
    }

    private mutating func expectKeyword(_ name: String) throws(TemplateError) {
        guard current.isName(name) else { throw fail("expected token '\(name)', got \(current.describe)") }
        advance()
    }

    private mutating func expectBlockEnd() throws(TemplateError) {
        guard current.kind == .blockEnd else { throw fail("expected token 'end of statement block', got \(current.describe)") }
        advance()
    }

    // MARK: Statements

    /// Nodes until a block whose first name is in `endTokens` (left current, on that name).
    private mutating func subparse(endTokens: Set<String>) throws(TemplateError) -> [Node] {
        var nodes: [Node] = []
        while true {
            let token = current
            switch token.kind {
            case .eof:
                if !endTokens.isEmpty {
                    let expected = endTokens.sorted().map { "'\($0)'" }.joined(separator: " or ")
                    throw fail("Unexpected end of template. Jinja was looking for the following tags: \(expected).")
                }
                return nodes
            case .data(let data):
                nodes.append(Node(kind: .text(data), offset: token.offset))
                advance()
            case .variableBegin:
                advance()
                let expr = try parseTuple(explicitParentheses: false, withCondexpr: true)
                guard current.kind == .variableEnd else { throw fail("expected token 'end of print statement', got \(current.describe)") }
                advance()
                nodes.append(Node(kind: .output(expr), offset: token.offset))
            case .blockBegin:
                advance()
                if case .name(let name) = current.kind, endTokens.contains(name) { return nodes }
                nodes.append(try parseStatement(start: token))
            default:
                throw fail("unexpected \(token.describe)")
            }
        }
    }

    private mutating func parseStatement(start: Token) throws(TemplateError) -> Node {
        guard case .name(let keyword) = current.kind else { throw fail("tag name expected") }
        switch keyword {
        case "if": return try parseIf(start)
        case "for": return try parseFor(start)
        case "set": return try parseSet(start)
        case "with": return try parseWith(start)
        case "filter": return try parseFilterBlock(start)
        case "endif", "endfor", "elif", "else", "endset", "endwith", "endfilter":
            throw fail("Encountered unknown tag '\(keyword)'.")
        case "macro", "call", "block", "extends", "include", "import", "from", "autoescape", "do", "break", "continue":
            throw fail("the '\(keyword)' tag is not supported by this Jinja engine")
        default:
            throw fail("Encountered unknown tag '\(keyword)'.")
        }
    }

    private mutating func parseIf(_ start: Token) throws(TemplateError) -> Node {
        advance()  // if
        var branches: [(Expr, [Node])] = []
        var otherwise: [Node] = []
        var condition = try parseTuple(explicitParentheses: false, withCondexpr: false)
        try expectBlockEnd()
        while true {
            let body = try subparse(endTokens: ["elif", "else", "endif"])
            branches.append((condition, body))
            let keyword = try expectName()
            if keyword == "elif" {
                condition = try parseTuple(explicitParentheses: false, withCondexpr: false)
                try expectBlockEnd()
                continue
            }
            if keyword == "else" {
                try expectBlockEnd()
                otherwise = try subparse(endTokens: ["endif"])
                advance()
            }
            break
        }
        try expectBlockEnd()
        return Node(kind: .ifBlock(branches: branches, otherwise: otherwise), offset: start.offset)
    }

    private mutating func parseFor(_ start: Token) throws(TemplateError) -> Node {
        advance()  // for
        let target = try parseAssignTarget(extraEnd: ["in"], allowAttribute: false)
        try expectKeyword("in")
        let iterable = try parseTuple(explicitParentheses: false, withCondexpr: false, extraEnd: ["recursive"])
        var filter: Expr?
        if current.isName("if") {
            advance()
            filter = try parseExpression()
        }
        let recursive = false
        if current.isName("recursive") {
            throw fail("recursive loops are not supported by this Jinja engine")
        }
        try expectBlockEnd()
        let body = try subparse(endTokens: ["endfor", "else"])
        var otherwise: [Node] = []
        if try expectName() == "else" {
            try expectBlockEnd()
            otherwise = try subparse(endTokens: ["endfor"])
            advance()
        }
        try expectBlockEnd()
        return Node(
            kind: .forLoop(
                target: target, iterable: iterable, filter: filter, body: body, otherwise: otherwise,
                recursive: recursive), offset: start.offset)
    }

    private mutating func parseSet(_ start: Token) throws(TemplateError) -> Node {
        advance()  // set
        let target = try parseAssignTarget(extraEnd: [], allowAttribute: true)
        if current.isOp("=") {
            advance()
            let value = try parseTuple(explicitParentheses: false, withCondexpr: true)
            try expectBlockEnd()
            return Node(kind: .set(target, value), offset: start.offset)
        }
        var filter: Expr?
        if current.isOp("|") {
            filter = try parseFilter(nil, startInline: false)
        }
        try expectBlockEnd()
        let body = try subparse(endTokens: ["endset"])
        advance()
        try expectBlockEnd()
        return Node(kind: .setBlock(target, filter: filter, body: body), offset: start.offset)
    }

    private mutating func parseWith(_ start: Token) throws(TemplateError) -> Node {
        advance()  // with
        var assignments: [(AssignTarget, Expr)] = []
        while current.kind != .blockEnd {
            if !assignments.isEmpty { try expectOp(",") }
            let target = try parseAssignTarget(extraEnd: [], allowAttribute: false)
            try expectOp("=")
            assignments.append((target, try parseExpression()))
        }
        try expectBlockEnd()
        let body = try subparse(endTokens: ["endwith"])
        advance()
        try expectBlockEnd()
        return Node(kind: .with(assignments, body: body), offset: start.offset)
    }

    private mutating func parseFilterBlock(_ start: Token) throws(TemplateError) -> Node {
        advance()  // filter
        guard let filter = try parseFilter(nil, startInline: true) else { throw fail("expected a filter") }
        try expectBlockEnd()
        let body = try subparse(endTokens: ["endfilter"])
        advance()
        try expectBlockEnd()
        return Node(kind: .filterBlock(filter, body: body), offset: start.offset)
    }

    private mutating func parseAssignTarget(extraEnd: Set<String>, allowAttribute: Bool) throws(TemplateError) -> AssignTarget {
        if allowAttribute, case .name(let name) = current.kind, look().isOp(".") {
            advance()
            advance()
            return .attribute(name, try expectName())
        }
        var targets: [AssignTarget] = []
        var isTuple = false
        while true {
            if !targets.isEmpty { try expectOp(",") }
            if isTupleEnd(extraEnd) { break }
            if current.isOp("(") {
                advance()
                targets.append(try parseAssignTarget(extraEnd: [], allowAttribute: false))
                try expectOp(")")
            } else {
                let token = current
                let name = try expectName()
                if ["true", "false", "none", "True", "False", "None"].contains(name) {
                    throw fail("can't assign to '\(name)'", at: token)
                }
                targets.append(.name(name))
            }
            if current.isOp(",") { isTuple = true } else { break }
        }
        if !isTuple, let only = targets.first { return only }
        return .tuple(targets)
    }

    private func isTupleEnd(_ extraEnd: Set<String>) -> Bool {
        switch current.kind {
        case .variableEnd, .blockEnd, .eof: return true
        case .op(let op): return op == ")"
        case .name(let name): return extraEnd.contains(name)
        default: return false
        }
    }

    // MARK: Expressions

    private mutating func parseExpression(withCondexpr: Bool = true) throws(TemplateError) -> Expr {
        withCondexpr ? try parseCondexpr() : try parseOr()
    }

    private mutating func parseCondexpr() throws(TemplateError) -> Expr {
        let start = current.offset
        var expr = try parseOr()
        while current.isName("if") {
            advance()
            let test = try parseOr()
            var otherwise: Expr?
            if current.isName("else") {
                advance()
                otherwise = try parseCondexpr()
            }
            expr = Expr(kind: .conditional(test: test, then: expr, otherwise: otherwise), offset: start)
        }
        return expr
    }

    private mutating func parseOr() throws(TemplateError) -> Expr {
        var left = try parseAnd()
        while current.isName("or") {
            advance()
            left = Expr(kind: .or(left, try parseAnd()), offset: left.offset)
        }
        return left
    }

    private mutating func parseAnd() throws(TemplateError) -> Expr {
        var left = try parseNot()
        while current.isName("and") {
            advance()
            left = Expr(kind: .and(left, try parseNot()), offset: left.offset)
        }
        return left
    }

    private mutating func parseNot() throws(TemplateError) -> Expr {
        if current.isName("not") {
            let start = current.offset
            advance()
            return Expr(kind: .not(try parseNot()), offset: start)
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws(TemplateError) -> Expr {
        let expr = try parseMath1()
        var operations: [(CompareOperator, Expr)] = []
        while true {
            if case .op(let op) = current.kind, let comparison = CompareOperator(rawValue: op),
                comparison != .in, comparison != .notIn
            {
                advance()
                operations.append((comparison, try parseMath1()))
            } else if current.isName("in") {
                advance()
                operations.append((.in, try parseMath1()))
            } else if current.isName("not"), look().isName("in") {
                advance()
                advance()
                operations.append((.notIn, try parseMath1()))
            } else {
                break
            }
        }
        if operations.isEmpty { return expr }
        return Expr(kind: .compare(expr, operations), offset: expr.offset)
    }

    private mutating func parseMath1() throws(TemplateError) -> Expr {
        var left = try parseConcat()
        while case .op(let op) = current.kind, op == "+" || op == "-" {
            advance()
            let right = try parseConcat()
            left = Expr(kind: .binary(op == "+" ? .add : .subtract, left, right), offset: left.offset)
        }
        return left
    }

    private mutating func parseConcat() throws(TemplateError) -> Expr {
        var args = [try parseMath2()]
        while current.isOp("~") {
            advance()
            args.append(try parseMath2())
        }
        if args.count == 1 { return args[0] }
        return Expr(kind: .concat(args), offset: args[0].offset)
    }

    private mutating func parseMath2() throws(TemplateError) -> Expr {
        var left = try parsePow()
        while case .op(let op) = current.kind, ["*", "/", "//", "%"].contains(op) {
            advance()
            let right = try parsePow()
            let kind: JinjaValue.BinaryOperator = op == "*" ? .multiply : (op == "/" ? .divide : (op == "//" ? .floorDivide : .modulo))
            left = Expr(kind: .binary(kind, left, right), offset: left.offset)
        }
        return left
    }

    private mutating func parsePow() throws(TemplateError) -> Expr {
        var left = try parseUnary()
        while current.isOp("**") {
            advance()
            left = Expr(kind: .binary(.power, left, try parseUnary()), offset: left.offset)
        }
        return left
    }

    private mutating func parseUnary(withFilter: Bool = true) throws(TemplateError) -> Expr {
        let start = current.offset
        var node: Expr
        if current.isOp("-") {
            advance()
            node = Expr(kind: .negate(try parseUnary(withFilter: false)), offset: start)
        } else if current.isOp("+") {
            advance()
            node = Expr(kind: .plus(try parseUnary(withFilter: false)), offset: start)
        } else {
            node = try parsePrimary()
        }
        node = try parsePostfix(node)
        if withFilter { node = try parseFilterExpr(node) }
        return node
    }

    private mutating func parsePrimary() throws(TemplateError) -> Expr {
        let token = current
        switch token.kind {
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return Expr(kind: .constant(true), offset: token.offset)
            case "false", "False": return Expr(kind: .constant(false), offset: token.offset)
            case "none", "None": return Expr(kind: .constant(.none), offset: token.offset)
            default: return Expr(kind: .name(name), offset: token.offset)
            }
        case .string(let value):
            advance()
            var text = value
            while case .string(let more) = current.kind {
                text += more
                advance()
            }
            return Expr(kind: .constant(.string(text)), offset: token.offset)
        case .integer(let value):
            advance()
            return Expr(kind: .constant(value), offset: token.offset)
        case .float(let value):
            advance()
            return Expr(kind: .constant(.float(value)), offset: token.offset)
        case .op("("):
            advance()
            let expr = try parseTuple(explicitParentheses: true, withCondexpr: true)
            try expectOp(")")
            return expr
        case .op("["):
            return try parseList()
        case .op("{"):
            return try parseDict()
        default:
            throw fail("unexpected \(token.describe)")
        }
    }

    /// An expression, or a tuple when commas separate several (`a, b`).
    private mutating func parseTuple(explicitParentheses: Bool, withCondexpr: Bool, extraEnd: Set<String> = []) throws(TemplateError)
        -> Expr
    {
        let start = current.offset
        var args: [Expr] = []
        var isTuple = false
        while true {
            if !args.isEmpty { try expectOp(",") }
            if isTupleEnd(extraEnd) { break }
            args.append(try parseExpression(withCondexpr: withCondexpr))
            if current.isOp(",") { isTuple = true } else { break }
        }
        if !isTuple {
            if let only = args.first { return only }
            if !explicitParentheses { throw fail("Expected an expression, got \(current.describe)") }
        }
        return Expr(kind: .tuple(args), offset: start)
    }

    private mutating func parseList() throws(TemplateError) -> Expr {
        let start = current.offset
        try expectOp("[")
        var items: [Expr] = []
        while !current.isOp("]") {
            if !items.isEmpty { try expectOp(",") }
            if current.isOp("]") { break }
            items.append(try parseExpression())
        }
        try expectOp("]")
        return Expr(kind: .list(items), offset: start)
    }

    private mutating func parseDict() throws(TemplateError) -> Expr {
        let start = current.offset
        try expectOp("{")
        var items: [(Expr, Expr)] = []
        while !current.isOp("}") {
            if !items.isEmpty { try expectOp(",") }
            if current.isOp("}") { break }
            let key = try parseExpression()
            try expectOp(":")
            items.append((key, try parseExpression()))
        }
        try expectOp("}")
        return Expr(kind: .dict(items), offset: start)
    }

    private mutating func parsePostfix(_ node: Expr) throws(TemplateError) -> Expr {
        var node = node
        while true {
            if current.isOp(".") || current.isOp("[") {
                node = try parseSubscript(node)
            } else if current.isOp("(") {
                node = Expr(kind: .call(node, try parseCallArguments()), offset: node.offset)
            } else {
                return node
            }
        }
    }

    private mutating func parseFilterExpr(_ node: Expr) throws(TemplateError) -> Expr {
        var node = node
        while true {
            if current.isOp("|") {
                node = try parseFilter(node, startInline: false)!
            } else if current.isName("is") {
                node = try parseTest(node)
            } else if current.isOp("(") {
                node = Expr(kind: .call(node, try parseCallArguments()), offset: node.offset)
            } else {
                return node
            }
        }
    }

    private mutating func parseSubscript(_ node: Expr) throws(TemplateError) -> Expr {
        let token = current
        advance()
        if token.isOp(".") {
            let attribute = current
            advance()
            switch attribute.kind {
            case .name(let name): return Expr(kind: .getattr(node, name), offset: node.offset)
            case .integer(let value):
                return Expr(kind: .getitem(node, Expr(kind: .constant(value), offset: attribute.offset)), offset: node.offset)
            default: throw fail("expected name or number", at: attribute)
            }
        }
        var args: [Expr] = []
        while !current.isOp("]") {
            if !args.isEmpty { try expectOp(",") }
            args.append(try parseSubscribed())
        }
        try expectOp("]")
        let argument = args.count == 1 ? args[0] : Expr(kind: .tuple(args), offset: token.offset)
        return Expr(kind: .getitem(node, argument), offset: node.offset)
    }

    private mutating func parseSubscribed() throws(TemplateError) -> Expr {
        let start = current.offset
        var parts: [Expr?] = []
        if current.isOp(":") {
            advance()
            parts = [nil]
        } else {
            let node = try parseExpression()
            guard current.isOp(":") else { return node }
            advance()
            parts = [node]
        }
        if current.isOp(":") {
            parts.append(nil)
        } else if !current.isOp("]") && !current.isOp(",") {
            parts.append(try parseExpression())
        } else {
            parts.append(nil)
        }
        if current.isOp(":") {
            advance()
            if !current.isOp("]") && !current.isOp(",") { parts.append(try parseExpression()) } else { parts.append(nil) }
        } else {
            parts.append(nil)
        }
        return Expr(kind: .slice(start: parts[0], stop: parts[1], step: parts[2]), offset: start)
    }

    private mutating func parseCallArguments() throws(TemplateError) -> CallArguments {
        try expectOp("(")
        var arguments = CallArguments()
        var requireComma = false
        while !current.isOp(")") {
            if requireComma {
                try expectOp(",")
                if current.isOp(")") { break }
            }
            if current.isOp("*") {
                guard arguments.starArgs == nil, arguments.starKwargs == nil else {
                    throw fail("invalid syntax for function call expression")
                }
                advance()
                arguments.starArgs = try parseExpression()
            } else if current.isOp("**") {
                guard arguments.starKwargs == nil else { throw fail("invalid syntax for function call expression") }
                advance()
                arguments.starKwargs = try parseExpression()
            } else if case .name(let key) = current.kind, look().isOp("=") {
                guard arguments.starKwargs == nil else { throw fail("invalid syntax for function call expression") }
                advance()
                advance()
                arguments.keyword.append((key, try parseExpression()))
            } else {
                guard arguments.starArgs == nil, arguments.starKwargs == nil, arguments.keyword.isEmpty else {
                    throw fail("invalid syntax for function call expression")
                }
                arguments.positional.append(try parseExpression())
            }
            requireComma = true
        }
        try expectOp(")")
        return arguments
    }

    private mutating func parseFilter(_ node: Expr?, startInline: Bool) throws(TemplateError) -> Expr? {
        var node = node
        var inline = startInline
        while current.isOp("|") || inline {
            if !inline { advance() }
            let start = current.offset
            var name = try expectName()
            while current.isOp(".") {
                advance()
                name += "." + (try expectName())
            }
            let arguments = current.isOp("(") ? try parseCallArguments() : CallArguments()
            node = Expr(kind: .filter(node, name: name, arguments), offset: node?.offset ?? start)
            inline = false
        }
        return node
    }

    private mutating func parseTest(_ node: Expr) throws(TemplateError) -> Expr {
        advance()  // is
        var negated = false
        if current.isName("not") {
            advance()
            negated = true
        }
        var name = try expectName()
        while current.isOp(".") {
            advance()
            name += "." + (try expectName())
        }
        var arguments = CallArguments()
        if current.isOp("(") {
            arguments = try parseCallArguments()
        } else {
            var takesArgument = false
            switch current.kind {
            case .name(let word): takesArgument = !["else", "or", "and"].contains(word)
            case .string, .integer, .float: takesArgument = true
            case .op(let op): takesArgument = op == "(" || op == "[" || op == "{"
            default: break
            }
            if takesArgument {
                if current.isName("is") { throw fail("You cannot chain multiple tests with is") }
                var argument = try parsePrimary()
                argument = try parsePostfix(argument)
                arguments.positional = [argument]
            }
        }
        let test = Expr(kind: .test(node, name: name, arguments), offset: node.offset)
        return negated ? Expr(kind: .not(test), offset: node.offset) : test
    }
}
