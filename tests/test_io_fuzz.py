"""dealterms.io fuzzing: corrupt and hostile documents raise only the documented error.

Three sources of inputs, all deterministic (a seeded generator, or Hypothesis' CI profile):

* structural mutations of every bundled document (a key dropped, renamed or added, a value
  replaced by another type, a float, a huge number, deep nesting, a wrong tag …), written
  in JSON, TOML and YAML;
* textual mutations of the bundled files (characters inserted, deleted or swapped, lines
  repeated or cut), which mostly give syntax errors at some line;
* random plain-data documents from Hypothesis.

Loading each must either give a complete object or raise `InvalidFileError`; nothing else
may escape (no `KeyError`, `TypeError`, `RecursionError`, cattrs error …). Each test
records how many inputs it ran in `RUNS`; `test_fuzz_totals` (run last in this module)
prints the total.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import random
import shutil
import string
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealterms import State, evaluate
from dealterms.examples import microsoft_openai
from dealterms.io import (
    DEFAULT_LIMITS,
    InvalidFileError,
    dump,
    from_data,
    load,
    load_deal,
    loads,
    run_test_file,
)

ROOT = Path(__file__).resolve().parent.parent
RUNS: Counter[str] = Counter()
SEED = 20250121
# DEALTERMS_FUZZ_SCALE=50 runs fifty times as many inputs (a longer run, by hand).
SCALE = int(os.environ.get("DEALTERMS_FUZZ_SCALE", "1"))
MUTATIONS_PER_DOCUMENT = 40 * SCALE
TEXT_EDITS_PER_FILE = 40 * SCALE

# -- the documents ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of examples/ (so relative deal references work), plus an evaluation file."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "examples", root / "examples")
    state = State(
        as_of="2025-06-01",
        facts={"openai.cumulative_profit": "100000000000 USD"},
        events={"agi-clause.exercised": "2025-05-01"},
    )
    dump(evaluate(microsoft_openai(), state), root / "examples" / "states" / "evaluation.json")
    return root / "examples"


def documents(workdir: Path) -> list[Path]:
    files = [
        workdir / "microsoft_openai.toml",
        workdir / "stargate.toml",
        *sorted((workdir / "scenarios").iterdir()),
        *sorted((workdir / "states").iterdir()),
        *sorted((workdir / "tests").iterdir()),
    ]
    return [f for f in files if f.suffix in (".toml", ".json", ".yaml") and f.name[0] != "_"]


def loader_for(path: Path) -> Callable[[Path], object]:
    return run_test_file if path.parent.name == "tests" else load


def read(path: Path) -> Any:
    text = path.read_text("utf-8")
    if path.suffix == ".toml":
        return tomllib.loads(text)
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


def attempt(load_it: Callable[[Path], object], path: Path, kind: str) -> None:
    """Load `path`; only success or InvalidFileError may come out."""
    RUNS[kind] += 1
    try:
        load_it(path)
    except InvalidFileError as e:
        check(e)


def check(e: InvalidFileError) -> None:
    """The documented shape: at least one problem, each a ValueError, one line each."""
    assert e.exceptions, "an InvalidFileError lists at least one problem"
    assert all(isinstance(x, ValueError) for x in e.exceptions)
    assert len(e.lines()) == len(e.exceptions)


# -- structural mutations --------------------------------------------------------------

WEIRD: list[Any] = [
    None,
    True,
    0,
    -1,
    10**40,
    10**400,
    1.5,
    float("nan"),
    "",
    " ",
    "x" * 500,
    "2025-02-30",
    "1e999 USD",
    "100 usd",
    "-0.0",
    "20%",
    "P0D",
    "P99999Y",
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    dt.datetime(2025, 1, 1, 10, 0, tzinfo=dt.UTC),
    [],
    {},
    [None],
    {"kind": "not"},
    {"kind": "all_of", "conditions": "x"},
    {"amount": "1", "currency": "USD", "x": 1},
    ["a", "a"],
    "\x00",
    "\u2028",
]


def weird(rng: random.Random) -> Any:
    return copy.deepcopy(rng.choice(WEIRD))


def paths(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) pair in `data`, found without recursion."""
    out: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for k, v in list(items):
            out.append((node, k))
            if isinstance(v, dict | list) and v:
                stack.append(v)
    return out


def deep(levels: int) -> Any:
    value: Any = {"kind": "declared", "fact": "f"}
    for _ in range(levels):
        value = {"kind": "not", "condition": value}
    return value


def mutate(data: Any, rng: random.Random) -> Any:
    data = copy.deepcopy(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        spots = paths(data)
        if not spots:
            return data
        node, key = rng.choice(spots)
        action = rng.randrange(9)
        if action == 0 and isinstance(node, dict):
            del node[key]
        elif action == 1 and isinstance(node, dict):
            node[key + rng.choice(["_", "s", "X"])] = node.pop(key)
        elif action == 2 and isinstance(node, dict):
            node[rng.choice(["colour", "kind", "format", "id", "1"])] = weird(rng)
        elif action == 3:
            node[key] = weird(rng)
        elif action == 4:
            node[key] = deep(rng.choice([5, 70, 140, 400]))
        elif action == 5 and isinstance(node, list):
            node.insert(rng.randrange(len(node) + 1), copy.deepcopy(node[key]))
        elif action == 6 and isinstance(node[key], str):
            node[key] = rng.choice(
                [
                    node[key][::-1],
                    node[key].upper(),
                    node[key] + " ",
                    node[key].replace("_", "-"),
                    node[key][:-1],
                ]
            )
        elif action == 7 and isinstance(node[key], list):
            node[key] = {str(i): v for i, v in enumerate(node[key])}
        elif action == 8 and isinstance(node[key], dict):
            node[key] = list(node[key].values())
        else:
            node[key] = weird(rng)
    return data


def write(data: Any, path: Path, rng: random.Random) -> Path:
    """`data` in a random format (falling back to JSON where TOML cannot hold it)."""
    fmt = rng.choice(["json", "toml", "yaml"])
    target = path.with_name(f"_fuzz.{fmt}")
    try:
        if fmt == "toml":
            text = tomli_w.dumps(data)
        elif fmt == "yaml":
            text = yaml.safe_dump(data, allow_unicode=True)
        else:
            text = json.dumps(data, default=str, ensure_ascii=False)
    except (TypeError, ValueError, yaml.YAMLError, RecursionError):
        target = path.with_name("_fuzz.json")
        text = json.dumps(data, default=str, ensure_ascii=False)
    try:
        target.write_text(text, "utf-8")
    except UnicodeEncodeError:
        target.write_text(text.encode("utf-8", "replace").decode("utf-8"), "utf-8")
    return target


def test_structural_mutations(workdir: Path) -> None:
    rng = random.Random(SEED)
    files = documents(workdir)
    for path in files:
        data = read(path)
        for _ in range(MUTATIONS_PER_DOCUMENT):
            target = write(mutate(data, rng), path, rng)
            attempt(loader_for(path), target, "structural")
    assert RUNS["structural"] == len(files) * MUTATIONS_PER_DOCUMENT


# -- textual mutations -----------------------------------------------------------------

NOISE = "[]{}\"',:=#&*!|>-\n\t \\" + string.ascii_letters[:6] + "0123456789.\x00é"


def edit(text: str, rng: random.Random) -> str:
    if not text:
        return rng.choice(NOISE)
    i = rng.randrange(len(text))
    action = rng.randrange(6)
    if action == 0:
        return text[:i] + text[i + 1 :]
    if action == 1:
        return text[:i] + rng.choice(NOISE) + text[i:]
    if action == 2:
        return text[:i] + rng.choice(NOISE) + text[i + 1 :]
    if action == 3:
        lines = text.splitlines(keepends=True)
        j = rng.randrange(len(lines))
        return "".join([*lines[: j + 1], lines[j], *lines[j + 1 :]])
    if action == 4:
        return text[:i]
    j = rng.randrange(len(text))
    a, b = sorted((i, j))
    return text[:a] + text[b:a:-1] + text[b:] if b > a else text


def test_textual_mutations(workdir: Path) -> None:
    rng = random.Random(SEED + 1)
    files = documents(workdir)
    for path in files:
        text = path.read_text("utf-8")
        for _ in range(TEXT_EDITS_PER_FILE):
            mutated = text
            for _ in range(rng.choice([1, 1, 2, 4])):
                mutated = edit(mutated, rng)
            target = path.with_name(f"_fuzz{path.suffix}")
            target.write_bytes(mutated.encode("utf-8", "surrogatepass"))
            attempt(loader_for(path), target, "textual")
    assert RUNS["textual"] == len(files) * TEXT_EDITS_PER_FILE


def test_random_bytes(workdir: Path) -> None:
    rng = random.Random(SEED + 2)
    for suffix in (".json", ".toml", ".yaml"):
        for _ in range(30 * SCALE):
            target = workdir / f"_bytes{suffix}"
            target.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(200))))
            attempt(load, target, "bytes")
            attempt(load_deal, target, "bytes")


# -- random documents ------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.dates(),
    st.sampled_from(["deal", "state", "scenario", "evaluation", "dealterms/1", "1 USD", "0.2"]),
)
keys = st.text(max_size=8) | st.sampled_from(["kind", "id", "as_of"])
values: st.SearchStrategy[Any] = st.deferred(
    lambda: (
        scalars | scalars | st.lists(values, max_size=4) | st.dictionaries(keys, values, max_size=4)
    )
)
documents_data = st.fixed_dictionaries(
    {"kind": st.sampled_from(["deal", "state", "scenario", "evaluation", "x"])},
    optional={
        "format": st.just("dealterms/1") | scalars,
        "as_of": st.dates() | scalars,
        "id": st.text(max_size=5),
        "name": scalars,
        "parties": values,
        "term": values,
        "clauses": values,
        "facts": values,
        "events": values,
        "deal": values,
        "entitlements": values,
        "state": values,
    },
)


@settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents_data)
def test_random_documents(data: dict[str, Any]) -> None:
    RUNS["random"] += 1
    try:
        from_data(data, limits=DEFAULT_LIMITS)
    except InvalidFileError as e:
        check(e)
    RUNS["random"] += 1
    try:
        loads(json.dumps(data, default=str), "json")
    except InvalidFileError as e:
        check(e)


def test_fuzz_totals() -> None:
    total = sum(RUNS.values())
    print(f"\nfuzz inputs run, no undocumented exception: {total} ({dict(RUNS)})")
    assert total > 0 or not RUNS
