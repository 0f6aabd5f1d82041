"""The cattrs converter between dealterms' value objects and plain data.

Plain data is what JSON, TOML and YAML hold: dicts with text keys, lists, text, whole
numbers, booleans and (TOML, YAML) dates. The mapping, type by type:

| value | plain data |
|---|---|
| `date` | ISO text `"2025-01-21"` (TOML and YAML dates are accepted too) |
| `Decimal` | decimal text `"12.5"` (whole numbers accepted; floats never) |
| `Money` | `"AMOUNT CODE"` (`"100000000000 USD"`), or `{amount = "…", currency = "USD"}` |
| `Rate` | decimal text in [0, 1] (`"0.2"`); `"20%"` is accepted |
| `Duration` | ISO 8601 text (`"P1Y"`) |
| what an obligation owes | `Money` as above, or a `Deliverable` table (`{description = "…"}`) |
| clause, condition, change, status | a table tagged by `kind` (`kind = "revenue_share"`) |
| facts of a state or scenario | a table of name to value, or to `{value, source, reported_on}` |
| events | a table of name to date (or list of dates), or a list of `{name, date, source}` |
| any other value object | a table of its fields; fields at their default are left out |

Converting is kept out of the model: the model classes know nothing of this module.
"""

from __future__ import annotations

import functools
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal, TypeAlias, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from dealterms._clauses.kinds import CLAUSE_TYPES
from dealterms._clauses.obligation import Deliverable
from dealterms._clauses.revenue_share import Parameter
from dealterms._conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    AtMost,
    Before,
    Declared,
    Happened,
    Latched,
    LessThan,
    MoreThan,
    Not,
    OnOrAfter,
)
from dealterms._deal import AddClause, Deal, RemoveClause, ReplaceClause
from dealterms._entitlement import Contingent, InForce, NotInForce, Relation
from dealterms._evaluate import Evaluation
from dealterms._events import (
    Match,
    Offer,
    Performed,
    Refusal,
    TerminationNotice,
    ThirdPartyDeal,
)
from dealterms._money import Money, Rate, to_decimal
from dealterms._scenario import Scenario
from dealterms._state import Event, Fact, State, parse_fact_value
from dealterms._time import Duration, parse_date
from dealterms.exceptions import InvalidDealError, InvalidValueError

from ._errors import did_you_mean, problem
from ._limits import MAX_PROBLEMS, child_path

__all__ = [
    "DOCUMENT_KINDS",
    "FORMAT",
    "Document",
    "converter",
    "describe",
    "flatten",
    "make_converter",
    "structure_document",
    "to_data",
]

_T = TypeVar("_T")

FORMAT: Final = "dealterms/1"
"""The format version every file written by this version carries in its `format` key."""

Document: TypeAlias = Deal | State | Scenario | Evaluation
"""A value that is a whole document: what `load` returns and `dump` writes."""

DOCUMENT_KINDS: Final[Mapping[str, type[Document]]] = types.MappingProxyType(
    {"deal": Deal, "state": State, "scenario": Scenario, "evaluation": Evaluation}
)
"""The document kinds by the name in their `kind` key."""

CONDITION_TAGS: Final[Mapping[type, str]] = types.MappingProxyType(
    {
        Declared: "declared",
        AtLeast: "at_least",
        MoreThan: "more_than",
        AtMost: "at_most",
        LessThan: "less_than",
        Happened: "happened",
        OnOrAfter: "on_or_after",
        Before: "before",
        AllOf: "all_of",
        AnyOf: "any_of",
        Not: "not",
        Latched: "latched",
    }
)
CHANGE_TAGS: Final[Mapping[type, str]] = types.MappingProxyType(
    {AddClause: "add_clause", ReplaceClause: "replace_clause", RemoveClause: "remove_clause"}
)
STATUS_TAGS: Final[Mapping[type, str]] = types.MappingProxyType(
    {InForce: "in_force", Contingent: "contingent", NotInForce: "not_in_force"}
)
EVENT_TAGS: Final[Mapping[type, str]] = types.MappingProxyType(
    {
        Event: "event",
        Offer: "offer",
        Match: "match",
        Refusal: "refusal",
        ThirdPartyDeal: "third_party_deal",
        Performed: "performed",
        TerminationNotice: "termination_notice",
    }
)


def clause_tags() -> Mapping[type, str]:
    """Each clause class and its `kind` tag (from the class's own `kind`)."""
    return {cls: cls.kind for cls in CLAUSE_TYPES}


def tag_families() -> tuple[tuple[str, Mapping[type, str]], ...]:
    """The tagged unions: (what a member is called, class to tag)."""
    return (
        ("clause", clause_tags()),
        ("condition", CONDITION_TAGS),
        ("change", CHANGE_TAGS),
        ("status", STATUS_TAGS),
        ("event", EVENT_TAGS),
    )


# -- descriptions and numbers ------------------------------------------------------------

MAX_DECIMAL_DIGITS: Final = 60
"""The most significant digits a decimal in a document may have."""
MAX_DECIMAL_EXPONENT: Final = 60
"""The largest power of ten (either way) a decimal in a document may reach."""


def describe(value: object) -> str:
    """A short description of a plain-data value for messages: `str '1.2'`, `a table`."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _bounded(d: Decimal, value: object) -> Decimal:
    if len(d.as_tuple().digits) > MAX_DECIMAL_DIGITS or abs(d.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise InvalidValueError(
            f"the number {describe(value)} is too large or too precise for a deal file "
            f"(at most {MAX_DECIMAL_DIGITS} digits, powers of ten up to "
            f"{MAX_DECIMAL_EXPONENT})",
            expected=f"at most {MAX_DECIMAL_DIGITS} digits",
            got=value,
        )
    return d


def _float_hint(value: object, what: str) -> None:
    if isinstance(value, float):
        raise InvalidValueError(
            f"expected {what}, got the float {value!r}; write it as text, e.g. "
            f'"{value!r}" (floats lose decimal digits)',
            expected=what,
            got=value,
        )


def _plain_decimal(d: Decimal) -> str:
    if abs(d.adjusted()) > 2 * MAX_DECIMAL_EXPONENT:
        return str(d)
    return format(d, "f")


# -- scalar hooks ------------------------------------------------------------------------


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(f"expected text, got {describe(value)}", expected="text", got=value)
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError(
            f"expected true or false, got {describe(value)}", expected="true or false", got=value
        )
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _float_hint(value, "a whole number")
        raise InvalidValueError(
            f"expected a whole number, got {describe(value)}",
            expected="a whole number",
            got=value,
        )
    return value


def _structure_date(value: object, _: object) -> date:
    if isinstance(value, str | date):
        return parse_date(value)
    raise InvalidValueError(
        f"expected a date YYYY-MM-DD, got {describe(value)}",
        expected="an ISO 8601 date YYYY-MM-DD",
        got=value,
    )


def _structure_decimal(value: object, _: object) -> Decimal:
    _float_hint(value, "a decimal number")
    return _bounded(to_decimal(value), value)


def _structure_money(value: object, _: object) -> Money:
    if isinstance(value, Money):
        return value
    if isinstance(value, str):
        money = _relative(Money.parse, value)
        _bounded(money.amount, value)
        return money
    if isinstance(value, dict):
        extra = sorted(set(value) - {"amount", "currency"}, key=str)
        problems = [
            problem(
                f"unknown key {k!r} (allowed: amount, currency)",
                child_path("$", str(k)),
                expected="amount, currency",
                got=k,
            )
            for k in extra
        ]
        problems += [
            problem(f"missing key {k!r} (required)", f"$.{k}", expected=f"a {k}")
            for k in ("amount", "currency")
            if k not in value
        ]
        if problems:
            raise InvalidDealError("malformed money", problems)
        amount = value["amount"]
        _float_hint(amount, "a decimal amount")
        money = Money(amount=amount, currency=value["currency"])
        _bounded(money.amount, amount)
        return money
    _float_hint(value, "money as 'AMOUNT CODE'")
    raise InvalidValueError(
        f"expected money as 'AMOUNT CODE' (e.g. '100000000000 USD') or a table with amount "
        f"and currency, got {describe(value)}",
        expected="'AMOUNT CODE'",
        got=value,
    )


def _structure_rate(value: object, _: object) -> Rate:
    if isinstance(value, Rate):
        return value
    _float_hint(value, "a decimal rate in [0, 1] as text, such as '0.2'")
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise InvalidValueError(
            f"expected a decimal rate in [0, 1] as text, such as '0.2', got {describe(value)}",
            expected="a decimal rate in [0, 1]",
            got=value,
        )
    rate = _relative(Rate.parse, value)
    _bounded(rate.value, value)
    return rate


def _structure_duration(value: object, _: object) -> Duration:
    if isinstance(value, Duration):
        return value
    if not isinstance(value, str):
        raise InvalidValueError(
            f"expected an ISO 8601 duration such as 'P1Y', got {describe(value)}",
            expected="PnYnMnWnD",
            got=value,
        )
    return _relative(Duration.parse, value)


def _relative(build: Callable[[Any], _T], value: object) -> _T:
    """Build from a scalar, reporting errors at the scalar itself (not at a sub-field)."""
    try:
        return build(value)
    except InvalidValueError as e:
        raise InvalidValueError(e.message, expected=e.expected, got=e.got) from None


def _structure_number_or_money(value: object, _: object) -> Decimal | Money:
    if isinstance(value, Money | Decimal):
        return value
    if isinstance(value, dict) or (isinstance(value, str) and " " in value.strip()):
        return _structure_money(value, Money)
    return _structure_decimal(value, Decimal)


def _structure_fact_value(value: object, _: object) -> bool | Decimal | Money:
    if isinstance(value, bool | Decimal | Money):
        return value
    if isinstance(value, dict):
        return _structure_money(value, Money)
    _float_hint(value, "true, false, a decimal number or 'AMOUNT CODE'")
    if not isinstance(value, str | int):
        raise InvalidValueError(
            f"expected true, false, a decimal number or 'AMOUNT CODE', got {describe(value)}",
            expected="true, false, a decimal number or 'AMOUNT CODE'",
            got=value,
        )
    result = _relative(parse_fact_value, value)
    if isinstance(result, Money):
        _bounded(result.amount, value)
    elif isinstance(result, Decimal):
        _bounded(result, value)
    return result


def _unstructure_fact_value(value: bool | Decimal | Money) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, Money):
        return value.format()
    return _plain_decimal(value)


def _unstructure_number_or_money(value: Decimal | Money) -> str:
    return value.format() if isinstance(value, Money) else _plain_decimal(value)


# -- facts and events --------------------------------------------------------------------


def _structure_facts(conv: cattrs.Converter) -> Callable[[object, object], tuple[Fact, ...]]:
    fact_fn = conv.get_structure_hook(Fact)

    def structure(value: object, _: object) -> tuple[Fact, ...]:
        if isinstance(value, list | tuple) and all(isinstance(f, Fact) for f in value):
            return tuple(value)
        if not isinstance(value, dict):
            raise InvalidValueError(
                "expected a table of fact name to value (e.g. "
                f'{{"openai.revenue" = "1000 USD"}}), got {describe(value)}',
                expected="a table of name to value",
                got=value,
            )
        facts: list[Fact] = []
        errors: list[Exception] = []
        for name, raw in value.items():
            try:
                if isinstance(raw, dict) and "value" in raw:
                    if "name" in raw:
                        raise InvalidValueError(
                            "unknown key 'name': a fact's name is its key in the table",
                            path="$.name",
                            expected="value, source, reported_on",
                            got=raw["name"],
                        )
                    facts.append(fact_fn({**raw, "name": name}, Fact))
                else:
                    facts.append(Fact(name=name, value=_structure_fact_value(raw, None)))
            except Exception as e:
                e.add_note(KeyNote(name))
                errors.append(e)
        if errors:
            raise IterableValidationError("invalid facts", errors, tuple[Fact, ...])
        return tuple(facts)

    return structure


def _unstructure_facts(facts: tuple[Fact, ...]) -> dict[str, object]:
    out: dict[str, object] = {}
    for f in facts:
        value = _unstructure_fact_value(f.value)
        if f.source is None and f.reported_on is None:
            out[f.name] = value
            continue
        record: dict[str, object] = {"value": value}
        if f.source is not None:
            record["source"] = f.source
        if f.reported_on is not None:
            record["reported_on"] = f.reported_on.isoformat()
        out[f.name] = record
    return out


def _is_event_tuple(tp: Any) -> bool:
    if not _is_homogeneous_tuple(tp):
        return False
    elem = get_args(tp)[0]
    members = set(_union_members(elem) or (elem,))
    return Event in members and members <= set(EVENT_TAGS)


def _structure_events(tp: Any, conv: cattrs.Converter) -> Callable[[object, object], Any]:
    elem = get_args(tp)[0]
    members = tuple(_union_members(elem) or (elem,))
    tagged = _tagged_structure(conv, "event", {m: EVENT_TAGS[m] for m in members})

    def item(raw: object) -> Any:
        if isinstance(raw, dict) and "kind" not in raw:
            raw = {"kind": "event", **raw}  # a plain named event needs no kind
        return tagged(raw, elem)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        events: list[Any] = []
        errors: list[Exception] = []
        if isinstance(value, list | tuple):
            for i, raw in enumerate(value):
                try:
                    events.append(item(raw))
                except Exception as e:  # collected, reported with their path
                    e.add_note(IterableValidationNote(f"@ index {i}", i, elem))
                    errors.append(e)
        elif isinstance(value, dict):
            for name, raw in value.items():
                days = raw if isinstance(raw, list) else [raw]
                for i, day in enumerate(days):
                    try:
                        events.append(Event(name=name, date=_structure_date(day, date)))
                    except Exception as e:  # collected, reported with their path
                        e.add_note(KeyNote(name, i if isinstance(raw, list) else None))
                        errors.append(e)
        else:
            raise InvalidValueError(
                "expected a table of event name to date, or a list of events, got "
                f"{describe(value)}",
                expected="a table of name to date, or a list of events",
                got=value,
            )
        if errors:
            raise IterableValidationError("invalid events", errors, tp)
        return tuple(events)

    return structure


def _unstructure_events(tp: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    def unstructure(events: tuple[Any, ...]) -> object:
        if all(type(e) is Event and e.source is None for e in events):
            days: dict[str, list[str]] = {}
            for e in events:
                days.setdefault(e.name, []).append(e.date.isoformat())
            return {name: d[0] if len(d) == 1 else d for name, d in days.items()}
        return [{"kind": EVENT_TAGS[type(e)], **conv.unstructure(e, type(e))} for e in events]

    return unstructure


class KeyNote(str):
    """A note on an error: it concerns the entry `key` of a table (and `index` inside it)."""

    key: str
    position: int | None

    def __new__(cls, key: str, position: int | None = None) -> KeyNote:
        note = super().__new__(cls, f"@ key {key!r}")
        note.key = key
        note.position = position
        return note


# -- literals, enums, sequences ----------------------------------------------------------


def _is_literal(tp: object) -> bool:
    return get_origin(tp) is Literal


def _structure_literal(value: object, tp: object) -> object:
    allowed = get_args(tp)
    if isinstance(value, str) and value in allowed:
        return value
    hint = ""
    if isinstance(value, bool) and {"yes", "no"} & set(allowed):
        hint = " (YAML reads an unquoted yes or no as true or false: quote it)"
    raise InvalidValueError(
        f"must be one of {', '.join(map(repr, allowed))}, got {describe(value)}{hint}",
        expected=" | ".join(map(repr, allowed)),
        got=value,
    )


def _structure_relation(value: object, _: object) -> Relation:
    if isinstance(value, str) and value in {r.value for r in Relation}:
        return Relation(value)
    raise InvalidValueError(
        f"must be one of {', '.join(repr(r.value) for r in Relation)}, got {describe(value)}",
        expected="a Hohfeldian relation",
        got=value,
    )


def _is_homogeneous_tuple(tp: object) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_factory(tp: Any, conv: cattrs.Converter) -> Callable[[object, object], tuple[Any, ...]]:
    elem = get_args(tp)[0]
    hook = conv.get_structure_hook(elem)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise InvalidValueError(
                f"expected a list, got {describe(value)}", expected="a list", got=value
            )
        out: list[Any] = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                out.append(hook(item, elem))
            except Exception as e:
                e.add_note(IterableValidationNote(f"@ index {i}", i, elem))
                errors.append(e)
                if len(errors) > MAX_PROBLEMS:
                    break
        if errors:
            raise IterableValidationError(f"While structuring {tp}", errors, tp)
        return tuple(out)

    return structure


def _is_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple


def _unstructure_tuple_factory(tp: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    args = get_args(tp)
    elem = args[0] if args else Any
    hook = conv.get_unstructure_hook(elem)
    return lambda value: [hook(v) for v in value]


# -- unions ------------------------------------------------------------------------------


def _union_members(tp: object) -> tuple[type, ...] | None:
    if get_origin(tp) in (typing.Union, types.UnionType):
        return get_args(tp)
    return None


def _is_union(tp: object) -> bool:
    return _union_members(tp) is not None


_SCALAR_UNIONS: Final[Mapping[frozenset[type], tuple[Callable[..., Any], Callable[..., Any]]]] = {
    frozenset({Money, Decimal}): (_structure_number_or_money, _unstructure_number_or_money),
    frozenset({bool, Decimal, Money}): (_structure_fact_value, _unstructure_fact_value),
}


def _tagged_family(members: frozenset[type]) -> tuple[str, Mapping[type, str]] | None:
    for name, tags in tag_families():
        if members <= set(tags):
            return name, {cls: tags[cls] for cls in tags if cls in members}
    return None


def _union_structure_factory(tp: Any, conv: cattrs.Converter) -> Callable[[object, object], Any]:
    members = _union_members(tp) or ()
    optional = type(None) in members
    rest = frozenset(m for m in members if m is not type(None))
    inner: Callable[[object, object], Any]
    family = _tagged_family(rest)
    if family is not None:
        inner = _tagged_structure(conv, *family)
    elif rest in _SCALAR_UNIONS:
        inner = _SCALAR_UNIONS[rest][0]
    elif rest == {Rate, Parameter}:
        param_hook = conv.get_structure_hook(Parameter)

        def inner(value: object, _: object) -> Any:
            if isinstance(value, dict):
                return param_hook(value, Parameter)
            return _structure_rate(value, Rate)

    elif len(rest) == 2 and Money in rest and Deliverable in rest:
        deliverable_hook = conv.get_structure_hook(Deliverable)

        def inner(value: object, _: object) -> Any:
            if isinstance(value, dict) and "description" in value:
                return deliverable_hook(value, Deliverable)
            return _structure_money(value, Money)

    elif len(rest) == 1:
        (only,) = rest
        only_hook = conv.get_structure_hook(only)

        def inner(value: object, _: object) -> Any:
            return only_hook(value, only)

    else:  # pragma: no cover - a new union type in the model needs a rule here
        raise cattrs.errors.StructureHandlerNotFoundError(f"no rule for the union {tp}", tp)

    if not optional:
        return inner

    def structure(value: object, t: object) -> Any:
        return None if value is None else inner(value, t)

    return structure


def _tagged_structure(
    conv: cattrs.Converter, family: str, tags: Mapping[type, str]
) -> Callable[[object, object], Any]:
    by_tag = {tag: cls for cls, tag in tags.items()}
    classes = tuple(tags)
    known = ", ".join(by_tag)

    def structure(value: object, _: object) -> Any:
        if isinstance(value, classes):
            return value
        if not isinstance(value, dict):
            raise InvalidValueError(
                f"expected a {family} (a table with a 'kind' key: {known}), got {describe(value)}",
                expected=f"a {family} table",
                got=value,
            )
        kind = value.get("kind")
        if kind is None:
            raise InvalidValueError(
                f"missing key 'kind': say which {family} this is ({known})",
                path="$.kind",
                expected=known,
            )
        cls = by_tag.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise InvalidValueError(
                f"unknown {family} kind {kind!r}{did_you_mean(kind, by_tag)} "
                f"(expected one of {known})",
                path="$.kind",
                expected=known,
                got=kind,
            )
        return conv.get_structure_hook(cls)({k: v for k, v in value.items() if k != "kind"}, cls)

    return structure


def _union_unstructure_factory(tp: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    members = _union_members(tp) or ()
    rest = frozenset(m for m in members if m is not type(None))
    family = _tagged_family(rest)
    tags: Mapping[type, str] = family[1] if family else {}
    scalar = _SCALAR_UNIONS.get(rest)

    def unstructure(value: Any) -> Any:
        if value is None:
            return None
        if scalar is not None:
            return scalar[1](value)
        data = conv.unstructure(value, type(value))
        tag = tags.get(type(value))
        if tag is None:
            return data
        return {"kind": tag, **data}

    return unstructure


# -- attrs classes -----------------------------------------------------------------------


def _resolve(cls: type) -> None:
    """Resolve `cls`'s string annotations (some name types imported only for type checking)."""
    try:
        attrs.resolve_types(cls)
    except NameError:
        namespace: dict[str, Any] = {}
        for name, module in list(sys.modules.items()):
            if name == "dealterms" or name.startswith("dealterms."):
                namespace.update(vars(module))
        attrs.resolve_types(cls, localns=namespace)


def _attrs_structure_factory(cls: Any, conv: cattrs.Converter) -> Callable[[object, object], Any]:
    _resolve(cls)
    fn = make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )
    fields = [a for a in attrs.fields(cls) if a.init]
    allowed = ", ".join(a.name for a in fields)
    # A field that may be None but has no default is written by leaving it out.
    none_if_missing = [
        a.name for a in fields if a.default is attrs.NOTHING and type(None) in get_args(a.type)
    ]
    scalar_fields = [a for a in fields if callable(a.converter) and _is_scalar_type(a.type)]

    def structure(value: object, _: object) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, dict):
            raise InvalidValueError(
                f"expected a table with keys {allowed}, got {describe(value)}",
                expected=f"a table ({allowed})",
                got=value,
            )
        for name in none_if_missing:
            if name not in value:
                value = {**value, name: None}
        try:
            return fn(value, cls)
        except ClassValidationError as e:
            more = _more_problems(e, value, scalar_fields)
            if not more:
                raise
            raise ClassValidationError(e.message, [*e.exceptions, *more], cls) from None

    return structure


_SCALAR_TYPES: Final = (str, int, bool, date)


def _is_scalar_type(tp: Any) -> bool:
    members = [m for m in (_union_members(tp) or (tp,)) if m is not type(None)]
    return all(m in _SCALAR_TYPES or get_origin(m) is Literal for m in members)


def _more_problems(
    e: ClassValidationError, value: dict[str, Any], fields: list[attrs.Attribute[Any]]
) -> list[Exception]:
    """Problems of the scalar fields that cattrs let through, found by the model's converters.

    cattrs stops before the class's constructor when any field fails, so the constructor's
    own checks of the other fields (an id's form, a non-empty name) would go unreported.
    Each such field is checked alone with its converter (scalars only: a converter of a
    nested value expects the built value, not plain data).
    """
    failed = {
        note.name
        for sub in e.exceptions
        for note in getattr(sub, "__notes__", ())
        if isinstance(note, AttributeValidationNote)
    }
    more: list[Exception] = []
    for a in fields:
        raw = value.get(a.name)
        if a.name in failed or a.name not in value or not isinstance(raw, str | int | bool):
            continue
        try:
            a.converter(raw)  # type: ignore[misc,operator]
        except InvalidValueError as err:
            err = err if err.path.startswith(f"$.{a.name}") else err.at("$")
            rel = err.path.removeprefix(f"$.{a.name}")
            found = InvalidValueError(err.message, path="$" + rel, expected=err.expected, got=raw)
            found.add_note(AttributeValidationNote(f"@ attribute {a.name}", a.name, a.type))
            more.append(found)
        except Exception:  # a best-effort extra check; the errors found above stand
            continue
    return more


def _attrs_unstructure_factory(cls: Any, conv: cattrs.Converter) -> Callable[[Any], Any]:
    _resolve(cls)
    fn = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
    # Fields in the class's order, except that a `source` note goes last.
    order = sorted((a.name for a in attrs.fields(cls)), key=lambda n: n == "source")

    def unstructure(value: Any) -> dict[str, Any]:
        data: dict[str, Any] = fn(value)
        return {k: data[k] for k in order if data.get(k) is not None}

    return unstructure


# -- the converter -----------------------------------------------------------------------


@functools.cache
def _evaluation_record() -> type:
    """A record with an evaluation's fields, whose deal is read field by field, not whole.

    An evaluation's deal may be a partial view ([`Deal.as_known_on`][dealterms.Deal.as_known_on]
    leaves out amendments not yet agreed, and does not validate the rest again), so in an
    evaluation document each part of the deal is validated by its own type, but the deal
    as a whole is not.
    """
    _resolve(Deal)
    _resolve(Evaluation)
    deal_view = attrs.make_class(
        "Deal",
        {
            a.name: attrs.field(type=a.type, default=a.default, kw_only=True)
            for a in attrs.fields(Deal)
        },
        frozen=True,
    )
    types_ = {a.name: a.type for a in attrs.fields(Evaluation)}
    return attrs.make_class(
        "Evaluation",
        {
            "deal": attrs.field(type=deal_view, kw_only=True),
            "state": attrs.field(type=types_["state"], kw_only=True),
            "entitlements": attrs.field(type=types_["entitlements"], kw_only=True),
        },
        frozen=True,
    )


def _structure_evaluation(conv: cattrs.Converter) -> Callable[[object, object], Evaluation]:
    record = _evaluation_record()

    def structure(value: object, _: object) -> Evaluation:
        if isinstance(value, Evaluation):
            return value
        data: Any = conv.structure(value, record)
        deal = object.__new__(Deal)
        for a in attrs.fields(Deal):
            part = getattr(data.deal, a.name)
            if a.name == "amendments":  # kept in order, as Deal keeps them
                part = tuple(sorted(part, key=lambda x: (x.effective_date, x.id)))
            object.__setattr__(deal, a.name, part)
        return Evaluation(deal=deal, state=data.state, entitlements=data.entitlements)

    return structure


def make_converter() -> cattrs.Converter:
    """Build a new cattrs converter for dealterms' value objects (see the module docstring).

    The converter is strict: unknown keys, missing keys, floats, text where a number is
    expected and numbers where text is expected are all errors, collected per document
    (cattrs' detailed validation). Each call builds a fresh converter, which the caller
    may extend without affecting anyone else.

    Returns:
        A `cattrs.Converter`; `structure(data, Deal)` and `unstructure(deal)` convert.

    Example:
        >>> conv = make_converter()
        >>> conv.unstructure(Money.parse("100 USD"))
        '100 USD'
    """
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True, detailed_validation=True)

    # Generic rules first: hooks registered later take precedence.
    conv.register_structure_hook_factory(attrs.has, _attrs_structure_factory)
    conv.register_unstructure_hook_factory(attrs.has, _attrs_unstructure_factory)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_factory)
    conv.register_unstructure_hook_factory(_is_tuple, _unstructure_tuple_factory)
    conv.register_structure_hook_factory(_is_union, _union_structure_factory)
    conv.register_unstructure_hook_factory(_is_union, _union_unstructure_factory)
    conv.register_structure_hook_func(_is_literal, _structure_literal)

    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, _plain_decimal)
    conv.register_structure_hook(Relation, _structure_relation)
    conv.register_unstructure_hook(Relation, lambda r: r.value)
    conv.register_structure_hook(Money, _structure_money)
    conv.register_unstructure_hook(Money, Money.format)
    conv.register_structure_hook(Rate, _structure_rate)
    conv.register_unstructure_hook(Rate, lambda r: _plain_decimal(r.value))
    conv.register_structure_hook(Duration, _structure_duration)
    conv.register_unstructure_hook(Duration, Duration.format)

    conv.register_structure_hook_func(lambda t: t == tuple[Fact, ...], _structure_facts(conv))
    conv.register_unstructure_hook_func(lambda t: t == tuple[Fact, ...], _unstructure_facts)
    conv.register_structure_hook(Evaluation, _structure_evaluation(conv))
    conv.register_structure_hook_factory(_is_event_tuple, _structure_events)
    conv.register_unstructure_hook_factory(_is_event_tuple, _unstructure_events)
    return conv


@functools.cache
def converter() -> cattrs.Converter:
    """The converter this package uses (built once; never handed out to callers)."""
    return make_converter()


# -- documents ---------------------------------------------------------------------------


def to_data(obj: Document) -> dict[str, Any]:
    """`obj` as a plain-data document, with its `format` and `kind` keys first."""
    for kind, cls in DOCUMENT_KINDS.items():
        if type(obj) is cls:
            data: dict[str, Any] = converter().unstructure(obj, cls)
            return {"format": FORMAT, "kind": kind, **data}
    raise TypeError(
        f"cannot write a {type(obj).__name__}; expected one of "
        + ", ".join(c.__name__ for c in DOCUMENT_KINDS.values())
    )


def structure_document(data: dict[str, Any], cls: type[Document]) -> Document:
    """Build a `cls` from `data` (without its `format` and `kind` keys).

    Raises:
        InvalidDealError: listing every problem, each with its path in the document.
    """
    try:
        result: Document = converter().structure(data, cls)
    except RecursionError:  # the caller's stack was already deep: refuse, never crash
        raise InvalidDealError(
            f"not a valid {cls.__name__.lower()}",
            [problem("the document is nested too deeply to be built here", "$")],
        ) from None
    except Exception as e:
        problems = flatten(e)
        if cls is Scenario and isinstance(data.get("id"), str):
            scoped = f"$.scenarios[{data['id']!r}]"
            problems = [p.at("$") if p.path == scoped else _rebase(p, scoped) for p in problems]
        raise InvalidDealError(f"not a valid {cls.__name__.lower()}", problems) from None
    return result


def _rebase(p: InvalidValueError, prefix: str) -> InvalidValueError:
    if not p.path.startswith(prefix):
        return p
    rest = p.path[len(prefix) :]
    new = type(p).__new__(type(p))
    InvalidValueError.__init__(new, p.message, path="$" + rest, expected=p.expected, got=p.got)
    return new


def _segment(exc: BaseException) -> str:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return child_path("", note.name)
        if isinstance(note, IterableValidationNote):
            return f"[{note.index}]"
        if isinstance(note, KeyNote):
            key = child_path("", note.key)
            return key if note.position is None else f"{key}[{note.position}]"
    return ""


_MISSING_KEY: Final = re.compile(r"^'?([^']*)'?$")


def flatten(exc: BaseException, path: str = "$") -> list[InvalidValueError]:
    """Every problem in a structuring error, each as an `InvalidValueError` with a full path.

    Walks cattrs' error groups (and the model's own grouped errors) without recursion,
    keeping document order. A problem reported twice with the same path and message (the
    constructor's check and the extra scalar check of `_more_problems` can both find it)
    is listed once.

    Raises:
        Exception: `exc` itself (or the unexpected error inside it) if it holds anything
            other than the documented validation errors; that is a bug, not bad input.
    """
    out: list[InvalidValueError] = []
    stack: list[tuple[BaseException, str]] = [(exc, path)]
    while stack:
        e, p = stack.pop()
        p += _segment(e)
        if isinstance(e, InvalidValueError):
            out.append(e.at(p))
        elif isinstance(e, ForbiddenExtraKeysError):
            names = [a.name for a in attrs.fields(e.cl) if a.init]
            allowed = ", ".join(names)
            out.extend(
                problem(
                    f"unknown key {k!r}{did_you_mean(k, names)} (allowed: {allowed})",
                    child_path(p, k),
                    expected=allowed,
                    got=k,
                )
                for k in sorted(e.extra_fields)
            )
        elif isinstance(e, KeyError) and _segment(e):
            m = _MISSING_KEY.match(str(e))
            name = m[1] if m else str(e)
            out.append(problem(f"missing key {name!r} (required)", p, expected=f"a {name}"))
        elif isinstance(e, BaseExceptionGroup):
            stack.extend((sub, p) for sub in reversed(e.exceptions))
        else:
            raise e
        if len(out) > MAX_PROBLEMS:
            break
    seen: set[tuple[str, str, str]] = set()
    unique: list[InvalidValueError] = []
    for x in out:
        key = (type(x).__name__, x.path, x.message)
        if key not in seen:
            seen.add(key)
            unique.append(x)
    return unique
