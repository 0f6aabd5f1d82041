"""Explanation trees: why an entitlement has its status, for people and for machines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from dealterms._conditions import (
    AllOf,
    AnyOf,
    Condition,
    Declared,
    Happened,
    Not,
    atoms,
    decide,
    fact_names,
)
from dealterms._money import Money

if TYPE_CHECKING:
    from dealterms._deal import Deal
    from dealterms._entitlement import Entitlement
    from dealterms._evaluate import Slot
    from dealterms._state import State

__all__ = ["Explanation"]


@attrs.frozen(kw_only=True)
class Explanation:
    """A node of an explanation tree.

    Attributes:
        text: One sentence.
        children: The reasons behind it.
        clause: Id of the clause this node cites, if any.
        source: The clause's (or fact's) source note, if any.
    """

    text: str
    children: tuple[Explanation, ...] = ()
    clause: str | None = None
    source: str | None = None

    def lines(self, indent: str = "  ") -> list[str]:
        """The tree as indented lines, for people (computed without recursion)."""
        out: list[str] = []
        stack: list[tuple[Explanation, int]] = [(self, 0)]
        while stack:
            node, depth = stack.pop()
            out.append(indent * depth + node.text)
            stack.extend((c, depth + 1) for c in reversed(node.children))
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def as_data(self) -> dict[str, Any]:
        """The tree as plain data (dicts, lists, strings), for JSON."""
        data: dict[str, Any] = {"text": self.text}
        if self.clause is not None:
            data["clause"] = self.clause
        if self.source is not None:
            data["source"] = self.source
        data["children"] = [c.as_data() for c in self.children]
        return data


def _truth(v: bool | None) -> str:
    return {True: "true", False: "false", None: "unknown"}[v]


def _fact_nodes(cond: Condition, state: State) -> list[Explanation]:
    nodes = []
    for name in fact_names(cond):
        fact = state.fact(name)
        if fact is None:
            nodes.append(Explanation(text=f"fact {name}: unknown"))
            continue
        value = fact.value.format() if isinstance(fact.value, Money) else str(fact.value)
        prov = []
        if fact.source:
            prov.append(f"reported by {fact.source}")
        if fact.reported_on:
            prov.append(f"on {fact.reported_on}")
        suffix = f" ({', '.join(prov)})" if prov else ""
        nodes.append(Explanation(text=f"fact {name} = {value}{suffix}", source=fact.source))
    events = sorted({a.event for a in atoms(cond) if isinstance(a, Happened)})
    for name in events:
        occ = state.occurrences(name)
        if occ:
            src = f" (reported by {occ[0].source})" if occ[0].source else ""
            nodes.append(Explanation(text=f"event {name} on {occ[0].date}{src}"))
        else:
            nodes.append(Explanation(text=f"event {name}: has not happened by {state.as_of}"))
    return nodes


def _gate_line(label: str, positive: str | None, value: bool | None) -> str:
    """A gate's line; a gate that must be false is shown in the positive, truth inverted."""
    if positive is None:
        return f"{label}: {_truth(value)}"
    return f"{positive}: {_truth(None if value is None else not value)}"


def _describe(cond: Condition) -> str:
    if isinstance(cond, Not) and isinstance(cond.condition, AllOf | AnyOf | Declared):
        return f"not {cond.condition}"
    return str(cond)


def explain_entitlement(e: Entitlement, slot: Slot, deal: Deal, state: State) -> Explanation:
    """Build the explanation tree of entitlement `e` (which comes from `slot`)."""
    clause = slot.version.clause
    children: list[Explanation] = [
        Explanation(
            text=f"clause {clause.id} ({clause.kind.replace('_', ' ')})"
            + (f"; source: {clause.source}" if clause.source else ""),
            clause=clause.id,
            source=clause.source,
        )
    ]
    v = slot.version
    if v.introduced_by is not None:
        a = v.introduced_by
        children.append(
            Explanation(
                text=f"added by amendment {a.id}, effective {a.effective_date}"
                + (f"; source: {a.source}" if a.source else ""),
                source=a.source,
            )
        )
    if v.ended_by is not None:
        a = v.ended_by
        children.append(
            Explanation(text=f"{v.ended_how} by amendment {a.id}, effective {a.effective_date}")
        )
    window = slot.window
    children.append(
        Explanation(
            text=f"clause window {window}, half-open (deal term {deal.term.describe()})"
            if window
            else "never in force (its term lies outside the deal's)"
        )
    )
    if slot.tail is not None:
        children.append(Explanation(text=f"after the term: it {slot.tail.because}"))
    for gate in slot.gates:
        d = decide(gate.condition, state)
        children.append(
            Explanation(
                text=_gate_line(gate.label, gate.positive, d.value)
                + (f" (missing: {', '.join(d.missing)})" if d.missing else ""),
                children=tuple(_fact_nodes(gate.condition, state)),
            )
        )
    status = e.status.name.replace("_", " ")
    return Explanation(
        text=f"{e.text}: {status} — {e.because}",
        children=tuple(children),
        clause=clause.id,
        source=clause.source,
    )
