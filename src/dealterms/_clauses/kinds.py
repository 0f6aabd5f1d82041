"""The closed set of clause kinds."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, TypeAlias

from dealterms._entitlement import Relation

from .acceptance import AcceptanceOfDelivery
from .carve_out import CarveOut
from .change_of_control import ChangeOfControl
from .commitment import MinimumCommitment
from .conversion import ConversionRight
from .covenants import NonCompete, NonSolicit
from .damages import LiquidatedDamages
from .deposit import SecurityDeposit
from .escrow import SourceCodeEscrow
from .exclusivity import Exclusivity
from .governance import EquityStake, GovernanceRight
from .instalments import InstalmentSale
from .license import License
from .obligation import Obligation, Power
from .perishable import PerishableGoodsPrice
from .permission import Permission
from .post_term import PostTerminationServices, TailPayment
from .pricing import MostFavouredNation, PriceRestriction
from .revenue_share import RevenueShare
from .rofr import RightOfFirstNegotiation, RightOfFirstOffer, RightOfFirstRefusal
from .service_credit import ServiceCredit
from .survival import Survival
from .termination import TerminationRight
from .trigger import Trigger
from .usage_billing import UsageBilling
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
    | TerminationRight
    | ChangeOfControl
    | TailPayment
    | PostTerminationServices
    | InstalmentSale
    | PerishableGoodsPrice
    | SecurityDeposit
    | ConversionRight
    | AcceptanceOfDelivery
    | ServiceCredit
    | MinimumCommitment
    | VolumeRestriction
    | MostFavouredNation
    | PriceRestriction
    | NonCompete
    | NonSolicit
    | Survival
    | CarveOut
    | SourceCodeEscrow
    | Obligation
    | Power
    | UsageBilling
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
    TerminationRight,
    ChangeOfControl,
    TailPayment,
    PostTerminationServices,
    InstalmentSale,
    PerishableGoodsPrice,
    SecurityDeposit,
    ConversionRight,
    AcceptanceOfDelivery,
    ServiceCredit,
    MinimumCommitment,
    VolumeRestriction,
    MostFavouredNation,
    PriceRestriction,
    NonCompete,
    NonSolicit,
    Survival,
    CarveOut,
    SourceCodeEscrow,
    Obligation,
    Power,
    UsageBilling,
)


def _builtin_actions() -> dict[str, tuple[str, Relation]]:
    found: dict[str, tuple[str, Relation]] = {}
    for cls in CLAUSE_TYPES:
        for action, relation in cls.builtin_actions.items():
            found.setdefault(action, (cls.kind, relation))
    return found


BUILTIN_ACTIONS: Final[Mapping[str, tuple[str, Relation]]] = MappingProxyType(_builtin_actions())
"""Every built-in action id a clause kind confers -> (the first such kind, the relation).

Every deal knows these actions without declaring them (see `ClauseBase.builtin_actions`).
"""
