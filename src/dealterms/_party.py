"""Parties to a deal and the actions (scopes) its clauses are about."""

from __future__ import annotations

import re

import attrs

from dealterms._checks import roles_field
from dealterms.exceptions import InvalidValueError

__all__ = ["Action", "Party"]

_ID = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?")


def check_id(value: object, what: str = "id") -> str:
    """Return `value` if it is a valid id: lower-case letters, digits, `.`, `_`, `-`.

    Raises:
        InvalidValueError: otherwise, naming the rule.
    """
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise InvalidValueError(
            f"{what} must be lower-case letters, digits, '.', '_' or '-' (not at the ends), "
            f"got {value!r}",
            path=f"$.{what}",
            expected="an id such as 'api-exclusivity'",
            got=value,
        )
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            f"expected non-empty text, got {value!r}", expected="a string", got=value
        )
    return value


@attrs.frozen(kw_only=True)
class Party:
    """A legal person with a stable id and a display name.

    Attributes:
        id: Stable id used everywhere else (`"microsoft"`); lower case, digits, `.`, `_`, `-`.
        name: Display name (`"Microsoft Corporation"`).
        roles: Optional roles in the deal (`("investor",)`), for display.

    Raises:
        InvalidValueError: for a malformed id or an empty name.

    Example:
        >>> Party(id="microsoft", name="Microsoft")
        Party(id='microsoft', name='Microsoft', roles=())
    """

    id: str = attrs.field(converter=check_id)
    name: str = attrs.field(converter=_text)
    roles: tuple[str, ...] = attrs.field(default=(), converter=roles_field)


@attrs.frozen(kw_only=True)
class Action:
    """An action or scope that clauses are about, described as a verb phrase.

    The description completes sentences such as "OpenAI must not …" or "Microsoft may …",
    so write it as a verb phrase: `"use compute capacity from providers other than Azure"`.

    Attributes:
        id: Stable id (`"non-azure-compute"`).
        description: The verb phrase.

    Raises:
        InvalidValueError: for a malformed id or an empty description.
    """

    id: str = attrs.field(converter=check_id)
    description: str = attrs.field(converter=_text)
