"""Screening results on disk (``core.ports.ScreeningStore``): a short history, whether a
pass still holds, and what it leaves standing (remembered answers, doctors' clearances); and
the red-flag questions' file, read for ``core.screening``.

The file is JSON: ``{"version": 2, "revoked": false, "records": [...]}``, oldest first; a
record is ``{"taken_at", "answers", "outcome", "cleared": {id: date}}``. A version 1 file
(each record with one ``doctor_cleared_on`` date for all its "yes" answers) is read as the
same records, and written as version 2 at the next save. Anything odd about it (unreadable,
malformed, wrong types, inconsistent, future-dated, asked with other questions) means "not
screened", never "passed"; a save then moves the odd file aside (``screening.json.unreadable-
TIMESTAMP``) rather than overwrite it. Writes are atomic.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from stretchtimer import paths
from stretchtimer.adapters.files import read_capped, write_atomic
from stretchtimer.core.clock import local_now
from stretchtimer.core.screening import (
    Outcome,
    Remembered,
    ScreeningRecord,
    ScreeningText,
    ScreeningTextError,
    fits,
    parse_screening_text,
    remembered_from,
    valid_until,
)

log = logging.getLogger(__name__)

VERSION = 2
HISTORY_LIMIT = 100
_RECORD_KEYS = {"taken_at", "answers", "outcome", "cleared"}
_RECORD_KEYS_V1 = {"taken_at", "answers", "outcome", "doctor_cleared_on"}


def screening_text_file() -> Path:
    """The package's file of questions and advice."""
    return paths.package_data("screening.yaml")


def load_screening_text(path: Path | None = None) -> ScreeningText:
    """Load and strictly check the screening text (default: the package's file)."""
    path = path or screening_text_file()
    try:
        data = read_capped(path)  # package data, but capped like every file
    except OSError as exc:
        raise ScreeningTextError(f"{path}: cannot load: {exc}") from exc
    return parse_screening_text(data, path)


class _Odd(Exception):
    """The stored file is not what this module writes."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise _Odd("duplicate key")
    return dict(pairs)


def _to_json(record: ScreeningRecord) -> dict[str, Any]:
    return {
        "taken_at": record.taken_at.isoformat(),
        "answers": dict(record.answers),
        "outcome": record.outcome.value,
        "cleared": {qid: on.isoformat() for qid, on in record.cleared.items()},
    }


def _from_json(data: Any, version: int) -> ScreeningRecord:
    keys = _RECORD_KEYS if version == VERSION else _RECORD_KEYS_V1
    if not isinstance(data, dict) or set(data) != keys:
        raise _Odd("record shape")
    taken_at, outcome, answers = data["taken_at"], data["outcome"], data["answers"]
    if not isinstance(taken_at, str) or not isinstance(outcome, str):
        raise _Odd("record types")
    if not isinstance(answers, dict):
        raise _Odd("answers type")
    cleared = data["cleared"] if version == VERSION else _v1_cleared(data)
    if not isinstance(cleared, dict) or not all(isinstance(v, str) for v in cleared.values()):
        raise _Odd("clearance type")
    try:
        return ScreeningRecord(
            taken_at=datetime.fromisoformat(taken_at),
            answers=answers,
            outcome=Outcome(outcome),
            cleared={qid: date.fromisoformat(on) for qid, on in cleared.items()},
        )
    except (ValueError, TypeError) as exc:
        raise _Odd(str(exc)) from exc


def _v1_cleared(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept one clearance date for every "yes" of a cleared-by-doctor record."""
    on = data["doctor_cleared_on"]
    if (on is None) != (data["outcome"] != Outcome.CLEARED_BY_DOCTOR.value):
        raise _Odd("a clearance date goes with, and only with, cleared-by-doctor")
    if on is None:
        return {}
    if not isinstance(on, str) or not isinstance(data["answers"], dict):
        raise _Odd("clearance type")
    return {qid: on for qid, yes in data["answers"].items() if yes is True}


class ScreeningFile:
    """Saves screenings and answers "is there a pass that still holds right now?"."""

    def __init__(
        self,
        path: Path,
        now: Callable[[], datetime] = local_now,
        reset_hour: int = 4,
        text: ScreeningText | None = None,
    ) -> None:
        if not 0 <= reset_hour <= 23:
            raise ValueError("reset_hour must be between 0 and 23")
        self.path = path
        self.now = now
        self.reset_hour = reset_hour
        self.text = text if text is not None else load_screening_text()

    def _read(self) -> tuple[list[ScreeningRecord], bool]:
        """The records (oldest first) and the revoked flag; raises _Odd or OSError."""
        try:
            raw = json.loads(
                read_capped(self.path).decode("utf-8"), object_pairs_hook=_no_duplicates
            )
        except (ValueError, RecursionError) as exc:
            raise _Odd(str(exc)) from exc
        if not isinstance(raw, dict) or set(raw) != {"version", "revoked", "records"}:
            raise _Odd("file shape")
        if raw["version"] not in (1, VERSION) or type(raw["version"]) is not int:
            raise _Odd("version")
        if type(raw["revoked"]) is not bool or not isinstance(raw["records"], list):
            raise _Odd("file types")
        return [_from_json(item, raw["version"]) for item in raw["records"]], raw["revoked"]

    def _read_or_none(self) -> tuple[list[ScreeningRecord], bool] | None:
        try:
            return self._read()
        except (OSError, _Odd):
            return None

    def _set_aside(self) -> None:
        """Keep a file this module cannot read beside it, under another name, before a
        fresh one replaces it (never lost: it may be a newer version's, or mendable)."""
        if not self.path.exists():
            return
        stamp = self.now().strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        os.replace(self.path, aside)
        log.warning("the screening file could not be read; kept as %s", aside)

    def _write(self, records: list[ScreeningRecord], revoked: bool) -> None:
        data = {
            "version": VERSION,
            "revoked": revoked,
            "records": [_to_json(r) for r in records[-HISTORY_LIMIT:]],
        }
        write_atomic(self.path, json.dumps(data, indent=2) + "\n")

    def save(self, record: ScreeningRecord) -> None:
        """Append ``record`` to the history (a new screening; an unreadable file starts over)."""
        if not isinstance(record, ScreeningRecord):
            raise TypeError("save() takes a ScreeningRecord")
        stored = self._read_or_none()
        if stored is None:
            self._set_aside()
        records = stored[0] if stored else []
        self._write([*records, record], revoked=False)

    def history(self) -> list[ScreeningRecord]:
        """Every stored record, oldest first; empty if missing or odd."""
        stored = self._read_or_none()
        return stored[0] if stored else []

    def latest(self) -> ScreeningRecord | None:
        """The most recently saved record, or None if there is none or the file is odd."""
        stored = self._read_or_none()
        return stored[0][-1] if stored and stored[0] else None

    def current_pass(self) -> ScreeningRecord | None:
        """The latest record if it passed, fits today's questions and has not expired."""
        stored = self._read_or_none()
        if not stored or not stored[0] or stored[1]:
            return None
        record = stored[0][-1]
        now = self.now()
        if now.utcoffset() is None:
            raise ValueError("now() must return a timezone-aware datetime")
        if not record.passed or record.taken_at > now:
            return None
        if now >= valid_until(record.taken_at, self.reset_hour):
            return None
        return record if self._fits_questions(record) else None

    def _fits_questions(self, record: ScreeningRecord) -> bool:
        """Whether the record answers exactly the current questions, with a matching outcome."""
        return fits(self.text, record)

    def remembered(self) -> Remembered:
        """What the stored screenings leave standing; nothing if the file is missing or odd."""
        return remembered_from(self.history(), self.text)

    def forget(self) -> None:
        """Make the current pass no longer count (``--rescreen``); the history is kept."""
        stored = self._read_or_none()
        if stored and stored[0] and not stored[1]:
            self._write(stored[0], revoked=True)
