"""Reads the benchmark API (100,050 records) with the Python CDK's source-declarative-manifest
and with ours; prints records/s, CPU time (user + system) and peak RSS side by side, medians of --runs runs, and the
API server's own limit (every page fetched by curl over keep-alive connections).

Two workloads read the same records. "one chain": manifest.yaml as it is, whose incremental `items` stream is one
cursor chain of 500 pages (each page's URL is in the page before, so no client can fetch them in parallel).
"sliced by day": the same manifest with `step: P1D` on the `items` cursor, so `items` is 10 time windows of 50
pages each that both engines read as parallel partitions, up to the concurrency level.

Every engine writes its messages into a file, in memory (/dev/shm) where the machine has it, as curl writes its
bodies for the second limit. Before each of our runs the server's limit is measured again, and the ratio of the
two is reported per run (their median beside the ratio of the medians): a shared machine drifts by a tenth or
more within one bench, which a ratio of two medians taken minutes apart mixes into the figure.

Usage: python bench.py --ours .build/static/release/source-declarative-manifest [--runs 3] [--concurrency 4]
Run with the oracle venv's Python (scripts/setup-oracles), which has the CDK.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = "import sys; from airbyte_cdk.cli.source_declarative_manifest import run; sys.argv[0] = 'source-declarative-manifest'; run()"


def start_server():
    process = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py")], stdout=subprocess.PIPE, text=True)
    port = int(process.stdout.readline())
    return process, port


PATHS = ([f"/items?cursor={p}&limit=100" for p in range(500)] + ["/projects"]
         + [f"/projects/{p}/comments?cursor={c}&limit=100" for p in range(50) for c in range(10)])


DAY_PATHS = [f"/items?updated_since=2024-01-01T00%3A00%3A00Z&updated_until=2024-01-01T23%3A59%3A59Z&cursor={p}&limit=100"
             for p in range(50)]


def server_limit(port, connections, paths=PATHS, into=os.devnull):
    """Seconds for curl (C, keep-alive) to fetch `paths` over `connections` connections, the bodies
    written one after another into `into` (by default discarded): the most this server can hand out,
    with no engine's work."""
    with tempfile.NamedTemporaryFile("w", suffix=".curl") as listing, open(into, "wb") as output:
        for path in paths:
            listing.write(f'url = "http://127.0.0.1:{port}{path}"\n')
        listing.flush()
        command = ["curl", "--silent", "--fail", "--config", listing.name]
        if connections > 1:
            command[1:1] = ["--parallel", "--parallel-max", str(connections)]
        started = time.time()
        # curl's parallel mode draws a progress meter even when silent: keep stderr for errors only.
        fetched = subprocess.run(command, stdout=output, stderr=subprocess.PIPE, text=True)
        seconds = time.time() - started
        if fetched.returncode != 0:
            sys.exit(f"curl failed ({fetched.returncode}) fetching the API's pages: {fetched.stderr[-500:]}")
        return seconds


def sliced_by_day(manifest_path, folder):
    """manifest.yaml with the `items` cursor stepping one day at a time from 2024-01-01 to 2024-01-10."""
    import yaml  # the oracle venv has PyYAML: the CDK depends on it

    manifest = yaml.safe_load(open(manifest_path))
    cursor = next(stream for stream in manifest["streams"] if stream.get("name") == "items")["incremental_sync"]
    cursor.update({
        "end_datetime": "2024-01-10T23:59:59Z", "step": "P1D", "cursor_granularity": "PT1S",
        "end_time_option": {"type": "RequestOption", "inject_into": "request_parameter", "field_name": "updated_until"}})
    path = os.path.join(folder, "manifest-sliced.yaml")
    with open(path, "w") as handle:
        yaml.safe_dump(manifest, handle, sort_keys=False)
    return path


def run(command, folder):
    """One engine run: wall seconds, CPU seconds (user + system) and peak RSS from the kernel's own
    accounting of the child (`wait4`), as GNU time reports them but without a wrapper process, whose
    own start and exit (a millisecond or more) would be counted against the engine and not against curl."""
    out = os.path.join(folder, "out.jsonl")
    with open(out, "wb") as handle:
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=folder, stdout=handle, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss / 1024  # kilobytes on Linux
    cpu = usage.ru_utime + usage.ru_stime
    records = 0
    with open(out, "rb") as handle:
        for line in handle:
            if line.startswith(b'{"type":"RECORD"') or line.startswith(b'{"type": "RECORD"'):
                records += 1
    return {"seconds": seconds, "cpu": cpu, "rss": rss, "records": records, "exit": process.returncode}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    arguments = parser.parse_args()
    server, port = start_server()
    try:
        # Outputs go to memory (tmpfs) where there is one: on disk, the kernel's writeback of
        # the previous run's 25 MB moved a run by tens of milliseconds, for every engine.
        memory = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        with tempfile.TemporaryDirectory(dir=memory) as folder:
            config = {"base_url": f"http://127.0.0.1:{port}", "token": "bench", "start_date": "2024-01-01T00:00:00Z",
                      "concurrency": arguments.concurrency}
            catalog = {"streams": [
                {"stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
                 "sync_mode": mode, "destination_sync_mode": "append"}
                for name, mode in (("items", "incremental"), ("projects", "full_refresh"), ("comments", "full_refresh"))]}
            json.dump(config, open(os.path.join(folder, "config.json"), "w"))
            json.dump(catalog, open(os.path.join(folder, "catalog.json"), "w"))
            manifests = {"one chain": os.path.join(HERE, "manifest.yaml"),
                         "sliced by day": sliced_by_day(os.path.join(HERE, "manifest.yaml"), folder)}
            engines = {"python-cdk": [sys.executable, "-c", ORACLE], "swiftbyte": [os.path.abspath(arguments.ours)]}
            results = {(workload, name): [] for workload in manifests for name in engines}
            limits, written, chains, days = [], [], [], []
            for _ in range(arguments.runs):
                limits.append(server_limit(port, arguments.concurrency))
                written.append(server_limit(port, arguments.concurrency, into=os.path.join(folder, "bodies.json")))
                chains.append(server_limit(port, 1, PATHS[:500]))
                days.append(server_limit(port, 1, DAY_PATHS))
                for workload, manifest in manifests.items():
                    args = ["read", "--config", "config.json", "--catalog", "catalog.json", "--manifest-path", manifest]
                    for name, command in engines.items():
                        # The server's limit again right before our run, so that each of our runs has
                        # its own reference taken in the same state of the machine (which drifts by
                        # a tenth or more between a bench's runs).
                        paired = server_limit(port, arguments.concurrency) if name == "swiftbyte" else None
                        result = run(command + args, folder)
                        result["paired_limit"] = paired
                        results[(workload, name)].append(result)
            limit, chain, day = statistics.median(limits), statistics.median(chains), statistics.median(days)
            with_bodies = statistics.median(written)
            total = 100_050
            print(f"declarative bench: {total} records (500 pages of items, 50 projects, 500 pages of comments), "
                  f"concurrency {arguments.concurrency}, median of {arguments.runs} runs")
            print(f"{'api server':<12} {limit:>8.3f} s  its limit: curl fetching every page, {arguments.concurrency} connections")
            print(f"{'':<12} {with_bodies:>8.3f} s  the same, the bodies written into one file (as the engines write their records)")
            print(f"{'':<12} {chain:>8.3f} s  the 500 items pages one after another, 1 connection (one chain's critical path)")
            print(f"{'':<12} {day:>8.3f} s  one day's 50 items pages one after another, 1 connection (sliced by day)")
            for workload in manifests:
                print(f"\n{workload}:")
                print(f"{'engine':<12} {'seconds':>8} {'records/s':>10} {'CPU s':>7} {'peak RSS MB':>12} {'records':>8}")
                rows = {}
                for name in engines:
                    runs = results[(workload, name)]
                    seconds = statistics.median(r["seconds"] for r in runs)
                    cpu = statistics.median(r["cpu"] for r in runs)
                    rss = statistics.median(r["rss"] for r in runs)
                    records = runs[-1]["records"]
                    rows[name] = (seconds, rss, cpu)
                    print(f"{name:<12} {seconds:>8.3f} {records / seconds:>10.0f} {cpu:>7.2f} {rss:>12.1f} {records:>8}"
                          + ("" if all(r["exit"] == 0 and r["records"] == total for r in runs) else "  (failed)"))
                cdk, ours = rows["python-cdk"], rows["swiftbyte"]
                paired = [r["seconds"] / r["paired_limit"] for r in results[(workload, "swiftbyte")]]
                print(f"swiftbyte is {cdk[0] / ours[0]:.1f}x the Python CDK's records/s, with {cdk[2] / ours[2]:.1f}x less CPU "
                      f"time and {ours[1]:.0f} MB peak RSS ({cdk[1] / ours[1]:.1f}x less); it takes {ours[0] / limit:.2f}x the "
                      f"server's own time ({ours[0] / with_bodies:.2f}x its time with the bodies written)")
                print(f"each run against the server's limit measured right before it: median {statistics.median(paired):.2f}x "
                      f"(runs: {', '.join(f'{ratio:.2f}' for ratio in sorted(paired))})")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
