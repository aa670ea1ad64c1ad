"""The chain quality report as a PDF: an HTML document laid out for print by WeasyPrint (pango
shapes the Chinese; the fonts are embedded as subsets with their Unicode maps, so the text can
be searched and copied), with a table of contents, page numbers and the overview map on an A3
landscape page of its own (drawn from its SVG, text kept as text).

Sections (docs/views.md, Chain quality report): title page; contents; 1 overview map; 2 the
chain in numbers; 3 bottlenecks and single-source dependencies; 4 the disruption case; 5 the
problem library (Annex C); 6 breakthrough projects (Annexes E/F); 7 shared achievements;
8 the collaboration evaluation (`000` §7.1) and the Annex K figures; 9 changes since the
previous version.
"""

from __future__ import annotations

import base64
from collections.abc import Collection
from html import escape
from typing import Literal

from graph.reports.models import BottleneckRow, ReportView
from viz.charts import render_chart
from viz.fonts import cjk_font_family, quiet_font_subsetting
from viz.overview import render_overview
from viz.report_css import REPORT_CSS

__all__ = ["report_html", "render_report"]

AUDIENCE_LABELS = {
    "viewer": "公开版：不含成员数据（质量问题只列编号、环节与分级，不含攻关项目与协同评价）",
    "member": "成员版：含质量问题库、攻关项目与协同评价",
    "editor": "编辑版：含全部数据",
    "admin": "管理版：含全部数据",
}
GRADE_CLASS = {"★★★": "grade-3", "★★": "grade-2", "★": "grade-1"}
#: Columns of the Annex C table shown (by header), members' and the public one.
MEMBER_PROBLEM_COLUMNS = (
    "编号",
    "位置（上/中/下游）",
    "环节",
    "问题名称",
    "填报人及单位",
    "质量问题描述",
    "原因初步分析",
    "问题状态",
    "质量问题分类",
    "严重度得分",
    "质量问题分级",
)
PUBLIC_PROBLEM_COLUMNS = (
    "编号",
    "位置（上/中/下游）",
    "环节",
    "质量问题分类",
    "问题状态",
    "严重度得分",
    "质量问题分级",
)
NEWS_SHOWN = 40
DESCRIPTION_CHARS = 160
SECTIONS = (
    ("overview", "产业链质量图谱总图"),
    ("numbers", "产业链概况"),
    ("bottlenecks", "瓶颈环节与单一来源依赖"),
    ("disruption", "断链影响推演"),
    ("problems", "质量问题库（附录 C）"),
    ("projects", "攻关项目（附录 E、F）"),
    ("achievements", "共享成果"),
    ("evaluation", "协同评价与质量提升成效（附录 K）"),
    ("changes", "与上一版本相比的变化"),
)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _when(moment: str | None) -> str:
    """'2026-12-02T03:05:46+00:00' → '2026-12-02 03:05 (+00:00)'."""
    if not moment:
        return "—"
    day, _, time = moment.partition("T")
    if not time:
        return day
    zone = time[8:].lstrip(".0123456789") if len(time) > 8 else ""
    return f"{day} {time[:5]}" + (f"（{zone}）" if zone else "")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _table(
    headers: list[str],
    rows: list[list[str]],
    numeric: Collection[int] = (),
    *,
    full: bool = False,
    nowrap: Collection[int] = (),
) -> str:
    """A table whose cells are HTML already; `numeric` columns align right, `nowrap` ones keep
    their text on one line; `full` spans the text width (the others take what they need)."""

    def cls(i: int) -> str:
        return "n" if i in numeric else "nw" if i in nowrap else ""

    head = "".join(f'<th class="{cls(i)}">{_e(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td class="{cls(i)}">{c}</td>' for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    attrs = ' class="full"' if full else ""
    return f"<table{attrs}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _svg(data: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode()


def _chart(view: ReportView, name: str) -> str:
    chart = view.charts.get(name)
    if chart is None or not chart.categories:
        return ""
    return f'<img class="chart" alt="{_e(chart.title)}" src="{_svg(render_chart(chart, "svg"))}">'


def _section(key: str, body: str, cls: str = "") -> str:
    title = dict(SECTIONS)[key]
    number = [k for k, _ in SECTIONS].index(key) + 1
    return f'<section id="{key}" class="{cls}"><h2>{number}　{_e(title)}</h2>{body}</section>'


def _cover(view: ReportView) -> str:
    rows = [
        ("产业链", view.chain_name),
        ("本省", view.home_province),
        ("版本", view.version or "—"),
        ("版本生成时间", _when(view.version_created_at)),
        ("编制日期", view.generated_on.isoformat()),
        ("编制单位", view.issuer or "（未填写）"),
    ]
    table = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in rows)
    en = (
        f'<div class="en">{_e(view.chain_name_en)}</div>'
        if view.chain_name_en
        else '<div class="en"></div>'
    )
    return (
        f'<section class="cover"><h1><span class="chain-name">{_e(view.chain_name)}</span>'
        f"质量报告</h1>{en}<table>{table}</table>"
        f'<div class="audience">{_e(AUDIENCE_LABELS.get(view.audience, view.audience))}。'
        f"依据 T/GQDA 产业链质量提升实施导则；资料来源见各记录的 source 字段。</div></section>"
    )


def _toc() -> str:
    items = "".join(
        f'<li><a href="#{k}">{i}　{_e(t)}</a></li>' for i, (k, t) in enumerate(SECTIONS, 1)
    )
    return (
        f'<nav class="toc"><h2 style="string-set: section \'目录\'">目录</h2><ol>{items}</ol></nav>'
    )


def _numbers(view: ReportView) -> str:
    n = view.numbers
    figures = [
        ("环节", n.links),
        ("企业", n.enterprises),
        (f"省内（{view.home_province}）企业", n.in_province),
        ("领导者", n.leaders),
        ("跟随者", n.followers),
        ("质量技术机构", n.institutions),
        ("供货关系", n.supplies),
    ]
    cards = "".join(f'<div class="figure"><b>{v}</b>{_e(k)}</div>' for k, v in figures)
    segments = _table(["链段", "环节数"], [[_e(s), str(c)] for s, c in n.segments], {1})
    roles = "、".join(f"{_e(r)} {c} 家" for r, c in n.roles.items()) or "—"
    provinces = _table(
        ["省（区、市）", "企业数", "占比"],
        [
            [_e(p), str(c), _pct(c / n.enterprises if n.enterprises else None)]
            for p, c in n.provinces
        ],
        {1, 2},
    )
    return (
        f'<div class="figures">{cards}</div><h3>各链段环节</h3>{segments}'
        f"<p>企业角色：{roles}。</p>{_chart(view, 'provinces')}<h3>企业地域分布</h3>{provinces}"
    )


def _flagged(text: str, on: bool) -> str:
    return f'<span class="flag">{text}</span>' if on else text


def _bottleneck_row(r: BottleneckRow) -> list[str]:
    def has(prefix: str) -> bool:
        return any(f.startswith(prefix) for f in r.flags)

    grade = r.top_open_grade or "—"
    return [
        f'{_e(r.link)}<br><span class="muted">{_e(r.segment)}</span>',
        _flagged(_num(r.score), bool(r.flags)),
        str(r.enterprises),
        str(r.supply_edges),
        _flagged(_pct(r.single_source_share), has("单一来源")),
        _flagged(_num(r.concentration), has("集中度")),
        "有" if r.has_home_leader else _flagged("无", True),
        _pct(r.out_of_province),
        f'<span class="{GRADE_CLASS.get(grade, "")}">{_e(grade)}</span>',
        str(r.single_sources),
    ]


def _bottlenecks(view: ReportView) -> str:
    headers = [
        "环节",
        "瓶颈分",
        "企业",
        "供货关系",
        "单一来源占比",
        "集中度（HHI）",
        "省内领导者",
        "省外供货占比",
        "最高未解决分级",
        "单一来源客户",
    ]
    rows = [_bottleneck_row(r) for r in view.bottlenecks]
    table = _table(headers, rows, {1, 2, 3, 4, 5, 7, 9}, full=True)
    parts = [
        '<p class="note">瓶颈分为结构、集中度、领导者缺失、省外依赖与质量问题五项的加权和'
        "（0–1，越高越薄弱），按瓶颈分排序；红色为越过标记线的项：单一来源占比 ≥ 50%、"
        "集中度 ≥ 0.25、本省无该环节领导者。</p>",
        table,
        "<h3>单一来源依赖（按环节）</h3>",
    ]
    with_deps = [r for r in view.bottlenecks if r.single_sources]
    if not with_deps:
        parts.append("<p>没有客户在某一环节只有一家供应商。</p>")
        return "".join(parts)
    rows = []
    for r in with_deps:
        examples = "；".join(f"{_e(x.customer)} ← {_e(x.supplier)}" for x in r.examples)
        more = r.single_sources - len(r.examples)
        if more > 0:
            examples += f'<span class="muted">；另有 {more} 项</span>'
        rows.append([_e(r.link), str(r.single_sources), examples])
    parts.append(
        '<p class="note">客户在该环节只有一家供应商（客户 ← 唯一供应商）；每环节列出前 '
        f"{max(len(r.examples) for r in with_deps)} 项。</p>"
    )
    parts.append(_table(["环节", "客户数", "例（客户 ← 唯一供应商）"], rows, {1}, full=True))
    return "".join(parts)


def _disruption(view: ReportView) -> str:
    d = view.disruption
    if d.province is None:
        return (
            f"<p>{_e(view.home_province)}企业没有来自省外的供货关系，无可推演的外省断供情形。</p>"
        )
    rounds = "、".join(f"第 {r} 轮 {n} 家" for r, n in d.by_round) or "无"
    links = _table(
        ["环节", "失去该环节全部供应商的企业"], [[_e(k), str(n)] for k, n in d.by_link], {1}
    )
    return (
        f"<p>向{_e(view.home_province)}企业供货最多的外省是<b>{_e(d.province)}</b>"
        f"（{d.supply_edges_into_home} 条供货关系）。"
        f"假设{_e(d.province)}全部 {d.failed} 家企业停供，"
        f"按供货级联推演：共有 <b>{d.cut_off}</b> 家企业失去某一环节的全部供应商，"
        f"其中{_e(view.home_province)} {d.cut_off_in_home} 家；逐轮：{rounds}。</p>"
        f"<h3>受影响环节</h3>{links}"
    )


def _problems(view: ReportView) -> str:
    columns = MEMBER_PROBLEM_COLUMNS if view.member_data else PUBLIC_PROBLEM_COLUMNS
    index = [view.problem_headers.index(c) for c in columns]
    grade_at = view.problem_headers.index("质量问题分级")
    rows = []
    for r in view.problem_rows:
        cells = []
        for i in index:
            text = r[i]
            if len(text) > DESCRIPTION_CHARS:
                text = text[: DESCRIPTION_CHARS - 1] + "…"
            cell = _e(text).replace("\n", "<br>")
            if i == grade_at:
                cell = f'<span class="{GRADE_CLASS.get(r[i], "")}">{cell}</span>'
            cells.append(cell)
        rows.append(cells)
    note = (
        ""
        if view.member_data
        else '<p class="note">公开版只列问题的编号、位置与分级；问题内容属成员数据。</p>'
    )
    numeric = {columns.index("严重度得分")}
    short = {columns.index(c) for c in ("位置（上/中/下游）", "问题状态", "质量问题分级")}
    table = (
        _table(list(columns), rows, numeric, full=True, nowrap=short)
        if rows
        else "<p>问题库为空。</p>"
    )
    return note + _chart(view, "grades") + table


def _projects(view: ReportView) -> str:
    if not view.member_data:
        return '<p class="note">攻关项目属成员数据，公开版不含。</p>'
    if not view.projects:
        return "<p>尚无攻关项目。</p>"
    parts = [_chart(view, "progress")]
    for p in view.projects:
        items = [
            ("状态", _e(p.status)),
            ("牵头单位", _e(p.lead)),
            ("周期", _e(p.period)),
            ("拟解决问题", _e("；".join(p.problems))),
            ("目标", _e("；".join(p.targets) or "—")),
            ("里程碑", f"已完成 {p.milestones_done} / {p.milestones_total}"),
            (
                "逾期里程碑",
                f'<span class="flag">{_e("；".join(p.overdue))}</span>' if p.overdue else "无",
            ),
            (
                "未关闭风险",
                f'<span class="flag">{_e("；".join(p.risks))}</span>' if p.risks else "无",
            ),
            ("检查结果", _e("；".join(p.checks) or "—")),
            ("变更记录", f"{p.changes} 条"),
            ("最近进展", _e(p.latest_progress or "—")),
        ]
        rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in items)
        parts.append(f'<div class="project"><h3>{_e(p.name)}</h3><table>{rows}</table></div>')
    return "".join(parts)


def _achievements(view: ReportView) -> str:
    if not view.achievements:
        return "<p>没有本读者可见的共享成果。</p>"
    rows = [
        [_e(a.name), _e(a.type), _e(a.contributor), _e(a.sharing), _e(a.summary)]
        for a in view.achievements
    ]
    headers = ["成果", "类型", "贡献方", "共享级别", "简介"]
    note = '<p class="note">只列本版读者按共享级别可见的成果。</p>'
    return note + _table(headers, rows, full=True)


def _evaluation(view: ReportView) -> str:
    ev = view.evaluation
    if ev is None:
        return '<p class="note">协同评价属成员数据，公开版不含。</p>'
    dims = _table(
        ["维度", "权重", "得分", "已覆盖权重"],
        [[_e(n), str(w), _num(s), str(c)] for n, w, s, c in ev.dimensions],
        {1, 2, 3},
    )
    indicators = _table(
        ["维度", "指标", "权重", "达成度", "得分", "来源"],
        [
            [
                _e(i.dimension),
                _e(i.name),
                str(i.weight),
                _num(i.value, 1),
                _num(i.score),
                _e(i.source),
            ]
            for i in ev.indicators
        ],
        {2, 3, 4},
        full=True,
    )
    figures = _table(["附录 K 指标", "数值"], [[_e(k), _e(v)] for k, v in ev.figures], {1})
    return (
        f"<p>协同评价（000 §7.1）总分 <b>{ev.score:g}</b>，覆盖权重 {ev.covered_weight} / 100；"
        "缺少数据的指标不计为零，只是不在覆盖权重之内。</p>"
        f"{dims}<h3>二级指标</h3>{indicators}<h3>质量提升成效（附录 K）</h3>{figures}"
    )


def _changes(view: ReportView) -> str:
    d = view.diff
    if d is None:
        return "<p>这是该产业链的第一个版本，没有可比较的上一版本。</p>"
    counts = _table(
        ["类别", "新增", "删除", "修改"],
        [[_e(k), str(a), str(r), str(c)] for k, a, r, c in d.counts],
        {1, 2, 3},
    )
    news = "".join(f"<li>{_e(x)}</li>" for x in d.news[:NEWS_SHOWN])
    more = len(d.news) - NEWS_SHOWN
    tail = f'<p class="note">另有 {more} 条未列出。</p>' if more > 0 else ""
    return f"<p>从版本 {_e(d.from_version or '—')} 到 {_e(d.to_version)}：</p>{counts}" + (
        f"<h3>要闻</h3><ul>{news}</ul>{tail}" if news else ""
    )


def report_html(view: ReportView) -> str:
    """The report as one HTML document (its images inline), ready for WeasyPrint."""
    overview = _svg(render_overview(view.overview, "svg"))
    body = "".join(
        [
            _cover(view),
            _toc(),
            _section("overview", f'<img alt="总图" src="{overview}">', "overview-page"),
            _section("numbers", _numbers(view)),
            _section("bottlenecks", _bottlenecks(view)),
            _section("disruption", _disruption(view)),
            _section(
                "problems",
                _problems(view),
                "wide" if view.member_data and view.problem_rows else "",
            ),
            _section("projects", _projects(view)),
            _section("achievements", _achievements(view)),
            _section("evaluation", _evaluation(view)),
            _section("changes", _changes(view)),
        ]
    )
    title = f"{view.chain_name}质量报告"
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f'<meta name="author" content="{_e(view.issuer or "")}">'
        f'<meta name="description" content="{_e(view.chain_id)} {_e(view.version or "")}">'
        f"<style>{REPORT_CSS}</style></head><body>{body}</body></html>"
    )


def render_report(view: ReportView, fmt: Literal["pdf", "html"] = "pdf") -> bytes:
    """The report as PDF (or its HTML).

    Raises
    ------
    MissingFontError
        If no CJK font is installed.
    """
    cjk_font_family()  # fail clearly before laying out empty boxes
    html = report_html(view)
    if fmt == "html":
        return html.encode()
    quiet_font_subsetting()
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()  # type: ignore[no-any-return]
