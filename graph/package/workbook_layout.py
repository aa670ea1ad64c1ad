"""The layout of the survey workbook (docs/architecture.md, Workbook form): one sheet per
top-level key of the package, its columns with Chinese and English headers, the codes each
coded column takes with their Chinese labels, and where each dropdown takes its values from.

Pure data and the small functions that derive columns from the record models; the writer and
reader are in `graph.package.workbook`.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from graph.package.cells import is_plain_list, is_structured, record_model
from graph.package.checks import TABLES

__all__ = [
    "CODE_LABELS",
    "Column",
    "FIRST_DATA_ROW",
    "HOW_TO",
    "LISTS_SHEET",
    "NOTES_SHEET",
    "PROVINCES",
    "SHEET_TITLES",
    "columns_of",
    "coded",
]

NOTES_SHEET = "说明"
LISTS_SHEET = "代码表 lists"
# Row 1 holds the Chinese headers, row 2 the field keys (English); records start at row 3.
FIRST_DATA_ROW = 3

SHEET_TITLES = {
    "chain": "产业链 chain",
    "segments": "链段 segments",
    "links": "环节 links",
    "link_flows": "环节流向 link_flows",
    "enterprises": "企业 enterprises",
    "supplies": "供应关系 supplies",
    "institutions": "质量技术机构 institutions",
    "problems": "质量问题 problems",
    "projects": "攻关项目 projects",
    "achievements": "成果 achievements",
    "events": "监测事件 events",
    "indicators": "评价指标 indicators",
}
assert list(SHEET_TITLES) == TABLES

SHEET_NOTES = {
    "chain": "一行：产业链本身 / one row: the chain itself",
    "segments": "上游、中游、下游 / upstream, midstream, downstream",
    "links": "产业链环节，可有上级环节 / the chain's links, optionally under a parent link",
    "link_flows": "环节之间的流向（上游 → 下游）/ flows between links (upstream → downstream)",
    "enterprises": "链上企业，编号宜用统一社会信用代码 / firms; id: the unified social credit code",
    "supplies": "企业之间的供应关系 / who supplies whom, in which link",
    "institutions": "检验检测、计量、认证等机构 / testing, metrology, certification bodies",
    "problems": "质量问题库（附录 C、D）/ the problem library (Annex C, D)",
    "projects": "质量攻关项目库（附录 E、F）/ the project library (Annex E, F)",
    "achievements": "攻关成果库（附录 G）/ the achievement library (Annex G)",
    "events": "监测事件（九个维度）/ monitoring events (nine dimensions)",
    "indicators": "评价指标：编号与数值 / evaluation indicators: id and value",
}

# The instructions sheet (说明): what each line tells, in Chinese and in English.
HOW_TO = (
    (
        "填写方法 How to fill in",
        "每个工作表一类记录；第 1 行中文表头，第 2 行字段名（请勿修改），从第 3 行起每行一条记录；"
        "空行忽略。",
        "One sheet per kind of record; row 1 the Chinese headers, row 2 the field keys (keep "
        "them), one record per row from row 3; empty rows are ignored.",
    ),
    (
        "必填 Required",
        "表头带 * 的橙色列必填；蓝色列选填。",
        "Orange headers with * are required; blue ones are optional.",
    ),
    (
        "编号 Ids",
        "编号只用字母、数字和 _ . : @ -，同类记录中唯一；企业编号宜用统一社会信用代码。",
        "Ids use letters, digits and _ . : @ - and are unique per sheet; a firm's id is best "
        "its unified social credit code.",
    ),
    (
        "多个值 Several values",
        "多个值用英文分号 ; 分隔，或每行一个（单元格内换行）；标 JSON 的列填 JSON。",
        "Separate several values with ; or put one a line in the cell; columns marked JSON "
        "hold JSON.",
    ),
    (
        "下拉列表 Dropdowns",
        "代码列从下拉列表选择，也可只填代码（如 leader）；省份、编号列的列表只是建议。",
        "Pick coded columns from the dropdown, or type the code alone (leader); the province "
        "and id lists are suggestions.",
    ),
    (
        "导入 Import",
        "在控制台上传，或 POST /api/v1/import，或 chainmap import 文件.xlsx；有误时列出每个错误"
        "的工作表、行和列，且不写入任何数据。导入使链与本工作簿一致：未列出的记录将被删除。",
        "Upload it in the console, POST /api/v1/import or run chainmap import FILE.xlsx; a bad "
        "workbook gets every error with its sheet, row and column, and nothing is written. "
        "Importing makes the chain equal to the workbook: records it leaves out are removed.",
    ),
)

FIELD_LABELS = {
    "id": "编号",
    "name": "名称",
    "name_en": "英文名称",
    "home_province": "所在省份",
    "issuer": "编制单位",
    "update_cycle_days": "更新周期（天）",
    "source": "资料来源",
    "basis": "依据类型",
    "order": "排序",
    "segment": "所属链段",
    "parent": "上级环节",
    "quality_characteristics": "关键质量特性（JSON）",
    "quality_level": "质量水平",
    "risk_points": "风险点",
    "from": "上游环节",
    "to": "下游环节",
    "province": "省份",
    "city": "城市",
    "county": "区县",
    "town": "乡镇",
    "links": "所属环节",
    "tier": "企业层级",
    "tier_basis": "层级依据",
    "role": "链上角色",
    "products": "主要产品",
    "tech_route": "技术路线",
    "revenue_10k_cny": "营业收入（万元，JSON）",
    "honors": "荣誉资质",
    "status": "状态",
    "supplier": "供应方企业",
    "customer": "采购方企业",
    "link": "所在环节",
    "product": "产品",
    "share": "供应份额（0–1）",
    "accreditations": "资质认可",
    "capabilities": "检测能力（JSON）",
    "serves": "服务环节",
    "title": "标题",
    "reported_by": "提出单位",
    "reported_on": "提出日期",
    "description": "问题描述",
    "impact": "影响",
    "root_cause_technical": "技术原因",
    "root_cause_management": "管理原因",
    "category": "问题类别",
    "scores.safety_competitiveness": "评分：安全与竞争力（1–5）",
    "scores.spread": "评分：影响范围（1–5）",
    "scores.urgency_difficulty": "评分：紧迫与难度（1–5）",
    "suggestion": "建议",
    "common": "共性问题",
    "related": "相关问题",
    "enterprises": "涉及企业",
    "history": "状态变更记录（JSON）",
    "problems": "针对问题",
    "lead": "牵头单位",
    "participants": "参与单位",
    "period": "实施周期",
    "targets": "攻关目标",
    "milestones": "里程碑（JSON）",
    "checks": "中期检查",
    "changes": "变更",
    "risks": "风险",
    "progress": "进展（JSON）",
    "contributor": "完成单位",
    "type": "成果类型",
    "summary": "成果简介",
    "project": "来源项目",
    "ip.type": "知识产权：类型",
    "ip.status": "知识产权：状态",
    "ip.number": "知识产权：编号",
    "ip.holder": "知识产权：权利人",
    "sharing": "共享级别",
    "conditions": "共享条件",
    "directed_to": "定向共享企业",
    "performance": "性能指标",
    "scope": "适用范围",
    "contact": "联系方式",
    "review": "评价意见",
    "date": "日期",
    "dimension": "监测维度",
    "refs": "涉及对象",
    "triggers_update": "触发更新",
    "key": "指标编号",
    "value": "数值",
}

CODE_LABELS = {
    "sourced": "有出处",
    "illustrative": "示意或估计",
    "leader": "龙头企业",
    "follower": "配套企业",
    "chain_owner": "链主",
    "backbone": "骨干企业",
    "member": "成员企业",
    "active": "在营",
    "closed": "关停",
    "moved": "迁出",
    "technology": "技术",
    "management": "管理",
    "brand": "品牌",
    "infrastructure": "质量基础设施",
    "other": "其他",
    "identified": "已识别",
    "analyzing": "分析中",
    "tackling": "攻关中",
    "resolved": "已解决",
    "public": "公开",
    "members": "成员共享",
    "directed": "定向共享",
    "paid": "有偿共享",
    "patent": "专利",
    "know-how": "专有技术",
    "software": "软件",
    "standard": "标准",
    "solution": "解决方案",
    "database": "数据库",
    "case": "案例",
    "tech_rd": "技术研发",
    "procurement_supply": "采购供应",
    "application": "推广应用",
    "industry_activity": "产业活动",
    "policy": "政策",
    "product": "产品",
    "certification": "认证",
    "major_project": "重大项目",
    "investment": "投资",
    "planned": "计划",
    "in_progress": "进行中",
    "accepted": "已验收",
    "terminated": "已终止",
}

# Project status is free text in the model; these are the ones the project library moves
# between (graph/libraries/projects.py), offered in its dropdown.
PROJECT_STATUSES = ("planned", "in_progress", "accepted", "terminated")

PROVINCES = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆",
    "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港",
    "澳门",
)  # fmt: skip

# Columns whose dropdown offers the ids of another sheet: (table, key) -> the table it names.
ID_SOURCES = {
    ("links", "segment"): "segments",
    ("links", "parent"): "links",
    ("link_flows", "from"): "links",
    ("link_flows", "to"): "links",
    ("enterprises", "links"): "links",
    ("supplies", "supplier"): "enterprises",
    ("supplies", "customer"): "enterprises",
    ("supplies", "link"): "links",
    ("institutions", "serves"): "links",
    ("problems", "link"): "links",
    ("problems", "related"): "problems",
    ("problems", "enterprises"): "enterprises",
    ("projects", "problems"): "problems",
    ("projects", "lead"): "enterprises",
    ("projects", "participants"): "enterprises",
    ("achievements", "project"): "projects",
    ("achievements", "problems"): "problems",
    ("achievements", "directed_to"): "enterprises",
    ("events", "refs"): "links",
}
PROVINCE_COLUMNS = {"home_province", "province"}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key (row 2; `scores.spread` for a field of a nested record),
    its Chinese header (row 1), how its cells read, and its dropdown."""

    key: str
    label: str
    required: bool
    kind: Literal["text", "number", "bool", "list", "json"]
    codes: tuple[str, ...] = ()
    open_codes: bool = False  # the codes are suggestions: other text is allowed
    ids_from: str | None = None  # the table whose ids the dropdown offers
    provinces: bool = False
    scores: bool = False

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    @property
    def header(self) -> str:
        return self.label + (" *" if self.required else "")


def _unwrapped(annotation: Any) -> Any:
    """`Text | None` -> str, `Annotated[str, …]` -> str."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            inner = [a for a in get_args(annotation) if a is not type(None)]
            if len(inner) != 1:
                return annotation
            annotation = inner[0]
        else:
            return annotation


def _kind(annotation: Any) -> Literal["text", "number", "bool", "list", "json"]:
    if is_plain_list(annotation):
        return "list"
    if is_structured(annotation):
        return "json"
    bare = _unwrapped(annotation)
    if bare is bool:
        return "bool"
    if bare in (int, float):
        return "number"
    return "text"


def _codes(table: str, key: str, annotation: Any) -> tuple[str, ...]:
    bare = _unwrapped(annotation)
    if get_origin(bare) is Literal:
        return tuple(str(a) for a in get_args(bare))
    if (table, key) == ("projects", "status"):
        return PROJECT_STATUSES
    return ()


def _column(table: str, key: str, annotation: Any, required: bool) -> Column:
    return Column(
        key=key,
        label=FIELD_LABELS.get(key, key),
        required=required,
        kind=_kind(annotation),
        codes=_codes(table, key, annotation),
        open_codes=(table, key) == ("projects", "status"),
        ids_from=ID_SOURCES.get((table, key)),
        provinces=key in PROVINCE_COLUMNS,
        scores=key.startswith("scores."),
    )


def _nested(annotation: Any) -> type[BaseModel] | None:
    bare = _unwrapped(annotation)
    return bare if isinstance(bare, type) and issubclass(bare, BaseModel) else None


def columns_of(table: str) -> list[Column]:
    """The columns of a table's sheet, in the model's field order but `source` and `basis`
    last; a nested record (a problem's scores, an achievement's ip) is one column per field."""
    if table == "indicators":
        return [
            Column("key", FIELD_LABELS["key"], True, "text"),
            Column("value", FIELD_LABELS["value"], True, "number"),
        ]
    columns = []
    for name, info in record_model(table).model_fields.items():
        key = info.alias or name
        nested = _nested(info.annotation)
        if nested is None:
            columns.append(_column(table, key, info.annotation, info.is_required()))
            continue
        for sub, sub_info in nested.model_fields.items():
            required = info.is_required() and sub_info.is_required()
            columns.append(_column(table, f"{key}.{sub}", sub_info.annotation, required))
    # Where a fact comes from closes the row: the record's own fields come first.
    return sorted(columns, key=lambda c: c.key in ("source", "basis"))


def coded(column: Column, value: str) -> str:
    """A code as its dropdown shows it: `leader 龙头企业`."""
    label = CODE_LABELS.get(value)
    return f"{value} {label}" if label and value in column.codes else value
