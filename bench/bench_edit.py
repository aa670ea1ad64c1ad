"""Edit benchmark: one problem status move, on the seed chain and on a generated chain.

Every library write is an edit of the whole chain package (graph.edits.apply_edit: export,
check, diff, import, snapshot), so its cost grows with the chain. Moves a seed problem back and
forth `--moves` times on each chain and prints the median, with a breakdown of one edit's
export, check and import on the generated chain; writes bench/results/edit.json.
Run: `make bench-edit` (options: --help).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_import import machine  # noqa: E402
from graph.edits import _checked  # noqa: E402
from graph.exporter import export_package  # noqa: E402
from graph.importer import import_package  # noqa: E402
from graph.keys import Principal  # noqa: E402
from graph.models import ChainPackage, ProblemStatus  # noqa: E402
from graph.problems import move_status  # noqa: E402
from graph.store.base import GraphStore  # noqa: E402
from graph.store.factory import open_embedded  # noqa: E402
from seeds import load_seed  # noqa: E402
from seeds.generator import generate_package  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "edit.json"
BENCH = Principal(key_id="bench", role="editor")
PROBLEM = "special-bearing-steel"  # identified in the seed


def with_seed_problems(package: ChainPackage, seed: ChainPackage, chain: str) -> ChainPackage:
    """The generated chain with the seed's problems (their enterprise lists dropped)."""
    problems = [p.model_copy(update={"enterprises": []}) for p in seed.problems]
    return package.model_copy(
        update={"problems": problems, "chain": package.chain.model_copy(update={"id": chain})}
    )


def median_move(store: GraphStore, chain: str, moves: int) -> float:
    """Median seconds of `moves` status moves of PROBLEM, alternating between two statuses."""
    times = []
    for n in range(moves):
        to: ProblemStatus = "analyzing" if n % 2 == 0 else "identified"
        started = time.perf_counter()
        move_status(store, chain, PROBLEM, to, principal=BENCH)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def breakdown(store: GraphStore, chain: str) -> dict[str, float]:
    """Seconds for the parts of one edit: export, check, import (diff, write, snapshot)."""
    started = time.perf_counter()
    package = export_package(store, chain)
    exported = time.perf_counter()
    checked = _checked(package)
    validated = time.perf_counter()
    import_package(store, checked, author="bench", summary="no change")
    written = time.perf_counter()
    return {
        "export_s": round(exported - started, 3),
        "check_s": round(validated - exported, 3),
        "import_s": round(written - validated, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=10_000, help="size of the big chain")
    parser.add_argument("--moves", type=int, default=20, help="status moves per chain")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    seed = load_seed()
    big = with_seed_problems(generate_package(args.enterprises, 1), seed, "bench-edit-big")
    with tempfile.TemporaryDirectory(prefix="chainmap-bench-") as tmp:
        opened = open_embedded(Path(tmp) / "data")
        store = opened.store
        try:
            import_package(store, seed, author="bench")
            seed_s = median_move(store, seed.chain.id, args.moves)
            print(f"seed ({len(seed.enterprises)} enterprises): median {seed_s * 1000:.0f} ms")
            import_package(store, big, author="bench")
            big_s = median_move(store, big.chain.id, args.moves)
            parts = breakdown(store, big.chain.id)
            print(f"{args.enterprises} enterprises: median {big_s:.2f} s ({parts})")
        finally:
            opened.close()

    result = {
        "machine": machine(),
        "moves": args.moves,
        "seed_enterprises": len(seed.enterprises),
        "seed_move_median_ms": round(seed_s * 1000, 1),
        "big_enterprises": args.enterprises,
        "big_supplies": len(big.supplies),
        "big_move_median_s": round(big_s, 3),
        "big_edit_breakdown": parts,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"results written to {args.output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
