"""The start-up and memory reference: a minimal Textual app (Header, a Static, Footer).

Run: ``python bench/reference/minimal.py``; ``q`` or ``ctrl+q`` quits.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

READY = "Reference ready"  # what the harness waits for on the first frame


class Minimal(App[None]):
    """Header, one Static, Footer: the least a Textual app draws."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(READY)
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
