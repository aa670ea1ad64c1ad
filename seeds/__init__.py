"""Chain packages shipped with the service, and the synthetic chain generator."""

from __future__ import annotations

from importlib import resources

from graph.package.formats import parse_json_package
from graph.package.models import ChainPackage

__all__ = ["load_seed", "SEEDS"]

SEEDS = {"linqing-bearing": "linqing_bearing.json"}


def load_seed(chain: str = "linqing-bearing") -> ChainPackage:
    """A shipped chain package, validated like any import."""
    return parse_json_package(resources.files(__package__).joinpath(SEEDS[chain]).read_bytes())
