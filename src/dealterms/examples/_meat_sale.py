"""Symboleo's meat-sale contract (public cases #21-#23), as a bundled deal.

The seller delivers 2 units of meat within 3 days of the effective date (2022-10-28); the
buyer pays 3 CAD by the effective date. If payment is violated, the buyer owes a late
payment of 3.06 CAD (2% interest) and the seller may suspend delivery; once the late
payment is made while delivery is suspended, the buyer may resume delivery. If delivery
is violated, the buyer may terminate the contract. Replay it with
[`Lifecycle.from_deal`][dealterms.Lifecycle.from_deal] or `dealterms lifecycle --example
meat-sale`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from dealterms._clauses.obligation import Deadline, Deliverable, InState, Obligation, Power
from dealterms._clauses.term import Term
from dealterms._deal import Deal
from dealterms._money import Money
from dealterms._party import Party
from dealterms._scenario import Scenario

SOURCE = "Symboleo2SC-demo, contracts/MeatSale.symboleo"
EFFECTIVE = date(2022, 10, 28)


@functools.cache
def meat_sale() -> Deal:
    """Symboleo's meat sale: delivery, payment, and their remedies (public cases #21-#23)."""
    return Deal(
        id="meat-sale",
        name="Meat sale (Symboleo)",
        parties=(Party(id="seller", name="Seller"), Party(id="buyer", name="Buyer")),
        term=Term(effective_date=EFFECTIVE),
        clauses=(
            Obligation(
                id="delivery",
                obligor="seller",
                obligee="buyer",
                owed=Deliverable(description="meat", quantity=2),
                deadline=Deadline(days=3),
                source=SOURCE,
            ),
            Obligation(
                id="payment",
                obligor="buyer",
                obligee="seller",
                owed=Money.parse("3 CAD"),
                deadline=Deadline(on=EFFECTIVE),
                source=SOURCE,
            ),
            Obligation(
                id="late-payment",
                obligor="buyer",
                obligee="seller",
                owed=Money(amount=Decimal("3.06"), currency="CAD"),
                created_by="payment.violated",
                source=SOURCE,
            ),
            Power(
                id="suspend-delivery",
                holder="seller",
                counterparty="buyer",
                effect="suspend_obligation",
                target="delivery",
                created_by="payment.violated",
                source=SOURCE,
            ),
            Power(
                id="resume-delivery",
                holder="buyer",
                counterparty="seller",
                effect="resume_obligation",
                target="delivery",
                created_by="late-payment.fulfilled",
                created_if=InState(clause="delivery", state="suspended"),
                source=SOURCE,
            ),
            Power(
                id="terminate-contract",
                holder="buyer",
                counterparty="seller",
                effect="terminate_contract",
                created_by="delivery.violated",
                source=SOURCE,
            ),
        ),
    )


def meat_sale_scenarios() -> Mapping[str, Scenario]:
    """The bundled scenarios of the meat sale: only `baseline` (no facts known)."""
    return MappingProxyType(
        {"baseline": Scenario(id="baseline", deal=meat_sale(), description="No facts known.")}
    )
