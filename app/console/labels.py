"""Bilingual labels of the values the console shows: Chinese first, English beside it.

The Chinese terms are the guide's (表 C.1 for problem statuses and categories, §5.6.2 for sharing
levels, §5.3.7 for the nine monitoring dimensions)."""

from __future__ import annotations

from graph.libraries.problem_table import CATEGORY_LABELS, STATUS_LABELS

__all__ = ["LABELS", "label"]

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "status": {k: (v, k) for k, v in STATUS_LABELS.items()},
    "category": {
        k: (v, e)
        for (k, v), e in zip(
            CATEGORY_LABELS.items(),
            ("technology", "management", "brand", "infrastructure", "other"),
            strict=True,
        )
    },
    "project_status": {
        "planned": ("计划中", "planned"),
        "in_progress": ("实施中", "in progress"),
        "accepted": ("已验收", "accepted"),
        "terminated": ("已终止", "terminated"),
    },
    "sharing": {
        "public": ("公开", "public"),
        "members": ("会员共享", "members"),
        "directed": ("定向共享", "directed"),
        "paid": ("有偿共享", "paid"),
    },
    "achievement_type": {
        "patent": ("专利", "patent"),
        "know-how": ("专有技术", "know-how"),
        "software": ("软件", "software"),
        "standard": ("标准", "standard"),
        "solution": ("解决方案", "solution"),
        "database": ("数据库", "database"),
        "case": ("案例", "case"),
        "other": ("其他", "other"),
    },
    "dimension": {
        "tech_rd": ("技术研发", "tech R&D"),
        "procurement_supply": ("采购供应", "procurement & supply"),
        "application": ("推广应用", "application"),
        "industry_activity": ("行业活动", "industry activity"),
        "policy": ("政策", "policy"),
        "product": ("产品", "product"),
        "certification": ("认证", "certification"),
        "major_project": ("重大项目", "major project"),
        "investment": ("投资", "investment"),
    },
    "role": {
        "viewer": ("访客", "viewer"),
        "member": ("会员", "member"),
        "editor": ("编辑", "editor"),
        "admin": ("管理员", "admin"),
    },
    "kind": {
        "chain": ("产业链", "chain"),
        "segments": ("链段", "segments"),
        "links": ("环节", "links"),
        "link_flows": ("环节流向", "link flows"),
        "enterprises": ("企业", "enterprises"),
        "supplies": ("供应关系", "supplies"),
        "institutions": ("质量技术机构", "institutions"),
        "problems": ("质量问题", "problems"),
        "projects": ("攻关项目", "projects"),
        "achievements": ("成果", "achievements"),
        "events": ("监测事件", "events"),
    },
    "op": {
        "added": ("新增", "added"),
        "removed": ("删除", "removed"),
        "changed": ("修改", "changed"),
    },
    "match": {
        "matched": ("已匹配", "matched"),
        "potential": ("疑似重复", "potential"),
        "new": ("新企业", "new"),
        "pending": ("待确认", "pending"),
        "confirmed": ("已确认", "confirmed"),
        "rejected": ("已否决", "rejected"),
        "superseded": ("已失效", "superseded"),
    },
}


def label(group: str, value: object) -> tuple[str, str]:
    """(Chinese, English) of `value` in `group`; the value itself for one without a label."""
    text = "" if value is None else str(value)
    return LABELS.get(group, {}).get(text, (text, ""))
