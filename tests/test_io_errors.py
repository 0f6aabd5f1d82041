"""dealterms.io: every validation rule has a bad file, and its problems are all reported."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

import dealterms.io
from dealterms.exceptions import DealtermsError, InvalidDealError, UnknownReferenceError
from dealterms.io import InvalidFileError, Limits, from_data, load, load_deal, loads

BAD = Path(__file__).resolve().parent / "golden" / "bad"
EXPECTED: dict[str, Any] = tomllib.loads((BAD / "expected.toml").read_text("utf-8"))


def test_every_bad_file_is_listed() -> None:
    files = {p.name for p in BAD.iterdir() if p.name != "expected.toml"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file(name: str) -> None:
    spec = EXPECTED[name]
    loader = getattr(dealterms.io, spec.get("loader", "load"))
    with pytest.raises(InvalidFileError) as caught:
        loader(BAD / name, limits=Limits(**spec.get("limits", {})))
    e = caught.value
    assert e.file == str(BAD / name)
    assert e.message.startswith(f"{BAD / name}: ")
    found = [(line, x.path, x.message) for line, x in zip(e.locations, e.exceptions, strict=True)]
    wanted = spec["problems"]
    assert len(found) == len(wanted), found
    for (line, path, message), want in zip(found, wanted, strict=True):
        assert want["contains"] in message
        assert path == want["path"]
        assert line == want.get("line")
    lines = e.lines()
    assert len(lines) == len(wanted)
    for text, (line, path, _) in zip(lines, found, strict=True):
        assert text.endswith(f" @ {path}")
        assert text.startswith(f"line {line}: ") if line is not None else "line" not in text[:5]
    assert f"({len(wanted)} problem" in str(e)


def test_the_error_is_a_dealterms_error_and_a_group_of_value_errors() -> None:
    with pytest.raises(DealtermsError) as caught:
        load(BAD / "several-problems.toml")
    e = caught.value
    assert isinstance(e, InvalidDealError)
    assert isinstance(e, InvalidFileError)
    assert all(isinstance(x, ValueError) for x in e.exceptions)


def test_problems_keep_their_type() -> None:
    with pytest.raises(InvalidFileError) as caught:
        load(BAD / "deal-references.toml")
    unknown, _ = caught.value.split(UnknownReferenceError)
    assert unknown is not None
    assert isinstance(unknown, InvalidFileError)
    assert [x.got for x in unknown.exceptions] == ["gamma"]  # type: ignore[union-attr]
    assert unknown.locations == (14,)


def test_the_file_is_not_half_loaded(tmp_path: Path) -> None:
    # A deal whose last clause is bad yields no deal at all, not the good part of it.
    good = (
        Path(__file__).resolve().parent.parent / "examples" / "microsoft_openai.toml"
    ).read_text()
    bad = good.replace('ends = ["advanced-models-access"]', 'ends = "advanced-models-access"')
    path = tmp_path / "deal.toml"
    path.write_text(bad)
    with pytest.raises(InvalidFileError) as caught:
        load_deal(path)
    assert [x.path for x in caught.value.exceptions] == ["$.clauses[6].ends"]


def test_a_missing_file_is_a_file_error() -> None:
    with pytest.raises(InvalidFileError) as caught:
        load("no/such/file.toml")
    assert "cannot read the file" in caught.value.lines()[0]


@pytest.mark.parametrize("suffix", [".txt", ".xml", ""])
def test_unknown_extensions(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deal{suffix}"
    path.write_text("x")
    with pytest.raises(InvalidFileError) as caught:
        load(path)
    assert "unknown file type" in caught.value.lines()[0]


def test_errors_in_text_and_data_name_no_file() -> None:
    with pytest.raises(InvalidFileError) as caught:
        loads('kind = "state"\nas_of = "x"\n', "toml")
    assert caught.value.file == "<text>"
    assert caught.value.lines() == ["line 2: expected an ISO date YYYY-MM-DD, got 'x' @ $.as_of"]
    with pytest.raises(InvalidFileError) as caught:
        from_data({"kind": "state", "as_of": "x"})
    assert caught.value.file == "<data>"
    assert caught.value.locations == (None,)


def test_deep_nesting_is_an_error_never_a_recursion_error() -> None:
    for fmt, text in (
        ("json", "[" * 100_000),
        ("toml", "a = " + "[" * 100_000),
        ("yaml", "a: " + "[" * 100_000),
        ("yaml", "".join(f"{' ' * i}k:\n" for i in range(1_200))),
    ):
        with pytest.raises(InvalidFileError) as caught:
            loads(text, fmt)  # type: ignore[arg-type]
        assert "nested too deeply" in caught.value.lines()[0]
    deep: dict[str, Any] = {"kind": "declared", "fact": "f"}
    for _ in range(10_000):
        deep = {"kind": "not", "condition": deep}
    with pytest.raises(InvalidFileError) as caught:
        from_data({"kind": "state", "as_of": "2025-01-01", "facts": {"x": deep}})
    assert "nested too deeply" in caught.value.lines()[0]


def test_yaml_never_builds_objects(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    for tag in ("!!python/object/apply:os.system", "!!python/name:os.system", "!!binary", "!!set"):
        text = f"kind: state\nas_of: 2025-01-01\nfacts: {tag} ['touch {marker}']\n"
        with pytest.raises(InvalidFileError) as caught:
            loads(text, "yaml")
        assert "is not allowed" in caught.value.lines()[0]
    assert not marker.exists()


def test_billion_laughs_is_refused_fast() -> None:
    lines = ['a0: &a0 ["lol"]'] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    text = "\n".join(lines)
    with pytest.raises(InvalidFileError) as caught:
        loads("kind: state\nas_of: 2025-01-01\n" + text, "yaml")
    assert any("aliases" in line for line in caught.value.lines())


def test_limits_are_validated() -> None:
    with pytest.raises(DealtermsError):
        Limits(max_depth=0)
    with pytest.raises(DealtermsError):
        Limits(max_bytes=True)  # type: ignore[arg-type]
