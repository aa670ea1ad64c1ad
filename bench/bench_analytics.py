"""Analytics benchmark on a generated 100,000-enterprise / ~1M-edge chain in the embedded store.

Ours: the HTTP API (in-process ASGI client: routing, validation, the version check against the
store, the algorithm, JSON) over the service's cached supply graph. Baseline: plain networkx on
the same graph in memory, answering the same question the direct way. Prints medians and
percentiles and the ratios, and writes bench/results/analytics.json.
Run: `make bench-analytics` (options: --help).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from app.main import create_app  # noqa: E402
from app.settings import Settings  # noqa: E402
from bench.common import machine, percentile  # noqa: E402
from graph.importer import import_package  # noqa: E402
from graph.store.factory import open_embedded  # noqa: E402
from seeds.generator import generate_package  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "analytics.json"


def nx_upstream(G: nx.DiGraph, x: str, depth: int) -> tuple[dict[str, int], list]:
    """Plain networkx: BFS on the reversed graph, then the induced edges."""
    distances = nx.single_source_shortest_path_length(G.reverse(copy=False), x, cutoff=depth)
    members = set(distances)
    edges = [(u, v) for u, v in G.subgraph(members).edges()]
    return distances, edges


def nx_bottleneck_parts(G: nx.MultiDiGraph) -> tuple[int, int]:
    """Plain networkx: articulation points of the undirected graph and single sources."""
    points = list(nx.articulation_points(G.to_undirected(as_view=True)))
    suppliers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, link in G.edges(keys=True):
        suppliers[(v, link)].add(u)
    single = sum(1 for found in suppliers.values() if len(found) == 1)
    return len(points), single


def nx_impact(G: nx.MultiDiGraph, province: str) -> int:
    """Plain networkx: rounds of full scans until nothing more is cut off."""
    dead = {n for n, p in G.nodes(data="province") if p == province}
    total = 0
    while True:
        cut = []
        for node in G:
            if node in dead:
                continue
            by_link: dict[str, list[str]] = defaultdict(list)
            for u, _, link in G.in_edges(node, keys=True):
                by_link[link].append(u)
            if any(all(u in dead for u in us) for us in by_link.values()):
                cut.append(node)
        if not cut:
            return total
        dead.update(cut)
        total += len(cut)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="upstream queries")
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3, help="runs of the whole-graph questions")
    parser.add_argument("--province", default="江苏", help="province failed in the cascade")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    def say(text: str) -> None:
        print(text, flush=True)

    package = generate_package(args.enterprises, seed=1)
    chain = package.chain.id
    say(f"{len(package.enterprises)} enterprises, {len(package.supplies)} supplies")
    rng = random.Random(7)
    sample = rng.sample([e.id for e in package.enterprises], args.queries)

    with tempfile.TemporaryDirectory(prefix="chainmap-bench-") as tmp:
        opened = open_embedded(Path(tmp) / "data")
        store = opened.store
        try:
            started = time.perf_counter()
            import_package(store, package, author="bench")
            say(f"imported in {time.perf_counter() - started:.1f}s")
            app = create_app(Settings(CHAINMAP_LOAD_SEED=False), store=store)
            with TestClient(app) as client:
                started = time.perf_counter()
                assert client.get(f"/api/v1/chains/{chain}/bottlenecks").status_code == 200
                first_load = time.perf_counter() - started
                say(
                    f"first request (loads the supply graph, computes bottlenecks): "
                    f"{first_load:.1f}s"
                )
                upstream_ms, sizes = [], []
                for firm in sample:
                    started = time.perf_counter()
                    response = client.get(
                        f"/api/v1/enterprises/{firm}/upstream",
                        params={"depth": args.depth, "chain": chain},
                    )
                    upstream_ms.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.text
                    sizes.append(len(response.json()["nodes"]))
                analysis = app.state.analyses.get(chain)
                bottleneck_s, impact_s = [], []
                for _ in range(args.runs):
                    analysis.__dict__.pop("bottlenecks", None)  # drop the cached answer
                    started = time.perf_counter()
                    _ = analysis.bottlenecks
                    bottleneck_s.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    response = client.post(
                        f"/api/v1/chains/{chain}/impact", json={"provinces": [args.province]}
                    )
                    impact_s.append(time.perf_counter() - started)
                cut_off = response.json()["summary"]["total_cut_off"]
                G = analysis.graph
        finally:
            opened.close()

    say("plain networkx on the same graph ...")
    simple = nx.DiGraph(G)
    nx_upstream_ms = []
    for firm in sample:
        started = time.perf_counter()
        nx_upstream(simple, firm, args.depth)
        nx_upstream_ms.append((time.perf_counter() - started) * 1000)
    nx_bottleneck_s, nx_impact_s = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        nx_bottleneck_parts(G)
        nx_bottleneck_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        nx_cut = nx_impact(G, args.province)
        nx_impact_s.append(time.perf_counter() - started)
    assert nx_cut == cut_off, (nx_cut, cut_off)

    result = {
        "machine": machine(),
        "enterprises": len(package.enterprises),
        "supplies": len(package.supplies),
        "first_request_s": round(first_load, 2),
        "upstream": {
            "depth": args.depth,
            "queries": args.queries,
            "p50_ms": round(statistics.median(upstream_ms), 2),
            "p95_ms": round(percentile(upstream_ms, 0.95), 2),
            "goal_p95_ms": 50,
            "median_nodes_returned": statistics.median(sizes),
            "networkx_p50_ms": round(statistics.median(nx_upstream_ms), 2),
            "networkx_p95_ms": round(percentile(nx_upstream_ms, 0.95), 2),
        },
        "bottlenecks": {
            "median_s": round(statistics.median(bottleneck_s), 2),
            "goal_s": 10,
            "networkx_median_s": round(statistics.median(nx_bottleneck_s), 2),
        },
        "impact": {
            "province": args.province,
            "cut_off": cut_off,
            "median_s": round(statistics.median(impact_s), 3),
            "goal_s": 2,
            "networkx_median_s": round(statistics.median(nx_impact_s), 2),
        },
    }
    up, bn, im = result["upstream"], result["bottlenecks"], result["impact"]
    up["ratio_p95_ours_over_networkx"] = round(up["p95_ms"] / up["networkx_p95_ms"], 2)
    bn["ratio_ours_over_networkx"] = round(bn["median_s"] / bn["networkx_median_s"], 2)
    im["ratio_ours_over_networkx"] = round(im["median_s"] / im["networkx_median_s"], 3)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    say(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
