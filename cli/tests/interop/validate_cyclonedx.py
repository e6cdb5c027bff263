"""Validate CycloneDX 1.6 JSON files with the official schema, via cyclonedx-python-lib.

Usage: validate_cyclonedx.py FILE...   Prints one line per file; exits 1 if any is invalid.
"""
import sys

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

validator = JsonStrictValidator(SchemaVersion.V1_6)
bad = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        error = validator.validate_str(f.read())
    if error is None:
        print(f"ok {path}")
    else:
        bad += 1
        print(f"INVALID {path}: {error}")
sys.exit(1 if bad else 0)
