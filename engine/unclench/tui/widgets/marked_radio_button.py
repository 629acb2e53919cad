"""A radio button whose state reads without colour."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widgets import RadioButton

from unclench.tui.widgets.choice_list import choice_box


class MarkedRadioButton(RadioButton):
    """A radio button drawn as ``(•) Yes`` or ``( ) Yes``: its state is in the text, not only its colour.

    Textual's radio button shows its state by colour alone: without colour (``NO_COLOR``) a
    stranger could not tell which answer to a screening question was saved, and the keyboard
    highlight on "Yes" looked like a "Yes".
    """

    def render(self) -> Content:
        """The box, then the label."""
        label = self._label.stylize_before(self.get_visual_style("toggle--label"))
        return Content.assemble((choice_box(self.value, multiple=False), "bold"), " ", label)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(choice_box(False, multiple=False)) + 1 + self._label.cell_length
