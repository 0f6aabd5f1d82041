"""Benchmark `Lifecycle.replay` against the plain reference replay in the same process.

Run from the repository root:

    .venv/bin/python benchmarks/bench_lifecycle.py

A chain of N obligations, each created when the previous one is fulfilled and due within
a day, fulfilled one a day (N events over N days), for N = 100, 1,000 and 3,000; and the
same chain with every fulfilment on one day, listed in reverse (the worst order for a
scan). For each: the indexed replay (`Lifecycle.replay`) and the plain replay that
rescans every clause per event and day (`Lifecycle._replay(plain=True)`, the reference the
property tests compare with), checked to give the same snapshot, then their ratio and the
microseconds per event. Runs are one-shot, repeated up to `--repeat` times while a
measurement stays under `--cap` seconds, best kept, garbage collector off; the plain
replay is skipped above `--plain-max` events unless `--full`.
"""

from __future__ import annotations

import argparse
import platform
from datetime import date, timedelta
from typing import TYPE_CHECKING

from _common import Timed, git_revision, heading, ms, one_shot, ratio, us

from dealterms import Deadline, Lifecycle, LifecycleEvent, Money, Obligation

if TYPE_CHECKING:
    from collections.abc import Callable

    from dealterms import LifecycleSnapshot

START = date(2025, 1, 1)
SIZES = (100, 1000, 3000)


def chain(n: int) -> Lifecycle:
    clauses = [
        Obligation(
            id=f"o{k:05d}",
            obligor="buyer",
            obligee="seller",
            owed=Money.parse("1 USD"),
            created_by=None if k == 0 else f"o{k - 1:05d}.fulfilled",
            deadline=Deadline(days=1),
        )
        for k in range(n)
    ]
    return Lifecycle(clauses=tuple(clauses), start=START)


def daily(n: int) -> list[LifecycleEvent]:
    return [
        LifecycleEvent(date=START + timedelta(days=k), action="fulfil", target=f"o{k:05d}")
        for k in range(n)
    ]


def same_day(n: int) -> list[LifecycleEvent]:
    return [
        LifecycleEvent(date=START, action="fulfil", target=f"o{k:05d}") for k in reversed(range(n))
    ]


def timed(run: Callable[[object], LifecycleSnapshot], repeat: int, cap: float) -> Timed:
    best, result = one_shot(run, None)
    runs = 1
    total = best
    while runs < repeat and total < cap:
        elapsed, _ = one_shot(run, None)
        best, total, runs = min(best, elapsed), total + elapsed, runs + 1
    return Timed(best=best, runs=runs, result=result)


def measure(n: int, log: list[LifecycleEvent], args: argparse.Namespace, label: str) -> None:
    lc = chain(n)
    as_of = max(e.date for e in log)
    fast = timed(lambda _: lc._replay(log, as_of, strict=True), args.repeat, args.cap)
    line = f"{label:>9} {n:>6,}  indexed {ms(fast.best):>9} ms ({us(fast.best / n):>8} µs/event)"
    if n <= args.plain_max or args.full:
        plain = timed(lambda _: lc._replay(log, as_of, strict=True, plain=True), 1, args.cap)
        assert plain.result.steps == fast.result.steps, "replays differ"
        assert plain.result.contract == fast.result.contract, "replays differ"
        line += f"  plain {ms(plain.best):>10} ms  ratio {ratio(plain.best, fast.best):>8}"
    else:
        line += "  plain (skipped: --full to run)"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cap", type=float, default=10.0)
    parser.add_argument("--plain-max", type=int, default=3000)
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    print(f"dealterms {git_revision()} on Python {platform.python_version()}")
    heading("obligation chains: indexed replay against the plain replay")
    for n in SIZES:
        measure(n, daily(n), args, "daily")
    for n in SIZES:
        measure(n, same_day(n), args, "same day")


if __name__ == "__main__":
    main()
