"""The question before the course opens when the learner's record in its id was made with another folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Static

from unclench.ownership import OtherFolder
from unclench.tui.record_folder import KEEP_APART, USE_HERE, RecordFolderApp

from .helpers import sync


def other_folder(tmp_path: Path, name: str = "moved") -> OtherFolder:
    (tmp_path / "original" / "course").mkdir(parents=True)
    (tmp_path / "original" / "course" / "course.toml").write_text("", encoding="utf-8")
    return OtherFolder("my-course", tmp_path / "original", tmp_path / name)


async def answer(app: RecordFolderApp, *keys: str, size: tuple[int, int] = (80, 24)) -> bool | None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
    return app.return_value


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["enter"], False),  # an Enter by habit quits, changing nothing
        (["escape"], False),
        (["ctrl+q"], None),
        (["space"], None),  # nothing: the question stays
        (["n", "q", "y", "j", "enter"], False),
        (["tab", "enter"], True),
        (["right", "enter"], False),  # arrows do not move between the buttons
    ],
)
@sync
async def test_only_a_deliberate_choice_uses_the_record_here(
    tmp_path: Path, keys: list[str], expected: bool | None
) -> None:
    app = RecordFolderApp(other_folder(tmp_path), "My course")
    assert await answer(app, *keys) is expected


@sync
async def test_the_question_names_both_folders_and_the_buttons_show_at_every_size(tmp_path: Path) -> None:
    other = other_folder(tmp_path)
    for size in ((60, 20), (80, 24), (160, 50)):
        app = RecordFolderApp(other, "My course")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            buttons = [app.screen.query_one(f"#record-folder-{name}", Button) for name in ("keep", "use")]
            for button in buttons:
                region = button.region
                assert region.height > 0 and region.bottom <= size[1] and region.right <= size[0], (size, region)
            assert str(buttons[0].label).strip() == KEEP_APART and str(buttons[1].label).strip() == USE_HERE
            assert app.focused is buttons[0]
            text = str(app.screen.query_one("#record-folder-text").query_one(Static).render())
            assert f"{other.remembered}\n" in text and f"{other.here}\n" in text


@sync
async def test_hostile_folder_names_and_titles_are_shown_literally(tmp_path: Path) -> None:
    other = other_folder(tmp_path, "evil\x1b]0;PWNED\x07[red]dir\u202e")
    app = RecordFolderApp(other, "[bold]Title\x1b[31m")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        static = app.screen.query_one("#record-folder-text").query_one(Static)
        text = str(static.render())
        assert "\x1b" not in text and "\u202e" not in text
        assert "evil␛]0;PWNED␇[red]dir" in text and "[bold]Title␛[31m" in text
        assert str(other.remembered) in text
