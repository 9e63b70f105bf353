"""Open a cache that `swiftbyte read` wrote with PyAirbyte, and print what PyAirbyte finds there.

Run by bench/bench.py with PyAirbyte's venv after each `swiftbyte read` run, untimed:
    python pyairbyte_read_cache.py CACHE.duckdb SOURCE_NAME
prints one line, `BENCH_PYAIRBYTE_READBACK {"streams": [...], "rows": {...}, "states": [...]}`:
the streams PyAirbyte lists from `_airbyte_streams`, the rows it reads from each stream's table,
and the streams whose saved state its state provider returns from `_airbyte_state`.
"""

import json
import sys

from airbyte.caches import DuckDBCache


def main() -> None:
    path, source = sys.argv[1], sys.argv[2]
    cache = DuckDBCache(db_path=path, schema_name="main")
    streams = sorted(cache.streams.keys())
    rows = {name: len(cache[name].to_pandas()) for name in streams}
    provider = cache.get_state_provider(source)
    states = sorted(state.stream_descriptor.name for state in provider.stream_state_artifacts)
    print("BENCH_PYAIRBYTE_READBACK " + json.dumps({"streams": streams, "rows": rows, "states": states}))


if __name__ == "__main__":
    main()
