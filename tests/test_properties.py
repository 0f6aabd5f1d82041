"""Laws of evaluation, checked on generated deals and states (`dealterms.strategies`).

Each test states one law that any deal and state must satisfy:

1. determinism: the same deal and state give the same evaluation, field for field, also
   for a deal and state rebuilt from their parts and after other evaluations;
2. independence from declaration order (clauses, parties, actions, amendments, facts,
   events, series);
3. nothing is in force or contingent outside the deal's term;
4. monotonicity: raising a metric that a clause needs to be *at least* a threshold never
   takes away one of its entitlements;
5. soundness of unknowns: an entitlement is decided exactly when every completion of the
   unknown facts gives it the same status, and a contingent one names exactly the facts
   that can change it on their own;

and a few more that pin down behaviour the documentation promises.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import assume, currently_in_test_context, given, note
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
    Contingent,
    Deal,
    Declared,
    Entitlement,
    Evaluation,
    Exclusivity,
    Fact,
    Happened,
    InForce,
    Latched,
    LessThan,
    Money,
    MoreThan,
    Not,
    NotInForce,
    Observation,
    OnOrAfter,
    Party,
    Permission,
    RemoveClause,
    ReplaceClause,
    State,
    Survival,
    Term,
    Trigger,
    evaluate,
)
from dealterms import strategies as dts
from dealterms.exceptions import InvalidDealError, InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from dealterms import Clause, FactValue

# ---------------------------------------------------------------------------------------
# Helpers


@st.composite
def _with_states(draw: st.DrawFn, deals: st.SearchStrategy[Deal]) -> tuple[Deal, State]:
    deal = draw(deals)
    return deal, draw(dts.states(deal))


def deals_and_states(**deal_options: Any) -> st.SearchStrategy[tuple[Deal, State]]:
    return _with_states(dts.deals(**deal_options))


DEALS = dts.deals()
DEALS_AND_STATES = deals_and_states()
DATED_CONDITIONS = dts.conditions(min_date=date(2019, 1, 1), max_date=date(2023, 12, 31))


def every_clause(deal: Deal) -> Iterator[Clause]:
    yield from deal.clauses
    for amendment in deal.amendments:
        for change in amendment.changes:
            if isinstance(change, AddClause):
                yield change.clause
            elif isinstance(change, ReplaceClause):
                yield change.by


def every_condition(deal: Deal) -> Iterator[Condition]:
    for clause in every_clause(deal):
        if isinstance(clause, Trigger):
            yield clause.condition
        for cond in (clause.condition_precedent, clause.condition_subsequent):
            if cond is not None:
                yield cond


def atoms(cond: Condition) -> Iterator[Condition]:
    if isinstance(cond, AllOf | AnyOf):
        for c in cond.conditions:
            yield from atoms(c)
    elif isinstance(cond, Not | Latched):
        yield from atoms(cond.condition)
    else:
        yield cond


def change_days(deal: Deal) -> set[date]:
    """The dates of the deal's term and amendments, and every date its conditions name."""
    term = deal.term.interval()
    days = {term.start, *([term.end] if term.end else [])}
    days |= {a.effective_date for a in deal.amendments}
    for clause in every_clause(deal):
        if clause.term is not None:
            own = clause.term.interval()
            days |= {own.start, *([own.end] if own.end else [])}
    for cond in every_condition(deal):
        for node in nodes(cond):
            if isinstance(node, OnOrAfter | Before):
                days.add(node.day)
            elif isinstance(node, Happened):
                days |= {d for d in (node.on_or_after, node.before) if d is not None}
            elif isinstance(node, Latched) and node.since is not None:
                days.add(node.since)
    return days


def nodes(cond: Condition) -> Iterator[Condition]:
    yield cond
    if isinstance(cond, AllOf | AnyOf):
        for c in cond.conditions:
            yield from nodes(c)
    elif isinstance(cond, Not | Latched):
        yield from nodes(cond.condition)


def facts_read(deal: Deal) -> dict[str, list[Money | Decimal] | None]:
    """Each fact the deal's conditions read: `None` for a declaration, else its thresholds."""
    read: dict[str, list[Money | Decimal] | None] = {}
    for cond in every_condition(deal):
        for a in atoms(cond):
            if isinstance(a, Declared):
                read[a.fact] = None
            elif isinstance(a, AtLeast | MoreThan | AtMost | LessThan):
                read.setdefault(a.metric, []).append(a.threshold)
    return read


def representatives(thresholds: list[Money | Decimal] | None) -> list[FactValue]:
    """A value in every region the thresholds tell apart: below all, at each, between
    neighbours, above all (`True`/`False` for a declaration)."""
    if thresholds is None:
        return [True, False]
    amounts = sorted({t.amount if isinstance(t, Money) else t for t in thresholds})
    values = [amounts[0] - 1]
    for lo, hi in itertools.pairwise(amounts):
        values += [lo, (lo + hi) / 2]
    values += [amounts[-1], amounts[-1] + 1]
    first = thresholds[0]
    if isinstance(first, Money):
        return [Money(amount=v, currency=first.currency) for v in values]
    return list(values)


def known_on_as_of(state: State) -> set[str]:
    """The facts whose value on `as_of` the state gives (as facts or through a series)."""
    known = {f.name for f in state.facts}
    known |= {s.metric for s in state.series if s.value_on(state.as_of) is not None}
    return known


def complete(state: State, values: Mapping[str, FactValue]) -> State:
    """`state` with the unknown facts in `values` given. A metric whose series starts
    after `as_of` gets an observation on `as_of` (a series and a fact may not coexist)."""
    facts = list(state.facts)
    series = {s.metric: s for s in state.series}
    for name, value in values.items():
        if name in series:
            s = series[name]
            first = Observation(date=state.as_of, value=value)  # type: ignore[arg-type]
            series[name] = attrs.evolve(s, observations=(first, *s.observations))
        else:
            facts.append(Fact(name=name, value=value))
    return attrs.evolve(state, facts=tuple(facts), series=tuple(series.values()))


def rebuild(value: Any) -> Any:
    """A deep copy of an attrs value built anew through `attrs.evolve` (tuples too)."""
    if isinstance(value, tuple):
        return tuple(rebuild(v) for v in value)
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return attrs.evolve(
            value, **{f.alias: rebuild(getattr(value, f.name)) for f in fields if f.init}
        )
    return value


RANK = {InForce: 2, Contingent: 1, NotInForce: 0}


def rank(e: Entitlement) -> int:
    return RANK[type(e.status)]


def describe(ev: Evaluation) -> list[str]:
    return [f"{e.clause}/{e.relation}/{e.holder}: {e.status}" for e in ev.entitlements]


# ---------------------------------------------------------------------------------------
# 1. Determinism


@given(data=st.data())
def test_evaluation_is_deterministic(data: st.DataObject) -> None:
    deal, state = data.draw(DEALS_AND_STATES)
    assert_deterministic(data, deal, state)


@given(data=st.data())
def test_evaluation_of_one_rich_condition_is_deterministic(data: st.DataObject) -> None:
    deal = _one_permission(data.draw(DATED_CONDITIONS, label="condition"))
    assert_deterministic(data, deal, data.draw(dts.states(deal), label="state"))


def assert_deterministic(data: st.DataObject, deal: Deal, state: State) -> None:
    """Law 1 for one deal and state, and questions near it."""
    # Questions that differ from this one in one part only, so that they share parts of
    # the keys of the deal's caches ...
    questions = []
    for other in data.draw(st.lists(dts.states(deal), max_size=2), label="others"):
        questions.append(other)
        for part in ("as_of", "facts", "events", "series", "known_on"):
            try:
                near = attrs.evolve(state, **{part: getattr(other, part)})
            except ValueError:  # e.g. a metric given both as a fact and as a series
                continue
            questions.append(near)
    # ... or only in the day asked about, on and around the days where answers change ...
    days = sorted(change_days(deal))
    for day in data.draw(st.lists(st.sampled_from(days), max_size=3), label="days"):
        around = (day - timedelta(days=1), day, day + timedelta(days=1))
        questions += [attrs.evolve(state, as_of=as_of) for as_of in around]
    questions.append(state)
    # ... are each answered the same by the deal after all the questions before it, and by
    # a deal and state rebuilt from their parts that were never asked anything.
    for question in questions:
        warm = evaluate(deal, question)
        assert evaluate(deal, question) == warm
        deal_again, question_again = rebuild(deal), rebuild(question)
        assert deal_again == deal
        assert deal_again is not deal
        assert question_again == question
        cold = evaluate(deal_again, question_again)
        assert len(cold.entitlements) == len(warm.entitlements)
        for a, b in zip(cold.entitlements, warm.entitlements, strict=True):
            for field in attrs.fields(Entitlement):
                assert getattr(a, field.name) == getattr(b, field.name), (field.name, a, b)
        assert cold == warm


# ---------------------------------------------------------------------------------------
# 2. Independence from declaration order


@given(data=st.data())
def test_declaration_order_does_not_matter(data: st.DataObject) -> None:
    deal, state = data.draw(DEALS_AND_STATES)

    def shuffled(items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(data.draw(st.permutations(items)))

    other_deal = attrs.evolve(
        deal,
        clauses=shuffled(deal.clauses),
        parties=shuffled(deal.parties),
        actions=shuffled(deal.actions),
        amendments=shuffled(deal.amendments),
    )
    other_state = attrs.evolve(
        state,
        facts=shuffled(state.facts),
        events=shuffled(state.events),
        series=shuffled(state.series),
    )
    expected = evaluate(deal, state).entitlements
    assert evaluate(other_deal, other_state).entitlements == expected


# ---------------------------------------------------------------------------------------
# 3. Nothing outside the deal's term


@given(data=st.data())
def test_nothing_is_in_force_or_contingent_outside_the_deal_term(data: st.DataObject) -> None:
    """Before the term nothing holds; after it, only what survives, within its survival."""
    deal, state = data.draw(DEALS_AND_STATES)
    term = deal.term.interval()
    days = st.integers(min_value=0, max_value=800)
    outside = [term.start - timedelta(days=1 + data.draw(days, label="days before"))]
    if term.end is not None:
        outside.append(term.end + timedelta(days=data.draw(days, label="days after end")))
    as_of = data.draw(st.sampled_from(outside), label="as_of")
    assert as_of not in term
    ev = evaluate(deal, attrs.evolve(state, as_of=as_of))
    live = (*ev.in_force(), *ev.contingent())
    if as_of < term.start:
        assert live == ()
        return
    assert term.end is not None
    for e in live:
        survives = survival_ends(deal, e.clause, term.end)
        assert survives, e
        assert any(end is None or as_of < end for end in survives), (e, survives)


def survival_ends(deal: Deal, clause_id: str, term_end: date) -> list[date | None]:
    """The latest days (exclusive) a clause could survive to, by each rule that names it.

    Own tails count from the end of the clause's term, at most the deal's; survival
    clauses from the end of the deal's term.
    """
    ends: list[date | None] = []
    for v in deal.history:
        clause = v.clause
        if isinstance(clause, Survival) and clause_id in clause.clauses:
            ends.append(None if clause.period is None else clause.period.add_to(term_end))
        if clause.id == clause_id and (tail := clause.post_term()) is not None:
            ends.append(None if tail.period is None else tail.period.add_to(term_end))
    return ends


# ---------------------------------------------------------------------------------------
# 4. Monotonicity of AtLeast thresholds

LAW_METRIC = "law.metric"  # read by no generated condition
DEALS_WITH_A_CLAUSE = dts.deals(min_clauses=1)


@given(data=st.data())
def test_raising_an_at_least_metric_never_takes_an_entitlement_away(
    data: st.DataObject,
) -> None:
    deal = data.draw(DEALS_WITH_A_CLAUSE, label="deal")
    amount = data.draw(st.integers(-5, 105).map(Decimal), label="threshold")
    currency = data.draw(st.sampled_from([None, "USD"]), label="currency")

    def value(x: Decimal) -> Money | Decimal:
        return x if currency is None else Money(amount=x, currency=currency)

    i = data.draw(st.integers(0, len(deal.clauses) - 1), label="clause index")
    clause = deal.clauses[i]
    assume(not isinstance(clause, Survival))  # takes no conditions
    need = AtLeast(metric=LAW_METRIC, threshold=value(amount))
    precedent = need if clause.condition_precedent is None else need & clause.condition_precedent
    gated = attrs.evolve(clause, condition_precedent=precedent)
    deal = attrs.evolve(deal, clauses=(*deal.clauses[:i], gated, *deal.clauses[i + 1 :]))
    state = data.draw(dts.states(deal), label="state")
    steps = [Decimal(0), Decimal("0.01"), Decimal(1), Decimal(1000)]
    low = amount + data.draw(st.sampled_from([*steps, -steps[1], -steps[2]]), label="low")
    high = low + data.draw(st.sampled_from(steps), label="raise by")

    def at(x: Decimal) -> Evaluation:
        facts = tuple(f for f in state.facts if f.name != LAW_METRIC)
        facts += (Fact(name=LAW_METRIC, value=value(x)),)
        series = tuple(s for s in state.series if s.metric != LAW_METRIC)
        return evaluate(deal, attrs.evolve(state, facts=facts, series=series))

    before, after = at(low), at(high)
    for a, b in zip(before.entitlements, after.entitlements, strict=True):
        if a.clause == clause.id and a.amendment is None:
            assert rank(b) >= rank(a), (a.status, b.status)


# ---------------------------------------------------------------------------------------
# 5. Soundness of unknowns

# Few facts, so that every completion of the unknown ones can be enumerated.
SMALL_SCHEMA = {"approved": "declaration", "profit": "USD", "users": "number"}
SMALL_DEALS = dts.deals(
    min_clauses=1, max_clauses=3, max_amendments=1, max_leaves=2, facts=SMALL_SCHEMA
)
FACT_CONDITIONS = dts.conditions(
    facts=SMALL_SCHEMA, events=(), allow_dates=False, max_leaves=4
).filter(
    lambda c: any(
        isinstance(a, Declared | AtLeast | MoreThan | AtMost | LessThan) for a in atoms(c)
    )
)


@st.composite
def fact_heavy_deals_and_states(draw: st.DrawFn) -> tuple[Deal, State]:
    """Small deals whose original clauses also need some facts, and states."""
    deal = draw(SMALL_DEALS)
    clauses = []
    for clause in deal.clauses:
        if isinstance(clause, Survival):  # takes no conditions
            clauses.append(clause)
            continue
        extra = draw(FACT_CONDITIONS)
        old = clause.condition_precedent
        both = extra if old is None else AllOf(conditions=(extra, old))
        clauses.append(attrs.evolve(clause, condition_precedent=both))
    deal = attrs.evolve(deal, clauses=tuple(clauses))
    return deal, draw(dts.states(deal))


def assert_unknowns_are_sound(deal: Deal, state: State) -> None:
    """Law 5 for one deal and state: compare each entitlement's status with its status in
    every completion of the facts the state does not know."""
    read = facts_read(deal)
    unknown = sorted(set(read) - known_on_as_of(state))
    choices = [representatives(read[name]) for name in unknown]
    base = evaluate(deal, state)
    if currently_in_test_context():  # for a readable report of a failing example
        note(f"unknown facts: {dict(zip(unknown, choices, strict=True))}")
        note("\n".join(describe(base)))

    # Evaluate every completion of the unknown facts; each must decide every entitlement.
    table: dict[tuple[int, ...], tuple[bool, ...]] = {}
    for idx in itertools.product(*(range(len(c)) for c in choices)):
        values = {n: choices[k][j] for k, (n, j) in enumerate(zip(unknown, idx, strict=True))}
        ev = evaluate(deal, complete(state, values))
        assert ev.contingent() == (), (values, describe(ev))
        table[idx] = tuple(e.in_force for e in ev.entitlements)

    def decides_alone(pos: int, i: int) -> bool:
        """Whether changing the fact `unknown[pos]` alone can change entitlement `i`."""
        for idx, row in table.items():
            for j in range(len(choices[pos])):
                other = (*idx[:pos], j, *idx[pos + 1 :])
                if table[other][i] != row[i]:
                    return True
        return False

    for i, e in enumerate(base.entitlements):
        outcomes = {row[i] for row in table.values()}
        match e.status:
            case InForce():
                assert outcomes == {True}, e
            case NotInForce():
                assert outcomes == {False}, e
            case Contingent(missing=missing):
                assert outcomes == {True, False}, e
                deciding = [n for pos, n in enumerate(unknown) if decides_alone(pos, i)]
                assert list(missing) == deciding, e


def forget_some(data: st.DataObject, deal: Deal, state: State) -> State:
    """`state` without some of the facts (and series) the deal reads, to make more unknowns."""
    names = sorted(facts_read(deal))
    gone = data.draw(st.sets(st.sampled_from(names)) if names else st.just(set()), label="forget")
    return attrs.evolve(
        state,
        facts=tuple(f for f in state.facts if f.name not in gone),
        series=tuple(s for s in state.series if s.metric not in gone),
    )


@given(data=st.data())
def test_unknown_facts_are_decided_exactly(data: st.DataObject) -> None:
    deal, state = data.draw(fact_heavy_deals_and_states())
    assert_unknowns_are_sound(deal, forget_some(data, deal, state))


RICH_CONDITIONS = dts.conditions(facts=SMALL_SCHEMA, events=(), allow_dates=False, max_leaves=8)


@given(data=st.data())
def test_unknown_facts_are_decided_exactly_in_one_rich_condition(data: st.DataObject) -> None:
    deal = _one_permission(data.draw(RICH_CONDITIONS, label="condition"))
    state = data.draw(dts.states(deal), label="state")
    assert_unknowns_are_sound(deal, forget_some(data, deal, state))
    # ... and with nothing known, on a day the permission's term covers.
    nothing_known = State(as_of=date(2021, 1, 1), events=state.events)
    assert_unknowns_are_sound(deal, nothing_known)


@pytest.mark.parametrize("first", [AtLeast, MoreThan, AtMost, LessThan])
@pytest.mark.parametrize("second", [AtLeast, MoreThan, AtMost, LessThan])
def test_two_comparisons_at_one_threshold_are_decided_exactly(
    first: type[AtLeast | MoreThan | AtMost | LessThan],
    second: type[AtLeast | MoreThan | AtMost | LessThan],
) -> None:
    """Every way to combine two comparisons at one threshold (which may hinge on the
    metric being exactly at it), with the metric unknown."""
    for money in (False, True):
        t = Money(amount=10, currency="USD") if money else Decimal(10)
        a, b = first(metric="m", threshold=t), second(metric="m", threshold=t)
        for x, y in itertools.product((a, Not(condition=a)), (b, Not(condition=b))):
            for cond in (x & y, x | y):
                assert_unknowns_are_sound(_one_permission(cond), State(as_of="2021-01-01"))


def test_excluded_middle_is_never_contingent() -> None:
    x = Declared(fact="x")
    for cond, in_force in ((x | ~x, True), (x & ~x, False)):
        ev = evaluate(_one_permission(cond), State(as_of="2021-01-01"))
        assert ev.entitlements[0].in_force is in_force
        assert ev.contingent() == ()


def test_contradictory_thresholds_are_false_while_the_metric_is_unknown() -> None:
    cond = AtLeast(metric="m", threshold=100) & LessThan(metric="m", threshold=50)
    ev = evaluate(_one_permission(cond), State(as_of="2021-01-01"))
    (e,) = ev.entitlements
    assert isinstance(e.status, NotInForce)


@given(cond=dts.conditions(), state=dts.states())
def test_tautologies_hold_and_contradictions_fail_whatever_is_unknown(
    cond: Condition, state: State
) -> None:
    state = attrs.evolve(state, as_of=date(2021, 1, 1))
    assert evaluate(_one_permission(cond | ~cond), state).entitlements[0].in_force
    (e,) = evaluate(_one_permission(cond & ~cond), state).entitlements
    assert isinstance(e.status, NotInForce)


def _one_permission(cond: Condition) -> Deal:
    return Deal(
        id="d",
        name="One permission",
        term=Term(effective_date="2020-01-01"),
        parties=(Party(id="a", name="A"), Party(id="b", name="B")),
        actions=(Action(id="x", description="do x"),),
        clauses=(
            Permission(id="p", holder="a", counterparty="b", action="x", condition_precedent=cond),
        ),
    )


# ---------------------------------------------------------------------------------------
# More laws the documentation promises


@given(data=st.data())
def test_evaluation_succeeds_for_every_valid_deal_and_state(data: st.DataObject) -> None:
    """A deal that constructs and a state that constructs can always be evaluated."""
    deal = data.draw(DEALS, label="deal")
    state = data.draw(dts.states(deal), label="state")
    evaluate(deal, state)


def test_known_on_keeps_a_valid_deal_valid() -> None:
    """Minimal case of the law above: `known_on` drops an amendment (agreed late) that
    adds a clause, but keeps a later one (agreed early) that removes it."""
    deal = Deal(
        id="d",
        name="Retroactive addition",
        term=Term(effective_date="2020-01-01"),
        parties=(Party(id="a", name="A"), Party(id="b", name="B")),
        actions=(Action(id="x", description="do x"),),
        clauses=(),
        amendments=(
            Amendment(
                id="add-p",
                effective_date="2021-01-01",
                agreed_on="2022-06-01",
                changes=(
                    AddClause(clause=Permission(id="p", holder="a", counterparty="b", action="x")),
                ),
            ),
            Amendment(
                id="remove-p", effective_date="2022-01-01", changes=(RemoveClause(clause_id="p"),)
            ),
        ),
    )
    ev = evaluate(deal, State(as_of="2022-03-01", known_on="2022-03-01"))
    # As known on 2022-03-01 the addition is not agreed yet: nothing was ever in force.
    assert ev.in_force() == ()


def _latched_permission() -> Deal:
    return _one_permission(Latched(condition=Declared(fact="ok"), since=date(2021, 1, 1)))


def test_an_earlier_question_does_not_change_a_latched_answer() -> None:
    """A case of law 1: the answer on 2021-06-01 must not depend on
    whether the deal was asked about 2020-06-01 first. (Both days lie in one period of the
    compiled deal, and its remembered decisions are keyed by facts, events and the
    dates of `OnOrAfter`/`Before`, but not by the `since` of a `Latched`.)"""
    late = State(as_of="2021-06-01", facts={"ok": True})
    cold = evaluate(_latched_permission(), late)
    deal = _latched_permission()
    evaluate(deal, State(as_of="2020-06-01", facts={"ok": True}))
    warm = evaluate(deal, late)
    assert warm == cold
    assert warm.entitlements[0].in_force


def test_a_mistyped_fact_is_refused_whatever_was_asked_before() -> None:
    """A number given for a declaration is an error, also after the deal answered the same
    question with `True` (`Decimal(1) == True`, so a cache keyed by fact values must not
    confuse them)."""
    wrong = State(as_of="2021-06-01", facts={"ok": Decimal(1)})
    with pytest.raises(InvalidValueError):
        evaluate(_one_permission(Declared(fact="ok")), wrong)
    deal = _one_permission(Declared(fact="ok"))
    evaluate(deal, State(as_of="2021-06-01", facts={"ok": True}))
    with pytest.raises(InvalidValueError):
        evaluate(deal, wrong)


@pytest.mark.parametrize(
    "clauses",
    [
        pytest.param(
            (
                Permission(
                    id="p",
                    holder="a",
                    counterparty="b",
                    action="x",
                    condition_precedent=AtLeast(metric="m", threshold=Money.parse("5 USD")),
                    condition_subsequent=AtLeast(metric="m", threshold=Money.parse("5 EUR")),
                ),
            ),
            id="two currencies in one clause",
        ),
        pytest.param(
            (
                Permission(
                    id="p",
                    holder="a",
                    counterparty="b",
                    action="x",
                    condition_precedent=Declared(fact="m"),
                ),
                Permission(
                    id="q",
                    holder="b",
                    counterparty="a",
                    action="x",
                    condition_precedent=AtLeast(metric="m", threshold=5),
                ),
            ),
            id="declaration and number in two clauses",
        ),
        pytest.param(
            (
                Trigger(
                    id="t",
                    holder="a",
                    counterparty="b",
                    condition=AtLeast(metric="m", threshold=Money.parse("5 USD")),
                    power="x",
                    ends=("q",),
                ),
                Permission(
                    id="q",
                    holder="b",
                    counterparty="a",
                    action="x",
                    condition_precedent=AtLeast(metric="m", threshold=5),
                ),
            ),
            id="money trigger ends a clause that reads a number",
        ),
    ],
)
def test_a_deal_reads_each_fact_with_one_type(clauses: tuple[Clause, ...]) -> None:
    """Mixing types or currencies for one fact is a validation error of the deal, not an
    error of some later evaluation (with the fact unknown, it even names a value that no
    state gave)."""
    with pytest.raises(InvalidDealError):
        Deal(
            id="d",
            name="Mixed",
            term=Term(effective_date="2020-01-01"),
            parties=(Party(id="a", name="A"), Party(id="b", name="B")),
            actions=(Action(id="x", description="do x"),),
            clauses=clauses,
        )


def test_an_exercise_counts_only_while_the_trigger_clause_is_in_force() -> None:
    """Trigger: "An exercise counts only while the trigger clause itself is in force." A
    trigger whose condition precedent is false confers no power, so its exercise event
    must not end other clauses."""
    deal = Deal(
        id="d",
        name="Unapproved trigger",
        term=Term(effective_date="2020-01-01"),
        parties=(Party(id="a", name="A"), Party(id="b", name="B")),
        actions=(Action(id="x", description="do x"),),
        clauses=(
            Trigger(
                id="t",
                holder="a",
                counterparty="b",
                condition=AtLeast(metric="m", threshold=5),
                power="x",
                ends=("q",),
                condition_precedent=Declared(fact="approved"),
            ),
            Permission(id="q", holder="b", counterparty="a", action="x"),
        ),
    )
    state = State(
        as_of="2021-01-01",
        facts={"m": 10, "approved": False},
        events={"t.exercised": "2020-06-01"},
    )
    ev = evaluate(deal, state)
    (power,) = ev.for_clause("t")
    assert isinstance(power.status, NotInForce)
    (permission,) = ev.for_clause("q")
    assert permission.in_force, permission.status


def test_entitlement_text_names_the_holder_verbatim() -> None:
    """Display names are data: a name that looks like a template placeholder must not be
    replaced by another party's name."""
    deal = Deal(
        id="d",
        name="Odd names",
        term=Term(effective_date="2020-01-01"),
        parties=(Party(id="a", name="{counterparty} Ltd"), Party(id="b", name="Bob")),
        actions=(Action(id="x", description="do x"),),
        clauses=(Exclusivity(id="e", grantor="b", holder="a", scope="x"),),
    )
    (e,) = evaluate(deal, State(as_of="2021-01-01")).entitlements
    assert "{counterparty} Ltd" in e.text, e.text


def test_importing_dealterms_does_not_import_hypothesis() -> None:
    code = "import dealterms, sys; assert 'hypothesis' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
