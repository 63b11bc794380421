"""Advice from the guide that the app shows outside the screening questions."""

from __future__ import annotations

HURT_TITLE = "Stopped: this hurts"

HURT_ADVICE: tuple[str, ...] = (
    "Avoid any movements that cause pain or make your spasms worse. Listen to your body "
    "and don't push yourself too hard.",
    "Rest in a comfortable position that supports your back: lie on your back with a pillow "
    "under your knees, or on your side with a pillow between your legs.",
    "Ice for the first 24 to 48 hours, then heat, 15 to 20 minutes at a time, can ease the pain.",
    "See a doctor if your pain is severe or not improving with home treatment, keeps you "
    "from sleeping, or comes with numbness, tingling or weakness in your legs or feet.",
    "Loss of bowel or bladder control, new trouble passing urine, numbness around the "
    "genitals, buttocks or inner thighs, numbness or weakness in both legs, or a new change "
    "in walking, with back pain, can be cauda equina syndrome, a medical emergency: seek "
    "emergency care immediately.",
    "If you are unsure, it's always best to err on the side of caution and see a doctor.",
)

DISCLAIMER = "stretchtimer gives guidance, not diagnosis. It is not medical advice."

PERSISTING_TITLE = "Pain for more than two weeks"

PERSISTING_ADVICE: tuple[str, ...] = (
    "Spasms that persist for more than two weeks despite home treatments should prompt a "
    "doctor's visit: a doctor can help identify the cause and recommend the most "
    "appropriate course of action.",
    "If you are unsure, it's always best to err on the side of caution and see a doctor.",
)


def persisting_fact(first: str, last: str, days: int) -> str:
    """The fact behind the two-week rule, in words: what was reported, not a diagnosis."""
    return f"You reported pain from {first} to {last} ({days} days) without a better week between."
