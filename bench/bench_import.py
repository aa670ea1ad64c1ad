"""Import benchmark: a generated 100,000-enterprise chain into each store, side by side.

Each import is one atomic unit (a staged copy renamed over the graph on the embedded store,
one transaction on Neo4j). Baseline: a naive import of a 10,000-enterprise sample that sends
one statement per row (the same query files, one row each, one round trip each). Prints
medians and the ratio per store, and writes bench/results/import.json.
Run: `make bench-import` (options: --help).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from bench.stores import fresh_store, parse_kinds  # noqa: E402
from graph.package.formats import parse_json_package  # noqa: E402
from graph.package.models import ChainPackage  # noqa: E402
from graph.store.base import GraphStore  # noqa: E402
from graph.versioning.importer import import_package, package_statements  # noqa: E402
from seeds.generator import generate_package  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "import.json"
# The figure of the first round (embedded store, bench/results/import.json of that time).
BEFORE = {"big_import_median_s": 56.11, "sample_write_median_s": 5.42}


def renamed(package: ChainPackage, chain: str) -> ChainPackage:
    return package.model_copy(update={"chain": package.chain.model_copy(update={"id": chain})})


def timed_import(store: GraphStore, raw: bytes, chain: str) -> tuple[float, float]:
    """(seconds to parse and check, seconds to write) for one import of `raw` as `chain`."""
    started = time.perf_counter()
    package = renamed(parse_json_package(raw), chain)
    checked = time.perf_counter()
    import_package(store, package, author="bench")
    return checked - started, time.perf_counter() - checked


def naive_import(store: GraphStore, package: ChainPackage) -> float:
    """One statement per row: every batch split into single-row statements, sent one by one."""
    started = time.perf_counter()
    for name, params in package_statements(package, f"{package.chain.id}@1"):
        rows = params.get("rows")
        if rows is None:
            store.write(name, params)
            continue
        for row in rows:
            store.write(name, {**params, "rows": [row]})
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=100_000, help="size of the big chain")
    parser.add_argument("--sample", type=int, default=10_000, help="size of the baseline sample")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement")
    parser.add_argument(
        "--naive-runs", type=int, default=1, help="runs of the one-statement-per-row baseline"
    )
    parser.add_argument("--store", default="embedded,neo4j", help="stores, comma-separated")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    def say(text: str) -> None:
        print(text, flush=True)

    say(f"generating {args.enterprises} enterprises ...")
    big = generate_package(args.enterprises, seed=1)
    big_raw = big.model_dump_json(by_alias=True, exclude_none=True).encode()
    sample = generate_package(args.sample, seed=2)
    sample_raw = sample.model_dump_json(by_alias=True, exclude_none=True).encode()
    say(
        f"  {len(big.enterprises)} enterprises, {len(big.supplies)} supplies, "
        f"{len(big_raw) / 1e6:.0f} MB; sample {len(sample.supplies)} supplies"
    )

    stores = {}
    with tempfile.TemporaryDirectory(prefix="chainmap-bench-") as tmp:
        for kind in parse_kinds(args.store):
            with fresh_store(kind, Path(tmp)) as bench, bench.open() as opened:
                say(f"{bench.label}:")
                stores[kind] = measure(opened.store, args, big_raw, sample_raw, sample, say)
                if bench.neo4j is not None:
                    stores[kind]["neo4j_heap_max"] = bench.neo4j.heap
                    stores[kind]["neo4j_peak_rss_mb"] = bench.server_peak_rss_mb()

    result = {
        "machine": machine(),
        "enterprises": args.enterprises,
        "supplies": len(big.supplies),
        "package_mb": round(len(big_raw) / 1e6, 1),
        "runs": args.runs,
        "goal_s": 120,
        "sample_enterprises": args.sample,
        "sample_supplies": len(sample.supplies),
        "before": BEFORE,
        "stores": stores,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    say(f"\n{args.enterprises} enterprises / {len(big.supplies)} supplies (goal ≤ 120 s):")
    for kind, r in stores.items():
        say(
            f"  {kind:8} median {r['big_import_median_s']:6.1f}s   sample: ours "
            f"{r['sample_write_median_s']:.2f}s, naive {r['naive_sample_median_s']:.1f}s "
            f"({r['naive_over_ours_on_sample']}x)"
        )
    say(f"  before   median {BEFORE['big_import_median_s']:6.1f}s (embedded)")
    say(f"results written to {args.output}")
    return 0


def measure(
    store: GraphStore,
    args: argparse.Namespace,
    big_raw: bytes,
    sample_raw: bytes,
    sample: ChainPackage,
    say: Callable[[str], None],
) -> dict[str, object]:
    big_runs, sample_runs, naive_runs = [], [], []
    for run in range(args.runs):
        check, write = timed_import(store, big_raw, f"bench-big-{run}")
        big_runs.append({"check_s": check, "write_s": write, "total_s": check + write})
        say(f"  ours {args.enterprises}: check {check:.1f}s + write {write:.1f}s")
        check, write = timed_import(store, sample_raw, f"bench-sample-{run}")
        sample_runs.append({"check_s": check, "write_s": write, "total_s": check + write})
        say(f"  ours {args.sample}: {check + write:.2f}s")
        if run < args.naive_runs:
            naive = naive_import(store, renamed(sample, f"bench-naive-{run}"))
            naive_runs.append(naive)
            say(f"  naive {args.sample}: {naive:.1f}s")
    sample_median = statistics.median(r["write_s"] for r in sample_runs)
    naive_median = statistics.median(naive_runs)
    return {
        "big_import_median_s": round(statistics.median(r["total_s"] for r in big_runs), 2),
        "big_import_runs": big_runs,
        "sample_write_median_s": round(sample_median, 3),
        "naive_sample_median_s": round(naive_median, 2),
        "naive_runs": len(naive_runs),
        "naive_over_ours_on_sample": round(naive_median / sample_median, 1),
    }


if __name__ == "__main__":
    sys.exit(main())
