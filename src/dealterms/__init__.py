"""dealterms: deal terms as typed clause objects, and an evaluator of the rights in force.

The evaluator says which rights apply on a date, given the facts known then.

Everything public is importable from here; `dealterms.exceptions`, `dealterms.typing`,
`dealterms.examples`, `dealterms.io` (deal files: JSON, TOML, YAML, JSON Schema, scenario
tests), `dealterms.strategies` (needs Hypothesis) and `dealterms.cli` are the other public
modules. `load` and `dump` read and write files through `dealterms.io`, which they import
only when called.
"""

from __future__ import annotations

from dealterms._calendar import (
    BusinessCalendar,
    BusinessDayConvention,
    DayCount,
    PaymentTerms,
    ResponseWindow,
    Weekday,
)
from dealterms._clauses.acceptance import (
    AcceptanceOfDelivery,
    InspectionResult,
    InspectionStatus,
)
from dealterms._clauses.carve_out import CarveOut
from dealterms._clauses.change_of_control import (
    ChangeOfControl,
    ChangeOfControlCap,
    ChangeOfControlConsequence,
    ThresholdRule,
)
from dealterms._clauses.commitment import (
    CommitmentAssessment,
    CommitmentWindow,
    ForecastDeadlinePolicy,
    MinimumCommitment,
    ScheduledMinimum,
    ShortfallConsequence,
)
from dealterms._clauses.conversion import Conversion, ConversionRight, ConversionTrigger
from dealterms._clauses.covenants import NonCompete, NonSolicit
from dealterms._clauses.damages import (
    ForceMajeurePolicy,
    LateDeliveryAssessment,
    LiquidatedDamages,
    PaymentDue,
    whole_days_between,
)
from dealterms._clauses.deposit import (
    Deduction,
    DepositRefundPolicy,
    DepositSettlement,
    SecurityDeposit,
)
from dealterms._clauses.escrow import SourceCodeEscrow
from dealterms._clauses.exclusivity import Exclusivity
from dealterms._clauses.governance import EquityStake, GovernanceRight
from dealterms._clauses.instalments import (
    ClosingPayment,
    Instalment,
    InstalmentSale,
    InstalmentStatus,
    InstalmentStep,
)
from dealterms._clauses.kinds import Clause
from dealterms._clauses.license import License
from dealterms._clauses.obligation import (
    ClauseStateName,
    Deadline,
    Deliverable,
    InState,
    Obligation,
    Power,
    PowerEffect,
)
from dealterms._clauses.perishable import (
    PerishableGoodsPrice,
    SensorRange,
    SensorReading,
    ShipmentPrice,
)
from dealterms._clauses.permission import Permission
from dealterms._clauses.post_term import (
    FeeBasis,
    PostTerminationPeriod,
    PostTerminationServices,
    TailPayment,
    TailPeriod,
    TerminationCause,
)
from dealterms._clauses.pricing import (
    BetterPrice,
    IncreaseLimit,
    MostFavouredNation,
    MostFavouredNationCheck,
    PriceCheck,
    PriceRestriction,
)
from dealterms._clauses.revenue_share import Parameter, RateChange, RevenueShare, Tier
from dealterms._clauses.rofr import (
    FreePeriodFrom,
    GrantorRole,
    RightOfFirstNegotiation,
    RightOfFirstOffer,
    RightOfFirstRefusal,
    ThirdPartyTerms,
)
from dealterms._clauses.service_credit import ServiceCredit, ServiceCreditAssessment, ServiceLevel
from dealterms._clauses.survival import Survival
from dealterms._clauses.term import Notice, NoticeAnchor, Renewal, RenewalMode, Term, TermStatus
from dealterms._clauses.termination import (
    Termination,
    TerminationBasis,
    TerminationOutcome,
    TerminationRight,
)
from dealterms._clauses.trigger import Trigger
from dealterms._clauses.usage_billing import (
    UsageBilling,
    UsageBillingState,
    UsageEvent,
    UsageEventKind,
    UsageStatus,
)
from dealterms._clauses.volume import VolumeCheck, VolumeRestriction
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
from dealterms._events import (
    Match,
    Offer,
    Performed,
    Refusal,
    TerminationNotice,
    Terms,
    ThirdPartyDeal,
)
from dealterms._explain import Explanation
from dealterms._files import dump, load
from dealterms._ledger import Ledger, LedgerRow, NetRow, RevenueInput, ledger
from dealterms._lifecycle import (
    CompletionPolicy,
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
from dealterms._tiers import TierBand, TierBasis, TierEnd, TierResult, TierTable
from dealterms._time import Duration, Interval, MonthEndPolicy, add_months, add_years, parse_date
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
    "Notice",
    "NoticeAnchor",
    "Renewal",
    "RenewalMode",
    "Term",
    "TermStatus",
    "parse_date",
    "whole_days_between",
    # Calendars and date arithmetic
    "BusinessCalendar",
    "BusinessDayConvention",
    "MonthEndPolicy",
    "PaymentTerms",
    "Weekday",
    "add_months",
    "add_years",
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
    "AcceptanceOfDelivery",
    "Clause",
    "EquityStake",
    "Exclusivity",
    "ForceMajeurePolicy",
    "GovernanceRight",
    "InspectionResult",
    "InspectionStatus",
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
    # Term and exit: termination, change of control, after the term
    "ChangeOfControl",
    "ChangeOfControlCap",
    "ChangeOfControlConsequence",
    "FeeBasis",
    "PostTerminationPeriod",
    "PostTerminationServices",
    "TailPayment",
    "TailPeriod",
    "Termination",
    "TerminationBasis",
    "TerminationCause",
    "TerminationOutcome",
    "TerminationRight",
    "ThresholdRule",
    # Scope: restrictive covenants, survival, carve-outs, source-code escrow
    "CarveOut",
    "NonCompete",
    "NonSolicit",
    "SourceCodeEscrow",
    "Survival",
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
    "TerminationNotice",
    "Terms",
    "ThirdPartyDeal",
    "ThirdPartyTerms",
    "Violation",
    "ViolationReason",
    # Obligations, powers and the contract's lifecycle
    "ClauseStateName",
    "CompletionPolicy",
    "ConstraintPolicy",
    "ContractState",
    "Deadline",
    "Deliverable",
    "DueBefore",
    "InState",
    "Lifecycle",
    "LifecycleAction",
    "LifecycleEvent",
    "LifecycleSnapshot",
    "LifecycleStatus",
    "LifecycleStep",
    "Obligation",
    "ObligationState",
    "Power",
    "UsageBilling",
    "UsageBillingState",
    "UsageEvent",
    "UsageEventKind",
    "UsageStatus",
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
    # Payment clauses that compute what is owed
    "ClosingPayment",
    "Conversion",
    "ConversionRight",
    "ConversionTrigger",
    "Deduction",
    "DepositRefundPolicy",
    "DepositSettlement",
    "Instalment",
    "InstalmentSale",
    "InstalmentStatus",
    "InstalmentStep",
    "PerishableGoodsPrice",
    "SecurityDeposit",
    "SensorRange",
    "SensorReading",
    "ShipmentPrice",
    # Tiered rates
    "TierBand",
    "TierBasis",
    "TierEnd",
    "TierResult",
    "TierTable",
    # Commercial clauses: service credits, commitments, volume and price terms
    "BetterPrice",
    "CommitmentAssessment",
    "CommitmentWindow",
    "ForecastDeadlinePolicy",
    "IncreaseLimit",
    "MinimumCommitment",
    "MostFavouredNation",
    "MostFavouredNationCheck",
    "PriceCheck",
    "PriceRestriction",
    "ScheduledMinimum",
    "ServiceCredit",
    "ServiceCreditAssessment",
    "ServiceLevel",
    "ShortfallConsequence",
    "VolumeCheck",
    "VolumeRestriction",
]
