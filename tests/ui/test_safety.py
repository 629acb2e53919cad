"""Safety: the gate before every tremor exercise, the stop key, grounding and support guidance."""

from __future__ import annotations

from textual.widgets import Button

from unclench.course import Course
from unclench.journey import Place
from unclench.tui.app import UnclenchApp
from unclench.tui.screens.dialogs import GuidanceScreen, SafetyGateScreen
from unclench.tui.screens.player import PlayerScreen
from unclench.tui.widgets.checkbox import DeliberateCheckbox
from unclench.tui.widgets.rating import RatingScale

from .conftest import AppFactory, FakeClock
from .helpers import click, open_at, screen_text, settle, sync
from .practising import BREATHING, TREMOR, close_take_a_moment, exercise, pass_gate, save_after, start, start_breathing


def safety_acks(app: UnclenchApp) -> list[str]:
    return [a.subject_id for a in app.store.acknowledgements(app.course.id) if a.kind == "safety"]


@sync
async def test_repeated_enter_never_passes_the_gate(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, TREMOR)
        assert isinstance(app.screen, SafetyGateScreen)
        assert app.focused is not None and app.focused.id == "gate-notes"
        # Enter on the checkbox only ticks it (as on the disclaimer), never unticks it, and never starts anything.
        box = app.screen.query_one("#gate-confirm", DeliberateCheckbox)
        if box.disabled:  # the notes fit: read at once
            await pilot.press("end")
            await settle(pilot)
        box.focus()
        await pilot.press("enter", "enter", "enter")
        assert box.value and app.focused is box and isinstance(app.screen, SafetyGateScreen)
        assert safety_acks(app) == []
        # Enter anywhere else, many times over: declined, or the gate again; never a start.
        app.screen.query_one("#gate-decline").focus()
        for _ in range(12):
            await pilot.press("enter")
            await settle(pilot, 1)
            if not isinstance(app.screen, SafetyGateScreen):
                exercise(app).query_one("#start").focus()  # the worst case: Enter on Start
        await settle(pilot)
        assert exercise(app).phase == "ready"
        assert safety_acks(app) == []


@sync
async def test_gate_is_shown_every_time_the_exercise_opens_or_starts(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, TREMOR)
        # 1: opening the step.
        assert isinstance(app.screen, SafetyGateScreen)
        text = screen_text(app)
        assert "Check with a doctor first" in text  # the exercise's own note
        assert "You can stop at any moment" in text  # the course's always-shown note
        await pass_gate(app, pilot)
        assert isinstance(app.screen, PlayerScreen)
        assert safety_acks(app) == ["shake:tremor"]

        # 2: leave the step and come back.
        await pilot.press("p")
        await settle(pilot)
        assert app.screen.place == Place("shake", 0)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SafetyGateScreen)
        await pilot.press("escape")  # "Not now"
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        # 3: Start after declining asks again.
        view = exercise(app)
        await start(pilot)
        assert isinstance(app.screen, SafetyGateScreen)
        assert str(app.screen.query_one("#gate-begin", Button).label) == "Continue"
        await pass_gate(app, pilot)
        assert view.phase == "running"
        assert safety_acks(app) == ["shake:tremor", "shake:tremor"]
        # 4: after a run, "Practise again" gets a fresh run ready; starting it asks again.
        await pilot.press("s")
        await settle(pilot)
        assert view.phase == "ended"
        await close_take_a_moment(pilot)  # close the grounding guidance
        await settle(pilot)
        await start(pilot)
        assert view.phase == "ready" and isinstance(app.screen, PlayerScreen)
        await start(pilot)
        assert isinstance(app.screen, SafetyGateScreen)


@sync
async def test_stop_panel_and_stop_key_show_grounding(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, TREMOR)
        await pass_gate(app, pilot)
        view = exercise(app)
        assert "How to stop" not in screen_text(app)
        await start(pilot)
        assert view.phase == "running"
        text = screen_text(app)
        assert "How to stop" in text and "straighten your legs" in text
        assert "s Stop exercise" in text  # in the footer
        # Moving away while it runs is refused, with a hint to stop first.
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert view.phase == "running" and app.screen.place == TREMOR  # type: ignore[attr-defined]
        await pilot.press("s")
        await settle(pilot)
        assert view.phase == "ended"
        assert isinstance(app.screen, GuidanceScreen)
        assert "Feel your feet on the floor" in screen_text(app)
        assert "tremor" in app.store.completed_steps(mini.id)["shake"]
        await pilot.press("enter")
        await settle(pilot)
        assert "How to stop" not in screen_text(app)


@sync
async def test_escape_ends_a_running_exercise_instead_of_leaving(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_place(Place("shake", 2))  # breathing: not a tremor exercise, no gate
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        await start(pilot)
        view = exercise(app)
        assert view.phase == "running"
        assert "How to stop" not in screen_text(app)  # the stop panel is for tremor work
        await pilot.press("escape")
        await settle(pilot)
        assert view.phase == "ended"
        assert isinstance(app.screen, GuidanceScreen)


@sync
async def test_timer_pause_resume_and_finish(make_app: AppFactory, mini: Course) -> None:
    clock = FakeClock()
    app = make_app(mini, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await start_breathing(app, pilot)
        clock.advance(20)
        await pilot.pause(0.3)
        assert "0:40 left of 1:00" in screen_text(app)
        await click(pilot, "#pause")
        clock.advance(100)  # paused time does not count
        await pilot.pause(0.3)
        assert view.phase == "paused"
        assert "Paused: 0:40 left of 1:00" in screen_text(app)
        await click(pilot, "#pause")  # resume
        clock.advance(41)
        await pilot.pause(0.4)
        assert view.phase == "finished"
        assert "Time is up" in screen_text(app)
        assert "breathe" in app.store.completed_steps(mini.id)["shake"]
        assert not isinstance(app.screen, GuidanceScreen)  # no grounding when the time simply ran out


@sync
async def test_arrows_on_a_rating_scale_move_between_steps_and_never_rate(make_app: AppFactory, mini: Course) -> None:
    """A stranger pressed right by habit (the welcome says arrows move steps): it rated tension 5, then 6."""
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, TREMOR)
        await pass_gate(app, pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        view = exercise(app)
        tension = view.query_one("#before-tension", RatingScale)
        tension.focus()
        await pilot.press("right")
        await settle(pilot)
        assert tension.value is None
        assert player.place != TREMOR  # right moved on, as everywhere in a lesson
        assert app.store.checkins(mini.id) == []


@sync
async def test_ratings_before_and_after_and_support_when_alarming(make_app: AppFactory, mini: Course) -> None:
    app = make_app(mini)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, TREMOR)
        await pass_gate(app, pilot)
        view = exercise(app)
        tension = view.query_one("#before-tension", RatingScale)
        tension.focus()
        await pilot.press("4", "plus", "plus")  # 6
        assert tension.value == 6
        distress = view.query_one("#before-distress", RatingScale)
        distress.focus()
        await pilot.press("8", "minus", "minus")  # 6: below the alert level
        await start(pilot)
        assert not isinstance(app.screen, GuidanceScreen)
        await click(pilot, "#end")
        await settle(pilot)
        await close_take_a_moment(pilot)  # grounding
        await settle(pilot)
        view.query_one("#after-distress", RatingScale).focus()
        await pilot.press("8")
        await save_after(pilot)
        assert isinstance(app.screen, GuidanceScreen)
        assert "contact a professional" in screen_text(app)
        records = app.store.checkins(mini.id)
        assert [(r.measure_id, r.phase, r.rating) for r in records] == [
            ("tension", "before", 6),
            ("distress", "before", 6),
            ("distress", "after", 8),
        ]
        assert len({r.session_id for r in records}) == 1


@sync
async def test_an_early_stop_says_how_long_was_practised(make_app: AppFactory, mini: Course) -> None:
    clock = FakeClock()
    app = make_app(mini, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await start_breathing(app, pilot)
        clock.advance(15)
        await pilot.press("s")  # at once: no tick has counted these 15 seconds yet
        await settle(pilot)
        assert view.phase == "ended"
        await close_take_a_moment(pilot)  # close the grounding guidance
        await settle(pilot)
        text = screen_text(app)
        assert "Ended after 0:15 of 1:00." in text
        assert "You ended the exercise after 0:15." in text


@sync
async def test_help_during_a_running_exercise_lists_the_stop_key_first(make_app: AppFactory, mini: Course) -> None:
    """A stranger opened help while practising: 'Keys here' lacked s (stop) and listed keys that do not act."""
    from unclench.tui.screens.help import HelpScreen

    app = make_app(mini)
    async with app.run_test(size=(80, 40)) as pilot:
        await open_at(pilot, TREMOR)
        await pass_gate(app, pilot)
        view = exercise(app)
        if view.phase != "running":
            await start(pilot)
        assert view.phase == "running"
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        here = [str(key.render()) for key in app.screen.query("#help-keys-here .help-key")]
        assert "s, escape" in here and "f2" in here
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await close_take_a_moment(pilot)  # the grounding box after stopping (Escapes pressed on and on keep it)
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("f1")
        await settle(pilot)
        here = [str(key.render()) for key in app.screen.query("#help-keys-here .help-key")]
        assert "s" not in here  # nothing to stop now


@sync
async def test_help_and_the_support_card_hold_a_running_timer(make_app: AppFactory, mini: Course) -> None:
    """A stranger opened help mid-exercise and the timer (and its cues) went on behind it."""
    from unclench.tui.screens.help import HelpScreen
    from unclench.tui.screens.support import SupportScreen

    clock = FakeClock()
    app = make_app(mini, clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        view = await start_breathing(app, pilot)
        clock.advance(10)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen) and view.phase == "paused"
        assert "The exercise is paused." in screen_text(app)  # at the top of help, where the learner now is
        clock.advance(30)  # reading help is not practice
        await pilot.press("escape")
        await settle(pilot)
        assert view.phase == "running"
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen) and view.phase == "paused"
        # Said once a run (at 60x20 a stranger's second notice covered the support card's numbers), and gone
        # with the box it was said over (a stranger read it over the next box).
        assert not [n for n in app._notifications if "timer is paused" in n.message]
        clock.advance(20)
        await pilot.press("escape")
        await settle(pilot)
        clock.advance(5)
        await pilot.press("s")
        await settle(pilot)
        assert view.phase == "ended"
        await pilot.press("tab", "enter")  # I'm OK
        await settle(pilot)
        assert "Ended after 0:15 of 1:00." in screen_text(app)
    runs = app.store.runs(mini.id)
    assert [(r.outcome, r.seconds) for r in runs] == [("ended", 15)]


@sync
async def test_while_an_exercise_runs_the_footer_never_offers_escape_as_map(make_app: AppFactory, mini: Course) -> None:
    """Escape ends a running exercise; the footer said "esc Map" then, which it does not do."""
    app = make_app(mini)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_at(pilot, BREATHING)
        view = exercise(app)
        assert "esc Map" in screen_text(app).splitlines()[-1]
        await start(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "s Stop exercise" in footer and "Map" not in footer, footer
        await pilot.press("escape")
        await settle(pilot)
        assert view.phase == "ended" and isinstance(app.screen, GuidanceScreen)
    assert [run.outcome for run in app.store.runs(mini.id)] == ["ended"]


@sync
async def test_one_duration_for_a_stopped_run_on_screen_and_in_the_record(make_app: AppFactory, mini: Course) -> None:
    """A stranger read "Ended after 0:09" and "You ended the exercise after 0:10" on one screen."""
    clock = FakeClock()
    app = make_app(mini, clock=clock)
    async with app.run_test(size=(80, 30)) as pilot:
        view = await start_breathing(app, pilot)
        clock.advance(9.6)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("tab", "enter")  # I'm OK
        await settle(pilot)
        text = screen_text(app)
        assert view.phase == "ended"
        assert "Ended after 0:09 of 1:00." in text and "You ended the exercise after 0:09." in text
    assert [run.seconds for run in app.store.runs(mini.id)] == [9]


@sync
async def test_a_breathing_exercise_that_names_a_safety_note_shows_it_first(make_app: AppFactory, mini: Course) -> None:
    """A stranger named a safety note on an exercise that is not tremor practice: `check` said OK, and the timer
    started at once, the note never shown. Such an exercise has the gate too, every time it opens."""
    import dataclasses

    from unclench.course import ExerciseStep

    lesson = mini.lessons["shake"]
    breathing = lesson.steps[BREATHING.index]
    assert isinstance(breathing, ExerciseStep)
    steps = list(lesson.steps)
    steps[BREATHING.index] = dataclasses.replace(breathing, safety_ids=("doctor-first",))
    shake = dataclasses.replace(lesson, steps=tuple(steps))
    course = dataclasses.replace(mini, lessons={**mini.lessons, "shake": shake})
    app = make_app(course)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, BREATHING)
        assert isinstance(app.screen, SafetyGateScreen)
        assert "Check with a doctor first" in screen_text(app)
        await pass_gate(app, pilot)
        view = exercise(app)
        assert not view.step.tremor
        await start(pilot)
        assert view.running
        assert [(a.kind, a.subject_id) for a in app.store.acknowledgements(course.id)][-1] == (
            "safety",
            "shake:breathe",
        )
