"""The timeline and compare commands, bundled scenarios and scenario files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dealterms.cli import main
from dealterms.examples import load_scenarios


def run(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code = main([*args, "--format", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    data: dict[str, object] = json.loads(out.out)
    return data


def test_bundled_scenarios_exist() -> None:
    assert set(load_scenarios("microsoft-openai")) == {
        "baseline",
        "profit-forecast",
        "profit-forecast-agi-removed",
        "agi-exercised",
    }


def test_timeline_of_the_profit_forecast(capsys: pytest.CaptureFixture[str]) -> None:
    data = run(
        capsys,
        "timeline", "--example", "microsoft-openai", "--from", "2024-01-01",
        "--to", "2031-12-31", "--scenario", "profit-forecast",
    )  # fmt: skip
    changes = data["transitions"]
    assert isinstance(changes, list)
    agi = [(c["date"], c["before"], c["after"]) for c in changes if c["clause"] == "agi-clause"]
    assert agi == [
        ("2025-01-01", "contingent", "not_in_force"),  # first observation: 5B < 100B
        ("2028-08-08", "not_in_force", "in_force"),  # the forecast crosses 100B
        ("2031-01-01", "in_force", "not_in_force"),  # end of term
    ]
    rofr = [c["date"] for c in changes if c["clause"] == "compute-rofr"]
    assert rofr == ["2025-01-21", "2031-01-01"]
    spans = data["spans"]
    assert isinstance(spans, list)
    assert spans[0]["from"] == "2024-01-01"
    assert spans[-1]["through"] == "2031-12-31"


def test_timeline_of_the_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    data = run(
        capsys,
        "timeline", "--example", "microsoft-openai", "--from", "2029-01-01",
        "--to", "2029-12-31", "--scenario", "agi-exercised",
    )  # fmt: skip
    changes = data["transitions"]
    assert isinstance(changes, list)
    assert {(c["date"], c["clause"], c["after"]) for c in changes} == {
        ("2029-03-01", "advanced-models-access", "not_in_force"),
        ("2029-03-01", "agi-clause", "not_in_force"),
    }


def test_compare_bundled_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    data = run(
        capsys,
        "compare", "--example", "microsoft-openai", "--from", "2024-01-01", "--to", "2031-12-31",
        "--scenario", "profit-forecast", "--scenario", "profit-forecast-agi-removed",
    )  # fmt: skip
    diffs = data["differences"]
    assert diffs == [
        {
            "clause": "agi-clause",
            "relation": "power",
            "holder": "openai",
            "action": "limit-advanced-model-access",
            "from": "2028-08-08",
            "through": "2030-12-31",
            "statuses": {
                "profit-forecast": "in_force",
                "profit-forecast-agi-removed": "not_in_force",
            },
        }
    ]


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "--example", "microsoft-openai", "--from", "2024-01-01",
                 "--to", "2031-12-31"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "AGI-EXERCISED" in out
    assert main(["timeline", "--example", "microsoft-openai", "--from", "2024-01-01",
                 "--to", "2024-12-31"]) == 0  # fmt: skip
    assert "baseline" in capsys.readouterr().out


FILE_TOML = """
id = "slow-growth"
description = "Made-up: profit crosses $100B only in 2030"
known_on = 2026-01-01

[events]
"agi-clause.exercised" = 2030-07-01

[[series]]
metric = "openai.cumulative_profit"
interpolation = "step"
observations = [
  { date = 2025-01-01, value = "1000000000 USD" },
  { date = 2030-06-01, value = "100000000000 USD" },
]
"""


def test_scenario_file_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "slow.toml"
    f.write_text(FILE_TOML)
    data = run(
        capsys, "timeline", "--example", "microsoft-openai", "--from", "2030-01-01",
        "--to", "2030-12-31", "--scenario-file", str(f),
    )  # fmt: skip
    assert data["scenario"] == "slow-growth"
    changes = data["transitions"]
    assert isinstance(changes, list)
    assert {(c["date"], c["clause"], c["after"]) for c in changes} == {
        ("2030-06-01", "agi-clause", "in_force"),
        ("2030-07-01", "agi-clause", "not_in_force"),
        ("2030-07-01", "advanced-models-access", "not_in_force"),
    }


def test_scenario_file_json_compared_with_bundled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"id": "removed", "what_ifs": ["remove-agi-clause"]}))
    data = run(
        capsys, "compare", "--example", "microsoft-openai", "--from", "2025-06-01",
        "--to", "2025-06-30", "--scenario", "baseline", "--scenario-file", str(f),
    )  # fmt: skip
    diffs = data["differences"]
    assert isinstance(diffs, list)
    assert [d["statuses"] for d in diffs] == [{"baseline": "contingent", "removed": "not_in_force"}]


@pytest.mark.parametrize(
    ("content", "suffix", "needle"),
    [
        (
            (
                '{"id": "x", "series": [{"metric": "m", "interpolation": "step", "observations": '
                '[{"date": "2025-02-01", "value": "1"}, {"date": "2025-01-01", "value": "2"}]}]}'
            ),
            ".json",
            "$.series[0].observations[1].date",
        ),
        ('{"id": "x", "facts": {"openai.revenue": 1.5}}', ".json", "float"),
        ('{"id": "x", "colour": "red"}', ".json", "unknown key 'colour'"),
        ('{"id": "x", "what_ifs": ["nope"]}', ".json", "no what-if 'nope'"),
        ("{not json", ".json", "invalid JSON at line 1"),
        ("id = ", ".toml", "invalid TOML"),
        ("[1, 2]", ".json", "expected an object at the top"),
        ("id: x", ".yaml", "unknown file type"),
        ("[" * 100_000, ".json", "nested too deeply"),
    ],
)
def test_bad_scenario_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, suffix: str, needle: str
) -> None:
    f = tmp_path / f"bad{suffix}"
    f.write_text(content)
    code = main(["timeline", "--example", "microsoft-openai", "--from", "2025-01-01",
                 "--to", "2025-12-31", "--scenario-file", str(f)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert needle in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--scenario", "nope"], "no bundled scenario 'nope'"),
        (["--scenario", "baseline", "--scenario", "agi-exercised"], "timeline takes one scenario"),
        (["--scenario-file", "/nonexistent.json"], "cannot read the file"),
    ],
)
def test_bad_timeline_arguments(
    capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    code = main(["timeline", "--example", "microsoft-openai", "--from", "2025-01-01",
                 "--to", "2025-12-31", *args])  # fmt: skip
    assert code == 2
    assert needle in capsys.readouterr().err


def test_from_after_to(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "--example", "microsoft-openai", "--from", "2026-01-01",
                 "--to", "2025-12-31"]) == 2  # fmt: skip
    assert "is after end" in capsys.readouterr().err


def test_ledger_command_with_the_bundled_forecast(capsys: pytest.CaptureFixture[str]) -> None:
    data = run(
        capsys, "ledger", "--example", "microsoft-openai", "--from", "2025-01-01",
        "--to", "2025-12-31", "--rate", "microsoft.revenue_share_rate=10%", "--net",
    )  # fmt: skip
    assert data["totals"] == {
        "revenue-share-to-microsoft": "1802444800.00 USD",
        "revenue-share-to-openai": "215000000.00 USD",
    }
    netted = data["netted"]
    assert isinstance(netted, list)
    assert netted[0] == {
        "from": "2025-01-01", "through": "2025-03-31", "payer": "openai",
        "payee": "microsoft", "amount": "350000000.00 USD",
    }  # fmt: skip


def test_ledger_command_reads_the_shipped_csv(capsys: pytest.CaptureFixture[str]) -> None:
    csv_file = Path(__file__).parent.parent / "examples" / "microsoft_openai_revenue.csv"
    args = ["--from", "2025-01-01", "--to", "2025-03-31", "--format", "csv"]
    code = main(["ledger", "--example", "microsoft-openai", "--revenue-file", str(csv_file), *args])
    out = capsys.readouterr().out
    assert code == 0
    assert "revenue-share-to-microsoft,,openai,microsoft,2025-01-01,2025-03-31" in out
    assert ",400000000.00,USD," in out


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("metric,start,end\nrev,2025-01-01,2025-01-31\n", "the header must be"),
        ("metric,start,end,amount\nrev,2025-01-01,2025-01-31,-5 USD\n", "line 2"),
        ("metric,start,end,amount\nrev,2025-01-01,2025-01-31,5\n", "AMOUNT CODE"),
    ],
)
def test_ledger_bad_revenue_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    f = tmp_path / "rev.csv"
    f.write_text(content)
    code = main(["ledger", "--example", "microsoft-openai", "--from", "2025-01-01",
                 "--to", "2025-03-31", "--revenue-file", str(f)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert needle in err
