"""Every example in the documentation runs, and prints what the documentation says.

Two kinds of examples are checked:

* Markdown pages `docs/*.md`: every fenced ```` ```python ```` block runs, the blocks of
  one page in order and in one shared namespace (so a page reads as one script). A
  ```` ```text ```` block that follows a Python block, with nothing but blank lines
  between them, is that block's expected output: what the block prints must equal it,
  exactly (only the final newline is ignored). A Python block that prints something but
  has no such output block fails too, so no output on a page goes unchecked.
* Docstrings in the `dealterms` package: the `>>>` examples of every module run as
  doctests (ELLIPSIS and NORMALIZE_WHITESPACE), with `from dealterms import *`, `date`
  and `Decimal` available besides the module's own names.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import importlib.util
import io
import pkgutil
import re
import textwrap
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import dealterms

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.glob("*.md"))

# An opening or closing fence: indentation, three or more backticks or tildes, info string.
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced code block of a Markdown page."""

    lang: str
    code: str
    first_line: int  # 1-based number of the opening fence
    last_line: int  # 1-based number of the closing fence


def fenced_blocks(text: str, name: str) -> list[Block]:
    """Every fenced block of `text`, dedented by its fence's indentation, in order."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        info = opening["info"].strip()
        lang = re.split(r"[\s{]", info, maxsplit=1)[0].lstrip(".") if info else ""
        closing = re.compile(rf"^{re.escape(indent)}{re.escape(fence)}[{fence[0]}]*\s*$")
        for j in range(i + 1, len(lines)):
            if closing.match(lines[j]):
                break
        else:
            pytest.fail(f"{name}:{i + 1}: fenced block is never closed")
        body = "\n".join(line.removeprefix(indent) for line in lines[i + 1 : j])
        blocks.append(Block(lang=lang, code=body, first_line=i + 1, last_line=j + 1))
        i = j + 1
    return blocks


def follows(after: Block, block: Block, lines: list[str]) -> bool:
    """Whether `after` starts right after `block`, with only blank lines between."""
    between = lines[block.last_line : after.first_line - 1]
    return all(not line.strip() for line in between)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_examples(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    lines = text.splitlines()
    blocks = fenced_blocks(text, page.name)
    namespace: dict[str, object] = {"__name__": f"docs.{page.stem}"}
    for k, block in enumerate(blocks):
        if block.lang != "python":
            continue
        where = f"{page.name}:{block.first_line}"
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block.code, where, "exec"), namespace)
        printed = out.getvalue()
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if nxt is not None and nxt.lang == "text" and follows(nxt, block, lines):
            assert printed.removesuffix("\n") == nxt.code.removesuffix("\n"), (
                f"{where}: the block prints something other than the ```text block at "
                f"{page.name}:{nxt.first_line}:\n{printed}"
            )
        else:
            assert not printed, (
                f"{where}: the block prints output but no ```text block follows it:\n{printed}"
            )


def test_docs_have_python_examples() -> None:
    counts = {
        p.name: sum(b.lang == "python" for b in fenced_blocks(p.read_text("utf-8"), p.name))
        for p in PAGES
    }
    for name in ("index.md", "tutorial.md", "concepts.md", "model-your-deal.md"):
        assert counts.get(name, 0) > 0, f"docs/{name} has no ```python example"


def test_fence_parser() -> None:
    text = textwrap.dedent(
        """\
        Intro.

        ```python
        print("a")
        ```

        ```text
        a
        ```

        !!! note
            ```python title="indented"
            x = 1
            ```
        """
    )
    blocks = fenced_blocks(text, "sample.md")
    assert [(b.lang, b.code) for b in blocks] == [
        ("python", 'print("a")'),
        ("text", "a"),
        ("python", "x = 1"),
    ]
    assert follows(blocks[1], blocks[0], text.splitlines())
    assert not follows(blocks[2], blocks[1], text.splitlines())


# ---------------------------------------------------------------------------------------
# Docstring examples.

SKIPPED_MODULES = ("dealterms.cli",)  # the CLI's module runs a program; it has no examples


def _module_names() -> list[str]:
    def fail(name: str) -> None:
        raise ImportError(f"cannot import package {name}")

    names = ["dealterms"]
    names += [
        m.name
        for m in pkgutil.walk_packages(dealterms.__path__, "dealterms.", onerror=fail)
        if not m.name.startswith(SKIPPED_MODULES)
    ]
    return sorted(names)


def _doctest_globals() -> dict[str, object]:
    """What `from dealterms import *` binds, plus `date` and `Decimal`."""
    star = {name: getattr(dealterms, name) for name in dealterms.__all__}
    return {**star, "date": date, "Decimal": Decimal}


MODULES = _module_names()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    if name == "dealterms.strategies" and importlib.util.find_spec("hypothesis") is None:
        pytest.skip("dealterms.strategies needs Hypothesis")
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = finder.find(module, name, extraglobs=_doctest_globals())
    report = io.StringIO()
    failed = sum(
        runner.run(test, out=report.write).failed for test in sorted(tests, key=lambda t: t.name)
    )
    assert failed == 0, f"{failed} docstring example(s) failed:\n{report.getvalue()}"
