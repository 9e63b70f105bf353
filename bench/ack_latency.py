#!/usr/bin/env python3
"""How long destination-duckdb holds each STATE before echoing it.

    bench/ack_latency.py <recorded inputs folder> [destination executable]

Streams the folder's messages.jsonl through a pipe into `destination-duckdb
write` (a fresh database in a temporary folder), notes when each STATE line was
handed to the pipe and when its echo came back, and prints the latency's
median, 90th percentile and maximum. A STATE is handed over only after every
line before it, so the time is counted from when the destination could read it.
"""
import json, os, statistics, subprocess, sys, tempfile, threading, time

folder = sys.argv[1]
executable = sys.argv[2] if len(sys.argv) > 2 else ".build/release/destination-duckdb"
with tempfile.TemporaryDirectory() as work:
    config = os.path.join(work, "config.json")
    with open(config, "w") as f:
        json.dump({"destination_path": os.path.join(work, "bench.duckdb")}, f)
    process = subprocess.Popen(
        [executable, "write", "--config", config, "--catalog", os.path.join(folder, "catalog.json")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    sent, echoed = [], []

    def read():
        for line in process.stdout:
            if b'"STATE"' in line[:40]:
                echoed.append(time.monotonic())

    reader = threading.Thread(target=read)
    reader.start()
    start = time.monotonic()
    with open(os.path.join(folder, "messages.jsonl"), "rb") as messages:
        for line in messages:
            process.stdin.write(line)
            if line.startswith(b'{"type":"STATE"') or line.startswith(b'{"type": "STATE"'):
                process.stdin.flush()
                sent.append(time.monotonic())
    process.stdin.close()
    reader.join()
    process.wait()
    total = time.monotonic() - start
latencies = sorted(e - s for s, e in zip(sent, echoed))
if len(echoed) != len(sent) or not latencies:
    sys.exit(f"{len(sent)} states sent, {len(echoed)} echoed (exit {process.returncode})")
p90 = latencies[int(0.9 * (len(latencies) - 1))]
print(f"{len(sent)} states in {total:.1f} s: ack latency median {statistics.median(latencies):.2f} s, "
      f"p90 {p90:.2f} s, max {latencies[-1]:.2f} s")
