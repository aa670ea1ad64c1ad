"""The map skeleton counts the same from a validated package and from the stored rows."""

from __future__ import annotations

import pytest

from graph.views.map_skeleton import build_map_skeleton
from tests.sample_chains import bearing_chain


@pytest.mark.parametrize("hide", [False, True])
def test_rows_of_the_document_give_the_skeleton_of_the_package(hide: bool) -> None:
    package = bearing_chain()
    document = package.model_dump(mode="json", by_alias=True, exclude_none=True)
    from_package = build_map_skeleton(package, hide_illustrative=hide, embed_firms=True)
    from_rows = build_map_skeleton(
        package.model_copy(update={"enterprises": []}),
        hide_illustrative=hide,
        embed_firms=True,
        enterprise_rows=document["enterprises"],
    )
    assert from_rows == from_package
    assert from_package.enterprise_total == len(from_package.firms or [])


def test_hiding_illustrative_drops_their_firms_and_links() -> None:
    package = bearing_chain()
    shown = build_map_skeleton(package, hide_illustrative=True, embed_firms=True)
    illustrative = {e.id for e in package.enterprises if e.basis == "illustrative"}
    assert illustrative and not illustrative & {f.id for f in shown.firms or []}
    assert "logistics" not in {lk.id for lk in shown.links}
