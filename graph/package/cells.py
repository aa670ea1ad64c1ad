"""Records as rows of cells, for the spreadsheet forms (CSV and workbook): which columns a table
has, and how a field's value is written into a cell and read back (docs/architecture.md, CSV
form). Lists of plain values are `;`-separated; structured values are JSON text.
"""

from __future__ import annotations

import json
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from graph.package.models import ChainPackage

__all__ = [
    "LIST_SEPARATOR",
    "field_of",
    "is_plain_list",
    "is_structured",
    "record_model",
    "text_to_value",
    "value_to_text",
]

LIST_SEPARATOR = ";"


def record_model(table: str) -> type[BaseModel]:
    """The record model of a top-level key of the package (`chain` is one record)."""
    annotation = ChainPackage.model_fields[table].annotation
    args = get_args(annotation)
    return args[0] if args else annotation  # type: ignore[return-value]


def field_of(model: type[BaseModel], column: str) -> Any:
    """The pydantic field a column names (by name or alias), or None."""
    return model.model_fields.get(column) or next(
        (f for f in model.model_fields.values() if f.alias == column), None
    )


def is_plain_list(annotation: Any) -> bool:
    """list[str]-like fields are `;`-separated in a cell; structured ones are JSON."""
    if get_origin(annotation) is not list:
        return False
    (item,) = get_args(annotation)
    return not (isinstance(item, type) and issubclass(item, BaseModel))


def is_structured(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin is dict:
        return True
    if origin is list:
        return not is_plain_list(annotation)
    inner = [a for a in get_args(annotation) if a is not type(None)]
    if inner and origin is not None and any(is_structured(a) for a in inner):
        return True
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def text_to_value(model: type[BaseModel], column: str, cell: str) -> Any:
    """A cell's text as the field's value; raises ValueError for a structured cell that is not
    JSON. An unknown column keeps its text: the schema check reports it as an extra field."""
    field = field_of(model, column)
    if field is None:
        return cell
    if is_plain_list(field.annotation):
        return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]
    if is_structured(field.annotation):
        return json.loads(cell)
    return cell


def value_to_text(model: type[BaseModel], column: str, value: Any) -> Any:
    """A field's value (as in the JSON document) as a cell: lists joined, structured values
    as JSON, booleans as `true` / `false`, numbers and text as they are."""
    field = field_of(model, column)
    annotation = field.annotation if field is not None else None
    if is_plain_list(annotation):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if is_structured(annotation):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
