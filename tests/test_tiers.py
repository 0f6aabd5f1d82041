"""Tier tables: marginal and whole-amount bases, band ends, bad tables, and their laws."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    Money,
    RevenueShare,
    Tier,
    TierBand,
    TierTable,
)
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError


def usd(amount: object) -> Money:
    return Money(amount=amount, currency="USD")  # type: ignore[arg-type]


def table(basis: str = "marginal", upper_ends: str = "inclusive") -> TierTable:
    return TierTable(
        bands=(
            TierBand(lower="0 USD", upper="1000 USD", rate="5%"),
            TierBand(lower="1000 USD", upper="5000 USD", rate="7%"),
            TierBand(lower="5000 USD", rate="10%"),
        ),
        basis=basis,  # type: ignore[arg-type]
        upper_ends=upper_ends,  # type: ignore[arg-type]
    )


def test_marginal_charges_each_slice_at_its_rate() -> None:
    result = table().apply(usd(6000))
    # 1000 × 5% + 4000 × 7% + 1000 × 10% = 50 + 280 + 100
    assert result.amount == usd(430)
    assert result.band == 2
    assert "1000 at 5% + 4000 at 7% + 1000 at 10%" in result.because


def test_whole_charges_everything_at_the_rate_reached() -> None:
    result = table("whole").apply(usd(6000))
    assert result.amount == usd(600)
    assert "whole amount is charged at 10%" in result.because


@pytest.mark.parametrize(
    ("ends", "band", "amount"), [("inclusive", 0, usd(50)), ("exclusive", 1, usd(70))]
)
def test_band_ends_decide_an_amount_on_the_boundary(ends: str, band: int, amount: Money) -> None:
    t = table("whole", ends)
    assert t.band_of(usd(1000)) == band
    assert t.apply(usd(1000)).amount == amount
    # Under the marginal basis a single point has no width: both readings agree.
    assert attrs.evolve(t, basis="marginal").apply(usd(1000)).amount == usd(50)


def test_revenue_share_tiers_are_a_marginal_table_by_default() -> None:
    share = RevenueShare(
        id="royalty",
        payer="a",
        payee="b",
        rate="5%",
        base="sales",
        period="yearly",
        tiers=(Tier(above="1000 USD", rate="7%"), Tier(above="5000 USD", rate="10%")),
    )
    t = share.tier_table()
    assert t == table()
    whole = attrs.evolve(share, tier_basis="whole").tier_table()
    assert whole is not None
    assert whole.apply(usd(6000)).amount == usd(600)
    # The ledger's step: what moving the cumulative base from 900 to 1100 adds.
    assert t.between(Fraction(900), Fraction(1100)) == Fraction(5 + 7)
    assert whole.between(Fraction(900), Fraction(1100)) == Fraction(77 - 45)


def test_a_first_tier_at_zero_replaces_the_base_rate() -> None:
    share = RevenueShare(
        id="r", payer="a", payee="b", rate="5%", base="s", period="yearly",
        tiers=(Tier(above="0 USD", rate="8%"),),
    )  # fmt: skip
    assert share.tier_table() == TierTable(bands=(TierBand(lower="0 USD", rate="8%"),))


def test_whole_basis_on_a_cumulative_base_needs_rising_rates() -> None:
    share = RevenueShare(
        id="r", payer="a", payee="b", rate="10%", base="s", period="yearly",
        tiers=(Tier(above="1000 USD", rate="5%"),), tier_basis="whole",
    )  # fmt: skip
    [problem] = share.problems()
    assert problem.path == "$.tiers[0].rate"


# -- bad tables ------------------------------------------------------------------------------


def _bad(*bands: TierBand) -> InvalidValueError:
    with pytest.raises(InvalidValueError) as e:
        TierTable(bands=bands)
    return e.value


def test_overlapping_bands_are_refused_with_the_band_path() -> None:
    e = _bad(
        TierBand(lower="0 USD", upper="1000 USD", rate="5%"),
        TierBand(lower="900 USD", rate="7%"),
    )
    assert e.path == "$.bands[1].lower"
    assert "overlaps band 0" in e.message


def test_a_gap_between_bands_is_refused() -> None:
    e = _bad(
        TierBand(lower="0 USD", upper="1000 USD", rate="5%"),
        TierBand(lower="1000.01 USD", rate="7%"),
    )
    assert e.path == "$.bands[1].lower"
    assert "gap between band 0" in e.message


def test_unsorted_bands_are_refused() -> None:
    e = _bad(
        TierBand(lower="0 USD", upper="1000 USD", rate="5%"),
        TierBand(lower="1000 USD", upper="2000 USD", rate="6%"),
        TierBand(lower="500 USD", rate="7%"),
    )
    assert e.path == "$.bands[2].lower"
    assert "rising order" in e.message


@pytest.mark.parametrize(
    ("bands", "path"),
    [
        ((), "$.bands"),
        ((TierBand(lower="10 USD", rate="5%"),), "$.bands[0].lower"),
        ((TierBand(lower="0 USD", upper="10 USD", rate="5%"),), "$.bands[0].upper"),
        (
            (TierBand(lower="0 USD", rate="5%"), TierBand(lower="10 USD", rate="6%")),
            "$.bands[0].upper",
        ),
    ],
)
def test_incomplete_tables_are_refused(bands: tuple[TierBand, ...], path: str) -> None:
    assert _bad(*bands).path == path


def test_float_rates_and_empty_bands_are_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"got float 0\.05") as e:
        TierBand(lower="0 USD", rate=0.05)  # type: ignore[arg-type]
    assert e.value.path == "$.rate"
    with pytest.raises(InvalidValueError, match="must be above lower") as e:
        TierBand(lower="10 USD", upper="10 USD", rate="5%")
    assert e.value.path == "$.upper"
    with pytest.raises(CurrencyMismatchError):
        TierBand(lower="0 USD", upper="10 EUR", rate="5%")
    with pytest.raises(CurrencyMismatchError) as c:
        TierTable(
            bands=(
                TierBand(lower="0 USD", upper="10 USD", rate="5%"),
                TierBand(lower="10 EUR", rate="6%"),
            )
        )
    assert c.value.path == "$.bands[1].lower"


def test_a_base_must_be_money_in_the_tables_currency() -> None:
    with pytest.raises(CurrencyMismatchError):
        table().apply(Money.parse("10 EUR"))
    with pytest.raises(InvalidValueError, match="must not be negative"):
        table().apply(usd(-1))
    with pytest.raises(InvalidValueError, match="must be Money"):
        table().apply(Decimal(10))  # type: ignore[arg-type]


# -- laws ------------------------------------------------------------------------------------

_rates = st.integers(0, 1000).map(lambda n: Decimal(n) / 1000)
_amounts = st.integers(0, 10**8).map(lambda n: Decimal(n) / 100)


@st.composite
def tables(draw: st.DrawFn, *, rising: bool = False) -> TierTable:
    cuts = sorted(set(draw(st.lists(st.integers(1, 10**7), max_size=4))))
    bounds = [Decimal(0), *(Decimal(c) / 100 for c in cuts)]
    rates = draw(st.lists(_rates, min_size=len(bounds), max_size=len(bounds)))
    if rising:
        rates.sort()
    uppers: list[Decimal | None] = [*bounds[1:], None]
    return TierTable(
        bands=tuple(
            TierBand(lower=usd(lo), upper=None if hi is None else usd(hi), rate=r)
            for lo, hi, r in zip(bounds, uppers, rates, strict=True)
        ),
        basis=draw(st.sampled_from(("marginal", "whole"))),
        upper_ends=draw(st.sampled_from(("inclusive", "exclusive"))),
    )


def reference(t: TierTable, x: Decimal) -> Decimal:
    """A plain computation, written independently of the library's."""
    if t.basis == "marginal":
        total = Decimal(0)
        for b in t.bands:
            top = x if b.upper is None else min(x, b.upper.amount)
            if top > b.lower.amount:
                total += (top - b.lower.amount) * b.rate.value
        return total
    for b in t.bands:
        if b.upper is None:
            return x * b.rate.value
        if x < b.upper.amount or (x == b.upper.amount and t.upper_ends == "inclusive"):
            return x * b.rate.value
    raise AssertionError  # pragma: no cover


@given(tables(), _amounts)
def test_both_bases_agree_with_a_plain_reference(t: TierTable, x: Decimal) -> None:
    assert t.apply(usd(x)).amount.amount == reference(t, x)


@given(tables(), _amounts, st.integers(1, 10**6).map(lambda n: Decimal(n) / 10**4))
def test_marginal_tiers_are_continuous_in_the_base(t: TierTable, x: Decimal, eps: Decimal) -> None:
    # Lipschitz with the highest rate as constant: a small change of base moves the total
    # by at most that rate times the change (so there are no jumps at band ends).
    t = attrs.evolve(t, basis="marginal")
    top = max(b.rate.value for b in t.bands)
    step = t.apply(usd(x + eps)).amount.amount - t.apply(usd(x)).amount.amount
    assert 0 <= step <= top * eps


@given(tables(rising=True), _amounts, _amounts)
def test_whole_amount_tiers_are_monotone_when_rates_rise(
    t: TierTable, x: Decimal, y: Decimal
) -> None:
    t = attrs.evolve(t, basis="whole")
    lo, hi = sorted((x, y))
    assert t.apply(usd(lo)).amount <= t.apply(usd(hi)).amount


@given(tables(rising=True), _amounts)
def test_whole_is_at_least_marginal_when_rates_rise(t: TierTable, x: Decimal) -> None:
    whole = attrs.evolve(t, basis="whole").apply(usd(x)).amount
    assert attrs.evolve(t, basis="marginal").apply(usd(x)).amount <= whole


@pytest.mark.parametrize("bad", [1.5, -5, Decimal(-1), "10", None, True, Decimal("NaN")])
def test_total_and_between_take_only_exact_non_negative_numbers(bad: object) -> None:
    t = table()
    with pytest.raises(InvalidValueError) as e:
        t.total(bad)  # type: ignore[arg-type]
    assert e.value.path == "base"
    with pytest.raises(InvalidValueError) as e:
        t.between(0, bad)  # type: ignore[arg-type]
    assert e.value.path == "after"
    with pytest.raises(InvalidValueError) as e:
        t.between(bad, 2)  # type: ignore[arg-type]
    assert e.value.path == "before"


def test_total_accepts_int_decimal_fraction_and_money_alike() -> None:
    t = table()
    assert t.total(1500) == t.total(Decimal(1500)) == t.total(Fraction(1500)) == t.total(usd(1500))
    assert t.between(0, usd(1500)) == t.total(1500)
    with pytest.raises(CurrencyMismatchError):
        t.total(Money.parse("1500 EUR"))
