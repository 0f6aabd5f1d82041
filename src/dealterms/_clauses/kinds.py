"""The closed set of clause kinds."""

from __future__ import annotations

from typing import Final, TypeAlias

from .damages import LiquidatedDamages
from .exclusivity import Exclusivity
from .governance import EquityStake, GovernanceRight
from .license import License
from .obligation import Obligation, Power
from .permission import Permission
from .revenue_share import RevenueShare
from .rofr import RightOfFirstNegotiation, RightOfFirstOffer, RightOfFirstRefusal
from .trigger import Trigger

Clause: TypeAlias = (
    Exclusivity
    | RightOfFirstRefusal
    | RightOfFirstOffer
    | RightOfFirstNegotiation
    | RevenueShare
    | Trigger
    | License
    | Permission
    | EquityStake
    | GovernanceRight
    | LiquidatedDamages
    | Obligation
    | Power
)
"""Any clause kind."""

CLAUSE_TYPES: Final = (
    Exclusivity,
    RightOfFirstRefusal,
    RightOfFirstOffer,
    RightOfFirstNegotiation,
    RevenueShare,
    Trigger,
    License,
    Permission,
    EquityStake,
    GovernanceRight,
    LiquidatedDamages,
    Obligation,
    Power,
)
