"""Regression tests for the review of the wider clause library (exact money, scenario
files with termination notices, bad input, duplicate file errors, notice judging)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealterms
from dealterms import (
    Action,
    ChangeOfControl,
    Deal,
    Event,
    Money,
    Party,
    PaymentDue,
    Permission,
    PostTerminationServices,
    Renewal,
    Scenario,
    State,
    Term,
    TerminationNotice,
    TerminationRight,
    UsageBilling,
    UsageEvent,
    evaluate,
    timeline,
)
from dealterms.exceptions import InvalidDealError, InvalidValueError, UnknownReferenceError
from dealterms.io import InvalidFileError, load_deal, load_scenario


def _pts(fee: str, period: str = "P11M") -> PostTerminationServices:
    return PostTerminationServices(
        id="pts", provider="a", recipient="b", services="transition", period=period, fee=fee
    )


# -- 1. computed money is exact, never rounded to 28 digits or refused by input bounds --


def test_post_termination_fees_are_exact_beyond_28_digits() -> None:
    fees = _pts("1111111111111111111111111.111 USD").after(last_day="2020-01-01").fees
    assert fees is not None
    assert fees.amount == Decimal("12222222222222222222222222.221")


def test_post_termination_fees_may_exceed_the_input_bounds() -> None:
    pts = _pts("9999999999999999999999999999 USD", period="P1000Y")
    fees = pts.after(last_day="2020-01-01").fees
    assert fees is not None
    assert fees.amount == Decimal(119999999999999999999999999988000)


def _bill(price: str, units: int) -> Money:
    ub = UsageBilling(id="ub", payer="a", payee="b", unit_price=price)
    events = [UsageEvent(kind="signed"), *[UsageEvent(kind="unit")] * units]
    last = ub.replay([*events, UsageEvent(kind="bill")])[-1]
    assert last.obligation is not None
    return last.obligation.amount


@settings(max_examples=60, deadline=None)
@given(
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9" * 26), places=2),
    months=st.integers(min_value=1, max_value=12000),
)
def test_post_termination_fees_equal_the_exact_product(amount: Decimal, months: int) -> None:
    years, rest = divmod(months, 12)
    period = f"P{years}Y{rest}M" if years and rest else (f"P{years}Y" if years else f"P{rest}M")
    fees = _pts(f"{amount} USD", period=period).after(last_day="2020-01-01").fees
    assert fees is not None
    assert Fraction(fees.amount) == Fraction(amount) * months


@settings(max_examples=30, deadline=None)
@given(
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9" * 26), places=2),
    units=st.integers(min_value=1, max_value=40),
)
def test_usage_bills_equal_the_exact_product(amount: Decimal, units: int) -> None:
    assert Fraction(_bill(f"{amount} USD", units).amount) == Fraction(amount) * units


def test_a_payment_counts_units_exactly_beyond_28_digits() -> None:
    ub = UsageBilling(id="ub", payer="a", payee="b", unit_price="3 USD")
    # 9999999999999999999999999998 / 3 = 3333333333333333333333333332.67: rounded to 28
    # digits first, its floor would be one unit too many
    paid = UsageEvent(kind="payment", amount="9999999999999999999999999998 USD")
    events = [UsageEvent(kind="signed"), *[UsageEvent(kind="unit")] * 3, paid]
    assert "covers 3333333333333333333333333332 units" in ub.replay(events)[-1].because


# -- 2. scenario files read what dump writes, termination notices included -----------------


def _deal() -> Deal:
    return Deal(
        id="d",
        name="D",
        parties=(Party(id="alpha", name="Alpha"), Party(id="beta", name="Beta")),
        actions=(Action(id="use", description="use"),),
        term=Term(effective_date="2024-01-01", expiry="2026-01-01", expiry_inclusive=False),
        clauses=(
            Permission(id="use", holder="beta", counterparty="alpha", action="use"),
            TerminationRight(
                id="tfc", holder="beta", counterparty="alpha", basis="convenience", notice="P30D"
            ),
        ),
    )


def test_a_scenario_with_a_termination_notice_round_trips(tmp_path: Path) -> None:
    notice = TerminationNotice(clause="tfc", party="beta", date="2024-06-01")
    scenario = Scenario(
        id="s", deal=_deal(), events=[notice, Event(name="x.happened", date="2024-02-01")]
    )
    for suffix in (".json", ".toml", ".yaml"):
        path = tmp_path / f"s{suffix}"
        dealterms.dump(scenario, path)
        back = load_scenario(path, _deal())
        assert back.events == scenario.events
        assert back.evaluate(date(2024, 8, 1)) == scenario.evaluate(date(2024, 8, 1))


# -- 3. bad input is refused, naming the field ---------------------------------------------


@pytest.mark.parametrize("fee", ["-5 USD", "0 USD", Money.parse("0 EUR")])
def test_a_post_termination_fee_must_be_positive(fee: object) -> None:
    with pytest.raises(InvalidValueError, match="fee must be > 0") as e:
        PostTerminationServices(
            id="p", provider="a", recipient="b", services="s", period="P6M", fee=fee
        )
    assert e.value.path == "$.fee"


def test_a_renewal_holder_must_be_a_party() -> None:
    term = Term(
        effective_date="2024-01-01",
        expiry="2025-01-01",
        expiry_inclusive=False,
        renewal=Renewal(period="P1Y", times=None, holder="gamma"),
    )
    with pytest.raises(InvalidDealError) as e:
        Deal(id="d", name="D", parties=_deal().parties, term=term, clauses=())
    [only] = e.value.exceptions
    assert isinstance(only, UnknownReferenceError)
    assert only.path == "$.term.renewal.holder"


def test_a_convenience_right_refuses_breach_arguments_and_checks_every_date() -> None:
    right = _deal().clauses[1]
    assert isinstance(right, TerminationRight)
    for name in ("breach_notice", "cured_on"):
        with pytest.raises(InvalidValueError, match="convenience takes no") as e:
            right.exercise(notice="2024-01-01", **{name: "garbage"})  # type: ignore[arg-type]
        assert e.value.path == name
    cause = TerminationRight(
        id="c", holder="beta", counterparty="alpha", basis="cause", cure_period="P30D"
    )
    with pytest.raises(InvalidValueError) as e:  # even when the notice is not the holder's
        cause.exercise(notice=dealterms.Notice(given_on="2024-03-01", by="alpha"), cured_on="x")
    assert e.value.path.endswith("cured_on")


def test_a_convenience_notice_with_a_breach_notice_is_an_invalid_exercise() -> None:
    notice = TerminationNotice(
        clause="tfc", party="beta", date="2024-06-01", breach_notice="2024-05-01"
    )
    ev = evaluate(_deal(), State(as_of="2024-08-01", events=[notice]))
    [v] = ev.violations
    assert v.reason == "invalid_exercise"
    assert "convenience takes no breach notice" in v.detail
    assert all(e.status.name == "in_force" for e in ev.for_clause("use"))


def test_payment_due_checks_its_fields() -> None:
    with pytest.raises(InvalidValueError, match="distinct parties") as e:
        PaymentDue(payer="a", payee="a", amount=Money.parse("5 USD"))
    assert e.value.path == "$.payee"
    for bad in (5.0, "5 USD", Money.parse("-5 USD")):
        with pytest.raises(InvalidValueError, match="Money >= 0") as e:
            PaymentDue(payer="a", payee="b", amount=bad)  # type: ignore[arg-type]
        assert e.value.path == "$.amount"
    with pytest.raises(InvalidValueError) as e:
        PaymentDue(payer="A B", payee="b", amount=Money.parse("5 USD"))
    assert e.value.path == "$.payer"


def test_change_of_control_cap_refuses_a_non_text_entity() -> None:
    coc = ChangeOfControl(
        id="coc",
        subject="alpha",
        counterparty="beta",
        consequence="cap",
        cap_lookback="P3M",
        cap_uplift="25%",
    )
    with pytest.raises(InvalidValueError, match="entity must be text") as e:
        coc.cap(changed_on="2024-06-01", base=100, requested=110, entity=["a"])  # type: ignore[arg-type]
    assert e.value.path == "entity"


# -- 4. a deal file lists each problem once --------------------------------------------------


@pytest.mark.parametrize(
    ("where", "field", "value"),
    [
        ("clause", "quarters", 0),
        ("clause", "services", ""),
        ("clause", "id", "a b"),
        ("renewal", "times", 0),
        ("renewal", "notice_by", "02-29"),
        ("renewal", "notice_business_days", 0),
    ],
)
def test_a_deal_file_lists_each_problem_once(
    tmp_path: Path, where: str, field: str, value: object
) -> None:
    deal = _deal()
    path = tmp_path / "d.json"
    dealterms.dump(deal, path)
    data = json.loads(path.read_text())
    if where == "clause":
        data["clauses"].append(
            {
                "kind": "post_termination_services" if field == "services" else "tail_payment",
                "id": "t",
                **(
                    {"provider": "alpha", "recipient": "beta", "period": "P6M", "services": "s"}
                    if field == "services"
                    else {"payer": "alpha", "payee": "beta", "quarters": 4}
                ),
                field: value,
            }
        )
    else:
        data["term"]["renewal"] = {"period": "P1Y", field: value}
    path.write_text(json.dumps(data))
    with pytest.raises(InvalidFileError) as e:
        load_deal(path)
    found = [(x.path, str(x)) for x in e.value.exceptions if isinstance(x, InvalidValueError)]
    assert len(found) == 1, found
    assert found[0][0].endswith(f".{field}")


# -- 5. judging termination notices once per log keeps timelines exact ----------------------


def test_a_timeline_with_many_notices_equals_day_by_day_evaluation() -> None:
    start = date(2024, 1, 1)
    bad = [
        TerminationNotice(clause="tfc", party="alpha", date=start + timedelta(days=i))
        for i in range(0, 60, 3)
    ]
    good = TerminationNotice(clause="tfc", party="beta", date=date(2024, 2, 10))
    scenario = Scenario(id="s", deal=_deal(), events=[*bad, good])
    end = date(2024, 4, 30)
    t = timeline(scenario, start, end)
    day = start
    while day <= end:
        assert t.at(day).entitlements == scenario.evaluate(day).entitlements, day
        day += timedelta(days=1)
    later = scenario.evaluate(end)
    assert [e.status.name for e in later.for_clause("use")] == ["not_in_force"]
    assert len(later.violations) == len(bad)
