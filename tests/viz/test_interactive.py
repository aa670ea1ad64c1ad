"""The standalone map page: offline, complete, and carrying what the page script needs."""

from __future__ import annotations

import json
import re

import pytest

from graph.views.map_view import build_map_view
from graph.views.models import MapView
from tests.sample_chains import bearing_chain
from viz.interactive import render_map_html

# Anything a browser would fetch: src/href attributes, CSS url() and @import.
_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)|@import""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def view() -> MapView:
    return build_map_view(bearing_chain())


@pytest.fixture(scope="module")
def html(view: MapView) -> str:
    return render_map_html(view, title="临清轴承产业链质量图谱")


def test_page_loads_nothing_from_the_network(html: str) -> None:
    assert _EXTERNAL.search(html) is None
    assert "<script src" not in html and "<link " not in html


def test_external_url_detector_catches_cdn_references() -> None:
    # pyvis's stock template references bootstrap and vis-network on CDNs.
    assert _EXTERNAL.search('<script src="https://cdn.jsdelivr.net/x.js"></script>')
    assert _EXTERNAL.search("background: url('//fonts.example/x.woff')")


def test_vis_network_is_inline(html: str) -> None:
    assert "vis-network" in html and "new vis.Network" in html
    assert len(html) > 400_000  # the library itself is inside the page


def _dataset(html: str, name: str) -> list[dict[str, object]]:
    match = re.search(rf"var {name} = new vis\.DataSet\((.*?)\);\n", html, re.S)
    assert match, name
    return json.loads(match.group(1))


def test_nodes_keep_server_positions_and_physics_is_off(html: str, view: MapView) -> None:
    nodes = {n["id"]: n for n in _dataset(html, "chainNodes")}
    assert set(nodes) == {n.id for n in view.nodes}
    for n in view.nodes:
        assert (nodes[n.id]["x"], nodes[n.id]["y"]) == (round(n.x, 1), round(n.y, 1))
    options = json.loads(re.search(r"var chainOptions = (\{.*?\});\n", html, re.S).group(1))
    assert options["physics"]["enabled"] is False


def test_page_opens_on_segments_and_links(html: str) -> None:
    nodes = _dataset(html, "chainNodes")
    hidden = {n["id"] for n in nodes if n.get("hidden")}
    assert hidden == {n["id"] for n in nodes if n["id"].startswith("enterprise:")}


def test_leaders_and_followers_and_provinces_are_styled_apart(html: str) -> None:
    nodes = {n["id"]: n for n in _dataset(html, "chainNodes")}
    options = json.loads(re.search(r"var chainOptions = (\{.*?\});\n", html, re.S).group(1))
    groups = options["groups"]
    leader_in = groups[nodes["enterprise:xingpan"]["group"]]
    leader_out = groups[nodes["enterprise:citic"]["group"]]
    follower_in = groups[nodes["enterprise:forge1"]["group"]]
    assert leader_in["shape"] == "star" and follower_in["shape"] == "triangle"
    assert leader_in["color"]["background"] != follower_in["color"]["background"]
    assert leader_in["color"]["border"] != leader_out["color"]["border"]


def test_link_labels_carry_their_worst_grade_and_illustrative_is_marked(html: str) -> None:
    nodes = {n["id"]: n for n in _dataset(html, "chainNodes")}
    assert nodes["link:steel"]["label"] == "轴承钢\n★★★"
    assert nodes["link:forging"]["label"] == "锻造"
    assert "示意" in nodes["link:logistics"]["label"]
    assert nodes["link:logistics"]["shapeProperties"]["borderDashes"]
    edges = _dataset(html, "chainEdges")
    dashed = [e for e in edges if e.get("illustrative")]
    assert dashed and all(e["dashes"] is True for e in dashed)


def test_details_for_the_panel_are_embedded(html: str) -> None:
    meta = json.loads(re.search(r'id="chain-meta">(.*?)</script>', html, re.S).group(1))
    steel = meta["nodes"]["link:steel"]["details"]
    assert steel["quality_characteristics"][0]["name"] == "纯净度"
    assert steel["open_problems"][0]["grade"] == "★★★"
    assert meta["nodes"]["enterprise:citic"]["province"] == "江苏"


def test_text_from_the_data_cannot_close_the_script(view: MapView) -> None:
    hostile = view.model_copy(deep=True)
    hostile.nodes[0].label = "</script><script>alert(1)</script>"
    page = render_map_html(hostile, title="<b>标题</b>")
    assert "</script><script>alert(1)" not in page
    assert "<b>标题</b>" not in page
