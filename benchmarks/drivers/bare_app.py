"""The start-up baseline: a bare Textual app with a Header, a Static and a Footer."""

from __future__ import annotations

from _drawn import install
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hello from a bare Textual app.")
        yield Footer()


if __name__ == "__main__":
    install(lambda app, screen: screen is app.screen)
    BareApp().run()
