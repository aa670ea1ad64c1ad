"""The survey workbook: template, round trip, what a person types into Excel, and every planted
error with its sheet, row and column in one pass."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from graph.package.formats import check_package, package_to_csv_zip, parse_json_package
from graph.package.models import ChainPackage
from graph.package.workbook import package_to_workbook, template_workbook
from graph.package.workbook_layout import LISTS_SHEET, NOTES_SHEET, SHEET_TITLES
from seeds import load_seed
from tests.canonical import canonical
from tests.factories import tiny_package
from tests.workbooks import edit_workbook


@pytest.fixture(scope="module")
def tiny() -> ChainPackage:
    return parse_json_package(json.dumps(tiny_package("tiny-book")))


def _validations(raw: bytes, table: str) -> dict[str, Any]:
    """Column key -> its data validation, for one sheet."""
    sheet = load_workbook(io.BytesIO(raw))[SHEET_TITLES[table]]
    keys = {cell.column_letter: cell.value for cell in sheet[2]}
    found = {}
    for rule in sheet.data_validations.dataValidation:
        for cells in rule.sqref.ranges:
            found[keys[cells.coord.split(":")[0].rstrip("0123456789")]] = rule
    return found


def test_the_template_has_a_sheet_per_kind_headers_notes_and_dropdowns() -> None:
    raw = template_workbook()
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == [NOTES_SHEET, *SHEET_TITLES.values(), LISTS_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    enterprises = book[SHEET_TITLES["enterprises"]]
    assert [c.value for c in enterprises[1]][:3] == ["编号 *", "名称 *", "英文名称"]
    assert [c.value for c in enterprises[2]][:3] == ["id", "name", "name_en"]
    assert enterprises.freeze_panes == "A3"
    notes = " ".join(str(c.value) for row in book[NOTES_SHEET].iter_rows() for c in row if c.value)
    assert "chainmap import" in notes and "龙头企业" in notes
    dropdowns = {
        "enterprises": {"links", "province", "tier", "role", "status", "basis"},
        "links": {"segment", "parent"},
        "supplies": {"supplier", "customer", "link"},
        "problems": {"link", "category", "status", "common", "scores.spread"},
        "projects": {"status", "problems", "lead"},
        "achievements": {"sharing", "type", "project", "directed_to"},
        "events": {"dimension", "refs", "triggers_update"},
        "chain": {"home_province"},
    }
    for table, columns in dropdowns.items():
        assert columns <= set(_validations(raw, table)), table
    tier = _validations(raw, "enterprises")["tier"]
    assert tier.type == "list" and tier.errorStyle == "stop"
    links = _validations(raw, "enterprises")["links"]
    assert links.formula1.startswith("'环节 links'!$A$3:$A$")  # the ids typed into that sheet
    assert links.errorStyle == "warning"  # several links, ;-separated, are allowed
    lists = book[LISTS_SHEET]
    offered = {c.value for row in lists.iter_rows(min_row=2) for c in row if c.value}
    assert {"leader 龙头企业", "tackling 攻关中", "directed 定向共享", "山东", "新疆"} <= offered


def test_the_blank_template_says_what_it_lacks() -> None:
    check = check_package(template_workbook())
    assert check.form == "xlsx" and not check.ok
    assert {(i.sheet, i.row, i.field) for i in check.issues} == {
        ("产业链 chain", 3, "id"),
        ("产业链 chain", 3, "name"),
        ("产业链 chain", 3, "home_province"),
    }


def test_the_linqing_seed_round_trips_through_a_workbook() -> None:
    seed = load_seed("linqing-bearing")
    check = check_package(package_to_workbook(seed))
    assert check.issues == []
    assert canonical(check.checked()) == canonical(seed)


def test_forms_are_told_apart_by_content(tiny: ChainPackage) -> None:
    assert check_package(package_to_workbook(tiny)).form == "xlsx"
    assert check_package(package_to_csv_zip(tiny)).form == "csv"
    assert check_package(tiny.model_dump_json(by_alias=True).encode()).form == "json"
    assert canonical(check_package(package_to_workbook(tiny)).checked()) == canonical(tiny)


def _planted(tiny: ChainPackage) -> bytes:
    raw = package_to_workbook(tiny)
    return edit_workbook(
        raw,
        [
            ("enterprises", 3, "tier", "boss"),  # mill: bad tier
            ("enterprises", 4, "links", "steel;ghost-link"),  # mill2: unknown link
            ("enterprises", 7, "id", "ring"),  # a new row repeating ring's id
            ("enterprises", 7, "name", "重复的套圈厂"),
            ("enterprises", 7, "province", "山东"),
            ("enterprises", 7, "links", "rings"),
            ("supplies", 4, "supplier", "nobody"),  # dangling supplier
            ("links", 4, "chain", "another-chain"),  # forging claims another chain
        ],
    )


def test_every_planted_error_comes_with_sheet_row_and_column(tiny: ChainPackage) -> None:
    check = check_package(_planted(tiny))
    assert not check.ok
    found = [(i.sheet, i.row, i.column, i.field) for i in check.issues]
    assert found == [
        ("环节 links", 4, "L", "chain"),
        ("企业 enterprises", 3, "I", "tier"),
        ("企业 enterprises", 4, "H", "links[1]"),
        ("企业 enterprises", 7, "A", "id"),
        ("供应关系 supplies", 4, "A", "supplier"),
    ]
    assert check.issues[1].path == "企业 enterprises row 3 column I (tier)"
    assert "unknown link 'ghost-link'" in check.issues[2].message
    assert "another-chain" in check.issues[0].message


def _typed_book(rows: dict[str, list[list[Any]]]) -> bytes:
    """A workbook made by hand: one header row of field keys, then values as Excel holds them."""
    book = Workbook()
    book.remove(book.active)
    for title, content in rows.items():
        sheet = book.create_sheet(title)
        for row in content:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_what_a_person_types_is_read_as_meant() -> None:
    raw = _typed_book(
        {
            "chain": [["id", "name", "home_province"], ["hand", "手填链", "山东"]],
            "segments": [["id", "name", "order"], ["up", "上游", 0]],
            "links": [["id", "name", "segment", "order"], ["steel", "轴承钢", "up", 1.0]],
            "企业名录 enterprises": [
                ["id", "name", "province", "links", "tier", "role", "city"],
                [370000123456789, "甲厂", "山东", "steel", "leader 龙头企业", "backbone", 252600],
                [],  # a blank row is skipped
                ["b-works", " 乙厂 ", "江苏", "steel", "follower", "member 成员企业", None],
            ],
            "events": [
                ["id", "date", "dimension", "title", "triggers_update"],
                ["ev1", dt.datetime(2024, 5, 1), "policy 政策", "新规", "是"],
            ],
        }
    )
    package = check_package(raw).checked()
    first, second = package.enterprises
    assert first.id == "370000123456789" and first.city == "252600"
    assert (first.tier, first.role, second.tier, second.role) == (
        "leader",
        "backbone",
        "follower",
        "member",
    )
    assert second.name == "乙厂"
    assert package.links[0].order == 1
    event = package.events[0]
    assert (event.date, event.dimension, event.triggers_update) == ("2024-05-01", "policy", True)


def test_a_credit_code_excel_has_rounded_is_reported_not_imported() -> None:
    raw = _typed_book(
        {
            "chain": [["id", "name", "home_province"], ["hand", "手填链", "山东"]],
            "enterprises": [
                ["id", "name", "province", "links"],
                [913700001234567890, "甲厂", "山东", "x"],
            ],
        }
    )
    check = check_package(raw)
    assert [(i.sheet, i.row, i.column) for i in check.issues][0] == ("enterprises", 2, "A")
    assert "lost digits" in check.issues[0].message


def _cells(raw: bytes, title: str) -> Iterator[Any]:
    sheet = load_workbook(io.BytesIO(raw))[title]
    for row in sheet.iter_rows(min_row=3):
        yield from row


def test_text_is_never_a_formula_and_lists_with_semicolons_survive(tiny: ChainPackage) -> None:
    links = [
        link.model_copy(update={"risk_points": ['=HYPERLINK("http://x")', "甲;乙"]})
        if link.id == "steel"
        else link
        for link in tiny.links
    ]
    package = tiny.model_copy(update={"links": links})
    raw = package_to_workbook(package)
    assert all(c.data_type != "f" for c in _cells(raw, SHEET_TITLES["links"]))
    back = check_package(raw).checked()
    assert back.links[0].risk_points == ['=HYPERLINK("http://x")', "甲;乙"]


def test_a_zip_that_only_looks_like_a_workbook_is_refused_with_a_reason() -> None:
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    check = check_package(out.getvalue())
    assert check.form == "xlsx" and not check.ok
    assert check.issues[0].message.startswith("not an Excel workbook")


def test_a_chain_column_naming_the_chain_is_accepted_and_an_unknown_column_is_placed(
    tiny: ChainPackage,
) -> None:
    raw = package_to_workbook(tiny)
    own = edit_workbook(raw, [("links", row, "chain", tiny.chain.id) for row in (3, 4, 5)])
    assert canonical(check_package(own).checked()) == canonical(tiny)
    extra = edit_workbook(raw, [("institutions", 3, "remarks", "备注")])
    [issue] = check_package(extra).issues
    assert (issue.sheet, issue.row, issue.column, issue.field) == (
        "质量技术机构 institutions",
        3,
        "J",
        "remarks",
    )
    assert issue.message == "Extra inputs are not permitted"
