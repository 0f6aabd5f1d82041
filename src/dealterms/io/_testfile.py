"""Scenario test files: declarative checks of a deal's entitlements, run without Python.

A test file (`kind = "test"`) names a deal and lists cases; each case is a date, the facts
and events known then, the what-ifs to apply, and what the evaluation must say::

    format = "dealterms/1"
    kind = "test"
    deal = "../microsoft_openai.toml"        # relative to this file, or a deal table

    [[cases]]
    name = "after the revision, Microsoft holds a ROFR on new compute"
    as_of = 2025-06-01
    # optional: facts, events, series, what_ifs, interpretation, known_on

    [[cases.expect]]                         # every matching entitlement has this status
    clause = "compute-rofr"
    status = "in_force"                      # in_force | contingent | not_in_force
    # optional filters: relation, holder, counterparty, action
    # optional details: missing = [...] (contingent), reason = "..." (not in force)

    [[cases.may]]                            # Evaluation.may(party, action)
    party = "openai"
    action = "non-azure-compute"
    answer = "yes"                           # yes | no | depends (+ missing = [...])
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import attrs

from dealterms._deal import Deal
from dealterms._entitlement import Contingent, Entitlement, NotInForce, Reason, Relation
from dealterms._evaluate import Evaluation
from dealterms._scenario import Scenario
from dealterms._series import Series
from dealterms._state import Event, Fact
from dealterms.exceptions import InvalidDealError, InvalidValueError, UnknownReferenceError
from dealterms.typing import StatusName

from ._converter import converter, flatten
from ._errors import InvalidFileError, did_you_mean, problem, problems_of
from ._files import (
    StrPath,
    _fail,
    _locate,
    _relative_to,
    check_header,
    inline_deal,
    load_deal,
    read,
)
from ._formats import Parsed
from ._limits import DEFAULT_LIMITS, Limits, child_path

__all__ = ["CaseReport", "CheckFailure", "ScenarioTestReport", "run_test_file"]

Answer = Literal["yes", "no", "depends"]


@attrs.frozen(kw_only=True)
class _Expectation:
    """One `[[cases.expect]]` entry."""

    clause: str
    status: StatusName
    relation: Relation | None = None
    holder: str | None = None
    counterparty: str | None = None
    action: str | None = None
    missing: tuple[str, ...] | None = None
    reason: Reason | None = None


@attrs.frozen(kw_only=True)
class _MayExpectation:
    """One `[[cases.may]]` entry."""

    party: str
    action: str
    answer: Answer
    missing: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True)
class _Case:
    """One `[[cases]]` entry."""

    name: str
    as_of: date
    description: str | None = None
    facts: tuple[Fact, ...] = ()
    events: tuple[Event, ...] = ()
    series: tuple[Series, ...] = ()
    what_ifs: tuple[str, ...] = ()
    interpretation: str | None = None
    known_on: date | None = None
    expect: tuple[_Expectation, ...] = ()
    may: tuple[_MayExpectation, ...] = ()


@attrs.frozen(kw_only=True)
class _Suite:
    """A whole test file, less its `format`, `kind` and `deal` keys."""

    description: str | None = None
    cases: tuple[_Case, ...]


@attrs.frozen(kw_only=True)
class CheckFailure:
    """One check of a case that did not hold.

    Attributes:
        check: The check, in words (`"compute-rofr (claim of microsoft to
            new-compute-capacity) is in force"`).
        got: What the evaluation says instead (`"not in force: added by amendment …"`).
        explanation: The explanation tree of the entitlement(s) involved, as indented
            lines (see [`Explanation.lines`][dealterms.Explanation.lines]).
    """

    check: str
    got: str
    explanation: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The failure as lines: what was expected, what came, then the explanation."""
        return [f"expected: {self.check}", f"     got: {self.got}", *self.explanation]


@attrs.frozen(kw_only=True)
class CaseReport:
    """The outcome of one case of a test file.

    Attributes:
        name: The case's name.
        as_of: The date it evaluates.
        checks: How many checks it made.
        failures: The checks that did not hold (empty if the case passed).
    """

    name: str
    as_of: date
    checks: int
    failures: tuple[CheckFailure, ...] = ()

    @property
    def passed(self) -> bool:
        """`True` if every check held."""
        return not self.failures

    def lines(self) -> list[str]:
        """`PASS <name> (as of <date>)`, or `FAIL …` followed by each failure, indented."""
        head = f"{'PASS' if self.passed else 'FAIL'} {self.name} (as of {self.as_of})"
        out = [head]
        for f in self.failures:
            out += ["    " + line for line in f.lines()]
        return out


@attrs.frozen(kw_only=True)
class ScenarioTestReport:
    """The outcome of running one scenario test file.

    Attributes:
        file: The test file, as given.
        deal: The id of the deal it tests.
        cases: One report per case, in file order.
    """

    file: str
    deal: str
    cases: tuple[CaseReport, ...]

    @property
    def passed(self) -> tuple[CaseReport, ...]:
        """The cases whose checks all held."""
        return tuple(c for c in self.cases if c.passed)

    @property
    def failed(self) -> tuple[CaseReport, ...]:
        """The cases with at least one failed check."""
        return tuple(c for c in self.cases if not c.passed)

    @property
    def ok(self) -> bool:
        """`True` if every case passed."""
        return not self.failed

    def lines(self) -> list[str]:
        """The report for people: one line per case (failures explained), then a summary."""
        out = [f"{self.file}: deal {self.deal}, {len(self.cases)} cases"]
        for c in self.cases:
            out += ["  " + line for line in c.lines()]
        out.append(f"{self.file}: {len(self.passed)} passed, {len(self.failed)} failed")
        return out


def run_test_file(
    path: StrPath, deal: Deal | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> ScenarioTestReport:
    """Run the scenario test file `path` and report each case.

    Args:
        path: A `.toml`, `.json`, `.yaml` or `.yml` file with `kind = "test"` (see the
            module docstring for the format).
        deal: The deal to test; when given, the file's `deal` key is not read.
        limits: Bounds on the file's size, nesting and collections.

    Returns:
        The report: cases that passed and failed, with an explanation of each failure.
        A case whose evaluation raises (say, a fact of the wrong type for a condition)
        fails with the error as its explanation.

    Raises:
        InvalidFileError: for a malformed file, listing every problem with its path and
            line: bad keys or values, an unknown clause, party, action, what-if or
            interpretation, `missing` without a contingent status, a case without checks.
        DealtermsError: for a YAML file when PyYAML is not installed.
    """
    name = str(path)
    data, parsed = read(path, limits)
    _kind, problems = check_header(data, ("test",), require_kind=True)
    body = {k: v for k, v in data.items() if k not in ("format", "kind", "deal")}
    if problems:
        raise _fail(name, "is not a valid test file", _locate(problems, data, parsed))
    deal = deal if deal is not None else _deal_of(name, data, parsed, Path(path).parent, limits)
    try:
        suite: _Suite = converter().structure(body, _Suite)
    except Exception as e:  # every problem is reported, with its path
        raise _fail(name, "is not a valid test file", _locate(flatten(e), data, parsed)) from None
    scenarios, found = _check(suite, deal)
    if found:
        raise _fail(name, "is not a valid test file", _locate(found, data, parsed))
    reports = tuple(
        _run_case(case, scenario) for case, scenario in zip(suite.cases, scenarios, strict=True)
    )
    return ScenarioTestReport(file=name, deal=deal.id, cases=reports)


def _deal_of(name: str, data: dict[str, Any], parsed: Parsed, base: Path, limits: Limits) -> Deal:
    ref = data.get("deal")
    if isinstance(ref, str):
        try:
            return load_deal(_relative_to(base, ref), limits=limits)
        except InvalidFileError as e:
            found = [
                problem(
                    f"in the deal file {ref!r}"
                    + (f", line {line}" if line is not None else "")
                    + f": {exc.message} (at {exc.path})",
                    "$.deal",
                    expected=exc.expected,
                    got=exc.got,
                )
                for exc, line in zip(problems_of(e), e.locations, strict=True)
            ]
            raise _fail(name, "is not a valid test file", _locate(found, data, parsed)) from None
    if isinstance(ref, dict):
        inline, problems = inline_deal(ref)
        if problems:
            raise _fail(name, "is not a valid test file", _locate(problems, data, parsed))
        try:
            result: Deal = converter().structure(inline, Deal)
        except Exception as e:  # every problem is reported, with its path
            raise _fail(
                name, "is not a valid test file", _locate(flatten(e, "$.deal"), data, parsed)
            ) from None
        return result
    raise _fail(
        name,
        "is not a valid test file",
        _locate(
            [
                problem(
                    "missing key 'deal': name the deal file (deal = \"my_deal.toml\") or give "
                    "the deal as a table",
                    "$.deal",
                    expected="a deal file name or a deal table",
                    got=ref,
                )
            ],
            data,
            parsed,
        ),
    )


def _check(suite: _Suite, deal: Deal) -> tuple[list[Scenario], list[InvalidValueError]]:
    """Build each case's scenario and check every name the checks use."""
    problems: list[InvalidValueError] = []
    scenarios: list[Scenario] = []
    if not suite.cases:
        problems.append(problem("a test file needs at least one case", "$.cases"))
    for i, case in enumerate(suite.cases):
        where = f"$.cases[{i}]"
        try:
            scenario = Scenario(
                id="case",
                deal=deal,
                what_ifs=case.what_ifs,
                interpretation=case.interpretation,
                facts=case.facts,
                events=case.events,
                series=case.series,
                known_on=case.known_on,
            )
        except InvalidDealError as e:
            problems += [_rebased(x, where) for x in problems_of(e)]
            continue
        except InvalidValueError as e:
            problems.append(_rebased(e, where))
            continue
        scenarios.append(scenario)
        problems += _check_names(case, scenario.variant, where)
    return scenarios, problems


def _rebased(e: InvalidValueError, where: str) -> InvalidValueError:
    scoped = "$.scenarios['case']"
    rest = e.path[len(scoped) :] if e.path.startswith(scoped) else e.path.removeprefix("$")
    new = type(e).__new__(type(e))
    InvalidValueError.__init__(new, e.message, path=where + rest, expected=e.expected, got=e.got)
    return new


def _check_names(case: _Case, deal: Deal, where: str) -> list[InvalidValueError]:
    clauses = {v.clause.id for v in deal.history}
    parties = {p.id for p in deal.parties}
    actions = {a.id for a in deal.actions} | {
        p.action for v in deal.history for p in v.clause.positions()
    }
    problems: list[InvalidValueError] = []

    def unknown(what: str, value: str, known: set[str], path: str) -> None:
        problems.append(
            UnknownReferenceError(
                f"no {what} {value!r} in deal {deal.id!r}{did_you_mean(value, known)} "
                f"(known: {', '.join(sorted(known))})",
                path=path,
                expected=f"a {what} id",
                got=value,
            )
        )

    if not case.expect and not case.may:
        problems.append(
            problem(
                "a case needs at least one check: add an [[expect]] or a [[may]] entry",
                where,
                expected="expect or may",
            )
        )
    for j, x in enumerate(case.expect):
        at = f"{where}.expect[{j}]"
        if x.clause not in clauses:
            unknown("clause", x.clause, clauses, f"{at}.clause")
        for field in ("holder", "counterparty"):
            value = getattr(x, field)
            if value is not None and value not in parties:
                unknown("party", value, parties, f"{at}.{field}")
        if x.action is not None and x.action not in actions:
            unknown("action", x.action, actions, f"{at}.action")
        if x.missing is not None and x.status != "contingent":
            problems.append(
                problem(
                    "missing applies only to status = 'contingent'",
                    f"{at}.missing",
                    expected="status = 'contingent'",
                    got=x.status,
                )
            )
        if x.reason is not None and x.status != "not_in_force":
            problems.append(
                problem(
                    "reason applies only to status = 'not_in_force'",
                    f"{at}.reason",
                    expected="status = 'not_in_force'",
                    got=x.status,
                )
            )
    for j, m in enumerate(case.may):
        at = f"{where}.may[{j}]"
        if m.party not in parties:
            unknown("party", m.party, parties, f"{at}.party")
        if m.action not in actions:
            unknown("action", m.action, actions, f"{at}.action")
        if m.missing is not None and m.answer != "depends":
            problems.append(
                problem(
                    "missing applies only to answer = 'depends'",
                    child_path(at, "missing"),
                    expected="answer = 'depends'",
                    got=m.answer,
                )
            )
    return problems


_WORDS = {"in_force": "in force", "contingent": "contingent", "not_in_force": "not in force"}


def _describe(e: Entitlement) -> str:
    return f"{e.clause} ({e.relation.value} of {e.holder} to {e.action})"


def _status_text(e: Entitlement) -> str:
    s = e.status
    text = _WORDS[s.name]
    if isinstance(s, Contingent):
        text += f" on {', '.join(s.missing)}"
    elif isinstance(s, NotInForce):
        text += f" ({s.reason})"
    return f"{text}: {e.because}"


def _run_case(case: _Case, scenario: Scenario) -> CaseReport:
    checks = len(case.expect) + len(case.may)
    try:
        ev = scenario.evaluate(case.as_of)
        failures = [f for x in case.expect for f in _check_expectation(x, ev)]
        failures += [f for m in case.may for f in _check_may(m, ev)]
    except InvalidValueError as e:
        failures = [CheckFailure(check="the case evaluates", got=f"an error: {e}")]
    return CaseReport(name=case.name, as_of=case.as_of, checks=checks, failures=tuple(failures))


def _check_expectation(x: _Expectation, ev: Evaluation) -> list[CheckFailure]:
    filters = {
        k: v
        for k, v in (
            ("relation", x.relation),
            ("holder", x.holder),
            ("counterparty", x.counterparty),
            ("action", x.action),
        )
        if v is not None
    }
    matches = [
        e
        for e in ev.entitlements
        if e.clause == x.clause and all(getattr(e, k) == v for k, v in filters.items())
    ]
    wanted = _WORDS[x.status]
    if x.missing is not None:
        wanted += f" on {', '.join(sorted(x.missing))}"
    if x.reason is not None:
        wanted += f" ({x.reason})"
    if not matches:
        described = ", ".join(f"{k}={getattr(v, 'value', v)}" for k, v in filters.items())
        return [
            CheckFailure(
                check=f"{x.clause}{' with ' + described if described else ''} is {wanted}",
                got=f"no entitlement of clause {x.clause!r} matches",
            )
        ]
    failures = []
    for e in matches:
        s = e.status
        ok = s.name == x.status
        if ok and x.missing is not None and isinstance(s, Contingent):
            ok = tuple(sorted(x.missing)) == tuple(sorted(s.missing))
        if ok and x.reason is not None and isinstance(s, NotInForce):
            ok = s.reason == x.reason
        if not ok:
            failures.append(
                CheckFailure(
                    check=f"{_describe(e)} is {wanted}",
                    got=_status_text(e),
                    explanation=tuple("    " + line for line in ev.explain(e).lines()),
                )
            )
    return failures


def _check_may(m: _MayExpectation, ev: Evaluation) -> list[CheckFailure]:
    answer = ev.may(m.party, m.action)
    ok = answer.value == m.answer
    missing = getattr(answer, "missing", ())
    if ok and m.missing is not None:
        ok = tuple(sorted(m.missing)) == tuple(sorted(missing))
    if ok:
        return []
    wanted = m.answer + (f" on {', '.join(sorted(m.missing))}" if m.missing is not None else "")
    got = answer.value + (f" on {', '.join(missing)}" if missing else "")
    because = [line for e in answer.because for line in ev.explain(e).lines()]
    return [
        CheckFailure(
            check=f"may {m.party} {m.action}? {wanted}",
            got=got + ("" if answer.because else " (no clause restricts or grants it)"),
            explanation=tuple("    " + line for line in because),
        )
    ]
