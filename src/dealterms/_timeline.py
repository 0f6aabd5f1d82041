"""Timelines and comparisons: entitlements over an interval, computed from change points.

A timeline is not computed by evaluating every day. The dates on which an answer can
change are known in advance: term and amendment boundaries, dates named in conditions,
event dates, and for each metric series the days on which it meets a threshold of the deal
(see [`Series.change_days`][dealterms.Series.change_days]). The evaluator runs once per
change point; adjacent intervals with equal entitlements are merged. The result equals
day-by-day evaluation over the same range (a property the test suite checks).
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from dealterms._entitlement import Entitlement, Relation, Status
from dealterms._evaluate import Evaluation
from dealterms._lifecycle_view import change_days, has_lifecycle
from dealterms._scenario import Scenario
from dealterms._time import Interval, parse_date
from dealterms.exceptions import DuplicateIdError, InvalidValueError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["Comparison", "Difference", "Span", "Timeline", "Transition", "compare", "timeline"]

EntitlementKey = tuple[str, str | None, str, str, str, str, str]
"""(clause, amendment, relation, holder, counterparty, action, conduct)."""


def key_of(e: Entitlement) -> EntitlementKey:
    """The identity of an entitlement across dates and scenarios."""
    return (e.clause, e.amendment, e.relation.value, e.holder, e.counterparty, e.action, e.conduct)


@attrs.frozen(kw_only=True)
class Span:
    """One interval of a timeline on which every entitlement keeps its status.

    Attributes:
        interval: The days, half-open `[start, end)`.
        evaluation: The evaluation on every day of the interval (computed on its first day).
    """

    interval: Interval
    evaluation: Evaluation


@attrs.frozen(kw_only=True)
class Transition:
    """An entitlement whose status changes on `day`.

    Attributes:
        day: The first day of the new status.
        before: The entitlement on the day before.
        after: The entitlement on `day`.
    """

    day: date
    before: Entitlement
    after: Entitlement


def check_range(start: object, end: object) -> tuple[date, date]:
    """`start` and `end` as dates, `start` on or before `end`, else an InvalidValueError."""
    s, e = parse_date(start, path="start"), parse_date(end, path="end")
    if s > e:
        raise InvalidValueError(
            f"start={s} is after end={e}",
            path="$.start",
            expected=f"a date on or before {e}",
            got=s,
        )
    return s, e


@attrs.frozen(kw_only=True)
class Timeline:
    """The piecewise-constant sequence of evaluations of a scenario between two dates.

    Attributes:
        scenario: The scenario.
        start: The first day covered.
        end: The last day covered (inclusive).
        spans: Consecutive [`Span`][dealterms.Span]s covering `[start, end]`, each with
            entitlements different from the span before.
    """

    scenario: Scenario
    start: date
    end: date
    spans: tuple[Span, ...]

    def at(self, day: date) -> Evaluation:
        """The evaluation on `day`.

        Raises:
            InvalidValueError: if `day` lies outside the timeline.
        """
        day = parse_date(day, path="day")
        if not self.start <= day <= self.end:
            raise InvalidValueError(
                f"{day} is outside the timeline {self.start} … {self.end}",
                path="day",
                expected=f"a date from {self.start} through {self.end}",
                got=day,
            )
        starts = [s.interval.start for s in self.spans]
        return self.spans[bisect.bisect_right(starts, day) - 1].evaluation

    def when(
        self,
        clause: str,
        *,
        relation: Relation | str | None = None,
        status: str = "in_force",
    ) -> tuple[Interval, ...]:
        """The intervals on which an entitlement of `clause` has `status` (merged).

        Args:
            clause: The clause id.
            relation: Only entitlements with this relation (`"claim"`, `Relation.POWER`…).
            status: `"in_force"` (default), `"contingent"` or `"not_in_force"`.

        Returns:
            Half-open intervals in date order; empty if never.
        """
        try:
            rel = None if relation is None else Relation(relation)
        except ValueError:
            raise InvalidValueError(
                f"unknown relation {relation!r}",
                path="relation",
                expected="claim | privilege | power | immunity",
                got=relation,
            ) from None
        out: list[Interval] = []
        for span in self.spans:
            hit = any(
                e.clause == clause
                and (rel is None or e.relation is rel)
                and e.status.name == status
                for e in span.evaluation.entitlements
            )
            if not hit:
                continue
            if out and out[-1].end == span.interval.start:
                out[-1] = Interval(start=out[-1].start, end=span.interval.end)
            else:
                out.append(span.interval)
        return tuple(out)

    def transitions(self) -> tuple[Transition, ...]:
        """Every change of status (in force, contingent, not in force), in date order.

        A change of reason alone (say, from "condition false" to "expired") is not a
        transition; the spans still show it.
        """
        out: list[Transition] = []
        for prev, cur in zip(self.spans, self.spans[1:], strict=False):
            before = {key_of(e): e for e in prev.evaluation.entitlements}
            for e in cur.evaluation.entitlements:
                old = before.get(key_of(e))
                if old is not None and old.status.name != e.status.name:
                    out.append(Transition(day=cur.interval.start, before=old, after=e))
        return tuple(out)

    def changes_on(self, day: date) -> tuple[Transition, ...]:
        """The status changes that take effect on `day` (empty if none)."""
        day = parse_date(day, path="day")
        return tuple(t for t in self.transitions() if t.day == day)

    # -- views for people, notebooks, tables and charts ------------------------------

    def describe(self) -> str:
        """Every change of status in plain English, one sentence per change, by date.

        Example:
            >>> from dealterms.examples import microsoft_openai
            >>> base = Scenario(id="base", deal=microsoft_openai())
            >>> t = timeline(base, "2025-01-01", "2025-12-31")
            >>> print(t.describe().splitlines()[2])
              - On 2025-01-21, Microsoft holds a right of first refusal ... comes into force.
        """
        from dealterms._english import timeline_text  # noqa: PLC0415 - import cycle

        return timeline_text(self)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per entitlement and run of days with one status, for DataFrames.

        Adjacent spans where an entitlement keeps the same status (reason and detail
        included) make one record. Keys: `clause`, `kind`, `amendment`, `relation`,
        `correlative`, `holder`, `counterparty`, `action`, `conduct`, `from` and
        `through` (ISO dates, inclusive), `status`, `reason`, `missing`, `because`,
        `text`. Ordered by entitlement (as in the evaluations), then by date.
        """
        from dealterms._frames import timeline_records  # noqa: PLC0415 - import cycle

        return timeline_records(self)

    def to_frame(self) -> pd.DataFrame:
        """[`to_records`][dealterms.Timeline.to_records] as a pandas DataFrame.

        Raises:
            MissingDependencyError: if pandas is not installed (`dealterms[pandas]`).
        """
        from dealterms._frames import TIMELINE_COLUMNS, to_frame  # noqa: PLC0415

        return to_frame(self.to_records(), columns=TIMELINE_COLUMNS, feature="to_frame")

    def plot(self, path: str | os.PathLike[str] | None = None) -> Figure:
        """Draw the timeline as a Gantt chart: one row per entitlement, bars by relation.

        Solid bars where an entitlement is in force, hatched where it is contingent;
        vertical markers for amendments, events, the term's boundaries and other status
        changes (such as a threshold crossed), keyed in the legend.

        Args:
            path: Save the chart there too: a file name ending in `.svg` or `.png`.

        Returns:
            The matplotlib `Figure`.

        Raises:
            MissingDependencyError: if matplotlib is not installed (`dealterms[plot]`).
            InvalidValueError: if `path` does not end in `.svg` or `.png`.
        """
        from dealterms._plot import plot_timeline  # noqa: PLC0415 - matplotlib is optional

        return plot_timeline(self, path)

    def _repr_html_(self) -> str:
        from dealterms._html import timeline_html  # noqa: PLC0415 - import cycle

        return timeline_html(self)

    def __repr__(self) -> str:
        from dealterms._english import timeline_repr  # noqa: PLC0415 - import cycle

        return timeline_repr(self)


def change_points(scenario: Scenario, start: date, end: date) -> list[date]:
    """The days in `[start, end]` on which the scenario's entitlements may change."""
    deal = scenario.variant
    if scenario.known_on is not None:
        deal = deal.as_known_on(scenario.known_on)
    compiled = deal._compiled
    days: set[date] = {start}
    days.update(compiled.boundaries)
    days.update(compiled.condition_days)
    days.update(e.date for e in scenario.events)
    for s in scenario.series:
        days |= s.change_days(compiled.thresholds.get(s.metric, ()))
    if has_lifecycle(deal):
        days |= change_days(deal, scenario.state(end))
    if compiled.exits:
        from dealterms._ending import notice_outcomes  # noqa: PLC0415 - import cycle

        state = scenario.state(end)
        if state.has_typed_events:
            # A termination ends the deal on its effective date; the terminated deal has
            # its own boundaries (survival counted from that date).
            for ending in notice_outcomes(deal, state)[0]:
                cut = deal._cut(ending.effective_on)
                days.add(ending.effective_on)
                days.update(cut.boundaries)
                days.update(cut.condition_days)
                for s in scenario.series:
                    days |= s.change_days(cut.thresholds.get(s.metric, ()))
    return sorted(d for d in days if start <= d <= end)


def timeline(scenario: Scenario, start: date | str, end: date | str) -> Timeline:
    """The entitlements of `scenario` on every day from `start` through `end`.

    Args:
        scenario: The scenario (deal variant, facts, events, series).
        start: The first day.
        end: The last day (inclusive).

    Returns:
        The [`Timeline`][dealterms.Timeline]: evaluations at change points only, merged
        where nothing changes.

    Raises:
        InvalidValueError: for malformed dates, `start` after `end`, or a
            `scenario` that is not a `Scenario` (a `Deal`, say: wrap it in one).

    Example:
        >>> from dealterms.examples import microsoft_openai
        >>> t = timeline(Scenario(id="base", deal=microsoft_openai()), "2024-01-01", "2031-12-31")
        >>> print(*t.when("compute-rofr"))
        [2025-01-21, 2031-01-01)
    """
    if not isinstance(scenario, Scenario):
        raise InvalidValueError(
            f"timeline takes a Scenario, got {type(scenario).__name__}; for a deal, pass "
            "Scenario(id=..., deal=deal)",
            path="scenario",
            expected="a Scenario",
            got=type(scenario).__name__,
        )
    s, e = check_range(start, end)
    spans: list[tuple[date, Evaluation]] = []
    for day in change_points(scenario, s, e):
        ev = scenario.evaluate(day)
        if spans and spans[-1][1].entitlements == ev.entitlements:
            continue
        spans.append((day, ev))
    after = e + timedelta(days=1)
    out = tuple(
        Span(
            interval=Interval(start=d, end=spans[i + 1][0] if i + 1 < len(spans) else after),
            evaluation=ev,
        )
        for i, (d, ev) in enumerate(spans)
    )
    return Timeline(scenario=scenario, start=s, end=e, spans=out)


@attrs.frozen(kw_only=True)
class Difference:
    """An entitlement whose status differs between scenarios over an interval.

    Attributes:
        clause: The clause id.
        relation: The holder's relation.
        holder: The holder's party id.
        action: The action id.
        interval: The days on which the statuses stay as listed.
        statuses: `(scenario id, status)` for each scenario, in the order given; the
            status is `None` where the scenario's deal has no such entitlement.
    """

    clause: str
    relation: Relation
    holder: str
    action: str
    interval: Interval
    statuses: tuple[tuple[str, Status | None], ...]


@attrs.frozen(kw_only=True)
class Comparison:
    """Where two or more scenarios give different answers.

    Attributes:
        scenarios: The scenario ids, in the order given.
        timelines: Each scenario's timeline.
        differences: Every difference, by clause then date.
    """

    scenarios: tuple[str, ...]
    timelines: tuple[Timeline, ...]
    differences: tuple[Difference, ...]

    def for_clause(self, clause: str) -> tuple[Difference, ...]:
        """The differences about `clause`."""
        return tuple(d for d in self.differences if d.clause == clause)


def compare(scenarios: Iterable[Scenario], start: date | str, end: date | str) -> Comparison:
    """Line up scenarios and report, per entitlement, the intervals where they differ.

    Two scenarios differ on a day when an entitlement's status name (`in_force`,
    `contingent`, `not_in_force`) differs, or when one scenario's deal lacks it.

    Args:
        scenarios: Two or more scenarios with distinct ids.
        start: The first day.
        end: The last day (inclusive).

    Raises:
        InvalidValueError: for fewer than two scenarios, or a bad date range.
        DuplicateIdError: for two scenarios with one id.
    """
    if not isinstance(scenarios, Iterable) or isinstance(scenarios, str | bytes):  # type: ignore[unreachable]
        raise InvalidValueError(
            f"scenarios must be a sequence of Scenario, got {type(scenarios).__name__}",
            path="$.scenarios",
            expected="two or more scenarios",
            got=scenarios,
        )
    scenarios = list(scenarios)
    for i, sc in enumerate(scenarios):
        if not isinstance(sc, Scenario):
            raise InvalidValueError(
                f"expected a Scenario, got {type(sc).__name__}",
                path=f"$.scenarios[{i}]",
                expected="a Scenario",
                got=sc,
            )
    if len(scenarios) < 2:
        raise InvalidValueError(
            f"compare needs at least two scenarios, got {len(scenarios)}",
            path="$.scenarios",
            expected="two or more scenarios",
            got=len(scenarios),
        )
    ids = [s.id for s in scenarios]
    for i, sid in enumerate(ids):
        if sid in ids[:i]:
            raise DuplicateIdError(
                f"scenario id {sid!r} is given twice",
                path=f"$.scenarios[{i}]",
                expected="distinct scenario ids",
                got=sid,
            )
    s, e = check_range(start, end)
    timelines = tuple(timeline(sc, s, e) for sc in scenarios)
    days = sorted({span.interval.start for t in timelines for span in t.spans})
    after = e + timedelta(days=1)
    open_rows: dict[EntitlementKey, tuple[date, tuple[tuple[str, Status | None], ...]]] = {}
    found: list[Difference] = []
    meta: dict[EntitlementKey, Entitlement] = {}

    def close(key: EntitlementKey, until: date) -> None:
        since, statuses = open_rows.pop(key)
        m = meta[key]
        found.append(
            Difference(
                clause=m.clause,
                relation=m.relation,
                holder=m.holder,
                action=m.action,
                interval=Interval(start=since, end=until),
                statuses=statuses,
            )
        )

    for day in days:
        per = [{key_of(x): x for x in t.at(day).entitlements} for t in timelines]
        keys = sorted({k for p in per for k in p}, key=lambda k: tuple(str(x) for x in k))
        for k in keys:
            entries = [p.get(k) for p in per]
            meta[k] = next(x for x in entries if x is not None)
            names = {x.status.name if x else None for x in entries}
            statuses = tuple(
                (sid, x.status if x else None) for sid, x in zip(ids, entries, strict=True)
            )
            current = open_rows.get(k)
            if len(names) == 1:
                if current is not None:
                    close(k, day)
                continue
            if current is not None and _same(current[1], statuses):
                continue
            if current is not None:
                close(k, day)
            open_rows[k] = (day, statuses)
    for k in list(open_rows):
        close(k, after)
    found.sort(key=lambda d: (d.clause, d.interval.start, d.relation.value, d.action))
    return Comparison(scenarios=tuple(ids), timelines=timelines, differences=tuple(found))


def _same(
    a: tuple[tuple[str, Status | None], ...], b: tuple[tuple[str, Status | None], ...]
) -> bool:
    return [(s, x.name if x else None) for s, x in a] == [(s, x.name if x else None) for s, x in b]
