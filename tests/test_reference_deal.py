"""DESIGN.md section 5: the reference deal's expected answers, via the API and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from dealterms import (
    Contingent,
    Deal,
    DependsOn,
    Evaluation,
    InForce,
    Money,
    No,
    NotInForce,
    Relation,
    State,
    Yes,
    evaluate,
)
from dealterms.cli import main
from dealterms.examples import EXAMPLES, load_example, microsoft_openai

PROFIT = "openai.cumulative_profit"
HUNDRED_BILLION = Money.parse("100000000000 USD")


def status(ev: Evaluation, clause: str, relation: Relation | None = None) -> str:
    found = [e for e in ev.for_clause(clause) if relation is None or e.relation is relation]
    names = {e.status.name for e in found}
    assert len(names) == 1, found
    return names.pop()


@pytest.fixture(scope="module")
def deal() -> Deal:
    return microsoft_openai()


def test_2024_openai_prohibited_from_non_azure_compute_and_no_rofr(deal: Deal) -> None:
    ev = evaluate(deal, State(as_of="2024-06-01"))
    answer = ev.may("openai", "non-azure-compute")
    assert isinstance(answer, No)
    assert [e.clause for e in answer.because] == ["compute-exclusivity"]
    assert status(ev, "compute-exclusivity") == "in_force"
    rofr = ev.for_clause("compute-rofr")
    assert [e.status.name for e in rofr] == ["not_in_force"]
    assert rofr[0].status == NotInForce(
        reason="not_yet_effective",
        detail="added by amendment january-2025-revision, effective 2025-01-21",
    )
    assert not any(e.kind == "right_of_first_refusal" and e.in_force for e in ev.entitlements)


def test_2025_no_facts(deal: Deal) -> None:
    ev = evaluate(deal, State(as_of="2025-06-01"))
    rofr = ev.for_clause("compute-rofr")[0]
    assert (rofr.kind, rofr.relation, rofr.holder, rofr.action, rofr.status) == (
        "right_of_first_refusal",
        Relation.CLAIM,
        "microsoft",
        "new-compute-capacity",
        InForce(),
    )
    assert status(ev, "api-exclusivity") == "in_force"
    assert status(ev, "ip-license") == "in_force"
    assert {(e.relation, e.holder) for e in ev.for_clause("ip-license")} == {
        (Relation.PRIVILEGE, "microsoft"),
        (Relation.CLAIM, "microsoft"),
    }
    share = ev.for_clause("revenue-share-to-microsoft")[0]
    assert (share.holder, share.counterparty, share.status) == ("microsoft", "openai", InForce())
    assert "20%" in share.text
    agi = ev.for_clause("agi-clause")[0]
    assert agi.relation is Relation.POWER
    assert agi.holder == "openai"
    assert agi.status == Contingent(missing=(PROFIT,))
    assert isinstance(ev.may("openai", "limit-advanced-model-access"), DependsOn)
    assert compute_exclusivity_superseded(ev)
    assert isinstance(ev.may("openai", "non-azure-compute"), Yes)


def compute_exclusivity_superseded(ev: Evaluation) -> bool:
    [e] = ev.for_clause("compute-exclusivity")
    return isinstance(e.status, NotInForce) and e.status.reason == "superseded"


def test_2025_profit_reached_gives_openai_the_power(deal: Deal) -> None:
    ev = evaluate(deal, State(as_of="2025-06-01", facts={PROFIT: HUNDRED_BILLION}))
    assert status(ev, "agi-clause") == "in_force"
    assert isinstance(ev.may("openai", "limit-advanced-model-access"), Yes)
    assert status(ev, "advanced-models-access") == "in_force"


def test_2025_profit_below_threshold_means_no_power(deal: Deal) -> None:
    below = Money.parse("99999999999.99 USD")
    ev = evaluate(deal, State(as_of="2025-06-01", facts={PROFIT: below}))
    [agi] = ev.for_clause("agi-clause")
    assert agi.status.name == "not_in_force"
    assert isinstance(agi.status, NotInForce)
    assert agi.status.reason == "condition_false"


def test_2025_power_exercised_ends_access_only(deal: Deal) -> None:
    state = State(
        as_of="2025-06-01",
        facts={PROFIT: HUNDRED_BILLION},
        events={"agi-clause.exercised": "2025-05-01"},
    )
    ev = evaluate(deal, state)
    [access] = ev.for_clause("advanced-models-access")
    assert isinstance(access.status, NotInForce)
    assert access.status.reason == "ended_by_exercise"
    assert "2025-05-01" in access.because
    assert isinstance(ev.may("microsoft", "most-advanced-models"), No)
    [agi] = ev.for_clause("agi-clause")
    assert isinstance(agi.status, NotInForce)
    assert agi.status.reason == "power_exercised"
    for other in ("api-exclusivity", "ip-license", "revenue-share-to-microsoft", "compute-rofr"):
        assert status(ev, other) == "in_force", other


def test_exercise_is_effective_from_its_date_not_before(deal: Deal) -> None:
    events = {"agi-clause.exercised": "2025-05-01"}
    facts = {PROFIT: HUNDRED_BILLION}
    before = evaluate(deal, State(as_of="2025-04-30", facts=facts, events=events))
    on = evaluate(deal, State(as_of="2025-05-01", facts=facts, events=events))
    assert status(before, "advanced-models-access") == "in_force"
    assert status(on, "advanced-models-access") == "not_in_force"


def test_exercise_with_unknown_profit_makes_the_consequence_contingent(deal: Deal) -> None:
    ev = evaluate(deal, State(as_of="2025-06-01", events={"agi-clause.exercised": "2025-05-01"}))
    [access] = ev.for_clause("advanced-models-access")
    assert access.status == Contingent(missing=(PROFIT,))


def test_exercise_while_condition_false_has_no_effect(deal: Deal) -> None:
    ev = evaluate(
        deal,
        State(
            as_of="2025-06-01",
            facts={PROFIT: Money.parse("1 USD")},
            events={"agi-clause.exercised": "2025-05-01"},
        ),
    )
    assert status(ev, "advanced-models-access") == "in_force"


def test_what_if_agi_clause_removed(deal: Deal) -> None:
    ev = evaluate(
        deal.with_what_ifs("remove-agi-clause"),
        State(as_of="2025-06-01", facts={PROFIT: HUNDRED_BILLION}),
    )
    [agi] = ev.for_clause("agi-clause")
    assert isinstance(agi.status, NotInForce)
    assert agi.status.reason == "removed"
    assert isinstance(ev.may("openai", "limit-advanced-model-access"), No)
    # The what-if is not applied by default.
    assert [w.id for w in deal.what_ifs] == ["remove-agi-clause"]
    assert status(evaluate(deal, State(as_of="2025-06-01")), "agi-clause") == "contingent"


@pytest.mark.parametrize("as_of", ["2031-01-01", "2035-06-01"])
def test_after_the_term_nothing_is_in_force(deal: Deal, as_of: str) -> None:
    ev = evaluate(deal, State(as_of=as_of, facts={PROFIT: HUNDRED_BILLION}))
    assert ev.entitlements
    assert all(isinstance(e.status, NotInForce) for e in ev.entitlements)


def test_until_2030_readings(deal: Deal) -> None:
    last_day = State(as_of="2030-12-31")
    assert status(evaluate(deal, last_day), "api-exclusivity") == "in_force"
    exclusive = deal.with_interpretation("until-2030-exclusive")
    assert status(evaluate(exclusive, last_day), "api-exclusivity") == "not_in_force"
    assert status(evaluate(exclusive, State(as_of="2029-12-31")), "api-exclusivity") == ("in_force")
    assert status(evaluate(exclusive, State(as_of="2030-01-01")), "api-exclusivity") == (
        "not_in_force"
    )


def test_revision_boundary_days(deal: Deal) -> None:
    day_before = evaluate(deal, State(as_of=date(2025, 1, 20)))
    day_of = evaluate(deal, State(as_of=date(2025, 1, 21)))
    assert status(day_before, "compute-exclusivity") == "in_force"
    assert status(day_before, "compute-rofr") == "not_in_force"
    assert status(day_of, "compute-exclusivity") == "not_in_force"
    assert status(day_of, "compute-rofr") == "in_force"


def test_before_the_deal_nothing_is_in_force(deal: Deal) -> None:
    ev = evaluate(deal, State(as_of="2019-07-21"))
    assert all(not e.in_force for e in ev.entitlements)
    reasons = {e.status.reason for e in ev.entitlements if isinstance(e.status, NotInForce)}
    assert reasons == {"not_yet_effective"}


def test_every_clause_has_a_source_note(deal: Deal) -> None:
    for version in deal.history:
        assert version.clause.source
        assert "public reporting" in version.clause.source


def test_builder_is_stable_and_registered() -> None:
    assert microsoft_openai() == microsoft_openai()
    assert load_example("microsoft-openai") == microsoft_openai()
    assert "microsoft-openai" in EXAMPLES


def test_explanation_cites_clause_source_and_facts(deal: Deal) -> None:
    from dealterms import Fact

    state = State(
        as_of="2025-06-01",
        facts=(
            Fact(
                name=PROFIT,
                value=HUNDRED_BILLION,
                source="analyst estimate",
                reported_on="2025-05-15",
            ),
        ),
    )
    ev = evaluate(deal, state)
    text = str(ev.explain(ev.for_clause("agi-clause")[0]))
    assert "clause agi-clause (trigger)" in text
    assert "public reporting, January 2025" in text
    assert "fact openai.cumulative_profit = 100000000000 USD" in text
    assert "analyst estimate" in text
    assert "2025-05-15" in text
    whole = ev.explain()
    assert len(whole.children) == len(ev.entitlements)
    assert whole.as_data()["children"][0]["clause"] == ev.entitlements[0].clause


# -- the same table through the CLI -------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code = main(["evaluate", "--example", "microsoft-openai", "--format", "json", *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    data: dict[str, object] = json.loads(out.out)
    return data


def cli_status(data: dict[str, object], clause: str) -> set[str]:
    rows = data["entitlements"]
    assert isinstance(rows, list)
    return {r["status"] for r in rows if r["clause"] == clause}


REQUIRED_KEYS = {
    "clause",
    "kind",
    "relation",
    "holder",
    "counterparty",
    "action",
    "status",
    "missing",
    "because",
}


def test_cli_2024(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_cli(capsys, "--as-of", "2024-06-01")
    assert data["as_of"] == "2024-06-01"
    rows = data["entitlements"]
    assert isinstance(rows, list)
    assert all(set(r) >= REQUIRED_KEYS for r in rows)
    [excl] = [r for r in rows if r["clause"] == "compute-exclusivity"]
    assert (excl["kind"], excl["relation"], excl["counterparty"], excl["action"]) == (
        "exclusivity",
        "claim",
        "openai",
        "non-azure-compute",
    )
    assert excl["status"] == "in_force"
    assert cli_status(data, "compute-rofr") == {"not_in_force"}


def test_cli_2025(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_cli(capsys, "--as-of", "2025-06-01")
    rows = data["entitlements"]
    assert isinstance(rows, list)
    [rofr] = [r for r in rows if r["clause"] == "compute-rofr"]
    assert (rofr["kind"], rofr["holder"], rofr["status"]) == (
        "right_of_first_refusal",
        "microsoft",
        "in_force",
    )
    for clause in ("api-exclusivity", "ip-license", "revenue-share-to-microsoft"):
        assert cli_status(data, clause) == {"in_force"}
    [agi] = [r for r in rows if r["clause"] == "agi-clause"]
    assert (agi["relation"], agi["status"], agi["missing"]) == ("power", "contingent", [PROFIT])


def test_cli_profit_reached(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_cli(capsys, "--as-of", "2025-06-01", "--fact", f"{PROFIT}=100000000000 USD")
    assert cli_status(data, "agi-clause") == {"in_force"}


def test_cli_power_exercised(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_cli(
        capsys,
        "--as-of",
        "2025-06-01",
        "--fact",
        f"{PROFIT}=100000000000 USD",
        "--event",
        "agi-clause.exercised@2025-05-01",
    )
    assert cli_status(data, "advanced-models-access") == {"not_in_force"}
    assert cli_status(data, "api-exclusivity") == {"in_force"}
    assert cli_status(data, "ip-license") == {"in_force"}


def test_cli_what_if(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_cli(
        capsys,
        "--as-of",
        "2025-06-01",
        "--fact",
        f"{PROFIT}=100000000000 USD",
        "--what-if",
        "remove-agi-clause",
    )
    assert cli_status(data, "agi-clause") == {"not_in_force"}
    assert data["what_ifs"] == ["remove-agi-clause"]


def test_cli_after_term(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_cli(capsys, "--as-of", "2031-01-01")
    rows = data["entitlements"]
    assert isinstance(rows, list)
    assert {r["status"] for r in rows} == {"not_in_force"}


def test_cli_text_output_is_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--example", "microsoft-openai", "--as-of", "2025-06-01"]) == 0
    out = capsys.readouterr().out
    assert "STATUS" in out
    assert "CLAUSE" in out
    assert "contingent" in out
    assert "openai.cumulative_profit" in out


def test_cli_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples"]) == 0
    assert "microsoft-openai" in capsys.readouterr().out
    assert main(["examples", "--format", "json"]) == 0
    entries = {e["name"]: e for e in json.loads(capsys.readouterr().out)}
    assert set(entries) == {"microsoft-openai", "stargate", "meat-sale"}
    assert entries["microsoft-openai"]["what_ifs"] == ["remove-agi-clause"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["evaluate", "--example", "microsoft-openai", "--as-of", "01/06/2025"], "ISO date"),
        (["evaluate", "--example", "nope", "--as-of", "2025-06-01"], "no bundled example"),
        (
            [
                "evaluate",
                "--example",
                "microsoft-openai",
                "--as-of",
                "2025-06-01",
                "--fact",
                "profit",
            ],
            "NAME=VALUE",
        ),
        (
            [
                "evaluate",
                "--example",
                "microsoft-openai",
                "--as-of",
                "2025-06-01",
                "--fact",
                "openai.cumulative_profit=1.5e11 USD",
            ],
            "AMOUNT CODE",
        ),
        (
            [
                "evaluate",
                "--example",
                "microsoft-openai",
                "--as-of",
                "2025-06-01",
                "--fact",
                "openai.cumulative_profit=100 EUR",
            ],
            "convert it first",
        ),
        (
            [
                "evaluate",
                "--example",
                "microsoft-openai",
                "--as-of",
                "2025-06-01",
                "--event",
                "agi-clause.exercised",
            ],
            "NAME@YYYY-MM-DD",
        ),
        (
            [
                "evaluate",
                "--example",
                "microsoft-openai",
                "--as-of",
                "2025-06-01",
                "--what-if",
                "nope",
            ],
            "no what-if 'nope'",
        ),
        (
            [
                "evaluate",
                "--example",
                "microsoft-openai",
                "--as-of",
                "2025-06-01",
                "--interpretation",
                "nope",
            ],
            "no interpretation 'nope'",
        ),
        (["evaluate", "--as-of", "2025-06-01"], "--example"),
        ([], "COMMAND"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_cli_bad_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("dealterms: error: ")
    assert needle in err
    assert "Traceback" not in err


def test_console_script_runs_in_a_subprocess() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dealterms.cli",
            "evaluate",
            "--example",
            "microsoft-openai",
            "--as-of",
            "2025-06-01",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["as_of"] == "2025-06-01"
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "dealterms.cli",
            "evaluate",
            "--example",
            "microsoft-openai",
            "--as-of",
            "tomorrow",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
