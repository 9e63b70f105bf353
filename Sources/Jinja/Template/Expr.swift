/// The parsed form of a template: statements (`Node`) holding expressions (`Expr`).
/// Positions are byte offsets into the normalized source; ``SourceText`` turns them
/// into lines and columns for errors.

/// An expression with the offset where it starts.
struct Expr: Sendable {
    let kind: Kind
    let offset: Int

    indirect enum Kind: Sendable {
        case constant(JinjaValue)
        case name(String)
        case list([Expr])
        case tuple([Expr])
        case dict([(Expr, Expr)])
        case getattr(Expr, String)
        case getitem(Expr, Expr)
        case slice(start: Expr?, stop: Expr?, step: Expr?)
        case call(Expr, CallArguments)
        case filter(Expr?, name: String, CallArguments)
        case test(Expr, name: String, CallArguments)
        case not(Expr)
        case negate(Expr)
        case plus(Expr)
        case binary(JinjaValue.BinaryOperator, Expr, Expr)
        case and(Expr, Expr)
        case or(Expr, Expr)
        case concat([Expr])
        case compare(Expr, [(CompareOperator, Expr)])
        case conditional(test: Expr, then: Expr, otherwise: Expr?)
    }
}

/// Positional and keyword arguments of a call, filter or test, with `*args` and `**kwargs`.
struct CallArguments: Sendable {
    var positional: [Expr] = []
    var keyword: [(String, Expr)] = []
    var starArgs: Expr?
    var starKwargs: Expr?
}

enum CompareOperator: String, Sendable {
    case eq = "=="
    case ne = "!="
    case lt = "<"
    case lteq = "<="
    case gt = ">"
    case gteq = ">="
    case `in` = "in"
    case notIn = "not in"
}
