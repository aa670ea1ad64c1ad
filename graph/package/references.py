"""The reference checks of a chain package (docs/architecture.md, Checks): ids unique per kind,
and every id a record names present in the package.

They read records as mappings (a pydantic record's `__dict__`, or a record of a document that
failed its schema check), and skip what is not of the right type: the schema check reports
that. So a package with a bad tier gets its unknown links and dangling suppliers reported in
the same pass, and a record whose id breaks the id rules still counts as present, so its
referrers are not reported twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

Loc = tuple[str | int, ...]
Found = tuple[Loc, str]
Records = Sequence[Mapping[str, Any]]

__all__ = ["Found", "Loc", "reference_issues", "records_of"]

# Every kind with an id, in package order.
KINDS = (
    "segments",
    "links",
    "enterprises",
    "institutions",
    "problems",
    "projects",
    "achievements",
    "events",
)


def records_of(value: Any) -> list[Mapping[str, Any]]:
    """The records of one top-level list, as mappings: pydantic records by their fields, dicts
    as they are; anything else (a list that is not one, a record that is not a map) is left for
    the schema check, here an empty record that names nothing."""
    if not isinstance(value, list):
        return []
    return [
        r.__dict__ if isinstance(r, BaseModel) else r if isinstance(r, Mapping) else {}
        for r in value
    ]


def _id(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _ids(value: Any) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        return []
    return [(k, v) for k, v in enumerate(value) if isinstance(v, str)]


def _unknown(loc: Loc, kind: str, value: str) -> Found:
    return loc, f"unknown {kind} {value!r}"


def _missing_in(
    kind: str, n: int, field: str, record: Mapping[str, Any], what: str, known: Any
) -> Iterator[Found]:
    for k, value in _ids(record.get(field)):
        if value not in known:
            yield _unknown((kind, n, field, k), what, value)


def _duplicates(kind: str, records: Records) -> Iterator[Found]:
    """Each repeat of an id, at the record that repeats it (the first keeps it)."""
    counts: dict[str, int] = {}
    for r in records:
        if (value := _id(r.get("id"))) is not None:
            counts[value] = counts.get(value, 0) + 1
    if len(counts) == len(records):
        return
    seen: set[str] = set()
    for n, r in enumerate(records):
        value = _id(r.get("id"))
        if value is None or counts[value] == 1:
            continue
        if value in seen:
            yield (kind, n, "id"), f"duplicate id {value!r}: {counts[value]} {kind} have it"
        seen.add(value)


def reference_issues(tables: Mapping[str, Records]) -> Iterator[Found]:
    """Every reference problem of a package given as its top-level lists of records."""

    def table(kind: str) -> Records:
        return tables.get(kind) or []

    def known(kind: str) -> set[str]:
        return {v for r in table(kind) if (v := _id(r.get("id"))) is not None}

    for kind in KINDS:
        yield from _duplicates(kind, table(kind))
    segments, links, institutions = known("segments"), known("links"), known("institutions")
    problems, projects = known("problems"), known("projects")
    enterprises = {v: r for r in table("enterprises") if (v := _id(r.get("id"))) is not None}

    for n, link in enumerate(table("links")):
        if (segment := _id(link.get("segment"))) is not None and segment not in segments:
            yield _unknown(("links", n, "segment"), "segment", segment)
        if (parent := _id(link.get("parent"))) is not None and parent not in links:
            yield _unknown(("links", n, "parent"), "link", parent)
    for n, flow in enumerate(table("link_flows")):
        for field, value in (("from", flow.get("from_", flow.get("from"))), ("to", flow.get("to"))):
            if (end := _id(value)) is not None and end not in links:
                yield _unknown(("link_flows", n, field), "link", end)
    for n, ent in enumerate(table("enterprises")):
        yield from _missing_in("enterprises", n, "links", ent, "link", links)
    yield from _supply_issues(table("supplies"), enterprises, links)
    for n, inst in enumerate(table("institutions")):
        yield from _missing_in("institutions", n, "serves", inst, "link", links)
    for n, pr in enumerate(table("problems")):
        if (link_id := _id(pr.get("link"))) is not None and link_id not in links:
            yield _unknown(("problems", n, "link"), "link", link_id)
        yield from _missing_in("problems", n, "related", pr, "problem", problems)
        yield from _missing_in("problems", n, "enterprises", pr, "enterprise", enterprises)
    actors = set(enterprises) | institutions
    actor = "enterprise or institution"
    for n, pj in enumerate(table("projects")):
        yield from _missing_in("projects", n, "problems", pj, "problem", problems)
        if (lead := _id(pj.get("lead"))) is not None and lead not in actors:
            yield _unknown(("projects", n, "lead"), actor, lead)
        yield from _missing_in("projects", n, "participants", pj, actor, actors)
    for n, ach in enumerate(table("achievements")):
        if (project := _id(ach.get("project"))) is not None and project not in projects:
            yield _unknown(("achievements", n, "project"), "project", project)
        yield from _missing_in("achievements", n, "problems", ach, "problem", problems)
        yield from _missing_in("achievements", n, "directed_to", ach, "enterprise", enterprises)
        if ach.get("sharing") == "directed" and not ach.get("directed_to"):
            yield ("achievements", n, "directed_to"), "directed sharing names nobody"
    everything = links | set(enterprises) | institutions | problems | projects
    for n, ev in enumerate(table("events")):
        yield from _missing_in("events", n, "refs", ev, "id", everything)


def _supply_issues(
    supplies: Records, enterprises: Mapping[str, Mapping[str, Any]], links: set[str]
) -> Iterator[Found]:
    seen: set[tuple[str, str, str]] = set()
    for n, s in enumerate(supplies):
        supplier, customer, link = (
            _id(s.get("supplier")),
            _id(s.get("customer")),
            _id(s.get("link")),
        )
        if supplier is not None and supplier not in enterprises:
            yield _unknown(("supplies", n, "supplier"), "enterprise", supplier)
        if customer is not None and customer not in enterprises:
            yield _unknown(("supplies", n, "customer"), "enterprise", customer)
        if link is not None and link not in links:
            yield _unknown(("supplies", n, "link"), "link", link)
        record = enterprises.get(supplier) if supplier is not None else None
        if record is not None and link in links:
            in_links = {v for _, v in _ids(record.get("links"))}
            if in_links and link not in in_links:
                yield ("supplies", n, "link"), f"supplier {supplier!r} is not in link {link!r}"
        if supplier is not None and supplier == customer:
            yield ("supplies", n), "an enterprise cannot supply itself"
        if supplier is not None and customer is not None and link is not None:
            key = (supplier, customer, link)
            if key in seen:
                yield (
                    ("supplies", n),
                    (f"duplicate supply {key}: one edge per supplier, customer, link"),
                )
            seen.add(key)
