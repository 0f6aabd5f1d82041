"""Public case #30: day-count fractions, from Daml Finance's date tests (10 dp as asserted)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from dealterms import year_fraction
from dealterms.exceptions import InvalidValueError

# (start, end, convention, expected to 10 dp). The case's "30/360 ICMA" is the Eurobond
# basis "30e/360"; its "30E/360" is ISDA's "30e/360-isda" (last days of February too).
CASES = [
    ("2022-02-23", "2023-02-23", "act/360", "1.0138888889"),
    ("2022-02-23", "2023-02-23", "act/365f", "1.0"),
    ("2022-02-23", "2023-02-23", "30/360", "1.0"),
    ("2022-02-23", "2026-02-23", "act/365f", "4.002739726"),
    ("2022-02-23", "2026-02-23", "30/360", "4.0"),
    ("2022-04-30", "2022-07-31", "30/360", "0.25"),
    ("2022-04-30", "2022-07-31", "30e/360", "0.25"),
    ("2022-04-30", "2022-07-31", "30e/360-isda", "0.25"),
    ("2022-05-31", "2022-08-31", "30/360", "0.25"),
    ("2022-05-31", "2022-08-31", "30e/360", "0.25"),
    ("2022-05-31", "2022-08-31", "30e/360-isda", "0.25"),
    ("2022-03-31", "2022-09-30", "30/360", "0.5"),
    ("2022-03-31", "2022-09-30", "30e/360", "0.5"),
    ("2022-03-31", "2022-09-30", "30e/360-isda", "0.5"),
    ("2022-08-31", "2023-02-28", "30/360", "0.4944444444"),
    ("2022-08-31", "2023-02-28", "30e/360-isda", "0.5"),
    ("2022-02-28", "2022-08-31", "30/360", "0.5083333333"),
    ("2022-02-28", "2022-08-31", "30e/360", "0.5055555556"),
    ("2022-02-28", "2022-08-31", "30e/360-isda", "0.5"),
    ("2019-08-31", "2020-02-29", "30/360", "0.4972222222"),
    ("2019-08-31", "2020-02-29", "30e/360-isda", "0.5"),
    ("2020-02-29", "2020-08-31", "30/360", "0.5055555556"),
    ("2020-02-29", "2020-08-31", "30e/360", "0.5027777778"),
    ("2020-02-29", "2020-08-31", "30e/360-isda", "0.5"),
    ("2003-11-01", "2004-05-01", "act/act-isda", "0.4977243806"),
]


@pytest.mark.parametrize(("start", "end", "convention", "expected"), CASES)
def test_case_30_day_count_fractions(start: str, end: str, convention: str, expected: str) -> None:
    got = year_fraction(start, end, convention)  # type: ignore[arg-type]
    assert round(got, 10) == round(Fraction(expected), 10)


def test_act_act_icma_regular_period() -> None:
    assert year_fraction("2003-11-01", "2004-05-01", "act/act-icma", frequency=2) == Fraction(1, 2)


def test_exactness() -> None:
    assert year_fraction("2022-02-23", "2023-02-23", "act/360") == Fraction(365, 360)
    assert year_fraction("2023-02-23", "2022-02-23", "act/act-isda") == -year_fraction(
        "2022-02-23", "2023-02-23", "act/act-isda"
    )


def test_bad_input() -> None:
    with pytest.raises(InvalidValueError, match="unknown day-count convention"):
        year_fraction("2022-01-01", "2023-01-01", "act/366")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="frequency is needed"):
        year_fraction("2022-01-01", "2023-01-01", "act/act-icma")
    with pytest.raises(InvalidValueError, match="frequency is needed"):
        year_fraction("2022-01-01", "2023-01-01", "act/360", frequency=2)
