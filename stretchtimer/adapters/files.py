"""Files written safely: atomic rewrites (a temp file in the same folder, fsync, then rename)
and append-only files of lines; reads capped in size."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

MAX_READ_BYTES = 1024 * 1024  # every file read at start-up; the app's own are a few kB


class FileTooLarge(OSError):
    """A file over the size limit: not read at all, so a huge one costs no time or memory."""

    def __init__(self, size: int | None, limit: int) -> None:
        shown = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
        mib = f" ({limit / 2**20:g} MiB)" if limit % 2**16 == 0 else ""
        super().__init__(f"file is larger than {limit:,} bytes{mib}: {shown}")
        self.size = size


def read_capped(path: Path, limit: int = MAX_READ_BYTES) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes.

    Raises ``FileTooLarge`` over the limit, ``OSError`` for anything but a regular file
    (a FIFO would block the read forever), and as ``open`` does.
    """
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError("not a regular file")
    if info.st_size > limit:
        raise FileTooLarge(info.st_size, limit)
    with path.open("rb") as handle:
        # Sized by the file, never by the limit: ``read(n)`` asks for n bytes at once (16 MiB
        # for the start-up cache's few kB: committed memory, and most of a start's peak as
        # tracemalloc sees it, though pages never touched are not resident).
        data = handle.read(info.st_size + 1)
        if len(data) > info.st_size:  # grown since the stat (rare): on to the limit
            data += handle.read(limit + 1 - len(data))
    if len(data) > limit:
        raise FileTooLarge(None, limit)
    return data


def write_atomic(path: Path, content: str | bytes, *, mode: int | None = None) -> None:
    """Write ``content`` to ``path`` so that a reader sees the old or the new file, never half.

    Text is written as UTF-8; bytes as they are. ``mode`` sets the new file's permissions
    (otherwise those of a temporary file: the owner's only).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class AppendOnlyFile:
    """A file of text lines that is only ever added to: nothing in it is rewritten or dropped.

    Lines are read one by one as UTF-8; a line that is not (a UTF-16 file, a stray byte) is
    skipped when reading and stays in the file as it is.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def read_lines(self) -> list[str]:
        """The lines that are UTF-8 text, oldest first; none when the file does not exist."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        lines = []
        for raw in data.split(b"\n"):
            try:
                lines.append(raw.decode("utf-8-sig").rstrip("\r"))
            except UnicodeDecodeError:
                continue
        return lines

    def append_line(self, line: str) -> None:
        """Add ``line`` and a newline at the end (one write with ``O_APPEND``), then fsync.

        If the file ends in the middle of a line (a write cut short), a newline goes first,
        so that line is left alone rather than joined to the new one.
        """
        data = line.encode("utf-8") + b"\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if self._ends_mid_line(os.fstat(fd).st_size):
                data = b"\n" + data
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)

    def _ends_mid_line(self, size: int) -> bool:
        if size == 0:
            return False
        try:
            with self.path.open("rb") as handle:
                handle.seek(-1, os.SEEK_END)
                return handle.read(1) != b"\n"
        except OSError:
            return True  # cannot tell: a blank line is harmless, a joined one is not
