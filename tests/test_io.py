"""dealterms.io: converters and files round-trip every value, in JSON, TOML and YAML."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dealterms
from dealterms import Deal, Money, Rate, State, evaluate
from dealterms.examples import (
    microsoft_openai,
    microsoft_openai_scenarios,
    stargate,
)
from dealterms.io import (
    FORMAT,
    InvalidFileError,
    dump,
    dumps,
    from_data,
    json_schema,
    load,
    load_deal,
    load_scenario,
    load_state,
    loads,
    make_converter,
    to_data,
)
from test_io_samples import clause_samples, deals, evaluations, sample_deal, scenarios, states

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FORMATS = ("json", "toml", "yaml")
ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plain(value: Any) -> Any:
    """TOML/YAML data as JSON data: native dates become ISO text."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def read_data(path: Path) -> Any:
    if path.suffix == ".toml":
        return plain(tomllib.loads(path.read_text("utf-8")))
    if path.suffix == ".json":
        return json.loads(path.read_text("utf-8"))
    return plain(yaml.safe_load(path.read_text("utf-8")))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# -- bundled files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "builder"),
    [("microsoft_openai.toml", microsoft_openai), ("stargate.toml", stargate)],
)
def test_bundled_deal_files_equal_the_python_builders(file: str, builder: Any) -> None:
    assert load_deal(EXAMPLES / file) == builder()
    assert dealterms.load(EXAMPLES / file) == builder()


@pytest.mark.parametrize("file", sorted((EXAMPLES / "scenarios").glob("*.toml")), ids=str)
def test_bundled_scenario_files_equal_the_bundled_scenarios(file: Path) -> None:
    scenario = load(file)
    assert scenario == microsoft_openai_scenarios()[scenario.id]
    assert load_scenario(file, microsoft_openai()) == scenario


def test_bundled_state_files() -> None:
    exercised = load_state(EXAMPLES / "states" / "agi-exercised.toml")
    reached = load_state(EXAMPLES / "states" / "agi-reached.yaml")
    assert exercised.fact_values == reached.fact_values
    assert exercised.happened("agi-clause.exercised")
    ev = evaluate(microsoft_openai(), exercised)
    assert ev.for_clause("advanced-models-access")[0].status.name == "not_in_force"


def bundled_documents() -> list[Path]:
    files = [
        EXAMPLES / "microsoft_openai.toml",
        EXAMPLES / "stargate.toml",
        *sorted((EXAMPLES / "scenarios").glob("*")),
        *sorted((EXAMPLES / "states").glob("*")),
        *sorted((EXAMPLES / "tests").glob("*")),
    ]
    return [f for f in files if f.suffix in (".toml", ".json", ".yaml")]


@pytest.mark.parametrize("file", bundled_documents(), ids=lambda p: p.name)
def test_bundled_files_validate_against_the_schema(
    file: Path, validator: jsonschema.Draft202012Validator
) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(read_data(file))]
    assert not errors


# -- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_reference_documents_round_trip(fmt: Any) -> None:
    deal = microsoft_openai()
    state = State(
        as_of="2025-06-01",
        facts={"openai.cumulative_profit": "100000000000 USD", "x": True, "n": "12.50"},
        events={"agi-clause.exercised": "2025-05-01"},
    )
    for obj in (deal, stargate(), state, evaluate(deal, state)):
        assert loads(dumps(obj, fmt), fmt) == obj
    for scenario in microsoft_openai_scenarios().values():
        assert loads(dumps(scenario, fmt), fmt) == scenario


@pytest.mark.parametrize("fmt", FORMATS)
def test_dump_and_load_files(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"deal.{fmt}"
    dealterms.dump(microsoft_openai(), path)
    assert path.read_text("utf-8").startswith(
        {"json": '{\n  "format"', "toml": "format =", "yaml": "format:"}[fmt]
    )
    assert dealterms.load(path) == microsoft_openai()
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, then moved


@ROUND_TRIP
@given(deals(), st.sampled_from(FORMATS))
def test_deals_round_trip(deal: Deal, fmt: Any) -> None:
    assert loads(dumps(deal, fmt), fmt) == deal


@ROUND_TRIP
@given(states(), st.sampled_from(FORMATS))
def test_states_round_trip(state: State, fmt: Any) -> None:
    assert loads(dumps(state, fmt), fmt) == state


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evaluations(), st.sampled_from(FORMATS))
def test_evaluations_round_trip(ev: Any, fmt: Any) -> None:
    again = loads(dumps(ev, fmt), fmt)
    assert again == ev
    assert again.entitlements == ev.entitlements


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.sampled_from(FORMATS))
def test_scenarios_round_trip(scenario: Any, fmt: Any) -> None:
    assert loads(dumps(scenario, fmt), fmt) == scenario


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deals(), states(rights=()))
def test_written_documents_validate_against_the_schema(
    validator: jsonschema.Draft202012Validator, deal: Deal, state: State
) -> None:
    for obj in (deal, state):
        data = to_data(obj)
        assert not [e.message for e in validator.iter_errors(data)]
        assert from_data(data) == obj


def test_a_written_evaluation_validates_against_the_schema(
    validator: jsonschema.Draft202012Validator,
) -> None:
    state = State(as_of="2025-06-01", facts={"openai.cumulative_profit": "1 USD"})
    data = to_data(evaluate(microsoft_openai(), state))
    assert not [e.message for e in validator.iter_errors(data)]
    bad = {**data, "entitlements": [{**data["entitlements"][0], "status": {"kind": "maybe"}}]}
    assert list(validator.iter_errors(bad))


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from(FORMATS))
def test_any_text_survives_every_format(text: str, fmt: Any) -> None:
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # lone surrogates cannot be written as UTF-8 (see the next test)
    deal = sample_deal(clause_samples()["permission"])
    if text.strip():
        deal = Deal(
            id=deal.id,
            name=text,
            parties=deal.parties,
            actions=deal.actions,
            term=deal.term,
            clauses=deal.clauses,
            source=text,
        )
    assert loads(dumps(deal, fmt), fmt) == deal


def test_text_that_is_not_unicode_is_refused_on_writing(tmp_path: Path) -> None:
    deal = sample_deal(clause_samples()["permission"])
    bad = Deal(
        id=deal.id,
        name="bad \udc80 text",
        parties=deal.parties,
        term=deal.term,
        clauses=(),
        actions=deal.actions,
    )
    with pytest.raises(dealterms.exceptions.DealtermsError, match="UTF-8"):
        dump(bad, tmp_path / "bad.json")
    assert not list(tmp_path.iterdir())


# -- the shape of the plain data -------------------------------------------------------------


def test_plain_data_uses_text_for_dates_money_and_rates() -> None:
    data = to_data(microsoft_openai())
    assert data["format"] == FORMAT == "dealterms/1"
    assert data["kind"] == "deal"
    assert list(data)[:3] == ["format", "kind", "id"]
    assert data["term"] == {
        "effective_date": "2019-07-22",
        "expiry": "2030-12-31",
        "expiry_inclusive": True,
    }
    shares = [c for c in data["clauses"] if c["kind"] == "revenue_share"]
    assert shares[0]["rate"] == "0.2"
    assert shares[1]["rate"] == {"name": "microsoft.revenue_share_rate", "note": "not disclosed"}
    trigger = next(c for c in data["clauses"] if c["kind"] == "trigger")
    assert trigger["condition"] == {
        "kind": "at_least",
        "metric": "openai.cumulative_profit",
        "threshold": "100000000000 USD",
    }
    assert "exercise_event" not in trigger  # at its default: left out
    change = data["amendments"][0]["changes"][0]
    assert change["kind"] == "replace_clause"
    assert change["by"]["kind"] == "right_of_first_refusal"

    def floats(value: Any) -> bool:
        if isinstance(value, dict):
            return any(floats(v) for v in value.values())
        if isinstance(value, list):
            return any(floats(v) for v in value)
        return isinstance(value, float)

    assert not floats(data)


def test_money_and_numbers_in_every_accepted_form() -> None:
    base = {"kind": "state", "as_of": "2025-06-01"}
    for money in ("12.50 EUR", {"amount": "12.5", "currency": "EUR"}, "1_2.5 EUR"):
        state = from_data({**base, "facts": {"m": money}})
        assert state.fact_values["m"] == Money(amount=Decimal("12.5"), currency="EUR")
    state = from_data({**base, "facts": {"n": 7, "d": "0.125", "b": True, "t": "false"}})
    assert state.fact_values == {
        "n": Decimal(7),
        "d": Decimal("0.125"),
        "b": True,
        "t": False,
    }


def test_rates_accept_percent_text() -> None:
    conv = make_converter()
    assert conv.structure("20%", Rate) == Rate.parse("0.2")
    assert conv.unstructure(Rate.parse("20%")) == "0.2"


def test_facts_with_provenance_and_repeated_events() -> None:
    data = {
        "kind": "state",
        "as_of": "2025-06-01",
        "facts": {"p": {"value": "5 USD", "source": "report", "reported_on": "2025-05-01"}},
        "events": {"e": ["2025-01-01", "2025-02-01"]},
    }
    state = from_data(data)
    assert state.fact("p") is not None
    assert state.fact("p").source == "report"  # type: ignore[union-attr]
    assert state.occurrence_dates("e") == (dt.date(2025, 1, 1), dt.date(2025, 2, 1))
    again = to_data(state)
    assert again["events"] == {"e": ["2025-01-01", "2025-02-01"]}
    assert from_data(again) == state


def test_format_and_kind_may_be_left_out_where_the_loader_knows_them(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text("as_of = 2025-06-01\n")
    assert load_state(path) == State(as_of="2025-06-01")
    with pytest.raises(InvalidFileError) as caught:
        load(path)  # the generic loader needs the kind
    assert "missing key 'kind'" in str(caught.value)


def test_a_scenario_names_its_deal_file_relative_to_itself(tmp_path: Path) -> None:
    (tmp_path / "deals").mkdir()
    dump(microsoft_openai(), tmp_path / "deals" / "deal.json")
    path = tmp_path / "my-case.toml"
    path.write_text('deal = "deals/deal.json"\nwhat_ifs = ["remove-agi-clause"]\n')
    scenario = load_scenario(path)
    assert scenario.id == "my-case"  # the file's stem
    assert scenario.deal == microsoft_openai()
    assert scenario.what_ifs == ("remove-agi-clause",)


def test_import_dealterms_io_leaves_yaml_alone() -> None:
    code = (
        "import sys, dealterms.io; "
        "from dealterms.io import load_deal; load_deal('examples/microsoft_openai.toml'); "
        "print('yaml' in sys.modules, 'cattrs' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.split() == ["False", "True"]


def test_dumping_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="cannot write a Money"):
        dumps(Money.parse("1 USD"), "json")  # type: ignore[arg-type]
