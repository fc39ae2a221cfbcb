"""Where transcription runs: at once on the caller's thread, or on a worker thread.

A live session must keep taking frames while Whisper works on a finished piece, or the sound card's
queue fills up; a test wants the same work done at once, in order, so its results never depend on
timing. Both runners return a `Future`; the Listener only ever asks whether it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol, TypeVar

T = TypeVar("T")


class Runner(Protocol):
    def submit(self, fn: Callable[..., T], /, *args: object) -> Future[T]: ...

    def close(self) -> None: ...


class InlineRunner:
    """Runs each job immediately: deterministic, for tests and offline analysis."""

    def submit(self, fn: Callable[..., T], /, *args: object) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args))
        except Exception as e:
            future.set_exception(e)
        return future

    def close(self) -> None:
        return None


class ThreadRunner:
    """Runs jobs one at a time, in order, on a single worker thread (Whisper already uses every core
    it is given, so more workers would only compete)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="transcriber")

    def submit(self, fn: Callable[..., T], /, *args: object) -> Future[T]:
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
