"""Exercising a termination right in `evaluate`: the whole deal ends, survival counts from it.

Also: `for_clause` on clauses without positions, and `may` on built-in actions.
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealterms import (
    Action,
    AddClause,
    Amendment,
    CarveOut,
    Deal,
    EquityStake,
    Event,
    Happened,
    NonCompete,
    Party,
    Permission,
    Scenario,
    State,
    Survival,
    Term,
    TerminationNotice,
    TerminationRight,
    evaluate,
    timeline,
)
from dealterms import strategies as dts
from dealterms.exceptions import InvalidValueError, UnknownReferenceError

NOTICE = date(2024, 3, 2)
EFFECTIVE = date(2024, 4, 1)  # 2024-03-02 + 30 days


def deal(*extra: object, **changes: object) -> Deal:
    fields: dict[str, object] = {
        "id": "d",
        "name": "D",
        "parties": (Party(id="alpha", name="Alpha"), Party(id="beta", name="Beta")),
        "actions": (
            Action(id="compete", description="compete"),
            Action(id="use", description="use the software"),
        ),
        "term": Term(effective_date="2024-01-01", expiry="2026-01-01", expiry_inclusive=False),
        "clauses": (
            Permission(id="use", holder="beta", counterparty="alpha", action="use"),
            NonCompete(
                id="nc", restricted="alpha", protected="beta", scope=("compete",), tail="P12M"
            ),
            TerminationRight(
                id="tfc", holder="beta", counterparty="alpha", basis="convenience", notice="P30D"
            ),
            TerminationRight(
                id="tfb", holder="beta", counterparty="alpha", basis="cause", cure_period="P30D"
            ),
            *extra,
        ),
    }
    fields.update(changes)
    return Deal(**fields)  # type: ignore[arg-type]


def at(d: Deal, day: date | str, *events: object) -> dict[str, tuple[str, str]]:
    ev = evaluate(d, State(as_of=day, events=events))
    return {e.clause: (e.status.name, e.because) for e in ev.entitlements}


BY_BETA = TerminationNotice(clause="tfc", party="beta", date=NOTICE)
WHY = (
    "terminated by beta's notice of 2024-03-02 under clause tfc, effective 2024-04-01 "
    "after 30 days' notice"
)


# -- for convenience ------------------------------------------------------------------------


def test_convenience_ends_every_clause_from_the_effective_date() -> None:
    d = deal()
    before = at(d, EFFECTIVE - timedelta(days=1), BY_BETA)
    assert {c: s for c, (s, _) in before.items()} == dict.fromkeys(
        ("nc", "tfb", "tfc", "use"), "in_force"
    )
    for day in (EFFECTIVE, date(2025, 6, 1)):
        after = at(d, day, BY_BETA)
        for clause in ("tfb", "tfc", "use"):
            assert after[clause] == ("not_in_force", WHY), (day, clause)
    ev = evaluate(d, State(as_of=EFFECTIVE, events=[BY_BETA]))
    [use] = ev.for_clause("use")
    assert use.status.reason == "terminated"  # type: ignore[union-attr]
    assert ev.may("beta", "use").value == "no"
    assert ev.violations == ()


def test_the_notice_alone_changes_nothing_before_the_effective_date() -> None:
    d = deal()
    day = NOTICE + timedelta(days=5)
    assert at(d, day, BY_BETA) == at(d, day)


def test_a_notice_effective_after_the_stated_end_changes_nothing() -> None:
    late = TerminationNotice(clause="tfc", party="beta", date="2025-12-15")
    d = deal()
    assert at(d, "2025-12-31", late) == at(d, "2025-12-31")
    assert evaluate(d, State(as_of="2025-12-31", events=[late])).violations == ()


# -- for cause --------------------------------------------------------------------------------


def test_cause_terminates_after_an_uncured_cure_period() -> None:
    d = deal()
    # Breach notified 2024-02-01; cure through 2024-03-02; the right exists from 03-03.
    notice = TerminationNotice(
        clause="tfb", party="beta", date="2024-03-05", breach_notice="2024-02-01"
    )
    assert at(d, "2024-03-04", notice)["use"][0] == "in_force"
    status, because = at(d, "2024-03-05", notice)["use"]
    assert status == "not_in_force"
    assert because == (
        "terminated by beta's notice of 2024-03-05 under clause tfb (breach notified on "
        "2024-02-01, not cured within 30 days), effective 2024-03-05 with immediate effect"
    )


def test_a_breach_cured_late_does_not_save_the_deal() -> None:
    notice = TerminationNotice(
        clause="tfb",
        party="beta",
        date="2024-03-05",
        breach_notice="2024-02-01",
        cured_on="2024-03-04",  # a day after the cure period ran out
    )
    assert at(deal(), "2024-03-05", notice)["use"][0] == "not_in_force"


# -- invalid exercises ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notice", "reason", "words"),
    [
        (
            TerminationNotice(clause="tfc", party="alpha", date=NOTICE),
            "invalid_exercise",
            "alpha gave the notice, but only beta holds this right",
        ),
        (
            TerminationNotice(
                clause="tfb",
                party="beta",
                date="2024-03-05",
                breach_notice="2024-02-01",
                cured_on="2024-03-02",
            ),
            "invalid_exercise",
            "was cured on 2024-03-02, within the cure period",
        ),
        (
            TerminationNotice(
                clause="tfb", party="beta", date="2024-02-20", breach_notice="2024-02-01"
            ),
            "invalid_exercise",
            "the right to terminate exists from 2024-03-03",
        ),
        (
            TerminationNotice(clause="tfb", party="beta", date="2024-02-20"),
            "invalid_exercise",
            "needs the breach notice",
        ),
        (
            TerminationNotice(clause="tfc", party="beta", date="2023-12-01"),
            "clause_not_in_force",
            "the right is not in force then",
        ),
    ],
    ids=["not-holder", "cured-in-time", "cure-running", "no-breach-notice", "before-term"],
)
def test_an_invalid_exercise_ends_nothing_and_is_a_violation(
    notice: TerminationNotice, reason: str, words: str
) -> None:
    d = deal()
    day = date(2024, 9, 1)
    assert at(d, day, notice) == at(d, day)
    [v] = evaluate(d, State(as_of=day, events=[notice])).violations
    assert (v.reason, v.clause, v.party, v.date) == (
        reason,
        notice.clause,
        notice.party,
        notice.date,
    )
    assert words in v.detail
    assert v.detail.endswith("it ends nothing")


def test_a_right_its_condition_keeps_out_of_force_cannot_terminate() -> None:
    gated = TerminationRight(
        id="tfc",
        holder="beta",
        counterparty="alpha",
        basis="convenience",
        notice="P30D",
        condition_precedent=Happened(event="approved"),
    )
    d = deal()
    d = attrs.evolve(d, clauses=(*d.clauses[:2], gated, d.clauses[3]))
    day = date(2024, 9, 1)
    [v] = evaluate(d, State(as_of=day, events=[BY_BETA])).violations
    assert v.reason == "clause_not_in_force"
    approved = State(as_of=day, events=[BY_BETA, Event(name="approved", date="2024-01-05")])
    assert evaluate(d, approved).for_clause("use")[0].status.name == "not_in_force"


def test_a_second_notice_after_the_deal_ended_is_a_violation() -> None:
    again = TerminationNotice(clause="tfc", party="beta", date="2024-05-01")
    [v] = evaluate(deal(), State(as_of="2024-09-01", events=[BY_BETA, again])).violations
    assert v.reason == "clause_not_in_force"
    assert v.date == date(2024, 5, 1)
    assert "already terminated by beta's notice of 2024-03-02" in v.detail


def test_the_earliest_effective_termination_wins() -> None:
    cause = TerminationNotice(
        clause="tfb", party="beta", date="2024-03-10", breach_notice="2024-02-01"
    )
    status, because = at(deal(), "2024-03-10", BY_BETA, cause)["use"]
    assert status == "not_in_force"
    assert "notice of 2024-03-10 under clause tfb" in because


# -- survival counts from the early end -------------------------------------------------------


def test_a_covenant_tail_counts_from_the_termination() -> None:
    d = deal()
    last = date(2025, 3, 31)  # 12 months from 2024-04-01, through the day before
    status, because = at(d, last, BY_BETA)["nc"]
    assert status == "in_force"
    assert because.startswith("survives the termination effective 2024-04-01 for 12 months")
    status, because = at(d, last + timedelta(days=1), BY_BETA)["nc"]
    assert status == "not_in_force"
    assert because == WHY + "; it survived through 2025-03-31"
    assert at(d, last + timedelta(days=1))["nc"][0] == "in_force"  # not terminated: still on


def test_a_survival_clause_counts_from_the_termination() -> None:
    d = deal(Survival(id="survival", clauses=("use",), period="P6M"))
    assert at(d, "2024-09-30", BY_BETA)["use"][0] == "in_force"
    assert at(d, "2024-10-01", BY_BETA)["use"][0] == "not_in_force"


def test_a_clause_added_after_the_termination_never_comes_into_force() -> None:
    later = Amendment(
        id="more",
        effective_date="2024-06-01",
        changes=(
            AddClause(
                clause=Permission(id="extra", holder="alpha", counterparty="beta", action="use")
            ),
        ),
    )
    d = deal(amendments=(later,))
    status, because = at(d, "2024-07-01", BY_BETA)["extra"]
    assert (status, because) == ("not_in_force", WHY)


# -- the timeline law -------------------------------------------------------------------------


def test_timeline_changes_on_the_effective_date() -> None:
    t = timeline(Scenario(id="s", deal=deal(), events=[BY_BETA]), "2024-01-01", "2026-06-01")
    assert t.when("use") == (t.when("use")[0],)
    assert t.when("use")[0].end == EFFECTIVE
    assert t.when("nc")[0].end == date(2025, 4, 1)


EXIT = TerminationRight(
    id="exit", holder="alpha", counterparty="beta", basis="convenience", notice="P10D"
)
BREACH = TerminationRight(
    id="breach", holder="beta", counterparty="alpha", basis="cause", cure_period="P5D"
)


@st.composite
def deals_with_exits(draw: st.DrawFn) -> Deal:
    d = draw(dts.deals(min_clauses=1, max_clauses=3))
    first, second = (p.id for p in d.parties[:2])
    exits = [
        attrs.evolve(EXIT, holder=first, counterparty=second),
        attrs.evolve(BREACH, holder=second, counterparty=first),
    ]
    chosen = draw(
        st.lists(st.sampled_from(exits), min_size=1, max_size=2, unique_by=lambda c: c.id)
    )
    return attrs.evolve(d, clauses=(*d.clauses, *chosen))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(d=deals_with_exits(), data=st.data())
def test_timeline_equals_day_by_day_with_termination_notices(d: Deal, data: st.DataObject) -> None:
    state = data.draw(dts.states(d), label="state")
    events = list(state.events)
    if data.draw(st.booleans(), label="a notice by the holder"):  # often valid
        right = data.draw(st.sampled_from([c for c in d.clauses if c.id in ("exit", "breach")]))
        assert isinstance(right, TerminationRight)
        given_on = d.term.effective_date + timedelta(days=data.draw(st.integers(0, 400)))
        breach = given_on - timedelta(days=data.draw(st.integers(0, 10)))
        events.append(
            TerminationNotice(
                clause=right.id,
                party=right.holder,
                date=given_on,
                breach_notice=breach if right.basis == "cause" else None,
            )
        )
    scenario = Scenario(
        id="s",
        deal=d,
        facts=state.facts,
        events=events,
        series=state.series,
        known_on=state.known_on,
    )
    notices = [e.date for e in events if isinstance(e, TerminationNotice)]
    around = min(notices) if notices else d.term.effective_date
    start = around - timedelta(days=data.draw(st.integers(0, 20), label="before"))
    end = around + timedelta(days=data.draw(st.integers(0, 500), label="after"))
    t = timeline(scenario, start, end)
    day = start
    while day <= end:
        assert t.at(day).entitlements == scenario.evaluate(day).entitlements, day
        day += timedelta(days=1)


# -- for_clause and may on clauses and actions without positions ------------------------------


def test_for_clause_of_a_survival_or_carve_out_is_empty() -> None:
    d = deal(
        Survival(id="survival", clauses=("use",), period="P6M"),
        CarveOut(id="carve", clause="nc", actions=("compete",)),
    )
    ev = evaluate(d, State(as_of="2024-06-01"))
    assert ev.for_clause("survival") == ()
    assert ev.for_clause("carve") == ()
    with pytest.raises(UnknownReferenceError, match="no clause 'nope'"):
        ev.for_clause("nope")


@pytest.mark.parametrize("action", ["sublicense", "assign-licence", "vote-shares", "terminate"])
def test_may_on_a_built_in_power_no_clause_grants_is_no_with_a_reason(action: str) -> None:
    d = attrs.evolve(deal(), clauses=deal().clauses[:2])  # no termination rights either
    answer = evaluate(d, State(as_of="2024-06-01")).may("alpha", action)
    assert answer.value == "no"
    assert answer.because == ()
    assert answer.reason is not None  # type: ignore[union-attr]
    assert answer.reason.startswith(f"no clause grants alpha the power to {action}")  # type: ignore[union-attr]


def test_may_on_a_built_in_power_held_by_another_party_is_no() -> None:
    ev = evaluate(deal(), State(as_of="2024-06-01"))
    assert ev.may("beta", "terminate").value == "yes"
    assert ev.may("alpha", "terminate").value == "no"


def test_may_on_a_built_in_duty_action_is_free() -> None:
    ev = evaluate(deal(), State(as_of="2024-06-01"))
    assert ev.may("alpha", "receive-distributions").value == "yes"
    assert ev.for_action("sublicense") == ()
    with pytest.raises(UnknownReferenceError, match="no action 'fly'"):
        ev.may("alpha", "fly")


def test_a_stake_confers_its_built_in_power() -> None:
    stake = EquityStake(id="stake", holder="beta", entity="alpha", stake="49%")
    ev = evaluate(deal(stake), State(as_of="2024-06-01"))
    assert ev.may("beta", "vote-shares").value == "yes"
    assert ev.may("alpha", "vote-shares").value == "no"


# -- bad input --------------------------------------------------------------------------------


def test_a_cure_before_the_breach_notice_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="cured_on") as e:
        TerminationNotice(
            clause="tfb",
            party="beta",
            date="2024-03-05",
            breach_notice="2024-02-01",
            cured_on="2024-01-01",
        )
    assert e.value.path == "$.cured_on"


def test_a_notice_naming_no_termination_right_is_refused() -> None:
    with pytest.raises(UnknownReferenceError, match="no termination right"):
        evaluate(
            deal(),
            State(
                as_of="2024-06-01",
                events=[TerminationNotice(clause="use", party="beta", date=NOTICE)],
            ),
        )
