"""Bundled scenarios for the Microsoft–OpenAI deal.

The profit numbers are **made up for illustration**: OpenAI's cumulative profit is not
public. They are chosen so that the forecast crosses the AGI clause's $100 billion
threshold inside the partnership's term (on 2028-08-08, reading the yearly figures
linearly), which shows how the deal's rights change there.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from dealterms._scenario import Scenario
from dealterms._series import Observation, Series
from dealterms.examples._microsoft_openai import microsoft_openai

ILLUSTRATIVE_PROFIT = Series(
    metric="openai.cumulative_profit",
    interpolation="linear",
    observations=(
        Observation(date="2025-01-01", value="5000000000 USD"),
        Observation(date="2026-01-01", value="15000000000 USD"),
        Observation(date="2027-01-01", value="35000000000 USD"),
        Observation(date="2028-01-01", value="70000000000 USD"),
        Observation(date="2029-01-01", value="120000000000 USD"),
        Observation(date="2030-01-01", value="180000000000 USD"),
    ),
)
"""A made-up cumulative-profit forecast (USD, yearly, read linearly between years)."""

AGI_EXERCISE_DATE = "2029-03-01"
"""The made-up day on which OpenAI exercises its AGI power in the `agi-exercised` scenario."""


@functools.cache
def microsoft_openai_scenarios() -> Mapping[str, Scenario]:
    """The bundled scenarios of the Microsoft–OpenAI deal, by id.

    * `baseline`: no facts known; OpenAI's profit is unknown throughout.
    * `profit-forecast`: the illustrative profit forecast
      [`ILLUSTRATIVE_PROFIT`][dealterms.examples.ILLUSTRATIVE_PROFIT] (made-up numbers),
      crossing $100 billion on 2028-08-08.
    * `profit-forecast-agi-removed`: the same forecast with the what-if
      `remove-agi-clause` applied.
    * `agi-exercised`: the forecast, and OpenAI exercises its AGI power on 2029-03-01.

    Returns:
        A read-only mapping of scenario id to [`Scenario`][dealterms.Scenario].
    """
    deal = microsoft_openai()
    forecast = (ILLUSTRATIVE_PROFIT,)
    scenarios = (
        Scenario(id="baseline", deal=deal, description="No facts known."),
        Scenario(
            id="profit-forecast",
            deal=deal,
            series=forecast,
            description="Illustrative (made-up) cumulative-profit forecast crossing $100B "
            "on 2028-08-08.",
        ),
        Scenario(
            id="profit-forecast-agi-removed",
            deal=deal,
            series=forecast,
            what_ifs=("remove-agi-clause",),
            description="The same forecast, with the AGI clause removed (what-if).",
        ),
        Scenario(
            id="agi-exercised",
            deal=deal,
            series=forecast,
            events={"agi-clause.exercised": AGI_EXERCISE_DATE},
            description="The forecast; OpenAI exercises its AGI power on 2029-03-01.",
        ),
    )
    return MappingProxyType({s.id: s for s in scenarios})
