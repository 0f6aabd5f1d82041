"""Public cases from the CUAD corpus with a minimum commitment (public.md #34 and #40)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dealterms import (
    Action,
    Deal,
    Exclusivity,
    MinimumCommitment,
    Party,
    ScheduledMinimum,
    State,
    Term,
    evaluate,
)

# -- #40: a minimum purchase schedule indexed by Product Year, renewal years included --------

SCHEDULE_40 = (375, 750, 937, 1171, 1463, 1828, 2285)


def product_years() -> MinimumCommitment:
    return MinimumCommitment(
        id="minimum-purchases",
        obligor="distributor",
        obligee="maker",
        metric="purchases",
        start="1999-01-01",  # Product Year 1999 = the calendar year (the case's assumption)
        period="yearly",
        schedule=tuple(ScheduledMinimum(minimum=m) for m in SCHEDULE_40),
        minimum=2856,  # the last three years of the 10-year initial term and every renewal year
        consequence="none",  # not in the excerpt
        source="CUAD Exclusivity test.tsv (public case #40)",
    )


@pytest.mark.parametrize(
    ("day", "minimum"),
    [
        ("1999-06-30", 375),
        ("2004-01-01", 1828),
        ("2005-12-31", 2285),
        ("2006-01-01", 2856),
        ("2007-07-01", 2856),
        ("2010-03-01", 2856),  # a renewal year
    ],
)
def test_case_40_minimum_by_product_year(day: str, minimum: int) -> None:
    assert product_years().required(day) == minimum


def test_case_40_shortfall_in_2004() -> None:
    result = product_years().assess(on="2004-06-30", actual=1800)
    assert result.shortfall == Decimal(28)
    assert not result.met
    assert result.consequence == "none"
    assert result.window.number == 6
    assert result.because == (
        "the minimum for year 6 is 1828 units; 1800 bought is 28 short; consequence: none"
    )


# -- #34: exclusivity kept only while a minimum order volume is met ---------------------------


def orders_commitment() -> MinimumCommitment:
    return MinimumCommitment(
        id="minimum-orders",
        obligor="b",
        obligee="a",
        metric="orders",
        unit="systems",
        start="2020-01-01",
        period="yearly",
        schedule=(ScheduledMinimum(minimum=1000, periods=2),),  # 1,000 in the first 24 months
        minimum=750,  # then 750 a year
        consequence="loss_of_exclusivity",
        source="CUAD Exclusivity 23332169931",
    )


def exclusivity_deal() -> Deal:
    mc = orders_commitment()
    return Deal(
        id="case-34",
        name="Distribution with a minimum",
        parties=(Party(id="a", name="Party A"), Party(id="b", name="Party B")),
        actions=(Action(id="distribute", description="distribute the systems"),),
        term=Term(effective_date="2020-01-01"),
        clauses=(
            mc,
            Exclusivity(
                id="exclusive-distribution",
                grantor="a",
                holder="b",
                scope="distribute",
                # Twenty years of windows: on any day only the ended windows' facts are
                # read, so the far horizon costs nothing and names nothing as missing.
                condition_subsequent=mc.shortfall_condition(through="2040-12-31"),
            ),
        ),
    )


def test_case_34_windows_and_their_facts() -> None:
    mc = orders_commitment()
    first, second = mc.windows(through="2022-06-01")
    assert (first.metric, str(first.last_day), first.minimum) == (
        "orders.2020-01-01",
        "2021-12-31",
        Decimal(1000),
    )
    assert (second.metric, str(second.last_day), second.minimum) == (
        "orders.2022-01-01",
        "2022-12-31",
        Decimal(750),
    )


def in_force(as_of: str, facts: dict[str, int]) -> bool:
    ev = evaluate(exclusivity_deal(), State(as_of=as_of, facts=facts))
    [e] = ev.for_clause("exclusive-distribution")
    return e.in_force


def test_case_34_minimum_commitment_gives_the_same_answers_as_conditions() -> None:
    assert in_force("2021-12-31", {"orders.2020-01-01": 980})
    assert not in_force("2022-01-01", {"orders.2020-01-01": 980})  # lost as of 2022-01-01
    assert in_force("2022-01-01", {"orders.2020-01-01": 1000})
    facts = {"orders.2020-01-01": 1000, "orders.2022-01-01": 700}
    assert in_force("2022-12-31", facts)
    assert not in_force("2023-01-01", facts)  # lost as of 2023-01-01
    assert in_force("2023-06-01", {"orders.2020-01-01": 1000, "orders.2022-01-01": 750})


def test_case_34_assessment_agrees_with_the_exclusivity() -> None:
    mc = orders_commitment()
    short = mc.assess(on="2021-12-31", actual=980)
    assert (short.shortfall, short.consequence) == (Decimal(20), "loss_of_exclusivity")
    assert mc.assess(on="2022-12-31", actual=750).met


def test_case_34_unknown_orders_leave_the_exclusivity_contingent() -> None:
    ev = evaluate(exclusivity_deal(), State(as_of="2022-06-01"))
    [e] = ev.for_clause("exclusive-distribution")
    assert e.status.name == "contingent"
    assert e.status.missing == ("orders.2020-01-01",)  # type: ignore[union-attr]
