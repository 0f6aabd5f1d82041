"""Golden files: the exact text dealterms.io writes, for each clause kind and more.

A change in a golden file is a change in the file format: review it, then regenerate the
files with `DEALTERMS_REGEN_GOLDEN=1 pytest tests/test_io_golden.py`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from dealterms import (
    Action,
    AllOf,
    AnyOf,
    AtLeast,
    AtMost,
    Before,
    Deal,
    Declared,
    Event,
    Happened,
    Latched,
    LessThan,
    Money,
    MoreThan,
    Not,
    Observation,
    OnOrAfter,
    Series,
    State,
    Term,
    Trigger,
    evaluate,
)
from dealterms._clauses.kinds import CLAUSE_TYPES
from dealterms.examples import microsoft_openai, microsoft_openai_scenarios
from dealterms.io import dumps, load
from test_io_samples import PARTIES, START, clause_samples, sample_deal

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("DEALTERMS_REGEN_GOLDEN") == "1"


def check(obj: Any, path: Path) -> None:
    text = dumps(obj, path.suffix[1:])  # type: ignore[arg-type]
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    assert path.exists(), f"no golden file {path.name}: run with DEALTERMS_REGEN_GOLDEN=1"
    assert text == path.read_text("utf-8"), f"{path.name} changed: the file format changed"
    assert load(path) == obj


def every_condition() -> Deal:
    profit = "profit"
    threshold = Money.parse("100000000000 USD")
    condition = AllOf(
        conditions=(
            Declared(fact="board.approved"),
            AtLeast(metric=profit, threshold=threshold),
            MoreThan(metric="users", threshold="1000000"),
            AtMost(metric="users", threshold="9000000.5"),
            LessThan(metric=profit, threshold=Money.parse("1000000000000 USD")),
            Happened(event="signed", on_or_after="2020-01-01", before="2030-01-01"),
            OnOrAfter(day="2021-01-01"),
            Before(day="2031-01-01"),
            AnyOf(conditions=(Not(condition=Declared(fact="vetoed")), Declared(fact="waived"))),
            Latched(condition=AtLeast(metric=profit, threshold=threshold), since="2020-06-01"),
        )
    )
    return Deal(
        id="conditions-sample",
        name="Every condition kind",
        parties=PARTIES,
        actions=(Action(id="act", description="do the thing"),),
        term=Term(effective_date=START),
        clauses=(
            Trigger(
                id="trigger",
                holder="alpha",
                counterparty="beta",
                condition=condition,
                power="act",
            ),
        ),
    )


def every_event_state() -> State:
    from dealterms._events import Match, Offer, Performed, Refusal, Terms, ThirdPartyDeal

    terms = Terms(unit_price="2.50 EUR", quantity="1000", description="GPU-hours")
    return State(
        as_of="2025-06-01",
        known_on="2025-05-31",
        facts={"approved": True, "users": "1500000", "profit": "12.5 USD"},
        events=(
            Event(name="signed", date="2020-01-02", source="press release"),
            Offer(clause="rofr", date="2025-01-02", terms=terms, source="filing"),
            Match(clause="rofr", date="2025-01-10"),
            Refusal(clause="rofr", date="2025-02-10"),
            ThirdPartyDeal(
                party="alpha",
                actions=("act",),
                date="2025-03-01",
                third_party="Someone Else Inc.",
                terms=terms,
            ),
            Performed(party="beta", action="act", date="2025-04-01"),
        ),
        series=(
            Series(
                metric="revenue",
                interpolation="step",
                observations=(
                    Observation(date="2024-01-01", value="10 USD"),
                    Observation(date="2025-01-01", value="20.25 USD"),
                ),
            ),
        ),
    )


@pytest.mark.parametrize("kind", sorted(c.kind for c in CLAUSE_TYPES))
@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_each_clause_kind(kind: str, fmt: str) -> None:
    samples = clause_samples()
    assert kind in samples, f"add a sample for {kind} in test_io_samples.py"
    check(sample_deal(samples[kind]), GOLDEN / "clauses" / f"{kind}.{fmt}")


@pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
def test_every_condition_kind(fmt: str) -> None:
    check(every_condition(), GOLDEN / f"conditions.{fmt}")


@pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
def test_state_with_every_event_kind(fmt: str) -> None:
    check(every_event_state(), GOLDEN / f"state.{fmt}")


def test_scenario() -> None:
    check(microsoft_openai_scenarios()["agi-exercised"], GOLDEN / "scenario.yaml")


def test_evaluation() -> None:
    state = State(as_of="2025-06-01", facts={"openai.cumulative_profit": "100000000000 USD"})
    check(evaluate(microsoft_openai(), state), GOLDEN / "evaluation.json")


def test_no_stray_golden_files() -> None:
    expected = {f"{c.kind}.{fmt}" for c in CLAUSE_TYPES for fmt in ("toml", "json")}
    assert {p.name for p in (GOLDEN / "clauses").iterdir()} == expected
