"""Text from files on a terminal: control characters found (to refuse them) and escaped.

A routine, an exercise or a setting is text someone else may have written. Written raw to a
terminal, an escape sequence in it can set the window title, clear the screen or write the
clipboard. So the loader refuses control characters in every text field, and every printer
passes what it shows through :func:`printable`, which escapes them (``\\x1b``, ``\\n``).
"""

from __future__ import annotations

import re

# C0 (but tab and newline, which are decided by ``multiline``), DEL and C1; and the lone
# surrogates, which a stream decoded with ``surrogateescape`` (Python's standard input in
# UTF-8 mode) makes of bytes that are not UTF-8 and writes back as those raw bytes (0x9b: CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _pattern(multiline: bool) -> re.Pattern[str]:
    return _CONTROL if multiline else _CONTROL_OR_BREAK


def first_control(text: str, *, multiline: bool = False) -> int | None:
    """The index of the first character a terminal would obey, or None.

    That is a C0 control character, DEL, a C1 one or a lone surrogate; in one-line text
    (``multiline`` False) also tab and the line breaks (newline, U+2028, U+2029).
    """
    match = _pattern(multiline).search(text)
    return None if match is None else match.start()


def escape_char(char: str) -> str:
    """One character as an escape: ``\\n``, ``\\x1b``, ``\\u2028``; a byte that was not
    UTF-8 (its ``surrogateescape`` stand-in) as that byte, ``\\xff``."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        code -= 0xDC00
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str, *, multiline: bool = False) -> str:
    """``text`` safe to write to a terminal: every character :func:`first_control` finds,
    escaped. Idempotent: what it returns holds nothing it would escape again."""
    pattern = _pattern(multiline)
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: escape_char(match.group()), text)
