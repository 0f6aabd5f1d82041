"""Restrictive covenants, survival, carve-outs, licence parameters and source-code escrow."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealterms import (
    Action,
    AddClause,
    Amendment,
    CarveOut,
    Clause,
    Deal,
    Declared,
    Duration,
    Event,
    Happened,
    License,
    NonCompete,
    NonSolicit,
    Party,
    Relation,
    RemoveClause,
    Scenario,
    SourceCodeEscrow,
    State,
    Survival,
    Term,
    evaluate,
    timeline,
)
from dealterms import strategies as dts
from dealterms.exceptions import InvalidDealError, InvalidValueError
from dealterms.io import dumps, loads

PARTIES = (Party(id="seller", name="Seller"), Party(id="buyer", name="Buyer"))
ACTIONS = (
    Action(id="sell-widgets", description="sell widgets"),
    Action(id="invest", description="hold passive investments in competitors"),
    Action(id="solicit-staff", description="solicit the buyer's staff"),
    Action(id="use-ip", description="use the licensed software"),
    Action(id="get-code", description="maintain the software itself"),
)
TERM = Term(effective_date="2020-01-01", expiry="2024-12-31", expiry_inclusive=True)


def deal(*clauses: Clause, amendments: tuple[Amendment, ...] = (), term: Term = TERM) -> Deal:
    return Deal(
        id="d",
        name="Scope deal",
        parties=PARTIES,
        actions=ACTIONS,
        term=term,
        clauses=clauses,
        amendments=amendments,
    )


def status(d: Deal, day: str, clause: str, **state: object) -> list[str]:
    ev = evaluate(d, State(as_of=day, **state))  # type: ignore[arg-type]
    return [e.status.name for e in ev.for_clause(clause)]


NC = NonCompete(
    id="nc",
    restricted="seller",
    protected="buyer",
    scope=("sell-widgets", "invest"),
    territory=("US", "CA"),
    tail=Duration(months=12),
)


# -- non-compete and non-solicit ------------------------------------------------------------


def test_non_compete_is_a_duty_to_refrain_during_the_term_and_the_tail() -> None:
    d = deal(NC)
    for day in ("2020-01-01", "2024-12-31", "2025-01-01", "2025-12-31"):
        assert status(d, day, "nc") == ["in_force", "in_force"], day
        ev = evaluate(d, State(as_of=day))
        assert ev.may("seller", "sell-widgets").value == "no"
    assert status(d, "2026-01-01", "nc") == ["not_in_force", "not_in_force"]  # the day after
    assert status(d, "2019-12-31", "nc") == ["not_in_force", "not_in_force"]
    [e, _] = evaluate(d, State(as_of="2025-06-01")).for_clause("nc")
    assert (e.relation, e.holder, e.counterparty, e.conduct) == (
        Relation.CLAIM,
        "buyer",
        "seller",
        "forbear",
    )
    assert e.text == "Seller must not sell widgets in US, CA (non-compete in favour of Buyer)"
    assert e.because == (
        "survives the end of the term on 2024-12-31 for 12 months, through 2025-12-31 "
        "(its post-term tail of 12 months, clause nc)"
    )
    [after, _] = evaluate(d, State(as_of="2026-01-01")).for_clause("nc")
    assert after.because == "expired: it survived the end of the term through 2025-12-31"


def test_non_solicit_with_a_period_and_a_tail_counted_from_its_own_end() -> None:
    ns = NonSolicit(
        id="ns",
        restricted="seller",
        protected="buyer",
        scope=("solicit-staff",),
        period="P2Y",  # 2020-01-01 through 2021-12-31
        tail="P6M",  # then 2022-01-01 through 2022-06-30
    )
    d = deal(ns)
    assert status(d, "2021-12-31", "ns") == ["in_force"]
    assert status(d, "2022-06-30", "ns") == ["in_force"]
    assert status(d, "2022-07-01", "ns") == ["not_in_force"]
    assert status(d, "2024-06-01", "ns") == ["not_in_force"]


def test_the_wording_changes_on_the_first_day_of_the_tail_whatever_was_asked_before() -> None:
    # Regression: the day the tail begins was not a segment boundary, so an answer first
    # built for a tail day was reused for the last day of the period (and vice versa).
    def clause() -> NonSolicit:
        return NonSolicit(
            id="ns",
            restricted="seller",
            protected="buyer",
            scope=("solicit-staff",),
            period="P2Y",
            tail="P6M",
        )

    asked = deal(clause())
    evaluate(asked, State(as_of="2022-01-01"))
    for day in ("2021-12-31", "2022-01-01"):
        warm = evaluate(asked, State(as_of=day)).for_clause("ns")
        cold = evaluate(deal(clause()), State(as_of=day)).for_clause("ns")
        assert [e.because for e in warm] == [e.because for e in cold]
    [last] = evaluate(deal(clause()), State(as_of="2021-12-31")).for_clause("ns")
    assert last.because.startswith("in force from 2020-01-01 through 2021-12-31")
    [first] = evaluate(deal(clause()), State(as_of="2022-01-01")).for_clause("ns")
    assert first.because.startswith("survives the end of")


def test_a_covenant_removed_by_an_amendment_has_no_tail() -> None:
    removal = Amendment(
        id="drop", effective_date="2023-01-01", changes=(RemoveClause(clause_id="nc"),)
    )
    d = deal(NC, amendments=(removal,))
    assert status(d, "2022-12-31", "nc") == ["in_force", "in_force"]
    assert status(d, "2023-01-01", "nc") == ["not_in_force", "not_in_force"]
    assert status(d, "2025-01-01", "nc") == ["not_in_force", "not_in_force"]


def test_an_open_ended_deal_has_no_tail_to_run() -> None:
    d = deal(NC, term=Term(effective_date="2020-01-01"))
    assert status(d, "2090-01-01", "nc") == ["in_force", "in_force"]


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"scope": ()}, "$.scope"),
        ({"scope": "sell-widgets"}, "$.scope"),
        ({"scope": ("sell-widgets", "sell-widgets")}, "$.scope[1]"),
        ({"territory": "US"}, "$.territory"),
        ({"territory": ("US", " ")}, "$.territory[1]"),
        ({"period": 2.5}, "$.period"),
        ({"period": "-P1Y"}, "$.period"),
        ({"tail": -12}, "$.tail"),
        ({"tail": "P0D"}, "$.tail"),
        ({"tail": "12 months"}, "$.tail"),
    ],
)
def test_bad_covenants_are_refused_naming_the_field(changes: dict[str, object], path: str) -> None:
    fields = {
        "id": "nc",
        "restricted": "seller",
        "protected": "buyer",
        "scope": ("sell-widgets",),
        **changes,
    }
    with pytest.raises(InvalidValueError) as info:
        NonCompete(**fields)  # type: ignore[arg-type]
    assert info.value.path.startswith(path)


def test_a_covenant_binds_two_parties_and_declared_actions() -> None:
    same = NonSolicit(id="ns", restricted="buyer", protected="buyer", scope=("solicit-staff",))
    undeclared = NonCompete(id="nc", restricted="seller", protected="buyer", scope=("x",))
    with pytest.raises(InvalidDealError) as info:
        deal(same, undeclared)
    paths = sorted(e.path for e in info.value.exceptions)  # type: ignore[attr-defined]
    assert paths == ["$.clauses['nc'].scope[0]", "$.clauses['ns'].protected"]


# -- survival -------------------------------------------------------------------------------

NS = NonSolicit(id="ns", restricted="seller", protected="buyer", scope=("solicit-staff",))


def test_a_survival_clause_keeps_the_named_clauses_for_its_period() -> None:
    d = deal(NS, Survival(id="survival", clauses=("ns",), period="P6M"))
    assert status(d, "2025-06-30", "ns") == ["in_force"]
    assert status(d, "2025-07-01", "ns") == ["not_in_force"]
    [e] = evaluate(d, State(as_of="2025-01-01")).for_clause("ns")
    assert e.because == (
        "survives the end of the term on 2024-12-31 for 6 months, through 2025-06-30 "
        "(under clause survival)"
    )
    during = evaluate(d, State(as_of="2024-06-01"))
    [e] = during.for_clause("ns")
    assert e.because == (
        "in force from 2020-01-01 through 2024-12-31 (original deal); then it survives the "
        "end of the term on 2024-12-31 for 6 months, through 2025-06-30 (under clause survival)"
    )
    explained = str(during.explain(e))
    assert "after the term: it survives the end of the term on 2024-12-31" in explained


def test_indefinite_survival_and_the_longest_rule_wins() -> None:
    d = deal(
        NC,
        Survival(id="s-short", clauses=("nc",), period="P1M"),
        Survival(id="s-forever", clauses=("nc",)),
    )
    assert status(d, "2080-01-01", "nc") == ["in_force", "in_force"]
    [e, _] = evaluate(d, State(as_of="2080-01-01")).for_clause("nc")
    assert (
        e.because
        == "survives the end of the term on 2024-12-31 without end (under clause s-forever)"
    )


def test_survival_needs_the_clause_and_the_survival_clause_in_force_at_the_end() -> None:
    ended = Amendment(
        id="drop-survival",
        effective_date="2024-06-01",
        changes=(RemoveClause(clause_id="survival"),),
    )
    d = deal(NS, Survival(id="survival", clauses=("ns",), period="P6M"), amendments=(ended,))
    assert status(d, "2025-01-01", "ns") == ["not_in_force"]
    late = attrs.evolve(
        NS, term=Term(effective_date="2020-01-01", expiry="2023-12-31", expiry_inclusive=True)
    )
    d = deal(late, Survival(id="survival", clauses=("ns",), period="P6M"))
    assert status(d, "2024-01-01", "ns") == ["not_in_force"]  # its own term ended first
    assert status(d, "2025-01-01", "ns") == ["not_in_force"]


def test_conditions_still_apply_while_a_clause_survives() -> None:
    gated = attrs.evolve(NS, condition_subsequent=Declared(fact="buyer.sold"))
    d = deal(gated, Survival(id="survival", clauses=("ns",)))
    assert status(d, "2026-01-01", "ns") == ["contingent"]
    assert status(d, "2026-01-01", "ns", facts={"buyer.sold": True}) == ["not_in_force"]


def test_bad_survival_clauses() -> None:
    with pytest.raises(InvalidValueError, match="clauses must be a non-empty list"):
        Survival(id="s", clauses=())
    with pytest.raises(InvalidValueError) as info:
        Survival(id="s", clauses=("ns",), period=1.5)  # type: ignore[arg-type]
    assert info.value.path == "$.period"
    with pytest.raises(InvalidDealError) as group:
        deal(Survival(id="s", clauses=("nope", "s"), condition_precedent=Declared(fact="x")))
    lines = sorted(str(e) for e in group.value.exceptions)
    assert lines == [
        (
            "a survival clause takes no condition precedent; put it on the clauses it names "
            "@ $.clauses['s'].condition_precedent"
        ),
        "clauses names clause 'nope', which the deal never has @ $.clauses['s'].clauses[0]",
        "survival clause 's' names itself @ $.clauses['s'].clauses[1]",
    ]


# -- carve-outs -----------------------------------------------------------------------------


def test_a_carve_out_takes_an_action_out_of_a_non_compete() -> None:
    carve = CarveOut(id="passive", clause="nc", actions=("invest",))
    d = deal(NC, carve)
    ev = evaluate(d, State(as_of="2022-01-01"))
    assert ev.may("seller", "invest").value == "yes"
    assert ev.may("seller", "sell-widgets").value == "no"
    [_, carved] = ev.for_clause("nc")
    assert carved.status.reason == "carved_out"  # type: ignore[union-attr]
    assert carved.because == "carved out by clause passive"
    assert "carved out by clause passive: true" in str(ev.explain(carved))
    # The carve-out narrows the covenant's tail too.
    assert evaluate(d, State(as_of="2025-06-01")).may("seller", "invest").value == "yes"


def test_a_carve_out_applies_while_it_is_in_force() -> None:
    carve = CarveOut(id="passive", clause="nc", actions=("invest",))
    added = Amendment(id="waiver", effective_date="2023-01-01", changes=(AddClause(clause=carve),))
    d = deal(NC, amendments=(added,))
    assert evaluate(d, State(as_of="2022-12-31")).may("seller", "invest").value == "no"
    assert evaluate(d, State(as_of="2023-01-01")).may("seller", "invest").value == "yes"
    conditional = attrs.evolve(carve, condition_precedent=Declared(fact="buyer.consents"))
    ev = evaluate(deal(NC, conditional), State(as_of="2022-01-01"))
    answer = ev.may("seller", "invest")
    assert answer.value == "depends"
    assert answer.missing == ("buyer.consents",)  # type: ignore[union-attr]


def test_a_carve_out_of_an_unknown_clause_is_a_deal_error() -> None:
    with pytest.raises(InvalidDealError) as info:
        deal(NC, CarveOut(id="passive", clause="nope", actions=("invest",)))
    [problem] = info.value.exceptions
    assert str(problem) == (
        "clause names clause 'nope', which the deal never has @ $.clauses['passive'].clause"
    )
    with pytest.raises(InvalidDealError) as itself:
        deal(CarveOut(id="c", clause="c", actions=("invest",)))
    assert [str(e) for e in itself.value.exceptions] == [
        "carve-out 'c' names itself @ $.clauses['c'].clause"
    ]
    with pytest.raises(InvalidValueError) as bad:
        CarveOut(id="c", clause="nc", actions=())
    assert bad.value.path == "$.actions"


# -- licence parameters ---------------------------------------------------------------------


def licence(**params: object) -> License:
    fields: dict[str, object] = {
        "id": "lic",
        "licensor": "seller",
        "licensee": "buyer",
        "scope": "use-ip",
        "exclusive": False,
        **params,
    }
    return License(**fields)  # type: ignore[arg-type]


def positions(d: Deal, day: str = "2022-01-01") -> list[tuple[str, str, str]]:
    return [
        (e.relation.value, e.action, e.status.name)
        for e in evaluate(d, State(as_of=day)).for_clause("lic")
    ]


def test_default_licence_keeps_its_positions_and_words() -> None:
    d = deal(licence())
    assert positions(d) == [("privilege", "use-ip", "in_force")]
    [e] = evaluate(d, State(as_of="2022-01-01")).for_clause("lic")
    assert e.text == "Buyer may use the licensed software (licence from Seller)"
    assert licence() == licence(sublicensable=False, perpetual=False, territory=())


def test_licence_parameters_give_their_positions() -> None:
    d = deal(licence(sublicensable=True, transferable=True, irrevocable=True, exclusive=True))
    assert positions(d) == [
        ("privilege", "use-ip", "in_force"),
        ("claim", "use-ip", "in_force"),
        ("immunity", "use-ip", "in_force"),
        ("power", "sublicense", "in_force"),
        ("power", "assign-licence", "in_force"),
    ]
    ev = evaluate(d, State(as_of="2022-01-01"))
    assert ev.may("buyer", "sublicense").value == "yes"
    assert ev.may("buyer", "sublicense").value == "yes"
    plain = evaluate(
        deal(licence(), licence_sub := licence(sublicensable=True, id="lic2")),
        State(as_of="2022-01-01"),
    )
    assert licence_sub.sublicensable
    assert [e.clause for e in plain.for_action("sublicense")] == ["lic2"]


def test_licence_qualifiers_are_stated() -> None:
    d = deal(licence(royalty_free=True, affiliates=True, territory=("EU",), field_of_use="imaging"))
    [e] = evaluate(d, State(as_of="2022-01-01")).for_clause("lic")
    assert e.text == (
        "Buyer may use the licensed software (licence from Seller; royalty-free; affiliates "
        "included; in EU; field of use: imaging)"
    )


def test_a_perpetual_licence_outlives_the_term() -> None:
    d = deal(licence(perpetual=True))
    assert positions(d, "2090-01-01") == [("privilege", "use-ip", "in_force")]
    assert positions(deal(licence()), "2025-01-01") == [("privilege", "use-ip", "not_in_force")]
    with pytest.raises(InvalidDealError) as group:
        deal(licence(perpetual=True, term=TERM))
    assert [str(e) for e in group.value.exceptions] == [
        (
            "a perpetual licence cannot have a term that expires on 2024-12-31 "
            "@ $.clauses['lic'].perpetual"
        )
    ]


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"sublicensable": "yes"}, "$.sublicensable"),
        ({"perpetual": 1}, "$.perpetual"),
        ({"territory": ("EU", "EU")}, "$.territory[1]"),
        ({"field_of_use": " "}, "$.field_of_use"),
    ],
)
def test_bad_licence_parameters(changes: dict[str, object], path: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        licence(**changes)
    assert info.value.path == path


def test_licence_parameters_round_trip_through_files() -> None:
    d = deal(licence(sublicensable=True, perpetual=True, territory=("EU",), field_of_use="x"))
    assert loads(dumps(d, "toml"), "toml") == d
    plain = dumps(deal(licence()), "json")
    assert "sublicensable" not in plain  # defaults are left out: files are unchanged


# -- source-code escrow ---------------------------------------------------------------------

ESCROW = SourceCodeEscrow(
    id="escrow",
    depositor="seller",
    beneficiary="buyer",
    release="get-code",
    release_condition=Declared(fact="seller.insolvent") | Happened(event="support.ended"),
)


def test_escrow_release_on_insolvency_or_end_of_support() -> None:
    d = deal(ESCROW)
    assert status(d, "2022-01-01", "escrow") == ["in_force", "contingent"]
    assert status(d, "2022-01-01", "escrow", facts={"seller.insolvent": False}) == [
        "in_force",
        "not_in_force",
    ]
    assert status(d, "2022-01-01", "escrow", facts={"seller.insolvent": True}) == [
        "in_force",
        "in_force",
    ]
    ended = (Event(name="support.ended", date="2021-06-01"),)
    state = State(as_of="2022-01-01", facts={"seller.insolvent": False}, events=ended)
    ev = evaluate(d, state)
    assert ev.may("buyer", "get-code").value == "yes"
    assert "release condition" in str(ev.explain(ev.for_clause("escrow")[1]))


def test_bad_escrow() -> None:
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(ESCROW, release_condition="insolvency")
    assert info.value.path == "$.release_condition"
    with pytest.raises(InvalidDealError) as group:
        deal(attrs.evolve(ESCROW, beneficiary="seller"))
    assert [e.path for e in group.value.exceptions] == [  # type: ignore[attr-defined]
        "$.clauses['escrow'].beneficiary"
    ]


# -- laws -----------------------------------------------------------------------------------

DEALS = dts.deals(min_clauses=1, max_amendments=1)


def _starts(deal: Deal) -> dict[str, list[date]]:
    """Per clause id, the earliest day each version could be in force."""
    out: dict[str, list[date]] = {}
    for v in deal.history:
        own = v.clause.term.effective_date if v.clause.term else v.start
        out.setdefault(v.clause.id, []).append(max(v.start, own, deal.term.effective_date))
    return out


@given(data=st.data())
def test_survival_never_puts_a_clause_in_force_before_its_start(data: st.DataObject) -> None:
    deal = data.draw(DEALS, label="deal")
    state = data.draw(dts.states(deal), label="state")
    starts = _starts(deal)
    for e in (*evaluate(deal, state).in_force(), *evaluate(deal, state).contingent()):
        assert state.as_of >= min(starts[e.clause]), e


@given(data=st.data())
def test_a_carve_out_never_widens_its_target(data: st.DataObject) -> None:
    deal = data.draw(DEALS, label="deal")
    target = data.draw(st.sampled_from([v.clause for v in deal.history]), label="target")
    actions = [a.id for a in deal.actions]
    carve = CarveOut(
        id="carve-law",
        clause=target.id,
        actions=tuple(data.draw(st.lists(st.sampled_from(actions), min_size=1, unique=True))),
        condition_precedent=data.draw(st.none() | dts.conditions(events=()), label="if"),
    )
    with_it = attrs.evolve(deal, clauses=(*deal.clauses, carve))
    state = data.draw(dts.states(with_it), label="state")
    before = {
        (e.clause, e.amendment, e.relation, e.action) for e in evaluate(deal, state).in_force()
    }
    after = evaluate(with_it, state).in_force()
    for e in after:
        if e.clause == target.id:
            assert (e.clause, e.amendment, e.relation, e.action) in before, e


@settings(max_examples=40, deadline=None)
@given(deal=dts.deals(min_clauses=1), data=st.data())
def test_timeline_equals_day_by_day_around_the_end_of_the_term(
    deal: Deal, data: st.DataObject
) -> None:
    term = deal.term.interval()
    around = term.end or term.start
    start = around - timedelta(days=data.draw(st.integers(0, 40), label="before"))
    end = around + timedelta(days=data.draw(st.integers(0, 400), label="after"))
    scenario = Scenario(id="s", deal=deal)
    t = timeline(scenario, start, end)
    day = start
    while day <= end:
        assert t.at(day).entitlements == scenario.evaluate(day).entitlements, day
        day += timedelta(days=7) if day < end - timedelta(days=7) else timedelta(days=1)


def test_deal_records_show_the_survival_days() -> None:
    [record] = deal(NC).to_records()
    assert (record["from"], record["through"]) == ("2020-01-01", "2025-12-31")
    assert "and for 12 months after its term ends" in record["text"]
