"""Reading console forms into the values the libraries take: empty fields are absent, lists
come from multiple selects or one line per item, check boxes are booleans."""

from __future__ import annotations

from starlette.datastructures import FormData

__all__ = ["text", "lines", "many", "flag", "number", "if_match"]


def text(form: FormData, name: str) -> str | None:
    """A text field, stripped; None when empty or absent."""
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def lines(form: FormData, name: str) -> list[str]:
    """A text area with one item per line (blank lines dropped)."""
    value = text(form, name)
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def many(form: FormData, name: str) -> list[str]:
    """Every value of a multiple select or repeated field, blanks dropped."""
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def flag(form: FormData, name: str) -> bool:
    return form.get(name) is not None


def number(form: FormData, name: str) -> int | str | None:
    """An integer field; the text as given when it is not one (the model then says why)."""
    value = text(form, name)
    if value is None:
        return None
    return int(value) if value.lstrip("-").isdigit() else value


def if_match(form: FormData) -> str | None:
    """The ETag the form was rendered with: a write then refuses a record changed since."""
    return text(form, "etag")
