"""Notebook views: `_repr_html_` tables, escaped so that hostile names stay text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from dealterms import (
    Action,
    Deal,
    Exclusivity,
    Party,
    RevenueInput,
    RevenueShare,
    Scenario,
    State,
    Term,
    evaluate,
    ledger,
    timeline,
)
from dealterms.examples import microsoft_openai, microsoft_openai_scenarios

SCRIPT = "<script>alert('owned')</script>"
IMG = '<img src=x onerror="alert(1)">'


class Tags(HTMLParser):
    """Collects the elements of a fragment and checks that they nest properly."""

    VOID = frozenset({"br", "img", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, tag
        assert self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> Tags:
    tags = Tags()
    tags.feed(fragment)
    tags.close()
    assert tags.stack == [], tags.stack
    return tags


@pytest.fixture
def hostile() -> Deal:
    return Deal(
        id="hostile",
        name=f"{IMG} & Co",
        source=SCRIPT,
        parties=(Party(id="evil", name=SCRIPT), Party(id="victim", name="Victim")),
        actions=(Action(id="host", description=f"host {IMG} elsewhere"),),
        term=Term(effective_date="2024-01-01", expiry="2026-12-31", expiry_inclusive=True),
        clauses=(
            Exclusivity(id="excl", grantor="victim", holder="evil", scope="host", source=SCRIPT),
            RevenueShare(
                id="share",
                payer="victim",
                payee="evil",
                rate="0.1",
                base="victim.revenue",
                period="yearly",
            ),
        ),
    )


def views(deal: Deal) -> dict[str, str]:
    t = timeline(Scenario(id="s", deal=deal), "2023-06-01", "2027-06-30")
    revenue = RevenueInput(
        metric="victim.revenue", start="2024-01-01", end="2024-12-31", amount="1000 USD"
    )
    return {
        "deal": deal._repr_html_(),
        "evaluation": evaluate(deal, State(as_of="2025-01-01"))._repr_html_(),
        "timeline": t._repr_html_(),
        "ledger": ledger(deal, [revenue], "2024-01-01", "2024-12-31")._repr_html_(),
    }


def test_hostile_names_are_escaped_everywhere(hostile: Deal) -> None:
    for name, fragment in views(hostile).items():
        tags = parse(fragment)
        assert "script" not in tags.seen, name
        assert "img" not in tags.seen, name
        assert "<script" not in fragment.lower(), name
        assert "<img" not in fragment.lower(), name
        text = "".join(tags.text)
        if name in ("deal", "evaluation", "timeline"):
            assert SCRIPT in text or IMG in text, name  # shown, as text


def test_escaping_keeps_the_text_readable(hostile: Deal) -> None:
    html = views(hostile)["deal"]
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co" in html


def test_evaluation_table_has_one_row_per_entitlement() -> None:
    ev = evaluate(microsoft_openai(), State(as_of="2025-06-01"))
    fragment = ev._repr_html_()
    tags = parse(fragment)
    assert tags.seen.count("tr") == 1 + len(ev.entitlements)  # the header row, then one each
    assert "8 in force, 1 contingent, 1 not in force" in fragment
    assert "compute-rofr, added by the amendment of 2025-01-21" in fragment


def test_deal_table_lists_every_clause_version_and_the_variants() -> None:
    deal = microsoft_openai()
    fragment = deal._repr_html_()
    tags = parse(fragment)
    assert tags.seen.count("table") == 4  # clauses, amendments, what-ifs, interpretations
    for v in deal.history:
        assert f">{v.clause.id}<" in fragment
    assert "remove-agi-clause" in fragment
    assert "until-2030-exclusive" in fragment


def test_timeline_table_shows_the_changes_in_words() -> None:
    t = timeline(microsoft_openai_scenarios()["profit-forecast"], "2024-01-01", "2031-12-31")
    fragment = t._repr_html_()
    tags = parse(fragment)
    text = "".join(tags.text)
    assert "On 2028-08-08, OpenAI has the power" in text
    assert tags.seen.count("tr") == (1 + len(t.spans)) + (1 + len(t.transitions()))
