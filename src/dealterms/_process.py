"""Rights in motion: the first-right process, and the violations an event log shows.

[`first_right_process`][] follows one first right (ROFR, ROFO, ROFN) through its events;
[`find_violations`][] checks every act in the log against the deal: third-party deals
against first rights, acts against prohibitions and missing grants (as
[`Evaluation.may`][dealterms.Evaluation.may] answers on the act's date), and exercises of
powers against their conditions.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, TypeAlias

import attrs

from dealterms._clauses.kinds import BUILTIN_ACTIONS
from dealterms._clauses.rofr import FIRST_RIGHTS
from dealterms._clauses.trigger import Trigger
from dealterms._conditions import Latched, decide
from dealterms._entitlement import DependsOn, No
from dealterms._events import (
    Match,
    Offer,
    Performed,
    Refusal,
    TerminationNotice,
    Terms,
    ThirdPartyDeal,
)
from dealterms._money import Money, Rate
from dealterms.exceptions import InvalidValueError, UnknownReferenceError

if TYPE_CHECKING:
    from dealterms._clauses.rofr import _FirstRight
    from dealterms._deal import ClauseVersion, Deal
    from dealterms._state import AnyEvent, State
    from dealterms._time import Interval

__all__ = [
    "FirstRightProcess",
    "Matched",
    "NoOffer",
    "OfferPending",
    "ReAttached",
    "Released",
    "Violation",
    "ViolationReason",
]

ViolationReason: TypeAlias = Literal[
    "no_offer",
    "during_window",
    "after_match",
    "better_terms",
    "changed_terms",
    "unverifiable_terms",
    "after_free_period",
    "prohibited",
    "possibly_prohibited",
    "invalid_exercise",
    "possibly_invalid_exercise",
    "late_answer",
    "answer_without_offer",
    "duplicate_answer",
    "offer_while_pending",
    "clause_not_in_force",
]
"""Why an event is a violation (a breach, or an act without legal effect):

* `no_offer`, `during_window`, `after_match`, `better_terms`, `changed_terms`,
  `after_free_period`: a third-party deal that breaches a first right;
  `unverifiable_terms`: one whose terms cannot be compared with the offer's (missing, or
  in another currency).
* `prohibited`: an act a prohibition in force forbids, or that needs a grant not in force;
  `possibly_prohibited`: the same, depending on unknown facts.
* `invalid_exercise` / `possibly_invalid_exercise`: a power exercised while its condition
  does not (or may not) hold, or a [`TerminationNotice`][dealterms.TerminationNotice] that
  cannot terminate (not the holder, breach cured in time, cure period still running, or
  the right depends on unknown facts); the exercise has no effect.
* `late_answer`, `answer_without_offer`, `duplicate_answer`, `offer_while_pending`,
  `clause_not_in_force`: an offer or answer that has no effect; `clause_not_in_force` also
  for an exercise (a trigger's, a termination notice) while the clause is not in force,
  e.g. after the deal was already terminated.
"""


@attrs.frozen(kw_only=True)
class Violation:
    """An event that breaches the deal, or that has no legal effect.

    Attributes:
        date: The event's date.
        party: Party id of who acted.
        clause: Id of the clause breached or concerned, if any.
        reason: A stable code ([`ViolationReason`][dealterms.ViolationReason]).
        detail: The same in words, naming dates, terms and clauses.
        event: The event.
        missing: For `possibly_*` reasons, the unknown facts that would decide it.
    """

    date: date
    party: str
    clause: str | None
    reason: ViolationReason
    detail: str
    event: AnyEvent
    missing: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class NoOffer:
    """No offer has been made under the first right (it is attached)."""

    name: Literal["no_offer"] = attrs.field(default="no_offer", init=False, repr=False)


@attrs.frozen(kw_only=True)
class OfferPending:
    """An offer awaits the holder's answer.

    Attributes:
        offer: The offer.
        last_day: The last day an answer is in time.
    """

    offer: Offer
    last_day: date
    name: Literal["offer_pending"] = attrs.field(default="offer_pending", init=False, repr=False)


@attrs.frozen(kw_only=True)
class Matched:
    """The holder matched (accepted) the offer; the grantor must deal with the holder.

    Attributes:
        offer: The offer.
        on: The day of the match.
    """

    offer: Offer
    on: date
    name: Literal["matched"] = attrs.field(default="matched", init=False, repr=False)


@attrs.frozen(kw_only=True)
class Released:
    """The holder refused, or let the window lapse: the grantor may deal with a third party.

    Attributes:
        offer: The offer.
        how: `"refused"` or `"lapsed"`.
        on: The day of the refusal, or the first day after the window.
        free_until: The last day the grantor may conclude a third-party deal, or `None`
            when the free period has no limit.
    """

    offer: Offer
    how: Literal["refused", "lapsed"]
    on: date
    free_until: date | None
    name: Literal["released"] = attrs.field(default="released", init=False, repr=False)


@attrs.frozen(kw_only=True)
class ReAttached:
    """The right applies again: the free period ended, or the grantor used its freedom.

    Attributes:
        since: The first day the right applies again.
    """

    since: date
    name: Literal["re_attached"] = attrs.field(default="re_attached", init=False, repr=False)


ProcessStatus: TypeAlias = NoOffer | OfferPending | Matched | Released | ReAttached
"""Where a first right's process stands on `as_of`; `match` on the five classes."""


@attrs.frozen(kw_only=True)
class FirstRightProcess:
    """A first right's process on `as_of`.

    Attributes:
        clause: The clause id.
        kind: The clause kind (`"right_of_first_refusal"`, …).
        status: Where it stands ([`OfferPending`][dealterms.OfferPending], …).
        steps: What happened, one line per step, in date order.
    """

    clause: str
    kind: str
    status: ProcessStatus
    steps: tuple[str, ...]

    def describe(self) -> str:
        """The status in words, e.g. `"offer pending until 2025-03-02"`."""
        s = self.status
        if isinstance(s, OfferPending):
            return f"offer of {s.offer.date} pending; answer due by {s.last_day}"
        if isinstance(s, Matched):
            return f"offer of {s.offer.date} matched on {s.on}"
        if isinstance(s, Released):
            until = f"until {s.free_until}" if s.free_until else "without time limit"
            return f"offer {s.how} on {s.on}; free to deal with a third party {until}"
        if isinstance(s, ReAttached):
            return f"right re-attached on {s.since}"
        return "no offer made"


def _more_favourable(right: _FirstRight, offered: Terms, dealt: Terms) -> str | None:
    """Why `dealt` is more favourable to the third party than `offered`, or `None`."""
    if (
        offered.quantity is not None
        and dealt.quantity is not None
        and dealt.quantity > offered.quantity
    ):
        return (
            f"quantity {format(dealt.quantity, 'f')} exceeds the "
            f"{format(offered.quantity, 'f')} offered"
        )
    a, b = _amount(dealt.unit_price), _amount(offered.unit_price)
    if right.grantor_role == "seller" and a < b:
        return (
            f"price {dealt.unit_price.format()} is below the {offered.unit_price.format()} offered"
        )
    if right.grantor_role == "buyer" and a > b:
        return (
            f"price {dealt.unit_price.format()} is above the {offered.unit_price.format()} offered"
        )
    return None


def _amount(price: Money | Rate) -> Decimal:
    return price.amount if isinstance(price, Money) else price.value


def first_right_process(
    version: ClauseVersion, window: Interval | None, state: State
) -> tuple[FirstRightProcess, list[Violation]]:
    """Follow one first right through the state's log up to `as_of`."""
    right = version.clause
    assert isinstance(right, FIRST_RIGHTS)
    walk = _Walk(right)
    for ev in state.events:
        if ev.date > state.as_of:
            break
        mine = isinstance(ev, Offer | Match | Refusal) and ev.clause == right.id
        dealt = (
            isinstance(ev, ThirdPartyDeal)
            and ev.party == right.grantor
            and right.scope in ev.actions
        )
        if not (mine or dealt):
            continue
        if window is None or ev.date not in window:
            if mine:
                who = right.grantor if isinstance(ev, Offer) else right.holder
                walk.flag(ev, who, "clause_not_in_force", f"{right.id} is not in force then")
            continue
        walk.advance(ev.date)
        if isinstance(ev, Offer):
            walk.offer(ev)
        elif isinstance(ev, Match | Refusal):
            walk.answer(ev)
        else:
            assert isinstance(ev, ThirdPartyDeal)
            walk.third_party_deal(ev)
    walk.advance(state.as_of)
    process = FirstRightProcess(
        clause=right.id, kind=right.kind, status=walk.status, steps=tuple(walk.steps)
    )
    return process, walk.found


class _Walk:
    """The state machine of one first right, fed its events in order."""

    def __init__(self, right: _FirstRight) -> None:
        self.right = right
        self.status: ProcessStatus = NoOffer()
        self.steps: list[str] = []
        self.found: list[Violation] = []
        self.last_release: Released | None = None

    def flag(self, ev: AnyEvent, party: str, reason: ViolationReason, detail: str) -> None:
        self.found.append(
            Violation(
                date=ev.date,
                party=party,
                clause=self.right.id,
                reason=reason,
                detail=detail,
                event=ev,
            )
        )

    def advance(self, day: date) -> None:
        """Let the window lapse and the free period end, as of `day`."""
        status = self.status
        if isinstance(status, OfferPending) and day > status.last_day:
            on = status.last_day + timedelta(days=1)
            status = Released(
                offer=status.offer,
                how="lapsed",
                on=on,
                free_until=_free_until(self.right, on, status.offer.date),
            )
            self.steps.append(f"{on}: offer of {status.offer.date} lapsed unanswered")
        if isinstance(status, Released) and status.free_until and day > status.free_until:
            self.last_release = status
            status = ReAttached(since=status.free_until + timedelta(days=1))
            self.steps.append(f"{status.since}: free period over; the right re-attached")
        self.status = status

    def offer(self, ev: Offer) -> None:
        if isinstance(self.status, OfferPending):
            self.flag(
                ev,
                self.right.grantor,
                "offer_while_pending",
                f"the offer of {self.status.offer.date} is still pending",
            )
            return
        self.status = OfferPending(offer=ev, last_day=self.right.window.last_day(ev.date))
        terms = f" ({ev.terms.format()})" if ev.terms else ""
        self.steps.append(f"{ev.date}: offer{terms}; answer due by {self.status.last_day}")

    def answer(self, ev: Match | Refusal) -> None:
        right, status = self.right, self.status
        answer = "match" if isinstance(ev, Match) else "refusal"
        if isinstance(status, OfferPending):
            if isinstance(ev, Match):
                self.status = Matched(offer=status.offer, on=ev.date)
            else:
                self.status = Released(
                    offer=status.offer,
                    how="refused",
                    on=ev.date,
                    free_until=_free_until(right, ev.date, status.offer.date),
                )
            self.steps.append(f"{ev.date}: {answer} by {right.holder}")
        elif isinstance(status, Released) and status.how == "lapsed":
            self.flag(
                ev,
                right.holder,
                "late_answer",
                f"{answer} after the window ({right.window.describe()}) closed; its last day "
                f"was {status.on - timedelta(days=1)}",
            )
        elif isinstance(status, Matched | Released):
            self.flag(ev, right.holder, "duplicate_answer", "the offer was already answered")
        else:
            self.flag(ev, right.holder, "answer_without_offer", "no offer is pending")

    def third_party_deal(self, ev: ThirdPartyDeal) -> None:
        right, status = self.right, self.status
        who = f"deal with {ev.third_party}"
        if isinstance(status, OfferPending):
            self.flag(
                ev,
                right.grantor,
                "during_window",
                f"{who} while the offer of {status.offer.date} awaits an answer (due by "
                f"{status.last_day})",
            )
        elif isinstance(status, Matched):
            self.flag(
                ev,
                right.grantor,
                "after_match",
                f"{who} after {right.holder} matched the offer on {status.on}",
            )
        elif isinstance(status, Released):
            problem = _terms_problem(right, status.offer, ev)
            if problem is not None:
                self.flag(ev, right.grantor, problem[0], f"{who}: {problem[1]}")
                return
            terms = {
                "any": "",
                "same": ", on the terms offered",
                "no_more_favourable": ", on terms no more favourable than offered",
            }[right.terms_rule]
            self.steps.append(f"{ev.date}: {who} within the free period{terms}")
            self.status = ReAttached(since=ev.date + timedelta(days=1))
            self.steps.append(f"{self.status.since}: the right re-attached for new opportunities")
        elif (
            isinstance(status, ReAttached)
            and self.last_release is not None
            and self.last_release.free_until is not None
            and status.since == self.last_release.free_until + timedelta(days=1)
        ):
            self.flag(
                ev,
                right.grantor,
                "after_free_period",
                f"{who} after the free period ended on {self.last_release.free_until}, without "
                "a new offer",
            )
        else:
            self.flag(
                ev, right.grantor, "no_offer", f"{who} without first offering it to {right.holder}"
            )


def _free_until(right: _FirstRight, on: date, offered: date) -> date | None:
    """The last free day after a release `on` (counted per `free_period_from`), if any."""
    if right.free_period is None:
        return None
    start = offered if right.free_period_from == "offer" else on
    try:
        end = right.free_period.add_to(start, month_end=right.free_period_month_end)
    except InvalidValueError as e:
        if e.path != "$.month_end":
            raise
        raise InvalidValueError(
            f"the free period of {right.id!r} ({right.free_period.format()} from {start}) "
            f"has no clear end under free_period_month_end='refuse': {e.message}",
            path="$.free_period_month_end",
            expected=e.expected,
            got=start,
        ) from None
    return end - timedelta(days=1)


def _terms_problem(
    right: _FirstRight, offer: Offer, ev: ThirdPartyDeal
) -> tuple[ViolationReason, str] | None:
    rule = right.terms_rule
    if rule == "any":
        return None
    if offer.terms is None or ev.terms is None:
        return ("unverifiable_terms", "the terms of the offer or of the deal are not given")
    if rule == "same":
        if ev.terms.unit_price == offer.terms.unit_price and (
            ev.terms.quantity == offer.terms.quantity
        ):
            return None
        return (
            "changed_terms",
            (
                f"terms {ev.terms.format()} differ from the {offer.terms.format()} offered; "
                "changed terms need a new offer"
            ),
        )
    p, q = ev.terms.unit_price, offer.terms.unit_price
    if type(p) is not type(q) or (
        isinstance(p, Money) and isinstance(q, Money) and p.currency != q.currency
    ):
        return (
            "unverifiable_terms",
            f"prices {p.format()} and {q.format()} cannot be compared",
        )
    why = _more_favourable(right, offer.terms, ev.terms)
    if why is None:
        return None
    return ("better_terms", f"terms more favourable than offered: {why}")


def check_event_references(deal: Deal, state: State) -> None:
    """Raise `UnknownReferenceError` for a typed event naming an unknown clause or party."""
    parties = {p.id for p in deal.parties}
    rights = {v.clause.id for v in deal.history if isinstance(v.clause, FIRST_RIGHTS)}
    actions = deal._compiled.actions | BUILTIN_ACTIONS.keys()
    for i, ev in enumerate(state.events):
        path = f"$.events[{i}]"
        if isinstance(ev, Offer | Match | Refusal) and ev.clause not in rights:
            raise UnknownReferenceError(
                f"{type(ev).__name__.lower()} names clause {ev.clause!r}, which is no first "
                f"right of deal {deal.id!r} (first rights: {', '.join(sorted(rights)) or 'none'})",
                path=f"{path}.clause",
                expected="the id of a ROFR, ROFO or ROFN clause",
                got=ev.clause,
            )
        acts = (
            ev.actions
            if isinstance(ev, ThirdPartyDeal)
            else (ev.action,)
            if isinstance(ev, Performed)
            else ()
        )
        for a in acts:
            if a not in actions:
                raise UnknownReferenceError(
                    f"{type(ev).__name__} names action {a!r}, which deal {deal.id!r} does not "
                    f"know (actions: {', '.join(sorted(actions))})",
                    path=f"{path}.action" + ("s" if isinstance(ev, ThirdPartyDeal) else ""),
                    expected="an action id of the deal",
                    got=a,
                )
        if isinstance(ev, TerminationNotice) and ev.clause not in deal._compiled.exits:
            raise UnknownReferenceError(
                f"termination notice names clause {ev.clause!r}, which is no termination "
                f"right of deal {deal.id!r} (termination rights: "
                f"{', '.join(sorted(deal._compiled.exits)) or 'none'})",
                path=f"{path}.clause",
                expected="the id of a TerminationRight clause",
                got=ev.clause,
            )
        if (
            isinstance(ev, ThirdPartyDeal | Performed | TerminationNotice)
            and ev.party not in parties
        ):
            raise UnknownReferenceError(
                f"{type(ev).__name__} names party {ev.party!r}, which is not a party of deal "
                f"{deal.id!r} (parties: {', '.join(sorted(parties))})",
                path=f"{path}.party",
                expected="a party id",
                got=ev.party,
            )


def find_violations(
    deal: Deal, state: State, windows: dict[str, list[tuple[ClauseVersion, Interval | None]]]
) -> tuple[tuple[Violation, ...], dict[str, FirstRightProcess]]:
    """Every violation in the log up to `as_of`, and each first right's process."""
    from dealterms._evaluate import evaluate_valid  # noqa: PLC0415 - import cycle

    found: list[Violation] = []
    processes: dict[str, FirstRightProcess] = {}
    for clause_id, versions in windows.items():
        for version, window in versions:
            if isinstance(version.clause, FIRST_RIGHTS):
                process, issues = first_right_process(version, window, state)
                found += issues
                if (window is not None and state.as_of in window) or clause_id not in processes:
                    processes[clause_id] = process
            elif isinstance(version.clause, Trigger):
                found += _exercises(version, window, state)
    if deal._compiled.exits and state.has_typed_events:
        from dealterms._ending import notice_outcomes  # noqa: PLC0415 - import cycle

        found += notice_outcomes(deal, state)[1]
    for ev in state.events:
        if ev.date > state.as_of:
            break
        if isinstance(ev, ThirdPartyDeal | Performed):
            actions = ev.actions if isinstance(ev, ThirdPartyDeal) else (ev.action,)
            on_day = evaluate_valid(deal, state.at(ev.date))
            for action in actions:
                answer = on_day.may(ev.party, action)
                if isinstance(answer, No):
                    clauses = ", ".join(sorted({e.clause for e in answer.because})) or None
                    found.append(
                        Violation(
                            date=ev.date,
                            party=ev.party,
                            clause=clauses,
                            reason="prohibited",
                            detail=f"{ev.party} may not {action} on {ev.date}: "
                            + "; ".join(f"{e.text} ({e.status.name})" for e in answer.because),
                            event=ev,
                        )
                    )
                elif isinstance(answer, DependsOn):
                    found.append(
                        Violation(
                            date=ev.date,
                            party=ev.party,
                            clause=", ".join(sorted({e.clause for e in answer.because})) or None,
                            reason="possibly_prohibited",
                            detail=f"whether {ev.party} may {action} on {ev.date} depends on "
                            + ", ".join(answer.missing),
                            event=ev,
                            missing=answer.missing,
                        )
                    )
    found.sort(key=lambda v: (v.date, v.clause or "", v.reason))
    return tuple(found), processes


def _exercises(version: ClauseVersion, window: Interval | None, state: State) -> list[Violation]:
    trig = version.clause
    assert isinstance(trig, Trigger)
    out: list[Violation] = []
    for ev in state.occurrences(trig.exercise_event):
        if window is None or ev.date not in window:
            out.append(
                Violation(
                    date=ev.date,
                    party=trig.holder,
                    clause=trig.id,
                    reason="clause_not_in_force",
                    detail=f"{trig.exercise_event} on {ev.date}: {trig.id} is not in force then",
                    event=ev,
                )
            )
            continue
        cond = (
            Latched(condition=trig.condition, since=window.start)
            if trig.latches
            else (trig.condition)
        )
        d = decide(cond, state.at(ev.date))
        if d.value is False:
            out.append(
                Violation(
                    date=ev.date,
                    party=trig.holder,
                    clause=trig.id,
                    reason="invalid_exercise",
                    detail=f"power exercised on {ev.date} while its condition does not hold "
                    f"({trig.condition}); the exercise has no effect",
                    event=ev,
                )
            )
        elif d.value is None:
            out.append(
                Violation(
                    date=ev.date,
                    party=trig.holder,
                    clause=trig.id,
                    reason="possibly_invalid_exercise",
                    detail=f"whether the exercise on {ev.date} is valid depends on "
                    + ", ".join(d.missing),
                    event=ev,
                    missing=d.missing,
                )
            )
    return out
