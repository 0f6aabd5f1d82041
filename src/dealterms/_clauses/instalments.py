"""Instalment sales: a price paid in monthly instalments, with interest on the unpaid balance.

The buyer pays the price in monthly instalments of at least a minimum amount, starting in a
given month; each month the unpaid balance bears interest; a closing payment of the
remaining balance plus an amount due at closing ends the sale.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import ClassVar, Literal, TypeAlias

import attrs

from dealterms._checks import as_argument, instance, items, money, rate, whole_number
from dealterms._entitlement import Position, Relation
from dealterms._money import _CONTEXT, Money, Rate, unchecked_money
from dealterms._party import check_id
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

from .base import ClauseBase, distinct_parties
from .damages import PaymentDue

__all__ = [
    "ClosingPayment",
    "Instalment",
    "InstalmentSale",
    "InstalmentStatus",
    "InstalmentStep",
]

PAY_INSTALMENTS = "pay-instalments"
"""The action id of the seller's claim to the instalments."""

InstalmentStatus: TypeAlias = Literal["awaiting_payment", "fulfilled"]
"""Where an instalment sale stands: `"awaiting_payment"` (the source's
*WaitingForFirstDayOfNextMonth*) until the closing payment, then `"fulfilled"`."""


def _cents(amount: Decimal, currency: str) -> Money:
    """`amount` rounded half-up to the currency's minor unit (cents for EUR)."""
    return unchecked_money(amount, currency).round("ROUND_HALF_UP")


def _payment_amount(value: object) -> Money:
    return money(value, "amount", positive=True)


@attrs.frozen(kw_only=True)
class Instalment:
    """A monthly instalment paid under an [`InstalmentSale`][dealterms.InstalmentSale].

    Attributes:
        amount: The amount paid, `Money` > 0 (or `"AMOUNT CODE"` text), in whole minor
            units of its currency (cents).

    Raises:
        InvalidValueError: for an amount that is not money > 0.
    """

    amount: Money = attrs.field(converter=_payment_amount)


@attrs.frozen(kw_only=True)
class ClosingPayment:
    """The closing payment of an [`InstalmentSale`][dealterms.InstalmentSale].

    It pays the remaining balance plus the amount due at closing.

    Attributes:
        amount: The amount paid, `Money` > 0 (or `"AMOUNT CODE"` text).

    Raises:
        InvalidValueError: for an amount that is not money > 0.
    """

    amount: Money = attrs.field(converter=_payment_amount)


@attrs.frozen(kw_only=True)
class InstalmentStep:
    """The state of an instalment sale after one payment (or at the opening).

    Attributes:
        month: The month the payment was made in (1 = the first month of the sale), or
            `None` for the opening state.
        payment: The payment this step applied, or `None` at the opening.
        interest: Interest added to the unpaid balance in this step (rounded, see
            [`InstalmentSale.pay`][dealterms.InstalmentSale.pay]).
        total_interest: Interest added so far.
        balance: What remains to pay before the amount due at closing; zero once fulfilled.
        total_paid: Everything paid so far.
        next_month: The month of the next instalment, or `None` once fulfilled (the
            source shows 0).
        status: [`InstalmentStatus`][dealterms.InstalmentStatus].
        obligation: The payment due from buyer to seller that this step emits (the payment
            itself), or `None` at the opening.
        because: How the figures follow, in words.

    Invariant: `total_paid + balance == total_price + total_interest` while awaiting
    payment, and `total_price + total_interest + due_at_closing` once fulfilled.
    """

    month: int | None
    payment: Money | None
    interest: Money
    total_interest: Money
    balance: Money
    total_paid: Money
    next_month: int | None
    status: InstalmentStatus
    obligation: PaymentDue | None
    because: str


def _whole_units(m: Money, field: str) -> Money:
    """`m` if it is in whole minor units (cents), as every balance of the sale is."""
    if m.round("ROUND_HALF_UP") != m:
        raise InvalidValueError(
            f"{field} {m.format()} is not in whole minor units of {m.currency}",
            path=f"$.{field}",
            expected=f"an amount in whole minor units of {m.currency}",
            got=m.format(),
        )
    return m


def _price(value: object) -> Money:
    return _whole_units(money(value, "total_price", positive=True), "total_price")


def _closing(value: object) -> Money:
    return _whole_units(money(value, "due_at_closing"), "due_at_closing")


def _minimum(value: object) -> Money:
    return _whole_units(money(value, "minimum_instalment", positive=True), "minimum_instalment")


def _first_month(value: object) -> int:
    return whole_number(value, "first_month", minimum=1)


def _last_month(value: object) -> int:
    return whole_number(value, "last_month", minimum=1)


def _interest(value: object) -> Rate:
    return rate(value, "monthly_interest", expected="a monthly interest rate in [0, 1]")


def _refuse(message: str, *, expected: str, got: object, path: str = "payment.amount") -> None:
    raise InvalidValueError(message, path=path, expected=expected, got=got)


@attrs.frozen(kw_only=True)
class InstalmentSale(ClauseBase):
    """An instalment sale: the price paid monthly, with interest on the unpaid balance.

    The balance starts at `total_price`. Each [`Instalment`][dealterms.Instalment] of at
    least `minimum_instalment` reduces it; the rest then bears `monthly_interest`. The
    [`ClosingPayment`][dealterms.ClosingPayment] pays the remaining balance plus
    `due_at_closing` and fulfils the sale. Everything is due by the end of `last_month`, so
    from month `last_month - 1` on only the closing payment is accepted. Computed by
    [`opening`][dealterms.InstalmentSale.opening], [`pay`][dealterms.InstalmentSale.pay] and
    [`apply`][dealterms.InstalmentSale.apply].

    **Rounding rule:** half-up to the currency's minor unit (cents), at each step: first the
    balance less the payment, then that times `1 + monthly_interest` (the source's
    `round2(x) = floor(x * 100 + 0.5) / 100`, identical for amounts >= 0). Payments must be
    whole cents, so paid and unpaid amounts account for every cent.

    Confers the seller's **claim** to the payments (the buyer's **duty** to pay).

    Attributes:
        buyer: Party id who pays (the source's "Dan").
        seller: Party id who is paid (the source's "Ned").
        total_price: Where the balance starts, `Money` > 0.
        due_at_closing: Added to the remaining balance in the closing payment, `Money` >= 0.
            (The source's text counts it within the total; its logic, followed here, adds
            it on top.)
        minimum_instalment: The least a monthly instalment may be, `Money` > 0.
        first_month: The month of the first instalment (>= 1; 3 in the source).
        monthly_interest: Interest per month on the unpaid balance, a
            [`Rate`][dealterms.Rate] in [0, 1].
        last_month: Everything must be paid by the end of this month (24 in the source).

    Raises:
        InvalidValueError: for malformed ids, amounts, rates or months; `problems()` reports
            one party on both sides, amounts in several currencies and a first month that is
            not before the last.

    Source: the Accord Project's "installment sale" template (public case #12).

    Example:
        >>> sale = InstalmentSale(
        ...     id="sale", buyer="dan", seller="ned", total_price="10000.00 EUR",
        ...     due_at_closing="500.00 EUR", minimum_instalment="500.00 EUR",
        ...     first_month=3, monthly_interest="1.5%", last_month=24,
        ... )
        >>> sale.apply([Instalment(amount="2500.00 EUR")])[-1].balance.format()
        '7612.50 EUR'
    """

    kind: ClassVar[str] = "instalment_sale"
    builtin_actions: ClassVar[dict[str, Relation]] = {PAY_INSTALMENTS: Relation.CLAIM}
    buyer: str = attrs.field(converter=check_id)
    seller: str = attrs.field(converter=check_id)
    total_price: Money = attrs.field(converter=_price)
    due_at_closing: Money = attrs.field(converter=_closing)
    minimum_instalment: Money = attrs.field(converter=_minimum)
    first_month: int = attrs.field(converter=_first_month)
    monthly_interest: Rate = attrs.field(converter=_interest)
    last_month: int = attrs.field(converter=_last_month)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "buyer", self.buyer
        yield "seller", self.seller

    def problems(self) -> list[InvalidValueError]:
        found = distinct_parties(self.buyer, self.seller, ("buyer", "seller"))
        currency = self.total_price.currency
        for field in ("due_at_closing", "minimum_instalment"):
            amount: Money = getattr(self, field)
            if amount.currency != currency:
                found.append(
                    CurrencyMismatchError(
                        f"{field}={amount.format()} is not in the total price's currency "
                        f"{currency}",
                        path=f"$.{field}",
                        expected=f"an amount in {currency}",
                        got=amount.format(),
                    )
                )
        if self.first_month >= self.last_month:
            found.append(
                InvalidValueError(
                    f"first_month={self.first_month} is not before last_month={self.last_month}",
                    path="$.first_month",
                    expected=f"a month < {self.last_month}",
                    got=self.first_month,
                )
            )
        return found

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.seller,
                counterparty=self.buyer,
                action=PAY_INSTALMENTS,
                conduct="perform",
                template="{counterparty} owes {holder} "
                f"{self.total_price.format()} in monthly instalments of at least "
                f"{self.minimum_instalment.format()} from month {self.first_month}, with "
                f"{self.monthly_interest.format()} interest a month on the unpaid balance, "
                f"then the balance plus {self.due_at_closing.format()} at closing, all by "
                f"month {self.last_month}",
            ),
        )

    def opening(self) -> InstalmentStep:
        """The state before any payment: balance `total_price`, nothing paid.

        Example:
            >>> sale = InstalmentSale(
            ...     id="sale", buyer="dan", seller="ned", total_price="10000.00 EUR",
            ...     due_at_closing="500.00 EUR", minimum_instalment="500.00 EUR",
            ...     first_month=3, monthly_interest="1.5%", last_month=24,
            ... )
            >>> sale.opening().next_month
            3
        """
        zero = Money(amount=0, currency=self.total_price.currency).round("ROUND_HALF_UP")
        return InstalmentStep(
            month=None,
            payment=None,
            interest=zero,
            total_interest=zero,
            balance=self.total_price,
            total_paid=zero,
            next_month=self.first_month,
            status="awaiting_payment",
            obligation=None,
            because=(
                f"{self.total_price.format()} to pay in instalments of at least "
                f"{self.minimum_instalment.format()} from month {self.first_month}; the "
                f"balance plus {self.due_at_closing.format()} at closing by month "
                f"{self.last_month}"
            ),
        )

    def pay(self, after: InstalmentStep, payment: Instalment | ClosingPayment) -> InstalmentStep:
        """Apply one payment to the state `after`, and return the new state.

        An instalment is made in month `after.next_month`: the balance less the payment,
        rounded half-up to cents, then times `1 + monthly_interest`, rounded half-up to
        cents, is the new balance. The closing payment must equal the balance plus
        `due_at_closing` (compared in cents); it leaves a zero balance and fulfils the sale.

        Args:
            after: The state before the payment ([`opening`][dealterms.InstalmentSale.opening]
                or a previous step).
            payment: An [`Instalment`][dealterms.Instalment] or a
                [`ClosingPayment`][dealterms.ClosingPayment], in the price's currency.

        Returns:
            The [`InstalmentStep`][dealterms.InstalmentStep] after the payment; its
            `obligation` is the payment due from buyer to seller.

        Raises:
            InvalidValueError: if the sale is already fulfilled; for an instalment when the
                balance is below the minimum, at month `last_month - 1` or later ("pay the
                last instalment instead"), below the minimum, above the balance, or not in
                whole cents; for a closing payment that is not balance + `due_at_closing`.
            CurrencyMismatchError: for a payment in another currency.

        `after` must come from [`opening`][dealterms.InstalmentSale.opening] or `pay` of
        this sale; a hand-built or edited step is checked cheaply (its status, its next
        month, amounts >= 0 in the sale's currency and the invariant of
        [`InstalmentStep`][dealterms.InstalmentStep]) and refused with an
        `InvalidValueError` naming the field (`after.next_month`).
        """
        try:
            step = instance(after, InstalmentStep, "after")
        except InvalidValueError as e:
            raise as_argument(e) from None
        self._check_step(step)
        if not isinstance(payment, Instalment | ClosingPayment):
            raise InvalidValueError(
                f"payment must be an Instalment or a ClosingPayment, got "
                f"{type(payment).__name__} {payment!r}",
                path="payment",
                expected="Instalment | ClosingPayment",
                got=payment,
            )
        paid = payment.amount
        currency = self.total_price.currency
        if paid.currency != currency:
            raise CurrencyMismatchError(
                f"the payment {paid.format()} is not in the sale's currency {currency}",
                path="payment.amount",
                expected=f"an amount in {currency}",
                got=paid.format(),
            )
        if step.status == "fulfilled":
            _refuse(
                "the sale is already fulfilled; no payment is due",
                expected="no further payment",
                got=paid.format(),
            )
        if paid.round("ROUND_HALF_UP") != paid:
            _refuse(
                f"the payment {paid.format()} is not in whole minor units of {currency}",
                expected=f"an amount with at most {paid.minor_units} decimals",
                got=paid.format(),
            )
        if isinstance(payment, ClosingPayment):
            return self._close(step, paid)
        return self._instalment(step, paid)

    def _check_step(self, step: InstalmentStep) -> None:
        """Refuse a step that `opening`/`pay` of this sale could not have produced."""

        def bad(field: str, why: str, got: object) -> None:
            raise InvalidValueError(
                f"after.{field} {why}; pass the step returned by opening() or pay()",
                path=f"after.{field}",
                expected="an InstalmentStep from opening() or pay() of this sale",
                got=got,
            )

        currency = self.total_price.currency
        for field in ("interest", "total_interest", "balance", "total_paid"):
            amount = getattr(step, field)
            if not isinstance(amount, Money) or amount.currency != currency or amount.amount < 0:
                bad(field, f"must be Money >= 0 in {currency}", amount)
        status: str = step.status  # a hand-built step may hold any text
        if status not in ("awaiting_payment", "fulfilled"):
            bad("status", "must be 'awaiting_payment' or 'fulfilled'", status)
        month = step.next_month
        if step.status == "awaiting_payment":
            # A later month than `last_month - 1` is a late buyer (public case #12's state
            # file can hold one): only the closing payment is then accepted.
            if isinstance(month, bool) or not isinstance(month, int) or month < self.first_month:
                bad("next_month", f"must be a month >= {self.first_month}", month)
            if step.total_paid + step.balance != self.total_price + step.total_interest:
                bad(
                    "balance",
                    "breaks total_paid + balance == total_price + total_interest",
                    step.balance,
                )
        elif month is not None:
            bad("next_month", "must be None once the sale is fulfilled", month)

    def _instalment(self, step: InstalmentStep, paid: Money) -> InstalmentStep:
        month = step.next_month
        assert month is not None  # awaiting payment
        if step.balance < self.minimum_instalment:
            _refuse(
                f"the balance remaining {step.balance.format()} is less than the minimum "
                f"instalment {self.minimum_instalment.format()}; make the closing payment",
                expected="a ClosingPayment",
                got=paid.format(),
            )
        if month >= self.last_month - 1:
            _refuse(
                f"month {month}: everything is due within {self.last_month} months, please "
                "pay the last instalment instead (a ClosingPayment)",
                expected="a ClosingPayment",
                got=paid.format(),
            )
        if paid < self.minimum_instalment:
            _refuse(
                f"the instalment {paid.format()} is below the minimum "
                f"{self.minimum_instalment.format()}",
                expected=f"at least {self.minimum_instalment.format()}",
                got=paid.format(),
            )
        if paid > step.balance:
            _refuse(
                f"the instalment {paid.format()} is more than the balance {step.balance.format()}",
                expected=f"at most {step.balance.format()}",
                got=paid.format(),
            )
        currency = paid.currency
        unpaid = _cents(_CONTEXT.subtract(step.balance.amount, paid.amount), currency)
        factor = _CONTEXT.add(Decimal(1), self.monthly_interest.value)
        balance = _cents(_CONTEXT.multiply(unpaid.amount, factor), currency)
        interest = balance - unpaid
        return InstalmentStep(
            month=month,
            payment=paid,
            interest=interest,
            total_interest=step.total_interest + interest,
            balance=balance,
            total_paid=step.total_paid + paid,
            next_month=month + 1,
            status="awaiting_payment",
            obligation=PaymentDue(payer=self.buyer, payee=self.seller, amount=paid),
            because=(
                f"month {month}: {step.balance.format()} less {paid.format()} leaves "
                f"{unpaid.format()}; with {self.monthly_interest.format()} interest "
                f"({interest.format()}, rounded half-up to cents) the balance is "
                f"{balance.format()}"
            ),
        )

    def _close(self, step: InstalmentStep, paid: Money) -> InstalmentStep:
        due = (step.balance + self.due_at_closing).round("ROUND_HALF_UP")
        if paid != due:
            _refuse(
                f"the closing payment {paid.format()} should be the balance "
                f"{step.balance.format()} plus {self.due_at_closing.format()} due at closing",
                expected=due.format(),
                got=paid.format(),
            )
        zero = Money(amount=0, currency=paid.currency).round("ROUND_HALF_UP")
        return InstalmentStep(
            month=step.next_month,
            payment=paid,
            interest=zero,
            total_interest=step.total_interest,
            balance=zero,
            total_paid=step.total_paid + paid,
            next_month=None,
            status="fulfilled",
            obligation=PaymentDue(payer=self.buyer, payee=self.seller, amount=paid),
            because=(
                f"closing payment {paid.format()} = balance {step.balance.format()} plus "
                f"{self.due_at_closing.format()} due at closing; the sale is fulfilled"
            ),
        )

    def apply(self, payments: Sequence[Instalment | ClosingPayment]) -> tuple[InstalmentStep, ...]:
        """Apply `payments` in order from the opening state; one step per payment.

        Args:
            payments: [`Instalment`][dealterms.Instalment]s and, last, a
                [`ClosingPayment`][dealterms.ClosingPayment].

        Returns:
            The state after each payment (`result[i]` follows `payments[i]`); nothing when
            `payments` is empty (see [`opening`][dealterms.InstalmentSale.opening]).

        Raises:
            InvalidValueError: as [`pay`][dealterms.InstalmentSale.pay]; the path names the
                payment's index.
        """
        steps: list[InstalmentStep] = []
        state = self.opening()
        try:
            given = items(payments, (Instalment, ClosingPayment), "payments")
        except InvalidValueError as e:
            raise as_argument(e) from None
        for i, payment in enumerate(given):
            try:
                state = self.pay(state, payment)
            except InvalidValueError as e:
                path = e.path.replace("payment", f"payments[{i}]", 1)
                raise type(e)(e.message, path=path, expected=e.expected, got=e.got) from None
            steps.append(state)
        return tuple(steps)
