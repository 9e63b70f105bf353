"""Differential oracle for the Swift Jinja engine: the Airbyte CDK renders the cases.

Reads one JSON request on stdin and writes one JSON response on stdout, so a whole
batch costs one Python start. Run it with the venv of `scripts/setup-oracles`.

Request:
  {"frozen_utc_micros": int,
   "manifest_dir": str | null,      # templates of every manifest there join the cases
   "cases": [{"template": str, "contexts": [ctx, ...] | null,
              "default": str | null, "valid_types": [str] | null, "boolean": bool}]}
A context is JSON: {"config": ..., "stream_slice": {"partition":..., "cursor_slice":...,
"extra_fields":...}, any other variable: ...}. Cases without contexts (and manifest
templates) get contexts synthesized from the paths the template reads.

Response: {"cases": [{"template", "origin", "default", "valid_types", "boolean",
"runs": [{"context", "render": outcome, "eval": outcome}]}]} where an outcome is
{"ok": true, "type": name, "repr": repr(value)} or {"ok": false, "error": name}.
"render" is the plain Jinja render in the CDK's environment (text), "eval" is
InterpolatedString/InterpolatedBoolean or JinjaInterpolation.eval as the case says.
"""

import datetime as real_datetime
import glob
import json
import os
import sys
import types

import yaml
from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateRuntimeError, TemplateSyntaxError, UndefinedError

from airbyte_cdk.sources.declarative.interpolation import macros as cdk_macros
from airbyte_cdk.sources.declarative.interpolation.interpolated_boolean import InterpolatedBoolean
from airbyte_cdk.sources.declarative.interpolation.interpolated_string import InterpolatedString
from airbyte_cdk.sources.declarative.interpolation.jinja import _ENVIRONMENT, JinjaInterpolation
from airbyte_cdk.sources.types import StreamSlice


def freeze(micros):
    """Makes the CDK's macros see `micros` as now, with real datetime objects."""
    frozen = real_datetime.datetime(1970, 1, 1, tzinfo=real_datetime.timezone.utc) + real_datetime.timedelta(
        microseconds=micros
    )

    class _Meta(type):
        def __instancecheck__(cls, obj):
            return isinstance(obj, real_datetime.datetime)

        def __getattr__(cls, name):
            return getattr(real_datetime.datetime, name)

    class FrozenDatetime(metaclass=_Meta):
        @staticmethod
        def now(tz=None):
            return frozen.astimezone(tz) if tz is not None else frozen.replace(tzinfo=None)

    shim = types.SimpleNamespace(
        datetime=FrozenDatetime,
        timezone=real_datetime.timezone,
        timedelta=real_datetime.timedelta,
        date=real_datetime.date,
    )
    cdk_macros.datetime = shim


ERROR_NAMES = [
    TemplateSyntaxError,
    UndefinedError,
    SecurityError,
    TemplateRuntimeError,
    ZeroDivisionError,
    OverflowError,
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
    ValueError,
]


def error_name(error):
    if type(error).__name__ == "AirbyteTracedException":
        return "AirbyteTracedException"
    for cls in ERROR_NAMES:
        if isinstance(error, cls):
            return cls.__name__
    return type(error).__name__


def outcome(thunk):
    try:
        value = thunk()
    except RecursionError:
        return {"ok": False, "error": "RecursionError"}
    except Exception as error:  # noqa: BLE001 - every failure is an outcome to compare
        return {"ok": False, "error": error_name(error)}
    return {"ok": True, "type": type(value).__name__, "repr": repr(value)}


# ---- context synthesis -------------------------------------------------------------

VARIABLES = [
    "config", "parameters", "stream_slice", "stream_interval", "stream_partition", "next_page_token",
    "response", "headers", "record", "last_record", "last_page_size", "creation_response",
    "polling_response", "download_target", "components_values",
]


def leaf_for(key, usage):
    k = str(key).lower()
    if "list" in usage:
        return ["alpha", "Beta", "gamma"]
    if "split" in usage:
        return "AAPL, MSFT,GOOG::cfg::train"
    if "number" in usage:
        return "42.5" if ("lat" in k or "lon" in k) else 3
    if k in ("lat", "latitude"):
        return "45.5"
    if k in ("lon", "longitude"):
        return "-120.25"
    if any(w in k for w in ("date", "time", "_at", "since", "start", "end")):
        return "2024-01-15T10:20:30Z"
    if any(w in k for w in ("page", "count", "limit", "size", "offset", "total", "status", "number", "years", "interval")):
        return 2
    if any(w in k for w in ("has_more", "done", "more", "is_")):
        return True
    if k in ("id",) or k.endswith("_id") or k.endswith("id"):
        return 12345
    if any(w in k for w in ("next", "url", "token", "cursor", "link", "iterator", "last")):
        return "https://api.example.com/items?page=2&cursor=abc"
    return f"value-{key}"


class PathCollector:
    """Collects constant access paths from variables (`config['a'].b`, `x.get('k')`)."""

    def __init__(self):
        self.paths = {}  # tuple(path) -> set(usage)

    def path_of(self, node):
        keys = []
        while True:
            if isinstance(node, nodes.Getattr):
                keys.append(node.attr)
                node = node.node
            elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
                keys.append(node.arg.value)
                node = node.node
            elif (
                isinstance(node, nodes.Call)
                and isinstance(node.node, nodes.Getattr)
                and node.node.attr == "get"
                and node.args
                and isinstance(node.args[0], nodes.Const)
            ):
                keys.append(node.args[0].value)
                node = node.node.node
            else:
                break
        if isinstance(node, nodes.Name) and node.name in VARIABLES:
            return (node.name,) + tuple(reversed(keys))
        return None

    def add(self, node, usage):
        path = self.path_of(node)
        if path and len(path) > 1:
            self.paths.setdefault(path, set()).add(usage)

    def visit(self, node):
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Call)):
            self.add(node, "value")
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, int):
            self.add(node.node, "list")
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            if node.node.attr in ("split", "strip", "lower", "upper", "replace", "startswith"):
                self.add(node.node.node, "split")
            if node.node.attr == "join" and node.args:
                self.add(node.args[0], "list")
        if isinstance(node, nodes.Filter) and node.name in ("int", "float") and node.node is not None:
            self.add(node.node, "number")
        if isinstance(node, nodes.Filter) and node.name in ("join", "length", "first", "map", "selectattr", "list"):
            if node.node is not None:
                self.add(node.node, "list")
        if isinstance(node, nodes.Compare):
            for op in node.ops:
                if op.op in ("in", "notin"):
                    self.add(op.expr, "list")
                if op.op in ("gt", "gteq", "lt", "lteq") and isinstance(op.expr, nodes.Const) and isinstance(op.expr.value, (int, float)):
                    self.add(node.expr, "number")
        if isinstance(node, nodes.For):
            self.add(node.iter, "list")
        for child in node.iter_child_nodes():
            self.visit(child)


def insert(tree, path, value):
    for key in path[:-1]:
        child = tree.get(key)
        if isinstance(child, list):
            return  # an indexed list already stands here
        if not isinstance(child, dict):
            child = {}
            tree[key] = child
        tree = child
    if path[-1] not in tree or not isinstance(tree[path[-1]], dict):
        tree[path[-1]] = value


def synthesize(template):
    try:
        ast = _ENVIRONMENT.parse(template)
    except Exception:  # noqa: BLE001 - a template that does not parse still gets a context
        return [{"config": {}}]
    collector = PathCollector()
    collector.visit(ast)
    rich = {"config": {}}
    for path in sorted(collector.paths, key=len):
        name = path[0]
        if name in ("stream_interval", "stream_partition"):
            name = "stream_slice"
        tree = rich.setdefault(name, {})
        if name == "stream_slice":
            tree.setdefault("partition", {})
            tree.setdefault("cursor_slice", {})
            keys = path[1:]
            if keys and keys[0] in ("partition", "cursor_slice", "extra_fields"):
                section, keys = keys[0], keys[1:]
            elif keys and keys[0] in ("start_time", "end_time"):
                section = "cursor_slice"
            else:
                section = "partition"
            if keys:
                insert(tree.setdefault(section, {}), keys, leaf_for(keys[-1], collector.paths[path]))
        elif len(path) > 1:
            insert(rich, (name,) + path[1:], leaf_for(path[-1], collector.paths[path]))
    names = {n.name for n in ast.find_all(nodes.Name)}
    for name in names:
        if name in VARIABLES:
            key = "stream_slice" if name in ("stream_interval", "stream_partition") else name
            rich.setdefault(key, {"partition": {}, "cursor_slice": {}} if key == "stream_slice" else {})
    if "headers" in rich and isinstance(rich["headers"], dict):
        rich["headers"].setdefault("link", {"next": {"url": "https://api.example.com/items?page=2", "rel": "next"}})
    sparse = {key: ({"partition": {}, "cursor_slice": {}} if key == "stream_slice" else {}) for key in rich}
    # Both engines must see the same data: JSON has only string keys.
    return [json.loads(json.dumps(rich)), json.loads(json.dumps(sparse))]


# ---- running -----------------------------------------------------------------------

def python_context(ctx):
    """JSON context -> the Python objects the CDK passes."""
    result = dict(ctx)
    if "stream_slice" in result and isinstance(result["stream_slice"], dict):
        s = result["stream_slice"]
        result["stream_slice"] = StreamSlice(
            partition=s.get("partition", {}), cursor_slice=s.get("cursor_slice", {}), extra_fields=s.get("extra_fields")
        )
    return result


PYTHON_TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict, "tuple": tuple}


def run_case(case, ctx):
    pctx = python_context(ctx)
    config = pctx.pop("config", {})
    parameters = pctx.pop("parameters", {})

    def render():
        context = {"config": config, "parameters": parameters, **pctx}
        if "stream_slice" in context:
            context["stream_interval"] = context["stream_slice"]
            context["stream_partition"] = context["stream_slice"]
        return _ENVIRONMENT.from_string(case["template"]).render(context)

    def evaluate():
        if case.get("boolean"):
            return InterpolatedBoolean(case["template"], parameters=parameters).eval(config, **pctx)
        if case.get("default") is not None or case.get("valid_types") is not None:
            valid = case.get("valid_types")
            valid_types = tuple(PYTHON_TYPES[t] for t in valid) if valid is not None else None
            return JinjaInterpolation().eval(
                case["template"], config, case.get("default"), valid_types=valid_types, parameters=parameters, **pctx
            )
        return InterpolatedString(case["template"], parameters=parameters).eval(config, **pctx)

    return {"context": ctx, "render": outcome(render), "eval": outcome(evaluate)}


def manifest_templates(directory):
    found = {}

    def walk(node, origin):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key, origin)
                walk(value, origin)
        elif isinstance(node, list):
            for value in node:
                walk(value, origin)
        elif isinstance(node, str) and ("{{" in node or "{%" in node):
            found.setdefault(node, origin)

    for path in sorted(glob.glob(os.path.join(directory, "*.yaml"))):
        with open(path, encoding="utf-8") as handle:
            walk(yaml.safe_load(handle), os.path.basename(path))
    return found


def datetime_of(fields):
    """[y, m, d, H, M, S, us, offset_seconds | None] -> datetime."""
    *parts, offset = fields
    zone = None if offset is None else real_datetime.timezone(real_datetime.timedelta(seconds=offset))
    return real_datetime.datetime(*parts, tzinfo=zone)


def datetime_sections(request):
    from airbyte_cdk.sources.declarative.datetime.datetime_parser import DatetimeParser
    from isodate import parse_duration

    parser = DatetimeParser()
    interpolation = JinjaInterpolation()
    return {
        "parse": [outcome(lambda c=c: parser.parse(c[0], c[1])) for c in request.get("parse", [])],
        "format": [outcome(lambda c=c: parser.format(datetime_of(c[0]), c[1])) for c in request.get("format", [])],
        "durations": [outcome(lambda c=c: parse_duration(c)) for c in request.get("durations", [])],
        "shifts": [
            outcome(lambda c=c: (datetime_of(c[0]) + parse_duration(c[1]), datetime_of(c[0]) - parse_duration(c[1])))
            for c in request.get("shifts", [])
        ],
        "literals": [outcome(lambda c=c: interpolation._literal_eval(c, None)) for c in request.get("literals", [])],
    }


def main():
    request = json.load(sys.stdin)
    freeze(request["frozen_utc_micros"])
    if request.get("datetimes"):
        json.dump(datetime_sections(request["datetimes"]), sys.stdout)
        return
    cases = []
    for case in request.get("cases", []):
        cases.append(dict(case, origin=case.get("origin", "own")))
    if request.get("manifest_dir"):
        for template, origin in manifest_templates(request["manifest_dir"]).items():
            cases.append({"template": template, "contexts": None, "origin": origin})
    out = []
    for case in cases:
        contexts = case.get("contexts") or synthesize(case["template"])
        out.append(
            {
                "template": case["template"],
                "origin": case["origin"],
                "default": case.get("default"),
                "valid_types": case.get("valid_types"),
                "boolean": bool(case.get("boolean")),
                "runs": [run_case(case, ctx) for ctx in contexts],
            }
        )
    json.dump({"cases": out}, sys.stdout)


if __name__ == "__main__":
    main()
