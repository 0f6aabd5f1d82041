"""Scenario test files: the bundled ones pass, and failures are explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealterms.examples import microsoft_openai
from dealterms.io import (
    CaseReport,
    CheckFailure,
    InvalidFileError,
    ScenarioTestReport,
    dumps,
    run_test_file,
)

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "examples" / "tests").iterdir())
DEAL = "../microsoft_openai.toml"


@pytest.mark.parametrize("file", BUNDLED, ids=lambda p: p.name)
def test_bundled_test_files_pass(file: Path) -> None:
    report = run_test_file(file)
    assert report.ok, "\n".join(report.lines())
    assert report.cases
    assert all(c.checks > 0 for c in report.cases)
    assert report.passed == report.cases
    assert report.failed == ()
    assert report.lines()[-1] == f"{file}: {len(report.cases)} passed, 0 failed"


def write(tmp_path: Path, body: str, name: str = "t.toml") -> Path:
    (tmp_path / "examples").mkdir(exist_ok=True)
    deal = tmp_path / "microsoft_openai.toml"
    if not deal.exists():
        deal.write_text(dumps(microsoft_openai(), "toml"))
    path = tmp_path / "examples" / name
    path.write_text(f'kind = "test"\ndeal = "{DEAL}"\n{body}')
    return path


def test_a_failing_expectation_is_explained(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[cases]]
name = "wrong on purpose"
as_of = 2025-06-01

[[cases.expect]]
clause = "agi-clause"
status = "in_force"

[[cases.expect]]
clause = "api-exclusivity"
status = "in_force"
""",
    )
    report = run_test_file(path)
    assert isinstance(report, ScenarioTestReport)
    assert not report.ok
    (case,) = report.failed
    assert isinstance(case, CaseReport)
    assert case.checks == 2
    (failure,) = case.failures
    assert isinstance(failure, CheckFailure)
    assert (
        failure.check == "agi-clause (power of openai to limit-advanced-model-access) is in force"
    )
    assert failure.got.startswith("contingent on openai.cumulative_profit: ")
    assert any("openai.cumulative_profit: unknown" in line for line in failure.explanation)
    lines = report.lines()
    assert lines[1] == "  FAIL wrong on purpose (as of 2025-06-01)"
    assert lines[2].strip().startswith("expected: agi-clause")
    assert lines[-1].endswith(": 0 passed, 1 failed")


def test_missing_facts_and_reasons_are_checked_exactly(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[cases]]
name = "details"
as_of = 2025-06-01

[[cases.expect]]
clause = "agi-clause"
status = "contingent"
missing = ["some.other.fact"]

[[cases.expect]]
clause = "compute-exclusivity"
status = "not_in_force"
reason = "expired"

[[cases.may]]
party = "openai"
action = "limit-advanced-model-access"
answer = "depends"
missing = ["openai.cumulative_profit"]
""",
    )
    (case,) = run_test_file(path).cases
    assert [f.got.split(":")[0] for f in case.failures] == [
        "contingent on openai.cumulative_profit",
        "not in force (superseded)",
    ]


def test_an_error_while_evaluating_fails_the_case_only(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[cases]]
name = "a fact of the wrong type"
as_of = 2025-06-01
facts = { "openai.cumulative_profit" = "12" }

[[cases.expect]]
clause = "agi-clause"
status = "in_force"

[[cases]]
name = "fine"
as_of = 2025-06-01

[[cases.expect]]
clause = "api-exclusivity"
status = "in_force"
""",
    )
    report = run_test_file(path)
    assert [c.passed for c in report.cases] == [False, True]
    (failure,) = report.cases[0].failures
    assert failure.got.startswith("an error: fact 'openai.cumulative_profit' must be money")


def test_the_deal_may_be_given_or_inline(tmp_path: Path) -> None:
    body = """
[[cases]]
name = "x"
as_of = 2025-06-01

[[cases.expect]]
clause = "api-exclusivity"
status = "in_force"
"""
    path = tmp_path / "t.toml"
    path.write_text('kind = "test"\n' + body)
    with pytest.raises(InvalidFileError) as caught:
        run_test_file(path)
    assert "missing key 'deal'" in caught.value.lines()[0]
    assert run_test_file(path, microsoft_openai()).ok
    inline = dumps(microsoft_openai(), "json")
    path = tmp_path / "t.json"
    path.write_text(
        '{"kind": "test", "deal": ' + inline + ', "cases": [{"name": "x", "as_of": "2025-06-01", '
        '"expect": [{"clause": "api-exclusivity", "status": "in_force"}]}]}'
    )
    assert run_test_file(path).ok


def test_a_test_file_is_not_a_document_for_load(tmp_path: Path) -> None:
    from dealterms.io import load

    with pytest.raises(InvalidFileError) as caught:
        load(BUNDLED[0])
    assert "got 'test'" in caught.value.lines()[0]
