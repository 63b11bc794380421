"""Fixtures of the app's reminder tests (a module opts in with ``usefixtures("paris")``)."""

from __future__ import annotations

import pytest


@pytest.fixture
def paris(monkeypatch) -> None:
    """The reminders' zone is the local one: the fake wall clock's +01:00 in November."""
    monkeypatch.setenv("TZ", "Europe/Paris")


@pytest.fixture
def morning(wall):
    """Wednesday 09:30: within the default working hours; the first walk is due 10:30."""
    wall.value = wall.value.replace(hour=9, minute=30)
    return wall
