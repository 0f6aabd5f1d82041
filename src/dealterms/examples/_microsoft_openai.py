"""The Microsoft–OpenAI partnership, as publicly reported in January 2025.

Every clause below models one reported fact and says which in its `source` note. Where the
reports are ambiguous, the model picks one reading and says so:

* "The core of the partnership stays in force until 2030" is read as **through
  2030-12-31** (inclusive). The other reading, *before 2030-01-01*, is offered as the
  interpretation `until-2030-exclusive`.
* The partnership's start is taken as 2019-07-22, the day Microsoft's first investment in
  OpenAI was announced; the reports do not date the individual clauses.
* The January 2025 revision is dated 2025-01-21, the day Microsoft published it.
* OpenAI's access limitation under the AGI clause is modelled as ending the licence
  `advanced-models-access`; Microsoft's wider IP licence (`ip-license`) continues.
* The right of first refusal's response window (30 calendar days) and free period
  (6 months) are not reported; they are assumptions, stated in the clause's source note.
* The hypothetical removal of the AGI clause (`remove-agi-clause`) is a what-if, dated like
  the revision so that it covers the questions asked about 2025.
"""

from __future__ import annotations

import functools

from dealterms._calendar import ResponseWindow
from dealterms._clauses.exclusivity import Exclusivity
from dealterms._clauses.license import License
from dealterms._clauses.permission import Permission
from dealterms._clauses.revenue_share import Parameter, RevenueShare
from dealterms._clauses.rofr import RightOfFirstRefusal
from dealterms._clauses.term import Term
from dealterms._clauses.trigger import Trigger
from dealterms._conditions import AtLeast
from dealterms._deal import AddClause, Amendment, Deal, Interpretation, RemoveClause, ReplaceClause
from dealterms._money import Money, Rate
from dealterms._party import Action, Party
from dealterms._time import Duration

REPORTED = "public reporting, January 2025"
AGI_PROFIT_THRESHOLD = Money.parse("100000000000 USD")
"""The AGI clause's threshold: a cumulative profit of $100 billion."""


@functools.cache
def microsoft_openai() -> Deal:
    """The Microsoft–OpenAI partnership as publicly reported in January 2025.

    Party ids `microsoft` and `openai`. OpenAI's cumulative profit is the metric
    `openai.cumulative_profit` (money in USD); the AGI clause is `agi-clause`, and the
    exercise of its power is the event `agi-clause.exercised`. The January 2025 revision
    is the amendment `january-2025-revision`; removing the AGI clause is the what-if
    `remove-agi-clause`. See the module docstring for the readings chosen.

    Returns:
        The deal (the same immutable object on every call).

    Example:
        >>> deal = microsoft_openai()
        >>> [a.id for a in deal.amendments], [w.id for w in deal.what_ifs]
        (['january-2025-revision'], ['remove-agi-clause'])
    """
    return Deal(
        id="microsoft-openai",
        name="Microsoft–OpenAI partnership",
        source=REPORTED,
        parties=(
            Party(id="microsoft", name="Microsoft"),
            Party(id="openai", name="OpenAI"),
        ),
        actions=(
            Action(
                id="non-azure-compute",
                description="use compute capacity from providers other than Microsoft Azure",
            ),
            Action(
                id="new-compute-capacity",
                description="buy new compute capacity",
            ),
            Action(
                id="api-outside-azure",
                description="offer the OpenAI API on a cloud other than Microsoft Azure",
            ),
            Action(
                id="openai-ip-in-products",
                description="use OpenAI's IP (models and technology) in its products, "
                "such as Copilot",
            ),
            Action(
                id="most-advanced-models",
                description="access OpenAI's most advanced models",
            ),
            Action(
                id="limit-advanced-model-access",
                description="limit Microsoft's access to OpenAI's most advanced models",
            ),
        ),
        # Fact 3: "the core of the partnership stays in force until 2030", read as through
        # 2030-12-31; the exclusive reading is the interpretation below.
        term=Term(effective_date="2019-07-22", expiry="2030-12-31", expiry_inclusive=True),
        interpretations=(
            Interpretation(
                id="until-2030-exclusive",
                description="'until 2030' read as ending before 2030-01-01",
                term=Term(effective_date="2019-07-22", expiry="2030-01-01", expiry_inclusive=False),
            ),
        ),
        clauses=(
            # Fact 1: before the revision, OpenAI had to use Azure exclusively for compute.
            Exclusivity(
                id="compute-exclusivity",
                grantor="openai",
                holder="microsoft",
                scope="non-azure-compute",
                source=f"{REPORTED}: before the January 2025 revision OpenAI had to use "
                "Microsoft Azure exclusively for its compute needs",
            ),
            # Fact 4: Microsoft's exclusive rights to OpenAI's IP for use in its products.
            License(
                id="ip-license",
                licensor="openai",
                licensee="microsoft",
                scope="openai-ip-in-products",
                exclusive=True,
                source=f"{REPORTED}: Microsoft keeps exclusive rights to OpenAI's IP (models "
                "and technology) for use in its products, such as Copilot",
            ),
            # Fact 7 (object): access to the most advanced models, which the AGI clause limits.
            License(
                id="advanced-models-access",
                licensor="openai",
                licensee="microsoft",
                scope="most-advanced-models",
                exclusive=False,
                source=f"{REPORTED}: Microsoft's access to OpenAI's most advanced models, "
                "which OpenAI may limit under the AGI clause",
            ),
            # Fact 5: the OpenAI API stays exclusive to Azure.
            Exclusivity(
                id="api-exclusivity",
                grantor="openai",
                holder="microsoft",
                scope="api-outside-azure",
                source=f"{REPORTED}: the OpenAI API stays exclusive to Azure",
            ),
            # Fact 6: revenue sharing both ways; Microsoft receives 20% of OpenAI's revenue.
            RevenueShare(
                id="revenue-share-to-microsoft",
                payer="openai",
                payee="microsoft",
                rate=Rate.parse("20%"),
                base="openai.revenue",
                period="quarterly",
                source=f"{REPORTED}: Microsoft currently receives 20% of OpenAI's revenue; "
                "the payment period is not reported (quarterly assumed)",
            ),
            RevenueShare(
                id="revenue-share-to-openai",
                payer="microsoft",
                payee="openai",
                rate=Parameter(name="microsoft.revenue_share_rate", note="not disclosed"),
                base="microsoft.openai_related_revenue",
                period="quarterly",
                source=f"{REPORTED}: revenue sharing runs both ways; the rate Microsoft pays "
                "is not public",
            ),
            # Fact 7: the AGI clause.
            Trigger(
                id="agi-clause",
                holder="openai",
                counterparty="microsoft",
                condition=AtLeast(
                    metric="openai.cumulative_profit", threshold=AGI_PROFIT_THRESHOLD
                ),
                power="limit-advanced-model-access",
                ends=("advanced-models-access",),
                source=f"{REPORTED}: once AGI is reached, defined by a profit of $100 "
                "billion, OpenAI may limit Microsoft's access to its most advanced models",
            ),
        ),
        amendments=(
            # Fact 2: the January 2025 revision.
            Amendment(
                id="january-2025-revision",
                effective_date="2025-01-21",
                agreed_on="2025-01-21",
                description="Compute exclusivity replaced by a right of first refusal; OpenAI "
                "may use other providers, in particular for research and model training",
                source=f"{REPORTED}; announced by Microsoft on 2025-01-21",
                changes=(
                    ReplaceClause(
                        clause_id="compute-exclusivity",
                        by=RightOfFirstRefusal(
                            id="compute-rofr",
                            grantor="openai",
                            holder="microsoft",
                            scope="new-compute-capacity",
                            grantor_role="buyer",  # OpenAI buys capacity
                            window=ResponseWindow(days=30),
                            free_period=Duration(months=6),
                            source=f"{REPORTED}: Microsoft has a right of first refusal on "
                            "new compute capacity. The response window (30 calendar days) and "
                            "the free period (6 months) are not reported: assumptions",
                        ),
                    ),
                    AddClause(
                        clause=Permission(
                            id="third-party-compute",
                            holder="openai",
                            counterparty="microsoft",
                            action="non-azure-compute",
                            source=f"{REPORTED}: OpenAI may use other providers (Oracle is "
                            "named), in particular for research and model training",
                        )
                    ),
                ),
            ),
        ),
        what_ifs=(
            # Fact 8: reportedly weighed, not agreed.
            Amendment(
                id="remove-agi-clause",
                effective_date="2025-01-21",
                description="Hypothetical: the AGI clause is removed (reportedly weighed by "
                "OpenAI to obtain more funding from Microsoft)",
                source=f"{REPORTED}: OpenAI is reportedly weighing removing the AGI clause",
                changes=(RemoveClause(clause_id="agi-clause"),),
            ),
        ),
    )
