"""The Textual app: holds the services and settings, and gates every session behind screening."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from stretchtimer.adapters.signals import Interrupted, handle_in_loop
from stretchtimer.app.closed_screens import drop_lines_of_closed_screens
from stretchtimer.app.messages import (
    CatalogChanged,
    CheckInLeft,
    HurtAnswered,
    ReminderDue,
    ScreeningAnswered,
    SessionEnded,
)
from stretchtimer.app.reminders import AppReminders
from stretchtimer.app.state import LiveSession, SittingState
from stretchtimer.app.widgets.too_small import SizeGuard
from stretchtimer.compose import Root, build_root
from stretchtimer.core.catalog import Catalog
from stretchtimer.core.model import Routine
from stretchtimer.core.settings import Settings

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.driver import Driver

    from stretchtimer.adapters.audio import CuePlayer
    from stretchtimer.app.screens.reminder_alert import ReminderAlert
    from stretchtimer.core.gate import Admission, SessionGate
    from stretchtimer.core.reminders import Reminder
    from stretchtimer.core.screening import ScreeningRecord

log = logging.getLogger(__name__)


class StretchTimerApp(App[None]):
    """A stretch-and-movement companion for people with back pain."""

    TITLE = "stretchtimer"
    CSS_PATH = "stretchtimer.tcss"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        services: Root | None = None,
        *,
        routine: Routine | None = None,
        rescreen: bool = False,
        catalog: Catalog | None = None,
        when_drawn: Callable[[], None] | None = None,
        reminders: bool = True,
        remind: Callable[[list[Reminder]], list[Reminder]] | None = None,
    ) -> None:
        super().__init__()
        self.services = services or build_root()
        self.start_routine = routine
        self.rescreen = rescreen
        self.settings, self.settings_warnings = self.services.load_settings()
        self.state = SittingState(self._make_gate)
        self._catalog = catalog
        self._when_drawn = when_drawn  # once the first frame is out (stretchtimer.tuning)
        self._undo_signal_handlers: Callable[[], None] | None = None
        self.reminders = AppReminders(
            self,
            self.services,
            on_due=self._reminders_due,
            on_change=self._reminders_changed,
            on_unsaved=self.say_if_unsaved,
            adjust=remind,
            write_escape=self.write_escape,
        )
        self._run_reminders = reminders or remind is not None
        self._open_reminders = remind is not None  # ``stretchtimer remind``
        self._reminder_player: CuePlayer | None = None
        self._alert: ReminderAlert | None = None  # made once, shown again for each alert
        self._unsaved_said: set[tuple[str, str]] = set()  # what was not saved, why: said once
        self._terminal: Driver | None = None  # the real terminal's driver (not in tests)
        self.size_guard = SizeGuard(self)  # the "terminal too small" notice, on every screen
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # -- state ----------------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        """The routines, loaded once per sitting (``reload_catalog`` reads them again)."""
        if self._catalog is None:
            self._catalog = self.services.catalog()
        return self._catalog

    def reload_catalog(self) -> Catalog:
        """Read the routines from disk again."""
        self._catalog = None
        return self.catalog

    def on_catalog_changed(self, message: CatalogChanged) -> None:
        """Routine files changed: read them again, and show them on home."""
        from stretchtimer.app.screens.home import HomeScreen

        self.reload_catalog()
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.fill(message.select)

    def update_settings(self, **changes: Any) -> Settings:
        """Change settings and save them in a thread worker (disk never blocks the UI)."""
        if all(getattr(self.settings, name) == value for name, value in changes.items()):
            return self.settings
        self.settings = replace(self.settings, **changes)
        settings = self.settings
        self.run_worker(
            partial(self.services.save_settings, settings),
            thread=True,
            exit_on_error=False,
            group="settings",
            description="save the settings",
        )
        return settings

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported: a clear notice and a log line.

        Every worker is started with ``exit_on_error=False`` and a ``description`` saying
        what it does ("save the settings"); what it was doing is then not lost in silence.
        """
        if event.state is not WorkerState.ERROR:
            return
        worker = event.worker
        what = worker.description or worker.name or "finish a task"
        log.error("could not %s: %r", what, worker.error, exc_info=worker.error)
        self.notify(f"Could not {what}: {worker.error}", severity="error", markup=False)

    def warn(self, message: str) -> None:
        """A warning (the gate's store could not be read or written): a notice and a log line."""
        log.warning("%s", message)
        self.notify(message, severity="warning", markup=False)

    def notify_from_any_thread(self, message: str) -> None:
        """Show a notification; safe to call from the audio worker thread."""
        self._from_any_thread(self.notify, message)

    def bell_from_any_thread(self) -> None:
        """Ring the terminal bell; safe to call from the audio worker thread."""
        self._from_any_thread(self.bell)

    def _from_any_thread(self, callback: Callable[..., object], *args: object) -> None:
        if threading.get_ident() == self._thread_id:
            callback(*args)
            return
        with suppress(RuntimeError):  # the app is closing: nothing left to show
            self.call_from_thread(callback, *args)

    # -- lifecycle ------------------------------------------------------------------------------

    def get_key_display(self, binding: Binding) -> str:
        """How the footer shows a key: as Textual shows it, but a one-character key (``y``,
        ``^p``) is shown as itself without looking it up among the Unicode character names
        first (no character has a one-letter name, so Textual's lookup always fails and shows
        it as itself too). The failed lookup pages in 0.5 MB of the Unicode name tables:
        the run screen's footer needs nothing else from them (docs/performance.md)."""
        modifiers, key = binding.parse_key()
        if binding.key_display or len(key) != 1:
            return super().get_key_display(binding)
        if "ctrl" in modifiers:  # as Textual: ctrl+p is ^p
            modifiers.remove("ctrl")
            key = f"^{key}"
        return "+".join([*modifiers, key])

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform, which hands itself over when made: its public
        ``write`` puts the terminal's notification escape between two frames."""
        from stretchtimer.app.terminal import handing_over

        return handing_over(super().get_driver_class(), self._driver_made)

    def _driver_made(self, driver: Driver) -> None:
        self._terminal = driver

    def write_escape(self, text: str) -> None:
        """Write an escape to the terminal, between frames; safe from any thread. Nothing
        happens without a real terminal (tests, headless) or once the app has stopped."""
        driver = self._terminal
        if driver is None or self.is_headless:
            return
        self._from_any_thread(self._write_now, driver, text)

    def _write_now(self, driver: Driver, text: str) -> None:
        if self.is_running:
            driver.write(text)
            driver.flush()

    def get_default_screen(self) -> Screen:
        """The first screen: home, or for ``run ROUTINE`` an empty base its session is pushed
        over once the app has started (``_open_first_screen``; home is only built once
        something shows it: not under the run)."""
        if self.start_routine is None:
            from stretchtimer.app.screens.home import HomeScreen

            return HomeScreen()
        return Base()

    def on_mount(self) -> None:
        if self._when_drawn is not None:
            self.call_after_refresh(self._when_drawn)
        # The screen a command opens on (a routine's screening, the Reminders screen) is pushed
        # once Textual's start-up batch is over: pushed in it, its first frame could be drawn
        # while the batch still held repaints, and be dropped (the screen then showed only at
        # its next change, some 20 ms later; docs/performance.md, "a dropped first frame").
        self.call_later(self._open_first_screen)
        for warning in self.settings_warnings:
            self.notify(warning, severity="warning", timeout=8, markup=False)
        self._undo_signal_handlers = handle_in_loop(asyncio.get_running_loop(), self.interrupt)
        self.app_resume_signal.subscribe(self, self._redraw_after_stop)
        self.screen_change_signal.subscribe(self, self.size_guard.check)
        drop_lines_of_closed_screens(self)  # what Textual #6665 keeps of them: empty caches
        self.size_guard.check()
        self.call_after_refresh(self.run_worker, self.say_history_status, exit_on_error=False)
        if self._run_reminders:
            self.call_after_refresh(self.reminders.start)  # after the first frame
            self.screen_change_signal.subscribe(self, self._screen_changed)

    def _redraw_after_stop(self, app: App[Any]) -> None:
        """Stopped (``SIGTSTP``) and brought back (``fg``), the screen is drawn again whole:
        Textual redraws it after its own ``suspend()``, not after a stop, and the terminal
        showed the shell's screen until something changed."""
        self.refresh(layout=True)

    def _open_first_screen(self) -> None:
        """``run ROUTINE``: its session (the screening first); ``remind``: the Reminders screen."""
        if self.start_routine is not None:
            self.begin_session(self.start_routine)
        elif self._open_reminders:
            from stretchtimer.app.screens.reminders import RemindersScreen

            self.push_screen(RemindersScreen())

    def on_resize(self, event: events.Resize) -> None:
        """Below 40x12, the "terminal too small" notice instead of a clipped screen."""
        self.size_guard.check(size=event.size)  # called before the app's own size is set

    async def say_history_status(self) -> None:
        """Open the history store (on its own thread) and say once what the person must know:
        why history is not being saved, a damaged file moved aside, an import done."""
        opened = await asyncio.wrap_future(self.services.history_thread().opened)
        if opened.notice:
            self.notify(opened.notice, title="History", timeout=12, markup=False)
        if opened.problem:
            log.warning("history is not being saved: %s", opened.problem)
            message = f"Routines still run, but history is not being saved: {opened.problem}"
            self.notify(message, title="History", severity="warning", timeout=20, markup=False)

    def say_if_unsaved(self, outcome: Future[Any], what: str = "this session") -> None:
        """Once ``outcome`` (a session's writes, a reminder event's, the reminder state's) is
        known: if it failed (a full disk, the file locked or made read-only since the start),
        say so, once for each reason (the error without its file names: an atomic write's
        temporary file has a new name each time)."""

        async def wait() -> None:
            error = await asyncio.wrap_future(outcome)
            if not isinstance(error, OSError):
                return
            reason = (what, error.strerror or str(error))
            if reason in self._unsaved_said:
                return
            self._unsaved_said.add(reason)
            log.error("could not save %s: %s", what, error)
            message = f"Routines still run, but {what} was not saved: {error}"
            self.notify(message, title="History", severity="warning", timeout=20, markup=False)

        self.run_worker(wait(), exit_on_error=False, description="say whether history was saved")

    def on_unmount(self) -> None:
        self.reminders.stop()
        if self._reminder_player is not None:
            self._reminder_player.close()
        if self._undo_signal_handlers is not None:
            self._undo_signal_handlers()

    def interrupt(self, interruption: Interrupted) -> None:
        """A signal (SIGTERM, SIGHUP, SIGINT) ends the app: the session is recorded first."""
        self.end(interruption.how, return_code=interruption.exit_status)

    async def action_quit(self) -> None:
        """Quit (``ctrl+q`` and the palette's Quit): during a session, only after the
        question Stop asks, and then with the session recorded."""
        session = self.live_session()
        if session is None:
            self.exit()
        else:
            session.ask_to_quit()

    def end(self, how: str, *, return_code: int = 0) -> None:
        """Exit through Textual's shutdown (which restores the terminal), a running session
        first recorded as interrupted by ``how``."""
        session = self.live_session()
        message = None
        if session is not None:
            try:
                session.interrupt(how)
            except OSError as error:
                log.error("could not save the history: %s", error)
                message = Text(f"stretchtimer: warning: could not save the history: {error}")
        self.exit(return_code=return_code, message=message)

    def live_session(self) -> LiveSession | None:
        """The session still going (running or paused), if any."""
        return self.state.session

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.update_settings(theme=theme)

    # -- the gate -------------------------------------------------------------------------------

    @property
    def gate(self) -> SessionGate:
        """The sitting's session gate (made when first needed: the home screen needs none)."""
        return self.state.gate

    def _make_gate(self) -> SessionGate:
        from stretchtimer.core.gate import SessionGate

        return SessionGate(
            self.services.screening_text(),
            lambda: self.services.screening_store(self.settings.screening_reset_hour),
            self.services.now,
            self.warn,
            rescreen=self.rescreen,
            on_record=self._record_screening,
        )

    def _record_screening(self, record: ScreeningRecord) -> None:
        """Write a kept screening to the history store, on its own thread (never this one)."""
        from stretchtimer.core.screening import history_result

        result = history_result(record)
        self.services.history_thread().submit(lambda store: store.record_screening(result))

    def begin_session(self, routine: Routine) -> bool:
        """Start ``routine``, but only behind a passed red-flag screening, and never while
        another session is on its way or running (an Enter typed after the one that closed
        the screening or the check-in can reach home before the next screen is up). Whether
        it began (its screening or its check-in shown)."""
        from stretchtimer.core.gate import Admission

        if self.state.session_on_its_way:
            log.info("%s not started: a session is on its way or running", routine.id)
            return False
        self.state.pending = routine
        admission = self.gate.admit()
        if admission is Admission.START:
            self._check_in_then_run(routine)
        else:
            self.push_screen(self._screening_screen(admission))
        return True

    def screen_again(self, *, review: bool = False) -> None:
        """Ask the red-flag questions again now, without a session after them (``r``); with
        ``review``, the remembered ones too."""
        if self.state.session_on_its_way:  # a key typed ahead of the screen that shows it
            return
        self.gate.ask_again()
        screen = self._screening_screen(self.gate.admit(), start_label="Done", review=review)
        self.push_screen(screen)

    def on_screening_answered(self, message: ScreeningAnswered) -> None:
        """The screening closed: the session waiting for it starts if it passed (what the
        gate says: after an emergency in this sitting, only its advice was shown)."""
        routine = self.state.pending
        if message.passed and routine is not None:
            self._check_in_then_run(routine)
        else:
            self._not_started()

    def on_check_in_left(self, message: CheckInLeft) -> None:
        """The check-in was left with q: its session does not start."""
        self._not_started()

    def _not_started(self) -> None:
        """The session on its way does not start (its screening or its check-in left)."""
        self.state.pending = None
        if self.state.walk_for:
            # The walk an alert asked for did not start: the reminder is still due, and its
            # alert comes back when the screen is free (never counted as walked).
            self.state.walk_for = []
            self.state.alert_waiting = True
            self.call_later(self._alert_if_free)  # else at the next change of screen

    def _check_in_then_run(self, routine: Routine) -> None:
        """The pain check-in (with check-ins on), then the session."""
        if not self.settings.pain_check_ins:
            self._run(routine, None)
            return
        from stretchtimer.app.screens.pain import PainPrompt

        self.push_screen(PainPrompt(routine.name), partial(self._run, routine))

    def _run(self, routine: Routine, before: int | None) -> None:
        """The session begins; a walk a reminder's alert asked for counts as walked now."""
        asked, self.state.walk_for = self.state.walk_for, []
        if walked := self.reminders.still_waiting(asked):
            self.reminders.answer(walked, "walked")
        self.push_screen(self._run_screen(routine, before))

    def _screening_screen(
        self, admission: Admission, start_label: str = "Start", *, review: bool = False
    ) -> Screen:
        """The red-flag questions, or only the emergency advice after an emergency."""
        from stretchtimer.app.screens.screening import ScreeningScreen
        from stretchtimer.core.gate import Admission

        return ScreeningScreen(
            self.gate.screening(review=review),
            emergency=admission is Admission.EMERGENCY,
            start_label=start_label,
        )

    def _run_screen(self, routine: Routine, before: int | None = None) -> Screen:
        from stretchtimer.app.screens.run import RunScreen  # the engine, audio: only to run

        screen = RunScreen(
            routine,
            settings=self.settings,
            clock=self.services.clock,
            journal=self.services.session_journal(),
            before=before,
        )
        self.state.session_started(screen)
        return screen

    def on_session_ended(self, message: SessionEnded) -> None:
        """A session ended: its summary, or after "this hurts" the question what it is."""
        from stretchtimer.core.history import Ending

        self.state.session_ended()
        if message.ended is Ending.HURT:
            from stretchtimer.app.screens.hurt import HurtScreen
            from stretchtimer.core.pain import emergency_signs

            signs = emergency_signs(self.services.screening_text().questions)
            hurt = HurtScreen(
                signs, exercise=message.detail, before=message.before, journal=message.journal
            )
            self.switch_screen(hurt)
            return
        from stretchtimer.app.screens.summary import SummaryScreen

        summary = SummaryScreen(
            message.summary,
            check_in=self.settings.pain_check_ins,
            before=message.before,
            journal=message.journal,
        )
        self.switch_screen(summary)

    def on_hurt_answered(self, message: HurtAnswered) -> None:
        """New leg symptoms: the next session asks the questions again. An emergency sign:
        that too, the emergency held for the sitting, and its advice shown at once."""
        from stretchtimer.core.gate import Admission
        from stretchtimer.core.pain import HurtKind

        if message.kind is HurtKind.ONE_LEG:
            self.gate.signs_during_session(emergency=False)
        elif message.kind is HurtKind.EMERGENCY:
            self.gate.signs_during_session(emergency=True)
            self.switch_screen(self._screening_screen(Admission.EMERGENCY))

    # -- reminders ----------------------------------------------------------------------------

    def reminder_status(self, width: int = 0) -> str:
        """Home's reminder line ("Next walk 14:00, in 23 min"), fitted to ``width`` cells;
        empty when none run here."""
        return self.reminders.status(width)

    def _reminders_changed(self) -> None:
        """After each check and answer: the screens that show the reminders (home's line,
        the Reminders screen's states) show them again."""
        for screen in self.screen_stack:
            show = getattr(screen, "show_reminders", None)
            if callable(show) and screen.is_mounted:
                show()

    def _reminders_due(self, due: list[Reminder]) -> None:
        self.post_message(ReminderDue(due))

    def on_reminder_due(self, message: ReminderDue) -> None:
        """A sound, the bell and a desktop notification now; the alert when nothing is open
        that it must not cut into."""
        from stretchtimer.core.cues import Cue

        if self._reminder_player is None:
            self._reminder_player = self.services.player_factory(
                volume=self.settings.volume, muted=self.settings.muted
            )
        # The sound as the settings are now: muted or quieter since the first alert, it is.
        self._reminder_player.volume = self.settings.volume
        self._reminder_player.muted = self.settings.muted
        self._reminder_player.play(Cue.HOLD)
        self.bell()
        names = ", ".join(r.routine for r in message.reminders)
        self.reminders.notify_desktop("stretchtimer: time to move", names)
        self.state.alert_waiting = True
        self._alert_if_free()

    def busy(self) -> bool:
        """Whether an alert must wait: a session or its summary (the Enter that closes it
        is the summary's, never the alert's Start now), the screening, the question after
        "this hurts", a dialog or an editor with unsaved changes (a screen whose ``dirty`` is
        true) is open."""
        from textual.screen import ModalScreen

        from stretchtimer.app.screens.hurt import HurtScreen
        from stretchtimer.app.screens.run import RunScreen
        from stretchtimer.app.screens.screening import ScreeningScreen
        from stretchtimer.app.screens.summary import SummaryScreen

        session = ModalScreen | ScreeningScreen | RunScreen | SummaryScreen | HurtScreen
        return (
            self.live_session() is not None
            or isinstance(self.screen, session)
            or getattr(self.screen, "dirty", False) is True
        )

    def _screen_changed(self, _screen: Screen) -> None:
        if self.state.alert_waiting:
            self.call_later(self._alert_if_free)

    def _alert_if_free(self) -> None:
        if not self.state.alert_waiting or self.busy():
            return
        if self._alert is not None and self._alert in self.screen_stack:
            return  # already open, under another screen: never pushed twice
        self.state.alert_waiting = False
        due = self.reminders.pending()
        if not due:  # answered or missed meanwhile
            return
        ids = [r.id for r in due]
        emergency = None
        if self.state.emergency:
            text = self.services.screening_text()
            how = text.emergency_how(self.settings.emergency_number)
            emergency = f"{text.emergency_heading}\n{text.emergency_message}\n{how}"
        alert = self._alert_screen()
        alert.show(
            [self._routine_name(r.routine) for r in due],
            snoozes=self.reminders.snoozes(due),
            can_snooze=self.reminders.can_snooze(due),
            emergency=emergency,
        )
        self.push_screen(alert, partial(self._alert_answered, ids, due[0].routine))

    def _alert_screen(self) -> ReminderAlert:
        """The sitting's one alert, made at the first (installed: Textual keeps it, and its
        widgets, when it is dismissed)."""
        if self._alert is None:
            from stretchtimer.app.screens.reminder_alert import ReminderAlert

            self._alert = ReminderAlert()
            self.install_screen(self._alert, "reminder-alert")
        return self._alert

    def _routine_name(self, ref: str) -> str:
        """A routine's name for the alert (its id when it cannot be found)."""
        from stretchtimer.core.errors import RoutineError

        try:
            return self.catalog.find(ref).name
        except (RoutineError, LookupError):
            return ref

    def _alert_answered(self, ids: list[str], routine: str, choice: str | None) -> None:
        """Do what the alert's answer says, for the reminders still waiting for one (an alert
        left open past its time was recorded as missed: then only a start still starts)."""
        from stretchtimer.core.errors import RoutineError

        waiting = self.reminders.still_waiting(ids)
        if choice == "start":
            try:
                found = self.catalog.find(routine)
            except (RoutineError, LookupError):
                self.notify(f"Cannot start {routine}.", severity="error", markup=False)
                self.state.alert_waiting = True  # still due: skip or snooze it
            else:
                self.state.walk_for = waiting  # walked once the walk starts (``_run``)
                if not self.begin_session(found):  # another on its way: still due
                    self.state.walk_for = []
                    self.state.alert_waiting = True
        elif not waiting:
            self.notify("That reminder has passed (recorded as missed).", markup=False)
        elif choice in ("snooze5", "snooze10", "snooze15"):
            self.reminders.answer(waiting, choice)
        else:  # skip, or closing the emergency advice
            self.reminders.answer(waiting, "skip")

    # -- commands -------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The current screen's key bindings that apply now, then Textual's own commands
        but those a binding already offers (Quit)."""
        from stretchtimer.app.commands import binding_commands

        offered = set()
        for command in binding_commands(screen):
            offered.add(command.title)
            yield command
        for command in super().get_system_commands(screen):
            if command.title not in offered:
                yield command


class Base(Screen[None]):
    """The empty base of ``run ROUTINE``'s stack: shown again when its session's screens
    close, it makes way for home (not before: a passed screening is followed by the run,
    pushed by its result callback, with no home built under it)."""

    def on_screen_resume(self) -> None:
        self.app.call_later(self._home_if_shown)

    def _home_if_shown(self) -> None:
        if self.app.screen is self:  # not under a session: home's module is not even imported
            from stretchtimer.app.screens.home import HomeScreen

            self.app.push_screen(HomeScreen())


def stretch_app(node: DOMNode) -> StretchTimerApp:
    """The app ``node`` runs in, typed: the one way screens and widgets reach it (its Root,
    settings, catalog and the gate), instead of untyped ``self.app.<attribute>``."""
    app = node.app
    if not isinstance(app, StretchTimerApp):  # pragma: no cover - a screen in another app
        raise TypeError(f"{type(node).__name__} runs in {type(app).__name__}, not stretchtimer")
    return app


def create_app(
    services: Root | None = None,
    *,
    routine: Routine | None = None,
    rescreen: bool = False,
    catalog: Catalog | None = None,
    when_drawn: Callable[[], None] | None = None,
    reminders: bool = True,
    remind: Callable[[list[Reminder]], list[Reminder]] | None = None,
) -> StretchTimerApp:
    """The one factory used by the command line and the tests. ``remind`` (``stretchtimer
    remind``) opens on the Reminders screen, the file's reminders changed by it for this run."""
    return StretchTimerApp(
        services,
        routine=routine,
        rescreen=rescreen,
        catalog=catalog,
        when_drawn=when_drawn,
        reminders=reminders,
        remind=remind,
    )
