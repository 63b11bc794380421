"""Text from files on a terminal: control characters found and escaped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchtimer.core.errors import Diagnostic
from stretchtimer.core.safe_text import first_control, printable

CONTROL = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))]


def test_printable_escapes_terminal_sequences() -> None:
    assert printable("\x1b]0;PWNED\x07\x1b[2J") == "\\x1b]0;PWNED\\x07\\x1b[2J"
    assert printable("csi \x9b2J, del \x7f") == "csi \\x9b2J, del \\x7f"
    assert printable("a\nb\tc\r") == "a\\nb\\tc\\r"
    assert printable("line\u2028sep") == "line\\u2028sep"


def test_a_byte_read_that_was_not_utf8_is_escaped_as_that_byte() -> None:
    read = b"csi \x9b2J \xff".decode("utf-8", "surrogateescape")
    assert printable(read) == "csi \\x9b2J \\xff"
    assert printable("lone \ud800", multiline=True) == "lone \\ud800"


def test_multiline_text_keeps_its_newlines_and_tabs_only() -> None:
    assert printable("a\n\tb\x1b", multiline=True) == "a\n\tb\\x1b"
    assert printable("a\rb", multiline=True) == "a\\rb"


def test_plain_text_is_left_as_it_is() -> None:
    text = "Knee-to-chest – 30 s, «gently» 膝 🙂 \\x1b"
    assert printable(text) is text


@pytest.mark.parametrize("char", CONTROL)
def test_every_control_character_is_found(char: str) -> None:
    multiline = char in "\t\n"
    assert first_control(f"ab{char}", multiline=multiline) == (None if multiline else 2)
    assert first_control(f"ab{char}") == 2


@given(st.text(), st.booleans())
def test_printable_leaves_nothing_to_escape(text: str, multiline: bool) -> None:
    shown = printable(text, multiline=multiline)
    assert first_control(shown, multiline=multiline) is None
    assert printable(shown, multiline=multiline) == shown


def test_a_diagnostic_prints_as_one_safe_line() -> None:
    diagnostic = Diagnostic("evil\x1b]0;x\x07.yaml", 2, 7, "unknown key 'a\nb\x9b'")
    assert str(diagnostic) == "evil\\x1b]0;x\\x07.yaml:2:7: error: unknown key 'a\\nb\\x9b'"
