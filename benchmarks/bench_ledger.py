"""Benchmark `dealterms.ledger` against a hand-written Decimal loop measured in the same run.

Run from the repository root:

    .venv/bin/python benchmarks/bench_ledger.py

Three measurements:

1. a synthetic deal of 1,000 revenue-share clauses (quarterly, each reading its own base
   metric) over 40 quarters (2025 Q1 .. 2034 Q4: 40,000 ledger rows), against a
   hand-written loop of plain `Decimal` arithmetic that computes the same amounts: rate x
   quarterly revenue, rounded half-even to the cent with the residue carried per clause,
   as the ledger does (see the `dealterms._ledger` module docstring). Every amount is first
   checked to be identical; the goal is the ledger within 3x of the loop;
2. scaling: 100 and 3,000 clauses, 1,000 clauses sharing 10 base metrics, and 100 clauses
   over 120 monthly periods: µs per row for both;
3. when the goal is missed, a cProfile of one ledger call: the top costs, with file:line.

The ledger is timed cold (a fresh `Deal`, `attrs.evolve(deal)`, built outside the timing:
the ledger's timeline compiles it on first use, as for a user's first call) and warm (the
same deal again). Timing is one-shot runs, repeated up to `--repeat` times while a figure
stays under `--cap` seconds, best kept, garbage collector off; sizes predicted to overrun
`--budget` are skipped (`--full` runs them all). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import platform
import pstats
import random
import time
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import TYPE_CHECKING, Any

import attrs
from _common import (
    Budget,
    Hotspot,
    Timed,
    fmt_s,
    git_revision,
    heading,
    ms,
    one_shot,
    ratio,
    short_path,
    us,
)

import dealterms
from dealterms import Deal, Money, Party, Rate, RevenueInput, RevenueShare, Term, ledger

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from dealterms import Ledger

GOAL_RATIO = 3.0  # ledger within 3x of the hand-written loop
START = date(2025, 1, 1)
END = date(2034, 12, 31)
USD = "USD"
CENT = Decimal("0.01")
N_PARTIES = 8
# Products of a rate (4 decimals) and an amount (cents, <= 11 digits), and sums of 120 of
# them, have far fewer than 60 digits: every operation below is exact until quantize.
EXACT = Context(prec=60)

Amounts = dict[tuple[str, date], tuple[Decimal, Decimal]]  # (clause, period) -> base, owed

# ---------------------------------------------------------------------------------------
# Timing helpers (as in bench_timeline.py)


def time_fresh(
    tasks: dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]],
    *,
    repeat: int,
    cap: float,
) -> dict[str, Timed]:
    """Time each task `(make, run)`: `run(make())`, `make()` untimed, fresh for every run.

    Each task runs once; then up to `repeat` runs in all while its runs together stay
    under `cap` seconds, round-robin over the tasks.
    """
    out: dict[str, Timed] = {}
    wanted: dict[str, int] = {}
    gc.collect()
    for key, (make, run) in tasks.items():
        t, result = one_shot(run, make())
        out[key] = Timed(t, 1, result)
        wanted[key] = min(repeat, max(1, int(cap / max(t, 1e-9))))
    for k in range(1, max(wanted.values(), default=1)):
        gc.collect()
        for key, (make, run) in tasks.items():
            if wanted[key] > k:
                t, _ = one_shot(run, make())
                out[key].best = min(out[key].best, t)
                out[key].runs += 1
    return out


# ---------------------------------------------------------------------------------------
# The synthetic deal and its revenue figures (public API only)


def periods(months: int) -> list[date]:
    """Period starts from START through END, every `months` months (calendar aligned)."""
    out = []
    k = 0
    while True:
        index = START.year * 12 + START.month - 1 + k * months
        d = date(index // 12, index % 12 + 1, 1)
        if d > END:
            return out
        out.append(d)
        k += 1


def period_end(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date.fromordinal(date(index // 12, index % 12 + 1, 1).toordinal() - 1)


def rate_of(i: int) -> Decimal:
    """Clause `i`'s rate: four decimals from 0.01% to 49.99%; every 100th is 50%, whose
    products with an odd number of cents end in half a cent (ties for half-even)."""
    if i % 100 == 99:
        return Decimal("0.5")
    return Decimal((i * 7919) % 4999 + 1).scaleb(-4)


@dataclass(frozen=True)
class Problem:
    """A deal of `clauses` revenue shares, its revenue figures and the period length."""

    label: str
    deal: Deal
    revenue: tuple[RevenueInput, ...]
    months: int  # 3: quarterly, 1: monthly

    @property
    def clauses(self) -> int:
        return len(self.deal.clauses)

    @property
    def rows(self) -> int:
        return self.clauses * len(periods(self.months))


def problem_label(n_clauses: int, metrics: int | None, months: int) -> str:
    shared = "own base metrics" if metrics is None else f"{metrics} shared base metrics"
    period = {3: "quarters", 1: "months"}[months]
    return f"{n_clauses:,} clauses x {len(periods(months))} {period}, {shared}"


def make_problem(n_clauses: int, *, metrics: int | None = None, months: int = 3) -> Problem:
    """`n_clauses` revenue shares paying `rate_of(i)` of a base metric each period.

    Each clause reads its own base metric (`metrics=None`) or one of `metrics` shared ones.
    Every metric has one revenue figure per period (whole cents, $1M to $50M, seeded
    pseudo-random), so every amount has sub-cent digits to round.
    """
    period = {3: "quarterly", 1: "monthly"}[months]
    n_metrics = n_clauses if metrics is None else metrics
    parties = tuple(Party(id=f"p{i}", name=f"Party {i}") for i in range(N_PARTIES))
    clauses = tuple(
        RevenueShare(
            id=f"rs{i:04d}",
            payer=f"p{i % N_PARTIES}",
            payee=f"p{(i + 1 + i // N_PARTIES % (N_PARTIES - 1)) % N_PARTIES}",
            rate=Rate(value=rate_of(i)),
            base=f"revenue.{i % n_metrics:04d}",
            period=period,
        )
        for i in range(n_clauses)
    )
    deal = Deal(
        id=f"revenue-shares-{n_clauses}",
        name=f"{n_clauses} revenue shares",
        parties=parties,
        actions=(),
        term=Term(effective_date=START, expiry=END, expiry_inclusive=True),
        clauses=clauses,
    )
    rng = random.Random(20250101 + n_clauses + 7 * (metrics or 0) + months)
    starts = periods(months)
    revenue = tuple(
        RevenueInput(
            metric=f"revenue.{m:04d}",
            start=p,
            end=period_end(p, months),
            amount=Money(
                amount=Decimal(rng.randrange(100_000_000, 5_000_000_000)).scaleb(-2), currency=USD
            ),
        )
        for m in range(n_metrics)
        for p in starts
    )
    label = problem_label(n_clauses, metrics, months)
    return Problem(label=label, deal=deal, revenue=revenue, months=months)


# ---------------------------------------------------------------------------------------
# The two methods, and the check that they agree


def by_hand(
    clauses: Sequence[RevenueShare], revenue: Sequence[RevenueInput], months: int
) -> list[tuple[str, date, Decimal, Decimal]]:
    """The ledger of this deal, written out by hand: (clause, period, base, owed) rows.

    It knows what the general ledger must work out: every clause is in force on every day,
    and each metric has exactly one figure per period. Per clause, the exact cumulative
    amount is rounded half-even to the cent, and each period owes the rounded cumulative
    total less the rounded total before it (the residue is carried).
    """
    figures: dict[str, dict[date, Decimal]] = {}
    for r in revenue:
        figures.setdefault(r.metric, {})[r.start] = r.amount.amount
    starts = periods(months)
    out = []
    with localcontext(EXACT):
        for c in clauses:
            rate = c.rate.value  # type: ignore[union-attr]
            figure = figures[c.base]
            exact = Decimal(0)
            before = Decimal(0)
            for p in starts:
                base = figure[p]
                exact += rate * base
                now = exact.quantize(CENT, rounding=ROUND_HALF_EVEN)
                out.append((c.id, p, base, now - before))
                before = now
    return out


def hand_amounts(rows: list[tuple[str, date, Decimal, Decimal]]) -> Amounts:
    return {(c, p): (base, owed) for c, p, base, owed in rows}


def ledger_amounts(book: Ledger) -> Amounts:
    out: Amounts = {}
    for r in book.rows:
        assert r.base is not None
        assert r.owed is not None
        assert r.currency == USD
        assert r.days_in_force == r.days_in_period, f"{r.clause} {r.period}: {r.why}"
        out[(r.clause, r.period.start)] = (r.base.amount, r.owed.amount)
    return out


def check_same(book: Ledger, hand: list[tuple[str, date, Decimal, Decimal]], p: Problem) -> None:
    """Assert the ledger's rounded base and owed amounts equal the hand-written ones."""
    got, want = ledger_amounts(book), hand_amounts(hand)
    assert len(book.rows) == p.rows, f"{p.label}: {len(book.rows)} ledger rows, want {p.rows}"
    if got == want:
        return
    bad = [k for k in sorted(set(got) | set(want)) if got.get(k) != want.get(k)]
    lines = [f"{p.label}: ledger and the hand-written loop disagree on {len(bad):,} rows"]
    lines += [f"  {c} {d}: ledger {got.get((c, d))} by hand {want.get((c, d))}" for c, d in bad[:8]]
    raise AssertionError("\n".join(lines))


@dataclass(frozen=True)
class Rounding:
    """How much the carried rounding mattered in a run: rows whose carried amount differs
    from rounding each period on its own, and exact half-cent ties met by half-even."""

    carried_differs: int
    ties: int


def rounding_stats(p: Problem, hand: list[tuple[str, date, Decimal, Decimal]]) -> Rounding:
    rates = {c.id: c.rate.value for c in p.deal.clauses}  # type: ignore[attr-defined]
    differs = ties = 0
    exact: dict[str, Decimal] = {}
    with localcontext(EXACT):
        for c, _, base, owed in hand:
            amount = rates[c] * base
            exact[c] = exact.get(c, Decimal(0)) + amount
            if amount.quantize(CENT, rounding=ROUND_HALF_EVEN) != owed:
                differs += 1
            if (exact[c] * 200) % 2 == 1:  # exactly half a cent over a whole cent
                ties += 1
    return Rounding(differs, ties)


# ---------------------------------------------------------------------------------------
# Measurements


@dataclass
class Row:
    """One problem: ledger cold and warm against the hand-written loop."""

    label: str
    clauses: int
    rows: int
    cold: float | None = None
    warm: float | None = None
    hand: float | None = None
    runs: tuple[int, int, int] = (0, 0, 0)
    predicted: float | None = None  # when skipped: ledger seconds per call
    rounding: Rounding | None = None

    @property
    def measured(self) -> bool:
        return self.cold is not None


def warmed(deal: Deal, revenue: Sequence[RevenueInput]) -> Deal:
    """A fresh copy of `deal` on which the ledger has run once (compiled, segments built)."""
    d = attrs.evolve(deal)
    ledger(d, revenue, START, END)
    return d


def measure(p: Problem, *, repeat: int, cap: float, warm: bool = True) -> Row:
    """Time the ledger (cold, and warm if asked) and the hand-written loop; check them."""
    clauses = tuple(c for c in p.deal.clauses if isinstance(c, RevenueShare))
    tasks: dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]] = {
        "cold": (lambda: attrs.evolve(p.deal), lambda d: ledger(d, p.revenue, START, END)),
        "hand": (lambda: None, lambda _: by_hand(clauses, p.revenue, p.months)),
    }
    if warm:
        deal = warmed(p.deal, p.revenue)
        tasks["warm"] = (lambda: deal, lambda d: ledger(d, p.revenue, START, END))
    t = time_fresh(tasks, repeat=repeat, cap=cap)
    hand = t["hand"].result
    check_same(t["cold"].result, hand, p)
    if warm:
        check_same(t["warm"].result, hand, p)
    stats = rounding_stats(p, hand)
    assert stats.carried_differs > 0, f"{p.label}: the carried rounding is never exercised"
    return Row(
        label=p.label,
        clauses=p.clauses,
        rows=p.rows,
        cold=t["cold"].best,
        warm=t["warm"].best if warm else None,
        hand=t["hand"].best,
        runs=(t["cold"].runs, t["warm"].runs if warm else 0, t["hand"].runs),
        rounding=stats,
    )


def row_line(r: Row) -> str:
    if not r.measured:
        assert r.predicted is not None
        return (
            f"{r.label:<52}{r.rows:>8,}  skipped: ledger predicted ~{fmt_s(r.predicted)} "
            "(over the budget; --full measures it)"
        )
    assert r.cold is not None
    assert r.hand is not None
    warm = "-" if r.warm is None else ms(r.warm)
    warm_ratio = "-" if r.warm is None else ratio(r.warm, r.hand)
    return (
        f"{r.label:<52}{r.rows:>8,}{ms(r.cold):>11}{warm:>11}{ms(r.hand):>10}"
        f"{ratio(r.cold, r.hand):>8}{warm_ratio:>8}{us(r.cold / r.rows):>9}"
        f"{us(r.hand / r.rows):>8}"
    )


HEADER = (
    f"{'problem':<52}{'rows':>8}{'cold ms':>11}{'warm ms':>11}{'hand ms':>10}"
    f"{'cold':>8}{'warm':>8}{'µs/row':>9}{'hand':>8}"
)


@dataclass
class HeadResult:
    problem: Problem
    row: Row
    verdict: str


def bench_headline(args: argparse.Namespace) -> HeadResult:
    heading("1. 1,000 revenue shares x 40 quarters: ledger vs a hand-written Decimal loop")
    t0 = time.perf_counter()
    p = make_problem(1000)
    print(
        f"deal and {len(p.revenue):,} revenue figures built in "
        f"{time.perf_counter() - t0:.2f} s (not timed)"
    )
    print(
        "cold = ledger on a fresh Deal (attrs.evolve, built outside the timing); warm = the\n"
        "same deal again; hand = plain Decimal arithmetic (rate x revenue, cumulative total\n"
        "rounded half-even to the cent, residue carried per clause). Ratios are ledger /\n"
        "hand; µs/row = per ledger row (clause x period)."
    )
    print(HEADER)
    row = measure(p, repeat=args.repeat, cap=args.cap)
    print(row_line(row))
    assert row.cold is not None
    assert row.hand is not None
    assert row.rounding is not None
    print(
        f"amounts identical in all {row.rows:,} rows (base and owed): ok; carried rounding "
        f"differs from per-period rounding in {row.rounding.carried_differs:,} rows, "
        f"{row.rounding.ties:,} exact half-cent ties"
    )
    print(f"runs (cold/warm/hand): {row.runs[0]}/{row.runs[1]}/{row.runs[2]}")
    verdict = "met" if row.cold / row.hand <= GOAL_RATIO else "NOT met"
    print(
        f"goal: ledger within {GOAL_RATIO:g}x of the hand-written loop -> {verdict} (cold "
        f"{ratio(row.cold, row.hand)}"
        + ("" if row.warm is None else f", warm {ratio(row.warm, row.hand)}")
        + ")"
    )
    return HeadResult(p, row, verdict)


def bench_scaling(args: argparse.Namespace, head: Row, budget: Budget) -> list[Row]:
    heading("2. Scaling: clauses, shared base metrics, monthly periods")
    print(
        "Same columns; warm only for the smallest. A cost per row that stays flat means\n"
        "linear scaling; with monthly periods each period's base is looked up among 120\n"
        "figures instead of 40."
    )
    print(HEADER)
    assert head.cold is not None
    per_row = head.cold / head.rows
    rows = []
    for n, metrics, months in ((100, None, 3), (1000, 10, 3), (100, None, 1), (3000, None, 3)):
        p_rows = n * len(periods(months))
        # A guess from the headline's cost per row, times the rows, times the figures
        # scanned per period (the ledger's base lookup grows with the number of periods).
        guess = per_row * p_rows * (3 / months)
        if not budget.affords(guess * 1.5):
            label = problem_label(n, metrics, months)
            row = Row(label=label, clauses=n, rows=p_rows, predicted=guess)
        else:
            p = make_problem(n, metrics=metrics, months=months)
            small = n <= 100 and months == 3
            row = measure(p, repeat=args.repeat, cap=args.cap / 3, warm=small)
        rows.append(row)
        print(row_line(row))
    return rows


@dataclass(frozen=True)
class Profile:
    total: float  # seconds of the profiled call
    by_own: list[Hotspot]  # every function, by own time
    by_cumulative: list[Hotspot]  # dealterms' functions, by cumulative time


def bench_profile(p_deal: Deal, revenue: Sequence[RevenueInput]) -> Profile:
    heading("3. Profile of one ledger call (cold, cProfile; times inflated by the profiler)")
    deal = attrs.evolve(p_deal)
    profiler = cProfile.Profile()
    gc.collect()
    gc.disable()  # as in the timed runs: a collection would be charged to whatever runs
    try:
        t0 = time.perf_counter()
        profiler.enable()
        ledger(deal, revenue, START, END)
        profiler.disable()
        total = time.perf_counter() - t0
    finally:
        gc.enable()
    stats = pstats.Stats(profiler)
    entries = []
    for (path, line, func), (_, calls, own, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{short_path(path)}:{line}({func})" if line else func
        entries.append(Hotspot(where, calls, own, cum))
    by_own = sorted(entries, key=lambda h: -h.own)[:12]
    print(f"profiled call: {total:.2f} s. Top functions by own time:")
    print(f"{'own s':>8}{'share':>7}{'cum s':>8}{'calls':>11}  where")
    for h in by_own:
        print(f"{h.own:>8.2f}{h.own / total:>7.0%}{h.cumulative:>8.2f}{h.calls:>11,}  {h.where}")
    own_code = sorted(
        (h for h in entries if h.where.startswith("src/dealterms/")), key=lambda h: -h.cumulative
    )[:10]
    print("dealterms functions by cumulative time:")
    for h in own_code:
        print(f"{h.cumulative:>8.2f}{h.cumulative / total:>7.0%}{h.calls:>11,}  {h.where}")
    return Profile(total, by_own, own_code)


# ---------------------------------------------------------------------------------------
# Summary


def summary_row(r: Row) -> str:
    if not r.measured:
        return f"   {r.label:<52} not measured (ledger predicted ~{fmt_s(r.predicted or 0.0)})"
    assert r.cold is not None
    assert r.hand is not None
    return (
        f"   {r.label:<52} ledger {fmt_s(r.cold):>9} ({us(r.cold / r.rows):>6} µs/row)  hand "
        f"{fmt_s(r.hand):>8} ({us(r.hand / r.rows):>4} µs/row) = {ratio(r.cold, r.hand):>6}"
    )


def summary(
    head: HeadResult,
    scaling: list[Row],
    profile: Profile | None,
    args: argparse.Namespace,
    elapsed: float,
) -> None:
    r = head.row
    assert r.cold is not None
    assert r.hand is not None
    assert r.rounding is not None
    lines: list[str] = []
    add = lines.append
    add("dealterms ledger benchmark (benchmarks/bench_ledger.py)")
    add(
        f"dealterms {dealterms.__version__} @ {git_revision()}, Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs"
    )
    add(
        f"best of up to {args.repeat} runs; "
        + ("--full" if args.full else f"budget {args.budget:g} s")
        + f"; whole run {elapsed:.0f} s; cold = fresh Deal (attrs.evolve) per run"
    )
    add("")
    add("1. 1,000 revenue shares x 40 quarters (own base metric each), 40,000 rows")
    add(
        f"   ledger cold {fmt_s(r.cold)} ({us(r.cold / r.rows)} µs/row)"
        + ("" if r.warm is None else f", warm {fmt_s(r.warm)} ({us(r.warm / r.rows)} µs/row)")
    )
    add(f"   hand-written Decimal loop {fmt_s(r.hand)} ({us(r.hand / r.rows)} µs/row)")
    add(
        f"   amounts identical in all {r.rows:,} rows; carried rounding differs from "
        f"per-period rounding in {r.rounding.carried_differs:,} rows, {r.rounding.ties} ties"
    )
    add(
        f"   ledger / hand: cold {ratio(r.cold, r.hand)}"
        + ("" if r.warm is None else f", warm {ratio(r.warm, r.hand)}")
        + f"   goal <= {GOAL_RATIO:g}x: {head.verdict}"
    )
    add("")
    add("2. Scaling (cold ledger vs hand)")
    for s in scaling:
        add(summary_row(s))
    if profile is not None:
        total = profile.total
        add("")
        add(f"3. Profile of one cold ledger call ({total:.1f} s under cProfile), top own time:")
        for h in profile.by_own[:8]:
            add(f"   {h.own:>5.2f} s {h.own / total:>4.0%} {h.calls:>10,} calls  {h.where}")
        add("   dealterms functions by cumulative time:")
        for h in profile.by_cumulative[1:7]:
            share = h.cumulative / total
            add(f"   {h.cumulative:>5.2f} s {share:>4.0%} {h.calls:>10,} calls  {h.where}")
    width = max(len(line) for line in lines)
    print()
    print("=" * width)
    print("\n".join(lines))
    print("=" * width)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark dealterms.ledger.")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure at most; best kept")
    parser.add_argument(
        "--cap", type=float, default=6.0, help="repeat a figure while its runs stay under S s"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=55.0,
        help="seconds for the whole run; scaling sizes predicted to overrun are skipped",
    )
    parser.add_argument("--full", action="store_true", help="measure every size")
    parser.add_argument(
        "--profile",
        choices=("auto", "always", "never"),
        default="auto",
        help="profile one ledger call: when the goal is missed (auto), always or never",
    )
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    print(f"dealterms {dealterms.__version__}, Python {platform.python_version()}")
    head = bench_headline(args)
    # Keep room for the profile (about twice a ledger call) when it will run.
    will_profile = args.profile == "always" or (args.profile == "auto" and head.verdict != "met")
    reserve = 2.5 * (head.row.cold or 0.0) if will_profile else 0.0
    budget = Budget(None if args.full else t0 + args.budget - reserve)
    scaling = bench_scaling(args, head.row, budget)
    profile = None
    if will_profile:
        profile = bench_profile(head.problem.deal, head.problem.revenue)
    summary(head, scaling, profile, args, time.perf_counter() - t0)


if __name__ == "__main__":
    main()
