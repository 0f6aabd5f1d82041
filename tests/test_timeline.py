"""Timelines and comparison: the central law (timeline == day-by-day) and exact days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealterms import (
    Action,
    Amendment,
    AtLeast,
    Deal,
    Exclusivity,
    Latched,
    Money,
    Observation,
    Party,
    RemoveClause,
    Scenario,
    Series,
    Term,
    Trigger,
    compare,
    timeline,
)
from dealterms.examples import microsoft_openai
from dealterms.exceptions import (
    CurrencyMismatchError,
    DuplicateIdError,
    InvalidValueError,
    UnknownReferenceError,
)

PROFIT = "openai.cumulative_profit"
BILLION = 10**9


def profit_series(points: list[tuple[str, int]], interpolation: str = "linear") -> Series:
    return Series(
        metric=PROFIT,
        interpolation=interpolation,  # type: ignore[arg-type]
        observations=[Observation(date=d, value=f"{v} USD") for d, v in points],
    )


def day_by_day_equal(scenario: Scenario, start: date, end: date) -> None:
    t = timeline(scenario, start, end)
    assert t.spans[0].interval.start == start
    assert t.spans[-1].interval.end == end + timedelta(days=1)
    for a, b in zip(t.spans, t.spans[1:], strict=False):
        assert a.interval.end == b.interval.start
        assert a.evaluation.entitlements != b.evaluation.entitlements  # merged
    day = start
    while day <= end:
        assert t.at(day).entitlements == scenario.evaluate(day).entitlements, day
        day += timedelta(days=1)


values = st.integers(min_value=0, max_value=200).map(lambda n: n * BILLION)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    n = draw(st.integers(min_value=1, max_value=5))
    first = draw(st.dates(min_value=date(2018, 1, 1), max_value=date(2031, 6, 1)))
    gaps = draw(st.lists(st.integers(min_value=1, max_value=200), min_size=n - 1, max_size=n - 1))
    days = [first]
    for g in gaps:
        days.append(days[-1] + timedelta(days=g))
    obs = [(d.isoformat(), draw(values)) for d in days]
    interpolation = draw(st.sampled_from(["step", "linear"]))
    events = {}
    if draw(st.booleans()):
        events["agi-clause.exercised"] = draw(
            st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 6, 1))
        )
    what_ifs = draw(st.sampled_from([(), ("remove-agi-clause",)]))
    interpretation = draw(st.sampled_from([None, "until-2030-exclusive"]))
    return Scenario(
        id="s",
        deal=microsoft_openai(),
        series=[profit_series(obs, interpolation)],
        events=events,
        what_ifs=what_ifs,
        interpretation=interpretation,
    )


@settings(max_examples=40)
@given(scenario=scenarios(), data=st.data())
def test_timeline_equals_day_by_day_evaluation(scenario: Scenario, data: st.DataObject) -> None:
    obs = scenario.series[0].observations
    start = obs[0].date - timedelta(days=data.draw(st.integers(min_value=0, max_value=60)))
    end = obs[-1].date + timedelta(days=data.draw(st.integers(min_value=0, max_value=60)))
    day_by_day_equal(scenario, start, end)


def test_linear_threshold_met_on_the_exact_day() -> None:
    # 70B on 2028-01-01 to 120B on 2029-01-01 (366 days): 100B is reached after
    # 30/50 * 366 = 219.6 days, so on day 220, 2028-08-08.
    s = Scenario(
        id="f",
        deal=microsoft_openai(),
        series=[profit_series([("2028-01-01", 70 * BILLION), ("2029-01-01", 120 * BILLION)])],
    )
    t = timeline(s, "2028-01-01", "2029-12-31")
    [power] = t.when("agi-clause")
    assert power.start == date(2028, 8, 8)
    assert s.evaluate(date(2028, 8, 7)).for_clause("agi-clause")[0].status.name == "not_in_force"
    [change] = t.changes_on(date(2028, 8, 8))
    assert change.after.clause == "agi-clause"


def test_step_threshold_met_on_the_observation_date() -> None:
    s = Scenario(
        id="f",
        deal=microsoft_openai(),
        series=[
            profit_series([("2028-01-01", 70 * BILLION), ("2029-01-01", 120 * BILLION)], "step")
        ],
    )
    [power] = timeline(s, "2028-01-01", "2029-12-31").when("agi-clause")
    assert power.start == date(2029, 1, 1)


def test_latching_keeps_the_power_after_profit_falls() -> None:
    falls = [
        ("2026-01-01", 90 * BILLION),
        ("2026-06-01", 110 * BILLION),
        ("2027-01-01", 50 * BILLION),
    ]
    s = Scenario(id="f", deal=microsoft_openai(), series=[profit_series(falls, "step")])
    [power] = timeline(s, "2026-01-01", "2028-12-31").when("agi-clause")
    assert power.start == date(2026, 6, 1)
    assert power.end == date(2029, 1, 1)  # still in force after the fall


def _toy_deal(latches: bool) -> Deal:
    return Deal(
        id="toy",
        name="Toy",
        parties=(Party(id="a", name="A"), Party(id="b", name="B")),
        actions=(Action(id="x", description="do x"), Action(id="p", description="end x")),
        term=Term(effective_date="2026-01-01"),
        clauses=(
            Exclusivity(id="excl", grantor="a", holder="b", scope="x"),
            Trigger(
                id="t",
                holder="a",
                counterparty="b",
                power="p",
                ends=("excl",),
                latches=latches,
                condition=AtLeast(metric="m", threshold=100),
            ),
        ),
    )


def test_non_latching_trigger_follows_the_metric() -> None:
    series = Series(
        metric="m",
        interpolation="step",
        observations=[
            Observation(date="2026-01-01", value="90"),
            Observation(date="2026-06-01", value="110"),
            Observation(date="2027-01-01", value="50"),
        ],
    )
    follows = timeline(
        Scenario(id="s", deal=_toy_deal(False), series=[series]), "2026-01-01", "2027-12-31"
    )
    latched = timeline(
        Scenario(id="s", deal=_toy_deal(True), series=[series]), "2026-01-01", "2027-12-31"
    )
    assert [(i.start, i.end) for i in follows.when("t")] == [(date(2026, 6, 1), date(2027, 1, 1))]
    assert [(i.start, i.end) for i in latched.when("t")] == [(date(2026, 6, 1), date(2028, 1, 1))]


@pytest.mark.parametrize(
    ("day", "rofr"),
    [("2025-01-20", "not_in_force"), ("2025-01-21", "in_force")],
)
def test_amendment_boundary_days(day: str, rofr: str) -> None:
    t = timeline(Scenario(id="base", deal=microsoft_openai()), "2024-01-01", "2031-12-31")
    assert t.at(date.fromisoformat(day)).for_clause("compute-rofr")[0].status.name == rofr


def test_inclusive_and_exclusive_expiry_boundaries() -> None:
    base = Scenario(id="base", deal=microsoft_openai())
    excl = Scenario(id="excl", deal=microsoft_openai(), interpretation="until-2030-exclusive")
    assert [i.end for i in timeline(base, "2029-01-01", "2031-12-31").when("api-exclusivity")] == [
        date(2031, 1, 1)
    ]
    assert [i.end for i in timeline(excl, "2029-01-01", "2031-12-31").when("api-exclusivity")] == [
        date(2030, 1, 1)
    ]


def test_leap_day_observations() -> None:
    s = Scenario(
        id="leap",
        deal=microsoft_openai(),
        series=[profit_series([("2028-02-28", 0), ("2028-03-01", 200 * BILLION)])],
    )
    # linear: 2028-02-29 is halfway, 100B exactly: at least -> power from the leap day.
    [power] = timeline(s, "2028-01-01", "2028-12-31").when("agi-clause")
    assert power.start == date(2028, 2, 29)


def test_compare_baseline_and_agi_removed() -> None:
    forecast = [profit_series([("2028-01-01", 70 * BILLION), ("2029-01-01", 120 * BILLION)])]
    base = Scenario(id="baseline", deal=microsoft_openai(), series=forecast)
    removed = Scenario(
        id="agi-removed", deal=microsoft_openai(), series=forecast, what_ifs=["remove-agi-clause"]
    )
    c = compare([base, removed], "2024-01-01", "2031-12-31")
    diffs = c.for_clause("agi-clause")
    assert [(d.interval.start, d.interval.end) for d in diffs] == [
        (date(2025, 1, 21), date(2028, 1, 1)),  # contingent (profit unknown) vs removed
        (date(2028, 8, 8), date(2031, 1, 1)),  # in force vs removed
    ]
    assert [(sid, st.name if st else None) for sid, st in diffs[0].statuses] == [
        ("baseline", "contingent"),
        ("agi-removed", "not_in_force"),
    ]
    last = diffs[-1]
    assert [(sid, st.name if st else None) for sid, st in last.statuses] == [
        ("baseline", "in_force"),
        ("agi-removed", "not_in_force"),
    ]
    assert {d.clause for d in c.differences} == {"agi-clause"}


def test_knowledge_time_hides_amendments_agreed_later() -> None:
    deal = microsoft_openai()
    retro = Amendment(
        id="retro",
        effective_date="2025-03-01",
        agreed_on="2025-09-01",
        changes=(RemoveClause(clause_id="api-exclusivity"),),
    )
    amended = Deal(**{**_fields(deal), "amendments": (*deal.amendments, retro)})
    before = Scenario(id="k1", deal=amended, known_on=date(2025, 8, 1))
    after = Scenario(id="k2", deal=amended, known_on=date(2025, 9, 1))
    assert before.evaluate(date(2025, 6, 1)).for_clause("api-exclusivity")[0].in_force
    assert not after.evaluate(date(2025, 6, 1)).for_clause("api-exclusivity")[0].in_force


def _fields(deal: Deal) -> dict[str, object]:
    import attrs

    return {f.name: getattr(deal, f.name) for f in attrs.fields(Deal)}


def test_a_latch_inside_a_latch_changes_on_its_own_since_day() -> None:
    # Regression: the days a timeline splits on were gathered without looking inside a
    # Latched condition, so the `since` of a nested latch was not a change point.
    zero = Money.parse("0 USD")
    inner = Latched(condition=AtLeast(metric=PROFIT, threshold=zero), since="2025-04-30")
    deal = Deal(
        id="d",
        name="D",
        parties=(Party(id="a", name="A"), Party(id="b", name="B")),
        actions=(Action(id="x", description="do x"),),
        term=Term(effective_date="2025-01-01"),
        clauses=(
            Exclusivity(
                id="e",
                grantor="a",
                holder="b",
                scope="x",
                condition_subsequent=Latched(condition=inner),
            ),
        ),
    )
    scenario = Scenario(id="s", deal=deal)
    day_by_day_equal(scenario, date(2025, 4, 25), date(2025, 5, 5))
    t = timeline(scenario, date(2025, 4, 25), date(2025, 5, 5))
    assert [s.interval.start for s in t.spans] == [date(2025, 4, 25), date(2025, 4, 30)]


def test_bad_input() -> None:
    deal = microsoft_openai()
    with pytest.raises(InvalidValueError, match="in date order"):
        profit_series([("2025-02-01", 1), ("2025-01-01", 2)])
    with pytest.raises(DuplicateIdError, match="two observations on 2025-01-01"):
        profit_series([("2025-01-01", 1), ("2025-01-01", 2)])
    with pytest.raises(CurrencyMismatchError):
        Series(
            metric=PROFIT,
            interpolation="step",
            observations=[
                Observation(date="2025-01-01", value="1 USD"),
                Observation(date="2025-02-01", value="1 EUR"),
            ],
        )
    with pytest.raises(InvalidValueError, match="interpolation must be"):
        Series(
            metric=PROFIT,
            interpolation="cubic",
            observations=[Observation(date="2025-01-01", value="1")],
        )  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="is after end"):
        timeline(Scenario(id="s", deal=deal), "2026-01-01", "2025-01-01")
    with pytest.raises(UnknownReferenceError, match="no what-if 'nope'"):
        Scenario(id="s", deal=deal, what_ifs=["nope"])
    with pytest.raises(InvalidValueError, match="at least two scenarios"):
        compare([Scenario(id="s", deal=deal)], "2025-01-01", "2025-02-01")
    with pytest.raises(DuplicateIdError):
        compare(
            [Scenario(id="s", deal=deal), Scenario(id="s", deal=deal)], "2025-01-01", "2025-02-01"
        )
    with pytest.raises(InvalidValueError, match="both as a fact and as a series"):
        Scenario(
            id="s",
            deal=deal,
            facts={PROFIT: "1 USD"},
            series=[profit_series([("2025-01-01", 1)])],
        )
