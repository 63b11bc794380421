"""An installed wheel (not the checkout) finds its routines and sounds."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.support import REPO

ROOT = REPO

pytestmark = pytest.mark.slow


def test_the_wheel_ships_routines_and_sounds_and_lists_them(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    wheel = next(dist.glob("stretchtimer-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "stretchtimer/routines/morning-back.yaml" in names
    assert "stretchtimer/routines/exercises.yaml" in names
    assert "stretchtimer/sounds/hold.wav" in names
    assert "stretchtimer/data/screening.yaml" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        check=True,
    )
    home = tmp_path / "home"
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "c"))
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [str(env_dir / "bin" / "stretchtimer"), "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,  # not the checkout: everything must come from the wheel
        check=True,
    )
    assert "morning-back" in result.stdout and "ice-heat" in result.stdout
    where = subprocess.run(
        [str(python), "-c", "from stretchtimer import paths; print(paths.sounds_dir())"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout.strip()
    assert str(env_dir) in where
    assert (Path(where) / "routine-end.wav").is_file()
