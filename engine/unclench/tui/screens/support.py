"""The support card: helplines from the course, a directory for everywhere else, and the learner's own people."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static

from unclench.practice import support_card_for
from unclench.store.errors import StoreError
from unclench.store.rows import SupportContact
from unclench.text import visible
from unclench.tui.screens.modal import UnclenchModal
from unclench.tui.session import Session

#: Said first on the card, whatever the course: the one thing that is true everywhere.
DANGER_LINE = (
    "If you are in danger, or might act on thoughts of harming yourself, call your local emergency number now."
)


class SupportScreen(UnclenchModal[None]):
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
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(classes="dialog-screen -support")
        self.session = session

    def compose(self) -> ComposeResult:
        """The danger line, the course's services, the directory, the learner's people, and Close."""
        card = support_card_for(self.session.course)
        with Vertical(classes="dialog", id="support"):
            yield Static("Support", classes="dialog-title")
            with VerticalScroll(id="support-body", can_focus=True):
                yield Static(Content.styled(DANGER_LINE, "bold"), id="support-danger")
                yield Static(Content(card.note), classes="support-note")
                for entry in card.entries:
                    yield Static(
                        Content.assemble(
                            (entry.name, "bold"),
                            ": ",
                            entry.reach,
                            "\n",
                            (f"{entry.region} · from {entry.source} · checked {entry.checked}", "dim"),
                        ),
                        classes="support-entry",
                    )
                yield Static(Content.assemble(("Anywhere else: ", "bold"), card.directory), id="support-directory")
                yield Static("Your own people", classes="dialog-title")
                yield Vertical(id="support-contacts")
                yield Input(placeholder="Name", id="contact-name", max_length=300)
                yield Input(placeholder="How to reach them (a number, an address)", id="contact-reach", max_length=300)
                with Horizontal(classes="buttons"):
                    yield Button("Add to my card", id="contact-add", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Close", id="support-close", variant="primary", compact=True)

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
        holder = self.query_one("#support-contacts", Vertical)
        await holder.remove_children()
        contacts = self._contacts()
        rows: list[Static | Horizontal] = []
        if not contacts:
            rows.append(
                Static(
                    "Add someone you trust: a friend, family, your doctor or therapist. "
                    "They stay on this computer only (and in your backup: unclench export --format json).",
                    classes="hint",
                )
            )
        for contact in contacts:
            rows.append(
                Horizontal(
                    Static(
                        Content.assemble((visible(contact.name), "bold"), ": ", visible(contact.reach)),
                        classes="contact-text",
                    ),
                    Button("Remove", name=str(contact.contact_id), classes="contact-remove", compact=True),
                    classes="contact-row",
                )
            )
        await holder.mount_all(rows)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close, add a contact, or remove one."""
        event.stop()
        button = event.button
        if button.id == "support-close":
            self.dismiss(None)
        elif button.id == "contact-add":
            await self.add_contact()
        elif button.has_class("contact-remove") and button.name is not None:
            contact_id = int(button.name)
            learner = self.session.learner
            if self.session.write(self, lambda: learner.remove_contact(contact_id), "your contacts"):
                await self._show_contacts()
                self.query_one("#contact-name").focus()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the name moves on; Enter in "how to reach" adds."""
        event.stop()
        if event.input.id == "contact-name":
            self.query_one("#contact-reach").focus()
        else:
            await self.add_contact()

    async def add_contact(self) -> None:
        """Add the typed contact (both fields needed), exactly as typed."""
        name_input = self.query_one("#contact-name", Input)
        reach_input = self.query_one("#contact-reach", Input)
        name, reach = name_input.value, reach_input.value
        if not name.strip() or not reach.strip():
            self.notify("Type a name and how to reach them, then add.", markup=False)
            return
        learner = self.session.learner
        if self.session.write(self, lambda: learner.add_contact(name, reach), "your contact"):
            name_input.value = ""
            reach_input.value = ""
            await self._show_contacts()
            self.notify("Added to your support card.", markup=False)

    def action_close(self) -> None:
        """Close the card."""
        self.dismiss(None)
