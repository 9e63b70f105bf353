"""Differential harness: one manifest, config, catalog and state through the Python CDK's
`source-declarative-manifest` and through ours, against the same mock API, with the clock
frozen for both; compares requests, records per stream (multisets) and final states.

Usage: python harness.py --ours PATH/source-declarative-manifest [--jobs N] MANIFEST.yaml...
Prints one JSON line per manifest: {"manifest", "status": "pass"|"fail", "problems", "stats", "components"}.
Run with the oracle venv's Python (it imports airbyte_cdk to read manifests).
"""
import argparse
import concurrent.futures
import copy
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zlib

import yaml
from airbyte_cdk.sources.declarative.datetime.datetime_parser import DatetimeParser
from airbyte_cdk.sources.declarative.interpolation.interpolated_string import InterpolatedString
from airbyte_cdk.sources.declarative.parsers.manifest_component_transformer import ManifestComponentTransformer
from airbyte_cdk.sources.declarative.parsers.manifest_reference_resolver import ManifestReferenceResolver

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mock_api import MockAPI, StreamModel  # noqa: E402

FROZEN_NOW = "2024-06-01 00:00:00"
NOW = datetime.datetime(2024, 6, 1, tzinfo=datetime.timezone.utc)
START = datetime.datetime(2024, 5, 27, tzinfo=datetime.timezone.utc)
RECORD_TIME = datetime.datetime(2024, 5, 29, 12, 30, 15, tzinfo=datetime.timezone.utc)
ORACLE = "import sys; from airbyte_cdk.cli.source_declarative_manifest import run; sys.argv[0] = 'source-declarative-manifest'; run()"
MAX_PAGE = 25
ENGINE_TIMEOUT = 240


# ---------------------------------------------------------------- manifest analysis

def resolve(manifest):
    manifest = copy.deepcopy(manifest)
    manifest.setdefault("type", "DeclarativeSource")
    resolved = ManifestReferenceResolver().preprocess_manifest(manifest)
    return ManifestComponentTransformer().propagate_types_and_parameters("", resolved, {})


def components(node, found=None):
    """Component types used under streams, check and spec (JSON schemas skipped)."""
    if found is None:
        found = set()
    if isinstance(node, dict):
        kind = node.get("type")
        if isinstance(kind, str) and kind[:1].isupper():
            found.add(kind)
        for key, value in node.items():
            if key in ("schema", "connection_specification", "advanced_auth", "$parameters"):
                continue
            components(value, found)
    elif isinstance(node, list):
        for value in node:
            components(value, found)
    return found


def evaluate(value, config, parameters):
    if not isinstance(value, str):
        return value
    try:
        return InterpolatedString.create(value, parameters=parameters or {}).eval(config)
    except Exception:  # noqa: BLE001 - an unknown value keeps the default
        return None


def stream_models(resolved, config):
    models = []
    seen = set()

    def visit(stream):
        name = stream.get("name")
        retriever = stream.get("retriever") or {}
        requester = retriever.get("requester") or {}
        if name in seen or not isinstance(requester, dict):
            return
        seen.add(name)
        spec = {"name": name, "stream": stream}
        model = StreamModel(name, spec)
        base = requester.get("url_base") or requester.get("url") or ""
        path = requester.get("path") or ""
        full = base.rstrip("/") + "/" + path.lstrip("/") if path else base
        model.add_url(full)
        params = stream.get("$parameters") or {}
        extractor = ((retriever.get("record_selector") or {}).get("extractor") or {})
        spec["field_path"] = [str(evaluate(p, config, extractor.get("$parameters"))) for p in extractor.get("field_path") or []]
        paginator = retriever.get("paginator") or {}
        strategy = paginator.get("pagination_strategy") or {}
        spec["strategy"] = strategy.get("type")
        page_size = evaluate(strategy.get("page_size"), config, strategy.get("$parameters"))
        spec["page_size"] = page_size if isinstance(page_size, int) and page_size > 0 else None
        spec["cursor_value"] = strategy.get("cursor_value") or ""
        token_option = paginator.get("page_token_option") or {}
        spec["token_option"] = {"field_name": evaluate(token_option.get("field_name"), config, token_option.get("$parameters")),
                                "field_path": token_option.get("field_path"),
                                "inject_into": token_option.get("inject_into")} if token_option.get("type") == "RequestOption" else {}
        spec["initial_token"] = None
        if strategy.get("inject_on_first_request"):
            spec["initial_token"] = 0 if strategy.get("type") == "OffsetIncrement" else (strategy.get("start_from_page") or 0)
        spec["stop_condition"] = strategy.get("stop_condition") or ""
        incremental = stream.get("incremental_sync") or {}
        spec["cursor_field"] = evaluate(incremental.get("cursor_field"), config, incremental.get("$parameters")) if incremental else None
        formats = incremental.get("cursor_datetime_formats") or [incremental.get("datetime_format") or "%Y-%m-%dT%H:%M:%SZ"]
        spec["cursor_format"] = formats[0]
        spec["schema"] = ((stream.get("schema_loader") or {}).get("schema") or {}) if isinstance(stream.get("schema_loader"), dict) else {}
        pk = stream.get("primary_key")
        spec["primary_key"] = [pk] if isinstance(pk, str) and pk else [k if isinstance(k, str) else k[0] for k in (pk or []) if k]
        spec["parent_keys"] = set()
        routers = retriever.get("partition_router") or []
        routers = routers if isinstance(routers, list) else [routers]
        for router in routers:
            if not isinstance(router, dict):
                continue
            for parent_config in router.get("parent_stream_configs") or []:
                parent = parent_config.get("stream") or {}
                visit(parent)
                key = evaluate(parent_config.get("parent_key"), config, parent_config.get("$parameters"))
                for other in models:
                    if other.name == parent.get("name") and key:
                        other.spec["parent_keys"].add(str(key).split("/")[0])
                        other.spec["is_parent"] = True
        models.append(model)

    for stream in resolved.get("streams") or []:
        if isinstance(stream, dict):
            visit(stream)
    return models


def token_body(resolved, config):
    """What token and login endpoints answer: every access token, expiry and session token
    name the manifest's authenticators read."""
    body = {"access_token": "access-token-1", "expires_in": 3600}

    def visit(node):
        if isinstance(node, dict):
            if node.get("type") == "OAuthAuthenticator":
                body[str(evaluate(node.get("access_token_name") or "access_token", config, node.get("$parameters")))] = "access-token-1"
                body[str(evaluate(node.get("expires_in_name") or "expires_in", config, node.get("$parameters")))] = 3600
            if node.get("type") == "SessionTokenAuthenticator":
                target = body
                path = [str(p) for p in node.get("session_token_path") or ["token"]]
                for segment in path[:-1]:
                    target = target.setdefault(segment, {})
                target[path[-1]] = "session-token-1"
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(resolved.get("streams"))
    return body


def paging_fields(resolved, config):
    """Names of request fields that carry page tokens or sizes (not part of a page's identity)."""
    names = set()

    def visit(node):
        if isinstance(node, dict):
            if node.get("type") == "DefaultPaginator":
                for key in ("page_token_option", "page_size_option"):
                    option = node.get(key) or {}
                    if option.get("field_name"):
                        names.add(str(evaluate(option["field_name"], config, option.get("$parameters"))))
                    for segment in option.get("field_path") or []:
                        names.add(str(segment))
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(resolved.get("streams"))
    return names


# ---------------------------------------------------------------- config

def config_for(spec, port):
    schema = (spec or {}).get("connection_specification") or {}
    return value_for("", schema, port) or {}


def value_for(name, schema, port, depth=0):
    if not isinstance(schema, dict) or depth > 6:
        return "value"
    if "const" in schema:
        return schema["const"]
    if "default" in schema and depth > 0 and not schema.get("airbyte_secret"):
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return value_for(name, schema[key][0], port, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "object" or (kind is None and "properties" in schema):
        result = {}
        properties = schema.get("properties") or {}
        for key in schema.get("required") or []:
            result[key] = value_for(key, properties.get(key, {}), port, depth + 1)
        for key, sub in properties.items():
            if key not in result and isinstance(sub, dict) and "const" in sub:
                result[key] = sub["const"]
        return result
    if kind == "integer":
        return schema.get("minimum", 10) if isinstance(schema.get("minimum"), int) else 10
    if kind == "number":
        return 10
    if kind == "boolean":
        return False
    if kind == "array":
        items = schema.get("items") or {}
        if isinstance(items, dict) and (items.get("enum") or items.get("type") in ("string", None)):
            return [value_for(name, items, port, depth + 1)]
        return []
    return string_for(name, schema, port)


def string_for(name, schema, port):
    lowered = name.lower()
    pattern = schema.get("pattern")
    fmt = schema.get("format", "")
    candidates = []
    if "date" in lowered or "time" in lowered or fmt in ("date", "date-time") or (pattern and r"\d{4}" in pattern):
        if "end" in lowered:
            candidates = ["2024-05-31T00:00:00Z", "2024-05-31", "2024-05-31T00:00:00.000Z", "2024-05-31 00:00:00", "2024-05-31T00:00:00"]
        candidates += [START.strftime("%Y-%m-%dT%H:%M:%SZ"), START.strftime("%Y-%m-%d"), START.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                       START.strftime("%Y-%m-%d %H:%M:%S"), START.strftime("%Y-%m-%dT%H:%M:%S"), START.strftime("%Y-%m")]
        if fmt == "date":
            candidates.insert(0, START.strftime("%Y-%m-%d"))
    if "url" in lowered or fmt == "uri" or "endpoint" in lowered or "base" in lowered:
        candidates.append(f"http://127.0.0.1:{port}/api.example.com")
    if "domain" in lowered or "host" in lowered or "subdomain" in lowered or "region" in lowered:
        candidates.append("example")
    candidates += [str(e) for e in schema.get("examples") or [] if isinstance(e, (str, int, float))]
    candidates += ["test-value", "example", "abc123", "1234"]
    for candidate in candidates:
        if not pattern or re.search(pattern, candidate):
            return candidate
    return candidates[0]


# ---------------------------------------------------------------- canned responses

def json_value(name, schema, index, stream, depth=0):
    kind = schema.get("type") if isinstance(schema, dict) else None
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    fmt = schema.get("format") if isinstance(schema, dict) else None
    if kind == "integer":
        return 100 + index
    if kind == "number":
        return index + 0.5
    if kind == "boolean":
        return index % 2 == 0
    if kind == "object":
        if depth >= 2:
            return {}
        return {k: json_value(k, v, index, stream, depth + 1) for k, v in list((schema.get("properties") or {}).items())[:6]}
    if kind == "array":
        items = schema.get("items") if isinstance(schema, dict) else None
        if isinstance(items, dict) and depth < 2:
            return [json_value(name, items, index, stream, depth + 1)]
        return []
    if fmt == "date-time":
        return RECORD_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    if fmt == "date":
        return RECORD_TIME.strftime("%Y-%m-%d")
    return f"{name}-{stream}-{index}"


def stable_hash(text):
    """The same number in every process (Python's hash() of a str is salted per process, and the
    CDK's results are cached between runs)."""
    return zlib.crc32(text.encode())


def make_record(spec, index, salt):
    schema = spec["schema"] if isinstance(spec["schema"], dict) else {}
    record = {k: json_value(k, v, index, salt) for k, v in list((schema.get("properties") or {}).items())[:40]}
    for key in list(spec["primary_key"]) + sorted(spec["parent_keys"]):
        record[key] = 1000 * (stable_hash(salt) % 97) + index if key in spec["parent_keys"] else f"{spec['name']}-{salt}-{index}"
    if spec.get("cursor_field"):
        fmt = spec["cursor_format"]
        value = DatetimeParser().format(RECORD_TIME - datetime.timedelta(hours=index), fmt)
        record[spec["cursor_field"]] = int(value) if fmt in ("%s", "%ms", "%epoch_microseconds") else value
    return record


def place(records, field_path, extra):
    """The response body: records at the extractor's path, with `extra` fields beside them."""
    if not field_path:
        if extra:
            body = dict(extra)
            body["__records"] = records
            return records if not extra else records
        return records
    body = {}
    node = body
    for index, segment in enumerate(field_path):
        last = index == len(field_path) - 1
        if segment == "*":
            segment = "items"
        if last:
            node[segment] = records
        else:
            node = node.setdefault(segment, {})
    for key, value in extra.items():
        if key not in body:
            body[key] = value
    return body


TOKEN_PATH = re.compile(r"response(?:\.get\(\s*['\"]([\w-]+)['\"]|\[\s*['\"]([\w-]+)['\"]\s*\]|\.([A-Za-z_]\w*))")


def token_paths(template):
    """`response` paths a cursor template reads (`response.meta.next`, `response['next']`, ...)."""
    paths = []
    for match in re.finditer(r"response((?:\.get\(\s*['\"][\w-]+['\"][^)]*\)|\[\s*['\"][\w-]+['\"]\s*\]|\.[A-Za-z_]\w*)+)", template):
        chain = re.findall(r"\.get\(\s*['\"]([\w-]+)['\"]|\[\s*['\"]([\w-]+)['\"]\s*\]|\.([A-Za-z_]\w*)", match.group(1))
        path = [a or b or c for a, b, c in chain if (a or b or c) not in ("get", "items", "keys", "values")]
        if path:
            paths.append(path)
    return paths


def page_of(spec, split, query, headers, body):
    """Which page a request asks for: 1 without a token, 2 with our `tok-2` marker or the
    first increment, 3 (empty) for any other token."""
    text = split.path + "?" + split.query + (body or b"").decode("utf-8", "replace")
    if "tok-2" in text:
        return 2
    option = spec.get("token_option") or {}
    name = option.get("field_name")
    if option.get("field_path") and body:
        try:
            value = json.loads(body)
            for segment in option["field_path"]:
                value = value.get(str(segment)) if isinstance(value, dict) else None
        except ValueError:
            value = None
        if value is None:
            return 1
        return 2 if spec["strategy"] in ("PageIncrement", "OffsetIncrement") else 3
    if not name:
        return 1
    value = None
    where = option.get("inject_into")
    if where == "request_parameter":
        value = dict(query).get(name)
    elif where == "header":
        value = next((v for k, v in headers.items() if k.lower() == str(name).lower()), None)
    elif where in ("body_json", "body_data") and body:
        try:
            value = json.loads(body).get(name)
        except ValueError:
            from urllib.parse import parse_qsl
            value = dict(parse_qsl(body.decode("utf-8", "replace"))).get(name)
    if value is None:
        return 1
    initial = spec.get("initial_token")
    if initial is not None and str(value) == str(initial):
        return 1
    if spec["strategy"] in ("PageIncrement", "OffsetIncrement"):
        return 2
    return 3


def record_factory(models, port):
    def answer(candidates, split, query, headers, body):
        records_by_path = []
        extra = {}
        headers = [("Content-Type", "application/json")]
        for model in candidates:
            spec = model.spec
            page = page_of(spec, split, query, headers, body)
            size = spec["page_size"] or 3
            if spec.get("is_parent"):
                size = min(size, 2)
            size = min(size, MAX_PAGE)
            if page == 1:
                count = size
            elif page == 2:
                count = 0 if spec["strategy"] in ("PageIncrement", "OffsetIncrement") or "last_record" in spec["cursor_value"] else 1
            else:
                count = 0
            salt = f"{split.path}|{page}"
            if page >= 2 and spec["strategy"] == "CursorPagination" and "tok-2" not in (split.query + split.path):
                count = 0
            records = [make_record(spec, i + 1 + (page - 1) * 100, salt) for i in range(count)]
            records_by_path.append((spec["field_path"], records))
            if spec["strategy"] == "CursorPagination" and page == 1:
                token = f"tok-{page + 1}"
                for path in token_paths(spec["cursor_value"]):
                    node = extra
                    for segment in path[:-1]:
                        node = node.setdefault(segment, {})
                    if "url" in path[-1].lower() or "next" == path[-1].lower() or "link" in path[-1].lower():
                        node[path[-1]] = f"http://127.0.0.1:{port}{split.path}?page_token=tok-2"
                    else:
                        node[path[-1]] = token
                if "headers" in spec["cursor_value"]:
                    headers.append(("Link", f'<http://127.0.0.1:{port}{split.path}?page_token=tok-2>; rel="next"'))
        field_path, records = records_by_path[0]
        body = place(records, field_path, extra)
        for other_path, other_records in records_by_path[1:]:
            if isinstance(body, dict) and other_path and other_path[0] not in body:
                body.update(place(other_records, other_path, {}))
        return 200, headers, json.dumps(body).encode()

    return answer


# ---------------------------------------------------------------- running engines

def run_engine(command, workdir, args, env_extra=None):
    """Runs one engine under `faketime` in its own session, so a timeout kills it and every
    process it started, not only the wrapper."""
    env = dict(os.environ)
    env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
    env.update(env_extra or {})
    for attempt in (1, 2):
        started = time.time()
        process = subprocess.Popen(["faketime", "-f", FROZEN_NOW] + command + args, cwd=workdir, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            stdout, stderr = process.communicate(timeout=ENGINE_TIMEOUT)
            exit_status = process.returncode
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            stdout, stderr = process.communicate()
            exit_status = "timeout"
        # The wrapper names its semaphore and shared memory after its pid and removes them when
        # it exits; killed, it cannot, and a later wrapper with the same pid then fails with
        # `sem_open: File exists`. Remove them here, and retry once a run that hit stale ones.
        stale = exit_status == "timeout" or b"File exists" in (stderr or b"")
        if stale:
            for name in (f"/dev/shm/sem.faketime_sem_{process.pid}", f"/dev/shm/faketime_shm_{process.pid}"):
                try:
                    os.remove(name)
                except FileNotFoundError:
                    pass
        if exit_status == "timeout" or not stale or attempt == 2:
            break
    return {"exit": exit_status, "messages": parse_messages(stdout or b""), "seconds": round(time.time() - started, 1),
            "stderr": (stderr or b"")[-2000:].decode("utf-8", "replace")}


def parse_messages(output):
    messages = []
    for line in output.splitlines():
        try:
            messages.append(json.loads(line))
        except ValueError:
            pass
    return messages


def canonical(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def summarize(result):
    records = {}
    states = {}
    errors = []
    statuses = {}
    for message in result["messages"]:
        kind = message.get("type")
        if kind == "RECORD":
            record = message["record"]
            records.setdefault(record["stream"], []).append(json.dumps(canonical(record["data"]), sort_keys=True))
        elif kind == "STATE":
            stream = message["state"]["stream"]
            state = canonical(stream["stream_state"])
            if isinstance(state, dict) and "lookback_window" in state:
                state["lookback_window"] = "<runtime>"
            states[stream["stream_descriptor"]["name"]] = state
        elif kind == "TRACE" and message["trace"].get("type") == "ERROR":
            errors.append(message["trace"]["error"])
        elif kind == "TRACE" and message["trace"].get("type") == "STREAM_STATUS":
            status = message["trace"]["stream_status"]
            statuses[status["stream_descriptor"]["name"]] = status["status"]
    return {"records": {k: sorted(v) for k, v in records.items()}, "states": states, "errors": errors, "statuses": statuses}


def compare(label, oracle, ours, oracle_requests, our_requests, problems):
    a, b = summarize(oracle), summarize(ours)
    if (oracle["exit"] == 0) != (ours["exit"] == 0):
        problems.append(f"{label}: exit {ours['exit']} (ours) vs {oracle['exit']} (CDK); ours: {[e.get('message') for e in b['errors']][:2]} {ours['stderr'][-300:]!r}; CDK: {[e.get('message') for e in a['errors']][:2]}")
    failed_a = {k for k, v in a["statuses"].items() if v == "INCOMPLETE"}
    failed_b = {k for k, v in b["statuses"].items() if v == "INCOMPLETE"}
    if failed_a != failed_b:
        problems.append(f"{label}: incomplete streams ours {sorted(failed_b)} vs CDK {sorted(failed_a)}: {[e.get('message')[:200] for e in b['errors']][:2]}")
    for stream in sorted(set(a["records"]) | set(b["records"])):
        left, right = a["records"].get(stream, []), b["records"].get(stream, [])
        if left != right:
            only_cdk = [r for r in left if r not in right][:1]
            only_ours = [r for r in right if r not in left][:1]
            problems.append(f"{label}: stream {stream}: {len(right)} records (ours) vs {len(left)} (CDK); CDK-only {only_cdk} ours-only {only_ours}")
    for stream in sorted(set(a["states"]) | set(b["states"])):
        if a["states"].get(stream) != b["states"].get(stream):
            problems.append(f"{label}: stream {stream} final state ours {json.dumps(b['states'].get(stream))[:300]} vs CDK {json.dumps(a['states'].get(stream))[:300]}")
    key = lambda r: json.dumps(r, sort_keys=True)
    left = {key(r) for r in oracle_requests}
    right = {key(r) for r in our_requests}
    if left != right:
        only_cdk = sorted(left - right)[:2]
        only_ours = sorted(right - left)[:2]
        problems.append(f"{label}: requests differ ({len(right)} distinct ours, {len(left)} CDK); CDK-only {only_cdk}; ours-only {only_ours}")
    return a


HARNESS_SOURCES = "".join(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name), encoding="utf-8").read()
                          for name in ("harness.py", "mock_api.py"))


def cdk_version():
    try:
        from importlib.metadata import version
        return version("airbyte-cdk")
    except Exception:  # noqa: BLE001
        return "unknown"


def oracle_run(cache, key_parts, port, run):
    """The CDK's result for these inputs: from the cache when this harness and CDK version
    already ran them, else by running it (and caching the result)."""
    import hashlib
    host = f"127.0.0.1:{port}"
    key = hashlib.sha256(json.dumps([HARNESS_SOURCES, cdk_version()] + key_parts).replace(host, "{HOST}").encode()).hexdigest()
    if cache:
        stored = os.path.join(cache, key + ".json")
        if os.path.exists(stored):
            with open(stored, encoding="utf-8") as handle:
                return json.loads(handle.read().replace("{HOST}", host)), True
    result = run()
    if cache and result["exit"] != "timeout":
        os.makedirs(cache, exist_ok=True)
        temporary = os.path.join(cache, key + f".{os.getpid()}.tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(result).replace(host, "{HOST}"))
        os.replace(temporary, os.path.join(cache, key + ".json"))
    return result, False


def run_manifest(path, ours, cache=None):
    text = open(path, encoding="utf-8").read()
    report = {"manifest": os.path.basename(path), "status": "fail", "problems": [], "stats": {}}
    started = time.time()
    with tempfile.TemporaryDirectory() as workdir:
        api = None
        try:
            placeholder = MockAPI([], set(), None)
            port = placeholder.port
            rewritten = re.sub(r"https?://", f"http://127.0.0.1:{port}/", text)
            manifest = yaml.safe_load(rewritten)
            resolved = resolve(manifest)
            report["components"] = sorted(components({k: resolved.get(k) for k in ("streams", "check", "spec")}))
            config = config_for(resolved.get("spec"), port)
            models = stream_models(resolved, config)
            placeholder.streams = models
            placeholder.page_fields = paging_fields(resolved, config)
            placeholder.record_factory = record_factory(models, port)
            placeholder.token_body = token_body(resolved, config)
            api = placeholder.start()
            manifest_path = os.path.join(workdir, "manifest.yaml")
            with open(manifest_path, "w", encoding="utf-8") as handle:
                handle.write(rewritten)
            with open(os.path.join(workdir, "config.json"), "w") as handle:
                json.dump(config, handle)
            catalog = {"streams": []}
            for stream in resolved.get("streams") or []:
                incremental = bool(stream.get("incremental_sync"))
                catalog["streams"].append({
                    "stream": {"name": stream.get("name"), "json_schema": {}, "supported_sync_modes": ["full_refresh", "incremental"]},
                    "sync_mode": "incremental" if incremental else "full_refresh",
                    "destination_sync_mode": "append"})
            with open(os.path.join(workdir, "catalog.json"), "w") as handle:
                json.dump(catalog, handle)
            base = ["read", "--config", "config.json", "--catalog", "catalog.json", "--manifest-path", "manifest.yaml"]
            python = [sys.executable, "-c", ORACLE]
            states = None
            for run in (1, 2):
                args = list(base)
                if states is not None:
                    with open(os.path.join(workdir, "state.json"), "w") as handle:
                        json.dump(states, handle)
                    args += ["--state", "state.json"]
                def run_oracle():
                    api.reset()
                    result = run_engine(python, workdir, args)
                    result["requests"] = list(api.requests)
                    return result
                oracle, cached = oracle_run(cache, [text, config, catalog, states], port, run_oracle)
                oracle_requests = oracle["requests"]
                report["oracle_cached"] = cached
                api.reset()
                mine = run_engine([ours], workdir, args)
                my_requests = list(api.requests)
                summary = compare(f"run {run}", oracle, mine, oracle_requests, my_requests, report["problems"])
                keep = os.environ.get("HARNESS_KEEP")
                if keep:
                    target = os.path.join(keep, os.path.basename(path), f"run{run}")
                    os.makedirs(target, exist_ok=True)
                    for name in os.listdir(workdir):
                        if os.path.isfile(os.path.join(workdir, name)):
                            with open(os.path.join(workdir, name), "rb") as src, open(os.path.join(target, name), "wb") as dst:
                                dst.write(src.read())
                    for label, result, requests in (("cdk", oracle, oracle_requests), ("ours", mine, my_requests)):
                        with open(os.path.join(target, f"{label}.jsonl"), "w") as handle:
                            for message in result["messages"]:
                                handle.write(json.dumps(message) + "\n")
                        with open(os.path.join(target, f"{label}.requests.jsonl"), "w") as handle:
                            for request in requests:
                                handle.write(json.dumps(request) + "\n")
                        with open(os.path.join(target, f"{label}.stderr"), "w") as handle:
                            handle.write(result["stderr"])
                report["stats"][f"run{run}"] = {"records": sum(len(v) for v in summary["records"].values()),
                                               "requests": len(oracle_requests), "cdk_exit": oracle["exit"], "our_exit": mine["exit"],
                                               "cdk_seconds": oracle["seconds"], "our_seconds": mine["seconds"]}
                last_states = {}
                for message in oracle["messages"]:
                    if message.get("type") == "STATE":
                        last_states[message["state"]["stream"]["stream_descriptor"]["name"]] = message
                states = [{"type": "STATE" if False else "STREAM", **{k: v for k, v in m["state"].items() if k != "sourceStats"}} for m in last_states.values()]
                if run == 1 and oracle["exit"] != 0 and not summary["records"]:
                    break
        except Exception as error:  # noqa: BLE001 - reported per manifest
            report["problems"].append(f"harness error: {type(error).__name__}: {error}")
        finally:
            if api is not None:
                api.stop()
    report["status"] = "pass" if not report["problems"] else "fail"
    report["seconds"] = round(time.time() - started, 1)
    return report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", help="a folder caching the CDK's results between runs")
    parser.add_argument("manifests", nargs="+")
    arguments = parser.parse_args()
    arguments.ours = os.path.abspath(arguments.ours)
    with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.jobs) as pool:
        for report in pool.map(lambda path: run_manifest(path, arguments.ours, arguments.cache), arguments.manifests):
            print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
