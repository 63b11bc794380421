"""Plain mode with user folders it cannot write, for real (a subprocess): read-only, on a full
disk, or missing where a file stands in the way. The routine runs to its end; standard error
says once what is not being saved and why; nothing is left half-written."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.support.cli_helpers import ONE_SECOND, QUESTIONS, stretchtimer


def mount(*args: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("a read-only or small file system needs root (the tests run as root in CI)")
    made = subprocess.run(["mount", *args], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount: {made.stderr.decode().strip()}")


def unmount(folder: Path) -> None:
    if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@contextmanager
def read_only(data: Path) -> Iterator[str]:
    mount("--bind", str(data), str(data))
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(data)], check=True)
        yield "read-only"
    finally:
        unmount(data)


@contextmanager
def full(data: Path) -> Iterator[str]:
    mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", str(data))
    try:
        fd = os.open(data / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        for chunk in (b"\0" * 4096, b"\0"):
            with suppress(OSError):
                while os.write(fd, chunk):
                    pass
        os.close(fd)
        yield "is full"
    finally:
        unmount(data)


@contextmanager
def blocked(data: Path) -> Iterator[str]:
    (data / "stretchtimer").write_text("a file where the folder should be")
    yield "cannot be"


FAULTS = {"read-only": read_only, "full disk": full, "a file in the way": blocked}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_routine_runs_and_what_is_not_saved_is_said_once(isolated_home: Path, fault) -> None:
    config = isolated_home / "config" / "stretchtimer"
    (config / "routines").mkdir(parents=True)
    (config / "routines" / "tiny.yaml").write_text(ONE_SECOND.read_text())
    (config / "settings.yaml").write_text("countdown_seconds: 0\n")
    data = isolated_home / "data"
    data.mkdir()
    with FAULTS[fault](data) as why:
        before = sorted(p.name for p in data.rglob("*"))
        result = stretchtimer(isolated_home, "run", "tiny", "--plain", input="n\n" * QUESTIONS)
        after = sorted(p.name for p in data.rglob("*") if p.stat().st_size)
    assert result.returncode == 0, result.stderr
    assert "Complete: 1 of 1 holds" in result.stdout
    assert "Traceback" not in result.stderr
    warnings = result.stderr.splitlines()
    history = [w for w in warnings if "history is not being saved" in w]
    assert len(history) == 1 and why in history[0].lower(), result.stderr
    assert history[0].startswith("stretchtimer: warning: history is not being saved: the ")
    assert len([w for w in warnings if "Could not save the screening" in w]) == 1
    assert len(warnings) == 2, result.stderr  # nothing else, nothing twice
    assert [name for name in after if name.endswith(".tmp")] == []  # no half-written file
    assert set(after) <= set(before) | {"stretchtimer"}
