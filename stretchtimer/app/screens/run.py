"""Run: guides a person through a routine, hold by hold, with sound.

Time comes from the session engine's absolute deadlines on the app's clock; the screen sets a
single timer for the engine's next wake-up (a cue, a phase boundary or the next second shown),
so it redraws only when the display changes and never counts ticks.

The screen is laid out in three blocks: what to do now, the clock (countdown and progress),
and the instructions with what comes next. Every second only the clock changes, and Textual
renders again only the widgets whose container a change falls in: the clock, not the
widgets inside the other two blocks.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from stretchtimer.adapters.audio import CuePlayer
from stretchtimer.app.app import stretch_app
from stretchtimer.app.messages import SessionEnded as SessionOver
from stretchtimer.app.screens.sized import SizedScreen
from stretchtimer.app.widgets.footer import Footer
from stretchtimer.app.widgets.run_view import (
    Instructions,
    NextUp,
    PhaseBanner,
    PhaseDetail,
    SessionClock,
)
from stretchtimer.core.cues import CUE_MOMENT_PASSED, Cue
from stretchtimer.core.engine import (
    CueDue,
    EngineState,
    Event,
    PhaseStarted,
    SessionEnded,
    SessionEngine,
    SessionSummary,
    Slept,
)
from stretchtimer.core.history import Ending
from stretchtimer.core.model import Routine
from stretchtimer.core.session_view import PhaseView, TimingView, phase_view, timing_view
from stretchtimer.core.timeline import PhaseKind, compile_timeline

if TYPE_CHECKING:
    from stretchtimer.adapters.speech import Speaker
    from stretchtimer.adapters.store_sqlite import BackgroundJournal
    from stretchtimer.core.clock import Clock
    from stretchtimer.core.settings import Settings

log = logging.getLogger(__name__)


class RunScreen(SizedScreen[None]):
    """The session: what to do now, a big countdown, and what comes next."""

    # Its own rules, parsed when first shown (stretchtimer.tcss's header says why).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #now, #body { padding: 0 1; }
    #now { height: auto; }
    #body { height: 1fr; }
    #routine-name { color: $text-muted; text-align: center; width: 100%; }
    /* The banner paints its band itself, in its phase's colours (component classes): no
       restyle at a phase change. */
    #banner { width: 100%; height: 3; text-align: center; }
    #banner > .phase-banner--prepare, #banner > .phase-banner--transition {
        background: $primary-muted; color: $text; text-style: bold;
    }
    #banner > .phase-banner--hold { background: $success-muted; color: $text; text-style: bold; }
    #banner > .phase-banner--rest, #banner > .phase-banner--switch {
        background: $warning-muted; color: $text; text-style: bold;
    }
    #banner > .phase-banner--paused { background: $panel; color: $text-muted; text-style: bold; }
    #detail { text-align: center; width: 100%; color: $text-muted; }
    #clock { height: 5; padding: 0 1; margin: 1 0; text-style: bold; color: $text; }
    #clock.-paused { color: $text-muted; }
    /* The bar: done, to do. */
    #clock > .session-clock--bar { color: $primary; background: $foreground 20%; }
    #instructions { height: 1fr; padding: 0 2; }
    #instructions > .instructions--caution { color: $text-warning; }
    #instructions > .instructions--more { color: $text-muted; text-style: italic; }
    #next { color: $text-muted; width: 100%; }

    RunScreen.-short #routine-name, RunScreen.-short #instructions { display: none; }
    RunScreen.-short #clock { margin: 0; }
    RunScreen.-short #banner { height: 1; }
    RunScreen.-narrow #banner { text-align: left; }
    """

    BINDINGS = [
        # The safety keys come first, "this hurts" then Stop, so that the footer shows them
        # however narrow the terminal (it cuts the keys that do not fit at its right: at 40
        # columns Stop was cut). Space and m each have two labels; the footer shows the one
        # that applies (see check_action), which also keeps every key within 80 columns.
        Binding("h", "hurts", "This hurts"),
        Binding("q,escape", "stop", "Stop", key_display="q"),
        Binding("space", "pause", "Pause", key_display="space"),
        Binding("space", "resume", "Resume", key_display="space"),
        Binding("n,right", "skip", "Skip", key_display="n/→"),
        Binding("p,left", "back", "Back", key_display="p/←"),
        Binding("e", "easier", "Easier today", show=False),  # in the palette: the footer is full
        Binding("m", "mute", "Mute"),
        Binding("m", "unmute", "Unmute"),
        # Shown on the instructions' own hint line ("▼ more (pgdn)") when they do not fit.
        Binding("pagedown", "page(1)", "More instructions", key_display="pgdn", show=False),
        Binding("pageup", "page(-1)", "Instructions back", key_display="pgup", show=False),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    phase: reactive[PhaseView] = reactive(PhaseView, repaint=False)
    timing: reactive[TimingView] = reactive(TimingView, repaint=False)

    def __init__(
        self,
        routine: Routine,
        *,
        settings: Settings,
        clock: Clock,
        journal: BackgroundJournal,
        before: int | None = None,
    ) -> None:
        """``journal`` writes the session as it goes, off the loop; ``before`` is the pain
        score given before it (None: none)."""
        super().__init__()
        self.before = before
        self.timeline = compile_timeline(routine, countdown=settings.countdown_seconds)
        self.clock = clock
        self.engine = SessionEngine(self.timeline, self.clock)
        self.journal = journal
        self._wake: asyncio.TimerHandle | None = None
        self._player: CuePlayer | None = None
        self._speaker: Speaker | None = None
        # m mutes this session only: a lasting choice is the settings' (a muted session that
        # stayed muted tomorrow morning would let holds end unheard).
        self.muted = settings.muted

    def compose(self) -> ComposeResult:
        with Vertical(id="now"):
            name = self.timeline.routine.name
            name += " (easier today)" if self.timeline.routine.easier else ""
            yield Static(name, id="routine-name", markup=False)
            yield PhaseBanner(id="banner").data_bind(RunScreen.phase)
            yield PhaseDetail(id="detail").data_bind(RunScreen.phase)
        yield SessionClock(id="clock").data_bind(RunScreen.timing)
        with Vertical(id="body"):
            yield Instructions(id="instructions").data_bind(RunScreen.phase)
            yield NextUp(id="next").data_bind(RunScreen.phase)
        yield Footer()

    def on_mount(self) -> None:
        self.journal.start(self.timeline)
        if self.before is not None:
            self.journal.check_in(self.before, "before")
        self.handle(self.engine.start())
        # Once drawn: the player's thread then finds the backend and makes the sounds well
        # before the first cue.
        self.call_after_refresh(lambda: self.player)

    def on_unmount(self) -> None:
        if self.live:  # the app is ending some other way (an error): keep what was done
            try:
                self.interrupt("exit")
            except OSError as error:
                log.error("could not save the history: %s", error)
        self._cancel_timer()
        if self._player is not None:
            self._player.close()
        if self._speaker is not None:
            self._speaker.close()

    # -- time -----------------------------------------------------------------------------------

    def tick(self) -> None:
        """Catch up with the clock: handle every event that is due, then redraw."""
        events = self.engine.poll()
        if events:
            self.handle(events)
        else:  # the next second of the same phase: only the clock changes
            self.timing = timing_view(self.engine)
            self._schedule()

    def handle(self, events: list[Event]) -> None:
        """React to engine events, refresh the view and wait for the next wake-up.

        The cues (and spoken words) start once the frame showing their moment is out, 2 to 4
        ms after it: started before, the player's thread took the GIL in the middle of the
        redraw (simpleaudio opens the device holding it), and the two added up.
        """
        now = self.clock.now()
        self.journal.events(events)  # queued: each phase that ended, one write each
        sounds: list[Callable[[], None]] = []
        for event in events:
            if isinstance(event, CueDue) and now - event.at <= CUE_MOMENT_PASSED:
                sounds.append(partial(self.sound, event.cue))
            elif isinstance(event, PhaseStarted):
                sounds.append(partial(self.speak_phase, event))
            elif isinstance(event, Slept):
                self.slept(event)
            elif isinstance(event, SessionEnded):
                self._start(sounds)  # the last cue: the summary is drawn next, not this
                self.finish()
                return
        self.phase = phase_view(self.engine)  # an equal view changes nothing
        self.timing = timing_view(self.engine)
        self._schedule()
        if sounds:
            self.app.call_after_refresh(self._start, sounds)

    def _start(self, sounds: list[Callable[[], None]]) -> None:
        for start in sounds:
            start()

    def _schedule(self) -> None:
        """Wake at the engine's next deadline: a cue, a phase end or the next second shown.

        With asyncio's ``call_later``, which runs the tick in this screen's context (as a
        Textual timer does); not with Textual's ``set_timer``, whose one-shot timer fires half
        a millisecond early (so the tick found nothing due and scheduled again, and again)
        and, when the time left was nothing, fell to a division by zero and never fired: the
        session stalled for good.
        """
        self._cancel_timer()
        wake = self.engine.next_wakeup()
        if wake is not None:
            delay = max(0.0, wake - self.clock.now())
            self._wake = asyncio.get_running_loop().call_later(delay, self._wake_up)

    def _wake_up(self) -> None:
        """The deadline came: tick. An error is handed to Textual, as one raised in a handler
        is (the app ends with it, the session kept as interrupted): asyncio's loop would log
        it where no one sees it and go on, and the session would stop for good."""
        try:
            self.tick()
        except Exception as error:
            self.call_next(_raise, error)

    def _cancel_timer(self) -> None:
        if self._wake is not None:
            self._wake.cancel()
            self._wake = None

    # -- sound ----------------------------------------------------------------------------------

    @property
    def player(self) -> CuePlayer:
        """The cue player, made once the screen is first drawn."""
        if self._player is None:
            settings = stretch_app(self).settings
            self._player = stretch_app(self).services.player_factory(
                volume=settings.volume,
                muted=self.muted,
                bell=stretch_app(self).bell_from_any_thread,
                on_notice=stretch_app(self).notify_from_any_thread,
            )
        return self._player

    def sound(self, cue: Cue) -> None:
        """Play a cue (never blocks) and, with spoken cues on, say the last seconds."""
        self.player.play(cue)
        if cue is Cue.COUNTDOWN:
            self.say(f"{int(self.engine.remaining() + 0.5)}")
        elif cue is Cue.SWITCH:
            self.say("Switch sides")

    def speak_phase(self, event: PhaseStarted) -> None:
        """Say the exercise's name when one begins (spoken cues only)."""
        if event.phase.kind is PhaseKind.PREPARE:
            self.say(event.phase.exercise.name)

    def say(self, text: str) -> None:
        """Speak ``text`` when spoken cues are on and not muted."""
        settings = stretch_app(self).settings
        if not settings.spoken_cues or self.muted:
            return
        if self._speaker is None:
            self._speaker = stretch_app(self).services.speaker_factory()
        if self._speaker.available:
            self._speaker.say(text)

    # -- keys -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Pause or Resume, Mute or Unmute, whichever applies now."""
        paused = self.engine.state is EngineState.PAUSED
        muted = self.muted
        offered = {
            "pause": not paused,
            "resume": paused,
            "mute": not muted,
            "unmute": muted,
            "easier": not self.timeline.routine.easier,
        }
        return offered.get(action, True)

    def action_pause(self) -> None:
        """Pause: the clock stops until resumed (nothing happens unless it is running)."""
        self.engine.pause()
        self._paused_or_resumed(self.engine.poll())

    def action_resume(self) -> None:
        """Resume where the pause left off (nothing happens unless it is paused)."""
        self._paused_or_resumed(self.engine.resume())

    def slept(self, event: Slept) -> None:
        """The machine slept in the session, which paused then: say so, and wait for the
        person (space resumes)."""
        log.info("the machine slept %.0f s: the session paused", event.seconds)
        self.refresh_bindings()
        self.notify(
            "Paused while the computer slept. Press space to go on.", title="Paused", timeout=60
        )

    def _paused_or_resumed(self, events: list[Event]) -> None:
        self.handle(events)
        self.refresh_bindings()

    def action_skip(self) -> None:
        """Skip to the next phase."""
        self.handle(self.engine.skip())

    def action_back(self) -> None:
        """Back to the start of this phase, or to the previous one."""
        self.handle(self.engine.back())

    def action_easier(self) -> None:
        """Easier today: the rest of the session runs the routine's easier version (this
        step again, with its easier variant)."""
        from stretchtimer.core.routine_doc import easier_routine  # PyYAML: not at start-up

        routine = self.timeline.routine
        if routine.easier or not self.live:
            return
        settings = stretch_app(self).settings
        easier = compile_timeline(easier_routine(routine), countdown=settings.countdown_seconds)
        self.timeline = easier
        events = self.engine.switch_to(easier)
        self.query_one("#routine-name", Static).update(f"{routine.name} (easier today)")
        self.refresh_bindings()
        self.handle(events)
        # Said where every size shows it: a small terminal hides the routine's name.
        self.notify("Easier today: the easier version from this step on", timeout=4)

    def action_page(self, pages: int) -> None:
        """Page through the instructions (when they do not all fit)."""
        self.query_one(Instructions).scroll_page(pages)

    def action_mute(self) -> None:
        """Silence the cues for this session (the settings keep a lasting choice)."""
        self._set_muted(True)

    def action_unmute(self) -> None:
        """Sound the cues again, for this session."""
        self._set_muted(False)

    def _set_muted(self, muted: bool) -> None:
        self.muted = muted
        if self._player is not None:
            self._player.muted = muted
        self.refresh_bindings()
        self.notify(f"Sound {'off' if muted else 'on'} for this session", timeout=3)

    def action_stop(self) -> None:
        """Ask, then stop the session."""
        self.ask_to_stop("Stop this session?", lambda: self.handle(self.engine.stop()))

    def ask_to_quit(self) -> None:
        """Ask as Stop does; yes ends the app, the session recorded as interrupted."""
        self.ask_to_stop("Stop this session and quit?", lambda: stretch_app(self).end("quit"))

    def ask_to_stop(self, question: str, stop: Callable[[], None]) -> None:
        """Pause while ``question`` is asked: yes calls ``stop``, no resumes (if it ran)."""
        from stretchtimer.app.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                stop()
            elif was_running:
                self.handle(self.engine.resume())

        was_running = self.engine.state is EngineState.RUNNING
        if was_running:
            self.engine.pause()
            self.handle([])
        self.app.push_screen(ConfirmScreen(question), answered)

    def action_hurts(self) -> None:
        """Stop at once; the app asks what it is (``SessionEnded``, hurt)."""
        phase = self.engine.phase
        self.handle_stop(self.engine.stop())
        exercise = phase.exercise.name if phase else None
        self.ended(Ending.HURT, exercise)

    # -- the end --------------------------------------------------------------------------------

    def finish(self) -> None:
        """Record the session; the app shows its summary (``SessionEnded``)."""
        self._cancel_timer()
        self.ended()

    def ended(self, ended: Ending | None = None, detail: str | None = None) -> None:
        """Record how the session ended and tell the app (which shows what follows)."""
        summary = self.record(ended, detail)
        how = ended or (Ending.COMPLETED if summary.completed else Ending.STOPPED)
        self.app.post_message(
            SessionOver(summary, how, detail, before=self.before, journal=self.journal)
        )

    @property
    def live(self) -> bool:
        """Whether the session is still going (running or paused)."""
        return self.engine.state in (EngineState.RUNNING, EngineState.PAUSED)

    def interrupt(self, how: str) -> None:
        """End the session now and record it as interrupted by ``how`` (a signal's name, or
        ``quit``), at once: the app exits next. Raises ``OSError`` if it cannot be saved."""
        self.handle_stop(self.engine.stop())
        self.journal.end(self.engine.summary(), Ending.INTERRUPTED, how)
        error = self.journal.finish()  # the app exits next: the writes must be done
        if error is not None:
            raise error

    def handle_stop(self, events: list[Event]) -> None:
        """The engine stopped: no more wake-ups; the phase it left is written as skipped."""
        self._cancel_timer()
        self.journal.events(events)

    def record(self, ended: Ending | None = None, detail: str | None = None) -> SessionSummary:
        """Record how the session ended (queued on the history's thread); return its summary.

        ``ended`` defaults to completed or stopped, by the summary.
        """
        summary = self.engine.summary()
        if ended is None:
            ended = Ending.COMPLETED if summary.completed else Ending.STOPPED
        self.journal.end(summary, ended, detail)
        stretch_app(self).say_if_unsaved(self.journal.outcome())
        return summary


def _raise(error: Exception) -> None:
    """Raise ``error`` again (in a callback of Textual's, which ends the app with it)."""
    raise error
