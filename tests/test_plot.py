"""The timeline chart: rows, bars and markers (read back from the figure and the SVG), and
reproducible files; `dealterms timeline --plot`."""

from __future__ import annotations

import re
import struct
import sys
from datetime import date
from pathlib import Path

import pytest

from dealterms import Action, Deal, Party, Permission, Scenario, Term, timeline
from dealterms._plot import markers
from dealterms.cli import main
from dealterms.examples import microsoft_openai_scenarios
from dealterms.exceptions import InvalidValueError, MissingDependencyError

mdates = pytest.importorskip("matplotlib.dates")

ASSET = Path(__file__).resolve().parent.parent / "docs" / "assets" / "profit-forecast.svg"
REGENERATE = (
    "dealterms timeline --example microsoft-openai --from 2024-01-01 --to 2031-12-31 "
    "--scenario profit-forecast --plot docs/assets/profit-forecast.svg"
)


def forecast():  # type: ignore[no-untyped-def]
    return timeline(microsoft_openai_scenarios()["profit-forecast"], "2024-01-01", "2031-12-31")


def bars(fig) -> dict[str, list[tuple[date, date]]]:  # type: ignore[no-untyped-def]
    """gid -> the (first day, first day after) of each bar of that collection."""
    out = {}
    for coll in fig.axes[0].collections:
        gid = coll.get_gid()
        if gid and gid.startswith("bar-"):
            spans = []
            for path in coll.get_paths():
                xs = path.vertices[:, 0]
                lo, hi = mdates.num2date(xs.min()).date(), mdates.num2date(xs.max()).date()
                spans.append((lo, hi))
            out[gid] = sorted(spans)
    return out


def svg_facts(svg: str) -> tuple[list[str], list[str]]:
    """The element ids (bars and markers) and the texts of an SVG chart."""
    ids = re.findall(r'id="((?:bar|marker)-[^"]*)"', svg)
    texts = [
        re.sub(r"&#x27;|&apos;", "'", t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    ]
    return ids, texts


def test_one_row_per_entitlement_with_bars_where_it_is_in_force_or_contingent() -> None:
    t = forecast()
    fig = t.plot()
    labels = [tick.get_text() for tick in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(t.spans[0].evaluation.entitlements) == 10
    assert labels[1] == "agi-clause · OpenAI power: limit-advanced-model-access"
    assert "compute-exclusivity · Microsoft claim: no non-azure-compute by OpenAI" in labels
    found = bars(fig)
    # The January 2025 revision: exclusivity ends, the ROFR and the permission begin.
    assert found["bar-3-compute-exclusivity-claim-in_force"] == [
        (date(2024, 1, 1), date(2025, 1, 21))
    ]
    assert found["bar-4-compute-rofr-claim-in_force"] == [(date(2025, 1, 21), date(2031, 1, 1))]
    # The AGI threshold in the forecast: the power is contingent (no figure yet), then in
    # force from the day cumulative profit reaches $100B.
    assert found["bar-1-agi-clause-power-contingent"] == [(date(2024, 1, 1), date(2025, 1, 1))]
    assert found["bar-1-agi-clause-power-in_force"] == [(date(2028, 8, 8), date(2031, 1, 1))]
    assert not any("not_in_force" in gid for gid in found)


def test_markers_for_the_amendment_the_threshold_and_the_term() -> None:
    t = forecast()
    assert [(m.day.isoformat(), m.kind, m.label) for m in markers(t)] == [
        ("2025-01-01", "change", "agi-clause not in force"),
        ("2025-01-21", "amendment", "amendment january-2025-revision"),
        ("2028-08-08", "change", "agi-clause in force"),
        ("2031-01-01", "term", "the deal's term has ended"),
    ]
    exercised = timeline(microsoft_openai_scenarios()["agi-exercised"], "2028-01-01", "2029-12-31")
    assert [(m.day.isoformat(), m.kind) for m in markers(exercised)] == [
        ("2028-08-08", "change"),
        ("2029-03-01", "event"),
    ]
    removed = timeline(
        microsoft_openai_scenarios()["profit-forecast-agi-removed"], "2025-01-01", "2025-12-31"
    )
    assert [m.label for m in markers(removed)] == [
        "amendment january-2025-revision",
        "what-if remove-agi-clause",
    ]


def test_svg_has_the_rows_bars_and_markers(tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    fig = forecast().plot(out)
    assert fig is not None
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<?xml")
    assert svg.rstrip().endswith("</svg>")
    ids, texts = svg_facts(svg)
    assert "bar-1-agi-clause-power-in_force" in ids
    assert "marker-2-amendment-2025-01-21" in ids
    assert "marker-3-change-2028-08-08" in ids
    assert "2  2025-01-21: amendment january-2025-revision" in texts
    assert "3  2028-08-08: agi-clause in force" in texts
    assert "compute-rofr · Microsoft claim: new-compute-capacity" in texts
    assert (
        "Microsoft–OpenAI partnership: scenario profit-forecast, 2024-01-01 through 2031-12-31"
        in texts
    )
    assert "<dc:date>" not in svg  # no timestamp


def test_files_are_reproducible(tmp_path: Path) -> None:
    t = forecast()
    for suffix in (".svg", ".png"):
        a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        t.plot(a)
        t.plot(b)
        assert a.read_bytes() == b.read_bytes(), suffix


def test_png_is_a_png(tmp_path: Path) -> None:
    out = tmp_path / "chart.PNG"
    forecast().plot(out)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert width > 800
    assert height > 300


def test_a_dollar_sign_in_a_name_is_text_not_mathematics(tmp_path: Path) -> None:
    deal = Deal(
        id="d",
        name="The $5 deal, $x$",
        parties=(Party(id="a", name="$A$ Corp"), Party(id="b", name="B")),
        actions=(Action(id="x", description="do x"),),
        term=Term(effective_date="2024-01-01"),
        clauses=(Permission(id="p", holder="a", counterparty="b", action="x"),),
    )
    out = tmp_path / "d.svg"
    timeline(Scenario(id="s", deal=deal), "2024-01-01", "2024-12-31").plot(out)
    _, texts = svg_facts(out.read_text(encoding="utf-8"))
    assert "p · $A$ Corp privilege: x" in texts
    assert "The $5 deal, $x$: scenario s, 2024-01-01 through 2024-12-31" in texts


def test_other_file_types_are_refused_before_drawing(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match=r"must end in \.svg or \.png"):
        forecast().plot(tmp_path / "chart.pdf")
    assert not (tmp_path / "chart.pdf").exists()


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'dealterms\[plot\]'"):
        forecast().plot()


def test_the_docs_chart_is_up_to_date(tmp_path: Path) -> None:
    """docs/assets/profit-forecast.svg shows what the chart draws today (same rows, bars,
    markers and texts; the drawing itself may differ between matplotlib versions)."""
    fresh = tmp_path / "fresh.svg"
    forecast().plot(fresh)
    assert ASSET.exists(), f"missing; regenerate it with: {REGENERATE}"
    assert svg_facts(ASSET.read_text("utf-8")) == svg_facts(fresh.read_text("utf-8")), (
        f"docs/assets/profit-forecast.svg is out of date; regenerate it with: {REGENERATE}"
    )


# -- the command line ------------------------------------------------------------------------

ARGS = [
    "timeline", "--example", "microsoft-openai", "--from", "2024-01-01", "--to", "2031-12-31",
    "--scenario", "profit-forecast",
]  # fmt: skip


def test_cli_plot_writes_the_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.svg"
    assert main([*ARGS, "--plot", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Chart written to {out}" in printed
    assert "In words:" in printed
    assert "  - On 2028-08-08, OpenAI has the power" in printed
    ids, _ = svg_facts(out.read_text("utf-8"))
    assert "marker-3-change-2028-08-08" in ids
    png = tmp_path / "out.png"
    assert main([*ARGS, "--plot", str(png), "--format", "json"]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert capsys.readouterr().out.startswith("{")


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        ("chart.pdf", "must end in .svg or .png"),
        ("no-such-dir/chart.svg", "cannot write the chart"),
    ],
)
def test_cli_plot_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, needle: str
) -> None:
    assert main([*ARGS, "--plot", str(tmp_path / target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("dealterms: error:")
    assert needle in err


def test_cli_plot_without_matplotlib(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main([*ARGS, "--plot", str(tmp_path / "out.svg")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "pip install 'dealterms[plot]'" in err
    assert not (tmp_path / "out.svg").exists()
