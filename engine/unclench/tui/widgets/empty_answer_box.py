"""An empty answer box, drawn as the answer editor draws itself before anyone writes in it."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget


class EmptyAnswerBox(Widget):
    """Stands in for an empty, unfocused answer editor until the learner starts writing.

    The editor is Textual's ``TextArea``: importing it, styling it and drawing
    it first was about a tenth of a returning learner's start when their step is a
    reflection, most often with nothing written yet. This box draws what that
    editor shows then (its border and title, the line its cursor rests on), in
    the same styles (``tests/ui/test_empty_answer_box.py`` draws both and
    compares), holds no text and never takes the focus: the editor is made
    when the learner starts writing (``e``, or a click here, which posts
    :class:`Clicked`).
    """

    DEFAULT_CSS = """
    EmptyAnswerBox {
        width: 1fr;
        height: 1fr;
        border: tall $border-blurred;
        padding: 0 1;
        color: $foreground;
        background: $surface;
        pointer: text;
        & .empty-answer-box--cursor-line {
            background: $boost;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"empty-answer-box--cursor-line"}

    class Clicked(Message):
        """The learner clicked the box: a deliberate start of writing."""

    def render_line(self, y: int) -> Strip:
        """The editor's first line (where its cursor rests) is highlighted; the rest is blank."""
        base = self.rich_style
        if y != 0:
            return Strip.blank(self.size.width, base)
        cursor_line = self.get_component_rich_style("empty-answer-box--cursor-line")
        return Strip.blank(self.size.width, cursor_line).apply_style(base)

    def on_click(self, event: events.Click) -> None:
        """Writing starts where the learner clicked."""
        event.stop()
        self.post_message(self.Clicked())
