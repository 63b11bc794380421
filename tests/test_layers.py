"""The layers hold (docs/architecture.md): import-linter's contracts in pyproject.toml pass, and
they do fail when an import crosses a layer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import REPO

ROOT = REPO
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(checkout: Path) -> subprocess.CompletedProcess[str]:
    """Run the contracts of ``checkout``'s pyproject.toml on ``checkout``'s package."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "stretchtimer", tmp_path / "stretchtimer")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(module: Path, line: str) -> None:
    module.write_text(module.read_text() + f"\n{line}  # noqa\n")


def test_an_import_from_the_core_outward_breaks_the_contracts(tmp_path: Path) -> None:
    checkout = copy_of_the_package(tmp_path)
    add_import(checkout / "stretchtimer" / "core" / "durations.py", "import stretchtimer.paths")
    result = lint_imports(checkout)
    assert result.returncode != 0
    assert "The core is pure" in result.stdout and "BROKEN" in result.stdout
    assert "stretchtimer.core.durations -> stretchtimer.paths" in result.stdout


def test_textual_in_the_core_or_the_app_in_plain_mode_breaks_the_contracts(tmp_path: Path) -> None:
    checkout = copy_of_the_package(tmp_path)
    add_import(checkout / "stretchtimer" / "core" / "model.py", "import textual")
    add_import(checkout / "stretchtimer" / "plain" / "runner.py", "import stretchtimer.app.app")
    result = lint_imports(checkout)
    assert result.returncode != 0
    assert "stretchtimer.core.model -> textual" in result.stdout
    assert "stretchtimer.plain.runner -> stretchtimer.app.app" in result.stdout


def test_a_circle_between_the_packages_breaks_the_contracts(tmp_path: Path) -> None:
    """The cli.py <-> plain/runner.py circle that was, put back."""
    checkout = copy_of_the_package(tmp_path)
    add_import(checkout / "stretchtimer" / "plain" / "runner.py", "import stretchtimer.cli")
    result = lint_imports(checkout)
    assert result.returncode != 0
    assert "No circle between the packages" in result.stdout
    assert "stretchtimer.plain.runner -> stretchtimer.cli" in result.stdout
