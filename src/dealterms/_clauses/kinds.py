"""The closed set of clause kinds."""

from __future__ import annotations

from typing import Final, TypeAlias

from .carve_out import CarveOut
from .covenants import NonCompete, NonSolicit
from .damages import LiquidatedDamages
from .escrow import SourceCodeEscrow
from .exclusivity import Exclusivity
from .governance import EquityStake, GovernanceRight
from .license import License
from .permission import Permission
from .revenue_share import RevenueShare
from .rofr import RightOfFirstNegotiation, RightOfFirstOffer, RightOfFirstRefusal
from .survival import Survival
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
    | NonCompete
    | NonSolicit
    | Survival
    | CarveOut
    | SourceCodeEscrow
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
    NonCompete,
    NonSolicit,
    Survival,
    CarveOut,
    SourceCodeEscrow,
)
