"""Obligations with a deadline, and the powers a normative runtime uses as remedies.

An [`Obligation`][dealterms.Obligation] says who owes whom what, what brings it into
being and by when it must be performed; a [`Power`][dealterms.Power] says who may, by
exercising it, suspend or resume an obligation, terminate the contract or create a new
obligation. Their states over time (created, in effect, suspended, fulfilled, violated …)
come from replaying an event log with [`Lifecycle`][dealterms.Lifecycle].

The model follows Symboleo, the normative specification language for contracts
(public cases #21–#25), and the Accord Project's payment templates (#16, #18, #20).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar, Literal, TypeAlias, get_args

import attrs

from dealterms._checks import choice, flag, text
from dealterms._entitlement import Position, Relation
from dealterms._money import Money, to_decimal
from dealterms._party import check_id
from dealterms._time import END_OF_RANGE, _optional_date_field
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase, distinct_parties

__all__ = [
    "ClauseStateName",
    "Deadline",
    "Deliverable",
    "InState",
    "Obligation",
    "Power",
    "PowerEffect",
]

PowerEffect: TypeAlias = Literal[
    "suspend_obligation", "resume_obligation", "terminate_contract", "create_obligation"
]
"""What exercising a [`Power`][dealterms.Power] does:

* `"suspend_obligation"`: the target obligation, in effect, is suspended (Symboleo
  `Suspended(obligations.delivery)`).
* `"resume_obligation"`: the target obligation, suspended, is in effect again.
* `"terminate_contract"`: the contract ends unsuccessfully; pending obligations and powers
  die with it.
* `"create_obligation"`: the target obligation is created (e.g. a penalty); that
  obligation's `created_by` must be `"<power id>.exerted"`, so each clause reads on its own.
"""

_MAX_DAYS = 3_652_500

LIFECYCLE_WORDS: frozenset[str] = frozenset(
    {"triggered", "activated", "suspended", "resumed", "fulfilled", "violated", "discharged",
     "terminated", "exerted", "expired"}
)  # fmt: skip
"""The words of the lifecycle events `"<id>.<word>"` that the replay records for a clause."""


def event_fields(clause: Obligation | Power) -> Iterator[tuple[str, str]]:
    """Yield `(field path, event name)` for every event `clause` reads."""
    for field in ("created_by", "takes_effect"):
        name = getattr(clause, field)
        if name is not None:
            yield field, name
    if clause.deadline is not None and clause.deadline.after is not None:
        yield "deadline.after", clause.deadline.after
    window = getattr(clause, "created_by_deadline", None)
    if window is not None and window.after is not None:
        yield "created_by_deadline.after", window.after


def lifecycle_refs(clause: Obligation | Power) -> Iterator[tuple[str, str]]:
    """`(field, clause id)` for each event `"<id>.<word>"` (a lifecycle word) it reads."""
    for field, name in event_fields(clause):
        head, _, word = name.rpartition(".")
        if head and word in LIFECYCLE_WORDS and head != "contract":
            yield field, head


def _days(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_DAYS:
        raise InvalidValueError(
            f"days must be a whole number of days from 0 to {_MAX_DAYS}, got {value!r}",
            path="$.days",
            expected=f"an int in [0, {_MAX_DAYS}] or None",
            got=value,
        )
    return value


def _event_name(value: object) -> str | None:
    return None if value is None else text(value, "after").strip()


def _inclusive(value: object) -> bool:
    return flag(value, "inclusive")


@attrs.frozen(kw_only=True)
class Deadline:
    """By when something must happen: a fixed date, or a number of days after an event.

    Exactly one of `on` and `days` is given. With `days`, the deadline counts from the
    event named `after`, or, when `after` is `None`, from the day the obligation was
    created (triggered). Days are calendar days: 3 days after 2022-10-28 is 2022-10-31.

    Attributes:
        on: The deadline as a `date`, or `None`.
        days: Whole calendar days (>= 0) after the reference event, or `None`. A
            deadline that would fall after 9998-12-31, the last supported date, is due
            on 9999-01-01 (`END_OF_RANGE`): it never falls due on a date dealterms can
            evaluate, and the date arithmetic cannot overflow.
        after: The event the `days` count from (its first occurrence in the log), or
            `None` for the obligation's creation. Only with `days`.
        inclusive: `True` (default): performance *on* the deadline day is in time ("by",
            "within", "no later than"). `False`: it must happen strictly *before* that
            day (Symboleo's `before`), so the last day in time is the day before.

    Raises:
        InvalidValueError: for both or neither of `on` and `days`, `after` without
            `days`, a negative or non-integer day count, or a malformed date.

    Example:
        >>> from datetime import date
        >>> Deadline(days=3).last_day(date(2022, 10, 28))
        datetime.date(2022, 10, 31)
        >>> Deadline(on=date(2022, 10, 31), inclusive=False).last_day(date(2022, 10, 28))
        datetime.date(2022, 10, 30)
    """

    on: date | None = attrs.field(default=None, converter=_optional_date_field)
    days: int | None = attrs.field(default=None, converter=_days)
    after: str | None = attrs.field(default=None, converter=_event_name)
    inclusive: bool = attrs.field(default=True, converter=_inclusive)

    def __attrs_post_init__(self) -> None:
        if (self.on is None) == (self.days is None):
            raise InvalidValueError(
                "a deadline needs exactly one of on (a date) and days (after an event)",
                path="$.on",
                expected="on=<date> or days=<int>",
                got={"on": self.on, "days": self.days},
            )
        if self.after is not None and self.days is None:
            raise InvalidValueError(
                f"after={self.after!r} only makes sense with days",
                path="$.after",
                expected="None (with on=<date>)",
                got=self.after,
            )

    def due(self, reference: date) -> date:
        """The deadline date: `on`, or `reference` plus `days` (as stated, before inclusivity).

        Args:
            reference: The date the days count from (the `after` event's date, or the
                obligation's creation); ignored for a fixed `on` date.
        """
        if self.on is not None:
            return self.on
        assert self.days is not None
        if self.days > (END_OF_RANGE - reference).days:
            return END_OF_RANGE  # past the supported dates: never falls due (see `days`)
        return reference + timedelta(days=self.days)

    def last_day(self, reference: date) -> date:
        """The last day on which performance is still in time (see `inclusive`)."""
        due = self.due(reference)
        return due if self.inclusive else due - timedelta(days=1)

    def describe(self) -> str:
        """The deadline in words: `"within 3 days of payment-due"`, `"before 2022-10-28"`."""
        if self.on is not None:
            return f"{'by' if self.inclusive else 'before'} {self.on.isoformat()}"
        since = self.after if self.after is not None else "its creation"
        word = "within" if self.inclusive else "strictly within"
        return f"{word} {self.days} days of {since}"


def _quantity(value: object) -> Decimal | None:
    if value is None:
        return None
    d = to_decimal(value, path="$.quantity", what="a decimal quantity")
    if d <= 0:
        raise InvalidValueError(
            f"quantity must be > 0, got {value!r}", path="$.quantity", expected="> 0", got=value
        )
    return d


def _description(value: object) -> str:
    return text(value, "description")


@attrs.frozen(kw_only=True)
class Deliverable:
    """Something owed other than money: goods, a service, a document.

    Attributes:
        description: What is owed, in words (`"meat, AAA grade"`).
        quantity: How many units (a `Decimal` > 0; ints and decimal strings converted),
            or `None`.

    Raises:
        InvalidValueError: for blank text or a quantity that is not > 0.
    """

    description: str = attrs.field(converter=_description)
    quantity: Decimal | None = attrs.field(default=None, converter=_quantity)

    def format(self) -> str:
        """`"2 × meat, AAA grade"`, or the description alone."""
        if self.quantity is None:
            return self.description
        return f"{format(self.quantity, 'f')} × {self.description}"


def _owed(value: object) -> Money | Deliverable:
    if isinstance(value, Money | Deliverable):
        if isinstance(value, Money) and value.amount <= 0:
            raise InvalidValueError(
                f"an amount owed must be > 0, got {value.format()}",
                path="$.owed",
                expected="Money > 0",
                got=value,
            )
        return value
    raise InvalidValueError(
        f"owed must be Money or a Deliverable, got {type(value).__name__} {value!r}",
        path="$.owed",
        expected="Money (e.g. Money.parse('3 USD')) or Deliverable(description=...)",
        got=value,
    )


def _trigger(value: object) -> str | None:
    return None if value is None else text(value, "created_by").strip()


def _takes_effect(value: object) -> str | None:
    return None if value is None else text(value, "takes_effect").strip()


def _deadline(value: object) -> Deadline | None:
    if value is None or isinstance(value, Deadline):
        return value
    raise InvalidValueError(
        f"expected a Deadline or None, got {type(value).__name__} {value!r}",
        path="$.deadline",
        expected="Deadline(on=...) or Deadline(days=...)",
        got=value,
    )


def _trigger_window(value: object) -> Deadline | None:
    try:
        return _deadline(value)
    except InvalidValueError as e:
        raise InvalidValueError(
            e.message, path="$.created_by_deadline", expected=e.expected, got=value
        ) from None


def _own_events(clause_id: str, created_by: str | None, takes_effect: str | None) -> list[str]:
    return [
        name
        for name in (created_by, takes_effect)
        if name is not None and name.startswith(f"{clause_id}.")
    ]


def _self_reference(clause_id: str, names: list[str]) -> list[InvalidValueError]:
    return [
        InvalidValueError(
            f"{clause_id!r} cannot be brought into being by its own event {name!r}",
            path="$.created_by",
            expected="an event of another clause, or a business event",
            got=name,
        )
        for name in names
    ]


@attrs.frozen(kw_only=True)
class Obligation(ClauseBase):
    """An obligation: the obligor owes the obligee money or a deliverable, by a deadline.

    While in effect it confers the obligee's **claim** to performance and the obligor's
    correlative **duty**. Its states over time (created, in effect, suspended, fulfilled,
    violated, discharged, terminated) come from [`Lifecycle`][dealterms.Lifecycle].

    Attributes:
        obligor: Party id who owes (Symboleo's *debtor*).
        obligee: Party id who is owed (the *creditor*).
        owed: What is owed: [`Money`][dealterms.Money] (> 0, in its currency) or a
            [`Deliverable`][dealterms.Deliverable].
        created_by: The event that brings the obligation into being, or `None` (default)
            for the contract's start. A business event (`"demand"`, `"contract-signed"`)
            or another clause's lifecycle event, `"<id>.violated"`, `"<id>.fulfilled"`,
            `"<id>.exerted"` (the events [`Lifecycle`][dealterms.Lifecycle] records).
        takes_effect: The event that puts the created obligation in effect (Symboleo's
            antecedent), or `None` (default): in effect as soon as it is created.
        deadline: By when it must be performed ([`Deadline`][dealterms.Deadline]), or
            `None` for no deadline (it can then be violated only by an explicit event).
            Still created (not in effect) when the deadline passes: discharged; in effect:
            violated.
        created_by_deadline: The latest the creating event may happen, or `None`. A later
            creating event does not create the obligation: it is discharged instead
            (the Accord Project's late-invoice bar, public case #20).

    Raises:
        InvalidValueError: for malformed ids or fields, the same party on both sides,
            or an obligation created by its own event.

    Source: Symboleo's obligations `O(debtor, creditor, antecedent, consequent)` with a
    trigger (public cases #21–#25); the Accord Project's payment templates (#16, #20).
    """

    kind: ClassVar[str] = "obligation"
    obligor: str = attrs.field(converter=check_id)
    obligee: str = attrs.field(converter=check_id)
    owed: Money | Deliverable = attrs.field(converter=_owed)
    created_by: str | None = attrs.field(default=None, converter=_trigger)
    takes_effect: str | None = attrs.field(default=None, converter=_takes_effect)
    deadline: Deadline | None = attrs.field(default=None, converter=_deadline)
    created_by_deadline: Deadline | None = attrs.field(default=None, converter=_trigger_window)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "obligor", self.obligor
        yield "obligee", self.obligee

    def problems(self) -> list[InvalidValueError]:
        problems = distinct_parties(self.obligor, self.obligee, ("obligor", "obligee"))
        own = _own_events(self.id, self.created_by, self.takes_effect)
        return problems + _self_reference(self.id, own)

    def clause_refs(self) -> Iterator[tuple[str, str]]:
        yield from lifecycle_refs(self)

    def describe_owed(self) -> str:
        """What is owed, in words: `"3 USD"` or `"2 × meat"`."""
        return self.owed.format()

    def positions(self) -> tuple[Position, ...]:
        due = f", {self.deadline.describe()}" if self.deadline else ""
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.obligee,
                counterparty=self.obligor,
                action=self.id,
                conduct="perform",
                template="{counterparty} must " + f"give {{holder}} {self.describe_owed()}{due}",
            ),
        )


ClauseStateName: TypeAlias = Literal[
    "created",
    "in_effect",
    "suspended",
    "fulfilled",
    "violated",
    "discharged",
    "terminated",
    "exerted",
    "expired",
]
"""A state an [`InState`][dealterms.InState] guard can name: the values of
[`ObligationState`][dealterms.ObligationState] and [`PowerState`][dealterms.PowerState]."""


def _guard_clause(value: object) -> str:
    return check_id(value, "clause")


def _guard_state(value: object) -> ClauseStateName:
    return choice(value, get_args(ClauseStateName), "state")  # type: ignore[return-value]


@attrs.frozen(kw_only=True)
class InState:
    """A guard: the obligation or power `clause` is in `state` at the moment it is read.

    Used as a [`Power`][dealterms.Power]'s `created_if`: when the power's `created_by`
    event happens, the power is created only if the guard holds at that moment (after
    the same day's earlier transitions). A guard that does not hold leaves the power not
    created, and the snapshot says why. An explicit `trigger` event in the log records a
    creation that happened and is not guarded.

    Attributes:
        clause: The id of an obligation or power of the same lifecycle (`"delivery"`).
        state: The state it must be in ([`ClauseStateName`][dealterms.ClauseStateName]);
            [`Lifecycle`][dealterms.Lifecycle] checks it is one that kind of clause has.

    Raises:
        InvalidValueError: for a malformed id or an unknown state.

    Source: Symboleo's meat sale: the power to resume delivery arises when the late
    payment is made *while delivery is suspended* (public case #23a).

    Example:
        >>> InState(clause="delivery", state="suspended").describe()
        'delivery is suspended'
    """

    clause: str = attrs.field(converter=_guard_clause)
    state: ClauseStateName = attrs.field(converter=_guard_state)

    def describe(self) -> str:
        """The guard in words: `"delivery is suspended"`."""
        return f"{self.clause} is {self.state.replace('_', ' ')}"


def _created_if(value: object) -> InState | None:
    if value is None or isinstance(value, InState):
        return value
    raise InvalidValueError(
        f"created_if must be an InState guard or None, got {type(value).__name__} {value!r}",
        path="$.created_if",
        expected="InState(clause=..., state=...) or None",
        got=value,
    )


def _effect(value: object) -> PowerEffect:
    return choice(value, get_args(PowerEffect), "effect")  # type: ignore[return-value]


def _target(value: object) -> str | None:
    return None if value is None else check_id(value, "target")


@attrs.frozen(kw_only=True)
class Power(ClauseBase):
    """A power used as a remedy: its exercise suspends, resumes, terminates or creates.

    While in effect it confers the holder's **power** and the counterparty's correlative
    **liability**. A power is consumed by its exercise (Symboleo: exerted = successful
    termination); exercising it again is refused by [`Lifecycle`][dealterms.Lifecycle].

    Unlike a [`Trigger`][dealterms.Trigger], whose power arises when a condition over
    facts holds and ends clauses in the evaluator, a `Power` arises from an event in the
    contract's own lifecycle (typically another obligation's violation) and acts on that
    lifecycle.

    Attributes:
        holder: Party id who may exercise it.
        counterparty: Party id liable to it.
        effect: What the exercise does ([`PowerEffect`][dealterms.PowerEffect]).
        target: The obligation it suspends, resumes or creates; `None` (and only `None`)
            for `"terminate_contract"`.
        created_by: The event that brings the power into being (e.g.
            `"payment.violated"`), or `None` for the contract's start.
        takes_effect: The event that puts it in effect, or `None`: at once.
        deadline: By when it may be exercised, or `None`; after the last day the power
            expires (unsuccessful termination).
        created_if: A guard read when `created_by` happens ([`InState`][dealterms.InState]),
            or `None` (default): created unconditionally. With a guard that does not hold
            then, the power is not created (public case #23a: resume delivery only if it
            was suspended).

    Raises:
        InvalidValueError: for malformed ids, an unknown effect, a missing or extra
            target, the same party on both sides, a power that targets itself, or a
            guard on the power itself.

    Source: Symboleo's powers in the meat-sale and transactive-energy contracts
    (public cases #22–#24).
    """

    kind: ClassVar[str] = "power"
    holder: str = attrs.field(converter=check_id)
    counterparty: str = attrs.field(converter=check_id)
    effect: PowerEffect = attrs.field(converter=_effect)
    target: str | None = attrs.field(default=None, converter=_target)
    created_by: str | None = attrs.field(default=None, converter=_trigger)
    takes_effect: str | None = attrs.field(default=None, converter=_takes_effect)
    deadline: Deadline | None = attrs.field(default=None, converter=_deadline)
    created_if: InState | None = attrs.field(default=None, converter=_created_if)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "holder", self.holder
        yield "counterparty", self.counterparty

    def problems(self) -> list[InvalidValueError]:
        problems = distinct_parties(self.holder, self.counterparty, ("holder", "counterparty"))
        wants_target = self.effect != "terminate_contract"
        if wants_target != (self.target is not None):
            problems.append(
                InvalidValueError(
                    f"effect {self.effect!r} "
                    + ("needs a target obligation" if wants_target else "takes no target"),
                    path="$.target",
                    expected="an obligation id" if wants_target else "None",
                    got=self.target,
                )
            )
        if self.target == self.id:
            problems.append(
                InvalidValueError(
                    f"power {self.id!r} targets itself",
                    path="$.target",
                    expected="the id of an obligation",
                    got=self.target,
                )
            )
        if self.created_if is not None and self.created_if.clause == self.id:
            problems.append(
                InvalidValueError(
                    f"power {self.id!r} is guarded by its own state",
                    path="$.created_if.clause",
                    expected="the id of another obligation or power",
                    got=self.created_if.clause,
                )
            )
        own = _own_events(self.id, self.created_by, self.takes_effect)
        return problems + _self_reference(self.id, own)

    def clause_refs(self) -> Iterator[tuple[str, str]]:
        yield from lifecycle_refs(self)
        if self.target is not None:
            yield "target", self.target
        if self.created_if is not None:
            yield "created_if.clause", self.created_if.clause

    def describe_effect(self) -> str:
        """What the exercise does, in words: `"suspend obligation delivery"`."""
        match self.effect:
            case "terminate_contract":
                return "terminate the contract"
            case "suspend_obligation":
                return f"suspend obligation {self.target}"
            case "resume_obligation":
                return f"resume obligation {self.target}"
            case _:
                return f"create obligation {self.target}"

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.POWER,
                holder=self.holder,
                counterparty=self.counterparty,
                action=self.id,
                conduct="perform",
                template="{holder} has the power to "
                + self.describe_effect()
                + " ({counterparty} is liable to it)",
            ),
        )
