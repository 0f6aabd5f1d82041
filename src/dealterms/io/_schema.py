"""A JSON Schema (draft 2020-12) for deal, state, scenario, evaluation and test files.

The schema is derived from the same value classes the converter reads, so it cannot drift
from what `load` accepts: every field of every class, with its type, whether it is
required, and the `kind` tags of clauses, conditions and changes. It describes the JSON
form; TOML and YAML files validate once their native dates are written as ISO text.
Checks that span several values (a party id that names no party, an expiry before the
effective date) are beyond JSON Schema and are made by `load`.
"""

from __future__ import annotations

import copy
import functools
import types
import typing
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal, get_args, get_origin

import attrs

from dealterms._deal import Deal
from dealterms._entitlement import Relation
from dealterms._money import Money, Rate
from dealterms._party import _ID
from dealterms._scenario import Scenario
from dealterms._state import Event, Fact
from dealterms._time import Duration

from ._converter import DOCUMENT_KINDS, FORMAT, _is_event_tuple, _resolve, tag_families

__all__ = ["SCHEMA_ID", "json_schema"]

SCHEMA_ID: Final = "https://dealterms.readthedocs.io/schema/dealterms-1.json"
"""The schema's `$id`."""

_ID_FIELDS: Final = frozenset(
    {
        "id",
        "grantor",
        "holder",
        "payer",
        "payee",
        "licensor",
        "licensee",
        "counterparty",
        "scope",
        "action",
        "power",
        "clause_id",
        "exercise_event",
        "party",
        "interpretation",
        "clause",
    }
)
_DECIMAL_TEXT: Final = (
    r"^\s*[+-]?([0-9][0-9_]*(\.[0-9_]*)?|\.[0-9][0-9_]*)([eE][+-]?[0-9]+)?\s*%?\s*$"
)
_MONEY_TEXT: Final = r"^\s*[+-]?[0-9][0-9_]*(\.[0-9]+)?\s+[A-Z]{3}\s*$"
_DATE_TEXT: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DURATION_TEXT: Final = r"^\s*P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?\s*$"

_DECIMAL: Final = {
    "anyOf": [
        {"type": "string", "pattern": _DECIMAL_TEXT},
        {"type": "integer"},
    ],
    "description": 'A decimal number as text ("12.5"), or a whole number; never a float.',
}
_MONEY: Final = {
    "anyOf": [
        {"type": "string", "pattern": _MONEY_TEXT},
        {
            "type": "object",
            "properties": {
                "amount": {
                    "anyOf": [
                        {"type": "string", "pattern": _DECIMAL_TEXT},
                        {"type": "integer"},
                    ]
                },
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            },
            "required": ["amount", "currency"],
            "additionalProperties": False,
        },
    ],
    "description": "Money as 'AMOUNT CODE' ('100000000000 USD') or {amount, currency}.",
}
_SCALARS: Final[Mapping[Any, dict[str, Any]]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    date: {
        "type": "string",
        "format": "date",
        "pattern": _DATE_TEXT,
        "description": "An ISO 8601 calendar date, YYYY-MM-DD.",
    },
    Decimal: _DECIMAL,
    Money: _MONEY,
    Rate: {
        "anyOf": [
            {"type": "string", "pattern": _DECIMAL_TEXT},
            {"type": "integer", "minimum": 0, "maximum": 1},
        ],
        "description": "A rate in [0, 1] as decimal text ('0.2') or a percentage ('20%').",
    },
    Duration: {
        "type": "string",
        "pattern": _DURATION_TEXT,
        "description": "An ISO 8601 calendar duration such as 'P1Y' or 'P6M'.",
    },
    Relation: {"enum": [r.value for r in Relation]},
}


class _Builder:
    """Builds `$defs` entries for attrs classes, one per class, on demand."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}
        self.names: dict[type, str] = {}
        self.tags: dict[type, str] = {}
        for _family, tags in tag_families():
            self.tags.update(tags)

    def ref(self, cls: type) -> dict[str, Any]:
        name = self.names.get(cls)
        if name is None:
            name = cls.__name__.lstrip("_")
            if name in self.defs:
                name = f"{cls.__module__.replace('.', '_')}_{name}"
            self.names[cls] = name
            self.defs[name] = {}  # reserve the name (classes may refer to each other)
            self.defs[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(
        self, cls: type, extra: Mapping[str, Any] | None = None, first: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        _resolve(cls)
        props: dict[str, Any] = {}
        required: list[str] = list(first)
        tag = self.tags.get(cls)
        if tag is not None:
            props["kind"] = {"const": tag}
            required.append("kind")
        props.update(extra or {})
        for a in attrs.fields(cls):
            if not a.init:
                continue
            optional_type = type(None) in get_args(a.type)
            if a.name not in props:  # `extra` overrides a field's schema
                props[a.name] = self.schema(a.type, a.name)
            if a.default is attrs.NOTHING and not optional_type:
                required.append(a.name)
        schema: dict[str, Any] = {"type": "object", "properties": props}
        if cls.__doc__:
            schema["description"] = cls.__doc__.strip().split("\n", 1)[0]
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def schema(self, tp: Any, field: str = "") -> dict[str, Any]:
        if tp == tuple[Fact, ...]:
            return self.facts()
        if _is_event_tuple(tp):
            return self.events(get_args(tp)[0])
        origin = get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            members = [m for m in get_args(tp) if m is not type(None)]
            options = [self.schema(m, field) for m in members]
            if type(None) in get_args(tp):
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin is tuple:
            return {"type": "array", "items": self.schema(get_args(tp)[0], field)}
        if origin is Literal:
            return {"enum": list(get_args(tp))}
        if tp is str and field in _ID_FIELDS:
            return {"type": "string", "pattern": f"^{_ID.pattern}$"}
        if tp in _SCALARS:
            return dict(_SCALARS[tp])
        if attrs.has(tp):
            return self.ref(tp)
        return {}  # pragma: no cover - an unknown type accepts anything rather than fail

    def facts(self) -> dict[str, Any]:
        value = {"anyOf": [{"type": "boolean"}, _DECIMAL, _MONEY]}
        record = self.object_schema(Fact)
        record["properties"] = {k: v for k, v in record["properties"].items() if k != "name"}
        record["required"] = ["value"]
        record["properties"]["value"] = value
        return {
            "type": "object",
            "description": "Facts by name: a value (true/false, a decimal, money) or a record.",
            "additionalProperties": {"anyOf": [{"type": "boolean"}, _DECIMAL, _MONEY, record]},
        }

    def events(self, elem: Any) -> dict[str, Any]:
        day = _SCALARS[date]
        members = [m for m in get_args(elem) or (elem,) if m is not type(None)]
        items = [self.ref(m) for m in members]
        event = self.defs[self.names[Event]]
        if "kind" in event.get("required", []):
            event["required"].remove("kind")  # a plain named event needs no kind
        return {
            "anyOf": [
                {
                    "type": "object",
                    "additionalProperties": {
                        "anyOf": [day, {"type": "array", "items": day, "minItems": 1}]
                    },
                },
                {"type": "array", "items": {"anyOf": items}},
            ],
            "description": "Events: a table of name to date (or dates), or a list of events "
            "tagged by kind (event, offer, match, refusal, third_party_deal, performed).",
        }

    def document(self, kind: str, cls: type, extra: Mapping[str, Any] | None = None) -> Any:
        header = {"format": {"const": FORMAT}, "kind": {"const": kind}}
        schema = self.object_schema(cls, {**header, **(extra or {})}, first=("kind",))
        schema["title"] = f"dealterms {kind} file"
        return schema


@functools.cache
def _schema() -> dict[str, Any]:
    from ._testfile import _Suite  # noqa: PLC0415 - _testfile imports this package's files

    b = _Builder()
    documents: dict[str, Any] = {}
    for kind, cls in DOCUMENT_KINDS.items():
        extra = None
        if cls is Scenario:
            extra = {
                "deal": {
                    "anyOf": [
                        {"type": "string", "description": "A deal file, relative to this one."},
                        b.ref(Deal),
                    ]
                }
            }
        documents[kind] = b.document(kind, cls, extra)
    if "deal" in documents["scenario"].get("required", []):
        documents["scenario"]["required"].remove("deal")  # may be given by the caller
    if "id" in documents["scenario"].get("required", []):
        documents["scenario"]["required"].remove("id")  # defaults to the file's stem
    documents["test"] = b.document(
        "test",
        _Suite,
        {"deal": {"anyOf": [{"type": "string"}, b.ref(Deal)]}},
    )
    documents["test"]["required"].append("deal")
    defs = dict(b.defs)
    for kind, schema in documents.items():
        defs[f"{kind}_file"] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"dealterms files (format {FORMAT})",
        "description": (
            "A deal, state, scenario, evaluation or scenario-test file, told apart by its "
            "'kind' key. Dates are ISO text, money 'AMOUNT CODE' or {amount, currency}, "
            "rates and numbers decimal text; floats are never accepted."
        ),
        "oneOf": [{"$ref": f"#/$defs/{kind}_file"} for kind in documents],
        "$defs": defs,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of dealterms files, as plain data.

    The top level accepts any of the five file kinds (`deal`, `state`, `scenario`,
    `evaluation`, `test`), told apart by the `kind` key; each is also under `$defs`
    (`deal_file`, `state_file`, …). `dealterms schema` prints it.

    Returns:
        A fresh dict (safe to modify), ready for `json.dumps`.

    Example:
        >>> schema = json_schema()
        >>> schema["$schema"]
        'https://json-schema.org/draft/2020-12/schema'
        >>> deal_file = schema["$defs"].get("deal_file")
        >>> sorted(deal_file["required"])
        ['clauses', 'id', 'kind', 'name', 'parties', 'term']
    """
    return copy.deepcopy(_schema())
