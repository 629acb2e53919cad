"""A page step: Markdown to read."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Static

from unclench.course import Lesson, PageStep
from unclench.journey import Place
from unclench.tui.widgets.markdown_text import MarkdownText, markdown_body, parse
from unclench.tui.widgets.step_base import StepView, step_title


class PageView(StepView):
    """Shows a page step's title and its Markdown body.

    A page holds nothing of the learner's, so the lesson player keeps its view
    and shows the next page in it (:meth:`show_in_place`) instead of mounting
    a new one: most step changes arrive at a page.
    """

    REUSABLE: ClassVar[bool] = True
    BUILT_AHEAD: ClassVar[bool] = True
    """A page shows only the course (a page drawn by Textual's ``Markdown`` cannot be shown in place)."""

    def compose(self) -> ComposeResult:
        """The title and the body."""
        step = self.session.journey.step_at(self.place)
        assert isinstance(step, PageStep)
        yield self.heading(step_title(step))
        yield markdown_body(step.body, classes="step-body")

    def can_show_in_place(self, place: Place) -> bool:
        """Whether both this page's body and the one at ``place`` are :class:`MarkdownText` (not Textual's Markdown)."""
        step = self.session.journey.step_at(place)
        return (
            isinstance(step, PageStep)
            and self.is_mounted
            and isinstance(self.query_one(".step-body"), MarkdownText)
            and parse(step.body) is not None
        )

    def show_in_place(self, lesson: Lesson, place: Place) -> bool:
        """Show the page at ``place`` here, exactly as a new view would, when both bodies are :class:`MarkdownText`."""
        if not self.can_show_in_place(place):
            return False  # Textual's Markdown on either side: a new view draws it
        step = self.session.journey.step_at(place)
        assert isinstance(step, PageStep)
        blocks = parse(step.body)
        assert blocks is not None
        body = self.query_one(".step-body", MarkdownText)
        self.lesson, self.place = lesson, place
        self.query_one(".step-title", Static).update(step_title(step))
        body.update(blocks)
        self.scroll_home(animate=False, immediate=True, force=True)
        return True
