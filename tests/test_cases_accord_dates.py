"""Public cases about dates and deadlines (public.md #15, #6 and #25).

#15 and #6 come from the Accord Project's templates, #25 from the Symboleo core runtime.
The sources work with timezone-aware instants; dealterms works in calendar days. An
instant is mapped to **its calendar day in the offset it was stated in**
(`instant.date()`): 2019-01-31T16:34:00-05:00 is 2019-01-31, 2019-01-22T03:24Z is
2019-01-22. Where a source renders one instant in several offsets (#6), the day is taken
in the offset of the fact it is counted from (the permission, stated in UTC−5), and the
test checks that the upstream renderings are that same instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from dealterms import (
    AcceptanceOfDelivery,
    BusinessCalendar,
    Deal,
    Money,
    Party,
    PaymentTerms,
    ResponseWindow,
    RevenueInput,
    RevenueShare,
    State,
    Term,
    add_months,
    add_years,
    evaluate,
    ledger,
)
from dealterms.exceptions import InvalidValueError

EST = timezone(timedelta(hours=-5))


def day_of(instant: datetime) -> date:
    """The calendar day of an aware instant, in the offset it was stated in."""
    assert instant.tzinfo is not None
    return instant.date()


# -- #15 acceptance of delivery ----------------------------------------------------------

NOW = day_of(datetime(2019, 1, 31, 16, 34, tzinfo=EST))


def acceptance(count: str) -> AcceptanceOfDelivery:
    """The clause, "10 Business Days", counted as the FLAG's `count` reading says."""
    return AcceptanceOfDelivery(
        id="acceptance-of-delivery",
        supplier="party-a",
        receiver="party-b",
        inspection_period=ResponseWindow(days=10, count=count),  # type: ignore[arg-type]
        source="Accord Project, acceptance-of-delivery (public case #15)",
    )


READINGS = ["calendar", "business"]  # the logic's reading, the text's reading


@pytest.mark.parametrize("count", READINGS)
def test_case_15_passed_and_failed_inside_the_inspection_period(count: str) -> None:
    received = day_of(datetime(2019, 1, 22, 3, 24, tzinfo=UTC))
    clause = acceptance(count)
    passed = clause.inspect(delivered=received, as_of=NOW, passed=True)
    failed = clause.inspect(delivered=received, as_of=NOW, passed=False)
    assert passed.status == "passed_testing"
    assert failed.status == "failed_testing"
    assert passed.last_day == {"calendar": date(2019, 2, 1), "business": date(2019, 2, 5)}[count]
    assert "passed testing" in passed.because


@pytest.mark.parametrize("count", READINGS)
def test_case_15_outside_the_inspection_period(count: str) -> None:
    received = day_of(datetime(2019, 1, 12, 3, 24, tzinfo=UTC))
    result = acceptance(count).inspect(delivered=received, as_of=NOW, passed=True)
    assert result.status == "outside_inspection_period"
    assert result.last_day == {"calendar": date(2019, 1, 22), "business": date(2019, 1, 25)}[count]
    assert "it has ended" in result.because


@pytest.mark.parametrize("count", READINGS)
def test_case_15_received_in_the_future_is_rejected(count: str) -> None:
    now = day_of(datetime(2019, 1, 11, 16, 34, tzinfo=EST))
    received = day_of(datetime(2019, 1, 12, 3, 24, tzinfo=UTC))
    with pytest.raises(InvalidValueError, match="Transaction time is before the deliverable date"):
        acceptance(count).inspect(delivered=received, as_of=now, passed=True)


@pytest.mark.parametrize("count", READINGS)
def test_case_15_default_scenario(count: str) -> None:
    received = day_of(datetime(2018, 1, 1, 16, 34, tzinfo=UTC))
    now = day_of(datetime(2018, 1, 2, 16, 34, tzinfo=UTC))
    assert acceptance(count).inspect(delivered=received, as_of=now, passed=True).status == (
        "passed_testing"
    )


def test_case_15_flag_the_readings_diverge() -> None:
    """Received 2019-01-22, result on 2019-02-03: closed by calendar days, open by business."""
    received, now = date(2019, 1, 22), date(2019, 2, 3)
    by_logic = acceptance("calendar").inspect(delivered=received, as_of=now, passed=True)
    by_text = acceptance("business").inspect(delivered=received, as_of=now, passed=True)
    assert by_logic.status == "outside_inspection_period"  # 2019-01-22 + 10 d = 2019-02-01
    assert by_text.status == "passed_testing"  # 10 business days run to 2019-02-05


def test_case_15_the_window_end_is_inclusive() -> None:
    """`isAfter(now, received + 10d)` → outside: the 10th day itself is still inside."""
    clause = acceptance("calendar")
    received = date(2019, 1, 22)
    assert clause.inspect(delivered=received, as_of=date(2019, 2, 1), passed=False).status == (
        "failed_testing"
    )
    assert clause.inspect(delivered=received, as_of=date(2019, 2, 2), passed=False).status == (
        "outside_inspection_period"
    )


def test_case_15_business_days_on_a_holiday_calendar() -> None:
    """With US holidays, Martin Luther King Jr. Day (2019-01-21) is not counted."""
    clause = AcceptanceOfDelivery(
        id="acceptance",
        supplier="party-a",
        receiver="party-b",
        inspection_period=ResponseWindow(
            days=10, count="business", calendar=BusinessCalendar(country="US")
        ),
    )
    assert clause.last_inspection_day(date(2019, 1, 12)) == date(2019, 1, 28)


def test_case_15_the_clause_fits_in_a_deal_and_confers_a_power() -> None:
    deal = Deal(
        id="supply",
        name="Supply",
        parties=(Party(id="party-a", name="Party A"), Party(id="party-b", name="Party B")),
        term=Term(effective_date="2019-01-01"),
        clauses=(acceptance("business"),),
    )
    (entitlement,) = evaluate(deal, State(as_of="2019-01-31")).entitlements
    assert entitlement.relation == "power"
    assert entitlement.holder == "party-b"
    assert entitlement.kind == "acceptance_of_delivery"
    assert "10 business days" in entitlement.text


# -- #6 IP payment: royalties and due dates ----------------------------------------------

PERMISSION = datetime(2018, 4, 5, 0, 0, tzinfo=EST)
REGULAR = PaymentTerms(days=10)  # "due 10 days after the end of each quarter"
AFTER_PERMISSION = {
    "calendar": PaymentTerms(days=7),  # the logic: 7 calendar days
    "business": PaymentTerms(days=7, count="business"),  # the text: "7 days business days"
}


def royalty_deal() -> Deal:
    """4.5% of Net Sales Price and 5.2% of sublicensing royalties and fees, per quarter."""
    parties = (Party(id="licensee", name="Licensee"), Party(id="licensor", name="Licensor"))
    shares = (
        RevenueShare(
            id="royalty",
            payer="licensee",
            payee="licensor",
            rate="4.5%",
            base="net_sales",
            period="quarterly",
        ),
        RevenueShare(
            id="sublicensing-share",
            payer="licensee",
            payee="licensor",
            rate="5.2%",
            base="sublicensing",
            period="quarterly",
        ),
    )
    return Deal(
        id="ip-payment",
        name="IP licence",
        parties=parties,
        term=Term(effective_date="2018-01-01"),
        clauses=shares,
    )


@pytest.mark.parametrize(
    ("net_sales", "sublicensing", "royalty", "share", "total"),
    [
        ("1200", "450", "54", "23.4", "77.4"),
        ("1550", "225", "69.75", "11.7", "81.45"),
        ("700", "400", "31.5", "20.8", "52.3"),
    ],
)
def test_case_6_royalty_amounts(
    net_sales: str, sublicensing: str, royalty: str, share: str, total: str
) -> None:
    quarter = {"start": "2018-10-01", "end": "2018-12-31"}  # the preceding quarter
    revenue = [
        RevenueInput(metric="net_sales", amount=f"{net_sales} USD", **quarter),
        RevenueInput(metric="sublicensing", amount=f"{sublicensing} USD", **quarter),
    ]
    book = ledger(royalty_deal(), revenue, quarter["start"], quarter["end"])
    assert book.total("royalty") == Money.parse(f"{royalty} USD")
    assert book.total("sublicensing-share") == Money.parse(f"{share} USD")
    assert book.total("royalty") + book.total("sublicensing-share") == Money.parse(f"{total} USD")


@pytest.mark.parametrize(
    "rendered",
    [
        datetime(2018, 4, 12, 0, 0, tzinfo=EST),
        datetime(2018, 4, 12, 3, 0, tzinfo=timezone(timedelta(hours=-2))),
        datetime(2018, 4, 11, 22, 0, tzinfo=timezone(timedelta(hours=-7))),
    ],
)
def test_case_6_due_seven_calendar_days_after_permission(rendered: datetime) -> None:
    """The logic's reading: 2018-04-05 + 7 days = 2018-04-12, in the permission's offset."""
    due = AFTER_PERMISSION["calendar"].due_date(day_of(PERMISSION))
    assert due == date(2018, 4, 12)
    # Each scenario renders the same instant: midnight of the due day in UTC−5.
    assert datetime.combine(due, time(0), tzinfo=PERMISSION.tzinfo) == rendered


def test_case_6_flag_seven_business_days_after_permission() -> None:
    """The text's reading: 7 business days from Thursday 2018-04-05 is Monday 2018-04-16."""
    assert AFTER_PERMISSION["business"].due_date(day_of(PERMISSION)) == date(2018, 4, 16)
    assert AFTER_PERMISSION["calendar"].due_date(day_of(PERMISSION)) != date(2018, 4, 16)


def test_case_6_without_permission_due_ten_days_after_the_quarter() -> None:
    """End of the current quarter (2019-03-31) + 10 days = 2019-04-10, the upstream day."""
    now = day_of(datetime(2019, 3, 4, tzinfo=EST))
    assert REGULAR.period_due_date(now, period="quarterly") == date(2019, 4, 10)
    assert REGULAR.due_date(date(2019, 3, 31)) == date(2019, 4, 10)


# -- #25 the Symboleo date helper ---------------------------------------------------------


def test_case_25_add_months_and_years_at_day_granularity() -> None:
    """2022-03-12T22:39Z + 2 months / + 2 years; the time of day is dropped."""
    start = day_of(datetime(2022, 3, 12, 22, 39, tzinfo=UTC))
    assert add_months(start, 2) == date(2022, 5, 12)
    assert add_years(start, 2) == date(2024, 3, 12)
    for policy in ("clip", "roll_forward", "refuse"):  # the 12th exists in every month
        assert add_months(start, 2, policy=policy) == date(2022, 5, 12)
        assert add_years(start, 2, policy=policy) == date(2024, 3, 12)
