"""Reading scenario files (JSON or TOML) for the CLI, with path-aware errors.

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

import json
import tomllib
from pathlib import Path
from typing import Any

from dealterms._deal import Deal
from dealterms._scenario import Scenario
from dealterms._series import Observation, Series
from dealterms.exceptions import InvalidValueError

__all__ = ["MAX_FILE_BYTES", "load_scenario_file"]

MAX_FILE_BYTES = 1_000_000
"""The largest scenario file accepted, in bytes."""

_KEYS = {
    "id",
    "description",
    "what_ifs",
    "interpretation",
    "known_on",
    "facts",
    "events",
    "series",
}
_SERIES_KEYS = {"metric", "interpolation", "observations"}
_OBS_KEYS = {"date", "value"}


def _fail(file: Path, message: str, path: str, got: object = None) -> InvalidValueError:
    return InvalidValueError(f"{file}: {message}", path=path, expected="", got=got)


def _read(file: Path) -> dict[str, Any]:
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(file, f"file is {size} bytes, more than {MAX_FILE_BYTES}", "$", size)
        raw = file.read_bytes()
    except OSError as e:
        raise _fail(file, f"cannot read the file ({e.strerror})", "$") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail(file, "the file is not UTF-8 text", "$") from None
    suffix = file.suffix.lower()
    try:
        if suffix == ".json":
            data = json.loads(text)
        elif suffix == ".toml":
            data = tomllib.loads(text)
        else:
            raise _fail(file, f"unknown file type {suffix!r}; use .json or .toml", "$", suffix)
    except json.JSONDecodeError as e:
        raise _fail(
            file, f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}", "$"
        ) from None
    except tomllib.TOMLDecodeError as e:
        raise _fail(file, f"invalid TOML: {e}", "$") from None
    except RecursionError:
        raise _fail(file, "the file is nested too deeply", "$") from None
    if not isinstance(data, dict):
        raise _fail(file, f"expected an object at the top, got {type(data).__name__}", "$")
    return data


def _check_keys(file: Path, data: object, allowed: set[str], path: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise _fail(file, f"expected an object, got {type(data).__name__}", path, data)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _fail(
            file,
            f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})",
            f"{path}.{unknown[0]}",
            unknown[0],
        )
    return data


def _no_floats(file: Path, value: object, path: str) -> None:
    if isinstance(value, float):
        raise _fail(
            file,
            f'{value!r} is a float; write numbers and money as strings such as "0.2" or "100 USD"',
            path,
            value,
        )


def load_scenario_file(file: str | Path, deal: Deal) -> Scenario:
    """Read a scenario for `deal` from a JSON or TOML file.

    Raises:
        InvalidValueError: naming the file and the path of the first problem, for an
            unreadable, oversized or malformed file, an unknown key, a float, or any value
            the scenario's types refuse.
        UnknownReferenceError: for an unknown what-if or interpretation.
    """
    file = Path(file)
    data = _check_keys(file, _read(file), _KEYS, "$")
    series = []
    raw_series = data.get("series", [])
    if not isinstance(raw_series, list):
        raise _fail(file, "series must be a list", "$.series", raw_series)
    for i, item in enumerate(raw_series):
        spath = f"$.series[{i}]"
        raw = _check_keys(file, item, _SERIES_KEYS, spath)
        obs = []
        raw_obs = raw.get("observations", [])
        if not isinstance(raw_obs, list):
            raise _fail(file, "observations must be a list", f"{spath}.observations", raw_obs)
        for j, item_o in enumerate(raw_obs):
            opath = f"{spath}.observations[{j}]"
            o = _check_keys(file, item_o, _OBS_KEYS, opath)
            _no_floats(file, o.get("value"), f"{opath}.value")
            try:
                obs.append(Observation(date=o.get("date"), value=o.get("value")))
            except InvalidValueError as e:
                raise e.at(opath) from None
        try:
            series.append(
                Series(
                    metric=raw.get("metric"),
                    interpolation=raw.get("interpolation"),
                    observations=obs,
                )
            )
        except InvalidValueError as e:
            raise e.at(spath) from None
    facts = data.get("facts", {})
    if isinstance(facts, dict):
        for k, v in facts.items():
            _no_floats(file, v, f"$.facts[{k!r}]")
    try:
        return Scenario(
            id=data.get("id", file.stem),
            description=data.get("description"),
            deal=deal,
            what_ifs=data.get("what_ifs", ()),
            interpretation=data.get("interpretation"),
            known_on=data.get("known_on"),
            facts=facts,
            events=data.get("events", {}),
            series=series,
        )
    except InvalidValueError as e:
        raise type(e)(f"{file}: {e.message}", path=e.path, expected=e.expected, got=e.got) from None
