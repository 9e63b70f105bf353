// The safe Swift API over the DuckDB C API; see Database.swift.
