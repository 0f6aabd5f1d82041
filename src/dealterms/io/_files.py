"""Loading and writing documents: deals, states, scenarios and evaluations, by extension."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from dealterms._deal import Deal
from dealterms._scenario import Scenario
from dealterms._state import State
from dealterms.exceptions import DealtermsError, InvalidDealError, InvalidValueError

from ._converter import DOCUMENT_KINDS, FORMAT, Document, structure_document, to_data
from ._errors import (
    InvalidFileError,
    did_you_mean,
    parse_path,
    problem,
    problems_of,
    resolve,
)
from ._formats import FORMATS, Format, Parsed, format_for, parse, write
from ._limits import DEFAULT_LIMITS, Limits, check_data

__all__ = [
    "dump",
    "dumps",
    "from_data",
    "load",
    "load_deal",
    "load_scenario",
    "load_state",
    "loads",
    "read",
]

_D = TypeVar("_D")

StrPath = str | os.PathLike[str]


def _fail(
    file: str, message: str, problems: list[tuple[InvalidValueError, int | None]]
) -> InvalidFileError:
    problems = sorted(problems, key=lambda p: (p[1] is None, p[1] or 0))  # file order
    return InvalidFileError(
        f"{file}: {message}",
        [p for p, _ in problems],
        file=file,
        locations=[line for _, line in problems],
    )


def _format_of(path: Path) -> Format:
    fmt = format_for(path.name)
    if fmt is None:
        raise _fail(
            str(path),
            "cannot be read",
            [
                (
                    problem(
                        f"unknown file type {path.suffix!r}; use " + ", ".join(FORMATS),
                        expected=", ".join(FORMATS),
                        got=path.suffix,
                    ),
                    None,
                )
            ],
        )
    return fmt


def read(path: StrPath, limits: Limits = DEFAULT_LIMITS) -> tuple[dict[str, Any], Parsed]:
    """Read and parse a file into plain data, within `limits` (no objects built yet).

    Args:
        path: The file; its extension (`.json`, `.toml`, `.yaml`, `.yml`) says the format.
        limits: Bounds on the file's size and shape.

    Returns:
        The top-level table and the parse (with its line index).

    Raises:
        InvalidFileError: for an unknown extension, a file that cannot be read, is too
            large, is not UTF-8, does not parse, is not a table at the top, or exceeds
            `limits`.
        DealtermsError: for a YAML file when PyYAML is not installed.
    """
    file = Path(path)
    name = str(path)
    fmt = _format_of(file)
    try:
        size = file.stat().st_size
        if size > limits.max_bytes:
            raise _fail(
                name,
                "cannot be read",
                [
                    (
                        problem(
                            f"the file is {size} bytes, more than the limit of {limits.max_bytes}",
                            expected=f"at most {limits.max_bytes} bytes",
                            got=size,
                        ),
                        None,
                    )
                ],
            )
        with file.open("rb") as f:
            raw = f.read(limits.max_bytes + 1)
    except OSError as e:
        raise _fail(
            name,
            "cannot be read",
            [(problem(f"cannot read the file ({e.strerror or e})"), None)],
        ) from None
    if len(raw) > limits.max_bytes:
        raise _fail(
            name,
            "cannot be read",
            [(problem(f"the file is more than {limits.max_bytes} bytes"), None)],
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise _fail(
            name,
            "cannot be read",
            [(problem(f"the file is not UTF-8 text (byte {e.start})"), line)],
        ) from None
    return _parse_checked(name, text, fmt, limits)


def _parse_checked(
    name: str, text: str, fmt: Format, limits: Limits
) -> tuple[dict[str, Any], Parsed]:
    parsed = parse(text, fmt, limits)
    if parsed.problems:
        raise _fail(name, "cannot be read", parsed.problems)
    data = parsed.data
    if not isinstance(data, dict):
        raise _fail(
            name,
            "cannot be read",
            [
                (
                    problem(
                        "expected an object at the top of the file (a table of keys), got "
                        + ("a list" if isinstance(data, list) else type(data).__name__),
                        expected="a table",
                    ),
                    1,
                )
            ],
        )
    over = check_data(data, limits)
    if over:
        raise _fail(name, "is too large or too deeply nested", _locate(over, data, parsed))
    return data, parsed


def _locate(
    problems: list[InvalidValueError], data: object, parsed: Parsed | None
) -> list[tuple[InvalidValueError, int | None]]:
    out: list[tuple[InvalidValueError, int | None]] = []
    for p in problems:
        line = None
        steps = parse_path(p.path) if parsed is not None else None
        if parsed is not None and steps is not None:
            line = parsed.line_of(resolve(data, steps))
        out.append((p, line))
    return out


def check_header(
    data: dict[str, Any], kinds: tuple[str, ...], *, require_kind: bool
) -> tuple[str, list[InvalidValueError]]:
    """Check a document's `format` and `kind` keys; return the kind and any problems.

    `format` may be left out (the current format is assumed); `kind` may be left out
    unless `require_kind` (when exactly one kind is wanted, it is assumed).
    """
    problems: list[InvalidValueError] = []
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        problems.append(
            problem(
                f"unsupported format {fmt!r}; this version of dealterms reads {FORMAT!r}",
                "$.format",
                expected=repr(FORMAT),
                got=fmt,
            )
        )
    kind = data.get("kind")
    if kind is None:
        if require_kind or len(kinds) != 1:
            problems.append(
                problem(
                    f"missing key 'kind': say what the file holds ({', '.join(kinds)})",
                    "$.kind",
                    expected=" | ".join(kinds),
                )
            )
            return "", problems
        return kinds[0], problems
    if kind not in kinds:
        problems.append(
            problem(
                f"expected kind {' or '.join(map(repr, kinds))} here, got {kind!r}"
                + did_you_mean(kind, kinds),
                "$.kind",
                expected=" | ".join(kinds),
                got=kind,
            )
        )
        return "", problems
    return str(kind), problems


def build(
    name: str,
    data: dict[str, Any],
    parsed: Parsed | None,
    kinds: tuple[str, ...],
    *,
    require_kind: bool = False,
    deal: Deal | None = None,
    base: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Build the document in `data` (already parsed and checked against the limits).

    Raises:
        InvalidFileError: listing every problem, each with its path and line.
    """
    kind, problems = check_header(data, kinds, require_kind=require_kind)
    duplicates = parsed.duplicates if parsed is not None else []
    if problems:
        raise _fail(
            name, "is not a valid dealterms file", duplicates + _locate(problems, data, parsed)
        )
    body = {k: v for k, v in data.items() if k not in ("format", "kind")}
    cls = DOCUMENT_KINDS[kind]
    if cls is Scenario:
        body = _scenario_body(name, body=body, parsed=parsed, deal=deal, base=base, limits=limits)
    try:
        result = structure_document(body, cls)
    except InvalidDealError as e:
        found = problems_of(e)
        raise _fail(
            name, f"is not a valid {kind} file", duplicates + _locate(found, data, parsed)
        ) from None
    if duplicates:
        raise _fail(name, f"is not a valid {kind} file", duplicates)
    return result


def _scenario_body(
    name: str,
    *,
    body: dict[str, Any],
    parsed: Parsed | None,
    deal: Deal | None,
    base: Path | None,
    limits: Limits,
) -> dict[str, Any]:
    if "id" not in body and base is not None:
        body = {"id": Path(name).stem, **body}
    if deal is not None:
        return {**body, "deal": deal}
    ref = body.get("deal")
    if ref is None:
        raise _fail(
            name,
            "is not a valid scenario file",
            _locate(
                [
                    problem(
                        "missing key 'deal': name the deal file (deal = \"my_deal.toml\") "
                        "or give the deal as a table",
                        "$.deal",
                        expected="a deal file name or a deal table",
                    )
                ],
                body,
                parsed,
            ),
        )
    if isinstance(ref, str):
        try:
            return {**body, "deal": load_deal(_relative_to(base, ref), limits=limits)}
        except InvalidFileError as e:
            found = [
                problem(
                    f"in the deal file {ref!r}"
                    + (f", line {line}" if line is not None else "")
                    + f": {exc.message} (at {exc.path})",
                    "$.deal",
                    expected=exc.expected,
                    got=exc.got,
                )
                for exc, line in zip(problems_of(e), e.locations, strict=True)
            ]
            raise _fail(
                name, "is not a valid scenario file", _locate(found, body, parsed)
            ) from None
    if isinstance(ref, dict):
        inline, problems = inline_deal(ref)
        if problems:
            raise _fail(name, "is not a valid scenario file", _locate(problems, body, parsed))
        return {**body, "deal": inline}
    return body


def inline_deal(ref: dict[str, Any]) -> tuple[dict[str, Any], list[InvalidValueError]]:
    """A deal given as a table inside another document, less its optional header keys.

    Returns:
        The deal's fields, and the problems of its `format` and `kind` keys (at `$.deal`).
    """
    _kind, problems = check_header(ref, ("deal",), require_kind=False)
    body = {k: v for k, v in ref.items() if k not in ("format", "kind")}
    return body, [p.at("$.deal") for p in problems]


def _relative_to(base: Path | None, ref: str) -> Path:
    target = Path(ref)
    return target if target.is_absolute() or base is None else base / target


def load(path: StrPath, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Load a deal, state, scenario or evaluation from a file, as its `kind` key says.

    The extension says the format: `.json`, `.toml`, or `.yaml`/`.yml` (YAML needs the
    `yaml` extra: `pip install 'dealterms[yaml]'`). The file's top-level `kind` key
    (`"deal"`, `"state"`, `"scenario"` or `"evaluation"`) says what it holds; `format`
    (`"dealterms/1"`) may be left out. A scenario's `deal` key names a deal file
    (relative to the scenario file) or holds the deal as a table.

    Args:
        path: The file.
        limits: Bounds on the file's size, nesting and collections.

    Returns:
        The [`Deal`][dealterms.Deal], [`State`][dealterms.State],
        [`Scenario`][dealterms.Scenario] or [`Evaluation`][dealterms.Evaluation].

    Raises:
        InvalidFileError: listing every problem found, each with its path and (where the
            format gives one) its line. Nothing is half-loaded.
        DealtermsError: for a YAML file when PyYAML is not installed.

    Example:
        >>> import pathlib, tempfile
        >>> from dealterms.examples import microsoft_openai
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "deal.toml"
        >>> dump(microsoft_openai(), path)
        >>> load(path) == microsoft_openai()
        True
    """
    data, parsed = read(path, limits)
    return build(
        str(path),
        data,
        parsed,
        tuple(DOCUMENT_KINDS),
        require_kind=True,
        base=Path(path).parent,
        limits=limits,
    )


def _expect(value: object, cls: type[_D]) -> _D:
    assert isinstance(value, cls)
    return value


def load_deal(path: StrPath, *, limits: Limits = DEFAULT_LIMITS) -> Deal:
    """Load a deal file (`kind = "deal"`, which may be left out).

    Args:
        path: A `.json`, `.toml`, `.yaml` or `.yml` file.
        limits: Bounds on the file's size, nesting and collections.

    Returns:
        The [`Deal`][dealterms.Deal], validated as a whole.

    Raises:
        InvalidFileError: listing every problem found, with paths and lines.
        DealtermsError: for a YAML file when PyYAML is not installed.
    """
    data, parsed = read(path, limits)
    return _expect(build(str(path), data, parsed, ("deal",), limits=limits), Deal)


def load_state(path: StrPath, *, limits: Limits = DEFAULT_LIMITS) -> State:
    """Load a state file (`kind = "state"`, which may be left out).

    A state file gives `as_of`, and optionally `facts` (a table of name to value: `true`,
    a decimal as text, or money as `"AMOUNT CODE"`), `events` (a table of name to date),
    `series` and `known_on`.

    Args:
        path: A `.json`, `.toml`, `.yaml` or `.yml` file.
        limits: Bounds on the file's size, nesting and collections.

    Returns:
        The [`State`][dealterms.State].

    Raises:
        InvalidFileError: listing every problem found, with paths and lines.
        DealtermsError: for a YAML file when PyYAML is not installed.
    """
    data, parsed = read(path, limits)
    return _expect(build(str(path), data, parsed, ("state",), limits=limits), State)


def load_scenario(
    path: StrPath, deal: Deal | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> Scenario:
    """Load a scenario file (`kind = "scenario"`, which may be left out).

    Args:
        path: A `.json`, `.toml`, `.yaml` or `.yml` file. Its `id` defaults to the file's
            stem (`profit-forecast.toml` gives `"profit-forecast"`).
        deal: The deal the scenario is about. When given, the file's own `deal` key is
            not read; otherwise it must name a deal file (relative to the scenario file)
            or hold the deal as a table.
        limits: Bounds on the file's size, nesting and collections.

    Returns:
        The [`Scenario`][dealterms.Scenario].

    Raises:
        InvalidFileError: listing every problem found, with paths and lines (for an
            unknown what-if or interpretation too).
        DealtermsError: for a YAML file when PyYAML is not installed.
    """
    data, parsed = read(path, limits)
    return _expect(
        build(
            str(path),
            data,
            parsed,
            ("scenario",),
            deal=deal,
            base=Path(path).parent,
            limits=limits,
        ),
        Scenario,
    )


def loads(
    text: str,
    fmt: Format,
    *,
    kind: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Load a document from text.

    Args:
        text: The document.
        fmt: `"json"`, `"toml"` or `"yaml"`.
        kind: The kind expected (`"deal"`, `"state"`, `"scenario"`, `"evaluation"`), or
            `None` to go by the document's `kind` key. A scenario must hold its deal as a
            table.
        limits: Bounds on the text's size, nesting and collections.

    Raises:
        InvalidFileError: listing every problem, with paths and lines (its `file` is
            `"<text>"`).
        DealtermsError: for YAML when PyYAML is not installed.
    """
    name = "<text>"
    if fmt not in ("json", "toml", "yaml"):
        raise InvalidValueError(
            f"unknown format {fmt!r}; use 'json', 'toml' or 'yaml'",
            expected="json | toml | yaml",
            got=fmt,
        )
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise _fail(
            name,
            "cannot be read",
            [
                (
                    problem(f"the text is {size} bytes, more than the limit of {limits.max_bytes}"),
                    None,
                )
            ],
        )
    data, parsed = _parse_checked(name, text, fmt, limits)
    kinds = (kind,) if kind is not None else tuple(DOCUMENT_KINDS)
    _check_kind_name(kind)
    return build(name, data, parsed, kinds, require_kind=kind is None, limits=limits)


def _check_kind_name(kind: str | None) -> None:
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise InvalidValueError(
            f"unknown kind {kind!r}; use one of {', '.join(DOCUMENT_KINDS)}",
            expected=" | ".join(DOCUMENT_KINDS),
            got=kind,
        )


def from_data(
    data: Mapping[str, Any], *, kind: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Document:
    """Build a document from plain data (as `json.load` or `tomllib.load` return it).

    Args:
        data: The document's top-level table.
        kind: The kind expected, or `None` to go by the document's `kind` key.
        limits: Bounds on nesting and collections (checked before anything is built).

    Raises:
        InvalidFileError: listing every problem, with paths (its `file` is `"<data>"`).
    """
    _check_kind_name(kind)
    name = "<data>"
    if not isinstance(data, Mapping):
        raise _fail(
            name,
            "cannot be read",
            [(problem(f"expected an object at the top, got {type(data).__name__}"), None)],
        )
    plain = dict(data)
    over = check_data(plain, limits)
    if over:
        raise _fail(name, "is too large or too deeply nested", [(p, None) for p in over])
    kinds = (kind,) if kind is not None else tuple(DOCUMENT_KINDS)
    return build(name, plain, None, kinds, require_kind=kind is None, limits=limits)


def dumps(obj: Document, fmt: Format) -> str:
    """`obj` as text in `fmt`, with `format` and `kind` keys first.

    Args:
        obj: A [`Deal`][dealterms.Deal], [`State`][dealterms.State],
            [`Scenario`][dealterms.Scenario] (its deal is written inside it) or
            [`Evaluation`][dealterms.Evaluation].
        fmt: `"json"`, `"toml"` or `"yaml"`.

    Raises:
        TypeError: for any other object.
        InvalidValueError: for an unknown format.
        DealtermsError: for YAML when PyYAML is not installed.
    """
    if fmt not in ("json", "toml", "yaml"):
        raise InvalidValueError(
            f"unknown format {fmt!r}; use 'json', 'toml' or 'yaml'",
            expected="json | toml | yaml",
            got=fmt,
        )
    return write(to_data(obj), fmt)


def dump(obj: Document, path: StrPath) -> None:
    """Write `obj` to the file `path`, in the format its extension names.

    The file is written whole or not at all (through a temporary file beside it).

    Args:
        obj: A deal, state, scenario or evaluation.
        path: The file to write (`.json`, `.toml`, `.yaml` or `.yml`).

    Raises:
        InvalidFileError: for an unknown extension.
        InvalidValueError: for text that cannot be written as UTF-8 (a lone surrogate).
        TypeError: for an object that is not a document.
        DealtermsError: for YAML when PyYAML is not installed, or a file that cannot be
            written.
    """
    target = Path(path)
    text = dumps(obj, _format_of(target))
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InvalidValueError(
            f"{path}: the value holds text that is not Unicode ({text[e.start : e.end]!r}, a "
            "lone surrogate) and cannot be written as UTF-8",
            expected="Unicode text",
            got=text[e.start : e.end],
        ) from None
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_bytes(raw)
        tmp.replace(target)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise DealtermsError(f"{path}: cannot write the file ({e.strerror or e})") from None
