"""The writer thread of the reminder state, and the reminder log's calls that never wait."""

from __future__ import annotations

import errno
import threading
from datetime import datetime, timedelta, timezone

from stretchtimer.adapters.latest_writer import LatestWriter
from stretchtimer.adapters.reminder_log import JsonlReminderLog
from stretchtimer.adapters.store_sqlite import StoreReminderLog, StoreThread, open_store
from stretchtimer.core.ports import ReminderEvent

AT = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def test_writes_run_in_order_on_one_thread_and_a_waiting_snapshot_gives_way_to_a_newer() -> None:
    started, free = threading.Event(), threading.Event()
    written: list[tuple[int, int]] = []

    def write(snapshot: int) -> None:
        written.append((snapshot, threading.get_ident()))
        if snapshot == 1:
            started.set()
            free.wait(5)

    writer = LatestWriter(write, name="test")
    first = writer.put(1)
    assert started.wait(5)  # 1 is being written: 2, 3 and 4 wait, the newest in front
    second, third, fourth = writer.put(2), writer.put(3), writer.put(4)
    assert second is third is fourth and not first.done()
    free.set()
    assert writer.close(timeout=5)
    assert [snapshot for snapshot, _ in written] == [1, 4]
    assert written[0][1] == written[1][1] != threading.get_ident()
    assert first.result() is None and fourth.result() is None


def test_a_failed_write_is_the_outcome_and_the_next_one_still_runs() -> None:
    def write(snapshot: str) -> None:
        if snapshot == "full":
            raise OSError(errno.ENOSPC, "No space left on device")

    writer = LatestWriter(write)
    failed = writer.put("full")
    assert isinstance(failed.result(5), OSError) and failed.result().errno == errno.ENOSPC
    assert writer.put("room").result(5) is None
    assert writer.close()


def test_the_reminder_log_queues_without_waiting_for_the_store_to_open(tmp_path) -> None:
    free = threading.Event()

    def slow_open():  # another stretchtimer holds the database while this one opens it
        free.wait(5)
        return open_store(tmp_path / "history.sqlite3")

    thread = StoreThread(slow_open)
    log = StoreReminderLog(thread, JsonlReminderLog(tmp_path / "reminders.jsonl"))
    written = log.record_later(ReminderEvent(AT, "walk", "due", None))
    read = log.events_later(AT)
    assert not written.done() and not read.done()  # queued; the caller went on
    free.set()
    assert written.result(5) is None
    assert [event.action for event in read.result(5)] == ["due"]
    thread.close()
