"""After the term: tail payments and post-termination services.

Both clause kinds compute periods that start when the term ends. Whether a clause's
positions survive the end of the deal in `evaluate()` is decided by the survival rules,
not here: these classes compute and expose the periods.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import ClassVar, Literal, TypeAlias, get_args

import attrs
from dateutil.relativedelta import relativedelta

from dealterms._checks import choice, text
from dealterms._entitlement import Position, Relation
from dealterms._money import Money
from dealterms._party import check_id
from dealterms._time import END_OF_RANGE, LAST_DATE, Duration, Interval, add_unchecked, parse_date
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase, distinct_parties
from .fields import duration, duration_words

__all__ = [
    "FeeBasis",
    "PostTerminationPeriod",
    "PostTerminationServices",
    "TailPayment",
    "TailPeriod",
    "TerminationCause",
]

TerminationCause: TypeAlias = Literal[
    "expiry", "without_cause", "breach", "change_of_control", "insolvency"
]
"""Why the term ended: it ran out (`"expiry"`), a party terminated without cause (for
convenience), for the other's breach, because of a change of control, or for insolvency."""

FeeBasis: TypeAlias = Literal["per_month", "fixed"]
"""How a post-termination fee is stated: per month of service, or one fixed amount."""

PAY_TAIL = "pay-tail-royalties"
"""The action id of the payee's claim to the tail payments."""
PROVIDE_SERVICES = "provide-post-termination-services"
"""The action id of the recipient's claim to post-termination services."""
PAY_SERVICE_FEES = "pay-post-termination-fees"
"""The action id of the provider's claim to the fees for those services."""

_MAX_QUARTERS = 400


def _quarters(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_QUARTERS:
        raise InvalidValueError(
            f"quarters must be a whole number from 1 to {_MAX_QUARTERS}, got {value!r}",
            path="$.quarters",
            expected=f"an int from 1 to {_MAX_QUARTERS}",
            got=value,
        )
    return value


def _causes(value: object) -> tuple[TerminationCause, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValueError(
            f"shortened_for must be a list of termination causes, got {value!r}",
            path="$.shortened_for",
            expected="a list of " + " | ".join(get_args(TerminationCause)),
            got=value,
        )
    out = [
        choice(v, get_args(TerminationCause), f"shortened_for[{i}]") for i, v in enumerate(value)
    ]
    return tuple(out)  # type: ignore[arg-type]


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start: date) -> str:
    """The calendar quarter starting on `start`, as `"2025-Q2"`."""
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


@attrs.frozen(kw_only=True)
class TailPeriod:
    """The calendar quarters of a tail after the term.

    Attributes:
        quarters: The tail's calendar quarters, each a half-open
            [`Interval`][dealterms.Interval], in order (empty for a tail cut to zero).
        uncut: The clause's number of quarters before any cut.
        full_quarters_in_term: The calendar quarters wholly inside the term.
        shortened: Whether the cut applied.
        because: How the tail follows, in words.
    """

    quarters: tuple[Interval, ...]
    uncut: int
    full_quarters_in_term: int
    shortened: bool
    because: str

    @property
    def count(self) -> int:
        """The number of quarters in the tail."""
        return len(self.quarters)

    def labels(self) -> tuple[str, ...]:
        """The quarters as `"2025-Q2"` labels."""
        return tuple(quarter_label(q.start) for q in self.quarters)


@attrs.frozen(kw_only=True)
class TailPayment(ClauseBase):
    """Tail payments: royalties that go on for a number of calendar quarters after the term.

    The tail starts with the first full calendar quarter after the term's last day and
    lasts `quarters` quarters. When the term ends for a cause in `shortened_for`, the tail
    is cut to the number of full calendar quarters completed during the term, if that is
    fewer. Quarter arithmetic uses `dateutil.relativedelta` (calendar quarters start on
    1 January, April, July and October).

    Confers the payee's **claim** to the tail payments. The payments fall due after the
    term ends; [`tail`][dealterms.TailPayment.tail] computes when.

    Attributes:
        payer: Party id who pays the royalties.
        payee: Party id who receives them.
        quarters: The tail's length in calendar quarters (1 to 400).
        shortened_for: The termination causes that cut the tail
            ([`TerminationCause`][dealterms.TerminationCause]), e.g.
            `("without_cause", "change_of_control")`.

    Raises:
        InvalidValueError: for malformed ids, a quarter count out of range, an unknown
            cause, or one party on both sides.

    Source: CUAD "Revenue/Profit Sharing" and "Post-Termination Services"; public case #39.

    Example:
        >>> tail = TailPayment(
        ...     id="tail", payer="a", payee="b", quarters=12,
        ...     shortened_for=("without_cause", "change_of_control"),
        ... )
        >>> t = tail.tail(term_start="2020-01-15", last_day="2021-08-10", cause="without_cause")
        >>> t.labels()
        ('2021-Q4', '2022-Q1', '2022-Q2', '2022-Q3', '2022-Q4')
    """

    kind: ClassVar[str] = "tail_payment"
    builtin_actions: ClassVar[dict[str, Relation]] = {PAY_TAIL: Relation.CLAIM}
    payer: str = attrs.field(converter=check_id)
    payee: str = attrs.field(converter=check_id)
    quarters: int = attrs.field(converter=_quarters)
    shortened_for: tuple[TerminationCause, ...] = attrs.field(default=(), converter=_causes)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "payer", self.payer
        yield "payee", self.payee

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.payer, self.payee, ("payer", "payee"))

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.payee,
                counterparty=self.payer,
                action=PAY_TAIL,
                template="{counterparty} owes {holder} royalties for "
                f"{self.quarters} calendar quarters after the term",
            ),
        )

    def tail(
        self, *, term_start: date | str, last_day: date | str, cause: TerminationCause
    ) -> TailPeriod:
        """The tail's calendar quarters for a term from `term_start` through `last_day`.

        Args:
            term_start: The first day of the term.
            last_day: The last day of the term (inclusive), however it ended.
            cause: Why the term ended ([`TerminationCause`][dealterms.TerminationCause]).

        Returns:
            A [`TailPeriod`][dealterms.TailPeriod].

        Raises:
            InvalidValueError: for malformed dates, `last_day` before `term_start`, or an
                unknown cause.
        """
        start = parse_date(term_start, path="term_start")
        last = parse_date(last_day, path="last_day")
        why = choice(cause, get_args(TerminationCause), "cause")
        if last < start:
            raise InvalidValueError(
                f"last_day={last} is before term_start={start}",
                path="last_day",
                expected=f"a day on or after {start}",
                got=last,
            )
        step = relativedelta(months=3)
        first_full = _quarter_start(start)
        if first_full < start:
            first_full += step
        full = 0
        q = first_full
        while q + step <= last + timedelta(days=1):
            full += 1
            q += step
        shortened = why in self.shortened_for and full < self.quarters
        count = full if shortened else self.quarters
        begin = _quarter_start(last) + step  # the first quarter starting after `last`
        try:
            periods = tuple(
                Interval(start=begin + relativedelta(months=3 * i), end=begin + step * (i + 1))
                for i in range(count)
            )
        except (OverflowError, ValueError):  # past the last date dealterms accepts
            raise InvalidValueError(
                f"a tail of {count} quarters after {last} reaches past the last supported date",
                path="last_day",
                expected="an earlier last day",
                got=last,
            ) from None
        text_ = f"term [{start}, {last}] has {full} full calendar quarters; ended by {why}"
        if shortened:
            text_ += f", which cuts the tail from {self.quarters} to {full} quarters"
        elif why in self.shortened_for:
            text_ += f"; the cut does not shorten the {self.quarters}-quarter tail"
        else:
            text_ += f", which does not cut the tail: {self.quarters} quarters"
        if periods:
            text_ += (
                f"; tail {quarter_label(periods[0].start)} through "
                f"{quarter_label(periods[-1].start)}"
            )
        return TailPeriod(
            quarters=periods,
            uncut=self.quarters,
            full_quarters_in_term=full,
            shortened=shortened,
            because=text_,
        )


def _fee(value: object) -> Money | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = Money.parse(value)
        except InvalidValueError as e:
            raise e.at("$.fee") from None
    if not isinstance(value, Money):
        raise InvalidValueError(
            f"fee must be Money or None, got {type(value).__name__} {value!r}",
            path="$.fee",
            expected="Money such as '25000 USD'",
            got=value,
        )
    if value.amount <= 0:  # free services state no fee (None) rather than a zero fee
        raise InvalidValueError(
            f"fee must be > 0, got {value.format()}; leave it out (None) for free services",
            path="$.fee",
            expected="Money > 0, or None for no fee",
            got=value.format(),
        )
    return value


def _fee_basis(value: object) -> FeeBasis:
    return choice(value, get_args(FeeBasis), "fee_basis")  # type: ignore[return-value]


def _services(value: object) -> str:
    return text(value, "services")


def _service_period(value: object) -> Duration:
    return duration(value, "period")


@attrs.frozen(kw_only=True)
class PostTerminationPeriod:
    """When post-termination services run, and what they cost.

    Attributes:
        period: The days of service, `[first day after the term, end)`.
        fees: The fees for the whole period (exact, in the fee's currency), or `None`.
        because: How the figures follow, in words.
    """

    period: Interval
    fees: Money | None
    because: str


@attrs.frozen(kw_only=True)
class PostTerminationServices(ClauseBase):
    """Post-termination (transition) services for a period after the term ends.

    The services run from the day after the term's last day for `period`
    (`dateutil.relativedelta` rules). Fees are `fee` per month of `period` (whole months
    only) or one fixed `fee`; no rounding is needed (a whole number of months times an
    exact amount).

    Confers the recipient's **claim** to the services and, with a fee, the provider's
    **claim** to the fee. These run after the term:
    [`after`][dealterms.PostTerminationServices.after] computes the period; keeping the
    positions in force after the deal ends is the job of the survival rules.

    Attributes:
        provider: Party id who provides the services.
        recipient: Party id who receives them.
        services: What is provided, in words (`"transition services"`).
        period: How long after the term (`"P6M"`).
        fee: The fee, [`Money`][dealterms.Money] > 0, or `None` (no fee: free services).
        fee_basis: `"per_month"` (default) or `"fixed"` ([`FeeBasis`][dealterms.FeeBasis]).

    Raises:
        InvalidValueError: for malformed ids, text, periods or money, a fee that is not
            > 0, one party on both sides, or a monthly fee with a period that is not whole
            months.

    Source: CUAD "Post-Termination Services".

    Example:
        >>> pts = PostTerminationServices(
        ...     id="transition", provider="vendor", recipient="customer",
        ...     services="transition services", period="P6M", fee="25000 USD",
        ... )
        >>> p = pts.after(last_day="2025-03-31")
        >>> str(p.period), p.fees.format()
        ('[2025-04-01, 2025-10-01)', '150000 USD')
    """

    kind: ClassVar[str] = "post_termination_services"
    builtin_actions: ClassVar[dict[str, Relation]] = {
        PROVIDE_SERVICES: Relation.CLAIM,
        PAY_SERVICE_FEES: Relation.CLAIM,
    }
    provider: str = attrs.field(converter=check_id)
    recipient: str = attrs.field(converter=check_id)
    services: str = attrs.field(converter=_services)
    period: Duration = attrs.field(converter=_service_period)
    fee: Money | None = attrs.field(default=None, converter=_fee)
    fee_basis: FeeBasis = attrs.field(default="per_month", converter=_fee_basis)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "provider", self.provider
        yield "recipient", self.recipient

    def problems(self) -> list[InvalidValueError]:
        problems = distinct_parties(self.provider, self.recipient, ("provider", "recipient"))
        p = self.period
        if self.fee is not None and self.fee_basis == "per_month" and (p.weeks or p.days):
            problems.append(
                InvalidValueError(
                    f"a monthly fee needs a period of whole months, got {p.format()}",
                    path="$.period",
                    expected="years and months only, e.g. 'P6M'",
                    got=p.format(),
                )
            )
        return problems

    def positions(self) -> tuple[Position, ...]:
        out = [
            Position(
                relation=Relation.CLAIM,
                holder=self.recipient,
                counterparty=self.provider,
                action=PROVIDE_SERVICES,
                template="{counterparty} must provide {holder} with "
                f"{self.services} for {duration_words(self.period)} after the term",
            )
        ]
        if self.fee is not None:
            per = " per month" if self.fee_basis == "per_month" else ""
            out.append(
                Position(
                    relation=Relation.CLAIM,
                    holder=self.provider,
                    counterparty=self.recipient,
                    action=PAY_SERVICE_FEES,
                    template="{counterparty} owes {holder} "
                    f"{self.fee.format()}{per} for {self.services} after the term",
                )
            )
        return tuple(out)

    def after(self, *, last_day: date | str) -> PostTerminationPeriod:
        """The service period and fees for a term whose last day is `last_day`.

        Raises:
            InvalidValueError: for a malformed date, or a period past the last date.
        """
        last = parse_date(last_day, path="last_day")
        start = last + timedelta(days=1)
        end = add_unchecked(self.period, start)
        if end > END_OF_RANGE:  # a period may end on END_OF_RANGE: through LAST_DATE
            raise InvalidValueError(
                f"services for {duration_words(self.period)} after {last} run past "
                f"{LAST_DATE}, the last supported date",
                path="last_day",
                expected=f"a period that ends by {LAST_DATE}",
                got=last,
            )
        fees: Money | None = None
        why = f"{self.services} from {start} for {duration_words(self.period)}, until {end}"
        if self.fee is not None:
            months = self.period.years * 12 + self.period.months
            n = months if self.fee_basis == "per_month" else 1
            fees = self.fee * n  # exact: Money arithmetic runs in the wide context
            if self.fee_basis == "per_month":
                why += f"; fees {months} months × {self.fee.format()} = {fees.format()}"
            else:
                why += f"; a fixed fee of {fees.format()}"
        return PostTerminationPeriod(period=Interval(start=start, end=end), fees=fees, because=why)
