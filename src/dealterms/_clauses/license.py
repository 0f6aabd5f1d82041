"""Licence (IP grant) and its parameters."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs

from dealterms._checks import flag, optional_text
from dealterms._entitlement import Position, Relation
from dealterms._party import check_id
from dealterms.exceptions import InvalidValueError

from .base import ClauseBase, PostTerm, distinct_parties
from .fields import text_set

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["License"]

SUBLICENSE = "sublicense"
"""The action id of a licensee's power to grant sublicences."""
ASSIGN_LICENCE = "assign-licence"
"""The action id of a licensee's power to transfer (assign) its licence."""


def _bool(value: object) -> bool:
    return flag(value, "exclusive")


def _sublicensable(value: object) -> bool:
    return flag(value, "sublicensable")


def _transferable(value: object) -> bool:
    return flag(value, "transferable")


def _perpetual(value: object) -> bool:
    return flag(value, "perpetual")


def _irrevocable(value: object) -> bool:
    return flag(value, "irrevocable")


def _royalty_free(value: object) -> bool:
    return flag(value, "royalty_free")


def _affiliates(value: object) -> bool:
    return flag(value, "affiliates")


def _territory(value: object) -> tuple[str, ...]:
    return text_set(value, "territory")


def _field_of_use(value: object) -> str | None:
    found = optional_text(value, "field_of_use")
    if found is not None and not found.strip():
        raise InvalidValueError(
            "field_of_use must not be blank",
            path="$.field_of_use",
            expected="a description such as 'diagnostic imaging', or None",
            got=value,
        )
    return found


@attrs.frozen(kw_only=True)
class License(ClauseBase):
    """A licence (IP grant): the licensee may use the licensor's IP for the scope.

    Confers the licensee's **privilege** to do the scope's action, and, by parameter:

    * `exclusive`: the licensee's **claim** that the licensor grant the scope to no one
      else (for the licensor, a prohibition);
    * `sublicensable`: the licensee's **power** to grant sublicences (action
      `"sublicense"`); without it, no such power;
    * `transferable`: the licensee's **power** to assign the licence (action
      `"assign-licence"`);
    * `irrevocable`: the licensee's **immunity** from revocation by the licensor (the
      licensor's disability);
    * `perpetual`: the licence outlives the end of the deal's term without end (see
      [survival](concepts.md#survival-after-the-term)); it ends only by an amendment,
      a trigger or a condition;
    * `royalty_free`, `affiliates`, `territory`, `field_of_use`: stated in the
      privilege's sentence. [`may`][dealterms.Evaluation.may] answers per action: give a
      field of use or territory its own action where answers differ.

    Every parameter but `exclusive` defaults to the narrowest reading (no, none), which is
    how a licence that does not mention it is read.

    Attributes:
        licensor: Party id granting the licence.
        licensee: Party id receiving it.
        scope: Id of the action licensed, as a verb phrase for the licensee:
            `"use OpenAI's models and technology in its products"`.
        exclusive: Whether the licence is exclusive.
        sublicensable: Whether the licensee may grant sublicences.
        transferable: Whether the licensee may assign the licence.
        perpetual: Whether the licence lasts without end, past the deal's term.
        irrevocable: Whether the licensor may not revoke it.
        royalty_free: Whether no royalty is owed for it.
        affiliates: Whether the licensee's affiliates are licensed too.
        territory: Region codes or names licensed (`("EU",)`); empty for none stated.
        field_of_use: The field of use the licence is limited to, or `None`.

    Raises:
        InvalidValueError: for malformed ids, a parameter that is not a bool, a territory
            that is not a list of distinct names, a blank field of use, the same party as
            licensor and licensee, or a perpetual licence with a term that has an expiry.

    Source (reference deal): "Microsoft keeps exclusive rights to OpenAI's IP (models and
    technology) for use in its products, such as Copilot" (public reporting, January 2025);
    parameters: CUAD categories "License Grant", "Non-Transferable License", "Irrevocable
    Or Perpetual License", "Affiliate License" (public clause corpus).
    """

    kind: ClassVar[str] = "license"
    builtin_actions: ClassVar[dict[str, Relation]] = {
        SUBLICENSE: Relation.POWER,
        ASSIGN_LICENCE: Relation.POWER,
    }
    licensor: str = attrs.field(converter=check_id)
    licensee: str = attrs.field(converter=check_id)
    scope: str = attrs.field(converter=check_id)
    exclusive: bool = attrs.field(converter=_bool)
    sublicensable: bool = attrs.field(default=False, converter=_sublicensable)
    transferable: bool = attrs.field(default=False, converter=_transferable)
    perpetual: bool = attrs.field(default=False, converter=_perpetual)
    irrevocable: bool = attrs.field(default=False, converter=_irrevocable)
    royalty_free: bool = attrs.field(default=False, converter=_royalty_free)
    affiliates: bool = attrs.field(default=False, converter=_affiliates)
    territory: tuple[str, ...] = attrs.field(default=(), converter=_territory)
    field_of_use: str | None = attrs.field(default=None, converter=_field_of_use)

    def party_refs(self) -> Iterator[tuple[str, str]]:
        yield "licensor", self.licensor
        yield "licensee", self.licensee

    def action_refs(self) -> Iterator[tuple[str, str]]:
        yield "scope", self.scope

    def problems(self) -> list[InvalidValueError]:
        out = distinct_parties(self.licensor, self.licensee, ("licensor", "licensee"))
        if self.perpetual and self.term is not None and self.term.expiry is not None:
            out.append(
                InvalidValueError(
                    f"a perpetual licence cannot have a term that expires on {self.term.expiry}",
                    path="$.perpetual",
                    expected="perpetual=False, or a term without expiry",
                    got=self.perpetual,
                )
            )
        return out

    def post_term(self) -> PostTerm | None:
        return PostTerm(period=None, why="it is perpetual") if self.perpetual else None

    def qualifiers(self) -> tuple[str, ...]:
        """The parameters stated in words, in a fixed order (empty at the defaults)."""
        words = [
            w
            for on, w in (
                (self.perpetual, "perpetual"),
                (self.irrevocable, "irrevocable"),
                (self.royalty_free, "royalty-free"),
                (self.sublicensable, "sublicensable"),
                (self.transferable, "transferable"),
                (self.affiliates, "affiliates included"),
            )
            if on
        ]
        if self.territory:
            words.append(f"in {', '.join(self.territory)}")
        if self.field_of_use is not None:
            words.append(f"field of use: {self.field_of_use}")
        return tuple(words)

    def positions(self) -> tuple[Position, ...]:
        extra = "".join(f"; {w}" for w in self.qualifiers())
        out = [
            Position(
                relation=Relation.PRIVILEGE,
                holder=self.licensee,
                counterparty=self.licensor,
                action=self.scope,
                conduct="perform",
                template="{holder} may {action} (licence from {counterparty}" + extra + ")",
            )
        ]
        if self.exclusive:
            out.append(
                Position(
                    relation=Relation.CLAIM,
                    holder=self.licensee,
                    counterparty=self.licensor,
                    action=self.scope,
                    conduct="forbear",
                    template=(
                        "{counterparty} must not license anyone but {holder} to {action} "
                        "(exclusive licence)"
                    ),
                )
            )
        if self.irrevocable:
            out.append(
                Position(
                    relation=Relation.IMMUNITY,
                    holder=self.licensee,
                    counterparty=self.licensor,
                    action=self.scope,
                    conduct="perform",
                    template="{counterparty} cannot revoke {holder}'s licence to {action} "
                    "(irrevocable licence)",
                )
            )
        if self.sublicensable:
            out.append(
                Position(
                    relation=Relation.POWER,
                    holder=self.licensee,
                    counterparty=self.licensor,
                    action=SUBLICENSE,
                    conduct="perform",
                    template="{holder} may grant sublicences under its licence from {counterparty}",
                )
            )
        if self.transferable:
            out.append(
                Position(
                    relation=Relation.POWER,
                    holder=self.licensee,
                    counterparty=self.licensor,
                    action=ASSIGN_LICENCE,
                    conduct="perform",
                    template="{holder} may assign its licence from {counterparty}",
                )
            )
        return tuple(out)
