"""Edit benchmark: one problem status move, and a large re-import with one change.

Every library write is an edit of the chain package (graph.versioning.edits.apply_edit). It starts
from the latest version's package (kept in memory, else decoded from the snapshot), validates again
only what changed and writes only that (graph.versioning.delta). This benchmark

- moves a seed problem back and forth `--moves` times on the seed chain and on a generated
  chain of `--enterprises` firms and prints the medians, with a breakdown of one edit;
- does the same move the way edits were made before (export the chain, check all of it, import
  all of it with a sweep) `--before-moves` times on the generated chain, for comparison;
- imports a generated chain of `--reimport-enterprises` firms, then re-imports it with one
  enterprise changed: as a delta (with the previous document in memory, and without), and as
  a full write.

Writes bench/results/edit.json. Run: `make bench-edit` (options: --help).
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
from graph.access.keys import Principal  # noqa: E402
from graph.libraries.problems import move_status  # noqa: E402
from graph.package.models import ChainPackage, ProblemStatus  # noqa: E402
from graph.reads.exporter import export_package  # noqa: E402
from graph.store.base import GraphStore  # noqa: E402
from graph.store.factory import open_embedded  # noqa: E402
from graph.versioning.baseline import forget, latest_baseline, take_package  # noqa: E402
from graph.versioning.edits import _checked, checked_edit  # noqa: E402
from graph.versioning.importer import import_package, write_version  # noqa: E402
from graph.versioning.versions import list_versions  # noqa: E402
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


def _status(n: int) -> ProblemStatus:
    return "analyzing" if n % 2 == 0 else "identified"


def median_move(store: GraphStore, chain: str, moves: int) -> float:
    """Median seconds of `moves` status moves of PROBLEM, alternating between two statuses."""
    times = []
    for n in range(moves):
        started = time.perf_counter()
        move_status(store, chain, PROBLEM, _status(n), principal=BENCH)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _set_status(package: ChainPackage, status: ProblemStatus) -> ChainPackage:
    for problem in package.problems:
        if problem.id == PROBLEM:
            problem.status = status
    return package


def median_move_before(store: GraphStore, chain: str, moves: int) -> float:
    """Median seconds of the same move made as every edit was before: export the chain, check
    the whole package, import it in full (diff, write everything, sweep, snapshot)."""
    times = []
    for n in range(moves):
        started = time.perf_counter()
        package = _checked(_set_status(export_package(store, chain), _status(n)))
        import_package(store, package, author="bench", summary="before", mode="full")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def breakdown(store: GraphStore, chain: str, status: ProblemStatus) -> dict[str, float]:
    """Seconds for the parts of one edit: starting package, edit and check, write."""
    started = time.perf_counter()
    baseline = latest_baseline(store, chain)
    assert baseline is not None and baseline.document is not None
    start = take_package(store, baseline)
    assert start is not None
    loaded = time.perf_counter()
    package, document, diff = checked_edit(baseline.document, _set_status(start, status))
    checked = time.perf_counter()
    write_version(
        store,
        package,
        document,
        baseline,
        diff=diff,
        author="bench",
        summary="breakdown",
        mode="delta",
        owned=True,
    )
    written = time.perf_counter()
    return {
        "start_s": round(loaded - started, 3),
        "edit_and_check_s": round(checked - loaded, 3),
        "write_s": round(written - checked, 3),
    }


def stored_chars(store: GraphStore, chain: str) -> dict[str, object]:
    """What each version of the chain keeps in the store: full snapshots and patches."""
    versions = list_versions(store, chain)
    by_form: dict[str, list[int]] = {}
    for v in versions:
        by_form.setdefault(v.stored_as or "unknown", []).append(v.snapshot_chars or 0)
    medians = {form: int(statistics.median(sizes)) for form, sizes in by_form.items()}
    return {
        "versions": {form: len(sizes) for form, sizes in by_form.items()},
        "median_chars": medians,
        "snapshot_to_patch": round(medians["snapshot"] / medians["patch"], 1)
        if "snapshot" in medians and "patch" in medians
        else None,
    }


def _timed_import(store: GraphStore, package: ChainPackage, **options: object) -> float:
    started = time.perf_counter()
    import_package(store, package, author="bench", **options)  # type: ignore[arg-type]
    return round(time.perf_counter() - started, 2)


def reimport(store: GraphStore, enterprises: int) -> dict[str, float | int]:
    """A chain of `enterprises` firms imported, then re-imported with one firm changed."""
    package = generate_package(enterprises, 2).model_copy(deep=False)
    chain = package.chain.id = "bench-reimport"
    first = _timed_import(store, package)

    def one_change(tier: str) -> ChainPackage:
        firms = list(package.enterprises)
        firms[0] = firms[0].model_copy(update={"tier": tier})
        return package.model_copy(update={"enterprises": firms})

    warm = _timed_import(store, one_change("leader"))
    forget(store, chain)
    cold = _timed_import(store, one_change("follower"))
    full = _timed_import(store, one_change("leader"), mode="full")
    return {
        "enterprises": enterprises,
        "supplies": len(package.supplies),
        "first_import_s": first,
        "one_change_delta_s": warm,
        "one_change_delta_cold_s": cold,
        "one_change_full_s": full,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=10_000, help="size of the big chain")
    parser.add_argument("--moves", type=int, default=20, help="status moves per chain")
    parser.add_argument(
        "--before-moves", type=int, default=3, help="moves made the way edits were made before"
    )
    parser.add_argument(
        "--reimport-enterprises", type=int, default=100_000, help="re-imported chain (0: skip)"
    )
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
            stored = stored_chars(store, big.chain.id)
            print(f"{args.enterprises} enterprises, stored per version: {stored}")
            parts = breakdown(store, big.chain.id, _status(args.moves))
            print(f"{args.enterprises} enterprises: median {big_s:.3f} s ({parts})")
            before_s = median_move_before(store, big.chain.id, args.before_moves)
            print(f"{args.enterprises} enterprises, as before: median {before_s:.2f} s")
            again = reimport(store, args.reimport_enterprises) if args.reimport_enterprises else {}
            if again:
                print(f"re-import with one change: {again}")
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
        "big_stored_chars": stored,
        "before_moves": args.before_moves,
        "big_move_before_median_s": round(before_s, 2),
        "reimport": again,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
