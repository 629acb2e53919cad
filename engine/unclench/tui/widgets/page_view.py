"""A page step: Markdown to read."""

from __future__ import annotations

from textual.app import ComposeResult

from unclench.course import PageStep
from unclench.tui.widgets.step_base import StepView, step_title


class PageView(StepView):
    """Shows a page step's title and its Markdown body."""

    def compose(self) -> ComposeResult:
        """The title and the body."""
        # Imported on use: Markdown (markdown-it) costs start-up time and memory the course map never needs.
        from textual.widgets import Markdown

        step = self.session.journey.step_at(self.place)
        assert isinstance(step, PageStep)
        yield self.heading(step_title(step))
        yield Markdown(step.body, classes="step-body")
