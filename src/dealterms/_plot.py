"""The timeline picture: a Gantt chart of entitlements over time, drawn with matplotlib.

One row per entitlement (in the evaluation's order: clause id, version, position), a bar
where it is in force (solid) or contingent (hatched), coloured by its Hohfeldian
relation, and vertical markers for the amendments, the scenario's events, the deal's term
boundaries and the other days on which a status changes (a threshold crossed, say).

matplotlib is optional (the extra `dealterms[plot]`) and imported only when a chart is
drawn. The figure is built on the non-interactive Agg canvas, without `pyplot`, so
drawing never touches a global figure registry or a display. Saved files are
reproducible: SVG text is kept as text, with a fixed hash salt and no date; PNG files
carry no software-version stamp.
"""

from __future__ import annotations

import importlib
import os
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from dealterms._english import STATUS_WORDS
from dealterms._entitlement import Relation
from dealterms._timeline import EntitlementKey, key_of
from dealterms.exceptions import InvalidValueError, MissingDependencyError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dealterms._entitlement import Entitlement
    from dealterms._timeline import Timeline

__all__ = ["RELATION_COLOURS", "Marker", "markers", "plot_timeline"]

RELATION_COLOURS = {
    # Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
    Relation.CLAIM: "#0072B2",
    Relation.PRIVILEGE: "#009E73",
    Relation.POWER: "#E69F00",
    Relation.IMMUNITY: "#CC79A7",
}
"""The bar colour of each relation."""

_MARKER_STYLES = {
    "amendment": ("#555555", "--"),
    "what-if": ("#8E44AD", "--"),
    "event": ("#D55E00", ":"),
    "term": ("#000000", "-"),
    "change": ("#000000", "-."),
}
_FORMATS = (".svg", ".png")


@attrs.frozen(kw_only=True)
class Marker:
    """A dated vertical marker of the chart.

    Attributes:
        day: The day marked.
        kind: `"amendment"`, `"what-if"`, `"event"`, `"term"` or `"change"`.
        label: What happens, e.g. `"amendment january-2025-revision"`.
    """

    day: date
    kind: str
    label: str


def markers(t: Timeline) -> tuple[Marker, ...]:
    """The markers of timeline `t`'s chart, by date (then kind).

    Amendments (applied what-ifs marked as such) and the scenario's events inside the
    range, the deal's term boundaries inside it, and each other day on which a status
    changes, labelled with the clauses that change and their new status.
    """
    scenario = t.scenario
    deal = scenario.variant
    real = {a.id for a in scenario.deal.amendments}
    inside = [t.start, t.end]
    found: list[Marker] = []
    for a in deal.amendments:
        if inside[0] <= a.effective_date <= inside[1]:
            kind = "amendment" if a.id in real else "what-if"
            found.append(Marker(day=a.effective_date, kind=kind, label=f"{kind} {a.id}"))
    found += [
        Marker(day=ev.date, kind="event", label=f"event {ev.name}")
        for ev in scenario.events
        if inside[0] <= ev.date <= inside[1]
    ]
    term = deal.term.interval()
    if inside[0] < term.start <= inside[1]:
        found.append(Marker(day=term.start, kind="term", label="the deal's term begins"))
    if term.end is not None and inside[0] < term.end <= inside[1]:
        found.append(Marker(day=term.end, kind="term", label="the deal's term has ended"))
    marked = {m.day for m in found}
    changed: dict[date, dict[str, str]] = {}
    for tr in t.transitions():
        if tr.day not in marked:
            words = STATUS_WORDS[tr.after.status.name]
            changed.setdefault(tr.day, {})[tr.after.clause] = words
    for day, clauses in changed.items():
        label = "; ".join(f"{c} {w}" for c, w in clauses.items())
        found.append(Marker(day=day, kind="change", label=label))
    order = list(_MARKER_STYLES)
    return tuple(sorted(found, key=lambda m: (m.day, order.index(m.kind), m.label)))


def _matplotlib() -> dict[str, Any]:
    """The matplotlib pieces the chart needs, imported now."""
    try:
        return {
            "mpl": importlib.import_module("matplotlib"),
            "Figure": importlib.import_module("matplotlib.figure").Figure,
            "FigureCanvasAgg": importlib.import_module(
                "matplotlib.backends.backend_agg"
            ).FigureCanvasAgg,
            "dates": importlib.import_module("matplotlib.dates"),
            "Patch": importlib.import_module("matplotlib.patches").Patch,
            "Line2D": importlib.import_module("matplotlib.lines").Line2D,
        }
    except ImportError:
        raise MissingDependencyError(
            package="matplotlib", extra="plot", feature="Timeline.plot"
        ) from None


def _text(s: str) -> str:
    """Text for matplotlib: `$` would start mathematical notation, so it is escaped."""
    return s.replace("$", r"\$")


def check_path(path: str | os.PathLike[str]) -> Path:
    """`path` as a `Path` if it ends in `.svg` or `.png`.

    Raises:
        InvalidValueError: for another suffix.
    """
    p = Path(path)
    if p.suffix.lower() not in _FORMATS:
        raise InvalidValueError(
            f"cannot save a chart as {p.name!r}: the file name must end in .svg or .png",
            path="path",
            expected="a file name ending in .svg or .png",
            got=str(path),
        )
    return p


def _runs(t: Timeline) -> dict[EntitlementKey, tuple[Entitlement, list[tuple[date, date, str]]]]:
    """Per entitlement: one of its values, and its runs of days with one status name."""
    rows: dict[EntitlementKey, tuple[Entitlement, list[tuple[date, date, str]]]] = {}
    for span in t.spans:
        end = span.interval.end or (t.end + timedelta(days=1))
        for e in span.evaluation.entitlements:
            _, seq = rows.setdefault(key_of(e), (e, []))
            name = e.status.name
            if seq and seq[-1][2] == name and seq[-1][1] == span.interval.start:
                seq[-1] = (seq[-1][0], end, name)
            else:
                seq.append((span.interval.start, end, name))
    return rows


def _row_label(e: Entitlement, names: dict[str, str]) -> str:
    holder = names.get(e.holder, e.holder)
    if e.is_prohibition:
        return f"{e.clause} · {holder} claim: no {e.action} by {names.get(e.counterparty)}"
    return f"{e.clause} · {holder} {e.relation.value}: {e.action}"


def plot_timeline(t: Timeline, path: str | os.PathLike[str] | None = None) -> Figure:
    """Draw timeline `t` as a Gantt chart; save it to `path` (`.svg` or `.png`) if given.

    Args:
        t: The timeline.
        path: Where to save the chart, or `None` not to save it.

    Returns:
        The matplotlib `Figure` (on an Agg canvas; Jupyter shows it inline).

    Raises:
        MissingDependencyError: if matplotlib is not installed (`dealterms[plot]`).
        InvalidValueError: if `path` does not end in `.svg` or `.png`.
        OSError: if the file cannot be written.
    """
    target = None if path is None else check_path(path)
    m = _matplotlib()
    mdates = m["dates"]
    deal = t.scenario.variant
    names = {p.id: p.name for p in deal.parties}
    rows = _runs(t)
    marks = markers(t)

    height = 1.6 + 0.34 * len(rows) + 0.22 * (len(marks) + 6) / 2
    fig: Figure = m["Figure"](figsize=(11.0, height), layout="constrained")
    m["FigureCanvasAgg"](fig)
    ax = fig.add_subplot()
    x0, x1 = mdates.date2num(t.start), mdates.date2num(t.end + timedelta(days=1))

    for i, (e, runs) in enumerate(rows.values()):
        colour = RELATION_COLOURS[e.relation]
        styles: dict[str, dict[str, Any]] = {
            "in_force": {"facecolors": colour, "edgecolor": colour},
            "contingent": {"facecolors": "none", "edgecolor": colour, "hatch": "///"},
        }
        for status, style in styles.items():
            spans = [
                (mdates.date2num(a), mdates.date2num(b) - mdates.date2num(a))
                for a, b, name in runs
                if name == status
            ]
            if spans:
                ax.broken_barh(
                    spans,
                    (i - 0.35, 0.7),
                    gid=f"bar-{i}-{e.clause}-{e.relation.value}-{status}",
                    **style,
                )
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([_text(_row_label(e, names)) for e, _ in rows.values()], fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(x0, x1)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)

    handles: list[Any] = []
    levels: list[float] = []  # the x of the last label on each level
    for n, mark in enumerate(marks, start=1):
        colour, dash = _MARKER_STYLES[mark.kind]
        x = mdates.date2num(mark.day)
        ax.axvline(
            x, color=colour, linestyle=dash, linewidth=1.1, gid=f"marker-{n}-{mark.kind}-{mark.day}"
        )
        level = next(
            (k for k, last in enumerate(levels) if x - last > 0.025 * (x1 - x0)), len(levels)
        )
        if level == len(levels):
            levels.append(x)
        levels[level] = x
        ax.annotate(
            str(n),
            xy=(x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 3 + 10 * level),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color=colour,
        )
        handles.append(
            m["Line2D"](
                [],
                [],
                color=colour,
                linestyle=dash,
                label=_text(f"{n}  {mark.day}: {mark.label}"),
            )
        )
    present = dict.fromkeys(e.relation for e, _ in rows.values())
    handles = [
        *(m["Patch"](facecolor=RELATION_COLOURS[r], label=str(r)) for r in present),
        m["Patch"](facecolor="#999999", edgecolor="#999999", label="in force"),
        m["Patch"](facecolor="none", edgecolor="#999999", hatch="///", label="contingent"),
        *handles,
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    title = f"{deal.name}: scenario {t.scenario.id}, {t.start} through {t.end}"
    ax.set_title(_text(title), fontsize=10, pad=8 + 10 * len(levels))

    if target is not None:
        _save(m["mpl"], fig, target)
    return fig


def _save(mpl: Any, fig: Any, target: Path) -> None:
    """Save `fig` reproducibly (SVG: fixed hash salt, text as text, no date)."""
    if target.suffix.lower() == ".svg":
        with mpl.rc_context({"svg.hashsalt": "dealterms", "svg.fonttype": "none"}):
            fig.savefig(target, format="svg", metadata={"Date": None, "Creator": "dealterms"})
    else:
        fig.savefig(target, format="png", dpi=110, metadata={"Software": None})
