"""The keys the footer shows: as Textual shows them, without Unicode name look-ups for
one-character keys (docs/performance.md: they page in 0.5 MB of the name tables)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import unicodedata

import pytest
import textual.keys
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

import stretchtimer.app.screens
import stretchtimer.app.widgets
from stretchtimer.app.app import StretchTimerApp, create_app
from stretchtimer.app.screens.run import RunScreen
from tests.app.test_app_run import ROUTINE, start


def every_binding() -> list[Binding]:
    """Each key of each binding of the app, its screens and widgets, with those of the
    Textual classes they extend (``tab``, ``escape``...) and the palette's ``ctrl+p``, one
    binding per key."""
    nodes: list[type] = [StretchTimerApp]
    for package in (stretchtimer.app.screens, stretchtimer.app.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            nodes += [c for _, c in inspect.getmembers(module, inspect.isclass)]
    declared = [
        binding
        for node in nodes
        if issubclass(node, DOMNode)
        for cls in node.__mro__
        for binding in getattr(cls, "BINDINGS", [])
    ]
    textual_own = [Binding("ctrl+p", "command_palette"), Binding("ctrl+q", "quit")]
    return list(Binding.make_bindings([*declared, *textual_own]))


def test_every_key_is_shown_as_textual_shows_it() -> None:
    app = create_app(reminders=False)
    bindings = every_binding()
    assert len(bindings) > 50
    assert any(len(b.key) == 1 for b in bindings)  # the keys shown without a look-up
    for binding in bindings:
        assert app.get_key_display(binding) == App.get_key_display(app, binding), binding


class NameLookups:
    """``unicodedata`` as ``textual.keys`` uses it, recording the names looked up."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __getattr__(self, name: str) -> object:
        return getattr(unicodedata, name)

    def lookup(self, name: str) -> str:
        self.names.append(name)
        return unicodedata.lookup(name)


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_run_screen_looks_up_no_key_among_the_unicode_names(
    services, wall, monkeypatch, size
) -> None:
    """The run screen's footer (h, space, n/→, p/←, m, q, ^p) is shown without looking up
    one-character keys among the Unicode character names, which always fails."""
    lookups = NameLookups()
    monkeypatch.setattr(textual.keys, "unicodedata", lookups)
    textual.keys.format_key.cache_clear()  # keys shown by earlier tests were kept
    app = create_app(services, reminders=False)
    async with app.run_test(size=size) as pilot:
        await start(pilot, services, wall, ROUTINE)
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        shown = {str(key.key) for key in app.screen.query("FooterKey")}
    assert {"h", "m", "ctrl+p"} <= shown  # drawn by the footer
    assert [name for name in lookups.names if len(name) == 1] == []
