"""Rights in motion: first-right processes walked day by day, breaches, and their laws."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealterms import (
    Action,
    Deal,
    Event,
    Match,
    Matched,
    NoOffer,
    Offer,
    OfferPending,
    Party,
    Performed,
    Portfolio,
    ReAttached,
    Refusal,
    Released,
    ResponseWindow,
    RightOfFirstNegotiation,
    RightOfFirstOffer,
    RightOfFirstRefusal,
    State,
    Term,
    Terms,
    ThirdPartyDeal,
    evaluate,
    evaluate_portfolio,
)
from dealterms.cli import main
from dealterms.examples import microsoft_openai, stargate
from dealterms.exceptions import InvalidValueError, UnknownReferenceError

EXAMPLES = Path(__file__).parent.parent / "examples"


def rofr_deal(kind: type = RightOfFirstRefusal, **kw: object) -> Deal:
    fields: dict[str, object] = {
        "id": "r",
        "grantor": "g",
        "holder": "h",
        "scope": "sell",
        "window": ResponseWindow(days=10),
        "free_period": "P1M",
    }
    fields.update(kw)
    return Deal(
        id="d",
        name="D",
        parties=(Party(id="g", name="Grantor"), Party(id="h", name="Holder")),
        actions=(
            Action(id="sell", description="sell the shares"),
            Action(id="other", description="do something else"),
        ),
        term=Term(effective_date="2025-01-01"),
        clauses=(kind(**fields),),
    )


OFFER = Offer(clause="r", date="2025-03-03", terms=Terms(unit_price="10 USD", quantity=100))


def tp_deal(day: str, price: str = "10 USD", quantity: int = 100) -> ThirdPartyDeal:
    return ThirdPartyDeal(
        party="g",
        actions=["sell"],
        date=day,
        third_party="Acme",
        terms=Terms(unit_price=price, quantity=quantity),
    )


def status_on(deal: Deal, events: list[object], day: date | str) -> object:
    return evaluate(deal, State(as_of=day, events=events)).process("r").status


def reasons(deal: Deal, events: list[object], day: str = "2025-12-31") -> list[str]:
    return [v.reason for v in evaluate(deal, State(as_of=day, events=events)).violations]


# -- the window, day by day ------------------------------------------------------------------


def test_window_first_day_last_day_and_the_day_after() -> None:
    deal = rofr_deal()
    assert isinstance(status_on(deal, [OFFER], "2025-03-02"), NoOffer)
    pending = status_on(deal, [OFFER], "2025-03-03")
    assert isinstance(pending, OfferPending)
    assert pending.last_day == date(2025, 3, 13)  # 10 calendar days, last day included
    assert isinstance(status_on(deal, [OFFER], "2025-03-13"), OfferPending)
    lapsed = status_on(deal, [OFFER], "2025-03-14")
    assert isinstance(lapsed, Released)
    assert lapsed.how == "lapsed"
    assert lapsed.free_until == date(2025, 4, 13)  # one month from 2025-03-14, inclusive


def test_last_day_excluded() -> None:
    deal = rofr_deal(window=ResponseWindow(days=10, last_day_counts=False))
    assert isinstance(status_on(deal, [OFFER], "2025-03-12"), OfferPending)
    assert isinstance(status_on(deal, [OFFER], "2025-03-13"), Released)
    late = Match(clause="r", date="2025-03-13")
    assert reasons(deal, [OFFER, late]) == ["late_answer"]


def test_business_day_window_across_a_weekend() -> None:
    deal = rofr_deal(window=ResponseWindow(days=3, count="business"))
    friday = Offer(clause="r", date="2025-03-07")  # Fri; Mon 10, Tue 11, Wed 12
    assert isinstance(status_on(deal, [friday], "2025-03-12"), OfferPending)
    assert isinstance(status_on(deal, [friday], "2025-03-13"), Released)
    calendar = rofr_deal(window=ResponseWindow(days=3))
    assert isinstance(status_on(calendar, [friday], "2025-03-11"), Released)


def test_business_day_window_with_a_holiday() -> None:
    deal = rofr_deal(window=ResponseWindow(days=3, count="business", holidays=["2025-03-10"]))
    friday = Offer(clause="r", date="2025-03-07")
    assert isinstance(status_on(deal, [friday], "2025-03-13"), OfferPending)
    assert isinstance(status_on(deal, [friday], "2025-03-14"), Released)


def test_a_match_binds_the_grantor() -> None:
    deal = rofr_deal()
    match = Match(clause="r", date="2025-03-13")  # the last day: in time
    assert isinstance(status_on(deal, [OFFER, match], "2025-03-20"), Matched)
    assert reasons(deal, [OFFER, match, tp_deal("2025-04-01")]) == ["after_match"]


@pytest.mark.parametrize(
    ("deal_day", "price", "quantity", "expected"),
    [
        ("2025-03-11", "10 USD", 100, []),  # equal terms, inside the free period
        ("2025-03-11", "12 USD", 100, []),  # worse terms for the third party (seller)
        ("2025-03-11", "9 USD", 100, ["better_terms"]),  # a lower price than offered
        ("2025-03-11", "10 USD", 150, ["better_terms"]),  # more than offered
        ("2025-04-09", "10 USD", 100, []),  # last day of the free period
        ("2025-04-10", "10 USD", 100, ["after_free_period"]),  # the right re-attached
    ],
)
def test_refusal_then_a_third_party_deal(
    deal_day: str, price: str, quantity: int, expected: list[str]
) -> None:
    deal = rofr_deal()
    refusal = Refusal(clause="r", date="2025-03-10")  # free until 2025-04-09
    assert reasons(deal, [OFFER, refusal, tp_deal(deal_day, price, quantity)]) == expected


def test_buyer_grantor_compares_prices_the_other_way() -> None:
    deal = rofr_deal(grantor_role="buyer")
    refusal = Refusal(clause="r", date="2025-03-05")
    assert reasons(deal, [OFFER, refusal, tp_deal("2025-03-10", "9 USD")]) == []
    assert reasons(deal, [OFFER, refusal, tp_deal("2025-03-10", "11 USD")]) == ["better_terms"]


def test_deals_without_offer_during_window_and_after_reattaching() -> None:
    deal = rofr_deal()
    assert reasons(deal, [tp_deal("2025-03-01")]) == ["no_offer"]
    assert reasons(deal, [OFFER, tp_deal("2025-03-05")]) == ["during_window"]
    refusal = Refusal(clause="r", date="2025-03-05")
    # the freedom is used by the first deal; a second one needs a new offer
    assert reasons(deal, [OFFER, refusal, tp_deal("2025-03-06"), tp_deal("2025-03-07")]) == [
        "no_offer"
    ]


def test_two_answers_and_answers_without_offer() -> None:
    deal = rofr_deal()
    assert reasons(deal, [Match(clause="r", date="2025-03-01")]) == ["answer_without_offer"]
    both = [OFFER, Refusal(clause="r", date="2025-03-04"), Match(clause="r", date="2025-03-05")]
    assert reasons(deal, both) == ["duplicate_answer"]
    assert reasons(deal, [OFFER, Offer(clause="r", date="2025-03-04")]) == ["offer_while_pending"]


def test_rofn_needs_no_terms_comparison() -> None:
    deal = rofr_deal(RightOfFirstNegotiation)
    refusal = Refusal(clause="r", date="2025-03-05")
    assert reasons(deal, [OFFER, refusal, tp_deal("2025-03-10", "1 USD", 999)]) == []


def test_rofo_behaves_like_rofr_on_terms() -> None:
    deal = rofr_deal(RightOfFirstOffer)
    refusal = Refusal(clause="r", date="2025-03-05")
    assert reasons(deal, [OFFER, refusal, tp_deal("2025-03-10", "1 USD")]) == ["better_terms"]


def test_missing_terms_cannot_be_verified() -> None:
    deal = rofr_deal()
    refusal = Refusal(clause="r", date="2025-03-05")
    untermed = ThirdPartyDeal(party="g", actions=["sell"], date="2025-03-10", third_party="X")
    assert reasons(deal, [OFFER, refusal, untermed]) == ["unverifiable_terms"]


def test_reattaches_after_the_free_period_without_a_deal() -> None:
    deal = rofr_deal()
    refusal = Refusal(clause="r", date="2025-03-05")
    status = status_on(deal, [OFFER, refusal], "2025-04-05")
    assert isinstance(status, ReAttached)
    assert status.since == date(2025, 4, 5)


# -- the reference deal -----------------------------------------------------------------------


def test_reference_refusal_then_a_legal_oracle_deal(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["evaluate", "--example", "microsoft-openai", "--as-of", "2025-06-01",
                 "--events", str(EXAMPLES / "microsoft_openai_events_refusal.toml"),
                 "--format", "json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["violations"] == []
    [rofr] = data["processes"]
    assert rofr["clause"] == "compute-rofr"
    assert rofr["status"] == "re_attached"


def test_reference_oracle_deal_without_offer(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["evaluate", "--example", "microsoft-openai", "--as-of", "2025-06-01",
                 "--events", str(EXAMPLES / "microsoft_openai_events_no_offer.toml"),
                 "--format", "json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(v["clause"], v["reason"]) for v in data["violations"]] == [
        ("compute-rofr", "no_offer")
    ]


def test_reference_non_azure_compute_and_api_outside_azure_before_2025() -> None:
    log = [
        ThirdPartyDeal(
            party="openai", actions=["non-azure-compute"], date="2024-04-15", third_party="Oracle"
        ),
        Performed(party="openai", action="api-outside-azure", date="2025-05-01"),
    ]
    ev = evaluate(microsoft_openai(), State(as_of="2025-06-01", events=log))
    assert [(v.date, v.clause, v.reason) for v in ev.violations] == [
        (date(2024, 4, 15), "compute-exclusivity", "prohibited"),
        (date(2025, 5, 1), "api-exclusivity", "prohibited"),
    ]


def test_reference_exercise_validity() -> None:
    deal = microsoft_openai()
    exercised = {"agi-clause.exercised": "2025-05-01"}
    low = evaluate(deal, State(as_of="2025-06-01", facts={"openai.cumulative_profit": "1 USD"},
                               events=exercised))  # fmt: skip
    assert [v.reason for v in low.violations] == ["invalid_exercise"]
    assert low.for_clause("advanced-models-access")[0].in_force  # no effect
    unknown = evaluate(deal, State(as_of="2025-06-01", events=exercised))
    [v] = unknown.violations
    assert (v.reason, v.missing) == ("possibly_invalid_exercise", ("openai.cumulative_profit",))
    high = evaluate(deal, State(as_of="2025-06-01",
                                facts={"openai.cumulative_profit": "100000000000 USD"},
                                events=exercised))  # fmt: skip
    assert high.violations == ()


def test_stargate_and_the_portfolio() -> None:
    ev = evaluate(stargate(), State(as_of="2025-06-01"))
    assert {e.holder for e in ev.for_action("supply-technology") if e.in_force} == {
        "microsoft", "nvidia", "oracle", "arm",
    }  # fmt: skip
    assert [e.holder for e in ev.for_action("chair-the-board")] == ["softbank"]
    portfolio = evaluate_portfolio(
        Portfolio(deals=[microsoft_openai(), stargate()]), State(as_of="2025-06-01")
    )
    applicable = portfolio.applicable("microsoft", "new-compute-capacity")
    assert [(d, e.clause, e.status.name) for d, e in applicable] == [
        ("microsoft-openai", "compute-rofr", "in_force")
    ]
    assert portfolio.may("openai", "new-compute-capacity").value == "yes"


# -- laws ----------------------------------------------------------------------------------

days = st.integers(min_value=0, max_value=120).map(lambda n: date(2025, 3, 1) + timedelta(days=n))
events = st.lists(
    st.one_of(
        st.builds(
            Offer,
            clause=st.just("r"),
            date=days,
            terms=st.just(Terms(unit_price="10 USD", quantity=100)),
        ),
        st.builds(Match, clause=st.just("r"), date=days),
        st.builds(Refusal, clause=st.just("r"), date=days),
        st.builds(
            ThirdPartyDeal,
            party=st.just("g"),
            actions=st.just(["sell"]),
            date=days,
            third_party=st.just("Acme"),
            terms=st.builds(
                Terms,
                unit_price=st.sampled_from(["9 USD", "10 USD", "11 USD"]),
                quantity=st.sampled_from([50, 100, 150]),
            ),
        ),
    ),
    max_size=8,
)


@given(events, st.randoms(use_true_random=False))
def test_shuffling_the_log_never_changes_the_result(log: list[object], rng: random.Random) -> None:
    deal = rofr_deal()
    shuffled = list(log)
    rng.shuffle(shuffled)
    a = evaluate(deal, State(as_of="2025-07-31", events=log))
    b = evaluate(deal, State(as_of="2025-07-31", events=shuffled))
    assert a.violations == b.violations
    assert a.process("r") == b.process("r")


@given(events, days)
def test_an_unrelated_event_changes_nothing_else(log: list[object], day: date) -> None:
    deal = rofr_deal()
    base = evaluate(deal, State(as_of="2025-07-31", events=log))
    extra = [*log, Performed(party="h", action="other", date=day), Event(name="x", date=day)]
    more = evaluate(deal, State(as_of="2025-07-31", events=extra))
    assert base.process("r") == more.process("r")
    assert base.violations == more.violations
    assert base.entitlements == more.entitlements


@st.composite
def lawful_logs(draw: st.DrawFn) -> list[object]:
    """Offers, refusals and third-party deals that follow every rule."""
    log: list[object] = []
    day = date(2025, 2, 1)
    for _ in range(draw(st.integers(1, 4))):
        day += timedelta(days=draw(st.integers(0, 20)))
        log.append(Offer(clause="r", date=day, terms=Terms(unit_price="10 USD", quantity=100)))
        answer = day + timedelta(days=draw(st.integers(0, 10)))  # inside the window
        log.append(Refusal(clause="r", date=answer))
        dealt = answer + timedelta(days=draw(st.integers(0, 27)))  # inside the free period
        price = draw(st.sampled_from(["10 USD", "10.50 USD", "12 USD"]))  # no lower
        log.append(tp_deal(dealt.isoformat(), price, draw(st.sampled_from([50, 100]))))
        day = dealt + timedelta(days=1)
    return log


@given(lawful_logs())
def test_a_log_that_follows_the_rules_has_no_breach(log: list[object]) -> None:
    assert evaluate(rofr_deal(), State(as_of="2026-01-01", events=log)).violations == ()


# -- bad input -------------------------------------------------------------------------------


def test_events_naming_unknown_things_are_errors() -> None:
    deal = rofr_deal()
    with pytest.raises(UnknownReferenceError, match="names clause 'nope'"):
        evaluate(deal, State(as_of="2025-06-01", events=[Offer(clause="nope", date="2025-03-01")]))
    act = Performed(party="zed", action="sell", date="2025-03-01")
    with pytest.raises(UnknownReferenceError, match="names party 'zed'"):
        evaluate(deal, State(as_of="2025-06-01", events=[act]))
    stray = State(as_of="2025-06-01", events=[Offer(clause="zz", date="2025-03-01")])
    with pytest.raises(UnknownReferenceError, match="concerns no deal"):
        evaluate_portfolio(Portfolio(deals=[deal]), stray)


def test_events_outside_the_clause_are_reported() -> None:
    deal = rofr_deal()
    early = Offer(clause="r", date="2024-12-01")  # before the deal's term
    assert reasons(deal, [early]) == ["clause_not_in_force"]


def test_bad_event_values() -> None:
    with pytest.raises(InvalidValueError, match="quantity must be > 0"):
        Terms(unit_price="1 USD", quantity=0)
    with pytest.raises(InvalidValueError, match="float"):
        Terms(unit_price="1 USD", quantity=1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="days must be"):
        ResponseWindow(days=0)
    with pytest.raises(InvalidValueError, match="count must be"):
        ResponseWindow(days=3, count="weekdays")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="grantor_role"):
        RightOfFirstRefusal(id="r", grantor="g", holder="h", scope="sell", grantor_role="lessor")  # type: ignore[arg-type]


MATCH_WITH_X = json.dumps(
    {"events": [{"kind": "match", "clause": "compute-rofr", "date": "2025-01-01", "x": 1}]}
)
FLOAT_TERMS = json.dumps(
    {
        "events": [
            {
                "kind": "offer",
                "clause": "compute-rofr",
                "date": "2025-03-01",
                "terms": {"unit_price": "1 USD", "quantity": 1.5},
            }
        ]
    }
)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"events": [{"kind": "offer", "clause": "compute-rofr"}]}', "incomplete offer"),
        ('{"events": [{"kind": "bribe", "date": "2025-01-01"}]}', "unknown kind 'bribe'"),
        (
            MATCH_WITH_X,
            "unknown key 'x'",
        ),
        (
            FLOAT_TERMS,
            "float",
        ),
        (
            '{"events": [{"kind": "offer", "clause": "nope", "date": "2025-03-01"}]}',
            "names clause 'nope'",
        ),
        ('{"evnts": []}', "one key, 'events'"),
    ],
)
def test_bad_event_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    f = tmp_path / "log.json"
    f.write_text(content)
    code = main(["evaluate", "--example", "microsoft-openai", "--as-of", "2025-06-01",
                 "--events", str(f)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert needle in err
    assert "Traceback" not in err


def test_deal_with_first_rights_is_unchanged_by_attrs_evolve() -> None:
    deal = rofr_deal()
    assert attrs.evolve(deal) == deal
