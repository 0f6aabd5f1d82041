"""First rights: right of first refusal, of first offer, and of first negotiation.

All three make the grantor come to the holder before a third party, and share one
process (see [`FirstRightProcess`][dealterms.FirstRightProcess]): an
[`Offer`][dealterms.Offer], a response window, a [`Match`][dealterms.Match] or a
[`Refusal`][dealterms.Refusal] (or a lapse when the window ends unanswered), then a free
period in which the grantor may deal with a third party, after which the right
re-attaches. They differ in what the offer is and in what binds the third-party deal:

* ROFR: the offer presents a third party's terms; a later third-party deal must be on
  terms no more favourable to the third party than offered, within the free period.
* ROFO: the offer is the grantor's own terms, before any third party; the same rule.
* ROFN: the offer opens an exclusive negotiation for the window; a later third-party
  deal must fall within the free period, on any terms.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal, TypeAlias, get_args

import attrs

from dealterms._calendar import ResponseWindow
from dealterms._checks import choice
from dealterms._entitlement import Position, Relation
from dealterms._party import check_id
from dealterms._time import Duration, MonthEndPolicy, _month_end_policy
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase, distinct_parties

__all__ = [
    "FreePeriodFrom",
    "GrantorRole",
    "ThirdPartyTerms",
    "RightOfFirstNegotiation",
    "RightOfFirstOffer",
    "RightOfFirstRefusal",
]

ThirdPartyTerms: TypeAlias = Literal["no_more_favourable", "same", "any"]
"""What a third-party deal after a refusal or lapse must respect: terms no more favourable
to the third party than offered (the ROFR and ROFO default), exactly the terms offered
(any change needs a new offer), or any terms (the ROFN default)."""

FreePeriodFrom: TypeAlias = Literal["answer", "offer"]
"""Where the free period is counted from: the refusal or lapse (default), or the offer."""

GrantorRole: TypeAlias = Literal["seller", "buyer"]
"""Whether the grantor sells the scope (a lower third-party price is more favourable to the
third party) or buys it (a higher price is)."""


def _window(value: object) -> ResponseWindow:
    if isinstance(value, ResponseWindow):
        return value
    raise InvalidValueError(
        f"window must be a ResponseWindow, got {type(value).__name__} {value!r}",
        path="$.window",
        expected="ResponseWindow(days=…, count='calendar' | 'business')",
        got=value,
    )


def _free_period(value: object) -> Duration:
    if isinstance(value, str):
        return Duration.parse(value)
    if isinstance(value, Duration):
        return value
    raise InvalidValueError(
        f"free_period must be a Duration such as 'P6M', got {value!r}",
        path="$.free_period",
        expected="a Duration",
        got=value,
    )


def _role(value: object) -> GrantorRole:
    return choice(value, get_args(GrantorRole), "grantor_role")  # type: ignore[return-value]


def _free_period_or_none(value: object) -> Duration | None:
    return None if value is None else _free_period(value)


def _terms_rule(value: object) -> ThirdPartyTerms | None:
    return None if value is None else choice(value, get_args(ThirdPartyTerms), "third_party_terms")  # type: ignore[return-value]


def _from(value: object) -> FreePeriodFrom:
    return choice(value, get_args(FreePeriodFrom), "free_period_from")  # type: ignore[return-value]


def _free_month_end(value: object) -> MonthEndPolicy:
    return _month_end_policy(value, "free_period_month_end")


def _default_window() -> ResponseWindow:
    return ResponseWindow(days=30)


def _default_free_period() -> Duration:
    return Duration(months=6)


@attrs.frozen(kw_only=True)
class _FirstRight(ClauseBase):
    """Fields and checks shared by the three first rights (not public)."""

    label: ClassVar[str]
    grantor: str = attrs.field(converter=check_id)
    holder: str = attrs.field(converter=check_id)
    scope: str = attrs.field(converter=check_id)
    window: ResponseWindow = attrs.field(factory=_default_window, converter=_window)
    free_period: Duration | None = attrs.field(
        factory=_default_free_period, converter=_free_period_or_none
    )
    grantor_role: GrantorRole = attrs.field(default="seller", converter=_role)
    third_party_terms: ThirdPartyTerms | None = attrs.field(default=None, converter=_terms_rule)
    free_period_from: FreePeriodFrom = attrs.field(default="answer", converter=_from)
    free_period_month_end: MonthEndPolicy = attrs.field(default="clip", converter=_free_month_end)

    @property
    def terms_rule(self) -> ThirdPartyTerms:
        """The third-party terms rule in force: `third_party_terms`, or the kind's default."""
        if self.third_party_terms is not None:
            return self.third_party_terms
        return "any" if self.kind == "right_of_first_negotiation" else "no_more_favourable"

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "grantor", self.grantor
        yield "holder", self.holder

    def action_refs(self) -> Iterator[tuple[str, str]]:
        yield "scope", self.scope

    def problems(self) -> list[InvalidValueError]:
        return distinct_parties(self.grantor, self.holder, ("grantor", "holder"))

    def positions(self) -> tuple[Position, ...]:
        return (
            Position(
                relation=Relation.CLAIM,
                holder=self.holder,
                counterparty=self.grantor,
                action=self.scope,
                conduct="perform",
                template=(
                    f"{{holder}} holds a {self.label} from {{counterparty}}: before "
                    "{counterparty} turns to a third party to {action}, {holder} must "
                    + self._must()
                ),
            ),
        )

    def _must(self) -> str:
        return "be offered the same terms"


@attrs.frozen(kw_only=True)
class RightOfFirstRefusal(_FirstRight):
    """Right of first refusal (ROFR): the holder may match a third party's terms first.

    Before the grantor contracts with a third party on the scope, it must present the
    third party's terms to the holder ([`Offer`][dealterms.Offer]), who may match them
    within the window. After a refusal or a lapse, the grantor may contract with a third
    party only on terms no more favourable to it than those offered, and only within the
    free period.

    Confers the holder's **claim** that the grantor offer first.

    Attributes:
        grantor: Party id who must come to the holder first.
        holder: Party id who holds the right.
        scope: Id of the action the right covers, written so that "before {grantor} turns
            to a third party to …" reads well (`"buy new compute capacity"`).
        window: How long the holder has to answer an offer (default 30 calendar days, the
            last day included).
        free_period: After a refusal or a lapse, how long the grantor may deal with a third
            party before the right re-attaches (default 6 months; `None` for no limit).
        grantor_role: `"seller"` (default) or `"buyer"`: decides which third-party terms
            are "more favourable" than those offered.
        third_party_terms: `"no_more_favourable"`, `"same"` or `"any"`
            ([`ThirdPartyTerms`][dealterms.ThirdPartyTerms]); `None` (default) takes the
            kind's default: `"any"` for a ROFN, `"no_more_favourable"` otherwise.
        free_period_from: Count the free period from the `"answer"` (refusal or lapse;
            default) or from the `"offer"`.
        free_period_month_end: A [`MonthEndPolicy`][dealterms.MonthEndPolicy] for a free
            period of months or years counted from the 29th-31st: `"clip"` (default; a
            one-month free period from 31 January runs through 27 February, the day
            before 28 February), `"roll_forward"` (through 28 February, the day before
            1 March) or `"refuse"` (evaluating such a release raises
            [`InvalidValueError`][dealterms.exceptions.InvalidValueError]).

    Raises:
        InvalidValueError: for malformed ids, window or period, an unknown role, or the
            same party as grantor and holder, or an unknown `free_period_month_end`.

    Source (reference deal): the January 2025 revision "replaces exclusivity with a right
    of first refusal for Microsoft on new compute capacity" (public reporting, January
    2025).
    """

    kind: ClassVar[str] = "right_of_first_refusal"
    label: ClassVar[str] = "right of first refusal"


@attrs.frozen(kw_only=True)
class RightOfFirstOffer(_FirstRight):
    """Right of first offer (ROFO): the grantor must offer the scope to the holder first.

    Before seeking any third party, the grantor offers its own terms to the holder, who may
    accept within the window. After a refusal or a lapse, the grantor may deal with a third
    party only on terms no more favourable to it than those offered, within the free
    period.

    Confers the holder's **claim** that the grantor offer first.

    Attributes:
        grantor: Party id who must come to the holder first.
        holder: Party id who holds the right.
        scope: Id of the action the right covers, written so that "before {grantor} turns
            to a third party to …" reads well (`"buy new compute capacity"`).
        window: How long the holder has to answer an offer (default 30 calendar days, the
            last day included).
        free_period: After a refusal or a lapse, how long the grantor may deal with a third
            party before the right re-attaches (default 6 months; `None` for no limit).
        grantor_role: `"seller"` (default) or `"buyer"`: decides which third-party terms
            are "more favourable" than those offered.
        third_party_terms: `"no_more_favourable"`, `"same"` or `"any"`
            ([`ThirdPartyTerms`][dealterms.ThirdPartyTerms]); `None` (default) takes the
            kind's default: `"any"` for a ROFN, `"no_more_favourable"` otherwise.
        free_period_from: Count the free period from the `"answer"` (refusal or lapse;
            default) or from the `"offer"`.
        free_period_month_end: A [`MonthEndPolicy`][dealterms.MonthEndPolicy] for a free
            period of months or years counted from the 29th-31st: `"clip"` (default; a
            one-month free period from 31 January runs through 27 February, the day
            before 28 February), `"roll_forward"` (through 28 February, the day before
            1 March) or `"refuse"` (evaluating such a release raises
            [`InvalidValueError`][dealterms.exceptions.InvalidValueError]).

    Raises:
        InvalidValueError: for malformed ids, window or period, an unknown role, or the
            same party as grantor and holder, or an unknown `free_period_month_end`.

    Source: CUAD "ROFR/ROFO/ROFN" (rights of first offer in commercial contracts).
    """

    kind: ClassVar[str] = "right_of_first_offer"
    label: ClassVar[str] = "right of first offer"


@attrs.frozen(kw_only=True)
class RightOfFirstNegotiation(_FirstRight):
    """Right of first negotiation (ROFN): the grantor must negotiate with the holder first.

    The grantor invites the holder to negotiate ([`Offer`][dealterms.Offer]) and negotiates
    exclusively with it for the window. If no agreement ([`Match`][dealterms.Match]) is
    reached, the grantor may deal with a third party within the free period (on any terms,
    unless `third_party_terms` says otherwise).

    Confers the holder's **claim** to negotiate first.

    Attributes:
        grantor: Party id who must come to the holder first.
        holder: Party id who holds the right.
        scope: Id of the action the right covers, written so that "before {grantor} turns
            to a third party to …" reads well (`"buy new compute capacity"`).
        window: How long the holder has to answer an offer (default 30 calendar days, the
            last day included).
        free_period: After a refusal or a lapse, how long the grantor may deal with a third
            party before the right re-attaches (default 6 months; `None` for no limit).
        grantor_role: `"seller"` (default) or `"buyer"`: decides which third-party terms
            are "more favourable" than those offered.
        third_party_terms: `"no_more_favourable"`, `"same"` or `"any"`
            ([`ThirdPartyTerms`][dealterms.ThirdPartyTerms]); `None` (default) takes the
            kind's default: `"any"` for a ROFN, `"no_more_favourable"` otherwise.
        free_period_from: Count the free period from the `"answer"` (refusal or lapse;
            default) or from the `"offer"`.
        free_period_month_end: A [`MonthEndPolicy`][dealterms.MonthEndPolicy] for a free
            period of months or years counted from the 29th-31st: `"clip"` (default; a
            one-month free period from 31 January runs through 27 February, the day
            before 28 February), `"roll_forward"` (through 28 February, the day before
            1 March) or `"refuse"` (evaluating such a release raises
            [`InvalidValueError`][dealterms.exceptions.InvalidValueError]).

    Raises:
        InvalidValueError: for malformed ids, window or period, an unknown role, or the
            same party as grantor and holder, or an unknown `free_period_month_end`.

    Source: CUAD "ROFR/ROFO/ROFN"; public case #35 (a 45-day negotiation window, then
    third-party terms no better than those last offered; a renewal-negotiation window).
    """

    kind: ClassVar[str] = "right_of_first_negotiation"
    label: ClassVar[str] = "right of first negotiation"

    def _must(self) -> str:
        return "be given the chance to negotiate exclusively"


FIRST_RIGHTS = (RightOfFirstRefusal, RightOfFirstOffer, RightOfFirstNegotiation)
