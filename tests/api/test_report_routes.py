"""The chain quality report, its charts and the overview's paper sizes through the API, on both
stores; PDFs are read back with poppler (page size from the media box, the extracted text,
the embedded fonts)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from seeds import load_seed
from tests.factories import tiny_package, unique_chain

ISSUER = "临清市市场监督管理局"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:  # `make test` installs poppler-utils: missing is a broken setup
        pytest.fail(f"{name} (Debian poppler-utils) is not installed; run `make test`")
    return found


def _run(tool: str, pdf: bytes, *args: str) -> str:
    return subprocess.run(
        [_tool(tool), *args, "-", "-"] if tool == "pdftotext" else [_tool(tool), *args, "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()


def _flat_text(pdf: bytes) -> str:
    """The PDF's text in drawing order (a table cell's lines stay together), without any
    whitespace: a title wrapped over lines of a cell is found whole."""
    return "".join(_run("pdftotext", pdf, "-raw", "-enc", "UTF-8").split())


def _flat(text: str) -> str:
    return "".join(text.split())


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    info = _run("pdfinfo", pdf, "-box", "-f", "1", "-l", "999")
    boxes = re.findall(r"Page\s+\d+\s+MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


def _import(client: TestClient, keys: dict[str, str], data: dict[str, Any]) -> None:
    response = client.post(
        "/api/v1/import", content=json.dumps(data), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 201, response.text


@pytest.fixture
def seeded(client: TestClient, keys: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The Linqing seed under a chain id of its own, imported twice: the second version
    resolves a problem, so the report has a diff to show."""
    data = load_seed("linqing-bearing").model_dump(mode="json", by_alias=True, exclude_none=True)
    data["chain"]["id"] = unique_chain("report")
    _import(client, keys, data)
    data["problems"][0]["status"] = "resolved"
    _import(client, keys, data)
    return data["chain"]["id"], data


def _report(client: TestClient, chain: str, key: str | None = None, **params: str) -> bytes:
    headers = {"Authorization": key} if key else {}
    response = client.get(f"/api/v1/chains/{chain}/report.pdf", params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return response.content


def test_member_report_holds_every_link_problem_and_project(
    client: TestClient, keys: dict[str, str], seeded: tuple[str, dict[str, Any]]
) -> None:
    chain, data = seeded
    pdf = _report(client, chain, keys["member"], issuer=ISSUER)
    sizes = _page_sizes(pdf)
    assert sizes[0] == pytest.approx((595.28, 841.89), abs=0.5)  # A4 portrait
    assert (1190.55, 841.89) in [(round(w, 2), round(h, 2)) for w, h in sizes]  # the map, A3
    text = _flat_text(pdf)
    for link in data["links"]:
        assert _flat(link["name"]) in text, link["name"]
    for problem in data["problems"]:
        assert _flat(problem["title"]) in text, problem["title"]
    for project in data["projects"]:
        assert _flat(project["name"]) in text, project["name"]
    last = f"第{len(sizes)}页/共{len(sizes)}页"  # page numbers, counted to the end
    for words in (ISSUER, "目录", "协同评价", "附录C", "单一来源", "成员版", last):
        assert _flat(words) in text, words
    assert _flat(f"质量问题 {data['problems'][0]['title']} 已解决") in text  # from the diff
    fonts = _run("pdffonts", pdf).splitlines()[2:]
    assert fonts and all(" yes yes yes " in f for f in fonts), fonts  # embedded, subset, unicode


def test_viewer_report_has_no_member_data(
    client: TestClient, seeded: tuple[str, dict[str, Any]]
) -> None:
    chain, data = seeded
    text = _flat_text(_report(client, chain))
    for link in data["links"]:
        assert _flat(link["name"]) in text, link["name"]
    assert "公开版" in text and "成员版" not in text
    assert _flat(data["chain"]["issuer"]) in text  # the chain record's issuing body, by default
    # Link texts are public; a problem's title may recur in one (a risk point naming it).
    public = _flat(json.dumps(data["links"], ensure_ascii=False))
    leaked = [
        p["title"]
        for p in data["problems"]
        if _flat(p["title"]) in text and _flat(p["title"]) not in public
    ]
    leaked += [p["description"] for p in data["problems"] if _flat(p["description"]) in text]
    leaked += [p["name"] for p in data["projects"] if _flat(p["name"]) in text]
    member_only = [a for a in data["achievements"] if a.get("sharing", "public") != "public"]
    leaked += [a["name"] for a in member_only if _flat(a["name"]) in text]
    assert leaked == []
    for p in data["problems"]:
        assert p["id"] in text, p["id"]  # the public face: id, link and grade
    assert "二级指标" not in text  # no evaluation tables


def test_report_of_an_unknown_chain_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/chains/ghost/report.pdf").status_code == 404


def test_overview_paper_sizes_through_the_api(client: TestClient, keys: dict[str, str]) -> None:
    chain = tiny_package()["chain"]["id"]
    data = tiny_package(chain)
    _import(client, keys, data)
    pdf = client.get(
        f"/api/v1/chains/{chain}/map/overview.pdf",
        params={"paper": "A2", "orientation": "portrait"},
    )
    assert pdf.status_code == 200
    assert _page_sizes(pdf.content) == [pytest.approx((1190.55, 1683.78), abs=0.5)]
    assert "A2-portrait" in pdf.headers["content-disposition"]
    png = client.get(f"/api/v1/chains/{chain}/map/overview.png")
    image = Image.open(io.BytesIO(png.content))
    assert image.size == pytest.approx((1190.55 / 72 * 300, 841.89 / 72 * 300), abs=1.5)
    bad = client.get(f"/api/v1/chains/{chain}/map/overview.pdf", params={"paper": "A5"})
    assert bad.status_code == 422


def test_charts_as_svg_and_png(client: TestClient, keys: dict[str, str]) -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    _import(client, keys, data)
    grades = client.get(f"/api/v1/chains/{chain}/charts/grades.svg")
    assert grades.status_code == 200 and grades.headers["content-type"].startswith("image/svg")
    assert "轴承钢" in grades.text and "<text" in grades.text  # link names as real text
    provinces = client.get(f"/api/v1/chains/{chain}/charts/provinces.png")
    image = Image.open(io.BytesIO(provinces.content))
    image.load()
    assert image.format == "PNG"
    public = client.get(f"/api/v1/chains/{chain}/charts/progress.svg").text
    member = client.get(
        f"/api/v1/chains/{chain}/charts/progress.svg", headers={"Authorization": keys["member"]}
    ).text
    names = [p["name"] for p in data["projects"]]
    assert names and all(n not in public for n in names)  # projects are member data
    assert all(n[:17] in member for n in names)
    assert client.get(f"/api/v1/chains/{chain}/charts/pie.svg").status_code == 422
    assert client.get("/api/v1/chains/ghost/charts/grades.svg").status_code == 404


def test_cli_writes_the_report(tmp_path: Path) -> None:
    package = tmp_path / "tiny.json"
    package.write_text(json.dumps(tiny_package("cli-report")), "utf-8")
    env = {"CHAINMAP_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "app.cli"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, *args], env=env, capture_output=True, text=True, timeout=300)

    assert run("import", str(package)).returncode == 0
    out = tmp_path / "r.pdf"
    result = run("report", "--chain", "cli-report", "--issuer", ISSUER, "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = _flat_text(out.read_bytes())
    assert ISSUER in text and "公开版" in text  # the CLI's default audience is viewer
    assert run("report", "--chain", "nope").returncode == 1
