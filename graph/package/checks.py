"""Checking a package document in one pass (docs/architecture.md, Checks): its records' own
`chain` fields, the schema and the references, every problem at its place.

The forms (JSON, CSV, workbook) read their bytes into a document and call `check_document`;
each then words the places its own way. A place is a `Loc`: the keys and indexes from the
document's root, as pydantic reports them (`("enterprises", 3, "tier")`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from graph.collector import collection_paused
from graph.package.models import ChainPackage
from graph.package.references import Found, Loc, records_of, reference_issues

__all__ = ["RECORD_LISTS", "TABLES", "check_document", "json_path"]

TABLES = list(ChainPackage.model_fields)
# The top-level lists of records, in package order.
RECORD_LISTS = [t for t in TABLES if t not in ("chain", "indicators")]


# Record lists longer than this are validated a chunk at a time (see _validate_in_chunks).
CHUNK = 5_000


def json_path(loc: Iterable[int | str]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _own_chain_fields(data: dict[str, Any]) -> list[Found]:
    """A record may name its chain (the graph model stores `chain` on every record node): it
    must be the package's chain, and is dropped once checked. The document is changed."""
    chain = data.get("chain")
    chain_id = chain.get("id") if isinstance(chain, dict) else None
    found: list[Found] = []
    for table in RECORD_LISTS:
        records = data.get(table)
        if not isinstance(records, list):
            continue
        for n, record in enumerate(records):
            if not isinstance(record, dict) or "chain" not in record:
                continue
            named = record.pop("chain")
            if named in (None, "") or not isinstance(chain_id, str) or named == chain_id:
                continue
            found.append(
                (
                    (table, n, "chain"),
                    f"the record is of chain {named!r}, the package of {chain_id!r}",
                )
            )
    return found


def _place(found: Found) -> tuple[int, int]:
    loc = found[0]
    table = TABLES.index(loc[0]) if loc and loc[0] in TABLES else -1
    row = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else -1
    return table, row


def _within(loc: Loc, earlier: set[Loc]) -> bool:
    return any(loc[: len(e)] == e for e in earlier)


def check_document(
    data: Any, earlier: Iterable[Found] = ()
) -> tuple[ChainPackage | None, list[Found]]:
    """The package of a document, or every problem found in it, in document order (a table's
    problems by record, in the order the checks found them). `earlier` are the problems the form
    found while reading (a cell that is not JSON, say); a schema error at or below one of their
    places is the same problem and is not repeated. A dict document is changed in place (the
    records' `chain` fields are taken out)."""
    with collection_paused():
        return _check_document(data, list(earlier))


def _check_document(data: Any, found: list[Found]) -> tuple[ChainPackage | None, list[Found]]:
    if isinstance(data, dict):
        found += _own_chain_fields(data)
    package: ChainPackage | None = None
    if isinstance(data, dict):
        _validate_in_chunks(data)
    try:
        package = ChainPackage.model_validate(data)
    except ValidationError as exc:
        reported = {loc for loc, _ in found}
        for e in exc.errors():
            loc = tuple(e["loc"])
            if not _within(loc, reported):
                found.append((loc, e["msg"]))
    if package is not None:
        tables = {t: records_of(getattr(package, t)) for t in RECORD_LISTS}
    elif isinstance(data, dict):
        tables = {t: records_of(data.get(t)) for t in RECORD_LISTS}
    else:
        tables = {}
    found += reference_issues(tables)
    if found:
        return None, sorted(found, key=_place)
    return package, []


@cache
def _list_adapter(table: str) -> TypeAdapter[list[Any]]:
    annotation: Any = ChainPackage.model_fields[table].annotation
    return TypeAdapter(annotation)


def _validate_in_chunks(data: dict[str, Any]) -> None:
    """Replace each long record list by its records validated a chunk at a time, when every
    chunk holds. One pydantic call holds the interpreter lock for as long as it runs (8 s for
    a package of 100,000 firms and 951,400 supplies), and every other request of the service
    waits that long; between chunks the others run. The package's own validation then takes
    the models as they are. A list with any error is left as it was, for that validation to
    report every error in its usual words and places."""
    for table in RECORD_LISTS:
        records = data.get(table)
        if not isinstance(records, list) or len(records) <= CHUNK:
            continue
        adapter = _list_adapter(table)
        try:
            data[table] = [
                model
                for start in range(0, len(records), CHUNK)
                for model in adapter.validate_python(records[start : start + CHUNK])
            ]
        except ValidationError:
            continue
