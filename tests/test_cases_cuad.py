"""Public cases from the CUAD contract corpus (../shared/cases/public.md, #34-#36).

Each builds the clause with the public API and asserts the stated answers. "Permitted"
means: the third-party deal shows no violation.
"""

from __future__ import annotations

from datetime import date

from dealterms import (
    Action,
    AllOf,
    AnyOf,
    Deal,
    Exclusivity,
    Happened,
    LessThan,
    Offer,
    OnOrAfter,
    Party,
    Refusal,
    ResponseWindow,
    RightOfFirstNegotiation,
    RightOfFirstRefusal,
    State,
    Term,
    Terms,
    ThirdPartyDeal,
    evaluate,
)

PARTIES = (Party(id="a", name="Party A"), Party(id="b", name="Party B"))


def deal(*clauses: object, term: Term | None = None) -> Deal:
    return Deal(
        id="case",
        name="Case",
        parties=PARTIES,
        actions=(
            Action(id="license", description="license the product"),
            Action(id="distribute", description="distribute the systems"),
            Action(id="negotiate-renewal", description="negotiate the renewal"),
        ),
        term=term or Term(effective_date="2020-01-01"),
        clauses=clauses,  # type: ignore[arg-type]
    )


def violations(d: Deal, events: list[object], as_of: str = "2026-01-01") -> list[str]:
    return [v.reason for v in evaluate(d, State(as_of=as_of, events=events)).violations]


# -- #34: exclusivity kept only if a minimum order volume is met -----------------------------
# Expressed with existing parts: the exclusivity ends (condition subsequent) once a period's
# orders, known at its end, fall short. Orders per period are facts.


def _volume_exclusivity() -> Deal:
    shortfall = AnyOf(
        conditions=(
            AllOf(
                conditions=(
                    OnOrAfter(day="2022-01-01"),
                    LessThan(metric="orders.2020-2021", threshold=1000),
                )
            ),
            AllOf(
                conditions=(
                    OnOrAfter(day="2023-01-01"),
                    LessThan(metric="orders.2022", threshold=750),
                )
            ),
        )
    )
    return deal(
        Exclusivity(
            id="exclusive-distribution",
            grantor="a",
            holder="b",
            scope="distribute",
            condition_subsequent=shortfall,
            source="CUAD Exclusivity 23332169931: 1,000 systems in 24 months, 750 a year after",
        )
    )


def _in_force(d: Deal, as_of: str, facts: dict[str, int]) -> bool:
    [e] = evaluate(d, State(as_of=as_of, facts=facts)).for_clause("exclusive-distribution")
    return e.in_force


def test_case_34_minimum_volume_keeps_exclusivity() -> None:
    d = _volume_exclusivity()
    assert _in_force(d, "2021-12-31", {"orders.2020-2021": 980})
    assert not _in_force(d, "2022-01-01", {"orders.2020-2021": 980})  # lost as of 2022-01-01
    assert _in_force(d, "2022-01-01", {"orders.2020-2021": 1000})
    facts = {"orders.2020-2021": 1000, "orders.2022": 700}
    assert _in_force(d, "2022-12-31", facts)
    assert not _in_force(d, "2023-01-01", facts)  # lost as of 2023-01-01
    assert _in_force(d, "2023-06-01", {"orders.2020-2021": 1000, "orders.2022": 750})


def test_case_34_unknown_orders_make_it_contingent() -> None:
    d = _volume_exclusivity()
    [e] = evaluate(d, State(as_of="2022-06-01")).for_clause("exclusive-distribution")
    assert e.status.name == "contingent"
    assert e.status.missing == ("orders.2020-2021",)  # type: ignore[union-attr]


# -- #35(a): ROFN with a 45-day window, then "no better terms" ---------------------------------


def _rofn() -> Deal:
    return deal(
        RightOfFirstNegotiation(
            id="rofn",
            grantor="a",
            holder="b",
            scope="license",
            window=ResponseWindow(days=45),  # 2024-03-01 + 45 days = 2024-04-15, inclusive
            free_period=None,
            third_party_terms="no_more_favourable",
            source="CUAD ROFR-ROFO-ROFN 23671525701 (a)",
        )
    )


START = Offer(clause="rofn", date="2024-03-01", terms=Terms(unit_price="10%"))


def _deal_at(day: str, royalty: str) -> ThirdPartyDeal:
    return ThirdPartyDeal(
        party="a", actions=["license"], date=day, third_party="X", terms=Terms(unit_price=royalty)
    )


def test_case_35a_window_then_no_better_terms() -> None:
    d = _rofn()
    assert violations(d, [START, _deal_at("2024-04-10", "10%")]) == ["during_window"]
    assert violations(d, [START, _deal_at("2024-04-15", "10%")]) == ["during_window"]
    assert violations(d, [START, _deal_at("2024-04-16", "10%")]) == []  # permitted
    assert violations(d, [START, _deal_at("2024-04-16", "12%")]) == []  # pays more: permitted
    assert violations(d, [START, _deal_at("2024-04-16", "9%")]) == ["better_terms"]  # blocked


# -- #35(b): an exclusive right to negotiate renewal in the 90 days before expiry --------------


def _renewal_window() -> Deal:
    return deal(
        Exclusivity(
            id="renewal-negotiation",
            grantor="a",
            holder="b",
            scope="negotiate-renewal",
            term=Term(effective_date="2025-10-02", expiry="2025-12-31", expiry_inclusive=True),
            condition_subsequent=Happened(event="a.terminated"),
            source="CUAD ROFR-ROFO-ROFN 23671525701 (b)",
        ),
        term=Term(effective_date="2020-01-01", expiry="2025-12-31", expiry_inclusive=True),
    )


def test_case_35b_exclusive_negotiation_window() -> None:
    d = _renewal_window()

    def held(as_of: str, events: dict[str, str] | None = None) -> bool:
        state = State(as_of=as_of, events=events or {})
        return evaluate(d, state).for_clause("renewal-negotiation")[0].in_force

    assert not held("2025-10-01")
    assert held("2025-10-15")
    assert not held("2025-10-15", {"a.terminated": "2025-09-01"})


# -- #36: ROFR on the same terms only, within 180 days of the notice ---------------------------


def _rofr() -> Deal:
    return deal(
        RightOfFirstRefusal(
            id="rofr",
            grantor="a",
            holder="b",
            scope="license",
            window=ResponseWindow(days=30),
            free_period="P180D",
            free_period_from="offer",
            third_party_terms="same",
            source="CUAD ROFR-ROFO-ROFN (spa/retail; investment bank; franchise)",
        )
    )


NOTICE = Offer(clause="rofr", date="2024-01-10", terms=Terms(unit_price="100 USD", quantity=10))
DECLINE = Refusal(clause="rofr", date="2024-01-20")


def _sale(day: str, price: str = "100 USD") -> ThirdPartyDeal:
    return ThirdPartyDeal(
        party="a",
        actions=["license"],
        date=day,
        third_party="X",
        terms=Terms(unit_price=price, quantity=10),
    )


def test_case_36_same_terms_within_180_days() -> None:
    d = _rofr()
    for answer in ([DECLINE], []):  # declined, or lapsed
        assert violations(d, [NOTICE, *answer, _sale("2024-05-01")]) == []  # permitted
        assert violations(d, [NOTICE, *answer, _sale("2024-05-01", "90 USD")]) == [
            "changed_terms"
        ]  # blocked
        assert violations(d, [NOTICE, *answer, _sale("2024-07-20")]) == ["after_free_period"]


def test_case_36_changed_terms_need_a_new_notice() -> None:
    d = _rofr()
    renotice = Offer(
        clause="rofr", date="2024-05-01", terms=Terms(unit_price="90 USD", quantity=10)
    )
    # The new notice must lapse (30 days, to 2024-05-31) before the cheaper sale.
    assert violations(d, [NOTICE, DECLINE, renotice, _sale("2024-05-20", "90 USD")]) == [
        "during_window"
    ]
    assert violations(d, [NOTICE, DECLINE, renotice, _sale("2024-06-01", "90 USD")]) == []


def test_case_36_free_period_counts_from_the_notice() -> None:
    d = _rofr()
    status = evaluate(d, State(as_of="2024-03-01", events=[NOTICE, DECLINE])).process("rofr")
    assert status.status.free_until == date(2024, 7, 7)  # type: ignore[union-attr]
