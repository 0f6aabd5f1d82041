"""Field converters shared by the scope clauses (covenants, survival, carve-outs, escrow)."""

from __future__ import annotations

from dealterms._checks import text
from dealterms._conditions import _CONDITION_TYPES, Condition
from dealterms._party import check_id
from dealterms._time import Duration
from dealterms.exceptions import InvalidValueError


def id_tuple(value: object, field: str, *, what: str = "ids") -> tuple[str, ...]:
    """`value` as a non-empty tuple of distinct ids, else an error naming the item."""
    if isinstance(value, str) or not isinstance(value, list | tuple) or not value:
        raise InvalidValueError(
            f"{field} must be a non-empty list of {what}, got {value!r}",
            path=f"$.{field}",
            expected=f"a non-empty list of {what}",
            got=value,
        )
    out = tuple(check_id(v, f"{field}[{i}]") for i, v in enumerate(value))
    for i, v in enumerate(out):
        if v in out[:i]:
            raise InvalidValueError(
                f"{field} names {v!r} twice",
                path=f"$.{field}[{i}]",
                expected=f"distinct {what}",
                got=v,
            )
    return out


def text_set(value: object, field: str) -> tuple[str, ...]:
    """`value` as a tuple of distinct non-empty strings (may be empty)."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValueError(
            f"{field} must be a list of names, got {type(value).__name__} {value!r}",
            path=f"$.{field}",
            expected="a list of strings such as ['US', 'CA']",
            got=value,
        )
    out = tuple(text(v, f"{field}[{i}]") for i, v in enumerate(value))
    for i, v in enumerate(out):
        if v in out[:i]:
            raise InvalidValueError(
                f"{field} names {v!r} twice",
                path=f"$.{field}[{i}]",
                expected="distinct names",
                got=v,
            )
    return out


def optional_duration(value: object, field: str) -> Duration | None:
    """`value` as a `Duration` (or ISO text such as `"P12M"`), or `None`."""
    if value is None or isinstance(value, Duration):
        return value
    if isinstance(value, str):
        try:
            return Duration.parse(value)
        except InvalidValueError as e:
            raise InvalidValueError(
                e.message, path=f"$.{field}", expected=e.expected, got=value
            ) from None
    raise InvalidValueError(
        f"{field} must be a Duration or an ISO 8601 duration such as 'P12M', got "
        f"{type(value).__name__} {value!r}",
        path=f"$.{field}",
        expected="a Duration with whole, non-negative parts (e.g. Duration(months=12))",
        got=value,
    )


def duration(value: object, field: str) -> Duration:
    """`value` as a `Duration` (or ISO text such as `"P1Y"`); `None` is refused."""
    found = optional_duration(value, field)
    if found is None:
        raise InvalidValueError(
            f"{field} must be a Duration or an ISO 8601 duration such as 'P12M', got None",
            path=f"$.{field}",
            expected="a Duration such as 'P1Y'",
            got=None,
        )
    return found


def condition(value: object, field: str) -> Condition:
    """`value` if it is a condition, else an error naming `field`."""
    if isinstance(value, _CONDITION_TYPES):
        return value
    raise InvalidValueError(
        f"{field} must be a condition, got {type(value).__name__} {value!r}",
        path=f"$.{field}",
        expected="a condition such as Declared(...) or Happened(...)",
        got=value,
    )


def duration_words(d: Duration) -> str:
    """`d` in words: `"12 months"`, `"1 year and 6 months"`, `"10 days"`."""
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((d.years, "year"), (d.months, "month"), (d.weeks, "week"), (d.days, "day"))
        if n
    ]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def notice_words(d: Duration) -> str:
    """`d` as a notice period: `"30 days' notice"`, `"1 month's notice"`."""
    words = duration_words(d)
    return words + ("' notice" if words.endswith("s") else "'s notice")
