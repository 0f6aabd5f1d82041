"""The one error a file that cannot be loaded raises, and the paths and lines it names."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Self

from dealterms.exceptions import InvalidDealError, InvalidValueError

__all__ = [
    "InvalidFileError",
    "Segment",
    "did_you_mean",
    "parse_path",
    "problem",
    "problems_of",
    "resolve",
]

Segment = str | int
"""One step of a document path: a key of a table or an index into a list."""

_STEP = re.compile(
    r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]"
)


class InvalidFileError(InvalidDealError):
    """A deal, state, scenario, evaluation or test file (or document) could not be loaded.

    It lists every problem found, each an
    [`InvalidValueError`][dealterms.exceptions.InvalidValueError] (or a subclass such as
    `UnknownReferenceError`) whose `path` is a JSONPath-like location in the document
    (`$.clauses[3].rate`, or `$.clauses['agi-clause'].holder` where the deal names a clause
    by its id). Nothing is half-loaded: a file that raises this error produced no object.

    Attributes:
        file: The file's name as given (`"examples/microsoft_openai.toml"`), or `"<data>"`
            for a document that did not come from a file.
        locations: For each problem in `exceptions`, the 1-based line of the file it
            points at, or `None` where the format or the problem gives none.

    Example:
        ```text
        examples/bad.toml: not a valid deal file (2 problems)
          - line 12: must be a decimal in [0, 1], got '1.2' @ $.clauses[3].rate
          - unknown key 'colour' (allowed: id, name, …) @ $.colour
        ```
    """

    file: str
    locations: tuple[int | None, ...]

    def __new__(
        cls,
        message: str,
        errors: Sequence[InvalidValueError],
        *,
        file: str = "<data>",
        locations: Sequence[int | None] = (),
    ) -> Self:
        return super().__new__(cls, message, errors)

    def __init__(
        self,
        message: str,
        errors: Sequence[InvalidValueError],
        *,
        file: str = "<data>",
        locations: Sequence[int | None] = (),
    ) -> None:
        super().__init__(message, errors)
        self.file = file
        found = tuple(locations)
        self.locations = found + (None,) * (len(self.exceptions) - len(found))

    def derive(self, excs: Sequence[InvalidValueError]) -> InvalidFileError:  # type: ignore[override]
        """Build a group of the same type, keeping each problem's line."""
        by_id = {id(e): line for e, line in zip(self.exceptions, self.locations, strict=True)}
        return InvalidFileError(
            self.message, excs, file=self.file, locations=[by_id.get(id(e)) for e in excs]
        )

    def lines(self) -> list[str]:
        """One line per problem, in document order: `"line N: <message> @ <path>"`.

        The `line N: ` prefix is left out where no line is known.
        """
        return [
            f"line {line}: {e}" if line is not None else str(e)
            for e, line in zip(self.exceptions, self.locations, strict=True)
        ]


def problems_of(group: BaseExceptionGroup[Exception]) -> list[InvalidValueError]:
    """The `InvalidValueError`s in a group (nested groups flattened), in order."""
    out: list[InvalidValueError] = []
    stack: list[BaseException] = [group]
    while stack:
        e = stack.pop()
        if isinstance(e, InvalidValueError):
            out.append(e)
        elif isinstance(e, BaseExceptionGroup):
            stack.extend(reversed(e.exceptions))
    return out


def did_you_mean(word: object, options: Iterable[str]) -> str:
    """`"; did you mean 'x'?"` for the option closest to `word`, or `""` if none is close."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""


def problem(
    message: str, path: str = "$", *, expected: str = "", got: object = None
) -> InvalidValueError:
    """An `InvalidValueError` for one problem of a document."""
    return InvalidValueError(message, path=path, expected=expected, got=got)


def parse_path(path: str) -> list[Segment | tuple[str, str]] | None:
    """Split a path such as `$.clauses['x'].changes[0]` into its steps.

    Keys in brackets come back as `("key", name)` so that a caller can tell a table key
    (`$.facts['a.b']`) or a list element named by id (`$.clauses['x']`) from a plain key.

    Returns:
        The steps, or `None` if `path` is not in this form.
    """
    if not path.startswith("$"):
        return None
    steps: list[Segment | tuple[str, str]] = []
    pos = 1
    while pos < len(path):
        m = _STEP.match(path, pos)
        if m is None:
            return None
        if m[1] is not None:
            steps.append(m[1])
        elif m[2] is not None:
            steps.append(int(m[2]))
        else:
            quoted = m[3]
            steps.append(("key", _unquote(quoted)))
        pos = m.end()
    return steps


def _unquote(quoted: str) -> str:
    body = quoted[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def resolve(data: object, steps: Sequence[Segment | tuple[str, str]]) -> tuple[Segment, ...]:
    """Map path steps onto the raw document, as far as they go.

    A bracketed key on a list finds the element whose `id` (or `name`) is that key, so
    the deal's `$.clauses['agi-clause']` becomes `("clauses", 6)`.

    Returns:
        The longest prefix of concrete steps that exists in `data` (possibly empty).
    """
    out: list[Segment] = []
    node = data
    for step in steps:
        key: Segment
        if isinstance(step, tuple):
            name = step[1]
            if isinstance(node, Mapping) and name in node:
                key = name
            elif isinstance(node, list):
                found = next(
                    (
                        i
                        for i, item in enumerate(node)
                        if isinstance(item, Mapping)
                        and name in (item.get("id"), item.get("name"), item.get("metric"))
                    ),
                    None,
                )
                if found is None:
                    break
                key = found
            else:
                break
        else:
            key = step
        found_it, node = _child(node, key)
        if not found_it:
            break
        out.append(key)
    return tuple(out)


def _child(node: object, key: Segment) -> tuple[bool, object]:
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return True, node[key]
    if isinstance(node, Mapping) and isinstance(key, str) and key in node:
        return True, node[key]
    return False, None
