"""The exceptions dealterms raises.

Every error that bad user input can cause is a
[`DealtermsError`][dealterms.exceptions.DealtermsError].
Errors about a value also inherit from the matching builtin (`ValueError`, `LookupError`),
so callers may catch either the project's type or the builtin one.

Each error carries structured attributes (`path`, `expected`, `got`) besides its message,
and its message reads like::

    expiry=2024-01-01 is before effective_date=2025-01-01 @ $.clauses['api-exclusivity'].term

A deal with several problems raises one [`InvalidDealError`][dealterms.exceptions.InvalidDealError]
that groups all of them; its [`lines()`][dealterms.exceptions.InvalidDealError.lines] view
gives one line per problem, as the CLI prints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "CurrencyMismatchError",
    "DealtermsError",
    "DuplicateIdError",
    "InvalidDealError",
    "InvalidTransitionError",
    "InvalidValueError",
    "MissingDependencyError",
    "UnknownReferenceError",
]


class DealtermsError(Exception):
    """Root of every exception raised by dealterms on user input."""


class InvalidValueError(DealtermsError, ValueError):
    """A value is malformed or out of range.

    Attributes:
        path: Where the value sits, as a JSONPath-like string starting at `$`
            (`$.clauses['agi-clause'].rate`), or `""` when the value stands alone.
        expected: What would have been accepted, in words.
        got: The offending value, as the user gave it (`repr`-able).
    """

    path: str
    expected: str
    got: object

    def __init__(self, message: str, *, path: str = "", expected: str = "", got: object = None):
        self.message = message
        self.path = path
        self.expected = expected
        self.got = got
        super().__init__(self._render())

    def _render(self) -> str:
        return f"{self.message} @ {self.path}" if self.path else self.message

    def at(self, prefix: str) -> Self:
        """Return a copy of this error whose path is prefixed by `prefix`.

        Args:
            prefix: The path of the enclosing value, e.g. `"$.clauses['x']"`.

        Returns:
            A new error of the same type; `self` is unchanged.
        """
        path = prefix + self.path.removeprefix("$") if self.path else prefix
        new = type(self).__new__(type(self))
        InvalidValueError.__init__(
            new, self.message, path=path, expected=self.expected, got=self.got
        )
        return new


class CurrencyMismatchError(InvalidValueError):
    """Two amounts of money in different currencies were added or compared."""


class UnknownReferenceError(InvalidValueError, LookupError):
    """A name refers to nothing: an unknown party, clause, action, what-if or example."""


class DuplicateIdError(InvalidValueError):
    """Two things that must have distinct ids share one."""


class InvalidTransitionError(InvalidValueError):
    """An event log records a transition the lifecycle rules do not allow on its date.

    For example paying an obligation before it exists, a second demand, or exercising a
    power already consumed (see [`Lifecycle.replay`][dealterms.Lifecycle.replay]). The
    message names the event and says why; `got` is the event and `path` its place in the
    log (`$.events[3]`).
    """


class MissingDependencyError(DealtermsError, ImportError):
    """An optional feature needs a package that is not installed.

    The message names the extra that installs it, e.g. `pip install 'dealterms[plot]'`.

    Attributes:
        package: The missing package's import name (`"matplotlib"`).
        extra: The dealterms extra that installs it (`"plot"`).
    """

    package: str
    extra: str

    def __init__(self, *, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs {package}, which is not installed; "
            f"install it with: pip install 'dealterms[{extra}]'",
            name=package,
        )


class InvalidDealError(ExceptionGroup[InvalidValueError], DealtermsError):
    """A deal (or another composite value) has one or more problems; all are reported.

    The group's `exceptions` are the individual
    [`InvalidValueError`][dealterms.exceptions.InvalidValueError]s, each with its path.
    `InvalidDealError` is also a `ValueError` in spirit: catch `DealtermsError` to handle
    both single and grouped errors.
    """

    def __new__(cls, message: str, errors: Sequence[InvalidValueError]) -> Self:  # noqa: D102
        return super().__new__(cls, message, list(errors))

    def __init__(self, message: str, errors: Sequence[InvalidValueError]) -> None:
        super().__init__(message, list(errors))

    def derive(self, excs: Sequence[InvalidValueError]) -> InvalidDealError:  # type: ignore[override]
        """Build a group of the same type (used by `ExceptionGroup.split`)."""
        return InvalidDealError(self.message, excs)

    def lines(self) -> list[str]:
        """One line per problem, in the order found: `"<message> @ <path>"`."""
        return [str(e) for e in self.exceptions]

    def __str__(self) -> str:
        n = len(self.exceptions)
        head = f"{self.message} ({n} problem{'s' if n != 1 else ''})"
        return "\n".join([head, *("  - " + line for line in self.lines())])
