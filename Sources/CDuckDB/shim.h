#ifndef SWIFTBYTE_CDUCKDB_SHIM_H
#define SWIFTBYTE_CDUCKDB_SHIM_H

#if __has_include(<duckdb.h>)
#include <duckdb.h>
#else
#error "duckdb.h not found: run scripts/setup-duckdb first (or set DUCKDB_PREFIX to a folder with include/duckdb.h and lib/libduckdb.so)"
#endif

#endif
