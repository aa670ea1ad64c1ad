"""The problem library as the guide's Annex C table (表 C.1), in CSV and XLSX.

Columns follow Annex C (编号 … 质量问题分级) with the §5.4.2 fields Annex C leaves implicit
(环节, 问题名称, 填报日期, 涉及企业) and the Annex D score beside the grade.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from graph.package.models import Chain, Link, Problem, Segment
from graph.package.severity import grade, severity

__all__ = ["HEADERS", "CATEGORY_LABELS", "STATUS_LABELS", "annex_c_rows", "to_csv", "to_xlsx"]

TITLE = "产业链供应链质量问题库"
HEADERS = (
    "编号",
    "产业名称",
    "位置（上/中/下游）",
    "环节",
    "问题名称",
    "填报人及单位",
    "填报日期",
    "质量问题描述",
    "影响范围与程度",
    "原因初步分析",
    "关联问题",
    "涉及企业",
    "初步改进建议",
    "问题状态",
    "质量问题分类",
    "严重度得分",
    "质量问题分级",
)
CATEGORY_LABELS = {
    "technology": "质量技术问题",
    "management": "质量管理问题",
    "brand": "质量品牌问题",
    "infrastructure": "质量基础设施问题",
    "other": "其他质量相关问题",
}
STATUS_LABELS = {
    "identified": "已识别",
    "analyzing": "分析中",
    "tackling": "攻关中",
    "resolved": "已解决",
}
COLUMN_WIDTHS = (14, 16, 14, 14, 24, 18, 12, 48, 40, 40, 24, 20, 36, 8, 14, 8, 8)


def _causes(problem: Problem) -> str:
    parts = []
    if problem.root_cause_technical:
        parts.append(f"1. 技术根源：{problem.root_cause_technical}")
    if problem.root_cause_management:
        parts.append(f"{len(parts) + 1}. 管理根源：{problem.root_cause_management}")
    return "\n".join(parts)


def annex_c_rows(
    chain: Chain,
    segments: Sequence[Segment],
    links: Sequence[Link],
    problems: Sequence[Problem],
    enterprise_names: dict[str, str],
) -> list[list[str | float]]:
    """One row per problem in the order given, values as the table shows them."""
    segment_names = {s.id: s.name for s in segments}
    link_by_id = {x.id: x for x in links}
    titles = {p.id: p.title for p in problems}
    rows: list[list[str | float]] = []
    for p in problems:
        link = link_by_id.get(p.link)
        position = segment_names.get(link.segment, "") if link else ""
        related = "；".join(f"{x} {titles.get(x, '')}".strip() for x in p.related) or "无"
        score = severity(p.scores)
        rows.append(
            [
                p.id,
                chain.name,
                position,
                link.name if link else p.link,
                p.title,
                p.reported_by or "",
                p.reported_on or "",
                p.description or "",
                p.impact or "",
                _causes(p),
                related,
                "；".join(enterprise_names.get(e, e) for e in p.enterprises),
                p.suggestion or "",
                STATUS_LABELS[p.status],
                CATEGORY_LABELS[p.category],
                score,
                grade(score),
            ]
        )
    return rows


# A spreadsheet program opening a CSV runs a cell that starts with one of these as a formula
# (CSV injection); an apostrophe in front keeps it text, as OWASP advises.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str | float) -> str | float:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def to_csv(rows: Sequence[Sequence[str | float]], headers: Sequence[str] = HEADERS) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: str | float) -> str | float:
    """Worksheets cannot hold control characters: they are left out of the cell."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def to_xlsx(
    rows: Sequence[Sequence[str | float]],
    chain_name: str,
    *,
    title: str = TITLE,
    sheet_title: str = "表C.1 质量问题库",
    headers: Sequence[str] = HEADERS,
    widths: Sequence[int] = COLUMN_WIDTHS,
) -> bytes:
    """One sheet: the table title, the header row (frozen), then a row per record."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title
    sheet.append([_cell(f"{chain_name} {title}")])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in rows:
        sheet.append([_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text that starts with "=" is text here, never a formula
                cell.data_type = "s"
    for row_cells in sheet.iter_rows(min_row=3):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
