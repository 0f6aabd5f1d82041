"""Reading event logs (JSON or TOML) for the CLI, with path-aware errors.

A log is a list of events under `events`, each with a `kind`::

    [[events]]
    kind = "offer"                 # offer | match | refusal | third_party_deal | performed
                                   # | termination_notice | event
    clause = "compute-rofr"
    date = 2025-03-01
    terms = { unit_price = "2.00 USD", quantity = "1000", description = "GPU-hours (millions)" }

    [[events]]
    kind = "refusal"
    clause = "compute-rofr"
    date = 2025-03-20

    [[events]]
    kind = "third_party_deal"
    party = "openai"
    actions = ["new-compute-capacity", "non-azure-compute"]
    third_party = "Oracle"
    date = 2025-04-15
    terms = { unit_price = "1.90 USD", quantity = "1000" }

    [[events]]
    kind = "event"                 # a named event, e.g. the exercise of a power
    name = "agi-clause.exercised"
    date = 2025-05-01
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dealterms._events import (
    Match,
    Offer,
    Performed,
    Refusal,
    TerminationNotice,
    Terms,
    ThirdPartyDeal,
)
from dealterms._lifecycle import LifecycleEvent
from dealterms._state import AnyEvent, Event
from dealterms._textfile import fail, parse_document, read_text
from dealterms.exceptions import InvalidDealError, InvalidValueError

__all__ = ["load_events_file", "load_lifecycle_file"]

MAX_FILE_BYTES = 2_000_000
MAX_EVENTS = 50_000

_KINDS: dict[str, tuple[type, set[str]]] = {
    "offer": (Offer, {"clause", "date", "terms", "source"}),
    "match": (Match, {"clause", "date", "source"}),
    "refusal": (Refusal, {"clause", "date", "source"}),
    "third_party_deal": (
        ThirdPartyDeal,
        {"party", "actions", "date", "third_party", "terms", "source"},
    ),
    "performed": (Performed, {"party", "action", "date", "source"}),
    "termination_notice": (
        TerminationNotice,
        {"clause", "party", "date", "breach_notice", "cured_on", "source"},
    ),
    "event": (Event, {"name", "date", "source"}),
}
_TERMS = {"unit_price", "quantity", "description"}


def _read(file: Path) -> Any:
    return parse_document(file, read_text(file, MAX_FILE_BYTES))


def load_events_file(file: str | Path) -> tuple[AnyEvent, ...]:
    """Read an event log from a `.json` or `.toml` file (see the module docstring).

    Raises:
        InvalidValueError: naming the file and the path of the first problem, for an
            unreadable, oversized or malformed file, an unknown kind or key, a float, or a
            value the event types refuse.
    """
    file = Path(file)
    data = _read(file)
    return tuple(_entries(file, data, _KINDS))


def _entries(file: Path, data: object, kinds: Mapping[str, tuple[type, set[str]]]) -> list[Any]:
    """The typed entries of an event-log document `{"events": [...]}`, by their `kind`."""
    if (
        not isinstance(data, dict)
        or set(data) != {"events"}
        or not isinstance(data["events"], list)
    ):
        raise fail(file, "expected an object with one key, 'events', holding a list")
    if len(data["events"]) > MAX_EVENTS:
        raise fail(file, f"more than {MAX_EVENTS} events")
    out: list[Any] = []
    for i, raw in enumerate(data["events"]):
        path = f"$.events[{i}]"
        if not isinstance(raw, dict):
            raise fail(file, "each event must be an object", path)
        kind = raw.get("kind")
        if not isinstance(kind, str) or kind not in kinds:
            raise fail(file, f"unknown kind {kind!r} (kinds: {', '.join(kinds)})", f"{path}.kind")
        cls, allowed = kinds[kind]
        fields = {k: v for k, v in raw.items() if k != "kind"}
        unknown = sorted(set(fields) - allowed)
        if unknown:
            raise fail(file, f"unknown key {unknown[0]!r} for a {kind}", f"{path}.{unknown[0]}")
        if "terms" in fields:
            fields["terms"] = _terms(file, fields["terms"], f"{path}.terms")
        try:
            out.append(cls(**fields))
        except TypeError as e:  # a missing required field
            raise fail(file, f"incomplete {kind}: {e}", path) from None
        except InvalidValueError as e:
            raise type(e)(
                f"{file}: {e.message}",
                path=path + e.path.removeprefix("$"),
                expected=e.expected,
                got=e.got,
            ) from None
    return out


def _terms(file: Path, raw: object, path: str) -> Terms:
    if not isinstance(raw, dict):
        raise fail(file, "terms must be an object", path)
    unknown = sorted(set(raw) - _TERMS)
    if unknown:
        raise fail(file, f"unknown key {unknown[0]!r} in terms", f"{path}.{unknown[0]}")
    for key in ("unit_price", "quantity"):
        if isinstance(raw.get(key), float):
            raise fail(file, f"{key} is a float; write it as a string", f"{path}.{key}")
    try:
        return Terms(**raw)
    except TypeError as e:
        raise fail(file, f"incomplete terms: {e}", path) from None
    except InvalidValueError as e:
        raise type(e)(
            f"{file}: {e.message}",
            path=path + e.path.removeprefix("$"),
            expected=e.expected,
            got=e.got,
        ) from None


_LIFECYCLE_KINDS: dict[str, tuple[type, set[str]]] = {
    "lifecycle": (LifecycleEvent, {"date", "action", "target", "source"}),
    "event": (Event, {"name", "date", "source"}),
}


def load_lifecycle_file(file: str | Path) -> tuple[Event | LifecycleEvent, ...]:
    """Read a lifecycle event log from a `.json`, `.toml` or `.yaml` file.

    The log is a list under `events`; each has a `kind`: `"lifecycle"` (a
    [`LifecycleEvent`][dealterms.LifecycleEvent]: `date`, `action`, `target` (omit it for
    the contract), `source`) or `"event"` (a business [`Event`][dealterms.Event]: `name`,
    `date`, `source`)::

        [[events]]
        kind = "lifecycle"
        date = 2022-10-29
        action = "exert"
        target = "suspend-delivery"

    The file is read by [`dealterms.io`][dealterms.io]'s reader (its size and shape limits).

    Raises:
        InvalidValueError: naming the file and the path of the first problem, for an
            unreadable or malformed file, an unknown kind or key, or a value the event
            types refuse.
    """
    from dealterms.io._files import read  # noqa: PLC0415 - cattrs only when files are used

    file = Path(file)
    try:
        data, _ = read(file)
    except InvalidDealError as e:  # one line: the first problem of the file
        first = e.exceptions[0]
        if isinstance(first, InvalidValueError):
            raise fail(file, first.message, first.path or "$") from None
        raise fail(file, e.message) from None
    return tuple(_entries(file, data, _LIFECYCLE_KINDS))
