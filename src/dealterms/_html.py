"""HTML tables for notebooks: the `_repr_html_` of deals, evaluations, timelines and ledgers.

Every piece of text that comes from a value (names, descriptions, ids, sources, reasons)
goes through `html.escape`, so a party called `<script>` shows as text and never runs.
The markup is plain tables with inline styles (no scripts, no external CSS), left-aligned
so that sentences read well in Jupyter, whose stylesheet right-aligns table cells.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from dealterms._english import (
    STATUS_WORDS,
    capitalize,
    clause_sentence,
    origin,
    transition_sentence,
)
from dealterms._evaluate import version_window

if TYPE_CHECKING:
    from dealterms._deal import Deal
    from dealterms._evaluate import Evaluation
    from dealterms._ledger import Ledger
    from dealterms._timeline import Timeline

__all__ = ["deal_html", "evaluation_html", "ledger_html", "timeline_html"]

_STATUS_COLOURS = {
    "in_force": "#d8f0dc",
    "contingent": "#fff1c2",
    "not_in_force": "#eeeeee",
}
_CELL = "text-align:left;vertical-align:top;padding:2px 8px"


def _e(value: object) -> str:
    """`value` as escaped text (`None` as an empty cell)."""
    return "" if value is None else html.escape(str(value), quote=True)


def _row(cells: Iterable[str], *, tag: str = "td", style: str = "") -> str:
    """One table row of already-escaped cells."""
    extra = f";{style}" if style else ""
    return "<tr>" + "".join(f'<{tag} style="{_CELL}{extra}">{c}</{tag}>' for c in cells) + "</tr>"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table: `header` is plain text (escaped here), `rows` are escaped cells."""
    head = _row((_e(h) for h in header), tag="th")
    body = "".join(_row(r) for r in rows)
    return (
        '<table style="border-collapse:collapse">'
        f"<thead>{head}</thead><tbody>{body}</tbody></table>"
    )


def _status_cell(name: str) -> str:
    colour = _STATUS_COLOURS.get(name, "#ffffff")
    return (
        f'<span style="background:{colour};padding:0 4px;white-space:nowrap">'
        f"{_e(STATUS_WORDS[name])}</span>"
    )


def _nowrap(value: object) -> str:
    """`value` escaped, on one line (dates and ids read badly when broken)."""
    return f'<span style="white-space:nowrap">{_e(value)}</span>'


def _box(title: str, *parts: str) -> str:
    """The outer block: a bold title line (escaped here) and the parts below it."""
    return f'<div class="dealterms"><p><strong>{_e(title)}</strong></p>{"".join(parts)}</div>'


def _p(text: str) -> str:
    return f"<p>{_e(text)}</p>"


def deal_html(deal: Deal) -> str:
    """The deal as HTML: parties, term, one row per clause version, amendments, variants."""
    names = {p.id: p.name for p in deal.parties}
    rows = []
    for v in sorted(deal.history, key=lambda v: (v.start, v.introduced_by is not None)):
        window = version_window(deal, v)
        rows.append(
            [
                _nowrap(v.clause.id),
                _e(v.clause.kind.replace("_", " ")),
                _nowrap(window.start if window else "never"),
                _nowrap(window.last_day if window and window.last_day else ""),
                _e(clause_sentence(v.clause, deal)),
                _e(v.clause.source),
            ]
        )
    parts = [
        _p(f"Parties: {', '.join(f'{n} ({i})' for i, n in names.items())}"),
        _p(f"Term: {deal.term.describe()}" + (f"; source: {deal.source}" if deal.source else "")),
        _table(["clause", "kind", "from", "through", "what it says", "source"], rows),
    ]
    if deal.amendments:
        parts.append(_p("Amendments"))
        parts.append(
            _table(
                ["amendment", "effective", "what it does"],
                [[_e(a.id), _nowrap(a.effective_date), _e(a.description)] for a in deal.amendments],
            )
        )
    if deal.what_ifs:
        parts.append(_p("What-ifs (applied only on request, with Deal.with_what_ifs)"))
        parts.append(
            _table(
                ["what-if", "effective", "what it does"],
                [[_e(a.id), _nowrap(a.effective_date), _e(a.description)] for a in deal.what_ifs],
            )
        )
    if deal.interpretations:
        parts.append(_p("Interpretations (Deal.with_interpretation)"))
        parts.append(
            _table(
                ["interpretation", "reading", "term"],
                [
                    [_e(i.id), _e(i.description), _e(i.term.describe())]
                    for i in deal.interpretations
                ],
            )
        )
    return _box(f"{deal.name} ({deal.id})", *parts)


def evaluation_html(ev: Evaluation) -> str:
    """The evaluation as HTML: one row per entitlement, with status, sentence and reason."""
    names = {p.id: p.name for p in ev.deal.parties}
    counts = {n: sum(e.status.name == n for e in ev.entitlements) for n in STATUS_WORDS}
    summary = ", ".join(f"{counts[n]} {w}" for n, w in STATUS_WORDS.items())
    rows = [
        [
            _status_cell(e.status.name),
            _e(names.get(e.holder, e.holder)),
            _e(e.relation.value),
            _e(capitalize(e.text)),
            _e(f"{e.clause}, {origin(ev.deal, e.amendment)}"),
            _e(e.because),
        ]
        for e in ev.entitlements
    ]
    return _box(
        f"{ev.deal.name} as of {ev.as_of}",
        _p(summary),
        _table(["status", "holder", "relation", "entitlement", "clause", "why"], rows),
    )


def timeline_html(t: Timeline) -> str:
    """The timeline as HTML: the spans with their counts, then every change in words."""
    deal = t.scenario.variant
    spans = []
    for span in t.spans:
        ev = span.evaluation
        counts = [sum(e.status.name == n for e in ev.entitlements) for n in STATUS_WORDS]
        spans.append(
            [_nowrap(span.interval.start), _nowrap(span.interval.last_day), *map(_e, counts)]
        )
    changes = [
        [
            _nowrap(tr.day),
            _nowrap(tr.after.clause),
            _status_cell(tr.before.status.name) + " → " + _status_cell(tr.after.status.name),
            _e(transition_sentence(tr, deal)),
        ]
        for tr in t.transitions()
    ]
    parts = [
        *([_p(t.scenario.description)] if t.scenario.description else []),
        _table(["from", "through", "in force", "contingent", "not in force"], spans),
    ]
    if changes:
        parts += [_p("Changes"), _table(["date", "clause", "status", "in words"], changes)]
    else:
        parts.append(_p("No changes in this period."))
    return _box(f"{deal.name}: scenario {t.scenario.id}, {t.start} through {t.end}", *parts)


def ledger_html(book: Ledger) -> str:
    """The ledger as HTML: one row per clause and period, then the totals."""
    rows = [
        [
            _nowrap(r["clause"]),
            _e(f"{r['payer']} → {r['payee']}"),
            _nowrap(r["period_start"]),
            _nowrap(r["period_end"]),
            _e(r["days_in_force"]),
            _e("-" if r["base"] is None else f"{r['base']} {r['currency']}"),
            _e(r["rate"]),
            _e("unknown" if r["owed"] is None else f"{r['owed']} {r['currency']}"),
            _e(r["why"]),
        ]
        for r in book.to_records()
    ]
    totals = []
    for clause in dict.fromkeys(r.clause for r in book.rows):
        total = book.total(clause)
        totals.append([_e(clause), _e("unknown" if total is None else total.format())])
    return _box(
        f"Revenue-share ledger, {book.start} through {book.end} (rounding {book.rounding})",
        _table(["clause", "flow", "from", "through", "days", "base", "rate", "owed", "why"], rows),
        _p("Totals"),
        _table(["clause", "total owed"], totals),
    )
