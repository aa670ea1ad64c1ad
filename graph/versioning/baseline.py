"""The latest version of a chain as the next write starts from it, with a small memory cache.

Every import and edit diffs against the latest version's snapshot, and an edit starts from that
version's package. Decoding a snapshot and validating it take about 0.2 s and 1 s for a
10,000-enterprise chain, so the last written document (and, after an edit, its validated
package) is kept per chain, keyed by version id and creation time. The cache is only a
shortcut: every lookup reads the latest version's id from the store first, so a write from
elsewhere simply misses it.

A cached package is handed out once (`take_package`): an edit may change it in place, and only
the package the edit wrote comes back (`remember`). Documents are shared and must not be
changed by callers.

A big chain's document (over PACKAGE_KEPT_RECORDS records) can be kept with its supplies
packed (`pack`; JSON, zlib): at 100,000 firms and 951,400 supplies the supply records are 380 MB
of dicts and their packed form 4 MB. The service packs it once the version's analysis has what
it needs of the supplies (graph.analytics.chain_analysis), so neither the write nor the first
analysis after a start waits for the packing (0.5 s) or an unpacking; later, the whole document
is unpacked for a write only (0.5-0.8 s beside seconds of checking). Views read
`without_supplies`, which is never unpacked.
"""

from __future__ import annotations

import threading
import weakref
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import orjson

from graph.package.models import ChainPackage
from graph.store.base import GraphStore
from graph.versioning.snapshots import read_document

__all__ = [
    "Baseline",
    "latest_baseline",
    "take_package",
    "remember",
    "pack",
    "forget",
    "CHAINS_KEPT",
]

Document = dict[str, Any]
CHAINS_KEPT = 4  # per store; a 10,000-enterprise chain takes about 100 MB (models and document)
# Packages of more records are not kept as models (at 100,000 firms and 951,400 supplies the
# models take 693 MB beside the document's 461 MB, to save an edit about 8 s of validation),
# and their documents' supplies may be packed (see the module's note).
PACKAGE_KEPT_RECORDS = 250_000


@dataclass(frozen=True)
class _Kept:
    """A package document as kept in memory: whole, or without its supplies, which are packed."""

    document: Document
    packed: bytes | None = None
    """The supplies as compressed JSON; None when `document` is whole."""

    @property
    def worth_packing(self) -> bool:
        """Whole, and over PACKAGE_KEPT_RECORDS records."""
        if self.packed is not None:
            return False
        records = len(self.document.get("enterprises") or [])
        return records + len(self.document.get("supplies") or []) > PACKAGE_KEPT_RECORDS

    def packed_form(self) -> _Kept:
        """The same document with its supplies packed."""
        supplies = self.document.get("supplies") or []
        rest = {k: ([] if k == "supplies" else v) for k, v in self.document.items()}
        return _Kept(rest, zlib.compress(orjson.dumps(supplies), 1))

    def whole(self) -> Document:
        if self.packed is None:
            return self.document
        supplies = orjson.loads(zlib.decompress(self.packed))
        return {k: (supplies if k == "supplies" else v) for k, v in self.document.items()}


@dataclass(frozen=True)
class Baseline:
    """The latest version of a chain: what the next version is numbered and diffed against."""

    chain: str
    version: str
    seq: int
    created_at: str
    kept: _Kept | None
    """Its package document as kept; None when it was stored without one."""
    depth: int = 0
    """How many patches lie between it and the last full snapshot (graph.package.patches)."""

    @cached_property
    def document(self) -> Document | None:
        """Its package document (from the snapshot), whole; None when it was stored without
        one. A big chain's is unpacked on the first ask (see the module's note)."""
        return self.kept.whole() if self.kept is not None else None

    @cached_property
    def without_supplies(self) -> Document | None:
        """Its package document without the supplies, for readers that never look at them."""
        if self.kept is None:
            return None
        return {k: v for k, v in self.kept.document.items() if k != "supplies"}


@dataclass
class _Entry:
    version: str
    created_at: str
    kept: _Kept
    package: ChainPackage | None


_CACHE: weakref.WeakKeyDictionary[Any, OrderedDict[str, _Entry]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _entry(store: GraphStore, chain: str, version: str, created_at: str) -> _Entry | None:
    with _LOCK:
        entries = _CACHE.get(store)
        entry = entries.get(chain) if entries is not None else None
        if entry is None or (entry.version, entry.created_at) != (version, created_at):
            return None
        entries.move_to_end(chain)  # type: ignore[union-attr]
        return entry


def latest_baseline(store: GraphStore, chain: str) -> Baseline | None:
    """The chain's latest version with its document; None when the chain has no version."""
    rows = store.read("version/latest", {"chain": chain})
    if not rows:
        return None
    row = rows[0]
    version, created_at = str(row["id"]), str(row["created_at"])
    entry = _entry(store, chain, version, created_at)
    if entry is not None:
        kept: _Kept | None = entry.kept
    else:
        document = read_document(store, chain, version)
        kept = None if document is None else remember(store, chain, version, created_at, document)
    return Baseline(chain, version, int(row["seq"]), created_at, kept, int(row["depth"]))


def take_package(store: GraphStore, baseline: Baseline) -> ChainPackage | None:
    """The baseline's package, for the caller alone to change: the cached one when there is
    one (it leaves the cache), else validated from the document; None without a document."""
    entry = _entry(store, baseline.chain, baseline.version, baseline.created_at)
    if entry is not None and entry.package is not None:
        with _LOCK:
            package, entry.package = entry.package, None
        return package
    document = baseline.document
    if document is None:
        return None
    return ChainPackage.model_validate(document)


def remember(
    store: GraphStore,
    chain: str,
    version: str,
    created_at: str,
    document: Document,
    package: ChainPackage | None = None,
) -> _Kept:
    """Keep the document (and the package, which the caller hands over, unless it is over
    PACKAGE_KEPT_RECORDS records) of a chain's latest version for the next write; the document
    as kept is returned."""
    if package is not None and len(package.enterprises) + len(package.supplies) > (
        PACKAGE_KEPT_RECORDS
    ):
        package = None
    kept = _Kept(document)
    with _LOCK:
        entries = _CACHE.setdefault(store, OrderedDict())
        entries[chain] = _Entry(version, created_at, kept, package)
        entries.move_to_end(chain)
        while len(entries) > CHAINS_KEPT:
            entries.popitem(last=False)
    return kept


def pack(store: GraphStore, chain: str, version: str) -> None:
    """Pack the supplies of the kept document of `version` of the chain, if it is big and
    still kept (see the module's note). Baselines handed out before keep what they hold."""
    with _LOCK:
        entries = _CACHE.get(store)
        entry = entries.get(chain) if entries is not None else None
    if entry is None or entry.version != version or not entry.kept.worth_packing:
        return
    packed = entry.kept.packed_form()
    with _LOCK:
        entry.kept = packed


def forget(store: GraphStore, chain: str) -> None:
    """Drop what is kept for a chain (after a failed write, for instance)."""
    with _LOCK:
        entries = _CACHE.get(store)
        if entries is not None:
            entries.pop(chain, None)
