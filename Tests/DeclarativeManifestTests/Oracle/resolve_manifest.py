"""Prints manifests as the Python CDK resolves them (the oracle for ResolvedManifest).

Usage: python resolve_manifest.py MANIFEST.yaml...
Prints one JSON line per manifest: {"path": ..., "resolved": ...} or {"path": ..., "error": ...}.
Runs exactly the CDK's pre-processing: default root type, reference resolution, then
type and parameter propagation (ConcurrentDeclarativeSource._pre_process_manifest).
"""
import json
import sys

import yaml
from airbyte_cdk.sources.declarative.parsers.manifest_component_transformer import (
    ManifestComponentTransformer,
)
from airbyte_cdk.sources.declarative.parsers.manifest_reference_resolver import (
    ManifestReferenceResolver,
)


def default(value):
    return str(value)  # dates PyYAML built from unquoted timestamps


for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as handle:
            manifest = yaml.safe_load(handle)
        if "type" not in manifest:
            manifest["type"] = "DeclarativeSource"
        resolved = ManifestReferenceResolver().preprocess_manifest(manifest)
        propagated = ManifestComponentTransformer().propagate_types_and_parameters("", resolved, {})
        print(json.dumps({"path": path, "resolved": propagated}, default=default))
    except Exception as error:  # noqa: BLE001 - reported, compared by kind
        print(json.dumps({"path": path, "error": f"{type(error).__name__}: {error}"}))
