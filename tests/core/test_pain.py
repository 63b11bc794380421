"""The pain rules shared by the app and plain mode (core/pain.py)."""

from __future__ import annotations

from stretchtimer.adapters.screening_file import load_screening_text
from stretchtimer.core.pain import (
    HurtKind,
    emergency_signs,
    hurt_kind,
    pain_question,
    worse_after,
    worse_than_start,
)
from stretchtimer.core.screening import Severity


def test_worse_after_is_three_above_the_score_before_or_eight_and_more() -> None:
    assert worse_after(2, 5) and worse_after(None, 8) and worse_after(7, 8)
    assert worse_after(0, 3) and worse_after(None, 10)
    assert not worse_after(2, 4) and not worse_after(5, None) and not worse_after(None, 7)
    assert not worse_after(6, 7) and not worse_after(9, 7)


def test_worse_than_start_needs_both_scores_three_apart() -> None:
    assert worse_than_start(2, 5) and worse_than_start(0, 10)
    assert not worse_than_start(2, 4) and not worse_than_start(None, 9)
    assert not worse_than_start(3, None) and not worse_than_start(8, 2)


def test_the_check_in_says_the_scale_s_words_at_0_5_and_10() -> None:
    question = pain_question()
    assert question.startswith("Pain now, 0-10 (Enter to skip)")
    assert "0 no pain" in question and "5 moderate" in question
    assert "10 worst imaginable" in question


def test_the_emergency_signs_are_the_screening_s_own_emergency_questions() -> None:
    text = load_screening_text()
    signs = emergency_signs(text.questions)
    expected = [q.text for q in text.questions if q.severity is Severity.EMERGENCY]
    assert signs == expected and len(signs) >= 4
    joined = " ".join(signs)
    for words in ("bladder or bowels", "genitals, buttocks or inner", "both legs", "walk"):
        assert words in joined
    assert "sexual function" in joined


def test_an_answer_names_its_kind_by_key() -> None:
    assert hurt_kind("s") is HurtKind.STRETCH
    assert hurt_kind(" L\n") is HurtKind.ONE_LEG
    assert hurt_kind("e") is HurtKind.EMERGENCY
    assert hurt_kind("") is None and hurt_kind("x") is None and hurt_kind("5") is None
