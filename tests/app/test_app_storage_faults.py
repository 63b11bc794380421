"""Storage faults in the app, on a real file system: the disk fills after the history was
opened. Routines still run; the app says once, plainly, that sessions are not being saved and
why; the database is left whole."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from stretchtimer.app.app import create_app
from stretchtimer.app.screens.summary import SummaryScreen
from tests.app.test_app_run import ROUTINE, advance, pass_screening, past_the_check_in

SIZES = [(80, 24), (40, 12)]


@contextmanager
def small_disk(folder: Path) -> Iterator[None]:
    """``folder`` on a tmpfs of 512 KiB of its own (skips where it cannot be mounted)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the tests run as root in CI)")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        if subprocess.run(["umount", str(folder)]).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder: Path) -> Path:
    """Fill the disk holding ``folder`` to the last byte; the filler file."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (b"\0" * 4096, b"\0"):
            with suppress(OSError):
                while os.write(fd, chunk):
                    pass
    finally:
        os.close(fd)
    with pytest.raises(OSError) as full:
        (folder / "probe").write_bytes(b"x" * 4096)
    assert full.value.errno == errno.ENOSPC
    return filler


@pytest.mark.parametrize("size", SIZES)
async def test_a_disk_that_fills_up_is_said_once_and_sessions_still_run(
    services, clock, wall, size
) -> None:
    data = services.history_db_path.parent
    with small_disk(data):
        app = create_app(services)
        said: list[str] = []
        notify = app.notify
        app.notify = lambda message, **kw: (said.append(str(message)), notify(message, **kw))[1]  # type: ignore[method-assign]
        try:
            async with app.run_test(size=size) as pilot:
                await app.workers.wait_for_complete()
                services.history_thread().flush()  # the history is open, and writable
                pass_screening(services, wall)
                filler = fill(data)
                for _ in range(2):
                    app.begin_session(ROUTINE)
                    await past_the_check_in(pilot)
                    await advance(pilot, clock, 100)  # the whole routine
                    assert isinstance(app.screen, SummaryScreen)  # it ran all the same
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                    await pilot.press("enter")
                    await pilot.pause()
                unsaved = [m for m in said if "not saved" in m]
                assert len(unsaved) == 1, said  # said once, not at every session
                assert unsaved[0].startswith("Routines still run, but this session was not saved")
                assert f"the disk holding {services.history_db_path} is full" in unsaved[0]
        finally:
            services.history_thread().close()  # the file is let go before the disk is
        filler.unlink()
        database = sqlite3.connect(services.history_db_path)
        try:
            assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            database.close()
