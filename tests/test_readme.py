"""The README's Python example runs and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_python_example_runs() -> None:
    text = README.read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0] == "yes"
    assert lines[1] == "Contingent(missing=('openai.cumulative_profit',))"
    assert lines[2] == "no"
    assert lines[-1] == "not_in_force"


def test_readme_quick_start_has_exactly_two_commands() -> None:
    commands = re.findall(r"^    \$ (.+)$", README.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert commands == [
        (
            "python -m pip install . && dealterms evaluate --example microsoft-openai "
            "--as-of 2025-06-01"
        ),
        "python -m pip install '.[tests]' && python -m pytest",
    ]
