"""Public case #34's variant from the CUAD corpus (../shared/cases/public.md): a carve-out.

"Losing territory exclusivity for missing Performance Benchmarks keeps exclusivity for
products already installed in that territory" (CUAD Exclusivity, index id 23332169931).

Modelled as: Party B's territory exclusivity, one `Exclusivity` per product line (new
systems; products already installed), since an `Exclusivity` has one scope; the loss, a
`Trigger` (once the benchmarks are missed, Party A may end the territory exclusivity);
and the exception, a `CarveOut` that takes the installed products out of the loss. Day
granularity: the loss takes effect on the day of its exercise.
"""

from __future__ import annotations

from datetime import date

import pytest

from dealterms import (
    Action,
    CarveOut,
    Deal,
    Declared,
    Event,
    Exclusivity,
    Party,
    State,
    Term,
    Trigger,
    evaluate,
)

NEW = "supply-new-systems"
INSTALLED = "supply-installed-products"
LOSS_EXERCISED = Event(name="benchmark-loss.exercised", date="2022-01-15")
MISSED = {"b.benchmarks_missed": True}


def deal(*, carve_out: bool = True) -> Deal:
    clauses: list[object] = [
        Exclusivity(id="territory-new-systems", grantor="a", holder="b", scope=NEW),
        Exclusivity(id="territory-installed-base", grantor="a", holder="b", scope=INSTALLED),
        Trigger(
            id="benchmark-loss",
            holder="a",
            counterparty="b",
            condition=Declared(fact="b.benchmarks_missed"),
            power="end-territory-exclusivity",
            ends=("territory-new-systems", "territory-installed-base"),
            source="CUAD Exclusivity 23332169931 (variant): loss for missed benchmarks",
        ),
    ]
    if carve_out:
        clauses.append(
            CarveOut(
                id="installed-products-kept",
                clause="benchmark-loss",
                actions=(INSTALLED,),
                source="CUAD Exclusivity 23332169931 (variant): installed products keep it",
            )
        )
    return Deal(
        id="case-34-variant",
        name="Case 34 variant",
        parties=(Party(id="a", name="Party A"), Party(id="b", name="Party B")),
        actions=(
            Action(id=NEW, description="supply new systems in the Territory through others"),
            Action(
                id=INSTALLED,
                description="supply products already installed in the Territory through others",
            ),
            Action(id="end-territory-exclusivity", description="end the territory exclusivity"),
        ),
        term=Term(effective_date="2020-01-01"),
        clauses=clauses,  # type: ignore[arg-type]
    )


def may(d: Deal, as_of: str, action: str, *, lost: bool = True) -> str:
    state = State(as_of=as_of, facts=MISSED, events=(LOSS_EXERCISED,) if lost else ())
    return evaluate(d, state).may("a", action).value


def test_before_the_loss_party_b_is_exclusive_for_both() -> None:
    d = deal()
    assert may(d, "2022-01-14", NEW) == "no"
    assert may(d, "2022-01-14", INSTALLED) == "no"
    assert may(d, "2022-06-01", NEW, lost=False) == "no"  # benchmarks missed, not exercised


def test_after_the_loss_the_carve_out_keeps_exclusivity_for_installed_products() -> None:
    d = deal()
    assert may(d, "2022-01-15", NEW) == "yes"  # territory exclusivity lost
    assert may(d, "2022-01-15", INSTALLED) == "no"  # kept for installed products
    ev = evaluate(d, State(as_of="2022-01-15", facts=MISSED, events=(LOSS_EXERCISED,)))
    [kept] = ev.for_clause("territory-installed-base")
    assert kept.in_force
    [lost] = ev.for_clause("territory-new-systems")
    assert lost.status.name == "not_in_force"
    assert lost.status.reason == "ended_by_exercise"  # type: ignore[union-attr]
    text = str(ev.explain(kept))
    assert "narrowed by carve-out installed-products-kept" in text


def test_without_the_carve_out_both_are_lost() -> None:
    d = deal(carve_out=False)
    assert may(d, "2022-01-15", NEW) == "yes"
    assert may(d, "2022-01-15", INSTALLED) == "yes"


@pytest.mark.parametrize("day", [date(2022, 1, 15), date(2030, 1, 1)])
def test_the_carve_out_only_keeps_never_grants(day: date) -> None:
    """Everything in force without the carve-out is in force with it (it narrows the loss)."""
    state = State(as_of=day, facts=MISSED, events=(LOSS_EXERCISED,))
    with_it = {(e.clause, e.action) for e in evaluate(deal(), state).in_force()}
    without = {(e.clause, e.action) for e in evaluate(deal(carve_out=False), state).in_force()}
    assert without <= with_it
    assert with_it - without == {("territory-installed-base", INSTALLED)}
