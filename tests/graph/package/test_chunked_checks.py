"""Long record lists are validated a chunk at a time; the package and every error come out
as from one validation of the whole."""

from __future__ import annotations

import copy

import pytest

from graph.package import checks
from tests.factories import seed_package


@pytest.fixture(params=[3, 10**9], ids=["in-chunks", "whole"])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(checks, "CHUNK", request.param)
    return int(request.param)


def test_a_package_checked_in_chunks_is_the_package(chunk: int) -> None:
    document = seed_package()
    assert len(document["supplies"]) > 3 * 3
    package, found = checks.check_document(copy.deepcopy(document))
    assert found == [] and package is not None
    whole, _ = checks.check_document(copy.deepcopy(document))
    assert package == whole
    assert [s.supplier for s in package.supplies] == [s["supplier"] for s in document["supplies"]]


def test_errors_keep_their_places_and_words(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    document = seed_package()
    document["supplies"][7]["share"] = 3  # over 1: a schema error in the third chunk of three
    document["enterprises"][5]["tier"] = "giant"
    _, found = checks.check_document(document)
    places = [loc for loc, _ in found]
    assert ("supplies", 7, "share") in places and ("enterprises", 5, "tier") in places
    monkeypatch.setattr(checks, "CHUNK", 10**9)
    again = seed_package()
    again["supplies"][7]["share"] = 3
    again["enterprises"][5]["tier"] = "giant"
    assert checks.check_document(again)[1] == found
