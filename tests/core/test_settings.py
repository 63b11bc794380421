"""Typed settings: defaults, checked values, warnings that never raise, atomic saves."""

from __future__ import annotations

import os
import threading
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from stretchtimer.adapters.files import MAX_READ_BYTES
from stretchtimer.adapters.settings_file import load_settings, save_settings
from stretchtimer.core.safe_text import first_control
from stretchtimer.core.settings import Settings


def load(tmp_path, source: str):
    path = tmp_path / "settings.yaml"
    path.write_text(source, encoding="utf-8")
    return load_settings(path)


def test_defaults():
    s = Settings()
    assert (s.muted, s.volume, s.countdown_seconds) == (False, 0.8, 3)
    assert (s.spoken_cues, s.screening_reset_hour, s.theme) == (False, 4, "textual-dark")


def test_missing_file_gives_defaults_without_warnings(tmp_path):
    assert load_settings(tmp_path / "nope.yaml") == (Settings(), [])


@pytest.mark.parametrize("source", ["", "# only a comment\n", "---\n", "null\n"])
def test_empty_file_gives_defaults(tmp_path, source):
    assert load(tmp_path, source) == (Settings(), [])


def test_good_file(tmp_path):
    source = (
        "muted: true\nvolume: 1\ncountdown_seconds: 0\nspoken_cues: yes\n"
        "screening_reset_hour: 23\ntheme: nord\n"
    )
    settings, warnings = load(tmp_path, source)
    assert warnings == []
    assert settings == Settings(True, 1.0, 0, True, 23, "nord")
    assert type(settings.volume) is float


def test_bad_value_gets_default_and_located_warning(tmp_path):
    settings, warnings = load(tmp_path, "muted: true\ntheme: nord\nvolume:   1.5\n")
    assert settings == Settings(muted=True, theme="nord")
    assert warnings == [f"{tmp_path / 'settings.yaml'}:3:11: error: volume must be between 0 and 1"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("volume: -0.1", "volume must be between 0 and 1"),
        ("volume: .nan", "volume must be between 0 and 1"),
        ("volume: loud", "volume must be between 0 and 1"),
        ("volume: true", "volume must be between 0 and 1"),
        ("countdown_seconds: 11", "countdown_seconds must be a whole number between 0 and 10"),
        ("countdown_seconds: 2.5", "countdown_seconds must be a whole number between 0 and 10"),
        ("countdown_seconds: -1", "countdown_seconds must be a whole number between 0 and 10"),
        (
            "screening_reset_hour: 24",
            "screening_reset_hour must be a whole number between 0 and 23",
        ),
        (
            "screening_reset_hour: '4'",
            "screening_reset_hour must be a whole number between 0 and 23",
        ),
        ("muted: 1", "muted must be true or false"),
        ("spoken_cues: maybe", "spoken_cues must be true or false"),
        ("theme: ''", "theme must be a theme name"),
        ("theme: [a, b]", "theme must be a theme name"),
        ("muted: !!python/name:os.system", "could not determine a constructor"),
        ("colour: red", "unknown setting 'colour' (ignored)"),
    ],
)
def test_each_bad_value_warns_and_defaults(tmp_path, line, message):
    settings, warnings = load(tmp_path, f"# my settings\n{line}\n")
    assert settings == Settings()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{tmp_path / 'settings.yaml'}:2:")
    assert message in warnings[0]


def test_duplicate_setting_warns_and_keeps_the_first(tmp_path):
    settings, warnings = load(tmp_path, "volume: 0.5\nvolume: 0.1\n")
    assert settings.volume == 0.5
    assert warnings == [
        f"{tmp_path / 'settings.yaml'}:2:1: error: volume is set twice (the first one is used)"
    ]


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ("volume: [1\n", ":2:1: error: invalid YAML"),
        ("- muted\n", ":1:1: error: settings must be a mapping"),
        ("just words\n", ":1:1: error: settings must be a mapping"),
        ("a: 1\n---\nb: 2\n", "error: invalid YAML"),
        ("volume: *nope\n", "error: invalid YAML"),
        ("\tvolume: 1\n", "error: invalid YAML"),
    ],
)
def test_bad_file_gives_defaults_and_one_warning(tmp_path, source, where):
    settings, warnings = load(tmp_path, source)
    assert settings == Settings()
    assert len(warnings) == 1
    assert "\n" not in warnings[0]
    assert where in warnings[0]


def test_unreadable_file_gives_defaults_and_a_warning(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_bytes(b"\xff\xfe volume: 1")
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert len(warnings) == 1 and "cannot read settings" in warnings[0]
    path.unlink()
    path.mkdir()
    assert load_settings(path)[0] == Settings()


def test_deeply_nested_file_does_not_raise(tmp_path):
    settings, warnings = load(tmp_path, "theme: " + "[" * 5000 + "]" * 5000 + "\n")
    assert settings == Settings()
    assert len(warnings) == 1


def test_replace_checks_values():
    s = replace(Settings(), muted=True, volume=0)
    assert s.muted and s.volume == 0.0 and type(s.volume) is float
    with pytest.raises(ValueError):
        replace(Settings(), volume=2)
    with pytest.raises(ValueError):
        replace(Settings(), screening_reset_hour=-1)
    with pytest.raises(ValueError):
        Settings(countdown_seconds=True)


def test_save_then_load_round_trips(tmp_path):
    path = tmp_path / "config" / "settings.yaml"
    s = Settings(True, 0.25, 5, True, 6, "nord")
    save_settings(s, path)
    assert load_settings(path) == (s, [])


def test_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "settings.yaml"
    save_settings(Settings(volume=0.5), path)
    before = path.read_text()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_settings(Settings(volume=0.1), path)
    monkeypatch.undo()
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.yaml"]


def test_default_path_is_the_users_settings_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    save_settings(Settings(muted=True))
    assert load_settings()[0].muted
    assert any(tmp_path.rglob("settings.yaml"))


# --- any file at all (issue 13, item 7) ---------------------------------------------------


def test_a_control_character_gives_defaults_and_a_located_warning(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_bytes(b"# mine\nmuted: true\x00\n")
    assert load_settings(path) == (
        Settings(),
        [f"{path}:2:12: error: file contains a NUL byte (U+0000); is it binary?"],
    )


def test_the_place_of_a_control_character_counts_characters_not_bytes(tmp_path):
    settings, warnings = load(tmp_path, "theme: «nord»\x01\n")
    assert settings == Settings()
    assert warnings[0].endswith(
        ":1:14: error: file contains a control character (U+0001); is it binary?"
    )


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("muted: true\n" + "#" * MAX_READ_BYTES)
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert warnings == [
        f"{path}:1:1: error: cannot read settings: file is larger than 1,048,576 bytes (1 MiB): "
        f"{MAX_READ_BYTES + 12:,} bytes"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("countdown_seconds: 010", "YAML reads '010' as an octal number (8); write 10"),
        ("screening_reset_hour: 0x4", "YAML reads '0x4' as a hexadecimal number (4); write 4"),
        ("countdown_seconds: 0b11", "YAML reads '0b11' as a binary number (3); write 3"),
        ("screening_reset_hour: 1:30", "YAML reads '1:30' as a base-60 number (90); write 90"),
    ],
)
def test_yaml_1_1_numbers_are_not_read_silently(tmp_path, line, message):
    settings, warnings = load(tmp_path, f"{line}\n")
    assert settings == Settings()
    assert len(warnings) == 1 and warnings[0].endswith(message)


def test_a_warning_quoting_the_file_is_short_and_escaped(tmp_path):
    settings, warnings = load(tmp_path, '"\\e]0;PWNED\\a' + "x" * 500 + '": 1\n')
    assert settings == Settings()
    assert len(warnings) == 1 and len(warnings[0]) < len(str(tmp_path)) + 120
    assert "\x1b" not in warnings[0] and "\\x1b]0;PWNED\\x07" in warnings[0]


# STRETCHTIMER_FUZZ_EXAMPLES=100000 for a long run (see the docstring).
@hypothesis_settings(
    max_examples=int(os.environ.get("STRETCHTIMER_FUZZ_EXAMPLES", "250")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.lists(
            st.sampled_from(
                [
                    b"muted: ",
                    b"volume: ",
                    b"theme: ",
                    b"true",
                    b"0x1",
                    b"010",
                    b"1:30",
                    b"!!",
                    b"&a ",
                    b"*a",
                    b"[",
                    b"{",
                    b"- ",
                    b"\n",
                    b"\x00",
                    b"\x1b",
                    b"\xc2\x85",
                    b"\xff",
                    b'"\\e',
                    b"'",
                    b"#",
                    b"? ",
                    b": ",
                    b"\t",
                    b"\r",
                    b"\xef\xbb\xbf",
                    b"1e999",
                ]
            ),
            max_size=30,
        ).map(b"".join),
    )
)
def test_load_settings_never_raises(tmp_path_factory, data):
    """Any bytes at all give settings and one-line, printable warnings, never an exception.

    The suite tries 250 inputs; for a long run (some minutes):
    ``STRETCHTIMER_FUZZ_EXAMPLES=100000 .venv/bin/pytest tests/test_settings.py -k never_raises``
    """
    path = tmp_path_factory.mktemp("fuzz") / "settings.yaml"
    path.write_bytes(data)
    loaded, warnings = load_settings(path)
    assert isinstance(loaded, Settings)
    for warning in warnings:
        assert warning.startswith(f"{path}:") and ": error: " in warning
        assert first_control(warning) is None


def test_a_settings_path_that_is_not_a_file_does_not_block(tmp_path):
    """A FIFO would block a read until something writes to it: it is not opened at all."""
    path = tmp_path / "settings.yaml"
    os.mkfifo(path)
    done: list[tuple[Settings, list[str]]] = []
    reader = threading.Thread(target=lambda: done.append(load_settings(path)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert done == [(Settings(), [f"{path}:1:1: error: cannot read settings: not a regular file"])]


@pytest.mark.parametrize("value", ["'112'", "'000'", "'+44 20 7946 0000'", "'1-1-2'", "''"])
def test_emergency_number_takes_a_quoted_phone_number(tmp_path, value):
    settings, warnings = load(tmp_path, f"emergency_number: {value}\n")
    assert warnings == []
    assert settings.emergency_number == value.strip("'")


@pytest.mark.parametrize("value", ["112", "000", "call 112", "'[red]112'", "'112\\x1b'", "[1]"])
def test_emergency_number_refuses_anything_else(tmp_path, value):
    settings, warnings = load(tmp_path, f"emergency_number: {value}\n")
    assert settings.emergency_number == ""
    assert len(warnings) == 1 and "emergency_number must be a phone number in quotes" in warnings[0]
