"""The command palette: Textual's, with a result list that stops at its ends."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette


class StayingPalette(CommandPalette):
    """Textual's :class:`CommandPalette`, whose Down on the last result (and Up on the first) stays there.

    Textual's list wraps around: a stranger pressed Down once too often past the last of four results,
    the highlight went back to the first, and Enter opened a lesson they had not chosen.
    """

    def _action_command_list(self, action: str) -> None:
        """Move in the result list as Textual does, except past either end."""
        commands = self.query_one(CommandList)
        highlighted = commands.highlighted
        if highlighted is not None and (
            (action == "cursor_down" and highlighted >= commands.option_count - 1)
            or (action == "cursor_up" and highlighted <= 0)
        ):
            return
        super()._action_command_list(action)
