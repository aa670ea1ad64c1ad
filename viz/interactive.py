"""The interactive chain map: a standalone, offline HTML page from a `MapView` (docs/views.md).

pyvis is used as a library: the nodes and edges go into a `pyvis.network.Network` with the
server-side positions and physics off, and `generate_html()` renders them through this
package's own template, which inlines the vis-network assets pyvis ships (its stock template
links Bootstrap from a CDN even in ``in_line`` mode). The page script (`assets/chain_map.js`)
adds the drill-down, the details panel, the filters and the legend.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pyvis
from pyvis.network import Network

from graph.views.models import GRADE_RANK, MapEdge, MapNode, MapView

__all__ = ["VIS_OPTIONS", "render_map_html", "vis_edge", "vis_node"]

ASSETS = Path(__file__).parent / "assets"
TEMPLATE = "chain_map.html.j2"
_PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
)

# Colours (also used by the legend in the template).
SEGMENT_FILL = "#2c3e50"
LINK_FILLS = ["#d6eaf8", "#d5f5e3", "#fdebd0", "#e8daef", "#fadbd8"]
GRADE_BORDER = {"★★★": "#c0392b", "★★": "#e67e22", "★": "#d4ac0d"}
LEADER_FILL = "#f1c40f"
FOLLOWER_FILL = "#5dade2"
IN_PROVINCE_BORDER = "#922b21"
OUT_PROVINCE_BORDER = "#7f8c8d"
INSTITUTION_FILL = "#48c9b0"


def _enterprise_group(leader: bool, in_province: bool) -> str:
    return f"{'leader' if leader else 'follower'}-{'in' if in_province else 'out'}"


def _groups() -> dict[str, dict[str, Any]]:
    """vis-network groups carry the per-kind styling, so 10,000 node items stay small."""
    groups: dict[str, dict[str, Any]] = {
        "segment": {
            "shape": "box",
            "color": {"background": SEGMENT_FILL, "border": SEGMENT_FILL},
            "font": {"size": 30, "color": "#ffffff"},
            "margin": 14,
        },
        "institution": {
            "shape": "hexagon",
            "size": 14,
            "color": {"background": INSTITUTION_FILL, "border": "#117a65"},
            "font": {"size": 16},  # read at the links level, zoomed out
        },
    }
    for i, fill in enumerate(LINK_FILLS):
        groups[f"link-{i}"] = {
            "shape": "box",
            "color": {"background": fill, "border": "#5d6d7e"},
            "font": {"size": 20},
            "margin": 10,
        }
    for leader in (True, False):
        for in_province in (True, False):
            groups[_enterprise_group(leader, in_province)] = {
                "shape": "star" if leader else "triangle",
                "size": 14 if leader else 10,
                "color": {
                    "background": LEADER_FILL if leader else FOLLOWER_FILL,
                    "border": IN_PROVINCE_BORDER if in_province else OUT_PROVINCE_BORDER,
                },
                "borderWidth": 3 if in_province else 1,
                "font": {"size": 13},
            }
    return groups


VIS_OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False, "hierarchical": {"enabled": False}},
    "interaction": {
        "hover": False,
        "hideEdgesOnDrag": True,
        "tooltipDelay": 300,
        "multiselect": False,
    },
    # Defaults are the supplies style: they are the bulk of the edges.
    "edges": {
        "smooth": False,
        "color": {"color": "#99a3a4"},
        "width": 1,
        "arrows": "to",
        "font": {"face": FONT_STACK, "size": 11},
    },
    "nodes": {"font": {"face": FONT_STACK}},
    "groups": _groups(),
}


def _node_label(node: MapNode) -> str:
    label = node.label
    if node.kind == "link" and node.grade:
        label = f"{label}\n{node.grade}"
    if node.illustrative:
        label = f"{label}（示意）"
    return label


def vis_node(node: MapNode, *, segment_index: dict[str, int]) -> dict[str, Any]:
    """The vis-network item of one map node: its group gives shape and colour by kind."""
    item: dict[str, Any] = {
        "id": node.id,
        "label": _node_label(node),
        "x": round(node.x, 1),
        "y": round(node.y, 1),
    }
    if node.level == 2:
        item["hidden"] = True  # the page opens on segments + links
    if node.label_en:
        item["title"] = node.label_en
    if node.kind == "link":
        fill_index = segment_index.get(node.group, 0) % len(LINK_FILLS)
        item["group"] = f"link-{fill_index}"
        if node.grade:
            # A node's colour object replaces its group's, so it names both parts.
            item["color"] = {
                "background": LINK_FILLS[fill_index],
                "border": GRADE_BORDER[node.grade],
            }
            item["borderWidth"] = 1 + GRADE_RANK[node.grade]
    elif node.kind == "enterprise":
        item["group"] = _enterprise_group(node.tier == "leader", bool(node.in_province))
    else:
        item["group"] = node.kind
    if node.illustrative:
        item["shapeProperties"] = {"borderDashes": [5, 4]}
        item["opacity"] = 0.75
    return item


_EDGE_STYLE: dict[str, dict[str, Any]] = {
    "has_link": {"color": {"color": "#bfc9ca"}, "arrows": ""},
    "sub_link": {"color": {"color": "#aab7b8"}, "dashes": [2, 4]},
    "feeds": {"color": {"color": "#566573"}, "width": 3},
    "serves": {"color": {"color": "#48c9b0"}},
    "supplies": {},
}


def vis_edge(edge: MapEdge, index: int) -> dict[str, Any]:
    """The vis-network item of one map edge; illustrative edges are dashed.

    Edges get short ids (their index) and carry `kind`, `link` and `illustrative` for the page
    script, which derives an enterprise's suppliers and customers from them.
    """
    item: dict[str, Any] = {"id": index, "from": edge.source, "to": edge.target}
    item |= _EDGE_STYLE[edge.kind]
    if edge.kind != "supplies":
        item["kind"] = edge.kind
    else:
        item["hidden"] = True
        item["link"] = edge.link
        if edge.label:
            item["title"] = edge.label
    if edge.illustrative:
        item["dashes"] = True
        item["illustrative"] = True
    return item


def _node_meta(node: MapNode) -> dict[str, Any]:
    """What the page script needs about a node beyond drawing it (filters and details).

    Fields the page can derive are left out: a link's enterprises are listed by id, an
    enterprise's suppliers and customers come from the supplies edges.
    """
    meta = node.model_dump(
        mode="json",
        include={
            "kind",
            "ref",
            "group",
            "label",
            "label_en",
            "links",
            "illustrative",
            "province",
            "in_province",
            "tier",
            "role",
            "grade",
        },
        exclude_none=True,
    )
    if node.kind == "link":
        meta["details"] = node.details.model_dump(mode="json", exclude={"enterprises"})
        meta["details"]["enterprises"] = [
            f"enterprise:{e.id}" for e in getattr(node.details, "enterprises", [])
        ]
    elif node.kind == "enterprise":
        meta["details"] = node.details.model_dump(
            mode="json",
            exclude={"suppliers", "customers", "province", "in_province", "tier", "role"},
            exclude_none=True,
        )
    else:
        meta["details"] = node.details.model_dump(mode="json", exclude_none=True)
    return meta


def _page_meta(view: MapView) -> dict[str, Any]:
    return {
        "chain": {"id": view.chain_id, "name": view.chain_name, "home": view.home_province},
        "provinces": view.provinces,
        "linkOrder": view.link_order,
        "nodes": {n.id: _node_meta(n) for n in view.nodes},
        "stale": view.stale_links,
        "timeline": [item.model_dump() for item in view.timeline],
    }


def _environment() -> jinja2.Environment:
    # Our templates first; pyvis's folder second, for its bundled vis-network assets.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(ASSETS), str(_PYVIS_TEMPLATES)]),
        autoescape=False,  # every injected value goes through |tojson or |e in the template
        keep_trailing_newline=True,
    )
    # Chinese as UTF-8, not \uXXXX escapes: a third of the size for the same data.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


def render_map_html(view: MapView, *, title: str) -> str:
    """Render the layered map as one standalone HTML page that works offline.

    Parameters
    ----------
    view : MapView
        From `graph.views.map_view.build_map_view`; its positions are used as is (physics off).
    title : str
        Page title and heading.

    Returns
    -------
    str
        The HTML document, with vis-network's JavaScript and CSS inline and no external URL.
    """
    segment_index = {n.ref: i for i, n in enumerate(n for n in view.nodes if n.kind == "segment")}
    net = Network(
        height="100%", width="100%", directed=True, heading=title, cdn_resources="in_line"
    )
    net.templateEnv = _environment()
    net.path = TEMPLATE
    # pyvis's add_node / add_edge check membership in lists (quadratic at 10,000 nodes), so
    # the prepared items go straight into the network's own lists.
    for node in view.nodes:
        item = vis_node(node, segment_index=segment_index)
        if node.kind == "link" and node.ref in view.stale_links:
            item["label"] += "\n⟳ 待更新"
        net.nodes.append(item)
        net.node_ids.append(node.id)
        net.node_map[node.id] = item
    net.edges.extend(vis_edge(e, i) for i, e in enumerate(view.edges))
    # A dict, not set_options(): that one strips every space, font names included.
    net.options = VIS_OPTIONS
    net.templateEnv.globals.update(
        page_meta=_page_meta(view),
        page_title=title,
        font_stack=FONT_STACK,
        colours={
            "leader": LEADER_FILL,
            "follower": FOLLOWER_FILL,
            "in_province": IN_PROVINCE_BORDER,
            "out_province": OUT_PROVINCE_BORDER,
            "institution": INSTITUTION_FILL,
            "grade": GRADE_BORDER,
        },
    )
    return net.generate_html()
