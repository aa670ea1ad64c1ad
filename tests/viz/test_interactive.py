"""The map page as rendered: nothing fetched from elsewhere, the skeleton the script needs,
firms carried only by a standalone export that fits, and what was left out said."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from graph.views import map_skeleton
from graph.views.map_skeleton import MapSkeleton, build_map_skeleton
from seeds.generator import generate_package
from tests.sample_chains import bearing_chain
from viz.interactive import render_map_html

# Anything a browser would fetch: src/href attributes, CSS url() and @import.
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)|@import""",
    re.IGNORECASE,
)


def _meta(html: str) -> dict[str, Any]:
    match = re.search(r'id="chain-meta">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def skeleton() -> MapSkeleton:
    return build_map_skeleton(bearing_chain(), embed_firms=True)


def test_page_loads_nothing_from_the_network(skeleton: MapSkeleton) -> None:
    for api in (None, "/api/v1"):
        html = render_map_html(skeleton, title="临清轴承产业链质量图谱", api=api)
        assert _EXTERNAL.search(html) is None
        assert "<script src" not in html


def test_external_url_detector_catches_cdn_references() -> None:
    assert _EXTERNAL.search('<script src="https://cdn.jsdelivr.net/x.js"></script>')
    assert _EXTERNAL.search("background: url('//fonts.example/x.woff')")


def test_links_carry_counts_leaders_and_worst_grade() -> None:
    package = bearing_chain()
    meta = _meta(render_map_html(build_map_skeleton(package), title="t", api="/api/v1"))
    home = package.chain.home_province
    for link in meta["links"]:
        members = [e for e in package.enterprises if link["id"] in e.links]
        assert link["enterprise_count"] == len(members)
        leaders = [e for e in members if e.tier == "leader"]
        assert link["leaders_in"] == sum(e.province == home for e in leaders)
        assert link["leaders_out"] == sum(e.province != home for e in leaders)
    steel = next(lk for lk in meta["links"] if lk["id"] == "steel")
    assert steel["worst_grade"] == "★★★"
    assert steel["quality_characteristics"][0]["name"] == "纯净度"
    assert {(f["source"], f["target"]) for f in meta["flows"]} == {
        (f.from_, f.to) for f in package.link_flows
    }


def test_served_page_carries_no_firms_and_names_the_api(skeleton: MapSkeleton) -> None:
    meta = _meta(render_map_html(skeleton, title="t", api="/api/v1"))
    assert meta["api"] == "/api/v1" and meta["firms"] is None and meta["omitted"] is None


def test_standalone_export_carries_every_firm_and_says_what_it_lacks(
    skeleton: MapSkeleton,
) -> None:
    meta = _meta(render_map_html(skeleton, title="t"))
    assert meta["api"] is None
    assert {f["id"] for f in meta["firms"]} == {e.id for e in bearing_chain().enterprises}
    assert "需连接服务" in meta["omitted"]


def test_standalone_export_too_big_keeps_the_skeleton_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = bearing_chain()
    monkeypatch.setattr(map_skeleton, "EMBED_LIMIT", len(package.enterprises) - 1)
    big = build_map_skeleton(package, embed_firms=True)
    meta = _meta(render_map_html(big, title="t"))
    assert meta["firms"] is None
    assert f"{len(package.enterprises)} 家企业未包含" in meta["omitted"]


def test_served_page_stays_small_at_ten_thousand_firms() -> None:
    page = render_map_html(
        build_map_skeleton(generate_package(10_000, seed=1)), title="t", api="/api/v1"
    )
    assert len(page.encode()) < 200_000


def test_text_from_the_data_cannot_close_the_script(skeleton: MapSkeleton) -> None:
    hostile = skeleton.model_copy(deep=True)
    hostile.links[0].name = "</script><script>alert(1)</script>"
    page = render_map_html(hostile, title="<b>标题</b>")
    assert "</script><script>alert(1)" not in page
    assert "<b>标题</b>" not in page
