"""The support card: helplines from the course, a directory for everywhere else, and the learner's own people."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from unclench.course import DEFAULT_DIRECTORY, DEFAULT_SUPPORT_NOTE
from unclench.practice import support_card_for
from unclench.store.errors import StoreError
from unclench.store.rows import SupportContact
from unclench.text import visible, visible_path
from unclench.tui.screens.modal import UnclenchModal
from unclench.tui.session import Session
from unclench.tui.stopping import END_UNDERNEATH
from unclench.tui.widgets.contact_input import ContactInput
from unclench.tui.widgets.exercise_under import EndsExerciseUnder, ExerciseUnder
from unclench.tui.widgets.exercise_view import WARNING_READ_SECONDS
from unclench.tui.widgets.marked_button import MarkedButton

if TYPE_CHECKING:
    from unclench.course import Course, SupportEntry
    from unclench.tui.app import UnclenchApp

#: Said first on the card, whatever the course: the one thing that is true everywhere.
DANGER_LINE = (
    "If you are in danger, or might act on thoughts of harming yourself, call your local emergency number now."
)


def _contact_line(contact: SupportContact) -> Content:
    """A contact as the card shows it: the name in bold, then how to reach them, both as typed."""
    return Content.assemble((visible(contact.name), "bold"), ": ", visible(contact.reach))


def _listed_by_author(course: Course) -> bool:
    """Whether the course's helplines were listed by its author rather than by the makers of Unclench."""
    from unclench.folders import is_bundled_course

    return course.root is not None and not is_bundled_course(course.root)


def _course_list_heading(course: Course) -> Content | None:
    """Who listed the helplines that follow: the course's author, and for a course not shipped with Unclench, in
    which folder (None for a course without a list: the card's note and directory are then Unclench's own).

    An attacker's course put its "helplines" straight under the app's emergency line, as if the app vouched
    for them.
    """
    if course.support is None or not course.support.entries:
        return None
    if not _listed_by_author(course):
        return Content("Helplines, listed by the makers of Unclench")
    return Content.assemble(
        "Listed by this course's author, not by Unclench",
        (f"\nFrom the course in {visible_path(course.root)}: check a number before you rely on it.", "dim"),
    )


def _course_said(text: str | Content, *, by_author: bool) -> Content:
    """Text of the card as shown: led by "From this course:" where the course's author wrote it (a tester's note,
    right under the app's heading, said the helplines were listed by the app)."""
    shown = Content(text) if isinstance(text, str) else text
    return Content.assemble(("From this course: ", "dim"), shown) if by_author else shown


def _entry_text(entry: SupportEntry, *, by_author: bool) -> Content:
    """A helpline as the card shows it; a course's own say so on the line with its name and number (the heading
    above scrolls away, and a tester's nine-line source pushed a mark at the end off the screen at 60x20)."""
    details = f"{entry.region} · from {entry.source} · checked {entry.checked}"
    line = Content.assemble((entry.name, "bold"), ": ", entry.reach, "\n", (details, "dim"))
    return _course_said(line, by_author=by_author)


class SupportScreen(EndsExerciseUnder, UnclenchModal[None]):
    """The support card, one key (f2) from every screen.

    Everything from the course or the learner is shown literally. The
    learner's contacts are stored exactly as typed, in the private store
    (and the export); they can be removed again.

    Args:
        session: The learner's session.
    """

    DEFAULT_CSS = """
    SupportScreen #support-body {
        height: 1fr;
        margin-top: 1;
    }
    SupportScreen #support-danger, SupportScreen .support-note,
    SupportScreen .support-entry, SupportScreen #support-directory {
        margin-bottom: 1;
    }
    SupportScreen #support-people {
        height: auto;
        margin-bottom: 1;
    }
    SupportScreen #support-contacts {
        height: auto;
    }
    SupportScreen .contact-row {
        height: auto;
    }
    SupportScreen .contact-text {
        width: 1fr;
    }
    SupportScreen #support Input {
        width: 100%;
    }
    """

    HELP_PLACE = "support card"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="support_close", tooltip="Close the card"),
        END_UNDERNEATH,  # live only over an exercise under way; in the boxes, s is typed (they take it first)
    ]
    SAYS_EXERCISE_PAUSED: ClassVar[bool] = True
    """Over an exercise under way, the card says it is paused and how to end it (the player's notice would cover
    the card's numbers)."""

    #: Said once when the learner leaves with a contact typed but not added.
    UNSAVED_CONTACT = (
        "The contact you typed is not added. Press Enter in its second box (or on Add to my card) to keep it, "
        "or leave again to let it go."
    )

    def __init__(self, session: Session) -> None:
        super().__init__(classes="dialog-screen -support")
        self.session = session
        self._unsaved_warned_at: float | None = None
        """When :data:`UNSAVED_CONTACT` was said (None: not since the typing last changed)."""

    @property
    def unclench(self) -> UnclenchApp:
        """The app, typed (for its notices about a passing state)."""
        return cast("UnclenchApp", self.app)

    def compose(self) -> ComposeResult:
        """The danger line, the learner's people, the course's services, the directory, adding people, and Close."""
        card = support_card_for(self.session.course)
        with Vertical(classes="dialog", id="support"):
            yield Static("Support", classes="dialog-title")
            yield ExerciseUnder(typing=True)  # first, never scrolled away: the exercise is paused, s ends it
            with VerticalScroll(id="support-body", can_focus=True):
                yield Static(Content.styled(DANGER_LINE, "bold"), id="support-danger")
                # The learner's own people next, to read (no buttons among them): a stranger, after a hard run,
                # found them three screens down, under the helplines and the empty boxes, beside a Remove button.
                yield Static("Your own people", classes="dialog-title")
                yield Vertical(id="support-people")
                heading = _course_list_heading(self.session.course)
                if heading is not None:
                    yield Static(heading, classes="dialog-title", id="support-from")
                by_author = _listed_by_author(self.session.course)
                yield Static(
                    _course_said(card.note, by_author=by_author and card.note != DEFAULT_SUPPORT_NOTE),
                    classes="support-note",
                )
                for entry in card.entries:
                    yield Static(_entry_text(entry, by_author=by_author), classes="support-entry")
                directory = Content.assemble(("Anywhere else: ", "bold"), card.directory)
                yield Static(
                    _course_said(directory, by_author=by_author and card.directory != DEFAULT_DIRECTORY),
                    id="support-directory",
                )
                yield Static("Add someone, or remove them", classes="dialog-title")
                # The boxes first: Tab reaches them before any Remove (a stranger's Tab, Enter removed a contact).
                yield ContactInput(placeholder="Name", id="contact-name", max_length=300, enter_moves_on=True)
                yield ContactInput(
                    placeholder="How to reach them (a number, an address)", id="contact-reach", max_length=300
                )
                with Horizontal(classes="buttons"):
                    yield MarkedButton("Add to my card", id="contact-add")
                yield Vertical(id="support-contacts")
            with Horizontal(classes="buttons"):
                yield MarkedButton("Close", "primary", id="support-close")

    async def on_mount(self) -> None:
        """Show the learner's contacts; start on the card's text (arrows scroll it; Enter does nothing)."""
        await self._show_contacts()
        self.query_one("#support-body").focus()

    def _contacts(self) -> list[SupportContact]:
        try:
            return self.session.learner.contacts()
        except StoreError as error:
            self.notify(visible(error.explained), title="Could not read your contacts", severity="error", markup=False)
            return []

    async def _show_contacts(self) -> None:
        """The learner's people, at the top to read and at the bottom with a Remove button each."""
        people = self.query_one("#support-people", Vertical)
        holder = self.query_one("#support-contacts", Vertical)
        await people.remove_children()
        await holder.remove_children()
        contacts = self._contacts()
        if not contacts:
            await people.mount(Static("No one yet: you can add them at the end of this card.", classes="hint"))
            await holder.mount(
                Static(
                    "Add someone you trust: a friend, family, your doctor or therapist. "
                    "They stay on this computer only (and in your backup: unclench export --format json).",
                    classes="hint",
                )
            )
            return
        await people.mount_all(Static(_contact_line(contact), classes="support-person") for contact in contacts)
        await holder.mount_all(
            Horizontal(
                Static(_contact_line(contact), classes="contact-text"),
                MarkedButton("Remove", name=str(contact.contact_id), classes="contact-remove"),
                classes="contact-row",
            )
            for contact in contacts
        )

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close, add a contact, or remove one."""
        event.stop()
        button = event.button
        if button.id == "support-close":
            self.action_close()
        elif button.id == "contact-add":
            await self.add_contact()
        elif button.has_class("contact-remove") and button.name is not None:
            self._ask_to_remove(int(button.name))

    def _ask_to_remove(self, contact_id: int) -> None:
        """Remove a contact only once the learner says so in a box whose default is to keep it.

        A stranger's Tab then Enter, by habit, removed a contact at once, with no word and no undo.
        """
        from unclench.tui.screens.dialogs import GuidanceScreen

        contact = next((c for c in self._contacts() if c.contact_id == contact_id), None)
        if contact is None:
            return
        learner = self.session.learner

        async def chosen(choice: str | None) -> None:
            if choice == "remove" and self.session.write(
                self, lambda: learner.remove_contact(contact_id), "your contacts"
            ):
                await self._show_contacts()
                self.query_one("#contact-name").focus()

        self.app.push_screen(
            GuidanceScreen(
                f"Remove {visible(contact.name)}?",
                "They are taken off your support card on this computer (a backup you made still holds them).",
                kind="notice",
                choices=[("keep", "Keep"), ("remove", "Remove")],
            ),
            chosen,
        )

    async def on_input_submitted(self, event: ContactInput.Submitted) -> None:
        """Enter in "how to reach" adds (Enter in the name moves on: see ``enter_moves_on``)."""
        event.stop()
        await self.add_contact()

    def on_input_changed(self, event: ContactInput.Changed) -> None:
        """Typing again after the warning: the next leave warns again."""
        self._unsaved_warned_at = None

    async def add_contact(self) -> None:
        """Add the typed contact (both fields needed), exactly as typed."""
        name_input = self.query_one("#contact-name", ContactInput)
        reach_input = self.query_one("#contact-reach", ContactInput)
        name, reach = name_input.value, reach_input.value
        if not name.strip() or not reach.strip():
            self.notify("Type a name and how to reach them, then add.", markup=False)
            return
        learner = self.session.learner
        if self.session.write(self, lambda: learner.add_contact(name, reach), "your contact"):
            name_input.value = ""
            reach_input.value = ""
            self.unclench.clear_state_notices()
            await self._show_contacts()
            # In view, once laid out: a stranger's second contact was saved below the card's edge, unseen.
            rows = self.query(".contact-row")
            if rows:
                self.call_after_refresh(rows.last().scroll_visible, animate=False)
            self.notify("Added to your support card.", markup=False)

    def leave_blocker(self) -> str | None:
        """A contact typed but not added is not let go unsaid (as ratings picked after a run are not).

        A stranger typed a name, pressed Escape, and found the box empty on opening the card again.
        The first try to leave (or quit) says so, the focus left where it is (on "Add to my card", the
        space of a name typed next pressed it, adding the contact meant to be let go); a try once
        that has been on screen :data:`WARNING_READ_SECONDS` leaves, the text not added (adding is
        the learner's choice). Sooner, it is the same burst of keys pressed by habit: the card stays.
        """
        typed = [box.value for box in self.query(ContactInput).results(ContactInput)]
        if not any(text.strip() for text in typed):
            return None
        now = self.session.clock()
        if self._unsaved_warned_at is None:
            self._unsaved_warned_at = now
        elif now - self._unsaved_warned_at >= WARNING_READ_SECONDS:
            return None
        return self.UNSAVED_CONTACT

    def action_close(self) -> None:
        """Close the card, unless a contact typed but not added has not been mentioned yet."""
        blocker = self.leave_blocker()
        if blocker is not None:
            self.unclench.state_notice(blocker)
            return
        self.unclench.clear_state_notices()
        self.dismiss(None)
