"""JSON, TOML and YAML text: parse safely (with the line of each value), and write.

Parsing never runs code: JSON and TOML come from the standard library; YAML is read with
PyYAML's safe loader, and only the plain YAML types are accepted (no tags that build
objects, no anchors or aliases, no merge keys). Nesting is bounded before a parser that
might recurse sees the text.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import tomllib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import tomli_w

from dealterms.exceptions import DealtermsError, InvalidValueError

from ._errors import Segment, problem
from ._limits import Limits, child_path, scan_depth

if TYPE_CHECKING:
    import yaml

__all__ = ["FORMATS", "Format", "Parsed", "format_for", "parse", "write"]

Format: TypeAlias = Literal["json", "toml", "yaml"]
"""A file format, as named by the file's extension."""

FORMATS: Final[dict[str, Format]] = {
    ".json": "json",
    ".toml": "toml",
    ".yaml": "yaml",
    ".yml": "yaml",
}
"""File extensions and the format each means."""

Locator: TypeAlias = Callable[[Sequence[Segment]], int | None]
"""Gives the 1-based line of the value at a path, or `None` if unknown."""


class Parsed:
    """A parsed document, its line index and the problems found while parsing.

    Attributes:
        data: The document (dicts, lists, scalars), or `None` if it could not be parsed.
        lines: The 1-based line of each value (or key) by its path, as far as known.
        problems: Problems that stopped parsing, each with the line it was found on.
        duplicates: Keys given twice in one table (the document is still built, so that
            its other problems are found too, but it is not accepted).
    """

    __slots__ = ("data", "duplicates", "lines", "problems")

    def __init__(
        self,
        data: object,
        lines: dict[tuple[Segment, ...], int] | None = None,
        problems: list[tuple[InvalidValueError, int | None]] | None = None,
        duplicates: list[tuple[InvalidValueError, int | None]] | None = None,
    ) -> None:
        self.data = data
        self.lines = lines or {}
        self.problems = problems or []
        self.duplicates = duplicates or []

    def line_of(self, path: Sequence[Segment]) -> int | None:
        """The line of the value at `path`, or of its nearest ancestor with a known line."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return None


def format_for(name: str) -> Format | None:
    """The format a file name's extension names, or `None`."""
    dot = name.rfind(".")
    return FORMATS.get(name[dot:].lower()) if dot >= 0 else None


def parse(text: str, fmt: Format, limits: Limits) -> Parsed:
    """Parse `text` as `fmt` within `limits`.

    Returns:
        The parsed document; on a syntax error its `data` is `None` and `problems` says
        where.

    Raises:
        DealtermsError: for YAML when PyYAML is not installed.
    """
    deep = scan_depth(text, fmt, limits)
    if deep is not None:
        return Parsed(None, problems=[(deep, None)])
    try:
        if fmt == "json":
            return _parse_json(text)
        if fmt == "toml":
            return _parse_toml(text)
        return _parse_yaml(text)
    except RecursionError:
        err = problem(
            f"the document is nested too deeply (more than {limits.max_depth} levels of lists "
            "and tables)",
            expected=f"at most {limits.max_depth} levels",
            got="deeper",
        )
        return Parsed(None, problems=[(err, None)])


# -- JSON --------------------------------------------------------------------------------


def _parse_json(text: str) -> Parsed:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return Parsed(
            None,
            problems=[
                (problem(f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}"), e.lineno)
            ],
        )
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        return Parsed(None, problems=[(problem(f"invalid JSON: {e}"), None)])
    lines, dups = _json_lines(text)
    return Parsed(data, lines, duplicates=dups)


_JSON_TOKEN: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]|[^\s\[\]{}:,"]+', re.DOTALL)


class _Frame:
    __slots__ = ("index", "is_object", "key", "keys", "path")

    def __init__(self, path: tuple[Segment, ...], is_object: bool) -> None:
        self.path = path
        self.is_object = is_object
        self.key: str | None = None
        self.index = 0
        self.keys: set[str] = set()


def _json_lines(
    text: str,
) -> tuple[dict[tuple[Segment, ...], int], list[tuple[InvalidValueError, int | None]]]:
    """The line of each key and list element of a (valid) JSON text, and duplicate keys."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    lines: dict[tuple[Segment, ...], int] = {(): 1}
    dups: list[tuple[InvalidValueError, int | None]] = []
    stack: list[_Frame] = []
    expect_key = False
    for m in _JSON_TOKEN.finditer(text):
        tok = m[0]
        line = bisect.bisect_right(newlines, m.start()) + 1
        top = stack[-1] if stack else None
        if top is not None and top.is_object and expect_key and tok.startswith('"'):
            key = json.loads(tok)
            top.key = key
            path = (*top.path, key)
            if key in top.keys:
                dups.append(
                    (
                        problem(
                            f"duplicate key {key!r}",
                            _path_text(path),
                            expected="each key once",
                            got=key,
                        ),
                        line,
                    )
                )
            top.keys.add(key)
            lines.setdefault(path, line)
            expect_key = False
            continue
        if tok == ":":
            continue
        if tok == ",":
            if top is not None:
                if top.is_object:
                    expect_key = True
                else:
                    top.index += 1
            continue
        if tok in "}]":
            stack.pop()
            expect_key = False
            continue
        # A value starts here.
        if top is None:
            path = ()
        elif top.is_object:
            path = (*top.path, top.key or "")
        else:
            path = (*top.path, top.index)
            lines.setdefault(path, line)
        if tok in "{[":
            stack.append(_Frame(path, tok == "{"))
            expect_key = tok == "{"
    return lines, dups


def _path_text(path: Sequence[Segment]) -> str:
    out = "$"
    for seg in path:
        out = child_path(out, seg)
    return out


# -- TOML --------------------------------------------------------------------------------

_TOML_LINE: Final = re.compile(r"line ([0-9]+)")
_BARE: Final = r"[A-Za-z0-9_-]+"
_KEY_PART: Final = rf"(?:{_BARE}|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_DOTTED: Final = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER: Final = re.compile(rf"\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?")
_ASSIGN: Final = re.compile(rf"\s*({_DOTTED})\s*=")
_PART: Final = re.compile(_KEY_PART)


def _parse_toml(text: str) -> Parsed:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = _TOML_LINE.search(str(e))
        line = int(m[1]) if m else None
        return Parsed(None, problems=[(problem(f"invalid TOML: {e}"), line)])
    except ValueError as e:
        return Parsed(None, problems=[(problem(f"invalid TOML: {e}"), None)])
    return Parsed(data, _toml_lines(text))


def _toml_keys(dotted: str) -> list[str]:
    keys = []
    for m in _PART.finditer(dotted):
        part = m[0]
        if part.startswith('"'):
            try:
                keys.append(json.loads(part))
            except ValueError:
                keys.append(part[1:-1])
        elif part.startswith("'"):
            keys.append(part[1:-1])
        else:
            keys.append(part)
    return keys


def _toml_lines(text: str) -> dict[tuple[Segment, ...], int]:
    """The line of each table header and key of a (valid) TOML text, as far as seen.

    Headers (`[term]`, `[[clauses]]`, `[[amendments.changes]]`) and `key = …` lines are
    indexed; values inside inline tables and arrays take the line of their key.
    """
    lines: dict[tuple[Segment, ...], int] = {(): 1}
    arrays: dict[tuple[Segment, ...], int] = {}  # array-of-tables path -> element count
    table: tuple[Segment, ...] = ()
    in_string: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if raw.count(in_string) % 2 == 1:
                in_string = None
            continue
        header = _HEADER.fullmatch(raw)
        if header is not None:
            path: tuple[Segment, ...] = ()
            keys = _toml_keys(header[2])
            for i, key in enumerate(keys):
                path = (*path, key)
                if path in arrays and i < len(keys) - 1:
                    path = (*path, arrays[path] - 1)
            if header[1] == "[[":
                arrays[path] = arrays.get(path, 0) + 1
                lines.setdefault(path, number)
                path = (*path, arrays[path] - 1)
            lines.setdefault(path, number)
            table = path
            continue
        assign = _ASSIGN.match(raw)
        if assign is not None:
            lines.setdefault((*table, *_toml_keys(assign[1])), number)
            rest = raw[assign.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
    return lines


# -- YAML --------------------------------------------------------------------------------

_YAML_TAGS: Final = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "bool", "null", "float", "timestamp", "seq", "map")
)


def _yaml() -> Any:
    try:
        import yaml  # noqa: PLC0415 - optional dependency, imported when a YAML file is used
    except ImportError:  # pragma: no cover - exercised only without the extra installed
        raise DealtermsError("YAML files need PyYAML: pip install 'dealterms[yaml]'") from None
    return yaml


def _yaml_error(e: Exception, text: str) -> tuple[InvalidValueError, int | None]:
    """A YAML parser's error as a problem, with its line where the parser gives one."""
    yaml = _yaml()
    if isinstance(e, yaml.reader.ReaderError):  # a character YAML does not allow
        where: int | None = text[: e.position].count("\n") + 1
        return problem(f"invalid YAML: the character {e.character!r} is not allowed"), where
    if isinstance(e, yaml.MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        where = mark.line + 1 if mark is not None else None
        what = " ".join(p for p in (e.context, e.problem) if p)
        return problem(f"invalid YAML: {what}"), where
    return problem(f"invalid YAML: {e}"), None


def _parse_yaml(text: str) -> Parsed:
    yaml = _yaml()
    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as e:
        return Parsed(None, problems=[_yaml_error(e, text)])
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as e:
            return Parsed(None, problems=[_yaml_error(e, text)])
        if node is None:
            return Parsed(None, problems=[(problem("the YAML document is empty"), 1)])
        lines, problems, duplicates = _yaml_lines(yaml, node)
        if problems:
            return Parsed(None, lines, problems)
        try:
            data = loader.construct_document(node)
        except (yaml.YAMLError, ValueError, TypeError) as e:  # e.g. 2025-02-30 as a date
            return Parsed(None, lines, [_yaml_error(e, text)])
        return Parsed(data, lines, duplicates=duplicates)
    finally:
        loader.dispose()


def _yaml_lines(
    yaml: Any, root: yaml.Node
) -> tuple[
    dict[tuple[Segment, ...], int],
    list[tuple[InvalidValueError, int | None]],
    list[tuple[InvalidValueError, int | None]],
]:
    """Index the line of each value; refuse tags, aliases and merges; find duplicate keys."""
    lines: dict[tuple[Segment, ...], int] = {(): root.start_mark.line + 1}
    problems: list[tuple[InvalidValueError, int | None]] = []
    duplicates: list[tuple[InvalidValueError, int | None]] = []
    seen: set[int] = set()
    stack: list[tuple[Any, tuple[Segment, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        line = node.start_mark.line + 1
        where = _path_text(path)
        if id(node) in seen:
            problems.append(
                (
                    problem(
                        "YAML aliases (*name) are not allowed; write the value out",
                        where,
                        expected="a plain value",
                    ),
                    line,
                )
            )
            continue
        seen.add(id(node))
        if node.tag not in _YAML_TAGS:
            problems.append(
                (
                    problem(
                        f"the YAML tag {node.tag!r} is not allowed; only plain values, lists "
                        "and tables are",
                        where,
                        expected="an untagged value",
                        got=node.tag,
                    ),
                    line,
                )
            )
            continue
        if isinstance(node, yaml.MappingNode):
            keys: set[object] = set()
            children = []
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    problems.append(
                        (
                            problem("YAML merge keys (<<) are not allowed", where),
                            key_node.start_mark.line + 1,
                        )
                    )
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(
                        (
                            problem("keys must be text", where, expected="a text key"),
                            key_node.start_mark.line + 1,
                        )
                    )
                    continue
                key = key_node.value
                child = (*path, key)
                if key in keys:
                    duplicates.append(
                        (
                            problem(
                                f"duplicate key {key!r}",
                                _path_text(child),
                                expected="each key once",
                                got=key,
                            ),
                            key_node.start_mark.line + 1,
                        )
                    )
                keys.add(key)
                lines.setdefault(child, key_node.start_mark.line + 1)
                children.append((value_node, child))
            stack.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            children = []
            for i, item in enumerate(node.value):
                lines.setdefault((*path, i), item.start_mark.line + 1)
                children.append((item, (*path, i)))
            stack.extend(reversed(children))
    return lines, problems, duplicates


# -- writing -----------------------------------------------------------------------------


def write(data: dict[str, Any], fmt: Format) -> str:
    """`data` as text in `fmt` (UTF-8 text, ending with a newline).

    Raises:
        DealtermsError: for YAML when PyYAML is not installed.
    """
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "toml":
        return tomli_w.dumps(data)
    yaml = _yaml()
    text: str = yaml.dump(
        data,
        Dumper=_yaml_dumper(),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
    return text


# Characters a YAML reader changes in a plain or single-quoted scalar (line breaks such
# as NEL and LS are normalised, control characters are not allowed): such text is
# written double-quoted, where YAML escapes them.
_YAML_SPECIAL: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\r\t]")


@functools.cache
def _yaml_dumper() -> Any:
    yaml = _yaml()

    class Dumper(yaml.SafeDumper):  # type: ignore[misc,name-defined]
        """A safe dumper that double-quotes text with characters YAML would change."""

    def represent_str(dumper: Any, value: str) -> Any:
        style = '"' if _YAML_SPECIAL.search(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, represent_str)
    return Dumper
