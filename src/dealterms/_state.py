"""The state an evaluation reads: a date plus the facts and events known then."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from dealterms._checks import source_field
from dealterms._events import (
    RANK,
    TYPED_EVENTS,
    Match,
    Offer,
    Performed,
    Refusal,
    TerminationNotice,
    ThirdPartyDeal,
)
from dealterms._money import Money, to_decimal
from dealterms._series import Series
from dealterms._time import _date_field, _optional_date_field
from dealterms.exceptions import DuplicateIdError, InvalidValueError

if TYPE_CHECKING:
    pass

__all__ = ["AnyEvent", "Event", "Fact", "FactValue", "State", "parse_fact_value"]

FactValue = bool | Decimal | Money
"""What a fact may be: a declaration (`bool`), a plain number (`Decimal`) or `Money`."""


def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise InvalidValueError(
            f"expected a non-empty name without surrounding spaces, got {value!r}",
            path="$.name",
            expected="a name such as 'openai.cumulative_profit'",
            got=value,
        )
    return value


def parse_fact_value(value: object, *, path: str = "$.value") -> FactValue:
    """Convert a user-given fact value to a `bool`, `Decimal` or `Money`.

    Accepts `bool`, `int`, `Decimal` and `Money` as they are, and strings: `"true"` /
    `"false"`, money as `"AMOUNT CODE"` (`"100000000000 USD"`), or a decimal number.

    Raises:
        InvalidValueError: for a float or anything else.

    Example:
        >>> parse_fact_value("100000000000 USD")
        Money(amount=Decimal('100000000000'), currency='USD')
    """
    if isinstance(value, bool | Money | Decimal):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        if " " in text:
            try:
                return Money.parse(text)
            except InvalidValueError as e:
                raise e.at(path) from None
    return to_decimal(value, path=path, what="true, false, a decimal number or 'AMOUNT CODE'")


@attrs.frozen(kw_only=True)
class Fact:
    """One known fact, with optional provenance.

    Attributes:
        name: The fact's name (`"openai.cumulative_profit"`).
        value: A declaration (`bool`), a plain number (`Decimal`) or `Money`; strings are
            parsed by [`parse_fact_value`][dealterms.parse_fact_value].
        source: Who reported it, e.g. `"OpenAI annual report"`; optional.
        reported_on: When it was reported; optional.
    """

    name: str = attrs.field(converter=_name)
    value: FactValue = attrs.field(converter=parse_fact_value)
    source: str | None = attrs.field(default=None, converter=source_field)
    reported_on: date | None = attrs.field(default=None, converter=_optional_date_field)


@attrs.frozen(kw_only=True)
class Event:
    """A dated event, e.g. the exercise of a power (`"agi-clause.exercised"`).

    Attributes:
        name: The event's name.
        date: The day it happened.
        source: Who reported it; optional.
    """

    name: str = attrs.field(converter=_name)
    date: date = attrs.field(converter=_date_field)
    source: str | None = attrs.field(default=None, converter=source_field)


AnyEvent = Event | Offer | Match | Refusal | ThirdPartyDeal | Performed | TerminationNotice
"""Any event a state's log may hold: a named [`Event`][dealterms.Event] or a typed one."""


def _facts(value: object) -> tuple[Fact, ...]:
    items: Iterable[object]
    if isinstance(value, Mapping):
        items = [
            v if isinstance(v, Fact) and v.name == k else _fact_from(k, v) for k, v in value.items()
        ]
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise InvalidValueError(
            f"expected a mapping of name to value, or a sequence of Fact, got "
            f"{type(value).__name__}",
            path="$.facts",
            expected="a mapping or a sequence of Fact",
            got=value,
        )
    facts: dict[str, Fact] = {}
    for i, f in enumerate(items):
        if not isinstance(f, Fact):
            raise InvalidValueError(
                f"expected a Fact, got {type(f).__name__} {f!r}",
                path=f"$.facts[{i}]",
                expected="a Fact",
                got=f,
            )
        if f.name in facts:
            raise DuplicateIdError(
                f"fact {f.name!r} is given twice",
                path=f"$.facts[{f.name!r}]",
                expected="one value per fact",
                got=f.value,
            )
        facts[f.name] = f
    return tuple(sorted(facts.values(), key=lambda f: f.name))


def _fact_from(name: object, value: object) -> Fact:
    try:
        return Fact(name=name, value=value)
    except InvalidValueError as e:
        raise e.at(f"$.facts[{name!r}]") from None


def _events(value: object) -> tuple[AnyEvent, ...]:
    items: list[object]
    if isinstance(value, Mapping):
        items = []
        for k, v in value.items():
            try:
                items.append(Event(name=k, date=v))
            except InvalidValueError as e:
                raise e.at(f"$.events[{k!r}]") from None
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise InvalidValueError(
            f"expected a mapping of name to date, or a sequence of events, got "
            f"{type(value).__name__}",
            path="$.events",
            expected="a mapping or a sequence of Event, Offer, Match, Refusal, "
            "ThirdPartyDeal, Performed or TerminationNotice",
            got=value,
        )
    events: set[AnyEvent] = set()
    for i, item in enumerate(items):
        if not isinstance(item, (Event, *TYPED_EVENTS)):
            raise InvalidValueError(
                f"expected an event, got {type(item).__name__} {item!r}",
                path=f"$.events[{i}]",
                expected="Event, Offer, Match, Refusal, ThirdPartyDeal, Performed or "
                "TerminationNotice",
                got=item,
            )
        events.add(item)
    return tuple(sorted(events, key=_event_order))


def _event_order(e: AnyEvent) -> tuple[date, int, str, str]:
    return (e.date, RANK.get(type(e), 4), e.name, repr(e))


def _series(value: object) -> tuple[Series, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValueError(
            f"series must be a sequence of Series, got {type(value).__name__}",
            path="$.series",
            expected="a list of Series",
            got=value,
        )
    seen: dict[str, Series] = {}
    for i, s in enumerate(value):
        if not isinstance(s, Series):
            raise InvalidValueError(
                f"expected a Series, got {type(s).__name__} {s!r}",
                path=f"$.series[{i}]",
                expected="a Series",
                got=s,
            )
        if s.metric in seen:
            raise DuplicateIdError(
                f"two series for metric {s.metric!r}",
                path=f"$.series[{i}].metric",
                expected="one series per metric",
                got=s.metric,
            )
        seen[s.metric] = s
    return tuple(sorted(seen.values(), key=lambda s: s.metric))


@attrs.frozen(kw_only=True)
class State:
    """What is known on a date: `as_of` plus facts (declarations, metric values) and events.

    Facts are *open-world*: a fact the state does not list is unknown, and conditions over it
    are unknown (so the entitlements depending on them are contingent). Events are
    *closed-world*: an event the state does not list has not happened; events dated after
    `as_of` are ignored (not yet happened on `as_of`).

    Attributes:
        as_of: The day the question is asked about (a `date` or ISO string).
        facts: Known facts: a mapping of name to value (`{"openai.cumulative_profit":
            Money.parse("100000000000 USD")}`) or a sequence of [`Fact`][dealterms.Fact];
            kept sorted by name.
        events: Known events: a mapping of name to date, or a sequence of
            [`Event`][dealterms.Event]; kept sorted by date.
        known_on: Ask as of a knowledge date (bitemporal): amendments agreed after it are
            ignored (see [`Deal.as_known_on`][dealterms.Deal.as_known_on]). `None` (the
            default) uses every amendment.
        series: Metrics known over time ([`Series`][dealterms.Series]); a series' value on
            `as_of` acts as a fact, and latching triggers read its history.

    Raises:
        InvalidValueError: for a malformed date, value or name.
        DuplicateIdError: if a fact is given twice.

    Example:
        >>> s = State(as_of="2025-06-01", events={"agi-clause.exercised": "2025-05-01"})
        >>> s.happened("agi-clause.exercised")
        True
    """

    as_of: date = attrs.field(converter=_date_field)
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=_facts)
    events: tuple[AnyEvent, ...] = attrs.field(default=(), converter=_events)
    series: tuple[Series, ...] = attrs.field(default=(), converter=_series)
    known_on: date | None = attrs.field(default=None, converter=_optional_date_field)

    def __attrs_post_init__(self) -> None:
        names = {f.name for f in self.facts}
        for s in self.series:
            if s.metric in names:
                raise InvalidValueError(
                    f"metric {s.metric!r} is given both as a fact and as a series",
                    path=f"$.series[{s.metric!r}]",
                    expected="either a fact or a series per metric",
                    got=s.metric,
                )

    @functools.cached_property
    def fact_values(self) -> Mapping[str, FactValue]:
        """The facts' values by name (a read-only view)."""
        values: dict[str, FactValue] = {f.name: f.value for f in self.facts}
        for s in self.series:
            v = s.value_on(self.as_of)
            if v is not None:
                values[s.metric] = v
        return MappingProxyType(values)

    @functools.cached_property
    def has_typed_events(self) -> bool:
        """Whether the log holds typed events (offers, answers, deals, acts)."""
        return any(not isinstance(e, Event) for e in self.events)

    def series_for(self, metric: str) -> Series | None:
        """The series of `metric`, or `None`."""
        for s in self.series:
            if s.metric == metric:
                return s
        return None

    def at(self, day: date) -> State:
        """The same knowledge, asked about another day (facts, events and series kept)."""
        return attrs.evolve(self, as_of=day)

    def fact(self, name: str) -> Fact | None:
        """The fact called `name`, or `None` if unknown."""
        for f in self.facts:
            if f.name == name:
                return f
        return None

    @functools.cached_property
    def _occurrence_dates(self) -> dict[str, tuple[date, ...]]:
        index: dict[str, list[date]] = {}
        for e in self.events:
            if e.date <= self.as_of:
                index.setdefault(e.name, []).append(e.date)
        return {k: tuple(v) for k, v in index.items()}

    def occurrence_dates(self, name: str) -> tuple[date, ...]:
        """The dates on which event `name` happened, on or before `as_of`, in order."""
        return self._occurrence_dates.get(name, ())

    def occurrences(self, name: str) -> tuple[AnyEvent, ...]:
        """The events called `name` that happened on or before `as_of`, by date."""
        return tuple(e for e in self.events if e.name == name and e.date <= self.as_of)

    def happened(
        self, name: str, *, on_or_after: date | None = None, before: date | None = None
    ) -> bool:
        """Whether event `name` happened on or before `as_of` (and inside the window)."""
        for e in self.events:
            if e.date > self.as_of:
                break
            if (
                e.name == name
                and (on_or_after is None or e.date >= on_or_after)
                and (before is None or e.date < before)
            ):
                return True
        return False

    def replace(self, **changes: object) -> State:
        """Return a copy with some fields replaced (`attrs.evolve`), validated anew."""
        return attrs.evolve(self, **changes)
