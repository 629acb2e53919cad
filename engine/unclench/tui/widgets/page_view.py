"""A page step: Markdown to read."""

from __future__ import annotations

from textual.app import ComposeResult

from unclench.course import PageStep
from unclench.tui.widgets.markdown_text import markdown_body
from unclench.tui.widgets.step_base import StepView, step_title


class PageView(StepView):
    """Shows a page step's title and its Markdown body."""

    def compose(self) -> ComposeResult:
        """The title and the body."""
        step = self.session.journey.step_at(self.place)
        assert isinstance(step, PageStep)
        yield self.heading(step_title(step))
        yield markdown_body(step.body, classes="step-body")
