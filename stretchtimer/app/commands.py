"""The command palette's own commands: the routines by name, and the current screen's keys."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from functools import partial

from textual.actions import parse as parse_action
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen

from stretchtimer.app.app import stretch_app
from stretchtimer.core.durations import format_clock
from stretchtimer.core.model import Routine, routine_total


def binding_commands(screen: Screen) -> Iterator[SystemCommand]:
    """The screen's key bindings that apply now (as its footer shows them), as commands.

    Each one's help says what it does (the binding's tooltip, else its action's docstring)
    and its key, never its title again.
    """
    seen: set[str] = set()
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        _, name, parameters = parse_action(binding.action)
        if binding.action in seen or not screen.check_action(name, parameters):
            continue
        seen.add(binding.action)
        yield SystemCommand(
            binding.description,
            binding_help(screen, binding),
            partial(screen.run_action, binding.action),
        )


def binding_help(screen: Screen, binding: Binding) -> str:
    """What the binding does and its key, as markup: "Open the settings (key: ,)"."""
    key = binding.key_display or binding.key.split(",")[0]
    namespace, name, _ = parse_action(binding.action)
    target = screen.app if namespace == "app" else screen
    docstring = inspect.getdoc(getattr(target, f"action_{name}", None)) or ""
    what = (binding.tooltip or docstring.partition("\n")[0]).rstrip(".")
    return escape(f"{what} (key: {key})" if what else f"Key: {key}")


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` as written (never markup), its letters that match the query highlighted."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class RoutineCommands(Provider):
    """Every routine by name ("walk" finds Walk break); choosing one starts it, behind the
    red-flag screening like every other start."""

    def routines(self) -> list[Routine]:
        return stretch_app(self.app).catalog.routines()

    def start(self, routine: Routine) -> None:
        """Start ``routine`` through the app's one gate."""
        stretch_app(self.app).begin_session(routine)

    @staticmethod
    def help(routine: Routine) -> str:
        """The help line: what choosing it does, the routine's length and its description."""
        about = f"Start this routine ({format_clock(routine_total(routine))})"
        return escape(f"{about}: {routine.description}" if routine.description else about)

    async def discover(self) -> Hits:
        for routine in self.routines():
            yield DiscoveryHit(
                Content(routine.name),
                partial(self.start, routine),
                text=routine.name,
                help=self.help(routine),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for routine in self.routines():
            score = matcher.match(routine.name)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, routine.name),
                    partial(self.start, routine),
                    text=routine.name,
                    help=self.help(routine),
                )
