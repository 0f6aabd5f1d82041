"""Helpers shared by the benchmark scripts: timing, formatting, profiles, the revision."""

from __future__ import annotations

import gc
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
"""The repository the benchmarks belong to."""


@dataclass
class Timed:
    """Best seconds of `runs` one-shot runs, and the result of the first run."""

    best: float
    runs: int
    result: Any


@dataclass(frozen=True)
class Hotspot:
    where: str  # file:line(function)
    calls: int
    own: float  # seconds in the function itself
    cumulative: float


def one_shot(run: Callable[[Any], Any], arg: Any) -> tuple[float, Any]:
    """Seconds of a single call `run(arg)`, garbage collector off."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter()
        result = run(arg)
        elapsed = time.perf_counter() - t0
    finally:
        if gc_was_enabled:
            gc.enable()
    return elapsed, result


def git_revision() -> str:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def short_path(path: str) -> str:
    for root in (str(REPO) + os.sep, sys.prefix + os.sep, sys.base_prefix + os.sep):
        if path.startswith(root):
            return path[len(root) :]
    return path


def heading(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def ratio(a: float, b: float) -> str:
    return f"{a / b:,.1f}x"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f}"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.2f}"


class Budget:
    """A deadline for a section (`None`: no limit, as with `--full`)."""

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline

    def left(self) -> float:
        if self.deadline is None:
            return math.inf
        return self.deadline - time.perf_counter()

    def affords(self, seconds: float) -> bool:
        return seconds <= self.left()


def fmt_s(seconds: float) -> str:
    """Seconds, in the unit that reads best."""
    if seconds >= 1:
        return f"{seconds:,.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:,.1f} ms"
    return f"{seconds * 1e6:,.0f} µs"
