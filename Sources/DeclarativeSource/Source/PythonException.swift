/// An error that stands for a Python exception the CDK would raise: the CDK's "An unexpected
/// error occurred in stream …" message names its class.
protocol PythonException: Error {
    var pythonTypeName: String { get }
}

/// Python's `KeyError` for a missing mapping key.
struct PythonKeyError: PythonException, CustomStringConvertible {
    let key: String
    var pythonTypeName: String { "KeyError" }
    var description: String { "'\(key)'" }
}

/// Python's `TypeError`.
struct PythonTypeError: PythonException, CustomStringConvertible {
    let description: String
    var pythonTypeName: String { "TypeError" }
}
