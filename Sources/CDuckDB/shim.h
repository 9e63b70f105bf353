#ifndef SWIFTBYTE_CDUCKDB_SHIM_H
#define SWIFTBYTE_CDUCKDB_SHIM_H

#if __has_include(<duckdb.h>)
#include <duckdb.h>
#else
#error "duckdb.h not found: run scripts/setup-duckdb first (it installs libduckdb and the duckdb.pc that pkg-config finds)"
#endif

#endif
