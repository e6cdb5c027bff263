"""Validate SARIF files against the vendored official SARIF 2.1.0 JSON Schema (OASIS, errata 01).

Usage: validate_sarif.py SCHEMA FILE...   Prints one line per file; exits 1 if any is invalid.
"""
import json
import sys

import jsonschema

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft4Validator.check_schema(schema)
validator = jsonschema.Draft4Validator(
    schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
)
bad = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        bad += 1
        for e in errors[:20]:
            where = "/".join(str(p) for p in e.absolute_path)
            print(f"INVALID {path} at /{where}: {e.message}")
    else:
        print(f"ok {path}")
sys.exit(1 if bad else 0)
