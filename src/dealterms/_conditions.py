"""The condition algebra and its exact three-valued evaluation.

A condition is a small frozen value: an atom over the state ([`Declared`][dealterms.Declared],
the metric thresholds [`AtLeast`][dealterms.AtLeast], [`MoreThan`][dealterms.MoreThan],
[`AtMost`][dealterms.AtMost], [`LessThan`][dealterms.LessThan], [`Happened`][dealterms.Happened],
the date tests [`OnOrAfter`][dealterms.OnOrAfter] and [`Before`][dealterms.Before]) or a
combination ([`AllOf`][dealterms.AllOf], [`AnyOf`][dealterms.AnyOf], [`Not`][dealterms.Not]),
also written `a & b`, `a | b`, `~a`.

Evaluation is three-valued and *exact*: a condition over a fact the state does not know is
unknown, not false, but only if some completion of the unknown facts makes it true and another
makes it false. So `x | ~x` is true even when `x` is unknown, and
`AtLeast(m, 100) & LessThan(m, 50)` is false whatever `m` is. The facts reported as missing
are exactly those whose value can change the answer. (Kleene's logic alone gets neither right.)

Events and dates are always known: an event that the state does not list has not happened
by `as_of` (the state's event log is taken as complete). Declarations and metrics may be
unknown.

How: branches that the known facts, events and the day already decide are set aside (their
value holds in every completion); the unknown facts of the branches left open are completed
with one representative value per region their thresholds tell apart. Beyond
`MAX_COMBINATIONS` completions the answer falls back to Kleene's logic: still sound when it
says true or false, but it may then call a decided condition unknown and name every open
fact as missing.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs

from dealterms._money import _CONTEXT, Money, to_decimal, unchecked_money
from dealterms._time import _date_field, _optional_date_field
from dealterms.exceptions import CurrencyMismatchError, InvalidValueError

if TYPE_CHECKING:
    from dealterms._state import State

__all__ = [
    "AllOf",
    "AnyOf",
    "AtLeast",
    "AtMost",
    "Before",
    "Condition",
    "Declared",
    "Happened",
    "Latched",
    "LessThan",
    "Metric",
    "MoreThan",
    "Not",
    "OnOrAfter",
]


def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise InvalidValueError(
            f"expected a non-empty name without surrounding spaces, got {value!r}",
            expected="a name such as 'openai.cumulative_profit'",
            got=value,
        )
    return value


def _threshold(value: object) -> Money | Decimal:
    if isinstance(value, Money):
        return value
    return to_decimal(value, path="$.threshold", what="a Decimal or Money threshold")


class _Combinable:
    """`&`, `|` and `~` for every condition type (nested `&`s and `|`s are flattened)."""

    __slots__ = ()

    def __and__(self, other: Condition) -> AllOf:
        return AllOf(conditions=(*_flatten(AllOf, self), *_flatten(AllOf, other)))

    def __or__(self, other: Condition) -> AnyOf:
        return AnyOf(conditions=(*_flatten(AnyOf, self), *_flatten(AnyOf, other)))

    def __invert__(self) -> Condition:
        if isinstance(self, Not):
            return self.condition
        return Not(condition=self)


def _flatten(kind: type[AllOf] | type[AnyOf], cond: object) -> tuple[Condition, ...]:
    if isinstance(cond, kind):
        return cond.conditions
    return (cond,)  # type: ignore[return-value]  # checked by the AllOf/AnyOf converter


@attrs.frozen(kw_only=True)
class Declared(_Combinable):
    """True when the state declares the boolean fact `fact` true; unknown if not declared.

    Attributes:
        fact: The fact's name, e.g. `"openai.nonprofit_control"`.

    Example:
        >>> str(Declared(fact="agi.declared_by_board"))
        'agi.declared_by_board'
    """

    fact: str = attrs.field(converter=_name)

    def __str__(self) -> str:
        return self.fact


@attrs.frozen(kw_only=True)
class AtLeast(_Combinable):
    """`metric >= threshold`: true when the metric's value reaches the threshold.

    Attributes:
        metric: The metric's name, e.g. `"openai.cumulative_profit"`.
        threshold: A `Money` amount, or a plain `Decimal` for a unitless metric. The metric's
            value in the state must have the same type (and currency).

    Example:
        >>> str(AtLeast(metric="m", threshold=Money.parse("100 USD")))
        'm ≥ 100 USD'
    """

    metric: str = attrs.field(converter=_name)
    threshold: Money | Decimal = attrs.field(converter=_threshold)

    def __str__(self) -> str:
        return f"{self.metric} ≥ {_fmt(self.threshold)}"


@attrs.frozen(kw_only=True)
class MoreThan(_Combinable):
    """`metric > threshold` (strictly more). See [`AtLeast`][dealterms.AtLeast] for the fields."""

    metric: str = attrs.field(converter=_name)
    threshold: Money | Decimal = attrs.field(converter=_threshold)

    def __str__(self) -> str:
        return f"{self.metric} > {_fmt(self.threshold)}"


@attrs.frozen(kw_only=True)
class AtMost(_Combinable):
    """`metric <= threshold`. See [`AtLeast`][dealterms.AtLeast] for the fields."""

    metric: str = attrs.field(converter=_name)
    threshold: Money | Decimal = attrs.field(converter=_threshold)

    def __str__(self) -> str:
        return f"{self.metric} ≤ {_fmt(self.threshold)}"


@attrs.frozen(kw_only=True)
class LessThan(_Combinable):
    """`metric < threshold` (strictly less). See [`AtLeast`][dealterms.AtLeast] for the fields."""

    metric: str = attrs.field(converter=_name)
    threshold: Money | Decimal = attrs.field(converter=_threshold)

    def __str__(self) -> str:
        return f"{self.metric} < {_fmt(self.threshold)}"


@attrs.frozen(kw_only=True)
class Happened(_Combinable):
    """True when the event `event` occurred on or before `as_of` (and inside the window).

    Events are always known: the state's event log is complete, so an event it does not
    list has not happened.

    Attributes:
        event: The event's name, e.g. `"agi-clause.exercised"`.
        on_or_after: If set, only occurrences on or after this date count.
        before: If set, only occurrences strictly before this date count.
    """

    event: str = attrs.field(converter=_name)
    on_or_after: date | None = attrs.field(default=None, converter=_optional_date_field)
    before: date | None = attrs.field(default=None, converter=_optional_date_field)

    def __str__(self) -> str:
        window = ""
        if self.on_or_after is not None:
            window += f" on or after {self.on_or_after}"
        if self.before is not None:
            window += f" before {self.before}"
        return f"{self.event} happened{window}"


@attrs.frozen(kw_only=True)
class OnOrAfter(_Combinable):
    """True when `as_of >= day`.

    Attributes:
        day: The first day on which the condition holds.
    """

    day: date = attrs.field(converter=_date_field)

    def __str__(self) -> str:
        return f"on or after {self.day}"


@attrs.frozen(kw_only=True)
class Before(_Combinable):
    """True when `as_of < day`.

    Attributes:
        day: The first day on which the condition no longer holds.
    """

    day: date = attrs.field(converter=_date_field)

    def __str__(self) -> str:
        return f"before {self.day}"


def _conditions(value: object) -> tuple[Condition, ...]:
    items = tuple(value) if isinstance(value, list | tuple) else None
    if items is None:
        raise InvalidValueError(
            f"expected a tuple of conditions, got {type(value).__name__}",
            path="$.conditions",
            expected="a tuple of conditions",
            got=value,
        )
    for i, c in enumerate(items):
        if not isinstance(c, _CONDITION_TYPES):
            raise InvalidValueError(
                f"expected a condition, got {type(c).__name__} {c!r}",
                path=f"$.conditions[{i}]",
                expected="a condition",
                got=c,
            )
    _check_depth(items, "$.conditions")
    return items


def _check_depth(children: tuple[Condition, ...], path: str) -> None:
    """Refuse to build a condition nested more than `MAX_DEPTH` levels deep.

    So no condition object can overflow the stack when printed, hashed or compared.
    """
    deepest = max((depth(c) for c in children), default=0)
    if deepest >= MAX_DEPTH:
        raise InvalidValueError(
            f"condition is nested more than {MAX_DEPTH} levels deep",
            path=path,
            expected=f"at most {MAX_DEPTH} levels of and/or/not",
            got=deepest + 1,
        )


def _condition(value: object) -> Condition:
    if not isinstance(value, _CONDITION_TYPES):
        raise InvalidValueError(
            f"expected a condition, got {type(value).__name__} {value!r}",
            path="$.condition",
            expected="a condition",
            got=value,
        )
    _check_depth((value,), "$.condition")
    return value


@attrs.frozen(kw_only=True)
class AllOf(_Combinable):
    """True when every one of `conditions` is true (`a & b`). An empty `AllOf` is true."""

    conditions: tuple[Condition, ...] = attrs.field(converter=_conditions)

    def __str__(self) -> str:
        return "(" + " and ".join(map(str, self.conditions)) + ")" if self.conditions else "true"


@attrs.frozen(kw_only=True)
class AnyOf(_Combinable):
    """True when at least one of `conditions` is true (`a | b`). An empty `AnyOf` is false."""

    conditions: tuple[Condition, ...] = attrs.field(converter=_conditions)

    def __str__(self) -> str:
        return "(" + " or ".join(map(str, self.conditions)) + ")" if self.conditions else "false"


@attrs.frozen(kw_only=True)
class Not(_Combinable):
    """True when `condition` is false (`~a`); unknown when it is unknown."""

    condition: Condition = attrs.field(converter=_condition)

    def __str__(self) -> str:
        return f"not {self.condition}"


@attrs.frozen(kw_only=True)
class Latched(_Combinable):
    """True once `condition` has held on any day from `since` up to `as_of`.

    It stays true even if the condition has stopped holding since (a latching trigger:
    "once AGI is reached …").

    Evaluated from the state's history: its [`Series`][dealterms.Series], events and the
    date tests inside `condition`. With no history for a metric, only its value on `as_of`
    is known, and `Latched(c)` reads as `c`.

    Attributes:
        condition: The condition that latches.
        since: The first day that counts, or `None` for any day.
    """

    condition: Condition = attrs.field(converter=_condition)
    since: date | None = attrs.field(default=None, converter=_optional_date_field)

    def __str__(self) -> str:
        since = f" since {self.since}" if self.since else ""
        return f"{self.condition} (latched{since})"


Threshold: TypeAlias = AtLeast | MoreThan | AtMost | LessThan
Condition: TypeAlias = (
    Latched
    | Declared
    | AtLeast
    | MoreThan
    | AtMost
    | LessThan
    | Happened
    | OnOrAfter
    | Before
    | AllOf
    | AnyOf
    | Not
)
"""Any condition: an atom or a combination of conditions."""

_CONDITION_TYPES: Final = (
    Latched,
    Declared,
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
    Happened,
    OnOrAfter,
    Before,
    AllOf,
    AnyOf,
    Not,
)
_THRESHOLD_TYPES: Final = (AtLeast, MoreThan, AtMost, LessThan)


@attrs.frozen(kw_only=True)
class Metric:
    """A named metric, to write thresholds fluently.

    Attributes:
        name: The metric's name, e.g. `"openai.cumulative_profit"`.

    Example:
        >>> profit = Metric(name="openai.cumulative_profit")
        >>> str(profit.at_least(Money.parse("100000000000 USD")))
        'openai.cumulative_profit ≥ 100000000000 USD'
    """

    name: str = attrs.field(converter=_name)

    def at_least(self, threshold: Money | Decimal | int | str) -> AtLeast:
        """The condition `metric >= threshold`."""
        return AtLeast(metric=self.name, threshold=threshold)

    def more_than(self, threshold: Money | Decimal | int | str) -> MoreThan:
        """The condition `metric > threshold`."""
        return MoreThan(metric=self.name, threshold=threshold)

    def at_most(self, threshold: Money | Decimal | int | str) -> AtMost:
        """The condition `metric <= threshold`."""
        return AtMost(metric=self.name, threshold=threshold)

    def less_than(self, threshold: Money | Decimal | int | str) -> LessThan:
        """The condition `metric < threshold`."""
        return LessThan(metric=self.name, threshold=threshold)


def _fmt(value: Money | Decimal) -> str:
    return value.format() if isinstance(value, Money) else format(value, "f")


# ---------------------------------------------------------------------------------------
# Structure: which facts a condition reads, and validation of their types.


def atoms(cond: Condition) -> Iterable[Condition]:
    """Yield every atom of `cond` (depth-first, left to right, with repeats)."""
    stack: list[Condition] = [cond]
    while stack:
        c = stack.pop()
        if isinstance(c, AllOf | AnyOf):
            stack.extend(reversed(c.conditions))
        elif isinstance(c, Not | Latched):
            stack.append(c.condition)
        else:
            yield c


MAX_DEPTH: Final = 64
"""The deepest nesting of `AllOf`/`AnyOf`/`Not` a clause accepts."""


def depth(cond: Condition) -> int:
    """The nesting depth of `cond` (an atom has depth 1), computed without recursion."""
    deepest = 0
    stack: list[tuple[Condition, int]] = [(cond, 1)]
    while stack:
        c, d = stack.pop()
        deepest = max(deepest, d)
        if isinstance(c, AllOf | AnyOf):
            stack.extend((x, d + 1) for x in c.conditions)
        elif isinstance(c, Not | Latched):
            stack.append((c.condition, d + 1))
    return deepest


def fact_names(cond: Condition) -> tuple[str, ...]:
    """The declaration and metric names `cond` reads, sorted, without repeats."""
    names: set[str] = set()
    for a in atoms(cond):
        if isinstance(a, Declared):
            names.add(a.fact)
        elif isinstance(a, _THRESHOLD_TYPES):
            names.add(a.metric)
    return tuple(sorted(names))


def check(
    cond: Condition, path: str, kinds: dict[str, tuple[str, str]] | None = None
) -> list[InvalidValueError]:
    """Every consistency problem in `cond`, each located at `path`.

    A problem is a name read both as a declaration and a metric, a metric compared with
    thresholds of different types or currencies, or nesting deeper than `MAX_DEPTH`.
    Pass one `kinds` dict (name -> (kind, path)) to several calls to check that a whole
    deal reads each fact with one type.
    """
    kinds = {} if kinds is None else kinds
    problems: list[InvalidValueError] = []
    if depth(cond) > MAX_DEPTH:
        return [
            InvalidValueError(
                f"condition is nested more than {MAX_DEPTH} levels deep",
                path=path,
                expected=f"at most {MAX_DEPTH} levels of and/or/not",
                got=depth(cond),
            )
        ]
    for a in atoms(cond):
        if isinstance(a, Declared):
            kind = "declaration"
            name = a.fact
        elif isinstance(a, _THRESHOLD_TYPES):
            name = a.metric
            kind = (
                f"money in {a.threshold.currency}"
                if isinstance(a.threshold, Money)
                else ("a plain number")
            )
        else:
            continue
        seen, where = kinds.setdefault(name, (kind, path))
        if seen != kind:
            err_type = (
                CurrencyMismatchError
                if "money" in seen and "money" in kind
                else (InvalidValueError)
            )
            problems.append(
                err_type(
                    f"{name!r} is read as {kind} here but as {seen} at {where}",
                    path=path,
                    expected=seen,
                    got=kind,
                )
            )
    return problems


# ---------------------------------------------------------------------------------------
# Evaluation.

_MISSING: Final = object()
Value: TypeAlias = bool | Decimal | Money
Env: TypeAlias = Mapping[str, Value]


@attrs.frozen
class Decision:
    """The exact three-valued value of a condition in a state.

    Attributes:
        value: `True`, `False`, or `None` when the state's unknown facts can make it either.
        missing: When `value` is `None`, the unknown facts whose values can change it,
            sorted; otherwise empty.
    """

    value: bool | None
    missing: tuple[str, ...] = ()


TRUE: Final = Decision(True)
FALSE: Final = Decision(False)

# Above this many combinations of representative values, evaluation falls back to Kleene
# logic (still sound when it answers true or false; may call a decided condition unknown).
MAX_COMBINATIONS: Final = 4096


def _compare(a: Threshold, value: Value) -> bool:
    t = a.threshold
    if isinstance(t, Money):
        if not isinstance(value, Money):
            raise InvalidValueError(
                f"fact {a.metric!r} must be money in {t.currency} to compare with {a}, "
                f"got {_describe_value(value)}",
                path=f"$.facts[{a.metric!r}]",
                expected=f"money in {t.currency}",
                got=value,
            )
        if value.currency != t.currency:
            raise CurrencyMismatchError(
                f"fact {a.metric!r} is {value.format()}, but {a} compares it with "
                f"{t.currency}; convert it first",
                path=f"$.facts[{a.metric!r}]",
                expected=f"money in {t.currency}",
                got=value.format(),
            )
        v, tv = value.amount, t.amount
    else:
        if isinstance(value, bool) or not isinstance(value, Decimal):
            raise InvalidValueError(
                f"fact {a.metric!r} must be a plain number to compare with {a}, "
                f"got {_describe_value(value)}",
                path=f"$.facts[{a.metric!r}]",
                expected="a Decimal",
                got=value,
            )
        v, tv = value, t
    if isinstance(a, AtLeast):
        return v >= tv
    if isinstance(a, MoreThan):
        return v > tv
    if isinstance(a, AtMost):
        return v <= tv
    return v < tv


def _describe_value(value: object) -> str:
    if isinstance(value, Money):
        return value.format()
    if isinstance(value, bool):
        return "a true/false declaration"
    return f"{type(value).__name__} {value!r}"


def _kleene(cond: Condition, env: Env, state: State) -> bool | None:
    """Kleene's strong three-valued logic over `env` (facts) and `state` (events, as_of)."""
    if isinstance(cond, AllOf):
        result: bool | None = True
        for c in cond.conditions:
            v = _kleene(c, env, state)
            if v is False:
                return False
            if v is None:
                result = None
        return result
    if isinstance(cond, AnyOf):
        result = False
        for c in cond.conditions:
            v = _kleene(c, env, state)
            if v is True:
                return True
            if v is None:
                result = None
        return result
    if isinstance(cond, Not):
        v = _kleene(cond.condition, env, state)
        return None if v is None else not v
    if isinstance(cond, Latched):
        return _latched(cond, env, state)
    if isinstance(cond, Declared):
        value = env.get(cond.fact, _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, bool):
            raise InvalidValueError(
                f"fact {cond.fact!r} must be a true/false declaration, got "
                f"{_describe_value(value)}",
                path=f"$.facts[{cond.fact!r}]",
                expected="true or false",
                got=value,
            )
        return value
    if isinstance(cond, _THRESHOLD_TYPES):
        value = env.get(cond.metric, _MISSING)
        if value is _MISSING:
            return None
        return _compare(cond, value)  # type: ignore[arg-type]
    if isinstance(cond, Happened):
        return state.happened(cond.event, on_or_after=cond.on_or_after, before=cond.before)
    if isinstance(cond, OnOrAfter):
        return state.as_of >= cond.day
    if isinstance(cond, Before):
        return state.as_of < cond.day
    raise AssertionError(f"not a condition: {cond!r}")  # pragma: no cover


@functools.lru_cache(maxsize=4096)
def _reads_dates(cond: Condition) -> bool:
    """Whether `cond` has an atom whose value depends on the day (events, date tests)."""
    return any(isinstance(a, Happened | OnOrAfter | Before) for a in atoms(cond))


def _latched(cond: Latched, env: Env, state: State) -> bool | None:
    """`cond.condition` on any day in [since, as_of], from the state's history."""
    inner = cond.condition
    if cond.since is not None and state.as_of < cond.since:
        return False
    if not state.series and not _reads_dates(inner):
        return _kleene(inner, env, state)  # no history: every day reads like as_of
    series = {n: s for n in fact_names(inner) if (s := state.series_for(n)) is not None}
    days: set[date] = {state.as_of}
    if cond.since is not None:
        days.add(cond.since)
    for name, s in series.items():
        days |= s.change_days(
            a.threshold
            for a in atoms(inner)
            if isinstance(a, _THRESHOLD_TYPES) and a.metric == name
        )
    for a in atoms(inner):
        if isinstance(a, OnOrAfter | Before):
            days.add(a.day)
        elif isinstance(a, Happened):
            days.update(e.date for e in state.occurrences(a.event))
            days.update(d for d in (a.on_or_after, a.before) if d is not None)
    lo = cond.since or date.min
    dated = _reads_dates(inner)
    result: bool | None = False
    for day in sorted(d for d in days if lo <= d <= state.as_of):
        if day == state.as_of:
            v = _kleene(inner, env, state)
        else:
            env_d = dict(env)
            for name, s in series.items():
                # Before a series' first observation its value is unknown: it then takes
                # the value that `env` gives (a completion's, or none), as on `as_of`.
                value = s.value_on(day)
                if value is not None:
                    env_d[name] = value
            # Only events and date tests read the day itself; thresholds read env_d.
            v = _kleene(inner, env_d, state.at(day) if dated else state)
        if v is True:
            return True
        if v is None:
            result = None
    return result


def _representatives(cond: Condition, names: list[str]) -> dict[str, list[Value]]:
    """For each unknown fact in `names`, one value from each region the atoms tell apart.

    One pass over the atoms. Representative amounts are built without the input bounds
    (they are internal test values, such as the midpoint between two thresholds).
    """
    wanted = set(names)
    declared: set[str] = set()
    thresholds: dict[str, list[Money | Decimal]] = {}
    for a in atoms(cond):
        if isinstance(a, Declared) and a.fact in wanted:
            declared.add(a.fact)
        elif isinstance(a, _THRESHOLD_TYPES) and a.metric in wanted:
            thresholds.setdefault(a.metric, []).append(a.threshold)
    out: dict[str, list[Value]] = {}
    for name in names:
        if name in declared:
            out[name] = [True, False]
            continue
        ts = thresholds[name]
        currency = ts[0].currency if isinstance(ts[0], Money) else None
        points = sorted({t.amount if isinstance(t, Money) else t for t in ts})
        reps: list[Decimal] = [_CONTEXT.subtract(points[0], 1)]
        for lo, hi in itertools.pairwise(points):
            reps += [lo, _CONTEXT.divide(_CONTEXT.add(lo, hi), 2)]
        reps += [points[-1], _CONTEXT.add(points[-1], 1)]
        out[name] = (
            [unchecked_money(r, currency) for r in reps] if currency is not None else list(reps)
        )
    return out


def _partial(cond: Condition, env: Env, state: State) -> tuple[bool | None, frozenset[str]]:
    """Kleene's value of `cond`, and the unknown facts of the sub-conditions left open.

    A sub-condition whose Kleene value is known keeps that value in every completion of
    the unknown facts (Kleene logic is monotone in information), so only the facts of
    open sub-conditions can change `cond`'s value.
    """
    if isinstance(cond, AllOf | AnyOf):
        dominant = isinstance(cond, AnyOf)  # True decides AnyOf, False decides AllOf
        is_open = False
        open_facts: set[str] = set()
        for c in cond.conditions:
            v, facts = _partial(c, env, state)
            if v is dominant:
                return dominant, frozenset()
            if v is None:
                is_open = True
                open_facts |= facts
        return (None, frozenset(open_facts)) if is_open else (not dominant, frozenset())
    if isinstance(cond, Not):
        v, facts = _partial(cond.condition, env, state)
        return (None if v is None else not v), facts
    v = _kleene(cond, env, state)
    if v is not None:
        return v, frozenset()
    return None, frozenset(n for n in fact_names(cond) if n not in env)


def decide(cond: Condition, state: State) -> Decision:
    """Evaluate `cond` in `state` exactly (see the module docstring).

    Raises:
        InvalidValueError: if a fact in the state has the wrong type for the condition
            (e.g. a declaration compared with a number).
        CurrencyMismatchError: if a money fact's currency differs from the threshold's.
    """
    env = state.fact_values
    kleene, relevant = _partial(cond, env, state)
    if kleene is not None:
        return TRUE if kleene else FALSE
    # Only facts in the branches still open can change the value: a branch already
    # decided by known facts and the day (e.g. a period that has not ended yet) stays
    # decided in every completion, so its facts are not enumerated.
    unknown = [n for n in fact_names(cond) if n in relevant]
    reps = _representatives(cond, unknown)
    combos = 1
    for r in reps.values():
        combos *= len(r)
    if combos > MAX_COMBINATIONS:
        return Decision(None, tuple(unknown))
    table: dict[tuple[int, ...], bool] = {}
    ranges = [range(len(reps[n])) for n in unknown]
    for idx in itertools.product(*ranges):
        completion = dict(env)
        completion.update({n: reps[n][i] for n, i in zip(unknown, idx, strict=True)})
        v = _kleene(cond, completion, state)
        assert v is not None
        table[idx] = v
    values = set(table.values())
    if len(values) == 1:
        return TRUE if values.pop() else FALSE
    missing = []
    for pos, name in enumerate(unknown):
        for idx, v in table.items():
            if any(
                table[(*idx[:pos], j, *idx[pos + 1 :])] != v for j in ranges[pos] if j != idx[pos]
            ):
                missing.append(name)
                break
    return Decision(None, tuple(missing))


def walk(cond: Condition, visit: Callable[[Condition], None]) -> None:
    """Call `visit` on `cond` and each of its sub-conditions, pre-order."""
    visit(cond)
    if isinstance(cond, AllOf | AnyOf):
        for c in cond.conditions:
            walk(c, visit)
    elif isinstance(cond, Not | Latched):
        walk(cond.condition, visit)
