"""Run one PyAirbyte read into a fresh local DuckDB cache: the PyAirbyte side of bench/run.

Runs inside PyAirbyte's own venv, started by bench/run under `/usr/bin/time -v`, so the process's
wall time and peak RSS are what a user's script pays (interpreter start and imports included). It
also reports how long `source.read()` alone took. Set AIRBYTE_OFFLINE_MODE=1 in its environment:
with no network, PyAirbyte must not reach for its connector registry or telemetry.
"""

import argparse
import json
import sys
import time

started = time.perf_counter()

import airbyte as ab  # noqa: E402  (imports are part of what a PyAirbyte user pays; timed apart)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--name", default="source-faker", help="connector name given to get_source")
    parser.add_argument("--executable", required=True, help="the source executable (local_executable)")
    parser.add_argument("--config", required=True, help="the source's config, a JSON file")
    parser.add_argument("--streams", required=True, help="comma-separated stream names")
    parser.add_argument("--cache-dir", required=True, help="folder for the DuckDB cache")
    parser.add_argument("--cache-name", default="bench")
    parser.add_argument("--write-strategy", default="auto", choices=["auto", "append", "merge", "replace"])
    parser.add_argument("--force-full-refresh", action="store_true")
    args = parser.parse_args()

    imported = time.perf_counter()
    with open(args.config, encoding="utf-8") as f:
        config = json.load(f)
    source = ab.get_source(args.name, config=config, local_executable=args.executable)
    source.select_streams(args.streams.split(","))
    cache = ab.new_local_cache(cache_name=args.cache_name, cache_dir=args.cache_dir)
    read_started = time.perf_counter()
    result = source.read(
        cache=cache,
        write_strategy=args.write_strategy,
        force_full_refresh=args.force_full_refresh,
    )
    read_finished = time.perf_counter()
    summary = {
        "import_seconds": imported - started,
        "setup_seconds": read_started - imported,
        "read_seconds": read_finished - read_started,
        "processed_records": result.processed_records,
        "db_path": str(cache.db_path),
        "schema": cache.schema_name,
    }
    print("BENCH_SUMMARY " + json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
    sys.exit(0)
