"""Deal files: JSON, TOML and YAML in and out, a JSON Schema, and scenario test files.

Every document is a table with a `format` key (`"dealterms/1"`) and a `kind` key
(`"deal"`, `"state"`, `"scenario"`, `"evaluation"`, or `"test"` for a scenario test
file). Values are written as text where a float would lose digits: dates as ISO text
(`"2025-01-21"`; TOML and YAML dates are read too), money as `"AMOUNT CODE"` (or
`{amount, currency}`), rates and numbers as decimal text. Clauses, conditions and
amendment changes are tables tagged by `kind` (`kind = "revenue_share"`).

Files are untrusted input: sizes and nesting are bounded ([`Limits`][dealterms.io.Limits]),
no format can run code, and a file that cannot be loaded raises one
[`InvalidFileError`][dealterms.io.InvalidFileError] listing every problem with its path
and line. See the "Deal files" page of the documentation for the format by example.

`import dealterms.io` imports cattrs and tomli-w; PyYAML is imported only when a YAML
file is read or written (install it with `pip install 'dealterms[yaml]'`).
"""

from __future__ import annotations

from dealterms.io._converter import FORMAT, Document, make_converter, to_data
from dealterms.io._errors import InvalidFileError
from dealterms.io._files import (
    dump,
    dumps,
    from_data,
    load,
    load_deal,
    load_scenario,
    load_state,
    loads,
)
from dealterms.io._formats import Format
from dealterms.io._limits import DEFAULT_LIMITS, Limits
from dealterms.io._schema import json_schema
from dealterms.io._testfile import CaseReport, CheckFailure, ScenarioTestReport, run_test_file

__all__ = [
    # Files
    "dump",
    "load",
    "load_deal",
    "load_scenario",
    "load_state",
    # Text and plain data
    "dumps",
    "from_data",
    "loads",
    "to_data",
    "make_converter",
    # Format and schema
    "FORMAT",
    "Document",
    "Format",
    "json_schema",
    # Scenario test files
    "CaseReport",
    "CheckFailure",
    "ScenarioTestReport",
    "run_test_file",
    # Untrusted input
    "DEFAULT_LIMITS",
    "InvalidFileError",
    "Limits",
]
