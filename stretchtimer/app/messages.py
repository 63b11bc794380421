"""Messages the screens post to the app instead of writing its fields."""

from __future__ import annotations

from textual.message import Message


class CatalogChanged(Message):
    """Routine files changed (saved, copied, renamed, deleted): read them again; ``select``
    names the routine home should highlight, if any."""

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.select = select
