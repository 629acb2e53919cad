"""A checkbox for deliberate acknowledgements."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.widgets import Checkbox


class DeliberateCheckbox(Checkbox, inherit_bindings=False):
    """A checkbox that only Space or a click toggles; Enter does nothing.

    Textual's :class:`~textual.widgets.Checkbox` toggles on Enter too, so a
    learner pressing Enter repeatedly could tick it by accident. Gates that
    need a deliberate action (the disclaimer, safety notes) use this one.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Tick", id="tick", show=False),
    ]
    """| Key | Description |
    | :- | :- |
    | space | Tick or untick. |
    """

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the label needs: a long label wraps instead of being cut off."""
        return max(1, len(self.render().wrap(max(1, width))))
