"""The achievement sharing library (guide §5.6, Annexes G, H), sharing levels on every read.

Every function that returns achievements takes the caller's `Principal` and returns only what
`graph.access.sharing.can_see` lets them see; an achievement the caller may not see is reported as
absent (not found), so its existence does not leak. New achievements come from accepted projects
(§5.6.1): `project` must name a project of the chain whose status is `accepted`. Every write is an
edit of the chain package (graph.versioning.edits.apply_edit): a version with its diff and audit
entry (`achievement.create|update|delete`).
"""

from __future__ import annotations

from graph.access.principal import Principal
from graph.access.sharing import can_see
from graph.errors import InvalidReferenceError, PackageIssue, RecordNotFoundError
from graph.libraries.problem_table import to_csv, to_xlsx
from graph.libraries.records import Library, Stored, Writer
from graph.package.models import Achievement, ChainPackage
from graph.reads.lookup import require_chain
from graph.store.base import GraphStore

__all__ = [
    "list_achievements",
    "get_achievement",
    "create_achievement",
    "update_achievement",
    "delete_achievement",
    "achievement_table",
    "TABLE_HEADERS",
]

TYPE_LABELS = {
    "patent": "专利",
    "know-how": "技术秘密",
    "software": "软件著作权",
    "standard": "技术标准",
    "solution": "解决方案",
    "database": "数据库",
    "case": "典型案例",
    "other": "其他",
}
SHARING_LABELS = {
    "public": "完全公开",
    "members": "联盟内共享",
    "directed": "定向共享",
    "paid": "有偿共享",
}
TABLE_HEADERS = (
    "编号", "成果名称", "成果贡献方", "成果类型", "成果简介", "解决的质量问题", "来源攻关项目",
    "技术指标/性能", "应用场景与范围", "知识产权类型", "权利状态", "证书编号",
    "专利权人/著作权人", "共享级别", "共享条件", "定向共享对象", "联系方式", "管理机构审核意见",
)  # fmt: skip
TABLE_WIDTHS = (14, 28, 20, 10, 40, 20, 16, 30, 30, 12, 12, 16, 20, 10, 24, 16, 20, 24)


def _matches(a: Achievement, q: str) -> bool:
    text = " ".join(
        x or "" for x in (a.id, a.name, a.summary, a.contributor, a.performance, a.scope)
    )
    return q.casefold() in text.casefold()


def list_achievements(
    store: GraphStore,
    chain: str,
    principal: Principal,
    *,
    q: str | None = None,
    type: str | None = None,
    sharing: str | None = None,
    problem: str | None = None,
    project: str | None = None,
) -> list[Stored[Achievement]]:
    """The achievements `principal` may see, in id order; `q` searches name, summary,
    contributor, performance and scope (case-insensitive substring)."""
    require_chain(store, chain)
    found = []
    for row in store.read("achievements/list", {"chain": chain}):
        stored = ACHIEVEMENTS.stored(row["props"])
        a = stored.record
        if not can_see(principal, a):
            continue
        if (
            (type and a.type != type)
            or (sharing and a.sharing != sharing)
            or (problem and problem not in a.problems)
            or (project and a.project != project)
            or (q and not _matches(a, q))
        ):
            continue
        found.append(stored)
    return found


def get_achievement(
    store: GraphStore, chain: str, achievement_id: str, principal: Principal
) -> Stored[Achievement]:
    """One achievement; not found when it does not exist or `principal` may not see it."""
    stored = ACHIEVEMENTS.get(store, chain, achievement_id)
    if not can_see(principal, stored.record):
        raise RecordNotFoundError(f"chain {chain!r} has no achievement {achievement_id!r}")
    return stored


def _check(package: ChainPackage, a: Achievement) -> None:
    issues: list[PackageIssue] = []
    statuses = {pj.id: pj.status for pj in package.projects}
    if a.project is None:
        issues.append(PackageIssue("$.project", "an achievement comes from an accepted project"))
    elif a.project not in statuses:
        issues.append(PackageIssue("$.project", f"unknown project {a.project!r}"))
    elif (status := statuses[a.project]) != "accepted":
        issues.append(PackageIssue("$.project", f"project {a.project!r} is {status}, not accepted"))
    problems = {p.id for p in package.problems}
    issues += [
        PackageIssue(f"$.problems[{n}]", f"unknown problem {x!r}")
        for n, x in enumerate(a.problems)
        if x not in problems
    ]
    enterprises = {e.id for e in package.enterprises}
    issues += [
        PackageIssue(f"$.directed_to[{n}]", f"unknown enterprise {x!r}")
        for n, x in enumerate(a.directed_to)
        if x not in enterprises
    ]
    if a.sharing == "directed" and not a.directed_to:
        issues.append(PackageIssue("$.directed_to", "directed sharing names nobody"))
    if issues:
        raise InvalidReferenceError(issues)


ACHIEVEMENTS = Library("achievement", "achievements", Achievement, "achievements", check=_check)


def create_achievement(
    store: GraphStore, chain: str, achievement: Achievement, *, principal: Principal
) -> Stored[Achievement]:
    """Add an achievement of an accepted project (Annex G)."""
    summary = f"achievement {achievement.id}: created ({achievement.sharing})"
    ACHIEVEMENTS.create(Writer(store, chain, principal), achievement, summary)
    return ACHIEVEMENTS.get(store, chain, achievement.id)


def update_achievement(
    store: GraphStore,
    chain: str,
    achievement: Achievement,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> Stored[Achievement]:
    """Replace an achievement's fields, its sharing level included."""
    ACHIEVEMENTS.change(
        Writer(store, chain, principal),
        achievement.id,
        lambda _: achievement,
        if_match=if_match,
        action="update",
        summary=f"achievement {achievement.id}: updated ({achievement.sharing})",
    )
    return ACHIEVEMENTS.get(store, chain, achievement.id)


def delete_achievement(
    store: GraphStore,
    chain: str,
    achievement_id: str,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> Achievement:
    """Take an achievement off the library (§5.6.4: withdraw what no longer applies)."""
    writer = Writer(store, chain, principal)
    removed, _ = ACHIEVEMENTS.delete(writer, achievement_id, if_match=if_match)
    return removed


def _row(a: Achievement) -> list[str | float]:
    ip = a.ip
    return [
        a.id, a.name, a.contributor or "", TYPE_LABELS[a.type], a.summary or "",
        "；".join(a.problems), a.project or "", a.performance or "", a.scope or "",
        (ip.type if ip else None) or "", (ip.status if ip else None) or "",
        (ip.number if ip else None) or "", (ip.holder if ip else None) or "",
        SHARING_LABELS[a.sharing], a.conditions or "", "；".join(a.directed_to),
        a.contact or "", a.review or "",
    ]  # fmt: skip


def achievement_table(achievements: list[Achievement], chain_name: str, format: str) -> bytes:
    """The achievements given (already filtered by sharing) as the Annex G fields, one row each."""
    rows = [_row(a) for a in achievements]
    if format == "csv":
        return to_csv(rows, TABLE_HEADERS)
    return to_xlsx(
        rows,
        chain_name,
        title="产业链质量攻关成果共享库",
        sheet_title="成果共享库",
        headers=TABLE_HEADERS,
        widths=TABLE_WIDTHS,
    )
