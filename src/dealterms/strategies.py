"""Hypothesis strategies for dealterms values: parties, conditions, clauses, deals and states.

Use them to test code built on dealterms (or dealterms itself) with generated deals:

    from hypothesis import given, strategies as st
    from dealterms import evaluate, strategies as dts

    @given(st.data())
    def test_my_report_never_fails(data):
        deal = data.draw(dts.deals())
        state = data.draw(dts.states(deal))
        my_report(evaluate(deal, state))

This module needs Hypothesis (`pip install hypothesis`); `import dealterms` never imports
it. The strategies follow Hypothesis' own conventions: plural nouns, keyword-only
arguments with Hypothesis' shared names (`min_size`-style bounds, `max_leaves`), argument
errors raised eagerly as `hypothesis.errors.InvalidArgument`, and shrinking toward the
simplest value (few clauses, no term of their own, no conditions, no amendments, small
numbers, early dates).

Facts are described by a *schema*: a mapping from a fact's name to its kind, one of
`"declaration"` (a `bool`), `"number"` (a plain `Decimal`) or an ISO 4217 currency code
such as `"USD"` (money in that currency). Every condition drawn with one schema reads each
fact with one type (and currency), so the conditions of one generated deal are consistent.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final, Literal, TypeAlias, cast, get_args

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from dealterms import (
    AcceptanceOfDelivery,
    Action,
    AddClause,
    AllOf,
    Amendment,
    AnyOf,
    AtLeast,
    AtMost,
    Before,
    BusinessCalendar,
    CarveOut,
    Change,
    ChangeOfControl,
    Clause,
    Condition,
    ConversionRight,
    Deadline,
    Deal,
    Declared,
    Deliverable,
    Duration,
    EquityStake,
    Event,
    Exclusivity,
    Fact,
    FactValue,
    GovernanceRight,
    Happened,
    InstalmentSale,
    InState,
    Latched,
    LessThan,
    License,
    LiquidatedDamages,
    MinimumCommitment,
    Money,
    MoreThan,
    MostFavouredNation,
    NonCompete,
    NonSolicit,
    Not,
    Obligation,
    Observation,
    OnOrAfter,
    Parameter,
    Party,
    PerishableGoodsPrice,
    Permission,
    PostTerminationServices,
    Power,
    PriceRestriction,
    Rate,
    RateChange,
    RemoveClause,
    Renewal,
    ReplaceClause,
    ResponseWindow,
    RevenueShare,
    RightOfFirstNegotiation,
    RightOfFirstOffer,
    RightOfFirstRefusal,
    ScheduledMinimum,
    SecurityDeposit,
    SensorRange,
    Series,
    ServiceCredit,
    ServiceLevel,
    SourceCodeEscrow,
    State,
    Survival,
    TailPayment,
    Term,
    TerminationNotice,
    TerminationRight,
    Tier,
    Trigger,
    UsageBilling,
    VolumeRestriction,
    Weekday,
)
from dealterms._clauses.obligation import event_fields
from dealterms._state import AnyEvent

__all__ = ["clauses", "conditions", "deals", "parties", "states"]

_DEFAULT_FACTS: Final[Mapping[str, str]] = {
    "approved": "declaration",
    "profit": "USD",
    "users": "number",
}
_DEFAULT_EVENTS: Final = ("signed",)
_CONSTANTS: Final[tuple[Condition, ...]] = (AllOf(conditions=()), AnyOf(conditions=()))
_DEFAULT_PARTIES: Final = ("alpha", "beta")
_DEFAULT_ACTIONS: Final = ("act",)
_FIRST_DAY: Final = date(2, 1, 1)  # the range of dates dealterms accepts
_LAST_DAY: Final = date(9998, 12, 31)
_FIRST_START: Final = date(4, 1, 1)  # deals draw dates up to a year before their start
_LAST_START: Final = date(9958, 12, 31)  # terms, renewals and amendments reach decades on
_MIN_DATE: Final = date(2000, 1, 1)
_MAX_DATE: Final = date(2040, 12, 31)
_ID_PATTERN: Final = r"[a-z0-9](?:[a-z0-9._-]{0,6}[a-z0-9])?"

_Threshold: TypeAlias = AtLeast | MoreThan | AtMost | LessThan
_THRESHOLD_TYPES: Final[tuple[type[_Threshold], ...]] = (AtLeast, MoreThan, AtMost, LessThan)
_KINDS: Final = (
    "exclusivity",
    "permission",
    "license",
    "right_of_first_refusal",
    "right_of_first_offer",
    "right_of_first_negotiation",
    "revenue_share",
    "equity_stake",
    "governance_right",
    "liquidated_damages",
    "termination_right",
    "change_of_control",
    "tail_payment",
    "post_termination_services",
    "instalment_sale",
    "perishable_goods_price",
    "security_deposit",
    "conversion_right",
    "acceptance_of_delivery",
    "service_credit",
    "minimum_commitment",
    "volume_restriction",
    "most_favoured_nation",
    "price_restriction",
    "obligation",
    "power",
    "trigger",
    "non_compete",
    "non_solicit",
    "survival",
    "carve_out",
    "source_code_escrow",
    "usage_billing",
)
_REGIONS: Final = ("US", "EU", "CA", "JP")
_FIRST_RIGHTS: Final[
    Mapping[str, type[RightOfFirstRefusal | RightOfFirstOffer | RightOfFirstNegotiation]]
] = {
    "right_of_first_refusal": RightOfFirstRefusal,
    "right_of_first_offer": RightOfFirstOffer,
    "right_of_first_negotiation": RightOfFirstNegotiation,
}
_PERIODS: Final[tuple[Literal["monthly", "quarterly", "yearly"], ...]] = (
    "monthly",
    "quarterly",
    "yearly",
)

# Deals are drawn in a fixed frame of dates and then moved to their effective date, so the
# (costly to build) strategies for conditions and terms are built once per `deals()` call.
_EPOCH: Final = date(2001, 1, 1)
_BEFORE: Final = 366  # days before the effective date that conditions and clause terms reach
_HORIZON: Final = 3660  # days after the effective date that dates are drawn within


# ---------------------------------------------------------------------------------------
# Argument validation (eager, as Hypothesis' own strategies do).


def _check_size(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgument(f"{name}={value!r} must be an int >= {minimum}")
    return value


_MAX_LEAVES: Final = 24  # deeper trees could pass the evaluator's nesting limit


def _check_leaves(max_leaves: object) -> None:
    _check_size("max_leaves", max_leaves, 1)
    if isinstance(max_leaves, int) and max_leaves > _MAX_LEAVES:
        raise InvalidArgument(f"max_leaves={max_leaves} must be at most {_MAX_LEAVES}")


def _check_facts(facts: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(facts, Mapping):
        raise InvalidArgument(f"facts={facts!r} must be a mapping of fact name to kind")
    checked: dict[str, str] = {}
    for name, kind in facts.items():
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            raise InvalidArgument(f"fact name {name!r} must be non-empty, without spaces around")
        if kind not in ("declaration", "number") and not _is_currency(kind):
            raise InvalidArgument(
                f"facts[{name!r}]={kind!r} must be 'declaration', 'number' or an ISO 4217 "
                "currency code such as 'USD'"
            )
        checked[name] = kind
    return checked


def _is_currency(code: object) -> bool:
    try:
        Money(amount=0, currency=code)  # type: ignore[arg-type]
    except ValueError:
        return False
    return True


def _check_names(name: str, values: Sequence[str], *, ids: bool, min_size: int) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise InvalidArgument(f"{name}={values!r} must be a sequence of names")
    items = tuple(values)
    for v in items:
        if not isinstance(v, str) or not v.strip() or v != v.strip():
            raise InvalidArgument(f"{name} contains {v!r}, which is not a name")
        if ids:
            try:
                Party(id=v, name=v)
            except ValueError as e:
                raise InvalidArgument(f"{name} contains {v!r}, which is not an id: {e}") from None
    if len(set(items)) < min_size:
        raise InvalidArgument(f"{name}={values!r} needs at least {min_size} distinct names")
    return tuple(dict.fromkeys(items))


def _check_dates(
    min_date: date, max_date: date, *, first: date = _FIRST_DAY, last: date = _LAST_DAY
) -> None:
    for name, value in (("min_date", min_date), ("max_date", max_date)):
        if not isinstance(value, date):
            raise InvalidArgument(f"{name}={value!r} must be a datetime.date")
    if min_date > max_date:
        raise InvalidArgument(f"min_date={min_date} is after max_date={max_date}")
    if min_date < first or max_date > last:
        raise InvalidArgument(
            f"min_date={min_date} and max_date={max_date} must lie within {first} through "
            f"{last} (dealterms' dates run from {_FIRST_DAY} through {_LAST_DAY})"
        )


# ---------------------------------------------------------------------------------------
# Building blocks (built once; Hypothesis strategies are immutable).


@functools.cache
def _ids() -> st.SearchStrategy[str]:
    return st.from_regex(_ID_PATTERN, fullmatch=True)


@functools.cache
def _texts() -> st.SearchStrategy[str]:
    return st.text(min_size=1, max_size=16).filter(str.strip)


@functools.cache
def _amounts() -> st.SearchStrategy[Decimal]:
    """Decimals that shrink toward 0: often round, else small integers or cents."""
    return st.one_of(
        st.sampled_from(tuple(map(Decimal, (0, 1, 10, 100)))),
        st.integers(min_value=0, max_value=100).map(Decimal),
        st.decimals(
            min_value=Decimal(-1000),
            max_value=Decimal(1000),
            places=2,
            allow_nan=False,
            allow_infinity=False,
        ),
    )


@functools.cache
def _thresholds(kind: str) -> st.SearchStrategy[Decimal | Money]:
    if kind == "number":
        return _amounts()
    return _moneys(kind, _amounts())


def _moneys(currency: str, amounts: st.SearchStrategy[Decimal]) -> st.SearchStrategy[Money]:
    # `builds` (not `map`) so that failing examples print as `Money(amount=…, currency=…)`.
    return st.builds(Money, amount=amounts, currency=st.just(currency))


@functools.cache
def _sizes() -> st.SearchStrategy[Decimal]:
    return _amounts().map(abs)


@functools.cache
def _rates_only() -> st.SearchStrategy[Rate]:
    fractions = st.decimals(min_value=0, max_value=1, places=2)
    return st.builds(Rate, value=fractions)


@functools.cache
def _rates() -> st.SearchStrategy[Rate | Parameter]:
    names = st.from_regex(r"rate\.[a-z0-9]{1,6}", fullmatch=True)
    return st.one_of(_rates_only(), st.builds(Parameter, name=names))


@functools.cache
def _windows() -> st.SearchStrategy[ResponseWindow]:
    calendar_days = st.builds(
        ResponseWindow,
        days=st.integers(1, 90),
        count=st.just("calendar"),
        last_day_counts=st.booleans(),
    )
    business_days = st.builds(
        ResponseWindow,
        days=st.integers(1, 90),
        count=st.just("business"),
        last_day_counts=st.booleans(),
        calendar=st.none() | _calendars(),
    )
    return calendar_days | business_days


@functools.cache
def _calendars() -> st.SearchStrategy[BusinessCalendar]:
    """Business calendars with listed holidays (no country: drawing stays fast)."""
    return st.builds(
        BusinessCalendar,
        weekend=st.lists(st.sampled_from(get_args(Weekday)), max_size=3, unique=True).map(tuple),
        holidays=st.lists(st.dates(_MIN_DATE, _MAX_DATE), max_size=5).map(tuple),
    )


@st.composite
def _durations(draw: st.DrawFn) -> Duration:
    years, months, weeks, days = (draw(st.integers(0, n)) for n in (2, 11, 4, 40))
    if not (years or months or weeks or days):
        days = 1
    return Duration(years=years, months=months, weeks=weeks, days=days)


@st.composite
def _terms(draw: st.DrawFn, *, min_date: date, max_date: date) -> Term:
    effective = draw(st.dates(min_value=min_date, max_value=max_date))
    if not draw(st.booleans()):
        return Term(effective_date=effective)
    inclusive = draw(st.booleans())
    length = draw(st.integers(min_value=0 if inclusive else 1, max_value=_HORIZON))
    expiry = effective + timedelta(days=length)
    renewal = None
    if draw(st.booleans()):
        renewal = Renewal(
            period=draw(_durations()),
            times=draw(st.integers(1, 3)),
            month_end=draw(st.sampled_from(("clip", "roll_forward"))),
        )
    return Term(
        effective_date=effective, expiry=expiry, expiry_inclusive=inclusive, renewal=renewal
    )


def _conditions(
    schema: Mapping[str, str],
    events: Sequence[str],
    min_date: date,
    max_date: date,
    max_leaves: int,
    *,
    allow_dates: bool = True,
) -> st.SearchStrategy[Condition]:
    kinds: list[str] = []
    if any(k != "declaration" for k in schema.values()):
        kinds += ["threshold", "threshold"]  # four comparisons: drawn twice as often
    if any(k == "declaration" for k in schema.values()):
        kinds.append("declared")
    if events:
        kinds.append("happened")
    if allow_dates:
        kinds += ["on_or_after", "before"]
    kinds.append("constant")
    days: st.SearchStrategy[date | None] = (
        st.dates(min_value=min_date, max_value=max_date) if allow_dates else st.none()
    )
    return _trees(
        schema=schema, events=tuple(events), kinds=tuple(kinds), days=days, max_leaves=max_leaves
    )


@st.composite
def _trees(
    draw: st.DrawFn,
    *,
    schema: Mapping[str, str],
    events: Sequence[str],
    kinds: Sequence[str],
    days: st.SearchStrategy[date | None],
    max_leaves: int,
) -> Condition:
    """A condition of 1 to `max_leaves` atoms in a random tree of combinations.

    The number of atoms is drawn first, then how to group them, so that conditions over
    several facts are common (`st.recursive` mostly draws single atoms). Each metric's
    thresholds come from a pool of one to three values drawn on its first use, so that
    comparisons at one threshold (`m >= 10` and `m < 10`) meet often.
    """
    metrics = sorted(n for n, k in schema.items() if k != "declaration")
    declarations = sorted(n for n, k in schema.items() if k == "declaration")
    pools: dict[str, list[Decimal | Money]] = {}

    def atom() -> Condition:
        kind = draw(st.sampled_from(kinds))
        if kind == "threshold":
            metric = draw(st.sampled_from(metrics))
            if metric not in pools:
                pools[metric] = draw(st.lists(_thresholds(schema[metric]), min_size=1, max_size=3))
            compare = draw(st.sampled_from(_THRESHOLD_TYPES))
            return compare(metric=metric, threshold=draw(st.sampled_from(pools[metric])))
        if kind == "declared":
            return Declared(fact=draw(st.sampled_from(declarations)))
        if kind == "happened":
            return Happened(
                event=draw(st.sampled_from(events)),
                on_or_after=draw(st.none() | days),
                before=draw(st.none() | days),
            )
        if kind == "on_or_after":
            return OnOrAfter(day=draw(days))
        if kind == "before":
            return Before(day=draw(days))
        constant: Condition = draw(st.sampled_from(_CONSTANTS))
        return constant

    def combine(items: list[Condition]) -> Condition:
        if len(items) == 1:
            node = items[0]
        else:
            cuts = draw(st.lists(st.integers(1, len(items) - 1), min_size=1, max_size=2))
            bounds = [0, *sorted(set(cuts)), len(items)]
            parts = tuple(combine(items[i:j]) for i, j in itertools.pairwise(bounds))
            node = AllOf(conditions=parts) if draw(st.booleans()) else AnyOf(conditions=parts)
        wrap = draw(st.sampled_from(("none", "none", "none", "not", "latched")))
        if wrap == "not":
            return Not(condition=node)
        if wrap == "latched":
            return Latched(condition=node, since=draw(st.none() | days))
        return node

    return combine([atom() for _ in range(draw(st.integers(1, max_leaves)))])


_EXIT_KINDS: Final = (
    "termination_right",
    "change_of_control",
    "tail_payment",
    "post_termination_services",
)


def _fitting(period: Duration, term: Term | None) -> Duration:
    """`period`, or one day if `period` would not fit within `term`."""
    window = term.interval() if term is not None else None
    if window is not None and window.end is not None and period.add_to(window.start) > window.end:
        return Duration(days=1)
    return period


def _draw_exit_clause(
    draw: st.DrawFn, kind: str, *, first: str, second: str, common: dict[str, Any]
) -> Clause:
    """Draw a termination right, change of control, tail payment or post-term services."""
    term = common["term"]
    if kind == "termination_right":
        basis = draw(st.sampled_from(("convenience", "cause")))
        notice = _fitting(Duration(days=draw(st.integers(1, 120))), term)
        cure = _fitting(Duration(days=draw(st.integers(1, 60))), term)
        return TerminationRight(
            holder=first,
            counterparty=second,
            basis=basis,
            notice=notice if basis == "convenience" or draw(st.booleans()) else None,
            cure_period=cure if basis == "cause" else None,
            **common,
        )
    if kind == "change_of_control":
        consequence = draw(st.sampled_from(("terminate", "consent", "notice", "cap")))
        cap = consequence == "cap"
        return ChangeOfControl(
            subject=first,
            counterparty=second,
            consequence=consequence,
            threshold=draw(_rates_only()),
            threshold_rule=draw(st.sampled_from(("more_than", "at_least"))),
            cap_lookback=Duration(months=draw(st.integers(1, 12))) if cap else None,
            cap_uplift=draw(_rates_only()) if cap else None,
            **common,
        )
    if kind == "tail_payment":
        causes = ("expiry", "without_cause", "breach", "change_of_control", "insolvency")
        return TailPayment(
            payer=first,
            payee=second,
            quarters=draw(st.integers(1, 20)),
            shortened_for=tuple(draw(st.lists(st.sampled_from(causes), unique=True))),
            **common,
        )
    return PostTerminationServices(
        provider=first,
        recipient=second,
        services=draw(_texts()),
        period=Duration(months=draw(st.integers(1, 24))),
        fee=draw(
            st.none()
            | st.decimals(Decimal("0.01"), 10**6, places=2).map(
                lambda d: Money(amount=d, currency="USD")
            )
        ),
        fee_basis=draw(st.sampled_from(("per_month", "fixed"))),
        **common,
    )


def _draw_clause(
    draw: st.DrawFn,
    *,
    clause_id: str,
    party_ids: Sequence[str],
    action_ids: Sequence[str],
    end_ids: Sequence[str],
    conds: st.SearchStrategy[Condition],
    terms: st.SearchStrategy[Term],
    days: st.SearchStrategy[date],
) -> Clause:
    """Draw one clause of any kind (the shared body of `clauses()` and `deals()`)."""
    kind = draw(st.sampled_from(_KINDS))
    first = draw(st.sampled_from(party_ids))
    second = draw(st.sampled_from([p for p in party_ids if p != first]))
    action = draw(st.sampled_from(action_ids))
    common: dict[str, Any] = {
        "id": clause_id,
        "term": draw(st.none() | terms),
        "condition_precedent": draw(st.none() | conds),
        "condition_subsequent": draw(st.none() | conds),
        "source": draw(st.none() | _texts()),
    }
    if kind == "exclusivity":
        return Exclusivity(grantor=first, holder=second, scope=action, **common)
    if kind == "permission":
        return Permission(holder=first, counterparty=second, action=action, **common)
    if kind == "license":
        return _draw_license(draw, licensor=first, licensee=second, scope=action, common=common)
    if kind in ("non_compete", "non_solicit"):
        covenant = NonCompete if kind == "non_compete" else NonSolicit
        return covenant(
            restricted=first,
            protected=second,
            scope=tuple(draw(st.lists(st.sampled_from(action_ids), min_size=1, unique=True))),
            territory=tuple(draw(st.lists(st.sampled_from(_REGIONS), max_size=2, unique=True))),
            period=draw(st.none() | _durations()),
            tail=draw(st.none() | _durations()),
            **common,
        )
    if kind == "source_code_escrow":
        return SourceCodeEscrow(
            depositor=first,
            beneficiary=second,
            release=action,
            release_condition=draw(conds),
            **common,
        )
    targets = [c for c in end_ids if c != clause_id]
    if kind == "survival" and targets:
        common["condition_precedent"] = common["condition_subsequent"] = None
        return Survival(
            clauses=tuple(draw(st.lists(st.sampled_from(targets), min_size=1, unique=True))),
            period=draw(st.none() | _durations()),
            **common,
        )
    if kind == "carve_out" and targets:
        return CarveOut(
            clause=draw(st.sampled_from(targets)),
            actions=tuple(draw(st.lists(st.sampled_from(action_ids), min_size=1, unique=True))),
            **common,
        )
    if kind in ("survival", "carve_out"):  # no other clause to name
        return Exclusivity(grantor=first, holder=second, scope=action, **common)
    if kind in _FIRST_RIGHTS:
        right = _FIRST_RIGHTS[kind]
        if draw(st.booleans()):  # shrinks to the default window, free period and role
            common["window"] = draw(_windows())
            common["free_period"] = draw(_durations())
            common["grantor_role"] = draw(st.sampled_from(("seller", "buyer")))
        return right(grantor=first, holder=second, scope=action, **common)
    if kind == "revenue_share":
        return _draw_revenue_share(draw, payer=first, payee=second, common=common, days=days)
    if kind == "equity_stake":
        return EquityStake(holder=first, entity=second, stake=draw(_rates()), **common)
    if kind == "governance_right":
        return GovernanceRight(holder=first, entity=second, right=action, **common)
    if kind == "liquidated_damages":
        return LiquidatedDamages(
            obligor=first,
            obligee=second,
            rate=draw(_rates_only()),
            period_days=draw(st.integers(1, 30)),
            cap=draw(st.none() | _rates_only()),
            termination_after_days=draw(st.none() | st.integers(0, 365)),
            force_majeure=draw(
                st.sampled_from(
                    ("excuses_penalty_and_termination", "excuses_penalty_only", "not_excused")
                )
            ),
            **common,
        )
    if kind in _EXIT_KINDS:
        return _draw_exit_clause(draw, kind, first=first, second=second, common=common)
    if kind in _PAYMENT_KINDS:
        return _draw_payment_clause(draw, kind, payer=first, payee=second, common=common)
    if kind == "acceptance_of_delivery":
        return AcceptanceOfDelivery(
            supplier=first, receiver=second, inspection_period=draw(_windows()), **common
        )
    if kind in _COMMERCIAL:
        return _COMMERCIAL[kind](draw, first, second, common, days)
    others = [c for c in end_ids if c != clause_id]
    if kind in ("obligation", "power"):
        return _draw_lifecycle_clause(
            draw, kind=kind, first=first, second=second, others=others, common=common, days=days
        )
    ends = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
    return Trigger(
        holder=first,
        counterparty=second,
        condition=draw(conds),
        power=action,
        ends=tuple(ends),
        latches=draw(st.booleans()),
        **common,
    )


_PAYMENT_KINDS: Final = (
    "instalment_sale",
    "perishable_goods_price",
    "security_deposit",
    "conversion_right",
)


def _draw_payment_clause(
    draw: st.DrawFn, kind: str, *, payer: str, payee: str, common: dict[str, Any]
) -> Clause:
    """Draw a payment clause that computes what is owed (one currency per clause)."""
    cents = st.integers(min_value=1, max_value=10**8).map(lambda n: Decimal(n).scaleb(-2))
    usd = _moneys("USD", cents)
    if kind == "instalment_sale":
        last = draw(st.integers(2, 60))
        return InstalmentSale(
            buyer=payer,
            seller=payee,
            total_price=draw(usd),
            due_at_closing=draw(usd),
            minimum_instalment=draw(usd),
            first_month=draw(st.integers(1, last - 1)),
            monthly_interest=draw(_rates_only()),
            last_month=last,
            **common,
        )
    if kind == "perishable_goods_price":
        low_units = draw(st.integers(0, 10_000))
        bounds = st.tuples(_amounts(), _amounts()).map(sorted)
        temperature, humidity = draw(bounds), draw(bounds)
        return PerishableGoodsPrice(
            buyer=payer,
            seller=payee,
            price_per_unit=draw(usd),
            unit=draw(st.none() | st.sampled_from(("KG", "crate"))),
            min_units=low_units,
            max_units=low_units + draw(st.integers(0, 1000)),
            spoils_on=draw(st.dates(_MIN_DATE, _MAX_DATE)),
            temperature=SensorRange(minimum=temperature[0], maximum=temperature[1]),
            humidity=SensorRange(minimum=humidity[0], maximum=humidity[1]),
            penalty_per_unit=draw(usd),
            **common,
        )
    if kind == "security_deposit":
        return SecurityDeposit(
            depositor=payee,
            holder=payer,
            deposit=draw(usd),
            refund_policy=draw(st.sampled_from(("holder_refunds", "depositor_as_promisor"))),
            **common,
        )
    discounts = st.decimals(min_value=0, max_value=Decimal("0.99"), places=2)
    return ConversionRight(
        investor=payee,
        issuer=payer,
        purchase_amount=draw(usd),
        discount=draw(st.builds(Rate, value=discounts)),
        **common,
    )


def _draw_license(
    draw: st.DrawFn, *, licensor: str, licensee: str, scope: str, common: dict[str, Any]
) -> License:
    params: dict[str, Any] = {}
    if draw(st.booleans()):  # shrinks to a licence with the default parameters
        flags = ("sublicensable", "transferable", "irrevocable", "royalty_free", "affiliates")
        params = {name: draw(st.booleans()) for name in flags}
        term = common["term"]
        params["perpetual"] = draw(st.booleans()) and (term is None or term.expiry is None)
        params["territory"] = tuple(
            draw(st.lists(st.sampled_from(_REGIONS), max_size=2, unique=True))
        )
        params["field_of_use"] = draw(st.none() | _texts())
    return License(
        licensor=licensor,
        licensee=licensee,
        scope=scope,
        exclusive=draw(st.booleans()),
        **params,
        **common,
    )


def _quantities() -> st.SearchStrategy[Decimal]:
    return st.integers(0, 10**6).map(Decimal)


def _draw_service_credit(
    draw: st.DrawFn, first: str, second: str, common: dict[str, Any], days: object
) -> Clause:
    targets = sorted(set(draw(st.lists(st.integers(0, 1000), min_size=1, max_size=3))))
    return ServiceCredit(
        provider=first,
        customer=second,
        levels=tuple(
            ServiceLevel(target=Decimal(t) / 1000, credit=draw(_rates_only()))
            for t in reversed(targets)
        ),
        monthly_cap=draw(st.none() | _rates_only()),
        rolling_cap=draw(st.none() | _rates_only()),
        rolling_months=draw(st.integers(1, 24)),
        **common,
    )


def _draw_minimum_commitment(
    draw: st.DrawFn, first: str, second: str, common: dict[str, Any], days: object
) -> Clause:
    assert isinstance(days, st.SearchStrategy)
    forecast = draw(st.booleans())
    consequence = draw(
        st.sampled_from(("pay_shortfall", "loss_of_exclusivity", "termination_right", "none"))
    )
    return MinimumCommitment(
        obligor=first,
        obligee=second,
        metric="orders",
        start=draw(days),
        period=draw(st.sampled_from(_PERIODS)),
        minimum=None if forecast else draw(_quantities()),
        forecast_share=draw(_rates_only()) if forecast else None,
        schedule=()
        if forecast
        else tuple(
            ScheduledMinimum(minimum=draw(_quantities()), periods=draw(st.integers(1, 3)))
            for _ in range(draw(st.integers(0, 2)))
        ),
        consequence=consequence,
        shortfall_price=Money(amount=draw(st.integers(0, 10**6)), currency="USD")
        if consequence == "pay_shortfall"
        else None,
        forecast_deadline=draw(st.sampled_from(("enforced", "not_enforced"))),
        **common,
    )


def _draw_lifecycle_clause(
    draw: st.DrawFn,
    *,
    kind: str,
    first: str,
    second: str,
    others: Sequence[str],
    common: dict[str, Any],
    days: st.SearchStrategy[date],
) -> Obligation | Power:
    """An obligation or a power; its events name other clauses' lifecycle events."""
    words = ("violated", "fulfilled", "exerted")
    events = st.sampled_from(("demand", "signed"))
    if others:
        events |= st.tuples(st.sampled_from(others), st.sampled_from(words)).map(".".join)
    deadline = (
        st.none()
        | st.builds(Deadline, on=days, inclusive=st.booleans())
        | st.builds(Deadline, days=st.integers(0, 90), after=st.none() | events)
    )
    if kind == "power":
        effect = draw(
            st.sampled_from(
                ("terminate_contract", "suspend_obligation", "resume_obligation")
                if others
                else ("terminate_contract",)
            )
        )
        target = None if effect == "terminate_contract" else draw(st.sampled_from(others))
        return Power(
            holder=first,
            counterparty=second,
            effect=effect,
            target=target,
            created_by=draw(st.none() | events),
            takes_effect=draw(st.none() | events),
            deadline=draw(deadline),
            created_if=draw(
                st.none()
                | st.builds(
                    InState,
                    clause=st.sampled_from(others),
                    state=st.sampled_from(("created", "in_effect", "suspended", "terminated")),
                )
                if others
                else st.none()
            ),
            **common,
        )
    currency = draw(st.sampled_from(("USD", "EUR")))
    owed = draw(
        _moneys(currency, _sizes()).filter(lambda m: m.amount > 0)
        | st.builds(
            Deliverable,
            description=_texts(),
            quantity=st.none() | st.integers(1, 1000).map(Decimal),
        )
    )
    return Obligation(
        obligor=first,
        obligee=second,
        owed=owed,
        created_by=draw(st.none() | events),
        takes_effect=draw(st.none() | events),
        deadline=draw(deadline),
        created_by_deadline=draw(deadline),
        **common,
    )


def _draw_volume_restriction(
    draw: st.DrawFn, first: str, second: str, common: dict[str, Any], days: object
) -> Clause:
    low, high = sorted((draw(_quantities()), draw(_quantities())))
    which = draw(st.sampled_from(("cap", "floor", "both")))
    return VolumeRestriction(
        restricted=first,
        holder=second,
        metric="units",
        period=draw(st.sampled_from(_PERIODS)),
        cap=None if which == "floor" else high,
        floor=None if which == "cap" else low,
        **common,
    )


def _draw_most_favoured_nation(
    draw: st.DrawFn, first: str, second: str, common: dict[str, Any], days: object
) -> Clause:
    return MostFavouredNation(
        grantor=first,
        holder=second,
        subject="the product",
        better=draw(st.sampled_from(("lower", "higher"))),
        **common,
    )


def _draw_price_restriction(
    draw: st.DrawFn, first: str, second: str, common: dict[str, Any], days: object
) -> Clause:
    return PriceRestriction(
        seller=first,
        buyer=second,
        subject="the product",
        max_increase=draw(_rates_only()),
        cap=draw(st.none() | _moneys("USD", _sizes())),
        index=draw(st.none() | st.just("cpi")),
        increase_limit=draw(st.sampled_from(("lesser", "greater"))),
        **common,
    )


def _draw_usage_billing(
    draw: st.DrawFn, first: str, second: str, common: dict[str, Any], days: object
) -> Clause:
    return UsageBilling(
        payer=first,
        payee=second,
        unit_price=draw(_moneys("USD", _sizes()).filter(lambda m: m.amount > 0)),
        max_payments=draw(st.none() | st.integers(1, 12)),
        **common,
    )


_COMMERCIAL: Final[Mapping[str, Callable[..., Clause]]] = {
    "service_credit": _draw_service_credit,
    "minimum_commitment": _draw_minimum_commitment,
    "volume_restriction": _draw_volume_restriction,
    "most_favoured_nation": _draw_most_favoured_nation,
    "price_restriction": _draw_price_restriction,
    "usage_billing": _draw_usage_billing,
}


def _draw_revenue_share(
    draw: st.DrawFn,
    *,
    payer: str,
    payee: str,
    common: dict[str, Any],
    days: st.SearchStrategy[date],
) -> RevenueShare:
    rate = draw(_rates())
    extras: dict[str, Any] = {}
    if draw(st.booleans()):  # shrinks to a plain rate
        currency = draw(st.sampled_from(("USD", "EUR")))
        money = _moneys(currency, _sizes())
        extras["year_start_month"] = draw(st.integers(1, 12))
        extras["minimum_annual"] = draw(st.none() | money)
        extras["cap"] = draw(st.none() | money)
        if isinstance(rate, Rate):
            how = draw(st.sampled_from(("flat", "changes", "tiers")))
            if how == "changes":
                gaps = draw(st.lists(st.integers(1, 800), max_size=3))
                offsets = itertools.accumulate(gaps)
                start = draw(days)
                extras["rate_changes"] = tuple(
                    RateChange(effective_date=start + timedelta(days=n), rate=draw(_rates_only()))
                    for n in offsets
                )
            elif how == "tiers":
                levels = sorted(set(draw(st.lists(_sizes(), max_size=3))))
                extras["tiers"] = tuple(
                    Tier(above=Money(amount=a, currency=currency), rate=draw(_rates_only()))
                    for a in levels
                )
    return RevenueShare(
        payer=payer,
        payee=payee,
        rate=rate,
        base="revenue",
        period=draw(st.sampled_from(_PERIODS)),
        **extras,
        **common,
    )


# ---------------------------------------------------------------------------------------
# Public strategies.


def parties() -> st.SearchStrategy[Party]:
    """A strategy for [`Party`][dealterms.Party] values.

    Ids follow the id rule (lower-case letters, digits, `.`, `_`, `-`, not at the ends);
    display names are any non-blank text. Draw several with distinct ids with
    `st.lists(parties(), unique_by=lambda p: p.id)`.

    Returns:
        A strategy that shrinks toward `Party(id="0", name="0")`.

    Example:
        >>> from hypothesis import given
        >>> from dealterms import strategies as dts
        >>> @given(dts.parties())
        ... def test_parties_rebuild_equal(party):
        ...     assert Party(id=party.id, name=party.name, roles=party.roles) == party
        >>> test_parties_rebuild_equal()
    """
    return _parties()


@functools.cache
def _parties() -> st.SearchStrategy[Party]:
    return st.builds(
        Party,
        id=_ids(),
        name=_texts(),
        roles=st.lists(_texts(), max_size=2).map(tuple),
    )


def conditions(
    *,
    facts: Mapping[str, str] = _DEFAULT_FACTS,
    events: Sequence[str] = _DEFAULT_EVENTS,
    min_date: date = _MIN_DATE,
    max_date: date = _MAX_DATE,
    max_leaves: int = 4,
    allow_dates: bool = True,
) -> st.SearchStrategy[Condition]:
    """A strategy for conditions: atoms combined by `AllOf`, `AnyOf`, `Not` and `Latched`.

    Atoms are [`Declared`][dealterms.Declared] (for declaration facts), the thresholds
    [`AtLeast`][dealterms.AtLeast], [`MoreThan`][dealterms.MoreThan],
    [`AtMost`][dealterms.AtMost] and [`LessThan`][dealterms.LessThan] (for number and money
    facts: a `Decimal` threshold, or `Money` in the fact's currency),
    [`Happened`][dealterms.Happened] (for the given events, with an optional window),
    [`OnOrAfter`][dealterms.OnOrAfter], [`Before`][dealterms.Before], and the constants
    `AllOf(conditions=())` (true) and `AnyOf(conditions=())` (false). The number of atoms
    is drawn first, then a random tree over them, so conditions over several facts are
    common. Each fact is read with the one type its kind names, so conditions drawn with
    one schema can share a deal.

    Args:
        facts: The schema: fact name to `"declaration"`, `"number"` or a currency code.
            Defaults to `approved` (declaration), `profit` (USD) and `users` (number).
        events: Event names `Happened` may test; empty for none.
        min_date: The earliest date a date test or an event window names (from 0002-01-01).
        max_date: The latest such date (through 9998-12-31).
        max_leaves: At most this many atoms per condition (1 to 24).
        allow_dates: Whether to draw date tests (`OnOrAfter`, `Before`) and dated windows
            of `Happened` and `Latched`; `False` leaves conditions over facts and events.

    Returns:
        A strategy that shrinks toward a single atom.

    Raises:
        hypothesis.errors.InvalidArgument: for a malformed schema, event name or bound.

    Example:
        >>> from hypothesis import given
        >>> from dealterms import strategies as dts
        >>> deal = lambda cond: Deal(
        ...     id="d", name="D", term=Term(effective_date="2020-01-01"),
        ...     parties=(Party(id="a", name="A"), Party(id="b", name="B")),
        ...     actions=(Action(id="x", description="do x"),),
        ...     clauses=(Permission(id="p", holder="a", counterparty="b", action="x",
        ...                         condition_precedent=cond),),
        ... )
        >>> @given(dts.conditions(facts={"profit": "USD"}, events=()))
        ... def test_excluded_middle(cond):
        ...     ev = evaluate(deal(cond | ~cond), State(as_of="2021-01-01"))
        ...     assert ev.entitlements[0].in_force
        >>> test_excluded_middle()
    """
    schema = _check_facts(facts)
    event_names = _check_names("events", events, ids=False, min_size=0)
    _check_dates(min_date, max_date)
    _check_leaves(max_leaves)
    if not isinstance(allow_dates, bool):
        raise InvalidArgument(f"allow_dates={allow_dates!r} must be True or False")
    return _conditions(schema, event_names, min_date, max_date, max_leaves, allow_dates=allow_dates)


def clauses(
    *,
    parties: Sequence[str] = _DEFAULT_PARTIES,
    actions: Sequence[str] = _DEFAULT_ACTIONS,
    ids: Sequence[str] | None = None,
    ends: Sequence[str] = (),
    facts: Mapping[str, str] = _DEFAULT_FACTS,
    events: Sequence[str] = _DEFAULT_EVENTS,
    min_date: date = _MIN_DATE,
    max_date: date = _MAX_DATE,
    max_leaves: int = 3,
) -> st.SearchStrategy[Clause]:
    """A strategy for clauses of every kind, each valid on its own.

    Draws every kind: [`Exclusivity`][dealterms.Exclusivity],
    [`Permission`][dealterms.Permission], [`License`][dealterms.License] (exclusive or
    not), the first rights [`RightOfFirstRefusal`][dealterms.RightOfFirstRefusal],
    [`RightOfFirstOffer`][dealterms.RightOfFirstOffer] and
    [`RightOfFirstNegotiation`][dealterms.RightOfFirstNegotiation] (default or drawn
    response window, free period and grantor role),
    [`RevenueShare`][dealterms.RevenueShare] (a [`Rate`][dealterms.Rate] or an undisclosed
    [`Parameter`][dealterms.Parameter], sometimes with rate changes or tiers, a minimum and
    a cap), [`EquityStake`][dealterms.EquityStake],
    [`GovernanceRight`][dealterms.GovernanceRight],
    [`LiquidatedDamages`][dealterms.LiquidatedDamages], the payment clauses
    [`InstalmentSale`][dealterms.InstalmentSale],
    [`PerishableGoodsPrice`][dealterms.PerishableGoodsPrice],
    [`SecurityDeposit`][dealterms.SecurityDeposit] and
    [`ConversionRight`][dealterms.ConversionRight] (amounts in USD cents), the term and
    exit clauses, the commercial clauses, [`AcceptanceOfDelivery`][dealterms.AcceptanceOfDelivery],
    [`Trigger`][dealterms.Trigger] (latching or not), [`NonCompete`][dealterms.NonCompete]
    and [`NonSolicit`][dealterms.NonSolicit] (with or without period, tail and territory),
    [`SourceCodeEscrow`][dealterms.SourceCodeEscrow], and, when `ends` offers another
    clause id to name, [`Survival`][dealterms.Survival] and
    [`CarveOut`][dealterms.CarveOut] (an `Exclusivity` otherwise). Licences draw their
    parameters (sublicensable, perpetual …) or keep the defaults. Each binds two distinct
    parties of `parties` and is about an action of `actions`; each may have its own
    [`Term`][dealterms.Term] (with or without expiry and renewal), a condition precedent
    and a condition subsequent (drawn as by
    [`conditions`][dealterms.strategies.conditions]; a survival clause takes none).

    Args:
        parties: Party ids the clause may name (at least two distinct).
        actions: Action ids the clause may be about (at least one).
        ids: Clause ids to draw the clause's id from; `None` draws any valid id.
        ends: Clause ids a `Trigger` may end, a `Survival` may keep or a `CarveOut` may
            narrow (never its own id).
        facts: The fact schema for conditions (see the module docstring).
        events: Event names the conditions' `Happened` may test.
        min_date: The earliest date of a clause's term or of a date in its conditions.
        max_date: The latest such date (at most 9958-12-31: expiries and renewals come
            later).
        max_leaves: At most this many atoms per condition (1 to 24).

    Returns:
        A strategy that shrinks toward an `Exclusivity` without term or conditions.

    Raises:
        hypothesis.errors.InvalidArgument: for fewer than two parties, no action, a
            malformed id, schema or bound.

    Example:
        >>> from hypothesis import given
        >>> from dealterms import strategies as dts
        >>> @given(dts.clauses(parties=("a", "b"), actions=("x",)))
        ... def test_positions_bind_the_two_parties(clause):
        ...     for position in clause.positions():
        ...         assert {position.holder, position.counterparty} == {"a", "b"}
        >>> test_positions_bind_the_two_parties()
    """
    party_ids = _check_names("parties", parties, ids=True, min_size=2)
    action_ids = _check_names("actions", actions, ids=True, min_size=1)
    clause_ids = None if ids is None else _check_names("ids", ids, ids=True, min_size=1)
    end_ids = _check_names("ends", ends, ids=True, min_size=0)
    schema = _check_facts(facts)
    event_names = _check_names("events", events, ids=False, min_size=0)
    _check_dates(min_date, max_date, last=_LAST_START)  # room for expiries and renewals
    _check_leaves(max_leaves)
    conds = _conditions(schema, event_names, min_date, max_date, max_leaves)
    terms = _terms(min_date=min_date, max_date=max_date)
    id_strategy = _ids() if clause_ids is None else st.sampled_from(clause_ids)

    return _clauses(
        id_strategy=id_strategy,
        party_ids=party_ids,
        action_ids=action_ids,
        end_ids=end_ids,
        conds=conds,
        terms=terms,
        days=st.dates(min_value=min_date, max_value=max_date),
    )


@st.composite
def _clauses(
    draw: st.DrawFn,
    *,
    id_strategy: st.SearchStrategy[str],
    party_ids: Sequence[str],
    action_ids: Sequence[str],
    end_ids: Sequence[str],
    conds: st.SearchStrategy[Condition],
    terms: st.SearchStrategy[Term],
    days: st.SearchStrategy[date],
) -> Clause:
    return _draw_clause(
        draw,
        clause_id=draw(id_strategy),
        party_ids=party_ids,
        action_ids=action_ids,
        end_ids=end_ids,
        conds=conds,
        terms=terms,
        days=days,
    )


def deals(
    *,
    min_clauses: int = 0,
    max_clauses: int = 4,
    max_amendments: int = 2,
    facts: Mapping[str, str] = _DEFAULT_FACTS,
    max_leaves: int = 3,
    min_date: date = _MIN_DATE,
    max_date: date = date(2035, 12, 31),
) -> st.SearchStrategy[Deal]:
    """A strategy for valid [`Deal`][dealterms.Deal]s with dated amendments.

    A deal has two to four parties, one to four actions, a term (open-ended or not, with
    or without renewal), between `min_clauses` and `max_clauses` original clauses drawn as
    by [`clauses`][dealterms.strategies.clauses], and up to `max_amendments` amendments on
    or after its effective date. Each amendment makes one to three changes (add, replace
    under the same or a new id, remove) and only ever names a clause in force when it
    applies, in the deal's order of amendments (by effective date, then id); an id may be
    added again after its removal. Triggers, survival clauses and carve-outs may name any
    clause the deal ever has, and conditions may test the triggers' exercise events. Dates
    of clause terms and conditions lie from a year before the deal's effective date to ten
    years after it. All conditions read facts as the one schema `facts` says, so the deal
    always validates.

    Args:
        min_clauses: The fewest clauses of the original deal (>= 0).
        max_clauses: The most clauses of the original deal (>= `min_clauses`).
        max_amendments: The most amendments (>= 0).
        facts: The fact schema for conditions (see the module docstring).
        max_leaves: At most this many atoms per condition (1 to 24).
        min_date: The earliest effective date of the deal (from 0004-01-01: dates reach
            a year before it).
        max_date: The latest effective date of the deal (at most 9958-12-31: dates reach
            decades after it).

    Returns:
        A strategy that shrinks toward a deal with two parties, one action, an open-ended
        term, `min_clauses` exclusivities without conditions and no amendments.

    Raises:
        hypothesis.errors.InvalidArgument: for inconsistent bounds or a malformed schema.

    Example:
        >>> from hypothesis import given, settings
        >>> from dealterms import strategies as dts
        >>> @settings(max_examples=20)
        ... @given(dts.deals(max_clauses=3))
        ... def test_nothing_in_force_before_the_deal(deal):
        ...     day_before = deal.term.effective_date - date.resolution
        ...     assert not evaluate(deal, State(as_of=day_before)).in_force()
        >>> test_nothing_in_force_before_the_deal()
    """
    _check_size("min_clauses", min_clauses, 0)
    _check_size("max_clauses", max_clauses, min_clauses)
    _check_size("max_amendments", max_amendments, 0)
    schema = _check_facts(facts)
    _check_leaves(max_leaves)
    # A deal's dates reach a year before its start and decades after it.
    _check_dates(min_date, max_date, first=_FIRST_START, last=_LAST_START)
    # Conditions and terms are drawn in a fixed frame around _EPOCH and moved to each
    # deal's effective date; events named "slot-<i>" become the i-th clause's exercise.
    max_ids = max_clauses + 3 * max_amendments
    slots = ("signed", *(f"slot-{i}" for i in range(max_ids)))
    frame = (_EPOCH - timedelta(days=_BEFORE), _EPOCH + timedelta(days=_HORIZON))
    return _deals(
        min_clauses=min_clauses,
        max_clauses=max_clauses,
        max_amendments=max_amendments,
        conds=_conditions(schema, slots, *frame, max_leaves),
        terms=_terms(min_date=frame[0], max_date=frame[1]),
        frame_days=st.dates(min_value=frame[0], max_value=frame[1]),
        starts=st.dates(min_value=min_date, max_value=max_date),
    )


@st.composite
def _deals(
    draw: st.DrawFn,
    *,
    min_clauses: int,
    max_clauses: int,
    max_amendments: int,
    conds: st.SearchStrategy[Condition],
    terms: st.SearchStrategy[Term],
    frame_days: st.SearchStrategy[date],
    starts: st.SearchStrategy[date],
) -> Deal:
    party_list = draw(st.lists(_parties(), min_size=2, max_size=4, unique_by=_id_of))
    action_list = draw(st.lists(_actions(), min_size=1, max_size=4, unique_by=_id_of))
    start = draw(starts)
    term = draw(_terms(min_date=start, max_date=start))

    # 1. The skeleton: which clause ids exist, and what each amendment does to them.
    used: list[str] = []

    def fresh_id() -> str:
        new = draw(_ids())
        while new in used:
            new += "x"
        used.append(new)
        return new

    def id_not_live(live: set[str]) -> str:
        old = [i for i in used if i not in live]
        reuse = draw(st.booleans()) if old else False
        return draw(st.sampled_from(old)) if reuse else fresh_id()

    originals = [fresh_id() for _ in range(draw(st.integers(min_clauses, max_clauses)))]
    live = set(originals)
    amendment_ids = draw(st.lists(_ids(), max_size=max_amendments, unique=True))
    offsets = st.integers(min_value=0, max_value=_HORIZON)
    dated = sorted((start + timedelta(days=draw(offsets)), aid) for aid in amendment_ids)
    plans: list[tuple[date, str, list[tuple[str, str, str]]]] = []
    for day, aid in dated:
        steps: list[tuple[str, str, str]] = []  # (operation, old id, new id)
        for _ in range(draw(st.integers(1, 3))):
            op = draw(st.sampled_from(("add", "replace", "remove") if live else ("add",)))
            old = "" if op == "add" else draw(st.sampled_from(sorted(live)))
            live.discard(old)
            new = ""
            if op == "add":
                new = id_not_live(live)
            elif op == "replace":
                # Shrinks toward a new version under the same id.
                new = id_not_live(live) if draw(st.booleans()) else old
            if new:
                live.add(new)
            steps.append((op, old, new))
        plans.append((day, aid, steps))

    # 2. The clauses, drawn in the frame and moved to the deal's dates and exercise events.
    all_ids = tuple(used)
    move = _Move(
        days=start - _EPOCH,
        events={f"slot-{i}": f"{cid}.exercised" for i, cid in enumerate(all_ids)},
    )

    def clause(cid: str) -> Clause:
        drawn = _draw_clause(
            draw,
            clause_id=cid,
            party_ids=[p.id for p in party_list],
            action_ids=[a.id for a in action_list],
            end_ids=all_ids,
            conds=conds,
            terms=terms,
            days=frame_days,
        )
        return move.clause(drawn)

    clause_list = [clause(cid) for cid in originals]
    amendments = []
    for day, aid, steps in plans:
        changes: list[Change] = []
        for op, old, new in steps:
            if op == "add":
                changes.append(AddClause(clause=clause(new)))
            elif op == "remove":
                changes.append(RemoveClause(clause_id=old))
            else:
                changes.append(ReplaceClause(clause_id=old, by=clause(new)))
        agreed = _shift(day, draw(_offsets())) if draw(st.booleans()) else None
        amendments.append(
            Amendment(id=aid, effective_date=day, agreed_on=agreed, changes=tuple(changes))
        )
    clause_list, amendments = _lifecycle_refs_fixed(clause_list, amendments)
    return Deal(
        id=draw(_ids()),
        name=draw(_texts()),
        parties=tuple(party_list),
        actions=tuple(action_list),
        term=term,
        clauses=tuple(clause_list),
        amendments=tuple(amendments),
    )


def _lifecycle_refs_fixed(
    clause_list: list[Clause], amendments: list[Amendment]
) -> tuple[list[Clause], list[Amendment]]:
    """Point lifecycle references only at the deal's own obligations and powers.

    A drawn obligation or power may name any clause id; deal validation refuses
    `"<id>.<word>"` for a clause without a lifecycle and a power whose target is not an
    obligation, so such names become the business event `"demand"` (and such a power
    terminates the contract).
    """
    kinds: dict[str, set[str]] = {}
    for c in clause_list:
        kinds.setdefault(c.id, set()).add(c.kind)
    for a in amendments:
        for ch in a.changes:
            new = ch.clause if isinstance(ch, AddClause) else getattr(ch, "by", None)
            if new is not None:
                kinds.setdefault(new.id, set()).add(new.kind)
    originals = {c.id for c in clause_list}
    living = {i for i, k in kinds.items() if i in originals and k <= {"obligation", "power"}}
    owed = {i for i in living if kinds[i] == {"obligation"}}

    def name(value: str | None) -> str | None:
        if value is None:
            return None
        head = value.rpartition(".")[0]
        return value if not head or head in living or head not in kinds else "demand"

    def fix(c: Clause) -> Clause:
        if not isinstance(c, Obligation | Power):
            return c
        changes: dict[str, Any] = {
            "created_by": name(c.created_by),
            "takes_effect": name(c.takes_effect),
        }
        if c.deadline is not None and c.deadline.after is not None:
            changes["deadline"] = attrs.evolve(c.deadline, after=name(c.deadline.after))
        if isinstance(c, Obligation):
            window = c.created_by_deadline
            if window is not None and window.after is not None:
                changes["created_by_deadline"] = attrs.evolve(window, after=name(window.after))
        else:
            if c.target is not None and c.target not in owed:
                changes.update(effect="terminate_contract", target=None)
            if c.created_if is not None and c.created_if.clause not in living:
                changes["created_if"] = None
        return attrs.evolve(c, **changes)

    def fix_change(ch: Change) -> Change:
        if isinstance(ch, AddClause):
            return AddClause(clause=fix(ch.clause))
        if isinstance(ch, ReplaceClause):
            return ReplaceClause(clause_id=ch.clause_id, by=fix(ch.by))
        return ch

    return [fix(c) for c in clause_list], [
        attrs.evolve(a, changes=tuple(fix_change(ch) for ch in a.changes)) for a in amendments
    ]


def _id_of(item: Party | Action) -> str:
    return item.id


@functools.cache
def _actions() -> st.SearchStrategy[Action]:
    return st.builds(Action, id=_ids(), description=_texts())


class _Move:
    """Moves a clause drawn in the fixed frame to a deal: shifts dates, renames events."""

    def __init__(self, *, days: timedelta, events: Mapping[str, str]) -> None:
        self.days = days
        self.events = events

    def day(self, day: date) -> date:
        return day + self.days

    def maybe_day(self, day: date | None) -> date | None:
        return None if day is None else day + self.days

    def term(self, term: Term | None) -> Term | None:
        if term is None:
            return None
        return Term(
            effective_date=self.day(term.effective_date),
            expiry=self.maybe_day(term.expiry),
            expiry_inclusive=term.expiry_inclusive,
            renewal=term.renewal,
        )

    def condition(self, cond: Condition) -> Condition:
        if isinstance(cond, AllOf):
            return AllOf(conditions=tuple(self.condition(c) for c in cond.conditions))
        if isinstance(cond, AnyOf):
            return AnyOf(conditions=tuple(self.condition(c) for c in cond.conditions))
        if isinstance(cond, Not):
            return Not(condition=self.condition(cond.condition))
        if isinstance(cond, Latched):
            return Latched(
                condition=self.condition(cond.condition), since=self.maybe_day(cond.since)
            )
        if isinstance(cond, Happened):
            event = self.events.get(cond.event, cond.event)
            return Happened(
                event="signed" if event.startswith("slot-") else event,
                on_or_after=self.maybe_day(cond.on_or_after),
                before=self.maybe_day(cond.before),
            )
        if isinstance(cond, OnOrAfter):
            return OnOrAfter(day=self.day(cond.day))
        if isinstance(cond, Before):
            return Before(day=self.day(cond.day))
        return cond

    def maybe_condition(self, cond: Condition | None) -> Condition | None:
        return None if cond is None else self.condition(cond)

    def clause(self, clause: Clause) -> Clause:
        moved: dict[str, object] = {
            "term": self.term(clause.term),
            "condition_precedent": self.maybe_condition(clause.condition_precedent),
            "condition_subsequent": self.maybe_condition(clause.condition_subsequent),
        }
        if isinstance(clause, Trigger):
            moved["condition"] = self.condition(clause.condition)
        if isinstance(clause, SourceCodeEscrow):
            moved["release_condition"] = self.condition(clause.release_condition)
        if isinstance(clause, RevenueShare) and clause.rate_changes:
            moved["rate_changes"] = tuple(
                attrs.evolve(c, effective_date=self.day(c.effective_date))
                for c in clause.rate_changes
            )
        return _evolve(clause, moved)


def _evolve(clause: Clause, changes: Mapping[str, object]) -> Clause:
    moved: Clause = attrs.evolve(cast("Any", clause), **changes)
    return moved


# -- states ------------------------------------------------------------------------------


def states(deal: Deal | None = None) -> st.SearchStrategy[State]:
    """A strategy for [`State`][dealterms.State]s, probing `deal` where its answer can change.

    For a deal, `as_of` lies on, a day before, a day after or near one of the deal's change
    dates (its term's start and end, the amendments' dates, the clauses' own terms, the
    dates its conditions test). A random subset of the facts its conditions read is known
    (the others stay unknown), each with a value at, just around or between the thresholds
    the deal compares it with (declarations: `True` or `False`); a metric may instead be
    given as a [`Series`][dealterms.Series] (step or linear) of one to three observations
    around the change dates. Events are drawn for every event its conditions test and every
    trigger's exercise event, dated around the change dates, so some fall after `as_of`
    (not yet happened). `known_on` is sometimes set, to a date around the change dates.
    Typed first-right events (offers, matches, refusals …) are not drawn.

    A fact that the deal reads with several types (a mix its validation should refuse)
    takes the type of its first use.

    Args:
        deal: The deal to probe, or `None` for states on any date over the default fact
            schema of [`conditions`][dealterms.strategies.conditions] (facts and
            `"signed"` events only).

    Returns:
        A strategy that shrinks toward the deal's earliest change date, with no facts and
        no events.

    Raises:
        hypothesis.errors.InvalidArgument: if `deal` is neither a `Deal` nor `None`.

    Example:
        >>> from hypothesis import given, settings
        >>> from dealterms import strategies as dts
        >>> from dealterms.examples import microsoft_openai
        >>> deal = microsoft_openai()
        >>> @settings(max_examples=20)
        ... @given(dts.states(deal))
        ... def test_evaluation_is_deterministic(state):
        ...     assert evaluate(deal, state) == evaluate(deal, state)
        >>> test_evaluation_is_deterministic()
    """
    if deal is None:
        return _generic_states()
    if not isinstance(deal, Deal):
        raise InvalidArgument(f"deal={deal!r} must be a Deal or None")
    return _deal_states(_Reading.of(deal))


@functools.cache
def _generic_states() -> st.SearchStrategy[State]:
    values: dict[str, st.SearchStrategy[FactValue]] = {}
    for name, kind in _DEFAULT_FACTS.items():
        values[name] = st.booleans() if kind == "declaration" else _thresholds(kind)
    days = st.dates(min_value=_MIN_DATE, max_value=_MAX_DATE)
    return st.builds(
        State,
        as_of=days,
        facts=st.fixed_dictionaries({}, optional=values),
        events=st.lists(st.builds(Event, name=st.sampled_from(_DEFAULT_EVENTS), date=days)),
    )


class _Reading:
    """What a deal's states should probe: change dates, facts with thresholds, events."""

    def __init__(self) -> None:
        self.dates: set[date] = set()
        self.kinds: dict[str, str] = {}
        self.thresholds: dict[str, set[Decimal]] = {}
        self.events: set[str] = set()
        self.exits: dict[str, tuple[str, str]] = {}  # termination right -> (holder, other)

    @classmethod
    def of(cls, deal: Deal) -> _Reading:
        reading = cls()
        term = deal.term.interval()
        reading.dates.add(term.start)
        if term.end is not None:
            reading.dates.add(term.end)
        for amendment in (*deal.amendments, *deal.what_ifs):
            reading.dates.add(amendment.effective_date)
        for clause in deal.clauses:  # in every reading of the deal, so notices may name them
            if isinstance(clause, TerminationRight):
                reading.exits[clause.id] = (clause.holder, clause.counterparty)
        for clause in _every_clause(deal):
            if clause.term is not None:
                own = clause.term.interval()
                reading.dates.add(own.start)
                if own.end is not None:
                    reading.dates.add(own.end)
            if isinstance(clause, Trigger):
                reading.events.add(clause.exercise_event)
                reading.read(clause.condition)
            if isinstance(clause, SourceCodeEscrow):
                reading.read(clause.release_condition)
            if isinstance(clause, Obligation | Power):
                # The business events that create them, and their own lifecycle events (a
                # log the rules do not allow is skipped by evaluate, so any draw is valid).
                reading.events.update(name for _, name in event_fields(clause))
                words = ("fulfilled", "violated", "suspended", "resumed", "exerted")
                reading.events.update(f"{clause.id}.{w}" for w in words)
            tail = None
            if isinstance(clause, NonCompete | NonSolicit):
                tail = clause.tail
            elif isinstance(clause, Survival):
                tail = clause.period
            if tail is not None and term.end is not None:
                reading.dates.add(tail.add_to(term.end))  # where a survival may end
            for cond in (clause.condition_precedent, clause.condition_subsequent):
                if cond is not None:
                    reading.read(cond)
        return reading

    def read(self, cond: Condition) -> None:
        for node in _nodes(cond):
            if isinstance(node, Declared):
                self.kinds.setdefault(node.fact, "declaration")
            elif isinstance(node, _THRESHOLD_TYPES):
                t = node.threshold
                kind = t.currency if isinstance(t, Money) else "number"
                if self.kinds.setdefault(node.metric, kind) == kind:
                    amount = t.amount if isinstance(t, Money) else t
                    self.thresholds.setdefault(node.metric, set()).add(amount)
            elif isinstance(node, Happened):
                self.events.add(node.event)
                self.dates.update(d for d in (node.on_or_after, node.before) if d is not None)
            elif isinstance(node, OnOrAfter | Before):
                self.dates.add(node.day)
            elif isinstance(node, Latched) and node.since is not None:
                self.dates.add(node.since)


def _every_clause(deal: Deal) -> Iterator[Clause]:
    yield from deal.clauses
    for amendment in (*deal.amendments, *deal.what_ifs):
        for change in amendment.changes:
            if isinstance(change, AddClause):
                yield change.clause
            elif isinstance(change, ReplaceClause):
                yield change.by


def _nodes(cond: Condition) -> Iterator[Condition]:
    """Every node of `cond`, combinations included, depth first."""
    stack = [cond]
    while stack:
        c = stack.pop()
        yield c
        if isinstance(c, AllOf | AnyOf):
            stack.extend(reversed(c.conditions))
        elif isinstance(c, Not | Latched):
            stack.append(c.condition)


def _near(points: set[Decimal]) -> list[Decimal]:
    """Values at, just around and between the thresholds `points`.

    Ordered by distance from the lowest threshold, so that values shrink toward it.
    """
    ordered = sorted(points)
    steps = (Decimal(0), Decimal(1), Decimal(-1), Decimal("0.01"), Decimal("-0.01"))
    near = {p + d for p in ordered for d in steps}
    near |= {(a + b) / 2 for a, b in itertools.pairwise(ordered)}
    return sorted(near, key=lambda v: (abs(v - ordered[0]), v))


def _shift(day: date, delta: int) -> date:
    """`day` moved by `delta` days, kept within the dates dealterms accepts."""
    if delta < 0:
        return max(day - timedelta(days=min(-delta, (day - _FIRST_DAY).days)), _FIRST_DAY)
    return min(day + timedelta(days=min(delta, (_LAST_DAY - day).days)), _LAST_DAY)


@functools.cache
def _offsets() -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from((0, -1, 1)), st.integers(-400, 400))


@st.composite
def _deal_states(draw: st.DrawFn, reading: _Reading) -> State:
    days = sorted(reading.dates)
    names = sorted(reading.kinds)
    events = sorted(reading.events)
    near = {name: _near(reading.thresholds[name]) for name in reading.thresholds}

    def around() -> date:
        return _shift(draw(st.sampled_from(days)), draw(_offsets()))

    def value(name: str) -> FactValue:
        kind = reading.kinds[name]
        if kind == "declaration":
            return draw(st.booleans())
        amount = draw(st.one_of(st.sampled_from(near[name]), _amounts()))
        return amount if kind == "number" else Money(amount=amount, currency=kind)

    as_of = around()
    facts: list[Fact] = []
    series: list[Series] = []
    for name in names:
        how = draw(st.sampled_from(("unknown", "fact", "series")))  # shrinks to unknown
        if how == "fact" or (how == "series" and reading.kinds[name] == "declaration"):
            facts.append(Fact(name=name, value=value(name)))
        elif how == "series":
            on = sorted({around() for _ in range(draw(st.integers(1, 3)))})
            series.append(
                Series(
                    metric=name,
                    observations=[Observation(date=d, value=value(name)) for d in on],
                    interpolation=draw(st.sampled_from(("step", "linear"))),
                )
            )
    count = draw(st.integers(0, 4)) if events else 0
    happened: list[AnyEvent] = [
        Event(name=draw(st.sampled_from(events)), date=around()) for _ in range(count)
    ]
    for _ in range(draw(st.integers(0, 2)) if reading.exits else 0):
        clause = draw(st.sampled_from(sorted(reading.exits)))
        breach = around() if draw(st.booleans()) else None
        cured = None
        if breach is not None and draw(st.booleans()):
            cured = _shift(breach, draw(st.integers(0, 90)))
        happened.append(
            TerminationNotice(
                clause=clause,
                party=draw(st.sampled_from(reading.exits[clause])),  # shrinks to the holder
                date=around(),
                breach_notice=breach,
                cured_on=cured,
            )
        )
    return State(
        as_of=as_of,
        facts=tuple(facts),
        events=tuple(happened),
        series=tuple(series),
        known_on=around() if draw(st.booleans()) else None,
    )
