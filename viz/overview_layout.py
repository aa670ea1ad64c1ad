"""The overview laid out for a sheet of paper (docs/views.md, Static overview): text measured
with the font's own advance widths, each industry box's lines, and the columns.

Every segment (上游 / 中游 / 下游) gets one or more page columns of equal width; its boxes flow
down them in order (in-province first), split where the columns come out most even. The layout
tries styles from the most generous down (larger type, more firms per box) and keeps the first
whose tallest column fits the page; type never goes below `MIN_FONT_PT`, what a box leaves out
is counted ("另有 N 家"), and nothing is drawn outside its box or off the page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

from graph.views.models import OverviewIndustry, OverviewView

__all__ = [
    "MIN_FONT_PT",
    "PAPERS",
    "Block",
    "Line",
    "PageLayout",
    "Style",
    "clipped",
    "lay_out",
    "page_size",
    "text_width",
    "wrap",
]

Paper = Literal["A3", "A2", "A1"]
Orientation = Literal["landscape", "portrait"]
#: ISO 216 sizes in points (1/72 in), portrait (width, height).
PAPERS: dict[str, tuple[float, float]] = {
    "A3": (841.89, 1190.55),
    "A2": (1190.55, 1683.78),
    "A1": (1683.78, 2383.94),
}
MIN_FONT_PT = 7.0
MARGIN = 28.0
GUTTER = 12.0
BOX_GAP = 8.0
PAD = 6.0
LINE = 1.32  # line height in font sizes
TITLE_H = 54.0

ROLE_NAMES = {"chain_owner": "链主", "backbone": "骨干", "member": ""}
LEADER_COLOUR = "#7d6608"
FOLLOWER_COLOUR = "#1f618d"
TEXT_COLOUR = "#1c2833"
MUTED_COLOUR = "#566573"
ALERT_COLOUR = "#b03a2e"


@dataclass(frozen=True)
class Style:
    """How generous a layout is: type sizes, firms and risk points per box, detail lines."""

    body: float
    name: float
    firms: int
    risks: int
    details: bool


STYLES = [
    Style(10.0, 12.0, 6, 3, True),
    Style(9.5, 11.5, 6, 3, True),
    Style(9.0, 11.0, 6, 2, True),
    Style(9.0, 11.0, 4, 2, True),
    Style(8.5, 10.5, 4, 2, True),
    Style(8.0, 10.0, 4, 2, True),
    Style(8.0, 10.0, 3, 1, True),
    Style(7.5, 9.0, 3, 1, True),
    Style(7.0, 8.5, 3, 1, True),
    Style(7.0, 8.5, 2, 1, True),
    Style(7.0, 8.5, 1, 1, True),
    Style(7.0, 8.5, 1, 1, False),
    Style(7.0, 8.0, 0, 0, False),
]


@dataclass
class Line:
    text: str
    size: float
    bold: bool = False
    colour: str = TEXT_COLOUR
    indent: float = 0.0


@dataclass
class Block:
    """A box (an industry) or a band label, placed in page points from the top-left corner."""

    lines: list[Line]
    height: float
    industry: OverviewIndustry | None = None  # None: a band label
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0


@dataclass
class Segment:
    name: str
    header: list[Line]
    x: float
    width: float
    columns: int


@dataclass
class PageLayout:
    width: float
    height: float
    style: Style
    column_width: float
    header_height: float
    segments: list[Segment] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    legend_top: float = 0.0
    fits: bool = True  # False only when even the tightest style overflows (then it is shrunk)


def page_size(paper: str, orientation: str) -> tuple[float, float]:
    """Width and height in points; ValueError for an unknown paper or orientation."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; use one of {', '.join(PAPERS)}")
    if orientation not in ("landscape", "portrait"):
        raise ValueError(f"unknown orientation {orientation!r}; use landscape or portrait")
    w, h = PAPERS[paper]
    return (h, w) if orientation == "landscape" else (w, h)


# --- measuring --------------------------------------------------------------------------------


@functools.cache
def _font(bold: bool):  # type: ignore[no-untyped-def]
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from viz.fonts import cjk_font_family

    props = font_manager.FontProperties(
        family=cjk_font_family(), weight="bold" if bold else "normal"
    )
    return FT2Font(font_manager.findfont(props, fallback_to_default=False))


@functools.cache
def _advance(ch: str, bold: bool) -> float:
    """Advance width of one character in ems, from the CJK font's own metrics."""
    font = _font(bold)
    if font.get_char_index(ord(ch)) == 0:  # not in the font: drawn by the fallback, ~½ em
        return 0.6
    font.set_text(ch, 0.0)
    return float(font.get_width_height()[0]) / 64.0 / 100.0


def _prepare(bold: bool) -> None:
    font = _font(bold)
    font.set_size(100.0, 72)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of `text` in points at `size` points."""
    _prepare(bold)
    return sum(_advance(c, bold) for c in text) * size


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `width` points, between any two characters."""
    _prepare(bold)
    lines, current, used = [], "", 0.0
    for ch in text:
        w = _advance(ch, bold) * size
        if current and used + w > width:
            lines.append(current.rstrip())
            current, used = ch.lstrip(), (w if ch.strip() else 0.0)
            continue
        current += ch
        used += w
    if current:
        lines.append(current)
    return lines or [""]


def clipped(text: str, size: float, width: float, max_lines: int, bold: bool = False) -> list[str]:
    """At most `max_lines` lines of `text`, the last ending in … when some was left out."""
    lines = wrap(text, size, width, bold)
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    while last and text_width(last + "…", size, bold) > width:
        last = last[:-1]
    return lines[: max_lines - 1] + [last + "…"]


# --- the text of one box ----------------------------------------------------------------------


def _wrapped(
    text: str, size: float, width: float, *, bold: bool = False, colour: str = TEXT_COLOUR,
    indent: float = 0.0, max_lines: int = 99,
) -> list[Line]:  # fmt: skip
    return [
        Line(t, size, bold, colour, indent)
        for t in clipped(text, size, width - indent, max_lines, bold)
    ]


def marks_text(ind: OverviewIndustry) -> tuple[str, bool]:
    """The bottleneck line of a box and whether it is an alert."""
    if ind.marks is None:
        return "", False
    if ind.marks.flags:
        return f"⚠ 瓶颈 {ind.marks.score:.2f}：" + " · ".join(ind.marks.flags), True
    return f"瓶颈 {ind.marks.score:.2f}：无突出标记", False


def box_lines(ind: OverviewIndustry, style: Style, width: float, first: bool) -> list[Line]:
    """The lines of one industry box, wrapped to its inner `width`. `first`: the link's first
    box on the map, which also carries the link's flows and risk points."""
    b = style.body
    name = ind.name + ("（示意）" if ind.illustrative else "")
    grade_room = text_width(ind.grade or "", style.name, True) + 4
    lines = _wrapped("产业名称：" + name, style.name, width - grade_room, bold=True)
    text, alert = marks_text(ind)
    if text:
        lines += _wrapped(
            text, b, width, bold=alert, colour=ALERT_COLOUR if alert else MUTED_COLOUR
        )
    shown = ind.enterprises[: style.firms]
    more = ind.more_enterprises + len(ind.enterprises) - len(shown)
    if shown:
        lines.append(Line("主要企业：", b, True))
        for e in shown:
            role = ROLE_NAMES.get(e.role, "")
            label = ("★ " if e.leader else "▲ ") + e.name + (f"（{role}）" if role else "")
            colour = LEADER_COLOUR if e.leader else FOLLOWER_COLOUR
            lines += _wrapped(label, b, width, bold=e.leader, colour=colour, indent=b, max_lines=2)
    if more or not shown:
        count = f"另有 {more} 家" if shown else f"企业 {more} 家"
        lines.append(Line(count if more else "企业：—", b, colour=MUTED_COLOUR, indent=b))
    if style.details:
        regions = "、".join(f"{r.name}({r.count})" for r in ind.regions) or "—"
        lines += _wrapped("分布地域：" + regions, b, width, bold=ind.in_province, max_lines=2)
        products = "、".join(ind.products) or "—"
        lines += _wrapped("重点产品：" + products, b, width, max_lines=2)
    lines.append(Line(f"质量阶梯：领导者 {ind.leaders} · 跟随者 {ind.followers}", b))
    if first and ind.feeds:
        lines += _wrapped("→ 供给：" + "、".join(ind.feeds), b, width, colour=MUTED_COLOUR)
    if first and style.risks and ind.risk_points:
        lines.append(Line("风险点：", b, True, ALERT_COLOUR))
        for risk in ind.risk_points[: style.risks]:
            lines += _wrapped("· " + risk, b, width, indent=b / 2, max_lines=2)
        left = len(ind.risk_points) - style.risks
        if left > 0:
            lines.append(Line(f"另有 {left} 项风险点", b, colour=MUTED_COLOUR, indent=b / 2))
    return lines


def lines_height(lines: list[Line]) -> float:
    return sum(line.size * LINE for line in lines)


# --- columns ----------------------------------------------------------------------------------


def _partition(heights: list[float], k: int) -> list[int]:
    """Split `heights` (in order) into at most `k` runs with the smallest tallest run; the
    start index of each run. Dynamic programming: n is the boxes of one segment (tens)."""
    n = len(heights)
    k = max(1, min(k, n))
    prefix = [0.0]
    for h in heights:
        prefix.append(prefix[-1] + h)
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    cut = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        for i in range(1, n + 1):
            for s in range(j - 1, i):
                tallest = max(best[j - 1][s], prefix[i] - prefix[s])
                if tallest < best[j][i]:
                    best[j][i], cut[j][i] = tallest, s
    starts, i = [], n
    for j in range(k, 0, -1):
        i = cut[j][i]
        starts.append(i)
    return sorted(set(starts))


def _segment_units(blocks: list[Block]) -> list[list[Block]]:
    """Boxes in flow order, a band label glued to the box after it (never left alone)."""
    units: list[list[Block]] = []
    pending: list[Block] = []
    for b in blocks:
        pending.append(b)
        if b.industry is not None:
            units.append(pending)
            pending = []
    if pending:
        units.append(pending)
    return units


def _unit_height(unit: list[Block]) -> float:
    return sum(b.height for b in unit) + BOX_GAP * len(unit)


LEGEND: list[tuple[str, str, bool, str]] = [
    ("★ 企业名", LEADER_COLOUR, True, "领导者（质量阶梯）"),
    ("▲ 企业名", FOLLOWER_COLOUR, False, "跟随者"),
    ("另有 N 家", MUTED_COLOUR, False, "框内未列出的企业数"),
    ("临清市(3)", TEXT_COLOUR, True, "地区（企业数），省内加粗"),
    ("★★★", "#c0392b", True, "关键问题（严重度≥4.0）"),
    ("★★", "#e67e22", True, "重要问题（2.5–3.9）"),
    ("★", "#b7950b", True, "一般问题（<2.5）"),
    ("⚠ 瓶颈 0.62", ALERT_COLOUR, True, "瓶颈综合分（0–1，越高越薄弱）"),
    ("单一来源 N%", ALERT_COLOUR, True, "≥50% 的供货关系是客户在该环节的唯一来源"),
    ("集中度", ALERT_COLOUR, True, "按供应商的 HHI ≥ 0.25"),
    ("无省内领导者", ALERT_COLOUR, True, "本省无该环节的领导者企业"),
    ("→ 供给", MUTED_COLOUR, False, "环节间供给流向（图中箭头）"),
    ("风险点", ALERT_COLOUR, True, "环节的质量风险点"),
]
#: The box samples drawn at the end of the legend: fill, edge, dashed, meaning.
LEGEND_BOXES = [
    ("#fdf2e9", "#a04000", False, "省内产业"),
    ("#f4f6f7", "#85929e", False, "非省内产业"),
    ("#ffffff", "#85929e", True, "虚线框：示意数据"),
]


@dataclass
class LegendItem:
    x: float
    row: int
    sample: str
    colour: str
    bold: bool
    meaning: str
    box: tuple[str, str, bool] | None = None  # fill, edge, dashed: a box sample


def legend_items(style: Style, width: float) -> list[LegendItem]:
    """The legend's entries placed left to right in rows no wider than `width`."""
    b = style.body
    x0 = text_width("图例", b + 1, True) + 12
    x, row, items = x0, 0, []
    entries = [(s, c, bold, m, None) for s, c, bold, m in LEGEND] + [
        ("", "", False, m, (fill, edge, dashed)) for fill, edge, dashed, m in LEGEND_BOXES
    ]
    for sample, colour, bold, meaning, box in entries:
        sample_w = 2.4 * b if box else text_width(sample, b, bold)
        w = sample_w + 4 + text_width(meaning, b) + 2 * b
        if x > x0 and x + w > width:
            x, row = x0, row + 1
        items.append(LegendItem(x, row, sample, colour, bold, meaning, box))
        x += w
    return items


def legend_row_height(style: Style) -> float:
    return style.body * LINE * 1.25


def legend_height(style: Style, width: float) -> float:
    rows = max(i.row for i in legend_items(style, width)) + 1
    return rows * legend_row_height(style) + 2 * PAD


def lay_out(view: OverviewView, paper: str = "A3", orientation: str = "landscape") -> PageLayout:
    """The overview on one sheet: the first style, most generous first, whose columns fit.
    When even the tightest does not (hundreds of links on one sheet), the sheet grows taller
    rather than clip or shrink the type: pick a larger paper."""
    width, height = page_size(paper, orientation)
    layout = None
    for style in STYLES:
        layout = _try(view, style, width, height, None)
        if layout.fits:
            return layout
    assert layout is not None
    return layout


def _try(
    view: OverviewView, style: Style, width: float, height: float, n_cols: int | None
) -> PageLayout:
    content_w = width - 2 * MARGIN
    if n_cols is None:
        min_col = 15 * style.body + 2 * PAD
        n_cols = max(len(view.columns), int((content_w + GUTTER) // (min_col + GUTTER)))
    col_w = (content_w - (n_cols - 1) * GUTTER) / n_cols
    inner = col_w - 2 * PAD
    seen: set[str] = set()
    flows: list[list[list[Block]]] = []
    for col in view.columns:
        blocks: list[Block] = []
        for label, band in (
            (f"省内产业（{view.home_province}）", col.in_province),
            ("非省内产业", col.out_of_province),
        ):
            if not band:
                continue
            size = style.body + 1
            blocks.append(Block(_wrapped(label, size, col_w, bold=True), size * LINE))
            for ind in band:
                lines = box_lines(ind, style, inner, ind.link not in seen)
                seen.add(ind.link)
                blocks.append(Block(lines, lines_height(lines) + 2 * PAD, ind))
        flows.append(_segment_units(blocks))

    # Every segment one column, then each spare column to the segment whose tallest is tallest.
    share = [1] * len(view.columns)
    for _ in range(n_cols - len(view.columns)):
        open_ = [i for i in range(len(share)) if share[i] < len(flows[i])]
        if not open_:
            break
        share[max(open_, key=lambda i: _tallest(flows[i], share[i]))] += 1
    fewest = max(len(view.columns), 1)  # a chain without links still gets its sheet
    if sum(share) < n_cols and n_cols > fewest:
        return _try(view, style, width, height, max(sum(share), fewest))
    return _place(view, style, width, height, flows, share, col_w)


def _tallest(units: list[list[Block]], k: int) -> float:
    if not units:
        return 0.0
    hs = [_unit_height(u) for u in units]
    starts = _partition(hs, k) + [len(hs)]
    return max(sum(hs[a:b]) for a, b in zip(starts, starts[1:], strict=False))


def _place(
    view: OverviewView,
    style: Style,
    width: float,
    height: float,
    flows: list[list[list[Block]]],
    share: list[int],
    col_w: float,
) -> PageLayout:
    layout = PageLayout(width, height, style, col_w, 0.0)
    x = MARGIN
    for col, k in zip(view.columns, share, strict=True):
        seg_w = k * col_w + (k - 1) * GUTTER
        title = col.name if col.name.endswith("产业") else f"{col.name}产业"
        header = [Line(title, style.name + 2, True, "#ffffff")] + _wrapped(
            " · ".join(col.links), style.body, seg_w - 2 * PAD, colour="#d5d8dc"
        )
        layout.segments.append(Segment(col.name, header, x, seg_w, k))
        x += seg_w + GUTTER
    layout.header_height = max((lines_height(s.header) for s in layout.segments), default=0.0)
    layout.header_height += 2 * PAD
    top = MARGIN + TITLE_H + layout.header_height + BOX_GAP
    legend_h = legend_height(style, width - 2 * MARGIN)
    bottom = top
    for seg, units, k in zip(layout.segments, flows, share, strict=True):
        hs = [_unit_height(u) for u in units]
        starts = _partition(hs, k) + [len(units)] if units else [0]
        for c, (a, b) in enumerate(zip(starts, starts[1:], strict=False)):
            y = top
            for unit in units[a:b]:
                for block in unit:
                    block.x, block.y, block.width = seg.x + c * (col_w + GUTTER), y, col_w
                    y += block.height + BOX_GAP
                    layout.blocks.append(block)
            bottom = max(bottom, y)
    layout.legend_top = bottom + BOX_GAP
    needed = layout.legend_top + legend_h + MARGIN
    layout.fits = needed <= height
    if not layout.fits:
        layout.height = needed
    layout.legend_top = layout.height - MARGIN - legend_h
    return layout
