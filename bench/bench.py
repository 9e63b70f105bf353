"""The orchestration behind bench/run: record inputs once, time every loader on them, report.

Python standard library only (3.10+); bench/run picks the interpreter and makes sure GNU time is
there. See bench/README.md for what is measured and how to read the numbers.
"""

from __future__ import annotations

import argparse
import datetime
import fcntl
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shapes as record_shapes  # noqa: E402  (bench/shapes.py)

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
# BENCH_RELEASE_DIR points at another build of ours (default: this checkout's release build).
RELEASE = Path(os.environ.get("BENCH_RELEASE_DIR") or REPO / ".build" / "release")
STREAMS = ("users", "products", "purchases")
CURSOR = ["updated_at"]
TIME = os.environ.get("BENCH_TIME", "/usr/bin/time")

# What `swiftbyte read` is expected to look like once it exists (issue: the runner). Until
# `swiftbyte --help` lists a `read` subcommand the end-to-end row says "not yet available"; when it
# lands with other flags, change this one line.
SWIFTBYTE_READ = "{exe} read source-faker --executable {source} --config {config} --cache {cache} --streams {streams}"


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


class BenchError(Exception):
    """A failure the user can act on; bench/run prints it and exits 1."""


# ---------------------------------------------------------------------------------------------
# Cache folder, virtual environments


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "swiftbyte" / "bench"


class Lock:
    """An exclusive flock on a file in the cache, so concurrent runs don't install or record twice."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> "Lock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.path, "w")
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"another bench/run holds {self.path}; waiting for it")
            fcntl.flock(self.file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def run_logged(cmd: list[str], log: Path, what: str, **kwargs) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        result = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, **kwargs)
    if result.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-15:]
        raise BenchError(f"{what} failed (exit {result.returncode}); last lines of {log}:\n  " + "\n  ".join(tail))


def ensure_venv(root: Path, name: str, requirement: str, python: str, upgrade: bool) -> Path:
    """A venv under the cache with `requirement` installed; reused while its marker names the same requirement."""
    venv = root / "venv" / name
    marker = venv / ".bench-installed"
    if not upgrade and marker.exists() and marker.read_text().strip() == requirement:
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    say(f"installing {requirement} into {venv} (once; pip from PyPI)")
    started = time.monotonic()
    run_logged([python, "-m", "venv", str(venv)], root / "logs" / f"venv-{name}.log", f"creating the {name} venv")
    run_logged(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", requirement],
        root / "logs" / f"pip-{name}.log",
        f"pip install {requirement}",
    )
    marker.write_text(requirement + "\n")
    say(f"installed {requirement} in {time.monotonic() - started:.0f} s")
    return venv


def package_version(venv: Path, package: str) -> str:
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"],
        capture_output=True, text=True, check=True,
    )
    return out.stdout.strip()


# ---------------------------------------------------------------------------------------------
# Recording the inputs


def parse_size(text: str) -> int:
    match = re.fullmatch(r"(\d+)([km]?)", text.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(f"size must look like 100k, 1m or 5000, not {text!r}")
    return int(match.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2)]


def read_messages(path: Path, message_type: str) -> list[dict]:
    found = []
    for line in path.read_text().splitlines():
        if line.strip():
            message = json.loads(line)
            if message.get("type") == message_type:
                found.append(message)
    return found


def configured_catalog(streams: list[dict], dedup: bool) -> dict:
    """Configure the recorded streams: full_refresh/append, or incremental/append_dedup on the
    streams' own primary keys with `updated_at` as the cursor."""
    configured = []
    for stream in streams:
        entry: dict = {
            "stream": stream,
            "sync_mode": "incremental" if dedup else "full_refresh",
            "destination_sync_mode": "append_dedup" if dedup else "append",
            "generation_id": 1,
            "minimum_generation_id": 0,
            "sync_id": 1,
        }
        if dedup:
            entry["primary_key"] = stream.get("source_defined_primary_key") or [["id"]]
            entry["cursor_field"] = CURSOR
        configured.append(entry)
    return {"streams": configured}


def raw_payload(line: str, data: dict, decoder: json.JSONDecoder) -> str:
    """The `data` object's own text in `line` when it can be found unambiguously, else `data` re-serialized."""
    start = line.find('"data":', max(line.find('"record":'), 0))
    if start >= 0:
        begin = start + len('"data":')
        while begin < len(line) and line[begin] in " \t":
            begin += 1
        try:
            payload, end = decoder.raw_decode(line, begin)
            if payload == data:
                return line[begin:end]
        except ValueError:
            pass
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def extract_payloads(messages: Path, records_dir: Path) -> dict:
    """Each stream's `record.data` objects, one per line and byte for byte as the source wrote them,
    for DuckDB's read_ndjson floor. Also counts what the file holds."""
    records_dir.mkdir()
    outputs = {name: open(records_dir / f"{name}.jsonl", "w", encoding="utf-8") for name in STREAMS}
    decoder = json.JSONDecoder()
    counts: dict[str, int] = {}
    errors = []
    lines = 0
    try:
        with open(messages, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                lines += 1
                message = json.loads(line)
                kind = message.get("type")
                if kind == "RECORD":
                    record = message["record"]
                    stream = record["stream"]
                    counts[stream] = counts.get(stream, 0) + 1
                    text = raw_payload(line, record["data"], decoder)
                    if stream in outputs:
                        outputs[stream].write(text + "\n")
                else:
                    counts[kind] = counts.get(kind, 0) + 1
                    if kind == "TRACE" and message["trace"].get("type") == "ERROR":
                        errors.append(message["trace"]["error"].get("message"))
    finally:
        for out in outputs.values():
            out.close()
    return {"lines": lines, "counts": counts, "errors": errors}


def record_inputs(root: Path, faker: Path, count: int, seed: int) -> Path:
    """Record source-faker's output once per (faker version, count, seed); build it in a temporary
    folder and rename it into place only when complete."""
    version = package_version(faker, "airbyte-source-faker")
    key = f"faker-{version}-count{count}-seed{seed}"
    inputs = root / "inputs"
    final = inputs / key
    if (final / "meta.json").exists():
        return final
    inputs.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=inputs))
    exe = str(faker / "bin" / "source-faker")
    try:
        config = {"count": count, "seed": seed, "parallelism": 1}
        (work / "config.json").write_text(json.dumps(config) + "\n")
        for command, out in (("spec", "spec.jsonl"), ("discover", "discover.jsonl")):
            args = [exe, command] + (["--config", str(work / "config.json")] if command == "discover" else [])
            with open(work / out, "wb") as f:
                result = subprocess.run(args, stdout=f, stderr=subprocess.PIPE)
            if result.returncode != 0:
                raise BenchError(f"source-faker {command} failed: {result.stderr.decode(errors='replace')[-2000:]}")
        if not read_messages(work / "spec.jsonl", "SPEC"):
            raise BenchError("source-faker spec printed no SPEC message")
        catalogs = read_messages(work / "discover.jsonl", "CATALOG")
        if not catalogs:
            raise BenchError("source-faker discover printed no CATALOG message")
        by_name = {s["name"]: s for s in catalogs[0]["catalog"]["streams"]}
        missing = [name for name in STREAMS if name not in by_name]
        if missing:
            raise BenchError(f"source-faker {version} has no stream(s) {missing}; it offers {sorted(by_name)}")
        streams = [by_name[name] for name in STREAMS]
        for name, dedup in (("catalog.json", False), ("catalog-dedup.json", True)):
            (work / name).write_text(json.dumps(configured_catalog(streams, dedup), indent=1) + "\n")

        say(f"recording source-faker {version} count={count} seed={seed} (about {max(1, 2 * count // 9000)} s at ~9k records/s)")
        started = time.monotonic()
        with open(work / "messages.jsonl", "wb") as out, open(work / "read.stderr", "wb") as err:
            result = subprocess.run(
                [exe, "read", "--config", str(work / "config.json"), "--catalog", str(work / "catalog.json")],
                stdout=out, stderr=err,
            )
        seconds = time.monotonic() - started
        if result.returncode != 0:
            raise BenchError(f"source-faker read failed (exit {result.returncode}): {(work / 'read.stderr').read_text(errors='replace')[-2000:]}")
        scan = extract_payloads(work / "messages.jsonl", work / "records")
        if scan["errors"]:
            raise BenchError(f"source-faker reported errors while recording: {scan['errors'][:3]}")
        empty = [name for name in STREAMS if not scan["counts"].get(name)]
        if empty:
            raise BenchError(f"the recording has no records for {empty}")
        meta = {
            "source": "airbyte-source-faker",
            "faker_version": version,
            "airbyte_cdk_version": package_version(faker, "airbyte-cdk"),
            "config": config,
            "streams": list(STREAMS),
            "records": {name: scan["counts"][name] for name in STREAMS},
            "total_records": sum(scan["counts"][name] for name in STREAMS),
            "message_counts": scan["counts"],
            "lines": scan["lines"],
            "bytes": (work / "messages.jsonl").stat().st_size,
            "recorded_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "recording_seconds": round(seconds, 1),
        }
        (work / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
        os.rename(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    say(f"recorded {meta['total_records']:,} records ({meta['bytes'] / 1e6:.1f} MB) in {seconds:.0f} s into {final}")
    return final


def record_shape(root: Path, shape: str, count: int, seed: int) -> Path:
    """Generate a shape's recording once per (shape, generator version, records, seed), like record_inputs."""
    records = record_shapes.records_for(shape, count)
    key = f"shape-{shape}-v{record_shapes.GENERATOR_VERSION}-count{records}-seed{seed}"
    final = root / "inputs" / key
    if (final / "meta.json").exists():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=final.parent))
    try:
        say(f"generating shape {shape}: {records:,} records" + (f" (capped from {count:,} at ~{record_shapes.MAX_BYTES / 1e9:.0f} GB)" if records < count else ""))
        started = time.monotonic()
        meta = record_shapes.generate(shape, records, seed, work)
        meta["recording_seconds"] = round(time.monotonic() - started, 1)
        meta["recorded_at"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        (work / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
        os.rename(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    say(f"generated {records:,} {shape} records ({meta['bytes'] / 1e6:.1f} MB) into {final}")
    return final


def shape_cases(shape: str, inputs: Path, meta: dict, duckdb: "DuckDBCLI", dest: Path, dest_problem: str | None, only: set | None) -> list["Case"]:
    """The floor and ours for one generated shape, in group `shape:<name>`."""
    name = meta["streams"][0]
    expected = dict(meta["records"])
    messages = inputs / "messages.jsonl"
    cases = []
    if only is None or "duckdb" in only:
        statement = f"CREATE TABLE {name} AS SELECT * FROM read_ndjson('{inputs / 'records' / (name + '.jsonl')}');"
        cases.append(Case(
            key=f"shape-{shape}-floor", label="DuckDB read_ndjson (floor)", group=f"shape:{shape}",
            command=lambda d: ([str(duckdb.exe), str(d / "floor.duckdb"), "-c", statement], None, None),
            counts=lambda d: duckdb.stream_counts(d / "floor.duckdb", [name]),
            expected=expected, input_bytes=meta["bytes"], records=meta["total_records"],
        ))
    if only is None or "ours" in only:
        config = {"basic_normalization": True} if shape == "normalized" else {}

        def ours_cmd(run_dir: Path) -> tuple[list[str], None, Path]:
            path = run_dir / "config.json"
            path.write_text(json.dumps(dict(config, destination_path=str(run_dir / "bench.duckdb"))) + "\n")
            return [str(dest), "write", "--config", str(path), "--catalog", str(inputs / "catalog.json")], None, messages

        cases.append(Case(
            key=f"shape-{shape}-ours", label="destination-duckdb append" + (", basic_normalization" if config else ""),
            group=f"shape:{shape}", is_ours=True, command=ours_cmd, unavailable=dest_problem,
            counts=lambda d: duckdb.stream_counts(d / "bench.duckdb", [name]),
            expected=expected, input_bytes=meta["bytes"], records=meta["total_records"],
        ))
    return cases


def memory_check(inputs: Path, meta: dict, repeats: int, duckdb: "DuckDBCLI", dest: Path, work: Path) -> dict:
    """destination-duckdb append of the faker recording sent `repeats` times in a row (the
    messages streamed through a pipe, so no file that large is needed): peak RSS as the input grows."""
    run_dir = work / "memory-check"
    run_dir.mkdir()
    config = run_dir / "config.json"
    config.write_text(json.dumps({"destination_path": str(run_dir / "bench.duckdb")}) + "\n")
    messages = inputs / "messages.jsonl"
    say(f"memory check: {repeats} x {meta['total_records']:,} records through a pipe into destination-duckdb")
    feeder = subprocess.Popen(["bash", "-c", f"for i in $(seq {repeats}); do cat '{messages}'; done"], stdout=subprocess.PIPE)
    time_file = run_dir / "time-v.txt"
    with open(run_dir / "stdout", "wb") as o, open(run_dir / "stderr", "wb") as e:
        result = subprocess.run([TIME, "-v", "-o", str(time_file), str(dest), "write", "--config", str(config),
                                 "--catalog", str(inputs / "catalog.json")], stdin=feeder.stdout, stdout=o, stderr=e, cwd=run_dir)
    feeder.stdout.close()
    feeder.wait()
    measured = parse_time_v(time_file.read_text(errors="replace"))
    rows = duckdb.stream_counts(run_dir / "bench.duckdb") if result.returncode == 0 else {}
    expected = {name: count * repeats for name, count in meta["records"].items()}
    shutil.rmtree(run_dir, ignore_errors=True)
    return dict(measured, exit=result.returncode, records=meta["total_records"] * repeats, rows_match=rows == expected,
                bytes=meta["bytes"] * repeats)


def render_shapes(results: list[dict], metas: dict) -> str:
    """One line per generated shape: the floor and ours side by side, with the ratio."""
    header = (f"{'shape':<14} {'records':>10} {'MB':>8} {'floor s':>8} {'(min-max)':>13} {'CPU s':>6} {'MiB':>6} "
              f"{'ours s':>8} {'(min-max)':>13} {'CPU s':>6} {'MiB':>6} {'ours/floor':>11} {'CPU ratio':>10}")
    lines = ["", "Generated shapes, each against DuckDB's read_ndjson of its own payloads (bench/shapes.py); "
                 "CPU s is user + system time", header, "-" * len(header)]
    for shape, meta in metas.items():
        rows = {r["key"]: r for r in results if r["group"] == f"shape:{shape}"}
        floor, ours = rows.get(f"shape-{shape}-floor"), rows.get(f"shape-{shape}-ours")

        def cells(r: dict | None) -> str:
            if r is None:
                return f"{'-':>8} {'':>13} {'':>6}"
            if r["status"] != "ok":
                return f"{r['status'][:36]:>36}"
            return (f"{r['wall_s_median']:>8.2f} {'(%.2f-%.2f)' % (r['wall_s_min'], r['wall_s_max']):>13} "
                    f"{r['cpu_s_median']:>6.2f} {r['peak_rss_mib_median']:>6.0f}")

        ratio = cpu = "-"
        if floor and ours and floor["status"] == "ok" and ours["status"] == "ok":
            ratio = f"{ours['wall_s_median'] / floor['wall_s_median']:.2f}x"
            cpu = f"{ours['cpu_s_median'] / floor['cpu_s_median']:.2f}x"
        lines.append(f"{shape:<14} {meta['total_records']:>10,} {meta['bytes'] / 1e6:>8.1f} {cells(floor)} {cells(ours)} {ratio:>11} {cpu:>10}")
        for r in (floor, ours):
            if r and r.get("rows_match_recording") is False:
                lines.append(f"{'':<14} ! {r['label']}: rows loaded differ from the recording (see the JSON)")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Timing one process


def parse_time_v(text: str) -> dict:
    def field_value(label: str) -> str | None:
        match = re.search(r"^\s*" + re.escape(label) + r".*?:\s*(\S+)\s*$", text, re.MULTILINE)
        return match.group(1) if match else None

    wall_text = field_value("Elapsed (wall clock) time")
    wall = None
    if wall_text:
        seconds = 0.0
        for part in wall_text.split(":"):
            seconds = seconds * 60 + float(part)
        wall = seconds
    rss = field_value("Maximum resident set size")
    return {
        "wall_s": wall,
        "user_s": float(field_value("User time (seconds)") or "nan"),
        "sys_s": float(field_value("System time (seconds)") or "nan"),
        "peak_rss_mib": int(rss) / 1024 if rss else None,
        "signal": bool(re.search(r"Command terminated by signal", text)),
    }


def timed(cmd: list[str], run_dir: Path, env: dict | None = None, stdin: Path | None = None) -> dict:
    """Run `cmd` in `run_dir` under `/usr/bin/time -v`; stdout and stderr go to files there."""
    time_file = run_dir / "time-v.txt"
    with open(stdin or os.devnull, "rb") as i, open(run_dir / "stdout", "wb") as o, open(run_dir / "stderr", "wb") as e:
        result = subprocess.run([TIME, "-v", "-o", str(time_file), *cmd], stdin=i, stdout=o, stderr=e, cwd=run_dir, env=env)
    measured = parse_time_v(time_file.read_text(errors="replace")) if time_file.exists() else {}
    measured["exit"] = result.returncode
    return measured


def tail(path: Path, lines: int = 8) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# ---------------------------------------------------------------------------------------------
# DuckDB CLI helpers (row counts for checking that a loader really loaded everything)


class DuckDBCLI:
    def __init__(self, exe: Path) -> None:
        self.exe = exe

    def query(self, db: Path, sql: str, readonly: bool = True) -> list[dict]:
        args = [str(self.exe), "-json"] + (["-readonly"] if readonly else []) + [str(db), "-c", sql]
        result = subprocess.run(args, capture_output=True, text=True)
        if result.returncode != 0:
            raise BenchError(f"duckdb {db}: {result.stderr.strip()[-500:]}")
        text = result.stdout.strip()
        return json.loads(text) if text else []

    def stream_counts(self, db: Path, streams: tuple[str, ...] | list[str] = STREAMS) -> dict[str, int]:
        """Rows per stream table (any schema, `main` first); streams with no table are left out."""
        names = ", ".join(f"'{name}'" for name in streams)
        tables = self.query(
            db,
            f"SELECT table_schema AS s, table_name AS t FROM information_schema.tables "
            f"WHERE table_name IN ({names}) ORDER BY (table_schema = 'main') DESC, table_schema",
        )
        chosen: dict[str, str] = {}
        for row in tables:
            chosen.setdefault(row["t"], row["s"])
        if not chosen:
            return {}
        union = " UNION ALL ".join(f"SELECT '{t}' AS t, count(*) AS n FROM \"{s}\".\"{t}\"" for t, s in chosen.items())
        return {row["t"]: int(row["n"]) for row in self.query(db, union)}


# ---------------------------------------------------------------------------------------------
# The loaders


@dataclass
class Case:
    key: str
    label: str
    group: str
    # (cmd, env, stdin) for one timed run in a fresh folder
    command: Callable[[Path], tuple[list[str], dict | None, Path | None]] | None = None
    unavailable: str | None = None
    prepare_once: Callable[[Path], None] | None = None  # untimed, before the first run
    prepare_run: Callable[[Path], None] | None = None  # untimed, before each run
    counts: Callable[[Path], dict[str, int]] | None = None  # rows per stream after a run
    expected: dict[str, int] | None = None
    input_bytes: int | None = None
    records: int | None = None
    is_ours: bool = False
    error: str | None = None  # set when its untimed preparation failed
    runs: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def help_lists(exe: Path, subcommand: str) -> bool:
    """Whether `exe --help` lists `subcommand` among its subcommands."""
    try:
        result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(re.search(rf"^\s+{re.escape(subcommand)}\b", result.stdout + result.stderr, re.MULTILINE))


def copy_seed(seed: Path, target: Path) -> None:
    if seed.is_dir():
        shutil.copytree(seed, target)
    else:
        for suffix in ("", ".wal"):
            source = Path(str(seed) + suffix)
            if source.exists():
                shutil.copy2(source, Path(str(target) + suffix))


def build_cases(args, inputs: Path, meta: dict, venvs: dict, duckdb: DuckDBCLI, build_problem: str | None, work: Path) -> list[Case]:
    messages = inputs / "messages.jsonl"
    total = meta["total_records"]
    size = meta["bytes"]
    expected = dict(meta["records"])
    stream_list = ",".join(STREAMS)
    only = set(args.only.split(",")) if args.only else None
    cases: list[Case] = []

    def wanted(kind: str) -> bool:
        return only is None or kind in only

    pyairbyte_env = dict(os.environ, AIRBYTE_OFFLINE_MODE="1", DO_NOT_TRACK="1", BENCH_REPLAY_DIR=str(inputs))

    def pyairbyte_cmd(executable: str, config: Path, strategy: str, run_dir: Path) -> tuple[list[str], dict, None]:
        env = dict(
            pyairbyte_env,
            AIRBYTE_PROJECT_DIR=str(run_dir),
            AIRBYTE_TEMP_DIR=str(run_dir / "tmp"),
            AIRBYTE_LOGGING_ROOT=str(run_dir / "logs"),
        )
        (run_dir / "tmp").mkdir(exist_ok=True)
        cmd = [
            str(venvs["pyairbyte"] / "bin" / "python"), str(BENCH / "pyairbyte_load.py"),
            "--executable", executable, "--config", str(config), "--streams", stream_list,
            "--cache-dir", str(run_dir / "cache"), "--write-strategy", strategy,
        ]
        return cmd, env, None

    def pyairbyte_counts(run_dir: Path) -> dict[str, int]:
        return duckdb.stream_counts(run_dir / "cache" / "db_bench.duckdb")

    replay = str(BENCH / "replay-source")
    if wanted("pyairbyte"):
        cases.append(Case(
            key="pyairbyte-append", label="PyAirbyte append", group="append",
            command=lambda d: pyairbyte_cmd(replay, inputs / "config.json", "append", d),
            counts=pyairbyte_counts, expected=expected, input_bytes=size, records=total,
        ))
        seed_cache = work / "seed-pyairbyte"

        def seed_pyairbyte(_: Path) -> None:
            seed_cache.mkdir()
            cmd, env, _stdin = pyairbyte_cmd(replay, inputs / "config.json", "merge", seed_cache)
            result = timed(cmd, seed_cache, env)
            if result["exit"] != 0:
                raise BenchError(f"seeding PyAirbyte's cache failed: {tail(seed_cache / 'stderr')}")

        cases.append(Case(
            key="pyairbyte-merge", label="PyAirbyte merge, tables full", group="dedup",
            command=lambda d: pyairbyte_cmd(replay, inputs / "config.json", "merge", d),
            prepare_once=seed_pyairbyte,
            prepare_run=lambda d: copy_seed(seed_cache / "cache", d / "cache"),
            counts=pyairbyte_counts, expected=expected, input_bytes=size, records=total,
        ))

    if wanted("duckdb"):
        statements = " ".join(
            f"CREATE TABLE {name} AS SELECT * FROM read_ndjson('{inputs / 'records' / (name + '.jsonl')}');" for name in STREAMS
        )
        cases.append(Case(
            key="duckdb-read-ndjson", label="DuckDB read_ndjson (floor)", group="append",
            command=lambda d: ([str(duckdb.exe), str(d / "floor.duckdb"), "-c", statements], None, None),
            counts=lambda d: duckdb.stream_counts(d / "floor.duckdb"),
            expected=expected, input_bytes=size, records=total,
            notes=["payload files only, extracted beforehand; MB/s is of the messages file like the others"],
        ))

    dest = RELEASE / "destination-duckdb"
    if dest.exists() and help_lists(dest, "write"):
        dest_problem = None
    elif build_problem:
        dest_problem = build_problem
    else:
        dest_problem = "not yet available" + ("" if dest.exists() else " (not built)")
    if wanted("ours"):
        def ours_cmd(catalog: str, run_dir: Path, db: Path | None = None) -> tuple[list[str], None, Path]:
            config = run_dir / "config.json"
            config.write_text(json.dumps({"destination_path": str(db or run_dir / "bench.duckdb")}) + "\n")
            return [str(dest), "write", "--config", str(config), "--catalog", str(inputs / catalog)], None, messages

        def ours_counts(run_dir: Path) -> dict[str, int]:
            return duckdb.stream_counts(run_dir / "bench.duckdb")

        cases.append(Case(
            key="ours-append", label="destination-duckdb append", group="append", is_ours=True,
            command=lambda d: ours_cmd("catalog.json", d), unavailable=dest_problem,
            counts=ours_counts, expected=expected, input_bytes=size, records=total,
        ))
        seed_db = work / "seed-ours"

        def seed_ours(_: Path) -> None:
            seed_db.mkdir()
            cmd, env, stdin = ours_cmd("catalog-dedup.json", seed_db)
            result = timed(cmd, seed_db, env, stdin)
            if result["exit"] != 0:
                raise BenchError(f"seeding destination-duckdb's tables failed: {tail(seed_db / 'stderr')}")

        cases.append(Case(
            key="ours-dedup", label="destination-duckdb append_dedup, tables full", group="dedup", is_ours=True,
            command=lambda d: ours_cmd("catalog-dedup.json", d), unavailable=dest_problem,
            prepare_once=seed_ours,
            prepare_run=lambda d: copy_seed(seed_db / "bench.duckdb", d / "bench.duckdb"),
            counts=ours_counts, expected=expected, input_bytes=size, records=total,
        ))

    if wanted("e2e"):
        faker_exe = str(venvs["faker"] / "bin" / "source-faker")
        e2e_config = work / "e2e-config.json"
        e2e_config.write_text(json.dumps({"count": args.e2e_count, "seed": args.seed, "parallelism": 1}) + "\n")
        cases.append(Case(
            key="pyairbyte-e2e", label="PyAirbyte source.read()", group="e2e",
            command=lambda d: pyairbyte_cmd(faker_exe, e2e_config, "auto", d),
            counts=pyairbyte_counts,
        ))
        swiftbyte = RELEASE / "swiftbyte"
        if swiftbyte.exists() and help_lists(swiftbyte, "read"):
            swiftbyte_problem = None
        else:
            swiftbyte_problem = build_problem or ("not yet available" + ("" if swiftbyte.exists() else " (not built)"))

        def swiftbyte_cmd(run_dir: Path) -> tuple[list[str], None, None]:
            text = SWIFTBYTE_READ.format(exe=swiftbyte, source=faker_exe, config=e2e_config,
                                         cache=run_dir / "cache.duckdb", streams=stream_list)
            return text.split(" "), None, None

        def swiftbyte_counts(run_dir: Path) -> dict[str, int]:
            """Rows per table, and a check that PyAirbyte reads the same cache back: its
            streams, every row, and each stream's saved state (untimed)."""
            counts = duckdb.stream_counts(run_dir / "cache.duckdb")
            result = subprocess.run(
                [str(venvs["pyairbyte"] / "bin" / "python"), str(BENCH / "pyairbyte_read_cache.py"),
                 str(run_dir / "cache.duckdb"), "source-faker"],
                capture_output=True, text=True, env=dict(pyairbyte_env, AIRBYTE_PROJECT_DIR=str(run_dir)), timeout=300,
            )
            lines = [line for line in result.stdout.splitlines() if line.startswith("BENCH_PYAIRBYTE_READBACK ")]
            if result.returncode != 0 or not lines:
                raise BenchError(f"PyAirbyte could not read the swiftbyte cache back: {(result.stderr or result.stdout).strip()[-500:]}")
            found = json.loads(lines[-1][len("BENCH_PYAIRBYTE_READBACK "):])
            if found["rows"] != counts or found["states"] != sorted(counts):
                raise BenchError(f"PyAirbyte reads the swiftbyte cache back differently: {found} against the tables' {counts}")
            return counts

        cases.append(Case(
            key="swiftbyte-e2e", label="swiftbyte read", group="e2e", is_ours=True,
            command=swiftbyte_cmd, unavailable=swiftbyte_problem, counts=swiftbyte_counts,
            notes=["after each run, PyAirbyte (DuckDBCache) read the cache back: its streams, every row, the saved states (checked, untimed)"],
        ))
    return cases


def summarize_run(case: Case, run_dir: Path, measured: dict) -> dict:
    run = dict(measured)
    if measured.get("exit") != 0:
        run["error"] = tail(run_dir / "stderr") or tail(run_dir / "stdout")
        return run
    for line in (run_dir / "stdout").read_text(errors="replace").splitlines():
        if line.startswith("BENCH_SUMMARY "):
            run["inner"] = json.loads(line[len("BENCH_SUMMARY "):])
    if case.counts:
        try:
            run["rows"] = case.counts(run_dir)
        except BenchError as error:
            run["rows_error"] = str(error)
    return run


def execute(cases: list[Case], runs: int, work: Path, keep: bool) -> None:
    runnable = [case for case in cases if case.unavailable is None]
    for case in runnable:
        if case.prepare_once:
            say(f"preparing {case.label} (untimed)")
            try:
                case.prepare_once(work)
            except BenchError as error:
                case.error = f"failed while preparing: {error}"
                say(f"  {case.error}")
    runnable = [case for case in runnable if case.error is None]
    # Round-robin, so that a busy spell on this shared machine spreads over every loader.
    for number in range(1, runs + 1):
        for case in runnable:
            if case.runs and case.runs[-1].get("exit") not in (0, None) and number > 1:
                continue  # it failed; don't keep paying for it
            run_dir = work / f"{case.key}-{number}"
            run_dir.mkdir()
            if case.prepare_run:
                case.prepare_run(run_dir)
            cmd, env, stdin = case.command(run_dir)
            measured = timed(cmd, run_dir, env, stdin)
            run = summarize_run(case, run_dir, measured)
            case.runs.append(run)
            status = f"{run['wall_s']:.2f} s, {run['peak_rss_mib']:.0f} MiB" if run.get("exit") == 0 else f"FAILED (exit {run.get('exit')})"
            say(f"run {number}/{runs} {case.label}: {status}")
            if run.get("exit") == 0 and case.expected and run.get("rows") != case.expected:
                say(f"  rows loaded {run.get('rows')} differ from the recording's {case.expected}")
            if run.get("exit") != 0:
                say("  " + run.get("error", "").replace("\n", "\n  "))
            if not keep:
                shutil.rmtree(run_dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Reporting


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def case_result(case: Case) -> dict:
    good = [run for run in case.runs if run.get("exit") == 0]
    result: dict = {"key": case.key, "label": case.label, "group": case.group, "ours": case.is_ours, "notes": case.notes}
    if case.unavailable:
        result["status"] = case.unavailable
        return result
    if case.error or not good or len(good) != len(case.runs):
        result["status"] = "failed"
        result["error"] = case.error or next((run.get("error", "") for run in case.runs if run.get("exit") != 0), "")
        result["runs"] = case.runs
        return result
    records = case.records
    if records is None:  # end to end: what was loaded
        records = median([sum(run.get("rows", {}).values()) for run in good if run.get("rows")])
    wall = median([run["wall_s"] for run in good])
    rows_ok = all(run.get("rows") == case.expected for run in good) if case.expected else None
    result.update({
        "status": "ok",
        "runs": case.runs,
        "wall_s_median": wall,
        "wall_s_min": min(run["wall_s"] for run in good),
        "wall_s_max": max(run["wall_s"] for run in good),
        "peak_rss_mib_median": median([run["peak_rss_mib"] for run in good]),
        "cpu_s_median": median([run["user_s"] + run["sys_s"] for run in good]),
        "records": records,
        "records_per_s": records / wall if records and wall else None,
        "input_bytes": case.input_bytes,
        "mb_per_s": case.input_bytes / 1e6 / wall if case.input_bytes and wall else None,
        "rows_match_recording": rows_ok,
    })
    rows_errors = sorted({run["rows_error"] for run in good if run.get("rows_error")})
    if rows_errors:
        result["rows_errors"] = rows_errors
    inner = [run["inner"] for run in good if "inner" in run]
    if inner:
        result["read_call_s_median"] = median([i["read_seconds"] for i in inner])
        result["import_s_median"] = median([i["import_seconds"] for i in inner])
        result["setup_s_median"] = median([i.get("setup_seconds") for i in inner])
    return result


GROUP_TITLES = {
    "append": "Load the recorded messages into empty tables (append)",
    "dedup": "Load them again into tables that already hold them (append_dedup / merge)",
    "e2e": "End to end with the real source",
}


def render_table(results: list[dict], meta: dict, args) -> str:
    lines = []
    header = f"{'loader':<46} {'wall s':>7} {'(min-max)':>13} {'records/s':>10} {'MB/s':>7} {'peak RSS MiB':>13} {'time vs ours':>13}"
    for group in ("append", "dedup", "e2e"):
        rows = [r for r in results if r["group"] == group]
        if not rows:
            continue
        title = GROUP_TITLES[group]
        if group == "e2e":
            title += f": source-faker count={args.e2e_count} seed={args.seed}"
        else:
            title += f": {meta['total_records']:,} records, {meta['bytes'] / 1e6:.1f} MB"
        lines += ["", title, header, "-" * len(header)]
        ours = next((r for r in rows if r["ours"] and r["status"] == "ok"), None)
        for r in rows:
            if r["status"] != "ok":
                lines.append(f"{r['label']:<46} {r['status']}")
                continue
            spread = f"({r['wall_s_min']:.2f}-{r['wall_s_max']:.2f})"
            rps = f"{r['records_per_s']:,.0f}" if r["records_per_s"] else "-"
            mbs = f"{r['mb_per_s']:.1f}" if r["mb_per_s"] else "-"
            versus = f"{r['wall_s_median'] / ours['wall_s_median']:.2f}x" if ours else "-"
            lines.append(f"{r['label']:<46} {r['wall_s_median']:>7.2f} {spread:>13} {rps:>10} {mbs:>7} {r['peak_rss_mib_median']:>13.0f} {versus:>13}")
            if r.get("rows_match_recording") is False:
                lines.append(f"{'':<46} ! rows loaded differ from the recording (see the JSON)")
            for error in r.get("rows_errors", []):
                lines.append(f"{'':<46} ! {error}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Versions, build, main


def command_output(cmd: list[str], cwd: Path | None = None) -> str | None:
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (result.stdout or result.stderr).strip()
    return text.splitlines()[0] if result.returncode == 0 and text else None


def ours_duckdb_version() -> str | None:
    match = re.search(r'DUCKDB_VERSION="([^"]+)"', (REPO / "scripts" / "setup-duckdb").read_text())
    return match.group(1) if match else None


def build_ours(root: Path) -> str | None:
    """`swift build -c release` from the repo root (after scripts/setup-duckdb); a problem, or None."""
    if shutil.which("swift") is None:
        return "not built (no swift on PATH)"
    log = root / "logs" / "swift-build.log"
    say("building ours: scripts/setup-duckdb && swift build -c release (the first DuckDB build on a machine takes ~35 min)")
    try:
        run_logged(["bash", "-c", "scripts/setup-duckdb && swift build -c release"], log, "the release build", cwd=REPO)
    except BenchError as error:
        say(str(error))
        return f"build failed (see {log})"
    return None


def machine() -> dict:
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"platform": platform.platform(), "cpus": os.cpu_count(), "memory_gib": mem, "loadavg": os.getloadavg()}


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description="Time PyAirbyte, DuckDB's read_ndjson and Swiftbyte on the same recorded Airbyte messages.")
    parser.add_argument("--size", type=parse_size, default=parse_size("100k"), help="source-faker `count`: 100k (default), 1m, or a number")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per loader; the median is reported (default 3)")
    parser.add_argument("--seed", type=int, default=42, help="source-faker seed (default 42)")
    parser.add_argument("--e2e-count", type=parse_size, default=parse_size("10k"), help="source-faker count for the end-to-end rows (default 10k)")
    parser.add_argument("--only", help="comma-separated subset of: pyairbyte, duckdb, ours, e2e, reader")
    parser.add_argument("--record-only", action="store_true", help="install and record the inputs, time nothing")
    parser.add_argument("--no-build", action="store_true", help="don't run `swift build -c release`; use what .build/release holds")
    parser.add_argument("--upgrade", action="store_true", help="reinstall the venvs (picks up newer PyPI releases)")
    parser.add_argument("--faker", default="airbyte-source-faker", help="pip requirement for the source (default: latest airbyte-source-faker)")
    parser.add_argument("--pyairbyte", default="airbyte", help="pip requirement for PyAirbyte (default: latest airbyte)")
    parser.add_argument("--duckdb-cli", default=None, help="pip requirement for the DuckDB CLI (default: duckdb-cli at our libduckdb's version)")
    parser.add_argument("--python", default=sys.executable, help="Python 3.10-3.12 for the venvs (bench/run picks one)")
    parser.add_argument("--keep", action="store_true", help="keep each run's folder (databases, logs) and print where")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="folder for results-<timestamp>.json (default bench/out)")
    parser.add_argument("--memory-check", type=parse_size, default=None,
                        help="also stream about this many faker records (the recording sent again and again) into "
                             "destination-duckdb and report its peak RSS, e.g. 10m")
    parser.add_argument("--shapes", default="faker",
                        help="comma-separated record shapes: faker (the default: source-faker's recording), "
                             + ", ".join(record_shapes.SHAPES) + " (generated, see bench/shapes.py), or all")
    args = parser.parse_args()
    shapes = ["faker", *record_shapes.SHAPES] if args.shapes == "all" else args.shapes.split(",")
    unknown = [shape for shape in shapes if shape != "faker" and shape not in record_shapes.SHAPES]
    if unknown:
        parser.error(f"--shapes: unknown {unknown}")
    generated_shapes = [shape for shape in shapes if shape != "faker"]
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    only = set(args.only.split(",")) if args.only else None
    if only and only - {"pyairbyte", "duckdb", "ours", "e2e", "reader"}:
        parser.error(f"--only: unknown {sorted(only - {'pyairbyte', 'duckdb', 'ours', 'e2e', 'reader'})}")

    started_at = datetime.datetime.now(datetime.timezone.utc)
    root = cache_root()
    duckdb_requirement = args.duckdb_cli or f"duckdb-cli=={ours_duckdb_version()}"
    with Lock(root / ".lock"):
        venvs = {}
        inputs = None
        if "faker" in shapes:
            venvs["faker"] = ensure_venv(root, "source-faker", args.faker, args.python, args.upgrade)
            inputs = record_inputs(root, venvs["faker"], args.size, args.seed)
        # A generated shape gets as many records as faker's recording holds (users and purchases
        # get `count` each): --size 100k is 200,000 records of every shape, 1m is 2,000,000.
        generated = {shape: record_shape(root, shape, 2 * args.size, args.seed) for shape in generated_shapes}
        if args.record_only:
            for folder in ([inputs] if inputs else []) + list(generated.values()):
                print(folder)
            return 0
        venvs["duckdb"] = ensure_venv(root, "duckdb-cli", duckdb_requirement, args.python, args.upgrade)
        if inputs and (only is None or {"pyairbyte", "e2e"} & only):
            venvs["pyairbyte"] = ensure_venv(root, "pyairbyte", args.pyairbyte, args.python, args.upgrade)
    meta = json.loads((inputs / "meta.json").read_text()) if inputs else None
    shape_metas = {shape: json.loads((folder / "meta.json").read_text()) for shape, folder in generated.items()}
    duckdb = DuckDBCLI(venvs["duckdb"] / "bin" / "duckdb")

    skip_build = args.no_build or "BENCH_RELEASE_DIR" in os.environ or (only and not {"ours", "e2e", "reader"} & only)
    build_problem = None if skip_build else build_ours(root)

    versions = {
        "python_orchestration": platform.python_version(),
        "python_venvs": command_output([args.python, "-c", "import platform; print(platform.python_version())"]),
        "source_faker": meta["faker_version"] if meta else None,
        "airbyte_cdk_in_faker": package_version(venvs["faker"], "airbyte-cdk") if meta else None,
        "duckdb_cli": command_output([str(duckdb.exe), "--version"]),
        "duckdb_ours": ours_duckdb_version(),
        "swift": command_output(["swift", "--version"]),
        "git_commit": command_output(["git", "rev-parse", "--short", "HEAD"], cwd=REPO),
    }
    if "pyairbyte" in venvs:
        versions["pyairbyte"] = package_version(venvs["pyairbyte"], "airbyte")
        versions["duckdb_in_pyairbyte"] = package_version(venvs["pyairbyte"], "duckdb")

    work = Path(tempfile.mkdtemp(prefix="swiftbyte-bench-"))
    try:
        # Every loader reads the same bytes from the page cache: read them once before timing.
        for folder in ([inputs] if inputs else []) + list(generated.values()):
            for path in [folder / "messages.jsonl", *sorted((folder / "records").glob("*.jsonl"))]:
                with open(path, "rb") as f:
                    while f.read(1 << 24):
                        pass
        load_before = os.getloadavg()
        cases = build_cases(args, inputs, meta, venvs, duckdb, build_problem, work) if inputs else []
        dest = RELEASE / "destination-duckdb"
        dest_problem = None if dest.exists() and help_lists(dest, "write") else (build_problem or "not yet available")
        for shape, folder in generated.items():
            cases += shape_cases(shape, folder, shape_metas[shape], duckdb, dest, dest_problem, only)
        execute(cases, args.runs, work, args.keep)

        reader = None
        bench_exe = RELEASE / "SwiftbyteBench"
        if inputs and (only is None or "reader" in only):
            if bench_exe.exists():
                say("running the reader micro-benchmark (SwiftbyteBench reader)")
                result = subprocess.run([str(bench_exe), "reader", str(inputs / "messages.jsonl"), "--runs", str(args.runs)], capture_output=True, text=True)
                reader = {"exit": result.returncode, "output": result.stdout.strip(), "stderr": result.stderr.strip()[-2000:]}
            else:
                reader = {"status": "not built (.build/release/SwiftbyteBench)"}
        memory = None
        if args.memory_check and inputs and dest_problem is None:
            repeats = max(1, -(-args.memory_check // meta["total_records"]))
            memory = memory_check(inputs, meta, repeats, duckdb, dest, work)
        load_after = os.getloadavg()
    finally:
        if args.keep:
            say(f"run folders kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    results = [case_result(case) for case in cases]
    report = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "command": ["bench/run", *sys.argv[1:]],
        "machine": dict(machine(), loadavg_before=load_before, loadavg_after=load_after),
        "versions": versions,
        "inputs": dict(meta, folder=str(inputs)) if meta else None,
        "shapes": {shape: dict(shape_metas[shape], folder=str(folder)) for shape, folder in generated.items()},
        "runs_per_loader": args.runs,
        "e2e": {"count": args.e2e_count, "seed": args.seed, "parallelism": 1},
        "results": results,
        "reader_benchmark": reader,
        "memory_check": memory,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    out_file = args.out / f"results-{started_at.strftime('%Y%m%dT%H%M%SZ')}.json"
    out_file.write_text(json.dumps(report, indent=1) + "\n")

    described = f"source-faker {meta['faker_version']} count={meta['config']['count']} seed={meta['config']['seed']}" if meta else "generated shapes"
    print(f"Swiftbyte benchmark: {described}, median of {args.runs} run(s); {os.cpu_count()} CPUs, "
          f"load {load_before[0]:.2f} before / {load_after[0]:.2f} after")
    if meta:
        print(render_table([r for r in results if not r["group"].startswith("shape:")], meta, args))
    if shape_metas:
        print(render_shapes(results, shape_metas))
    print()
    for r in results:
        if r.get("read_call_s_median") is not None:
            rest = r["wall_s_median"] - r["read_call_s_median"] - r["import_s_median"] - (r["setup_s_median"] or 0)
            print(f"{r['label']}: source.read() {r['read_call_s_median']:.2f} s, `import airbyte` {r['import_s_median']:.2f} s, "
                  f"get_source + select_streams (runs discover) + new_local_cache {r['setup_s_median'] or 0:.2f} s, interpreter start and exit ~{rest:.2f} s (medians)")
        for note in r.get("notes", []):
            print(f"{r['label']}: {note}")
        if r["status"] == "failed":
            print(f"{r['label']}: FAILED: {r['error']}")
    if memory:
        print()
        status = "ok" if memory["exit"] == 0 and memory["rows_match"] else f"FAILED (exit {memory['exit']}, rows match: {memory['rows_match']})"
        print(f"Memory check: destination-duckdb append of {memory['records']:,} records ({memory['bytes'] / 1e6:,.0f} MB) through a pipe: "
              f"peak RSS {memory['peak_rss_mib']:.0f} MiB, {memory['wall_s']:.1f} s wall, {memory['user_s'] + memory['sys_s']:.1f} CPU-s; {status}")
    if reader:
        print()
        print("Reader micro-benchmark (SwiftbyteBench reader):")
        print(reader.get("output") or reader.get("status") or reader.get("stderr"))
    print()
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items() if v))
    print(f"results: {out_file}")
    memory_failed = memory is not None and (memory["exit"] != 0 or not memory["rows_match"])
    return 1 if memory_failed or any(r["status"] == "failed" or r.get("rows_errors") for r in results) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        say(f"error: {error}")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
