"""The journal (every answer, searchable, editable in place) and the check-in trends screens."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, TextArea

from unclench.course import Course, PromptStep
from unclench.journey import Place
from unclench.store import ProgressStore
from unclench.store.errors import StoreWriteError
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.course_map import CourseMapScreen
from unclench.tui.screens.dialogs import UnsavedQuitScreen
from unclench.tui.screens.journal import EMPTY_TEXT, TYPED_NOT_EDITING, JournalEntryView, JournalScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.screens.trends import TrendsScreen
from unclench.tui.typed_words import GLUED_AFTER_E, TYPING_PAUSE
from unclench.tui.widgets.rating_chart import RatingSparkline
from unclench.tui.widgets.run_table import RunTable

from .conftest import AppFactory
from .helpers import answer_writes, click, keys_at_once, screen_text, settle, settle_until, sync, type_at_once

pytestmark = pytest.mark.usefixtures("utc_local_time")

#: A later clock, for answers written on another day.
LATER = datetime(2026, 11, 21, 23, 40, tzinfo=timezone.utc)
MARKUP_ANSWER = "I typed [bold]this[/] and [0] and [/] and [red]"


def with_more_prompts(course: Course) -> Course:
    """The mini course with a prompt in every lesson: intro/feel, second/why, shake/notice."""
    second = course.lessons["second"]
    shake = course.lessons["shake"]
    why = PromptStep(id="why", title="Why", question="Why does it matter?", hint="")
    notice = PromptStep(id="notice", title="", question="What did you notice?", hint="")
    return dataclasses.replace(
        course,
        lessons={
            **course.lessons,
            "second": dataclasses.replace(second, steps=(*second.steps, why)),
            "shake": dataclasses.replace(shake, steps=(notice, *shake.steps)),
        },
    )


def journal(app: UnclenchApp) -> JournalScreen:
    screen = app.screen
    assert isinstance(screen, JournalScreen)
    return screen


def shown(app: UnclenchApp) -> list[str]:
    """The answers the journal shows, in order."""
    return [view.text for view in journal(app).entries if view.display]


async def open_journal(pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await settle(pilot)
    await pilot.press("j")
    await settle(pilot)
    assert isinstance(pilot.app.screen, JournalScreen)


def answer(store: ProgressStore, course: Course, lesson_id: str, step_id: str) -> str | None:
    entry = store.answer(course.id, lesson_id, step_id)
    return entry.answer if entry is not None else None


# -- journal ---------------------------------------------------------------------------------------


@sync
async def test_journal_lists_answers_in_course_order_with_questions_and_dates(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    course = with_more_prompts(mini)
    data = tmp_path / "d"
    with ProgressStore.open(data, now=lambda: LATER) as later:  # written first, but last in the course
        later.save_answer(course.id, "shake", "notice", "What did you notice?", "My legs shook a little")
    app = make_app(course, data_dir=data)
    app.store.save_answer(course.id, "second", "why", "Why does it matter?", "Because it helps")
    # The question as it was asked then, not as the course words it now.
    app.store.save_answer(course.id, "intro", "feel", "Where do you hold tension, today?", "Shoulders")
    async with app.run_test(size=(80, 40)) as pilot:
        await open_journal(pilot)
        assert shown(app) == ["Shoulders", "Because it helps", "My legs shook a little"]
        text = screen_text(app)
        order = [
            "Basics",
            "Introduction",
            "A reflection · written 1 May 2024, 09:30",
            "Where do you hold tension, today?",
            "Shoulders",
            "Second lesson",
            "Why · written 1 May 2024, 09:30",
            "Why does it matter?",
            "Because it helps",
            "Practice",
            "Shaking practice",
            "Reflection · written 21 Nov 2026, 23:40",
            "What did you notice?",
            "My legs shook a little",
        ]
        positions = [text.index(part) for part in order]
        assert positions == sorted(positions), text
        assert "Where do you hold tension?" not in text
        assert "3 answers" in text
        assert "No longer in the course" not in text
        assert app.focused is journal(app).entries[0]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)


@sync
async def test_search_filters_answers_and_questions(make_app: AppFactory, mini: Course) -> None:
    course = with_more_prompts(mini)
    app = make_app(course)
    app.store.save_answer(course.id, "intro", "feel", "Where do you hold tension?", "My SHOULDERS ache")
    app.store.save_answer(course.id, "second", "why", "Why does it matter?", "Because it helps")
    app.store.save_answer(course.id, "shake", "notice", "What did you notice?", "Warmth in my shoulders")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"shoulders")
        await settle(pilot)
        assert shown(app) == ["My SHOULDERS ache", "Warmth in my shoulders"]  # case-insensitive
        assert "Showing 2 of 3 answers" in screen_text(app)
        assert "Second lesson" not in screen_text(app)  # a lesson with no match is hidden

        search = journal(app).query_one("#journal-search", Input)
        search.value = "NOTICE?"  # the question matches
        await settle(pilot)
        assert shown(app) == ["Warmth in my shoulders"]
        search.value = "nothing like this"
        await settle(pilot)
        assert shown(app) == []
        assert "No answers match your search." in screen_text(app)
        search.value = ""
        await settle(pilot)
        assert len(shown(app)) == 3
        assert "3 answers" in screen_text(app)
        # Enter in the search field goes to the first answer shown.
        search.value = "because"
        search.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, JournalEntryView) and app.focused.text == "Because it helps"


@sync
async def test_search_ignores_accents_both_ways(make_app: AppFactory, mini: Course) -> None:
    """A stranger searched "cafe": the answer about the café was not found."""
    course = with_more_prompts(mini)
    app = make_app(course)
    app.store.save_answer(course.id, "intro", "feel", "Where do you hold tension?", "At the café, my jaw")
    app.store.save_answer(course.id, "second", "why", "Why does it matter?", "The cafe near work")
    app.store.save_answer(course.id, "shake", "notice", "What did you notice?", "A cave of calm")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        search = journal(app).query_one("#journal-search", Input)
        search.value = "cafe"
        await settle(pilot)
        assert shown(app) == ["At the café, my jaw", "The cafe near work"]  # the answer shown as written
        search.value = "CAFÉ"
        await settle(pilot)
        assert shown(app) == ["At the café, my jaw", "The cafe near work"]


@sync
async def test_habit_keys_on_the_journal_never_change_an_answer(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed Enter, Enter, n, q on the journal: Enter opened the editor and "nq" went into the answer."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    before = app.store.answers(mini.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await pilot.press("enter", "enter", "n", "down", "up", "home", "end", "space", "enter", "p", "c")
        await pilot.pause(0.8)  # an autosave, were an editor open
        await settle(pilot)
        assert not isinstance(app.focused, TextArea)
    assert app.store.answers(mini.id) == before


@sync
async def test_editing_an_answer_autosaves_and_a_new_app_sees_it(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    data = tmp_path / "d"
    app = make_app(mini, data_dir=data)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await pilot.press("e")
        await settle(pilot)
        editor = app.focused
        assert isinstance(editor, TextArea) and editor.text == "Shoulders"
        assert "esc Done" in screen_text(app)
        await pilot.press(*" and jaw")
        assert "Saving" in screen_text(app)
        await pilot.pause(0.8)  # the autosave, off the UI thread
        await settle(pilot)
        assert answer(app.store, mini, "intro", "feel") == "Shoulders and jaw"
        assert "✓ Saved" in screen_text(app)
        await pilot.press("!")
        await pilot.press("escape")  # done: saved at once, before the debounce
        await settle(pilot)
        assert answer(app.store, mini, "intro", "feel") == "Shoulders and jaw!"
        assert not journal(app).query(TextArea)
        assert isinstance(app.focused, JournalEntryView)
        assert "Shoulders and jaw!" in screen_text(app)
        # Quitting while editing saves too.
        await pilot.press("e", *" too")
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert answer(app.store, mini, "intro", "feel") == "Shoulders and jaw! too"

    again = make_app(mini, data_dir=data)
    async with again.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        assert shown(again) == ["Shoulders and jaw! too"]
        # The lesson's prompt shows the edit too.
        await pilot.press("escape")
        await settle(pilot)
        await again.open_place(Place("intro", 1))
        await settle(pilot)
        assert again.screen.query_one("#answer", TextArea).text == "Shoulders and jaw! too"


@sync
async def test_a_failed_save_keeps_the_text_and_the_editor(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Kept")
    original = app.store.save_answer
    broken = {"on": True}

    def flaky(*args: str) -> None:
        if broken["on"]:
            raise StoreWriteError("The disk is full [bold]now[/].")
        original(*args)

    monkeypatch.setattr(app.store, "save_answer", flaky)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await pilot.press("e", *" [b]more[/b]")
        await pilot.pause(0.8)
        await settle(pilot)
        assert "Not saved: The disk is full [bold]now[/]." in screen_text(app)
        await pilot.press("escape")  # cannot close the editor: the text would be lost
        await settle(pilot)
        editor = journal(app).query_one(TextArea)
        assert editor.text == "Kept [b]more[/b]"
        await pilot.press("ctrl+q")  # quitting asks first
        await settle(pilot)
        assert isinstance(app.screen, UnsavedQuitScreen)
        await pilot.press("enter")  # Stay
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        broken["on"] = False
        editor.focus()
        await pilot.press("escape")
        await settle(pilot)
        assert answer(app.store, mini, "intro", "feel") == "Kept [b]more[/b]"
        assert not journal(app).query(TextArea)


@sync
async def test_orphaned_answers_show_under_no_longer_in_the_course(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "removed-lesson", "gone", "An old question?", "An old answer")
    app.store.save_answer(mini.id, "intro", "removed-step", "A removed question?", "Answer to a removed step")
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "Current answer")
    async with app.run_test(size=(80, 40)) as pilot:
        await open_journal(pilot)
        text = screen_text(app)
        gone = text.index("No longer in the course")
        assert text.index("Current answer") < gone
        for part in ("An old question?", "An old answer", "removed-lesson", "Answer to a removed step"):
            assert text.index(part) > gone, part
        assert "3 answers" in text


@sync
async def test_learner_text_shows_literally(make_app: AppFactory, markup_course: Course) -> None:
    app = make_app(markup_course)
    app.store.save_answer(markup_course.id, "brackets", "prompt", "Question [bold]q[/] [0]?", MARKUP_ANSWER)
    app.store.record_checkin(markup_course.id, "brackets", "exercise", "feel", "before", 6, "run")
    app.store.record_checkin(markup_course.id, "brackets", "exercise", "feel", "after", 3, "run")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_journal(pilot)
        text = screen_text(app)
        for part in (
            MARKUP_ANSWER,
            "Question [bold]q[/] [0]?",
            "Module [i]one[/i] [0]",
            "Lesson [bold]with[/] [0] brackets",
            "Prompt [/] title · written 1 May 2024, 09:30",
        ):
            assert part in text, part
        await pilot.press("slash", *"[/]")
        await settle(pilot)
        assert shown(app) == [MARKUP_ANSWER]
        await pilot.press("escape", "escape")  # the search cleared, then back
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        text = screen_text(app)
        assert "Feel [0]  0 = [dim]low · 10 = high[/]" in text
        assert "Exercise [bold]x[/]" in text
        assert "6 → 3" in text


@sync
async def test_journal_empty_state(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where?", "  \n")  # only whitespace: not an answer
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        assert EMPTY_TEXT in screen_text(app)
        assert not journal(app).query(Input)
        await pilot.press("slash", "enter")  # nothing to search or edit: nothing happens
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)


# -- trends ----------------------------------------------------------------------------------------


def rate(store: ProgressStore, course: Course, run: str, ratings: dict[str, tuple[int, int]]) -> None:
    for measure, (before, _) in ratings.items():
        store.record_checkin(course.id, "shake", "tremor", measure, "before", before, run)
    for measure, (_, after) in ratings.items():
        store.record_checkin(course.id, "shake", "tremor", measure, "after", after, run)


def last_run_rows(text: str) -> list[str]:
    """The charts' rows as ``Before last run 7``: the line's name and the figure of the run beside it."""
    return [" ".join(line.split()[:4]) for line in text.splitlines() if "last run" in line]


@sync
async def test_trends_never_pair_a_start_held_back_with_a_later_run(make_app: AppFactory, mini: Course) -> None:
    """A stranger held back at tension 8, distress 9 then started without rating, stopped, and rated after:
    the charts showed "Before latest 8" beside "After latest 9", two ratings of different runs read as a pair.
    The figures beside the lines are the newest run's, both; keys pressed by habit change nothing."""
    app = make_app(mini)
    for measure, rating in (("tension", 8), ("distress", 9)):
        app.store.record_checkin(mini.id, "shake", "tremor", measure, "before", rating, "held-back")
    app.store.start_run(mini.id, "shake", "tremor", "unrated-start")
    app.store.end_run("unrated-start", "ended", 20)
    app.store.set_run_follow_up("unrated-start")
    for measure, rating in (("tension", 9), ("distress", 10)):
        app.store.record_checkin(mini.id, "shake", "tremor", measure, "after", rating, "unrated-start")
    before = app.store.record(mini.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TrendsScreen)
        text = screen_text(app)
        assert last_run_rows(text) == [
            "Before last run –",  # tension: the run was not rated before it
            "After last run 9",
            "Before last run –",
            "After last run 10",
        ]
        assert "did not start" in text  # the start held back stays in the table, said so
        await pilot.press("enter", "enter", "down", "up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TrendsScreen)
    after = app.store.record(mini.id)
    assert (after.checkins, after.runs) == (before.checkins, before.runs)


@sync
async def test_trends_show_the_numbers_of_every_run(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "d"
    with ProgressStore.open(data, now=lambda: LATER) as later:
        rate(later, mini, "second-run", {"tension": (6, 2)})
    app = make_app(mini, data_dir=data)
    rate(app.store, mini, "first-run", {"tension": (7, 3), "distress": (5, 4)})
    app.store.start_run(mini.id, "shake", "tremor", "third-run")
    app.store.end_run("third-run", "ended", 40)  # stopped early, not rated after: said so, as the practice list does
    app.store.set_run_follow_up("third-run")  # "I'm not OK": a stranger found it shown only as "stopped early"
    app.store.record_checkin(mini.id, "shake", "tremor", "distress", "before", 8, "third-run")  # no "after"
    # Rated too high to begin: no run started. Said so, as status and the export say it.
    app.store.record_checkin(mini.id, "shake", "tremor", "distress", "before", 9, "held-back")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        text = screen_text(app)
        assert "Tension  0 = loose · 10 = very tense" in text
        rows = [line.split() for line in text.splitlines() if "→" in line]
        # Oldest run first (in the order the ratings were given), then date, exercise, before → after.
        assert rows == [
            ["21", "Nov", "2026", "Gentle", "tremor", "6", "→", "2"],
            ["1", "May", "2024", "Gentle", "tremor", "7", "→", "3", "5", "→", "4"],
            ["1", "May", "2024", "Gentle", "tremor", "8", "→", "–"],
            ["1", "May", "2024", "Gentle", "tremor", "9", "→", "–"],
        ]
        # How a run went is said under its name, on a line of its own: never beside the figures.
        notes = [line.strip() for line in text.splitlines() if line.strip().startswith("· ")]
        assert notes == ["· stopped early · a hard run", "· did not start"]
        charts = [list(chart.data or []) for chart in screen.query(RatingSparkline)]
        assert charts == [[6, 7], [2, 3], [5, 8, 9], [4]]  # tension before, after; distress before, after
        # Beside each line, the figures of one run, the newest that rated the measure (a start held back is none).
        assert last_run_rows(text) == [
            "Before last run 7",  # tension: the run of 7 → 3
            "After last run 3",
            "Before last run 8",  # distress: the hard run of 8 → –, not the 9 held back
            "After last run –",
        ]
        assert "v Hide charts" in text


@sync
async def test_trends_show_a_rating_off_the_scale_as_damaged_and_leave_it_off_the_chart(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    """A tampered database's rating of 99 showed as 3 and -4 as 12 (and a bar each), with no word of damage."""
    import sqlite3

    data = tmp_path / "d"
    with ProgressStore.open(data, now=lambda: LATER) as store:
        rate(store, mini, "first-run", {"tension": (7, 3)})
        rate(store, mini, "second-run", {"tension": (6, 2)})
    conn = sqlite3.connect(data / "progress.sqlite3")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE checkin SET rating = 99 WHERE session_id = 'first-run' AND phase = 'before'")
    conn.execute("UPDATE checkin SET rating = -4 WHERE session_id = 'second-run' AND phase = 'after'")
    conn.commit()
    conn.close()
    app = make_app(mini, data_dir=data)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        text = screen_text(app)
        table = " ".join(text.split("Each exercise", 1)[1].split())
        assert "21 Nov 2026 Gentle tremor (damaged value) → 3 21 Nov 2026 Gentle tremor 6 → (damaged value)" in table
        charts = [list(chart.data or []) for chart in screen.query(RatingSparkline)]
        assert charts == [[6], [3]]  # tension before, after: nothing drawn for the damaged ones
        assert "Before last run 6" in text and "After  damaged" in text  # the newest run: 6 → (damaged)
    with ProgressStore.open(data) as store:
        assert sorted(c.rating for c in store.checkins(mini.id)) == [-4, 3, 6, 99]  # never changed


@sync
async def test_charts_can_be_turned_off_and_stay_off(make_app: AppFactory, mini: Course, tmp_path: Path) -> None:
    data = tmp_path / "d"
    app = make_app(mini, data_dir=data)
    rate(app.store, mini, "run", {"tension": (7, 3)})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        assert all(chart.display for chart in screen.query("#trends-charts"))
        await pilot.press("v")
        await settle(pilot)
        text = screen_text(app)
        assert "Charts are hidden" in text and "▁" not in text and "▃" not in text
        assert "7 → 3" in text  # the numbers stay
        assert "v Show charts" in text
        assert app.store.setting("charts") == "off"

    again = make_app(mini, data_dir=data)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert "Charts are hidden" in screen_text(again)
        assert not again.screen.query_one("#trends-charts").display
        await pilot.press("v")
        await settle(pilot)
        assert again.screen.query_one("#trends-charts").display
        assert "Charts are hidden" not in screen_text(again)
        assert again.store.setting("charts") == "on"


@sync
async def test_trends_empty_state(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TrendsScreen)
        assert "No check-ins yet" in screen_text(app)
        assert not app.screen.query(RatingSparkline)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)


# -- getting there -----------------------------------------------------------------------------------


@sync
async def test_palette_opens_both_screens_from_a_lesson(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("intro", 1))
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Journal" in titles and "Check-in trends" in titles
        await pilot.press("e", *"Unsaved words")  # a capital first: the e only opened the box
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"journal")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        # The lesson was left (its answer saved first) and the journal opened over the map.
        assert isinstance(app.screen, JournalScreen)
        assert shown(app) == ["Unsaved words"]
        assert app.player() is None
        await app.action_trends()  # from the journal, straight to the trends
        await settle(pilot)
        assert isinstance(app.screen, TrendsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CourseMapScreen)


@sync
async def test_both_screens_fit_at_60x20(make_app: AppFactory, mini: Course) -> None:
    course = with_more_prompts(mini)
    app = make_app(course)
    for lesson_id, step_id in (("intro", "feel"), ("second", "why"), ("shake", "notice")):
        app.store.save_answer(
            course.id, lesson_id, step_id, "A question?", "An answer that is long enough to wrap " * 3
        )
    for run in range(30):
        rate(app.store, course, f"run-{run}", {"tension": (run % 11, 10 - run % 11), "distress": (5, 5)})
    async with app.run_test(size=(60, 20)) as pilot:
        await open_journal(pilot)
        screen = journal(app)
        full = screen.region
        for selector in ("#journal-search", "#journal-count", "KeyFooter"):
            assert full.contains_region(screen.query_one(selector).region), selector
        assert not screen.query_one("#journal-search").region.overlaps(screen.query_one("#journal-list").region)
        await pilot.press("e")
        await settle(pilot)
        editor = screen.query_one(TextArea)
        assert full.contains_region(editor.region)
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        trends = app.screen
        assert isinstance(trends, TrendsScreen)
        body = trends.query_one("#trends-body").region
        for chart in trends.query(RatingSparkline):
            assert body.contains_region(chart.region) and chart.region.width > 10
        text = screen_text(app)
        assert "last run 7" in text and "last run 3" in text and "v Hide charts" in text


@sync
async def test_a_long_journal_mounts_a_page_and_search_finds_answers_beyond_it(
    make_app: AppFactory, mini: Course
) -> None:
    from unclench.tui.screens.journal import PAGE

    app = make_app(mini)
    count = PAGE * 2 + 3
    for i in range(count):
        app.store.save_answer(mini.id, f"old-lesson-{i:03d}", "p", "What did you notice?", f"answer number {i:03d}")
    app.store.save_answer(mini.id, "old-lesson-999", "p", "What did you notice?", "the one about my JAW")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        screen = journal(app)
        assert len(screen.entries) == PAGE  # a page on screen, not the whole record
        assert f"{count + 1} answers" in screen_text(app)
        # Search looks through every answer, not only those on screen.
        await pilot.press("slash", *"jaw")
        await settle(pilot)
        assert shown(app) == ["the one about my JAW"]
        assert "Showing 1 of" in screen_text(app)
        screen.query_one("#journal-search", Input).value = ""
        await settle(pilot)
        assert len(screen.entries) == PAGE
        # "Show more" adds the next page, and focus moves to its first answer.
        more = screen.query_one("#journal-more")
        assert more.display
        more.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert len(screen.entries) == 2 * PAGE
        assert app.focused is screen.entries[PAGE]
        await screen.show_more()
        await settle(pilot)
        assert len(screen.entries) == count + 1
        assert not more.display
        texts = [view.text for view in screen.entries]
        assert len(set(texts)) == len(texts)  # each answer once


@sync
async def test_an_edited_answer_is_found_by_its_new_text(make_app: AppFactory, mini: Course) -> None:
    course = with_more_prompts(mini)
    app = make_app(course)
    app.store.save_answer(course.id, "intro", "feel", "Where do you hold tension?", "My shoulders")
    app.store.save_answer(course.id, "second", "why", "Why does it matter?", "Because it helps")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        screen = journal(app)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("end", *" and jaw")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("slash", *"jaw")
        await settle(pilot)
        assert shown(app) == ["My shoulders and jaw"]
        assert app.store.answer(course.id, "intro", "feel").answer == "My shoulders and jaw"  # type: ignore[union-attr]
        screen.query_one("#journal-search", Input).value = ""
        await settle(pilot)
        assert shown(app) == ["My shoulders and jaw", "Because it helps"]


@sync
async def test_trends_list_the_latest_runs_and_earlier_ones_on_request(make_app: AppFactory, mini: Course) -> None:
    from unclench.tui.screens.trends import RUNS_SHOWN

    app = make_app(mini)
    for i in range(RUNS_SHOWN + 3):
        rate(app.store, mini, f"run-{i:03d}", {"tension": (i % 11, 0)})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        table = screen.query_one(RunTable)
        assert [line.values[0] for line in table.lines] == [f"{i % 11} → 0" for i in range(3, RUNS_SHOWN + 3)]
        text = screen_text(app)
        assert "Date" in text and "Exercise" in text and text.count(" → 0") >= 10  # drawn, as many as fit
        earlier = screen.query_one("#trends-earlier")
        assert earlier.display and "3 more" in str(earlier.render())
        await screen.show_earlier()
        await settle(pilot)
        values = [line.values[0] for line in table.lines]
        assert values == [f"{i % 11} → 0" for i in range(RUNS_SHOWN + 3)]  # oldest first, each run once
        assert table.size.height == 1 + RUNS_SHOWN + 3  # the head and a line a run
        assert not earlier.display
        charts = [list(chart.data or []) for chart in screen.query(RatingSparkline)]
        assert charts[0] == [i % 11 for i in range(RUNS_SHOWN + 3)]  # the charts have every run


@sync
async def test_trends_of_a_long_record_read_earlier_runs_as_they_are_asked_for(
    make_app: AppFactory, mini: Course
) -> None:
    """A record of years is not read whole to open the screen; every run is still listed, each once, in order."""
    from unclench.tui.screens.trends import CHART_RATINGS, RUNS_SHOWN

    app = make_app(mini)
    total = 3 * RUNS_SHOWN + 5
    for i in range(total):
        rate(app.store, mini, f"run-{i:03d}", {"tension": (i % 11, 10 - i % 11)})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        assert len(screen.runs) < total  # read as far as it is listed, and a page more
        earlier = screen.query_one("#trends-earlier")
        assert str(earlier.render()) == "Show earlier runs"  # how many more is not known yet
        charts = [list(chart.data or []) for chart in screen.query(RatingSparkline)]
        assert charts == [
            [i % 11 for i in range(total)][-CHART_RATINGS:],
            [10 - i % 11 for i in range(total)][-CHART_RATINGS:],
        ]
        labels = []
        while earlier.display:
            labels.append(str(earlier.render()))
            await screen.show_earlier()
            await settle(pilot)
        assert labels == ["Show earlier runs", "Show earlier runs", "Show earlier runs (5 more)"]
        values = [line.values[0] for line in screen.query_one(RunTable).lines]
        assert values == [f"{i % 11} → {10 - i % 11}" for i in range(total)]


@sync
async def test_editing_an_answer_near_the_bottom_brings_the_editor_on_screen(
    make_app: AppFactory, mini: Course
) -> None:
    course = with_more_prompts(mini)
    app = make_app(course)
    long = "\n".join(f"line {n} of a long answer" for n in range(3))
    for lesson_id, step_id in (("intro", "feel"), ("second", "why"), ("shake", "notice")):
        app.store.save_answer(course.id, lesson_id, step_id, "Q?", long)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_journal(pilot)
        last = journal(app).entries[-1]
        last.focus()
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot, 3)
        editor = app.focused
        assert isinstance(editor, TextArea)
        hint = last.query_one(".journal-editor").region
        assert app.screen.region.contains_region(editor.region), "the editor is on screen"
        assert app.screen.region.contains_region(hint), "and the hint under it"
        # Typing more lines grows the editor: the list follows, so the learner never types blind.
        await pilot.press("end", *["enter", "x"] * 6)
        await settle(pilot, 3)
        assert app.screen.region.contains_region(last.query_one(".journal-editor").region)


@sync
async def test_keys_typed_right_after_e_go_into_the_journal_answer(make_app: AppFactory, mini: Course) -> None:
    """The reflection's race, in the journal: letters typed at once after ``e`` reached the journal first.

    There "j", "c", "p", "n" and "q" are keys of their own (the journal, the check-in, the palette, quit):
    typed as words straight after ``e`` they must all be text in the answer, and nothing else may happen.
    """
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        type_at_once(app, "e and jaw, neck, calves; quiet/p")
        await settle(pilot, 3)
        assert isinstance(app.screen, JournalScreen)
        editor = app.focused
        assert isinstance(editor, TextArea)
        assert editor.text == "Shoulders and jaw, neck, calves; quiet/p"
        await pilot.press("escape")
        await settle(pilot)
    assert answer(app.store, mini, "intro", "feel") == "Shoulders and jaw, neck, calves; quiet/p"


@sync
async def test_fast_typing_with_backspaces_after_e_in_the_journal_keeps_its_order(
    make_app: AppFactory, mini: Course
) -> None:
    """The stranger's " clenchign", two backspaces, "ng it." in the journal saved as "clenchignng i"."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        type_at_once(app, "e clenchign\b\bng it.")
        await settle(pilot, 3)
        editor = app.focused
        assert isinstance(editor, TextArea) and editor.text == "Shoulders clenching it."
        type_at_once(app, " Jaw\b\b\bNeck.")
        await settle(pilot, 3)
        assert editor.text == "Shoulders clenching it. Neck."
        await pilot.press("escape")
        await settle(pilot)
    assert answer(app.store, mini, "intro", "feel") == "Shoulders clenching it. Neck."


@sync
async def test_down_leaves_the_search_for_the_answers_and_escape_clears_it_first(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger searched, pressed Down and typed "e The doctor said…" into the search; Escape left the journal."""
    course = with_more_prompts(mini)
    app = make_app(course)
    app.store.save_answer(course.id, "intro", "feel", "Where do you hold tension?", "My neck")
    app.store.save_answer(course.id, "second", "why", "Why does it matter?", "Because it helps")
    before = app.store.answers(course.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await pilot.press("slash", *"neck", "down")
        await settle(pilot)
        assert isinstance(app.focused, JournalEntryView) and app.focused.text == "My neck"
        await pilot.press("slash", "escape")  # back in the search, which still says "neck": Escape clears it
        await settle(pilot)
        search = journal(app).query_one("#journal-search", Input)
        assert isinstance(app.screen, JournalScreen) and search.value == "" and len(shown(app)) == 2
        assert app.focused is search
        await pilot.press("escape")  # an empty search: Escape goes back, as everywhere
        await settle(pilot)
        assert not isinstance(app.screen, JournalScreen)
    assert app.store.answers(course.id) == before


@sync
async def test_keys_in_the_same_burst_as_escape_are_not_typed_into_the_journal_answer(
    make_app: AppFactory, mini: Course
) -> None:
    """Escape and "/" in one burst: the "/" was typed into the answer; now the editor closes and "/" searches."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await pilot.press("e")
        await settle(pilot)
        type_at_once(app, ", knotted")
        keys_at_once(app, "escape", "slash")
        await settle_until(pilot, lambda: isinstance(app.focused, Input))
        assert not journal(app).query(TextArea)
        assert isinstance(app.focused, Input) and app.focused.id == "journal-search"
        assert app.focused.value == ""  # the "/" opened the search; it is not a search for "/"
    assert answer(app.store, mini, "intro", "feel") == "Shoulders, knotted"


@sync
async def test_an_answer_added_to_in_a_lesson_opened_from_the_journal_is_not_saved_over(
    make_app: AppFactory, mini: Course
) -> None:
    """A stranger went from the journal to a lesson (the palette), added " CR1" to an answer, came back with
    Escape, and the journal showed, then edited and saved, the old text: " CR1" was lost for good."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        await pilot.press(*"Introduction")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        # Escape leads back to the journal, and the footer says so: "Map" sent a stranger's keys into it.
        assert "esc Back" in screen_text(app) and "esc Map" not in screen_text(app)
        while player.place != Place("intro", 1):
            await pilot.press("ctrl+n")
            await settle(pilot)
        await pilot.press("e", "end", *" CR1")
        await pilot.press("escape")  # done writing
        await pilot.pause(0.8)  # the autosave, off the UI thread
        await settle(pilot)
        assert answer(app.store, mini, "intro", "feel") == "Shoulders CR1"
        await pilot.press("escape")  # back where the learner came from
        await settle(pilot)
        assert shown(app) == ["Shoulders CR1"]
        assert "Shoulders CR1" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        editor = app.focused
        assert isinstance(editor, TextArea) and editor.text == "Shoulders CR1"
        await pilot.press(*" CR2", "escape")
        await settle(pilot)
        assert answer(app.store, mini, "intro", "feel") == "Shoulders CR1 CR2"
        await journal(app).apply_search("CR1")  # the search knows the answer as it is now
        await settle(pilot)
        assert shown(app) == ["Shoulders CR1 CR2"]


@sync
async def test_an_edit_in_the_journal_starts_from_the_answer_as_stored_now(make_app: AppFactory, mini: Course) -> None:
    """However the list fell behind the record, the editor opens on the stored answer, never on an older one."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        app.session.learner.save_answer("intro", "feel", "Where do you hold tension?", "Shoulders and jaw")
        assert shown(app) == ["Shoulders"]  # the list has not looked again
        await pilot.press("e")
        await settle(pilot)
        editor = app.focused
        assert isinstance(editor, TextArea) and editor.text == "Shoulders and jaw"
        await pilot.press("!", "escape")
        await settle(pilot)
        assert answer(app.store, mini, "intro", "feel") == "Shoulders and jaw!"
        assert shown(app) == ["Shoulders and jaw!"]


@sync
async def test_an_answer_first_written_in_a_lesson_opened_from_the_journal_is_listed_on_return(
    make_app: AppFactory, mini: Course
) -> None:
    course = with_more_prompts(mini)
    app = make_app(course)
    app.store.save_answer(course.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        await pilot.press("/", *"Shoul")  # a search, kept across the return
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        await pilot.press(*"Second")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        while player.place != Place("second", 2):  # its last step: "why", added by with_more_prompts
            await pilot.press("ctrl+n")
            await settle(pilot)
        await pilot.press("e", *"Shoulders again")
        await pilot.press("escape")
        await pilot.pause(0.8)  # the autosave, off the UI thread
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert journal(app).query_one("#journal-search", Input).value == "Shoul"
        assert shown(app) == ["Shoulders", "Shoulders again"]
        await journal(app).apply_search("")
        await settle(pilot)
        assert "2 answers" in screen_text(app)


@sync
async def test_ratings_of_a_check_in_the_course_no_longer_has_are_said_to_be(
    make_app: AppFactory, mini: Course
) -> None:
    # A check-in renamed by the author: its old ratings show apart, under the old id, said to be no longer in the
    # course (a stranger saw a bare heading "tension" beside "Body tension" and could not tell why).
    app = make_app(mini)
    rate(app.store, mini, "old-run", {"body-tension": (7, 3), "tension": (6, 2)})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        text = screen_text(app)
        assert "Tension  0 = loose · 10 = very tense" in text
        assert "body-tension  no longer in the course" in text
        assert "Tension  no longer" not in text


@sync
async def test_home_end_and_pages_move_the_selection_with_the_view_so_e_edits_the_answer_shown(
    make_app: AppFactory, mini: Course
) -> None:
    """At 60x20 a stranger pressed End: the list scrolled to the last answer, the first stayed selected, and
    ``e`` opened that first answer, off screen."""
    course = with_more_prompts(mini)
    app = make_app(course)
    long = "\n".join(f"line {n}" for n in range(8))
    app.store.save_answer(course.id, "intro", "feel", "Where do you hold tension?", "First " + long)
    app.store.save_answer(course.id, "second", "why", "Why does it matter?", "Second " + long)
    app.store.save_answer(course.id, "shake", "notice", "What did you notice?", "Third " + long)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.focused, JournalEntryView) and app.focused.text.startswith("First")
        await pilot.press("end")
        await settle(pilot)
        assert isinstance(app.focused, JournalEntryView) and app.focused.text.startswith("Third")
        assert "Third" in screen_text(app)
        await pilot.press("home")
        await settle(pilot)
        assert isinstance(app.focused, JournalEntryView) and app.focused.text.startswith("First")
        await pilot.press("pagedown")
        await settle(pilot)
        assert isinstance(app.focused, JournalEntryView) and not app.focused.text.startswith("First")
        paged = app.focused.text.split()[0]
        assert paged in screen_text(app)
        await pilot.press("pageup")
        await settle(pilot)
        assert isinstance(app.focused, JournalEntryView) and app.focused.text.startswith("First")
        keys_at_once(app, "end", "e")  # in one burst, as tmux sends them: e edits the answer End selected
        await settle_until(pilot, lambda: bool(app.screen.query("#journal-editor")))
        editor = app.screen.query_one("#journal-editor", TextArea)
        assert editor.text.startswith("Third") and app.focused is editor


@sync
async def test_the_journal_says_when_an_answer_was_changed_and_which_are_cleared(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    """A stranger read the last edit's time as when they wrote it, and "2 answers" after emptying one.

    The time is labelled (written, or changed), a cleared answer says so, and the count does not call it an
    answer. Nothing leaves the record: the cleared answer is still stored, as it is.
    """
    course = with_more_prompts(mini)
    data = tmp_path / "d"
    with ProgressStore.open(data, now=lambda: LATER) as later:
        later.save_answer(course.id, "intro", "feel", "Where do you hold tension?", "Shoulders")
        later.save_answer(course.id, "second", "why", "Why does it matter?", "Because")
    app = make_app(course, data_dir=data)
    app.store.save_answer(course.id, "intro", "feel", "Where do you hold tension?", "Shoulders and jaw")
    async with app.run_test(size=(80, 40)) as pilot:
        await open_journal(pilot)
        text = screen_text(app)
        assert "A reflection · changed 1 May 2024, 09:30" in text
        assert "Why · written 21 Nov 2026, 23:40" in text
        assert "2 answers" in text
        second = journal(app).entries[1]
        second.focus()
        await pilot.press("e", "end", *["backspace"] * len("Because"), "escape")
        await settle(pilot, 2)
        assert answer(app.store, course, "second", "why") == "Because"  # not stored empty unasked
        await click(pilot, "#guidance-clear")  # "Clear it", chosen on purpose
        await settle(pilot, 2)
        assert answer(app.store, course, "second", "why") == ""  # kept in the record, empty
        text = screen_text(app)
        assert "1 answer, 1 cleared" in text and "2 answers" not in text
        assert "(cleared: empty)" in text


@sync
async def test_an_edit_in_the_journal_taken_back_leaves_the_answer_as_it_was_its_time_included(
    make_app: AppFactory, mini: Course, tmp_path: Path
) -> None:
    """A stranger's accidental journal edit, undone with ctrl+z, moved "changed" to that minute in the journal
    and the export: text they wrote days before read as changed today. Habit Enters at its end are no change."""
    data = tmp_path / "d"
    with ProgressStore.open(data, now=lambda: LATER) as later:
        later.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "world")
    app = make_app(mini, data_dir=data)  # its clock says another day: any write would show
    before = app.store.answer(mini.id, "intro", "feel")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        assert "written 21 Nov 2026, 23:40" in screen_text(app)
        await pilot.press("e", *" pain")
        await pilot.pause(0.8)  # the autosave wrote " pain"
        await settle(pilot)
        assert answer(app.store, mini, "intro", "feel") == "world pain"
        await pilot.press("ctrl+z", "enter", "enter")
        await pilot.pause(0.8)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.store.answer(mini.id, "intro", "feel") == before
        assert shown(app) == ["world"]
        assert "written 21 Nov 2026, 23:40" in screen_text(app) and "changed" not in screen_text(app)
        await pilot.press("e", "enter", "enter", "escape")
        await settle(pilot)
    assert app.store.answer(mini.id, "intro", "feel") == before


@sync
@pytest.mark.parametrize("typed", ["the pain", "cafe jaw", "my neck is quite sore"])
async def test_words_typed_in_the_journal_never_open_an_answer_nor_go_into_it(
    make_app: AppFactory, mini: Course, typed: str
) -> None:
    """A stranger typed "the pain" here as if to search: the "e" of "the" opened their oldest answer, the cursor
    at its end, and " pain" was saved in it. Words typed in a burst go nowhere, as at a reflection's box, and
    the learner is told how to write and how to search; ``e`` on its own still edits."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "world")
    before = app.store.answers(mini.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_journal(pilot)
        type_at_once(app, typed)
        await settle(pilot, 3)
        await pilot.pause(0.8)  # an autosave, were an editor open
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen) and not journal(app).query(TextArea)
        assert isinstance(app.focused, JournalEntryView)
        assert [n for n in app._notifications if n.message == TYPED_NOT_EDITING]
        assert app.store.answers(mini.id) == before
        await pilot.pause(TYPING_PAUSE + 0.2)  # the typing paused: e on its own edits
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.focused, TextArea) and app.focused.text == "world"
        await pilot.press("escape")
        await settle(pilot)
        # "/" is never a letter of words: straight after some, it searches.
        type_at_once(app, "the/")
        await settle(pilot, 3)
        assert isinstance(app.focused, Input) and app.focused.id == "journal-search"
    assert app.store.answers(mini.id) == before


@sync
async def test_e_straight_after_a_habit_letter_in_the_journal_still_edits(make_app: AppFactory, mini: Course) -> None:
    """The map's "j" pressed twice by habit is not words: the "e" after it edits, as at a reflection."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "world")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        type_at_once(app, "je and more")
        await settle(pilot, 3)
        assert isinstance(app.focused, TextArea) and app.focused.text == "world and more"
        await pilot.press("escape")
        await settle(pilot)
    assert answer(app.store, mini, "intro", "feel") == "world and more"


@sync
async def test_words_typed_slowly_in_the_journal_go_nowhere_too(make_app: AppFactory, mini: Course) -> None:
    """The stranger typed "cafe jaw" slowly: "final pasted" became "final pasted jaw" in their oldest answer."""
    app = make_app(mini)
    app.store.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "final pasted")
    before = app.store.answers(mini.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(pilot)
        for key in ["c", "a", "f", "e", "space", "j", "a", "w"]:
            await pilot.press(key)
            await pilot.pause(0.3)
        await pilot.pause(0.8)
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen) and not journal(app).query(TextArea)
    assert app.store.answers(mini.id) == before


@sync
@pytest.mark.parametrize(("typed", "said"), [("exit", "a word"), ("evening pain", "words"), ("easy", "a word")])
async def test_a_word_that_starts_with_e_typed_in_the_journal_changes_no_answer(
    make_app: AppFactory, mini: Course, tmp_path: Path, typed: str, said: str
) -> None:
    """A stranger typed "evening" here (a search without ``/``) and "exit": the "e" opened the answer selected and
    "vening", "xit" were saved in it. The rest of a word begun with ``e`` goes nowhere, the editor closes again,
    nothing is written (the answer's time included), and the notice says what happened and how to edit."""
    data = tmp_path / "d"
    with ProgressStore.open(data, now=lambda: LATER) as later:
        later.save_answer(mini.id, "intro", "feel", "Where do you hold tension?", "My jaw and shoulders.")
    app = make_app(mini, data_dir=data)  # its clock says another day: any write would show
    before = app.store.answers(mini.id)
    written = answer_writes(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_journal(pilot)
        type_at_once(app, typed)
        await settle(pilot, 3)
        await pilot.pause(1.2)  # an autosave, had anything been typed; and the notice, once the word is typed
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen) and not journal(app).query(TextArea)
        assert isinstance(app.focused, JournalEntryView)
        assert [str(n.message) for n in app._notifications] == [
            f"“{typed}” was typed as {said}, not into your answer. "
            "To change your answer, press e on its own, then type."
        ]
        assert "written 21 Nov 2026, 23:40" in screen_text(app) and "changed" not in screen_text(app)
        # Typing paused, e and (after a look at the box) letters edit the answer, as they always did.
        await pilot.pause(TYPING_PAUSE + 0.2)
        await pilot.press("e")
        await settle(pilot)
        await pilot.pause(GLUED_AFTER_E + 0.2)  # a look longer than the typing pause: glued letters are writing
        assert written == []
        type_at_once(app, "xit")
        await settle(pilot, 3)
        assert isinstance(app.focused, TextArea) and app.focused.text == "My jaw and shoulders.xit"
        await pilot.press("escape")
        await settle(pilot)
    assert app.store.answers(mini.id) != before
    assert answer(app.store, mini, "intro", "feel") == "My jaw and shoulders.xit"
