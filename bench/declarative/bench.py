"""Reads the benchmark API (100,050 records) with the Python CDK's source-declarative-manifest
and with ours; prints records/s, CPU time (user + system) and peak RSS side by side, medians of --runs runs, and the
API server's own limit (every page fetched by curl over keep-alive connections).

Usage: python bench.py --ours .build/release/source-declarative-manifest [--runs 3] [--concurrency 4]
Run with the oracle venv's Python (scripts/setup-oracles), which has the CDK.
"""
import argparse
import json
import os
import re
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


def server_limit(port, connections, paths=PATHS):
    """Seconds for curl (C, keep-alive) to fetch `paths` over `connections` connections, bodies
    discarded: the most this server can hand out, with no engine's work."""
    with tempfile.NamedTemporaryFile("w", suffix=".curl") as listing:
        for path in paths:
            listing.write(f'url = "http://127.0.0.1:{port}{path}"\noutput = /dev/null\n')
        listing.flush()
        command = ["curl", "--silent", "--fail", "--config", listing.name]
        if connections > 1:
            command[1:1] = ["--parallel", "--parallel-max", str(connections)]
        started = time.time()
        # curl's parallel mode draws a progress meter even when silent: keep stderr for errors only.
        fetched = subprocess.run(command, stderr=subprocess.PIPE, text=True)
        seconds = time.time() - started
        if fetched.returncode != 0:
            sys.exit(f"curl failed ({fetched.returncode}) fetching the API's pages: {fetched.stderr[-500:]}")
        return seconds


def run(command, folder):
    out = os.path.join(folder, "out.jsonl")
    with open(out, "wb") as handle:
        timed = subprocess.run(["/usr/bin/time", "-v"] + command, cwd=folder, stdout=handle, stderr=subprocess.PIPE, text=False)
    stderr = timed.stderr.decode("utf-8", "replace")
    seconds = wall(stderr)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr).group(1)) / 1024
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", stderr).group(1)) for kind in ("User", "System"))
    records = 0
    with open(out, "rb") as handle:
        for line in handle:
            if line.startswith(b'{"type":"RECORD"') or line.startswith(b'{"type": "RECORD"'):
                records += 1
    return {"seconds": seconds, "cpu": cpu, "rss": rss, "records": records, "exit": timed.returncode}


def wall(stderr):
    match = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", stderr)
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    arguments = parser.parse_args()
    server, port = start_server()
    try:
        with tempfile.TemporaryDirectory() as folder:
            config = {"base_url": f"http://127.0.0.1:{port}", "token": "bench", "start_date": "2024-01-01T00:00:00Z",
                      "concurrency": arguments.concurrency}
            catalog = {"streams": [
                {"stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
                 "sync_mode": mode, "destination_sync_mode": "append"}
                for name, mode in (("items", "incremental"), ("projects", "full_refresh"), ("comments", "full_refresh"))]}
            json.dump(config, open(os.path.join(folder, "config.json"), "w"))
            json.dump(catalog, open(os.path.join(folder, "catalog.json"), "w"))
            args = ["read", "--config", "config.json", "--catalog", "catalog.json", "--manifest-path", os.path.join(HERE, "manifest.yaml")]
            engines = {"python-cdk": [sys.executable, "-c", ORACLE] + args, "swiftbyte": [os.path.abspath(arguments.ours)] + args}
            results = {name: [] for name in engines}
            limits, chains = [], []
            for _ in range(arguments.runs):
                limits.append(server_limit(port, arguments.concurrency))
                chains.append(server_limit(port, 1, PATHS[:500]))
                for name, command in engines.items():
                    results[name].append(run(command, folder))
            limit, chain = statistics.median(limits), statistics.median(chains)
            total = 100_050
            print(f"declarative bench: {total} records (500 pages of items, 50 projects, 500 pages of comments), "
                  f"concurrency {arguments.concurrency}, median of {arguments.runs} runs")
            print(f"{'engine':<12} {'seconds':>8} {'records/s':>10} {'CPU s':>7} {'peak RSS MB':>12} {'records':>8}")
            rows = {}
            for name, runs in results.items():
                seconds = statistics.median(r["seconds"] for r in runs)
                cpu = statistics.median(r["cpu"] for r in runs)
                rss = statistics.median(r["rss"] for r in runs)
                records = runs[-1]["records"]
                rows[name] = (seconds, rss, cpu)
                print(f"{name:<12} {seconds:>8.2f} {records / seconds:>10.0f} {cpu:>7.2f} {rss:>12.1f} {records:>8}"
                      + ("" if all(r["exit"] == 0 for r in runs) else "  (failed)"))
            print(f"{'api server':<12} {limit:>8.2f} {total / limit:>10.0f} {'':>7} {'':>12} {'':>8}"
                  f"  (its limit: curl fetching every page, {arguments.concurrency} connections)")
            print(f"{'':<12} {chain:>8.2f} {50_000 / chain:>10.0f} {'':>7} {'':>12} {'':>8}"
                  f"  (the 500 items pages one after another, 1 connection: the longest chain)")
            cdk, ours = rows["python-cdk"], rows["swiftbyte"]
            print(f"swiftbyte is {cdk[0] / ours[0]:.1f}x the Python CDK's records/s, with {cdk[2] / ours[2]:.1f}x less CPU time "
                  f"and {ours[1]:.0f} MB peak RSS ({cdk[1] / ours[1]:.1f}x less); it takes {ours[0] / limit:.2f}x the server's "
                  f"own time")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
