"""The collector pause: the previous state comes back, and a freezing block leaves what it made
out of the next collections."""

import gc
from collections.abc import Iterator

import pytest

from graph.collector import collection_paused


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_a_block_pauses_and_resumes_even_on_error() -> None:
    with pytest.raises(ValueError), collection_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_nested_block_leaves_resuming_to_the_outer_one() -> None:
    with collection_paused(freeze_after=True):
        with collection_paused(freeze_after=True):
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_a_freezing_block_made_is_frozen_and_still_freed_by_reference_counting() -> None:
    gc.unfreeze()
    with collection_paused(freeze_after=True):
        made = [[i] for i in range(10_000)]  # lists are always tracked
    assert gc.isenabled() and gc.get_freeze_count() >= len(made)
    assert not _collectable(made[0])
    before = gc.get_freeze_count()
    del made
    assert gc.get_freeze_count() <= before - 10_000


def test_a_block_that_does_not_freeze_leaves_its_objects_young() -> None:
    gc.unfreeze()
    with collection_paused():
        made = [[i] for i in range(10_000)]  # lists are always tracked
    assert gc.get_freeze_count() == 0 and _collectable(made[0])


def _collectable(thing: object) -> bool:
    """Whether the collector's generations (not the frozen objects) hold `thing`."""
    return any(o is thing for o in gc.get_objects())
