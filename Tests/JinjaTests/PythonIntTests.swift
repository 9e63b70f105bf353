import Jinja
import Testing

/// `JinjaValue.pythonInt` is Python's built-in `int(value)`: each expectation is what Python 3.11
/// gives (`nil` where it raises, or where its result does not fit 64 bits).
@Suite struct PythonIntTests {
    @Test(
        arguments: [
            (JinjaValue.string("  42 "), 42), (.string("1_000"), 1000), (.string("1__0"), nil), (.string("_1"), nil),
            (.string("0x10"), nil), (.string("-7"), -7), (.string("+3"), 3), (.string("\t9\n"), 9), (.string("1.5"), nil),
            (.string("abc"), nil), (.string(""), nil), (.string("99999999999999999999"), nil), (.bool(true), 1), (.bool(false), 0),
            (.float(2.9), 2), (.float(-2.9), -2), (.float(1e30), nil), (.float(.infinity), nil), (.int(5), 5), (.none, nil),
        ] as [(JinjaValue, Int?)])
    func convertsAsPythonsInt(value: JinjaValue, expected: Int?) {
        #expect(value.pythonInt == expected)
    }
}
