"""The lifecycle command: a deal's obligations and powers replayed against an event log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dealterms import Lifecycle
from dealterms._events_file import load_lifecycle_file
from dealterms.cli import main
from dealterms.examples import meat_sale

LOG = Path(__file__).resolve().parent.parent / "examples" / "meat_sale_events.toml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["lifecycle", *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def fails(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["lifecycle", *args])
    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    assert len(out.err.strip().splitlines()) == 1, out.err
    return out.err


def test_the_bundled_log_ends_in_success(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "--example", "meat-sale", "--events", str(LOG), "--as-of", "2022-10-31")
    lines = out.splitlines()
    assert lines[0] == "Meat sale (Symboleo) on 2022-10-31 (4 events logged)"
    assert lines[1].startswith("contract: successfully terminated since 2022-10-31")
    assert "payment: violated since 2022-10-29 (violated on 2022-10-29: its deadline" in out
    assert "resume-delivery: exerted since 2022-10-30" in out
    assert "terminate-contract: not created (it waits for 'delivery.violated')" in out


def test_json_reports_every_status_and_step(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(
        capsys, "--example", "meat-sale", "--events", str(LOG), "--as-of", "2022-10-29",
        "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert (data["deal"], data["as_of"]) == ("meat-sale", "2022-10-29")
    states = {s["subject"]: (s["kind"], s["state"], s["since"]) for s in data["statuses"]}
    assert states["contract"] == ("contract", "in_effect", "2022-10-28")
    assert states["delivery"] == ("obligation", "suspended", "2022-10-29")
    assert states["suspend-delivery"] == ("power", "exerted", "2022-10-29")
    assert states["resume-delivery"] == ("power", None, None)
    assert all(step["date"] <= "2022-10-29" for step in data["steps"])
    assert data["steps"][0]["subject"] == "contract"


def test_it_agrees_with_the_library() -> None:
    log = load_lifecycle_file(LOG)
    snap = Lifecycle.from_deal(meat_sale()).replay(log, as_of="2022-10-31")
    assert snap.contract.state is not None
    assert snap.contract.state.value == "successfully_terminated"


def test_without_a_log_the_deadlines_still_run(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "--example", "meat-sale", "--as-of", "2022-11-01")
    assert "(0 events logged)" in out
    assert "delivery: violated since 2022-11-01" in out
    assert "terminate-contract: in effect since 2022-11-01" in out


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_json_and_yaml_logs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    pytest.importorskip("yaml")
    data = {
        "events": [
            {
                "kind": "lifecycle",
                "date": "2022-10-30",
                "action": "fulfil",
                "target": "late-payment",
            }
        ]
    }
    file = tmp_path / f"log{suffix}"
    file.write_text(json.dumps(data))  # JSON is YAML too
    out = run(capsys, "--example", "meat-sale", "--events", str(file), "--as-of", "2022-10-30")
    assert "resume-delivery: not created: 'late-payment.fulfilled' happened on 2022-10-30" in out


def test_a_deal_file_works_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from dealterms.io import dump

    file = tmp_path / "meat.toml"
    dump(meat_sale(), file)
    out = run(capsys, "--deal", str(file), "--events", str(LOG), "--as-of", "2022-10-31")
    assert "contract: successfully terminated" in out


def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert "cannot read the file" in fails(
        capsys,
        "--example",
        "meat-sale",
        "--events",
        str(tmp_path / "no.toml"),
        "--as-of",
        "2022-10-30",
    )
    bad = tmp_path / "bad.toml"
    bad.write_text('[[events]]\nkind = "lifecycle"\ndate = 2022-10-29\naction = "pay"\n')
    assert "$.events[0].action" in fails(
        capsys, "--example", "meat-sale", "--events", str(bad), "--as-of", "2022-10-30"
    )
    bad.write_text('[[events]]\nkind = "press"\ndate = 2022-10-29\n')
    assert "unknown kind 'press'" in fails(
        capsys, "--example", "meat-sale", "--events", str(bad), "--as-of", "2022-10-30"
    )
    bad.write_text(
        '[[events]]\nkind = "lifecycle"\ndate = 2022-10-29\naction = "exert"\n'
        'target = "resume-delivery"\n'
    )
    assert "has not been created" in fails(
        capsys, "--example", "meat-sale", "--events", str(bad), "--as-of", "2022-10-30"
    )
    assert "no obligations or powers" in fails(
        capsys, "--example", "stargate", "--as-of", "2025-02-01"
    )
    assert "no bundled example" in fails(capsys, "--example", "nope", "--as-of", "2025-02-01")
