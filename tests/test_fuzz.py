"""Fuzzing: malformed input raises only dealterms' documented errors, never anything else."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealterms
from dealterms import Money, State, evaluate
from dealterms.cli import main
from dealterms.examples import microsoft_openai
from dealterms.exceptions import DealtermsError, InvalidValueError

junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.decimals()
    | st.text(max_size=12)
    | st.dates()
    | st.just("2025-01-01")
    | st.just("100 USD")
    | st.just("0.2"),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)

CONSTRUCTORS = [
    (dealterms.Money, ["amount", "currency"]),
    (dealterms.Rate, ["value"]),
    (dealterms.Duration, ["years", "months", "weeks", "days"]),
    (dealterms.Interval, ["start", "end"]),
    (dealterms.Term, ["effective_date", "expiry", "expiry_inclusive", "renewal"]),
    (dealterms.Party, ["id", "name", "roles"]),
    (dealterms.Action, ["id", "description"]),
    (dealterms.Fact, ["name", "value", "reported_on"]),
    (dealterms.Event, ["name", "date"]),
    (dealterms.State, ["as_of", "facts", "events"]),
    (dealterms.AtLeast, ["metric", "threshold"]),
    (dealterms.Declared, ["fact"]),
    (dealterms.AllOf, ["conditions"]),
    (dealterms.Not, ["condition"]),
    (dealterms.Exclusivity, ["id", "grantor", "holder", "scope", "term"]),
    (dealterms.RevenueShare, ["id", "payer", "payee", "rate", "base", "period"]),
    (dealterms.Trigger, ["id", "holder", "counterparty", "condition", "power", "ends"]),
    (dealterms.License, ["id", "licensor", "licensee", "scope", "exclusive"]),
    (dealterms.Amendment, ["id", "effective_date", "changes", "description", "source"]),
    (dealterms.Deal, ["id", "name", "parties", "term", "clauses", "amendments", "source"]),
    (dealterms.Interpretation, ["id", "description", "term"]),
    (dealterms.Parameter, ["name", "note"]),
    (dealterms.Permission, ["id", "holder", "counterparty", "action", "source"]),
    (dealterms.RightOfFirstRefusal, ["id", "grantor", "holder", "scope", "condition_precedent"]),
    (dealterms.Renewal, ["period", "times"]),
    (dealterms.Metric, ["name"]),
    (dealterms.Happened, ["event", "on_or_after", "before"]),
    (dealterms.AddClause, ["clause"]),
    (dealterms.ReplaceClause, ["clause_id", "by"]),
]


@pytest.mark.parametrize(("cls", "fields"), CONSTRUCTORS, ids=lambda x: getattr(x, "__name__", ""))
@given(data=st.data())
def test_constructors_raise_only_documented_errors(
    cls: type, fields: list[str], data: st.DataObject
) -> None:
    kwargs = {f: data.draw(junk, label=f) for f in fields}
    with contextlib.suppress(DealtermsError):
        cls(**kwargs)


@given(st.text(max_size=30))
def test_parsers_raise_only_documented_errors(text: str) -> None:
    for parse in (
        Money.parse,
        dealterms.Rate.parse,
        dealterms.Duration.parse,
        dealterms.parse_date,
        dealterms.parse_fact_value,
    ):
        with contextlib.suppress(DealtermsError):
            parse(text)


@given(
    facts=st.dictionaries(
        st.sampled_from(["openai.cumulative_profit", "x", "openai.revenue"]),
        st.booleans()
        | st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20)
        | st.builds(
            Money,
            amount=st.decimals(
                allow_nan=False,
                allow_infinity=False,
                places=2,
                min_value=-(10**20),
                max_value=10**20,
            ),
            currency=st.sampled_from(["USD", "EUR"]),
        ),
    ),
    as_of=st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 1, 1)),
)
def test_evaluate_raises_only_documented_errors(facts: dict[str, object], as_of: date) -> None:
    state = State(as_of=as_of, facts=facts)
    with contextlib.suppress(DealtermsError):
        evaluate(microsoft_openai(), state)


ARG_PARTS = st.sampled_from(
    [
        "evaluate",
        "examples",
        "--example",
        "microsoft-openai",
        "--as-of",
        "2025-06-01",
        "--fact",
        "--event",
        "--what-if",
        "--format",
        "json",
        "text",
        "--explain",
        "openai.cumulative_profit=100000000000 USD",
        "x=1.5",
        "=",
        "@",
        "a@2025-01-01",
        "remove-agi-clause",
        "--interpretation",
        "until-2030-exclusive",
        "2025-02-30",
        "",
    ]
)


@given(st.lists(ARG_PARTS | st.text(max_size=8), max_size=10))
def test_cli_never_raises(argv: list[str]) -> None:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as e:  # --help and --version exit through argparse
            code = 0 if e.code in (0, None) else -1
    assert code in (0, 2)


def test_decimal_precision_is_kept() -> None:
    m = Money(amount=Decimal("0.0000000000000000000000000001"), currency="USD")
    assert (m + m).amount == Decimal("2E-28")
    big = Money(amount=Decimal("9" * 27), currency="USD")
    assert (big + big).amount == 2 * Decimal("9" * 27)


@pytest.mark.parametrize("amount", ["1E+29", "1E-29", "1" * 29, "9E+999999"])
def test_numbers_out_of_the_exact_range_are_refused(amount: str) -> None:
    with pytest.raises(InvalidValueError, match="too large or too precise"):
        Money(amount=Decimal(amount), currency="USD")


def test_conditions_cannot_be_nested_past_the_limit() -> None:
    cond: dealterms.Condition = dealterms.Declared(fact="x")
    for _ in range(63):
        cond = dealterms.AllOf(conditions=(cond,))
    assert repr(cond)  # the deepest allowed can be printed
    with pytest.raises(InvalidValueError, match="nested more than 64 levels"):
        dealterms.AllOf(conditions=(cond,))


def test_events_naming_unknown_actions_are_errors() -> None:
    act = dealterms.Performed(party="openai", action="teleport", date="2025-05-01")
    with pytest.raises(dealterms.exceptions.UnknownReferenceError, match="teleport"):
        evaluate(microsoft_openai(), State(as_of="2025-06-01", events=[act]))


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_dates_outside_the_supported_range(day: str) -> None:
    with pytest.raises(InvalidValueError, match="out of range"):
        State(as_of=day)


def test_cache_tells_true_from_one() -> None:
    deal = dealterms.Deal(
        id="d",
        name="D",
        parties=(dealterms.Party(id="a", name="A"), dealterms.Party(id="b", name="B")),
        actions=(dealterms.Action(id="x", description="do x"),),
        term=dealterms.Term(effective_date="2020-01-01"),
        clauses=(
            dealterms.Permission(
                id="p",
                holder="a",
                counterparty="b",
                action="x",
                condition_precedent=dealterms.AtLeast(metric="m", threshold=1),
            ),
        ),
    )
    assert evaluate(deal, State(as_of="2021-01-01", facts={"m": Decimal(1)})).entitlements
    with pytest.raises(InvalidValueError, match="plain number"):
        evaluate(deal, State(as_of="2021-01-01", facts={"m": True}))
