"""dealterms: deal terms as typed clause objects, and an evaluator of the rights in force.

The evaluator says which rights apply on a date, given the facts known then.

Everything public is importable from here; `dealterms.exceptions`, `dealterms.typing`,
`dealterms.examples`, `dealterms.io` (deal files: JSON, TOML, YAML, JSON Schema, scenario
tests), `dealterms.strategies` (needs Hypothesis) and `dealterms.cli` are the other public
modules. `load` and `dump` read and write files through `dealterms.io`, which they import
only when called.
"""

from __future__ import annotations

from dealterms._calendar import DayCount, ResponseWindow
from dealterms._clauses.damages import (
    ForceMajeurePolicy,
    LateDeliveryAssessment,
    LiquidatedDamages,
    PaymentDue,
    whole_days_between,
)
from dealterms._clauses.exclusivity import Exclusivity
from dealterms._clauses.governance import EquityStake, GovernanceRight
from dealterms._clauses.kinds import Clause
from dealterms._clauses.license import License
from dealterms._clauses.obligation import Deadline, Deliverable, Obligation, Power, PowerEffect
from dealterms._clauses.permission import Permission
from dealterms._clauses.revenue_share import Parameter, RateChange, RevenueShare, Tier
from dealterms._clauses.rofr import (
    FreePeriodFrom,
    GrantorRole,
    RightOfFirstNegotiation,
    RightOfFirstOffer,
    RightOfFirstRefusal,
    ThirdPartyTerms,
)
from dealterms._clauses.term import Renewal, Term
from dealterms._clauses.trigger import Trigger
from dealterms._conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    AtMost,
    Before,
    Condition,
    Declared,
    Happened,
    Latched,
    LessThan,
    Metric,
    MoreThan,
    Not,
    OnOrAfter,
)
from dealterms._daycount import DayCountConvention, year_fraction
from dealterms._deal import (
    AddClause,
    Amendment,
    Change,
    Deal,
    Interpretation,
    RemoveClause,
    ReplaceClause,
)
from dealterms._entitlement import (
    Contingent,
    DependsOn,
    Entitlement,
    InForce,
    No,
    NotInForce,
    Position,
    Reason,
    Relation,
    Status,
    Yes,
)
from dealterms._evaluate import Evaluation, evaluate
from dealterms._events import Match, Offer, Performed, Refusal, Terms, ThirdPartyDeal
from dealterms._explain import Explanation
from dealterms._files import dump, load
from dealterms._ledger import Ledger, LedgerRow, NetRow, RevenueInput, ledger
from dealterms._lifecycle import (
    ConstraintPolicy,
    ContractState,
    DueBefore,
    Lifecycle,
    LifecycleAction,
    LifecycleEvent,
    LifecycleSnapshot,
    LifecycleStatus,
    LifecycleStep,
    ObligationState,
    PowerState,
)
from dealterms._money import Money, Rate
from dealterms._party import Action, Party
from dealterms._portfolio import Portfolio, PortfolioEvaluation, evaluate_portfolio
from dealterms._process import (
    FirstRightProcess,
    Matched,
    NoOffer,
    OfferPending,
    ProcessStatus,
    ReAttached,
    Released,
    Violation,
    ViolationReason,
)
from dealterms._scenario import Scenario
from dealterms._series import Interpolation, Observation, Series
from dealterms._state import AnyEvent, Event, Fact, FactValue, State, parse_fact_value
from dealterms._time import Duration, Interval, parse_date
from dealterms._timeline import (
    Comparison,
    Difference,
    Span,
    Timeline,
    Transition,
    compare,
    timeline,
)
from dealterms._version import __version__

__all__ = [
    "__version__",
    # Parties and actions
    "Action",
    "Party",
    # Time
    "Duration",
    "Interval",
    "Renewal",
    "Term",
    "parse_date",
    "whole_days_between",
    # Money
    "DayCountConvention",
    "Money",
    "Rate",
    "year_fraction",
    # Conditions
    "AllOf",
    "AnyOf",
    "AtLeast",
    "AtMost",
    "Before",
    "Condition",
    "Declared",
    "Happened",
    "Latched",
    "LessThan",
    "Metric",
    "MoreThan",
    "Not",
    "OnOrAfter",
    # Clauses
    "Clause",
    "EquityStake",
    "Exclusivity",
    "ForceMajeurePolicy",
    "GovernanceRight",
    "LateDeliveryAssessment",
    "LiquidatedDamages",
    "PaymentDue",
    "License",
    "Parameter",
    "Permission",
    "RateChange",
    "RevenueShare",
    "RightOfFirstNegotiation",
    "RightOfFirstOffer",
    "RightOfFirstRefusal",
    "Tier",
    "Trigger",
    # Deals and amendments
    "AddClause",
    "Amendment",
    "Change",
    "Deal",
    "Interpretation",
    "RemoveClause",
    "ReplaceClause",
    # State: facts, events and series
    "AnyEvent",
    "Event",
    "Fact",
    "FactValue",
    "Interpolation",
    "Observation",
    "Series",
    "State",
    "parse_fact_value",
    # Evaluation
    "Contingent",
    "DependsOn",
    "Entitlement",
    "Evaluation",
    "Explanation",
    "InForce",
    "No",
    "NotInForce",
    "Position",
    "Reason",
    "Relation",
    "Status",
    "Yes",
    "evaluate",
    # Scenarios, timelines and comparison
    "Comparison",
    "Difference",
    "Scenario",
    "Span",
    "Timeline",
    "Transition",
    "compare",
    "timeline",
    # Files
    "dump",
    "load",
    # Rights in motion: first-right processes, event logs, violations
    "DayCount",
    "FirstRightProcess",
    "FreePeriodFrom",
    "GrantorRole",
    "Match",
    "Matched",
    "NoOffer",
    "Offer",
    "OfferPending",
    "Performed",
    "ProcessStatus",
    "ReAttached",
    "Refusal",
    "Released",
    "ResponseWindow",
    "Terms",
    "ThirdPartyDeal",
    "ThirdPartyTerms",
    "Violation",
    "ViolationReason",
    # Obligations, powers and the contract's lifecycle
    "ConstraintPolicy",
    "ContractState",
    "Deadline",
    "Deliverable",
    "DueBefore",
    "Lifecycle",
    "LifecycleAction",
    "LifecycleEvent",
    "LifecycleSnapshot",
    "LifecycleStatus",
    "LifecycleStep",
    "Obligation",
    "ObligationState",
    "Power",
    "PowerEffect",
    "PowerState",
    # Portfolios of deals
    "Portfolio",
    "PortfolioEvaluation",
    "evaluate_portfolio",
    # Revenue-share ledger
    "Ledger",
    "LedgerRow",
    "NetRow",
    "RevenueInput",
    "ledger",
]
