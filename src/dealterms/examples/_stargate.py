"""Stargate, the joint venture announced in January 2025, as publicly reported.

Facts modelled (public reporting, January 2025): Stargate is a separate joint venture to
invest up to $500 billion in AI infrastructure. OpenAI holds equity and governance rights;
SoftBank and MGX are key investors (SoftBank with financial responsibility, OpenAI with
operational responsibility); Microsoft, Nvidia, Oracle and Arm are technology partners.
It has an independent board and its own CEO, and SoftBank's CEO is chairman.

Readings chosen where the reports are silent:

* The sizes of the equity stakes are not public: each is a
  [`Parameter`][dealterms.Parameter].
* The venture's start is taken as 2025-01-21, the day it was announced; no end is reported.
* The technology partners' role is modelled as a permission to supply technology to the
  venture; the infrastructure built for OpenAI as OpenAI's permission to take new compute
  capacity from it (action `new-compute-capacity`, the same action as Microsoft's right of
  first refusal in the partnership, so a [`Portfolio`][dealterms.Portfolio] lines them up).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from dealterms._clauses.governance import EquityStake, GovernanceRight
from dealterms._clauses.permission import Permission
from dealterms._clauses.revenue_share import Parameter
from dealterms._clauses.term import Term
from dealterms._deal import Deal
from dealterms._party import Action, Party
from dealterms._scenario import Scenario

REPORTED = "public reporting, January 2025"


@functools.cache
def stargate() -> Deal:
    """The Stargate joint venture as publicly reported in January 2025.

    Party ids: `stargate` (the venture), `openai`, `softbank`, `mgx` (investors),
    `microsoft`, `nvidia`, `oracle`, `arm` (technology partners), `stargate-board` and
    `stargate-ceo`. See the module docstring for the readings chosen.

    Example:
        >>> sorted(p.id for p in stargate().parties if "investor" in p.roles)
        ['mgx', 'openai', 'softbank']
    """
    partners = ("microsoft", "nvidia", "oracle", "arm")
    names = {"microsoft": "Microsoft", "nvidia": "Nvidia", "oracle": "Oracle", "arm": "Arm"}
    return Deal(
        id="stargate",
        name="Stargate joint venture",
        source=f"{REPORTED}; up to $500 billion of AI infrastructure investment",
        parties=(
            Party(id="stargate", name="Stargate", roles=("joint venture",)),
            Party(id="openai", name="OpenAI", roles=("investor", "operator")),
            Party(id="softbank", name="SoftBank", roles=("investor", "lead financier")),
            Party(id="mgx", name="MGX", roles=("investor",)),
            *(Party(id=p, name=names[p], roles=("technology partner",)) for p in partners),
            Party(id="stargate-board", name="Stargate's board", roles=("independent board",)),
            Party(id="stargate-ceo", name="Stargate's CEO", roles=("chief executive",)),
        ),
        actions=(
            Action(id="chair-the-board", description="appoint the chair of Stargate's board"),
            Action(id="run-operations", description="run Stargate's operations"),
            Action(id="direct-the-venture", description="direct Stargate as its board"),
            Action(id="manage-the-venture", description="manage Stargate as its CEO"),
            Action(id="supply-technology", description="supply technology to Stargate"),
            Action(id="new-compute-capacity", description="buy new compute capacity"),
        ),
        term=Term(effective_date="2025-01-21"),
        clauses=(
            *(
                EquityStake(
                    id=f"{holder}-equity",
                    holder=holder,
                    entity="stargate",
                    stake=Parameter(name=f"stargate.{holder}_stake", note="not disclosed"),
                    source=f"{REPORTED}: {why}",
                )
                for holder, why in (
                    ("openai", "OpenAI holds equity in Stargate"),
                    ("softbank", "SoftBank is a key (lead) investor"),
                    ("mgx", "MGX is a key investor"),
                )
            ),
            GovernanceRight(
                id="softbank-chair",
                holder="softbank",
                entity="stargate",
                right="chair-the-board",
                source=f"{REPORTED}: SoftBank's CEO is Stargate's chairman",
            ),
            GovernanceRight(
                id="openai-operations",
                holder="openai",
                entity="stargate",
                right="run-operations",
                source=f"{REPORTED}: OpenAI holds governance rights and operational responsibility",
            ),
            GovernanceRight(
                id="independent-board",
                holder="stargate-board",
                entity="stargate",
                right="direct-the-venture",
                source=f"{REPORTED}: Stargate has an independent board",
            ),
            GovernanceRight(
                id="own-ceo",
                holder="stargate-ceo",
                entity="stargate",
                right="manage-the-venture",
                source=f"{REPORTED}: Stargate has its own CEO",
            ),
            *(
                Permission(
                    id=f"{p}-technology-partner",
                    holder=p,
                    counterparty="stargate",
                    action="supply-technology",
                    source=f"{REPORTED}: {names[p]} is a technology partner",
                )
                for p in partners
            ),
            Permission(
                id="openai-compute",
                holder="openai",
                counterparty="stargate",
                action="new-compute-capacity",
                source=f"{REPORTED}: Stargate builds AI infrastructure for OpenAI",
            ),
        ),
    )


@functools.cache
def stargate_scenarios() -> Mapping[str, Scenario]:
    """The bundled scenarios of the Stargate deal: only `baseline` (no facts known)."""
    return MappingProxyType(
        {"baseline": Scenario(id="baseline", deal=stargate(), description="No facts known.")}
    )
