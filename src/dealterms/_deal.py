"""Deals, amendments, what-ifs and interpretations, validated as a whole."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, overload

import attrs

from dealterms._checks import (
    description_field,
    instance,
    items,
    name_field,
    optional_text,
    required_description_field,
    source_field,
)
from dealterms._clauses.kinds import CLAUSE_TYPES, Clause
from dealterms._clauses.obligation import LIFECYCLE_WORDS, Obligation, Power, event_fields
from dealterms._clauses.term import Term
from dealterms._conditions import check
from dealterms._party import Action, Party, check_id
from dealterms._time import Interval, _date_field, _optional_date_field, parse_date
from dealterms.exceptions import (
    DuplicateIdError,
    InvalidDealError,
    InvalidValueError,
    UnknownReferenceError,
)

C = TypeVar("C")

if TYPE_CHECKING:
    import pandas as pd

    from dealterms._evaluate import CompiledDeal
    from dealterms._lifecycle import Lifecycle

__all__ = [
    "AddClause",
    "Amendment",
    "Change",
    "Deal",
    "Interpretation",
    "RemoveClause",
    "ReplaceClause",
]


def _clause(value: object) -> Clause:
    if isinstance(value, CLAUSE_TYPES):
        return value
    raise InvalidValueError(
        f"expected a clause, got {type(value).__name__} {value!r}",
        path="$.clause",
        expected="one of " + ", ".join(t.__name__ for t in CLAUSE_TYPES),
        got=value,
    )


def _term(value: object) -> Term:
    return instance(value, Term, "term")


def _source(value: object) -> str | None:
    return optional_text(value, "source")


@attrs.frozen(kw_only=True)
class AddClause:
    """Amendment change: add `clause` (its id must not be in force already)."""

    clause: Clause = attrs.field(converter=_clause)


@attrs.frozen(kw_only=True)
class ReplaceClause:
    """Amendment change: supersede the clause `clause_id` by `by`.

    `by` may keep the same id (a new version of the clause) or take a new one (e.g. an
    exclusivity replaced by a right of first refusal).
    """

    clause_id: str = attrs.field(converter=check_id)
    by: Clause = attrs.field(converter=_clause)


@attrs.frozen(kw_only=True)
class RemoveClause:
    """Amendment change: remove the clause `clause_id`."""

    clause_id: str = attrs.field(converter=check_id)


Change: TypeAlias = AddClause | ReplaceClause | RemoveClause
"""One change an amendment makes."""

_CHANGE_TYPES = (AddClause, ReplaceClause, RemoveClause)


def _changes(value: object) -> tuple[Change, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise InvalidValueError(
            f"expected a non-empty tuple of changes, got {value!r}",
            path="$.changes",
            expected="AddClause / ReplaceClause / RemoveClause values",
            got=value,
        )
    for i, c in enumerate(value):
        if not isinstance(c, _CHANGE_TYPES):
            raise InvalidValueError(
                f"expected AddClause, ReplaceClause or RemoveClause, got {type(c).__name__}",
                path=f"$.changes[{i}]",
                expected="AddClause / ReplaceClause / RemoveClause",
                got=c,
            )
    return tuple(value)


@attrs.frozen(kw_only=True)
class Amendment:
    """A dated change to a deal: clauses added, replaced (superseded) or removed by id.

    Attributes:
        id: Stable id (`"january-2025-revision"`).
        effective_date: The first day the changes apply.
        changes: The changes, applied in order.
        agreed_on: The day it was agreed, if known (may precede or follow `effective_date`).
        description: What it does, in words.
        source: Where it is reported.

    Raises:
        InvalidValueError: for a malformed id or date, or an empty or malformed change list.
    """

    id: str = attrs.field(converter=check_id)
    effective_date: date = attrs.field(converter=_date_field)
    changes: tuple[Change, ...] = attrs.field(converter=_changes)
    agreed_on: date | None = attrs.field(default=None, converter=_optional_date_field)
    description: str | None = attrs.field(default=None, converter=description_field)
    source: str | None = attrs.field(default=None, converter=source_field)


@attrs.frozen(kw_only=True)
class Interpretation:
    """One reading of an ambiguous term of the deal.

    Attributes:
        id: Stable id (`"until-2030-exclusive"`).
        description: The reading in words.
        term: The deal's term under this reading.
    """

    id: str = attrs.field(converter=check_id)
    description: str = attrs.field(converter=required_description_field)
    term: Term = attrs.field(converter=_term)


def _parties(value: object) -> tuple[Party, ...]:
    return items(value, Party, "parties")


def _actions(value: object) -> tuple[Action, ...]:
    return items(value, Action, "actions")


def _clauses(value: object) -> tuple[Clause, ...]:
    return items(value, CLAUSE_TYPES, "clauses")


def _amendments(value: object) -> tuple[Amendment, ...]:
    found: tuple[Amendment, ...] = items(value, Amendment, "amendments")
    return tuple(sorted(found, key=lambda a: (a.effective_date, a.id)))


def _what_ifs(value: object) -> tuple[Amendment, ...]:
    return items(value, Amendment, "what_ifs")


def _interpretations(value: object) -> tuple[Interpretation, ...]:
    return items(value, Interpretation, "interpretations")


@attrs.frozen(kw_only=True)
class ClauseVersion:
    """One version of a clause in the deal's history (internal bookkeeping)."""

    clause: Clause
    path: str
    introduced_by: Amendment | None
    start: date
    ended_by: Amendment | None = None
    ended_how: str | None = None  # "removed" | "superseded"
    superseded_by: str | None = None
    end: date | None = None


@attrs.frozen(kw_only=True)
class Deal:
    """A deal: parties, actions, clauses, a term and dated amendments.

    The deal is validated as a whole on construction; every problem found is reported at
    once in one [`InvalidDealError`][dealterms.exceptions.InvalidDealError] whose lines name
    the path of each problem (`$.clauses['api-exclusivity'].holder`). Amendments are kept
    sorted by `(effective_date, id)`, so the order they are given in does not matter.

    Attributes:
        id: Stable id (`"microsoft-openai"`).
        name: Display name.
        parties: The parties; ids must be distinct.
        actions: The actions (scopes) clauses may name; ids must be distinct.
        term: The deal's term; no clause is in force outside it.
        clauses: The clauses of the original deal; ids must be distinct.
        amendments: Amendments that apply on their effective dates.
        what_ifs: Hypothetical amendments, applied only on request
            ([`with_what_ifs`][dealterms.Deal.with_what_ifs]).
        interpretations: Alternative readings of the term
            ([`with_interpretation`][dealterms.Deal.with_interpretation]).
        source: Where the deal is reported.

    Raises:
        InvalidDealError: listing every problem: duplicate ids, unknown parties, actions or
            clause ids, amendments before the deal's effective date or naming clauses that
            are not in force then, inconsistent conditions.
    """

    id: str = attrs.field(converter=check_id)
    name: str = attrs.field(converter=name_field)
    parties: tuple[Party, ...] = attrs.field(converter=_parties)
    actions: tuple[Action, ...] = attrs.field(default=(), converter=_actions)
    term: Term = attrs.field(converter=_term)
    clauses: tuple[Clause, ...] = attrs.field(converter=_clauses)
    amendments: tuple[Amendment, ...] = attrs.field(default=(), converter=_amendments)
    what_ifs: tuple[Amendment, ...] = attrs.field(default=(), converter=_what_ifs)
    interpretations: tuple[Interpretation, ...] = attrs.field(
        default=(), converter=_interpretations
    )
    source: str | None = attrs.field(default=None, converter=_source)

    def __attrs_post_init__(self) -> None:
        problems = list(_check(self))
        if not problems:  # the lifecycle's checks need an otherwise valid deal
            problems = list(_check_lifecycle(self, self.history))
        if problems:
            raise InvalidDealError(f"deal {self.id!r} is invalid", problems)

    # -- lookups ---------------------------------------------------------------------

    def party(self, party_id: str) -> Party:
        """The party with id `party_id`.

        Raises:
            UnknownReferenceError: if there is none (the message lists the known ids).
        """
        for p in self.parties:
            if p.id == party_id:
                return p
        raise UnknownReferenceError(
            f"no party {party_id!r}; known: {', '.join(p.id for p in self.parties)}",
            path="$.parties",
            expected="a party id of this deal",
            got=party_id,
        )

    @overload
    def clause(self, clause_id: str) -> Clause: ...
    @overload
    def clause(self, clause_id: str, kind: type[C]) -> C: ...

    def clause(self, clause_id: str, kind: type[Any] | None = None) -> Any:
        """The clause with id `clause_id`: its latest version in the deal's history.

        That is the clause as stated, or as the last amendment that added or replaced it
        has it (an amendment that removes it does not hide it). With `kind`, the clause is
        also checked to be of that clause kind, and typed as one.

        Example:
            >>> from dealterms.examples import microsoft_openai
            >>> microsoft_openai().clause("agi-clause", Trigger).holder
            'openai'

        Raises:
            UnknownReferenceError: if no clause has that id (the message lists the ids).
            InvalidValueError: if `kind` is given and the clause is of another kind.
        """
        found = None
        for v in self.history:
            if v.clause.id == clause_id:
                found = v.clause
        if found is None:
            known = sorted({v.clause.id for v in self.history})
            raise UnknownReferenceError(
                f"no clause {clause_id!r}; known: {', '.join(known)}",
                path="$.clauses",
                expected="a clause id of this deal",
                got=clause_id,
            )
        if kind is not None and not isinstance(found, kind):
            raise InvalidValueError(
                f"clause {clause_id!r} is a {type(found).__name__}, not a {kind.__name__}",
                path="kind",
                expected=kind.__name__,
                got=type(found).__name__,
            )
        return found

    def action(self, action_id: str) -> Action | None:
        """The declared action with id `action_id`, or `None`."""
        for a in self.actions:
            if a.id == action_id:
                return a
        return None

    def clause_events(self) -> set[str]:
        """The events the deal's obligations and powers read, and their lifecycle events.

        Each `created_by`, `takes_effect` and `Deadline.after` of an
        [`Obligation`][dealterms.Obligation] or [`Power`][dealterms.Power], and every
        `"<id>.<word>"` the lifecycle records for them (`"q1-payment.fulfilled"`; the words
        are in `docs/obligations.md`).
        """
        names: set[str] = set()
        for v in self.history:
            c = v.clause
            if isinstance(c, Obligation | Power):
                names.update(n for _, n in event_fields(c))
                names.update(f"{c.id}.{w}" for w in LIFECYCLE_WORDS)
        return names

    @functools.cached_property
    def history(self) -> tuple[ClauseVersion, ...]:
        """Every version of every clause, with when and by which amendment it started and ended.

        The amendments are applied in `(effective_date, id)` order.
        """
        return _history(self)[0]

    # -- variants --------------------------------------------------------------------

    def with_what_ifs(self, *names: str) -> Deal:
        """Return the deal with the named what-if amendments applied as real ones.

        Raises:
            UnknownReferenceError: for a name that is not one of `what_ifs` (the message
                lists the known ones).
            InvalidDealError: if the result is not a valid deal.
        """
        chosen = []
        known = {w.id: w for w in self.what_ifs}
        for i, name in enumerate(names):
            if name in names[:i]:
                raise InvalidValueError(
                    f"what-if {name!r} is named twice",
                    path="$.what_ifs",
                    expected="each what-if at most once",
                    got=name,
                )
            if name not in known:
                raise UnknownReferenceError(
                    f"no what-if {name!r} in deal {self.id!r}; known: {', '.join(known) or 'none'}",
                    path="$.what_ifs",
                    expected="a what-if id",
                    got=name,
                )
            chosen.append(known.pop(name))
        return attrs.evolve(
            self,
            amendments=(*self.amendments, *chosen),
            what_ifs=tuple(known.values()),
        )

    def with_interpretation(self, name: str) -> Deal:
        """Return the deal read under the named interpretation of its term.

        Raises:
            UnknownReferenceError: for an unknown interpretation name.
        """
        for i in self.interpretations:
            if i.id == name:
                return attrs.evolve(self, term=i.term)
        raise UnknownReferenceError(
            f"no interpretation {name!r} in deal {self.id!r}; known: "
            f"{', '.join(i.id for i in self.interpretations) or 'none'}",
            path="$.interpretations",
            expected="an interpretation id",
            got=name,
        )

    def as_known_on(self, day: date) -> Deal:
        """The deal as it was known on `day`: amendments agreed after `day` are left out.

        An amendment counts as known from its `agreed_on` date, or from its
        `effective_date` when `agreed_on` is not given. So a retroactive amendment (agreed
        after it takes effect) changes answers about the past only for questions asked on
        or after the day it was agreed.

        Args:
            day: The knowledge date.

        The partial view is not validated again: the full deal was. Where an amendment known
        on `day` names a clause that only a later-agreed amendment adds, that change is
        skipped in the view (it cannot apply yet), and a trigger may name a clause the view
        does not have yet.

        Args:
            day: The knowledge date.

        Returns:
            The deal without the amendments not yet agreed (the same object if none).
        """
        day = parse_date(day, path="known_on")
        cache = self._known_on_cache
        if day not in cache:
            kept = tuple(a for a in self.amendments if (a.agreed_on or a.effective_date) <= day)
            cache[day] = self if kept == self.amendments else self._view(amendments=kept)
        return cache[day]

    # -- views for people, notebooks and tables --------------------------------------

    def describe(self, clause_id: str | None = None) -> str:
        """The deal in plain English: parties, term, every clause version, amendments.

        Each clause reads as one sentence that cites its id and where it comes from.

        Args:
            clause_id: If given, only the sentences of this clause's versions.

        Returns:
            Lines of text: a heading, the parties, the term, one `- sentence.` per clause
            version, then the amendments, what-ifs and interpretations.

        Raises:
            UnknownReferenceError: if the deal never has a clause `clause_id`.

        Example:
            >>> from dealterms.examples import microsoft_openai
            >>> print(microsoft_openai().describe("ip-license"))
            OpenAI grants Microsoft an exclusive licence ... (clause ip-license, ...).
        """
        from dealterms._english import deal_text  # noqa: PLC0415 - import cycle

        return deal_text(self, clause_id)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per clause version, in history order, for DataFrames.

        Keys: `clause`, `kind`, `amendment` (the id of the amendment that added it, or
        `None`), `ended_by` and `ended_how` (`"superseded"`, `"removed"` or `None`),
        `from` and `through` (ISO dates, inclusive: the days it applies within the deal's
        term, `None` if never or without end), `text` (its plain-English sentence) and
        `source`.

        Example:
            >>> from dealterms.examples import microsoft_openai
            >>> first = microsoft_openai().to_records()[0]
            >>> first["clause"], first["through"]
            ('compute-exclusivity', '2025-01-20')
        """
        from dealterms._frames import deal_records  # noqa: PLC0415 - import cycle

        return deal_records(self)

    def to_frame(self) -> pd.DataFrame:
        """[`to_records`][dealterms.Deal.to_records] as a pandas DataFrame (dates as datetime64).

        Raises:
            MissingDependencyError: if pandas is not installed (`dealterms[pandas]`).
        """
        from dealterms._frames import DEAL_COLUMNS, to_frame  # noqa: PLC0415 - optional

        return to_frame(self.to_records(), columns=DEAL_COLUMNS, feature="Deal.to_frame")

    def _repr_html_(self) -> str:
        from dealterms._html import deal_html  # noqa: PLC0415 - import cycle

        return deal_html(self)

    def __repr__(self) -> str:
        from dealterms._english import deal_repr  # noqa: PLC0415 - import cycle

        return deal_repr(self)

    def _view(self, **changes: object) -> Deal:
        """A copy with some fields replaced, *not* validated (for derived partial views)."""
        view = object.__new__(Deal)
        for field in attrs.fields(Deal):
            object.__setattr__(view, field.name, changes.get(field.name, getattr(self, field.name)))
        return view

    @functools.cached_property
    def _known_on_cache(self) -> dict[date, Deal]:
        return {}

    @functools.cached_property
    def _compiled(self) -> CompiledDeal:
        from dealterms._evaluate import compile_deal  # noqa: PLC0415 - import cycle

        return compile_deal(self)

    @functools.cached_property
    def _cut_cache(self) -> dict[date, CompiledDeal]:
        return {}

    @functools.cached_property
    def _lifecycle(self) -> Lifecycle:
        from dealterms._lifecycle import Lifecycle  # noqa: PLC0415 - import cycle

        return Lifecycle.from_deal(self)

    def _cut(self, day: date) -> CompiledDeal:
        """The deal compiled as terminated with effect from `day` (cached per day)."""
        from dealterms._evaluate import compile_deal  # noqa: PLC0415 - import cycle

        cache = self._cut_cache
        if day not in cache:
            cache[day] = compile_deal(self, cut=day)
        return cache[day]


def _clause_path(clause_id: str, where: str = "$.clauses") -> str:
    return f"{where}[{clause_id!r}]"


def _check_clause(
    clause: Clause, path: str, parties: set[str], actions: set[str]
) -> Iterator[InvalidValueError]:
    for field, pid in clause.party_refs():
        if pid not in parties:
            yield UnknownReferenceError(
                f"{field}={pid!r} is not a party of the deal (parties: "
                f"{', '.join(sorted(parties))})",
                path=f"{path}.{field}",
                expected="a party id",
                got=pid,
            )
    for field, aid in clause.action_refs():
        if aid not in actions:
            yield UnknownReferenceError(
                f"{field}={aid!r} is not an action declared in the deal (actions: "
                f"{', '.join(sorted(actions)) or 'none'})",
                path=f"{path}.{field}",
                expected="an action id",
                got=aid,
            )
    for p in clause.problems():
        yield p.at(path)


def _history(deal: Deal) -> tuple[tuple[ClauseVersion, ...], list[InvalidValueError]]:
    problems: list[InvalidValueError] = []
    live: dict[str, ClauseVersion] = {}
    done: list[ClauseVersion] = []
    for c in deal.clauses:
        if c.id in live:
            problems.append(
                DuplicateIdError(
                    f"clause id {c.id!r} is used twice",
                    path=_clause_path(c.id),
                    expected="distinct clause ids",
                    got=c.id,
                )
            )
            continue
        live[c.id] = ClauseVersion(
            clause=c, path=_clause_path(c.id), introduced_by=None, start=deal.term.effective_date
        )
    for a in deal.amendments:
        apath = f"$.amendments[{a.id!r}]"
        if a.effective_date < deal.term.effective_date:
            problems.append(
                InvalidValueError(
                    f"effective_date={a.effective_date} is before the deal's effective_date="
                    f"{deal.term.effective_date}",
                    path=f"{apath}.effective_date",
                    expected=f"a date on or after {deal.term.effective_date}",
                    got=a.effective_date,
                )
            )
        for i, ch in enumerate(a.changes):
            cpath = f"{apath}.changes[{i}]"
            if isinstance(ch, RemoveClause | ReplaceClause):
                old = live.get(ch.clause_id)
                if old is None:
                    problems.append(
                        UnknownReferenceError(
                            f"clause_id={ch.clause_id!r} names no clause in force on "
                            f"{a.effective_date} (in force: {', '.join(sorted(live)) or 'none'})",
                            path=f"{cpath}.clause_id",
                            expected="the id of a clause in force",
                            got=ch.clause_id,
                        )
                    )
                    continue
                del live[ch.clause_id]
                how = "removed" if isinstance(ch, RemoveClause) else "superseded"
                done.append(
                    attrs.evolve(
                        old,
                        ended_by=a,
                        ended_how=how,
                        end=a.effective_date,
                        superseded_by=ch.by.id if isinstance(ch, ReplaceClause) else None,
                    )
                )
            new = (
                ch.clause
                if isinstance(ch, AddClause)
                else (ch.by if isinstance(ch, ReplaceClause) else None)
            )
            if new is not None:
                key = "clause" if isinstance(ch, AddClause) else "by"
                if new.id in live:
                    problems.append(
                        DuplicateIdError(
                            f"clause id {new.id!r} is already in force on {a.effective_date}",
                            path=f"{cpath}.{key}.id",
                            expected="an id not in force",
                            got=new.id,
                        )
                    )
                    continue
                live[new.id] = ClauseVersion(
                    clause=new, path=f"{cpath}.{key}", introduced_by=a, start=a.effective_date
                )
    versions = tuple(done) + tuple(live.values())
    return versions, problems


def _check(deal: Deal) -> Iterator[InvalidValueError]:
    seen: set[str] = set()
    for p in deal.parties:
        if p.id in seen:
            yield DuplicateIdError(
                f"party id {p.id!r} is used twice",
                path=f"$.parties[{p.id!r}]",
                expected="distinct party ids",
                got=p.id,
            )
        seen.add(p.id)
    parties = seen
    actions: set[str] = set()
    for act in deal.actions:
        if act.id in actions:
            yield DuplicateIdError(
                f"action id {act.id!r} is used twice",
                path=f"$.actions[{act.id!r}]",
                expected="distinct action ids",
                got=act.id,
            )
        actions.add(act.id)
    renewal = deal.term.renewal
    if renewal is not None and renewal.holder is not None and renewal.holder not in parties:
        yield UnknownReferenceError(
            f"holder={renewal.holder!r} is not a party of the deal (parties: "
            f"{', '.join(sorted(parties))})",
            path="$.term.renewal.holder",
            expected="a party id",
            got=renewal.holder,
        )
    ids: set[str] = set()
    for group, changes in (("amendments", deal.amendments), ("what_ifs", deal.what_ifs)):
        for a in changes:
            if a.id in ids:
                yield DuplicateIdError(
                    f"amendment id {a.id!r} is used twice",
                    path=f"$.{group}[{a.id!r}]",
                    expected="distinct amendment ids",
                    got=a.id,
                )
            ids.add(a.id)
    versions, problems = _history(deal)
    yield from problems
    all_ids = {v.clause.id for v in versions}
    kinds: dict[str, tuple[str, str]] = {}  # every fact the deal reads -> (type, first path)
    for v in versions:
        for name in (
            "condition",
            "condition_precedent",
            "condition_subsequent",
            "release_condition",
        ):
            cond = getattr(v.clause, name, None)
            if cond is not None:
                yield from check(cond, f"{v.path}.{name}", kinds)
    for v in versions:
        yield from _check_clause(v.clause, v.path, parties, actions)
        for field, target in v.clause.clause_refs():
            if target not in all_ids:
                yield UnknownReferenceError(
                    f"{field.split('[')[0]} names clause {target!r}, which the deal never has",
                    path=f"{v.path}.{field}",
                    expected="ids of clauses of this deal",
                    got=target,
                )
    yield from _check_lifecycle_events(versions)
    # What-ifs are checked by applying each one alone.
    for w in deal.what_ifs:
        try:
            attrs.evolve(deal, amendments=(*deal.amendments, w), what_ifs=())
        except InvalidDealError as e:
            for sub in e.exceptions:
                if isinstance(sub, InvalidValueError) and f"[{w.id!r}]" in sub.path:
                    yield InvalidValueError(
                        sub.message,
                        path=sub.path.replace("$.amendments", "$.what_ifs"),
                        expected=sub.expected,
                        got=sub.got,
                    )
    seen_readings: set[str] = set()
    for i in deal.interpretations:
        if i.id in seen_readings:
            yield DuplicateIdError(
                f"interpretation id {i.id!r} is used twice",
                path=f"$.interpretations[{i.id!r}]",
                expected="distinct interpretation ids",
                got=i.id,
            )
        seen_readings.add(i.id)


def _check_lifecycle_events(versions: tuple[ClauseVersion, ...]) -> Iterator[InvalidValueError]:
    """Refuse `"<id>.<word>"` naming a clause without a lifecycle, or an unknown word."""
    kinds = {v.clause.id: v.clause.kind for v in versions}
    for v in versions:
        if not isinstance(v.clause, Obligation | Power):
            continue
        target = v.clause.target if isinstance(v.clause, Power) else None
        if target is not None and kinds.get(target, "obligation") != "obligation":
            yield InvalidValueError(
                f"power {v.clause.id!r} targets {target!r}, a {kinds[target]} clause, "
                "not an obligation",
                path=f"{v.path}.target",
                expected="the id of an obligation of this deal",
                got=target,
            )
        for field, name in event_fields(v.clause):
            head, _, word = name.rpartition(".")
            if head not in kinds:
                continue
            if kinds[head] not in ("obligation", "power"):
                yield InvalidValueError(
                    f"{field} names event {name!r}, but {head!r} is a {kinds[head]} clause, "
                    "which has no lifecycle events (only obligations and powers do)",
                    path=f"{v.path}.{field}",
                    expected="'<obligation or power id>.<lifecycle word>' or a business event",
                    got=name,
                )
            elif word not in LIFECYCLE_WORDS:
                yield InvalidValueError(
                    f"{field} names event {name!r}, but {word!r} is not a lifecycle event",
                    path=f"{v.path}.{field}",
                    expected=f"'{head}.<word>', word one of {', '.join(sorted(LIFECYCLE_WORDS))}",
                    got=name,
                )


def _check_lifecycle(
    deal: Deal, versions: tuple[ClauseVersion, ...]
) -> Iterator[InvalidValueError]:
    """The lifecycle's own checks (a power's target, guards, constraints) on the deal.

    Without them a deal the lifecycle refuses would build and then fail on every
    `evaluate`; the error's path names the clause as the deal does.
    """
    from dealterms._lifecycle import replayed  # noqa: PLC0415 - import cycle

    paths: dict[str, str] = {}
    for v in versions:
        if replayed(v):
            paths[v.clause.id] = v.path  # the latest version, as from_deal takes it
    if not paths:
        return
    try:
        deal._lifecycle  # noqa: B018 - built and cached once, for the evaluator too
    except InvalidValueError as e:
        path = e.path
        for i, clause_path in enumerate(paths.values()):
            prefix = f"$.clauses[{i}]"
            if path == prefix or path.startswith((prefix + ".", prefix + "[")):
                path = clause_path + path[len(prefix) :]
                break
        yield type(e)(e.message, path=path, expected=e.expected, got=e.got)


def clause_window(deal_term: Interval, version: ClauseVersion) -> Interval | None:
    """The days a clause version is in force, or `None` if none.

    That is the deal's term, the clause's own term and the span between the amendments
    that introduced and ended it, intersected.
    """
    window: Interval | None = deal_term
    own = version.clause.term
    if own is not None:
        window = window.intersection(own.interval()) if window else None
    if window is None:
        return None
    try:
        amended = Interval(start=version.start, end=version.end)
    except InvalidValueError:
        return None
    return window.intersection(amended)
