"""Reading revenue figures from CSV, JSON or TOML files, with path-aware errors.

CSV (spreadsheet-friendly; lines starting with `#` are comments)::

    metric,start,end,amount
    openai.revenue,2025-01-01,2025-03-31,2000000000 USD

JSON: `{"revenue": [{"metric": …, "start": …, "end": …, "amount": "2000000000 USD"}]}`;
TOML: `[[revenue]]` tables with the same keys. `end` is the last day covered (inclusive).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from dealterms._ledger import RevenueInput
from dealterms._textfile import fail, parse_document, read_text
from dealterms.exceptions import InvalidValueError

__all__ = ["load_revenue_file"]

MAX_FILE_BYTES = 5_000_000
MAX_ROWS = 100_000
_COLUMNS = ("metric", "start", "end", "amount")


def load_revenue_file(file: str | Path) -> tuple[RevenueInput, ...]:
    """Read revenue figures from a `.csv`, `.json` or `.toml` file.

    Raises:
        InvalidValueError: naming the file, and the row or path of the first problem, for
            an unreadable, oversized or malformed file, a missing or unknown column, a
            float, or any value [`RevenueInput`][dealterms.RevenueInput] refuses.
    """
    file = Path(file)
    suffix = file.suffix.lower()
    if suffix not in (".csv", ".json", ".toml"):
        raise fail(file, f"unknown file type {suffix!r}; use .csv, .json or .toml")
    text = read_text(file, MAX_FILE_BYTES)
    if suffix == ".csv":
        rows = _csv_rows(file, text)
    elif suffix in (".json", ".toml"):
        rows = _document_rows(file, text, suffix)
    else:
        raise fail(file, f"unknown file type {suffix!r}; use .csv, .json or .toml")
    if len(rows) > MAX_ROWS:
        raise fail(file, f"more than {MAX_ROWS} revenue figures")
    out = []
    for where, row in rows:
        unknown = sorted(set(row) - set(_COLUMNS))
        missing = [c for c in _COLUMNS if row.get(c) in (None, "")]
        if unknown:
            raise fail(file, f"unknown column {unknown[0]!r}", where)
        if missing:
            raise fail(file, f"missing {missing[0]!r}", where)
        if isinstance(row["amount"], float):
            raise fail(file, "amount is a float; write '2000000000 USD'", where)
        try:
            out.append(
                RevenueInput(
                    metric=row["metric"], start=row["start"], end=row["end"], amount=row["amount"]
                )
            )
        except InvalidValueError as e:
            raise type(e)(
                f"{file}: {e.message}",
                path=where + e.path.removeprefix("$"),
                expected=e.expected,
                got=e.got,
            ) from None
    return tuple(out)


def _csv_rows(file: Path, text: str) -> list[tuple[str, dict[str, Any]]]:
    lines = [
        (n, line)
        for n, line in enumerate(text.splitlines(), 1)
        if not line.lstrip().startswith("#")
    ]
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in lines)))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != list(_COLUMNS):
        raise fail(file, f"the header must be {','.join(_COLUMNS)}, got {reader.fieldnames}")
    out = []
    try:
        for i, row in enumerate(reader):
            line = lines[i + 1][0] if i + 1 < len(lines) else len(lines)
            if None in row:
                raise fail(file, "too many fields", f"line {line}")
            out.append((f"line {line}", {k.strip(): (v or "").strip() for k, v in row.items()}))
    except csv.Error as e:
        raise fail(file, f"invalid CSV: {e}") from None
    return out


def _document_rows(file: Path, text: str, suffix: str) -> list[tuple[str, dict[str, Any]]]:
    data = parse_document(file, text)
    if not isinstance(data, dict) or set(data) - {"revenue"}:
        raise fail(file, "expected an object with one key, 'revenue'")
    rows = data.get("revenue", [])
    if not isinstance(rows, list):
        raise fail(file, "revenue must be a list", "$.revenue")
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise fail(file, "each figure must be an object", f"$.revenue[{i}]")
        out.append((f"$.revenue[{i}]", row))
    return out
