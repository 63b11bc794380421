"""Renamed routines: sessions shown under the routine's id and name now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from stretchtimer.core.records import SessionRecord
from stretchtimer.core.renames import (
    Rename,
    as_renamed,
    follow_renames,
    read_renames,
    rename_line,
)

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def session(routine_id: str, name: str, at: datetime) -> SessionRecord:
    return SessionRecord(1, routine_id, name, at, None, "completed", None, False, 60.0)


def test_a_rename_line_reads_back_with_its_moment_and_bad_lines_are_skipped() -> None:
    old = '{"from": "a", "to": "b"}'  # written before the moment was kept
    lines = [rename_line("mine", "evenings", T0), "not json", '{"from": 1}', old]
    assert read_renames(lines) == [Rename("mine", "evenings", T0), Rename("a", "b", None)]
    naive = '{"from": "a", "to": "b", "at": "2026-12-01T08:00:00"}'
    assert read_renames([naive]) == [Rename("a", "b", None)]  # no offset: applies always


def test_a_session_follows_the_renames_made_after_it_started() -> None:
    renames = [Rename("mine", "evenings", T0), Rename("evenings", "nights", T0 + timedelta(days=2))]
    assert follow_renames("mine", renames, T0 - timedelta(hours=1)) == "nights"
    # a new "mine" made after the rename is not the renamed one
    assert follow_renames("mine", renames, T0 + timedelta(hours=1)) == "mine"
    assert follow_renames("evenings", renames, T0 + timedelta(days=1)) == "nights"
    assert follow_renames("mine", [Rename("mine", "evenings")], T0) == "evenings"


def test_sessions_show_the_routines_id_and_name_now() -> None:
    renames = [Rename("mine", "evenings", T0)]
    names = {"evenings": "Evenings", "core": "Core (new name)"}
    sessions = [
        session("mine", "Mine", T0 - timedelta(days=1)),  # renamed since
        session("core", "Core", T0),  # only its name changed
        session("gone", "Gone", T0),  # deleted since: as recorded
    ]
    shown = as_renamed(sessions, renames, names)
    assert [(s.routine_id, s.routine_name) for s in shown] == [
        ("evenings", "Evenings"),
        ("core", "Core (new name)"),
        ("gone", "Gone"),
    ]
    assert shown[2] is sessions[2]
