"""The runnable examples in examples/ run, and say what their comments promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def run(script: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_example_runs(script: Path) -> None:
    assert run(script).strip()


def test_supply_agreement_answers() -> None:
    out = run(EXAMPLES / "supply_agreement.py").splitlines()
    assert out[0] == "notice deadline for the first renewal: 2020-02-19"
    assert out[1].startswith("term after Peter's notice: from 2018-04-02 through 2021-04-01")
    # The non-solicitation runs through the renewal year and its 12-month tail.
    assert out[2:5] == [
        "2020-06-01 Dan may solicit Peter's staff: no",
        "2021-06-01 Dan may solicit Peter's staff: no",
        "2022-06-01 Dan may solicit Peter's staff: yes",
    ]
    assert out[5].startswith("minimum: 1020.00 | shortfall: 20.00 |")
    assert out[6] == "penalty: 110.00 USD | buyer may terminate: True"
    assert any(line.startswith("pay-delivery: fulfilled since 2019-05-30") for line in out)
