"""The CJK font every static rendering uses (overview, charts, report): found once, or a clear
error naming the Debian package that provides it."""

from __future__ import annotations

import functools
import logging

__all__ = [
    "CJK_FONT_FAMILIES",
    "MissingFontError",
    "cjk_font_family",
    "load_matplotlib",
    "quiet_font_subsetting",
]

CJK_FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Serif SC",
    "Noto Sans CJK JP",  # the same Pan-CJK glyph set under another default locale
)
DEBIAN_PACKAGE = "fonts-noto-cjk"
_CJK_FILE_HINTS = ("NotoSansCJK", "NotoSerifCJK", "SourceHanSans", "SourceHanSerif")


class MissingFontError(RuntimeError):
    """No CJK font is installed, so Chinese would render as empty boxes."""


@functools.cache
def load_matplotlib() -> None:
    """Import matplotlib on the first drawing only (the service and the CLI start without it)
    and set the Agg backend once: never a GUI backend, this runs inside a server. Every
    function here that uses matplotlib calls this before its own imports from it."""
    import matplotlib

    matplotlib.use("Agg")
    quiet_font_subsetting()


def quiet_font_subsetting() -> None:
    """fontTools reports every table it prunes while subsetting a font into a PDF at INFO;
    under the CLI's INFO logging that is a screenful per file."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)


def cjk_font_family() -> str:
    """The name of an installed CJK font family matplotlib can use.

    Raises
    ------
    MissingFontError
        If none of `CJK_FONT_FAMILIES` is installed (Debian: ``apt-get install fonts-noto-cjk``).
    """
    found = _installed_cjk_family()
    if found is None:
        # Fonts installed after matplotlib built its cache: register them and look again.
        load_matplotlib()
        from matplotlib import font_manager

        for path in font_manager.findSystemFonts():
            if any(hint in path for hint in _CJK_FILE_HINTS):
                font_manager.fontManager.addfont(path)
        found = _installed_cjk_family()
    if found is None:
        raise MissingFontError(
            "No CJK font found for the overview map (looked for "
            + ", ".join(CJK_FONT_FAMILIES)
            + f"). Install the Debian package {DEBIAN_PACKAGE}: "
            + f"apt-get install -y {DEBIAN_PACKAGE}"
        )
    return found


def _installed_cjk_family() -> str | None:
    load_matplotlib()
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONT_FAMILIES if name in names), None)
