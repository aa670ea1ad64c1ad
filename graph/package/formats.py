"""Reading and checking chain packages: JSON documents and their CSV form
(docs/architecture.md, Chain package).

`parse_package` turns raw bytes into a `ChainPackage` or raises `InvalidPackageError` with every
problem found, each with its JSON path (or CSV file and row). Nothing here touches a store.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from graph.errors import InvalidPackageError, PackageIssue
from graph.package.models import ChainPackage

__all__ = [
    "parse_package",
    "parse_json_package",
    "parse_csv_package",
    "package_to_csv_zip",
    "check_references",
]

LIST_SEPARATOR = ";"
# Top-level keys in CSV form: one file each; `chain` has one row, `indicators` is key,value.
CSV_TABLES = list(ChainPackage.model_fields)


def _json_path(loc: Iterable[int | str]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _validate(data: Any) -> ChainPackage:
    try:
        package = ChainPackage.model_validate(data)
    except ValidationError as exc:
        raise InvalidPackageError(
            [PackageIssue(_json_path(e["loc"]), e["msg"]) for e in exc.errors()]
        ) from None
    issues = list(check_references(package))
    if issues:
        raise InvalidPackageError(issues)
    return package


def parse_json_package(raw: bytes | str) -> ChainPackage:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidPackageError([PackageIssue("$", f"not a JSON document: {exc}")]) from None
    except RecursionError:
        raise InvalidPackageError(
            [PackageIssue("$", "the document is nested too deeply")]
        ) from None
    return _validate(data)


def parse_package(raw: bytes) -> ChainPackage:
    """A JSON package, or a zip archive of the CSV form."""
    if raw[:4] == b"PK\x03\x04":
        return parse_csv_package(raw)
    return parse_json_package(raw)


# --- references ----------------------------------------------------------------------------


def _duplicates(kind: str, ids: list[str]) -> Iterator[PackageIssue]:
    for value, count in Counter(ids).items():
        if count > 1:
            yield PackageIssue(f"$.{kind}", f"id {value!r} appears {count} times")


def _unknown(path: str, kind: str, value: str) -> PackageIssue:
    return PackageIssue(path, f"unknown {kind} {value!r}")


def _missing_in(
    where: tuple[str, int, str], kind: str, values: list[str], known: set[str] | dict[str, Any]
) -> Iterator[PackageIssue]:
    """Issues for the entries of the reference list `values` (field `where[2]` of record
    `where[1]` of list `where[0]`) that `known` lacks; paths are built only for those."""
    for k, value in enumerate(values):
        if value not in known:
            table, n, field = where
            yield _unknown(f"$.{table}[{n}].{field}[{k}]", kind, value)


def check_references(p: ChainPackage) -> Iterator[PackageIssue]:
    """Every id a record names must exist in the package, and ids are unique per kind."""
    segments = {s.id for s in p.segments}
    links = {link.id for link in p.links}
    enterprises = {e.id: e for e in p.enterprises}
    institutions = {i.id for i in p.institutions}
    problems = {pr.id for pr in p.problems}
    projects = {pj.id for pj in p.projects}
    for kind, ids in [
        ("segments", [s.id for s in p.segments]),
        ("links", [link.id for link in p.links]),
        ("enterprises", [e.id for e in p.enterprises]),
        ("institutions", [i.id for i in p.institutions]),
        ("problems", [pr.id for pr in p.problems]),
        ("projects", [pj.id for pj in p.projects]),
        ("achievements", [a.id for a in p.achievements]),
        ("events", [ev.id for ev in p.events]),
    ]:
        if len(set(ids)) < len(ids):
            yield from _duplicates(kind, ids)

    for n, link in enumerate(p.links):
        if link.segment not in segments:
            yield _unknown(f"$.links[{n}].segment", "segment", link.segment)
        if link.parent is not None and link.parent not in links:
            yield _unknown(f"$.links[{n}].parent", "link", link.parent)
    for n, flow in enumerate(p.link_flows):
        if flow.from_ not in links:
            yield _unknown(f"$.link_flows[{n}].from", "link", flow.from_)
        if flow.to not in links:
            yield _unknown(f"$.link_flows[{n}].to", "link", flow.to)
    for n, ent in enumerate(p.enterprises):
        yield from _missing_in(("enterprises", n, "links"), "link", ent.links, links)
    seen_supplies: set[tuple[str, str, str]] = set()
    for n, s in enumerate(p.supplies):
        if s.supplier not in enterprises:
            yield _unknown(f"$.supplies[{n}].supplier", "enterprise", s.supplier)
        if s.customer not in enterprises:
            yield _unknown(f"$.supplies[{n}].customer", "enterprise", s.customer)
        if s.link not in links:
            yield _unknown(f"$.supplies[{n}].link", "link", s.link)
        supplier = enterprises.get(s.supplier)
        if supplier is not None and s.link in links and s.link not in supplier.links:
            yield PackageIssue(
                f"$.supplies[{n}].link", f"supplier {s.supplier!r} is not in link {s.link!r}"
            )
        if s.supplier == s.customer:
            yield PackageIssue(f"$.supplies[{n}]", "an enterprise cannot supply itself")
        key = (s.supplier, s.customer, s.link)
        if key in seen_supplies:
            yield PackageIssue(
                f"$.supplies[{n}]", f"duplicate supply {key}: one edge per supplier, customer, link"
            )
        seen_supplies.add(key)
    for n, inst in enumerate(p.institutions):
        yield from _missing_in(("institutions", n, "serves"), "link", inst.serves, links)
    for n, pr in enumerate(p.problems):
        if pr.link not in links:
            yield _unknown(f"$.problems[{n}].link", "link", pr.link)
        yield from _missing_in(("problems", n, "related"), "problem", pr.related, problems)
        yield from _missing_in(
            ("problems", n, "enterprises"), "enterprise", pr.enterprises, enterprises
        )
    actors = set(enterprises) | institutions
    for n, pj in enumerate(p.projects):
        yield from _missing_in(("projects", n, "problems"), "problem", pj.problems, problems)
        if pj.lead is not None and pj.lead not in actors:
            yield _unknown(f"$.projects[{n}].lead", "enterprise or institution", pj.lead)
        yield from _missing_in(
            ("projects", n, "participants"), "enterprise or institution", pj.participants, actors
        )
    for n, ach in enumerate(p.achievements):
        if ach.project is not None and ach.project not in projects:
            yield _unknown(f"$.achievements[{n}].project", "project", ach.project)
        yield from _missing_in(("achievements", n, "problems"), "problem", ach.problems, problems)
        yield from _missing_in(
            ("achievements", n, "directed_to"), "enterprise", ach.directed_to, enterprises
        )
        if ach.sharing == "directed" and not ach.directed_to:
            yield PackageIssue(f"$.achievements[{n}].directed_to", "directed sharing names nobody")
    everything = links | set(enterprises) | institutions | problems | projects
    for n, ev in enumerate(p.events):
        yield from _missing_in(("events", n, "refs"), "id", ev.refs, everything)


# --- CSV form ------------------------------------------------------------------------------


def _record_model(table: str) -> type[BaseModel]:
    annotation = ChainPackage.model_fields[table].annotation
    args = get_args(annotation)
    return args[0] if args else annotation  # type: ignore[return-value]


def _is_plain_list(annotation: Any) -> bool:
    """list[str]-like fields are `;`-separated in CSV; structured ones are JSON cells."""
    if get_origin(annotation) is not list:
        return False
    (item,) = get_args(annotation)
    return not (isinstance(item, type) and issubclass(item, BaseModel))


def _is_structured(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin is dict:
        return True
    if origin is list:
        return not _is_plain_list(annotation)
    inner = [a for a in get_args(annotation) if a is not type(None)]
    if inner and origin is not None and any(_is_structured(a) for a in inner):
        return True
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _cell_to_value(model: type[BaseModel], column: str, cell: str) -> Any:
    field = model.model_fields.get(column) or next(
        (f for f in model.model_fields.values() if f.alias == column), None
    )
    if field is None:
        return cell  # unknown column: the model reports it as an extra field
    if _is_plain_list(field.annotation):
        return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]
    if _is_structured(field.annotation):
        return json.loads(cell)
    return cell


def parse_csv_package(raw: bytes) -> ChainPackage:
    """The CSV form: a zip with one `<key>.csv` per top-level key (header row, then records)."""
    issues: list[PackageIssue] = []
    data: dict[str, Any] = {}
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise InvalidPackageError([PackageIssue("$", f"not a zip archive: {exc}")]) from None
    names = {name.rsplit("/", 1)[-1]: name for name in archive.namelist()}
    for table in CSV_TABLES:
        name = names.get(f"{table}.csv")
        if name is None:
            continue
        text = archive.read(name).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        if table == "indicators":
            data[table] = {r["key"]: r["value"] for r in rows}
            continue
        model = _record_model(table)
        records = []
        for n, row in enumerate(rows, start=2):
            record: dict[str, Any] = {}
            for column, cell in row.items():
                if column is None or cell is None or cell == "":
                    continue
                try:
                    record[column] = _cell_to_value(model, column, cell)
                except ValueError as exc:
                    issues.append(PackageIssue(f"{table}.csv row {n} {column}", f"bad JSON: {exc}"))
            records.append(record)
        data[table] = records[0] if table == "chain" and records else records
    if "chain" not in data:
        issues.append(PackageIssue("chain.csv", "missing: the archive needs chain.csv"))
    if issues:
        raise InvalidPackageError(issues)
    try:
        return _validate(data)
    except InvalidPackageError as exc:
        raise InvalidPackageError([_csv_issue(i) for i in exc.issues]) from None


def _csv_issue(issue: PackageIssue) -> PackageIssue:
    """`$.enterprises[3].province` -> `enterprises.csv row 5 province` (row 1 is the header)."""
    path = issue.path.removeprefix("$.")
    table, _, rest = path.partition("[")
    if table in CSV_TABLES and rest:
        index, _, field = rest.partition("]")
        if index.isdigit():
            return PackageIssue(
                f"{table}.csv row {int(index) + 2} {field.lstrip('.')}".rstrip(), issue.message
            )
    if path.startswith("chain"):
        return PackageIssue(
            f"chain.csv row 2 {path.removeprefix('chain').lstrip('.')}".rstrip(), issue.message
        )
    return issue


def package_to_csv_zip(package: ChainPackage) -> bytes:
    """The CSV form of a package, as a zip archive that `parse_csv_package` reads back."""
    document = package.model_dump(mode="json", by_alias=True, exclude_none=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in CSV_TABLES:
            value: Any = document.get(table)
            rows: list[dict[str, Any]]
            if table == "indicators":
                rows = [{"key": k, "value": v} for k, v in (value or {}).items()]
                columns = ["key", "value"]
            else:
                rows = [value] if table == "chain" else list(value or [])
                model = _record_model(table)
                columns = [f.alias or name for name, f in model.model_fields.items()]
                rows = [_row_to_cells(model, row) for row in rows]
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(f"{table}.csv", out.getvalue())
    return buffer.getvalue()


def _row_to_cells(model: type[BaseModel], row: dict[str, Any]) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key not in row:
            continue
        value = row[key]
        if _is_plain_list(field.annotation):
            cells[key] = LIST_SEPARATOR.join(str(v) for v in value)
        elif _is_structured(field.annotation):
            cells[key] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            cells[key] = "true" if value else "false"
        else:
            cells[key] = value
    return cells
