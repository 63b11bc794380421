"""The routine editor: typing in a field of a 100-step routine, against a minimal app's Input.

Each keystroke in the highlighted step's hold re-reads the value, updates the step, its line
in the list and the total; the figure is the time from the key to the screen processed and
laid out again (``Pilot.press`` then ``Pilot.pause``, headless, so no terminal's write),
per keystroke, median over the run; the reference is the same keystroke in an app holding a
single ``Input``, measured A B A B ... (Pilot's own round trip is most of both). The goal:
the editor's extra over the reference within one frame at 60 Hz (16.7 ms).
"""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
import time
from pathlib import Path

from bench.registry import Figure, Options, ref_plus, scenario
from bench.stats import alternate, median

STEPS = 100
KEYS = 20  # keystrokes per measured run (typing and deleting a value)


def _routine_file(folder: Path) -> Path:
    from stretchtimer.adapters.routine_files import load_catalog
    from stretchtimer.adapters.routine_writer import dump_routine
    from stretchtimer.core.routine_doc import routine_document, set_timing

    catalog = load_catalog()
    base = catalog.find("morning-back")
    short = [set_timing(set_timing(s, "hold", 15), "reps", 2) for s in base.steps]
    short = [dataclasses.replace(s, easier=None) for s in short]
    steps = tuple(short[i % len(short)] for i in range(STEPS))  # within the 4 h limit
    routine = dataclasses.replace(base, id="hundred", name="A hundred steps", steps=steps)
    path = folder / "hundred.yaml"
    path.write_text(dump_routine(routine_document(routine, catalog.exercises)))
    return path


async def _type(app: object, field: str) -> float:
    """Milliseconds per keystroke typing into ``field`` of ``app``'s screen."""
    from textual.app import App
    from textual.widgets import Input

    assert isinstance(app, App)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one(field, Input).focus()
        await pilot.pause()
        took = []
        for n in range(KEYS):
            key = "backspace" if n % 2 else "5"
            began = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            took.append(time.perf_counter() - began)
    return median(took) * 1000


def _editor_ms(path: Path) -> float:
    from textual.app import App

    from stretchtimer.adapters.routine_files import load_catalog, load_routine
    from stretchtimer.adapters.routine_writer import ChangedOnDisk, EditedRoutine
    from stretchtimer.app.screens.editor import EditorScreen

    exercises = load_catalog().exercises
    routine = load_routine(path, exercises)
    css = Path(__file__).resolve().parents[2] / "stretchtimer" / "app" / "stretchtimer.tcss"

    class Host(App[None]):
        CSS_PATH = str(css)

        def on_mount(self) -> None:
            store = EditedRoutine.open(routine, exercises)
            self.push_screen(EditorScreen(routine, exercises, store, changed_error=ChangedOnDisk))

    return asyncio.run(_type(Host(), "#s-hold"))


def _reference_ms() -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class OneInput(App[None]):
        def compose(self) -> ComposeResult:
            yield Input("30s", id="field")

    return asyncio.run(_type(OneInput(), "#field"))


@scenario("editor", f"keystroke to frame in the editor with {STEPS} steps", minutes=0.5)
def editor(options: Options) -> list[Figure]:
    """Alternate the editor and the reference, ``options.runs`` times."""
    with tempfile.TemporaryDirectory() as folder:
        path = _routine_file(Path(folder))
        app, ref = alternate(lambda: _editor_ms(path), _reference_ms, options.runs)
    return [
        Figure(
            f"editor: a keystroke, {STEPS} steps",
            median(app),
            "ms",
            median(ref),
            ref_plus(16.7, "ms"),
            note="ref: a minimal app's Input; headless, to laid out",
            samples=tuple(app),
        )
    ]
