"""paused_gc: the collector is off inside bulk work and back on after, however the work ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from orgroles._bulk import paused_gc


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_back_on_after_an_exception() -> None:
    states: list[bool] = []

    def fail() -> None:
        with paused_gc():
            states.append(gc.isenabled())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert states == [False]
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()


def test_blocks_in_two_threads_share_one_pause() -> None:
    inside = threading.Event()
    leave = threading.Event()
    seen: list[bool] = []

    def worker() -> None:
        with paused_gc():
            inside.set()
            leave.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=worker)
    with paused_gc():
        thread.start()
        assert inside.wait(5)
    # This thread's block ended first; the worker's is still running: the pause holds.
    assert not gc.isenabled()
    leave.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()
