"""The static overview export: print-size PNG, vector PDF / SVG with searchable Chinese."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from PIL import Image

from graph.views.models import OverviewView
from graph.views.overview_view import build_overview_view
from tests.sample_chains import bearing_chain
from viz import overview
from viz.overview import MissingFontError, render_overview


@pytest.fixture(scope="module")
def view() -> OverviewView:
    return build_overview_view(bearing_chain(), version="v7", generated_on=date(2025, 3, 1))


def _text_elements(svg: str) -> list[str]:
    """The text of each SVG <text> element, in document (drawing) order."""
    return [
        "".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]


def test_png_is_print_width_and_decodes(view: OverviewView) -> None:
    png = render_overview(view, "png")
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert image.width == 3300  # A3 landscape: 16.5 in at 200 dpi
    # Not blank: the title block and boxes put dark pixels on the page.
    assert image.convert("L").getextrema()[0] < 80


def test_pdf_text_is_real_and_chinese_is_extractable(view: OverviewView) -> None:
    if shutil.which("pdftotext") is None:  # `make test` installs it: missing is a broken setup
        pytest.fail("pdftotext (Debian poppler-utils) is not installed; run `make test`")
    pdf = render_overview(view, "pdf")
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    for name in ("轴承钢", "热处理", "烟店轴承市场", "兴潘特钢", "省内产业", "v7", "2025-03-01"):
        assert name in text, name


def test_svg_keeps_chinese_as_text_elements(view: OverviewView) -> None:
    svg = render_overview(view, "svg").decode()
    assert "<text" in svg
    texts = _text_elements(svg)
    for name in ("轴承钢", "保持架", "宇捷轴承"):
        assert any(name in text for text in texts), name
    assert ">产业名称：热处理<" in svg


def test_out_of_province_industries_follow_the_in_province_ones(view: OverviewView) -> None:
    def box_names(band: str) -> list[str]:
        return sorted(
            "产业名称：" + industry.name + ("（示意）" if industry.illustrative else "")
            for column in view.columns
            for industry in getattr(column, band)
        )

    assert box_names("in_province") and box_names("out_of_province"), "the sample has both"
    texts = _text_elements(render_overview(view, "svg").decode())
    in_label = texts.index(f"省内产业（{view.home_province}）")
    out_label = texts.index("非省内产业")
    names = [(n, t) for n, t in enumerate(texts) if t.startswith("产业名称：")]
    assert in_label < out_label
    assert sorted(t for n, t in names if in_label < n < out_label) == box_names("in_province")
    assert sorted(t for n, t in names if n > out_label) == box_names("out_of_province")
    assert not [t for n, t in names if n < in_label]


def test_unknown_format_is_refused(view: OverviewView) -> None:
    with pytest.raises(ValueError):
        render_overview(view, "gif")  # type: ignore[arg-type]


def test_missing_cjk_font_names_the_debian_package(
    view: OverviewView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(overview, "CJK_FONT_FAMILIES", ("No Such CJK Font",))
    monkeypatch.setattr(overview, "_CJK_FILE_HINTS", ("no-such-file",))
    with pytest.raises(MissingFontError, match="fonts-noto-cjk"):
        render_overview(view, "png")


def test_wrap_keeps_lines_within_width() -> None:
    text = "重点产品：" + "、".join(["圆锥滚子轴承", "深沟球轴承", "Linear guide 25"] * 5)
    lines = overview.wrap(text, 10, 200)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(overview.text_width(line, 10) <= 200 for line in lines)
