"""Interpreter tuning for the full-screen app: the one place it lives, with one switch.

Each trick here has a row in docs/performance.md with the figure it buys, measured with and
without it in the same run (``python -m bench --only startup``). ``STRETCHTIMER_NO_TUNING=1``
turns all of it off (the bench's "untuned" side; also a way out should a trick misbehave).

- The collector is off from before the command's imports until the app's first frame is out:
  a start-up allocates what lasts (modules, classes, the catalog, the first screen), so the
  90 or so collections it would run find next to nothing to free.
- Once the app is made, what is loaded (Textual, the app's code, the catalog) is frozen out
  of the collector's way (``gc.freeze``): every later collection, the one at quit included,
  is shorter.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Mapping

SWITCH = "STRETCHTIMER_NO_TUNING"


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the tuning is on: unless ``STRETCHTIMER_NO_TUNING`` is set to a non-empty,
    non-``0`` value."""
    value = (os.environ if environ is None else environ).get(SWITCH, "")
    return value in ("", "0")


def before_imports(environ: Mapping[str, str] | None = None) -> Callable[[], None]:
    """Turn the collector off for the start-up (when tuned and when it is on); returns the
    call that turns it on again, to be run once the first frame is out (a no-op otherwise)."""
    if not (enabled(environ) and gc.isenabled()):
        return _nothing
    gc.disable()
    return gc.enable


def before_run(environ: Mapping[str, str] | None = None) -> None:
    """Freeze what is loaded by now out of the collector's way (when tuned)."""
    if enabled(environ):
        gc.freeze()


def _nothing() -> None:
    return None
