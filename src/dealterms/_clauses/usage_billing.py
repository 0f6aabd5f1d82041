"""Usage-based billing: a counter of billable units, billed on request, paid down by payments.

The contract runs from its signature; each counted unit adds one, a correction removes
one (never below zero), a bill request makes the payer owe the count times the unit
price, and each payment takes `floor(amount / unit price)` units off the count. After
the last allowed payment the contract is complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar, Literal, TypeAlias, get_args

import attrs

from dealterms._checks import choice, items, money
from dealterms._entitlement import Position, Relation
from dealterms._lifecycle import ContractState
from dealterms._money import _CONTEXT, Money
from dealterms._party import check_id
from dealterms.exceptions import CurrencyMismatchError, InvalidTransitionError, InvalidValueError

from .base import ClauseBase, distinct_parties
from .damages import PaymentDue

__all__ = ["UsageBilling", "UsageBillingState", "UsageEvent", "UsageEventKind", "UsageStatus"]

PAY_FOR_USAGE = "pay-for-usage"
"""The action id of the payee's claim to payment for the units counted."""

UsageEventKind: TypeAlias = Literal["signed", "unit", "correction", "bill", "payment"]
"""What a [`UsageEvent`][dealterms.UsageEvent] records (the IoT button of public case #18
in brackets):

* `"signed"`: the contract is signed and starts running (ContractSigned).
* `"unit"`: one billable unit is counted (short press: +1).
* `"correction"`: one unit is taken off, never below zero (double press: −1, floored at 0).
* `"bill"`: the payer owes the count × the unit price; the count is unchanged (long press).
* `"payment"`: a payment, in the unit price's currency; it takes
  `floor(amount / unit price)` units off the count (floored at 0) and counts as one
  payment.
"""

UsageStatus: TypeAlias = Literal["initialized", "running", "completed"]
"""A usage-billing contract's status (the template's names): `"initialized"` before the
signature, `"running"`, and `"completed"` after the last allowed payment."""


def _usage_kind(value: object) -> UsageEventKind:
    return choice(value, get_args(UsageEventKind), "kind")  # type: ignore[return-value]


def _optional_money(value: object) -> Money | None:
    return None if value is None else money(value, "amount")


@attrs.frozen(kw_only=True)
class UsageEvent:
    """One event of a usage-billing contract, in the order it happened.

    Attributes:
        kind: What happened ([`UsageEventKind`][dealterms.UsageEventKind]).
        amount: The amount paid ([`Money`][dealterms.Money] > 0, or text like
            `"20 USD"`), for a `"payment"` only; `None` for the other kinds.

    Raises:
        InvalidValueError: for an unknown kind, a payment without an amount or with an
            amount that is not > 0, or an amount on another kind.

    Example:
        >>> UsageEvent(kind="payment", amount="20 USD").describe()
        'payment of 20 USD'
    """

    kind: UsageEventKind = attrs.field(converter=_usage_kind)
    amount: Money | None = attrs.field(default=None, converter=_optional_money)

    def __attrs_post_init__(self) -> None:
        if (self.kind == "payment") != (self.amount is not None):
            raise InvalidValueError(
                "a payment needs an amount"
                if self.kind == "payment"
                else f"a {self.kind!r} event takes no amount",
                path="$.amount",
                expected="Money > 0" if self.kind == "payment" else "None",
                got=self.amount,
            )
        if self.amount is not None and self.amount.amount <= 0:
            raise InvalidValueError(
                f"a payment must be > 0, got {self.amount.format()}",
                path="$.amount",
                expected="Money > 0",
                got=self.amount,
            )

    def describe(self) -> str:
        """The event in words: `"unit"`, `"payment of 20 USD"`."""
        return self.kind if self.amount is None else f"{self.kind} of {self.amount.format()}"


@attrs.frozen(kw_only=True)
class UsageBillingState:
    """The state of a usage-billing contract after an event.

    Attributes:
        count: Units counted and not yet paid for (an `int` >= 0).
        payments: Payments made so far (an `int` >= 0).
        status: `"initialized"` (not signed yet), `"running"` or `"completed"`
            ([`UsageStatus`][dealterms.UsageStatus]; `contract_state` gives the lifecycle's
            [`ContractState`][dealterms.ContractState]).
        obligation: The payment due from the last `"bill"` event
            ([`PaymentDue`][dealterms.PaymentDue]; turn it into a tracked obligation with
            [`to_obligation`][dealterms.PaymentDue.to_obligation]), or `None` before any
            bill or when the count billed was 0.
        because: What the last event did, in words.
    """

    count: int
    payments: int
    status: UsageStatus
    obligation: PaymentDue | None
    because: str

    @property
    def contract_state(self) -> ContractState:
        """The status as the lifecycle's [`ContractState`][dealterms.ContractState].

        initialized → `FORM`, running → `IN_EFFECT`, completed → `SUCCESSFULLY_TERMINATED`.
        """
        return {
            "initialized": ContractState.FORM,
            "running": ContractState.IN_EFFECT,
            "completed": ContractState.SUCCESSFULLY_TERMINATED,
        }[self.status]


def _price(value: object) -> Money:
    return money(value, "unit_price", positive=True)


def _max_payments(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValueError(
            f"max_payments must be a whole number >= 1, got {value!r}",
            path="$.max_payments",
            expected="an int >= 1 or None",
            got=value,
        )
    return value


@attrs.frozen(kw_only=True)
class UsageBilling(ClauseBase):
    """Usage-based billing: the payer pays the payee a unit price per counted unit.

    [`replay`][dealterms.UsageBilling.replay] reads the contract's
    [`UsageEvent`][dealterms.UsageEvent]s in order and returns the state after each:
    the count, the payments made, the status and the payment due. Confers the payee's
    **claim** to payment for the units counted.

    Attributes:
        payer: Party id who pays (Dan).
        payee: Party id who is paid (Grant).
        unit_price: The price of one counted unit, [`Money`][dealterms.Money] > 0
            (`10 USD`); payments must be in its currency.
        max_payments: After this many payments the contract is complete (5), or `None`
            for no limit.

    Raises:
        InvalidValueError: for malformed ids, a unit price that is not > 0, a
            `max_payments` that is not a whole number >= 1, or one party on both sides.

    Source: the Accord Project's `payment-upon-iot` template (public case #18).
    """

    kind: ClassVar[str] = "usage_billing"
    payer: str = attrs.field(converter=check_id)
    payee: str = attrs.field(converter=check_id)
    unit_price: Money = attrs.field(converter=_price)
    max_payments: int | None = attrs.field(default=None, converter=_max_payments)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "payer", self.payer
        yield "payee", self.payee

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.payer, self.payee, ("payer", "payee"))

    def positions(self) -> tuple[Position, ...]:
        limit = "" if self.max_payments is None else f", in at most {self.max_payments} payments"
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.payee,
                counterparty=self.payer,
                action=PAY_FOR_USAGE,
                conduct="perform",
                template="{counterparty} owes {holder} "
                f"{self.unit_price.format()} per counted unit{limit}",
            ),
        )

    def opening(self) -> UsageBillingState:
        """The state before any event: initialized, count 0, no payment."""
        return UsageBillingState(
            count=0, payments=0, status="initialized", obligation=None, because="not signed yet"
        )

    def replay(self, events: Iterable[UsageEvent]) -> tuple[UsageBillingState, ...]:
        """The state after each event, in order (the last one is the current state).

        Counting is exact: a payment takes `floor(amount / unit_price)` units off the
        count, never below zero; a bill owes `count × unit_price`, exact, in the unit
        price's currency (no rounding needed).

        Args:
            events: The [`UsageEvent`][dealterms.UsageEvent]s in the order they happened.

        Returns:
            One [`UsageBillingState`][dealterms.UsageBillingState] per event.

        Raises:
            InvalidValueError: for an item that is not a `UsageEvent`.
            InvalidTransitionError: for an event other than `"signed"` while the contract
                is not running ("Contract is not running."), or a second `"signed"`,
                with `path="$.events[i]"`.
            CurrencyMismatchError: for a payment in another currency than the unit
                price's, with `path="$.events[i].amount"`.
        """
        log: tuple[UsageEvent, ...] = items(events, UsageEvent, "events")
        state = self.opening()
        out = []
        for i, e in enumerate(log):
            state = self._step(state, e, f"$.events[{i}]")
            out.append(state)
        return tuple(out)

    def state(self, events: Iterable[UsageEvent]) -> UsageBillingState:
        """The state after all `events` (the opening state for none); see `replay`."""
        states = self.replay(events)
        return states[-1] if states else self.opening()

    def _step(self, s: UsageBillingState, e: UsageEvent, where: str) -> UsageBillingState:
        if e.kind == "signed":
            if s.status != "initialized":
                raise InvalidTransitionError(
                    f"the contract is already signed (it is {s.status})",
                    path=where,
                    expected="one 'signed' event, first",
                    got=e,
                )
            return attrs.evolve(s, status="running", because="signed: the contract is running")
        if s.status != "running":
            raise InvalidTransitionError(
                f"Contract is not running. ({e.describe()} while {s.status})",
                path=where,
                expected="an event while the contract is running",
                got=e,
            )
        match e.kind:
            case "unit":
                return attrs.evolve(
                    s, count=s.count + 1, because=f"one unit counted: {s.count + 1}"
                )
            case "correction":
                count = max(s.count - 1, 0)
                return attrs.evolve(s, count=count, because=f"one unit taken off: {count}")
            case "bill":
                owed = self.unit_price * s.count  # exact, never bounded like input
                due = (
                    PaymentDue(payer=self.payer, payee=self.payee, amount=owed)
                    if s.count > 0
                    else None
                )
                return attrs.evolve(
                    s,
                    obligation=due,
                    because=f"billed {s.count} × {self.unit_price.format()} = {owed.format()}",
                )
            case _:
                return self._pay(s, e, where)

    def _pay(self, s: UsageBillingState, e: UsageEvent, where: str) -> UsageBillingState:
        paid = e.amount
        assert paid is not None
        if paid.currency != self.unit_price.currency:
            raise CurrencyMismatchError(
                f"a payment of {paid.format()} is not in {self.unit_price.currency}, "
                "the unit price's currency",
                path=f"{where}.amount",
                expected=f"Money in {self.unit_price.currency}",
                got=paid,
            )
        # both > 0, so the truncated quotient is the floor; exact in the wide context
        units = int(_CONTEXT.divide_int(paid.amount, self.unit_price.amount))
        count = max(s.count - units, 0)
        payments = s.payments + 1
        done = self.max_payments is not None and payments >= self.max_payments
        why = f"payment {payments} of {paid.format()} covers {units} units: count {count}" + (
            f"; {payments} payments made, the contract is completed" if done else ""
        )
        return attrs.evolve(
            s,
            count=count,
            payments=payments,
            status="completed" if done else "running",
            because=why,
        )
