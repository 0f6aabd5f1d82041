"""Portfolios: several deals evaluated together, for questions that cross deals."""

from __future__ import annotations

import attrs

from dealterms._clauses.rofr import FIRST_RIGHTS
from dealterms._clauses.termination import TerminationRight
from dealterms._deal import Deal
from dealterms._entitlement import Contingent, DependsOn, Entitlement, InForce, No, Yes
from dealterms._evaluate import Evaluation, evaluate
from dealterms._events import Match, Offer, Performed, Refusal, TerminationNotice, ThirdPartyDeal
from dealterms._process import Violation
from dealterms._state import State
from dealterms.exceptions import DuplicateIdError, InvalidValueError, UnknownReferenceError

__all__ = ["Portfolio", "PortfolioEvaluation", "evaluate_portfolio"]


def _deals(value: object) -> tuple[Deal, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple) or not value:
        raise InvalidValueError(
            f"deals must be a non-empty list of Deal, got {value!r}",
            path="$.deals",
            expected="a list of Deal",
            got=value,
        )
    seen: set[str] = set()
    for i, d in enumerate(value):
        if not isinstance(d, Deal):
            raise InvalidValueError(
                f"expected a Deal, got {type(d).__name__}",
                path=f"$.deals[{i}]",
                expected="a Deal",
                got=d,
            )
        if d.id in seen:
            raise DuplicateIdError(
                f"deal id {d.id!r} is given twice",
                path=f"$.deals[{i}].id",
                expected="distinct deal ids",
                got=d.id,
            )
        seen.add(d.id)
    return tuple(sorted(value, key=lambda d: d.id))


@attrs.frozen(kw_only=True)
class Portfolio:
    """Several deals that share party ids and action ids.

    A party id (`"openai"`) or action id (`"new-compute-capacity"`) means the same party or
    action in every deal of the portfolio, so a question about it is answered across deals.

    Attributes:
        deals: The deals, with distinct ids (kept sorted by id).

    Raises:
        InvalidValueError: for an empty list or a non-deal.
        DuplicateIdError: for two deals with one id.

    Example:
        >>> from dealterms.examples import microsoft_openai, stargate
        >>> ", ".join(d.id for d in Portfolio(deals=[stargate(), microsoft_openai()]).deals)
        'microsoft-openai, stargate'
    """

    deals: tuple[Deal, ...] = attrs.field(converter=_deals)

    def deal(self, deal_id: str) -> Deal:
        """The deal with id `deal_id`.

        Raises:
            UnknownReferenceError: if there is none.
        """
        for d in self.deals:
            if d.id == deal_id:
                return d
        raise UnknownReferenceError(
            f"no deal {deal_id!r} in the portfolio; deals: {', '.join(d.id for d in self.deals)}",
            expected="a deal id",
            got=deal_id,
        )


def _state_for(deal: Deal, state: State) -> State:
    """The state's log narrowed to the events that concern `deal`."""
    if not state.has_typed_events:
        return state
    parties = {p.id for p in deal.parties}
    rights = {v.clause.id for v in deal.history if isinstance(v.clause, FIRST_RIGHTS)}
    exits = {v.clause.id for v in deal.history if isinstance(v.clause, TerminationRight)}
    kept = [
        e
        for e in state.events
        if not (isinstance(e, Offer | Match | Refusal) and e.clause not in rights)
        and not (isinstance(e, ThirdPartyDeal | Performed) and e.party not in parties)
        and not (isinstance(e, TerminationNotice) and e.clause not in exits)
    ]
    return state if len(kept) == len(state.events) else attrs.evolve(state, events=tuple(kept))


@attrs.frozen(kw_only=True)
class PortfolioEvaluation:
    """The deals of a portfolio evaluated in one state.

    Attributes:
        portfolio: The portfolio.
        state: The state.
        evaluations: One [`Evaluation`][dealterms.Evaluation] per deal, in the portfolio's
            order.
    """

    portfolio: Portfolio
    state: State
    evaluations: tuple[Evaluation, ...]

    def for_deal(self, deal_id: str) -> Evaluation:
        """The evaluation of deal `deal_id`.

        Raises:
            UnknownReferenceError: if the portfolio has no such deal.
        """
        self.portfolio.deal(deal_id)
        return next(e for e in self.evaluations if e.deal.id == deal_id)

    def for_action(self, action_id: str) -> tuple[tuple[str, Entitlement], ...]:
        """Every `(deal id, entitlement)` about `action_id`, across deals.

        Raises:
            UnknownReferenceError: if no deal knows the action.
        """
        out = [
            (ev.deal.id, e)
            for ev in self.evaluations
            if action_id in ev.deal._compiled.actions
            for e in ev.for_action(action_id)
        ]
        if not any(action_id in ev.deal._compiled.actions for ev in self.evaluations):
            raise UnknownReferenceError(
                f"no deal of the portfolio knows action {action_id!r}",
                expected="an action id",
                got=action_id,
            )
        return tuple(out)

    def applicable(self, party_id: str, action_id: str) -> tuple[tuple[str, Entitlement], ...]:
        """The entitlements in force or contingent about `action_id` that involve `party_id`.

        This answers "does any deal's right apply when this party does this?", e.g. whether
        Microsoft's right of first refusal applies to new compute capacity OpenAI takes
        through Stargate.
        """
        return tuple(
            (deal_id, e)
            for deal_id, e in self.for_action(action_id)
            if party_id in (e.holder, e.counterparty) and isinstance(e.status, InForce | Contingent)
        )

    def may(self, party_id: str, action_id: str) -> Yes | No | DependsOn:
        """Whether `party_id` may do `action_id`, across every deal that knows both.

        A **no** in any deal answers no; otherwise a **depends** in any deal answers
        depends (naming all the facts); otherwise yes. The `because` entitlements are
        gathered from every deal.

        Raises:
            UnknownReferenceError: if no deal knows both the party and the action.
        """
        answers = [
            ev.may(party_id, action_id)
            for ev in self.evaluations
            if party_id in ev.deal._compiled.party_ids and action_id in ev.deal._compiled.actions
        ]
        if not answers:
            raise UnknownReferenceError(
                f"no deal of the portfolio knows both party {party_id!r} and action {action_id!r}",
                expected="a party and an action of one deal",
                got=(party_id, action_id),
            )
        because = tuple(e for a in answers for e in a.because)
        if any(isinstance(a, No) for a in answers):
            return No(because=tuple(e for a in answers if isinstance(a, No) for e in a.because))
        open_ = [a for a in answers if isinstance(a, DependsOn)]
        if open_:
            missing = tuple(sorted({m for a in open_ for m in a.missing}))
            return DependsOn(missing=missing, because=because)
        return Yes(because=because)

    @property
    def violations(self) -> tuple[tuple[str, Violation], ...]:
        """Every violation in any deal, as `(deal id, violation)`, by date."""
        found = [(ev.deal.id, v) for ev in self.evaluations for v in ev.violations]
        return tuple(sorted(found, key=lambda dv: (dv[1].date, dv[0], dv[1].reason)))


def evaluate_portfolio(portfolio: Portfolio, state: State) -> PortfolioEvaluation:
    """Evaluate every deal of `portfolio` in `state`.

    Each deal sees the state's facts and generic events, and the typed events that concern
    it (offers and answers under its first rights; deals and acts by its parties).

    Raises:
        UnknownReferenceError: for a typed event that concerns no deal of the portfolio.
        InvalidValueError: as [`evaluate`][dealterms.evaluate] does.
    """
    if not isinstance(portfolio, Portfolio):
        raise InvalidValueError(
            f"expected a Portfolio, got {type(portfolio).__name__}",
            expected="a Portfolio",
            got=portfolio,
        )
    if not isinstance(state, State):
        raise InvalidValueError(
            f"expected a State, got {type(state).__name__}", expected="a State", got=state
        )
    for i, e in enumerate(state.events):
        if isinstance(
            e, Offer | Match | Refusal | ThirdPartyDeal | Performed | TerminationNotice
        ) and not any(
            _state_for(d, attrs.evolve(state, events=(e,))).events for d in portfolio.deals
        ):
            raise UnknownReferenceError(
                f"event {e.name!r} on {e.date} concerns no deal of the portfolio",
                path=f"$.events[{i}]",
                expected="an event about a clause or party of one of the deals",
                got=e,
            )
    evaluations = tuple(evaluate(d, _state_for(d, state)) for d in portfolio.deals)
    return PortfolioEvaluation(portfolio=portfolio, state=state, evaluations=evaluations)
