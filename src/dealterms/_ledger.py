"""The revenue-share ledger: exact money owed per period, with its reasons.

For each revenue-share clause of a deal, the ledger lays the clause's payment schedule
over `[start, end]` and computes, per period:

1. **Days in force.** The days the clause's claim is in force, from the same evaluator as
   everything else (a [`timeline`][dealterms.timeline] of the scenario): the term,
   amendments, conditions and triggers all apply.
2. **Base.** The base metric's revenue over those days. Each
   [`RevenueInput`][dealterms.RevenueInput] is spread evenly over its days; a period
   takes `amount × overlapping days / input days` of it (*actual/actual* proration by
   calendar days). Computed exactly, as fractions.
3. **Rate.** The clause's rate, its date steps (each day at the rate in force on it) or
   its tiers on the cumulative base (a [`TierTable`][dealterms.TierTable]; marginal
   unless the clause says `tier_basis="whole"`).
4. **Minimum annual payment.** In the last period of each (fiscal) year, a top-up to the
   minimum, prorated by the year's days in force over its days.
5. **Cap.** Payments stop at the cumulative cap; the period that reaches it is paid
   partially.
6. **Rounding.** Each stream (one clause version) is rounded to the currency's minor unit
   with the stated rule (default `ROUND_HALF_EVEN`), carrying the residue: a period's
   rounded amount is the rounded cumulative exact total minus the rounded cumulative total
   before it. So the rounded payments always add up to the rounded exact total.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Context, Decimal
from fractions import Fraction
from typing import IO, TYPE_CHECKING, Any

import attrs

from dealterms._checks import text
from dealterms._clauses.revenue_share import Parameter, RevenueShare
from dealterms._deal import ClauseVersion, Deal
from dealterms._entitlement import Entitlement
from dealterms._money import ISO_4217_MINOR_UNITS, Money, Rate, unchecked_money
from dealterms._scenario import Scenario
from dealterms._time import Interval, _date_field, period_boundaries
from dealterms._timeline import Timeline, check_range, timeline
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError, UnknownReferenceError
from dealterms.typing import RoundingRule

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Ledger", "LedgerRow", "NetRow", "RevenueInput", "ledger"]

_WIDE = Context(prec=80)


def _amount(value: object) -> Money:
    if isinstance(value, str):
        value = Money.parse(value)
    if not isinstance(value, Money):
        raise InvalidValueError(
            f"amount must be money such as '1000000 USD', got {type(value).__name__} {value!r}",
            path="$.amount",
            expected="Money",
            got=value,
        )
    if value.amount < 0:
        raise InvalidValueError(
            f"revenue must not be negative, got {value.format()} (net refunds within a "
            "period into its figure)",
            path="$.amount",
            expected="an amount >= 0",
            got=value.format(),
        )
    return value


def _metric(value: object) -> str:
    return text(value, "metric")


@attrs.frozen(kw_only=True)
class RevenueInput:
    """The revenue of one metric over a run of days, e.g. OpenAI's revenue in a quarter.

    Attributes:
        metric: The base metric's name (`"openai.revenue"`).
        start: The first day the figure covers.
        end: The last day it covers (inclusive).
        amount: The revenue over those days (`Money` >= 0, or `"AMOUNT CODE"`).

    Raises:
        InvalidValueError: for a negative or malformed amount (floats included), a bad
            date, or `end` before `start`.

    Example:
        >>> RevenueInput(metric="m", start="2025-01-01", end="2025-03-31", amount="90 USD").days
        90
    """

    metric: str = attrs.field(converter=_metric)
    start: date = attrs.field(converter=_date_field)
    end: date = attrs.field(converter=_date_field)
    amount: Money = attrs.field(converter=_amount)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValueError(
                f"end={self.end} is before start={self.start}",
                path="$.end",
                expected=f"a date on or after {self.start}",
                got=self.end,
            )

    @property
    def days(self) -> int:
        """The number of days covered."""
        return (self.end - self.start).days + 1


@attrs.frozen(kw_only=True)
class LedgerRow:
    """One period of one revenue-share clause.

    Attributes:
        clause: The clause id.
        amendment: The amendment that introduced this version of the clause, or `None`.
        payer: Party id who pays.
        payee: Party id who is paid.
        period: The schedule period (half-open), clipped to the ledger's range.
        days_in_period: Days in `period`.
        days_in_force: Days of `period` on which the clause's claim is in force.
        base: The base revenue over the days in force, rounded to the minor unit for
            display, or `None` when no revenue figure covers them.
        base_exact: The same, exact (a `Fraction` in the currency's major unit).
        rate: The rate applied, in words (`"20%"`, `"20% then 25% from 2026-01-01"`,
            `"tiered"`).
        owed: The amount owed for the period, rounded with the residue carried, or `None`
            when it cannot be known (an undisclosed rate).
        owed_exact: The same before rounding (a `Fraction`), or `None`.
        currency: The ISO 4217 code of `base` and `owed`.
        why: Why the clause applies, stops applying, or how the amount was adjusted.
    """

    clause: str
    amendment: str | None
    payer: str
    payee: str
    period: Interval
    days_in_period: int
    days_in_force: int
    base: Money | None
    base_exact: Fraction
    rate: str
    owed: Money | None
    owed_exact: Fraction | None
    currency: str
    why: str


@attrs.frozen(kw_only=True)
class NetRow:
    """What one party owes the other for a period once mutual shares are netted.

    Attributes:
        period: The period.
        payer: Who pays the net amount.
        payee: Who receives it.
        amount: The net amount (>= 0), or `None` if either direction is unknown.
        gross: The rounded amounts each way, `(payer → payee, payee → payer)`.
    """

    period: Interval
    payer: str
    payee: str
    amount: Money | None
    gross: tuple[Money | None, Money | None]


_RECORD_FIELDS = (
    "clause",
    "amendment",
    "payer",
    "payee",
    "period_start",
    "period_end",
    "days_in_period",
    "days_in_force",
    "base",
    "rate",
    "owed",
    "currency",
    "why",
)


@attrs.frozen(kw_only=True)
class Ledger:
    """The result of [`ledger`][dealterms.ledger]: rows by clause, then period.

    Attributes:
        start: The first day covered.
        end: The last day covered (inclusive).
        rounding: The rounding rule used.
        rows: Every row.
    """

    start: date
    end: date
    rounding: RoundingRule
    rows: tuple[LedgerRow, ...]

    def for_clause(self, clause: str) -> tuple[LedgerRow, ...]:
        """The rows of clause `clause`."""
        return tuple(r for r in self.rows if r.clause == clause)

    def total(self, clause: str) -> Money | None:
        """The total owed under `clause` (the sum of its rounded rows), or `None` if unknown.

        Raises:
            InvalidValueError: if the ledger has no row for `clause`.
        """
        rows = self.for_clause(clause)
        if not rows:
            raise InvalidValueError(
                f"no ledger rows for clause {clause!r}",
                expected="a revenue-share clause id",
                got=clause,
            )
        total = Money(amount=0, currency=rows[0].currency).round(self.rounding)
        for r in rows:
            if r.owed is None:
                return None
            total = total + r.owed
        return total

    def netted(self) -> tuple[NetRow, ...]:
        """Mutual shares netted per pair of parties and period (same period bounds only)."""
        flows: dict[tuple[Interval, str, str], list[Money | None]] = {}
        for r in self.rows:
            flows.setdefault((r.period, r.payer, r.payee), []).append(r.owed)
        out: list[NetRow] = []
        seen: set[tuple[Interval, str, str]] = set()
        for period, a, b in sorted(flows, key=lambda k: (k[0].start, k[1], k[2])):
            if (period, a, b) in seen:
                continue
            seen.add((period, b, a))
            ab = _sum(flows[(period, a, b)])
            ba = _sum(flows.get((period, b, a), []))
            if ab is None or (ba is None and (period, b, a) in flows):
                out.append(NetRow(period=period, payer=a, payee=b, amount=None, gross=(ab, ba)))
                continue
            net = ab if ba is None else ab - ba
            if net.amount < 0:
                out.append(NetRow(period=period, payer=b, payee=a, amount=-net, gross=(ba, ab)))
            else:
                out.append(NetRow(period=period, payer=a, payee=b, amount=net, gross=(ab, ba)))
        return tuple(out)

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as plain dicts of strings and ints, for DataFrames and spreadsheets.

        Money is given as a decimal string in `base`/`owed` with the code in `currency`;
        `period_end` is the period's last day (inclusive).
        """
        return [
            {
                "clause": r.clause,
                "amendment": r.amendment,
                "payer": r.payer,
                "payee": r.payee,
                "period_start": r.period.start.isoformat(),
                "period_end": (r.period.end - timedelta(days=1)).isoformat()
                if r.period.end
                else None,
                "days_in_period": r.days_in_period,
                "days_in_force": r.days_in_force,
                "base": None if r.base is None else format(r.base.amount, "f"),
                "rate": r.rate,
                "owed": None if r.owed is None else format(r.owed.amount, "f"),
                "currency": r.currency,
                "why": r.why,
            }
            for r in self.rows
        ]

    def to_csv(self, stream: IO[str] | None = None) -> str:
        """Write the records as CSV (to `stream` if given); return the CSV text."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=_RECORD_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.to_records())
        text_ = buffer.getvalue()
        if stream is not None:
            stream.write(text_)
        return text_

    def to_frame(self) -> pd.DataFrame:
        """[`to_records`][dealterms.Ledger.to_records] as a pandas DataFrame.

        Periods are `datetime64`; `base` and `owed` hold exact `Decimal` amounts.

        Raises:
            MissingDependencyError: if pandas is not installed (`dealterms[pandas]`).
        """
        from dealterms._frames import to_frame  # noqa: PLC0415 - pandas is optional

        return to_frame(self.to_records(), columns=_RECORD_FIELDS, feature="Ledger.to_frame")

    def _repr_html_(self) -> str:
        from dealterms._html import ledger_html  # noqa: PLC0415 - import cycle

        return ledger_html(self)

    def __repr__(self) -> str:
        from dealterms._english import ledger_repr  # noqa: PLC0415 - import cycle

        return ledger_repr(self)


def _sum(values: Iterable[Money | None]) -> Money | None:
    total: Money | None = None
    for v in values:
        if v is None:
            return None
        total = v if total is None else total + v
    return total


def _round(x: Fraction, currency: str, rule: RoundingRule) -> Decimal:
    """`x` (major units) rounded to the currency's minor unit with `rule`."""
    digits = ISO_4217_MINOR_UNITS[currency]
    exact = _WIDE.divide(Decimal(x.numerator), Decimal(x.denominator))
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=rule, context=_WIDE)


def _frac(d: Decimal) -> Fraction:
    return Fraction(d)


def _check_inputs(revenue: Iterable[RevenueInput]) -> dict[str, list[RevenueInput]]:
    by_metric: dict[str, list[RevenueInput]] = {}
    for i, r in enumerate(revenue):
        if not isinstance(r, RevenueInput):
            raise InvalidValueError(
                f"expected a RevenueInput, got {type(r).__name__} {r!r}",
                path=f"$.revenue[{i}]",
                expected="a RevenueInput",
                got=r,
            )
        by_metric.setdefault(r.metric, []).append(r)
    for metric, items in by_metric.items():
        items.sort(key=lambda r: r.start)
        currency = items[0].amount.currency
        for a, b in itertools.pairwise(items):
            if b.start <= a.end:
                raise InvalidValueError(
                    f"revenue figures for {metric!r} overlap: {a.start}…{a.end} and "
                    f"{b.start}…{b.end}",
                    path=f"$.revenue[{metric!r}]",
                    expected="figures covering disjoint runs of days",
                    got=(a.start, b.start),
                )
        for r in items:
            if r.amount.currency != currency:
                raise CurrencyMismatchError(
                    f"revenue figures for {metric!r} mix {currency} and {r.amount.currency}",
                    path=f"$.revenue[{metric!r}]",
                    expected=currency,
                    got=r.amount.currency,
                )
    return by_metric


def _overlap(a_start: date, a_end_excl: date, b_start: date, b_end_excl: date) -> int:
    return max(0, (min(a_end_excl, b_end_excl) - max(a_start, b_start)).days)


@attrs.frozen
class _Figures:
    """One metric's revenue figures, sorted and disjoint, indexed for range look-ups."""

    starts: tuple[date, ...]
    ends: tuple[date, ...]  # exclusive ends, ascending (figures are disjoint)
    amounts: tuple[Fraction, ...]
    days: tuple[int, ...]

    @classmethod
    def of(cls, inputs: Sequence[RevenueInput]) -> _Figures:
        return cls(
            starts=tuple(r.start for r in inputs),
            ends=tuple(r.end + timedelta(days=1) for r in inputs),
            amounts=tuple(_frac(r.amount.amount) for r in inputs),
            days=tuple(r.days for r in inputs),
        )


def _base(figures: _Figures, start: date, end: date) -> tuple[Fraction, int]:
    """Exact revenue over `[start, end)`, and the number of those days a figure covers."""
    total = Fraction(0)
    covered = 0
    i = bisect.bisect_right(figures.ends, start)  # the first figure ending after `start`
    while i < len(figures.starts) and figures.starts[i] < end:
        days = _overlap(start, end, figures.starts[i], figures.ends[i])
        if days:
            whole = days == figures.days[i]
            total += figures.amounts[i] if whole else figures.amounts[i] * days / figures.days[i]
            covered += days
        i += 1
    return total, covered


def _span_index(t: Timeline) -> list[tuple[Interval, dict[tuple[str, str | None], Entitlement]]]:
    """Each span with its first entitlement per (clause, amendment), for quick look-ups."""
    out = []
    for span in t.spans:
        index: dict[tuple[str, str | None], Entitlement] = {}
        for e in span.evaluation.entitlements:
            index.setdefault((e.clause, e.amendment), e)
        out.append((span.interval, index))
    return out


def _in_force_intervals(
    spans: list[tuple[Interval, dict[tuple[str, str | None], Entitlement]]], v: ClauseVersion
) -> tuple[list[Interval], str]:
    """The days the version's claim is in force, and the last `because` when it is not."""
    key = (v.clause.id, v.introduced_by.id if v.introduced_by else None)
    out: list[Interval] = []
    why_not = ""
    for interval, index in spans:
        e = index.get(key)
        if e is None:
            continue
        if e.in_force:
            if out and out[-1].end == interval.start:
                out[-1] = Interval(start=out[-1].start, end=interval.end)
            else:
                out.append(interval)
        else:
            why_not = f"{e.status.name.replace('_', ' ')}: {e.because}"
    return out, why_not


def _rate_pieces(clause: RevenueShare, start: date, end: date) -> list[tuple[date, date, Rate]]:
    """`[start, end)` cut where the clause's date-based rate changes, with each rate."""
    assert isinstance(clause.rate, Rate)
    cuts = [c for c in clause.rate_changes if start < c.effective_date < end]
    rate = clause.rate
    for c in clause.rate_changes:
        if c.effective_date <= start:
            rate = c.rate
    pieces: list[tuple[date, date, Rate]] = []
    cursor = start
    for c in cuts:
        pieces.append((cursor, c.effective_date, rate))
        cursor, rate = c.effective_date, c.rate
    pieces.append((cursor, end, rate))
    return pieces


def _describe_rate(clause: RevenueShare, supplied: Rate | None) -> str:
    if isinstance(clause.rate, Parameter):
        if supplied is not None:
            return f"{supplied.format()} (supplied for {clause.rate.name})"
        return f"undisclosed ({clause.rate.name})"
    if clause.tiers:
        steps = ", ".join(f"{t.rate.format()} above {t.above.format()}" for t in clause.tiers)
        whole = " (whole-amount basis)" if clause.tier_basis == "whole" else ""
        return f"{clause.rate.format()}; {steps}{whole}"
    if clause.rate_changes:
        steps = ", ".join(f"{c.rate.format()} from {c.effective_date}" for c in clause.rate_changes)
        return f"{clause.rate.format()}; {steps}"
    return clause.rate.format()


def _tiered(clause: RevenueShare, before: Fraction, base: Fraction) -> Fraction:
    """The tiers' charge on the cumulative base moving from `before` to `before + base`."""
    table = clause.tier_table()
    assert table is not None
    return table.between(before, before + base)


def ledger(
    deal: Deal | Scenario,
    revenue: Iterable[RevenueInput],
    start: date | str,
    end: date | str,
    *,
    rates: Mapping[str, Rate] | None = None,
    rounding: RoundingRule = "ROUND_HALF_EVEN",
) -> Ledger:
    """Compute what each revenue-share clause owes, period by period (see the module doc).

    Args:
        deal: The deal, or a [`Scenario`][dealterms.Scenario] (its what-ifs, facts and
            events decide when each share is in force).
        revenue: The base metrics' revenue figures; for each metric they must not overlap
            and must share one currency.
        start: The first day of the ledger.
        end: The last day (inclusive).
        rates: Values for undisclosed rates, by parameter name
            (`{"microsoft.revenue_share_rate": Rate.parse("10%")}`).
        rounding: The `decimal` rounding rule for the minor unit.

    Returns:
        The [`Ledger`][dealterms.Ledger].

    Raises:
        InvalidValueError: for a bad range, overlapping or malformed revenue figures, or an
            unknown rounding rule.
        CurrencyMismatchError: for figures of one metric in several currencies, or a cap,
            minimum or tier in another currency than the base.

    Example:
        >>> from dealterms.examples import microsoft_openai
        >>> q1 = RevenueInput(
        ...     metric="openai.revenue", start="2025-01-01", end="2025-03-31",
        ...     amount="1000000000 USD",
        ... )
        >>> book = ledger(microsoft_openai(), [q1], "2025-01-01", "2025-03-31")
        >>> book.total("revenue-share-to-microsoft")
        Money(amount=Decimal('200000000.00'), currency='USD')
    """
    if not isinstance(rounding, str) or rounding not in _ROUNDING:
        raise InvalidValueError(
            f"unknown rounding rule {rounding!r}",
            path="rounding",
            expected=" | ".join(sorted(_ROUNDING)),
            got=rounding,
        )
    s, e = check_range(start, end)
    if not isinstance(deal, Deal | Scenario):
        raise InvalidValueError(
            f"expected a Deal or a Scenario, got {type(deal).__name__}",
            expected="a Deal or a Scenario",
            got=deal,
        )
    scenario = deal if isinstance(deal, Scenario) else Scenario(id="ledger", deal=deal)
    if not isinstance(revenue, Iterable) or isinstance(revenue, str | bytes):  # type: ignore[unreachable]
        raise InvalidValueError(
            f"revenue must be a sequence of RevenueInput, got {type(revenue).__name__}",
            path="$.revenue",
            expected="a list of RevenueInput",
            got=revenue,
        )
    if rates is not None and not isinstance(rates, Mapping):
        raise InvalidValueError(
            f"rates must be a mapping of parameter name to Rate, got {type(rates).__name__}",
            path="rates",
            expected="a dict of name to Rate",
            got=rates,
        )
    inputs = _check_inputs(revenue)
    known = dict(rates or {})
    for name, r in known.items():
        if not isinstance(r, Rate):
            raise InvalidValueError(
                f"rates[{name!r}] must be a Rate, got {type(r).__name__}",
                path=f"rates[{name!r}]",
                expected="a Rate",
                got=r,
            )
    t = timeline(scenario, s, e)
    variant = scenario.variant
    if scenario.known_on is not None:
        variant = variant.as_known_on(scenario.known_on)
    shares = [v.clause for v in variant.history if isinstance(v.clause, RevenueShare)]
    bases = {c.base for c in shares}
    for metric in inputs:
        if metric not in bases:
            raise UnknownReferenceError(
                f"revenue figures for {metric!r}, which no revenue share of the deal reads "
                f"(bases: {', '.join(sorted(bases)) or 'none'})",
                path=f"$.revenue[{metric!r}]",
                expected="the base metric of a revenue share",
                got=metric,
            )
    parameters = {c.rate.name for c in shares if isinstance(c.rate, Parameter)}
    for name in known:
        if name not in parameters:
            raise UnknownReferenceError(
                f"rates[{name!r}] names no undisclosed rate of the deal (undisclosed: "
                f"{', '.join(sorted(parameters)) or 'none'})",
                path=f"rates[{name!r}]",
                expected="the name of a rate Parameter",
                got=name,
            )
    rows: list[LedgerRow] = []
    spans = _span_index(t)
    versions = sorted(
        (v for v in variant.history if isinstance(v.clause, RevenueShare)),
        key=lambda v: (v.clause.id, v.start),
    )
    for v in versions:
        clause = v.clause
        assert isinstance(clause, RevenueShare)
        rows += _stream(
            v=v,
            spans=spans,
            inputs=inputs.get(clause.base, []),
            start=s,
            end=e,
            rates=known,
            rounding=rounding,
        )
    return Ledger(start=s, end=e, rounding=rounding, rows=tuple(rows))


_ROUNDING = {
    "ROUND_HALF_EVEN",
    "ROUND_HALF_UP",
    "ROUND_HALF_DOWN",
    "ROUND_UP",
    "ROUND_DOWN",
    "ROUND_CEILING",
    "ROUND_FLOOR",
    "ROUND_05UP",
}


def _stream(
    *,
    v: ClauseVersion,
    spans: list[tuple[Interval, dict[tuple[str, str | None], Entitlement]]],
    inputs: Sequence[RevenueInput],
    start: date,
    end: date,
    rates: Mapping[str, Rate],
    rounding: RoundingRule,
) -> list[LedgerRow]:
    clause = v.clause
    assert isinstance(clause, RevenueShare)
    in_force, why_not = _in_force_intervals(spans, v)
    if not in_force:
        return []
    figures = _Figures.of(inputs)
    after = end + timedelta(days=1)
    currency = (
        inputs[0].amount.currency
        if inputs
        else (
            clause.cap.currency
            if clause.cap
            else clause.minimum_annual.currency
            if clause.minimum_annual
            else "USD"
        )
    )
    for name, m in (("cap", clause.cap), ("minimum_annual", clause.minimum_annual)):
        if m is not None and m.currency != currency:
            raise CurrencyMismatchError(
                f"clause {clause.id}: {name} is in {m.currency} but {clause.base} is in {currency}",
                path=f"$.clauses[{clause.id!r}].{name}",
                expected=currency,
                got=m.currency,
            )
    rate: Rate | None
    rate = rates.get(clause.rate.name) if isinstance(clause.rate, Parameter) else clause.rate
    bounds = _boundaries(clause.period, clause.year_start_month, start, after)
    first_day, last_day = in_force[0].start, in_force[-1].end or after
    raw: list[dict[str, Any]] = []
    cumulative_base = Fraction(0)
    stopped = False
    for a, b in itertools.pairwise(bounds):
        pa, pb = max(a, start), min(b, after)
        if pb <= pa:
            continue
        pieces = [
            (max(pa, i.start), min(pb, i.end or after))
            for i in in_force
            if max(pa, i.start) < min(pb, i.end or after)
        ]
        if not pieces:
            if pa >= last_day and not stopped and pa >= first_day:
                stopped = True
                raw.append(
                    _raw(
                        pa=pa,
                        pb=pb,
                        days=0,
                        base=Fraction(0),
                        covered=0,
                        owed=Fraction(0),
                        why=f"stopped applying — {why_not}",
                    )
                )
            continue
        row = _period(clause, pieces, figures, rate, cumulative_base, pa, pb)
        cumulative_base += row["base"]
        raw.append(row)
    _apply_minimum(clause, raw, start, after)
    _apply_cap(clause, raw)
    return _rounded_rows(v, clause, raw, currency, rounding, _describe_rate(clause, rate))


def _period(  # noqa: PLR0917 - a private step of _stream
    clause: RevenueShare,
    pieces: list[tuple[date, date]],
    figures: _Figures,
    rate: Rate | None,
    cumulative_base: Fraction,
    pa: date,
    pb: date,
) -> dict[str, Any]:
    """One period's exact base and amount owed, over the runs of days in force `pieces`."""
    days = sum((y - x).days for x, y in pieces)
    base = Fraction(0)
    covered = 0
    owed: Fraction | None = Fraction(0)
    for x, y in pieces:
        if rate is None:
            piece_base, piece_cov = _base(figures, x, y)
            base += piece_base
            covered += piece_cov
            owed = None
        elif clause.tiers:
            piece_base, piece_cov = _base(figures, x, y)
            if owed is not None:
                owed += _tiered(clause, cumulative_base + base, piece_base)
            base += piece_base
            covered += piece_cov
        else:
            cuts = _rate_pieces(clause, x, y) if clause.rate_changes else [(x, y, rate)]
            for cx, cy, r in cuts:
                piece_base, piece_cov = _base(figures, cx, cy)
                if owed is not None:
                    owed += piece_base * _frac(r.value)
                base += piece_base
                covered += piece_cov
    notes = []
    if days < (pb - pa).days:
        notes.append(f"in force {days} of {(pb - pa).days} days")
    if covered < days:
        notes.append(f"revenue figures cover {covered} of {days} days in force")
    if rate is None:
        assert isinstance(clause.rate, Parameter)
        notes.append(
            f"rate not disclosed; supply it: --rate {clause.rate.name}=RATE on the command "
            f"line, rates={{{clause.rate.name!r}: Rate(...)}} in Python"
        )
    why = "in force" + (f" ({'; '.join(notes)})" if notes else "")
    return _raw(pa=pa, pb=pb, days=days, base=base, covered=covered, owed=owed, why=why)


@functools.lru_cache(maxsize=256)
def _boundaries(period: str, year_start_month: int, start: date, after: date) -> tuple[date, ...]:
    return tuple(period_boundaries(period, year_start_month, start, after))


def _raw(
    *,
    pa: date,
    pb: date,
    days: int,
    base: Fraction,
    covered: int,
    owed: Fraction | None,
    why: str,
) -> dict[str, Any]:
    return {
        "start": pa,
        "end": pb,
        "days": days,
        "base": base,
        "covered": covered,
        "owed": owed,
        "why": why,
    }


def _apply_minimum(
    clause: RevenueShare, raw: list[dict[str, Any]], start: date, after: date
) -> None:
    if clause.minimum_annual is None or not raw:
        return
    minimum = _frac(clause.minimum_annual.amount)
    years = period_boundaries("yearly", clause.year_start_month, start, after)
    for ya, yb in itertools.pairwise(years):
        members = [r for r in raw if ya <= r["start"] < yb]
        if not members or any(r["owed"] is None for r in members):
            continue
        days = sum(r["days"] for r in members)
        if days == 0:
            continue
        due = minimum * days / (yb - ya).days
        paid = sum((r["owed"] for r in members), Fraction(0))
        if paid < due:
            last = members[-1]
            last["owed"] = last["owed"] + (due - paid)
            prorated = "" if days == (yb - ya).days else f", prorated {days}/{(yb - ya).days} days"
            last["why"] += (
                f"; minimum annual payment {clause.minimum_annual.format()} for the year "
                f"from {ya}{prorated}: topped up"
            )


def _apply_cap(clause: RevenueShare, raw: list[dict[str, Any]]) -> None:
    if clause.cap is None:
        return
    cap = _frac(clause.cap.amount)
    paid = Fraction(0)
    for r in raw:
        if r["owed"] is None:
            return
        room = cap - paid
        if r["owed"] >= room:
            if paid < cap:
                r["why"] += f"; cap {clause.cap.format()} reached: paid partially"
            elif r["owed"] > 0:
                r["why"] += f"; cap {clause.cap.format()} already reached"
            r["owed"] = max(room, Fraction(0))
        paid += r["owed"]


def _rounded_rows(  # noqa: PLR0917 - a private step of _stream
    v: ClauseVersion,
    clause: RevenueShare,
    raw: list[dict[str, Any]],
    currency: str,
    rounding: RoundingRule,
    rate_text: str,
) -> list[LedgerRow]:
    rows: list[LedgerRow] = []
    exact_total = Fraction(0)
    rounded_before = Decimal(0)
    for r in raw:
        owed_money: Money | None = None
        if r["owed"] is not None:
            exact_total += r["owed"]
            rounded_now = _round(exact_total, currency, rounding)
            # computed amounts: exact, no need to re-check the input bounds
            owed_money = unchecked_money(rounded_now - rounded_before, currency)
            rounded_before = rounded_now
        base_money = (
            unchecked_money(_round(r["base"], currency, rounding), currency)
            if r["covered"] or r["days"] == 0
            else None
        )
        rows.append(
            LedgerRow(
                clause=clause.id,
                amendment=v.introduced_by.id if v.introduced_by else None,
                payer=clause.payer,
                payee=clause.payee,
                period=Interval(start=r["start"], end=r["end"]),
                days_in_period=(r["end"] - r["start"]).days,
                days_in_force=r["days"],
                base=base_money,
                base_exact=r["base"],
                rate=rate_text,
                owed=owed_money,
                owed_exact=r["owed"],
                currency=currency,
                why=r["why"],
            )
        )
    return rows
