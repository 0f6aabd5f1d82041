"""An illustrative quarterly revenue forecast for the Microsoft–OpenAI deal.

**The numbers are made up**; neither company reports these figures per quarter. OpenAI's
revenue (`openai.revenue`) grows 8% a quarter from $2 billion in 2025 Q1, rounded to
whole dollars; Microsoft's OpenAI-related revenue (`microsoft.openai_related_revenue`)
grows by $25 million a quarter from $500 million. The same figures ship as
`examples/microsoft_openai_revenue.csv`.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal

from dealterms._ledger import RevenueInput
from dealterms._money import Money


@functools.cache
def microsoft_openai_revenue() -> tuple[RevenueInput, ...]:
    """The illustrative (made-up) quarterly revenue figures, 2025 Q1 to 2030 Q4."""
    out: list[RevenueInput] = []
    k = 0
    for year in range(2025, 2031):
        for month in (1, 4, 7, 10):
            start = date(year, month, 1)
            nxt = date(year + (month == 10), 1 if month == 10 else month + 3, 1)
            end = nxt - timedelta(days=1)
            openai = (Decimal(2_000_000_000) * Decimal("1.08") ** k).quantize(Decimal(1))
            microsoft = Decimal(500_000_000) + Decimal(25_000_000) * k
            out.append(
                RevenueInput(
                    metric="openai.revenue",
                    start=start,
                    end=end,
                    amount=Money(amount=openai, currency="USD"),
                )
            )
            out.append(
                RevenueInput(
                    metric="microsoft.openai_related_revenue",
                    start=start,
                    end=end,
                    amount=Money(amount=microsoft, currency="USD"),
                )
            )
            k += 1
    return tuple(out)
