"""Termination rights, renewal notices, post-term periods: behaviour, bad input and laws."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    ChangeOfControl,
    Deal,
    Money,
    Notice,
    Party,
    PostTerminationServices,
    Relation,
    Renewal,
    State,
    TailPayment,
    Term,
    TerminationRight,
    evaluate,
)
from dealterms.exceptions import InvalidDealError, InvalidValueError
from dealterms.io import dumps, loads

PARTIES = (Party(id="a", name="Alpha"), Party(id="b", name="Beta"))


def deal(*clauses: object) -> Deal:
    return Deal(
        id="d",
        name="D",
        parties=PARTIES,
        term=Term(effective_date="2024-01-01", expiry="2026-12-31", expiry_inclusive=True),
        clauses=clauses,  # type: ignore[arg-type]
    )


def cause(cure: str = "P30D", notice: str | None = None) -> TerminationRight:
    return TerminationRight(
        id="breach", holder="a", counterparty="b", basis="cause", cure_period=cure, notice=notice
    )


# -- termination for convenience ----------------------------------------------------------


def test_convenience_takes_effect_after_the_notice_period() -> None:
    right = TerminationRight(
        id="exit", holder="a", counterparty="b", basis="convenience", notice="P3M"
    )
    t = right.exercise(notice=Notice(given_on="2024-11-30", by="a"))
    assert t.terminates
    assert (t.effective_on, t.last_day) == (date(2025, 2, 28), date(2025, 2, 27))
    assert "effective 2025-02-28" in t.because


def test_a_notice_by_the_other_party_does_not_terminate() -> None:
    right = TerminationRight(
        id="exit", holder="a", counterparty="b", basis="convenience", notice="P30D"
    )
    t = right.exercise(notice=Notice(given_on="2024-05-01", by="b"))
    assert (t.outcome, t.effective_on) == ("not_holder", None)


# -- termination for cause: breach notice -> cure period -> right -------------------------


def test_cured_in_time_gives_no_right() -> None:
    t = cause().exercise(notice="2024-04-01", breach_notice="2024-03-01", cured_on="2024-03-31")
    assert (t.outcome, t.effective_on) == ("cured_in_time", None)


def test_cure_on_the_last_day_of_the_cure_period_is_in_time() -> None:
    t = cause().exercise(notice="2024-04-10", breach_notice="2024-03-01", cured_on="2024-03-31")
    assert t.outcome == "cured_in_time"  # 2024-03-01 + 30 days = 2024-03-31, the last cure day
    late = cause().exercise(notice="2024-04-10", breach_notice="2024-03-01", cured_on="2024-04-01")
    assert late.outcome == "terminates"


def test_notice_during_the_cure_period_is_too_early() -> None:
    t = cause().exercise(notice="2024-03-20", breach_notice="2024-03-01")
    assert (t.outcome, t.right_from) == ("cure_period_running", date(2024, 4, 1))
    assert "runs through 2024-03-31" in t.because


def test_not_cured_then_termination_on_notice() -> None:
    t = cause(notice="P10D").exercise(notice="2024-04-01", breach_notice="2024-03-01")
    assert t.outcome == "terminates"
    assert (t.right_from, t.effective_on, t.last_day) == (
        date(2024, 4, 1),
        date(2024, 4, 11),
        date(2024, 4, 10),
    )


def test_termination_notice_before_the_breach_notice() -> None:
    t = cause().exercise(notice="2024-02-01", breach_notice="2024-03-01")
    assert t.outcome == "notice_too_early"


def test_the_right_is_a_power_in_force_with_the_deal() -> None:
    ev = evaluate(deal(cause()), State(as_of="2025-01-01"))
    (e,) = ev.entitlements
    assert (e.relation, e.holder, e.action, e.status.name) == (
        Relation.POWER,
        "a",
        "terminate",
        "in_force",
    )
    assert "within 30 days" in e.text


# -- bad input ---------------------------------------------------------------------------


def test_a_cure_period_longer_than_the_term_is_refused() -> None:
    right = TerminationRight(
        id="breach",
        holder="a",
        counterparty="b",
        basis="cause",
        cure_period="P60D",
        term=Term(effective_date="2024-01-01", expiry="2024-01-31", expiry_inclusive=True),
    )
    with pytest.raises(InvalidDealError) as info:
        deal(right)
    (err,) = info.value.exceptions
    assert isinstance(err, InvalidValueError)
    assert err.path == "$.clauses['breach'].cure_period"
    assert "longer than the clause's term" in err.message


def test_a_notice_period_that_cannot_fit_the_term_is_refused() -> None:
    with pytest.raises(InvalidValueError) as info:
        Term(
            effective_date="2024-01-01",
            expiry="2024-06-30",
            expiry_inclusive=True,
            renewal=Renewal(period="P6M", times=None, notice="P12M"),
        )
    assert info.value.path == "$.renewal.notice"
    assert "does not fit the initial term" in info.value.message


def test_a_monthly_term_with_a_fixed_yearly_notice_day_cannot_fit() -> None:
    with pytest.raises(InvalidValueError, match="notice_by=10-01 does not fit"):
        Term(
            effective_date="2024-01-01",
            expiry="2024-01-31",
            expiry_inclusive=True,
            renewal=Renewal(period="P1M", times=None, notice_by="10-01"),
        )


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"notice_by": "02-29"}, "$.notice_by"),
        ({"notice_by": "1-10"}, "$.notice_by"),
        ({"notice": "P1M", "notice_by": "10-01"}, "$.notice_by"),
        ({"notice": "one month"}, "$.notice"),
        ({"mode": "manual"}, "$.mode"),
        ({"notice_anchor": "end"}, "$.notice_anchor"),
        ({"times": 0}, "$.times"),
        ({"holder": "Not An Id"}, "$.holder"),
    ],
)
def test_bad_renewals_name_the_field(kwargs: dict[str, object], path: str) -> None:
    args: dict[str, object] = {"period": "P1Y", "times": None, **kwargs}
    with pytest.raises(InvalidValueError) as info:
        Renewal(**args)  # type: ignore[arg-type]
    assert info.value.path == path


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"basis": "convenience"}, "$.notice"),
        ({"basis": "convenience", "notice": "P1M", "cure_period": "P1M"}, "$.cure_period"),
        ({"basis": "cause"}, "$.cure_period"),
    ],
)
def test_inconsistent_termination_rights_are_problems(kwargs: dict[str, object], path: str) -> None:
    right = TerminationRight(id="t", holder="a", counterparty="b", **kwargs)  # type: ignore[arg-type]
    assert [p.path for p in right.problems()] == [path]


def test_bad_exercise_input() -> None:
    with pytest.raises(InvalidValueError, match="breach notice"):
        cause().exercise(notice="2024-04-01")
    with pytest.raises(InvalidValueError) as info:
        cause().exercise(notice="2024-04-01", breach_notice="2024-03-01", cured_on="2024-02-01")
    assert info.value.path == "cured_on"
    with pytest.raises(InvalidValueError):
        cause().exercise(notice="01/04/2024", breach_notice="2024-03-01")


def test_a_notice_after_as_of_is_refused() -> None:
    term = Term(
        effective_date="2024-01-01",
        expiry="2024-12-31",
        expiry_inclusive=True,
        renewal=Renewal(period="P1Y", times=None, notice="P1M"),
    )
    with pytest.raises(InvalidValueError) as info:
        term.status([Notice(given_on="2024-06-01")], as_of="2024-05-01")
    assert info.value.path == "$.notices[0].given_on"
    with pytest.raises(InvalidValueError):
        term.status(["2024-06-01"], as_of="2024-07-01")  # type: ignore[list-item]


def test_change_of_control_cap_fields_follow_the_consequence() -> None:
    no_cap = ChangeOfControl(id="c", subject="a", counterparty="b", consequence="cap")
    assert [p.path for p in no_cap.problems()] == ["$.cap_lookback", "$.cap_uplift"]
    stray = ChangeOfControl(
        id="c", subject="a", counterparty="b", consequence="notice", cap_uplift="10%"
    )
    assert [p.path for p in stray.problems()] == ["$.cap_uplift"]
    with pytest.raises(InvalidValueError, match="not a cap"):
        stray.cap(changed_on="2024-01-01", base=1, requested=1)
    with pytest.raises(InvalidValueError) as info:
        ChangeOfControl(id="c", subject="a", counterparty="b", consequence="merge")  # type: ignore[arg-type]
    assert info.value.path == "$.consequence"


def test_change_of_control_positions_by_consequence() -> None:
    kinds = {}
    for consequence in ("terminate", "consent", "notice"):
        c = ChangeOfControl(id="c", subject="a", counterparty="b", consequence=consequence)  # type: ignore[arg-type]
        (p,) = c.positions()
        kinds[consequence] = (p.relation, p.holder, p.conduct)
    assert kinds == {
        "terminate": (Relation.POWER, "b", "perform"),
        "consent": (Relation.CLAIM, "b", "forbear"),
        "notice": (Relation.CLAIM, "b", "perform"),
    }


def test_tail_bad_input() -> None:
    with pytest.raises(InvalidValueError) as info:
        TailPayment(id="t", payer="a", payee="b", quarters=12, shortened_for=("whim",))
    assert info.value.path == "$.shortened_for[0]"
    tail = TailPayment(id="t", payer="a", payee="b", quarters=4)
    with pytest.raises(InvalidValueError):
        tail.tail(term_start="2024-01-01", last_day="2023-01-01", cause="expiry")


# -- post-termination services ------------------------------------------------------------


def test_post_termination_services_run_from_the_day_after_the_term() -> None:
    pts = PostTerminationServices(
        id="transition",
        provider="b",
        recipient="a",
        services="transition services",
        period="P6M",
        fee="25000 USD",
    )
    p = pts.after(last_day="2026-12-31")
    assert (p.period.start, p.period.end) == (date(2027, 1, 1), date(2027, 7, 1))
    assert p.fees == Money(amount=Decimal(150_000), currency="USD")
    fixed = PostTerminationServices(
        id="transition",
        provider="b",
        recipient="a",
        services="data export",
        period="P90D",
        fee="5000 USD",
        fee_basis="fixed",
    )
    assert fixed.after(last_day="2026-12-31").fees == Money.parse("5000 USD")
    monthly_in_days = PostTerminationServices(
        id="x", provider="b", recipient="a", services="s", period="P90D", fee="1 USD"
    )
    assert [p.path for p in monthly_in_days.problems()] == ["$.period"]


def test_renewal_fields_round_trip_through_deal_files() -> None:
    d = Deal(
        id="d",
        name="D",
        parties=PARTIES,
        term=Term(
            effective_date="2024-01-01",
            expiry="2024-12-31",
            expiry_inclusive=True,
            renewal=Renewal(period="P1Y", times=3, holder="a", notice_by="10-01"),
        ),
        clauses=(),
    )
    for fmt in ("json", "toml", "yaml"):
        assert loads(dumps(d, fmt), fmt) == d  # type: ignore[arg-type]


# -- laws --------------------------------------------------------------------------------

RENEWALS = st.builds(
    Renewal,
    period=st.sampled_from(["P1M", "P3M", "P1Y", "P5Y"]),
    times=st.none() | st.integers(1, 4),
    mode=st.sampled_from(["automatic", "option"]),
    notice=st.sampled_from(["P1D", "P15D", "P20D"]),
    notice_anchor=st.sampled_from(["last_day_of_term", "start_of_renewal"]),
)


def _terms(renewals: st.SearchStrategy[Renewal]) -> st.SearchStrategy[Term]:
    return st.builds(
        lambda start, days, renewal: Term(
            effective_date=start,
            expiry=start + timedelta(days=days),
            expiry_inclusive=True,
            renewal=renewal,
        ),
        st.dates(date(2000, 1, 1), date(2030, 12, 31)),
        st.integers(60, 800),
        renewals,
    )


TERMS = _terms(RENEWALS)
AUTOMATIC = _terms(RENEWALS.map(lambda r: attrs.evolve(r, mode="automatic")))


@given(AUTOMATIC, st.integers(0, 3000), st.integers(0, 3000))
def test_a_later_notice_never_ends_the_term_earlier(term: Term, x: int, y: int) -> None:
    # A notice that stops an automatic renewal, read on the day it is given: the end it
    # leads to is monotone in the day. (Not so for an option, where notice renews.)
    early, late = sorted((x, y))
    d1 = term.effective_date + timedelta(days=early)
    d2 = term.effective_date + timedelta(days=late)
    s1 = term.status([Notice(given_on=d1)], as_of=d1)
    s2 = term.status([Notice(given_on=d2)], as_of=d2)
    assert s1.last_day is not None
    assert s2.last_day is not None
    assert s1.last_day <= s2.last_day


@given(TERMS, st.integers(0, 6000), st.lists(st.integers(0, 6000), max_size=4))
def test_renewals_never_exceed_the_maximum(term: Term, when: int, offsets: list[int]) -> None:
    as_of = term.effective_date + timedelta(days=when)
    notices = [Notice(given_on=term.effective_date + timedelta(days=o)) for o in offsets]
    s = term.status([n for n in notices if n.given_on <= as_of], as_of=as_of)
    assert term.renewal is not None
    if term.renewal.times is not None:
        assert s.renewals <= term.renewal.times
    if s.next_deadline is not None:
        assert as_of <= s.next_deadline <= s.period.end  # type: ignore[operator]


@given(
    st.dates(date(2000, 1, 1), date(2040, 1, 1)),
    st.integers(0, 4000),
    st.integers(1, 40),
    st.sampled_from(["expiry", "without_cause", "breach", "change_of_control", "insolvency"]),
)
def test_the_tail_is_never_longer_than_uncut(
    start: date, days: int, quarters: int, why: str
) -> None:
    tail = TailPayment(
        id="t", payer="a", payee="b", quarters=quarters, shortened_for=("without_cause",)
    )
    t = tail.tail(term_start=start, last_day=start + timedelta(days=days), cause=why)  # type: ignore[arg-type]
    assert t.count <= t.uncut == quarters
    assert t.count == (
        min(quarters, t.full_quarters_in_term) if why == "without_cause" else quarters
    )
    if t.quarters:
        assert t.quarters[0].start > start + timedelta(days=days)
        assert t.quarters[0].start.day == 1
        assert t.quarters[0].start.month in (1, 4, 7, 10)


@given(st.integers(0, 120), st.integers(1, 90), st.none() | st.integers(0, 200))
def test_termination_for_cause_only_after_the_cure_period(
    notice_day: int, cure_days: int, cured_day: int | None
) -> None:
    breach = date(2024, 1, 1)
    right = cause(cure=f"P{cure_days}D")
    t = right.exercise(
        notice=breach + timedelta(days=notice_day),
        breach_notice=breach,
        cured_on=None if cured_day is None else breach + timedelta(days=cured_day),
    )
    if t.terminates:
        assert t.effective_on is not None
        assert t.effective_on > breach + timedelta(days=cure_days)
        assert cured_day is None or cured_day > cure_days
