"""Type-checked, never run: the public API's types as a user's type checker sees them.

`mypy --strict typing_tests` must pass; each `assert_type` fails the check if a public
signature drifts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, assert_type

from matplotlib.figure import Figure

import dealterms
from dealterms import (
    AtLeast,
    Contingent,
    DependsOn,
    Entitlement,
    Evaluation,
    InForce,
    Money,
    No,
    NotInForce,
    Rate,
    Relation,
    State,
    Yes,
    evaluate,
)
from dealterms.examples import microsoft_openai
from dealterms.exceptions import DealtermsError, InvalidDealError

deal = microsoft_openai()
state = State(as_of=date(2025, 6, 1), facts={"openai.cumulative_profit": Money.parse("1 USD")})
ev = evaluate(deal, state)
assert_type(ev, Evaluation)
assert_type(ev.entitlements, tuple[Entitlement, ...])
assert_type(ev.as_of, date)
assert_type(ev.may("openai", "non-azure-compute"), Yes | No | DependsOn)
assert_type(Money.parse("1 USD").amount, Decimal)
assert_type(Rate.parse("20%").value, Decimal)
assert_type(Money.parse("1 USD") + Money.parse("2 USD"), Money)
assert_type(Relation.CLAIM.correlative, str)
cond = AtLeast(metric="m", threshold=Decimal(1)) & AtLeast(metric="n", threshold=Decimal(2))
assert_type(cond, dealterms.AllOf)

for e in ev.entitlements:
    match e.status:
        case InForce():
            pass
        case Contingent(missing=missing):
            assert_type(missing, tuple[str, ...])
        case NotInForce(reason=reason, detail=detail):
            assert_type(detail, str)

try:
    deal.with_what_ifs("remove-agi-clause")
except InvalidDealError as group:
    assert_type(group.lines(), list[str])
except DealtermsError:
    pass

# Views for people, notebooks, tables and charts (issue 7).
assert_type(deal.describe(), str)
assert_type(deal.describe("compute-rofr"), str)
assert_type(ev.describe(), str)
assert_type(ev.describe(ev.entitlements[0]), str)
assert_type(ev.to_records(), list[dict[str, Any]])
assert_type(deal.to_records(), list[dict[str, Any]])
assert_type(ev._repr_html_(), str)
forecast = dealterms.timeline(dealterms.Scenario(id="s", deal=deal), "2025-01-01", "2025-12-31")
assert_type(forecast.describe(), str)
assert_type(forecast.to_records(), list[dict[str, Any]])
assert_type(forecast.plot(), Figure)
assert_type(forecast.plot("chart.svg"), Figure)

# Payment clauses that compute what is owed (issue 8).
sale = dealterms.InstalmentSale(
    id="sale",
    buyer="dan",
    seller="ned",
    total_price=Money.parse("10000.00 EUR"),
    due_at_closing=Money.parse("500.00 EUR"),
    minimum_instalment=Money.parse("500.00 EUR"),
    first_month=3,
    monthly_interest=Rate.parse("1.5%"),
    last_month=24,
)
steps = sale.apply([dealterms.Instalment(amount=Money.parse("2500.00 EUR"))])
assert_type(steps, tuple[dealterms.InstalmentStep, ...])
assert_type(steps[0].balance, Money)
assert_type(steps[0].next_month, int | None)
assert_type(steps[0].obligation, dealterms.PaymentDue | None)
safte = dealterms.ConversionRight(
    id="safte",
    investor="a",
    issuer="b",
    purchase_amount=Money.parse("25.00 USD"),
    discount=Rate.parse("7%"),
)
assert_type(safte.convert(dissolution=True).tokens, Decimal | None)
deposit = dealterms.SecurityDeposit(
    id="deposit", depositor="t", holder="l", deposit=Money.parse("3000 USD")
)
assert_type(deposit.settle([]).refund, Money)
