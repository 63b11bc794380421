"""Cues: what starting a sound costs the event loop, with the real players and ALSA.

The app runs in-process (``bench/inproc.py``) through a routine of short phases, its cues
played by the real player (simpleaudio, then the fallback ``aplay``) into ALSA's capture
files. Measured on the app's loop: how long each ``RunScreen.sound`` call took (the first
one makes the player), how long after its moment each cue started (the run screen starts it
once the frame showing that moment is out), and the longest gap between iterations of a 1 ms
asyncio ticker within 50 ms of the tick that handled a cue, apart for cues within a phase
(countdown, halfway) and cues due at a phase change (hold, rest, switch, exercise end),
which come with the redraw of a new phase. The reference beside each: the same session muted
(``muted: true`` in the settings), its longest gap near the same moments: the same ticks and
redraws, no sound. Three rounds of the three sessions, in turn; a gap figure is the median
of the sessions' longest gaps (the worst in its note). The last cue (routine end) is left
out: the summary screen is built right after it, a gap of its own. And what the bare players
cost a caller (``play_buffer`` vs ``wait_done``, ``Popen`` vs ``wait``).
"""

from __future__ import annotations

from bench.drive import run_inproc, settled
from bench.registry import Figure, Options, at_most, scenario
from bench.sessions import short_phases_sandbox
from bench.stats import median, percentile

MS = 1000.0
NEAR = 0.05  # seconds either side of a cue
NAN = float("nan")


def _max_gap(gaps: list[list[float]], moments: list[float], near: float) -> float:
    """The longest loop gap overlapping ``near`` seconds either side of any moment."""
    if not moments:
        return NAN
    longest = 0.0
    for start, interval in gaps:
        end = start + interval
        if any(start - near <= t and end + near >= t for t in moments):
            longest = max(longest, interval)
    return longest


def _session(options: Options, backend: str, seconds: float, muted: bool = False) -> dict:
    """One in-process session of short phases with ``backend``; what ``inproc.py`` recorded,
    with the number of sounds that reached the (captured) device as ``played``."""
    with short_phases_sandbox("cues", seconds, audio=backend) as (sb, routine):
        if muted:
            sb.write_settings(muted=True, pain_check_ins=False)
        options.log(f"cues: {backend}{' (muted)' if muted else ''}")
        record = run_inproc(options, sb, str(routine), "--gaps", timeout=seconds + 90)
        record["played"] = sb.sounds_played()
    return record


def _moments(record: dict) -> tuple[list[float], list[float]]:
    """When the loop handled cues within a phase (countdown, halfway), and cues at a phase
    change (hold, rest, switch, exercise end: handled with the redraw of a new phase)."""
    start, end = settled(record), record["ended"]
    events = [e for e in record["events"] if start < e[3] < end - 2 * NEAR]
    changes = {e[2] for e in events if e[0] == "PhaseStarted"}
    cued = {e[2]: e[3] for e in events if e[0] == "CueDue"}  # one tick handles a due instant
    mid = [t for due, t in cued.items() if due not in changes]
    return mid, [t for due, t in cued.items() if due in changes]


def _lateness(record: dict) -> list[float]:
    """How long after its moment each cue started (seconds): the ``RunScreen.sound`` calls
    paired in order with the engine's cue events (none is stale in a session without stalls)."""
    due = [(e[1], e[2]) for e in record["events"] if e[0] == "CueDue"]
    started = [(cue, at) for cue, at, _ in record["sounds"]]
    if [cue for cue, _ in due] != [cue for cue, _ in started]:
        return []
    return [at - moment for (_, moment), (_, at) in zip(due, started, strict=True)]


def _gaps(record: dict) -> list[list[float]]:
    """The loop's gaps up to the routine's end (the summary screen is built then)."""
    return [g for g in record["gaps"] if record["start"] < g[0] < record["ended"] - NEAR]


ROUNDS = 3  # sessions per setting, alternating: muted, simpleaudio, aplay, muted, ...


@scenario("cues", "cost of starting a cue on the event loop, simpleaudio and aplay", minutes=7.0)
def cues(options: Options) -> list[Figure]:
    """Both backends and the same session muted as their reference, in alternating rounds.

    The longest gap of one session is one sample: a single hiccup of the machine, which the
    muted session shows as well, decides it. So each setting runs ``ROUNDS`` times in turn
    (A B C A B C ...) and the figure is the median of the sessions' longest gaps, the worst
    of them in its note; the other figures pool the cues of every round.
    """
    seconds = 15 if options.quick else 40
    rounds = 1 if options.quick else ROUNDS
    settings = (("silent", True), ("simpleaudio", False), ("aplay", False))
    records: dict[tuple[str, bool], list[dict]] = {setting: [] for setting in settings}
    for _ in range(rounds):
        for backend, muted in settings:
            records[backend, muted].append(_session(options, backend, seconds, muted))
    quiet = [_longest_gaps(record) for record in records["silent", True]]
    figures: list[Figure] = []
    for backend in ("simpleaudio", "aplay"):
        runs = records[backend, False]
        sounds = [sound for record in runs for sound in record["sounds"]]
        costs = [took * MS for _, _, took in sounds]
        late = [t for record in runs for t in _lateness(record)]
        longest = [_longest_gaps(record) for record in runs]
        player = runs[0]["player"]
        name = player + ("" if player == backend else f" (asked {backend})")
        note = f"{len(sounds)} cues, {sum(r['played'] for r in runs)} sounds captured"
        first = f"first cue {runs[0]['sounds'][0][2] * MS:.2f} ms" if runs[0]["sounds"] else ""
        figures += [
            Figure(
                f"cues, {name}: play on the loop, median",
                median(costs),
                "ms",
                goal=at_most(1, "ms"),
                note=note,
                samples=tuple(costs),
            ),
            Figure(
                f"cues, {name}: play on the loop, max",
                max(costs, default=NAN),
                "ms",
                goal=at_most(3, "ms"),
                note=first,
            ),
            Figure(
                f"cues, {name}: started after the cue's moment, p99",
                percentile(late, 99) * MS if late else NAN,
                "ms",
                goal=at_most(10, "ms"),
                note=f"{len(late)} cues; once the frame showing the moment is out",
                samples=tuple(t * MS for t in late),
            ),
        ]
        for where in WHERE:
            mine = [gaps[where] * MS for gaps in longest]
            ref = [gaps[where] * MS for gaps in quiet]
            figures.append(
                Figure(
                    f"cues, {name}: longest loop gap, cue {where}",
                    median(mine),
                    "ms",
                    median(ref),
                    at_most(5, "ms"),
                    note=f"median of {len(runs)} sessions' longest; worst {max(mine):.2f} ms, "
                    f"muted {max(ref):.2f} ms; ref: the same session muted",
                    samples=tuple(mine),
                )
            )
        pauses = [
            pause * MS
            for record in runs
            for began, pause, _ in record["gc"]
            if began > settled(record)
        ]
        figures.append(
            Figure(
                f"cues, {name}: longest garbage-collection pause",
                max(pauses, default=0.0),
                "ms",
                note=f"{len(pauses)} collections; not the cue's, the loop's floor",
            )
        )
        for what, samples in runs[0]["reference"].items():
            figures.append(
                Figure(
                    f"cues, reference: bare {what}", median(samples) * MS, "ms", note="median of 5"
                )
            )
    return figures


WHERE = ("within a phase", "at a phase change")


def _longest_gaps(record: dict) -> dict[str, float]:
    """A session's longest loop gap near cues within a phase, and near cues at a change."""
    gaps = _gaps(record)
    return {
        where: _max_gap(gaps, moments, NEAR)
        for where, moments in zip(WHERE, _moments(record), strict=True)
    }
