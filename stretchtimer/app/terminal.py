"""The app's terminal driver: Textual's own, through its public API, with two changes.

- It hands itself to the app when made, so the app can write the terminal's notification
  escape between frames: the driver's public ``write`` queues it on the same writer as the
  frames, so it never lands inside one.
- It resumes only what it suspended. Textual's driver resumes at every ``SIGCONT``, even one
  that follows no stop; the kernel sends one with the ``SIGHUP`` of a terminal that closes.
  A second writer and a second key reader were started on the dead terminal, the writer
  died at its first write, and the shutdown's writes filled its queue and waited for ever:
  the process outlived its terminal (docs/architecture.md, "Faults").
  A stop (``SIGTSTP``) and ``fg``, and an editor run from the app, suspend and resume as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.driver import Driver


def handing_over(base: type[Driver], made: Callable[[Driver], None]) -> type[Driver]:
    """``base`` (the driver Textual would use) calling ``made`` with each one made, and
    resuming only after it was suspended."""

    class HandedOver(base):  # type: ignore[valid-type,misc]
        def __init__(self, app: Any, **options: Any) -> None:
            self.suspended = False
            super().__init__(app, **options)
            made(self)

        def suspend_application_mode(self) -> None:
            super().suspend_application_mode()
            self.suspended = True

        def resume_application_mode(self) -> None:
            if not self.suspended:  # a SIGCONT after no stop: nothing to resume
                return
            self.suspended = False
            super().resume_application_mode()

    HandedOver.__name__ = HandedOver.__qualname__ = base.__name__
    return HandedOver
