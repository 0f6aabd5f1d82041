"""Samples and Hypothesis strategies for the dealterms.io tests (and tests of the samples).

One rich sample per clause kind (every optional field set where it can be), and small
local strategies for deals, states, scenarios and evaluations built from them: valid by
construction, covering every clause, condition, change, event and status kind.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from dealterms import (
    Action,
    AddClause,
    AllOf,
    Amendment,
    AnyOf,
    AtLeast,
    AtMost,
    Before,
    Condition,
    Deadline,
    Deal,
    Declared,
    Deliverable,
    Duration,
    Evaluation,
    Event,
    Exclusivity,
    Fact,
    Happened,
    InState,
    Interpretation,
    Latched,
    LessThan,
    Money,
    MoreThan,
    Not,
    Observation,
    OnOrAfter,
    Parameter,
    Party,
    Rate,
    RemoveClause,
    Renewal,
    ReplaceClause,
    Scenario,
    ScheduledMinimum,
    SensorRange,
    Series,
    ServiceLevel,
    State,
    Term,
    evaluate,
)
from dealterms._clauses.kinds import CLAUSE_TYPES
from dealterms.exceptions import InvalidDealError

PARTIES = (
    Party(id="alpha", name="Alpha Corp", roles=("investor",)),
    Party(id="beta", name="Beta Ltd"),
    Party(id="gamma", name="Gamma & Co."),
)
ACTIONS = (
    Action(id="act", description="do the thing"),
    Action(id="other", description="do the other thing"),
)
START = date(2020, 1, 1)
COMPANION = Exclusivity(id="companion", grantor="alpha", holder="beta", scope="act")
"""The clause that the samples of kinds naming another clause (survival, carve-out) name."""
NO_CONDITIONS = frozenset({"survival"})
"""Kinds that take no condition precedent or subsequent."""


def _kwargs_for(kind: str) -> dict[str, Any] | None:
    """Fields of the sample clause of `kind`, or None for a kind without a sample yet."""
    window = {"days": 10, "count": "business", "last_day_counts": False}
    first_right = {
        "grantor": "alpha",
        "holder": "beta",
        "scope": "act",
        "free_period": Duration(months=6),
        "grantor_role": "buyer",
        "third_party_terms": "same",
        "free_period_from": "offer",
    }
    samples: dict[str, dict[str, Any]] = {
        "exclusivity": {"grantor": "alpha", "holder": "beta", "scope": "act"},
        "right_of_first_refusal": first_right,
        "right_of_first_offer": first_right,
        "right_of_first_negotiation": first_right,
        "revenue_share": {
            "payer": "alpha",
            "payee": "beta",
            "rate": Rate.parse("12.5%"),
            "base": "alpha.revenue",
            "period": "quarterly",
            "year_start_month": 7,
            "tiers": (),
            "minimum_annual": Money.parse("1000000.50 USD"),
            "cap": Money.parse("90000000 USD"),
        },
        "trigger": {
            "holder": "alpha",
            "counterparty": "beta",
            "condition": AtLeast(metric="profit", threshold=Money.parse("100000000000 USD")),
            "power": "other",
            "ends": (),
            "latches": False,
            "exercise_event": "power.used",
        },
        "license": {"licensor": "alpha", "licensee": "beta", "scope": "act", "exclusive": True},
        "permission": {"holder": "beta", "counterparty": "alpha", "action": "other"},
        "equity_stake": {
            "holder": "alpha",
            "entity": "gamma",
            "stake": Parameter(name="gamma.alpha_stake", note="not disclosed"),
        },
        "governance_right": {"holder": "beta", "entity": "gamma", "right": "other"},
        "non_compete": {
            "restricted": "alpha",
            "protected": "beta",
            "scope": ("act", "other"),
            "territory": ("US", "Île-de-France"),
            "period": Duration(years=2),
            "tail": Duration(months=12),
        },
        "non_solicit": {
            "restricted": "beta",
            "protected": "alpha",
            "scope": ("other",),
            "territory": ("EU",),
            "tail": Duration(months=6, days=15),
        },
        "survival": {"clauses": (COMPANION.id,), "period": Duration(years=5)},
        "carve_out": {"clause": COMPANION.id, "actions": ("act",)},
        "source_code_escrow": {
            "depositor": "alpha",
            "beneficiary": "beta",
            "release": "other",
            "release_condition": Declared(fact="alpha.insolvent") | Happened(event="support.ended"),
        },
        "liquidated_damages": {
            "obligor": "alpha",
            "obligee": "beta",
            "rate": Rate.parse("0.5%"),
            "period_days": 7,
            "cap": Rate.parse("10%"),
            "termination_after_days": 30,
            "force_majeure": "excuses_penalty_only",
        },
        "termination_right": {
            "holder": "alpha",
            "counterparty": "beta",
            "basis": "cause",
            "notice": Duration(days=10),
            "cure_period": Duration(days=30),
            "term": Term(
                effective_date="2020-03-01",
                expiry="2025-12-31",
                expiry_inclusive=True,
                renewal=Renewal(
                    period="P1Y",
                    times=None,
                    mode="option",
                    holder="beta",
                    notice="P3M",
                    notice_anchor="start_of_renewal",
                ),
            ),
        },
        "change_of_control": {
            "subject": "alpha",
            "counterparty": "beta",
            "consequence": "cap",
            "threshold": Rate.parse("40%"),
            "threshold_rule": "at_least",
            "measure": "the shares",
            "cap_lookback": Duration(months=3),
            "cap_uplift": Rate.parse("25%"),
        },
        "tail_payment": {
            "payer": "alpha",
            "payee": "beta",
            "quarters": 12,
            "shortened_for": ("without_cause", "change_of_control"),
        },
        "post_termination_services": {
            "provider": "alpha",
            "recipient": "beta",
            "services": "transition services",
            "period": Duration(months=6),
            "fee": Money.parse("25000.50 USD"),
            "fee_basis": "fixed",
        },
        "instalment_sale": {
            "buyer": "alpha",
            "seller": "beta",
            "total_price": Money.parse("10000.00 EUR"),
            "due_at_closing": Money.parse("500.00 EUR"),
            "minimum_instalment": Money.parse("500.00 EUR"),
            "first_month": 3,
            "monthly_interest": Rate.parse("1.5%"),
            "last_month": 24,
        },
        "perishable_goods_price": {
            "buyer": "alpha",
            "seller": "beta",
            "price_per_unit": Money.parse("1.50 USD"),
            "unit": "KG",
            "min_units": 3000,
            "max_units": 3500,
            "spoils_on": date(2018, 7, 2),
            "temperature": SensorRange(minimum=Decimal("-2.5"), maximum=13),
            "humidity": SensorRange(minimum=70, maximum=Decimal("90.0")),
            "penalty_per_unit": Money.parse("0.20 USD"),
        },
        "security_deposit": {
            "depositor": "alpha",
            "holder": "beta",
            "deposit": Money.parse("3000 USD"),
            "refund_policy": "depositor_as_promisor",
        },
        "conversion_right": {
            "investor": "alpha",
            "issuer": "gamma",
            "purchase_amount": Money.parse("25.00 USD"),
            "discount": Rate.parse("7%"),
        },
        "acceptance_of_delivery": {"supplier": "alpha", "receiver": "beta"},
        "service_credit": {
            "provider": "alpha",
            "customer": "beta",
            "levels": (
                ServiceLevel(target="99.8%", credit="2%"),
                ServiceLevel(target="98%", credit="3.5%"),
            ),
            "monthly_cap": Rate.parse("10%"),
            "rolling_cap": Rate.parse("7.5%"),
            "rolling_months": 6,
            "rounding": "ROUND_HALF_EVEN",
        },
        "minimum_commitment": {
            "obligor": "beta",
            "obligee": "alpha",
            "metric": "beta.orders",
            "unit": "systems",
            "start": date(2020, 3, 1),
            "period": "quarterly",
            "minimum": Decimal("750.5"),
            "schedule": (ScheduledMinimum(minimum=1000, periods=2), ScheduledMinimum(minimum=0)),
            "consequence": "pay_shortfall",
            "shortfall_price": Money.parse("12.25 EUR"),
            "forecast_deadline": "not_enforced",
        },
        "volume_restriction": {
            "restricted": "alpha",
            "holder": "gamma",
            "metric": "alpha.shipments",
            "unit": "tonnes",
            "period": "monthly",
            "cap": Decimal("1200.125"),
            "floor": 300,
        },
        "most_favoured_nation": {
            "grantor": "alpha",
            "holder": "beta",
            "subject": "the Product",
            "comparable": "customers buying similar volumes",
            "better": "higher",
        },
        "price_restriction": {
            "seller": "alpha",
            "buyer": "beta",
            "subject": "support services",
            "cap": Money.parse("1500 JPY"),
            "max_increase": Rate.parse("3%"),
            "index": "japan.cpi",
            "increase_limit": "greater",
        },
        "obligation": {
            "obligor": "alpha",
            "obligee": "beta",
            "owed": Deliverable(description="meat, AAA grade", quantity=Decimal("2.5")),
            "created_by": "power.exerted",
            "takes_effect": "goods.ready",
            "deadline": Deadline(days=3, after="goods.ready", inclusive=False),
            "created_by_deadline": Deadline(on="2021-06-30"),
        },
        "power": {
            "holder": "beta",
            "counterparty": "alpha",
            "effect": "suspend_obligation",
            "target": "obligation",
            "created_by": "obligation.violated",
            "takes_effect": "notice.given",
            "deadline": Deadline(days=30),
            "created_if": InState(clause="obligation", state="in_effect"),
        },
        "usage_billing": {
            "payer": "beta",
            "payee": "alpha",
            "unit_price": Money.parse("10.50 USD"),
            "max_payments": 5,
        },
    }
    kwargs = samples.get(kind)
    if kwargs is None:
        return None
    if kind.startswith("right_of_first"):
        from dealterms._calendar import ResponseWindow

        kwargs = {**kwargs, "window": ResponseWindow(**window)}
    if kind == "acceptance_of_delivery":
        from dealterms import BusinessCalendar, ResponseWindow

        calendar = BusinessCalendar(
            weekend=("friday", "saturday"),
            country="US",
            subdivision="NY",
            holidays=("2025-12-24", "2025-12-26"),
        )
        kwargs = {
            **kwargs,
            "inspection_period": ResponseWindow(**window, calendar=calendar),
        }
    return kwargs


def clause_samples() -> dict[str, Any]:
    """One sample clause per clause kind that has a sample, by kind."""
    out = {}
    for cls in CLAUSE_TYPES:
        kwargs = _kwargs_for(cls.kind)
        if kwargs is None:
            continue
        fields = {a.name for a in attrs.fields(cls)}
        kwargs = {k: v for k, v in kwargs.items() if k in fields}
        kwargs.setdefault(
            "term",
            Term(
                effective_date="2020-03-01",
                expiry="2025-12-31",
                expiry_inclusive=True,
                renewal=Renewal(period="P1Y", times=2),
            ),
        )
        out[cls.kind] = cls(
            id=cls.kind.replace("_", "-"),
            source=f"sample {cls.kind} clause — “quoted” text, with ümlauts",
            condition_precedent=None if cls.kind in NO_CONDITIONS else Declared(fact="approved"),
            condition_subsequent=None
            if cls.kind in NO_CONDITIONS
            else Happened(event="ended", on_or_after="2021-01-01"),
            **kwargs,
        )
    return out


def _with_companions(clause: Any) -> tuple[Any, ...]:
    # An obligation and a power name each other's lifecycle events: each deal has both.
    if clause.kind in ("obligation", "power"):
        other = clause_samples()["power" if clause.kind == "obligation" else "obligation"]
        return (clause, attrs.evolve(other, id=other.kind))
    return (clause, COMPANION) if any(clause.clause_refs()) else (clause,)


def sample_deal(clause: Any) -> Deal:
    """A small deal around one clause: the golden file of its kind."""
    return Deal(
        id=f"{clause.kind.replace('_', '-')}-sample",
        name=f"Sample deal: {clause.kind.replace('_', ' ')}",
        parties=PARTIES,
        actions=ACTIONS,
        term=Term(effective_date=START, expiry="2030-12-31", expiry_inclusive=True),
        clauses=_with_companions(clause),
        source="made up for the golden files",
    )


def test_every_clause_kind_has_a_sample() -> None:
    missing = [cls.kind for cls in CLAUSE_TYPES if _kwargs_for(cls.kind) is None]
    assert not missing, f"add a sample (and golden files) for: {missing}"
    for clause in clause_samples().values():
        sample_deal(clause)  # valid


# -- strategies --------------------------------------------------------------------------

ids = st.from_regex(r"[a-z][a-z0-9]{0,3}(-[a-z0-9]{1,3})?", fullmatch=True)
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12).filter(
    str.strip
)
days = st.integers(min_value=0, max_value=4000).map(lambda n: START + timedelta(days=n))
decimals = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=3, allow_nan=False
)
usd = decimals.map(lambda d: Money(amount=d, currency="USD"))
rates = st.decimals(min_value=0, max_value=1, places=4).map(lambda d: Rate(value=d))


def _atoms() -> st.SearchStrategy[Condition]:
    windows = st.tuples(st.none() | days, st.none() | days)
    return st.one_of(
        st.builds(Declared, fact=st.sampled_from(["approved", "board.ok"])),
        *(
            st.builds(kind, metric=st.just("profit"), threshold=usd)
            for kind in (AtLeast, MoreThan, AtMost, LessThan)
        ),
        *(
            st.builds(kind, metric=st.just("users"), threshold=decimals)
            for kind in (AtLeast, AtMost)
        ),
        windows.flatmap(
            lambda w: st.builds(
                Happened,
                event=st.sampled_from(["signed", "power.used"]),
                on_or_after=st.just(w[0]),
                before=st.just(w[1] if w[0] is None or w[1] is None or w[1] > w[0] else None),
            )
        ),
        st.builds(OnOrAfter, day=days),
        st.builds(Before, day=days),
    )


conditions: st.SearchStrategy[Condition] = st.recursive(
    _atoms(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda cs: AllOf(conditions=tuple(cs))),
        st.lists(inner, max_size=3).map(lambda cs: AnyOf(conditions=tuple(cs))),
        inner.map(lambda c: Not(condition=c)),
        st.builds(Latched, condition=inner, since=st.none() | days),
    ),
    max_leaves=6,
)


@st.composite
def terms(draw: st.DrawFn, start: date = START) -> Term:
    effective = draw(st.integers(0, 400).map(lambda n: start + timedelta(days=n)))
    if draw(st.booleans()):
        return Term(effective_date=effective)
    inclusive = draw(st.booleans())
    expiry = effective + timedelta(days=draw(st.integers(1, 3000)))
    renewal = draw(
        st.none()
        | st.builds(
            Renewal,
            period=st.sampled_from([Duration(years=1), Duration(months=3), Duration(days=10)]),
            times=st.integers(1, 3),
        )
    )
    return Term(
        effective_date=effective, expiry=expiry, expiry_inclusive=inclusive, renewal=renewal
    )


@st.composite
def clauses(draw: st.DrawFn, clause_id: str) -> Any:
    # A clause naming another names the first clause, which names none.
    pool = [
        c
        for _, c in sorted(clause_samples().items())
        if clause_id != "c0" or not any(c.clause_refs()) or c.kind in ("obligation", "power")
    ]
    sample = draw(st.sampled_from(pool))
    changes: dict[str, Any] = {
        "id": clause_id,
        "source": draw(st.none() | texts),
        "term": draw(st.none() | terms()),
        "condition_precedent": draw(st.none() | conditions),
        "condition_subsequent": draw(st.none() | conditions),
    }
    if sample.kind in NO_CONDITIONS:
        changes["condition_precedent"] = changes["condition_subsequent"] = None
    if sample.kind == "survival":
        changes["clauses"] = ("c0",)
    if sample.kind == "carve_out":
        changes["clause"] = "c0"
    if sample.kind == "source_code_escrow":
        changes["release_condition"] = draw(conditions)
    if sample.kind == "obligation":  # a deal refuses lifecycle events of unknown clauses
        changes["created_by"] = "demand"
    if sample.kind == "power":
        changes.update(
            effect="terminate_contract", target=None, created_by="demand", created_if=None
        )
    if sample.kind == "trigger":
        changes["condition"] = draw(conditions)
        changes["exercise_event"] = f"{clause_id}.exercised"
    if sample.kind == "revenue_share":
        changes["rate"] = draw(rates | st.builds(Parameter, name=st.just("r"), note=texts))
    return attrs.evolve(sample, **changes)


@st.composite
def deals(draw: st.DrawFn) -> Deal:
    n = draw(st.integers(1, 4))
    originals = [draw(clauses(f"c{i}")) for i in range(n)]
    live = [c.id for c in originals]
    amendments = []
    day = START + timedelta(days=draw(st.integers(1, 500)))
    for k in range(draw(st.integers(0, 2))):
        changes: list[Any] = []
        new_id = f"a{k}"
        choice = draw(st.sampled_from(["add", "replace", "remove"]))
        if choice == "add" or not live:
            changes.append(AddClause(clause=draw(clauses(new_id))))
            live.append(new_id)
        elif choice == "replace":
            old = draw(st.sampled_from(live))
            changes.append(ReplaceClause(clause_id=old, by=draw(clauses(new_id))))
            live[live.index(old)] = new_id
        else:
            old = draw(st.sampled_from(live))
            changes.append(RemoveClause(clause_id=old))
            live.remove(old)
        amendments.append(
            Amendment(
                id=f"amend-{k}",
                effective_date=day,
                changes=tuple(changes),
                agreed_on=draw(st.none() | days),
                description=draw(st.none() | texts),
                source=draw(st.none() | texts),
            )
        )
        day += timedelta(days=draw(st.integers(1, 500)))
    what_ifs = (
        [
            Amendment(
                id="what-if",
                effective_date=day,
                changes=(RemoveClause(clause_id=draw(st.sampled_from(live))),),
            )
        ]
        if live and draw(st.booleans())
        else []
    )
    interpretations = draw(
        st.lists(
            st.builds(
                Interpretation, id=ids, description=texts, term=terms().filter(lambda t: True)
            ),
            max_size=1,
        )
    )
    interpretations = [
        attrs.evolve(i, term=attrs.evolve(i.term, effective_date=START)) for i in interpretations
    ]
    fields: dict[str, Any] = {
        "id": draw(ids),
        "name": draw(texts),
        "term": attrs.evolve(draw(terms()), effective_date=START),
        "source": draw(st.none() | texts),
    }
    try:
        return Deal(
            parties=PARTIES,
            actions=ACTIONS,
            clauses=tuple(originals),
            amendments=tuple(amendments),
            what_ifs=tuple(what_ifs),
            interpretations=tuple(interpretations),
            **fields,
        )
    except InvalidDealError:  # e.g. a notice longer than a one-day interpretation's term
        reject()


def _events(rights: tuple[str, ...] = ("c0",)) -> st.SearchStrategy[Any]:
    from dealterms._events import Match, Offer, Performed, Refusal, Terms, ThirdPartyDeal

    clause_ids = st.sampled_from(rights) if rights else st.nothing()

    sources = st.none() | texts
    offer_terms = st.none() | st.builds(
        Terms,
        unit_price=decimals.filter(lambda d: d >= 0).map(lambda d: Money(amount=d, currency="EUR")),
        quantity=st.decimals(min_value=1, max_value=1000, places=2),
        description=st.none() | texts,
    )
    return st.one_of(
        st.builds(Event, name=st.sampled_from(["signed", "power.used"]), date=days, source=sources),
        st.builds(Offer, clause=clause_ids, date=days, terms=offer_terms, source=sources),
        st.builds(Match, clause=clause_ids, date=days, source=sources),
        st.builds(Refusal, clause=clause_ids, date=days, source=sources),
        st.builds(
            ThirdPartyDeal,
            party=st.sampled_from(["alpha", "beta"]),
            actions=st.lists(st.sampled_from(["act", "other"]), min_size=1, max_size=2).map(tuple),
            date=days,
            third_party=texts,
            terms=offer_terms,
            source=sources,
        ),
        st.builds(
            Performed,
            party=st.sampled_from(["alpha", "beta"]),
            action=st.sampled_from(["act", "other"]),
            date=days,
            source=sources,
        ),
    )


@st.composite
def facts(draw: st.DrawFn) -> tuple[Fact, ...]:
    out = []
    values: dict[str, st.SearchStrategy[Any]] = {
        "approved": st.booleans(),
        "board.ok": st.booleans(),
        "profit": usd,
        "users": decimals,
    }
    for name, values_of in values.items():
        if draw(st.booleans()):
            out.append(
                Fact(
                    name=name,
                    value=draw(values_of),
                    source=draw(st.none() | texts),
                    reported_on=draw(st.none() | days),
                )
            )
    return tuple(out)


@st.composite
def series(draw: st.DrawFn, metric: str) -> Series:
    offsets = draw(st.lists(st.integers(0, 4000), min_size=1, max_size=4, unique=True))
    return Series(
        metric=metric,
        interpolation=draw(st.sampled_from(["step", "linear"])),
        observations=tuple(
            Observation(date=START + timedelta(days=o), value=draw(usd)) for o in sorted(offsets)
        ),
    )


@st.composite
def states(
    draw: st.DrawFn, *, plain_events: bool = False, rights: tuple[str, ...] = ("c0",)
) -> State:
    known = draw(facts())
    metric_series = (
        ()
        if any(f.name == "profit" for f in known)
        else draw(st.lists(series("profit"), max_size=1))
    )
    event_strategy = (
        st.builds(Event, name=st.sampled_from(["signed", "power.used"]), date=days)
        if plain_events
        else _events(rights)
    )
    return State(
        as_of=draw(days),
        facts=known,
        events=tuple(draw(st.lists(event_strategy, max_size=4))),
        series=tuple(metric_series),
        known_on=draw(st.none() | days),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    deal = draw(deals())
    state = draw(states(plain_events=True))
    return Scenario(
        id=draw(ids),
        deal=deal,
        description=draw(st.none() | texts),
        what_ifs=tuple(w.id for w in deal.what_ifs if draw(st.booleans())),
        interpretation=draw(st.none() | st.sampled_from([i.id for i in deal.interpretations]))
        if deal.interpretations
        else None,
        facts=state.facts,
        events=state.events,
        series=state.series,
        known_on=state.known_on,
    )


@st.composite
def evaluations(draw: st.DrawFn) -> Evaluation:
    from dealterms._process import FIRST_RIGHTS

    deal = draw(deals())
    rights = tuple(sorted(c.id for c in deal.clauses if isinstance(c, FIRST_RIGHTS)))
    return evaluate(deal, draw(states(rights=rights)))
