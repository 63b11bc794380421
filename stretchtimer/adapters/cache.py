"""What the app makes from files at start-up, kept on disk until one of those files changes.

The first screen has a budget of a few milliseconds over a bare Textual app, and reading YAML
costs more than that: importing PyYAML alone takes about 10 ms (and 1 MB of memory). So what
the app makes from its files at start (the catalog of routines, the red-flag questions, the
settings, the reminders) is kept, pickled, in the cache folder, beside the stamp of every
file it was made from and of the code that made it. A launch whose stamps all match loads it
without touching YAML; any change (a file edited, added or removed, the app's code changed)
makes it again.

A stamp is a file's size, modification and change times and inode, as ``make`` and git use.
A file changed again within the clock's granularity could keep its stamp, so a result made
from a file changed less than ``settle_seconds`` ago is not kept (git calls this "racily
clean"). A cache that cannot be read or written is passed over: it costs time,
never data or correctness. Pickle runs code from what it loads, so the folder must be the
user's own, as their config folder is.
"""

from __future__ import annotations

import contextlib
import pickle
import sys
import time
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import TypeVar

from stretchtimer import __version__
from stretchtimer.adapters.files import MAX_READ_BYTES, read_capped, write_atomic

T = TypeVar("T")
Stamp = tuple[str, int, int, int, int] | tuple[str]  # path, size, mtime, ctime, inode | missing

_FORMAT = 1
MAX_KEPT_BYTES = 16 * MAX_READ_BYTES  # a larger file is not read: its result is made again
_HERE = Path(__file__).resolve().parent
_CORE = _HERE.parent / "core"  # the code that makes what is kept, with the readers' below
_READERS = ("routine_files.py", "settings_file.py", "screening_file.py", "reminders_file.py")


def stamp(path: Path) -> Stamp:
    """What identifies this version of ``path``; ``(path,)`` when it does not exist."""
    try:
        info = path.stat()
    except OSError:
        return (str(path),)
    return (str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class FileCache:
    """Results by name, each valid while the files it was made from keep their stamps.

    ``folder`` None keeps nothing: every ``get`` makes its result anew.
    """

    def __init__(self, folder: Path | None, *, settle_seconds: float = 2.0) -> None:
        self.folder = folder
        self.settle_seconds = settle_seconds
        self._code: tuple[Stamp, ...] | None = None

    def get(
        self,
        name: str,
        sources: Iterable[Path],
        make: Callable[[], T],
        *,
        inputs: Hashable = (),
    ) -> T:
        """The kept result ``name`` if ``sources`` are unchanged, else ``make()`` (kept).

        ``inputs``: what else ``make`` depends on (picklable, compared by equality), e.g. the
        time zone the reminders are read in: a different value makes the result again.
        """
        if self.folder is None:
            return make()
        stamps = (*self._code_stamps(), *(stamp(path) for path in sources))
        key = (_FORMAT, __version__, sys.hexversion, stamps, inputs)
        where = self.folder / f"{name}.pickle"
        with contextlib.suppress(Exception):  # missing, unreadable, corrupt or from other code
            kept_key, value = pickle.loads(read_capped(where, MAX_KEPT_BYTES))
            if kept_key == key:
                return value
        value = make()
        if self._settled(stamps):
            with contextlib.suppress(OSError, pickle.PicklingError):
                write_atomic(where, pickle.dumps((key, value), pickle.HIGHEST_PROTOCOL))
        return value

    def _settled(self, stamps: Iterable[Stamp]) -> bool:
        """Whether every file is old enough that a change to it would change its stamp."""
        oldest_ok = time.time_ns() - int(self.settle_seconds * 1e9)
        return all(len(s) == 1 or max(s[2], s[3]) < oldest_ok for s in stamps)

    def _code_stamps(self) -> tuple[Stamp, ...]:
        """The stamps of the core's modules and the readers: new code makes every result again."""
        if self._code is None:
            code = [*_CORE.glob("*.py"), *(_HERE / name for name in _READERS)]
            self._code = tuple(stamp(path) for path in sorted(code))
        return self._code
