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
        # The routine on its way: its screening, then its check-in, until its run screen is made.
        self.pending: Routine | None = None
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
        self.pending = None

    @property
    def session_on_its_way(self) -> bool:
        """Whether a session is pending (its screening or check-in open), or made and not yet
        ended: another may not begin (a key typed ahead can reach home while one screen gives
        way to the next)."""
        return self.pending is not None or self._session is not None

    def session_ended(self) -> None:
        """The session ended (completed, stopped, hurt or interrupted)."""
        self._session = None

    @property
    def session(self) -> LiveSession | None:
        """The session still going (running or paused), if any."""
        session = self._session
        return session if session is not None and session.live else None
