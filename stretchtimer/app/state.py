"""The sitting's state, in one place: the gate (and through it an emergency in this sitting),
the session on its way or running, and whether a reminder alert waits for the screen to be
free.

The app owns one :class:`SittingState`; screens never write it: they post messages
(``app/messages.py``) and the app's handlers change it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from stretchtimer.core.gate import SessionGate
    from stretchtimer.core.model import Routine


class LiveSession(Protocol):
    """What the app needs of a running session (the run screen)."""

    @property
    def live(self) -> bool:
        """Whether the session is still going (running or paused)."""
        ...

    @property
    def is_over(self) -> bool:
        """Whether the session has ended (not before it starts)."""
        ...

    def interrupt(self, how: str) -> None:
        """End it now, recorded as interrupted by ``how``."""
        ...

    def ask_to_quit(self) -> None:
        """Ask, then end it and the app."""
        ...


class SittingState:
    """One sitting's state (one run of the app). ``make_gate`` builds the session gate when
    it is first needed (the home screen needs none)."""

    def __init__(self, make_gate: Callable[[], SessionGate]) -> None:
        self._make_gate = make_gate
        self._gate: SessionGate | None = None
        self._session: LiveSession | None = None
        self.alert_waiting = False  # a reminder alert waits for the session or dialog to close
        self.waiting: Routine | None = None  # the routine to start once the screening passes
        self.starting: Routine | None = None  # past the screening: its check-in, then its run
        self.walk_for: list[str] = []  # the reminders whose walk starts after the screening

    @property
    def gate(self) -> SessionGate:
        """The sitting's session gate."""
        if self._gate is None:
            self._gate = self._make_gate()
        return self._gate

    @property
    def emergency(self) -> bool:
        """Whether an emergency was answered in this sitting (the gate knows; no gate yet,
        no screening yet: none)."""
        return self._gate is not None and self._gate.emergency

    def session_started(self, session: LiveSession) -> None:
        """A session began."""
        self._session = session
        self.starting = None

    @property
    def session_on_its_way(self) -> bool:
        """Whether a session waits for its screening or its check-in, or runs: another may
        not begin (a key typed ahead can reach home while one screen gives way to the next)."""
        session = self._session  # made, perhaps not yet started: on its way too
        return (
            self.waiting is not None
            or self.starting is not None
            or (session is not None and not session.is_over)
        )

    def session_ended(self) -> None:
        """The session ended (completed, stopped, hurt or interrupted)."""
        self._session = None

    @property
    def session(self) -> LiveSession | None:
        """The session still going (running or paused), if any."""
        session = self._session
        return session if session is not None and session.live else None
