"""Benchmark `dealterms.evaluate` against baselines measured in the same run.

Run from the repository root:

    .venv/bin/python benchmarks/bench_evaluate.py

Four measurements, each reported as a ratio against a baseline timed in the same process
(so the figures compare across machines better than absolute times do):

1. the reference deal (Microsoft–OpenAI) in the six states of DESIGN.md section 5, against
   a hand-written plain-Python function that answers the same question (the status of
   every entitlement); the two are first checked to agree;
2. scaling in clauses: synthetic deals of 10, 100 and 1,000 clauses, cold (first call,
   which compiles the deal) and warm;
3. amendment history: 10 vs 1,000 amendments, the clauses in force kept about constant;
4. `import dealterms` in a fresh interpreter, against a bare interpreter start.

Timing is timeit-style: a callable is run in a loop of `number` calls, long enough to
last at least `--min-time` seconds; the loop is repeated `--repeat` times and the best
(smallest) loop is kept. The garbage collector is off inside the loops, as in `timeit`.
See benchmarks/README.md for how to read the report.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from _common import REPO, git_revision, heading, ratio, us

import dealterms
from dealterms import (
    Action,
    AddClause,
    Amendment,
    AtLeast,
    Deal,
    Declared,
    Exclusivity,
    License,
    Money,
    Party,
    Permission,
    RemoveClause,
    ReplaceClause,
    State,
    Term,
    Trigger,
    evaluate,
)
from dealterms.examples import microsoft_openai

if TYPE_CHECKING:
    from collections.abc import Callable

    from dealterms import Change, Clause, Evaluation

GOAL_RATIO = 5.0  # evaluate on the reference deal: within 5x of the hand-written function
HISTORY_TOLERANCE = 1.5  # warm cost with 1,000 amendments vs 10: "does not grow"
FORBIDDEN_IMPORTS = ("hypothesis", "yaml", "cattrs")

# ---------------------------------------------------------------------------------------
# Timing helpers


def best_times(
    fns: dict[str, Callable[[], object]], *, repeat: int, min_time: float
) -> dict[str, float]:
    """Seconds per call of each of `fns`: best of `repeat` loops, each lasting >= `min_time`.

    Each loop length is calibrated first; then the loops run round-robin (one loop of
    each callable per round), so that a burst of other work on the machine spoils a few
    loops of every figure rather than all loops of one.
    """
    gc_was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        numbers, best = {}, {}
        for key, fn in fns.items():
            # Calibrate like timeit.Timer.autorange: 1, 2, 5, 10, 20, 50, ... calls.
            for number in (n * 10**k for k in range(12) for n in (1, 2, 5)):
                t0 = time.perf_counter()
                for _ in range(number):
                    fn()
                elapsed = time.perf_counter() - t0
                if elapsed >= min_time:
                    numbers[key], best[key] = number, elapsed / number
                    break
        for _ in range(repeat - 1):
            for key, fn in fns.items():
                number = numbers[key]
                t0 = time.perf_counter()
                for _ in range(number):
                    fn()
                best[key] = min(best[key], (time.perf_counter() - t0) / number)
    finally:
        if gc_was_enabled:
            gc.enable()
    return best


def best_time(fn: Callable[[], object], *, repeat: int, min_time: float) -> float:
    """Seconds per call of `fn` (see `best_times`)."""
    return best_times({"fn": fn}, repeat=repeat, min_time=min_time)["fn"]


def best_single(fns: list[Callable[[], object]]) -> float:
    """Seconds of the fastest of several one-shot calls (for cold, first-call figures)."""
    gc_was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        times = []
        for fn in fns:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    finally:
        if gc_was_enabled:
            gc.enable()
    return min(times)


# ---------------------------------------------------------------------------------------
# 1. The reference deal against a hand-written function

TERM_START = date(2019, 7, 22)
TERM_END = date(2031, 1, 1)  # the term runs through 2030-12-31: [start, end) half-open
REVISION = date(2025, 1, 21)
PROFIT = "openai.cumulative_profit"
AGI_THRESHOLD = Decimal(100_000_000_000)
EXERCISED = "agi-clause.exercised"
IN, CONTINGENT, OUT = "in_force", "contingent", "not_in_force"

Key = tuple[str, str, str, str]  # clause, relation, holder, action


def plain_statuses(state: State, *, agi_removed: bool) -> dict[Key, str]:
    """The status of every entitlement of the reference deal, written out by hand.

    A direct reading of DESIGN.md section 5: the partnership's term, the January 2025
    revision (compute exclusivity replaced by a ROFR plus a permission), the AGI clause's
    power (needs profit >= $100B, ends once exercised) and what its exercise ends
    (Microsoft's access to the most advanced models). `agi_removed` is the what-if
    `remove-agi-clause`, effective on the revision's date.
    """
    as_of = state.as_of
    in_term = TERM_START <= as_of < TERM_END
    revised = as_of >= REVISION
    agi_end = REVISION if agi_removed else TERM_END
    agi_live = in_term and as_of < agi_end

    profit = state.fact_values.get(PROFIT)
    reached: bool | None
    if profit is None:
        reached = None
    else:
        assert isinstance(profit, Money)
        assert profit.currency == "USD"
        reached = profit.amount >= AGI_THRESHOLD
    exercised = False
    for e in state.events:
        if e.name == EXERCISED and TERM_START <= e.date < agi_end and e.date <= as_of:
            exercised = True
            break

    if not agi_live or exercised or reached is False:
        power = OUT
    elif reached is None:
        power = CONTINGENT
    else:
        power = IN
    if not in_term:
        access = OUT
    elif exercised and reached is None:
        access = CONTINGENT
    elif exercised and reached:
        access = OUT
    else:
        access = IN
    core = IN if in_term else OUT
    before = IN if in_term and not revised else OUT
    after = IN if in_term and revised else OUT
    return {
        ("advanced-models-access", "privilege", "microsoft", "most-advanced-models"): access,
        ("agi-clause", "power", "openai", "limit-advanced-model-access"): power,
        ("api-exclusivity", "claim", "microsoft", "api-outside-azure"): core,
        ("compute-exclusivity", "claim", "microsoft", "non-azure-compute"): before,
        ("compute-rofr", "claim", "microsoft", "new-compute-capacity"): after,
        ("ip-license", "privilege", "microsoft", "openai-ip-in-products"): core,
        ("ip-license", "claim", "microsoft", "openai-ip-in-products"): core,
        ("revenue-share-to-microsoft", "claim", "microsoft", "pay-revenue-share"): core,
        ("revenue-share-to-openai", "claim", "openai", "pay-revenue-share"): core,
        ("third-party-compute", "privilege", "openai", "non-azure-compute"): after,
    }


def plain_may_openai_non_azure(state: State) -> str:
    """`may("openai", "non-azure-compute")` by hand: only the revision's permission allows
    it, and the exclusivity before the revision forbids it."""
    as_of = state.as_of
    return "yes" if REVISION <= as_of < TERM_END else "no"


def statuses_of(ev: Evaluation) -> dict[Key, str]:
    out: dict[Key, str] = {
        (e.clause, str(e.relation), e.holder, e.action): e.status.name for e in ev.entitlements
    }
    assert len(out) == len(ev.entitlements), "two entitlements share a key"
    return out


def reference_cases() -> list[tuple[str, Deal, State, bool]]:
    """The six states of DESIGN.md section 5: (label, deal, state, agi_removed)."""
    deal = microsoft_openai()
    no_agi = deal.with_what_ifs("remove-agi-clause")  # computed once, outside every loop
    profit = {PROFIT: Money.parse("100000000000 USD")}
    return [
        ("2024-06-01, no facts", deal, State(as_of="2024-06-01"), False),
        ("2025-06-01, no facts", deal, State(as_of="2025-06-01"), False),
        ("2025-06-01, profit >= $100B", deal, State(as_of="2025-06-01", facts=profit), False),
        (
            "2025-06-01, profit, exercised",
            deal,
            State(as_of="2025-06-01", facts=profit, events={EXERCISED: "2025-05-01"}),
            False,
        ),
        ("2025-06-01, profit, AGI removed", no_agi, State(as_of="2025-06-01", facts=profit), True),
        ("2031-06-01, after the term", deal, State(as_of="2031-06-01"), False),
    ]


def extra_check_cases() -> list[tuple[str, Deal, State, bool]]:
    """More states, checked (not timed), so the hand-written function is not tuned to six."""
    deal = microsoft_openai()
    no_agi = deal.with_what_ifs("remove-agi-clause")
    low = {PROFIT: Money.parse("99999999999.99 USD")}
    high = {PROFIT: Money.parse("100000000000 USD")}
    return [
        ("before the term", deal, State(as_of="2019-07-21"), False),
        ("first day", deal, State(as_of="2019-07-22"), False),
        ("revision day", deal, State(as_of="2025-01-21"), False),
        ("day before revision", deal, State(as_of="2025-01-20"), False),
        ("last day", deal, State(as_of="2030-12-31"), False),
        ("profit below", deal, State(as_of="2025-06-01", facts=low), False),
        (
            "exercised, profit unknown",
            deal,
            State(as_of="2025-06-01", events={EXERCISED: "2025-05-01"}),
            False,
        ),
        (
            "exercised, profit below",
            deal,
            State(as_of="2025-06-01", facts=low, events={EXERCISED: "2025-05-01"}),
            False,
        ),
        (
            "exercise after as_of",
            deal,
            State(as_of="2025-06-01", facts=high, events={EXERCISED: "2025-07-01"}),
            False,
        ),
        ("what-if, before revision", no_agi, State(as_of="2024-06-01", facts=high), True),
        (
            "what-if, exercised before removal",
            no_agi,
            State(as_of="2025-06-01", facts=high, events={EXERCISED: "2024-12-01"}),
            True,
        ),
    ]


def check_reference() -> int:
    """Assert the hand-written function agrees with `evaluate`; return states checked."""
    cases = reference_cases() + extra_check_cases()
    for label, deal, state, removed in cases:
        ev = evaluate(deal, state)
        got, want = statuses_of(ev), plain_statuses(state, agi_removed=removed)
        assert got == want, f"{label}: evaluate and the hand-written function disagree:\n" + (
            "\n".join(
                f"  {k}: evaluate={got.get(k)} hand-written={want.get(k)}"
                for k in sorted(set(got) | set(want))
                if got.get(k) != want.get(k)
            )
        )
        may = ev.may("openai", "non-azure-compute").value
        assert may == plain_may_openai_non_azure(state), f"{label}: may() disagrees"
    return len(cases)


def call_evaluate(deal: Deal, state: State) -> Callable[[], object]:
    return lambda: evaluate(deal, state)


def call_plain(state: State, removed: bool) -> Callable[[], object]:
    return lambda: plain_statuses(state, agi_removed=removed)


def call_evaluate_may(deal: Deal, state: State) -> Callable[[], object]:
    return lambda: evaluate(deal, state).may("openai", "non-azure-compute")


def call_plain_may(state: State, removed: bool) -> Callable[[], object]:
    return lambda: (plain_statuses(state, agi_removed=removed), plain_may_openai_non_azure(state))


def call_in_force(deal: Deal, state: State) -> Callable[[], object]:
    return lambda: evaluate(deal, state).in_force()


@dataclass(frozen=True)
class RefRow:
    label: str
    entitlements: int
    evaluate: float
    plain: float
    evaluate_may: float
    plain_may: float


@dataclass(frozen=True)
class RefResult:
    rows: list[RefRow]
    all_evaluate: float
    all_plain: float
    verdict: str


def bench_reference(repeat: int, min_time: float) -> RefResult:
    heading("1. Reference deal (Microsoft–OpenAI): evaluate vs a hand-written function")
    n_checked = check_reference()
    print(f"hand-written statuses == evaluate statuses in {n_checked} states (6 timed): ok")
    cases = reference_cases()
    for _, deal, state, _ in cases:
        evaluate(deal, state)  # compile each deal and build each segment before timing
    rows = []
    header = (
        f"{'state':<34}{'ents':>5}{'evaluate':>11}{'by hand':>10}{'ratio':>8}"
        f"{'+may()':>10}{'by hand':>10}{'ratio':>8}"
    )
    print("µs per call, best of loops; '+may()' adds ev.may('openai', 'non-azure-compute')")
    print(header)
    fns: dict[str, Callable[[], object]] = {}
    for label, deal, state, removed in cases:
        # The same kind of closure on both sides, so the call overhead is the same.
        fns[f"{label}/evaluate"] = call_evaluate(deal, state)
        fns[f"{label}/plain"] = call_plain(state, removed)
        fns[f"{label}/evaluate+may"] = call_evaluate_may(deal, state)
        fns[f"{label}/plain+may"] = call_plain_may(state, removed)

    def all_eval() -> None:
        for _, d, s, _ in cases:
            evaluate(d, s)

    def all_plain() -> None:
        for _, _, s, r in cases:
            plain_statuses(s, agi_removed=r)

    fns["all/evaluate"], fns["all/plain"] = all_eval, all_plain
    t = best_times(fns, repeat=repeat, min_time=min_time)
    for label, deal, state, _ in cases:
        row = RefRow(
            label,
            len(evaluate(deal, state).entitlements),
            t[f"{label}/evaluate"],
            t[f"{label}/plain"],
            t[f"{label}/evaluate+may"],
            t[f"{label}/plain+may"],
        )
        rows.append(row)
        print(
            f"{label:<34}{row.entitlements:>5}{us(row.evaluate):>11}{us(row.plain):>10}"
            f"{ratio(row.evaluate, row.plain):>8}{us(row.evaluate_may):>10}"
            f"{us(row.plain_may):>10}{ratio(row.evaluate_may, row.plain_may):>8}"
        )
    t_all_eval, t_all_plain = t["all/evaluate"] / len(cases), t["all/plain"] / len(cases)
    geo = statistics.geometric_mean(r.evaluate / r.plain for r in rows)
    worst = max(rows, key=lambda r: r.evaluate / r.plain)
    print(
        f"{'all six, one loop (per state)':<34}{'':>5}{us(t_all_eval):>11}{us(t_all_plain):>10}"
        f"{ratio(t_all_eval, t_all_plain):>8}"
    )
    verdict = "met" if t_all_eval / t_all_plain <= GOAL_RATIO else "NOT met"
    print(
        f"goal: evaluate within {GOAL_RATIO:g}x of the hand-written function -> {verdict} "
        f"(all six {ratio(t_all_eval, t_all_plain)}; geometric mean of the rows "
        f"{geo:,.1f}x; worst {worst.label!r} {ratio(worst.evaluate, worst.plain)})"
    )
    return RefResult(rows, t_all_eval, t_all_plain, verdict)


# ---------------------------------------------------------------------------------------
# 2. Scaling in clauses (synthetic deals built with the public API)

SYN_START = date(2010, 1, 1)
SYN_TERM = Term(effective_date=SYN_START, expiry=date(2039, 12, 31), expiry_inclusive=True)
N_PARTIES = 8
USD = "USD"


def _party(i: int) -> str:
    return f"p{i % N_PARTIES}"


def make_clause(
    i: int, cid: str, n_actions: int, *, own_start: date, ends: str | None = None
) -> Clause:
    """Clause number `i` of a synthetic deal; the kind and conditions cycle with `i`.

    0: exclusivity, no condition (a static entitlement);
    1: exclusive licence with its own term (two entitlements; adds date segments);
    2: permission with a condition precedent on a declaration;
    3: licence with a condition subsequent on a number (ended by the next trigger);
    4: trigger on a money threshold whose exercise ends clause `ends` (default c{i-1}).
    """
    holder, other = _party(i), _party(i + 1 + i // N_PARTIES % (N_PARTIES - 1))
    action = f"a{i % n_actions}"
    kind = i % 5
    if kind == 0:
        return Exclusivity(id=cid, grantor=other, holder=holder, scope=action)
    if kind == 1:
        return License(
            id=cid,
            licensor=other,
            licensee=holder,
            scope=action,
            exclusive=True,
            term=Term(
                effective_date=own_start,
                expiry=own_start + timedelta(days=5 * 365),
                expiry_inclusive=True,
            ),
        )
    if kind == 2:
        return Permission(
            id=cid,
            holder=holder,
            counterparty=other,
            action=action,
            condition_precedent=Declared(fact=f"flag.{i % 16}"),
        )
    if kind == 3:
        return License(
            id=cid,
            licensor=other,
            licensee=holder,
            scope=action,
            exclusive=False,
            condition_subsequent=AtLeast(metric=f"metric.{i % 8}", threshold=Decimal(50)),
        )
    return Trigger(
        id=cid,
        holder=other,
        counterparty=holder,
        condition=AtLeast(
            metric=f"profit.{i % 8}", threshold=Money(amount=Decimal(1_000_000), currency=USD)
        ),
        power=action,
        ends=(ends or f"c{i - 1}",),
    )


@dataclass(frozen=True)
class SyntheticParts:
    """What `Deal(...)` is built from, kept so that fresh, uncompiled copies can be made."""

    name: str
    parties: tuple[Party, ...]
    actions: tuple[Action, ...]
    clauses: tuple[Clause, ...]

    def build(self, amendments: tuple[Amendment, ...] = ()) -> Deal:
        return Deal(
            id=self.name,
            name=f"Synthetic deal {self.name}",
            parties=self.parties,
            actions=self.actions,
            term=SYN_TERM,
            clauses=self.clauses,
            amendments=amendments,
        )


def synthetic_parts(n_clauses: int, *, spread: bool = True) -> SyntheticParts:
    """`n_clauses` clauses of the five kinds in turn, over n/4 actions and 8 parties.

    With `spread`, the licences' own terms start on dates spread over ten years (so the
    deal has many date segments); without, they all start with the deal.
    """
    n_actions = max(5, n_clauses // 4)
    clauses = tuple(
        make_clause(
            i,
            f"c{i}",
            n_actions,
            own_start=SYN_START + timedelta(days=(i * 37) % 3650 if spread else 0),
        )
        for i in range(n_clauses)
    )
    return SyntheticParts(
        name=f"synthetic-{n_clauses}",
        parties=tuple(Party(id=f"p{i}", name=f"Party {i}") for i in range(N_PARTIES)),
        actions=tuple(Action(id=f"a{i}", description=f"do thing {i}") for i in range(n_actions)),
        clauses=clauses,
    )


def synthetic_state(as_of: date) -> State:
    """Known and unknown facts in equal measure, and a few exercises, so that every status
    (in force, contingent, not in force) occurs."""
    facts: dict[str, object] = {}
    for k in range(12):  # flag.12 .. flag.15 stay unknown
        facts[f"flag.{k}"] = k < 8
    for k in range(4):  # metric.4 .. metric.7 stay unknown
        facts[f"metric.{k}"] = Decimal(10 if k % 2 else 90)
    for k in range(4):  # profit.4 .. profit.7 stay unknown
        facts[f"profit.{k}"] = Money(amount=Decimal(2_000_000 if k < 2 else 10), currency=USD)
    events = {f"c{i}.exercised": as_of - timedelta(days=30) for i in range(4, 200, 15)}
    return State(as_of=as_of, facts=facts, events=events)


def status_counts(ev: Evaluation) -> str:
    return f"{len(ev.in_force())}/{len(ev.contingent())}/{len(ev.not_in_force())}"


@dataclass(frozen=True)
class ScaleRow:
    clauses: int
    entitlements: int
    build: float  # Deal(...) construction and validation, seconds
    cold: float  # first evaluate of a fresh deal (compile + segment + evaluate)
    segment: float  # first evaluate on an unseen segment of a compiled deal
    segment_build: float  # that, less a second call on the same date (median)
    warm: float


def bench_scaling(repeat: int, min_time: float) -> list[ScaleRow]:
    heading("2. Scaling in clauses (synthetic deals)")
    print(
        "cold = first evaluate of a freshly built Deal (compiles the deal and builds the\n"
        "date segment); new seg = first evaluate on a date segment of a compiled deal not\n"
        "built yet; seg build = that less a second call on the same date; warm = repeated\n"
        "evaluate. Statuses: in force/contingent/not in force."
    )
    as_of = date(2016, 3, 1)
    state = synthetic_state(as_of)
    print(
        f"{'clauses':>8}{'ents':>6}{'statuses':>14}{'Deal() ms':>11}{'cold µs':>12}"
        f"{'new seg µs':>12}{'seg build':>11}{'warm µs':>11}{'warm/clause':>13}"
        f"{'cold/clause':>13}"
    )
    rows = []
    for n in (10, 100, 1000):
        parts = synthetic_parts(n)
        trials = 5 if n < 1000 else 3
        t0 = time.perf_counter()
        deals = [parts.build() for _ in range(trials)]
        t_build = (time.perf_counter() - t0) / trials
        t_cold = best_single([partial(evaluate, d, state) for d in deals])
        deal = deals[0]
        # Dates that each open a segment no evaluation has built yet: the boundaries of
        # the licences' own terms (kind 1), distinct, not in `as_of`'s segment.
        bounds = sorted(
            {c.term.effective_date for c in deal.clauses if c.term is not None}
            | {c.term.end for c in deal.clauses if c.term is not None and c.term.end}
        )
        own_dates = [d for d in bounds if d > as_of] + [d for d in bounds if d < as_of][:-1]
        own_dates = own_dates[:5]
        fresh = [State(as_of=d, facts=state.facts, events=state.events) for d in own_dates]
        for s in fresh:
            _ = s.fact_values  # a State caches this on first use: not the segment's cost
        # The first call on each fresh date builds its segment; a second call, timed the
        # same way (one shot), does not: the difference is the segment's build cost.
        firsts, extras = [], []
        for s in fresh:
            first = best_single([partial(evaluate, deal, s)])
            again = best_single([partial(evaluate, deal, s)])
            firsts.append(first)
            extras.append(first - again)
        t_segment, t_seg_build = min(firsts), statistics.median(extras)
        t_warm = best_time(partial(evaluate, deal, state), repeat=repeat, min_time=min_time)
        ev = evaluate(deal, state)
        row = ScaleRow(n, len(ev.entitlements), t_build, t_cold, t_segment, t_seg_build, t_warm)
        rows.append(row)
        print(
            f"{n:>8}{row.entitlements:>6}{status_counts(ev):>14}{t_build * 1e3:>11,.1f}"
            f"{us(t_cold):>12}{us(t_segment):>12}{us(t_seg_build):>11}{us(t_warm):>11}"
            f"{us(t_warm / n):>13}{us(t_cold / n):>13}"
        )
    small, large = rows[0], rows[-1]
    print(
        f"1,000 vs 10 clauses: warm {ratio(large.warm, small.warm)}, cold "
        f"{ratio(large.cold, small.cold)}, Deal() {ratio(large.build, small.build)} "
        f"(linear: 100x)"
    )
    return rows


# ---------------------------------------------------------------------------------------
# 3. Amendment history


def history_deal(n_amendments: int, n_clauses: int = 20) -> tuple[Deal, date]:
    """A deal of `n_clauses` clauses amended `n_amendments` times, one amendment a day.

    The clauses sit in `n_clauses` slots. Each amendment changes one slot, in turn: it
    replaces the clause by a new version (same id), replaces it under a new id, or removes
    it and adds a clause with a new id. The new clause has the slot's kind, parties,
    action and conditions, so after any number of amendments the clauses in force are the
    same in all but their ids and versions, and only the history differs. (Licences ended
    by a trigger, and triggers, keep their ids, so that `ends` still names them.)
    Returns the deal and a date a month after the last amendment.
    """
    parts = synthetic_parts(n_clauses, spread=False)
    n_actions = len(parts.actions)
    live = [c.id for c in parts.clauses]
    amendments = []
    next_id = n_clauses
    for i in range(n_amendments):
        day = SYN_START + timedelta(days=1 + i)
        slot = (i * 7) % n_clauses
        target = live[slot]
        fixed_id = slot % 5 in (3, 4)  # ended by a trigger, or a trigger
        op = 0 if fixed_id else i % 3
        ends = live[slot - 1] if slot % 5 == 4 else None
        if op == 0:
            by = make_clause(slot, target, n_actions, own_start=SYN_START, ends=ends)
            changes: list[Change] = [ReplaceClause(clause_id=target, by=by)]
        else:
            new = f"c{next_id}"
            next_id += 1
            clause = make_clause(slot, new, n_actions, own_start=SYN_START, ends=ends)
            if op == 1:
                changes = [RemoveClause(clause_id=target), AddClause(clause=clause)]
            else:
                changes = [ReplaceClause(clause_id=target, by=clause)]
            live[slot] = new
        amendments.append(Amendment(id=f"amendment-{i}", effective_date=day, changes=changes))
    return parts.build(tuple(amendments)), SYN_START + timedelta(days=n_amendments + 30)


@dataclass(frozen=True)
class HistRow:
    amendments: int
    versions: int
    entitlements: int
    in_force: int
    build: float
    cold: float
    warm: float
    warm_in_force: float


@dataclass(frozen=True)
class HistResult:
    short: HistRow
    long: HistRow

    @property
    def ratio(self) -> float:
        return self.long.warm / self.short.warm

    @property
    def verdict(self) -> str:
        return "flat" if self.ratio <= HISTORY_TOLERANCE else "GROWS with history"


def bench_history(repeat: int, min_time: float) -> HistResult:
    heading("3. Amendment history: 10 vs 1,000 amendments, about 20 clauses in force")
    print(
        f"{'amendments':>11}{'versions':>10}{'ents':>6}{'statuses':>12}{'Deal() ms':>11}"
        f"{'cold µs':>12}{'warm µs':>11}{'+in_force() µs':>16}"
    )
    built = {}
    for n in (10, 1000):
        t0 = time.perf_counter()
        deal, as_of = history_deal(n)
        t_build = time.perf_counter() - t0
        state = synthetic_state(as_of)
        twins = [history_deal(n)[0] for _ in range(2)]
        t_cold = best_single([partial(evaluate, d, state) for d in (deal, *twins)])
        built[n] = (deal, state, t_build, t_cold)
    fns: dict[str, Callable[[], object]] = {}
    for n, (deal, state, _, _) in built.items():
        fns[f"{n}"] = partial(evaluate, deal, state)
        fns[f"{n}+in_force"] = call_in_force(deal, state)
    t = best_times(fns, repeat=repeat, min_time=min_time)  # round-robin: a fair ratio
    rows = []
    for n, (deal, state, t_build, t_cold) in built.items():
        ev = evaluate(deal, state)
        row = HistRow(
            amendments=n,
            versions=len(deal.history),
            entitlements=len(ev.entitlements),
            in_force=len(ev.in_force()),
            build=t_build,
            cold=t_cold,
            warm=t[f"{n}"],
            warm_in_force=t[f"{n}+in_force"],
        )
        rows.append(row)
        print(
            f"{n:>11}{row.versions:>10}{row.entitlements:>6}{status_counts(ev):>12}"
            f"{t_build * 1e3:>11,.1f}{us(t_cold):>12}{us(row.warm):>11}"
            f"{us(row.warm_in_force):>16}"
        )
    result = HistResult(rows[0], rows[1])
    print(
        f"warm evaluate, 1,000 vs 10 amendments: {result.ratio:,.1f}x -> {result.verdict} "
        f"(tolerance {HISTORY_TOLERANCE:g}x)"
    )
    if result.verdict != "flat":
        print(
            "  note: an Evaluation lists every version of every clause ever in the deal "
            f"({result.short.entitlements} vs {result.long.entitlements} entitlements), "
            "so its cost follows the history, not the clauses in force."
        )
    return result


# ---------------------------------------------------------------------------------------
# 4. Import time


def python_env(pycache: str | None) -> dict[str, str]:
    """The environment for a fresh interpreter: with a bytecode cache in `pycache` (as a
    user's installed package has), or with none (`PYTHONDONTWRITEBYTECODE`)."""
    env = dict(os.environ)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache  # keeps the source tree free of __pycache__
    return env


def run_python(code: str, env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *flags, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env=env,
    )


def best_wall(code_a: str, code_b: str, env: dict[str, str], runs: int) -> tuple[float, float]:
    """Best wall time of `runs` interpreter starts for each of two programs, interleaved
    so that drift hits both alike."""
    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(runs):
        for code, times in ((code_a, times_a), (code_b, times_b)):
            t0 = time.perf_counter()
            run_python(code, env)
            times.append(time.perf_counter() - t0)
    return min(times_a), min(times_b)


def importtime_tree(
    env: dict[str, str], runs: int = 3
) -> tuple[float, float, list[tuple[str, float]]]:
    """Parse `-X importtime` for `import dealterms` (best of `runs` per module).

    Returns dealterms' cumulative seconds, the seconds spent in dealterms' own modules
    (self time), and the outermost other modules imported for it, largest first.
    """
    best: dict[str, tuple[int, int]] = {}  # name -> (self us, cumulative us)
    order: list[tuple[str, int]] = []  # (name, indentation), in output order
    for k in range(runs):
        err = run_python("import dealterms", env, "-X", "importtime").stderr
        for line in err.splitlines():
            fields = line.removeprefix("import time:").split("|")
            if len(fields) != 3 or not fields[1].strip().isdigit():
                continue  # the header line, or something else on stderr
            name = fields[2].strip()
            self_us, cum_us = int(fields[0]), int(fields[1])
            old = best.get(name, (self_us, cum_us))
            best[name] = (min(old[0], self_us), min(old[1], cum_us))
            if k == 0:
                order.append((name, len(fields[2]) - len(fields[2].lstrip())))
    # Children are printed before their parent, more indented: dealterms' subtree is the
    # run of lines just above the `dealterms` line that are indented deeper than it.
    top = next(i for i, (n, _) in enumerate(order) if n == "dealterms")
    top_indent = order[top][1]
    start = top
    while start > 0 and order[start - 1][1] > top_indent:
        start -= 1
    subtree = order[start : top + 1]

    def parent(i: int) -> str:
        indent = subtree[i][1]
        return next(n for n, d in subtree[i + 1 :] if d < indent)

    def own(name: str) -> bool:
        return name == "dealterms" or name.startswith("dealterms.")

    outside = sorted(
        (
            (n, best[n][1] / 1e6)
            for i, (n, _) in enumerate(subtree[:-1])
            if not own(n) and own(parent(i))
        ),
        key=lambda nt: -nt[1],
    )
    own_self = sum(best[n][0] for n, _ in subtree if own(n)) / 1e6
    return best["dealterms"][1] / 1e6, own_self, outside


@dataclass(frozen=True)
class ImportResult:
    bare: float  # python -c pass, seconds (bytecode cached)
    imported: float  # python -c "import dealterms", seconds (bytecode cached)
    bare_nocache: float  # the same two without a bytecode cache
    imported_nocache: float
    importtime: float  # -X importtime: dealterms cumulative, seconds
    own_self: float  # -X importtime: dealterms' own modules, self time, seconds
    outside: list[tuple[str, float]]  # outermost other imports it pulls in, seconds
    modules: int
    bare_modules: int

    @property
    def cost(self) -> float:
        return self.imported - self.bare


def bench_import(runs: int) -> ImportResult:
    heading("4. `import dealterms` in a fresh interpreter")
    with tempfile.TemporaryDirectory(prefix="dealterms-bench-pycache-") as pycache:
        env = python_env(pycache)
        check = (
            "import sys, dealterms; "
            f"print(','.join(m for m in {FORBIDDEN_IMPORTS!r} if m in sys.modules)); "
            "print(len(sys.modules))"
        )
        out = run_python(check, env).stdout.split("\n")
        forbidden, n_modules = out[0], int(out[1])
        assert not forbidden, f"`import dealterms` imports {forbidden}"
        n_bare = int(run_python("import sys; print(len(sys.modules))", env).stdout)
        print(
            f"not in sys.modules after `import dealterms`: {', '.join(FORBIDDEN_IMPORTS)}: "
            f"ok ({n_modules} modules loaded, {n_bare} in a bare interpreter)"
        )
        t_bare, t_import = best_wall("pass", "import dealterms", env, runs)
        print(
            f"bytecode cached, best of {runs}: python -c 'pass' {t_bare * 1e3:.1f} ms, "
            f"-c 'import dealterms' {t_import * 1e3:.1f} ms -> import adds "
            f"{(t_import - t_bare) * 1e3:.1f} ms ({ratio(t_import, t_bare)} a bare start)"
        )
        total, own_self, outside = importtime_tree(env)
        print(
            f"  -X importtime: dealterms {total * 1e3:.1f} ms cumulative, of which its own "
            f"modules {own_self * 1e3:.1f} ms (self); imports it pulls in: "
            + ", ".join(f"{n} {t * 1e3:.1f} ms" for n, t in outside[:5])
        )
    nocache = python_env(None)
    t_bare_nc, t_import_nc = best_wall("pass", "import dealterms", nocache, max(3, runs // 2))
    print(
        f"no bytecode cache (PYTHONDONTWRITEBYTECODE): -c 'pass' {t_bare_nc * 1e3:.1f} ms, "
        f"-c 'import dealterms' {t_import_nc * 1e3:.1f} ms -> import adds "
        f"{(t_import_nc - t_bare_nc) * 1e3:.1f} ms"
    )
    return ImportResult(
        t_bare,
        t_import,
        t_bare_nc,
        t_import_nc,
        total,
        own_self,
        outside,
        n_modules,
        n_bare,
    )


# ---------------------------------------------------------------------------------------
# Summary


def summary(
    ref: RefResult,
    scaling: list[ScaleRow],
    hist: HistResult,
    imp: ImportResult,
    *,
    repeat: int,
    elapsed: float,
) -> None:
    lines: list[str] = []
    add = lines.append
    add("dealterms evaluate benchmark (benchmarks/bench_evaluate.py)")
    add(
        f"dealterms {dealterms.__version__} @ {git_revision()}, Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; best of {repeat} loops; whole run {elapsed:.0f} s"
    )
    add("")
    add("1. Reference deal, µs per call: evaluate / hand-written = ratio")
    for r in ref.rows:
        add(
            f"   {r.label:<32} {us(r.evaluate):>6} / {us(r.plain):>4} = "
            f"{ratio(r.evaluate, r.plain):>6}   +may() {us(r.evaluate_may):>6} / "
            f"{us(r.plain_may):>4} = {ratio(r.evaluate_may, r.plain_may):>6}"
        )
    add(
        f"   {'all six, per state':<32} {us(ref.all_evaluate):>6} / {us(ref.all_plain):>4} = "
        f"{ratio(ref.all_evaluate, ref.all_plain):>6}   goal <= {GOAL_RATIO:g}x: {ref.verdict}"
    )
    add("")
    add("2. Scaling in clauses, µs per evaluate (µs per clause)")
    for s in scaling:
        add(
            f"   {s.clauses:>5} clauses ({s.entitlements:>4} ents): warm {us(s.warm):>7} "
            f"({us(s.warm / s.clauses)})  cold {us(s.cold):>9} ({us(s.cold / s.clauses)})  "
            f"segment build {us(s.segment_build)}  Deal() {s.build * 1e3:,.1f} ms"
        )
    add("")
    add("3. Amendment history (about 20 clauses in force), date after the last amendment")
    for h in (hist.short, hist.long):
        add(
            f"   {h.amendments:>5,} amendments ({h.entitlements:>4} ents): warm "
            f"{us(h.warm):>7} µs  cold {us(h.cold):>9} µs  Deal() {h.build * 1e3:,.1f} ms"
        )
    add(f"   warm 1,000 / 10 amendments: {hist.ratio:,.1f}x -> {hist.verdict}")
    add("")
    add("4. Import (fresh interpreter, bytecode cached)")
    add(
        f"   python -c 'import dealterms' {imp.imported * 1e3:.1f} ms vs -c 'pass' "
        f"{imp.bare * 1e3:.1f} ms: +{imp.cost * 1e3:.1f} ms "
        f"(without bytecode cache +{(imp.imported_nocache - imp.bare_nocache) * 1e3:.1f} ms)"
    )
    add(
        f"   -X importtime: dealterms {imp.importtime * 1e3:.1f} ms, own modules "
        f"{imp.own_self * 1e3:.1f} ms; "
        + ", ".join(f"{n} {t * 1e3:.1f} ms" for n, t in imp.outside[:3])
    )
    add(
        f"   {', '.join(FORBIDDEN_IMPORTS)} not imported: ok ({imp.modules} modules vs "
        f"{imp.bare_modules} bare)"
    )
    width = max(len(line) for line in lines)
    print()
    print("=" * width)
    print("\n".join(lines))
    print("=" * width)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark dealterms.evaluate.")
    parser.add_argument("--repeat", type=int, default=7, help="loops per figure; best kept")
    parser.add_argument(
        "--min-time", type=float, default=0.02, help="seconds each timed loop lasts at least"
    )
    parser.add_argument("--import-runs", type=int, default=7, help="interpreter starts each")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    print(f"dealterms {dealterms.__version__}, Python {platform.python_version()}")
    ref = bench_reference(args.repeat, args.min_time)
    scaling = bench_scaling(args.repeat, args.min_time)
    hist = bench_history(args.repeat, args.min_time)
    imp = bench_import(args.import_runs)
    summary(ref, scaling, hist, imp, repeat=args.repeat, elapsed=time.perf_counter() - t0)


if __name__ == "__main__":
    main()
