"""Small field checks shared by the value objects (raise `InvalidValueError` with a path)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from dealterms._money import Money, Rate, to_decimal
from dealterms.exceptions import InvalidValueError

T = TypeVar("T")


def text(value: object, field: str) -> str:
    """`value` if it is a non-empty string, else an error naming `field`."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            f"{field} must be non-empty text, got {type(value).__name__} {value!r}",
            path=f"$.{field}",
            expected="a non-empty string",
            got=value,
        )
    return value


def optional_text(value: object, field: str) -> str | None:
    """`value` if it is `None` or a string, else an error naming `field`."""
    if value is None or isinstance(value, str):
        return value
    raise InvalidValueError(
        f"{field} must be text or None, got {type(value).__name__} {value!r}",
        path=f"$.{field}",
        expected="a string or None",
        got=value,
    )


def instance(value: object, kind: type[T], field: str) -> T:
    """`value` if it is a `kind`, else an error naming `field`."""
    if isinstance(value, kind):
        return value
    raise InvalidValueError(
        f"{field} must be a {kind.__name__}, got {type(value).__name__} {value!r}",
        path=f"$.{field}",
        expected=f"a {kind.__name__}",
        got=value,
    )


def optional_instance(value: object, kind: type[T], field: str) -> T | None:
    """`value` if it is `None` or a `kind`, else an error naming `field`."""
    return None if value is None else instance(value, kind, field)


def text_tuple(value: object, field: str) -> tuple[str, ...]:
    """`value` as a tuple of non-empty strings (a lone string is refused)."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValueError(
            f"{field} must be a list of strings, got {type(value).__name__} {value!r}",
            path=f"$.{field}",
            expected="a list of strings",
            got=value,
        )
    return tuple(text(v, f"{field}[{i}]") for i, v in enumerate(value))


# Named converters (attrs' mypy plugin needs named functions to type a field).


def source_field(value: object) -> str | None:
    """Converter for an optional `source` note."""
    return optional_text(value, "source")


def description_field(value: object) -> str | None:
    """Converter for an optional `description`."""
    return optional_text(value, "description")


def required_description_field(value: object) -> str:
    """Converter for a required `description`."""
    return text(value, "description")


def note_field(value: object) -> str | None:
    """Converter for an optional `note`."""
    return optional_text(value, "note")


def name_field(value: object) -> str:
    """Converter for a required display `name`."""
    return text(value, "name")


def roles_field(value: object) -> tuple[str, ...]:
    """Converter for `roles`."""
    return text_tuple(value, "roles")


def flag(value: object, field: str) -> bool:
    """`value` if it is a bool (not merely truthy), else an error naming `field`."""
    if isinstance(value, bool):
        return value
    raise InvalidValueError(
        f"{field} must be true or false, got {value!r}",
        path=f"$.{field}",
        expected="a bool",
        got=value,
    )


def choice(value: object, options: tuple[str, ...], field: str) -> str:
    """`value` if it is one of `options` (a named policy), else an error listing them."""
    if isinstance(value, str) and value in options:
        return value
    raise InvalidValueError(
        f"{field} must be one of {', '.join(options)}, got {value!r}",
        path=f"$.{field}",
        expected=" | ".join(options),
        got=value,
    )


def items(value: object, kind: type | tuple[type, ...], field: str) -> tuple[Any, ...]:
    """`value` as a tuple whose every item is a `kind`, else an error naming the item."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidValueError(
            f"expected a sequence, got {type(value).__name__}",
            path=f"$.{field}",
            expected="a list or tuple",
            got=value,
        )
    out = tuple(value)
    names = kind.__name__ if isinstance(kind, type) else " | ".join(k.__name__ for k in kind)
    for i, item in enumerate(out):
        if not isinstance(item, kind):
            raise InvalidValueError(
                f"expected {names}, got {type(item).__name__} {item!r}",
                path=f"$.{field}[{i}]",
                expected=names,
                got=item,
            )
    return out


def whole_number(value: object, field: str, *, minimum: int = 0) -> int:
    """`value` if it is an int (not a bool) >= `minimum`, else an error naming `field`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidValueError(
            f"{field} must be a whole number >= {minimum}, got {value!r}",
            path=f"$.{field}",
            expected=f"an int >= {minimum}",
            got=value,
        )
    return value


def money(value: object, field: str, *, positive: bool = False) -> Money:
    """`value` as [`Money`][dealterms.Money] >= 0 (or > 0), from `Money` or `"AMOUNT CODE"`."""
    try:
        result = Money.parse(value) if isinstance(value, str) else value
    except InvalidValueError as e:
        raise InvalidValueError(e.message, path=f"$.{field}", expected="Money", got=value) from None
    if not isinstance(result, Money):
        raise InvalidValueError(
            f"{field} must be money such as '100.00 USD', got {type(value).__name__} {value!r}",
            path=f"$.{field}",
            expected="Money",
            got=value,
        )
    if result.amount < 0 or (positive and result.amount == 0):
        bound = "> 0" if positive else ">= 0"
        raise InvalidValueError(
            f"{field} must be {bound}, got {result.format()}",
            path=f"$.{field}",
            expected=f"Money {bound}",
            got=value,
        )
    return result


def rate(value: object, field: str, *, expected: str = "a rate in [0, 1]") -> Rate:
    """`value` as a `Rate` (or a decimal in [0, 1]; floats refused), else an error."""
    if isinstance(value, Rate):
        return value
    try:
        return Rate(value=value)
    except InvalidValueError as e:
        raise InvalidValueError(
            e.message, path=f"$.{field}", expected=expected, got=value
        ) from None


def optional_rate(value: object, field: str, *, expected: str = "a rate in [0, 1]") -> Rate | None:
    """`None`, or `value` as by `rate`."""
    return None if value is None else rate(value, field, expected=expected)


def decimal(value: object, field: str) -> Decimal:
    """`value` as a finite `Decimal` (ints and decimal strings accepted, floats refused)."""
    return to_decimal(value, path=f"$.{field}", what="a decimal number")


def as_argument(error: InvalidValueError) -> InvalidValueError:
    """`error` with its path as a method argument's name (`units`, not `$.units`)."""
    return type(error)(
        error.message, path=error.path.removeprefix("$."), expected=error.expected, got=error.got
    )
