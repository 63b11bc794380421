"""The sitting's state (app/state.py): the gate made once and asked, not copied; the session
running only while it is live."""

from __future__ import annotations

from stretchtimer.app.state import SittingState


class Gate:
    emergency = False


class Session:
    live = True

    def interrupt(self, how: str) -> None: ...

    def ask_to_quit(self) -> None: ...


def test_the_gate_is_made_once_when_first_needed_and_its_emergency_is_the_gate_s() -> None:
    made: list[Gate] = []

    def make() -> Gate:
        made.append(Gate())
        return made[-1]

    state = SittingState(make)  # type: ignore[arg-type]
    assert not state.emergency and made == []  # no screening yet: no gate, no emergency
    assert state.gate is state.gate and len(made) == 1
    made[0].emergency = True
    assert state.emergency  # asked of the gate, never a copy


def test_the_session_running_is_the_live_one_until_it_ends() -> None:
    state = SittingState(Gate)  # type: ignore[arg-type]
    assert state.session is None
    session = Session()
    state.session_started(session)
    assert state.session is session
    session.live = False  # stopped: no longer running though not yet reported
    assert state.session is None
    session.live = True
    state.session_ended()
    assert state.session is None


def test_a_session_is_on_its_way_from_pending_until_it_has_ended() -> None:
    """Pending (its screening or check-in open), then made (its run screen, perhaps not yet
    started): no other session may begin until it has ended."""
    state = SittingState(Gate)  # type: ignore[arg-type]
    assert not state.session_on_its_way
    state.pending = object()  # type: ignore[assignment]
    assert state.session_on_its_way
    state.session_started(Session())
    assert state.pending is None and state.session_on_its_way
    state.session_ended()
    assert not state.session_on_its_way
