"""Scenarios: a deal variant plus a trajectory of facts over time."""

from __future__ import annotations

import functools
from datetime import date

import attrs

from dealterms._checks import description_field, instance, text_tuple
from dealterms._deal import Deal
from dealterms._evaluate import Evaluation, evaluate
from dealterms._party import check_id
from dealterms._series import Series
from dealterms._state import AnyEvent, Fact, State, _events, _facts, _series
from dealterms._time import _optional_date_field
from dealterms.exceptions import InvalidValueError

__all__ = ["Scenario"]


def _deal(value: object) -> Deal:
    return instance(value, Deal, "deal")


def _what_ifs(value: object) -> tuple[str, ...]:
    return text_tuple(value, "what_ifs")


def _interpretation(value: object) -> str | None:
    if value is None:
        return None
    return check_id(value, "interpretation")


@attrs.frozen(kw_only=True)
class Scenario:
    """A deal variant and the facts, events and metric series of one possible course of events.

    Attributes:
        id: Stable id (`"profit-forecast"`).
        description: What the scenario assumes, in words (say when numbers are made up).
        deal: The base deal.
        what_ifs: Ids of the deal's what-if amendments to apply.
        interpretation: Id of the interpretation of the deal's term to use, or `None`.
        facts: Facts that hold throughout (a mapping or a sequence of
            [`Fact`][dealterms.Fact]).
        events: Dated events (a mapping of name to date, or a sequence of
            [`Event`][dealterms.Event] and typed events such as
            [`TerminationNotice`][dealterms.TerminationNotice], as in
            [`State`][dealterms.State]).
        series: Metrics over time ([`Series`][dealterms.Series]).
        known_on: Read the deal as known on this date
            ([`Deal.as_known_on`][dealterms.Deal.as_known_on]), or `None` for all amendments.

    Raises:
        UnknownReferenceError: for an unknown what-if or interpretation id.
        InvalidValueError: for malformed facts, events or series, or a metric given both as
            a fact and as a series.

    Example:
        >>> from dealterms.examples import microsoft_openai
        >>> s = Scenario(id="no-agi", deal=microsoft_openai(), what_ifs=["remove-agi-clause"])
        >>> s.evaluate(date(2025, 6, 1)).for_clause("agi-clause")[0].status.name
        'not_in_force'
    """

    id: str = attrs.field(converter=check_id)
    deal: Deal = attrs.field(converter=_deal, repr=False)
    description: str | None = attrs.field(default=None, converter=description_field)
    what_ifs: tuple[str, ...] = attrs.field(default=(), converter=_what_ifs)
    interpretation: str | None = attrs.field(default=None, converter=_interpretation)
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=_facts)
    events: tuple[AnyEvent, ...] = attrs.field(default=(), converter=_events)
    series: tuple[Series, ...] = attrs.field(default=(), converter=_series)
    known_on: date | None = attrs.field(default=None, converter=_optional_date_field)

    def __attrs_post_init__(self) -> None:
        try:
            _ = self.variant
            self.state(self.deal.term.effective_date)
        except InvalidValueError as e:
            raise e.at(f"$.scenarios[{self.id!r}]") from None

    @functools.cached_property
    def variant(self) -> Deal:
        """The deal with this scenario's interpretation and what-ifs applied."""
        deal = self.deal
        if self.interpretation is not None:
            deal = deal.with_interpretation(self.interpretation)
        if self.what_ifs:
            deal = deal.with_what_ifs(*self.what_ifs)
        return deal

    def state(self, as_of: date) -> State:
        """The scenario's state on `as_of`."""
        return State(
            as_of=as_of,
            facts=self.facts,
            events=self.events,
            series=self.series,
            known_on=self.known_on,
        )

    def evaluate(self, as_of: date) -> Evaluation:
        """Evaluate the scenario's deal variant on `as_of`."""
        return evaluate(self.variant, self.state(as_of))
