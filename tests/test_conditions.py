from __future__ import annotations

from decimal import Decimal

import pytest

from dealterms import (
    AtLeast,
    Declared,
    Happened,
    LessThan,
    Metric,
    Money,
    MoreThan,
    OnOrAfter,
    State,
)
from dealterms._conditions import decide
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

S = State(as_of="2025-06-01")


def test_excluded_middle_is_never_unknown() -> None:
    x = Declared(fact="x")
    assert decide(x | ~x, S).value is True
    assert decide(x & ~x, S).value is False


def test_contradictory_thresholds_are_false_for_unknown_metric() -> None:
    c = AtLeast(metric="m", threshold=100) & LessThan(metric="m", threshold=50)
    assert decide(c, S).value is False


def test_missing_names_only_relevant_facts() -> None:
    x, y = Declared(fact="x"), Declared(fact="y")
    d = decide(x | (y & ~y), S)
    assert d.value is None
    assert d.missing == ("x",)


def test_branches_closed_by_the_date_are_not_enumerated() -> None:
    # Twenty yearly windows, each "from its end, that year's orders were below 750". On
    # 2023-06-01 only the windows ended by then are open: the value is exact (not the
    # fallback for more than 4,096 combinations) and only their facts are missing.
    windows = [
        OnOrAfter(day=f"{2021 + i}-01-01") & LessThan(metric=f"orders.{2020 + i}", threshold=750)
        for i in range(20)
    ]
    cond = windows[0]
    for w in windows[1:]:
        cond = cond | w
    d = decide(cond, State(as_of="2023-06-01", facts={"orders.2020": 800}))
    assert d.value is None
    assert d.missing == ("orders.2021", "orders.2022")
    d = decide(cond, State(as_of="2023-06-01", facts={"orders.2021": 700}))
    assert d.value is True
    assert d.missing == ()
    known = {"orders.2020": 800, "orders.2021": 900, "orders.2022": 750}
    assert decide(cond, State(as_of="2023-06-01", facts=known)).value is False


def test_at_least_vs_more_than_at_the_boundary() -> None:
    m = Metric(name="p")
    s = State(as_of="2025-06-01", facts={"p": Money.parse("100 USD")})
    assert decide(m.at_least(Money.parse("100 USD")), s).value is True
    assert decide(m.more_than(Money.parse("100 USD")), s).value is False
    assert decide(MoreThan(metric="p", threshold=Money.parse("99.99 USD")), s).value is True


def test_currency_mismatch_in_state_is_an_error() -> None:
    s = State(as_of="2025-06-01", facts={"p": Money.parse("100 EUR")})
    with pytest.raises(CurrencyMismatchError, match=r"convert it first"):
        decide(AtLeast(metric="p", threshold=Money.parse("1 USD")), s)


def test_type_mismatch_in_state_is_an_error() -> None:
    s = State(as_of="2025-06-01", facts={"p": True})
    with pytest.raises(InvalidValueError, match="must be money in USD"):
        decide(AtLeast(metric="p", threshold=Money.parse("1 USD")), s)
    s = State(as_of="2025-06-01", facts={"x": Decimal(1)})
    with pytest.raises(InvalidValueError, match="true/false"):
        decide(Declared(fact="x"), s)


def test_events_and_dates_are_always_known() -> None:
    s = State(as_of="2025-06-01", events={"e": "2025-07-01"})
    assert decide(Happened(event="e"), s).value is False  # future events have not happened
    assert decide(Happened(event="e"), s.replace(as_of="2025-07-01")).value is True
    assert decide(OnOrAfter(day="2025-06-01"), s).value is True


def test_operators_flatten() -> None:
    a, b, c = Declared(fact="a"), Declared(fact="b"), Declared(fact="c")
    assert len((a & b & c).conditions) == 3
    assert len((a | b | c).conditions) == 3
    assert ~~a == a


def test_state_rejects_duplicates_and_floats() -> None:
    from dealterms import Fact

    with pytest.raises(InvalidValueError, match="given twice"):
        State(as_of="2025-01-01", facts=(Fact(name="x", value=True), Fact(name="x", value=False)))
    with pytest.raises(InvalidValueError, match="float"):
        State(as_of="2025-01-01", facts={"x": 1.5})


def test_evaluate_keeps_the_currency_error_type() -> None:
    from dealterms import evaluate
    from dealterms.examples import microsoft_openai

    state = State(as_of="2025-06-01", facts={"openai.cumulative_profit": Money.parse("1 EUR")})
    with pytest.raises(CurrencyMismatchError, match="agi-clause"):
        evaluate(microsoft_openai(), state)
