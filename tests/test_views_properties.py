"""Every view works on any valid deal: generated deals and states (dealterms.strategies)."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta

import pytest

hypothesis = pytest.importorskip("hypothesis")
dts = pytest.importorskip("dealterms.strategies")

from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dealterms import Scenario, evaluate, timeline  # noqa: E402

SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(dts.deals(max_clauses=4), st.data())
def test_sentences_tables_and_records_of_any_evaluation(deal, data) -> None:  # type: ignore[no-untyped-def]
    state = data.draw(dts.states(deal))
    ev = evaluate(deal, state)
    text = deal.describe()
    for v in deal.history:
        assert f"(clause {v.clause.id}," in text
    lines = ev.describe().splitlines()
    assert sum(line.startswith("  - ") for line in lines) == len(ev.entitlements)
    for e in ev.entitlements:
        assert ev.describe(e).startswith(f"On {ev.as_of}, ")
    html = ev._repr_html_() + deal._repr_html_()
    assert "<script" not in html
    records = ev.to_records()
    assert json.loads(json.dumps(records)) == records
    assert len(records) == len(ev.entitlements)
    assert "\n" not in repr(ev) + repr(deal)


@SETTINGS
@given(dts.deals(max_clauses=3, max_amendments=1))
def test_timeline_records_tile_the_range(deal) -> None:  # type: ignore[no-untyped-def]
    # Records name a version by (clause, amendment): an amendment that adds a clause and
    # replaces it at once makes two versions with one name, which this grouping cannot
    # tell apart (their records interleave), so such deals are left out here.
    for amendment in deal.amendments:
        touched = [getattr(c, "clause_id", None) or c.clause.id for c in amendment.changes]
        assume(len(touched) == len(set(touched)))
    start = deal.term.effective_date - timedelta(days=30)
    end = start + timedelta(days=3 * 365)
    t = timeline(Scenario(id="s", deal=deal), start, end)
    runs: dict[tuple[str, ...], list[tuple[date, date]]] = {}
    for r in t.to_records():
        key = (r["clause"], str(r["amendment"]), r["relation"], r["action"], r["conduct"])
        runs.setdefault(key, []).append(
            (date.fromisoformat(r["from"]), date.fromisoformat(r["through"]))
        )
    for spans in runs.values():
        assert spans[0][0] == start
        assert spans[-1][1] == end
        for (_, a_end), (b_start, _) in itertools.pairwise(spans):
            assert a_end + timedelta(days=1) == b_start
    assert len(t.describe().splitlines()) >= 2
