"""Links in a course's text are never opened: a course file must not act on the learner's computer."""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import Markdown

from unclench.course import Course, PageStep
from unclench.journey import Place
from unclench.tui.app import UnclenchApp

from .conftest import AppFactory
from .helpers import settle, sync

#: Words that say one thing and an address that goes elsewhere, as a stranger's course file had.
LINKED_BODY = (
    "If you need to talk, [call this helpline](https://evil.example/x) or see [notes](../../etc/shadow).\n\n"
    + (
        "| a | b |\n| - | - |\n| 1 | 2 |\n"  # a table: the page goes to Textual's Markdown widget, whose links click
    )
)


def with_linked_page(course: Course) -> Course:
    intro = course.lessons["intro"]
    page = PageStep(id="linked", title="Links", body=LINKED_BODY)
    return dataclasses.replace(
        course, lessons={**course.lessons, "intro": dataclasses.replace(intro, steps=(page, *intro.steps))}
    )


@sync
async def test_a_clicked_link_is_shown_not_opened(
    make_app: AppFactory, mini: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    app = make_app(with_linked_page(mini))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert app._driver is not None
        monkeypatch.setattr(app._driver, "open_url", lambda url, new_tab=True: opened.append(url))
        await app.open_place(Place("intro", 0))
        await settle(pilot)
        markdown = app.screen.query(Markdown).first()
        hrefs = (
            "https://evil.example/x",
            "../../etc/shadow",
            "ssh://x\x1b]52;c;aGk=\x07",
            "https://ba\u200bnk.example",
        )
        for href in hrefs:
            markdown.post_message(Markdown.LinkClicked(markdown, href))  # what a click on the link sends
            await settle(pilot)
        messages = [notification.message for notification in app._notifications]
    assert opened == []
    assert UnclenchApp.LINK_NOT_OPENED.format(address="https://evil.example/x") in messages
    assert UnclenchApp.LINK_NOT_OPENED.format(address="../../etc/shadow") in messages
    assert UnclenchApp.LINK_NOT_OPENED.format(address="ssh://x␛]52;c;aGk=␇") in messages  # shown as symbols
    # An invisible character in an address is named (a security tester's U+200B was drawn raw, unseen).
    assert UnclenchApp.LINK_NOT_OPENED.format(address="https://ba⟨U+200B⟩nk.example") in messages
