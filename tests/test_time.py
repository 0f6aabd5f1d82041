from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dealterms import Duration, Interval, Renewal, Term, parse_date
from dealterms.exceptions import InvalidValueError


@pytest.mark.parametrize(
    "text", ["2025-1-2", "01/02/2025", "20250102", "2025-02-30", "", "2025-01-02T00:00"]
)
def test_ambiguous_or_invalid_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidValueError):
        parse_date(text)


def test_datetimes_are_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"value.date\(\)"):
        parse_date(datetime(2025, 1, 1, 12, tzinfo=UTC))


def test_leap_day_arithmetic_follows_dateutil() -> None:
    assert Duration.parse("P1Y").add_to(date(2024, 2, 29)) == date(2025, 2, 28)
    assert Duration(months=1).add_to(date(2025, 1, 31)) == date(2025, 2, 28)
    assert Duration.parse("P1Y6M10D").format() == "P1Y6M10D"


@pytest.mark.parametrize("text", ["P", "PT1H", "1Y", "P-1Y", "P1.5Y"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(InvalidValueError):
        Duration.parse(text)


def test_interval_is_half_open() -> None:
    i = Interval(start="2025-01-01", end="2025-02-01")
    assert date(2025, 1, 1) in i
    assert date(2025, 1, 31) in i
    assert date(2025, 2, 1) not in i
    with pytest.raises(InvalidValueError):
        Interval(start="2025-01-01", end="2025-01-01")


def test_inclusive_and_exclusive_expiry() -> None:
    through = Term(effective_date="2025-01-01", expiry="2025-12-31", expiry_inclusive=True)
    until = Term(effective_date="2025-01-01", expiry="2025-12-31", expiry_inclusive=False)
    assert date(2025, 12, 31) in through.interval()
    assert date(2025, 12, 31) not in until.interval()
    assert date(2025, 12, 30) in until.interval()


def test_renewal_extends_the_term() -> None:
    t = Term(
        effective_date="2024-02-29",
        expiry="2025-02-28",
        expiry_inclusive=False,
        renewal=Renewal(period="P1Y", times=2),
    )
    assert t.end == date(2027, 2, 28)
    with pytest.raises(InvalidValueError, match="renewal needs an expiry"):
        Term(effective_date="2024-01-01", renewal=Renewal(period="P1Y", times=1))
