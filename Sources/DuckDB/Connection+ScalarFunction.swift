internal import CDuckDB

/// The value type of a number function (``Connection/registerNumberFunction(named:returning:_:)``).
package enum NumberFunctionType: Sendable, Equatable {
    /// `DECIMAL(38, scale)`: the value is the count of 10^-scale units.
    case decimal38(scale: UInt8)
    /// `BIGINT`: the value must fit 64 bits.
    case bigint
}

/// What a Swift scalar function returns for one row of text: a number (a
/// count of units for a DECIMAL; nil for SQL NULL) and a small code the SQL
/// reads beside it.
package struct DecimalFunctionResult: Sendable {
    package var value: Int128?
    package var code: UInt8

    package init(value: Int128?, code: UInt8) {
        self.value = value
        self.code = code
    }
}

extension Connection {
    /// Registers `name(VARCHAR, BOOLEAN) → STRUCT(v <type>, c UTINYINT)`, each
    /// row computed by `body` from the text's bytes and the flag. A NULL text or
    /// flag gives a NULL struct without calling `body`. For a `BIGINT` function,
    /// `body` must return values that fit 64 bits (others are stored truncated).
    ///
    /// The function belongs to the database (every connection sees it) until it
    /// closes; registering the same name again replaces it. DuckDB calls `body`
    /// on its own threads, one vector at a time: it must not block, and the bytes
    /// it gets are valid only during the call.
    package func registerNumberFunction(
        named name: String, returning type: NumberFunctionType,
        _ body: @escaping @Sendable (UnsafeRawBufferPointer, Bool) -> DecimalFunctionResult
    ) throws(DuckDBError) {
        var decimal: duckdb_logical_type? =
            switch type {
            case .decimal38(let scale): duckdb_create_decimal_type(38, scale)
            case .bigint: duckdb_create_logical_type(DUCKDB_TYPE_BIGINT)
            }
        var code: duckdb_logical_type? = duckdb_create_logical_type(DUCKDB_TYPE_UTINYINT)
        defer {
            duckdb_destroy_logical_type(&decimal)
            duckdb_destroy_logical_type(&code)
        }
        var members: [duckdb_logical_type?] = [decimal, code]
        var result: duckdb_logical_type? = "v".withCString { v in
            "c".withCString { c in
                var names: [UnsafePointer<CChar>?] = [v, c]
                return members.withUnsafeMutableBufferPointer { types in
                    names.withUnsafeMutableBufferPointer { duckdb_create_struct_type(types.baseAddress, $0.baseAddress, 2) }
                }
            }
        }
        defer { duckdb_destroy_logical_type(&result) }
        try register(
            name: name, parameters: [DUCKDB_TYPE_VARCHAR, DUCKDB_TYPE_BOOLEAN], result: result!,
            box: ScalarFunctionBox(.number(body, isBigint: type == .bigint)))
    }

    /// Registers `name(VARCHAR) → VARCHAR` (or `JSON` with `returnsJSON`), each
    /// row's text computed by `body`, which appends it to the buffer it is given
    /// (empty at each call). A NULL text gives NULL without calling `body`. As for
    /// ``registerNumberFunction(named:returning:_:)``, the function belongs to the
    /// database and `body` must not block.
    package func registerTextFunction(
        named name: String, returnsJSON: Bool,
        _ body: @escaping @Sendable (UnsafeRawBufferPointer, inout [UInt8]) -> Void
    ) throws(DuckDBError) {
        var result: duckdb_logical_type? = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR)
        if returnsJSON {
            duckdb_logical_type_set_alias(result, "JSON")
        }
        defer { duckdb_destroy_logical_type(&result) }
        try register(name: name, parameters: [DUCKDB_TYPE_VARCHAR], result: result!, box: ScalarFunctionBox(.text(body)))
    }

    private func register(
        name: String, parameters: [DUCKDB_TYPE], result: duckdb_logical_type,
        box: ScalarFunctionBox
    ) throws(DuckDBError) {
        var function: duckdb_scalar_function? = duckdb_create_scalar_function()
        defer { duckdb_destroy_scalar_function(&function) }
        duckdb_scalar_function_set_name(function, name)
        for parameter in parameters {
            var type: duckdb_logical_type? = duckdb_create_logical_type(parameter)
            duckdb_scalar_function_add_parameter(function, type)
            duckdb_destroy_logical_type(&type)
        }
        duckdb_scalar_function_set_return_type(function, result)
        // Rows with a NULL argument are handled by the callback (NULL out), not skipped by DuckDB.
        duckdb_scalar_function_set_special_handling(function)
        duckdb_scalar_function_set_extra_info(function, Unmanaged.passRetained(box).toOpaque()) { pointer in
            if let pointer { Unmanaged<ScalarFunctionBox>.fromOpaque(pointer).release() }
        }
        duckdb_scalar_function_set_function(function) { info, input, output in
            guard let info, let input, let output,
                let pointer = duckdb_scalar_function_get_extra_info(info)
            else { return }
            Unmanaged<ScalarFunctionBox>.fromOpaque(pointer).takeUnretainedValue().run(input: input, output: output)
        }
        guard duckdb_register_scalar_function(handle, function) == DuckDBSuccess else {
            throw DuckDBError(code: .queryFailed, message: "DuckDB refused to register the function \(name)")
        }
    }
}

/// The Swift side of a registered scalar function: its body, kept alive by DuckDB
/// (released when the function is dropped).
private final class ScalarFunctionBox: Sendable {
    enum Body: Sendable {
        case number(@Sendable (UnsafeRawBufferPointer, Bool) -> DecimalFunctionResult, isBigint: Bool)
        case text(@Sendable (UnsafeRawBufferPointer, inout [UInt8]) -> Void)
    }

    let body: Body

    init(_ body: Body) {
        self.body = body
    }

    func run(input: duckdb_data_chunk, output: duckdb_vector) {
        let rows = Int(duckdb_data_chunk_get_size(input))
        // The C API flattens the arguments before calling.
        let textVector = duckdb_data_chunk_get_vector(input, 0)!
        let texts = duckdb_vector_get_data(textVector)!.assumingMemoryBound(to: duckdb_string_t.self)
        let textValidity = duckdb_vector_get_validity(textVector)
        duckdb_vector_ensure_validity_writable(output)
        let outputValidity = duckdb_vector_get_validity(output)!
        switch body {
        case .number(let body, let isBigint):
            let flagVector = duckdb_data_chunk_get_vector(input, 1)!
            let flags = duckdb_vector_get_data(flagVector)!.assumingMemoryBound(to: Bool.self)
            let flagValidity = duckdb_vector_get_validity(flagVector)
            let valueVector = duckdb_struct_vector_get_child(output, 0)!
            let codeVector = duckdb_struct_vector_get_child(output, 1)!
            duckdb_vector_ensure_validity_writable(valueVector)
            duckdb_vector_ensure_validity_writable(codeVector)
            let valueValidity = duckdb_vector_get_validity(valueVector)!
            let codeValidity = duckdb_vector_get_validity(codeVector)!
            let values = duckdb_vector_get_data(valueVector)!
            let codes = duckdb_vector_get_data(codeVector)!.assumingMemoryBound(to: UInt8.self)
            for row in 0..<rows {
                let index = idx_t(row)
                guard Self.isValid(textValidity, row), Self.isValid(flagValidity, row) else {
                    duckdb_validity_set_row_invalid(outputValidity, index)
                    duckdb_validity_set_row_invalid(valueValidity, index)
                    duckdb_validity_set_row_invalid(codeValidity, index)
                    continue
                }
                let result = Self.withBytes(of: &texts[row]) { body($0, flags[row]) }
                codes[row] = result.code
                if let value = result.value {
                    if isBigint {
                        values.assumingMemoryBound(to: Int64.self)[row] = Int64(truncatingIfNeeded: value)
                    } else {
                        values.assumingMemoryBound(to: duckdb_hugeint.self)[row] = duckdb_hugeint(value)
                    }
                } else {
                    duckdb_validity_set_row_invalid(valueValidity, index)
                }
            }
        case .text(let body):
            var buffer: [UInt8] = []
            for row in 0..<rows {
                let index = idx_t(row)
                guard Self.isValid(textValidity, row) else {
                    duckdb_validity_set_row_invalid(outputValidity, index)
                    continue
                }
                buffer.removeAll(keepingCapacity: true)
                Self.withBytes(of: &texts[row]) { body($0, &buffer) }
                let count = buffer.count
                buffer.append(0)  // so the pointer is valid for an empty result too; the length leaves it out
                buffer.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { characters in
                        duckdb_vector_assign_string_element_len(output, index, characters.baseAddress!, idx_t(count))
                    }
                }
            }
        }
    }

    @inline(__always)
    static func isValid(_ validity: UnsafeMutablePointer<UInt64>?, _ row: Int) -> Bool {
        guard let validity else { return true }
        return duckdb_validity_row_is_valid(validity, idx_t(row))
    }

    @inline(__always)
    static func withBytes<Result>(of string: inout duckdb_string_t, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let count = Int(duckdb_string_t_length(string))
        let start = duckdb_string_t_data(&string)
        return body(UnsafeRawBufferPointer(start: start, count: count))
    }
}
