"""What the journal and trends screens share: opened over the course map, closed with Escape."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from unclench.store.errors import StoreError
from unclench.tui.screens.styled_as_mounted import StyledAsMountedScreen
from unclench.tui.session import Session

if TYPE_CHECKING:
    from unclench.tui.app import UnclenchApp


class RecordScreen(StyledAsMountedScreen[None]):
    """A screen showing the learner's record (the journal, the check-in trends).

    The app opens one over the course map and imports the concrete screens on
    first use, so start-up does not pay for them. It is shown as soon as it is
    made, so its first showing keeps the styles its widgets got as they were
    mounted (:class:`StyledAsMountedScreen`): on a record of years the trends
    screen's widgets were styled twice before its first frame.

    Args:
        session: The learner's session.
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def flush(self) -> StoreError | None:
        """Save anything pending now (before quitting).

        Returns:
            The error when something could not be saved (it stays on screen).
        """
        return None

    async def leave(self) -> bool:
        """Get ready to close (saving first); False when the learner must stay."""
        return True

    async def action_back(self) -> None:
        """Back to where the learner was (after saving)."""
        if await self.leave():
            self.dismiss(None)
            cast("UnclenchApp", self.app).leave_notices_behind()
