"""Chain packages through a real store: import, idempotence, removal, round trip, atomicity."""

from __future__ import annotations

import json

import pytest

from graph.errors import ChainNotFoundError, InvalidPackageError
from graph.package.formats import package_to_csv_zip, parse_csv_package, parse_json_package
from graph.reads.chains import get_enterprise, list_links, page_enterprises, store_counts
from graph.reads.exporter import export_package
from graph.store.base import GraphStore
from graph.versioning.importer import import_package
from tests.canonical import canonical
from tests.factories import tiny_package


def chain_shape(store: GraphStore, chain: str) -> dict:
    return canonical(export_package(store, chain))


def test_import_then_export_round_trips(store: GraphStore) -> None:
    package = parse_json_package(json.dumps(tiny_package()))
    result = import_package(store, package, author="test")
    assert result.seq == 1
    assert canonical(export_package(store, package.chain.id)) == canonical(package)


def test_reimport_changes_nothing_but_the_version(store: GraphStore) -> None:
    package = parse_json_package(json.dumps(tiny_package()))
    import_package(store, package, author="test")
    before = store_counts(store)
    again = import_package(store, package, author="test")
    after = store_counts(store)
    assert again.seq == 2
    assert after == {**before, "Version": before["Version"] + 1}
    assert canonical(export_package(store, package.chain.id)) == canonical(package)


def test_import_removes_what_the_package_no_longer_holds(store: GraphStore) -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    import_package(store, parse_json_package(json.dumps(data)), author="test")
    data["enterprises"] = [e for e in data["enterprises"] if e["id"] != "mill2"]
    data["supplies"] = [s for s in data["supplies"] if s["supplier"] != "mill2"]
    data["links"][2].pop("parent")
    data["problems"][0]["related"] = []
    smaller = parse_json_package(json.dumps(data))
    import_package(store, smaller, author="test")
    assert chain_shape(store, chain) == canonical(smaller)
    _, forge, suppliers, _ = get_enterprise(store, "forge", chain)
    assert {(s["id"], s["link"]) for s in suppliers.items} == {("mill", "steel")}


def test_parallel_supplies_in_two_links_are_kept_apart(store: GraphStore) -> None:
    data = tiny_package()
    data["supplies"].append({"supplier": "ring", "customer": "forge", "link": "rings"})
    data["supplies"].append({"supplier": "ring", "customer": "forge", "link": "forging"})
    package = parse_json_package(json.dumps(data))
    import_package(store, package, author="test")
    _, _, suppliers, _ = get_enterprise(store, "forge", package.chain.id)
    assert {(s["id"], s["link"]) for s in suppliers.items} == {
        ("mill", "steel"),
        ("mill2", "steel"),
        ("ring", "rings"),
        ("ring", "forging"),
    }


def test_reads_filter_and_page(store: GraphStore) -> None:
    package = parse_json_package(json.dumps(tiny_package()))
    chain = package.chain.id
    import_package(store, package, author="test")
    items, total = page_enterprises(store, chain, province="山东")
    assert total == 3 and [e.id for e in items] == ["forge", "mill", "ring"]
    items, total = page_enterprises(store, chain, link="forging", limit=1, offset=1)
    assert total == 2 and [e.id for e in items] == ["ring"]
    assert [(link.id, count) for link, count in list_links(store, chain)] == [
        ("steel", 2),
        ("forging", 2),
        ("rings", 1),
    ]


def test_csv_form_round_trips(store: GraphStore) -> None:
    package = parse_json_package(json.dumps(tiny_package()))
    again = parse_csv_package(package_to_csv_zip(package))
    assert canonical(again) == canonical(package)


def test_unknown_chain_is_not_found(store: GraphStore) -> None:
    with pytest.raises(ChainNotFoundError):
        export_package(store, "no-such-chain")


def test_bad_package_lists_every_problem_and_writes_nothing(store: GraphStore) -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    import_package(store, parse_json_package(json.dumps(data)), author="test")
    before = chain_shape(store, chain)
    data["enterprises"][0]["province"] = None
    data["supplies"].append({"supplier": "ghost", "customer": "ring", "link": "steel"})
    data["problems"][0]["scores"]["spread"] = 9
    with pytest.raises(InvalidPackageError) as caught:
        parse_json_package(json.dumps(data))
    paths = [issue.path for issue in caught.value.issues]
    assert paths == [
        "$.enterprises[0].province",
        "$.supplies[3].supplier",
        "$.problems[0].scores.spread",
    ]  # schema and reference errors in one pass, in document order
    assert chain_shape(store, chain) == before


def test_reference_errors_name_their_paths() -> None:
    data = tiny_package()
    data["links"][0]["segment"] = "nowhere"
    data["enterprises"][1]["links"] = ["steel", "ghost-link"]
    data["supplies"][2]["link"] = "steel"  # forge is not in the steel link
    data["achievements"][2]["directed_to"] = []
    with pytest.raises(InvalidPackageError) as caught:
        parse_json_package(json.dumps(data))
    assert {(i.path, i.message) for i in caught.value.issues} == {
        ("$.links[0].segment", "unknown segment 'nowhere'"),
        ("$.enterprises[1].links[1]", "unknown link 'ghost-link'"),
        ("$.supplies[2].link", "supplier 'forge' is not in link 'steel'"),
        ("$.achievements[2].directed_to", "directed sharing names nobody"),
    }


def test_csv_errors_name_file_and_row() -> None:
    data = tiny_package()
    package = parse_json_package(json.dumps(data))
    raw = package_to_csv_zip(package)
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            text = source.read(name).decode()
            if name == "enterprises.csv":
                text = text.replace("外省钢厂,", ",", 1)  # blank name in the 2nd record
            target.writestr(name, text)
    with pytest.raises(InvalidPackageError) as caught:
        parse_csv_package(out.getvalue())
    assert [i.path for i in caught.value.issues] == ["enterprises.csv row 3 name"]
