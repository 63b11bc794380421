"""Helpers shared by the tests: where things are, fakes, factories and the CLI runner."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILTIN_ROUTINES = REPO / "routines"
DATA = REPO / "tests" / "data"
