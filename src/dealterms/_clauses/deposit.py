"""Security deposits: returned at the end of the term, less itemised deductions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar, Literal, TypeAlias, get_args

import attrs

from dealterms._checks import as_argument, choice, items, money, text
from dealterms._entitlement import Position, Relation
from dealterms._money import Money
from dealterms._party import check_id
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

from .base import ClauseBase, distinct_parties
from .damages import PaymentDue

__all__ = ["Deduction", "DepositRefundPolicy", "DepositSettlement", "SecurityDeposit"]

RETURN_DEPOSIT = "return-deposit"
"""The action id of the claim to the deposit's return."""

DepositRefundPolicy: TypeAlias = Literal["holder_refunds", "depositor_as_promisor"]
"""Who owes the refund of a security deposit (public case #17 is FLAGged):

* `"holder_refunds"` (default): the holder (landlord) returns the balance to the depositor
  (tenant), as the contract text reads.
* `"depositor_as_promisor"`: the depositor is the promisor and the holder the promisee of
  the emitted payment, as the Accord Project template's logic has it.
"""


def _reason(value: object) -> str:
    return text(value, "reason")


def _deduction_amount(value: object) -> Money:
    return money(value, "amount")


@attrs.frozen(kw_only=True)
class Deduction:
    """One itemised deduction from a security deposit.

    Attributes:
        reason: What it is for (`"cleaning"`), non-empty text.
        amount: `Money` >= 0 (or `"AMOUNT CODE"` text), in the deposit's currency.

    Raises:
        InvalidValueError: for empty text or an amount that is not money >= 0.
    """

    reason: str = attrs.field(converter=_reason)
    amount: Money = attrs.field(converter=_deduction_amount)


@attrs.frozen(kw_only=True)
class DepositSettlement:
    """A security deposit settled at the end of the term.

    Attributes:
        deposit: The deposit held.
        deductions: The itemised deductions, in the order given.
        deducted: Their sum.
        refund: `deposit - deducted` (so `refund + deducted == deposit`).
        obligation: The refund payment, payer and payee as the clause's
            [`DepositRefundPolicy`][dealterms.DepositRefundPolicy] says; `None` when the
            refund is zero.
        because: How the figures follow, in words.
    """

    deposit: Money
    deductions: tuple[Deduction, ...]
    deducted: Money
    refund: Money
    obligation: PaymentDue | None
    because: str


def _deposit(value: object) -> Money:
    return money(value, "deposit")


def _policy(value: object) -> DepositRefundPolicy:
    return choice(value, get_args(DepositRefundPolicy), "refund_policy")  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class SecurityDeposit(ClauseBase):
    """A security deposit, returned at the end of the term less itemised deductions.

    Computed by [`settle`][dealterms.SecurityDeposit.settle]: the refund is the deposit
    less the sum of the deductions. Deductions above the deposit are refused: the deposit
    covers at most its own amount, and any excess is a separate claim.

    **Rounding rule:** none; sums and differences of `Money` are exact.

    Confers the depositor's **claim** to the deposit's return less deductions (the
    holder's **duty**); under `refund_policy="depositor_as_promisor"` the roles of the
    claim follow the source's logic instead.

    Attributes:
        depositor: Party id who paid the deposit (the tenant).
        holder: Party id who holds it (the landlord).
        deposit: The deposit, `Money` >= 0.
        refund_policy: Who owes the refund
            ([`DepositRefundPolicy`][dealterms.DepositRefundPolicy]).

    Raises:
        InvalidValueError: for malformed ids or amounts, an unknown policy, or (in
            `problems()`) one party on both sides.

    Source: the Accord Project's "rental deposit" template (public case #17); CUAD
    post-termination obligations.
    """

    kind: ClassVar[str] = "security_deposit"
    builtin_actions: ClassVar[dict[str, Relation]] = {RETURN_DEPOSIT: Relation.CLAIM}
    depositor: str = attrs.field(converter=check_id)
    holder: str = attrs.field(converter=check_id)
    deposit: Money = attrs.field(converter=_deposit)
    refund_policy: DepositRefundPolicy = attrs.field(default="holder_refunds", converter=_policy)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "depositor", self.depositor
        yield "holder", self.holder

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.depositor, self.holder, ("depositor", "holder"))

    def _payer_payee(self) -> tuple[str, str]:
        if self.refund_policy == "holder_refunds":
            return self.holder, self.depositor
        return self.depositor, self.holder

    def positions(self) -> tuple[Position, ...]:
        payer, payee = self._payer_payee()
        return (
            Position(
                relation=Relation.CLAIM,
                holder=payee,
                counterparty=payer,
                action=RETURN_DEPOSIT,
                conduct="perform",
                template="{counterparty} owes {holder} the security deposit of "
                f"{self.deposit.format()} at the end of the term, less itemised deductions",
            ),
        )

    def settle(self, deductions: Sequence[Deduction]) -> DepositSettlement:
        """The refund of the deposit less `deductions`.

        Args:
            deductions: The itemised [`Deduction`][dealterms.Deduction]s (possibly none),
                in the deposit's currency.

        Returns:
            A [`DepositSettlement`][dealterms.DepositSettlement]; `refund + deducted ==
            deposit`.

        Raises:
            CurrencyMismatchError: for a deduction in another currency.
            InvalidValueError: when the deductions add up to more than the deposit.

        Example:
            >>> deposit = SecurityDeposit(
            ...     id="deposit", depositor="tenant", holder="landlord", deposit="3000 USD"
            ... )
            >>> deposit.settle([Deduction(reason="cleaning", amount="1000 USD")]).refund.format()
            '2000 USD'
        """
        try:
            got: tuple[Deduction, ...] = items(deductions, Deduction, "deductions")
        except InvalidValueError as e:
            raise as_argument(e) from None
        currency = self.deposit.currency
        deducted = Money(amount=0, currency=currency)
        for i, d in enumerate(got):
            if d.amount.currency != currency:
                raise CurrencyMismatchError(
                    f"the deduction for {d.reason} ({d.amount.format()}) is not in the "
                    f"deposit's currency {currency}",
                    path=f"deductions[{i}].amount",
                    expected=f"an amount in {currency}",
                    got=d.amount.format(),
                )
            deducted += d.amount
        if deducted > self.deposit:
            raise InvalidValueError(
                f"the deductions total {deducted.format()}, more than the deposit "
                f"{self.deposit.format()}; the deposit covers at most its own amount, so "
                f"claim the excess {(deducted - self.deposit).format()} separately",
                path="deductions",
                expected=f"deductions totalling at most {self.deposit.format()}",
                got=deducted.format(),
            )
        refund = self.deposit - deducted
        payer, payee = self._payer_payee()
        listed = ", ".join(f"{d.reason} {d.amount.format()}" for d in got) or "none"
        return DepositSettlement(
            deposit=self.deposit,
            deductions=got,
            deducted=deducted,
            refund=refund,
            obligation=PaymentDue(payer=payer, payee=payee, amount=refund)
            if refund.amount > 0
            else None,
            because=(
                f"deposit {self.deposit.format()} less deductions ({listed}) totalling "
                f"{deducted.format()} leaves {refund.format()}, owed by {payer} to {payee}"
            ),
        )
