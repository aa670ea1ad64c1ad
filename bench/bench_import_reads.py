"""Reads of one chain while another chain's 100,000-enterprise package is imported.

`chainmap serve` runs in a process of its own on a fresh store holding the Linqing seed. The
benchmark POSTs the generated package to /api/v1/import (one connection, as a planner's upload
would) while a reader on another connection asks, one after the other, for the seed chain's
links, a page of its firms and its problem library. Each run imports the package as a chain of
its own, so each is a whole first write. It reports the readers' latency before the import,
over the whole import (upload, checks and the write) and over its second half (where the write
is), beside the goal and the figure before. Writes bench/results/import_reads.json.
Run: `make bench-import-reads` (options: --help).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import machine, percentile  # noqa: E402
from bench.stores import fresh_store, parse_kinds  # noqa: E402
from graph.access.keys import create_key  # noqa: E402
from graph.package.formats import parse_json_package  # noqa: E402
from graph.versioning.importer import import_package  # noqa: E402
from seeds.generator import generate_package  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "import_reads.json"
SEED = ROOT / "seeds" / "linqing_bearing.json"
GOAL_P95_MS = 200
# Before the staged write, the embedded store answered nothing while the import's single
# MULTI/EXEC block ran (the scale issue: "tens of seconds").
BEFORE = {"embedded": "no answer for the length of the write (tens of seconds)"}


def reader(url: str, key: str, chain: str, stop: threading.Event) -> list[tuple[float, float]]:
    """(time asked, latency in ms) of every read until `stop`."""
    paths = [
        f"/api/v1/chains/{chain}/links",
        f"/api/v1/chains/{chain}/enterprises?limit=50",
        f"/api/v1/chains/{chain}/problems",
    ]
    answered: list[tuple[float, float]] = []
    headers = {"Authorization": f"Bearer {key}"}  # the problem library is member data
    with httpx.Client(base_url=url, headers=headers, timeout=600) as client:
        while not stop.is_set():
            for path in paths:
                started = time.monotonic()
                client.get(path).raise_for_status()
                answered.append((started, (time.monotonic() - started) * 1000))
    return answered


def figures(latencies: list[float]) -> dict[str, float | int]:
    if not latencies:
        return {"reads": 0}
    return {
        "reads": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
    }


def one_run(url: str, key: str, body: bytes, chain: str) -> dict[str, Any]:
    stop = threading.Event()
    found: list[list[tuple[float, float]]] = []
    thread = threading.Thread(target=lambda: found.append(reader(url, key, chain, stop)))
    thread.start()
    time.sleep(2)  # the reader's own figure before the import starts
    started = time.monotonic()
    response = httpx.post(
        f"{url}/api/v1/import",
        content=body,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        timeout=1800,
    )
    ended = time.monotonic()
    stop.set()
    thread.join()
    response.raise_for_status()
    answered = found[0]
    before = [ms for at, ms in answered if at < started]
    during = [ms for at, ms in answered if started <= at <= ended]
    return {
        "import_s": round(ended - started, 1),
        "before_import": figures(before),
        "during_import": figures(during),
        # The write is the last part of the import; the readers' slowest stretch is here.
        "last_half_of_import": figures(
            [ms for at, ms in answered if (started + ended) / 2 <= at <= ended]
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", default="embedded,neo4j", help="stores, comma-separated")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    def say(text: str) -> None:
        print(text, flush=True)

    package = generate_package(args.enterprises, seed=1)
    document = json.loads(package.model_dump_json(by_alias=True, exclude_none=True))
    seed = parse_json_package(SEED.read_bytes())
    stores: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="chainmap-import-reads-") as tmp:
        for kind in parse_kinds(args.store):
            with fresh_store(kind, Path(tmp)) as bench:
                with bench.open() as opened:
                    import_package(opened.store, seed, author="bench")
                    key = create_key(opened.store, "editor", name="bench")[1]
                runs = []
                with bench.serve() as url:
                    for n in range(args.runs):
                        say(f"{bench.label}: import {n + 1} of {args.runs} with reads beside it")
                        document["chain"]["id"] = f"{package.chain.id}-{n + 1}"
                        body = json.dumps(document, ensure_ascii=False).encode()
                        runs.append(one_run(url, key, body, seed.chain.id))
                        say(f"  {runs[-1]}")
                p95 = statistics.median(float(r["during_import"]["p95_ms"]) for r in runs)
                stores[kind] = {"runs": runs, "during_import_p95_ms_median": p95}

    result = {
        "machine": machine(),
        "enterprises": args.enterprises,
        "supplies": len(package.supplies),
        "goal_p95_ms": GOAL_P95_MS,
        "before": BEFORE,
        "stores": stores,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    for kind, found in stores.items():
        say(
            f"{kind:9} reads of another chain during a {args.enterprises:,}-firm import: "
            f"p95 {found['during_import_p95_ms_median']} ms (median of {args.runs} runs; "
            f"goal ≤ {GOAL_P95_MS} ms; before: {BEFORE.get(kind, 'not measured')})"
        )
    say(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
