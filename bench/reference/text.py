"""The minimal app drawing a screen's text: what that much text costs Textual by itself.

Run: ``python bench/reference/text.py FILE``; ``q`` or ``ctrl+q`` quits. FILE holds the text
one of the app's screens showed between its header and footer on its first frame, as the
harness's terminal read it; it is drawn as it is, in the one Static of the minimal app
(``minimal.py``), without the app's colours or widgets.
"""

from __future__ import annotations

import sys
from pathlib import Path

from minimal import Minimal
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static


class Text(Minimal):
    """The minimal app, its Static holding the given text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.text, markup=False)
        yield Footer()


if __name__ == "__main__":
    Text(Path(sys.argv[1]).read_text(encoding="utf-8")).run()
