"""Analytics benchmark on a generated 100,000-enterprise / ~1M-edge chain, on each store.

Ours: `chainmap serve` in a process of its own, asked over loopback HTTP by one client
connection in this process, as a user meets it: the first response and the first answer after
the service starts (it loads the chain's supply graph in the background, answering 503 with
Retry-After meanwhile; asked every 0.2 s), upstream depth 6 for 200 random firms, the bottlenecks
(first and cached), the disruption cascade of one province, the other reads of the scale issue,
and the service process's resident memory at the end (now and at its peak). Baseline: plain
networkx on the same graph in this process, answering the same question the direct way; and the
figures before this round (over loopback, embedded store). Prints each figure beside its goal,
the baseline and the ratio, and writes bench/results/analytics.json.
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine, median_of, percentile  # noqa: E402
from bench.stores import fresh_store, parse_kinds  # noqa: E402
from graph.analytics import build_supply_graph  # noqa: E402
from graph.versioning.importer import import_package  # noqa: E402
from seeds.generator import generate_package  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "analytics.json"
GOALS = {
    "first_answer_s": "≤ 3",
    "upstream_p95_ms": "≤ 50",
    "impact_median_s": "≤ 0.5",
    "memory_now_mb": "≤ 600",
}
# Before the analyses loaded from the version's document and answers were tagged: the figures
# the scale issue quotes (embedded store, 100,000 firms, a client over loopback).
BEFORE = {
    "first_request_s": 53.6,
    "upstream_p50_ms": 11.9,
    "upstream_p95_ms": 215.0,
    "impact_median_s": 1.34,
    "memory_now_mb": 1600,
}


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
    parser.add_argument(
        "--starts", type=int, default=3, help="service starts per store, each measured (medians)"
    )
    parser.add_argument("--store", default="embedded,neo4j", help="stores, comma-separated")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    def say(text: str) -> None:
        print(text, flush=True)

    package = generate_package(args.enterprises, seed=1)
    chain = package.chain.id
    say(f"{len(package.enterprises)} enterprises, {len(package.supplies)} supplies")
    sample = random.Random(7).sample([e.id for e in package.enterprises], args.queries)
    stores = {}
    with tempfile.TemporaryDirectory(prefix="chainmap-bench-") as tmp:
        for kind in parse_kinds(args.store):
            with fresh_store(kind, Path(tmp)) as bench:
                say(f"{bench.label}:")
                with bench.open() as opened:
                    started = time.perf_counter()
                    import_package(opened.store, package, author="bench")
                    say(f"  imported in {time.perf_counter() - started:.1f}s")
                starts = []
                for start in range(args.starts):
                    say(f"  start {start + 1} of {args.starts}")
                    with bench.serve() as url:
                        measured = measure(url, chain, sample, args, say)
                        measured["memory_mb"] = bench.service_memory_mb()
                        say(f"  the service's memory (MB): {measured['memory_mb']}")
                        starts.append(measured)
                stores[kind] = {**median_of(starts), "starts": starts}

    say("plain networkx on the same graph ...")
    G = build_supply_graph(
        [e.model_dump() for e in package.enterprises if e.status != "closed"],
        [s.model_dump() for s in package.supplies],
    )
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
    networkx = {
        "upstream_p50_ms": round(statistics.median(nx_upstream_ms), 2),
        "upstream_p95_ms": round(percentile(nx_upstream_ms, 0.95), 2),
        "bottleneck_parts_median_s": round(statistics.median(nx_bottleneck_s), 2),
        "impact_median_s": round(statistics.median(nx_impact_s), 2),
        "impact_cut_off": nx_cut,
    }
    for kind, r in stores.items():
        assert r["impact"]["cut_off"] == nx_cut, (kind, r["impact"]["cut_off"], nx_cut)

    result = {
        "machine": machine(),
        "enterprises": len(package.enterprises),
        "supplies": len(package.supplies),
        "method": "chainmap serve in its own process; one httpx connection over loopback; "
        "each figure the median of its value over the service's starts (each start's own "
        "figures under 'starts')",
        "goals": GOALS,
        "before": BEFORE,
        "networkx": networkx,
        "stores": stores,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    rows = [
        ("first response after start (s)", "first_response_s", None, None),
        ("first answer after start (s)", "first_answer_s", None, "first_request_s"),
        ("upstream depth 6 p50 (ms)", "upstream_p50_ms", "upstream_p50_ms", "upstream_p50_ms"),
        ("upstream depth 6 p95 (ms)", "upstream_p95_ms", "upstream_p95_ms", "upstream_p95_ms"),
        ("bottlenecks, first (s)", "bottlenecks_first_s", "bottleneck_parts_median_s", None),
        ("bottlenecks, cached (ms)", "bottlenecks_cached_ms", None, None),
        ("impact, one province (s)", "impact_median_s", "impact_median_s", "impact_median_s"),
        ("service memory at the end (MB)", "memory_now_mb", None, "memory_now_mb"),
        ("service memory, peak (MB)", "memory_peak_mb", None, None),
    ]
    say(f"\n{'':32}" + "".join(f"{k:>12}" for k in stores) + f"{'networkx':>12}{'before':>10}")
    for title, key, nx_key, before_key in rows:
        line = f"{title:32}" + "".join(f"{flat(r)[key]:>12}" for r in stores.values())
        line += f"{networkx[nx_key] if nx_key else '–':>12}"
        say(line + f"{BEFORE[before_key] if before_key else '–':>10}  goal {GOALS.get(key, '–')}")
    say(f"\n{'reads (ms): first / median of the rest':40}" + "".join(f"{k:>18}" for k in stores))
    for name, (_, before, goal) in READS.items():
        cells = "".join(
            f"{r['reads'][name]['first_ms']:>10} / {r['reads'][name]['median_rest_ms'] or '–':>5}"
            for r in stores.values()
        )
        say(f"{name:40}{cells}   before {before}  goal {goal}")
    say(f"results written to {args.output}")
    return 0


def flat(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "first_response_s": r["first_response_s"],
        "first_answer_s": r["first_answer_s"],
        "upstream_p50_ms": r["upstream"]["p50_ms"],
        "upstream_p95_ms": r["upstream"]["p95_ms"],
        "bottlenecks_first_s": r["bottlenecks"]["first_s"],
        "bottlenecks_cached_ms": r["bottlenecks"]["cached_median_ms"],
        "impact_median_s": r["impact"]["median_s"],
        "memory_now_mb": r["memory_mb"]["now"],
        "memory_peak_mb": r["memory_mb"]["peak"],
    }


def measure(
    url: str, chain: str, sample: list[str], args: argparse.Namespace, say: Callable[[str], None]
) -> dict[str, Any]:
    with httpx.Client(base_url=url, timeout=900) as client:
        # The service loads the analysis in the background from its start: ask as a client
        # that polls would, every 0.2 s, and time the first response and the first answer.
        started = time.perf_counter()
        first_response = None
        while True:
            response = client.get(
                f"/api/v1/enterprises/{sample[0]}/upstream", params={"depth": 1, "chain": chain}
            )
            if first_response is None:
                first_response = time.perf_counter() - started
            if response.status_code != 503:
                break
            time.sleep(0.2)
        ready = time.perf_counter() - started
        assert response.status_code == 200, response.text
        say(f"  first response after {first_response:.2f}s; the first answer after {ready:.1f}s")
        started = time.perf_counter()
        client.get(f"/api/v1/chains/{chain}/bottlenecks").raise_for_status()
        first = time.perf_counter() - started
        say(f"  bottlenecks, first: {first:.1f}s")
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
        cached_ms, impact_s = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(f"/api/v1/chains/{chain}/bottlenecks").raise_for_status()
            cached_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.post(
                f"/api/v1/chains/{chain}/impact", json={"provinces": [args.province]}
            )
            impact_s.append(time.perf_counter() - started)
        cut_off = response.json()["summary"]["total_cut_off"]
        reads = measure_reads(client, chain, sample[0], say)
    say(
        f"  upstream p50 {statistics.median(upstream_ms):.1f} ms, "
        f"p95 {percentile(upstream_ms, 0.95):.1f} ms; impact {statistics.median(impact_s):.2f}s"
    )
    return {
        "first_response_s": round(first_response, 2),
        "first_answer_s": round(ready, 2),
        "upstream": {
            "depth": args.depth,
            "queries": args.queries,
            "p50_ms": round(statistics.median(upstream_ms), 2),
            "p95_ms": round(percentile(upstream_ms, 0.95), 2),
            "median_nodes_returned": statistics.median(sizes),
        },
        "bottlenecks": {
            "first_s": round(first, 2),
            "cached_median_ms": round(statistics.median(cached_ms), 1),
        },
        "impact": {
            "province": args.province,
            "cut_off": cut_off,
            "median_s": round(statistics.median(impact_s), 3),
        },
        "reads": reads,
    }


# The other questions of the scale issue, with its figures before (embedded, over loopback).
READS = {
    "healthz": ("/healthz", 71.0, "≤ 5"),
    "links": ("/api/v1/chains/{chain}/links", 74.0, "≤ 10"),
    "enterprises_offset_0": ("/api/v1/chains/{chain}/enterprises?limit=50&offset=0", 108.0, "≤ 20"),
    "enterprises_offset_99000": (
        "/api/v1/chains/{chain}/enterprises?limit=50&offset=99000",
        306.0,
        "≤ 20",
    ),
    "choke_points": ("/api/v1/enterprises/{firm}/choke-points?chain={chain}", 700.0, "≤ 50"),
    "overview_png": ("/api/v1/chains/{chain}/map/overview.png", 25_000.0, "≤ 5,000"),
}
READ_RUNS = 20


def measure_reads(
    client: httpx.Client, chain: str, firm: str, say: Callable[[str], None]
) -> dict[str, Any]:
    """Each read asked READ_RUNS times: the first answer (computed) and the median of the rest
    (tagged answers come from the service's memory then), in ms."""
    found = {}
    for name, (path, before, goal) in READS.items():
        times = []
        for _ in range(1 if name == "overview_png" else READ_RUNS):
            started = time.perf_counter()
            client.get(path.format(chain=chain, firm=firm)).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
        found[name] = {
            "first_ms": round(times[0], 1),
            "median_rest_ms": round(statistics.median(times[1:]), 1) if len(times) > 1 else None,
            "before_ms": before,
            "goal_ms": goal,
        }
        say(f"  {name}: {found[name]}")
    return found


if __name__ == "__main__":
    sys.exit(main())
