"""The scenarios, registered on import in the order they run (a new one: a module here)."""

from bench.scenarios import accuracy, cpu, cues, editor, soak, startup, validate  # noqa: F401
