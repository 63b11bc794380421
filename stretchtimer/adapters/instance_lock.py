"""One stretchtimer a session runs the reminders: an fcntl lock on a file, freed by the
kernel when the process ends (however it ends)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class InstanceLock:
    """Try :meth:`acquire`; False means another process holds it (its pid in :attr:`holder`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.holder: str = ""

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
