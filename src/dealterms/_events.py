"""Typed events for a state's log: offers, answers, third-party deals and acts.

Offers and answers happen under first rights (ROFR, ROFO, ROFN); a party concludes
deals with third parties and performs acts.

Each event has a `date` and a `name` (so conditions such as
[`Happened`][dealterms.Happened] can read it like any [`Event`][dealterms.Event]). On one
day, events are ordered canonically — offers, then answers, then deals and acts — so the
order a log is given in never changes a result.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar

import attrs

from dealterms._checks import source_field, text
from dealterms._money import Money, Rate, to_decimal
from dealterms._party import check_id
from dealterms._time import _date_field, _optional_date_field
from dealterms.exceptions import InvalidValueError

__all__ = [
    "Match",
    "Offer",
    "Performed",
    "Refusal",
    "TerminationNotice",
    "Terms",
    "ThirdPartyDeal",
]


def _price(value: object) -> Money | Rate:
    if isinstance(value, str):
        value = Rate.parse(value) if value.strip().endswith("%") else Money.parse(value)
    if isinstance(value, Rate):
        return value
    if not isinstance(value, Money) or value.amount < 0:
        raise InvalidValueError(
            f"unit_price must be money >= 0 such as '2.50 USD' or a rate such as '10%', "
            f"got {value!r}",
            path="$.unit_price",
            expected="Money >= 0 or a Rate",
            got=value,
        )
    return value


def _quantity(value: object) -> Decimal | None:
    if value is None:
        return None
    d = to_decimal(value, path="$.quantity", what="a decimal quantity")
    if d <= 0:
        raise InvalidValueError(
            f"quantity must be > 0, got {value!r}", path="$.quantity", expected="> 0", got=value
        )
    return d


@attrs.frozen(kw_only=True)
class Terms:
    """The terms of an offer or a deal: a unit price (or a rate) and a quantity.

    Attributes:
        unit_price: Price per unit (`Money` >= 0, or `"AMOUNT CODE"`), or a rate such as a
            royalty ([`Rate`][dealterms.Rate], or `"10%"`).
        quantity: How many units (a `Decimal` > 0; ints and decimal strings converted), or
            `None` when the terms have no quantity (a royalty).
        description: What a unit is, e.g. `"MW of GPU capacity for one year"`.
    """

    unit_price: Money | Rate = attrs.field(converter=_price)
    quantity: Decimal | None = attrs.field(default=None, converter=_quantity)
    description: str | None = attrs.field(default=None, converter=source_field)

    def format(self) -> str:
        """The terms in words: `"100 units at 2.50 USD each"` or `"at 10%"`."""
        unit = f" ({self.description})" if self.description else ""
        if self.quantity is None:
            return f"at {self.unit_price.format()}" + (f" for {self.description}" if unit else "")
        what = self.description or "units"
        return f"{format(self.quantity, 'f')} {what} at {self.unit_price.format()} each"


def _optional_terms(value: object) -> Terms | None:
    if value is None or isinstance(value, Terms):
        return value
    raise InvalidValueError(
        f"terms must be Terms or None, got {type(value).__name__}",
        path="$.terms",
        expected="Terms",
        got=value,
    )


def _actions(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, list | tuple) or not value:
        raise InvalidValueError(
            f"actions must be a non-empty list of action ids, got {value!r}",
            path="$.actions",
            expected="a list of action ids",
            got=value,
        )
    return tuple(check_id(v, "actions") for v in value)


def _third(value: object) -> str:
    return text(value, "third_party")


@attrs.frozen(kw_only=True)
class Offer:
    """The grantor offers the holder of a first right (ROFR, ROFO, ROFN) an opportunity.

    Under a right of first refusal the offer presents the third party's terms; under a
    right of first offer, the grantor's own; under a right of first negotiation, it opens
    the exclusive negotiation.

    Attributes:
        clause: Id of the first-right clause.
        date: The day the offer is made; the response window runs from it.
        terms: The terms offered (needed to check a later third-party deal against them).
        source: Who reported it; optional.
    """

    clause: str = attrs.field(converter=check_id)
    date: date = attrs.field(converter=_date_field)
    terms: Terms | None = attrs.field(default=None, converter=_optional_terms)
    source: str | None = attrs.field(default=None, converter=source_field)

    @property
    def name(self) -> str:
        """`"<clause>.offer"`."""
        return f"{self.clause}.offer"


@attrs.frozen(kw_only=True)
class _Answer:
    """The holder's answer to a pending offer (private base of Match and Refusal)."""

    suffix: ClassVar[str]
    clause: str = attrs.field(converter=check_id)
    date: date = attrs.field(converter=_date_field)
    source: str | None = attrs.field(default=None, converter=source_field)

    @property
    def name(self) -> str:
        """`"<clause>.match"` or `"<clause>.refusal"`."""
        return f"{self.clause}.{self.suffix}"


@attrs.frozen(kw_only=True)
class Match(_Answer):
    """The holder accepts (matches) the pending offer under a first right.

    Attributes:
        clause: Id of the first-right clause.
        date: The day of the answer.
        source: Who reported it; optional.
    """

    suffix: ClassVar[str] = "match"


@attrs.frozen(kw_only=True)
class Refusal(_Answer):
    """The holder declines the pending offer under a first right.

    Attributes:
        clause: Id of the first-right clause.
        date: The day of the answer.
        source: Who reported it; optional.
    """

    suffix: ClassVar[str] = "refusal"


@attrs.frozen(kw_only=True)
class ThirdPartyDeal:
    """A party concludes a contract with a third party.

    Attributes:
        party: Party id of the deal's party who contracts (e.g. `"openai"`).
        actions: Ids of the actions the contract performs (e.g.
            `("new-compute-capacity", "non-azure-compute")`); first rights and prohibitions
            on any of them apply.
        date: The day the contract is concluded.
        third_party: Who the contract is with (free text, e.g. `"Oracle"`).
        terms: The contract's terms, to compare with an offer's.
        source: Who reported it; optional.
    """

    party: str = attrs.field(converter=check_id)
    actions: tuple[str, ...] = attrs.field(converter=_actions)
    date: date = attrs.field(converter=_date_field)
    third_party: str = attrs.field(converter=_third)
    terms: Terms | None = attrs.field(default=None, converter=_optional_terms)
    source: str | None = attrs.field(default=None, converter=source_field)

    @property
    def name(self) -> str:
        """`"<party>.third-party-deal"`."""
        return f"{self.party}.third-party-deal"


@attrs.frozen(kw_only=True)
class Performed:
    """A party performs an action, e.g. OpenAI serves its API from another cloud.

    Attributes:
        party: Party id of who acts.
        action: Id of the action.
        date: The day it happens.
        source: Who reported it; optional.
    """

    party: str = attrs.field(converter=check_id)
    action: str = attrs.field(converter=check_id)
    date: date = attrs.field(converter=_date_field)
    source: str | None = attrs.field(default=None, converter=source_field)

    @property
    def name(self) -> str:
        """`"<party>.<action>"`."""
        return f"{self.party}.{self.action}"


_Day = date  # `date` is also a field name inside the class below


@attrs.frozen(kw_only=True)
class TerminationNotice:
    """A party gives notice of termination under a termination right.

    [`evaluate`][dealterms.evaluate] reads it: a valid notice ends the whole deal (every
    clause) from its effective date, as
    [`TerminationRight.exercise`][dealterms.TerminationRight.exercise] computes it; survival
    counts from that day. An invalid one ends nothing and is listed in
    [`Evaluation.violations`][dealterms.Evaluation.violations]. See
    [ending the deal](term-and-exit.md#ending-the-deal).

    Attributes:
        clause: Id of the [`TerminationRight`][dealterms.TerminationRight] clause.
        party: Party id of who gives the notice (only the right's holder may).
        date: The day the notice is given (the notice period runs from it).
        breach_notice: For cause: the day the breach was notified (the cure period runs
            from it), or `None`.
        cured_on: For cause: the day the breach was cured, or `None` if it was not.
        source: Who reported it; optional.

    Raises:
        InvalidValueError: for malformed ids or dates, or `cured_on` before `breach_notice`
            (or given without it).
    """

    clause: str = attrs.field(converter=check_id)
    party: str = attrs.field(converter=check_id)
    date: date = attrs.field(converter=_date_field)
    breach_notice: _Day | None = attrs.field(default=None, converter=_optional_date_field)
    cured_on: _Day | None = attrs.field(default=None, converter=_optional_date_field)
    source: str | None = attrs.field(default=None, converter=source_field)

    def __attrs_post_init__(self) -> None:
        if self.cured_on is not None and (
            self.breach_notice is None or self.cured_on < self.breach_notice
        ):
            raise InvalidValueError(
                f"cured_on={self.cured_on} needs a breach_notice on or before it, got "
                f"{self.breach_notice}",
                path="$.cured_on",
                expected="a day on or after breach_notice",
                got=self.cured_on,
            )

    @property
    def name(self) -> str:
        """`"<clause>.exercised"` (readable by [`Happened`][dealterms.Happened])."""
        return f"{self.clause}.exercised"


TYPED_EVENTS = (Offer, Match, Refusal, ThirdPartyDeal, Performed, TerminationNotice)
RANK = {Offer: 0, Match: 1, Refusal: 1, ThirdPartyDeal: 2, Performed: 3, TerminationNotice: 3}
