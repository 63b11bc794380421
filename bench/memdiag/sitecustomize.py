"""The app's memory seen from inside, for a soak: a bench tool, never part of the app.

Python imports ``sitecustomize`` at start-up from the path, so this directory put on the
app's path watches the real app in its real terminal with no change to its code::

    python -m bench --only soak --soak-minutes 30 --pythonpath bench/memdiag

(``--pythonpath TREE:bench/memdiag`` for the app of another source tree.) It acts only in
the ``stretchtimer`` process (not the sound player's) and writes to ``$MEMDIAG_OUT``
(default ``/tmp/memdiag-PID``):

- ``log.tsv`` every minute: ``VmRSS``; the resident memory of the ``[heap]``, of the other
  anonymous mappings (Python's own arenas, the other threads' malloc arenas, stacks) and of
  files; glibc's ``mallinfo2`` (bytes from the system, in use, free); SQLite's
  ``sqlite3_memory_used`` (its page caches); tracemalloc's traced bytes and its own cost;
  live objects the collector tracks; threads.
- with ``MEMDIAG_FRAMES=N`` (N > 0), tracemalloc from the start with N frames, and a
  snapshot ``snap-MMM.pickle`` every ``MEMDIAG_SNAP_MINUTES`` (5), to compare by line
  (``Snapshot.load(b).compare_to(Snapshot.load(a), "traceback")``). Tracing costs time
  and memory (about 25 MB more at 25 frames, and each snapshot more): its RSS is not the
  app's, only its traced bytes are.

Traced bytes flat while glibc's free bytes grow means the allocator, not the app's objects.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import threading
import time
import tracemalloc

KINDS = ("heap", "anon", "file")


def _is_app() -> bool:
    argv = getattr(sys, "argv", None) or []
    return bool(argv) and os.path.basename(argv[0]) == "stretchtimer"


def _vm_rss() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def _resident() -> dict[str, int]:
    """Resident kB by kind of mapping: the ``[heap]``, other anonymous, files."""
    found = dict.fromkeys(KINDS, 0)
    kind = "anon"
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            parts = line.split()
            if not parts[0].endswith(":"):  # a mapping's first line: its range and name
                name = parts[5] if len(parts) > 5 else ""
                kind = "heap" if name == "[heap]" else "file" if name.startswith("/") else "anon"
            elif parts[0] == "Rss:":
                found[kind] += int(parts[1])
    return found


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            *("arena", "ordblks", "smblks", "hblks", "hblkhd"),
            *("usmblks", "fsmblks", "uordblks", "fordblks", "keepcost"),
        )
    ]


def _glibc() -> tuple[int, int, int]:
    """Bytes glibc's malloc has from the system (all arenas), in use, free; -1 if unknown."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallinfo2.restype = _Mallinfo2
        info = libc.mallinfo2()
    except (OSError, AttributeError):
        return -1, -1, -1
    return info.arena, info.uordblks, info.fordblks


def _sqlite() -> int:
    """Bytes SQLite has allocated (its page caches among them); -1 if unknown."""
    try:
        library = ctypes.CDLL("libsqlite3.so.0")
    except OSError:
        return -1
    library.sqlite3_memory_used.restype = ctypes.c_int64
    return int(library.sqlite3_memory_used())


def _watch(out: str, snap_minutes: float) -> None:
    began = time.monotonic()
    next_snap = snap_minutes
    with open(os.path.join(out, "log.tsv"), "a", buffering=1) as log:
        log.write(
            "min\trss_kb\theap_kb\tanon_kb\tfile_kb\tglibc_arena\tglibc_inuse\tglibc_free"
            "\tsqlite\ttraced\ttracemalloc_self\tobjects\tthreads\n"
        )
        while True:
            time.sleep(60)
            minute = (time.monotonic() - began) / 60
            resident = _resident()
            row = (
                f"{minute:.1f}",
                _vm_rss(),
                *(resident[kind] for kind in KINDS),
                *_glibc(),
                _sqlite(),
                tracemalloc.get_traced_memory()[0],
                tracemalloc.get_tracemalloc_memory(),
                len(gc.get_objects()),
                threading.active_count(),
            )
            log.write("\t".join(str(value) for value in row) + "\n")
            if tracemalloc.is_tracing() and minute >= next_snap:
                gc.collect()
                snapshot = tracemalloc.take_snapshot()
                snapshot.dump(os.path.join(out, f"snap-{round(minute):03d}.pickle"))
                next_snap += snap_minutes


def start() -> None:
    """Trace (if asked) and watch from a daemon thread of its own."""
    out = os.environ.get("MEMDIAG_OUT") or f"/tmp/memdiag-{os.getpid()}"
    os.makedirs(out, exist_ok=True)
    frames = int(os.environ.get("MEMDIAG_FRAMES", "0"))
    if frames > 0:
        tracemalloc.start(frames)
    snap_minutes = float(os.environ.get("MEMDIAG_SNAP_MINUTES", "5"))
    threading.Thread(target=_watch, args=(out, snap_minutes), name="memdiag", daemon=True).start()


if _is_app():
    start()
