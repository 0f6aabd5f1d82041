"""The normative runtime: obligations, powers and the contract, replayed from an event log.

[`Lifecycle`][dealterms.Lifecycle] holds a contract's [`Obligation`][dealterms.Obligation]s
and [`Power`][dealterms.Power]s and its start date; [`Lifecycle.replay`][dealterms.Lifecycle.replay]
reads a log of dated events and returns, for any date, the state of each obligation, each
power and the contract, each with the step that put it there, in words.

The rules are Symboleo's (public case #25), at calendar-day granularity:

* An obligation or power is **created** by its `created_by` event (or the contract's
  start) and is **in effect** at once, or when its `takes_effect` event happens.
* Obligation: in effect → suspended → in effect; in effect → **fulfilled** or **violated**;
  created, in effect or suspended → **discharged** or **terminated**. A deadline that
  passes while the obligation is in effect violates it (on the day after its last day);
  one that passes while it is still created (not yet in effect) **discharges** it, which is
  not a violation. While suspended, the deadline waits: an obligation resumed after its
  last day has the resumption day to perform.
* Power: in effect → **exerted** (its exercise consumes it: successful termination);
  created or in effect → **expired**; created, in effect or suspended → **terminated**.
* Contract: form → in effect (on `start`, or an `activate` event) ⇄ suspended →
  **successfully terminated**, **unsuccessfully terminated** or **rescinded**. Termination
  (any way) terminates every obligation and power still pending.
* A violation creates the clauses whose `created_by` is `"<id>.violated"` (its remedies);
  a violation that creates none ends the contract unsuccessfully.
* The contract succeeds once no obligation is pending (created, in effect or suspended),
  at least one was fulfilled, and every violated obligation was remedied (an obligation
  created, directly or through a power, by its violation was fulfilled). With a violation
  left unremedied, it waits while a power is pending and otherwise ends unsuccessfully.
  Under the `"nothing_creatable"` `CompletionPolicy` (a deal's lifecycle) it also waits
  while an obligation not yet created can still be, until the term's `end`.
* No transition leaves a final state.

An event that the rules do not allow on its date (paying before the obligation exists, a
second demand, exercising a consumed power) raises
[`InvalidTransitionError`][dealterms.exceptions.InvalidTransitionError] naming the event:
a log is a record of what happened, so one that cannot have happened is bad input.

Order: events are replayed by date. Within a day, the log is put in a canonical order
(business events, then `activate`, `trigger`, `resume`, `fulfil`, `violate`, `exert`,
`suspend`, `expire`, `discharge`, `terminate`, `rescind`; then by target and name), and
the first event in that order that the rules allow is applied, again and again, so a
same-day chain (violate, then exercise the remedy it created) works in any given order.
The result never depends on the order the log is given in.
"""

from __future__ import annotations

import enum
import heapq
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal, TypeAlias, get_args

import attrs

from dealterms._checks import choice, items, source_field
from dealterms._clauses.obligation import LIFECYCLE_WORDS, InState, Obligation, Power
from dealterms._party import check_id
from dealterms._state import Event
from dealterms._time import _optional_date_field, parse_date
from dealterms.exceptions import (
    DuplicateIdError,
    InvalidTransitionError,
    InvalidValueError,
    UnknownReferenceError,
)

if TYPE_CHECKING:
    from dealterms._deal import ClauseVersion, Deal
    from dealterms._entitlement import Position

__all__ = [
    "CompletionPolicy",
    "ConstraintPolicy",
    "ContractState",
    "DueBefore",
    "Lifecycle",
    "LifecycleAction",
    "LifecycleEvent",
    "LifecycleSnapshot",
    "LifecycleStatus",
    "LifecycleStep",
    "ObligationState",
    "PowerState",
]

LifecycleAction: TypeAlias = Literal[
    "trigger",
    "activate",
    "suspend",
    "resume",
    "fulfil",
    "violate",
    "expire",
    "exert",
    "discharge",
    "terminate",
    "rescind",
]
"""A transition a [`LifecycleEvent`][dealterms.LifecycleEvent] records (Symboleo's verbs).

`trigger` creates an obligation or power; `activate` puts it (or the contract) in effect;
`fulfil` is the obligation's performance; `exert` is a power's exercise; `rescind` applies
to the contract only; the others to any of the three.
"""

CONTRACT = "contract"
"""The subject name of the contract itself in statuses and steps."""


class ObligationState(enum.StrEnum):
    """An obligation's state (Symboleo's names in brackets).

    `CREATED` (Create: exists, not yet in effect), `IN_EFFECT` (Active/InEffect),
    `SUSPENDED` (Active/Suspension), and the final states `FULFILLED` (Fulfillment),
    `VIOLATED` (Violation), `DISCHARGED` (Discharge) and `TERMINATED`
    (UnsuccessfulTermination).
    """

    CREATED = "created"
    IN_EFFECT = "in_effect"
    SUSPENDED = "suspended"
    FULFILLED = "fulfilled"
    VIOLATED = "violated"
    DISCHARGED = "discharged"
    TERMINATED = "terminated"


class PowerState(enum.StrEnum):
    """A power's state.

    `CREATED`, `IN_EFFECT`, `SUSPENDED`, and the final states `EXERTED` (Symboleo's
    SuccessfulTermination: consumed by its exercise), `EXPIRED` and
    `TERMINATED` (both UnsuccessfulTermination).
    """

    CREATED = "created"
    IN_EFFECT = "in_effect"
    SUSPENDED = "suspended"
    EXERTED = "exerted"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class ContractState(enum.StrEnum):
    """The contract's state.

    `FORM`, `IN_EFFECT`, `SUSPENDED`, and the final states
    `SUCCESSFULLY_TERMINATED`, `UNSUCCESSFULLY_TERMINATED` and `RESCINDED`.
    """

    FORM = "form"
    IN_EFFECT = "in_effect"
    SUSPENDED = "suspended"
    SUCCESSFULLY_TERMINATED = "successfully_terminated"
    UNSUCCESSFULLY_TERMINATED = "unsuccessfully_terminated"
    RESCINDED = "rescinded"


AnyState: TypeAlias = ObligationState | PowerState | ContractState

_FINAL: frozenset[AnyState] = frozenset(
    {
        ObligationState.FULFILLED,
        ObligationState.VIOLATED,
        ObligationState.DISCHARGED,
        ObligationState.TERMINATED,
        PowerState.EXERTED,
        PowerState.EXPIRED,
        PowerState.TERMINATED,
        ContractState.SUCCESSFULLY_TERMINATED,
        ContractState.UNSUCCESSFULLY_TERMINATED,
        ContractState.RESCINDED,
    }
)
_PENDING = frozenset({"created", "in_effect", "suspended"})

# The lifecycle event each transition records, readable by `created_by`/`takes_effect`.
_SIGNALS: Mapping[str, str] = {
    "created": "triggered",
    "in_effect": "activated",
    "suspended": "suspended",
    "fulfilled": "fulfilled",
    "violated": "violated",
    "discharged": "discharged",
    "terminated": "terminated",
    "exerted": "exerted",
    "expired": "expired",
}
SIGNAL_WORDS: frozenset[str] = LIFECYCLE_WORDS
"""The lifecycle events a clause records, as `"<id>.<word>"`."""
assert frozenset(_SIGNALS.values()) | {"resumed"} == SIGNAL_WORDS

# The action each recorded word stands for: a plain event `"<id>.<word>"` in a log or a
# `State` is the `LifecycleEvent(action=<action>, target=<id>)` (one vocabulary).
WORD_ACTIONS: Mapping[str, LifecycleAction] = {
    "triggered": "trigger",
    "activated": "activate",
    "suspended": "suspend",
    "resumed": "resume",
    "fulfilled": "fulfil",
    "violated": "violate",
    "discharged": "discharge",
    "terminated": "terminate",
    "exerted": "exert",
    "expired": "expire",
}

_RANK: Mapping[str, int] = {a: i + 1 for i, a in enumerate(
    ("activate", "trigger", "resume", "fulfil", "violate", "exert", "suspend", "expire",
     "discharge", "terminate", "rescind")
)}  # fmt: skip


def _action(value: object) -> LifecycleAction:
    return choice(value, get_args(LifecycleAction), "action")  # type: ignore[return-value]


def _optional_target(value: object) -> str | None:
    return None if value is None else check_id(value, "target")


def _event_date(value: object) -> date:
    return parse_date(value, path="$.date")


def replayed(version: ClauseVersion) -> bool:
    """Whether the lifecycle replays this clause version (see `Lifecycle.from_deal`)."""
    c = version.clause
    if not isinstance(c, Obligation | Power):
        return False
    return version.introduced_by is None or c.created_by is not None


@attrs.frozen(kw_only=True)
class LifecycleEvent:
    """A dated transition of an obligation, a power or the contract, for the log.

    Business events that create clauses (a demand, a signature, an accepted bid) are plain
    [`Event`][dealterms.Event]s; these record what the parties did to the clauses.

    Attributes:
        date: The day it happened (calendar day; see the public-case tests for how
            hour-level sources map to days).
        action: The transition ([`LifecycleAction`][dealterms.LifecycleAction]).
        target: The id of the obligation or power, or `None` (default) for the contract.
        source: Who reported it; optional.

    Raises:
        InvalidValueError: for a malformed date, action or id.

    Example:
        >>> LifecycleEvent(date="2022-10-29", action="fulfil", target="payment").describe()
        'fulfil payment on 2022-10-29'
    """

    date: date = attrs.field(converter=_event_date)
    action: LifecycleAction = attrs.field(converter=_action)
    target: str | None = attrs.field(default=None, converter=_optional_target)
    source: str | None = attrs.field(default=None, converter=source_field)

    def describe(self) -> str:
        """The event in words: `"exert suspend-delivery on 2022-10-29"`."""
        return f"{self.action} {self.target or CONTRACT} on {self.date.isoformat()}"


LogEntry: TypeAlias = Event | LifecycleEvent


@attrs.frozen(kw_only=True)
class LifecycleStep:
    """One transition the replay made.

    Attributes:
        date: The day of the transition.
        subject: The clause id, or `"contract"`.
        state: The state it entered.
        because: Why, in words, naming the event or the deadline.
    """

    date: date
    subject: str
    state: AnyState
    because: str


@attrs.frozen(kw_only=True)
class LifecycleStatus:
    """The state of one obligation, power or the contract on the snapshot's date.

    Attributes:
        subject: The clause id, or `"contract"`.
        kind: `"obligation"`, `"power"` or `"contract"`.
        state: The state, or `None` for a clause not created (yet).
        since: The day it entered that state, or `None` when not created.
        because: Which event or date put it there, in words.
    """

    subject: str
    kind: Literal["obligation", "power", "contract"]
    state: AnyState | None
    since: date | None
    because: str

    @property
    def final(self) -> bool:
        """Whether the state is final: no transition leaves it."""
        return self.state in _FINAL


@attrs.frozen(kw_only=True)
class LifecycleSnapshot:
    """Every clause's and the contract's state on `as_of`, with the steps that led there.

    Attributes:
        as_of: The date of the snapshot.
        contract: The contract's status.
        clauses: The status of each obligation and power, in the lifecycle's clause order.
        steps: Every transition up to `as_of`, in the order applied.
    """

    as_of: date
    contract: LifecycleStatus
    clauses: tuple[LifecycleStatus, ...]
    steps: tuple[LifecycleStep, ...]
    _positions: tuple[Position, ...] = attrs.field(alias="_positions", repr=False)

    def status(self, subject: str) -> LifecycleStatus:
        """The status of the clause `subject`, or of the contract for `"contract"`.

        Raises:
            UnknownReferenceError: for an id that is not one of the lifecycle's clauses.
        """
        if subject == CONTRACT:
            return self.contract
        for s in self.clauses:
            if s.subject == subject:
                return s
        raise UnknownReferenceError(
            f"no obligation or power {subject!r} (known: "
            f"{', '.join(s.subject for s in self.clauses)})",
            path="subject",
            expected="an obligation or power id, or 'contract'",
            got=subject,
        )

    def state(self, subject: str) -> AnyState | None:
        """Shorthand for `status(subject).state`."""
        return self.status(subject).state

    def positions(self) -> tuple[Position, ...]:
        """The Hohfeldian positions in force: each obligation and power in effect."""
        return self._positions

    def lines(self) -> list[str]:
        """One line per subject: `"payment: fulfilled since 2022-10-29 (…)"`."""
        out = []
        for s in (self.contract, *self.clauses):
            if s.state is None:
                out.append(f"{s.subject}: {s.because}")
                continue
            since = f" since {s.since.isoformat()}" if s.since else ""
            out.append(f"{s.subject}: {_words(s.state)}{since} ({s.because})")
        return out


ConstraintPolicy: TypeAlias = Literal["enforce", "report"]
"""What a [`Lifecycle`][dealterms.Lifecycle] does with a broken [`DueBefore`][dealterms.DueBefore]:

* `"enforce"` (default): construction raises `InvalidValueError` (the spec's reading).
* `"report"`: construction succeeds and [`Lifecycle.problems`][dealterms.Lifecycle.problems]
  lists the breach (the reading of Symboleo's generated code, which does not enforce
  `Constraints`: public case #21's FLAG).
"""


CompletionPolicy: TypeAlias = Literal["nothing_pending", "nothing_creatable"]
"""When a [`Lifecycle`][dealterms.Lifecycle]'s contract succeeds.

Both readings need every obligation that exists to be final (fulfilled, violated,
discharged, terminated) and every violation remedied (otherwise the contract waits while
a power is pending, and then ends unsuccessfully). They differ on obligations not yet
created:

* `"nothing_pending"` (default for a `Lifecycle` built directly): Symboleo's rule (public
  case #25): no obligation is pending and at least one was fulfilled; an obligation not
  yet created does not count.
* `"nothing_creatable"` (what [`Lifecycle.from_deal`][dealterms.Lifecycle.from_deal]
  uses): also no obligation of the contract can still be created. An uncreated
  obligation *can still be created* when its `created_by` is a business event (an
  invoice, a demand: it may happen any day), unless a `created_by_deadline` window has
  closed; or a lifecycle event `"<id>.<word>"` of a clause that can still enter the
  state that records `<word>` (a clause not created yet: if it can itself still be
  created; a final one: never). Such an obligation keeps the contract in effect until
  the lifecycle's `end` (the deal's term end), when every obligation not created is
  discharged; from then on (or once at least one obligation was fulfilled) the contract
  succeeds with nothing pending. Without an `end` (an open-ended term) it waits as long
  as an obligation can be created.
"""


def _completion_policy(value: object) -> CompletionPolicy:
    return choice(value, get_args(CompletionPolicy), "completion")  # type: ignore[return-value]


def _constraint_id(value: object) -> str:
    return check_id(value, "earlier")


def _later_id(value: object) -> str:
    return check_id(value, "later")


@attrs.frozen(kw_only=True)
class DueBefore:
    """A constraint: obligation `earlier` falls due strictly before obligation `later`.

    Checked where both deadlines are known before any event: a fixed date, or days after
    the creation of an obligation created at the contract's start.

    Attributes:
        earlier: Id of the obligation due first (e.g. `"delivery"`).
        later: Id of the obligation due after it (e.g. `"payment"`).

    Source: Symboleo's meat-sale contract, `Constraints`: the delivery due date is before
    the payment due date (public case #21).
    """

    earlier: str = attrs.field(converter=_constraint_id)
    later: str = attrs.field(converter=_later_id)


def _constraints(value: object) -> tuple[DueBefore, ...]:
    found: tuple[DueBefore, ...] = items(value, DueBefore, "constraints")
    return found


def _constraint_policy(value: object) -> ConstraintPolicy:
    return choice(value, get_args(ConstraintPolicy), "constraint_policy")  # type: ignore[return-value]


def _clauses(value: object) -> tuple[Obligation | Power, ...]:
    found: tuple[Obligation | Power, ...] = items(value, (Obligation, Power), "clauses")
    return found


@attrs.frozen(kw_only=True)
class Lifecycle:
    """A contract's obligations and powers, ready to replay an event log.

    Attributes:
        clauses: The [`Obligation`][dealterms.Obligation]s and [`Power`][dealterms.Power]s.
        start: The day the contract takes effect (obligations and powers without
            `created_by` are created then), or `None`: the contract stays in form until a
            `LifecycleEvent(action="activate")` for the contract.
        constraints: [`DueBefore`][dealterms.DueBefore] constraints between deadlines.
        constraint_policy: What a broken constraint does
            ([`ConstraintPolicy`][dealterms.ConstraintPolicy]); default `"enforce"`.
        end: The first day after the contract's term, or `None` (default) for none known.
            On that day every obligation not yet created is discharged (not a violation);
            obligations already created run their course.
        completion: When the contract succeeds
            ([`CompletionPolicy`][dealterms.CompletionPolicy]); default
            `"nothing_pending"` (Symboleo's rule).

    Raises:
        InvalidValueError: for a broken constraint under `"enforce"`, an `end` not after
            `start` (path `$.end`), a constraint naming
            no obligation, a non-clause item, a power whose target is not one of the
            obligations, a `"create_obligation"` power whose target is not
            `created_by="<power id>.exerted"`, or a clause with its own problems.
        DuplicateIdError: for two clauses with one id.

    Source: Symboleo's runtime (public case #25); see the module notes for the rules.
    """

    clauses: tuple[Obligation | Power, ...] = attrs.field(converter=_clauses)
    start: date | None = attrs.field(default=None, converter=_optional_date_field)
    constraints: tuple[DueBefore, ...] = attrs.field(default=(), converter=_constraints)
    constraint_policy: ConstraintPolicy = attrs.field(
        default="enforce", converter=_constraint_policy
    )
    end: date | None = attrs.field(default=None, converter=_optional_date_field)
    completion: CompletionPolicy = attrs.field(
        default="nothing_pending", converter=_completion_policy
    )

    def problems(self) -> list[InvalidValueError]:
        """The broken constraints (empty if none), each naming both due dates."""
        obligations = {c.id: c for c in self.clauses if isinstance(c, Obligation)}
        found = []
        for i, k in enumerate(self.constraints):
            for name in (k.earlier, k.later):
                if name not in obligations:
                    raise UnknownReferenceError(
                        f"constraint names {name!r}, which is not an obligation here",
                        path=f"$.constraints[{i}]",
                        expected=f"one of {', '.join(obligations) or '(no obligations)'}",
                        got=name,
                    )
            first = _static_due(obligations[k.earlier], self.start)
            second = _static_due(obligations[k.later], self.start)
            if first is not None and second is not None and not first < second:
                found.append(
                    InvalidValueError(
                        f"{k.earlier} is due {first.isoformat()}, not before {k.later}, due "
                        f"{second.isoformat()}",
                        path=f"$.constraints[{i}]",
                        expected=f"{k.earlier} due before {k.later}",
                        got=k,
                    )
                )
        return found

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise InvalidValueError(
                f"end={self.end} is not after start={self.start}",
                path="$.end",
                expected=f"a date after {self.start}",
                got=self.end,
            )
        broken = self.problems()
        if broken and self.constraint_policy == "enforce":
            raise broken[0]
        seen: set[str] = set()
        obligations = {c.id: c for c in self.clauses if isinstance(c, Obligation)}
        for i, c in enumerate(self.clauses):
            where = f"$.clauses[{i}]"
            if c.id in seen:
                raise DuplicateIdError(
                    f"two clauses have the id {c.id!r}", path=where, expected="unique ids", got=c.id
                )
            seen.add(c.id)
            for problem in c.problems():
                raise problem.at(where)
            if isinstance(c, Power) and c.created_if is not None:
                _check_guard(c.created_if, self.clauses, f"{where}.created_if")
            if isinstance(c, Power) and c.target is not None:
                target = obligations.get(c.target)
                if target is None:
                    raise UnknownReferenceError(
                        f"power {c.id!r} targets {c.target!r}, which is not an obligation here",
                        path=f"{where}.target",
                        expected=f"one of {', '.join(obligations) or '(no obligations)'}",
                        got=c.target,
                    )
                wanted = f"{c.id}.exerted"
                if c.effect == "create_obligation" and target.created_by != wanted:
                    raise InvalidValueError(
                        f"power {c.id!r} creates obligation {c.target!r}, so that obligation "
                        f"needs created_by={wanted!r}, not {target.created_by!r}",
                        path=f"{where}.target",
                        expected=f"an obligation with created_by={wanted!r}",
                        got=c.target,
                    )

    @classmethod
    def from_deal(cls, deal: Deal) -> Lifecycle:
        """The deal's obligations and powers (the latest version of each), over its term.

        An obligation or power an amendment adds (or replaces) is replayed only if an event
        creates it (`created_by`): the replay has one start, the term's, and a clause created
        "at the start" by an amendment would be created too early. Such a clause is read by
        its term and conditions alone.

        The lifecycle starts on the term's effective date and ends (`end`) on the term's
        [`end`][dealterms.Term.end] (`None` for an open-ended term), under the
        `"nothing_creatable"` [`CompletionPolicy`][dealterms.CompletionPolicy]: the
        contract does not succeed while an obligation of the deal can still be created.
        """
        latest: dict[str, Obligation | Power] = {}
        for v in deal.history:
            if replayed(v):
                latest[v.clause.id] = v.clause  # type: ignore[assignment]
        clauses = tuple(latest.values())
        return cls(
            clauses=clauses,
            start=deal.term.effective_date,
            end=deal.term.end,
            completion="nothing_creatable",
        )

    def replay(self, events: Iterable[LogEntry], *, as_of: date | str) -> LifecycleSnapshot:
        """Every state on `as_of`, from the events on or before it.

        Args:
            events: [`Event`][dealterms.Event]s (business events that create clauses) and
                [`LifecycleEvent`][dealterms.LifecycleEvent]s, in any order; later ones
                than `as_of` are ignored.
            as_of: The day to report (a `date` or ISO text).

        Returns:
            A [`LifecycleSnapshot`][dealterms.LifecycleSnapshot].

        Raises:
            InvalidValueError: for a log item of another type, or a malformed `as_of`.
            InvalidTransitionError: for an event the rules do not allow on its date;
                the error names the event and says why.
        """
        day = parse_date(as_of, path="as_of")
        return self._replay(items(events, (Event, LifecycleEvent), "events"), day, strict=True)

    def _replay(
        self, given: Iterable[LogEntry], day: date, *, strict: bool, plain: bool = False
    ) -> LifecycleSnapshot:
        """The replay, strict or lenient, indexed or plain.

        `strict=False` skips the events the rules do not allow (evaluate); `plain=True`
        uses the plain reference replay (same answers, quadratic).
        """
        ids = {c.id for c in self.clauses}
        log = [lifecycle_entry(e, ids) for e in given]
        positions = {id(e): i for i, e in enumerate(log)}
        runtime = (_PlainRuntime if plain else _Runtime)(self, positions, strict=strict)
        runtime.run(sorted((e for e in log if e.date <= day), key=_canonical), day)
        return runtime.snapshot(day)


def lifecycle_entry(e: LogEntry, ids: Iterable[str] | Mapping[str, object]) -> LogEntry:
    """`e`, or for a plain event `"<id>.<word>"` of a clause in `ids`, its `LifecycleEvent`.

    `"q1-payment.fulfilled"` is `LifecycleEvent(action="fulfil", target="q1-payment")`:
    the names the replay records for a clause's transitions are also how a plain event
    reports them (see `WORD_ACTIONS`).
    """
    if not isinstance(e, Event):
        return e
    head, _, word = e.name.rpartition(".")
    action = WORD_ACTIONS.get(word)
    if action is None or head not in ids:
        return e
    return LifecycleEvent(date=e.date, action=action, target=head, source=e.source)


def _check_guard(guard: InState, clauses: tuple[Obligation | Power, ...], where: str) -> None:
    by_id = {c.id: c for c in clauses}
    other = by_id.get(guard.clause)
    if other is None:
        raise UnknownReferenceError(
            f"guard names {guard.clause!r}, which is not an obligation or power here",
            path=f"{where}.clause",
            expected=f"one of {', '.join(by_id)}",
            got=guard.clause,
        )
    states = [s.value for s in (PowerState if isinstance(other, Power) else ObligationState)]
    if guard.state not in states:
        raise InvalidValueError(
            f"{other.kind} {other.id!r} is never {guard.state!r}",
            path=f"{where}.state",
            expected=f"one of {', '.join(states)}",
            got=guard.state,
        )


def _static_due(o: Obligation, start: date | None) -> date | None:
    """The due date known before any event, or `None`."""
    if o.deadline is None:
        return None
    if o.deadline.on is not None:
        return o.deadline.on
    if o.deadline.after is None and o.created_by is None and start is not None:
        return o.deadline.due(start)
    return None


def _canonical(e: LogEntry) -> tuple[date, int, str, str]:
    if isinstance(e, Event):
        return (e.date, 0, e.name, e.source or "")
    return (e.date, _RANK[e.action], e.target or "", e.source or "")


@attrs.define
class _Entry:
    state: AnyState
    since: date
    because: str
    last_day: date | None = None  # the deadline's last day, once it is known


class _PlainRuntime:
    """The plain replay: the rules read directly, rescanning every clause (the reference).

    `_Runtime` gives the same answers with indexes; this one is kept as the reference
    the property tests and the benchmark compare it with.
    """

    def __init__(self, lc: Lifecycle, positions: Mapping[int, int], *, strict: bool) -> None:
        self.lc = lc
        self.strict = strict
        self.by_id = {c.id: c for c in lc.clauses}
        self.positions = positions
        self.entries: dict[str, _Entry] = {}
        self.contract = _Entry(ContractState.FORM, date.min, "the contract is in form")
        self.contract_since: date | None = None
        self.happened: dict[str, date] = {}
        self.steps: list[LifecycleStep] = []
        self.unmet: dict[str, str] = {}  # powers whose guard failed: why
        self.term_discharged: set[str] = set()  # obligations discharged by the term's end
        self.today = date.min  # the day `check_completion` looks at

    # -- the replay ------------------------------------------------------------------

    # -- hooks the indexed replay overrides -----------------------------------------------

    def insert(self, cid: str, entry: _Entry) -> None:
        self.entries[cid] = entry

    def set_last_day(self, cid: str, last: date | None) -> None:
        self.entries[cid].last_day = last

    def watching(self, name: str) -> Iterable[Obligation | Power]:
        """The clauses that may react to the signal `name`, in clause order."""
        return self.lc.clauses

    def created_under(self, prefix: str) -> Iterable[Obligation | Power]:
        """The clauses whose `created_by` starts with `prefix` (which ends in a dot)."""
        return [c for c in self.lc.clauses if c.created_by and c.created_by.startswith(prefix)]

    def made_by(self, name: str) -> list[Obligation | Power]:
        """The clauses `name` creates, in clause order."""
        return [x for x in self.lc.clauses if x.created_by == name]

    def run(self, log: list[LogEntry], as_of: date) -> None:
        marks = {d for d in (self.lc.start, self.lc.end) if d is not None}
        days = sorted({e.date for e in log} | marks)
        for day in (d for d in days if d <= as_of):
            self.tick(day)
            if day == self.lc.start and self.contract.state is ContractState.FORM:
                self.activate_contract(day, f"the contract's start on {day.isoformat()}")
            if day == self.lc.end:
                self.end_term(day)
            self.run_day([e for e in log if e.date == day])
        self.tick(as_of)

    def run_day(self, pending: list[LogEntry]) -> None:
        """Apply the day's events (in canonical order): the first allowed, again and again."""
        while pending:
            for i, e in enumerate(pending):
                if self.why_not(e) is None:
                    self.apply(e)
                    del pending[i]
                    break
            else:
                if not self.strict:
                    break  # evaluate: an event the rules do not allow changes nothing
                raise self.refused(pending[0])

    def refused(self, first: LogEntry) -> InvalidTransitionError:
        where = self.positions.get(id(first))
        return InvalidTransitionError(
            f"{_describe(first)} is not allowed: {self.why_not(first)}",
            path="" if where is None else f"$.events[{where}]",
            expected="an event the lifecycle allows on that date",
            got=first,
        )

    def tick(self, day: date) -> None:
        """Deadlines whose last day is before `day` run out, earliest first."""
        while True:
            due = [
                (entry.last_day + timedelta(days=1), n, cid)
                for n, (cid, entry) in enumerate(self.entries.items())
                if entry.last_day is not None
                and entry.last_day < day
                and entry.state.value in ("created", "in_effect")
            ]
            if not due:
                return
            when, _, cid = min(due)
            self.run_out(cid, when)

    def run_out(self, cid: str, when: date) -> None:
        """The deadline of `cid` (created or in effect) ran out on `when`."""
        entry = self.entries[cid]
        last = entry.last_day
        assert last is not None
        clause = self.by_id[cid]
        words = f"its deadline ({last.isoformat()} was the last day) passed"
        if isinstance(clause, Power):
            self.move(cid, PowerState.EXPIRED, when, f"expired on {when}: {words} unused")
        elif entry.state is ObligationState.CREATED:
            self.move(
                cid,
                ObligationState.DISCHARGED,
                when,
                f"discharged on {when}: {words} before it took effect (not a violation)",
            )
        else:
            self.violate(cid, when, f"violated on {when}: {words} without performance")
        self.check_completion(when)

    # -- checks -----------------------------------------------------------------------

    def why_not(self, e: LogEntry) -> str | None:
        """Why `e` cannot happen now, or `None` if it can."""
        c = self.contract.state
        if isinstance(e, Event):
            made = self.made_by(e.name)
            if not made:
                return None
            if c is not ContractState.IN_EFFECT and c is not ContractState.SUSPENDED:
                return f"it would create {made[0].id}, but the contract is {_words(c)}"
            for x in made:
                if x.id in self.term_discharged:
                    return f"{x.id} was discharged when the term ended on {_iso(self.lc.end)}"
                if x.id in self.entries:
                    first = self.happened.get(e.name)
                    return (
                        f"{x.id} was already created by {e.name!r}"
                        + (f" on {first.isoformat()}" if first else "")
                        + f" (a second {e.name!r})"
                    )
            return None
        if c in _FINAL:
            return f"the contract is {_words(c)} since {self.contract.since.isoformat()}"
        if e.target is None:
            allowed = {
                "activate": (ContractState.FORM,),
                "suspend": (ContractState.IN_EFFECT,),
                "resume": (ContractState.SUSPENDED,),
                "terminate": (ContractState.IN_EFFECT, ContractState.SUSPENDED),
                "rescind": (ContractState.IN_EFFECT, ContractState.SUSPENDED),
            }.get(e.action)
            if allowed is None:
                return f"{e.action!r} applies to an obligation or power, not the contract"
            if c not in allowed:
                return f"the contract is {_words(c)}"
            return None
        clause = self.by_id.get(e.target)
        if clause is None:
            return f"there is no obligation or power {e.target!r}"
        if c is ContractState.FORM:
            return "the contract is not yet in effect"
        entry = self.entries.get(e.target)
        table = _POWER_MOVES if isinstance(clause, Power) else _OBLIGATION_MOVES
        if e.action not in table:
            return f"{e.action!r} does not apply to {clause.kind} {e.target!r}"
        if entry is None:
            if e.action == "trigger":
                return None
            return f"{clause.kind} {e.target!r} has not been created" + _waiting(clause)
        if e.action == "trigger":
            return f"{clause.kind} {e.target!r} was already created on {_when(entry)}"
        if entry.state.value not in table[e.action][0]:
            return f"{clause.kind} {e.target!r} is {_words(entry.state)} since {_when(entry)}"
        if isinstance(clause, Power) and e.action == "exert":
            return self.why_not_effect(clause)
        return None

    def why_not_effect(self, power: Power) -> str | None:
        target = power.target
        if target is None:
            return None
        entry = self.entries.get(target)
        need = {
            "suspend_obligation": ("in_effect",),
            "resume_obligation": ("suspended",),
            "create_obligation": (),
        }[power.effect]
        if power.effect == "create_obligation":
            return None if entry is None else f"obligation {target!r} already exists"
        if entry is None or entry.state.value not in need:
            state = "not created" if entry is None else _words(entry.state)
            return f"its effect needs obligation {target!r} {_words_of(need[0])}, but it is {state}"
        return None

    # -- transitions ------------------------------------------------------------------

    def apply(self, e: LogEntry) -> None:
        self.transition(e)
        self.check_completion(e.date)

    def transition(self, e: LogEntry) -> None:
        if isinstance(e, Event):
            self.signal(e.name, e.date, f"event {e.name!r} on {e.date.isoformat()}")
            return
        why = f"{e.describe()}" + (f" ({e.source})" if e.source else "")
        if e.target is None:
            match e.action:
                case "activate":
                    self.activate_contract(e.date, why)
                case "suspend":
                    self.set_contract(ContractState.SUSPENDED, e.date, f"suspended: {why}")
                case "resume":
                    self.set_contract(ContractState.IN_EFFECT, e.date, f"resumed: {why}")
                case "terminate":
                    self.end_contract(ContractState.UNSUCCESSFULLY_TERMINATED, e.date, why)
                case _:
                    self.end_contract(ContractState.RESCINDED, e.date, why)
            return
        cid = e.target
        clause = self.by_id[cid]
        table = _POWER_MOVES if isinstance(clause, Power) else _OBLIGATION_MOVES
        if e.action == "trigger":
            self.create(clause, e.date, why)
            return
        if e.action == "violate":
            self.violate(cid, e.date, f"violated: {why}")
            return
        new = table[e.action][1]
        if e.action == "resume":
            entry = self.entries[cid]
            if entry.last_day is not None and entry.last_day < e.date:
                self.set_last_day(cid, e.date)
        self.move(cid, new, e.date, f"{_words(new)}: {why}", signal=e.action != "resume")
        if e.action == "resume":
            self.signal(f"{cid}.resumed", e.date, f"{cid} resumed")
        if isinstance(clause, Power) and e.action == "exert":
            self.exert_effect(clause, e.date)

    def activate_contract(self, day: date, why: str) -> None:
        self.set_contract(ContractState.IN_EFFECT, day, f"in effect from {why}")
        self.signal("contract.activated", day, "the contract took effect")
        for clause in self.lc.clauses:
            if (
                clause.created_by is None
                and clause.id not in self.entries
                and self.guard_holds(clause, day, "the contract's start")
            ):
                self.create(clause, day, f"the contract's start ({day.isoformat()})")

    def set_contract(self, state: ContractState, day: date, why: str) -> None:
        self.contract = _Entry(state, day, why)
        self.steps.append(LifecycleStep(date=day, subject=CONTRACT, state=state, because=why))

    def end_contract(self, state: ContractState, day: date, why: str) -> None:
        self.set_contract(state, day, f"{_words(state)} on {day.isoformat()}: {why}")
        for cid, entry in list(self.entries.items()):
            if entry.state.value in _PENDING:
                clause = self.by_id[cid]
                dead = (
                    PowerState.TERMINATED
                    if isinstance(clause, Power)
                    else ObligationState.TERMINATED
                )
                self.move(
                    cid, dead, day, f"terminated on {day.isoformat()} with the contract ({why})"
                )

    def create(self, clause: Obligation | Power, day: date, why: str) -> None:
        window = clause.created_by_deadline if isinstance(clause, Obligation) else None
        if window is not None:
            ref = self.reference(window.after) or self.lc.start or day
            last = window.last_day(ref)
            if day > last:
                since = window.after or "the contract's start"
                if window.on is not None:
                    late = f"came after {window.on.isoformat()}"
                else:
                    late = f"came {(day - ref).days} days after {since} ({ref.isoformat()})"
                self.insert(clause.id, _Entry(ObligationState.DISCHARGED, day, ""))
                self.move(
                    clause.id,
                    ObligationState.DISCHARGED,
                    day,
                    f"not required: {why} {late}, later than allowed "
                    f"({window.describe()}); discharged on {day.isoformat()}",
                )
                return
        created = ObligationState.CREATED if isinstance(clause, Obligation) else PowerState.CREATED
        self.insert(clause.id, _Entry(created, day, ""))
        self.move(clause.id, created, day, f"created on {day.isoformat()} by {why}")
        self.set_last_day(clause.id, self.deadline(clause, day))
        if clause.takes_effect is None:
            self.activate(clause.id, day, f"in effect on {day.isoformat()}: {why}")
        elif clause.takes_effect in self.happened:
            when = self.happened[clause.takes_effect]
            self.activate(clause.id, day, f"in effect: {clause.takes_effect!r} happened on {when}")

    def guard_holds(self, clause: Obligation | Power, day: date, cause: str) -> bool:
        """Whether `clause`'s `created_if` guard holds now; if not, remember why."""
        guard = clause.created_if if isinstance(clause, Power) else None
        if guard is None:
            return True
        entry = self.entries.get(guard.clause)
        if entry is not None and entry.state.value == guard.state:
            self.unmet.pop(clause.id, None)
            return True
        now = "not created" if entry is None else _words(entry.state)
        self.unmet[clause.id] = (
            f"not created: {cause} happened on {day.isoformat()}, but only if "
            f"{guard.describe()}, and it was {now}"
        )
        return False

    def activate(self, cid: str, day: date, why: str) -> None:
        clause = self.by_id[cid]
        state = PowerState.IN_EFFECT if isinstance(clause, Power) else ObligationState.IN_EFFECT
        self.move(cid, state, day, why)

    def reference(self, after: str | None) -> date | None:
        return None if after is None else self.happened.get(after)

    def deadline(self, clause: Obligation | Power, created: date) -> date | None:
        if clause.deadline is None:
            return None
        if clause.deadline.after is None:
            return clause.deadline.last_day(created)
        ref = self.reference(clause.deadline.after)
        return None if ref is None else clause.deadline.last_day(ref)

    def move(self, cid: str, state: AnyState, day: date, why: str, *, signal: bool = True) -> None:
        entry = self.entries[cid]
        entry.state, entry.since, entry.because = state, day, why
        self.steps.append(LifecycleStep(date=day, subject=cid, state=state, because=why))
        if signal:
            self.signal(f"{cid}.{_SIGNALS[state.value]}", day, f"{cid} {_words(state)}")

    def violate(self, cid: str, day: date, why: str) -> None:
        self.move(cid, ObligationState.VIOLATED, day, why)
        name = f"{cid}.violated"
        if not self.made_by(name):
            self.end_contract(
                ContractState.UNSUCCESSFULLY_TERMINATED,
                day,
                f"obligation {cid} was violated and its violation gives rise to no remedy",
            )

    def exert_effect(self, power: Power, day: date) -> None:
        why = f"power {power.id} exerted on {day.isoformat()}"
        target = power.target
        match power.effect:
            case "terminate_contract":
                self.end_contract(ContractState.UNSUCCESSFULLY_TERMINATED, day, why)
            case "suspend_obligation":
                assert target is not None
                self.move(target, ObligationState.SUSPENDED, day, f"suspended: {why}")
            case "resume_obligation":
                assert target is not None
                entry = self.entries[target]
                if entry.last_day is not None and entry.last_day < day:
                    self.set_last_day(target, day)
                self.move(target, ObligationState.IN_EFFECT, day, f"resumed: {why}", signal=False)
                self.signal(f"{target}.resumed", day, f"{target} resumed")
            case _:
                pass  # the target is created by the "<power>.exerted" signal

    def signal(self, name: str, day: date, why: str) -> None:
        """Record `name` and create or activate the clauses waiting for it."""
        self.happened.setdefault(name, day)
        if self.contract.state in _FINAL:
            return
        for clause in self.watching(name):
            entry = self.entries.get(clause.id)
            if entry is None and clause.created_by == name:
                if self.guard_holds(clause, day, repr(name)):
                    self.create(clause, day, why)
            elif (
                entry is not None and entry.state.value == "created" and clause.takes_effect == name
            ):
                self.activate(clause.id, day, f"in effect on {day.isoformat()}: {why}")
            if (
                entry is not None
                and entry.last_day is None
                and entry.state.value in _PENDING
                and clause.deadline is not None
                and clause.deadline.after == name
            ):
                self.set_last_day(clause.id, clause.deadline.last_day(day))

    def end_term(self, day: date) -> None:
        """The term ends: every obligation not created is discharged (not a violation)."""
        if self.contract.state not in (ContractState.IN_EFFECT, ContractState.SUSPENDED):
            return
        for clause in self.lc.clauses:
            if isinstance(clause, Obligation) and clause.id not in self.entries:
                self.term_discharged.add(clause.id)
                self.insert(clause.id, _Entry(ObligationState.DISCHARGED, day, ""))
                self.move(
                    clause.id,
                    ObligationState.DISCHARGED,
                    day,
                    f"discharged on {day.isoformat()}: the term ended before it was created"
                    + _waiting(clause),
                )
        self.check_completion(day)

    def creatable(self) -> str | None:
        """An obligation not created that can still be, or `None` (see `CompletionPolicy`)."""
        for clause in self.lc.clauses:
            if (
                isinstance(clause, Obligation)
                and clause.id not in self.entries
                and self.can_create(clause, set())
            ):
                return clause.id
        return None

    def can_create(self, clause: Obligation | Power, seen: set[str]) -> bool:
        """Whether `clause`, not created, can still be created (cycles: no)."""
        if clause.id in seen:
            return False
        seen.add(clause.id)
        name = clause.created_by
        if name is None:
            return False  # created when the contract took effect, or never
        window = clause.created_by_deadline if isinstance(clause, Obligation) else None
        if window is not None and (window.after is None or window.after in self.happened):
            ref = self.reference(window.after) or self.lc.start
            if ref is not None and window.last_day(ref) < self.today:
                return False  # it would be discharged at once
        head, _, word = name.rpartition(".")
        if head == CONTRACT:
            return False  # the contract's start has happened (it is in effect)
        source = self.by_id.get(head)
        if source is None or word not in SIGNAL_WORDS:
            return True  # a business event: it may happen any day
        entry = self.entries.get(head)
        if entry is None:
            return self.can_create(source, seen)
        live = _STILL_SIGNALS.get((isinstance(source, Power), entry.state.value), frozenset())
        return word in live

    def check_completion(self, day: date) -> None:
        if self.contract.state is not ContractState.IN_EFFECT:
            return
        pending, fulfilled, total, violated = self.tally()
        if pending:
            return
        term_over = self.lc.end is not None and day >= self.lc.end
        self.today = day
        if (
            self.lc.completion == "nothing_creatable"
            and not term_over
            and self.creatable() is not None
        ):
            return
        if fulfilled == 0 and not (self.lc.completion == "nothing_creatable" and term_over):
            return
        unremedied = [
            cid
            for cid in violated
            if not any(
                (r in self.entries and self.entries[r].state is ObligationState.FULFILLED)
                for r in self.remedies(f"{cid}.")
            )
        ]
        if not unremedied:
            why = "no obligation is pending and every one in effect was fulfilled" + (
                " or its violation remedied" if fulfilled < total else ""
            )
            if self.lc.completion == "nothing_creatable":
                why += (
                    f"; the term ended on {_iso(self.lc.end)}"
                    if term_over
                    else "; no obligation can still be created"
                )
            self.end_contract(ContractState.SUCCESSFULLY_TERMINATED, day, why)
            return
        if not self.powers_pending():
            self.end_contract(
                ContractState.UNSUCCESSFULLY_TERMINATED,
                day,
                f"the violation of {', '.join(unremedied)} was never remedied",
            )

    def tally(self) -> tuple[bool, int, int, list[str]]:
        """Pending?, fulfilled and existing obligation counts, violated ids in clause order."""
        obligations = [c for c in self.lc.clauses if isinstance(c, Obligation)]
        states = {c.id: self.entries[c.id].state for c in obligations if c.id in self.entries}
        pending = any(s.value in _PENDING for s in states.values())
        fulfilled = sum(s is ObligationState.FULFILLED for s in states.values())
        violated = [cid for cid, s in states.items() if s is ObligationState.VIOLATED]
        return pending, fulfilled, len(states), violated

    def powers_pending(self) -> bool:
        return any(
            self.entries[p.id].state.value in _PENDING
            for p in self.lc.clauses
            if isinstance(p, Power) and p.id in self.entries
        )

    def remedies(self, prefix: str) -> Iterator[str]:
        """Ids of the clauses created, directly or in a chain, by events starting `prefix`."""
        todo, seen = [prefix], set()
        while todo:
            p = todo.pop()
            for c in self.created_under(p):
                if c.id not in seen:
                    seen.add(c.id)
                    todo.append(f"{c.id}.")
                    yield c.id

    # -- the answer -------------------------------------------------------------------

    def snapshot(self, as_of: date) -> LifecycleSnapshot:
        statuses = []
        positions: list[Position] = []
        for clause in self.lc.clauses:
            kind: Literal["obligation", "power"] = (
                "power" if isinstance(clause, Power) else "obligation"
            )
            entry = self.entries.get(clause.id)
            if entry is None:
                statuses.append(
                    LifecycleStatus(
                        subject=clause.id,
                        kind=kind,
                        state=None,
                        since=None,
                        because=self.unmet.get(clause.id, "not created" + _waiting(clause)),
                    )
                )
                continue
            statuses.append(
                LifecycleStatus(
                    subject=clause.id,
                    kind=kind,
                    state=entry.state,
                    since=entry.since,
                    because=entry.because,
                )
            )
            if entry.state.value == "in_effect":
                positions.extend(clause.positions())
        c = self.contract
        contract = LifecycleStatus(
            subject=CONTRACT,
            kind="contract",
            state=c.state,
            since=None if c.state is ContractState.FORM else c.since,
            because=c.because,
        )
        return LifecycleSnapshot(
            as_of=as_of,
            contract=contract,
            clauses=tuple(statuses),
            steps=tuple(self.steps),
            _positions=tuple(positions),
        )


class _Runtime(_PlainRuntime):
    """The replay `Lifecycle.replay` uses: `_PlainRuntime`'s rules, near-linear.

    Indexes replace the plain replay's rescans: the clauses each event name concerns
    (`created_by`, `takes_effect`, `deadline.after`, and `created_by` prefixes for
    remedies), a heap of running deadlines (stale items skipped when popped), counts of
    obligations by state, the events of a day grouped once, and within a day a heap of
    the events to (re)try: an event the rules refuse waits until a transition touches a
    clause its check reads (its target, the target's target, the clauses it creates) or
    the contract. The first allowed event in canonical order is still the one applied.
    """

    def __init__(self, lc: Lifecycle, positions: Mapping[int, int], *, strict: bool) -> None:
        super().__init__(lc, positions, strict=strict)
        self.order = {c.id: i for i, c in enumerate(lc.clauses)}
        watch: dict[str, set[int]] = {}
        made: dict[str, list[Obligation | Power]] = {}
        under: dict[str, list[Obligation | Power]] = {}
        for i, c in enumerate(lc.clauses):
            after = c.deadline.after if c.deadline is not None else None
            for name in {c.created_by, c.takes_effect, after} - {None}:
                assert name is not None
                watch.setdefault(name, set()).add(i)
            if c.created_by is not None:
                made.setdefault(c.created_by, []).append(c)
                dots = [k for k, ch in enumerate(c.created_by) if ch == "."]
                for k in dots:
                    under.setdefault(c.created_by[: k + 1], []).append(c)
        self.watch = {n: tuple(lc.clauses[i] for i in sorted(ix)) for n, ix in watch.items()}
        self.made = made
        self.under = under
        self.deadlines: list[tuple[date, int, str, date]] = []  # (run out on, seq, id, last)
        self.seq: dict[str, int] = {}
        # obligations (False) and powers (True) by state value: the enums' values coincide
        self.counts: dict[tuple[bool, str], int] = {}
        self.violated: set[str] = set()
        self.touched: set[str] = set()
        self.witness: str | None = None  # the last obligation found still creatable

    # -- indexes ------------------------------------------------------------------------

    def watching(self, name: str) -> Iterable[Obligation | Power]:
        return self.watch.get(name, ())

    def made_by(self, name: str) -> list[Obligation | Power]:
        return self.made.get(name, [])

    def created_under(self, prefix: str) -> Iterable[Obligation | Power]:
        return self.under.get(prefix, ())

    def insert(self, cid: str, entry: _Entry) -> None:
        self.seq[cid] = len(self.entries)
        super().insert(cid, entry)
        self.count(cid, entry.state, 1)
        self.note(cid, entry.state)

    def count(self, cid: str, state: AnyState, by: int) -> None:
        key = (isinstance(self.by_id[cid], Power), state.value)
        self.counts[key] = self.counts.get(key, 0) + by

    def note(self, cid: str, state: AnyState) -> None:
        if state is ObligationState.VIOLATED:
            self.violated.add(cid)
        self.touched.add(cid)

    def move(self, cid: str, state: AnyState, day: date, why: str, *, signal: bool = True) -> None:
        entry = self.entries[cid]
        self.count(cid, entry.state, -1)
        self.count(cid, state, 1)
        self.violated.discard(cid)
        self.note(cid, state)
        if entry.last_day is not None and state.value in ("created", "in_effect"):
            self.push(cid, entry.last_day)
        super().move(cid, state, day, why, signal=signal)

    def set_contract(self, state: ContractState, day: date, why: str) -> None:
        self.touched.add(CONTRACT)
        super().set_contract(state, day, why)

    def set_last_day(self, cid: str, last: date | None) -> None:
        super().set_last_day(cid, last)
        if last is not None and self.entries[cid].state.value in ("created", "in_effect"):
            self.push(cid, last)

    def push(self, cid: str, last: date) -> None:
        heapq.heappush(self.deadlines, (last + timedelta(days=1), self.seq[cid], cid, last))

    # -- the replay ---------------------------------------------------------------------

    def run(self, log: list[LogEntry], as_of: date) -> None:
        by_day: dict[date, list[LogEntry]] = {}
        for e in log:
            by_day.setdefault(e.date, []).append(e)
        marks = {d for d in (self.lc.start, self.lc.end) if d is not None}
        for day in sorted(by_day.keys() | marks):
            if day > as_of:
                break
            self.tick(day)
            if day == self.lc.start and self.contract.state is ContractState.FORM:
                self.activate_contract(day, f"the contract's start on {day.isoformat()}")
            if day == self.lc.end:
                self.end_term(day)
            self.run_day(by_day.get(day, []))
        self.tick(as_of)

    def run_day(self, pending: list[LogEntry]) -> None:
        todo = list(range(len(pending)))  # sorted: a heap already
        blocked: set[int] = set()
        waiting: dict[str, list[int]] = {}
        while todo:
            i = heapq.heappop(todo)
            e = pending[i]
            if self.why_not(e) is not None:
                blocked.add(i)
                for subject in self.reads(e):
                    waiting.setdefault(subject, []).append(i)
                continue
            self.touched.clear()
            self.apply(e)
            woken = (
                blocked
                if CONTRACT in self.touched
                else {j for s in self.touched for j in waiting.pop(s, ()) if j in blocked}
            )
            for j in sorted(woken):
                heapq.heappush(todo, j)
            blocked -= set(woken)
        if blocked and self.strict:
            raise self.refused(pending[min(blocked)])

    def reads(self, e: LogEntry) -> list[str]:
        """The clauses whose state `why_not(e)` reads (besides the contract's)."""
        if isinstance(e, Event):
            return [x.id for x in self.made_by(e.name)]
        if e.target is None:
            return []
        clause = self.by_id.get(e.target)
        target = clause.target if isinstance(clause, Power) else None
        return [e.target] if target is None else [e.target, target]

    def tick(self, day: date) -> None:
        while self.deadlines and self.deadlines[0][0] <= day:
            when, _, cid, last = heapq.heappop(self.deadlines)
            entry = self.entries[cid]
            if entry.last_day == last and entry.state.value in ("created", "in_effect"):
                self.run_out(cid, when)

    # -- completion ---------------------------------------------------------------------

    def tally(self) -> tuple[bool, int, int, list[str]]:
        n = self.counts
        pending = sum(n.get((False, s), 0) for s in _PENDING)
        total = sum(v for (power, _), v in n.items() if not power)
        violated = sorted(self.violated, key=self.order.__getitem__)
        return pending > 0, n.get((False, "fulfilled"), 0), total, violated

    def powers_pending(self) -> bool:
        return sum(self.counts.get((True, s), 0) for s in _PENDING) > 0

    def creatable(self) -> str | None:
        w = self.witness
        if w is not None and w not in self.entries and self.can_create(self.by_id[w], set()):
            return w
        self.witness = super().creatable()
        return self.witness


# action -> (states it may happen in, the state it leads to)
_OBLIGATION_MOVES: Mapping[str, tuple[tuple[str, ...], AnyState]] = {
    "trigger": ((), ObligationState.CREATED),
    "activate": (("created",), ObligationState.IN_EFFECT),
    "suspend": (("in_effect",), ObligationState.SUSPENDED),
    "resume": (("suspended",), ObligationState.IN_EFFECT),
    "fulfil": (("in_effect",), ObligationState.FULFILLED),
    "violate": (("in_effect",), ObligationState.VIOLATED),
    "expire": (("created",), ObligationState.DISCHARGED),
    "discharge": (("created", "in_effect", "suspended"), ObligationState.DISCHARGED),
    "terminate": (("created", "in_effect", "suspended"), ObligationState.TERMINATED),
}
_POWER_MOVES: Mapping[str, tuple[tuple[str, ...], AnyState]] = {
    "trigger": ((), PowerState.CREATED),
    "activate": (("created",), PowerState.IN_EFFECT),
    "suspend": (("in_effect",), PowerState.SUSPENDED),
    "resume": (("suspended",), PowerState.IN_EFFECT),
    "exert": (("in_effect",), PowerState.EXERTED),
    "expire": (("created", "in_effect"), PowerState.EXPIRED),
    "terminate": (("created", "in_effect", "suspended"), PowerState.TERMINATED),
}


# The words a clause in each state can still record (see `CompletionPolicy`).
_LIVE_OBLIGATION = frozenset(
    {"suspended", "resumed", "fulfilled", "violated", "discharged", "terminated"}
)
_LIVE_POWER = frozenset({"suspended", "resumed", "exerted", "expired", "terminated"})
# Keyed by (is a power, state value): the two enums share values, which compare equal.
_STILL_SIGNALS: Mapping[tuple[bool, str], frozenset[str]] = {
    (False, "created"): _LIVE_OBLIGATION | {"activated"},
    (False, "in_effect"): _LIVE_OBLIGATION,
    (False, "suspended"): _LIVE_OBLIGATION,
    (True, "created"): _LIVE_POWER | {"activated"},
    (True, "in_effect"): _LIVE_POWER,
    (True, "suspended"): _LIVE_POWER,
}


def _iso(day: date | None) -> str:
    return "?" if day is None else day.isoformat()


def _words(state: AnyState) -> str:
    return state.value.replace("_", " ")


def _words_of(state: str) -> str:
    return state.replace("_", " ")


def _when(entry: _Entry) -> str:
    return entry.since.isoformat()


def _waiting(clause: Obligation | Power) -> str:
    if clause.created_by is None:
        return " (it waits for the contract's start)"
    return f" (it waits for {clause.created_by!r})"


def _describe(e: LogEntry) -> str:
    if isinstance(e, Event):
        return f"event {e.name!r} on {e.date.isoformat()}"
    return e.describe()
