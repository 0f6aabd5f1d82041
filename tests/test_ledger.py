"""The revenue-share ledger: worked examples by hand, laws, and bad input."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    Action,
    AtLeast,
    Deal,
    Money,
    Party,
    Rate,
    RateChange,
    RevenueInput,
    RevenueShare,
    Scenario,
    Term,
    Tier,
    Trigger,
    ledger,
)
from dealterms.examples import microsoft_openai, microsoft_openai_revenue
from dealterms.exceptions import CurrencyMismatchError, InvalidDealError, InvalidValueError

PARTIES = (Party(id="a", name="A"), Party(id="b", name="B"))


def usd(text: str) -> Money:
    return Money.parse(f"{text} USD")


def deal(*shares: RevenueShare, term: Term | None = None, clauses: tuple = ()) -> Deal:  # type: ignore[type-arg]
    return Deal(
        id="d",
        name="D",
        parties=PARTIES,
        actions=(Action(id="x", description="do x"),),
        term=term or Term(effective_date="2024-01-01"),
        clauses=(*shares, *clauses),
    )


def share(**kw: object) -> RevenueShare:
    fields: dict[str, object] = {
        "id": "rs",
        "payer": "a",
        "payee": "b",
        "rate": "20%",
        "base": "rev",
        "period": "quarterly",
    }
    fields.update(kw)
    return RevenueShare(**fields)  # type: ignore[arg-type]


def rev(start: str, end: str, amount: str, metric: str = "rev") -> RevenueInput:
    return RevenueInput(metric=metric, start=start, end=end, amount=usd(amount))


def owed(book_rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [format(r.owed.amount, "f") for r in book_rows]


# -- worked examples, computed by hand -----------------------------------------------------


def test_leap_year_partial_first_period() -> None:
    # Q1 2024 has 91 days (29 February). The share starts on 2024-02-15: 46 days in force.
    # Base = 9100 × 46/91 = 4600; 20% = 920.00.
    d = deal(share(term=Term(effective_date="2024-02-15")))
    book = ledger(d, [rev("2024-01-01", "2024-03-31", "9100")], "2024-01-01", "2024-03-31")
    [row] = book.rows
    assert row.days_in_force == 46
    assert row.days_in_period == 91
    assert row.base_exact == Fraction(4600)
    assert row.owed == usd("920.00")
    assert "in force 46 of 91 days" in row.why


def test_fiscal_year_ending_30_june() -> None:
    # Yearly periods starting 1 July; a year's revenue given as two half-years.
    d = deal(share(period="yearly", year_start_month=7, rate="10%"))
    inputs = [
        rev("2024-07-01", "2024-12-31", "1000"),
        rev("2025-01-01", "2025-06-30", "3000"),
        rev("2025-07-01", "2026-06-30", "5000"),
    ]
    book = ledger(d, inputs, "2024-07-01", "2026-06-30")
    assert [(r.period.start, r.period.end) for r in book.rows] == [
        (date(2024, 7, 1), date(2025, 7, 1)),
        (date(2025, 7, 1), date(2026, 7, 1)),
    ]
    assert owed(book.rows) == ["400.00", "500.00"]


def test_rounding_residue_is_carried() -> None:
    # Three months of 1/3 each: 0.333…, carried: 0.33, 0.34, 0.33 → total 1.00.
    d = deal(share(period="monthly", rate="100%"))
    book = ledger(d, [rev("2024-01-01", "2024-03-31", "1")], "2024-01-01", "2024-03-31")
    amounts = [r.owed_exact for r in book.rows]
    assert amounts == [Fraction(31, 91), Fraction(29, 91), Fraction(31, 91)]
    assert owed(book.rows) == ["0.34", "0.32", "0.34"]
    assert book.total("rs") == usd("1.00")


def test_cap_is_reached_partially_then_nothing() -> None:
    d = deal(share(rate="50%", cap=usd("120")))
    inputs = [
        rev(f"2024-{m:02d}-01", e, "100")
        for m, e in ((1, "2024-03-31"), (4, "2024-06-30"), (7, "2024-09-30"))
    ]
    book = ledger(d, inputs, "2024-01-01", "2024-09-30")
    assert owed(book.rows) == ["50.00", "50.00", "20.00"]
    assert "cap 120 USD reached" in book.rows[2].why


def test_minimum_annual_payment_tops_up_the_last_period() -> None:
    d = deal(share(period="quarterly", rate="1%", minimum_annual=usd("100")))
    inputs = [rev("2024-01-01", "2024-12-31", "3660")]  # 10/day; 1% = 0.10/day
    book = ledger(d, inputs, "2024-01-01", "2024-12-31")
    assert sum(r.owed_exact for r in book.rows) == 100  # type: ignore[misc]
    assert "minimum annual payment" in book.rows[-1].why


def test_rate_change_on_a_date_splits_the_period() -> None:
    d = deal(share(rate="10%", rate_changes=[RateChange(effective_date="2024-02-01", rate="20%")]))
    book = ledger(d, [rev("2024-01-01", "2024-03-31", "91")], "2024-01-01", "2024-03-31")
    # 31 days at 10% + 60 days at 20% of 1/day = 3.1 + 12 = 15.10
    assert owed(book.rows) == ["15.10"]


def test_marginal_tiers_on_cumulative_base() -> None:
    d = deal(share(rate="10%", tiers=[Tier(above=usd("100"), rate="20%")]))
    inputs = [rev("2024-01-01", "2024-03-31", "80"), rev("2024-04-01", "2024-06-30", "80")]
    book = ledger(d, inputs, "2024-01-01", "2024-06-30")
    # Q1: 80 × 10% = 8; Q2: 20 × 10% + 60 × 20% = 14
    assert owed(book.rows) == ["8.00", "14.00"]


def test_a_trigger_stops_the_share_and_the_ledger_says_why() -> None:
    stop = Trigger(
        id="t", holder="a", counterparty="b", power="x", ends=("rs",),
        condition=AtLeast(metric="profit", threshold=usd("1")),
    )  # fmt: skip
    d = deal(share(), clauses=(stop,))
    scenario = Scenario(
        id="s", deal=d, facts={"profit": usd("5")}, events={"t.exercised": "2024-05-01"}
    )
    inputs = [rev("2024-01-01", "2024-12-31", "366")]
    book = ledger(scenario, inputs, "2024-01-01", "2024-12-31")
    assert [r.days_in_force for r in book.rows] == [91, 30, 0]
    assert "stopped applying" in book.rows[-1].why
    assert "ended by exercise on 2024-05-01" in book.rows[-1].why


def test_reference_deal_with_the_bundled_forecast() -> None:
    book = ledger(
        microsoft_openai(),
        microsoft_openai_revenue(),
        "2025-01-01",
        "2025-12-31",
        rates={"microsoft.revenue_share_rate": Rate.parse("10%")},
    )
    # 20% of 2.00B, 2.16B, 2.3328B, 2.519424B (the made-up forecast, +8% a quarter)
    assert owed(book.for_clause("revenue-share-to-microsoft")) == [
        "400000000.00", "432000000.00", "466560000.00", "503884800.00",
    ]  # fmt: skip
    assert book.total("revenue-share-to-openai") == usd("215000000.00")
    [first, *_] = book.netted()
    assert (first.payer, first.payee, first.amount) == ("openai", "microsoft", usd("350000000.00"))


def test_undisclosed_rate_is_unknown_not_zero() -> None:
    book = ledger(microsoft_openai(), microsoft_openai_revenue(), "2025-01-01", "2025-03-31")
    [row] = book.for_clause("revenue-share-to-openai")
    assert row.owed is None
    assert "rate not disclosed" in row.why
    assert book.total("revenue-share-to-openai") is None
    assert all(n.amount is None for n in book.netted())


def test_records_and_csv() -> None:
    book = ledger(
        deal(share()), [rev("2024-01-01", "2024-03-31", "100")], "2024-01-01", "2024-03-31"
    )
    [record] = book.to_records()
    assert record["owed"] == "20.00"
    assert record["period_end"] == "2024-03-31"
    assert book.to_csv().splitlines()[0].startswith("clause,amendment,payer,payee")


# -- laws -----------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)


@st.composite
def figures(draw: st.DrawFn) -> list[RevenueInput]:
    day = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 60)))
    out = []
    for _ in range(draw(st.integers(1, 6))):
        length = draw(st.integers(1, 120))
        out.append(
            RevenueInput(
                metric="rev",
                start=day,
                end=day + timedelta(days=length - 1),
                amount=Money(amount=draw(amounts), currency="USD"),
            )
        )
        day += timedelta(days=length + draw(st.integers(0, 10)))
    return out


@given(figures(), rates, st.sampled_from(["monthly", "quarterly", "yearly"]))
def test_conservation(inputs: list[RevenueInput], rate: Decimal, period: str) -> None:
    d = deal(share(rate=Rate(value=rate), period=period))
    end = max(r.end for r in inputs)
    book = ledger(d, inputs, "2024-01-01", end)
    total_base = sum(Fraction(r.amount.amount) for r in inputs)
    exact = sum((r.owed_exact for r in book.rows), Fraction(0))  # type: ignore[misc]
    assert exact == total_base * Fraction(rate)
    rounded = sum((r.owed.amount for r in book.rows), Decimal(0))  # type: ignore[union-attr]
    expected = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"))
    assert rounded == expected


@given(figures(), rates, st.integers(min_value=0, max_value=10**7))
def test_cap_never_exceeded_and_reached_exactly(
    inputs: list[RevenueInput], rate: Decimal, cap: int
) -> None:
    d = deal(share(rate=Rate(value=rate), cap=Money(amount=cap, currency="USD")))
    end = max(r.end for r in inputs)
    book = ledger(d, inputs, "2024-01-01", end)
    paid = sum((r.owed_exact for r in book.rows), Fraction(0))  # type: ignore[misc]
    uncapped = sum(Fraction(r.amount.amount) for r in inputs) * Fraction(rate)
    assert paid <= cap
    assert paid == min(uncapped, Fraction(cap))


@given(figures(), st.integers(min_value=1, max_value=400))
def test_proration_is_additive(inputs: list[RevenueInput], cut: int) -> None:
    # Splitting the ledger range in two never changes the exact total.
    d = deal(share(rate="20%", period="monthly"))
    end = max(r.end for r in inputs)
    mid = date(2024, 1, 1) + timedelta(days=cut)
    whole = ledger(d, inputs, "2024-01-01", end)
    total = sum((r.owed_exact for r in whole.rows), Fraction(0))  # type: ignore[misc]
    if mid <= end:
        left = ledger(d, inputs, "2024-01-01", mid - timedelta(days=1))
        right = ledger(d, inputs, mid, end)
        parts = sum((r.owed_exact for r in (*left.rows, *right.rows)), Fraction(0))  # type: ignore[misc]
        assert parts == total


@given(figures(), figures(), rates, rates)
def test_mutual_shares_net_to_the_difference(
    ab_in: list[RevenueInput], ba_in: list[RevenueInput], r1: Decimal, r2: Decimal
) -> None:
    ba_in = [RevenueInput(metric="rev2", start=r.start, end=r.end, amount=r.amount) for r in ba_in]
    d = deal(
        share(id="ab", rate=Rate(value=r1)),
        share(id="ba", payer="b", payee="a", base="rev2", rate=Rate(value=r2)),
    )
    end = max(r.end for r in (*ab_in, *ba_in))
    book = ledger(d, [*ab_in, *ba_in], "2024-01-01", end)
    for n in book.netted():
        assert n.amount is not None
        flows = {(r.payer, r.owed.amount) for r in book.rows if r.period == n.period}  # type: ignore[union-attr]
        ab = sum((v for p, v in flows if p == "a"), Decimal(0))
        ba = sum((v for p, v in flows if p == "b"), Decimal(0))
        assert n.amount.amount == abs(ab - ba)
        assert n.payer == ("a" if ab >= ba else "b")


# -- bad input ------------------------------------------------------------------------------


def test_bad_input() -> None:
    d = deal(share())
    with pytest.raises(InvalidValueError, match="float"):
        RevenueInput(
            metric="rev",
            start="2024-01-01",
            end="2024-01-31",
            amount=Money(amount=1.5, currency="USD"),
        )  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="must not be negative"):
        rev("2024-01-01", "2024-01-31", "-1")
    with pytest.raises(InvalidValueError, match="overlap"):
        ledger(
            d,
            [rev("2024-01-01", "2024-02-15", "1"), rev("2024-02-01", "2024-03-31", "1")],
            "2024-01-01",
            "2024-03-31",
        )
    with pytest.raises(CurrencyMismatchError, match="mix USD and EUR"):
        ledger(
            d,
            [rev("2024-01-01", "2024-01-31", "1"),
             RevenueInput(metric="rev", start="2024-02-01", end="2024-02-28", amount="1 EUR")],
            "2024-01-01", "2024-03-31",
        )  # fmt: skip
    with pytest.raises(InvalidValueError, match="is after end"):
        ledger(d, [], "2024-03-01", "2024-01-01")
    with pytest.raises(InvalidValueError, match="end=2024-01-01 is before start"):
        rev("2024-02-01", "2024-01-01", "1")
    with pytest.raises(InvalidDealError) as group:
        deal(share(rate_changes=[RateChange(effective_date="2024-02-01", rate="1%")],
                   tiers=[Tier(above=usd("1"), rate="2%")]))  # fmt: skip
    assert "give rate_changes or tiers, not both" in group.value.lines()[0]
    with pytest.raises(InvalidValueError, match="tiers must rise"):
        share(tiers=[Tier(above=usd("10"), rate="2%"), Tier(above=usd("5"), rate="3%")])
    with pytest.raises(InvalidValueError, match="year_start_month"):
        share(year_start_month=13)
    with pytest.raises(CurrencyMismatchError):
        ledger(
            deal(share(cap=Money.parse("1 EUR"))),
            [rev("2024-01-01", "2024-01-31", "1")],
            "2024-01-01",
            "2024-01-31",
        )
