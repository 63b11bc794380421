"""One thread that writes snapshots of a state the event loop changes (the reminders' state
file): the caller never waits for the disk, the writes happen in the order they were asked
for, and only the newest snapshot matters."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


class LatestWriter(Generic[T]):
    """``write(snapshot)`` on a thread of its own, one at a time, in order.

    A snapshot put while an older one still waits for its turn takes that one's place (the
    older is never written: the newer says everything it said). :meth:`put` returns at once
    with the write's outcome: the ``OSError`` it met, or None once written. ``write`` must
    be given frozen values (a copy), since it runs on another thread.
    """

    def __init__(self, write: Callable[[T], None], name: str = "writer") -> None:
        self._write = write
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._lock = threading.Lock()
        self._waiting: tuple[T, Future[OSError | None]] | None = None  # put, not yet started

    def put(self, snapshot: T) -> Future[OSError | None]:
        """Queue ``snapshot`` (in place of one still waiting); its outcome, without waiting."""
        with self._lock:
            if self._waiting is not None:
                self._waiting = (snapshot, self._waiting[1])
                return self._waiting[1]
            outcome: Future[OSError | None] = Future()
            self._waiting = (snapshot, outcome)
        self._executor.submit(self._run)
        return outcome

    def _run(self) -> None:
        with self._lock:
            assert self._waiting is not None
            (snapshot, outcome), self._waiting = self._waiting, None
        try:
            self._write(snapshot)
        except OSError as error:
            outcome.set_result(error)
        except BaseException as error:  # a bug: the caller's worker reports it
            outcome.set_exception(error)
        else:
            outcome.set_result(None)

    def close(self, timeout: float = 5.0) -> bool:
        """Wait (``timeout`` seconds at most) for the writes put so far, then end the thread;
        whether they all ran."""
        try:
            self._executor.submit(lambda: None).result(timeout)
        except TimeoutError:
            return False
        finally:
            self._executor.shutdown(wait=False)
        return True
