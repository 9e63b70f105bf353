"""Times the Airbyte CDK's InterpolatedString.eval on bench/jinja-workload.json.

Run by bench/jinja with the venv of scripts/setup-oracles. Prints one JSON object:
{"engine": "airbyte-cdk <version>", "evaluations": N, "seconds": [per run], "results": [repr per template]}.
"""

import json
import os
import sys
import time
from importlib.metadata import version

# The oracle of the Jinja tests knows how to freeze the CDK's clock with real datetimes.
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "JinjaTests", "Oracle"))
from oracle import freeze  # noqa: E402

from airbyte_cdk.sources.declarative.interpolation.interpolated_string import InterpolatedString
from airbyte_cdk.sources.types import StreamSlice


def main():
    workload = json.load(open(sys.argv[1], encoding="utf-8"))
    iterations, runs = int(sys.argv[2]), int(sys.argv[3])
    freeze(workload["frozen_utc_micros"])
    context = dict(workload["context"])
    config = context.pop("config")
    parameters = context.pop("parameters")
    s = context.pop("stream_slice")
    context["stream_slice"] = StreamSlice(partition=s["partition"], cursor_slice=s["cursor_slice"])
    templates = [InterpolatedString(t, parameters=parameters) for t in workload["templates"]]
    results = [repr(t.eval(config, **context)) for t in templates]  # also warms the template cache
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(iterations):
            for template in templates:
                template.eval(config, **context)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"engine": f"airbyte-cdk {version('airbyte-cdk')}", "evaluations": iterations * len(templates),
                      "seconds": seconds, "results": results}))


if __name__ == "__main__":
    main()
