"""The user's settings: one typed, immutable record with one load and one save point.

``parse_settings`` never raises: bad text or bad values give the defaults for what is bad,
plus one-line ``FILE:LINE:COL: error: ...`` warnings. The file itself is read and written by
``adapters/settings_file.py``.
Change a setting with ``dataclasses.replace`` (which checks the new value).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from stretchtimer.core.errors import Diagnostic


def _flag(name: str) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if type(value) is not bool:
            raise ValueError(f"{name} must be true or false")
        return value

    return check


def _whole(name: str, low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if type(value) is not int or not low <= value <= high:
            raise ValueError(f"{name} must be a whole number between {low} and {high}")
        return value

    return check


def _volume(value: Any) -> float:
    # the range first: math.isfinite of an int of 400 digits raises OverflowError; NaN fails it
    if type(value) not in (int, float) or not 0 <= value <= 1:
        raise ValueError("volume must be between 0 and 1")
    return float(value)


def _theme(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("theme must be a theme name")
    return value.strip()


_PHONE = re.compile(r"\+?[0-9][0-9 -]{0,19}")


def _emergency_number(value: Any) -> str:
    """The person's own emergency number, shown instead of the examples; "" for none."""
    if not isinstance(value, str) or not (value.strip() == "" or _PHONE.fullmatch(value.strip())):
        raise ValueError(
            "emergency_number must be a phone number in quotes (digits, spaces, + or -), "
            "for example '112'"
        )
    return value.strip()


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "muted": _flag("muted"),
    "volume": _volume,
    "countdown_seconds": _whole("countdown_seconds", 0, 10),
    "spoken_cues": _flag("spoken_cues"),
    "screening_reset_hour": _whole("screening_reset_hour", 0, 23),
    "theme": _theme,
    "emergency_number": _emergency_number,
    "weekly_goal_minutes": _whole("weekly_goal_minutes", 10, 2000),
    "pain_check_ins": _flag("pain_check_ins"),
}
_TEXTS = {"theme", "emergency_number"}  # text: a bare number is refused by the check itself


@dataclass(frozen=True)
class Settings:
    """Every user setting, checked on construction (ValueError if out of range)."""

    muted: bool = False
    volume: float = 0.8
    countdown_seconds: int = 3
    spoken_cues: bool = False
    screening_reset_hour: int = 4
    theme: str = "textual-dark"
    emergency_number: str = ""
    weekly_goal_minutes: int = 150  # the guide's 30 minutes on most days
    pain_check_ins: bool = True  # the app's 0-10 score before and after a session

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, _CHECKS[f.name](getattr(self, f.name)))


def parse_settings(where: str, data: bytes) -> tuple[Settings, list[str]]:
    """The settings in the file ``where`` holding ``data``, and any warnings. Never raises.

    Text that is not UTF-8 or not YAML (binary, a control character) gives the defaults and
    one warning with the place of the problem.
    """
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        message = f"cannot read settings: not UTF-8 text (invalid byte 0x{data[exc.start]:02x})"
        return Settings(), [_warning(where, line, column, message)]
    return _read_yaml(where, source)


def unreadable(where: str, problem: str) -> tuple[Settings, list[str]]:
    """The defaults, and the warning for a settings file that cannot be read."""
    return Settings(), [_warning(where, 1, 1, f"cannot read settings: {problem}")]


def _warning(where: str, line: int, column: int, message: str) -> str:
    return str(Diagnostic(where, line, column, message))


def _read_yaml(where: str, source: str) -> tuple[Settings, list[str]]:
    """The settings in the YAML ``source``; the defaults for what is missing or bad."""
    import yaml  # here, not at the top: no file, or a kept copy (adapters.cache), needs none
    from yaml.constructor import SafeConstructor

    from stretchtimer.core.errors import clip
    from stretchtimer.core.yaml_source import nondecimal, reader_problem

    try:
        root = yaml.compose(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.reader.ReaderError as exc:
        return Settings(), [_warning(where, *reader_problem(source, exc))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = clip(str(exc.problem or exc.context))
        return Settings(), [_warning(where, line, column, f"invalid YAML: {problem}")]
    except (yaml.YAMLError, RecursionError) as exc:
        problem = "nested too deeply" if isinstance(exc, RecursionError) else clip(str(exc))
        return Settings(), [_warning(where, 1, 1, f"invalid YAML: {problem}")]
    if root is None or root.tag == "tag:yaml.org,2002:null":
        return Settings(), []
    if not isinstance(root, yaml.MappingNode):
        mark = root.start_mark
        message = "settings must be a mapping of name: value"
        return Settings(), [_warning(where, mark.line + 1, mark.column + 1, message)]
    constructor = SafeConstructor()
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        mark = key_node.start_mark
        if key not in _CHECKS:
            shown = f"'{clip(key)}'" if isinstance(key, str) else "that is not a name"
            message = f"unknown setting {shown} (ignored)"
        elif key in values:
            message = f"{key} is set twice (the first one is used)"
        else:
            mark = value_node.start_mark
            try:
                numeric = key not in _TEXTS and isinstance(value_node, yaml.ScalarNode)
                if numeric and (odd := nondecimal(value_node, str)):
                    raise ValueError(f"invalid {key}: {odd}")
                value = constructor.construct_object(value_node, deep=True)
                values[key] = _CHECKS[key](value)
                continue
            except (ValueError, TypeError, yaml.YAMLError, RecursionError) as exc:
                message = clip(str(exc), 200)
        warnings.append(_warning(where, mark.line + 1, mark.column + 1, message))
    return Settings(**values), warnings


def settings_yaml(settings: Settings) -> str:
    """The text of a settings file holding ``settings``."""
    import yaml

    header = "# stretchtimer settings (rewritten by the app)\n"
    return header + yaml.safe_dump(asdict(settings), sort_keys=False)
