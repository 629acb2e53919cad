"""The start-up baseline: a bare Textual app with a Header, a Static and a Footer.

Under the headless probe when ``$BENCH_OUT`` is set; otherwise it runs as is, in the terminal it was given.
"""

from __future__ import annotations

import os

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

#: What the app shows, for the real-terminal benchmark to wait for.
TEXT = "Hello from a bare Textual app."


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(TEXT)
        yield Footer()


if __name__ == "__main__":
    if "BENCH_OUT" in os.environ:
        from _drawn import install

        install(lambda app, screen: screen is app.screen)
    BareApp().run()
