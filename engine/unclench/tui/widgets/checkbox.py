"""A checkbox for deliberate acknowledgements."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Checkbox

#: Drawn before a focused checkbox (and the same width of blank before one without focus).
FOCUS_MARKER = "▶ "


def toggle_box(ticked: bool) -> str:
    """A box whose state reads the same in colour and in monochrome."""
    return "[x]" if ticked else "[ ]"


class DeliberateCheckbox(Checkbox, inherit_bindings=False):
    """A checkbox that only Space or a click toggles; Enter does nothing.

    Textual's :class:`~textual.widgets.Checkbox` toggles on Enter too, so a
    learner pressing Enter repeatedly could tick it by accident. Gates that
    need a deliberate action (the disclaimer, safety notes) use this one.

    Its state is drawn in text and shape, not only colour: ``[x]`` or
    ``[ ]``, and a ``▶`` before it while it has the focus.
    """

    DEFAULT_CSS = """
    DeliberateCheckbox {
        border: none;
        padding: 0;
        background: transparent;
        &:focus {
            border: none;
        }
        &:disabled {
            text-style: dim;
        }
    }
    """

    HELP_PLACE = "checkbox"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Tick", id="tick", show=False, tooltip="Tick or untick"),
    ]

    def render(self) -> Content:
        """The focus marker, the box and the label."""
        marker = FOCUS_MARKER if self.has_focus else " " * len(FOCUS_MARKER)
        box = toggle_box(self.value)
        label = self._label.stylize_before(self.get_visual_style("toggle--label"))
        return Content.assemble(marker, (box, "bold"), " ", label)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(FOCUS_MARKER) + len(toggle_box(False)) + 1 + self._label.cell_length

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the label needs: a long label wraps instead of being cut off."""
        return max(1, len(self.render().wrap(max(1, width))))
