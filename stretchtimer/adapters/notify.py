"""Desktop notifications: the terminal's own escape where the terminal is known to show it
(OSC 9, 777 or 99, wrapped for tmux when tmux passes it through), else ``notify-send`` on
Linux or ``osascript`` on macOS; where there is none, nothing happens and nothing breaks."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping

from stretchtimer.core.safe_text import first_control

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"
Run = Callable[[list[str]], str | None]  # runs a command; its output, None when it failed


def run_quietly(command: list[str]) -> str | None:
    """Run ``command`` for at most 2 seconds; its standard output, or None when it failed."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=2, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _clean(text: str) -> str:
    """One line with no control characters or escape terminators (';' too: OSC 777 fields)."""
    out = "".join(" " if first_control(c) is not None else c for c in text)
    return out.replace(";", ",")[:200]


def terminal_escape(env: Mapping[str, str], title: str, body: str) -> str | None:
    """The notification escape the terminal in ``env`` shows, or None when it is not known
    to (kitty: OSC 99; iTerm2: OSC 9; WezTerm, foot, Ghostty: OSC 777)."""
    program = env.get("TERM_PROGRAM", "").lower()
    term = env.get("TERM", "").lower()
    title, body = _clean(title), _clean(body)
    if "kitty" in term or "KITTY_WINDOW_ID" in env:
        return f"{ESC}]99;i=1:d=0;{title}{ST}{ESC}]99;i=1:d=1:p=body;{body}{ST}"
    if program == "iterm.app" or "ITERM_SESSION_ID" in env:
        return f"{ESC}]9;{title}: {body}{BEL}"
    if (
        program in ("wezterm", "ghostty")
        or term.startswith(("foot", "xterm-ghostty", "wezterm"))
        or "WEZTERM_PANE" in env
        or "GHOSTTY_RESOURCES_DIR" in env
    ):
        return f"{ESC}]777;notify;{title};{body}{ST}"
    return None


def tmux_wrap(escape: str) -> str:
    """``escape`` in tmux's passthrough envelope (every ESC inside doubled)."""
    return f"{ESC}Ptmux;{escape.replace(ESC, ESC + ESC)}{ST}"


class DesktopNotifier:
    """The best notifier the machine has; ``available`` False (with ``reason``) when none."""

    def __init__(
        self,
        env: Mapping[str, str],
        write: Callable[[str], None] | None,
        run: Run = run_quietly,
        which: Callable[[str], str | None] = shutil.which,
        platform: str = sys.platform,
    ) -> None:
        self._write, self._run = write, run
        self._escape_for: Callable[[str, str], str] | None = None
        self._command: Callable[[str, str], list[str]] | None = None
        if write is not None and terminal_escape(env, "", "") is not None:
            inside_tmux = "TMUX" in env
            if not inside_tmux or _tmux_passes(run):
                wrap = tmux_wrap if inside_tmux else (lambda e: e)
                self._escape_for = lambda t, b: wrap(terminal_escape(env, t, b) or "")
        if self._escape_for is None and platform.startswith("linux") and which("notify-send"):
            self._command = lambda t, b: ["notify-send", "--app-name=stretchtimer", t, b]
        elif self._escape_for is None and platform == "darwin" and which("osascript"):
            self._command = lambda t, b: [
                "osascript",
                "-e",
                f"display notification {_applescript(b)} with title {_applescript(t)}",
            ]
        self.available = self._escape_for is not None or self._command is not None
        self.reason = "" if self.available else "no desktop notifications on this machine"

    def notify(self, title: str, body: str) -> None:
        if self._escape_for is not None and self._write is not None:
            with contextlib.suppress(OSError):
                self._write(self._escape_for(title, body))
        elif self._command is not None:
            self._run(self._command(_clean(title), _clean(body)))


def _tmux_passes(run: Run) -> bool:
    """Whether tmux lets escapes through to the terminal (``allow-passthrough on``)."""
    answer = run(["tmux", "show-options", "-gqv", "allow-passthrough"])
    return answer is not None and answer.strip() in ("on", "all")


def _applescript(text: str) -> str:
    return '"' + _clean(text).replace("\\", "\\\\").replace('"', '\\"') + '"'
