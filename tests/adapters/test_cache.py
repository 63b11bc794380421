"""What the app keeps between launches: made again whenever a file it came from changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stretchtimer.adapters.cache import FileCache, stamp
from stretchtimer.adapters.reminders_file import RemindersFile
from stretchtimer.compose import Root
from stretchtimer.core.reminders import DEFAULT_TEXT, Reminder


class Maker:
    """Counts how often the result had to be made."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.made = 0

    def __call__(self) -> str:
        self.made += 1
        return self.source.read_text() if self.source.exists() else "(none)"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "routine.yaml"
    path.write_text("one")
    return path


def test_a_result_is_kept_until_its_file_changes(tmp_path: Path, source: Path) -> None:
    cache = FileCache(tmp_path / "cache", settle_seconds=0)
    make = Maker(source)
    assert cache.get("thing", [source], make) == "one"
    assert FileCache(tmp_path / "cache").get("thing", [source], make) == "one"  # a new launch
    assert make.made == 1
    source.write_text("two, longer")
    assert cache.get("thing", [source], make) == "two, longer"
    assert make.made == 2


def test_a_file_that_appears_or_goes_away_makes_it_again(tmp_path: Path, source: Path) -> None:
    cache = FileCache(tmp_path / "cache", settle_seconds=0)
    make = Maker(source)
    other = tmp_path / "other.yaml"
    assert cache.get("thing", [source], make) == "one"
    other.write_text("x")
    cache.get("thing", [source, other], make)
    assert make.made == 2
    source.unlink()
    assert cache.get("thing", [other], make) == "(none)"
    assert make.made == 3


def test_a_file_changed_moments_ago_is_not_trusted(tmp_path: Path, source: Path) -> None:
    """Within the clock's granularity an edit could keep the stamp: nothing is kept yet."""
    cache = FileCache(tmp_path / "cache", settle_seconds=60)
    make = Maker(source)
    cache.get("thing", [source], make)
    cache.get("thing", [source], make)
    assert make.made == 2
    assert not (tmp_path / "cache" / "thing.pickle").exists()


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_corrupt_cache_is_made_again_and_rewritten(
    tmp_path: Path, source: Path, content: bytes
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "thing.pickle").write_bytes(content)
    cache = FileCache(folder, settle_seconds=0)
    make = Maker(source)
    assert cache.get("thing", [source], make) == "one"
    assert cache.get("thing", [source], make) == "one"
    assert make.made == 1


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path, source: Path) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    cache = FileCache(blocked / "cache", settle_seconds=0)
    make = Maker(source)
    assert cache.get("thing", [source], make) == "one"
    assert cache.get("thing", [source], make) == "one"
    assert make.made == 2


def test_no_folder_keeps_nothing(source: Path) -> None:
    make = Maker(source)
    FileCache(None).get("thing", [source], make)
    FileCache(None).get("thing", [source], make)
    assert make.made == 2


def test_stamps_tell_versions_of_a_file_apart(tmp_path: Path, source: Path) -> None:
    first = stamp(source)
    source.write_text("one!")
    assert stamp(source) != first
    assert stamp(tmp_path / "missing") == (str(tmp_path / "missing"),)


def test_the_catalog_settings_and_questions_come_back_equal(tmp_path: Path) -> None:
    user = tmp_path / "routines"
    user.mkdir()
    (user / "mine.yaml").write_text(
        "version: 1\nname: Mine\nsteps:\n  - exercise: plank\n    hold: 20\n"
    )
    (user / "bad.yaml").write_text("version: 1\nname: Bad\nsteps: []\n")
    settings = tmp_path / "settings.yaml"
    settings.write_text("volume: 0.5\nunknown: 1\n")

    def services() -> Root:
        made = Root(user_dir=user, settings_path=settings, cache_dir=tmp_path / "cache")
        made.cache.settle_seconds = 0
        return made

    first, second = services(), services()
    assert second.catalog() == first.catalog()
    assert [e.id for e in second.catalog().broken()] == ["bad"]
    assert second.load_settings() == first.load_settings()
    assert second.load_settings()[0].volume == 0.5 and len(second.load_settings()[1]) == 1
    assert second.screening_text() == first.screening_text()
    assert {p.name for p in (tmp_path / "cache").iterdir()} == {
        "catalog.pickle",
        "settings.pickle",
        "screening.pickle",
    }


def test_a_launch_with_nothing_changed_does_not_import_yaml(tmp_path: Path) -> None:
    """The start-up path to the first screen, twice: the second never loads PyYAML."""
    code = (
        "import sys\n"
        "from stretchtimer.compose import Root\n"
        "s = Root()\n"
        "s.cache.settle_seconds = 0\n"
        "s.catalog(); s.load_settings(); s.screening_text()\n"
        "import stretchtimer.app.app, stretchtimer.app.screens.home\n"
        "import stretchtimer.app.screens.screening, stretchtimer.app.screens.run\n"
        "print('yaml' in sys.modules)\n"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    (tmp_path / "config" / "stretchtimer").mkdir(parents=True)
    (tmp_path / "config" / "stretchtimer" / "settings.yaml").write_text("muted: true\n")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")

    def yaml_imported() -> str:
        return subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()

    assert yaml_imported() == "True"  # the first launch reads the files
    assert yaml_imported() == "False"


def test_a_kept_file_over_the_size_limit_is_not_read(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = FileCache(tmp_path / "cache", settle_seconds=0)
    make = Maker(source)
    cache.get("thing", [source], make)
    kept = (tmp_path / "cache" / "thing.pickle").stat().st_size
    monkeypatch.setattr("stretchtimer.adapters.cache.MAX_KEPT_BYTES", kept - 1)
    assert FileCache(tmp_path / "cache").get("thing", [source], make) == "one"
    assert make.made == 2


BERLIN = ZoneInfo("Europe/Berlin")
ROUTINES = frozenset({"walk-break", "morning"})


def test_a_start_with_the_reminders_unchanged_imports_neither_yaml_nor_ruamel(
    tmp_path: Path,
) -> None:
    """The app's start reads the reminders file too: the second start finds it kept."""
    code = (
        "import sys\n"
        "from stretchtimer.compose import Root\n"
        "s = Root()\n"
        "s.cache.settle_seconds = 0\n"
        "s.catalog(); s.load_settings(); s.screening_text()\n"
        "reminders, problems = s.reminders().file.load()\n"
        "assert reminders and not problems, problems\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'ruamel'}))\n"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_STATE_HOME"] = str(tmp_path / "state")

    def imported() -> str:
        return subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()

    assert imported() == "['yaml']"  # the first start writes the file and reads it
    assert (tmp_path / "config" / "stretchtimer" / "reminders.yaml").exists()
    assert imported() == "[]"


def kept_reminders(tmp_path: Path, path: Path, **changes: object) -> RemindersFile:
    """The reminders file read through a start-up cache in ``tmp_path``."""
    cache = FileCache(tmp_path / "cache", settle_seconds=0)
    options: dict[str, object] = {"zone": BERLIN, "routines": ROUTINES, **changes}
    return RemindersFile(path, cache=cache, **options)  # type: ignore[arg-type]


def test_a_changed_reminders_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "reminders.yaml"
    first, _ = kept_reminders(tmp_path, path).load()  # created with the defaults, and kept
    assert (tmp_path / "cache" / "reminders.pickle").exists()
    assert first[0].interval == 3600
    path.write_text(path.read_text().replace("every: 60m", "every: 45m"))
    again, problems = kept_reminders(tmp_path, path).load()
    assert problems == [] and again[0].interval == 45 * 60


def test_kept_reminders_follow_the_zone_and_the_routines(tmp_path: Path) -> None:
    path = tmp_path / "reminders.yaml"
    path.write_text(DEFAULT_TEXT.replace("routine: walk-break", "routine: morning"))
    reminders, problems = kept_reminders(tmp_path, path).load()
    assert problems == [] and reminders[0].zone == BERLIN
    tokyo = ZoneInfo("Asia/Tokyo")
    assert kept_reminders(tmp_path, path, zone=tokyo).load()[0][0].zone == tokyo
    _, problems = kept_reminders(tmp_path, path, routines=frozenset({"walk-break"})).load()
    assert [p.message for p in problems] == ["unknown routine 'morning'"]


def test_a_broken_reminders_file_is_reported_with_its_position_every_start(
    tmp_path: Path,
) -> None:
    path = tmp_path / "reminders.yaml"
    path.write_text("version: 1\nreminders:\n  - id: walk\n    every: 0\n")
    message = f"{path}:4:12: error: 'every': a duration must be at least 1s, got '0'"
    for _ in range(2):  # read, then the kept copy
        reminders, problems = kept_reminders(tmp_path, path).load()
        assert [str(p) for p in problems] == [message]
        assert reminders == [Reminder(zone=BERLIN)]  # the defaults
    assert (tmp_path / "cache" / "reminders.pickle").exists()


def test_an_unreadable_reminders_file_is_never_kept(tmp_path: Path) -> None:
    path = tmp_path / "reminders.yaml"
    path.write_bytes(b"version: 1\n\xff\xfe")
    _, problems = kept_reminders(tmp_path, path).load()
    assert len(problems) == 1 and "cannot read" in problems[0].message
    assert not (tmp_path / "cache" / "reminders.pickle").exists()
