"""The static overview map (guide 004 §5.3.6 a, Annex B) as PNG, PDF or SVG, with matplotlib.

Layout follows figure B.1: one column per segment (upstream / midstream / downstream); in each,
the in-province industries above and the out-of-province ones below, each as a box with the
industry (link) name, its main enterprises (leaders marked ★, followers ▲), its regions
(in-province ones in bold) and key products. A title block carries chain name, date and
version; a legend explains the marks.

Text stays text: PDF embeds the CJK font as TrueType (fonttype 42) and SVG writes <text>
elements, so Chinese in the exports can be selected and searched.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from graph.views.models import OverviewIndustry, OverviewView

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, Rectangle

__all__ = ["CJK_FONT_FAMILIES", "MissingFontError", "cjk_font_family", "render_overview"]

CJK_FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Serif SC",
    "Noto Sans CJK JP",  # the same Pan-CJK glyph set under another default locale
)
DEBIAN_PACKAGE = "fonts-noto-cjk"
_CJK_FILE_HINTS = ("NotoSansCJK", "NotoSerifCJK", "SourceHanSans", "SourceHanSerif")

PAGE_WIDTH_IN = 16.5  # A3 landscape width
PNG_DPI = 200  # 16.5 in × 200 dpi = 3300 px
PT = 1.0  # layout unit: one typographic point (1/72 in)
MARGIN = 30 * PT
GUTTER = 14 * PT
BOX_PAD = 8 * PT
BOX_GAP = 10 * PT
BODY_SIZE = 10.0
NAME_SIZE = 13.0
LINE = 1.45  # line height in font sizes

ROLE_NAMES = {"chain_owner": "链主", "backbone": "骨干", "member": ""}
GRADE_COLOUR = {"★★★": "#c0392b", "★★": "#e67e22", "★": "#b7950b"}
LEADER_COLOUR = "#9a7d0a"
FOLLOWER_COLOUR = "#21618c"
IN_PROVINCE_FILL = "#fdf2e9"
OUT_PROVINCE_FILL = "#f4f6f7"
HEADER_FILL = "#2c3e50"


class MissingFontError(RuntimeError):
    """No CJK font is installed, so Chinese would render as empty boxes."""


@functools.cache
def _load_matplotlib() -> None:
    """Import matplotlib on the first drawing only (the service and the CLI start without it)
    and set the Agg backend once: never a GUI backend, this runs inside a server. Every
    function here that uses matplotlib calls this before its own imports from it."""
    import matplotlib

    matplotlib.use("Agg")


def cjk_font_family() -> str:
    """The name of an installed CJK font family matplotlib can use.

    Raises
    ------
    MissingFontError
        If none of `CJK_FONT_FAMILIES` is installed (Debian: ``apt-get install fonts-noto-cjk``).
    """
    found = _installed_cjk_family()
    if found is None:
        # Fonts installed after matplotlib built its cache: register them and look again.
        _load_matplotlib()
        from matplotlib import font_manager

        for path in font_manager.findSystemFonts():
            if any(hint in path for hint in _CJK_FILE_HINTS):
                font_manager.fontManager.addfont(path)
        found = _installed_cjk_family()
    if found is None:
        raise MissingFontError(
            "No CJK font found for the overview map (looked for "
            + ", ".join(CJK_FONT_FAMILIES)
            + f"). Install the Debian package {DEBIAN_PACKAGE}: "
            + f"apt-get install -y {DEBIAN_PACKAGE}"
        )
    return found


def _installed_cjk_family() -> str | None:
    _load_matplotlib()
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONT_FAMILIES if name in names), None)


# --- text measuring and wrapping --------------------------------------------------------------


def _char_width(ch: str) -> float:
    """Advance width in ems; CJK and full-width forms are one em, Latin about half."""
    if ord(ch) >= 0x2E80 or ch in "★▲●■…":
        return 1.0
    if ch == " ":
        return 0.3
    return 0.58


def text_width(text: str, size: float) -> float:
    return sum(_char_width(c) for c in text) * size


def wrap(text: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width` points, between any two characters."""
    lines, current, used = [], "", 0.0
    for ch in text:
        w = _char_width(ch) * size
        if current and used + w > width:
            lines.append(current.rstrip())
            current, used = ch.lstrip(), (w if ch.strip() else 0.0)
            continue
        current += ch
        used += w
    if current:
        lines.append(current)
    return lines or [""]


# --- layout -----------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    size: float = BODY_SIZE
    bold: bool = False
    colour: str = "#1c2833"
    indent: float = 0.0


def _industry_lines(ind: OverviewIndustry, width: float) -> list[_Line]:
    """The text of one industry box, wrapped to the box's inner width."""
    lines: list[_Line] = []
    name = ind.name + ("（示意）" if ind.illustrative else "")
    lines += [_Line(t, NAME_SIZE, True) for t in wrap("产业名称：" + name, NAME_SIZE, width - 40)]
    lines.append(_Line("主要企业：", bold=True))
    if not ind.enterprises:
        lines.append(_Line("—", indent=10))
    for e in ind.enterprises:
        mark = "★" if e.leader else "▲"
        role = ROLE_NAMES.get(e.role, "")
        text = f"{mark} {e.name}" + (f"（{role}）" if role else "")
        for t in wrap(text, BODY_SIZE, width - 10):
            lines.append(
                _Line(
                    t,
                    bold=e.leader,
                    colour=LEADER_COLOUR if e.leader else FOLLOWER_COLOUR,
                    indent=10,
                )
            )
    if ind.more_enterprises:
        lines.append(_Line(f"等另外 {ind.more_enterprises} 家", colour="#566573", indent=10))
    regions = "、".join(f"{r.name}({r.count})" for r in ind.regions) or "—"
    lines += [
        _Line(t, bold=ind.in_province) for t in wrap("分布地域：" + regions, BODY_SIZE, width)
    ]
    products = "、".join(ind.products) or "—"
    lines += [_Line(t) for t in wrap("重点产品：" + products, BODY_SIZE, width)]
    lines.append(_Line(f"质量阶梯：领导者 {ind.leaders} · 跟随者 {ind.followers}"))
    return lines


def _lines_height(lines: list[_Line]) -> float:
    return sum(line.size * LINE for line in lines)


class _Canvas:
    """Draws in points from the top-left corner of the page."""

    def __init__(self, fig: Figure, width: float, height: float, family: str) -> None:
        self.ax = fig.add_axes((0, 0, 1, 1))
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
        size: float = BODY_SIZE,
        bold: bool = False,
        colour: str = "#1c2833",
        ha: Literal["left", "center", "right"] = "left",
    ) -> None:
        self.ax.text(
            x,
            y,
            text,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            color=colour,
            ha=ha,
            va="top",
            family=[self.family, "DejaVu Sans"],
        )

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
    ) -> None:
        _load_matplotlib()
        from matplotlib.patches import FancyBboxPatch, Rectangle

        if rounded:
            patch: Rectangle | FancyBboxPatch = FancyBboxPatch(
                (x, y),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=4",
                facecolor=fill,
                edgecolor=edge,
                linewidth=lw,
                linestyle="--" if dashed else "-",
            )
        else:
            patch = Rectangle(
                (x, y),
                w,
                h,
                facecolor=fill,
                edgecolor=edge,
                linewidth=lw,
                linestyle="--" if dashed else "-",
            )
        self.ax.add_patch(patch)


def _draw_lines(c: _Canvas, x: float, y: float, lines: list[_Line]) -> None:
    for line in lines:
        c.text(x + line.indent, y, line.text, size=line.size, bold=line.bold, colour=line.colour)
        y += line.size * LINE


def _column_header(name: str) -> str:
    return name if name.endswith("产业") else f"{name}产业"


def _draw_industry(c: _Canvas, x: float, y: float, w: float, ind: OverviewIndustry) -> float:
    """Draw one industry box; return its height."""
    lines = _industry_lines(ind, w - 2 * BOX_PAD)
    h = _lines_height(lines) + 2 * BOX_PAD
    c.box(
        x,
        y,
        w,
        h,
        fill=IN_PROVINCE_FILL if ind.in_province else OUT_PROVINCE_FILL,
        edge="#a04000" if ind.in_province else "#85929e",
        lw=1.4 if ind.in_province else 0.8,
        dashed=ind.illustrative,
    )
    _draw_lines(c, x + BOX_PAD, y + BOX_PAD, lines)
    if ind.grade:
        c.text(
            x + w - BOX_PAD,
            y + BOX_PAD,
            ind.grade,
            size=NAME_SIZE,
            bold=True,
            colour=GRADE_COLOUR[ind.grade],
            ha="right",
        )
    return h


def _band_height(columns: list[list[OverviewIndustry]], width: float) -> float:
    heights = [
        sum(
            _lines_height(_industry_lines(i, width - 2 * BOX_PAD)) + 2 * BOX_PAD + BOX_GAP
            for i in col
        )
        for col in columns
    ]
    return max(heights, default=0.0)


LEGEND = [
    ("★ 企业名", LEADER_COLOUR, True, "领导者（质量阶梯）"),
    ("▲ 企业名", FOLLOWER_COLOUR, False, "跟随者"),
    ("临清市(3)", "#1c2833", True, "省内地区加粗"),
    ("★★★", GRADE_COLOUR["★★★"], True, "关键问题（严重度≥4.0）"),
    ("★★", GRADE_COLOUR["★★"], True, "重要问题（2.5–3.9）"),
    ("★", GRADE_COLOUR["★"], True, "一般问题（<2.5）"),
]


def _layout_and_draw(view: OverviewView, fig: Figure, family: str) -> None:
    page_w = PAGE_WIDTH_IN * 72
    n = max(1, len(view.columns))
    col_w = (page_w - 2 * MARGIN - (n - 1) * GUTTER) / n
    title_h = 70 * PT
    header_h = 50 * PT
    band_label_h = 24 * PT
    in_h = _band_height([c.in_province for c in view.columns], col_w)
    out_h = _band_height([c.out_of_province for c in view.columns], col_w)
    legend_h = 46 * PT
    page_h = (
        MARGIN + title_h + header_h + 2 * (band_label_h + GUTTER) + in_h + out_h + legend_h + MARGIN
    )
    fig.set_size_inches(PAGE_WIDTH_IN, page_h / 72)
    c = _Canvas(fig, page_w, page_h, family)

    # Title block: the map's name centred, date / version / province in a block on the right.
    y = MARGIN
    c.text(MARGIN, y, map_title(view.chain_name), size=24, bold=True)
    c.text(
        MARGIN,
        y + 36,
        "静态总图（T/GQDA 产业链质量提升实施导则 附录 B）",
        size=11,
        colour="#566573",
    )
    block_w, block_x = 230 * PT, page_w - MARGIN - 230 * PT
    c.box(block_x, y - 4, block_w, 58, fill="#ffffff", edge="#2c3e50", rounded=False, lw=1)
    rows = [
        ("编制日期", view.generated_on.isoformat()),
        ("版本", view.version or "—"),
        ("本省", view.home_province),
    ]
    for i, (k, v) in enumerate(rows):
        c.text(block_x + 8, y + 1 + i * 18, k, bold=True)
        c.text(block_x + 70, y + 1 + i * 18, v)
    y += title_h

    # Column headers (上游产业 / 中游产业 / 下游产业) with the links they hold.
    for i, col in enumerate(view.columns):
        x = MARGIN + i * (col_w + GUTTER)
        c.box(x, y, col_w, header_h - 8, fill=HEADER_FILL, edge=HEADER_FILL)
        c.text(
            x + col_w / 2,
            y + 4,
            _column_header(col.name),
            size=15,
            bold=True,
            colour="#ffffff",
            ha="center",
        )
        links = wrap(" · ".join(col.links), 9, col_w - 16)[0]
        c.text(x + col_w / 2, y + 25, links, size=9, colour="#d5d8dc", ha="center")
    y += header_h

    for label, band, height in (
        (f"省内产业（{view.home_province}）", "in_province", in_h),
        ("非省内产业", "out_of_province", out_h),
    ):
        c.box(
            MARGIN,
            y,
            page_w - 2 * MARGIN,
            band_label_h - 4,
            fill="#eaecee",
            edge="#eaecee",
            rounded=False,
        )
        c.text(MARGIN + 6, y + 3, label, size=12, bold=True)
        y += band_label_h
        for i, col in enumerate(view.columns):
            x = MARGIN + i * (col_w + GUTTER)
            yy = y
            for ind in getattr(col, band):
                yy += _draw_industry(c, x, yy, col_w, ind) + BOX_GAP
        y += height + GUTTER

    # Legend.
    c.box(
        MARGIN, y, page_w - 2 * MARGIN, legend_h - 8, fill="#ffffff", edge="#85929e", rounded=False
    )
    c.text(MARGIN + 8, y + 6, "图例", size=11, bold=True)
    x = MARGIN + 50
    for sample, colour, bold, meaning in LEGEND:
        c.text(x, y + 6, sample, colour=colour, bold=bold)
        c.text(x + text_width(sample, BODY_SIZE) + 6, y + 6, meaning)
        x += text_width(sample, BODY_SIZE) + text_width(meaning, BODY_SIZE) + 26
    c.box(x, y + 6, 26, 12, fill=IN_PROVINCE_FILL, edge="#a04000", lw=1.4)
    c.text(x + 32, y + 6, "省内产业")
    x += 32 + text_width("省内产业", BODY_SIZE) + 20
    c.box(x, y + 6, 26, 12, fill=OUT_PROVINCE_FILL, edge="#85929e", dashed=True)
    c.text(x + 32, y + 6, "虚线框：示意数据")


def render_overview(view: OverviewView, fmt: Literal["png", "pdf", "svg"]) -> bytes:
    """Render the Annex B overview map.

    Parameters
    ----------
    view : OverviewView
        From `graph.views.overview_view.build_overview_view`.
    fmt : {"png", "pdf", "svg"}
        PNG is 16.5 in wide at 200 dpi (3300 px); PDF and SVG are vector with real text.

    Returns
    -------
    bytes
        The file's content.

    Raises
    ------
    MissingFontError
        If no CJK font is installed.
    """
    if fmt not in ("png", "pdf", "svg"):
        raise ValueError(f"unsupported format {fmt!r}; use png, pdf or svg")
    family = cjk_font_family()
    rc: dict[str, Any] = {
        "pdf.fonttype": 42,  # TrueType, with a ToUnicode map: text extractable
        "svg.fonttype": "none",  # <text> elements, not paths
        "font.family": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,
    }
    _load_matplotlib()
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig = Figure()
        _layout_and_draw(view, fig, family)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=PNG_DPI, metadata=_metadata(view, fmt))
    return buf.getvalue()


def map_title(chain_name: str) -> str:
    """'临清轴承产业链' → '临清轴承产业链质量图谱'; other names get ' 产业链质量图谱'."""
    if chain_name.endswith("产业链"):
        return f"{chain_name}质量图谱"
    return f"{chain_name} 产业链质量图谱"


def _metadata(view: OverviewView, fmt: str) -> dict[str, str]:
    title = map_title(view.chain_name)
    if fmt == "pdf":
        return {"Title": title, "Subject": "产业链质量图谱 静态总图"}
    return {"Title": title}
