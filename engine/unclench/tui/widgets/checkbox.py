"""A checkbox for deliberate acknowledgements."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content, ContentText
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

    An acknowledgement that can only be ticked once its text was read to the
    end (the disclaimer, the safety notes: see :class:`~unclench.tui.widgets.read_through.ReadThrough`)
    takes Enter too (``enter_ticks``): reaching it is deliberate already, and a
    stranger pressed Enter on it and thought the app was stuck. Enter only ticks:
    another stranger's habit Enter unticked it again, and the Tab after it led to Quit.

    Args:
        label: What the box says.
        value: Whether it starts ticked.
        enter_ticks: Whether Enter ticks it (never unticks: Space does).
        id: The widget's id.
        disabled: Whether it starts disabled.
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
        Binding(
            "enter",
            "enter_tick",
            "Tick",
            id="tick_enter",
            show=False,
            tooltip="Tick the box of the disclaimer or the safety notes (Tab to it, once the text is read to the end)",
        ),
    ]

    def __init__(
        self,
        label: ContentText = "",
        value: bool = False,
        *,
        enter_ticks: bool = False,
        id: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(label, value, id=id, disabled=disabled)
        self.enter_ticks = enter_ticks

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter ticks only an unticked box made with ``enter_ticks`` (else it goes on as if unbound)."""
        if action == "enter_tick":
            return self.enter_ticks and not self.value
        return True

    def action_enter_tick(self) -> None:
        """Tick the box."""
        self.value = True
        self.refresh_bindings()  # a ticked box leaves Enter to the screen

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
