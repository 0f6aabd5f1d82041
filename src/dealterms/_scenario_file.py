"""Reading scenario files (JSON or TOML) for the CLI, with path-aware errors.

Superseded by [`dealterms.io.load_scenario`][dealterms.io.load_scenario], which reads
YAML too and reports every problem of a file at once; this module keeps the original
function and its behaviour (JSON and TOML only, one error for a file with one problem).

A scenario file names the deal variant and the facts over time::

    id = "my-forecast"
    description = "Made-up numbers"
    what_ifs = ["remove-agi-clause"]          # optional
    interpretation = "until-2030-exclusive"   # optional
    known_on = 2025-06-01                     # optional

    [facts]                                   # optional: facts that hold throughout
    "openai.revenue" = "1000000000 USD"

    [events]                                  # optional: NAME = date
    "agi-clause.exercised" = 2029-03-01

    [[series]]                                # optional, repeatable
    metric = "openai.cumulative_profit"
    interpolation = "linear"
    observations = [
      { date = 2025-01-01, value = "5000000000 USD" },
      { date = 2029-01-01, value = "120000000000 USD" },
    ]

Money is written `"AMOUNT CODE"`; numbers as strings or integers (never floats).
"""

from __future__ import annotations

from pathlib import Path

from dealterms._deal import Deal
from dealterms._scenario import Scenario
from dealterms.exceptions import InvalidValueError

__all__ = ["MAX_FILE_BYTES", "load_scenario_file"]

MAX_FILE_BYTES = 1_000_000
"""The largest scenario file accepted, in bytes."""


def load_scenario_file(file: str | Path, deal: Deal) -> Scenario:
    """Read a scenario for `deal` from a JSON or TOML file.

    The file's `id` defaults to its stem; a `deal` key in it is not read (`deal` is used).

    Raises:
        InvalidValueError: naming the file and the path of the problem, for an
            unreadable, oversized or malformed file, an unknown key, a float, or any value
            the scenario's types refuse, when the file has one problem.
        UnknownReferenceError: for an unknown what-if or interpretation.
        dealterms.io.InvalidFileError: listing every problem, when the file has several.
    """
    from dealterms.io import InvalidFileError, Limits, load_scenario  # noqa: PLC0415 - light import

    file = Path(file)
    suffix = file.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise InvalidValueError(
            f"{file}: unknown file type {suffix!r}; use .json or .toml",
            path="$",
            expected=".json or .toml",
            got=suffix,
        )
    try:
        return load_scenario(file, deal, limits=Limits(max_bytes=MAX_FILE_BYTES))
    except InvalidFileError as e:
        found = [x for x in e.exceptions if isinstance(x, InvalidValueError)]
        if len(found) != 1 or len(e.exceptions) != 1:
            raise
        only = found[0]
        where = f" (line {e.locations[0]})" if e.locations[0] is not None else ""
        raise type(only)(
            f"{file}: {only.message}{where}", path=only.path, expected=only.expected, got=only.got
        ) from None
