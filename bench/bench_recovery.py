"""Restart of the embedded store after kill -9, at its worst: right after a large import, before
the append-only file was compacted, so every write of the import is loaded from the log.

For each size: a fresh data directory, the generated package imported with compaction off,
the FalkorDB server killed with SIGKILL, then the time until a restarted server answers
(`EmbeddedServer.restart`, which waits for the server's ready line). Prints the median of the
runs beside the figure before (the log then held query text, replayed without indexes) and
writes bench/results/recovery.json. Run: `make bench-recovery` (options: --help).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from graph.reads.chains import store_counts  # noqa: E402
from graph.store.factory import open_embedded  # noqa: E402
from graph.versioning.importer import import_package  # noqa: E402
from seeds.generator import generate_package  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "recovery.json"
# Measured once on the code before this change, 4,000 firms (write 5.2 s).
BEFORE = {4000: 148.0}


def one_run(enterprises: int, folder: Path) -> dict[str, float]:
    package = generate_package(enterprises, seed=1)
    opened = open_embedded(folder)
    try:
        server = opened.server
        assert server is not None and server.pid is not None
        opened.store.compact_after_writes = False  # type: ignore[attr-defined]
        started = time.perf_counter()
        import_package(opened.store, package, author="bench")
        write_s = time.perf_counter() - started
        os.kill(server.pid, signal.SIGKILL)
        while server.running:
            time.sleep(0.01)
        started = time.perf_counter()
        server.restart()
        restart_s = time.perf_counter() - started
        assert store_counts(opened.store)["Enterprise"] == enterprises, "the restart lost firms"
    finally:
        opened.close()
    return {"write_s": round(write_s, 1), "restart_s": round(restart_s, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enterprises", default="4000,100000", help="sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    sizes = [int(n) for n in args.enterprises.split(",")]
    found: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="chainmap-recovery-") as tmp:
        for size in sizes:
            runs = [one_run(size, Path(tmp) / f"{size}-{n}") for n in range(args.runs)]
            median = statistics.median(r["restart_s"] for r in runs)
            found[str(size)] = {"runs": runs, "restart_median_s": median}
            before = BEFORE.get(size)
            ratio = f", {before / median:.0f}× faster" if before else ""
            was = f"before {before} s{ratio}" if before else "before: not measured"
            print(
                f"{size:>7} firms: restart after kill -9 {median} s (median of {args.runs}; "
                f"the write took {statistics.median(r['write_s'] for r in runs)} s)   {was}",
                flush=True,
            )
    result = {"machine": machine(), "before_s": BEFORE, "sizes": found}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
