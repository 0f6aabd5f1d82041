"""The `dealterms` command.

    dealterms evaluate --example microsoft-openai --as-of 2025-06-01 [options]
    dealterms timeline --example microsoft-openai --from 2024-01-01 --to 2031-12-31
                       [--scenario NAME | --scenario-file FILE] [--format text|json]
                       [--plot FILE.svg|FILE.png]
    dealterms compare  --example microsoft-openai --from … --to …
                       [--scenario NAME]... [--scenario-file FILE]... [--format text|json]
    dealterms ledger   --example microsoft-openai --from … --to … [--revenue-file FILE]
                       [--rate NAME=RATE]... [--net] [--format text|json|csv]
    dealterms lifecycle --example meat-sale --events FILE --as-of 2022-10-31
                       [--format text|json]
    dealterms examples

Exit status: 0 on success, 2 for bad arguments or bad input (one line on stderr, never a
traceback), 1 for an unexpected internal error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from datetime import timedelta
from typing import TYPE_CHECKING, Any, NoReturn, get_args

from dealterms import __version__
from dealterms._conditions import Happened, atoms, fact_names
from dealterms._deal import Deal
from dealterms._english import entitlement_line, explanation_text, transition_sentence
from dealterms._entitlement import Contingent, Entitlement
from dealterms._evaluate import Evaluation, evaluate
from dealterms._events_file import load_events_file, load_lifecycle_file
from dealterms._ledger import NetRow, ledger
from dealterms._lifecycle import Lifecycle
from dealterms._money import Money, Rate
from dealterms._revenue_file import load_revenue_file
from dealterms._scenario import Scenario
from dealterms._scenario_file import load_scenario_file
from dealterms._state import AnyEvent, Event, Fact, State, parse_fact_value
from dealterms._time import Interval, parse_date
from dealterms._timeline import compare, timeline
from dealterms.examples import EXAMPLES, REVENUE, load_example, load_scenarios
from dealterms.exceptions import (
    DealtermsError,
    InvalidDealError,
    InvalidValueError,
    UnknownReferenceError,
)
from dealterms.typing import RoundingRule

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence


__all__ = ["evaluation_as_data", "main"]

PROG = "dealterms"


class _UsageError(Exception):
    """Bad command-line arguments (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see '{self.prog} --help')")


def _fact(text: str) -> Fact:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(
            f"expected NAME=VALUE (e.g. 'openai.cumulative_profit=100000000000 USD'), got {text!r}"
        )
    try:
        return Fact(name=name.strip(), value=parse_fact_value(value, path=f"--fact {name}"))
    except InvalidValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _event(text: str) -> Event:
    name, sep, day = text.rpartition("@")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(
            f"expected NAME@YYYY-MM-DD (e.g. 'agi-clause.exercised@2025-05-01'), got {text!r}"
        )
    try:
        return Event(name=name.strip(), date=parse_date(day, path=f"--event {name}"))
    except InvalidValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _date(text: str) -> Any:
    try:
        return parse_date(text)
    except InvalidValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


_ROUNDING_RULES = get_args(RoundingRule)


def _rate_arg(text: str) -> tuple[str, Rate]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(
            f"expected NAME=RATE (e.g. 'microsoft.revenue_share_rate=10%'), got {text!r}"
        )
    try:
        return name.strip(), Rate.parse(value)
    except InvalidValueError as e:
        raise argparse.ArgumentTypeError(f"{name}: {e}") from None


def _add_deal_source(p: argparse.ArgumentParser) -> None:
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--example",
        metavar="NAME",
        help=f"a bundled deal ({', '.join(EXAMPLES)}); see 'dealterms examples'",
    )
    source.add_argument(
        "--deal", metavar="FILE", help="a deal file (.toml, .json, .yaml); see 'dealterms schema'"
    )


def _add_range(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="start",
        required=True,
        type=_date,
        metavar="YYYY-MM-DD",
        help="the first day of the period",
    )
    p.add_argument(
        "--to",
        dest="end",
        required=True,
        type=_date,
        metavar="YYYY-MM-DD",
        help="the last day of the period (inclusive)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `dealterms` command."""
    parser = _Parser(
        prog=PROG,
        description="Evaluate which rights of a deal apply on a date, given the facts known then.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    ev = sub.add_parser(
        "evaluate",
        help="list the deal's entitlements and their status on a date",
        description="List every entitlement of a deal with its status (in force, contingent "
        "or not in force) on --as-of, and why.",
    )
    _add_deal_source(ev)
    ev.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the day to evaluate (required unless --state gives it)",
    )
    ev.add_argument(
        "--state",
        metavar="FILE",
        help="a state file (.toml, .json, .yaml) with as_of, facts and events; "
        "--as-of, --fact and --event add to it",
    )
    ev.add_argument(
        "--fact",
        action="append",
        default=[],
        type=_fact,
        metavar="NAME=VALUE",
        help="a known fact: true/false, a number, or money as 'AMOUNT CODE' (repeatable)",
    )
    ev.add_argument(
        "--event",
        action="append",
        default=[],
        type=_event,
        metavar="NAME@YYYY-MM-DD",
        help="an event that happened, e.g. agi-clause.exercised@2025-05-01 (repeatable)",
    )
    ev.add_argument(
        "--what-if",
        action="append",
        default=[],
        metavar="NAME",
        help="apply a hypothetical amendment of the deal (repeatable; "
        "'dealterms examples' lists them)",
    )
    ev.add_argument(
        "--interpretation",
        metavar="NAME",
        help="read an ambiguous term in the named way ('dealterms examples' lists them)",
    )
    ev.add_argument("--format", choices=("text", "json"), default="text")
    ev.add_argument(
        "--explain", action="store_true", help="also print each entitlement's explanation"
    )
    ev.add_argument(
        "--events",
        metavar="FILE",
        help="an event log (.json or .toml): offers, answers, third-party deals, acts, "
        "termination notices",
    )

    for name, help_, description in (
        (
            "timeline",
            "show how a scenario's entitlements change over a period",
            (
                "Show the periods on which a scenario's entitlements stay the same, and every "
                "change of status, between --from and --to (inclusive)."
            ),
        ),
        (
            "compare",
            "show where two or more scenarios give different answers",
            (
                "Line up scenarios and list, per entitlement, the periods where their statuses "
                "differ. With no --scenario or --scenario-file, compares every bundled scenario."
            ),
        ),
    ):
        p = sub.add_parser(name, help=help_, description=description)
        _add_deal_source(p)
        _add_range(p)
        many = name == "compare"
        p.add_argument(
            "--scenario",
            action="append",
            default=[],
            metavar="NAME",
            help="a bundled scenario (see 'dealterms examples')"
            + ("; repeatable" if many else "; default: baseline"),
        )
        p.add_argument(
            "--scenario-file",
            action="append",
            default=[],
            metavar="FILE",
            help="a scenario file (.toml, .json, .yaml)" + ("; repeatable" if many else ""),
        )
        p.add_argument("--format", choices=("text", "json"), default="text")
        if name == "timeline":
            p.add_argument(
                "--plot",
                metavar="FILE",
                help="also draw the timeline as a chart, FILE ending in .svg or .png "
                "(needs matplotlib: pip install 'dealterms[plot]')",
            )

    lg = sub.add_parser(
        "ledger",
        help="compute revenue-share payments per period, to the cent",
        description="Compute what each revenue-share clause owes per period between --from "
        "and --to (inclusive), from revenue figures. Without --revenue-file, uses the "
        "example's bundled illustrative (made-up) forecast.",
    )
    _add_deal_source(lg)
    _add_range(lg)
    lg.add_argument(
        "--revenue-file", metavar="FILE", help="revenue figures in a .csv, .json or .toml file"
    )
    lg.add_argument(
        "--scenario", action="append", default=[], metavar="NAME", help="a bundled scenario"
    )
    lg.add_argument(
        "--scenario-file", action="append", default=[], metavar="FILE", help="a scenario file"
    )
    lg.add_argument(
        "--rate",
        action="append",
        default=[],
        type=_rate_arg,
        metavar="NAME=RATE",
        help="a value for an undisclosed rate, e.g. microsoft.revenue_share_rate=10%%",
    )
    lg.add_argument(
        "--rounding",
        default="ROUND_HALF_EVEN",
        choices=sorted(_ROUNDING_RULES),
        help="rounding to the currency's minor unit (default ROUND_HALF_EVEN)",
    )
    lg.add_argument("--net", action="store_true", help="also net mutual shares per period")
    lg.add_argument("--format", choices=("text", "json", "csv"), default="text")

    lc = sub.add_parser(
        "lifecycle",
        help="replay a lifecycle event log: the state of the contract and each obligation",
        description="Replay the deal's obligations and powers against a lifecycle event log "
        "and print, on --as-of, the contract's state and each obligation's and power's state, "
        "with the event or date that put it there.",
    )
    _add_deal_source(lc)
    lc.add_argument(
        "--events",
        metavar="FILE",
        help="a lifecycle event log (.toml, .json, .yaml): a list 'events', each of kind "
        "'lifecycle' (date, action, target) or 'event' (name, date); none if omitted",
    )
    lc.add_argument(
        "--as-of", dest="as_of", required=True, type=_date, metavar="YYYY-MM-DD",
        help="the day to report",
    )  # fmt: skip
    lc.add_argument("--format", choices=("text", "json"), default="text")

    ex = sub.add_parser(
        "examples",
        help="list the bundled deals and their scenarios",
        description="List the bundled deals (for --example) with their what-ifs, "
        "interpretations and scenarios.",
    )
    ex.add_argument("--format", choices=("text", "json"), default="text")

    sc = sub.add_parser(
        "schema",
        help="print the JSON Schema of deal, state, scenario and test files",
        description="Print the JSON Schema (draft 2020-12) of dealterms files.",
    )
    sc.add_argument("--format", choices=("json",), default="json")

    ts = sub.add_parser(
        "test",
        help="run scenario test files (expected entitlements per case)",
        description="Run scenario test files and report each case. Exit status: 0 when "
        "every case passes, 1 when a case fails, 2 for a malformed file.",
    )
    ts.add_argument("files", nargs="+", metavar="FILE", help="a test file (.toml, .json, .yaml)")
    ts.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def evaluation_as_data(ev: Evaluation, *, explain: bool = False) -> dict[str, Any]:
    """The evaluation as plain data (the CLI's JSON output).

    Returns:
        `{"deal", "as_of", "what_ifs", "interpretation", "entitlements": [...]}`, each
        entitlement with `clause`, `kind`, `amendment`, `relation`, `correlative`, `holder`,
        `counterparty`, `action`, `conduct`, `status`, `missing`, `because` and `text`
        (and `explanation` when `explain` is true).
    """
    rows = []
    for e in ev.entitlements:
        row: dict[str, Any] = {
            "clause": e.clause,
            "kind": e.kind,
            "amendment": e.amendment,
            "relation": e.relation.value,
            "correlative": e.relation.correlative,
            "holder": e.holder,
            "counterparty": e.counterparty,
            "action": e.action,
            "conduct": e.conduct,
            "status": e.status.name,
            "missing": list(e.status.missing) if isinstance(e.status, Contingent) else [],
            "because": e.because,
            "text": e.text,
        }
        if explain:
            row["explanation"] = ev.explain(e).as_data()
        rows.append(row)
    return {
        "deal": ev.deal.id,
        "as_of": ev.as_of.isoformat(),
        "entitlements": rows,
    }


_STATUS_WORD = {"in_force": "in force", "contingent": "contingent", "not_in_force": "not in force"}


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [
        fmt.format(*header).rstrip(),
        fmt.format(*("-" * w for w in widths)).rstrip(),
        *(fmt.format(*r).rstrip() for r in rows),
    ]


def _text(ev: Evaluation, deal: Deal, args: argparse.Namespace) -> str:
    facts = ", ".join(f"{f.name}={parse_fact_repr(f)}" for f in ev.state.facts) or "none"
    events = ", ".join(f"{e.name}@{e.date}" for e in ev.state.events) or "none"
    lines = [
        f"{deal.name} — as of {ev.as_of}",
        f"facts: {facts}; events: {events}; what-ifs: {', '.join(args.what_if) or 'none'}"
        + (f"; interpretation: {args.interpretation}" if args.interpretation else ""),
        "",
    ]
    order = {"in_force": 0, "contingent": 1, "not_in_force": 2}
    ents = sorted(ev.entitlements, key=lambda e: order[e.status.name])
    rows = [
        [
            _STATUS_WORD[e.status.name],
            e.holder,
            e.relation.value,
            e.action + (" (forbear)" if e.conduct == "forbear" else ""),
            e.counterparty,
            e.clause,
            e.because,
        ]
        for e in ents
    ]
    lines += _table(
        rows, ["STATUS", "HOLDER", "RELATION", "ACTION", "COUNTERPARTY", "CLAUSE", "WHY"]
    )
    lines += ["", "In words:"]
    lines += [f"  [{_STATUS_WORD[e.status.name]}] {entitlement_line(e, ev.deal)}" for e in ents]
    if ev.state.has_typed_events or ev.violations:
        lines += ["", "First rights:"]
        for p in ev.processes:
            lines.append(f"  {p.clause}: {p.describe()}")
            lines += [f"    {step}" for step in p.steps]
        lines += ["", "Violations:" if ev.violations else "Violations: none"]
        lines += [f"  {v.date}  {v.reason}  {v.clause or '-'}: {v.detail}" for v in ev.violations]
    if args.explain:
        lines += ["", "Explanations:"]
        for i, e in enumerate(ents):
            paragraph = explanation_text(ev, e)
            lines += [""] if i else []
            lines += textwrap.wrap(
                paragraph, 100, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
            )
            lines += ["    " + line for line in ev.explain(e).lines()]
    return "\n".join(lines)


def parse_fact_repr(f: Fact) -> str:
    """A fact's value as the CLI would accept it back."""
    v = f.value
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Money):
        return v.format()
    return format(v, "f")


def _deal(args: argparse.Namespace) -> Deal:
    """The deal named by --example or read from --deal."""
    if getattr(args, "deal", None):
        from dealterms.io import load_deal  # noqa: PLC0415 - cattrs only when files are used

        return load_deal(args.deal)
    return load_example(args.example)


def _known_names(deal: Deal) -> tuple[set[str], set[str]]:
    """The facts and the events the deal's conditions read."""
    facts: set[str] = set()
    events: set[str] = set()
    for slot in deal._compiled.slots:
        for gate in slot.gates:
            for a in atoms(gate.condition):
                if isinstance(a, Happened):
                    events.add(a.event)
            facts.update(fact_names(gate.condition))
    return facts, events | deal.clause_events()


def _check_names(deal: Deal, facts: Sequence[Fact], events: Sequence[AnyEvent]) -> None:
    """Refuse a fact or a named event that no condition of the deal reads (a likely typo)."""
    known_facts, known_events = _known_names(deal)
    for f in facts:
        if f.name not in known_facts:
            raise _UsageError(f"the deal reads no fact {f.name!r}; {_listing(f.name, known_facts)}")
    for e in events:
        if isinstance(e, Event) and e.name not in known_events:
            raise _UsageError(
                f"the deal reads no event {e.name!r}; {_listing(e.name, known_events)}"
            )


def _listing(name: str, known: Iterable[str], most: int = 12) -> str:
    """`"it reads: a, b, c"`, with a close match first and at most `most` names."""
    import difflib  # noqa: PLC0415 - only for this error

    names = sorted(known)
    if not names:
        return "it reads none"
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    shown = ", ".join(names[:most])
    more = f" … and {len(names) - most} more" if len(names) > most else ""
    return f"{hint}it reads: {shown}{more}"


def _evaluate(args: argparse.Namespace) -> str:
    deal = _deal(args)
    if args.interpretation:
        deal = deal.with_interpretation(args.interpretation)
    if args.what_if:
        deal = deal.with_what_ifs(*args.what_if)
    logged = load_events_file(args.events) if args.events else ()
    _check_names(deal, args.fact, args.event)
    if args.state:
        from dealterms.io import load_state  # noqa: PLC0415 - cattrs only when files are used

        base = load_state(args.state)
        state = State(
            as_of=args.as_of or base.as_of,
            facts=(
                *(f for f in base.facts if f.name not in {x.name for x in args.fact}),
                *args.fact,
            ),
            events=(*base.events, *args.event, *logged),
            series=base.series,
            known_on=base.known_on,
        )
    elif args.as_of is None:
        raise _UsageError("the following arguments are required: --as-of (or --state FILE)")
    else:
        state = State(as_of=args.as_of, facts=tuple(args.fact), events=(*args.event, *logged))
    ev = evaluate(deal, state)
    if args.format == "json":
        data = evaluation_as_data(ev, explain=args.explain)
        data["what_ifs"] = list(args.what_if)
        data["interpretation"] = args.interpretation
        data["processes"] = [
            {
                "clause": p.clause,
                "kind": p.kind,
                "status": p.status.name,
                "describe": p.describe(),
                "steps": list(p.steps),
            }
            for p in ev.processes
        ]
        data["violations"] = [
            {
                "date": v.date.isoformat(),
                "party": v.party,
                "clause": v.clause,
                "reason": v.reason,
                "detail": v.detail,
                "event": v.event.name,
                "missing": list(v.missing),
            }
            for v in ev.violations
        ]
        return json.dumps(data, indent=2, ensure_ascii=False)
    return _text(ev, deal, args)


def _lifecycle(args: argparse.Namespace) -> str:
    deal = _deal(args)
    lifecycle = Lifecycle.from_deal(deal)
    if not lifecycle.clauses:
        raise _UsageError(f"the deal {deal.id!r} has no obligations or powers to replay")
    log = load_lifecycle_file(args.events) if args.events else ()
    snapshot = lifecycle.replay(log, as_of=args.as_of)
    if args.format == "json":
        return json.dumps(
            {
                "deal": deal.id,
                "as_of": snapshot.as_of.isoformat(),
                "statuses": [
                    {
                        "subject": st.subject,
                        "kind": st.kind,
                        "state": None if st.state is None else st.state.value,
                        "since": None if st.since is None else st.since.isoformat(),
                        "final": st.final,
                        "because": st.because,
                    }
                    for st in (snapshot.contract, *snapshot.clauses)
                ],
                "steps": [
                    {
                        "date": step.date.isoformat(),
                        "subject": step.subject,
                        "state": step.state.value,
                        "because": step.because,
                    }
                    for step in snapshot.steps
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
    head = f"{deal.name} on {snapshot.as_of.isoformat()} ({len(log)} events logged)"
    return "\n".join([head, *snapshot.lines()])


def _examples(args: argparse.Namespace) -> str:
    deals = {name: build() for name, build in EXAMPLES.items()}
    if args.format == "json":
        return json.dumps(
            [
                {
                    "name": name,
                    "deal": d.name,
                    "what_ifs": [w.id for w in d.what_ifs],
                    "interpretations": [i.id for i in d.interpretations],
                    "scenarios": list(load_scenarios(name)),
                }
                for name, d in deals.items()
            ],
            indent=2,
            ensure_ascii=False,
        )
    rows = [
        [
            name,
            d.name,
            ", ".join(w.id for w in d.what_ifs) or "-",
            ", ".join(i.id for i in d.interpretations) or "-",
        ]
        for name, d in deals.items()
    ]
    lines = _table(rows, ["NAME", "DEAL", "WHAT-IFS", "INTERPRETATIONS"])
    for name in deals:
        lines += ["", f"Scenarios of {name} (for 'timeline' and 'compare' --scenario):"]
        lines += [
            f"  {sid}: {sc.description or ''}".rstrip() for sid, sc in load_scenarios(name).items()
        ]
    return "\n".join(lines)


def _bundled(args: argparse.Namespace, deal: Deal) -> Mapping[str, Scenario]:
    if getattr(args, "deal", None):
        return {"baseline": Scenario(id="baseline", deal=deal, description="No facts known.")}
    return load_scenarios(args.example)


def _scenarios(args: argparse.Namespace) -> list[Scenario]:
    deal = _deal(args)
    bundled = _bundled(args, deal)
    chosen: list[Scenario] = []
    for name in args.scenario:
        if name not in bundled:
            source = args.example or args.deal
            raise UnknownReferenceError(
                f"no bundled scenario {name!r} for {source}; known: {', '.join(bundled)}",
                expected="a scenario id",
                got=name,
            )
        chosen.append(bundled[name])
    chosen += [load_scenario_file(f, deal) for f in args.scenario_file]
    return chosen


def _entitlement_row(e: Entitlement) -> dict[str, Any]:
    return {
        "clause": e.clause,
        "kind": e.kind,
        "relation": e.relation.value,
        "holder": e.holder,
        "counterparty": e.counterparty,
        "action": e.action,
        "status": e.status.name,
        "missing": list(e.status.missing) if isinstance(e.status, Contingent) else [],
        "because": e.because,
    }


def _through(interval: Interval) -> str:
    assert interval.end is not None
    return (interval.end - timedelta(days=1)).isoformat()


def _timeline(args: argparse.Namespace) -> str:
    chosen = _scenarios(args)
    if len(chosen) > 1:
        raise _UsageError("timeline takes one scenario (use 'dealterms compare' for several)")
    scenario = chosen[0] if chosen else _bundled(args, _deal(args))["baseline"]
    t = timeline(scenario, args.start, args.end)
    transitions = t.transitions()
    if args.plot:
        from dealterms._plot import plot_timeline  # noqa: PLC0415 - matplotlib is optional

        try:
            plot_timeline(t, args.plot)
        except OSError as e:
            raise _UsageError(f"cannot write the chart to {args.plot}: {e.strerror or e}") from None
    if args.format == "json":
        data = {
            "deal": scenario.deal.id,
            "scenario": scenario.id,
            "from": t.start.isoformat(),
            "to": t.end.isoformat(),
            "spans": [
                {
                    "from": span.interval.start.isoformat(),
                    "through": _through(span.interval),
                    "entitlements": [_entitlement_row(e) for e in span.evaluation.entitlements],
                }
                for span in t.spans
            ],
            "transitions": [
                {
                    "date": tr.day.isoformat(),
                    "clause": tr.after.clause,
                    "relation": tr.after.relation.value,
                    "holder": tr.after.holder,
                    "action": tr.after.action,
                    "before": tr.before.status.name,
                    "after": tr.after.status.name,
                    "because": tr.after.because,
                }
                for tr in transitions
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False)
    lines = [
        f"{scenario.variant.name} — scenario {scenario.id}, {t.start} through {t.end}",
        *([scenario.description] if scenario.description else []),
        "",
    ]
    rows = []
    for span in t.spans:
        ev = span.evaluation
        rows.append(
            [
                span.interval.start.isoformat(),
                _through(span.interval),
                str(len(ev.in_force())),
                str(len(ev.contingent())),
                str(len(ev.not_in_force())),
            ]
        )
    lines += _table(rows, ["FROM", "THROUGH", "IN FORCE", "CONTINGENT", "NOT IN FORCE"])
    lines += ["", "Changes:" if transitions else "No changes in this period."]
    lines += (
        _table(
            [
                [
                    tr.day.isoformat(),
                    tr.after.clause,
                    tr.after.relation.value,
                    tr.after.holder,
                    f"{_STATUS_WORD[tr.before.status.name]} → {_STATUS_WORD[tr.after.status.name]}",
                    tr.after.because,
                ]
                for tr in transitions
            ],
            ["DATE", "CLAUSE", "RELATION", "HOLDER", "STATUS", "WHY"],
        )
        if transitions
        else []
    )
    if transitions:
        lines += ["", "In words:"]
        lines += [f"  - {transition_sentence(tr, scenario.variant)}" for tr in transitions]
    if args.plot:
        lines += ["", f"Chart written to {args.plot}"]
    return "\n".join(lines)


def _compare(args: argparse.Namespace) -> str:
    chosen = _scenarios(args) or list(_bundled(args, _deal(args)).values())
    if len(chosen) < 2:
        raise _UsageError(
            f"compare needs at least two scenarios, got {len(chosen)}; add --scenario NAME or "
            "--scenario-file FILE (see 'dealterms examples' for the bundled ones)"
        )
    c = compare(chosen, args.start, args.end)
    if args.format == "json":
        return json.dumps(
            {
                "deal": chosen[0].deal.id,
                "scenarios": list(c.scenarios),
                "from": args.start.isoformat(),
                "to": args.end.isoformat(),
                "differences": [
                    {
                        "clause": d.clause,
                        "relation": d.relation.value,
                        "holder": d.holder,
                        "action": d.action,
                        "from": d.interval.start.isoformat(),
                        "through": _through(d.interval),
                        "statuses": {sid: (st.name if st else None) for sid, st in d.statuses},
                    }
                    for d in c.differences
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
    lines = [
        f"Comparing {', '.join(c.scenarios)} from {args.start} through {args.end}",
        "",
    ]
    if not c.differences:
        return "\n".join([*lines, "The scenarios agree on every entitlement."])
    rows = [
        [
            d.clause,
            d.relation.value,
            d.holder,
            d.interval.start.isoformat(),
            _through(d.interval),
            *(_STATUS_WORD[st.name] if st else "absent" for _, st in d.statuses),
        ]
        for d in c.differences
    ]
    lines += _table(
        rows, ["CLAUSE", "RELATION", "HOLDER", "FROM", "THROUGH", *(s.upper() for s in c.scenarios)]
    )
    return "\n".join(lines)


def _ledger(args: argparse.Namespace) -> str:
    chosen = _scenarios(args)
    if len(chosen) > 1:
        raise _UsageError("ledger takes one scenario")
    deal_or_scenario: Deal | Scenario = chosen[0] if chosen else _deal(args)
    if args.revenue_file:
        revenue = load_revenue_file(args.revenue_file)
        source = args.revenue_file
    elif args.example:
        revenue = REVENUE[args.example]()
        source = "the bundled illustrative forecast (made-up numbers)"
    else:
        raise _UsageError("a ledger of a deal file needs --revenue-file FILE")
    book = ledger(
        deal_or_scenario,
        revenue,
        args.start,
        args.end,
        rates=dict(args.rate),
        rounding=args.rounding,
    )
    if args.format == "csv":
        return book.to_csv().rstrip("\n")
    if args.format == "json":
        data: dict[str, Any] = {
            "deal": args.example,
            "from": args.start.isoformat(),
            "to": args.end.isoformat(),
            "rounding": args.rounding,
            "revenue": source,
            "rows": book.to_records(),
            "totals": {
                c: (None if (t := book.total(c)) is None else t.format())
                for c in dict.fromkeys(r.clause for r in book.rows)
            },
        }
        if args.net:
            data["netted"] = [_net_record(n) for n in book.netted()]
        return json.dumps(data, indent=2, ensure_ascii=False)
    lines = [
        (
            f"Revenue-share ledger, {args.start} through {args.end}; revenue from {source}; "
            f"rounding {args.rounding}"
        ),
        "",
    ]
    rows = [
        [
            r.clause,
            f"{r.payer} → {r.payee}",
            r.period.start.isoformat(),
            _through(r.period),
            str(r.days_in_force),
            "-" if r.base is None else r.base.format(),
            r.rate,
            "unknown" if r.owed is None else r.owed.format(),
            r.why,
        ]
        for r in book.rows
    ]
    lines += _table(
        rows, ["CLAUSE", "FLOW", "FROM", "THROUGH", "DAYS", "BASE", "RATE", "OWED", "WHY"]
    )
    lines += ["", "Totals:"]
    for clause in dict.fromkeys(r.clause for r in book.rows):
        total = book.total(clause)
        lines.append(f"  {clause}: {'unknown' if total is None else total.format()}")
    if args.net:
        lines += ["", "Netted per period:"]
        lines += _table(
            [
                [
                    n.period.start.isoformat(),
                    _through(n.period),
                    f"{n.payer} → {n.payee}",
                    "unknown" if n.amount is None else n.amount.format(),
                ]
                for n in book.netted()
            ],
            ["FROM", "THROUGH", "NET FLOW", "AMOUNT"],
        )
    return "\n".join(lines)


def _net_record(n: NetRow) -> dict[str, Any]:
    return {
        "from": n.period.start.isoformat(),
        "through": _through(n.period),
        "payer": n.payer,
        "payee": n.payee,
        "amount": None if n.amount is None else n.amount.format(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        run = {
            "evaluate": _evaluate,
            "timeline": _timeline,
            "compare": _compare,
            "ledger": _ledger,
            "lifecycle": _lifecycle,
            "examples": _examples,
            "schema": _schema,
        }.get(args.command, _examples)
        if args.command == "test":
            out, code = _test(args)
            _print(out)
            return code
        out = run(args)
    except _UsageError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except InvalidDealError as e:
        print(f"{PROG}: error: {e.message}", file=sys.stderr)
        for line in e.lines():
            print(f"  {line}", file=sys.stderr)
        return 2
    except InvalidValueError as e:
        print(f"{PROG}: error: {_message(e)}", file=sys.stderr)
        return 2
    except DealtermsError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    return _print(out)


def _message(e: InvalidValueError) -> str:
    """An error for the command line: the message, and the path only inside a file."""
    in_file = e.path not in ("", "$") and _FILE_PREFIX.match(e.message) is not None
    return f"{e.message} (at {e.path})" if in_file else e.message


_FILE_PREFIX = re.compile(r"\S+\.(toml|json|ya?ml|csv): ")


def _print(out: str) -> int:
    try:
        print(out)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `dealterms evaluate … | head`
        sys.stderr.close()
    return 0


def _schema(args: argparse.Namespace) -> str:
    from dealterms.io import json_schema  # noqa: PLC0415 - cattrs only when files are used

    return json.dumps(json_schema(), indent=2, ensure_ascii=False)


def _test(args: argparse.Namespace) -> tuple[str, int]:
    from dealterms.io import run_test_file  # noqa: PLC0415 - cattrs only when files are used

    reports = [run_test_file(f) for f in args.files]
    failed = sum(len(r.failed) for r in reports)
    passed = sum(len(r.passed) for r in reports)
    if args.format == "json":
        text = json.dumps(
            [
                {
                    "file": r.file,
                    "deal": r.deal,
                    "passed": len(r.passed),
                    "failed": len(r.failed),
                    "lines": r.lines(),
                }
                for r in reports
            ],
            indent=2,
            ensure_ascii=False,
        )
    else:
        text = "\n".join(
            [*(line for r in reports for line in r.lines()), f"{passed} passed, {failed} failed"]
        )
    return text, (1 if failed else 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
