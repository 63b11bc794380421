"""Durations as written in routine files (``20``, ``45s``, ``1m30s``, ``1h``) and as shown."""

from __future__ import annotations

import math
import re

_TEXT = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s?)?", re.IGNORECASE)
_EXPECTED = "expected a duration such as 20, 45s, 2m, 1m30s or 1h"
_MAX_DIGITS = 15


def _seconds_of(text: str) -> int | None:
    """The seconds of a non-negative duration text, or None when it is not one."""
    match = _TEXT.fullmatch(text.strip())
    if not text.strip() or match is None:
        return None
    # A bare trailing number is seconds only on its own ("20"), not after "1m" ("1m30").
    if match.group(3) and not text.strip()[-1:].isalpha() and (match.group(1) or match.group(2)):
        return None
    parts = [part or "0" for part in match.groups()]
    if any(len(part) > _MAX_DIGITS for part in parts):
        raise ValueError(f"duration {text!r} is far too large")
    hours, minutes, secs = (int(part) for part in parts)
    return hours * 3600 + minutes * 60 + secs


def parse_duration(value: object, *, allow_zero: bool = False) -> int:
    """Whole seconds from an ``int`` or a text like ``45s``, ``2m``, ``1m30s``, ``1h5m``.

    Raises ``ValueError`` with a readable message for anything else: floats, bools, negative
    numbers, zero (unless ``allow_zero``), unknown text.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{_EXPECTED}, got {value!r}")
    if isinstance(value, float):
        raise ValueError(f"a duration must be whole seconds, got {value!r}")
    if isinstance(value, int):
        seconds = value
    else:
        text = value.strip()
        negative = text.startswith("-")
        parsed = _seconds_of(text[1:] if negative else text)
        if parsed is None:
            raise ValueError(f"{_EXPECTED}, got {value!r}")
        seconds = -parsed if negative else parsed
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative, got {value!r}")
    if seconds == 0 and not allow_zero:
        raise ValueError(f"a duration must be at least 1s, got {value!r}")
    return seconds


def format_duration(seconds: int) -> str:
    """The shortest text ``parse_duration`` reads back: ``1h``, ``1m30s``, ``45s``, ``0s``."""
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative, got {seconds!r}")
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n)
    return text or "0s"


def format_clock(seconds: float) -> str:
    """A countdown text, ``M:SS`` or ``H:MM:SS``, rounded up to the whole second (never < 0)."""
    if not math.isfinite(seconds):
        raise ValueError(f"cannot show {seconds!r} seconds")
    whole = max(0, math.ceil(seconds - 1e-9))  # 4.000000001 s left still shows 0:04
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
