"""Limits on what a loaded document may hold, checked before anything is built from it.

Files are untrusted input. Before a document is parsed its size and the nesting of its
brackets are checked; after parsing, every list and table is walked (iteratively, never
recursively) and checked against the limits. Only then are model objects built.
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from dealterms.exceptions import InvalidValueError

from ._errors import problem

__all__ = ["DEFAULT_LIMITS", "MAX_PROBLEMS", "Limits", "check_data", "child_path", "scan_depth"]

MAX_PROBLEMS: Final = 100
"""At most this many problems are listed for one file; the last line says if more exist."""

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _positive(_inst: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValueError(
            f"{attribute.name} must be a whole number >= 1, got {value!r}",
            path=f"$.{attribute.name}",
            expected="an int >= 1",
            got=value,
        )


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds on a document read from a file or given as data.

    Every loader takes a `limits=` argument; the defaults suit hand-written deals (the
    bundled reference deal uses a few percent of each) while refusing hostile files fast.

    Attributes:
        max_bytes: The largest file accepted, in bytes (default 1 MB).
        max_depth: The deepest nesting of lists and tables (default 150: enough for a
            condition nested to the model's own limit inside an amendment).
        max_items: The most entries in one list or table (default 10 000).
        max_string: The longest text value or key, in characters (default 100 000).
        max_nodes: The most values in the whole document (default 200 000).

    Raises:
        InvalidValueError: for a bound that is not a whole number >= 1.

    Example:
        >>> Limits(max_bytes=10_000).max_depth
        150
    """

    max_bytes: int = attrs.field(default=1_000_000, validator=_positive)
    max_depth: int = attrs.field(default=150, validator=_positive)
    max_items: int = attrs.field(default=10_000, validator=_positive)
    max_string: int = attrs.field(default=100_000, validator=_positive)
    max_nodes: int = attrs.field(default=200_000, validator=_positive)


DEFAULT_LIMITS: Final = Limits()
"""The limits used when a loader is not given any."""


def child_path(path: str, key: str | int) -> str:
    """The path of `key` inside the value at `path`: `$.a`, `$['a.b']` or `$[3]`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENT.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{key!r}]"


# Brackets outside strings and comments, per format (a cheap upper bound on nesting that
# runs before a parser that might recurse).
_SCANNERS: Final = {
    "json": re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL),
    "toml": re.compile(
        r"'''.*?'''|\"\"\".*?\"\"\"|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'|#[^\n]*|[\[\]{}]",
        re.DOTALL,
    ),
    "yaml": re.compile(
        r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|(?:^|(?<=\s))#[^\n]*|[\[\]{}]",
        re.DOTALL | re.MULTILINE,
    ),
}


def scan_depth(text: str, fmt: str, limits: Limits) -> InvalidValueError | None:
    """A problem if brackets in `text` nest deeper than `limits.max_depth`, else `None`.

    Args:
        text: The document's text.
        fmt: `"json"`, `"toml"` or `"yaml"`: says how strings and comments look.
        limits: The limits to apply.
    """
    depth = 0
    for m in _SCANNERS[fmt].finditer(text):
        c = m[0]
        if c in "[{":
            depth += 1
            if depth > limits.max_depth:
                return _too_deep(limits, "$")
        elif c in "]}":
            depth = max(0, depth - 1)
    return None


def _too_deep(limits: Limits, path: str) -> InvalidValueError:
    if len(path) > 120:  # a path as deep as the limit says little past its start
        path = path[:100] + "…"
    return problem(
        f"the document is nested too deeply (more than {limits.max_depth} levels of lists "
        "and tables)",
        path,
        expected=f"at most {limits.max_depth} levels",
        got="deeper",
    )


def check_data(data: object, limits: Limits) -> list[InvalidValueError]:
    """Every way in which `data` exceeds `limits` or holds a non-text key.

    Walks the document without recursion. A value nested too deeply is reported once and
    not entered.

    Args:
        data: A parsed document: dicts, lists and scalars.
        limits: The limits to apply.

    Returns:
        The problems found (at most `MAX_PROBLEMS` + 1), in document order.
    """
    problems: list[InvalidValueError] = []
    stack: list[tuple[object, str, int]] = [(data, "$", 1)]
    nodes = 0
    while stack:
        value, path, depth = stack.pop()
        nodes += 1
        if nodes > limits.max_nodes:
            problems.append(
                problem(
                    f"the document holds more than {limits.max_nodes} values",
                    "$",
                    expected=f"at most {limits.max_nodes} values",
                    got=nodes,
                )
            )
            break
        if isinstance(value, str):
            if len(value) > limits.max_string:
                problems.append(
                    problem(
                        f"text of {len(value)} characters is longer than the limit of "
                        f"{limits.max_string}",
                        path,
                        expected=f"at most {limits.max_string} characters",
                        got=len(value),
                    )
                )
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > limits.max_depth:
            problems.append(_too_deep(limits, path))
            continue
        if len(value) > limits.max_items:
            kind = "table" if isinstance(value, dict) else "list"
            problems.append(
                problem(
                    f"the {kind} has {len(value)} entries, more than the limit of "
                    f"{limits.max_items}",
                    path,
                    expected=f"at most {limits.max_items} entries",
                    got=len(value),
                )
            )
            continue
        children: list[tuple[object, str, int]] = []
        if isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(k, str):
                    problems.append(
                        problem(
                            f"keys must be text, got {type(k).__name__} {k!r}",
                            path,
                            expected="a text key",
                            got=k,
                        )
                    )
                    continue
                if len(k) > limits.max_string:
                    problems.append(
                        problem(
                            f"a key of {len(k)} characters is longer than the limit of "
                            f"{limits.max_string}",
                            path,
                            expected=f"at most {limits.max_string} characters",
                            got=len(k),
                        )
                    )
                    continue
                children.append((v, child_path(path, k), depth + 1))
        else:
            children = [(v, child_path(path, i), depth + 1) for i, v in enumerate(value)]
        stack.extend(reversed(children))
        if len(problems) > MAX_PROBLEMS:
            break
    return problems
