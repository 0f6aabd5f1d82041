"""The closed set of clause kinds."""

from __future__ import annotations

from typing import Final, TypeAlias

from .commitment import MinimumCommitment
from .damages import LiquidatedDamages
from .exclusivity import Exclusivity
from .governance import EquityStake, GovernanceRight
from .license import License
from .permission import Permission
from .pricing import MostFavouredNation, PriceRestriction
from .revenue_share import RevenueShare
from .rofr import RightOfFirstNegotiation, RightOfFirstOffer, RightOfFirstRefusal
from .service_credit import ServiceCredit
from .trigger import Trigger
from .volume import VolumeRestriction

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
    | ServiceCredit
    | MinimumCommitment
    | VolumeRestriction
    | MostFavouredNation
    | PriceRestriction
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
    ServiceCredit,
    MinimumCommitment,
    VolumeRestriction,
    MostFavouredNation,
    PriceRestriction,
)
