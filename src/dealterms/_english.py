"""Plain English: sentences for clauses, conditions, entitlements, explanations and changes.

Every view for people (the CLI's text output, the notebook tables, `describe()`) takes its
sentences from here, so a clause reads the same everywhere. The sentences use the parties'
display names and the actions' descriptions (verb phrases) of the deal, and cite the
clause id and where the clause came from:

    Microsoft holds a right of first refusal from OpenAI: … (clause compute-rofr, added by
    the amendment of 2025-01-21)

Nothing here changes a value or reads the clock; every function is pure.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from dealterms._clauses.carve_out import CarveOut
from dealterms._clauses.covenants import NonCompete, NonSolicit
from dealterms._clauses.escrow import SourceCodeEscrow
from dealterms._clauses.exclusivity import Exclusivity
from dealterms._clauses.fields import duration_words
from dealterms._clauses.license import License
from dealterms._clauses.permission import Permission
from dealterms._clauses.revenue_share import RevenueShare
from dealterms._clauses.rofr import RightOfFirstRefusal
from dealterms._clauses.survival import Survival
from dealterms._clauses.trigger import Trigger
from dealterms._conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    AtMost,
    Before,
    Condition,
    Declared,
    Happened,
    Latched,
    LessThan,
    MoreThan,
    Not,
    OnOrAfter,
    decide,
    fact_names,
)
from dealterms._entitlement import Contingent, Entitlement, InForce, NotInForce
from dealterms._money import Money
from dealterms.exceptions import UnknownReferenceError

if TYPE_CHECKING:
    from collections.abc import Callable

    from dealterms._clauses.kinds import Clause
    from dealterms._deal import ClauseVersion, Deal
    from dealterms._evaluate import Evaluation, Gate
    from dealterms._ledger import Ledger
    from dealterms._state import State
    from dealterms._timeline import Timeline, Transition

__all__ = [
    "clause_sentence",
    "condition_sentence",
    "deal_repr",
    "deal_text",
    "entitlement_line",
    "entitlement_sentence",
    "evaluation_repr",
    "evaluation_text",
    "explanation_text",
    "ledger_repr",
    "money_words",
    "origin",
    "status_words",
    "timeline_repr",
    "timeline_text",
    "transition_sentence",
]

STATUS_WORDS = {"in_force": "in force", "contingent": "contingent", "not_in_force": "not in force"}
"""Each status name in words."""

_PERIOD_NOUN = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


def capitalize(text: str) -> str:
    """`text` with its first letter in upper case (the rest unchanged)."""
    return text[:1].upper() + text[1:]


def money_words(value: Money | Decimal) -> str:
    """An amount with thousands separators: `"100,000,000,000 USD"`, `"1,234.5"`.

    Exact: the digits are the `Decimal`'s own, never rounded.

    Example:
        >>> money_words(Money.parse("100000000000 USD"))
        '100,000,000,000 USD'
    """
    if isinstance(value, Money):
        return f"{value.amount:,f} {value.currency}"
    return f"{value:,f}"


# ---------------------------------------------------------------------------------------
# Conditions.

_COMPARISONS: dict[type, tuple[str, str]] = {
    # condition type: (its words, the words of its negation)
    AtLeast: ("is at least", "is less than"),
    MoreThan: ("is more than", "is at most"),
    AtMost: ("is at most", "is more than"),
    LessThan: ("is less than", "is at least"),
}


def _window(c: Happened) -> str:
    parts = []
    if c.on_or_after is not None:
        parts.append(f"on or after {c.on_or_after}")
    if c.before is not None:
        parts.append(f"before {c.before}")
    return f" ({' and '.join(parts)})" if parts else ""


def _part(c: Condition) -> str:
    """A condition as part of a combination: combinations of several go in brackets."""
    text = condition_sentence(c)
    if isinstance(c, AllOf | AnyOf) and len(c.conditions) > 1:
        return f"({text})"
    return text


def _listing(items: list[str], word: str) -> str:
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def condition_sentence(condition: Condition) -> str:
    """A condition in words, e.g. `"openai.cumulative_profit is at least 100,000,000,000 USD"`.

    Thresholds say *at least* / *more than* / *at most* / *less than* exactly as their
    types do; a negated threshold is turned around (`not ≥` reads *less than*).
    Combinations read *both … and …*, *either … or …*, *all of …*, *any of …*, with nested
    combinations in brackets.

    Example:
        >>> from dealterms import Metric
        >>> profit = Metric(name="profit")
        >>> condition_sentence(Declared(fact="approved") & ~profit.at_least(100))
        'both approved is true and profit is less than 100'
    """
    match condition:
        case Declared(fact=fact):
            return f"{fact} is true"
        case AtLeast() | MoreThan() | AtMost() | LessThan():
            words = _COMPARISONS[type(condition)][0]
            return f"{condition.metric} {words} {money_words(condition.threshold)}"
        case Happened(event=event):
            return f"event {event} has happened{_window(condition)}"
        case OnOrAfter(day=day):
            return f"the date is on or after {day}"
        case Before(day=day):
            return f"the date is before {day}"
        case AllOf(conditions=()):
            return "always"
        case AnyOf(conditions=()):
            return "never"
        case AllOf(conditions=(only,)) | AnyOf(conditions=(only,)):
            return condition_sentence(only)
        case AllOf(conditions=(a, b)):
            return f"both {_part(a)} and {_part(b)}"
        case AnyOf(conditions=(a, b)):
            return f"either {_part(a)} or {_part(b)}"
        case AllOf(conditions=many):
            return "all of " + _listing([_part(c) for c in many], "and")
        case AnyOf(conditions=many):
            return "any of " + _listing([_part(c) for c in many], "or")
        case Latched(condition=inner, since=since):
            when = f"on any day since {since}" if since is not None else "on any day so far"
            return f"{condition_sentence(inner)} ({when}; once met, it stays met)"
        case Not(condition=inner):
            return _negation(inner)
    raise AssertionError(f"unknown condition {condition!r}")  # pragma: no cover


def _negation(inner: Condition) -> str:
    match inner:
        case Declared(fact=fact):
            return f"{fact} is false"
        case AtLeast() | MoreThan() | AtMost() | LessThan():
            words = _COMPARISONS[type(inner)][1]
            return f"{inner.metric} {words} {money_words(inner.threshold)}"
        case Happened(event=event):
            return f"event {event} has not happened{_window(inner)}"
        case OnOrAfter(day=day):
            return f"the date is before {day}"
        case Before(day=day):
            return f"the date is on or after {day}"
        case Not(condition=twice):
            return condition_sentence(twice)
    return f"it is not the case that {_part(inner)}"


# ---------------------------------------------------------------------------------------
# Clauses.


def _names(deal: Deal) -> tuple[dict[str, str], dict[str, str]]:
    return {p.id: p.name for p in deal.parties}, {a.id: a.description for a in deal.actions}


def _version_of(deal: Deal, clause: Clause) -> ClauseVersion | None:
    for v in deal.history:
        if v.clause is clause:
            return v
    for v in deal.history:
        if v.clause == clause:
            return v
    return None


def _rate_words(clause: RevenueShare) -> str:
    text = clause.describe_rate()
    for change in clause.rate_changes:
        text += f", then {change.rate.format()} from {change.effective_date}"
    if clause.tiers:
        part = "the part above" if clause.tier_basis == "marginal" else "all of it once above"
        tiers = "; ".join(
            f"{t.rate.format()} of {part} {money_words(t.above)}" for t in clause.tiers
        )
        basis = "marginal" if clause.tier_basis == "marginal" else "whole-amount"
        text += f" ({basis} tiers on the cumulative {clause.base}: {tiers})"
    return text


def _body(clause: Clause, names: dict[str, str], words: dict[str, str]) -> str:
    """What the clause says, without its conditions, term or origin."""

    def n(party: str) -> str:
        return names.get(party, party)

    def w(action: str) -> str:
        return words.get(action, action)

    match clause:
        case Exclusivity():
            return (
                f"{n(clause.grantor)} must not {w(clause.scope)}: an exclusivity in favour of "
                f"{n(clause.holder)}"
            )
        case RightOfFirstRefusal():
            return (
                f"{n(clause.holder)} holds a right of first refusal from {n(clause.grantor)}: "
                f"before {n(clause.grantor)} turns to a third party to {w(clause.scope)}, "
                f"{n(clause.holder)} must be offered the same terms"
            )
        case License():
            kind = "an exclusive licence" if clause.exclusive else "a non-exclusive licence"
            extra = f" ({', '.join(clause.qualifiers())})" if clause.qualifiers() else ""
            return (
                f"{n(clause.licensor)} grants {n(clause.licensee)} {kind} to {w(clause.scope)}"
                + extra
            )
        case Permission():
            return (
                f"{n(clause.holder)} may {w(clause.action)}, and {n(clause.counterparty)} "
                "has no right to object"
            )
        case RevenueShare():
            text = (
                f"{n(clause.payer)} pays {n(clause.payee)} {_rate_words(clause)} of "
                f"{clause.base} each {_PERIOD_NOUN[clause.period]}"
            )
            if clause.minimum_annual is not None:
                text += f", at least {money_words(clause.minimum_annual)} a year"
            if clause.cap is not None:
                text += f", up to {money_words(clause.cap)} in all"
            return text
        case Trigger():
            latch = " (once met, it stays met)" if clause.latches else ""
            ends = ", ".join(clause.ends)
            text = (
                f"once {condition_sentence(clause.condition)}{latch}, {n(clause.holder)} "
                f"has the power to {w(clause.power)} ({n(clause.counterparty)} is liable to it)"
            )
            if ends:
                text += (
                    f"; exercising it (event {clause.exercise_event}) ends clause"
                    f"{'s' if len(clause.ends) > 1 else ''} {ends}"
                )
            return text
    return _scope_sentence(clause, n, w) or _positions_sentence(clause, names, words)


def _scope_sentence(clause: Clause, n: Callable[[str], str], w: Callable[[str], str]) -> str:
    """Covenants, survival, carve-outs and escrow in words (empty for other kinds)."""
    match clause:
        case NonCompete() | NonSolicit():
            where = f" in {_and(list(clause.territory))}" if clause.territory else ""
            text = (
                f"{n(clause.restricted)} must not {_or([w(a) for a in clause.scope])}{where} "
                f"({clause.noun} in favour of {n(clause.protected)})"
            )
            if clause.period is not None:
                text += f" for {duration_words(clause.period)} from the day it comes into force"
            if clause.tail is not None:
                text += f", and for {duration_words(clause.tail)} after its term ends"
            return text
        case Survival():
            return clause.describe()
        case CarveOut():
            return (
                f"clause {clause.clause} does not reach {_and([w(a) for a in clause.actions])}"
                " (carve-out)"
            )
        case SourceCodeEscrow():
            return (
                f"{n(clause.depositor)} keeps the source code in escrow for "
                f"{n(clause.beneficiary)}, who may have it released to {w(clause.release)} "
                f"once {condition_sentence(clause.release_condition)}"
            )
    return ""


_PLACEHOLDER = re.compile(r"\{(holder|counterparty|action)\}")


def _fill(template: str, values: dict[str, str]) -> str:
    """`template` with each placeholder replaced in one pass (names stay verbatim)."""
    return _PLACEHOLDER.sub(lambda m: values[m[1]], template)


def _positions_sentence(clause: Clause, names: dict[str, str], words: dict[str, str]) -> str:
    """Any other clause kind: the sentences of the positions it confers, joined by `;`."""
    parts = []
    for p in clause.positions():
        values = {
            "holder": names.get(p.holder, p.holder),
            "counterparty": names.get(p.counterparty, p.counterparty),
            "action": words.get(p.action, p.action),
        }
        parts.append(_fill(p.template, values))
    return "; ".join(parts) or f"clause of kind {clause.kind.replace('_', ' ')}"


def clause_sentence(clause: Clause, deal: Deal) -> str:
    """One sentence saying what `clause` of `deal` provides, citing its id and origin.

    The sentence names the parties by display name and the actions by description, adds
    the clause's conditions (*provided that …*, *until …*) and its own term, and ends with
    `(clause ID, ORIGIN)` (see [`origin`][]).

    Args:
        clause: A clause of the deal (any version in its history).
        deal: The deal, for names, descriptions and amendment dates.

    Returns:
        A sentence ending with a full stop, e.g. `"OpenAI grants Microsoft an exclusive
        licence to … (clause ip-license, in the original deal)."`.
    """
    names, words = _names(deal)
    text = _body(clause, names, words)
    if clause.condition_precedent is not None:
        text += f", provided that {condition_sentence(clause.condition_precedent)}"
    if clause.condition_subsequent is not None:
        text += f", until {condition_sentence(clause.condition_subsequent)}"
    if clause.term is not None:
        text += f", {clause.term.describe()}"
    version = _version_of(deal, clause)
    return f"{capitalize(text)} ({_version_origin(clause.id, version)})."


def _version_origin(clause_id: str, version: ClauseVersion | None) -> str:
    if version is None:
        return f"clause {clause_id}"
    a = version.introduced_by
    text = f"clause {clause_id}, " + (
        f"added by the amendment of {a.effective_date}" if a else "in the original deal"
    )
    if version.ended_by is not None:
        how = version.ended_how or "ended"
        by = f" by clause {version.superseded_by}" if version.superseded_by else ""
        text += f"; {how}{by} on {version.ended_by.effective_date}"
    return text


def origin(deal: Deal, amendment: str | None) -> str:
    """Where a clause version comes from: the original deal or a dated amendment.

    Args:
        deal: The deal (its amendments, including applied what-ifs, give the dates).
        amendment: The id of the amendment that introduced the version, or `None`.

    Returns:
        `"in the original deal"` or `"added by the amendment of 2025-01-21"`.
    """
    if amendment is None:
        return "in the original deal"
    for a in deal.amendments:
        if a.id == amendment:
            return f"added by the amendment of {a.effective_date}"
    return f"added by amendment {amendment}"


# ---------------------------------------------------------------------------------------
# Entitlements and evaluations.


def entitlement_sentence(e: Entitlement, deal: Deal) -> str:
    """The entitlement's sentence with its clause and origin, without its status.

    Example: `"Microsoft holds a right of first refusal from OpenAI: … (clause
    compute-rofr, added by the amendment of 2025-01-21)"`.
    """
    return f"{capitalize(e.text)} (clause {e.clause}, {origin(deal, e.amendment)})"


def status_words(e: Entitlement) -> str:
    """The entitlement's status in words, with the reason.

    `"in force"`, `"contingent: it depends on X, which is not known"` or
    `"not in force: <detail>"`.
    """
    match e.status:
        case InForce():
            return "in force"
        case Contingent(missing=missing):
            verb = "is" if len(missing) == 1 else "are"
            return f"contingent: it depends on {_and(list(missing))}, which {verb} not known"
        case NotInForce(detail=detail):
            return f"not in force: {detail}"
    raise AssertionError(e.status)  # pragma: no cover


def _or(items: list[str]) -> str:
    return _listing(items, "or") if len(items) > 1 else "".join(items)


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _listing(items, "and")


def evaluation_text(ev: Evaluation) -> str:
    """The evaluation in words: a heading, then the entitlements grouped by status.

    Returns:
        Lines joined by newlines: `"<deal> as of <date>"`, then `In force:`,
        `Contingent:` and `Not in force:` sections (empty ones left out), one
        `- sentence.` per entitlement, in the evaluation's order.
    """
    lines = [f"{ev.deal.name} as of {ev.as_of}"]
    for name, heading in (
        ("in_force", "In force"),
        ("contingent", "Contingent"),
        ("not_in_force", "Not in force"),
    ):
        group = [e for e in ev.entitlements if e.status.name == name]
        if not group:
            continue
        lines.append(f"{heading}:")
        lines += [f"  - {entitlement_line(e, ev.deal)}" for e in group]
    return "\n".join(lines)


def entitlement_line(e: Entitlement, deal: Deal) -> str:
    """The entitlement's sentence with its clause, origin and, unless in force, why not.

    Example: `"OpenAI must not use … (clause compute-exclusivity, in the original deal):
    superseded by clause compute-rofr (amendment january-2025-revision, effective
    2025-01-21)."`
    """
    sentence = entitlement_sentence(e, deal)
    match e.status:
        case InForce():
            return f"{sentence}."
        case Contingent():
            return f"{sentence}; {status_words(e).split(': ', 1)[1]}."
        case NotInForce(detail=detail):
            return f"{sentence}: {detail}."
    raise AssertionError(e.status)  # pragma: no cover


def _truth(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "not known"}[value]


def _gate_sentence(gate: Gate, clause: Clause, deal: Deal, state: State) -> str:
    """One gate of an entitlement, in words, with its value on `state.as_of`."""
    d = decide(gate.condition, state)
    missing = f" (it depends on {_and(list(d.missing))})" if d.missing else ""
    names, _ = _names(deal)
    if gate.reason == "power_exercised":
        when = state.occurrence_dates(gate.event or "")
        done = f"exercised on {when[0]}" if when else "exercised"
        value = "not exercised yet" if d.value else done
        return f"The power lasts until it is exercised (event {gate.event}): {value}."
    if gate.reason == "ended_by_exercise":
        trigger = _ending_trigger(deal, clause.id, gate.event)
        who = f"{names.get(trigger.holder, trigger.holder)} exercises " if trigger else ""
        which = f"the power under clause {trigger.id}" if trigger else "a power"
        when = state.occurrence_dates(gate.event or "")
        if d.value is True:
            value = "it has not"
        elif d.value is False:
            value = f"it has, on {when[0]}" if when else "it has"
        else:
            value = f"not known{missing}"
        return (
            f"It ends when {who}{which} while that power is in force (event {gate.event}): {value}."
        )
    if gate.reason == "carved_out":
        carved = {True: "no", False: "yes", None: "not known"}[d.value]
        return f"It does not apply where {gate.positive}: is it? {carved}{missing}."
    if gate.label.startswith("condition precedent") and clause.condition_precedent is not None:
        text = condition_sentence(clause.condition_precedent)
        return f"It applies only if {text}: {_truth(d.value)}{missing}."
    if gate.label.startswith("condition subsequent") and clause.condition_subsequent is not None:
        text = condition_sentence(clause.condition_subsequent)
        met = {True: "not yet", False: "yes, so it has ended", None: "not known"}[d.value]
        return f"It ends once {text}; has that happened? {met}{missing}."
    if isinstance(clause, Trigger):
        latch = " (once met, it stays met)" if clause.latches else ""
        text = condition_sentence(clause.condition)
        return f"The power arises once {text}{latch}: {_truth(d.value)}{missing}."
    return f"It needs {condition_sentence(gate.condition)}: {_truth(d.value)}{missing}."


def _ending_trigger(deal: Deal, clause_id: str, event: str | None) -> Trigger | None:
    for v in deal.history:
        c = v.clause
        if isinstance(c, Trigger) and clause_id in c.ends and c.exercise_event == event:
            return c
    return None


def _facts_read(conditions: list[Condition], state: State) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for cond in conditions:
        for name in fact_names(cond):
            if name in seen:
                continue
            seen.add(name)
            value = state.fact_values.get(name)
            if value is None:
                out.append(f"{name} is not known")
                continue
            shown = money_words(value) if isinstance(value, Money | Decimal) else str(value)
            if isinstance(value, bool):
                shown = "true" if value else "false"
            fact = state.fact(name)
            where = []
            if fact is not None and fact.source:
                where.append(f"reported by {fact.source}")
            if fact is not None and fact.reported_on:
                where.append(f"on {fact.reported_on}")
            if fact is None and state.series_for(name) is not None:
                where.append(f"from its series, on {state.as_of}")
            out.append(f"{name} is {shown}" + (f" ({', '.join(where)})" if where else ""))
    return out


def explanation_text(ev: Evaluation, e: Entitlement) -> str:
    """Why entitlement `e` of `ev` has its status, as a short paragraph of sentences.

    The paragraph gives, in order: the entitlement and its status on `as_of`; the clause's
    source; the days the clause version applies and the amendments that added or ended
    it; each condition it needs, with its value (yes / no / not known, naming the missing
    facts); and the facts read, with their values.

    Args:
        ev: The evaluation.
        e: One of `ev.entitlements`.

    Returns:
        Sentences joined by single spaces.
    """
    if e not in ev.entitlements:
        raise UnknownReferenceError(
            f"the entitlement of clause {e.clause!r} is not one of this evaluation's",
            expected="an entitlement from this evaluation's entitlements",
            got=e,
        )
    slot = ev.deal._compiled.slots[ev.entitlements.index(e)]
    v = slot.version
    clause = v.clause
    out = [f"On {ev.as_of}, {entitlement_sentence(e, ev.deal)} is {status_words(e)}."]
    if clause.source:
        out.append(f"Source: {clause.source}.")
    if v.introduced_by is not None:
        a = v.introduced_by
        out.append(f"The amendment {a.id} added it on {a.effective_date}.")
    if v.ended_by is not None:
        a = v.ended_by
        how = v.ended_how or "ended"
        by = f" by clause {v.superseded_by}" if v.superseded_by else ""
        out.append(f"The amendment {a.id} {how} it{by} on {a.effective_date}.")
    window = slot.window
    if window is None:
        out.append("It never applies: its own term lies outside the deal's term.")
    elif window.last_day is None:
        out.append(f"The clause applies from {window.start}, without end.")
    else:
        out.append(f"The clause applies from {window.start} through {window.last_day}.")
    out += [_gate_sentence(g, clause, ev.deal, ev.state) for g in slot.gates]
    facts = _facts_read([g.condition for g in slot.gates], ev.state)
    if facts:
        out.append(f"Facts read: {'; '.join(facts)}.")
    return " ".join(out)


# ---------------------------------------------------------------------------------------
# Deals and timelines.


def deal_text(deal: Deal, clause_id: str | None = None) -> str:
    """The deal in words: name, parties, term, every clause version, amendments, variants.

    Args:
        deal: The deal.
        clause_id: If given, only the sentences of this clause's versions.

    Returns:
        Lines joined by newlines, one `- sentence.` per clause version (in the deal's
        history order: the original clauses, then each amendment's); with `clause_id`,
        one sentence per version of that clause.

    Raises:
        UnknownReferenceError: if the deal never has a clause `clause_id`.
    """
    if clause_id is not None:
        found = [v for v in deal.history if v.clause.id == clause_id]
        if not found:
            known = sorted({v.clause.id for v in deal.history})
            raise UnknownReferenceError(
                f"no clause {clause_id!r} in deal {deal.id!r}; known: {', '.join(known)}",
                expected="a clause id",
                got=clause_id,
            )
        return "\n".join(clause_sentence(v.clause, deal) for v in sorted(found, key=_start))
    lines = [f"{deal.name} ({deal.id})"]
    if deal.source:
        lines.append(f"Source: {deal.source}.")
    parties = ", ".join(f"{p.name} ({p.id})" for p in deal.parties)
    lines.append(f"Parties: {parties}.")
    lines.append(f"Term: {deal.term.describe()}.")
    lines.append("Clauses:")
    lines += [f"  - {clause_sentence(v.clause, deal)}" for v in sorted(deal.history, key=_start)]
    for title, items in (("Amendments", deal.amendments), ("What-ifs", deal.what_ifs)):
        if items:
            lines.append(f"{title}:")
            lines += [
                f"  - {a.id}, effective {a.effective_date}"
                + (f": {a.description}" if a.description else "")
                + "."
                for a in items
            ]
    if deal.interpretations:
        lines.append("Interpretations:")
        lines += [
            f"  - {i.id}: {i.description} (term {i.term.describe()})." for i in deal.interpretations
        ]
    return "\n".join(lines)


def _start(v: ClauseVersion) -> tuple[object, ...]:
    """History order: by start date, the original clauses first, then by clause id."""
    return (v.start, v.introduced_by is not None, v.clause.id)


_CHANGE_VERBS = {
    ("contingent", "in_force"): "comes into force",
    ("not_in_force", "in_force"): "comes into force",
    ("in_force", "not_in_force"): "ends",
    ("contingent", "not_in_force"): "turns out not to be in force",
    ("in_force", "contingent"): "becomes contingent",
    ("not_in_force", "contingent"): "becomes contingent",
}


def transition_sentence(t: Transition, deal: Deal) -> str:
    """A change of status in words.

    Example: `"On 2025-01-21, Microsoft holds a right of first refusal … (clause
    compute-rofr, added by the amendment of 2025-01-21) comes into force."`
    """
    before, after = t.before.status.name, t.after.status.name
    verb = _CHANGE_VERBS.get(
        (before, after), f"changes from {STATUS_WORDS[before]} to {STATUS_WORDS[after]}"
    )
    subject = entitlement_sentence(t.after, deal)
    reason = "" if after == "in_force" else f": {status_words(t.after).split(': ', 1)[1]}"
    return f"On {t.day}, {subject} {verb}{reason}."


def timeline_text(t: Timeline) -> str:
    """The timeline in words: a heading, then one sentence per change of status.

    Returns:
        Lines joined by newlines: `"<deal> — scenario <id>, <start> through <end>"`, then
        one `- On DAY, … .` line per transition, in date order (or a line saying that
        nothing changes).
    """
    deal = t.scenario.variant
    lines = [f"{deal.name} — scenario {t.scenario.id}, {t.start} through {t.end}"]
    changes = t.transitions()
    if not changes:
        lines.append("Nothing changes in this period.")
    lines += [f"  - {transition_sentence(tr, deal)}" for tr in changes]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Short representations that fit a terminal line.


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def deal_repr(deal: Deal) -> str:
    """`<Deal microsoft-openai 'Microsoft–OpenAI partnership': 2 parties, 7 clauses, …>`."""
    parts = [
        f"{len(deal.parties)} part{'y' if len(deal.parties) == 1 else 'ies'}",
        _plural(len(deal.clauses), "clause"),
        _plural(len(deal.amendments), "amendment"),
    ]
    if deal.what_ifs:
        parts.append(_plural(len(deal.what_ifs), "what-if"))
    return f"<Deal {deal.id} {deal.name!r}: {', '.join(parts)}; {deal.term.describe()}>"


def evaluation_repr(ev: Evaluation) -> str:
    """`<Evaluation of microsoft-openai as of 2025-06-01: 8 in force, 1 contingent, …>`."""
    counts = ", ".join(
        f"{sum(e.status.name == n for e in ev.entitlements)} {w}" for n, w in STATUS_WORDS.items()
    )
    return f"<Evaluation of {ev.deal.id} as of {ev.as_of}: {counts}>"


def timeline_repr(t: Timeline) -> str:
    """`<Timeline of microsoft-openai, scenario baseline, 2024-01-01 through …: 3 spans, …>`."""
    return (
        f"<Timeline of {t.scenario.deal.id}, scenario {t.scenario.id}, {t.start} through "
        f"{t.end}: {_plural(len(t.spans), 'span')}, "
        f"{_plural(len(t.transitions()), 'change')}>"
    )


def ledger_repr(book: Ledger) -> str:
    """`<Ledger 2025-01-01 through 2025-12-31: 8 rows, 2 clauses, ROUND_HALF_EVEN>`."""
    clauses = len({r.clause for r in book.rows})
    return (
        f"<Ledger {book.start} through {book.end}: {_plural(len(book.rows), 'row')}, "
        f"{_plural(clauses, 'clause')}, {book.rounding}>"
    )
