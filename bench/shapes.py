"""Record shapes for bench/run besides source-faker's: generated, deterministic Airbyte messages.

Each shape is one stream. `generate(shape, count, seed, folder)` writes, like a faker recording:
- messages.jsonl: RECORD lines (a STATE every 1,000 records, and a final one), byte for byte what
  destination-duckdb reads on stdin;
- records/<stream>.jsonl: each record's `data` text, for DuckDB's read_ndjson floor;
- catalog.json: the configured catalog (full_refresh / append, generation 1, sync_id 1);
- meta.json: counts and bytes.
Standard library only.
"""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

# Bump when a shape's records change, so recordings made before are not reused.
GENERATOR_VERSION = 1

SHAPES = {
    "wide": "200 properties per record: integers, 2-decimal numbers, short strings, booleans, timestamps",
    "nested": "objects nested 6 deep with a few leaves at every level (JSON columns unless normalized)",
    "long-strings": "one 10 KB string per record beside a few short fields",
    "numeric": "40 numbers per record: 20 integers, 20 numbers with up to 4 decimals",
    "normalized": "customers with a contact object and 0-4 address objects, loaded with basic_normalization on",
}
# A shape's records are ~this many bytes; long strings are capped so that a recording stays within
# MAX_BYTES (the 2M-record one would be 20 GB).
MAX_BYTES = 4_000_000_000
APPROXIMATE_RECORD_BYTES = {"wide": 4_200, "nested": 900, "long-strings": 10_400, "numeric": 900, "normalized": 700}

EMITTED_AT = 1_700_000_000_000


def records_for(shape: str, count: int) -> int:
    """How many records the recording of `shape` at `count` holds: `count`, capped by MAX_BYTES."""
    return min(count, MAX_BYTES // APPROXIMATE_RECORD_BYTES[shape])


def _word(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(low, high)))


def _timestamp(rng: random.Random) -> str:
    return f"20{rng.randint(10, 24):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}+00:00"


def _schema(properties: dict) -> dict:
    return {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": properties}


INTEGER = {"type": ["null", "integer"]}
NUMBER = {"type": ["null", "number"]}
STRING = {"type": ["null", "string"]}
BOOLEAN = {"type": ["null", "boolean"]}
TIMESTAMP = {"type": ["null", "string"], "format": "date-time", "airbyte_type": "timestamp_with_timezone"}


def _wide() -> tuple[dict, callable]:
    kinds = [INTEGER, NUMBER, STRING, BOOLEAN, TIMESTAMP]
    properties = {"id": INTEGER}
    for index in range(199):
        properties[f"p{index:03d}"] = kinds[index % len(kinds)]
    # 199 random values per record would take half an hour of Python for 2M records: each
    # property takes values from its own pool of 997 (a prime), at a random offset per record.
    pools_rng = random.Random(3)
    pools = []
    for index in range(199):
        kind = index % 5
        if kind == 0:
            pool = [str(pools_rng.randint(0, 1_000_000)) for _ in range(997)]
        elif kind == 1:
            pool = [f"{pools_rng.uniform(0, 10_000):.2f}" for _ in range(997)]
        elif kind == 2:
            pool = [json.dumps(_word(pools_rng, 5, 15)) for _ in range(997)]
        elif kind == 3:
            pool = ["true" if pools_rng.random() < 0.5 else "false" for _ in range(997)]
        else:
            pool = [json.dumps(_timestamp(pools_rng)) for _ in range(997)]
        pools.append(pool)
    template = "{" + ",".join(['"id":%d'] + [f'"p{index:03d}":%s' for index in range(199)]) + "}"

    def record(rng: random.Random, i: int) -> str:
        offset = rng.randrange(997)
        return template % ((i,) + tuple(pool[(offset + 7 * index) % 997] for index, pool in enumerate(pools)))

    return _schema(properties), record


def _nested() -> tuple[dict, callable]:
    def level(depth: int) -> dict:
        properties = {"name": STRING, "count": INTEGER, "ratio": NUMBER, "when": TIMESTAMP}
        if depth < 6:
            properties[f"l{depth + 1}"] = level(depth + 1)
        return {"type": ["null", "object"], "properties": properties}

    properties = {"id": INTEGER, "kind": STRING, "l1": level(1)}

    def value(rng: random.Random, depth: int) -> dict:
        data = {"name": _word(rng, 4, 10), "count": rng.randint(0, 1000), "ratio": round(rng.random(), 3), "when": _timestamp(rng)}
        if depth < 6:
            data[f"l{depth + 1}"] = value(rng, depth + 1)
        return data

    def record(rng: random.Random, i: int) -> dict:
        return {"id": i, "kind": _word(rng, 3, 8), "l1": value(rng, 1)}

    return _schema(properties), record


def _long_strings() -> tuple[dict, callable]:
    properties = {"id": INTEGER, "title": STRING, "body": STRING, "created_at": TIMESTAMP}
    # A 10 KB body cut from a large random text at random offsets: cheap to make, not compressible to nothing.
    base = random.Random(7)
    corpus = " ".join(_word(base, 2, 9) for _ in range(40_000))

    def record(rng: random.Random, i: int) -> dict:
        start = rng.randint(0, len(corpus) - 10_240)
        return {"id": i, "title": _word(rng, 10, 30), "body": corpus[start:start + 10_240], "created_at": _timestamp(rng)}

    return _schema(properties), record


def _numeric() -> tuple[dict, callable]:
    properties = {"id": INTEGER}
    for index in range(20):
        properties[f"i{index:02d}"] = INTEGER
        properties[f"n{index:02d}"] = NUMBER

    def record(rng: random.Random, i: int) -> dict:
        data = {"id": i}
        for index in range(20):
            data[f"i{index:02d}"] = rng.randint(-1_000_000_000, 1_000_000_000)
            data[f"n{index:02d}"] = round(rng.uniform(-100_000, 100_000), rng.randint(0, 4))
        return data

    return _schema(properties), record


def _normalized() -> tuple[dict, callable]:
    address = {"type": "object", "properties": {
        "street": STRING, "city": STRING, "zip": STRING,
        "geo": {"type": ["null", "object"], "properties": {"lat": NUMBER, "lon": NUMBER}},
    }}
    properties = {
        "id": INTEGER, "name": STRING, "updated_at": TIMESTAMP,
        "contact": {"type": ["null", "object"], "properties": {"email": STRING, "phone": STRING}},
        "addresses": {"type": ["null", "array"], "items": address},
        "tags": {"type": ["null", "array"], "items": STRING},
    }

    def record(rng: random.Random, i: int) -> dict:
        return {
            "id": i, "name": _word(rng, 4, 12), "updated_at": _timestamp(rng),
            "contact": {"email": f"{_word(rng, 4, 10)}@example.com", "phone": f"+1-555-{rng.randint(0, 9999):04d}"},
            "addresses": [
                {"street": f"{rng.randint(1, 999)} {_word(rng, 4, 10)} St", "city": _word(rng, 4, 10), "zip": f"{rng.randint(0, 99999):05d}",
                 "geo": {"lat": round(rng.uniform(-90, 90), 4), "lon": round(rng.uniform(-180, 180), 4)}}
                for _ in range(rng.randint(0, 4))
            ],
            "tags": [_word(rng, 3, 6) for _ in range(rng.randint(0, 3))],
        }

    return _schema(properties), record


BUILDERS = {"wide": _wide, "nested": _nested, "long-strings": _long_strings, "numeric": _numeric, "normalized": _normalized}


def stream_name(shape: str) -> str:
    return shape.replace("-", "_")


def generate(shape: str, count: int, seed: int, folder: Path) -> dict:
    """Write the shape's recording of `count` records into `folder` (which must exist); return its meta."""
    schema, record = BUILDERS[shape]()
    name = stream_name(shape)
    stream = {"name": name, "json_schema": schema, "supported_sync_modes": ["full_refresh"]}
    catalog = {"streams": [{"stream": stream, "sync_mode": "full_refresh", "destination_sync_mode": "append",
                            "generation_id": 1, "minimum_generation_id": 0, "sync_id": 1}]}
    (folder / "catalog.json").write_text(json.dumps(catalog, indent=1) + "\n")
    (folder / "records").mkdir()
    rng = random.Random(seed)
    state = '{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"%s"},"stream_state":{"at":%d}}}}\n'
    with open(folder / "messages.jsonl", "w", encoding="utf-8") as messages, \
            open(folder / "records" / f"{name}.jsonl", "w", encoding="utf-8") as payloads:
        for i in range(1, count + 1):
            data = record(rng, i)
            if not isinstance(data, str):
                data = json.dumps(data, separators=(",", ":"))
            payloads.write(data + "\n")
            messages.write(f'{{"type":"RECORD","record":{{"stream":"{name}","emitted_at":{EMITTED_AT + i},"data":{data}}}}}\n')
            if i % 1000 == 0 or i == count:
                messages.write(state % (name, i))
    return {
        "source": f"generated shape {shape}", "shape": shape, "description": SHAPES[shape],
        "generator_version": GENERATOR_VERSION, "config": {"count": count, "seed": seed},
        "streams": [name], "records": {name: count}, "total_records": count,
        "bytes": (folder / "messages.jsonl").stat().st_size,
        "payload_bytes": (folder / "records" / f"{name}.jsonl").stat().st_size,
    }
