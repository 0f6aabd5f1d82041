"""The evaluator's caches (compiled segments, remembered decisions) never change an answer."""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import given
from hypothesis import strategies as st

from dealterms import Money, State, evaluate
from dealterms.examples import microsoft_openai

profits = st.none() | st.sampled_from([0, 99, 100, 101]).map(
    lambda b: Money(amount=b * 10**9, currency="USD")
)
states = st.builds(
    lambda as_of, profit, exercised: State(
        as_of=as_of,
        facts={} if profit is None else {"openai.cumulative_profit": profit},
        events={} if exercised is None else {"agi-clause.exercised": exercised},
    ),
    as_of=st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 6, 1)),
    profit=profits,
    exercised=st.none() | st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 6, 1)),
)


@given(st.lists(states, min_size=1, max_size=8))
def test_cached_answers_equal_fresh_ones(sequence: list[State]) -> None:
    shared = attrs.evolve(microsoft_openai())  # a fresh object: its own caches
    for state in sequence:
        cached = evaluate(shared, state)
        fresh = evaluate(attrs.evolve(microsoft_openai()), state)
        assert cached.entitlements == fresh.entitlements
