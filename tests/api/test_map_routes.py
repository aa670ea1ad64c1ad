"""The map page and the static overview through the API and the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from tests.factories import tiny_package


def _load(client: TestClient, keys: dict[str, str], data: dict) -> str:
    response = client.post(
        "/api/v1/import", content=json.dumps(data), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 201, response.text
    return str(data["chain"]["id"])


def _meta(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="chain-meta">(.*?)</script>', html, re.S)
    assert found, "the page carries its data"
    return json.loads(found.group(1))


def _link(meta: dict, link: str) -> dict:
    return next(lk for lk in meta["links"] if lk["id"] == link)


def test_map_page_is_offline_and_follows_sharing(client: TestClient, keys: dict[str, str]) -> None:
    chain = _load(client, keys, tiny_package())
    public = client.get("/map", params={"chain": chain})
    assert public.status_code == 200 and public.headers["content-type"].startswith("text/html")
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', public.text)
    steel = _link(_meta(public.text), "steel")
    assert [p["title"] for p in steel["open_problems"]] == ["质量问题 p-clean"]  # grade, no text
    assert steel["open_problems"][0]["grade"] == "★★★"
    member = client.get("/map", params={"chain": chain}, headers={"Authorization": keys["member"]})
    steel = _link(_meta(member.text), "steel")
    assert [p["title"] for p in steel["open_problems"]] == ["轴承钢洁净度不足"]


def test_map_flags_stale_links_and_carries_the_timeline(
    client: TestClient, keys: dict[str, str]
) -> None:
    data = tiny_package()
    chain = _load(client, keys, data)
    event = {
        "id": "ev2",
        "date": "2025-01",
        "dimension": "tech_rd",
        "title": "新工艺投产",
        "refs": ["forging"],
        "triggers_update": True,
    }
    response = client.post(
        f"/api/v1/chains/{chain}/events", json=event, headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 201, response.text
    meta = _meta(client.get("/map", params={"chain": chain}).text)
    assert _link(meta, "forging")["stale"] and not _link(meta, "steel")["stale"]
    assert {(t["kind"], t["id"]) for t in meta["timeline"]} >= {("event", "ev2"), ("event", "ev1")}
    assert any(t["kind"] == "version" for t in meta["timeline"])


def test_overview_exports(client: TestClient, keys: dict[str, str]) -> None:
    chain = _load(client, keys, tiny_package())
    png = client.get(f"/api/v1/chains/{chain}/map/overview.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png.content[16:20], "big")
    assert width >= 3000
    pdf = client.get(f"/api/v1/chains/{chain}/map/overview.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    svg = client.get(f"/api/v1/chains/{chain}/map/overview.svg")
    assert "轴承钢" in svg.text  # real text, not outlines
    assert client.get(f"/api/v1/chains/{chain}/map/overview.gif").status_code == 422
    assert client.get("/api/v1/chains/ghost/map/overview.png").status_code == 404
    assert client.get("/map", params={"chain": "ghost"}).status_code == 404


def test_cli_renders_map_and_overview(tmp_path: Path) -> None:
    env_dir = tmp_path / "data"
    package = tmp_path / "tiny.json"
    package.write_text(json.dumps(tiny_package("cli-map")), "utf-8")
    env = {"CHAINMAP_DATA_DIR": str(env_dir), "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "app.cli"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, *args], env=env, capture_output=True, text=True, timeout=180)

    assert run("import", str(package)).returncode == 0
    html = tmp_path / "map.html"
    result = run("render-map", "--chain", "cli-map", "-o", str(html))
    assert result.returncode == 0, result.stderr
    assert "质量问题 p-clean" in html.read_text("utf-8")  # the public view by default
    pdf = tmp_path / "o.pdf"
    result = run("export-map", "--chain", "cli-map", "--format", "pdf", "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    failed = run("export-map", "--chain", "nope")
    assert failed.returncode == 1 and failed.stderr.strip().endswith(
        "chainmap: error: no chain 'nope'"
    )
    assert "Traceback" not in failed.stderr
