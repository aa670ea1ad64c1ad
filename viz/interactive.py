"""The interactive chain map: one HTML page from a `MapSkeleton` (docs/views.md, "The map").

The page opens on the skeleton (segments as columns, links as cards, flows as arrows) and its
script (`assets/chain_map.js`) asks the service for the rest: a drilled link's enterprises a
page at a time, a firm's partners, the bottlenecks, cones, paths and cascades. So the page is
the same few hundred kilobytes at any chain size. Served, `api` names the API's base path; a
standalone export passes `api=None` and carries the firms in the skeleton (when they fit),
works offline, and says what it left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from graph.views.map_skeleton import EMBED_LIMIT, MapSkeleton

__all__ = ["render_map_html"]

ASSETS = Path(__file__).parent / "assets"
TEMPLATE = "chain_map.html.j2"

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ASSETS)),
        autoescape=False,  # every injected value goes through |tojson or |e in the template
        keep_trailing_newline=True,
    )
    # Chinese as UTF-8, not \uXXXX escapes: a third of the size for the same data.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


def _omitted(skeleton: MapSkeleton, api: str | None) -> str | None:
    """What a standalone export leaves out, said on the page; None when served."""
    if api is not None:
        return None
    if skeleton.firms is None:
        return (
            f"本离线文件只含环节骨架：{skeleton.enterprise_total} 家企业未包含（离线文件上限 "
            f"{EMBED_LIMIT} 家），分析需连接服务；请在服务上打开 /map?chain={skeleton.chain_id}。"
            f" This standalone file holds the skeleton only: {skeleton.enterprise_total} firms "
            f"left out (the limit is {EMBED_LIMIT}); open /map on the service for them."
        )
    return (
        "离线文件：含全部企业，不含供需关系与分析（瓶颈、依赖锥、断供推演需连接服务）。"
        " Standalone file: every firm, but no partners or analytics (they need the service)."
    )


def page_meta(skeleton: MapSkeleton, api: str | None) -> dict[str, Any]:
    """The JSON the page script reads from #chain-meta."""
    data = skeleton.model_dump(mode="json", exclude={"firms"})
    return {
        "chain": {
            "id": skeleton.chain_id,
            "name": skeleton.chain_name,
            "home": skeleton.home_province,
        },
        "segments": data["segments"],
        "links": data["links"],
        "flows": data["flows"],
        "provinces": skeleton.provinces,
        "total": skeleton.enterprise_total,
        "timeline": data["timeline"],
        "firms": None
        if api is not None or skeleton.firms is None
        else [f.model_dump(mode="json", exclude_none=True) for f in skeleton.firms],
        "api": api,
        "omitted": _omitted(skeleton, api),
    }


def render_map_html(skeleton: MapSkeleton, *, title: str, api: str | None = None) -> str:
    """Render the map page.

    Parameters
    ----------
    skeleton : MapSkeleton
        From `graph.views.map_skeleton.build_map_skeleton`; for a standalone export built with
        ``embed_firms=True``.
    title : str
        Page title and heading.
    api : str or None
        The API's base path (``"/api/v1"``) when the service serves the page; None for a
        standalone file that works offline.

    Returns
    -------
    str
        The HTML document; nothing in it is fetched from another site.
    """
    template = _environment().get_template(TEMPLATE)
    return template.render(
        page_title=title,
        home=skeleton.home_province,
        font_stack=FONT_STACK,
        page_meta=page_meta(skeleton, api),
    )
