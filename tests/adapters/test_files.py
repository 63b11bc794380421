"""Reads capped in size (``adapters/files.py``): what they cost, and files that grow."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from stretchtimer.adapters.files import FileTooLarge, read_capped

LIMIT = 16 * 2**20  # the start-up cache's limit


def test_a_capped_read_asks_for_what_the_file_holds_not_for_the_limit(tmp_path: Path) -> None:
    """``read(limit + 1)`` asked for 16 MiB at once to read the start-up cache's few kB (twice
    a start: 16 of a start's 21 MB peak as tracemalloc sees it)."""
    path = tmp_path / "small"
    path.write_bytes(b"x" * 5000)
    tracemalloc.start()
    try:
        assert read_capped(path, LIMIT) == b"x" * 5000
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "large"
    path.write_bytes(b"x" * 2001)
    with pytest.raises(FileTooLarge, match="2,001 bytes"):
        read_capped(path, 2000)
    path.write_bytes(b"x" * 2000)
    assert len(read_capped(path, 2000)) == 2000


def test_a_file_that_grows_while_it_is_read_is_read_on_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stat said 10 bytes; by the read there are more: read on, a block at a time, and
    refuse it once past the limit."""
    path = tmp_path / "growing"
    path.write_bytes(b"x" * 10)
    stat = Path.stat

    def stale_stat(self: Path, **kwargs: object):
        info = stat(self, **kwargs)  # type: ignore[arg-type]
        path.write_bytes(b"y" * 150_000)  # grows after the stat, before the read
        return info

    monkeypatch.setattr(Path, "stat", stale_stat)
    assert read_capped(path, 200_000) == b"y" * 150_000
    path.write_bytes(b"x" * 10)
    with pytest.raises(FileTooLarge, match="more than 100,000 bytes"):
        read_capped(path, 100_000)
