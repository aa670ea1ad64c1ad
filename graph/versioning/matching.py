"""Entity matching on import: survey spreadsheets name the same firm in many ways.

Each incoming enterprise whose id the chain does not hold is compared with the chain's firms
that the package would otherwise drop: first by id (a unified social credit code where known,
so a USCC match is an id match), then by normalised name and place. The outcome per firm is
`matched` (same normalised name, same province, no conflicting city or county, and a single
such firm: the incoming record takes the existing id, so nothing is duplicated and its history
continues), `potential` (a similar name, or the same name in another place: imported under its
own id, flagged `match_status: potential` and held as a `MatchCandidate` for a person to
confirm or reject), or `new`. Every decision is returned to the importer; nothing is merged
silently.

Normalisation drops parenthesised parts, punctuation, leading places (provinces, and the city,
county and town the record names, or any two-character name ending in 市/县), legal forms and
common descriptors at the end (有限公司, 集团, 制造, 科技 ...), and the chain's own generic words
(bigrams found in at least a quarter of its names, such as 轴承 in a bearing chain), never
leaving fewer than two characters.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher
from typing import Any, Literal, get_args

from pydantic import BaseModel

from graph.access.audit import entry_statement
from graph.access.principal import Principal
from graph.errors import ConflictError, RecordNotFoundError
from graph.package.models import ChainPackage, Enterprise
from graph.store.base import GraphStore, Statement
from graph.versioning.edits import apply_edit
from graph.versioning.importer import ImportResult
from graph.versioning.versions import WRITE_LOCK

__all__ = [
    "MatchDecision",
    "MatchOutcome",
    "MatchCandidate",
    "normalise_name",
    "generic_terms",
    "match_enterprises",
    "rename_enterprises",
    "candidate_statements",
    "list_candidates",
    "confirm_match",
    "reject_match",
    "SIMILARITY",
]

PROVINCES = (
    "内蒙古", "黑龙江", "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "江苏",
    "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川",
    "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "广西", "西藏", "宁夏", "新疆", "香港",
    "澳门",
)  # fmt: skip
PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")
PLACE_SUFFIXES = ("市", "县", "区", "镇", "")
TRAILING = (
    "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "集团公司", "分公司",
    "公司", "集团", "总厂", "分厂", "厂", "制造", "科技", "实业", "工贸", "贸易", "精密", "特种",
)  # fmt: skip
GENERIC_SHARE = 0.25
SIMILARITY = 0.6
MIN_CORE = 2
_ANY_CITY = re.compile(r"^[\u4e00-\u9fff]{2}[市县]")

Status = Literal["matched", "potential", "new"]


def _clean(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"\([^)]*\)", "", text)
    return re.sub(r"[\W_]+", "", text)


def _strip_front(text: str, prefixes: Iterable[str]) -> str:
    for prefix in prefixes:
        if prefix and text.startswith(prefix) and len(text) - len(prefix) >= MIN_CORE:
            return text[len(prefix) :]
    return text


def _place_prefixes(places: Iterable[str | None]) -> list[str]:
    names = [p for p in places if p]
    prefixes = [f"{p}{s}" for p in PROVINCES for s in PROVINCE_SUFFIXES] + list(PROVINCES)
    prefixes += [f"{p}{s}" for p in names for s in PLACE_SUFFIXES]
    return sorted(set(prefixes), key=len, reverse=True)


def normalise_name(
    name: str, places: Iterable[str | None] = (), generic: Iterable[str] = ()
) -> str:
    """The core of a firm's name, for comparison.

    Examples
    --------
    >>> normalise_name("临清市宇捷轴承有限公司", ["临清"], ["轴承"])
    '宇捷'
    >>> normalise_name("山东省宇捷轴承制造有限公司", [], ["轴承"])
    '宇捷'
    """
    text = _clean(name)
    prefixes = _place_prefixes(places)
    while True:
        shorter = _strip_front(text, prefixes)
        match = _ANY_CITY.match(shorter)
        if match and len(shorter) - match.end() >= MIN_CORE:
            shorter = shorter[match.end() :]
        if shorter == text:
            break
        text = shorter
    generic = sorted(generic, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for word in (*TRAILING, *generic):
            if text.endswith(word) and len(text) - len(word) >= MIN_CORE:
                text, changed = text[: -len(word)], True
    for word in generic:
        if word in text and len(text) - len(word) >= MIN_CORE:
            text = text.replace(word, "", 1)
    return text


def generic_terms(names: Iterable[str]) -> set[str]:
    """Bigrams in at least a quarter of the names (and at least three): the chain's own
    generic words, such as 轴承 in a bearing chain."""
    cleaned = [_clean(n) for n in names]
    counts: Counter[str] = Counter()
    for text in cleaned:
        counts.update({text[i : i + 2] for i in range(len(text) - 1)})
    floor = max(3, GENERIC_SHARE * len(cleaned))
    legal = "".join(TRAILING)
    return {g for g, n in counts.items() if n >= floor and g not in legal}


@dataclass(frozen=True)
class _Firm:
    id: str
    name: str
    province: str
    city: str | None
    county: str | None
    core: str


@dataclass(frozen=True)
class MatchDecision:
    incoming: str
    incoming_name: str
    status: Status
    existing: str | None = None
    existing_name: str | None = None
    score: float = 0.0
    reason: str = ""


@dataclass
class MatchOutcome:
    package: ChainPackage
    decisions: list[MatchDecision] = field(default_factory=list)

    def of(self, status: Status) -> list[MatchDecision]:
        return [d for d in self.decisions if d.status == status]

    def counts(self) -> dict[str, int]:
        return {s: len(self.of(s)) for s in get_args(Status)}


def _firm(record: dict[str, Any] | Enterprise, generic: set[str]) -> _Firm:
    data = record if isinstance(record, dict) else record.model_dump()
    places = (data["province"], data.get("city"), data.get("county"), data.get("town"))
    return _Firm(
        str(data["id"]),
        str(data["name"]),
        str(data["province"]),
        data.get("city"),
        data.get("county"),
        normalise_name(str(data["name"]), places, generic),
    )


def _same_place(a: _Firm, b: _Firm) -> bool:
    def agree(x: str | None, y: str | None) -> bool:
        return not x or not y or x == y

    return a.province == b.province and agree(a.city, b.city) and agree(a.county, b.county)


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) >= MIN_CORE and len(b) >= MIN_CORE and (a in b or b in a):
        return max(SIMILARITY, SequenceMatcher(None, a, b).ratio())
    return SequenceMatcher(None, a, b).ratio()


def match_enterprises(store: GraphStore, package: ChainPackage) -> MatchOutcome:
    """Decide, for each incoming enterprise with an id new to the chain, whether it is a firm
    the chain already holds; returns the package with matched firms under their existing ids."""
    chain = package.chain.id
    rows = store.read("matching/enterprises", {"chain": chain})
    known = {row["id"] for row in rows}
    incoming_ids = {e.id for e in package.enterprises}
    fresh = [e for e in package.enterprises if e.id not in known]
    dropped = [row for row in rows if row["id"] not in incoming_ids]
    if not fresh:
        return MatchOutcome(package)
    generic = generic_terms([row["name"] for row in rows] + [e.name for e in package.enterprises])
    pool = [_firm(row, generic) for row in dropped]
    by_bigram: dict[str, set[int]] = defaultdict(set)
    for n, firm in enumerate(pool):
        for i in range(max(1, len(firm.core) - 1)):
            by_bigram[firm.core[i : i + 2]].add(n)

    proposals: list[tuple[_Firm, list[tuple[float, _Firm, str]]]] = []
    for enterprise in fresh:
        firm = _firm(enterprise, generic)
        nearby = set().union(
            *(by_bigram.get(firm.core[i : i + 2], set()) for i in range(max(1, len(firm.core) - 1)))
        )
        scored = []
        for n in nearby:
            other = pool[n]
            if other.province != firm.province:
                continue
            score = _similarity(firm.core, other.core)
            if score == 1.0 and _same_place(firm, other):
                scored.append((1.0, other, "same normalised name and place"))
            elif score == 1.0:
                scored.append((0.9, other, "same normalised name, different city or county"))
            elif score >= SIMILARITY:
                scored.append((round(score, 3), other, "similar name, same province"))
        proposals.append((firm, sorted(scored, key=lambda s: (-s[0], s[1].id))))

    exact_claims = Counter(s[0][1].id for _, s in proposals if s and s[0][0] == 1.0)
    decisions: list[MatchDecision] = []
    mapping: dict[str, str] = {}
    for firm, scored in proposals:
        if not scored:
            decisions.append(MatchDecision(firm.id, firm.name, "new"))
            continue
        best_score, best, reason = scored[0]
        unique = sum(1 for s in scored if s[0] == 1.0) == 1 and exact_claims[best.id] == 1
        if best_score == 1.0 and unique:
            mapping[firm.id] = best.id
            decisions.append(
                MatchDecision(firm.id, firm.name, "matched", best.id, best.name, 1.0, reason)
            )
            continue
        for score, other, why in scored[:3]:
            if score == 1.0:
                score, why = 0.95, f"{why}, but more than one firm fits"
            decisions.append(
                MatchDecision(firm.id, firm.name, "potential", other.id, other.name, score, why)
            )
    return MatchOutcome(rename_enterprises(package, mapping), decisions)


def rename_enterprises(package: ChainPackage, mapping: dict[str, str]) -> ChainPackage:
    """The package with enterprise ids replaced as `mapping` says, in every reference."""
    if not mapping:
        return package
    data = package.model_dump(by_alias=True)

    def swap(value: str | None) -> str | None:
        return mapping.get(value, value) if value is not None else None

    for e in data["enterprises"]:
        e["id"] = swap(e["id"])
    for s in data["supplies"]:
        s["supplier"], s["customer"] = swap(s["supplier"]), swap(s["customer"])
    for p in data["problems"]:
        p["enterprises"] = [swap(x) for x in p["enterprises"]]
    for p in data["projects"]:
        p["lead"] = swap(p["lead"])
        p["participants"] = [swap(x) for x in p["participants"]]
    for a in data["achievements"]:
        a["directed_to"] = [swap(x) for x in a["directed_to"]]
    for ev in data["events"]:
        ev["refs"] = [swap(x) for x in ev["refs"]]
    return ChainPackage.model_validate(data)


# --- held matches --------------------------------------------------------------------------


class MatchCandidate(BaseModel):
    id: str
    chain: str
    incoming: str
    incoming_name: str
    existing: str
    existing_name: str
    score: float
    reason: str
    status: Literal["pending", "confirmed", "rejected", "superseded"]
    version: str
    created_at: str
    resolved_at: str | None = None
    resolved_by: str | None = None


def candidate_statements(chain: str, version: str, outcome: MatchOutcome) -> list[Statement]:
    """Statements that hold the potential matches: candidates, and the flag on each firm."""
    potential = outcome.of("potential")
    if not potential:
        return []
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = [
        {
            "id": secrets.token_hex(6),
            "props": {
                "incoming": d.incoming,
                "incoming_name": d.incoming_name,
                "existing": d.existing,
                "existing_name": d.existing_name,
                "score": d.score,
                "reason": d.reason,
                "status": "pending",
                "version": version,
                "created_at": now,
            },
        }
        for d in potential
    ]
    flagged = sorted({d.incoming for d in potential})
    return [
        ("matching/create_candidates", {"chain": chain, "rows": rows}),
        ("matching/flag", {"chain": chain, "ids": flagged, "status": "potential"}),
    ]


def list_candidates(
    store: GraphStore, chain: str, status: str | None = None
) -> list[MatchCandidate]:
    rows = store.read("matching/candidates", {"chain": chain, "status": status})
    return [MatchCandidate.model_validate(row["props"]) for row in rows]


def _pending(
    store: GraphStore, chain: str, candidate_id: str
) -> tuple[MatchCandidate, list[MatchCandidate]]:
    candidates = list_candidates(store, chain)
    found = next((c for c in candidates if c.id == candidate_id), None)
    if found is None:
        raise RecordNotFoundError(f"no match candidate {candidate_id!r} in chain {chain!r}")
    if found.status != "pending":
        raise ConflictError(f"match candidate {candidate_id!r} is already {found.status}")
    return found, candidates


def _resolution(
    chain: str, candidate: MatchCandidate, status: str, principal: Principal
) -> dict[str, Any]:
    at = datetime.now(UTC).isoformat(timespec="seconds")
    return {"chain": chain, "id": candidate.id, "status": status, "at": at, "by": principal.key_id}


def confirm_match(
    store: GraphStore, chain: str, candidate_id: str, *, principal: Principal
) -> ImportResult:
    """The incoming firm is the existing one: it takes the existing id in every reference, as
    one new version (history under that id continues); other candidates for it are closed."""
    candidate, _ = _pending(store, chain, candidate_id)

    def edit(package: ChainPackage) -> ChainPackage:
        ids = {e.id for e in package.enterprises}
        if candidate.incoming not in ids:
            raise ConflictError(f"enterprise {candidate.incoming!r} is no longer in the chain")
        if candidate.existing in ids:
            raise ConflictError(f"enterprise {candidate.existing!r} is in the chain again")
        return rename_enterprises(package, {candidate.incoming: candidate.existing})

    resolution = _resolution(chain, candidate, "confirmed", principal)
    return apply_edit(
        store,
        chain,
        edit,
        principal=principal,
        action="match.confirm",
        target=f"{chain}/{candidate.incoming}",
        summary=f"{candidate.incoming_name} ({candidate.incoming}) is "
        f"{candidate.existing_name} ({candidate.existing})",
        extra=[
            ("matching/resolve", resolution),
            ("matching/supersede", {**resolution, "incoming": candidate.incoming}),
        ],
    )


def reject_match(
    store: GraphStore, chain: str, candidate_id: str, *, principal: Principal
) -> MatchCandidate:
    """The incoming firm is not the existing one; once no candidate for it is pending, it
    stands as a firm of its own (the flag is cleared). The chain's data does not change."""
    candidate, candidates = _pending(store, chain, candidate_id)
    others = [
        c
        for c in candidates
        if c.incoming == candidate.incoming and c.status == "pending" and c.id != candidate.id
    ]
    statements: list[Statement] = [
        ("matching/resolve", _resolution(chain, candidate, "rejected", principal)),
        entry_statement(
            principal,
            "match.reject",
            f"{chain}/{candidate.incoming}",
            f"{candidate.incoming_name} ({candidate.incoming}) is not "
            f"{candidate.existing_name} ({candidate.existing})",
            chain=chain,
        ),
    ]
    if not others:
        statements.append(
            ("matching/flag", {"chain": chain, "ids": [candidate.incoming], "status": None})
        )
    with WRITE_LOCK:
        store.write_atomically(statements)
    return next(c for c in list_candidates(store, chain) if c.id == candidate_id)
