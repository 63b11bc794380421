"""Typed settings: defaults, checked values, warnings that never raise, atomic saves."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from stretchtimer.core.settings import Settings, load_settings, save_settings


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
