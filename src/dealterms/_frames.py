"""Records (plain dicts) for DataFrames and spreadsheets, and `to_frame` via pandas.

Records hold only JSON-friendly values: strings, ints, `None` and lists of strings. Dates
are ISO strings (`"2025-06-01"`), money is a decimal string with its currency in a
separate column, so records round-trip through JSON and CSV unchanged.

`to_frame` builds a `pandas.DataFrame` from records. pandas is optional (the extra
`dealterms[pandas]`) and imported only when `to_frame` is called; the frame's date columns
are `datetime64` and its money columns hold exact `Decimal` values.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dealterms._english import clause_sentence
from dealterms._entitlement import Contingent, Entitlement, NotInForce
from dealterms._evaluate import version_window
from dealterms._timeline import key_of
from dealterms.exceptions import MissingDependencyError

if TYPE_CHECKING:
    import pandas as pd

    from dealterms._deal import Deal
    from dealterms._evaluate import Evaluation
    from dealterms._timeline import Timeline

__all__ = [
    "DATE_COLUMNS",
    "DEAL_COLUMNS",
    "DECIMAL_COLUMNS",
    "EVALUATION_COLUMNS",
    "TIMELINE_COLUMNS",
    "deal_records",
    "evaluation_records",
    "timeline_records",
    "to_frame",
]

DATE_COLUMNS = ("as_of", "from", "through", "period_start", "period_end")
"""Columns that `to_frame` turns into `datetime64` (where present)."""

DECIMAL_COLUMNS = ("base", "owed")
"""Columns that `to_frame` turns into exact `Decimal` values (where present)."""

_POSITION = (
    "clause",
    "kind",
    "amendment",
    "relation",
    "correlative",
    "holder",
    "counterparty",
    "action",
    "conduct",
)
_STATUS = ("status", "reason", "missing", "because")

DEAL_COLUMNS = (
    "clause",
    "kind",
    "amendment",
    "ended_by",
    "ended_how",
    "from",
    "through",
    "text",
    "source",
)
"""The keys of `Deal.to_records`, in order."""

EVALUATION_COLUMNS = ("as_of", *_POSITION, *_STATUS, "text")
"""The keys of `Evaluation.to_records`, in order."""

TIMELINE_COLUMNS = (*_POSITION, "from", "through", *_STATUS, "text")
"""The keys of `Timeline.to_records`, in order."""


def _status_fields(e: Entitlement) -> dict[str, Any]:
    return {
        "status": e.status.name,
        "reason": e.status.reason if isinstance(e.status, NotInForce) else None,
        "missing": list(e.status.missing) if isinstance(e.status, Contingent) else [],
        "because": e.because,
    }


def _position_fields(e: Entitlement) -> dict[str, Any]:
    return {
        "clause": e.clause,
        "kind": e.kind,
        "amendment": e.amendment,
        "relation": e.relation.value,
        "correlative": e.relation.correlative,
        "holder": e.holder,
        "counterparty": e.counterparty,
        "action": e.action,
        "conduct": e.conduct,
    }


def deal_records(deal: Deal) -> list[dict[str, Any]]:
    """One record per clause version of `deal`, in history order (see `Deal.to_records`)."""
    out = []
    for v in sorted(deal.history, key=lambda v: (v.start, v.introduced_by is not None)):
        window = version_window(deal, v)
        last = window.last_day if window is not None else None
        out.append(
            {
                "clause": v.clause.id,
                "kind": v.clause.kind,
                "amendment": v.introduced_by.id if v.introduced_by else None,
                "ended_by": v.ended_by.id if v.ended_by else None,
                "ended_how": v.ended_how,
                "from": window.start.isoformat() if window is not None else None,
                "through": last.isoformat() if last is not None else None,
                "text": clause_sentence(v.clause, deal),
                "source": v.clause.source,
            }
        )
    return out


def evaluation_records(ev: Evaluation) -> list[dict[str, Any]]:
    """One record per entitlement of `ev`, in its order (see `Evaluation.to_records`)."""
    as_of = ev.as_of.isoformat()
    return [
        {"as_of": as_of, **_position_fields(e), **_status_fields(e), "text": e.text}
        for e in ev.entitlements
    ]


def timeline_records(t: Timeline) -> list[dict[str, Any]]:
    """One record per entitlement and run of days with one status (see `Timeline.to_records`).

    Runs of adjacent spans in which an entitlement keeps an equal status (reason and
    detail included) are merged. Records are ordered by the entitlements' order in the
    evaluations, then by date.
    """
    runs: dict[tuple[object, ...], list[list[Any]]] = {}
    for span in t.spans:
        for e in span.evaluation.entitlements:
            seq = runs.setdefault(key_of(e), [])
            if seq and seq[-1][2].status == e.status and seq[-1][1] == span.interval.start:
                seq[-1][1] = span.interval.end
            else:
                seq.append([span.interval.start, span.interval.end, e])
    out = []
    for seq in runs.values():
        for start, end, e in seq:
            out.append(
                {
                    **_position_fields(e),
                    "from": start.isoformat(),
                    "through": (end - timedelta(days=1)).isoformat(),
                    **_status_fields(e),
                    "text": e.text,
                }
            )
    return out


def to_frame(
    records: Sequence[dict[str, Any]], *, columns: Sequence[str], feature: str
) -> pd.DataFrame:
    """A `pandas.DataFrame` of `records`, with dates as `datetime64` and money as `Decimal`.

    Args:
        records: Records as the `to_records` methods return them.
        columns: Their keys, in order (an empty frame still has them).
        feature: The calling method's name, for the error message.

    Raises:
        MissingDependencyError: if pandas is not installed (`pip install 'dealterms[pandas]'`).
    """
    try:
        pd = importlib.import_module("pandas")
    except ImportError:
        raise MissingDependencyError(package="pandas", extra="pandas", feature=feature) from None
    frame = pd.DataFrame.from_records(list(records), columns=list(columns))
    for column in DATE_COLUMNS:
        if column in frame.columns:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    for column in DECIMAL_COLUMNS:
        if column in frame.columns:
            frame[column] = pd.Series(
                [None if v is None else Decimal(v) for v in frame[column]],
                index=frame.index,
                dtype=object,
            )
    return frame
