"""A radio button whose state reads without colour."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import RadioButton

from unclench.tui.widgets.choice_list import choice_box


class MarkedRadioButton(RadioButton):
    """A radio button drawn as ``(•) Yes`` or ``( ) Yes``, ``›`` when highlighted: its state is in the text.

    Textual's radio button shows its state by colour alone: without colour (``NO_COLOR``) a
    stranger could not tell which answer to a screening question was saved, and the keyboard
    highlight on "Yes" looked like a "Yes".
    """

    def render(self) -> Content:
        """``›`` on the highlighted answer of a focused set, the box, then the label."""
        label = self._label.stylize_before(self.get_visual_style("toggle--label"))
        parent = self.parent
        highlighted = self.has_class("-selected") and isinstance(parent, Widget) and parent.has_focus
        return Content.assemble(
            ("›" if highlighted else " ", "bold"), (choice_box(self.value, multiple=False), "bold"), " ", label
        )

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return 1 + len(choice_box(False, multiple=False)) + 1 + self._label.cell_length
