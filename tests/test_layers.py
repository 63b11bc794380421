"""The layers hold: the pure core never imports Textual, and neither do the adapters."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import stretchtimer.adapters
import stretchtimer.core


def modules_of(package) -> list[str]:
    return [f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)]


def imported_after(modules: list[str]) -> set[str]:
    """Import ``modules`` in a fresh interpreter; return the top-level packages it loaded."""
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "print('\\n'.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_core_and_adapters_do_not_import_textual() -> None:
    modules = modules_of(stretchtimer.core) + modules_of(stretchtimer.adapters)
    assert len(modules) >= 10
    loaded = imported_after(modules)
    assert "stretchtimer" in loaded
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_plain_mode_and_cli_do_not_import_textual() -> None:
    loaded = imported_after(["stretchtimer.cli", "stretchtimer.plain.runner"])
    assert "textual" not in loaded
