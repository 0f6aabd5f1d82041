"""The example notebook runs from top to bottom, and is kept in the repository without outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "microsoft_openai.ipynb"


def test_notebook_is_stored_without_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], "strip the notebook's outputs before committing"
            assert cell.execution_count is None, "strip the notebook's execution counts"


def test_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # jupyter_core warns about its future data paths unless this is set.
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",  # ipykernel's kernel, run with this test's Python
        timeout=120,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on an error

    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert "8 in force, 1 contingent, 1 not in force" in html  # the evaluation's table
    assert "compute-rofr" in html
    assert "On 2028-08-08, OpenAI has the power" in html  # the timeline's changes in words
    assert "is contingent: it depends on openai.cumulative_profit" in text
    assert "agi-clause power [2028-08-08, 2031-01-01)" in text  # the what-if's difference
    assert "yes no" in text
    assert len(images) == 2  # the two charts
