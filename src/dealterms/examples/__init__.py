"""Bundled reference deals.

* [`microsoft_openai`][dealterms.examples.microsoft_openai]: the Microsoft–OpenAI
  partnership as publicly reported in January 2025.
* [`meat_sale`][dealterms.examples.meat_sale]: Symboleo's meat-sale contract, for
  `dealterms lifecycle` (its event log is `examples/meat_sale_events.toml`).

Each bundled deal also has scenarios (facts over time; see
[`microsoft_openai_scenarios`][dealterms.examples.microsoft_openai_scenarios]). Look a
deal up by its CLI name with [`load_example`][dealterms.examples.load_example] and its
scenarios with [`load_scenarios`][dealterms.examples.load_scenarios].
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from dealterms.examples._meat_sale import meat_sale, meat_sale_scenarios
from dealterms.examples._microsoft_openai import microsoft_openai
from dealterms.examples._microsoft_openai_revenue import microsoft_openai_revenue
from dealterms.examples._microsoft_openai_scenarios import (
    AGI_EXERCISE_DATE,
    ILLUSTRATIVE_PROFIT,
    microsoft_openai_scenarios,
)
from dealterms.examples._stargate import stargate, stargate_scenarios
from dealterms.exceptions import UnknownReferenceError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from dealterms._deal import Deal
    from dealterms._ledger import RevenueInput
    from dealterms._scenario import Scenario

__all__ = [
    "AGI_EXERCISE_DATE",
    "EXAMPLES",
    "ILLUSTRATIVE_PROFIT",
    "SCENARIOS",
    "load_example",
    "load_scenarios",
    "REVENUE",
    "meat_sale",
    "meat_sale_scenarios",
    "microsoft_openai",
    "microsoft_openai_revenue",
    "microsoft_openai_scenarios",
    "stargate",
    "stargate_scenarios",
]

EXAMPLES: Mapping[str, Callable[[], Deal]] = MappingProxyType(
    {"microsoft-openai": microsoft_openai, "stargate": stargate, "meat-sale": meat_sale}
)
"""The bundled deals by CLI name (read-only)."""

SCENARIOS: Mapping[str, Callable[[], Mapping[str, Scenario]]] = MappingProxyType(
    {
        "microsoft-openai": microsoft_openai_scenarios,
        "stargate": stargate_scenarios,
        "meat-sale": meat_sale_scenarios,
    }
)
"""The bundled scenarios of each bundled deal, by the deal's CLI name (read-only)."""

REVENUE: Mapping[str, Callable[[], tuple[RevenueInput, ...]]] = MappingProxyType(
    {"microsoft-openai": microsoft_openai_revenue, "stargate": tuple, "meat-sale": tuple}
)
"""The bundled illustrative revenue figures of each bundled deal (read-only; made up)."""


def load_example(name: str) -> Deal:
    """Build the bundled deal called `name` (e.g. `"microsoft-openai"`).

    Raises:
        UnknownReferenceError: for an unknown name; the message lists the known ones.
    """
    try:
        builder = EXAMPLES[name]
    except KeyError:
        raise UnknownReferenceError(
            f"no bundled example {name!r}; known: {', '.join(EXAMPLES)}",
            expected="one of " + ", ".join(EXAMPLES),
            got=name,
        ) from None
    return builder()


def load_scenarios(name: str) -> Mapping[str, Scenario]:
    """The bundled scenarios of the bundled deal `name`, by scenario id.

    Raises:
        UnknownReferenceError: for an unknown deal name.
    """
    load_example(name)
    return SCENARIOS[name]()
