"""A closed screen's drawn lines are dropped before Textual removes it (Textual issue #6665).

Textual 8.2.8's ``StylesCache.get_inner_outer`` is an ``lru_cache(1024)`` on what is an
instance method: its keys hold each widget's styles cache, and with it the lines the widget
last drew (``Strip`` objects, each with caches of its own), after the widget is gone, until
1,024 newer keys push it out (https://github.com/Textualize/textual/issues/6665, open). A
sitting builds new screens for every walk (its check-in, run and summary), and each walk's
lines stayed alive: some 330 strips, half a megabyte.

``Widget.refresh()`` on a widget that is still mounted empties its styles cache (the widget
draws again when it is next shown). So when a screen leaves the stack for good (popped or
switched away, and not installed), its widgets are refreshed before Textual removes them:
what the ``lru_cache`` keeps of them is an empty cache. Public API only; to be removed once
Textual fixes #6665.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakSet

from textual.app import App
from textual.screen import Screen
from textual.widget import Widget


def drop_lines_of_closed_screens(app: App[Any]) -> None:
    """From now on (``app`` running), refresh every widget of a screen as it leaves ``app``'s
    stack for good: at that moment it is still mounted, and its drawn lines are let go."""
    shown: WeakSet[Screen[object]] = WeakSet()

    def changed(_screen: Screen[object]) -> None:
        stack = app.screen_stack
        for screen in [screen for screen in shown if screen not in stack]:
            shown.discard(screen)
            if not app.is_screen_installed(screen):  # an installed screen is shown again
                for widget in screen.walk_children(Widget, with_self=True):
                    widget.refresh()
        shown.update(stack)

    changed(app.screen)
    app.screen_change_signal.subscribe(app, changed, immediate=True)
