"""Reading small untrusted text documents (JSON, TOML) safely, for the CLI's file readers.

Bounded reads (also from devices that report no size), no duplicate keys, bounded nesting
(including TOML dotted keys, which the standard parser handles in quadratic time), and
every failure as one `InvalidValueError` naming the file.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from dealterms.exceptions import InvalidValueError

__all__ = ["fail", "parse_document", "read_text"]

MAX_DOTS = 32
"""The most dots a TOML key may have (deeper dotted keys are refused)."""


def fail(file: Path, message: str, path: str = "$") -> InvalidValueError:
    """An error about `file`, at `path` inside it."""
    return InvalidValueError(f"{file}: {message}", path=path, expected="", got=None)


def read_text(file: Path, max_bytes: int) -> str:
    """The file's UTF-8 text, reading at most `max_bytes` (a larger file is refused).

    Raises:
        InvalidValueError: for a missing, unreadable or non-regular file, one over the size
            limit, or bytes that are not UTF-8.
    """
    try:
        if not file.is_file():
            raise fail(file, "not a regular file")
        with file.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as e:
        raise fail(file, f"cannot read the file ({e.strerror})") from None
    if len(raw) > max_bytes:
        raise fail(file, f"the file is larger than {max_bytes} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise fail(file, "the file is not UTF-8 text") from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def parse_document(file: Path, text: str) -> Any:
    """Parse `text` as JSON or TOML, by the file's suffix.

    Raises:
        InvalidValueError: for an unknown suffix, a syntax error (with its line), a
            duplicate key, a number too long to read, or nesting too deep.
    """
    suffix = file.suffix.lower()
    try:
        if suffix == ".json":
            return json.loads(text, object_pairs_hook=_no_duplicates)
        if suffix == ".toml":
            for n, line in enumerate(text.splitlines(), 1):
                stripped = line.lstrip()
                if "=" in stripped:
                    head = stripped.split("=", 1)[0]
                elif stripped.startswith("["):
                    head = stripped
                else:
                    continue
                if head.count(".") > MAX_DOTS:
                    raise fail(file, f"line {n}: a key with more than {MAX_DOTS} dots")
            return tomllib.loads(text)
    except InvalidValueError:
        raise
    except _Duplicate as d:
        raise fail(file, f"the key {d.key!r} appears twice in one object") from None
    except json.JSONDecodeError as e:
        raise fail(file, f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    except tomllib.TOMLDecodeError as e:
        raise fail(file, f"invalid TOML: {e}") from None
    except RecursionError:
        raise fail(file, "the file is nested too deeply") from None
    except ValueError as e:  # e.g. an integer longer than Python reads from text
        raise fail(file, f"a value cannot be read ({e})") from None
    raise fail(file, f"unknown file type {suffix!r}; use .json or .toml")
