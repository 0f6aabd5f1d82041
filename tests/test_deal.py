"""Deal construction: validation errors, asserted by type, path and message."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from dealterms import (
    Action,
    AddClause,
    Amendment,
    AtLeast,
    Deal,
    Exclusivity,
    License,
    Money,
    Party,
    RemoveClause,
    ReplaceClause,
    RevenueShare,
    Term,
    Trigger,
)
from dealterms.exceptions import (
    CurrencyMismatchError,
    DealtermsError,
    DuplicateIdError,
    InvalidDealError,
    InvalidValueError,
    UnknownReferenceError,
)

PARTIES = (Party(id="a", name="A"), Party(id="b", name="B"))
ACTIONS = (Action(id="x", description="do x"),)
TERM = Term(effective_date="2025-01-01", expiry="2025-12-31", expiry_inclusive=True)


def excl(id: str = "excl", **kw: object) -> Exclusivity:
    fields: dict[str, object] = {"id": id, "grantor": "a", "holder": "b", "scope": "x"}
    fields.update(kw)
    return Exclusivity(**fields)  # type: ignore[arg-type]


def deal(**kw: object) -> Deal:
    fields: dict[str, object] = {
        "id": "d",
        "name": "D",
        "parties": PARTIES,
        "actions": ACTIONS,
        "term": TERM,
        "clauses": (excl(),),
    }
    fields.update(kw)
    return Deal(**fields)  # type: ignore[arg-type]


def only_error(exc: InvalidDealError) -> InvalidValueError:
    assert len(exc.exceptions) == 1, exc.lines()
    return exc.exceptions[0]


def test_a_valid_deal_builds() -> None:
    assert deal().clauses[0].id == "excl"


def test_unknown_party() -> None:
    with pytest.raises(InvalidDealError) as info:
        deal(clauses=(excl(holder="c"),))
    err = only_error(info.value)
    assert isinstance(err, UnknownReferenceError)
    assert err.path == "$.clauses['excl'].holder"
    assert "holder='c' is not a party of the deal" in str(err)


def test_unknown_action() -> None:
    with pytest.raises(InvalidDealError) as info:
        deal(clauses=(excl(scope="y"),))
    err = only_error(info.value)
    assert isinstance(err, UnknownReferenceError)
    assert err.path == "$.clauses['excl'].scope"


def test_duplicate_clause_ids() -> None:
    with pytest.raises(InvalidDealError) as info:
        deal(clauses=(excl(), excl()))
    err = only_error(info.value)
    assert isinstance(err, DuplicateIdError)
    assert "clause id 'excl' is used twice" in str(err)


def test_duplicate_party_ids() -> None:
    with pytest.raises(InvalidDealError) as info:
        deal(parties=(*PARTIES, Party(id="a", name="A again")))
    assert isinstance(only_error(info.value), DuplicateIdError)


def test_amendment_naming_unknown_clause() -> None:
    bad = Amendment(id="am", effective_date="2025-06-01", changes=(RemoveClause(clause_id="nope"),))
    with pytest.raises(InvalidDealError) as info:
        deal(amendments=(bad,))
    err = only_error(info.value)
    assert isinstance(err, UnknownReferenceError)
    assert err.path == "$.amendments['am'].changes[0].clause_id"
    assert "names no clause in force on 2025-06-01" in str(err)


def test_amendment_removing_a_clause_twice() -> None:
    first = Amendment(
        id="a1", effective_date="2025-03-01", changes=(RemoveClause(clause_id="excl"),)
    )
    second = Amendment(
        id="a2", effective_date="2025-06-01", changes=(RemoveClause(clause_id="excl"),)
    )
    with pytest.raises(InvalidDealError) as info:
        deal(amendments=(second, first))  # given out of order on purpose
    assert only_error(info.value).path == "$.amendments['a2'].changes[0].clause_id"


def test_amendment_adding_an_existing_id() -> None:
    bad = Amendment(id="am", effective_date="2025-06-01", changes=(AddClause(clause=excl()),))
    with pytest.raises(InvalidDealError) as info:
        deal(amendments=(bad,))
    assert isinstance(only_error(info.value), DuplicateIdError)


def test_amendment_before_the_deal() -> None:
    bad = Amendment(
        id="am",
        effective_date="2024-06-01",
        changes=(ReplaceClause(clause_id="excl", by=excl(holder="b")),),
    )
    with pytest.raises(InvalidDealError) as info:
        deal(amendments=(bad,))
    err = only_error(info.value)
    assert err.path == "$.amendments['am'].effective_date"


def test_expiry_before_effective_date() -> None:
    with pytest.raises(InvalidValueError) as info:
        Term(effective_date="2025-01-01", expiry="2024-01-01", expiry_inclusive=True)
    assert str(info.value) == ("expiry=2024-01-01 is before effective_date=2025-01-01 @ $.expiry")


def test_expiry_must_say_inclusive_or_not() -> None:
    with pytest.raises(InvalidValueError, match="expiry_inclusive"):
        Term(effective_date="2025-01-01", expiry="2026-01-01")


@pytest.mark.parametrize("rate", ["1.2", "-0.1", Decimal("1.0001"), "120%"])
def test_rate_outside_unit_interval(rate: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        RevenueShare(id="rs", payer="a", payee="b", rate=rate, base="m", period="quarterly")  # type: ignore[arg-type]
    assert info.value.path == "$.rate"
    assert "must be a decimal in [0, 1]" in str(info.value)


def test_float_rate_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"got float 0\.2"):
        RevenueShare(id="rs", payer="a", payee="b", rate=0.2, base="m", period="quarterly")  # type: ignore[arg-type]


def test_unknown_period() -> None:
    with pytest.raises(InvalidValueError, match="period must be one of"):
        RevenueShare(id="rs", payer="a", payee="b", rate="0.2", base="m", period="weekly")  # type: ignore[arg-type]


def test_same_party_on_both_sides() -> None:
    with pytest.raises(InvalidDealError) as info:
        deal(clauses=(excl(holder="a"),))
    assert "a clause binds two distinct parties" in str(only_error(info.value))


def test_trigger_ending_unknown_clause_and_mixed_currencies() -> None:
    trig = Trigger(
        id="t",
        holder="a",
        counterparty="b",
        power="x",
        ends=("ghost",),
        condition=AtLeast(metric="m", threshold=Money.parse("1 USD"))
        | AtLeast(metric="m", threshold=Money.parse("1 EUR")),
    )
    with pytest.raises(InvalidDealError) as info:
        deal(clauses=(excl(), trig))
    kinds = {type(e) for e in info.value.exceptions}
    assert kinds == {UnknownReferenceError, CurrencyMismatchError}
    assert len(info.value.lines()) == 2


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(InvalidDealError) as info:
        deal(
            clauses=(
                excl(holder="c"),
                excl(id="lic", scope="nope"),
                License(id="l2", licensor="a", licensee="zz", scope="x", exclusive=True),
            )
        )
    lines = info.value.lines()
    assert len(lines) == 3
    assert all(" @ $.clauses[" in line for line in lines)
    assert "deal 'd' is invalid (3 problems)" in str(info.value)


def test_errors_are_catchable_as_builtins_and_as_project_errors() -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(amount="1", currency="usd")
    with pytest.raises(DealtermsError):
        deal(clauses=(excl(holder="c"),))
    with pytest.raises(LookupError):
        deal().with_what_ifs("nope")


def test_what_if_is_validated_on_construction() -> None:
    bad = Amendment(id="w", effective_date="2025-06-01", changes=(RemoveClause(clause_id="nope"),))
    with pytest.raises(InvalidDealError) as info:
        deal(what_ifs=(bad,))
    assert only_error(info.value).path == "$.what_ifs['w'].changes[0].clause_id"


def test_failed_change_leaves_the_original_unchanged() -> None:
    d = deal()
    with pytest.raises(InvalidDealError):
        attrs.evolve(d, clauses=(excl(holder="nobody"),))
    assert d == deal()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.name = "changed"  # type: ignore[misc]


def test_replace_keeps_history() -> None:
    new = excl(holder="b", source="v2")
    am = Amendment(
        id="am", effective_date="2025-06-01", changes=(ReplaceClause(clause_id="excl", by=new),)
    )
    d = deal(amendments=(am,))
    versions = [(v.clause.source, v.start, v.end, v.ended_how) for v in d.history]
    assert len(versions) == 2
    assert versions[0][3] == "superseded"


def test_amendments_sorted_regardless_of_input_order() -> None:
    a1 = Amendment(id="a1", effective_date="2025-03-01", changes=(AddClause(clause=excl("e2")),))
    a2 = Amendment(id="a2", effective_date="2025-06-01", changes=(RemoveClause(clause_id="e2"),))
    assert deal(amendments=(a2, a1)) == deal(amendments=(a1, a2))
