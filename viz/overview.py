"""The static overview map (guide 004 §5.3.6 a, Annex B; §5.3.1) as PNG, PDF or SVG, on one
sheet of A3, A2 or A1, with matplotlib.

Layout follows figure B.1 (see `viz.overview_layout`): each segment (upstream / midstream /
downstream) under its header, its industries (links) as boxes flowing down one or more columns,
in-province ones first; each box with the industry name and worst open grade, its bottleneck
marks, its main enterprises (leaders ★, followers ▲, the rest counted), regions, key products,
the links it feeds and its risk points. Arrows between the boxes draw the link flows. A title
block carries chain name, date and version; a legend explains every mark.

Text stays text: SVG writes <text> elements, and the PDF is that SVG printed by WeasyPrint,
which embeds the CJK font as subsets with Unicode maps, so Chinese in the exports can be
selected and searched. Every box and text element
carries an id (``box-N``, ``box-N-M``), so a test can check that no text leaves its box.
"""

from __future__ import annotations

import base64
import io
from html import escape
from typing import TYPE_CHECKING, Any, Literal

from graph.views.models import OverviewView
from viz.fonts import cjk_font_family, load_matplotlib, quiet_font_subsetting
from viz.overview_layout import (
    LINE,
    MARGIN,
    PAD,
    TITLE_H,
    Block,
    PageLayout,
    clipped,
    lay_out,
    legend_items,
    legend_row_height,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["PNG_DPI", "map_title", "render_overview"]

PNG_DPI = 300
GRADE_COLOUR = {"★★★": "#c0392b", "★★": "#e67e22", "★": "#b7950b"}
IN_PROVINCE_FILL = "#fdf2e9"
OUT_PROVINCE_FILL = "#f4f6f7"
HEADER_FILL = "#2c3e50"
FLOW_COLOUR = "#7f8c8d"


class _Canvas:
    """Draws in points from the top-left corner of the page."""

    def __init__(self, fig: Figure, width: float, height: float, family: str) -> None:
        self.ax: Axes = fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, width)
        self.ax.set_ylim(height, 0)
        self.ax.axis("off")
        self.family = family

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float,
        bold: bool = False,
        colour: str = "#1c2833",
        ha: Literal["left", "center", "right"] = "left",
        gid: str | None = None,
    ) -> None:
        t = self.ax.text(
            x,
            y,
            text,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            color=colour,
            ha=ha,
            va="top",
            family=[self.family, "DejaVu Sans"],
            zorder=3,
        )
        if gid:
            t.set_gid(gid)

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str,
        edge: str = "#85929e",
        dashed: bool = False,
        lw: float = 0.8,
        rounded: bool = True,
        gid: str | None = None,
    ) -> None:
        from matplotlib.patches import FancyBboxPatch, Rectangle

        patch: Rectangle | FancyBboxPatch
        if rounded:
            patch = FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=3")
        else:
            patch = Rectangle((x, y), w, h)
        patch.set(facecolor=fill, edgecolor=edge, linewidth=lw, zorder=2)
        patch.set_linestyle("--" if dashed else "-")
        if gid:
            patch.set_gid(gid)
        self.ax.add_patch(patch)

    def arrow(self, start: tuple[float, float], end: tuple[float, float], rad: float) -> None:
        from matplotlib.patches import FancyArrowPatch

        self.ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=7,
                connectionstyle=f"arc3,rad={rad}",
                color=FLOW_COLOUR,
                linewidth=0.7,
                alpha=0.75,
                zorder=1,
            )
        )


def _draw_block(c: _Canvas, n: int, block: Block) -> None:
    ind = block.industry
    if ind is None:  # a band label
        for i, line in enumerate(block.lines):
            c.text(block.x, block.y + i * line.size * LINE, line.text, size=line.size, bold=True)
        return
    c.box(
        block.x,
        block.y,
        block.width,
        block.height,
        fill=IN_PROVINCE_FILL if ind.in_province else OUT_PROVINCE_FILL,
        edge="#a04000" if ind.in_province else "#85929e",
        lw=1.2 if ind.in_province else 0.7,
        dashed=ind.illustrative,
        gid=f"box-{n}",
    )
    y = block.y + PAD
    for m, line in enumerate(block.lines):
        c.text(
            block.x + PAD + line.indent,
            y,
            line.text,
            size=line.size,
            bold=line.bold,
            colour=line.colour,
            gid=f"box-{n}-{m}",
        )
        y += line.size * LINE
    if ind.grade:
        size = block.lines[0].size
        c.text(
            block.x + block.width - PAD,
            block.y + PAD,
            ind.grade,
            size=size,
            bold=True,
            colour=GRADE_COLOUR[ind.grade],
            ha="right",
            gid=f"box-{n}-grade",
        )


def _draw_flows(c: _Canvas, view: OverviewView, layout: PageLayout) -> None:
    """One arrow per link flow, between the first boxes of the two links: right edge to left
    edge when the customer stands to the right, round the right side within a column."""
    first: dict[str, Block] = {}
    for block in layout.blocks:
        if block.industry is not None:
            first.setdefault(block.industry.link, block)
    for src, dst in view.flows:
        a, b = first.get(src), first.get(dst)
        if a is None or b is None or a is b:
            continue
        ay, by = a.y + min(a.height / 2, 18), b.y + min(b.height / 2, 18)
        if b.x > a.x + 1:
            c.arrow((a.x + a.width, ay), (b.x, by), 0.08)
        elif b.x < a.x - 1:
            c.arrow((a.x, ay), (b.x + b.width, by), 0.25)
        else:
            c.arrow((a.x + a.width, ay), (b.x + b.width, by), -0.35 if by > ay else 0.35)


def _draw_page(view: OverviewView, layout: PageLayout, fig: Figure, family: str) -> None:
    fig.set_size_inches(layout.width / 72, layout.height / 72)
    c = _Canvas(fig, layout.width, layout.height, family)
    style = layout.style

    # Title block: the map's name on the left, date / version / province / size on the right.
    y = MARGIN
    c.text(MARGIN, y, map_title(view.chain_name), size=20, bold=True)
    c.text(
        MARGIN,
        y + 28,
        "静态总图（T/GQDA 产业链质量提升实施导则 附录 B）",
        size=max(9.0, style.body),
        colour="#566573",
    )
    rows = [
        ("编制日期", view.generated_on.isoformat()),
        ("版本", view.version or "—"),
        ("本省", view.home_province),
        ("企业", f"{view.enterprise_count} 家"),
    ]
    block_w, key_w, row_h = 330.0, 50.0, 11.0
    block_x = layout.width - MARGIN - block_w
    c.box(block_x, y - 4, block_w, 4 * row_h + 6, fill="#ffffff", edge="#2c3e50", rounded=False)
    for i, (k, v) in enumerate(rows):
        c.text(block_x + 6, y + i * row_h, k, size=8, bold=True)
        value = clipped(v, 8, block_w - key_w - 12, 1)[0]
        c.text(block_x + 6 + key_w, y + i * row_h, value, size=8, gid=f"title-{i}")

    top = MARGIN + TITLE_H
    for seg in layout.segments:
        c.box(seg.x, top, seg.width, layout.header_height, fill=HEADER_FILL, edge=HEADER_FILL)
        yy = top + PAD
        for line in seg.header:
            c.text(
                seg.x + seg.width / 2,
                yy,
                line.text,
                size=line.size,
                bold=line.bold,
                colour=line.colour,
                ha="center",
            )
            yy += line.size * LINE

    _draw_flows(c, view, layout)
    for n, block in enumerate(layout.blocks):
        _draw_block(c, n, block)
    _draw_legend(c, layout)


def _draw_legend(c: _Canvas, layout: PageLayout) -> None:
    style = layout.style
    b = style.body
    width = layout.width - 2 * MARGIN
    items = legend_items(style, width)
    row_h = legend_row_height(style)
    h = (max(i.row for i in items) + 1) * row_h + 2 * PAD
    y0 = layout.legend_top
    c.box(MARGIN, y0, width, h, fill="#ffffff", edge="#85929e", rounded=False, gid="legend")
    c.text(MARGIN + PAD, y0 + PAD, "图例", size=b + 1, bold=True)
    for item in items:
        x, y = MARGIN + PAD + item.x, y0 + PAD + item.row * row_h
        if item.box is not None:
            fill, edge, dashed = item.box
            c.box(x, y, 2.4 * b, b, fill=fill, edge=edge, dashed=dashed, lw=1.0)
            c.text(x + 2.4 * b + 4, y, item.meaning, size=b)
            continue
        from viz.overview_layout import text_width

        c.text(x, y, item.sample, size=b, bold=item.bold, colour=item.colour)
        c.text(x + text_width(item.sample, b, item.bold) + 4, y, item.meaning, size=b)


def render_overview(
    view: OverviewView,
    fmt: Literal["png", "pdf", "svg"],
    *,
    paper: str = "A3",
    orientation: str = "landscape",
) -> bytes:
    """Render the Annex B overview map on one sheet.

    Parameters
    ----------
    view : OverviewView
        From `graph.views.overview_view.build_overview_view`.
    fmt : {"png", "pdf", "svg"}
        PNG at 300 dpi for the sheet (A3 landscape: 4961 × 3508 px); PDF and SVG are vector
        with real text, the page exactly the sheet.
    paper : {"A3", "A2", "A1"}
    orientation : {"landscape", "portrait"}

    Returns
    -------
    bytes
        The file's content.

    Raises
    ------
    ValueError
        For an unknown format, paper or orientation.
    MissingFontError
        If no CJK font is installed.
    """
    if fmt not in ("png", "pdf", "svg"):
        raise ValueError(f"unsupported format {fmt!r}; use png, pdf or svg")
    family = cjk_font_family()
    layout = lay_out(view, paper, orientation)
    rc: dict[str, Any] = {
        "svg.fonttype": "none",  # <text> elements, not paths
        "font.family": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,
    }
    load_matplotlib()
    import matplotlib
    from matplotlib.figure import Figure

    drawn = "svg" if fmt == "pdf" else fmt
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig = Figure()
        _draw_page(view, layout, fig, family)
        buf = io.BytesIO()
        fig.savefig(buf, format=drawn, dpi=PNG_DPI, metadata={"Title": map_title(view.chain_name)})
    if fmt == "pdf":
        return _pdf_of_svg(buf.getvalue(), layout.width, layout.height, map_title(view.chain_name))
    return buf.getvalue()


def _pdf_of_svg(svg: bytes, width: float, height: float, title: str) -> bytes:
    """The SVG printed on one page of exactly its size by WeasyPrint, which embeds the CJK font
    as what it is (CFF subsets with Unicode maps). matplotlib's own PDF declares the OpenType/CFF
    collection as TrueType (matplotlib issue #20870), which strict readers refuse."""
    quiet_font_subsetting()
    import weasyprint

    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    html = (
        f'<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="description" content="产业链质量图谱 静态总图"><style>'
        f"@page {{ size: {width}pt {height}pt; margin: 0 }} body {{ margin: 0 }}"
        f"img {{ display: block; width: {width}pt; height: {height}pt }}</style></head>"
        f'<body><img alt="{escape(title)}" src="{source}"></body></html>'
    )
    return weasyprint.HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def map_title(chain_name: str) -> str:
    """'临清轴承产业链' → '临清轴承产业链质量图谱'; other names get ' 产业链质量图谱'."""
    if chain_name.endswith("产业链"):
        return f"{chain_name}质量图谱"
    return f"{chain_name} 产业链质量图谱"
