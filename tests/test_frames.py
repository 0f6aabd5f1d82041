"""`to_records` (plain data for DataFrames) and `to_frame` (pandas)."""

from __future__ import annotations

import itertools
import json
import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest

from dealterms import Scenario, State, evaluate, ledger, timeline
from dealterms._frames import DEAL_COLUMNS, EVALUATION_COLUMNS, TIMELINE_COLUMNS
from dealterms.examples import (
    microsoft_openai,
    microsoft_openai_revenue,
    microsoft_openai_scenarios,
)
from dealterms.exceptions import DealtermsError, MissingDependencyError


def forecast_timeline():  # type: ignore[no-untyped-def]
    return timeline(microsoft_openai_scenarios()["profit-forecast"], "2024-01-01", "2031-12-31")


def test_evaluation_records() -> None:
    ev = evaluate(microsoft_openai(), State(as_of="2025-06-01"))
    records = ev.to_records()
    assert len(records) == len(ev.entitlements)
    assert all(tuple(r) == EVALUATION_COLUMNS for r in records)
    assert json.loads(json.dumps(records)) == records  # plain data only
    agi = next(r for r in records if r["clause"] == "agi-clause")
    assert agi["status"] == "contingent"
    assert agi["missing"] == ["openai.cumulative_profit"]
    assert agi["reason"] is None
    old = next(r for r in records if r["clause"] == "compute-exclusivity")
    assert (old["status"], old["reason"], old["conduct"]) == (
        "not_in_force",
        "superseded",
        "forbear",
    )
    assert {r["as_of"] for r in records} == {"2025-06-01"}


def test_timeline_records_are_runs_that_cover_the_range() -> None:
    t = forecast_timeline()
    records = t.to_records()
    assert all(tuple(r) == TIMELINE_COLUMNS for r in records)
    agi = [(r["from"], r["through"], r["status"]) for r in records if r["clause"] == "agi-clause"]
    assert agi == [
        ("2024-01-01", "2024-12-31", "contingent"),
        ("2025-01-01", "2028-08-07", "not_in_force"),
        ("2028-08-08", "2030-12-31", "in_force"),
        ("2031-01-01", "2031-12-31", "not_in_force"),
    ]
    # Each entitlement's runs tile the whole range, without gaps or overlaps.
    keys = {(r["clause"], r["relation"], r["conduct"]) for r in records}
    assert len(keys) == len(t.spans[0].evaluation.entitlements)
    for key in keys:
        runs = [r for r in records if (r["clause"], r["relation"], r["conduct"]) == key]
        assert runs[0]["from"] == "2024-01-01"
        assert runs[-1]["through"] == "2031-12-31"
        for a, b in itertools.pairwise(runs):
            after = date.fromisoformat(a["through"]) + timedelta(days=1)
            assert after == date.fromisoformat(b["from"])
            assert (a["status"], a["because"]) != (b["status"], b["because"])


def test_deal_records() -> None:
    records = microsoft_openai().to_records()
    assert all(tuple(r) == DEAL_COLUMNS for r in records)
    by_id = {r["clause"]: r for r in records}
    assert len(records) == 9
    old, new = by_id["compute-exclusivity"], by_id["compute-rofr"]
    assert (old["from"], old["through"], old["ended_how"]) == (
        "2019-07-22",
        "2025-01-20",
        "superseded",
    )
    assert old["ended_by"] == "january-2025-revision"
    assert (new["from"], new["through"], new["amendment"]) == (
        "2025-01-21",
        "2030-12-31",
        "january-2025-revision",
    )
    assert new["text"].endswith("(clause compute-rofr, added by the amendment of 2025-01-21).")


def test_frames_have_the_records_columns_and_typed_dates() -> None:
    pd = pytest.importorskip("pandas")
    ev = evaluate(microsoft_openai(), State(as_of="2025-06-01"))
    frame = ev.to_frame()
    assert frame.shape == (len(ev.entitlements), len(EVALUATION_COLUMNS))
    assert list(frame.columns) == list(EVALUATION_COLUMNS)
    assert pd.api.types.is_datetime64_any_dtype(frame["as_of"])
    t_frame = forecast_timeline().to_frame()
    assert list(t_frame.columns) == list(TIMELINE_COLUMNS)
    assert pd.api.types.is_datetime64_any_dtype(t_frame["from"])
    in_force = t_frame[(t_frame["clause"] == "agi-clause") & (t_frame["status"] == "in_force")]
    assert in_force["from"].tolist() == [pd.Timestamp("2028-08-08")]
    d_frame = microsoft_openai().to_frame()
    assert d_frame.shape == (9, len(DEAL_COLUMNS))
    assert pd.isna(d_frame.loc[d_frame["clause"] == "ip-license", "ended_by"]).all()


def test_ledger_frame_keeps_money_exact() -> None:
    pytest.importorskip("pandas")
    book = ledger(microsoft_openai(), microsoft_openai_revenue(), "2025-01-01", "2025-12-31")
    frame = book.to_frame()
    assert len(frame) == len(book.rows)
    owed = frame.loc[frame["clause"] == "revenue-share-to-microsoft", "owed"].tolist()
    assert all(isinstance(x, Decimal) for x in owed)
    total = book.total("revenue-share-to-microsoft")
    assert total is not None
    assert sum(owed, Decimal(0)) == total.amount
    assert frame.loc[frame["clause"] == "revenue-share-to-openai", "owed"].isna().all()


def test_an_empty_timeline_frame_still_has_its_columns() -> None:
    pytest.importorskip("pandas")
    from dealterms import Action, Deal, Party, Term

    deal = Deal(
        id="empty",
        name="Empty",
        parties=(Party(id="a", name="A"), Party(id="b", name="B")),
        actions=(Action(id="x", description="do x"),),
        term=Term(effective_date="2024-01-01"),
        clauses=(),
    )
    frame = timeline(Scenario(id="s", deal=deal), "2024-01-01", "2024-12-31").to_frame()
    assert frame.shape == (0, len(TIMELINE_COLUMNS))


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    ev = evaluate(microsoft_openai(), State(as_of="2025-06-01"))
    with pytest.raises(MissingDependencyError, match=r"pip install 'dealterms\[pandas\]'") as info:
        ev.to_frame()
    assert isinstance(info.value, DealtermsError)
    assert isinstance(info.value, ImportError)
    assert (info.value.package, info.value.extra) == ("pandas", "pandas")
