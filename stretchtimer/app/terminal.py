"""A way to write the terminal's own notification escape between frames, through Textual's
public API only: the app's ``get_driver_class`` returns a subclass of the driver Textual
chose, which hands itself to the app when made; its public ``write`` queues the escape on
the same writer as the frames, so it never lands inside one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.driver import Driver


def handing_over(base: type[Driver], made: Callable[[Driver], None]) -> type[Driver]:
    """``base`` (the driver Textual would use) calling ``made`` with each one made."""

    class HandedOver(base):  # type: ignore[valid-type,misc]
        def __init__(self, app: Any, **options: Any) -> None:
            super().__init__(app, **options)
            made(self)

    HandedOver.__name__ = HandedOver.__qualname__ = base.__name__
    return HandedOver
