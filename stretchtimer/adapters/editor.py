"""The person's own text editor: ``$VISUAL``, else ``$EDITOR``, else ``nano`` or ``vi``."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """``$VISUAL``, else ``$EDITOR``, else ``nano`` or ``vi`` where found, split as a shell
    would; ``None`` when there is none."""
    environ = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    for fallback in ("nano", "vi"):
        found = shutil.which(fallback)
        if found:
            return [found]
    return None


def run_editor(path: Path) -> str | None:
    """Open ``path`` in the person's editor and wait; the problem, or ``None``."""
    command = editor_command()
    if command is None:
        return "no editor found: set $VISUAL or $EDITOR"
    try:
        status = subprocess.call([*command, str(path)])
    except OSError as error:
        return f"cannot run the editor '{command[0]}': {error.strerror or error}"
    return None if status == 0 else f"the editor '{command[0]}' exited with status {status}"
