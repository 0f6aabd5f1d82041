"""Change of control: when a party's control changes hands, and what follows from it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import ClassVar, Literal, TypeAlias, get_args

import attrs

from dealterms._checks import choice, items, optional_rate, rate, text
from dealterms._entitlement import Position, Relation
from dealterms._money import _CONTEXT, Rate, to_decimal
from dealterms._party import check_id
from dealterms._time import Duration, Interval, parse_date, subtract_floored
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase, distinct_parties
from .fields import duration_words, optional_duration

__all__ = [
    "ChangeOfControl",
    "ChangeOfControlCap",
    "ChangeOfControlConsequence",
    "ThresholdRule",
]

ChangeOfControlConsequence: TypeAlias = Literal["terminate", "consent", "notice", "cap"]
"""What a change of control of the `subject` leads to (CUAD "Change Of Control").

* `"terminate"`: the counterparty may terminate (its **power**).
* `"consent"`: the subject must not undergo the change without the counterparty's consent.
* `"notice"`: the subject must notify the counterparty of the change.
* `"cap"`: the agreement goes on, but only for the entities that made up the subject
  before the change, and only up to a volume cap: the volume of the `cap_lookback` period
  before the change plus `cap_uplift` (public case #38).
"""

ThresholdRule: TypeAlias = Literal["more_than", "at_least"]
"""Whether control passes with **more than** the threshold or **at least** the threshold."""

TERMINATE_ON_CHANGE = "terminate-on-change-of-control"
"""The action id of the counterparty's power under `consequence="terminate"`."""
CHANGE_WITHOUT_CONSENT = "change-control-without-consent"
"""The action id the subject must forbear from under `consequence="consent"`."""
NOTIFY_CHANGE = "notify-change-of-control"
"""The action id the subject must perform under `consequence="notice"`."""
SERVE_AFTER_CHANGE = "serve-after-change-of-control"
"""The action id of the subject's capped claim to service under `consequence="cap"`."""


def _consequence(value: object) -> ChangeOfControlConsequence:
    return choice(value, get_args(ChangeOfControlConsequence), "consequence")  # type: ignore[return-value]


def _rule(value: object) -> ThresholdRule:
    return choice(value, get_args(ThresholdRule), "threshold_rule")  # type: ignore[return-value]


def _threshold(value: object) -> Rate:
    return rate(value, "threshold")


def _uplift(value: object) -> Rate | None:
    return optional_rate(value, "cap_uplift")


def _lookback(value: object) -> Duration | None:
    return optional_duration(value, "cap_lookback")


def _measure(value: object) -> str:
    return text(value, "measure")


@attrs.frozen(kw_only=True)
class ChangeOfControlCap:
    """The volume cap after a change of control, and whether a request is within it.

    Attributes:
        changed_on: The day the change of control took effect.
        lookback: The period before the change whose volume is the base, `[start, end)`.
        base: The volume in `lookback` (as given).
        cap: `base × (1 + cap_uplift)`, exact (no rounding).
        requested: The volume asked for.
        within_cap: Whether `requested <= cap`.
        covered: Whether the entity asked for made up the subject before the change
            (`None` when no entity was named).
        because: How the figures follow, in words.
    """

    changed_on: date
    lookback: Interval
    base: Decimal
    cap: Decimal
    requested: Decimal
    within_cap: bool
    covered: bool | None
    because: str

    @property
    def served(self) -> bool:
        """Whether the request must be served: within the cap and not for another entity."""
        return self.within_cap and self.covered is not False


@attrs.frozen(kw_only=True)
class ChangeOfControl(ClauseBase):
    """A change-of-control clause: its definition and its consequence.

    A change of control of `subject` happens when someone acquires more than (or at
    least, by `threshold_rule`) `threshold` of its `measure` ("more than 50% of the voting
    power"); [`is_change`][dealterms.ChangeOfControl.is_change] applies it. What follows is
    the named `consequence` ([`ChangeOfControlConsequence`][dealterms.ChangeOfControlConsequence]);
    for a cap, [`cap`][dealterms.ChangeOfControl.cap] computes it.

    Confers, by consequence: `"terminate"`, the counterparty's **power** to terminate;
    `"consent"`, the counterparty's **claim** that the subject forbear from a change
    without consent; `"notice"`, its **claim** to be notified; `"cap"`, the subject's
    **claim** to be served (within the cap). The positions are in force with the clause;
    whether a change has happened is for a condition precedent to say
    (e.g. `Happened(event="customer.change-of-control")`).

    Attributes:
        subject: Party id whose control may change.
        counterparty: Party id on the other side.
        consequence: What the change leads to.
        threshold: The share that passes control, a [`Rate`][dealterms.Rate] in [0, 1]
            (default 50%).
        threshold_rule: `"more_than"` (default) or `"at_least"`.
        measure: What the share is of, in words (default `"the voting power"`).
        cap_lookback: For `"cap"`: the period before the change whose volume is the base
            (`"P3M"`).
        cap_uplift: For `"cap"`: the uplift on the base, a `Rate` in [0, 1] (`"25%"`).

    Raises:
        InvalidValueError: for malformed ids or rates, one party on both sides, a cap
            consequence without `cap_lookback` and `cap_uplift`, or cap fields with another
            consequence.

    Source: CUAD "Change Of Control"; public case #38 (banking-software services).
    """

    kind: ClassVar[str] = "change_of_control"
    builtin_actions: ClassVar[dict[str, Relation]] = {
        TERMINATE_ON_CHANGE: Relation.POWER,
        CHANGE_WITHOUT_CONSENT: Relation.CLAIM,
        NOTIFY_CHANGE: Relation.CLAIM,
        SERVE_AFTER_CHANGE: Relation.CLAIM,
    }
    subject: str = attrs.field(converter=check_id)
    counterparty: str = attrs.field(converter=check_id)
    consequence: ChangeOfControlConsequence = attrs.field(converter=_consequence)
    threshold: Rate = attrs.field(default=Rate(value=Decimal("0.5")), converter=_threshold)
    threshold_rule: ThresholdRule = attrs.field(default="more_than", converter=_rule)
    measure: str = attrs.field(default="the voting power", converter=_measure)
    cap_lookback: Duration | None = attrs.field(default=None, converter=_lookback)
    cap_uplift: Rate | None = attrs.field(default=None, converter=_uplift)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "subject", self.subject
        yield "counterparty", self.counterparty

    def problems(self) -> list[InvalidValueError]:
        problems = distinct_parties(self.subject, self.counterparty, ("subject", "counterparty"))
        for field in ("cap_lookback", "cap_uplift"):
            value = getattr(self, field)
            if self.consequence == "cap" and value is None:
                problems.append(
                    InvalidValueError(
                        f"a change of control with a cap needs {field}",
                        path=f"$.{field}",
                        expected="'P3M'" if field == "cap_lookback" else "a Rate such as '25%'",
                        got=None,
                    )
                )
            if self.consequence != "cap" and value is not None:
                problems.append(
                    InvalidValueError(
                        f"{field} applies only to consequence='cap', not {self.consequence!r}",
                        path=f"$.{field}",
                        expected="None",
                        got=value,
                    )
                )
        return problems

    def _definition(self) -> str:
        rule = "more than" if self.threshold_rule == "more_than" else "at least"
        return f"{rule} {self.threshold.format()} of {self.measure}"

    def positions(self) -> tuple[Position, ...]:
        on = "on a change of control of {counterparty} (" + self._definition() + ")"
        if self.consequence == "terminate":
            return (
                Position(
                    relation=Relation.POWER,
                    holder=self.counterparty,
                    counterparty=self.subject,
                    action=TERMINATE_ON_CHANGE,
                    template="{holder} has the power to terminate " + on,
                ),
            )
        if self.consequence in ("consent", "notice"):
            consent = self.consequence == "consent"
            return (
                Position(
                    relation=Relation.CLAIM,
                    holder=self.counterparty,
                    counterparty=self.subject,
                    action=CHANGE_WITHOUT_CONSENT if consent else NOTIFY_CHANGE,
                    conduct="forbear" if consent else "perform",
                    template="{counterparty} must not undergo a change of control ("
                    + self._definition()
                    + ") without the consent of {holder}"
                    if consent
                    else "{counterparty} must notify {holder} of a change of control ("
                    + self._definition()
                    + ")",
                ),
            )
        assert self.cap_lookback is not None
        assert self.cap_uplift is not None
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.subject,
                counterparty=self.counterparty,
                action=SERVE_AFTER_CHANGE,
                template="after a change of control of {holder} ("
                + self._definition()
                + "), {counterparty} must keep serving its entities from before the change, "
                f"up to the volume of the {duration_words(self.cap_lookback)} before it plus "
                f"{self.cap_uplift.format()}",
            ),
        )

    def is_change(self, share: Rate | Decimal | int | str) -> bool:
        """Whether acquiring `share` of the `measure` is a change of control.

        Args:
            share: The fraction acquired, a `Rate` or a decimal in [0, 1] (`"0.5"`, `"50%"`).

        Raises:
            InvalidValueError: for a float or a value outside [0, 1].

        Example:
            >>> coc = ChangeOfControl(id="coc", subject="a", counterparty="b", consequence="notice")
            >>> coc.is_change("50%"), coc.is_change("50.01%")
            (False, True)
        """
        value = rate(share, "share").value
        if self.threshold_rule == "more_than":
            return value > self.threshold.value
        return value >= self.threshold.value

    def cap(
        self,
        *,
        changed_on: date | str,
        base: Decimal | int | str,
        requested: Decimal | int | str,
        entity: str | None = None,
        entities_before: Iterable[str] = (),
    ) -> ChangeOfControlCap:
        """The volume cap after a change of control, and whether a request fits it.

        The cap is `base × (1 + cap_uplift)`, exact; `base` is the volume (accounts,
        units) in the `cap_lookback` period before the change, `[changed_on − cap_lookback,
        changed_on)` in calendar days. A request is within the cap if `requested <= cap`.
        Only the entities that made up the subject before the change are served.

        Args:
            changed_on: The day the change took effect.
            base: The volume in the lookback period (>= 0).
            requested: The volume asked for (>= 0).
            entity: The entity the request is for, or `None`.
            entities_before: The entities that made up the subject before the change.

        Raises:
            InvalidValueError: if the consequence is not `"cap"`, or for a negative or
                malformed volume.

        Source: public case #38: base 40,000 accounts, +25% → cap 50,000; 48,000 is within.

        Example:
            >>> coc = ChangeOfControl(
            ...     id="coc", subject="customer", counterparty="provider",
            ...     consequence="cap", cap_lookback="P3M", cap_uplift="25%",
            ... )
            >>> coc.cap(changed_on="2024-06-30", base=40000, requested=48000).cap
            Decimal('50000.00')
        """
        if self.consequence != "cap" or self.cap_lookback is None or self.cap_uplift is None:
            raise InvalidValueError(
                f"clause {self.id!r} has consequence={self.consequence!r}, not a cap",
                path="$.consequence",
                expected="'cap'",
                got=self.consequence,
            )
        day = parse_date(changed_on, path="changed_on")
        if entity is not None and not isinstance(entity, str):
            raise InvalidValueError(
                f"entity must be text or None, got {type(entity).__name__} {entity!r}",
                path="entity",
                expected="an entity name or None",
                got=entity,
            )
        amounts = {}
        for name, value in (("base", base), ("requested", requested)):
            amount = to_decimal(value, path=name, what="a volume >= 0")
            if amount < 0:
                raise InvalidValueError(
                    f"{name} must be >= 0, got {value!r}",
                    path=name,
                    expected="a volume >= 0",
                    got=value,
                )
            amounts[name] = amount
        start = subtract_floored(self.cap_lookback, day)
        cap = _CONTEXT.multiply(amounts["base"], _CONTEXT.add(1, self.cap_uplift.value))
        within = amounts["requested"] <= cap
        before = items(entities_before, str, "entities_before")
        covered = None if entity is None else entity in before
        why = (
            f"cap = {amounts['base']} in [{start}, {day}) + {self.cap_uplift.format()} = {cap}; "
            f"{amounts['requested']} is {'within' if within else 'over'} the cap"
        )
        if covered is not None:
            why += (
                f"; {entity} was part of {self.subject} before the change"
                if covered
                else f"; {entity} was not part of {self.subject} before the change: not covered"
            )
        return ChangeOfControlCap(
            changed_on=day,
            lookback=Interval(start=start, end=day),
            base=amounts["base"],
            cap=cap,
            requested=amounts["requested"],
            within_cap=within,
            covered=covered,
            because=why,
        )
