"""Every problem of a package in one pass: schema and reference errors together, each at its
place, in the JSON and CSV forms; a record's own `chain` field."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from graph.errors import InvalidPackageError
from graph.package.formats import (
    check_package,
    package_to_csv_zip,
    parse_csv_package,
    parse_json_package,
)
from tests.factories import tiny_package


def _paths(raw: bytes) -> set[tuple[str, str]]:
    check = check_package(raw)
    assert check.package is None
    return {(i.path, i.message) for i in check.issues}


def test_schema_and_reference_errors_come_in_one_answer() -> None:
    data = tiny_package()
    data["enterprises"][0]["tier"] = "boss"  # schema
    data["enterprises"][1]["links"] = ["steel", "ghost-link"]  # unknown link
    data["enterprises"].append(
        {"id": "ring", "name": "重号", "province": "山东", "links": ["rings"]}
    )
    data["supplies"].append({"supplier": "nobody", "customer": "ring", "link": "steel"})
    found = check_package(json.dumps(data).encode())
    assert found.form == "json" and not found.ok
    places = [i.path for i in found.issues]
    assert places == [
        "$.enterprises[0].tier",
        "$.enterprises[1].links[1]",
        "$.enterprises[4].id",
        "$.supplies[3].supplier",
    ]  # in document order, whichever check found them
    messages = {i.path: i.message for i in found.issues}
    assert messages["$.enterprises[4].id"] == "duplicate id 'ring': 2 enterprises have it"
    assert messages["$.supplies[3].supplier"] == "unknown enterprise 'nobody'"


def test_a_record_that_fails_its_schema_still_counts_for_its_referrers() -> None:
    data = tiny_package()
    data["enterprises"][2]["tier"] = "boss"  # forge: supplies, a project and an achievement name it
    data["enterprises"][2]["province"] = ""
    paths = sorted(p for p, _ in _paths(json.dumps(data).encode()))
    assert paths == ["$.enterprises[2].province", "$.enterprises[2].tier"]


def test_mistyped_values_do_not_hide_other_errors() -> None:
    data = tiny_package()
    data["enterprises"][0]["links"] = "steel"  # a string, not a list
    data["supplies"] = "none"
    data["problems"][0]["link"] = "nowhere"
    paths = {p for p, _ in _paths(json.dumps(data).encode())}
    assert {"$.enterprises[0].links", "$.supplies", "$.problems[0].link"} <= paths


def test_a_records_own_chain_must_be_the_packages() -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    data["enterprises"][0]["chain"] = chain
    data["links"][1]["chain"] = chain
    package = parse_json_package(json.dumps(data))
    assert package.enterprises[0].id == "mill"  # accepted and not kept: the package names it
    data["events"][0]["chain"] = "another-chain"
    data["links"][0]["segment"] = "nowhere"
    assert _paths(json.dumps(data).encode()) == {
        ("$.links[0].segment", "unknown segment 'nowhere'"),
        (
            "$.events[0].chain",
            f"the record is of chain 'another-chain', the package of {chain!r}",
        ),
    }


def _csv_with(raw: bytes, name: str, edit: object) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for member in source.namelist():
            text = source.read(member).decode()
            target.writestr(member, edit(text) if member == name else text)  # type: ignore[operator]
    return out.getvalue()


def test_csv_errors_come_together_with_file_row_and_column() -> None:
    raw = package_to_csv_zip(parse_json_package(json.dumps(tiny_package())))
    raw = _csv_with(raw, "enterprises.csv", lambda t: t.replace(",leader,", ",boss,", 1))
    raw = _csv_with(raw, "supplies.csv", lambda t: t.replace("mill2,forge", "nobody,forge", 1))
    with pytest.raises(InvalidPackageError) as caught:
        parse_csv_package(raw)
    found = [(i.path, i.sheet, i.row, i.column) for i in caught.value.issues]
    assert found == [
        ("enterprises.csv row 2 tier", "enterprises.csv", 2, "tier"),
        ("supplies.csv row 3 supplier", "supplies.csv", 3, "supplier"),
    ]


def test_blank_csv_rows_keep_the_row_numbers() -> None:
    raw = package_to_csv_zip(parse_json_package(json.dumps(tiny_package())))
    lines = lambda t: t.replace("\r\n", "\r\n\r\n", 2)  # noqa: E731 - two blank lines early on
    raw = _csv_with(raw, "enterprises.csv", lines)
    raw = _csv_with(raw, "enterprises.csv", lambda t: t.replace("外省钢厂", "", 1))
    check = check_package(raw)
    assert [(i.row, i.column) for i in check.issues] == [(5, "name")]


def test_an_archive_that_unpacks_too_far_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from graph.package import formats

    raw = package_to_csv_zip(parse_json_package(json.dumps(tiny_package())))
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    monkeypatch.setattr(formats, "MAX_UNPACKED_BYTES", unpacked - 1)
    [issue] = check_package(raw).issues
    assert issue.path == "$" and "over the limit" in issue.message
    monkeypatch.setattr(formats, "MAX_UNPACKED_BYTES", unpacked)
    assert check_package(raw).ok
