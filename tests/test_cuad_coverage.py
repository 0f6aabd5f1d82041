"""Every rights-bearing CUAD category has a typed home, documented and tested.

The table in docs/clauses.md ("CUAD categories") is the user's map; this test keeps it
true: each name it gives is public, is a clause kind (or the `Term`/`Renewal` every clause
uses), is documented in that row, and is exercised by at least one other test module.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dealterms
from dealterms._clauses.kinds import CLAUSE_TYPES

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "clauses.md").read_text(encoding="utf-8")

# The categories issue 8 lists as rights-bearing, and the names that model them.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "Expiration Date": ("Term",),
    "Renewal Term": ("Renewal",),
    "Notice Period To Terminate Renewal": ("Renewal",),
    "Most Favored Nation": ("MostFavouredNation",),
    "Non-Compete": ("NonCompete", "NonSolicit"),
    "Exclusivity": ("Exclusivity",),
    "Exceptions": ("CarveOut",),
    "Termination For Convenience": ("TerminationRight",),
    "ROFR/ROFO/ROFN": ("RightOfFirstRefusal", "RightOfFirstOffer", "RightOfFirstNegotiation"),
    "Change Of Control": ("ChangeOfControl",),
    "Revenue/Profit Sharing": ("RevenueShare", "TailPayment"),
    "Price Restrictions": ("PriceRestriction",),
    "Minimum Commitment": ("MinimumCommitment",),
    "Volume Restriction": ("VolumeRestriction",),
    "License Grant": ("License",),
    "Source Code Escrow": ("SourceCodeEscrow",),
    "Post-Termination Services": ("PostTerminationServices",),
    "Liquidated Damages": ("LiquidatedDamages", "ServiceCredit"),
}

TEST_SOURCES = {
    p.name: p.read_text(encoding="utf-8")
    for p in (ROOT / "tests").glob("test_*.py")
    if p.name != Path(__file__).name
}


def _row(category: str) -> str:
    section = DOCS.split("## CUAD categories", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith(f"| {category}")]
    assert len(rows) == 1, f"no single row for {category!r} in docs/clauses.md"
    return rows[0]


@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_category_has_a_public_typed_clause(category: str) -> None:
    kinds = {cls.__name__ for cls in CLAUSE_TYPES} | {"Term", "Renewal"}
    for name in CATEGORIES[category]:
        assert name in dealterms.__all__
        assert name in kinds
        doc = getattr(dealterms, name).__doc__ or ""
        assert "Raises:" in doc or "Attributes:" in doc, f"{name} has no documented fields"


@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_category_is_documented(category: str) -> None:
    row = _row(category)
    for name in CATEGORIES[category]:
        assert f"[`{name}`][dealterms.{name}]" in row


@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_category_is_tested(category: str) -> None:
    for name in CATEGORIES[category]:
        # Imported and used at least once (built, or passed to a builder).
        used = [f for f, t in TEST_SOURCES.items() if len(re.findall(rf"\b{name}\b", t)) >= 2]
        assert used, f"no test module uses {name}"
