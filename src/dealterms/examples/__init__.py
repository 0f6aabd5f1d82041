"""Bundled reference deals.

* [`microsoft_openai`][dealterms.examples.microsoft_openai]: the Microsoft–OpenAI
  partnership as publicly reported in January 2025.

Look a deal up by its CLI name with [`load_example`][dealterms.examples.load_example].
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from dealterms.examples._microsoft_openai import microsoft_openai
from dealterms.exceptions import UnknownReferenceError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from dealterms._deal import Deal

__all__ = ["EXAMPLES", "load_example", "microsoft_openai"]

EXAMPLES: Mapping[str, Callable[[], Deal]] = MappingProxyType(
    {"microsoft-openai": microsoft_openai}
)
"""The bundled deals by CLI name (read-only)."""


def load_example(name: str) -> Deal:
    """Build the bundled deal called `name` (e.g. `"microsoft-openai"`).

    Raises:
        UnknownReferenceError: for an unknown name; the message lists the known ones.
    """
    try:
        builder = EXAMPLES[name]
    except KeyError:
        raise UnknownReferenceError(
            f"no bundled example {name!r}; known: {', '.join(EXAMPLES)}",
            expected="one of " + ", ".join(EXAMPLES),
            got=name,
        ) from None
    return builder()
