"""The scenarios, registered on import in the order they run (a new one: a module here)."""

from bench.scenarios import (  # noqa: F401
    accuracy,
    cpu,
    cues,
    editor,
    progress,
    reminders,
    soak,
    soak_session,
    startup,
    validate,
)
