"""Time to first complete render of the 10,000-enterprise map in headless Chromium.

Compares our page (server-side layout, physics off, opens on segments + links) with pyvis's
default output for the same graph (physics on, every node drawn), both with vis-network inline
and all external requests blocked. Time is `performance.now()` (ms since navigation start) at
the first `afterDrawing` after the layout is final: right away for ours, after
`stabilizationIterationsDone` for pyvis. Five runs each in a fresh browser; medians and their
ratio go to stdout and bench/results/map.json. pyvis's default page does not finish within the
timeout at 10,000 enterprises, so a second, smaller size gives a ratio where both finish.

    .venv/bin/python -m bench.bench_map [--sizes 10000,300] [--runs 5] [--timeout 300]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import urllib3
from pyvis.network import Network
from selenium.common.exceptions import WebDriverException

from graph.package.models import ChainPackage
from graph.views.map_view import build_map_view
from graph.views.models import MapView
from seeds.generator import generate_package
from tests.browser.chromium import chromium, console_problems
from viz.interactive import render_map_html

RESULTS = Path(__file__).parent / "results" / "map.json"
GOAL_MS = 5000.0

_PYVIS_HOOK = """
window.__bench = {};
network.once("afterDrawing", function () { window.__bench.firstDraw = performance.now(); });
network.once("stabilizationIterationsDone", function () {
  window.__bench.stabilized = performance.now();
  network.once("afterDrawing", function () { window.__bench.done = performance.now(); });
});
"""
_OURS_PROBE = "return window.chainMapFirstDrawMs || null"
_PYVIS_PROBE = "return (window.__bench && window.__bench.done) || null"


def load_package(enterprises: int, seed: int) -> tuple[ChainPackage, str]:
    """The synthetic chain every benchmark uses (about ten supplies per enterprise)."""
    return generate_package(enterprises, seed), "seeds.generator"


def pyvis_default_html(view: MapView) -> str:
    """pyvis's stock page for the same nodes and edges: no positions, physics on."""
    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    for n in view.nodes:  # pyvis's add_node/add_edge are quadratic; same items, appended
        item = {"id": n.id, "label": n.label, "shape": "dot", "color": "#97c2fc"}
        net.nodes.append(item)
        net.node_ids.append(n.id)
        net.node_map[n.id] = item
    net.edges.extend({"from": e.source, "to": e.target, "arrows": "to"} for e in view.edges)
    html = net.generate_html()
    # Its template links Bootstrap from a CDN even in in_line mode: drop it so the page is
    # offline like ours (it only styles pyvis's optional menus).
    html = re.sub(r"<link[^>]*cdn\.jsdelivr[^>]*>", "", html, flags=re.S)
    html = re.sub(r"<script[^>]*cdn\.jsdelivr[^>]*>\s*</script>", "", html, flags=re.S)
    assert "drawGraph();" in html
    return html.replace("drawGraph();\n", "drawGraph();\n" + _PYVIS_HOOK, 1)


def _children(pid: int) -> list[int]:
    """Direct child processes of `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def time_page(path: Path, probe: str, timeout_s: float) -> dict[str, Any]:
    """Open `path` in a fresh headless Chromium; wait until `probe` returns a time.

    A page whose script holds the main thread (pyvis's physics) blocks every WebDriver call,
    so the deadline is enforced from outside: a timer kills the browser, which fails the
    pending call at once.
    """
    with chromium(command_timeout_s=timeout_s + 60) as driver:
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            driver_pid = driver.service.process.pid
            for pid in _children(driver_pid):  # the browser outlives a killed chromedriver
                os.kill(pid, signal.SIGKILL)
            driver.service.process.kill()

        timer = threading.Timer(timeout_s, expire)
        timer.start()
        try:
            driver.get(path.as_uri())
            while not expired.is_set():
                value = driver.execute_script(probe)
                if value is not None:
                    errors = [e["message"][:200] for e in console_problems(driver)]
                    return {"ms": float(value), "console_errors": errors}
                time.sleep(0.05)
        except WebDriverException:
            if not expired.is_set():
                raise
        except urllib3.exceptions.HTTPError:
            if not expired.is_set():
                raise
        finally:
            timer.cancel()
        return {"ms": None, "timeout_s": timeout_s}


def run_pages(pages: dict[str, Path], runs: int, timeout_s: float) -> dict[str, Any]:
    """Time each page `runs` times; after a timeout the remaining runs of that page are skipped
    (the cost is deterministic, another run would only time out again)."""
    results: dict[str, Any] = {}
    for name, probe in (("ours", _OURS_PROBE), ("pyvis_default", _PYVIS_PROBE)):
        done: list[dict[str, Any]] = []
        for _ in range(runs):
            done.append(time_page(pages[name], probe, timeout_s))
            if done[-1]["ms"] is None:
                break
        times = [r["ms"] for r in done if r["ms"] is not None]
        results[name] = {
            "runs_ms": [r["ms"] for r in done],
            "median_ms": round(statistics.median(times), 1) if times else None,
            "timed_out_after_s": timeout_s if len(times) < len(done) else None,
            "console_errors": sorted({e for r in done for e in r.get("console_errors", [])}),
        }
        summary = results[name]
        print(f"  {name:14s} median {summary['median_ms']} ms  runs {summary['runs_ms']}")
    ours, theirs = results["ours"]["median_ms"], results["pyvis_default"]["median_ms"]
    if ours and theirs:
        results["ratio_pyvis_over_ours"] = round(theirs / ours, 2)
    elif ours:
        # pyvis never finished: the ratio is at least the timeout over our median.
        results["ratio_pyvis_over_ours_at_least"] = round(timeout_s * 1000 / ours, 1)
    results["goal_met"] = bool(ours) and ours <= GOAL_MS
    return results


def bench_size(enterprises: int, seed: int, runs: int, timeout_s: float) -> dict[str, Any]:
    package, generator = load_package(enterprises, seed)
    t0 = time.perf_counter()
    view = build_map_view(package)
    t1 = time.perf_counter()
    ours = render_map_html(view, title=f"{package.chain.name}质量图谱")
    t2 = time.perf_counter()
    theirs = pyvis_default_html(view)
    result: dict[str, Any] = {
        "generator": generator,
        "nodes": len(view.nodes),
        "edges": len(view.edges),
        "build_view_s": round(t1 - t0, 3),
        "render_html_s": round(t2 - t1, 3),
        "html_bytes": {"ours": len(ours.encode()), "pyvis_default": len(theirs.encode())},
    }
    with tempfile.TemporaryDirectory(prefix="bench-map-") as tmp:
        pages = {"ours": Path(tmp) / "ours.html", "pyvis_default": Path(tmp) / "pyvis.html"}
        pages["ours"].write_text(ours, encoding="utf-8")
        pages["pyvis_default"].write_text(theirs, encoding="utf-8")
        result |= run_pages(pages, runs, timeout_s)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,300", help="enterprise counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per page load")
    args = parser.parse_args()

    results: dict[str, Any] = {"goal_ms": GOAL_MS, "runs": args.runs, "sizes": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"{size} enterprises")
        results["sizes"][str(size)] = bench_size(size, args.seed, args.runs, args.timeout)
        ratio = results["sizes"][str(size)].get("ratio_pyvis_over_ours")
        at_least = results["sizes"][str(size)].get("ratio_pyvis_over_ours_at_least")
        print(f"  ratio pyvis default / ours: {ratio if ratio else f'>= {at_least}'}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
