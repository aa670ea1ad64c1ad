"""The report's charts (grade distribution per link, enterprises per province, project progress)
as SVG or PNG, with matplotlib: the same drawing in the report and at the chart endpoints.

A chart is horizontal stacked bars, one row per category, so long Chinese link and project
names read without rotation. SVG keeps its text as <text> elements.
"""

from __future__ import annotations

import io
from typing import Any, Literal

from graph.reports.models import ChartSeries
from viz.fonts import cjk_font_family, load_matplotlib

__all__ = ["CHART_DPI", "render_chart"]

CHART_DPI = 200
WIDTH_IN = 6.3  # the text width of an A4 page with 2 cm margins
ROW_IN = 0.26
LABEL_CHARS = 18  # longer category names are cut with …


def _label(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def render_chart(chart: ChartSeries, fmt: Literal["svg", "png"]) -> bytes:
    """Draw `chart` as horizontal stacked bars with a legend and the value of each bar.

    Raises
    ------
    ValueError
        For a format other than svg or png.
    MissingFontError
        If no CJK font is installed.
    """
    if fmt not in ("svg", "png"):
        raise ValueError(f"unsupported format {fmt!r}; use svg or png")
    family = cjk_font_family()
    load_matplotlib()
    import matplotlib
    from matplotlib.figure import Figure

    rc: dict[str, Any] = {
        "svg.fonttype": "none",
        "font.family": [family, "DejaVu Sans"],
        "font.size": 8,
        "axes.unicode_minus": False,
    }
    rows = max(1, len(chart.categories))
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig = Figure(figsize=(WIDTH_IN, 0.9 + rows * ROW_IN), layout="constrained")
        ax = fig.add_subplot()
        ax.set_title(chart.title, fontsize=10, fontweight="bold", loc="left")
        if not chart.categories:
            ax.text(0.5, 0.5, "暂无数据", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        else:
            _bars(ax, chart)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=CHART_DPI, metadata={"Title": chart.title})
    return buf.getvalue()


def _bars(ax: Any, chart: ChartSeries) -> None:
    ys = list(range(len(chart.categories)))
    left = [0.0] * len(ys)
    for n, (name, values) in enumerate(chart.series):
        colour = chart.colours[n] if n < len(chart.colours) else None
        ax.barh(ys, values, left=left, color=colour, label=name, height=0.65)
        left = [a + b for a, b in zip(left, values, strict=True)]
    total = max(left, default=0.0)
    for y, value in zip(ys, left, strict=True):
        ax.text(value + total * 0.01, y, f"{value:g}", va="center", fontsize=7)
    ax.set_yticks(ys, [_label(c) for c in chart.categories])
    ax.invert_yaxis()
    ax.set_xlim(0, total * 1.12 or 1)
    ax.set_xlabel(chart.unit)
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if len(chart.series) > 1:
        ax.legend(loc="lower right", fontsize=7, frameon=False)
