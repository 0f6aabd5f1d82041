"""Date arithmetic at the ends of the supported range (0002-01-01 through 9998-12-31).

Periods that would run past 9998-12-31 are capped at the end of the range (in force
through 9998-12-31) rather than failing; a period may end exactly on the exclusive bound.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import dealterms
from dealterms import (
    Action,
    ChangeOfControl,
    Deadline,
    Deal,
    Interval,
    Money,
    NonCompete,
    Notice,
    Party,
    Permission,
    PostTerminationServices,
    Renewal,
    Scenario,
    State,
    Survival,
    TailPayment,
    Term,
    TerminationNotice,
    TerminationRight,
    evaluate,
    timeline,
)
from dealterms._time import END_OF_RANGE, LAST_DATE
from dealterms.cli import main
from dealterms.examples import meat_sale, microsoft_openai
from dealterms.exceptions import InvalidValueError


def _deal(term: Term, *clauses: object) -> Deal:
    return Deal(
        id="d",
        name="D",
        parties=(Party(id="a", name="A"), Party(id="b", name="B")),
        actions=(Action(id="use", description="use"), Action(id="compete", description="c")),
        term=term,
        clauses=(Permission(id="use", holder="b", counterparty="a", action="use"), *clauses),
    )


def test_a_deadline_past_the_range_never_falls_due(tmp_path: Path, capsys) -> None:
    assert Deadline(days=3_000_000).due(date(2022, 10, 28)) == END_OF_RANGE
    assert Deadline(days=3_000_000, inclusive=False).last_day(date(2022, 10, 28)) == LAST_DATE
    path = tmp_path / "meat.json"
    dealterms.dump(meat_sale(), path)
    data = json.loads(path.read_text())
    for c in data["clauses"]:
        if c["id"] == "delivery":
            c["deadline"] = {"days": 3_000_000}
    path.write_text(json.dumps(data))
    assert main(["lifecycle", "--deal", str(path), "--as-of", "9998-12-31"]) == 0
    assert "delivery: in effect" in capsys.readouterr().out


def test_change_of_control_lookback_starts_no_earlier_than_the_range() -> None:
    coc = ChangeOfControl(
        id="coc",
        subject="a",
        counterparty="b",
        consequence="cap",
        cap_lookback="P99999Y",
        cap_uplift="1%",
    )
    cap = coc.cap(changed_on="2020-01-01", base=1, requested=1)
    assert cap.lookback == Interval(start=date(2, 1, 1), end=date(2020, 1, 1))


def test_a_long_tail_or_survival_is_capped_at_the_end_of_the_range() -> None:
    nc = NonCompete(id="nc", restricted="a", protected="b", scope=("compete",), tail="P9000Y")
    d = _deal(Term(effective_date="2024-01-01", expiry="2026-01-01", expiry_inclusive=False), nc)
    (e,) = evaluate(d, State(as_of="9998-12-31")).for_clause("nc")
    assert e.status.name == "in_force"
    assert "through 9998-12-31" in e.because
    far = Term(effective_date="2024-01-01", expiry="9998-12-31", expiry_inclusive=False)
    d = _deal(far, Survival(id="s", clauses=("use",), period="P2Y"))
    (e,) = evaluate(d, State(as_of="9998-12-31")).for_clause("use")
    assert e.status.name == "in_force"
    assert timeline(Scenario(id="s", deal=d), "9998-01-01", "9998-12-31").spans


def test_a_notice_period_past_the_range_never_takes_effect() -> None:
    tfc = TerminationRight(
        id="tfc", holder="a", counterparty="b", basis="convenience", notice="P30D"
    )
    d = _deal(Term(effective_date="2020-01-01"), tfc)
    notice = TerminationNotice(clause="tfc", party="a", date="9998-12-15")
    ev = evaluate(d, State(as_of="9998-12-31", events=(notice,)))
    (use,) = ev.for_clause("use")
    assert use.status.name == "in_force"
    t = tfc.exercise(notice="9998-12-31")
    assert (t.effective_on, t.last_day) == (END_OF_RANGE, LAST_DATE)


@pytest.mark.parametrize("command", ["timeline", "compare", "ledger"])
def test_the_last_supported_day_is_a_valid_upper_bound(command: str) -> None:
    args = [command, "--example", "microsoft-openai", "--from", "2024-01-01"]
    assert main([*args, "--to", "9998-12-31"]) == 0


def test_status_and_settled_jump_over_quiet_renewals() -> None:
    weekly = Renewal(period="P1W", times=None, notice="P1D")
    t = Term(
        effective_date="0002-01-01", expiry="0002-01-08", expiry_inclusive=False, renewal=weekly
    )
    s = t.status(as_of="9998-12-01")
    assert (s.last_day, s.ends, s.next_deadline) == (date(9998, 12, 7), False, date(9998, 12, 6))
    stop = t.status([Notice(given_on="5000-01-01")], as_of="9998-12-01")
    assert (stop.last_day, stop.ends) == (date(5000, 1, 6), True)
    assert t.settled(as_of="9998-12-01").expiry == date(9998, 12, 7)
    # the same answers as walking the periods one by one, on a short stretch
    short = t.status([Notice(given_on="0002-06-01")], as_of="0003-01-01")
    assert (short.last_day, short.ends) == (date(2, 6, 3), True)


def test_settled_does_not_fail_where_status_works() -> None:
    monthly = Renewal(period="P1M", times=None)
    t = Term(
        effective_date="0002-01-31", expiry="0002-03-31", expiry_inclusive=False, renewal=monthly
    )
    settled = t.settled(as_of="9998-12-01")
    assert settled.expiry == t.status(as_of="9998-12-01").last_day


def test_paths_and_exact_fits_at_the_bound() -> None:
    with pytest.raises(InvalidValueError) as err:
        Notice(given_on="0001-01-01")
    assert err.value.path == "$.given_on"
    pts = PostTerminationServices(
        id="p", provider="a", recipient="b", services="s", period="P6M", fee=Money.parse("1 USD")
    )
    assert pts.after(last_day="9998-06-30").period.end == END_OF_RANGE
    for last in ("9998-07-01", "9998-12-31"):
        with pytest.raises(InvalidValueError) as err:
            pts.after(last_day=last)
        assert err.value.path == "last_day"
    tail = TailPayment(id="t", payer="a", payee="b", quarters=1)
    (q,) = tail.tail(term_start="2020-01-01", last_day="9998-09-30", cause="expiry").quarters
    assert q.end == END_OF_RANGE


def test_timeline_refuses_a_deal_clearly() -> None:
    with pytest.raises(InvalidValueError, match="Scenario") as err:
        timeline(microsoft_openai(), "2024-01-01", "2025-01-01")  # type: ignore[arg-type]
    assert err.value.path == "scenario"
