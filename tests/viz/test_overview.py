"""The static overview on paper: sheet sizes read back from the PDF, 300 dpi PNG, searchable
Chinese, nothing outside its box (measured by Chromium on the SVG), type never under 7 pt, and
the main firms per link with the rest counted."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from graph.analytics.chain_analysis import ChainAnalysis
from graph.package.models import ChainPackage
from graph.views.models import OverviewView
from graph.views.overview_view import build_overview_view
from seeds import load_seed
from seeds.generator import generate_package
from tests.browser import chromium
from tests.factories import tiny_package
from tests.sample_chains import bearing_chain
from viz import fonts
from viz.fonts import MissingFontError
from viz.overview import render_overview
from viz.overview_layout import MIN_FONT_PT, PAPERS, text_width, wrap


def _view(package: ChainPackage) -> OverviewView:
    document = package.model_dump(mode="json", by_alias=True)
    analysis = ChainAnalysis.from_document(package.chain.id, "v7", document)
    return build_overview_view(
        package,
        version="v7",
        generated_on=date(2025, 3, 1),
        bottlenecks=analysis.bottlenecks.links,
    )


@pytest.fixture(scope="module")
def view() -> OverviewView:
    return _view(bearing_chain())


@pytest.fixture(scope="module")
def seed_view() -> OverviewView:
    return _view(load_seed("linqing-bearing"))


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:  # `make test` installs poppler-utils: missing is a broken setup
        pytest.fail(f"{name} (Debian poppler-utils) is not installed; run `make test`")
    return found


def _pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def _page_size(pdf: bytes) -> tuple[float, float]:
    info = subprocess.run(
        [_tool("pdfinfo"), "-box", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    box = re.search(r"MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
    assert box, info
    x0, y0, x1, y1 = map(float, box.groups())
    return x1 - x0, y1 - y0


@pytest.mark.parametrize(
    ("paper", "orientation"), [("A3", "landscape"), ("A2", "portrait"), ("A1", "landscape")]
)
def test_pdf_page_is_the_sheet_and_every_link_is_named(
    seed_view: OverviewView, paper: str, orientation: str
) -> None:
    pdf = render_overview(seed_view, "pdf", paper=paper, orientation=orientation)
    short, long_ = PAPERS[paper]
    expected = (long_, short) if orientation == "landscape" else (short, long_)
    assert _page_size(pdf) == pytest.approx(expected, abs=0.5)
    text = _pdf_text(pdf)
    for name in {lk for column in seed_view.columns for lk in column.links}:
        assert name in text.replace("\n", ""), name
    assert "图例" in text and "单一来源" in text


def test_png_is_300_dpi_for_the_sheet(view: OverviewView) -> None:
    image = Image.open(io.BytesIO(render_overview(view, "png", orientation="portrait")))
    image.load()
    short, long_ = PAPERS["A3"]
    assert image.width == pytest.approx(short / 72 * 300, abs=1.5)
    assert image.height == pytest.approx(long_ / 72 * 300, abs=1.5)
    assert image.convert("L").getextrema()[0] < 80  # not blank


def test_pdf_text_is_real_and_chinese_is_extractable(view: OverviewView) -> None:
    text = _pdf_text(render_overview(view, "pdf"))
    for name in ("轴承钢", "热处理", "烟店轴承市场", "兴潘特钢", "省内产业", "v7", "2025-03-01"):
        assert name in text, name


def _svg_font_sizes(svg: str) -> list[float]:
    return [float(s) for s in re.findall(r"font[^;\"]*?([\d.]+)px", svg)]


def _boxes_and_texts(svg_path: Path) -> list[dict[str, object]]:
    """Per box id, the box's rectangle and each of its text elements' rectangles, as Chromium
    lays them out with the real font."""
    with chromium.chromium() as driver:
        driver.get(svg_path.as_uri())
        return driver.execute_script(  # type: ignore[no-any-return]
            """
            const rect = el => { const r = el.getBoundingClientRect();
                                 return [r.left, r.top, r.right, r.bottom]; };
            const out = [];
            for (const g of document.querySelectorAll('g[id^="box-"]')) {
              if (!/^box-\\d+$/.test(g.id)) continue;
              const texts = [...document.querySelectorAll(`g[id^="${g.id}-"]`)]
                .map(t => ({id: t.id, text: t.textContent.trim(), rect: rect(t)}));
              out.push({id: g.id, rect: rect(g), texts});
            }
            return out;
            """
        )


@pytest.mark.browser
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_no_text_leaves_its_box_in_the_svg(
    seed_view: OverviewView, orientation: str, tmp_path: Path
) -> None:
    if not chromium.available():
        pytest.fail("chromium / chromium-driver are not installed; run `make test`")
    svg = render_overview(seed_view, "svg", orientation=orientation).decode()
    path = tmp_path / "overview.svg"
    path.write_text(svg, "utf-8")
    boxes = _boxes_and_texts(path)
    industries = sum(len(c.in_province) + len(c.out_of_province) for c in seed_view.columns)
    assert len(boxes) == industries
    for box in boxes:
        left, top, right, bottom = box["rect"]  # type: ignore[misc]
        assert box["texts"], box["id"]
        for t in box["texts"]:  # type: ignore[attr-defined]
            tl, tt, tr, tb = t["rect"]
            assert left - 0.5 <= tl and tr <= right + 0.5, (box["id"], t["text"])
            assert top - 0.5 <= tt and tb <= bottom + 0.5, (box["id"], t["text"])


def test_type_is_never_under_7_pt_and_a_big_chain_still_fits(tmp_path: Path) -> None:
    package = generate_package(3000, seed=3)
    svg = render_overview(_view(package), "svg").decode()
    sizes = _svg_font_sizes(svg)
    assert sizes and min(sizes) >= MIN_FONT_PT
    root = ET.fromstring(svg)
    assert root.get("width") == "1190.55pt" and root.get("height") == "841.89pt"
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any(re.fullmatch(r"另有 \d+ 家", t) for t in texts)


def test_main_firms_are_listed_and_the_rest_counted() -> None:
    package = generate_package(2000, seed=5)
    view = _view(package)
    for column in view.columns:
        for industry in column.in_province + column.out_of_province:
            assert len(industry.enterprises) <= 6
            members = [
                e
                for e in package.enterprises
                if industry.link in e.links
                and (e.province == package.chain.home_province) == industry.in_province
            ]
            assert len(industry.enterprises) + industry.more_enterprises == len(members)
            assert industry.leaders == sum(e.tier == "leader" for e in members)
            # leaders come first: no follower listed while a leader is left out
            listed = {e.id for e in industry.enterprises}
            if any(not e.leader for e in industry.enterprises):
                assert all(e.id in listed for e in members if e.tier == "leader")


def test_document_form_gives_the_same_view_as_the_package() -> None:
    package = generate_package(500, seed=2)
    from_models = build_overview_view(package, version="v", generated_on=date(2025, 1, 1))
    document = package.model_dump(mode="json", by_alias=True)
    from_documents = build_overview_view(
        package.model_copy(update={"enterprises": []}),
        version="v",
        generated_on=date(2025, 1, 1),
        enterprises=document["enterprises"],
    )
    assert from_documents == from_models


def test_bottleneck_marks_follow_the_scores(view: OverviewView) -> None:
    marked = [i for c in view.columns for i in c.in_province + c.out_of_province if i.marks]
    assert marked
    for industry in marked:
        marks = industry.marks
        assert marks is not None
        assert ("无省内领导者" in marks.flags) == (not marks.has_home_leader)
        share = marks.single_source_share
        assert any(f.startswith("单一来源") for f in marks.flags) == (
            share is not None and share >= 0.5
        )


def test_unknown_format_paper_or_orientation_is_refused(view: OverviewView) -> None:
    with pytest.raises(ValueError):
        render_overview(view, "gif")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="paper"):
        render_overview(view, "svg", paper="A9")
    with pytest.raises(ValueError, match="orientation"):
        render_overview(view, "svg", orientation="sideways")


def test_missing_cjk_font_names_the_debian_package(
    view: OverviewView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "CJK_FONT_FAMILIES", ("No Such CJK Font",))
    monkeypatch.setattr(fonts, "_CJK_FILE_HINTS", ("no-such-file",))
    with pytest.raises(MissingFontError, match="fonts-noto-cjk"):
        render_overview(view, "png")


def test_wrap_keeps_lines_within_width() -> None:
    text = "重点产品：" + "、".join(["圆锥滚子轴承", "深沟球轴承", "Linear guide 25"] * 5)
    lines = wrap(text, 10, 200)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(text_width(line, 10) <= 200 for line in lines)


def test_a_chain_without_links_still_gets_its_sheet() -> None:
    """What the fuzzer found: no segment meant no column and a division by zero."""
    data = tiny_package("empty")
    for kind in ("segments", "links", "link_flows", "enterprises", "supplies", "institutions"):
        data[kind] = []
    data["problems"], data["projects"], data["achievements"] = [], [], []
    view = build_overview_view(
        ChainPackage.model_validate(data), version=None, generated_on=date.today(), bottlenecks=[]
    )
    svg = render_overview(view, "svg").decode()
    assert "测试轴承链" in svg and "图例" in svg
