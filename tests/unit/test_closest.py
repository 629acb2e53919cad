"""Did-you-mean stays quick on a huge course: a bounded number of comparisons a word, the likely typo still found."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import pytest

from unclench.loader import CLOSEST_COMPARES_AT_MOST, closest

#: 3,000 ids like an attacker's course (or a very large real one): "lesson-0" to "lesson-2999".
MANY = [f"lesson-{i}" for i in range(3000)] + ["breathing", "grounding"]


def test_a_typo_is_found_among_many_options() -> None:
    assert closest("breathng", MANY) == "breathing"  # a letter left out
    assert closest("vreathing", MANY) == "breathing"  # the first letter wrong: found by the last
    assert (closest("lesson-12a", MANY) or "").startswith("lesson-1")  # one as close as any (many tie)
    assert closest("completely-different", MANY) is None


def test_few_options_are_all_compared_as_before() -> None:
    few = ["tension", "calm", "distress"]
    assert closest("tensoin", few) == "tension"
    assert closest("xalm", few) == "calm"


def test_each_word_is_compared_with_a_bounded_number_of_options(monkeypatch: pytest.MonkeyPatch) -> None:
    """An attacker's course listing 3,000 unknown lessons beside 3,000 others took `check` 34 s: every pair."""
    compared: list[int] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: Sequence[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
        compared.append(len(possibilities))
        return real(word, possibilities, n=n, cutoff=cutoff)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    for i in range(200):
        closest(f"other-{i}", MANY)
    assert compared and max(compared) <= CLOSEST_COMPARES_AT_MOST
