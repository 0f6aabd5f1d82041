"""dealterms: deal terms as typed clause objects, and an evaluator of the rights in force.

The evaluator says which rights apply on a date, given the facts known then.

Everything public is importable from here; `dealterms.exceptions`, `dealterms.typing`,
`dealterms.examples`, `dealterms.strategies` (needs Hypothesis) and `dealterms.cli` are
the other public modules.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from dealterms._clauses.exclusivity import Exclusivity
from dealterms._clauses.kinds import Clause
from dealterms._clauses.license import License
from dealterms._clauses.permission import Permission
from dealterms._clauses.revenue_share import Parameter, RevenueShare
from dealterms._clauses.rofr import RightOfFirstRefusal
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
    LessThan,
    Metric,
    MoreThan,
    Not,
    OnOrAfter,
)
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
from dealterms._explain import Explanation
from dealterms._money import Money, Rate
from dealterms._party import Action, Party
from dealterms._state import Event, Fact, FactValue, State, parse_fact_value
from dealterms._time import Duration, Interval, parse_date

try:
    __version__ = version("dealterms")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    # Parties and actions
    "Action",
    # Deals and amendments
    "AddClause",
    # Conditions
    "AllOf",
    "Amendment",
    "AnyOf",
    "AtLeast",
    "AtMost",
    "Before",
    "Change",
    # Clauses
    "Clause",
    "Condition",
    # Evaluation
    "Contingent",
    "Deal",
    "Declared",
    "DependsOn",
    # Time
    "Duration",
    "Entitlement",
    "Evaluation",
    # State
    "Event",
    "Exclusivity",
    "Explanation",
    "Fact",
    "FactValue",
    "Happened",
    "InForce",
    "Interpretation",
    "Interval",
    "LessThan",
    "License",
    "Metric",
    # Money
    "Money",
    "MoreThan",
    "No",
    "Not",
    "NotInForce",
    "OnOrAfter",
    "Parameter",
    "Party",
    "Permission",
    "Position",
    "Rate",
    "Reason",
    "Relation",
    "RemoveClause",
    "Renewal",
    "ReplaceClause",
    "RevenueShare",
    "RightOfFirstRefusal",
    "State",
    "Status",
    "Term",
    "Trigger",
    "Yes",
    "__version__",
    "evaluate",
    "parse_date",
    "parse_fact_value",
]
