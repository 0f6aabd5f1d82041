"""A supply agreement, modelled and asked about: run `python examples/supply_agreement.py`.

The shape is the Accord Project's supply agreement (public cases #7 and #8): an initial
term from 2018-04-02 for two years, renewable for one-year terms by the purchaser's
notice given at least 30 business days before the end of the current term; a binding
forecast of which the purchaser must buy at least 85%; a penalty for late delivery
(case #2's rates); a right to terminate for an uncured breach; a non-solicitation
covenant with a 12-month tail; and the payment a delivery creates, tracked through its
lifecycle. Dates, amounts and the holiday calendar are illustrative.
"""

from __future__ import annotations

from datetime import date

import attrs

from dealterms import (
    Action,
    BusinessCalendar,
    Deadline,
    Deal,
    Event,
    Lifecycle,
    LifecycleEvent,
    LiquidatedDamages,
    MinimumCommitment,
    Money,
    NonSolicit,
    Notice,
    Obligation,
    Party,
    Renewal,
    State,
    Term,
    TerminationRight,
    evaluate,
)

US = BusinessCalendar(country="US")

deal = Deal(
    id="supply",
    name="Umbrella supply agreement",
    parties=(Party(id="peter", name="Peter (purchaser)"), Party(id="dan", name="Dan (supplier)")),
    actions=(Action(id="solicit-staff", description="solicit the other party's staff"),),
    term=Term(
        effective_date="2018-04-02",
        expiry="2020-04-01",
        expiry_inclusive=True,
        renewal=Renewal(
            period="P1Y",
            times=None,
            mode="option",
            holder="peter",
            notice_business_days=30,
            calendar=US,
        ),
    ),
    clauses=(
        MinimumCommitment(
            id="forecast",
            obligor="peter",
            obligee="dan",
            metric="umbrellas",
            unit="umbrellas",
            start="2018-04-02",
            period="quarterly",
            forecast_share="0.85",
            forecast_deadline="not_enforced",
            consequence="none",
        ),
        LiquidatedDamages(
            id="late-delivery",
            obligor="dan",
            obligee="peter",
            rate="0.105",
            period_days=2,
            cap="0.55",
            termination_after_days=15,
        ),
        TerminationRight(
            id="for-cause", holder="peter", counterparty="dan", basis="cause", cure_period="P30D"
        ),
        NonSolicit(
            id="no-poaching",
            restricted="dan",
            protected="peter",
            scope=("solicit-staff",),
            tail="P12M",
        ),
        Obligation(
            id="pay-delivery",
            obligor="peter",
            obligee="dan",
            owed=Money.parse("1577.20 USD"),
            created_by="delivered",
            deadline=Deadline(days=30, after="delivered"),
        ),
    ),
)

# 1. The renewal: when must Peter give notice, and what does a notice on that day do?
status = deal.term.status(as_of="2020-01-15")
print("notice deadline for the first renewal:", status.next_deadline)
notices = [Notice(given_on=status.next_deadline, by="peter")]
settled = deal.term.settled(notices, as_of=status.next_deadline)
print("term after Peter's notice:", settled.describe())
renewed = attrs.evolve(deal, term=settled)

# 2. Which rights apply in the renewal year, and after the agreement ends?
for day in ("2020-06-01", "2021-06-01", "2022-06-01"):
    ev = evaluate(renewed, State(as_of=day))
    print(day, "Dan may solicit Peter's staff:", ev.may("dan", "solicit-staff").value)

# 3. The binding forecast: 1200 forecast, 1000 bought in the quarter.
result = deal.clause("forecast", MinimumCommitment).assess(
    on=date(2019, 1, 31), actual=1000, forecast=1200
)
print("minimum:", result.minimum, "| shortfall:", result.shortfall, "|", result.because)

# 4. A delivery 18 days late on goods worth 200 USD.
penalty = deal.clause("late-delivery", LiquidatedDamages).assess(
    delay_days=18, goods_value=Money.parse("200.00 USD")
)
print(
    "penalty:",
    penalty.payable.round().format(),
    "| buyer may terminate:",
    penalty.obligee_may_terminate,
)

# 5. The payment a delivery creates, through its lifecycle.
log = [
    Event(name="delivered", date="2019-05-10"),
    LifecycleEvent(date="2019-05-30", action="fulfil", target="pay-delivery"),
]
snapshot = Lifecycle.from_deal(deal).replay(log, as_of="2019-06-30")
for line in snapshot.lines():
    print(line)
