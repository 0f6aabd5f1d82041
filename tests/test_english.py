"""Plain English: one sentence per clause kind, condition, entitlement, explanation, change."""

from __future__ import annotations

import pytest

from dealterms import (
    Action,
    AddClause,
    Amendment,
    AnyOf,
    Before,
    Deal,
    Declared,
    Exclusivity,
    Happened,
    Latched,
    License,
    Metric,
    Money,
    Not,
    OnOrAfter,
    Party,
    Permission,
    Rate,
    RateChange,
    ReplaceClause,
    RevenueShare,
    RightOfFirstRefusal,
    Scenario,
    State,
    Term,
    Trigger,
    evaluate,
    timeline,
)
from dealterms._english import clause_sentence, condition_sentence, money_words
from dealterms.examples import microsoft_openai, microsoft_openai_scenarios
from dealterms.exceptions import UnknownReferenceError

PARTIES = (Party(id="acme", name="Acme Corp"), Party(id="globex", name="Globex"))
ACTIONS = (
    Action(id="resell", description="resell Globex products"),
    Action(id="host", description="host the service elsewhere"),
    Action(id="end-supply", description="end the supply agreement"),
)
PROFIT = Metric(name="acme.profit")


def small_deal(*clauses: object, amendments: tuple[Amendment, ...] = ()) -> Deal:
    return Deal(
        id="small",
        name="Small deal",
        parties=PARTIES,
        actions=ACTIONS,
        term=Term(effective_date="2024-01-01", expiry="2027-12-31", expiry_inclusive=True),
        clauses=clauses,
        amendments=amendments,
    )


# -- clauses: one sentence per kind --------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "sentence"),
    [
        (
            Exclusivity(id="excl", grantor="acme", holder="globex", scope="host"),
            (
                "Acme Corp must not host the service elsewhere: an exclusivity in favour of Globex "
                "(clause excl, in the original deal)."
            ),
        ),
        (
            RightOfFirstRefusal(id="rofr", grantor="acme", holder="globex", scope="resell"),
            (
                "Globex holds a right of first refusal from Acme Corp: before Acme Corp turns to a "
                "third party to resell Globex products, Globex must be offered the same terms "
                "(clause rofr, in the original deal)."
            ),
        ),
        (
            License(id="lic", licensor="globex", licensee="acme", scope="resell", exclusive=True),
            (
                "Globex grants Acme Corp an exclusive licence to resell Globex products "
                "(clause lic, in the original deal)."
            ),
        ),
        (
            License(id="lic", licensor="globex", licensee="acme", scope="resell", exclusive=False),
            (
                "Globex grants Acme Corp a non-exclusive licence to resell Globex products "
                "(clause lic, in the original deal)."
            ),
        ),
        (
            Permission(id="perm", holder="acme", counterparty="globex", action="resell"),
            (
                "Acme Corp may resell Globex products, and Globex has no right to object "
                "(clause perm, in the original deal)."
            ),
        ),
        (
            RevenueShare(
                id="share",
                payer="acme",
                payee="globex",
                rate=Rate.parse("10%"),
                base="acme.revenue",
                period="monthly",
                rate_changes=(RateChange(effective_date="2025-01-01", rate=Rate.parse("12%")),),
                minimum_annual=Money.parse("1000 USD"),
                cap=Money.parse("1000000 USD"),
            ),
            (
                "Acme Corp pays Globex 10%, then 12% from 2025-01-01 of acme.revenue each month, "
                "at least 1,000 USD a year, up to 1,000,000 USD in all "
                "(clause share, in the original deal)."
            ),
        ),
        (
            Trigger(
                id="trig",
                holder="globex",
                counterparty="acme",
                condition=PROFIT.at_least(Money.parse("5000000 USD")),
                power="end-supply",
                ends=("perm",),
            ),
            (
                "Once acme.profit is at least 5,000,000 USD (once met, it stays met), Globex has "
                "the power to end the supply agreement (Acme Corp is liable to it); exercising it "
                "(event trig.exercised) ends clause perm (clause trig, in the original deal)."
            ),
        ),
    ],
    ids=lambda v: getattr(v, "kind", "sentence"),
)
def test_each_clause_kind_reads_as_a_sentence(clause: object, sentence: str) -> None:
    clauses = [clause]
    if getattr(clause, "ends", ()):
        clauses.append(Permission(id="perm", holder="acme", counterparty="globex", action="resell"))
    deal = small_deal(*clauses)
    assert clause_sentence(deal.clauses[0], deal) == sentence
    assert deal.describe(deal.clauses[0].id) == sentence


def test_conditions_and_own_term_are_part_of_the_clause_sentence() -> None:
    clause = Permission(
        id="perm",
        holder="acme",
        counterparty="globex",
        action="resell",
        condition_precedent=Declared(fact="board.approved"),
        condition_subsequent=Happened(event="globex.bankrupt"),
        term=Term(effective_date="2025-01-01", expiry="2025-12-31", expiry_inclusive=True),
    )
    deal = small_deal(clause)
    assert clause_sentence(clause, deal) == (
        "Acme Corp may resell Globex products, and Globex has no right to object, provided "
        "that board.approved is true, until event globex.bankrupt has happened, from "
        "2025-01-01 through 2025-12-31 (clause perm, in the original deal)."
    )


def test_amended_clauses_cite_the_amendment_and_what_ended_them() -> None:
    deal = small_deal(
        Exclusivity(id="excl", grantor="acme", holder="globex", scope="host"),
        amendments=(
            Amendment(
                id="revision",
                effective_date="2025-03-01",
                changes=(
                    ReplaceClause(
                        clause_id="excl",
                        by=RightOfFirstRefusal(
                            id="rofr", grantor="acme", holder="globex", scope="host"
                        ),
                    ),
                    AddClause(
                        clause=Permission(
                            id="perm", holder="acme", counterparty="globex", action="host"
                        )
                    ),
                ),
            ),
        ),
    )
    text = deal.describe()
    assert "(clause excl, in the original deal; superseded by clause rofr on 2025-03-01)." in text
    assert "(clause rofr, added by the amendment of 2025-03-01)." in text
    assert text.splitlines()[:4] == [
        "Small deal (small)",
        "Parties: Acme Corp (acme), Globex (globex).",
        "Term: from 2024-01-01 through 2027-12-31.",
        "Clauses:",
    ]
    assert "  - revision, effective 2025-03-01." in text.splitlines()


def test_describe_an_unknown_clause_lists_the_known_ones() -> None:
    with pytest.raises(UnknownReferenceError, match=r"known: .*compute-rofr"):
        microsoft_openai().describe("no-such-clause")


# -- conditions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "sentence"),
    [
        (Declared(fact="ok"), "ok is true"),
        (~Declared(fact="ok"), "ok is false"),
        (PROFIT.at_least(100), "acme.profit is at least 100"),
        (PROFIT.more_than(100), "acme.profit is more than 100"),
        (PROFIT.at_most(100), "acme.profit is at most 100"),
        (PROFIT.less_than(100), "acme.profit is less than 100"),
        (Not(condition=PROFIT.at_least(100)), "acme.profit is less than 100"),
        (Not(condition=PROFIT.more_than(100)), "acme.profit is at most 100"),
        (Not(condition=PROFIT.at_most(100)), "acme.profit is more than 100"),
        (Not(condition=PROFIT.less_than(100)), "acme.profit is at least 100"),
        (
            PROFIT.at_least(Money.parse("100000000000 USD")),
            "acme.profit is at least 100,000,000,000 USD",
        ),
        (Happened(event="launch"), "event launch has happened"),
        (
            Not(condition=Happened(event="x", on_or_after="2025-01-01", before="2026-01-01")),
            "event x has not happened (on or after 2025-01-01 and before 2026-01-01)",
        ),
        (OnOrAfter(day="2025-01-01"), "the date is on or after 2025-01-01"),
        (Before(day="2025-01-01"), "the date is before 2025-01-01"),
        (~OnOrAfter(day="2025-01-01"), "the date is before 2025-01-01"),
        (Not(condition=Before(day="2025-01-01")), "the date is on or after 2025-01-01"),
        (Declared(fact="a") & Declared(fact="b"), "both a is true and b is true"),
        (Declared(fact="a") | Declared(fact="b"), "either a is true or b is true"),
        (
            Declared(fact="a") & Declared(fact="b") & Declared(fact="c"),
            "all of a is true, b is true and c is true",
        ),
        (
            (Declared(fact="a") & Declared(fact="b")) | Declared(fact="c"),
            "either (both a is true and b is true) or c is true",
        ),
        (AnyOf(conditions=()), "never"),
        (
            Not(condition=Declared(fact="a") | Declared(fact="b")),
            "it is not the case that (either a is true or b is true)",
        ),
        (
            Latched(condition=PROFIT.at_least(5), since="2024-01-01"),
            "acme.profit is at least 5 (on any day since 2024-01-01; once met, it stays met)",
        ),
    ],
)
def test_conditions_read_as_words(condition: object, sentence: str) -> None:
    assert condition_sentence(condition) == sentence  # type: ignore[arg-type]


def test_money_words_keep_every_digit() -> None:
    assert money_words(Money.parse("1234567.891 USD")) == "1,234,567.891 USD"


# -- entitlements, explanations, evaluations ---------------------------------------------


def test_the_rofr_sentence_of_the_issue() -> None:
    ev = evaluate(microsoft_openai(), State(as_of="2025-06-01"))
    text = ev.describe()
    assert (
        "  - Microsoft holds a right of first refusal from OpenAI: before OpenAI turns to a "
        "third party to buy new compute capacity, Microsoft must be offered the same terms "
        "(clause compute-rofr, added by the amendment of 2025-01-21)."
    ) in text.splitlines()
    assert text.splitlines()[0] == "Microsoft–OpenAI partnership as of 2025-06-01"
    headings = [line for line in text.splitlines() if line.endswith(":")]
    assert headings == ["In force:", "Contingent:", "Not in force:"]
    contingent = text.split("Contingent:\n")[1].split("\nNot in force:")[0]
    assert contingent == (
        "  - OpenAI has the power to limit Microsoft's access to OpenAI's most advanced "
        "models (Microsoft is liable to it) (clause agi-clause, in the original deal); it "
        "depends on openai.cumulative_profit, which is not known."
    )


def test_explanation_in_words_of_a_contingent_power() -> None:
    ev = evaluate(microsoft_openai(), State(as_of="2025-06-01"))
    text = ev.describe(ev.for_clause("agi-clause")[0])
    assert text.startswith(
        "On 2025-06-01, OpenAI has the power to limit Microsoft's access to OpenAI's most "
        "advanced models (Microsoft is liable to it) (clause agi-clause, in the original "
        "deal) is contingent: it depends on openai.cumulative_profit, which is not known."
    )
    assert "The clause applies from 2019-07-22 through 2030-12-31." in text
    assert (
        "The power arises once openai.cumulative_profit is at least 100,000,000,000 USD "
        "(once met, it stays met): not known (it depends on openai.cumulative_profit)."
    ) in text
    assert (
        "The power lasts until it is exercised (event agi-clause.exercised): not exercised" in text
    )
    assert text.endswith("Facts read: openai.cumulative_profit is not known.")


def test_explanation_in_words_of_an_exercised_power() -> None:
    state = State(
        as_of="2025-06-01",
        facts={"openai.cumulative_profit": Money.parse("100000000000 USD")},
        events={"agi-clause.exercised": "2025-05-15"},
    )
    ev = evaluate(microsoft_openai(), state)
    ended = ev.describe(ev.for_clause("advanced-models-access")[0])
    assert "is not in force: ended by exercise on 2025-05-15" in ended
    assert (
        "It ends when OpenAI exercises the power under clause agi-clause while that power is "
        "in force (event agi-clause.exercised): it has, on 2025-05-15."
    ) in ended
    assert "Facts read: openai.cumulative_profit is 100,000,000,000 USD." in ended
    power = ev.describe(ev.for_clause("agi-clause")[0])
    assert "(event agi-clause.exercised): exercised on 2025-05-15." in power
    rofr = ev.describe(ev.for_clause("compute-rofr")[0])
    assert "The amendment january-2025-revision added it on 2025-01-21." in rofr
    old = ev.describe(ev.for_clause("compute-exclusivity")[0])
    assert (
        "The amendment january-2025-revision superseded it by clause compute-rofr on "
        "2025-01-21. The clause applies from 2019-07-22 through 2025-01-20."
    ) in old


def test_explanation_in_words_of_conditions_precedent_and_subsequent() -> None:
    deal = small_deal(
        Permission(
            id="perm",
            holder="acme",
            counterparty="globex",
            action="resell",
            condition_precedent=Declared(fact="board.approved"),
            condition_subsequent=Happened(event="globex.bankrupt"),
        )
    )
    unknown = evaluate(deal, State(as_of="2025-01-01"))
    text = unknown.describe(unknown.entitlements[0])
    assert (
        "It applies only if board.approved is true: not known (it depends on board.approved)."
    ) in text
    assert "It ends once event globex.bankrupt has happened; has that happened? not yet." in text
    ended = evaluate(
        deal,
        State(
            as_of="2025-01-01",
            facts={"board.approved": True},
            events={"globex.bankrupt": "2024-06-01"},
        ),
    )
    text = ended.describe(ended.entitlements[0])
    assert "It applies only if board.approved is true: yes." in text
    assert "has that happened? yes, so it has ended." in text
    assert "Facts read: board.approved is true." in text


def test_explaining_an_entitlement_of_another_evaluation_is_an_error() -> None:
    deal = microsoft_openai()
    early = evaluate(deal, State(as_of="2024-06-01"))
    late = evaluate(deal, State(as_of="2025-06-01"))
    with pytest.raises(UnknownReferenceError, match="not one of this evaluation's"):
        late.describe(early.for_clause("compute-exclusivity")[0])


# -- timelines ------------------------------------------------------------------------------


def test_timeline_changes_in_words() -> None:
    t = timeline(microsoft_openai_scenarios()["profit-forecast"], "2024-01-01", "2031-12-31")
    lines = t.describe().splitlines()
    assert lines[0] == (
        "Microsoft–OpenAI partnership — scenario profit-forecast, 2024-01-01 through 2031-12-31"
    )
    assert (
        "  - On 2028-08-08, OpenAI has the power to limit Microsoft's access to OpenAI's most "
        "advanced models (Microsoft is liable to it) (clause agi-clause, in the original deal) "
        "comes into force."
    ) in lines
    assert any(
        line.startswith("  - On 2025-01-21, OpenAI must not use compute capacity")
        and line.endswith(
            "ends: superseded by clause compute-rofr (amendment "
            "january-2025-revision, effective 2025-01-21)."
        )
        for line in lines
    )
    assert len(lines) == 1 + len(t.transitions())


def test_a_timeline_without_changes_says_so() -> None:
    t = timeline(Scenario(id="quiet", deal=microsoft_openai()), "2026-01-01", "2026-12-31")
    assert t.describe().splitlines()[1] == "Nothing changes in this period."


# -- short reprs ----------------------------------------------------------------------------


def test_reprs_fit_a_terminal_line() -> None:
    from dealterms import ledger
    from dealterms.examples import microsoft_openai_revenue

    deal = microsoft_openai()
    ev = evaluate(deal, State(as_of="2025-06-01"))
    t = timeline(microsoft_openai_scenarios()["profit-forecast"], "2024-01-01", "2031-12-31")
    book = ledger(deal, microsoft_openai_revenue(), "2025-01-01", "2025-12-31")
    reprs = {
        "deal": repr(deal),
        "evaluation": repr(ev),
        "timeline": repr(t),
        "ledger": repr(book),
    }
    for text in reprs.values():
        assert "\n" not in text
        assert len(text) <= 160, text
    assert reprs["deal"] == (
        "<Deal microsoft-openai 'Microsoft–OpenAI partnership': 2 parties, 7 clauses, "
        "1 amendment, 1 what-if; from 2019-07-22 through 2030-12-31>"
    )
    assert reprs["evaluation"] == (
        "<Evaluation of microsoft-openai as of 2025-06-01: 8 in force, 1 contingent, "
        "1 not in force>"
    )
    assert reprs["timeline"] == (
        "<Timeline of microsoft-openai, scenario profit-forecast, 2024-01-01 through "
        f"2031-12-31: {len(t.spans)} spans, {len(t.transitions())} changes>"
    )
    assert reprs["ledger"] == (
        f"<Ledger 2025-01-01 through 2025-12-31: {len(book.rows)} rows, 2 clauses, ROUND_HALF_EVEN>"
    )


def test_value_objects_keep_their_pasteable_repr() -> None:
    assert repr(Party(id="a", name="A")) == "Party(id='a', name='A', roles=())"


def test_other_clause_kinds_read_as_the_sentences_of_their_positions() -> None:
    from dealterms.examples import stargate

    text = stargate().describe("mgx-equity")
    assert text.startswith("MGX owns ")
    assert (
        "; MGX may vote its shares in Stargate (clause mgx-equity, in the original deal)." in text
    )


def test_cli_text_output_uses_the_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    from dealterms.cli import main

    args = ["evaluate", "--example", "microsoft-openai", "--as-of", "2025-06-01", "--explain"]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        "  [not in force] OpenAI must not use compute capacity from providers other than "
        "Microsoft Azure (exclusivity in favour of Microsoft) (clause compute-exclusivity, in "
        "the original deal): superseded by clause compute-rofr (amendment "
        "january-2025-revision, effective 2025-01-21)."
    ) in out
    assert any(line.startswith("  [contingent] OpenAI has the power") for line in out)
    explained = out[out.index("Explanations:") + 1 :]
    assert explained[0].startswith("  On 2025-06-01, Microsoft may access")
    assert all(len(line) <= 102 for line in explained if not line.startswith("    "))
