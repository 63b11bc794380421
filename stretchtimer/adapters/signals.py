"""The signals that end the process: SIGTERM, SIGHUP and SIGINT (Ctrl+C).

Both front ends end a running session on them, record it as interrupted with the signal's
name, and exit with 128 plus the signal's number, the status a shell gives a process a signal
ended (130 for Ctrl+C, 143 for SIGTERM, 129 for SIGHUP). The full-screen app takes them in its
event loop (:func:`handle_in_loop`), so that Textual's own shutdown restores the terminal; the
plain mode has them raised as :class:`Interrupted` where it is (:func:`raising_interrupted`),
as Ctrl+C raises ``KeyboardInterrupt``. A signal that was ignored when the process started
(``nohup``) stays ignored.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio

ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)
SIGPIPE_STATUS = 128 + 13  # SIGPIPE is 13 wherever it exists


class Interrupted(KeyboardInterrupt):
    """The process was asked to end: ``how`` names the signal, ``exit_status`` is 128 + it."""

    def __init__(self, how: str = "SIGINT", exit_status: int = 128 + signal.SIGINT) -> None:
        super().__init__(how)
        self.how = how
        self.exit_status = exit_status

    @classmethod
    def by_signal(cls, signum: int) -> Interrupted:
        return cls(signal.Signals(signum).name, 128 + signum)

    @classmethod
    def of(cls, error: BaseException) -> Interrupted:
        """``error`` as an interruption: Ctrl+C is SIGINT, a closed output pipe SIGPIPE."""
        if isinstance(error, Interrupted):
            return error
        if isinstance(error, BrokenPipeError):
            return cls("SIGPIPE", SIGPIPE_STATUS)
        return cls()

    def describe(self) -> str:
        """How a person would name it: ``Ctrl+C``, or the signal's name."""
        return "Ctrl+C" if self.how == "SIGINT" else self.how


def _handled() -> list[int]:
    """The ending signals this process may take (not those it was started ignoring)."""
    return [s for s in ENDING_SIGNALS if signal.getsignal(s) is not signal.SIG_IGN]


def handle_in_loop(
    loop: asyncio.AbstractEventLoop, callback: Callable[[Interrupted], object]
) -> Callable[[], None]:
    """Call ``callback`` in ``loop`` when an ending signal arrives; returns what undoes it.

    Where the loop cannot take signals (not the main thread, Windows), nothing changes.
    """
    installed = []
    for signum in _handled():
        try:
            loop.add_signal_handler(signum, callback, Interrupted.by_signal(signum))
        except (NotImplementedError, RuntimeError, ValueError):
            continue
        installed.append(signum)

    def undo() -> None:
        for signum in installed:
            loop.remove_signal_handler(signum)

    return undo


@contextmanager
def raising_interrupted() -> Iterator[None]:
    """Within: an ending signal raises :class:`Interrupted` in the main thread.

    The handlers that were there before come back afterwards. Outside the main thread
    nothing changes.
    """

    def raise_interrupted(signum: int, frame: FrameType | None) -> None:
        raise Interrupted.by_signal(signum)

    previous = {}
    try:
        for signum in _handled():
            previous[signum] = signal.signal(signum, raise_interrupted)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
