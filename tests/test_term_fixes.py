"""Regression tests for the review findings on terms, renewals, durations and calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import pytest

from dealterms import (
    Action,
    BusinessCalendar,
    Deal,
    Duration,
    Exclusivity,
    Notice,
    Party,
    Renewal,
    State,
    Term,
    evaluate,
    parse_date,
)
from dealterms.exceptions import InvalidValueError


def _monthly(times: int | None, **renewal: object) -> Term:
    return Term(
        effective_date="2025-01-01",
        expiry="2025-01-31",
        expiry_inclusive=False,
        renewal=Renewal(period="P1M", times=times, **renewal),  # type: ignore[arg-type]
    )


# 1. `end` builds the renewal periods one by one, as `status` does.


def test_end_adds_renewal_periods_one_by_one() -> None:
    term = _monthly(2)
    assert term.end == date(2025, 3, 28)  # 01-31 + P1M = 02-28, + P1M = 03-28
    status = term.status(as_of="2026-01-01")
    assert status.last_day == date(2025, 3, 27)
    assert term.interval().end == status.period.end


def test_end_of_whole_year_renewals_is_unchanged() -> None:
    term = Term(
        effective_date="2024-02-29",
        expiry="2025-02-28",
        expiry_inclusive=False,
        renewal=Renewal(period="P1Y", times=4),
    )
    assert term.end == date(2029, 2, 28)


# 2. An evergreen renewal without notice: status stops at the period of as_of, quickly.


@pytest.mark.parametrize(
    ("period", "as_of", "start", "end"),
    [
        ("P1D", "9000-06-15", date(9000, 6, 15), date(9000, 6, 16)),
        ("P1M", "2025-03-28", date(2025, 3, 28), date(2025, 4, 28)),
        ("P1Y", "2026-01-30", date(2025, 1, 31), date(2026, 1, 31)),
        ("P3W", "2025-02-21", date(2025, 2, 21), date(2025, 3, 14)),
    ],
)
def test_evergreen_without_notice_stops_at_as_of(
    period: str, as_of: str, start: date, end: date
) -> None:
    term = Term(
        effective_date="2025-01-01",
        expiry="2025-01-31",
        expiry_inclusive=False,
        renewal=Renewal(period=period, times=None),
    )
    s = term.status(as_of=as_of)
    assert (s.period.start, s.period.end) == (start, end)
    assert not s.ends
    assert s.next_deadline is None


def test_evergreen_status_counts_as_walking_the_periods() -> None:
    term = Term(
        effective_date="2025-01-01",
        expiry="2025-01-30",
        expiry_inclusive=True,
        renewal=Renewal(period="P1M1D", times=None),
    )
    s = term.status(as_of="2027-07-15")
    end, count = date(2025, 1, 31), 0
    while end <= s.as_of:
        end = Duration.parse("P1M1D").add_to(end)
        count += 1
    assert (s.renewals, s.period.end) == (count, end)


def test_evergreen_status_before_the_initial_end() -> None:
    s = _monthly(None).status(as_of="2025-01-15")
    assert (s.renewals, s.last_day, s.ends) == (0, date(2025, 1, 30), False)


# 3. month_end="refuse" is checked at construction without notice and without limit.


def test_refuse_is_checked_for_evergreen_without_notice() -> None:
    with pytest.raises(InvalidValueError) as e:
        _monthly(None, month_end="refuse")
    assert e.value.path == "$.renewal.month_end"


def test_refuse_is_checked_for_an_option() -> None:
    with pytest.raises(InvalidValueError) as e:
        _monthly(3, month_end="refuse", mode="option")
    assert e.value.path == "$.renewal.month_end"


# 4. Errors near the top of the date range.


@pytest.mark.parametrize("notice", [None, "P1M"])
def test_renewal_past_the_last_date_names_the_renewal(notice: str | None) -> None:
    with pytest.raises(InvalidValueError) as e:
        Term(
            effective_date="9990-01-01",
            expiry="9998-06-30",
            expiry_inclusive=True,
            renewal=Renewal(period="P1Y", times=2, notice=notice),
        )
    assert e.value.path == "$.renewal"
    assert "reaches past 9998-12-31" in str(e.value)
    # An evergreen term is checked only up to the end of the range: it builds, and a
    # reading that needs a renewal period past 9998-12-31 names the renewal.
    evergreen = Term(
        effective_date="9990-01-01",
        expiry="9998-06-30",
        expiry_inclusive=True,
        renewal=Renewal(period="P1Y", times=None, notice=notice),
    )
    with pytest.raises(InvalidValueError) as e:
        evergreen.status(as_of="9998-12-31")
    assert e.value.path == "$.renewal"
    assert "reaches past 9998-12-31" in str(e.value)


def test_inclusive_expiry_on_the_last_date_is_refused() -> None:
    with pytest.raises(InvalidValueError) as e:
        Term(effective_date="9998-01-01", expiry="9998-12-31", expiry_inclusive=True)
    assert e.value.path == "$.expiry"
    exclusive = Term(effective_date="9998-01-01", expiry="9998-12-31", expiry_inclusive=False)
    assert exclusive.interval().end == date(9998, 12, 31)


def test_evergreen_status_past_the_last_date_names_the_renewal() -> None:
    with pytest.raises(InvalidValueError) as e:
        Term(
            effective_date="2025-01-01",
            expiry="2025-01-31",
            expiry_inclusive=False,
            renewal=Renewal(period="P1Y1D", times=None),
        ).status(as_of="9998-12-31")
    assert e.value.path == "$.renewal"


# 5. Duration.add_to checks its day; Duration.times refuses bools.


def test_add_to_accepts_iso_text() -> None:
    assert Duration.parse("P1M").add_to("2025-01-31") == date(2025, 2, 28)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "day", [None, datetime(2025, 1, 1, 12, tzinfo=UTC), date(1, 1, 1), "2025-1-1"]
)
def test_add_to_refuses_bad_days(day: object) -> None:
    with pytest.raises(InvalidValueError) as e:
        Duration.parse("P1M").add_to(day)  # type: ignore[arg-type]
    assert e.value.path == "day"


@pytest.mark.parametrize("n", [True, False, 0, -1, 1.0, "2", 10**6])
def test_times_refuses_non_counts(n: object) -> None:
    with pytest.raises(InvalidValueError) as e:
        Duration.parse("P1D").times(n)  # type: ignore[arg-type]
    assert e.value.path == "n"


# 6. Only ASCII digits.


@pytest.mark.parametrize(
    "build",
    [
        lambda: parse_date("２０２５-01-01"),
        lambda: parse_date("٢٠٢٥-01-01"),
        lambda: Duration.parse("P１Y"),
        lambda: Renewal(period="P1Y", times=None, notice_by="１０-01"),
    ],
)
def test_non_ascii_digits_are_refused(build: object) -> None:
    with pytest.raises(InvalidValueError):
        build()  # type: ignore[operator]


# 7. ISO 3166-1 alpha-2 country codes only.


@pytest.mark.parametrize(("alias", "code"), [("UK", "GB"), ("GBR", "GB"), ("USA", "US")])
def test_country_aliases_are_refused_with_the_code(alias: str, code: str) -> None:
    with pytest.raises(InvalidValueError) as e:
        BusinessCalendar(country=alias)
    assert e.value.path == "$.country"
    assert f"did you mean {code!r}?" in str(e.value)
    assert BusinessCalendar(country=code).country == code


# 8. Options are not assumed taken; settled() applies the notices.


def _option_term() -> Term:
    return Term(
        effective_date="2024-01-01",
        expiry="2024-12-31",
        expiry_inclusive=True,
        renewal=Renewal(period="P1Y", times=2, mode="option", holder="purchaser", notice="P90D"),
    )


def test_option_renewals_are_not_assumed_taken() -> None:
    term = _option_term()
    assert term.end == date(2025, 1, 1)
    assert term.interval().end == date(2025, 1, 1)


def test_automatic_renewals_are_still_assumed_taken() -> None:
    term = attrs.evolve(_option_term(), renewal=Renewal(period="P1Y", times=2))
    assert term.end == date(2027, 1, 1)


def test_settled_option_exercised_once() -> None:
    notices = [Notice(given_on="2024-09-15", by="purchaser")]
    settled = _option_term().settled(notices, as_of="2024-09-15")
    assert settled.end == date(2026, 1, 1)
    assert settled.renewal is not None
    assert settled.renewal.times == 1
    # The settled term reads as the original on later days.
    later = [*notices, Notice(given_on="2025-09-01", by="purchaser")]
    a = settled.status(later, as_of="2025-09-01")
    b = _option_term().status(later, as_of="2025-09-01")
    assert (a.period.end, a.last_day, a.ends, a.next_deadline) == (
        b.period.end,
        b.last_day,
        b.ends,
        b.next_deadline,
    )
    assert (a.renewals, b.renewals) == (1, 2)


def test_settled_option_not_taken_ends_with_the_initial_term() -> None:
    settled = _option_term().settled([], as_of="2024-12-01")
    assert settled.end == date(2025, 1, 1)
    assert settled.renewal is None


def test_settled_automatic_stopped_by_notice() -> None:
    term = Term(
        effective_date="2024-01-01",
        expiry="2024-12-31",
        expiry_inclusive=True,
        renewal=Renewal(period="P1Y", times=None, notice="P3M"),
    )
    assert term.end is None
    stopped = term.settled([Notice(given_on="2025-06-01")], as_of="2025-06-01")
    assert (stopped.end, stopped.renewal) == (date(2026, 1, 1), None)
    assert term.settled([], as_of="2024-01-01") is term


def test_settled_term_drives_evaluate() -> None:
    deal = Deal(
        id="supply",
        name="Supply",
        parties=(Party(id="vendor", name="Vendor"), Party(id="purchaser", name="Purchaser")),
        actions=(Action(id="sell", description="sell"),),
        term=_option_term(),
        clauses=(Exclusivity(id="excl", grantor="vendor", holder="purchaser", scope="sell"),),
    )
    notices = [Notice(given_on="2024-09-15", by="purchaser")]
    settled = attrs.evolve(deal, term=deal.term.settled(notices, as_of="2024-09-15"))
    day = State(as_of="2025-06-01")
    assert evaluate(deal, day).may("vendor", "sell").value == "yes"
    assert evaluate(settled, day).may("vendor", "sell").value == "no"
    assert evaluate(settled, State(as_of="2026-01-01")).may("vendor", "sell").value == "yes"
