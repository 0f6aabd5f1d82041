"""Documented type aliases and named policies used across dealterms' public API.

Import from here in annotations: `from dealterms.typing import Conduct`.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

__all__ = ["Conduct", "Period", "RoundingRule", "StatusName"]

Conduct: TypeAlias = Literal["perform", "forbear"]
"""What a position is about: doing the action (`"perform"`) or refraining from it (`"forbear"`).

A claim with conduct `"forbear"` is a prohibition for the duty-bearer ("OpenAI must not use
non-Azure compute"); with `"perform"`, an obligation ("OpenAI must offer Microsoft new
compute capacity first").
"""

Period: TypeAlias = Literal["monthly", "quarterly", "yearly"]
"""How often a periodic payment (e.g. a revenue share) falls due."""

StatusName: TypeAlias = Literal["in_force", "contingent", "not_in_force"]
"""The three statuses of an entitlement, as they appear in JSON."""

RoundingRule: TypeAlias = Literal[
    "ROUND_HALF_EVEN",
    "ROUND_HALF_UP",
    "ROUND_HALF_DOWN",
    "ROUND_UP",
    "ROUND_DOWN",
    "ROUND_CEILING",
    "ROUND_FLOOR",
    "ROUND_05UP",
]
"""A `decimal` rounding rule by name; money rounds with `"ROUND_HALF_EVEN"` unless told."""
